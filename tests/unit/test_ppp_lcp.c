// SPDX-License-Identifier: GPL-2.0-or-later
/* LCP options on the wire: what we request, how we judge the peer's. */
#include <check.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "ppp/lcp.h"

static struct loop *loop;
static uint8_t sent[32][PPP_MAX_PACKET];
static size_t sent_len[32];
static int nsent;
static int fatal_reason, ups;

static void xmit(void *ctx, uint16_t proto, const uint8_t *pkt, size_t len)
{
	ck_assert_uint_eq(proto, PPP_LCP);
	if (nsent < 32) {
		memcpy(sent[nsent], pkt, len);
		sent_len[nsent] = len;
	}
	nsent++;
}

static void h_up(void *ctx, struct fsm *f) { ups++; }

static void h_fatal(void *ctx, struct fsm *f, int reason, const char *msg)
{
	fatal_reason = reason;
	fsm_close(f, msg);
}

static const struct ppp_layer_hooks hooks = { .up = h_up, .fatal = h_fatal };

static void setup(void)
{
	log_init(LOG_EMERG, false, "test_ppp_lcp");
	loop = loop_new_virtual(0);
	nsent = 0;
	fatal_reason = 0;
	ups = 0;
}

static void teardown(void)
{
	loop_free(loop);
}

static const uint8_t *last(size_t *len)
{
	ck_assert_int_gt(nsent, 0);
	*len = sent_len[nsent - 1];
	return sent[nsent - 1];
}

static void start(struct lcp *l, bool server, uint16_t mru)
{
	struct lcp_config c = {
		.mru = mru, .server = server,
		.auth = { PPP_AUTH_MSCHAPV2, PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP },
		.n_auth = 3, .echo_interval_ms = 5000, .echo_failures = 2,
		.loopback_limit = 3,
	};
	struct fsm_config fc = { .restart_ms = 1000 };

	lcp_init(l, loop, &c, &fc, xmit, NULL, &hooks, NULL, "t");
	fsm_open(&l->fsm);
	fsm_lower_up(&l->fsm);
}

static void input(struct lcp *l, uint8_t code, uint8_t id, const uint8_t *d,
		  size_t n)
{
	uint8_t pkt[PPP_MAX_PACKET];

	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)(n + 4));
	memcpy(pkt + 4, d, n);
	fsm_input(&l->fsm, pkt, n + 4);
}

START_TEST(test_server_request_encoding)
{
	struct lcp l;
	const uint8_t *p;
	size_t n;

	start(&l, true, 1400);
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFREQ);
	ck_assert_uint_eq(n, 4 + 4 + 5 + 6);
	/* MRU 1400, CHAP with MS-CHAPv2, Magic-Number. */
	ck_assert_mem_eq(p + 4, "\x01\x04\x05\x78", 4);
	ck_assert_mem_eq(p + 8, "\x03\x05\xc2\x23\x81", 5);
	ck_assert_int_eq(p[13], 5);
	ck_assert_int_eq(p[14], 6);
	ck_assert_uint_eq(get_be32(p + 15), l.our_magic);
	ck_assert_uint_ne(l.our_magic, 0);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_default_mru_not_requested)
{
	struct lcp l;
	const uint8_t *p;
	size_t n;

	start(&l, false, 0);
	p = last(&n);
	ck_assert_uint_eq(n, 4 + 6);	/* only the magic number */
	ck_assert_int_eq(p[4], LCP_OPT_MAGIC);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_acceptable_request_acked)
{
	struct lcp l;
	const uint8_t req[] = { 1, 4, 0x05, 0x74, 2, 6, 0, 0, 0, 0,
				5, 6, 0x12, 0x34, 0x56, 0x78, 7, 2, 8, 2 };
	const uint8_t *p;
	size_t n;

	start(&l, true, 0);
	input(&l, PPP_CONFREQ, 33, req, sizeof(req));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFACK);
	ck_assert_int_eq(p[1], 33);
	ck_assert_uint_eq(n, 4 + sizeof(req));
	ck_assert_mem_eq(p + 4, req, sizeof(req));
	ck_assert_uint_eq(l.peer_mru, 1396);
	ck_assert_uint_eq(l.peer_magic, 0x12345678);
	ck_assert(l.peer_pfc && l.peer_acfc);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_unknown_and_auth_rejected_by_server)
{
	struct lcp l;
	/* Callback (13) is unknown; a server never authenticates itself. */
	const uint8_t req[] = { 1, 4, 0x05, 0xdc, 13, 3, 6, 3, 4, 0xc0, 0x23 };
	const uint8_t *p;
	size_t n;

	start(&l, true, 0);
	input(&l, PPP_CONFREQ, 1, req, sizeof(req));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFREJ);
	ck_assert_uint_eq(n, 4 + 3 + 4);
	ck_assert_mem_eq(p + 4, req + 4, 7);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_small_mru_naked)
{
	struct lcp l;
	const uint8_t req[] = { 1, 4, 0, 64 };
	const uint8_t *p;
	size_t n;

	start(&l, true, 0);
	input(&l, PPP_CONFREQ, 1, req, sizeof(req));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFNAK);
	ck_assert_mem_eq(p + 4, "\x01\x04\x00\x80", 4);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_magic_collision_and_loopback)
{
	struct lcp l;
	uint8_t req[6] = { 5, 6 };
	const uint8_t *p;
	size_t n;

	start(&l, true, 0);
	for (int i = 0; i < 2; i++) {
		put_be32(req + 2, l.our_magic);
		input(&l, PPP_CONFREQ, (uint8_t)i, req, 6);
		p = last(&n);
		ck_assert_int_eq(p[0], PPP_CONFNAK);
		ck_assert_uint_ne(get_be32(p + 6), l.our_magic);
		ck_assert_uint_ne(get_be32(p + 6), 0);
	}
	ck_assert_int_eq(fatal_reason, 0);
	put_be32(req + 2, l.our_magic);
	input(&l, PPP_CONFREQ, 9, req, 6);
	ck_assert_int_eq(fatal_reason, LCP_FATAL_LOOPBACK);
	ck_assert_int_eq(l.fsm.state, FSM_CLOSING);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_zero_magic_naked)
{
	struct lcp l;
	const uint8_t req[] = { 5, 6, 0, 0, 0, 0 };
	const uint8_t *p;
	size_t n;

	start(&l, false, 0);
	input(&l, PPP_CONFREQ, 1, req, sizeof(req));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFNAK);
	ck_assert_uint_ne(get_be32(p + 6), 0);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_client_auth_choice)
{
	struct lcp l;
	const uint8_t mschapv1[] = { 3, 5, 0xc2, 0x23, 0x80 };
	const uint8_t pap[] = { 3, 4, 0xc0, 0x23 };
	const uint8_t *p;
	size_t n;

	start(&l, false, 0);
	/* MS-CHAPv1 is not ours: Nak with our first choice. */
	input(&l, PPP_CONFREQ, 1, mschapv1, sizeof(mschapv1));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFNAK);
	ck_assert_uint_eq(n, 9);
	ck_assert_mem_eq(p + 4, "\x03\x05\xc2\x23\x81", 5);
	input(&l, PPP_CONFREQ, 2, pap, sizeof(pap));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFACK);
	ck_assert_int_eq(l.peer_auth, PPP_AUTH_PAP);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_server_moves_down_on_nak)
{
	struct lcp l;
	const uint8_t nak_unknown[] = { 3, 5, 0xc2, 0x23, 0x80 };
	const uint8_t nak_pap[] = { 3, 4, 0xc0, 0x23 };
	const uint8_t *p;
	size_t n;

	start(&l, true, 0);
	/* Suggestion we do not allow: next in our order (CHAP-MD5). */
	p = last(&n);
	input(&l, PPP_CONFNAK, p[1], nak_unknown, sizeof(nak_unknown));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFREQ);
	ck_assert_mem_eq(p + 4, "\x03\x05\xc2\x23\x05", 5);
	/* Suggestion we allow: take it. */
	input(&l, PPP_CONFNAK, p[1], nak_pap, sizeof(nak_pap));
	p = last(&n);
	ck_assert_mem_eq(p + 4, "\x03\x04\xc0\x23", 4);
	/* Nothing below PAP: give up. */
	input(&l, PPP_CONFNAK, p[1], nak_unknown, sizeof(nak_unknown));
	ck_assert_int_eq(fatal_reason, LCP_FATAL_NO_AUTH);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_reject_of_mru_and_magic)
{
	struct lcp l;
	uint8_t rej[10] = { 1, 4, 0x05, 0x78, 5, 6 };
	const uint8_t *p;
	size_t n;

	start(&l, false, 1400);
	p = last(&n);
	put_be32(rej + 6, l.our_magic);
	input(&l, PPP_CONFREJ, p[1], rej, sizeof(rej));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_CONFREQ);
	ck_assert_uint_eq(n, 4);	/* nothing left to ask for */
	lcp_destroy(&l);
}
END_TEST

static void open_link(struct lcp *l)
{
	const uint8_t *p;
	size_t n;
	uint8_t req[6] = { 5, 6, 0xa, 0xb, 0xc, 0xd };
	uint8_t copy[PPP_MAX_PACKET];

	p = last(&n);
	memcpy(copy, p, n);
	input(l, PPP_CONFACK, copy[1], copy + 4, n - 4);
	input(l, PPP_CONFREQ, 100, req, sizeof(req));
	ck_assert_int_eq(l->fsm.state, FSM_OPENED);
}

START_TEST(test_echo_keepalive)
{
	struct lcp l;
	const uint8_t *p;
	size_t n;
	uint8_t rep[4];

	start(&l, false, 0);
	open_link(&l);
	ck_assert_int_eq(ups, 1);
	nsent = 0;
	loop_advance(loop, 5000);
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_ECHOREQ);
	ck_assert_uint_eq(get_be32(p + 4), l.our_magic);
	put_be32(rep, 0x0a0b0c0d);
	input(&l, PPP_ECHOREP, p[1], rep, 4);
	ck_assert_uint_eq(l.echo_outstanding, 0);
	loop_advance(loop, 5000);
	loop_advance(loop, 5000);
	ck_assert_int_eq(fatal_reason, 0);
	loop_advance(loop, 5000);
	ck_assert_int_eq(fatal_reason, LCP_FATAL_ECHO_TIMEOUT);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_protocol_reject_truncated_to_peer_mru)
{
	struct lcp l;
	uint8_t big[2000];
	const uint8_t mru[] = { 1, 4, 0, 200 };
	uint8_t copy[PPP_MAX_PACKET];
	const uint8_t *p;
	size_t n;

	memset(big, 0xab, sizeof(big));
	start(&l, true, 0);
	p = last(&n);
	memcpy(copy, p, n);
	input(&l, PPP_CONFACK, copy[1], copy + 4, n - 4);
	input(&l, PPP_CONFREQ, 100, mru, sizeof(mru));
	ck_assert_int_eq(l.fsm.state, FSM_OPENED);
	lcp_protocol_reject(&l, 0x80fd, big, sizeof(big));
	p = last(&n);
	ck_assert_int_eq(p[0], PPP_PROTREJ);
	ck_assert_uint_eq(n, 200);
	ck_assert_uint_eq(get_be16(p + 2), 200);
	ck_assert_uint_eq(get_be16(p + 4), 0x80fd);
	lcp_destroy(&l);
}
END_TEST

START_TEST(test_auth_codec)
{
	uint8_t b[3];

	ck_assert_uint_eq(ppp_auth_encode(PPP_AUTH_PAP, b), 2);
	ck_assert_int_eq(ppp_auth_decode(b, 2), PPP_AUTH_PAP);
	ck_assert_uint_eq(ppp_auth_encode(PPP_AUTH_CHAP_MD5, b), 3);
	ck_assert_int_eq(b[2], 5);
	ck_assert_int_eq(ppp_auth_decode(b, 3), PPP_AUTH_CHAP_MD5);
	ck_assert_uint_eq(ppp_auth_encode(PPP_AUTH_MSCHAPV2, b), 3);
	ck_assert_int_eq(b[2], 0x81);
	ck_assert_int_eq(ppp_auth_decode(b, 3), PPP_AUTH_MSCHAPV2);
	b[2] = 0x80;
	ck_assert_int_eq(ppp_auth_decode(b, 3), PPP_AUTH_NONE);
	ck_assert_int_eq(ppp_auth_decode(b, 2), PPP_AUTH_NONE);
}
END_TEST

static Suite *lcp_suite(void)
{
	Suite *s = suite_create("ppp_lcp");
	TCase *tc = tcase_create("lcp");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_server_request_encoding);
	tcase_add_test(tc, test_default_mru_not_requested);
	tcase_add_test(tc, test_acceptable_request_acked);
	tcase_add_test(tc, test_unknown_and_auth_rejected_by_server);
	tcase_add_test(tc, test_small_mru_naked);
	tcase_add_test(tc, test_magic_collision_and_loopback);
	tcase_add_test(tc, test_zero_magic_naked);
	tcase_add_test(tc, test_client_auth_choice);
	tcase_add_test(tc, test_server_moves_down_on_nak);
	tcase_add_test(tc, test_reject_of_mru_and_magic);
	tcase_add_test(tc, test_echo_keepalive);
	tcase_add_test(tc, test_protocol_reject_truncated_to_peer_mru);
	tcase_add_test(tc, test_auth_codec);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lcp_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
