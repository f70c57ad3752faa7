// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Authentication through a bad link: a client (LAC) and a server (LNS)
 * state wired back to back, every message of the exchange lost,
 * duplicated or swapped with the next one in turn, for PAP (RFC 1334),
 * CHAP-MD5 (RFC 1994) and MS-CHAPv2 (RFC 2759).  Both ends must agree
 * on success every time: the client repeats its Response or Request on
 * its restart timer, answers a repeated Challenge with the same Response,
 * and the server repeats its Success/Ack to a repeated Response/Request.
 */
#include <check.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "ppp/auth.h"
#include "aaa/users.h"
#include "aaa/users_verifier.h"

#define RESTART_MS 1000
#define MAX_TRIES 3
#define WIRE_MAX 64

struct side {
	struct ppp_auth a;
	struct side *peer;
	int done;
	enum auth_result r;
};

struct frame {
	struct side *to;
	uint16_t proto;
	uint8_t pkt[AUTH_PKT_MAX];
	size_t len;
};

enum fault { FAULT_NONE, FAULT_DROP, FAULT_DUP, FAULT_SWAP };

static struct loop *loop;
static struct users_db *db;
static struct aaa_verifier users_v;
static struct side cl, sv;
static struct frame wire[WIRE_MAX], held;
static int nwire, nsent, fault_at;
static bool holding;
static enum fault fault;

static void put(const struct frame *f)
{
	ck_assert_int_lt(nwire, WIRE_MAX);
	wire[nwire++] = *f;
}

/* Every message sent is number nsent; the faulty one is fault_at. */
static void w_xmit(void *ctx, uint16_t proto, const uint8_t *pkt, size_t len)
{
	struct side *from = ctx;
	struct frame f = { .to = from->peer, .proto = proto, .len = len };
	int n = nsent++;

	ck_assert_uint_le(len, sizeof(f.pkt));
	memcpy(f.pkt, pkt, len);
	if (n != fault_at || fault == FAULT_NONE) {
		put(&f);
		if (holding) {
			/* The held one overtaken by this one. */
			put(&held);
			holding = false;
		}
		return;
	}
	if (fault == FAULT_DUP) {
		put(&f);
		put(&f);
	} else if (fault == FAULT_SWAP) {
		held = f;
		holding = true;
	}
}

static void w_done(void *ctx, enum auth_result r, const char *user,
		   const struct aaa_grant *u)
{
	struct side *s = ctx;

	s->done++;
	s->r = r;
}

static const struct ppp_auth_ops wire_ops = {
	.xmit = w_xmit, .done = w_done,
};

/* Delivers what is in flight, including what the deliveries send. */
static void pump(void)
{
	for (int i = 0; i < nwire; i++) {
		struct frame f = wire[i];

		ppp_auth_input(&f.to->a, f.proto, f.pkt, f.len);
	}
	nwire = 0;
}

static void setup(void)
{
	static const char text[] = "User clientPass\n";
	char err[128];

	log_init(LOG_EMERG, false, "test_ppp_auth_loss");
	loop = loop_new_virtual(0);
	ck_assert_int_eq(users_parse(text, strlen(text), "t", &db, err,
				     sizeof(err)), 0);
	users_v = users_verifier(db);
}

static void teardown(void)
{
	users_free(db);
	loop_free(loop);
}

/* Runs one exchange; how long it took (ms), both ends' results in cl/sv. */
static uint64_t run(enum ppp_auth_method m, enum fault fl, int at)
{
	struct ppp_auth_params sp = {
		.server = true, .method = m, .verifier = &users_v, .our_name = "lns",
		.restart_ms = RESTART_MS, .max_tries = MAX_TRIES,
	};
	struct ppp_auth_params cp = {
		.server = false, .method = m, .our_name = "User",
		.secret = "clientPass", .restart_ms = RESTART_MS,
		.max_tries = MAX_TRIES,
	};
	uint64_t t0 = loop_now(loop);

	memset(&cl, 0, sizeof(cl));
	memset(&sv, 0, sizeof(sv));
	cl.peer = &sv;
	sv.peer = &cl;
	nwire = nsent = 0;
	holding = false;
	fault = fl;
	fault_at = at;
	ppp_auth_init(&sv.a, loop, &sp, &wire_ops, &sv, "lns");
	ppp_auth_init(&cl.a, loop, &cp, &wire_ops, &cl, "lac");
	/* The server's LCP comes up first, or the client's: both orders. */
	ppp_auth_start(&sv.a);
	ppp_auth_start(&cl.a);
	while (loop_now(loop) - t0 < 60000 && (!cl.done || !sv.done ||
					       nwire)) {
		pump();
		loop_advance(loop, 50);
	}
	/* Late copies still in flight change nothing. */
	pump();
	if (holding)
		ppp_auth_input(&held.to->a, held.proto, held.pkt, held.len);
	pump();
	ppp_auth_stop(&cl.a);
	ppp_auth_stop(&sv.a);
	return loop_now(loop) - t0;
}

static const char *const fault_names[] = {
	"none", "lost", "duplicated", "swapped with the next",
};

static void every_single_fault(enum ppp_auth_method m)
{
	for (enum fault fl = FAULT_DROP; fl <= FAULT_SWAP; fl++) {
		for (int at = 0; at < 8; at++) {
			run(m, fl, at);
			ck_assert_msg(cl.done == 1 && cl.r == AUTH_OK &&
				      sv.done == 1 && sv.r == AUTH_OK,
				      "%s, message %d %s: client done %d result %d, server done %d result %d",
				      ppp_auth_names[m], at, fault_names[fl],
				      cl.done, cl.r, sv.done, sv.r);
		}
	}
}

START_TEST(test_pap_any_single_fault)
{
	every_single_fault(PPP_AUTH_PAP);
}
END_TEST

START_TEST(test_chap_md5_any_single_fault)
{
	every_single_fault(PPP_AUTH_CHAP_MD5);
}
END_TEST

START_TEST(test_mschapv2_any_single_fault)
{
	every_single_fault(PPP_AUTH_MSCHAPV2);
}
END_TEST

/*
 * Lost Success (message 2: Challenge, Response, Success): one restart
 * interval later the client repeats the very same Response and the
 * server its Challenge (for clients that do not repeat, below); the
 * server repeats its Success, and it is over in about one interval.
 */
START_TEST(test_chap_lost_success_response_repeated)
{
	for (enum ppp_auth_method m = PPP_AUTH_CHAP_MD5;
	     m <= PPP_AUTH_MSCHAPV2; m++) {
		uint64_t took = run(m, FAULT_DROP, 2);

		ck_assert_int_eq(cl.r, AUTH_OK);
		ck_assert_int_eq(sv.r, AUTH_OK);
		ck_assert_uint_ge(took, RESTART_MS);
		ck_assert_uint_lt(took, 2 * RESTART_MS);
		/* Challenge, Response, (lost) Success, then the repeats. */
		ck_assert_int_ge(nsent, 5);
	}
}
END_TEST

/*
 * A repeated Challenge (the server's restart timer beat our Response)
 * gets byte for byte the same Response: for MS-CHAPv2 a new peer
 * challenge would make the server's Success (computed for the first
 * Response) look forged.
 */
START_TEST(test_chap_duplicate_challenge_same_response)
{
	uint8_t first[AUTH_PKT_MAX];
	size_t first_len;

	for (enum ppp_auth_method m = PPP_AUTH_CHAP_MD5;
	     m <= PPP_AUTH_MSCHAPV2; m++) {
		run(m, FAULT_DUP, 0);
		ck_assert_int_eq(cl.r, AUTH_OK);
		ck_assert_int_eq(sv.r, AUTH_OK);
		/* Both Responses were the same: the client kept the first. */
		first_len = cl.a.last_len;
		memcpy(first, cl.a.last, first_len);
		ck_assert_int_eq(first[0], 2);
		ck_assert_int_eq(sv.a.rx_unexpected, 0);
		ck_assert_int_eq(cl.a.rx_unexpected, 1);	/* 2nd Success */
	}
}
END_TEST

/* Nobody answers: the Response goes max_tries more times, then timeout. */
START_TEST(test_chap_client_gives_up)
{
	struct side lone = { 0 };
	struct ppp_auth_params cp = {
		.server = false, .method = PPP_AUTH_CHAP_MD5,
		.our_name = "User", .secret = "clientPass",
		.restart_ms = RESTART_MS, .max_tries = MAX_TRIES,
	};
	uint8_t ch[1 + 16 + 3] = { 16 };
	uint8_t pkt[4 + sizeof(ch)] = { 1, 42, 0, 4 + sizeof(ch) };

	memcpy(pkt + 4, ch, sizeof(ch));
	lone.peer = &lone;
	nwire = nsent = 0;
	fault = FAULT_NONE;
	ppp_auth_init(&lone.a, loop, &cp, &wire_ops, &lone, "lac");
	ppp_auth_start(&lone.a);
	ppp_auth_input(&lone.a, PPP_CHAP, pkt, sizeof(pkt));
	ck_assert_int_eq(nsent, 1);
	ck_assert_int_eq(wire[0].pkt[0], 2);	/* Response */
	nwire = 0;
	for (int i = 1; i <= MAX_TRIES; i++) {
		loop_advance(loop, RESTART_MS);
		ck_assert_int_eq(nsent, 1 + i);
		ck_assert_mem_eq(wire[i - 1].pkt, lone.a.last, lone.a.last_len);
		ck_assert_int_eq(lone.done, 0);
	}
	loop_advance(loop, RESTART_MS);
	ck_assert_int_eq(lone.done, 1);
	ck_assert_int_eq(lone.r, AUTH_TIMEOUT);
	ck_assert_int_eq(nsent, 1 + MAX_TRIES);
	ppp_auth_stop(&lone.a);
}
END_TEST

static Suite *auth_loss_suite(void)
{
	Suite *s = suite_create("ppp_auth_loss");
	TCase *tc = tcase_create("loss");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pap_any_single_fault);
	tcase_add_test(tc, test_chap_md5_any_single_fault);
	tcase_add_test(tc, test_mschapv2_any_single_fault);
	tcase_add_test(tc, test_chap_lost_success_response_repeated);
	tcase_add_test(tc, test_chap_duplicate_challenge_same_response);
	tcase_add_test(tc, test_chap_client_gives_up);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(auth_loss_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
