// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The authenticator with a verifier that answers later from the loop (as
 * RADIUS does): PAP, CHAP-MD5 and MS-CHAPv2 accepted and refused with the
 * verifier's message; the peer's repeats while the verdict is due checked
 * once and not answered twice; no Challenge resent meanwhile; the overall
 * timeout still ends it; stopping the state cancels the verification, and
 * no verdict reaches freed memory.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "later_verifier.h"
#include "log.h"
#include "loop.h"
#include "aaa/aaa.h"
#include "ppp/auth.h"
#include "ppp/mschapv2.h"

#define DELAY_MS	2000
#define RESTART_MS	1000
#define TRIES		5

static const uint8_t peer_chal[16] = "0123456789abcdef";
static struct loop *loop;
static struct later_verifier lv;
static struct ppp_auth *a;
static uint8_t out[16][AUTH_PKT_MAX];
static size_t out_len[16];
static int nout;
static int done_count;
static enum auth_result done_result;
static bool done_grant;
static uint32_t done_addr;

static void a_xmit(void *ctx, uint16_t proto, const uint8_t *pkt, size_t len)
{
	if (nout < 16) {
		memcpy(out[nout], pkt, len);
		out_len[nout] = len;
	}
	nout++;
}

static void a_done(void *ctx, enum auth_result r, const char *user,
		   const struct aaa_grant *g)
{
	done_count++;
	done_result = r;
	done_grant = g != NULL;
	done_addr = g ? g->addr : 0;
}

static const struct ppp_auth_ops ops = { .xmit = a_xmit, .done = a_done };

static void setup(void)
{
	log_init(LOG_EMERG, false, "test_ppp_auth_async");
	loop = loop_new_virtual(0);
	later_verifier_init(&lv, loop, DELAY_MS, "clientPass");
	lv.grant.addr_kind = PPP_USER_ADDR_STATIC;
	lv.grant.addr = 0x0a090932;
	nout = done_count = 0;
	done_result = AUTH_OK;
	done_grant = false;
	a = NULL;
}

static void teardown(void)
{
	if (a) {
		ppp_auth_stop(a);
		free(a);
	}
	ck_assert_int_eq(lv.live, 0);
	loop_free(loop);
}

static void server(enum ppp_auth_method m)
{
	struct ppp_auth_params p = {
		.server = true, .method = m, .verifier = &lv.v,
		.our_name = "lns", .restart_ms = RESTART_MS, .max_tries = TRIES,
	};

	a = malloc(sizeof(*a));
	ck_assert_ptr_nonnull(a);
	ppp_auth_init(a, loop, &p, &ops, NULL, "t");
	ppp_auth_start(a);
}

static void feed(uint16_t proto, uint8_t code, uint8_t id, const uint8_t *d,
		 size_t n)
{
	uint8_t pkt[AUTH_PKT_MAX];

	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)(n + 4));
	memcpy(pkt + 4, d, n);
	ppp_auth_input(a, proto, pkt, n + 4);
}

static void pap_request(uint8_t id, const char *user, const char *pw)
{
	uint8_t d[2 + 2 * 64];
	size_t ul = strlen(user), pl = strlen(pw);

	d[0] = (uint8_t)ul;
	memcpy(d + 1, user, ul);
	d[1 + ul] = (uint8_t)pl;
	memcpy(d + 2 + ul, pw, pl);
	feed(PPP_PAP, 1, id, d, 2 + ul + pl);
}

/* Answers the server's Challenge (out[0]) for user with pw. */
static void chap_response(enum ppp_auth_method m, const char *user,
			  const char *pw)
{
	const uint8_t *ch = out[0];
	uint8_t r[1 + 49 + 64], hash[16];
	size_t n;

	ck_assert_int_eq(ch[0], 1);
	ck_assert_int_eq(ch[4], 16);
	if (m == PPP_AUTH_CHAP_MD5) {
		r[0] = 16;
		chap_md5_response(ch[1], pw, strlen(pw), ch + 5, 16, r + 1);
		n = 17;
	} else {
		memset(r, 0, sizeof(r));
		r[0] = 49;
		memcpy(r + 1, peer_chal, 16);
		mschapv2_nt_hash(pw, strlen(pw), hash);
		mschapv2_nt_response(ch + 5, peer_chal, user, strlen(user),
				     hash, r + 25);
		n = 50;
	}
	memcpy(r + n, user, strlen(user));
	feed(PPP_CHAP, 2, ch[1], r, n + strlen(user));
}

/* The text of sent CHAP packet i (after the header). */
static const char *msg_of(int i, char *buf, size_t size)
{
	size_t n = out_len[i] - 4;

	ck_assert_uint_lt(n, size);
	memcpy(buf, out[i] + 4, n);
	buf[n] = '\0';
	return buf;
}

static const char *pap_msg(int i, char *buf, size_t size)
{
	size_t n = out[i][4];

	ck_assert_uint_eq(out_len[i], 5 + n);
	ck_assert_uint_lt(n, size);
	memcpy(buf, out[i] + 5, n);
	buf[n] = '\0';
	return buf;
}

START_TEST(test_pap_accepted_later)
{
	char m[256];

	server(PPP_AUTH_PAP);
	pap_request(7, "User", "clientPass");
	ck_assert_int_eq(lv.calls, 1);
	ck_assert_str_eq(lv.user, "User");
	ck_assert_int_eq(nout, 0);
	loop_advance(loop, DELAY_MS / 2);
	/* pppd repeats with a new Identifier: checked once, answered once. */
	pap_request(7, "User", "clientPass");
	pap_request(8, "User", "clientPass");
	ck_assert_int_eq(lv.calls, 1);
	ck_assert_int_eq(nout, 0);
	ck_assert_int_eq(done_count, 0);
	loop_advance(loop, DELAY_MS / 2);
	ck_assert_int_eq(nout, 1);
	ck_assert_int_eq(out[0][0], 2);		/* Ack */
	ck_assert_int_eq(out[0][1], 8);		/* to the latest Request */
	ck_assert_str_eq(pap_msg(0, m, sizeof(m)), "Login ok");
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert(done_grant);
	ck_assert_uint_eq(done_addr, 0x0a090932);
	/* A repeat after the verdict gets the same answer, not a check. */
	pap_request(9, "User", "clientPass");
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1][0], 2);
	ck_assert_int_eq(out[1][1], 9);
	ck_assert_int_eq(lv.calls, 1);
	ck_assert_int_eq(done_count, 1);
}
END_TEST

START_TEST(test_pap_refused_later_with_message)
{
	char m[256];

	lv.reject_message = "Your account is disabled";
	server(PPP_AUTH_PAP);
	pap_request(1, "User", "wrong");
	loop_advance(loop, DELAY_MS - 1);
	ck_assert_int_eq(nout, 0);
	loop_advance(loop, 1);
	ck_assert_int_eq(nout, 1);
	ck_assert_int_eq(out[0][0], 3);		/* Nak */
	ck_assert_str_eq(pap_msg(0, m, sizeof(m)), "Your account is disabled");
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(done_result, AUTH_BAD_CREDENTIALS);
	ck_assert(!done_grant);
}
END_TEST

START_TEST(test_pap_refused_later_default_message)
{
	char m[256];

	server(PPP_AUTH_PAP);
	pap_request(1, "User", "wrong");
	loop_advance(loop, DELAY_MS);
	ck_assert_int_eq(out[0][0], 3);
	ck_assert_str_eq(pap_msg(0, m, sizeof(m)), "Authentication failed");
}
END_TEST

START_TEST(test_chap_md5_accepted_later)
{
	char m[256];

	server(PPP_AUTH_CHAP_MD5);
	ck_assert_int_eq(nout, 1);		/* the Challenge */
	chap_response(PPP_AUTH_CHAP_MD5, "User", "clientPass");
	ck_assert_int_eq(lv.calls, 1);
	/* The restart timer runs out while waiting: no new Challenge. */
	loop_advance(loop, RESTART_MS + 10);
	ck_assert_int_eq(nout, 1);
	chap_response(PPP_AUTH_CHAP_MD5, "User", "clientPass");
	ck_assert_int_eq(lv.calls, 1);
	ck_assert_int_eq(nout, 1);
	loop_advance(loop, DELAY_MS - RESTART_MS - 10);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1][0], 3);		/* Success */
	ck_assert_int_eq(out[1][1], out[0][1]);
	ck_assert_str_eq(msg_of(1, m, sizeof(m)), "Access granted");
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert(done_grant);
}
END_TEST

START_TEST(test_chap_md5_refused_later_with_message)
{
	char m[256];

	lv.reject_message = "Over quota";
	server(PPP_AUTH_CHAP_MD5);
	chap_response(PPP_AUTH_CHAP_MD5, "User", "wrong");
	loop_advance(loop, DELAY_MS);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1][0], 4);		/* Failure */
	ck_assert_str_eq(msg_of(1, m, sizeof(m)), "Over quota");
	ck_assert_int_eq(done_result, AUTH_BAD_CREDENTIALS);
	ck_assert(!done_grant);
}
END_TEST

/* _i 0: the verifier computes S= (RADIUS); 1: it gives the NT hash. */
START_TEST(test_mschapv2_accepted_later)
{
	char m[256], s_eq[MSCHAPV2_AUTH_RESPONSE_LEN + 1], want[128];
	uint8_t hash[16], nt[24];

	lv.give_nt_hash = _i;
	server(PPP_AUTH_MSCHAPV2);
	chap_response(PPP_AUTH_MSCHAPV2, "User", "clientPass");
	loop_advance(loop, RESTART_MS + 10);
	ck_assert_int_eq(nout, 1);
	chap_response(PPP_AUTH_MSCHAPV2, "User", "clientPass");
	ck_assert_int_eq(lv.calls, 1);
	loop_advance(loop, DELAY_MS - RESTART_MS - 10);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1][0], 3);
	mschapv2_nt_hash("clientPass", 10, hash);
	mschapv2_nt_response(out[0] + 5, peer_chal, "User", 4, hash, nt);
	mschapv2_authenticator_response(hash, nt, peer_chal, out[0] + 5,
					"User", 4, s_eq);
	snprintf(want, sizeof(want), "%s M=Access granted", s_eq);
	ck_assert_str_eq(msg_of(1, m, sizeof(m)), want);
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert(done_grant);
}
END_TEST

START_TEST(test_mschapv2_refused_later_with_message)
{
	char m[256];

	lv.reject_message = "Your account is disabled";
	server(PPP_AUTH_MSCHAPV2);
	chap_response(PPP_AUTH_MSCHAPV2, "User", "wrong");
	loop_advance(loop, DELAY_MS);
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1][0], 4);
	msg_of(1, m, sizeof(m));
	ck_assert_msg(strncmp(m, "E=691 R=0 C=", 12) == 0, "%s", m);
	ck_assert_uint_eq(strspn(m + 12, "0123456789ABCDEF"), 32);
	ck_assert_str_eq(m + 44, " V=3 M=Your account is disabled");
	ck_assert_int_eq(done_result, AUTH_BAD_CREDENTIALS);
}
END_TEST

static const enum ppp_auth_method methods[] = {
	PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5, PPP_AUTH_MSCHAPV2,
};

static void send_credentials(enum ppp_auth_method m, const char *pw)
{
	if (m == PPP_AUTH_PAP)
		pap_request(1, "User", pw);
	else
		chap_response(m, "User", pw);
}

/* The session goes away while the verdict is due: cancelled, never called. */
START_TEST(test_stop_while_pending_cancels)
{
	int sent;

	server(methods[_i]);
	send_credentials(methods[_i], "clientPass");
	ck_assert_int_eq(lv.live, 1);
	sent = nout;
	ppp_auth_stop(a);
	ck_assert_int_eq(lv.cancels, 1);
	ck_assert_int_eq(lv.live, 0);
	explicit_bzero(a, sizeof(*a));
	free(a);
	a = NULL;
	loop_advance(loop, 10 * DELAY_MS);
	ck_assert_int_eq(lv.answers, 0);
	ck_assert_int_eq(done_count, 0);
	ck_assert_int_eq(nout, sent);
}
END_TEST

static int released;

static void r_release(void *ctx)
{
	released++;
}

static const struct ppp_auth_ops release_ops = {
	.xmit = a_xmit, .done = a_done, .release = r_release,
};

/* Retired (LCP went down) while pending: cancelled, then released. */
START_TEST(test_retire_while_pending_cancels)
{
	struct ppp_auth_params p = {
		.server = true, .method = methods[_i], .verifier = &lv.v,
		.our_name = "lns", .restart_ms = RESTART_MS, .max_tries = TRIES,
	};

	released = 0;
	a = malloc(sizeof(*a));
	ck_assert_ptr_nonnull(a);
	ppp_auth_init(a, loop, &p, &release_ops, NULL, "t");
	ppp_auth_start(a);
	send_credentials(methods[_i], "clientPass");
	ppp_auth_retire(a);
	ck_assert_int_eq(lv.cancels, 1);
	loop_advance(loop, 0);
	ck_assert_int_eq(released, 1);
	free(a);
	a = NULL;
	loop_advance(loop, 10 * DELAY_MS);
	ck_assert_int_eq(lv.answers, 0);
	ck_assert_int_eq(done_count, 0);
}
END_TEST

/* A verifier that never answers: the overall timeout still ends it. */
START_TEST(test_timeout_while_pending)
{
	lv.delay_ms = 0;
	server(methods[_i]);
	send_credentials(methods[_i], "clientPass");
	loop_advance(loop, (uint64_t)RESTART_MS * TRIES);
	ck_assert_int_eq(done_count, 0);
	loop_advance(loop, RESTART_MS);
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(done_result, AUTH_TIMEOUT);
	ck_assert_int_eq(lv.cancels, 1);
	/* Nothing resent while waiting (CHAP: just the first Challenge). */
	ck_assert_int_eq(nout, methods[_i] == PPP_AUTH_PAP ? 0 : 1);
}
END_TEST

static Suite *async_suite(void)
{
	Suite *s = suite_create("ppp_auth_async");
	TCase *tc = tcase_create("later");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pap_accepted_later);
	tcase_add_test(tc, test_pap_refused_later_with_message);
	tcase_add_test(tc, test_pap_refused_later_default_message);
	tcase_add_test(tc, test_chap_md5_accepted_later);
	tcase_add_test(tc, test_chap_md5_refused_later_with_message);
	tcase_add_loop_test(tc, test_mschapv2_accepted_later, 0, 2);
	tcase_add_test(tc, test_mschapv2_refused_later_with_message);
	tcase_add_loop_test(tc, test_stop_while_pending_cancels, 0, 3);
	tcase_add_loop_test(tc, test_retire_while_pending_cancels, 0, 3);
	tcase_add_loop_test(tc, test_timeout_while_pending, 0, 3);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(async_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
