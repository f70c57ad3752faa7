// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The per-session buckets of replies to the peer's input (ppp/replies.h):
 * which packets count as replies, the burst that always goes, the rate
 * after it, and the classes kept apart.
 */
#include <check.h>
#include <stdint.h>

#include "ppp/proto.h"
#include "ppp/replies.h"

static unsigned allowed_at(struct ppp_replies *r, enum ppp_reply_class c,
			   uint64_t now, unsigned tries)
{
	unsigned n = 0;

	for (unsigned i = 0; i < tries; i++)
		n += ppp_replies_allow(r, c, now);
	return n;
}

START_TEST(replies_are_classified_by_protocol_and_code)
{
	static const struct {
		uint16_t proto;
		uint8_t code;
		enum ppp_reply_class c;
	} t[] = {
		{ PPP_LCP, PPP_PROTREJ, PPP_REPLY_PROTOCOL_REJECT },
		{ PPP_LCP, PPP_CODEREJ, PPP_REPLY_CODE_REJECT },
		{ PPP_IPCP, PPP_CODEREJ, PPP_REPLY_CODE_REJECT },
		{ PPP_IPV6CP, PPP_CODEREJ, PPP_REPLY_CODE_REJECT },
		{ PPP_LCP, PPP_ECHOREP, PPP_REPLY_ECHO },
		{ PPP_LCP, PPP_CONFACK, PPP_REPLY_NEGOTIATION },
		{ PPP_IPCP, PPP_CONFNAK, PPP_REPLY_NEGOTIATION },
		{ PPP_IPV6CP, PPP_CONFREJ, PPP_REPLY_NEGOTIATION },
		{ PPP_LCP, PPP_TERMACK, PPP_REPLY_NEGOTIATION },
		/* Our own requests are never held back. */
		{ PPP_LCP, PPP_CONFREQ, PPP_REPLY_NONE },
		{ PPP_LCP, PPP_TERMREQ, PPP_REPLY_NONE },
		{ PPP_LCP, PPP_ECHOREQ, PPP_REPLY_NONE },
		{ PPP_IPCP, PPP_CONFREQ, PPP_REPLY_NONE },
		/* Codes 8-11 are LCP's only. */
		{ PPP_IPCP, PPP_PROTREJ, PPP_REPLY_NONE },
		{ PPP_IPCP, PPP_ECHOREP, PPP_REPLY_NONE },
		/* Authentication: our requests go, answers are bounded. */
		{ PPP_PAP, 1, PPP_REPLY_NONE },
		{ PPP_CHAP, 1, PPP_REPLY_NONE },
		{ PPP_PAP, 2, PPP_REPLY_NEGOTIATION },
		{ PPP_PAP, 3, PPP_REPLY_NEGOTIATION },
		{ PPP_CHAP, 2, PPP_REPLY_NEGOTIATION },
		{ PPP_CHAP, 3, PPP_REPLY_NEGOTIATION },
		{ PPP_CHAP, 4, PPP_REPLY_NEGOTIATION },
		/* Data is never ours to answer. */
		{ PPP_IP, 0x45, PPP_REPLY_NONE },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint8_t pkt[4] = { t[i].code, 1, 0, 4 };

		ck_assert_msg(ppp_reply_class(t[i].proto, pkt, 4) == t[i].c,
			      "proto 0x%04x code %u", t[i].proto, t[i].code);
	}
	ck_assert(ppp_reply_class(PPP_LCP, NULL, 0) == PPP_REPLY_NONE);
}
END_TEST

START_TEST(the_burst_goes_then_one_per_interval)
{
	enum ppp_reply_class c = (enum ppp_reply_class)_i;
	unsigned burst = ppp_reply_burst(c), iv = ppp_reply_interval_ms(c);
	struct ppp_replies r = { 0 };
	uint64_t t0 = 5000;

	ck_assert_uint_gt(burst, 0);
	ck_assert_uint_gt(iv, 0);
	/* At once: exactly the burst, from any start time. */
	ck_assert_uint_eq(allowed_at(&r, c, t0, 1000), burst);
	/* Less than an interval later: nothing. */
	ck_assert_uint_eq(allowed_at(&r, c, t0 + iv - 1, 100), 0);
	/* One interval later: one; ten intervals: ten. */
	ck_assert_uint_eq(allowed_at(&r, c, t0 + iv, 100), 1);
	ck_assert_uint_eq(allowed_at(&r, c, t0 + 11 * iv, 100), 10);
	/* Idle long enough, the whole burst again, never more. */
	ck_assert_uint_eq(allowed_at(&r, c, t0 + 1000 * iv, 1000), burst);
}
END_TEST

START_TEST(a_steady_flood_gets_burst_plus_rate)
{
	enum ppp_reply_class c = PPP_REPLY_PROTOCOL_REJECT;
	unsigned burst = ppp_reply_burst(c), iv = ppp_reply_interval_ms(c);
	struct ppp_replies r = { 0 };
	unsigned sent = 0;

	/* 2000 frames over 4 s, one every 2 ms. */
	for (uint64_t t = 0; t < 4000; t += 2)
		sent += ppp_replies_allow(&r, c, 1000 + t);
	ck_assert_uint_ge(sent, burst + 4000 / iv - 1);
	ck_assert_uint_le(sent, burst + 4000 / iv);
}
END_TEST

START_TEST(the_classes_have_their_own_buckets)
{
	struct ppp_replies r = { 0 };

	allowed_at(&r, PPP_REPLY_PROTOCOL_REJECT, 100, 10000);
	allowed_at(&r, PPP_REPLY_CODE_REJECT, 100, 10000);
	ck_assert(!ppp_replies_allow(&r, PPP_REPLY_PROTOCOL_REJECT, 100));
	ck_assert(ppp_replies_allow(&r, PPP_REPLY_ECHO, 100));
	ck_assert(ppp_replies_allow(&r, PPP_REPLY_NEGOTIATION, 100));
	/* Not a reply: always sent. */
	ck_assert_uint_eq(allowed_at(&r, PPP_REPLY_NONE, 100, 10000), 10000);
}
END_TEST

START_TEST(the_rates_are_a_few_per_second)
{
	/* What the VM scenario hostile-protocol-reject.sh counts against. */
	for (int c = 0; c < PPP_REPLY_NCLASSES; c++) {
		unsigned per_s = 1000 / ppp_reply_interval_ms(c);

		ck_assert_uint_ge(ppp_reply_burst(c), 10);
		ck_assert_uint_le(ppp_reply_burst(c), 32);
		ck_assert_uint_ge(per_s, 5);
		ck_assert_uint_le(per_s, 10);
	}
}
END_TEST

static Suite *replies_suite(void)
{
	Suite *s = suite_create("ppp_replies");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, replies_are_classified_by_protocol_and_code);
	tcase_add_loop_test(tc, the_burst_goes_then_one_per_interval, 0,
			    PPP_REPLY_NCLASSES);
	tcase_add_test(tc, a_steady_flood_gets_burst_plus_rate);
	tcase_add_test(tc, the_classes_have_their_own_buckets);
	tcase_add_test(tc, the_rates_are_a_few_per_second);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(replies_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
