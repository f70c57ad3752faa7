// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * follow_peer's decision (daemon/gateway/follow_peer.c): a cleartext
 * tunnel moves to a new source only on a control message with its
 * sequence numbers, and never with the option off, under IPsec, with a
 * secret, before it is established, to another socket or to a source
 * its section does not allow.
 */
#include <check.h>
#include <stddef.h>

#include "gateway/follow_peer.h"

/*
 * An established tunnel that expects Ns 100 from its peer (window 16),
 * has sent up to Ns 49 with 47 and 48 unacknowledged, to a peer whose
 * window is 4; and a message that fits it exactly.
 */
static struct follow_facts good(void)
{
	return (struct follow_facts){
		.enabled = true, .established = true, .same_socket = true,
		.allowed = true, .ns = 100, .nr = 49,
		.rx_next = 100, .rx_window = 16,
		.tx_next = 49, .tx_una = 47, .tx_window = 4,
	};
}

START_TEST(the_next_message_moves)
{
	struct follow_facts f = good();

	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	ck_assert_str_eq(follow_verdict_str(FOLLOW_MOVE), "moved");
}
END_TEST

START_TEST(ns_within_our_window_or_a_resent_one)
{
	struct follow_facts f = good();

	f.ns = 115;		/* the last our window takes */
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.ns = 116;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NS);
	f.ns = 99;		/* resent: its ack went to the old mapping */
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.ns = 84;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.ns = 83;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NS);
	f.ns = 100 + 32768;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NS);
	f.ns = 0;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NS);
}
END_TEST

START_TEST(ns_wraps_around)
{
	struct follow_facts f = good();

	f.rx_next = 65530;
	f.ns = 3;		/* 9 ahead, across the wrap */
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.rx_next = 2;
	f.ns = 65534;		/* resent, 4 behind across the wrap */
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.ns = 2 + 16;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NS);
}
END_TEST

START_TEST(nr_acknowledges_only_what_we_sent)
{
	struct follow_facts f = good();

	f.nr = 50;		/* acknowledges Ns 49, never sent */
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NR);
	f.nr = 47;		/* acknowledges nothing new */
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.nr = 43;		/* stale by the peer's window: resent */
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.nr = 42;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NR);
	f.nr = 49 + 32768;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NR);
	f.tx_next = f.tx_una = 2;	/* all acknowledged, across the wrap */
	f.nr = 65534;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_MOVE);
	f.nr = 3;
	ck_assert_int_eq(follow_decide(&f), FOLLOW_BAD_NR);
}
END_TEST

/*
 * Each guard alone refuses a message whose sequence numbers fit: the
 * option off, IPsec (the tunnel follows its SA), a secret (nothing after
 * SCCCN proves it), a tunnel not established, another local socket, a
 * source the [lns] section does not allow.
 */
START_TEST(every_guard_refuses_alone)
{
	static const struct {
		size_t field;
		bool value;
		enum follow_verdict v;
	} guards[] = {
		{ offsetof(struct follow_facts, enabled), false, FOLLOW_OFF },
		{ offsetof(struct follow_facts, ipsec), true, FOLLOW_IPSEC },
		{ offsetof(struct follow_facts, secret), true, FOLLOW_SECRET },
		{ offsetof(struct follow_facts, established), false,
		  FOLLOW_NOT_ESTABLISHED },
		{ offsetof(struct follow_facts, same_socket), false,
		  FOLLOW_OTHER_SOCKET },
		{ offsetof(struct follow_facts, allowed), false,
		  FOLLOW_NOT_ALLOWED },
	};
	unsigned i;

	for (i = 0; i < sizeof(guards) / sizeof(guards[0]); i++) {
		struct follow_facts f = good();

		*(bool *)((char *)&f + guards[i].field) = guards[i].value;
		ck_assert_int_eq(follow_decide(&f), guards[i].v);
	}
	ck_assert_str_eq(follow_verdict_str(FOLLOW_SECRET),
			 "the tunnel has a secret, which the message cannot "
			 "prove");
}
END_TEST

START_TEST(every_refusal_says_why)
{
	enum follow_verdict v;

	for (v = FOLLOW_OFF; v <= FOLLOW_BAD_NR; v++)
		ck_assert_str_ne(follow_verdict_str(v), "?");
	ck_assert_str_eq(follow_verdict_str((enum follow_verdict)99), "?");
}
END_TEST

static Suite *follow_peer_suite(void)
{
	Suite *s = suite_create("follow_peer");
	TCase *tc = tcase_create("decide");

	tcase_add_test(tc, the_next_message_moves);
	tcase_add_test(tc, ns_within_our_window_or_a_resent_one);
	tcase_add_test(tc, ns_wraps_around);
	tcase_add_test(tc, nr_acknowledges_only_what_we_sent);
	tcase_add_test(tc, every_guard_refuses_alone);
	tcase_add_test(tc, every_refusal_says_why);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(follow_peer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
