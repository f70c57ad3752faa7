// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RFC 1661 automaton against section 4.1's state transition table,
 * typed below exactly as printed in the RFC (without the optional r/p/x
 * marks) and parsed here, so the table in fsm.c is checked against an
 * independent copy: every state x event cell, its next state, its actions
 * in order and their visible effects (packets sent, layer callbacks).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "ppp/fsm.h"

static const char *const rfc_rows[FSM_NEVENTS] = {
	/*            Initial Starting Closed Stopped Closing Stopping Req-Sent Ack-Rcvd Ack-Sent Opened */
	[FSM_EV_UP] = "2 irc,scr/6 - - - - - - - -",
	[FSM_EV_DOWN] = "- - 0 tls/1 0 1 1 1 1 tld/1",
	[FSM_EV_OPEN] = "tls/1 1 irc,scr/6 3 5 5 6 7 8 9",
	[FSM_EV_CLOSE] = "0 tlf/0 2 2 4 4 irc,str/4 irc,str/4 irc,str/4 tld,irc,str/4",
	[FSM_EV_TO_PLUS] = "- - - - str/4 str/5 scr/6 scr/6 scr/8 -",
	[FSM_EV_TO_MINUS] = "- - - - tlf/2 tlf/3 tlf/3 tlf/3 tlf/3 -",
	[FSM_EV_RCR_PLUS] = "- - sta/2 irc,scr,sca/8 4 5 sca/8 sca,tlu/9 sca/8 tld,scr,sca/8",
	[FSM_EV_RCR_MINUS] = "- - sta/2 irc,scr,scn/6 4 5 scn/6 scn/7 scn/6 tld,scr,scn/6",
	[FSM_EV_RCA] = "- - sta/2 sta/3 4 5 irc/7 scr/6 irc,tlu/9 tld,scr/6",
	[FSM_EV_RCN] = "- - sta/2 sta/3 4 5 irc,scr/6 scr/6 irc,scr/8 tld,scr/6",
	[FSM_EV_RTR] = "- - sta/2 sta/3 sta/4 sta/5 sta/6 sta/6 sta/6 tld,zrc,sta/5",
	[FSM_EV_RTA] = "- - 2 3 tlf/2 tlf/3 6 6 8 tld,scr/6",
	[FSM_EV_RUC] = "- - scj/2 scj/3 scj/4 scj/5 scj/6 scj/7 scj/8 scj/9",
	[FSM_EV_RXJ_PLUS] = "- - 2 3 4 5 6 6 8 9",
	[FSM_EV_RXJ_MINUS] = "- - tlf/2 tlf/3 tlf/2 tlf/3 tlf/3 tlf/3 tlf/3 tld,irc,str/5",
	[FSM_EV_RXR] = "- - 2 3 4 5 6 7 8 ser/9",
};

struct cell {
	bool legal;
	int next;
	char actions[32];
};

/* Parses the cell for state st of an RFC row. */
static struct cell rfc_cell(enum fsm_event ev, int st)
{
	char row[256], *tok, *save = NULL;
	struct cell c = { 0 };
	int i = 0;

	snprintf(row, sizeof(row), "%s", rfc_rows[ev]);
	for (tok = strtok_r(row, " ", &save); tok && i < st; i++)
		tok = strtok_r(NULL, " ", &save);
	ck_assert_ptr_nonnull(tok);
	if (strcmp(tok, "-") == 0)
		return c;
	c.legal = true;
	char *slash = strchr(tok, '/');

	if (slash) {
		*slash = '\0';
		snprintf(c.actions, sizeof(c.actions), "%s", tok);
		c.next = atoi(slash + 1);
	} else {
		c.next = atoi(tok);
	}
	return c;
}

/* --- a recording protocol ------------------------------------------- */

struct rec {
	char actions[64];
	int up, down, started, finished, echo_replies;
	uint8_t sent_codes[8];
	int n_sent;
	uint8_t last_pkt[PPP_MAX_PACKET];
	size_t last_len;
	/* Wire to a peer fsm, if any. */
	struct fsm *peer;
	uint8_t want;		/* option value we ask for */
	uint8_t accept;		/* option value we accept from the peer */
	uint8_t queue[16][PPP_MAX_PACKET];
	size_t qlen[16];
	int nq;
};

static void rec_trace(void *ctx, const struct fsm *f, enum fsm_action a)
{
	struct rec *r = ctx;

	if (r->actions[0])
		strcat(r->actions, ",");
	strcat(r->actions, fsm_action_names[a]);
}

static void rec_xmit(void *ctx, uint16_t proto, const uint8_t *pkt, size_t len)
{
	struct rec *r = ctx;

	if (r->n_sent < 8)
		r->sent_codes[r->n_sent] = pkt[0];
	r->n_sent++;
	memcpy(r->last_pkt, pkt, len);
	r->last_len = len;
	if (r->peer && r->nq < 16) {
		memcpy(r->queue[r->nq], pkt, len);
		r->qlen[r->nq++] = len;
	}
}

static struct rec *owner(struct fsm *f)
{
	return f->owner;
}

static void t_build(struct fsm *f, struct ppp_buf *b)
{
	ppp_buf_opt(b, 1, &owner(f)->want, 1);
}

static int t_check(struct fsm *f, const uint8_t *o, size_t len,
		   struct ppp_buf *reply, bool reject_only)
{
	struct rec *r = owner(f);

	if (len != 3 || o[0] != 1 || o[1] != 3)
		return FSM_MALFORMED;
	if (o[2] == r->accept)
		return PPP_CONFACK;
	if (reject_only) {
		ppp_buf_put(reply, o, len);
		return PPP_CONFREJ;
	}
	ppp_buf_opt(reply, 1, &r->accept, 1);
	return PPP_CONFNAK;
}

static int t_nak(struct fsm *f, const uint8_t *o, size_t len)
{
	if (len != 3)
		return -1;
	owner(f)->want = o[2];
	return 0;
}

static int t_rej(struct fsm *f, const uint8_t *o, size_t len)
{
	return 0;
}

static void t_up(struct fsm *f) { owner(f)->up++; }
static void t_down(struct fsm *f) { owner(f)->down++; }
static void t_started(struct fsm *f) { owner(f)->started++; }
static void t_finished(struct fsm *f) { owner(f)->finished++; }
static void t_echo(struct fsm *f) { owner(f)->echo_replies++; }

static const struct fsm_callbacks test_cb = {
	.name = "TEST",
	.proto = 0x8999,
	.build_request = t_build,
	.check_request = t_check,
	.recv_nak = t_nak,
	.recv_reject = t_rej,
	.up = t_up,
	.down = t_down,
	.started = t_started,
	.finished = t_finished,
	.echo_reply = t_echo,
};

static const struct fsm_config test_cfg = {
	.restart_ms = 1000, .max_terminate = 2, .max_configure = 4,
	.max_failure = 2,
};

static struct loop *loop;

static void setup(void)
{
	log_init(LOG_EMERG, false, "test_ppp_fsm");
	loop = loop_new_virtual(1000);
}

static void teardown(void)
{
	loop_free(loop);
}

static void new_fsm(struct fsm *f, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	r->want = r->accept = 7;
	fsm_init(f, &test_cb, r, loop, &test_cfg, rec_xmit, r, "test");
	f->trace = rec_trace;
}

/* Event sequences leading from Initial to each state. */
static const enum fsm_event path[FSM_NSTATES][6] = {
	[FSM_INITIAL] = { FSM_NEVENTS },
	[FSM_STARTING] = { FSM_EV_OPEN, FSM_NEVENTS },
	[FSM_CLOSED] = { FSM_EV_UP, FSM_NEVENTS },
	[FSM_STOPPED] = { FSM_EV_OPEN, FSM_EV_UP, FSM_EV_TO_MINUS, FSM_NEVENTS },
	[FSM_CLOSING] = { FSM_EV_UP, FSM_EV_OPEN, FSM_EV_CLOSE, FSM_NEVENTS },
	[FSM_STOPPING] = { FSM_EV_OPEN, FSM_EV_UP, FSM_EV_RCA, FSM_EV_RCR_PLUS,
			   FSM_EV_RTR, FSM_NEVENTS },
	[FSM_REQ_SENT] = { FSM_EV_OPEN, FSM_EV_UP, FSM_NEVENTS },
	[FSM_ACK_RCVD] = { FSM_EV_OPEN, FSM_EV_UP, FSM_EV_RCA, FSM_NEVENTS },
	[FSM_ACK_SENT] = { FSM_EV_OPEN, FSM_EV_UP, FSM_EV_RCR_PLUS, FSM_NEVENTS },
	[FSM_OPENED] = { FSM_EV_OPEN, FSM_EV_UP, FSM_EV_RCA, FSM_EV_RCR_PLUS,
			 FSM_NEVENTS },
};

static void drive_to(struct fsm *f, struct rec *r, int st)
{
	for (int i = 0; path[st][i] != FSM_NEVENTS; i++) {
		f->reply_code = PPP_CONFACK;
		fsm_event(f, path[st][i]);
	}
	ck_assert_int_eq(f->state, st);
	memset(r->actions, 0, sizeof(r->actions));
	r->up = r->down = r->started = r->finished = r->echo_replies = 0;
	r->n_sent = 0;
}

/* Packet code each sending action must have put on the wire. */
static int code_of(const char *a, uint8_t reply_code)
{
	if (!strcmp(a, "scr")) return PPP_CONFREQ;
	if (!strcmp(a, "sca")) return PPP_CONFACK;
	if (!strcmp(a, "scn")) return reply_code;
	if (!strcmp(a, "str")) return PPP_TERMREQ;
	if (!strcmp(a, "sta")) return PPP_TERMACK;
	if (!strcmp(a, "scj")) return PPP_CODEREJ;
	return -1;
}

static void check_cell(int st, enum fsm_event ev)
{
	static const uint8_t rejected[] = { 42, 1, 0, 4 };
	struct cell want = rfc_cell(ev, st);
	struct fsm f;
	struct rec r;
	char acts[32], *tok, *save = NULL;
	int sent = 0, ups = 0, downs = 0, starts = 0, fins = 0, sers = 0;
	uint64_t illegal;

	new_fsm(&f, &r);
	drive_to(&f, &r, st);
	f.reply_code = ev == FSM_EV_RCR_MINUS ? PPP_CONFNAK : PPP_CONFACK;
	f.rx_pkt = rejected;
	f.rx_pkt_len = sizeof(rejected);
	illegal = f.stats.rx_illegal;
	fsm_event(&f, ev);

	if (!want.legal) {
		ck_assert_msg((int)f.state == st && r.actions[0] == '\0' &&
			      f.stats.rx_illegal == illegal + 1,
			      "%s in %s must be ignored as illegal",
			      fsm_event_names[ev], fsm_state_names[st]);
		fsm_destroy(&f);
		return;
	}
	ck_assert_msg((int)f.state == want.next, "%s in %s: next %s, RFC says %s",
		      fsm_event_names[ev], fsm_state_names[st],
		      fsm_state_names[f.state], fsm_state_names[want.next]);
	ck_assert_msg(!strcmp(r.actions, want.actions),
		      "%s in %s: actions \"%s\", RFC says \"%s\"",
		      fsm_event_names[ev], fsm_state_names[st], r.actions,
		      want.actions);
	snprintf(acts, sizeof(acts), "%s", want.actions);
	for (tok = strtok_r(acts, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int code = code_of(tok, f.reply_code);

		if (code >= 0) {
			ck_assert_msg(sent < r.n_sent && r.sent_codes[sent] == code,
				      "%s in %s: %s did not send code %d",
				      fsm_event_names[ev], fsm_state_names[st],
				      tok, code);
			sent++;
		}
		ups += !strcmp(tok, "tlu");
		downs += !strcmp(tok, "tld");
		starts += !strcmp(tok, "tls");
		fins += !strcmp(tok, "tlf");
		sers += !strcmp(tok, "ser");
	}
	ck_assert_int_eq(r.n_sent, sent);
	ck_assert_int_eq(r.up, ups);
	ck_assert_int_eq(r.down, downs);
	ck_assert_int_eq(r.started, starts);
	ck_assert_int_eq(r.finished, fins);
	ck_assert_int_eq(r.echo_replies, sers);
	if (strstr(want.actions, "zrc"))
		ck_assert_uint_eq(f.restart_count, 0);
	else if (strstr(want.actions, "irc,str"))
		ck_assert_uint_eq(f.restart_count, test_cfg.max_terminate - 1);
	else if (strstr(want.actions, "irc,scr"))
		ck_assert_uint_eq(f.restart_count, test_cfg.max_configure - 1);
	else if (strstr(want.actions, "irc"))
		ck_assert_uint_eq(f.restart_count, test_cfg.max_configure);
	/* The restart timer runs exactly in the states that wait for it. */
	ck_assert_int_eq(timer_pending(&f.restart),
			 f.state >= FSM_CLOSING && f.state <= FSM_ACK_SENT);
	fsm_destroy(&f);
}

START_TEST(test_transition_table)
{
	check_cell(_i / FSM_NEVENTS, _i % FSM_NEVENTS);
}
END_TEST

START_TEST(test_names_complete)
{
	for (int i = 0; i < FSM_NSTATES; i++)
		ck_assert_ptr_nonnull(fsm_state_names[i]);
	for (int i = 0; i < FSM_NEVENTS; i++)
		ck_assert_ptr_nonnull(fsm_event_names[i]);
	for (int i = 0; i < FSM_NACTIONS; i++)
		ck_assert_ptr_nonnull(fsm_action_names[i]);
	ck_assert_ptr_null(fsm_transition(FSM_NSTATES, FSM_EV_UP));
}
END_TEST

/* --- packet level ---------------------------------------------------- */

static void deliver(struct fsm *a, struct rec *ra, struct fsm *b,
		    struct rec *rb)
{
	for (int round = 0; round < 20 && (ra->nq || rb->nq); round++) {
		struct rec *src = ra->nq ? ra : rb;
		struct fsm *dst = ra->nq ? b : a;
		uint8_t pkt[PPP_MAX_PACKET];
		size_t len = src->qlen[0];

		memcpy(pkt, src->queue[0], len);
		memmove(src->queue[0], src->queue[1], sizeof(src->queue[0]) * 15);
		memmove(src->qlen, src->qlen + 1, sizeof(src->qlen[0]) * 15);
		src->nq--;
		fsm_input(dst, pkt, len);
	}
}

static void pair(struct fsm *a, struct rec *ra, struct fsm *b, struct rec *rb)
{
	new_fsm(a, ra);
	new_fsm(b, rb);
	ra->peer = b;
	rb->peer = a;
}

START_TEST(test_pair_opens)
{
	struct fsm a, b;
	struct rec ra, rb;

	pair(&a, &ra, &b, &rb);
	fsm_open(&a);
	fsm_lower_up(&a);
	fsm_open(&b);
	fsm_lower_up(&b);
	deliver(&a, &ra, &b, &rb);
	ck_assert_int_eq(a.state, FSM_OPENED);
	ck_assert_int_eq(b.state, FSM_OPENED);
	ck_assert_int_eq(ra.up, 1);
	ck_assert_int_eq(rb.up, 1);
	ck_assert(!timer_pending(&a.restart));

	/* Close: Terminate-Request, Terminate-Ack, both finished. */
	fsm_close(&a, "bye");
	deliver(&a, &ra, &b, &rb);
	ck_assert_int_eq(a.state, FSM_CLOSED);
	ck_assert_int_eq(ra.finished, 1);
	ck_assert_int_eq(rb.down, 1);
	ck_assert_int_eq(b.state, FSM_STOPPING);
	loop_advance(loop, 1000);	/* zrc timer: TO- */
	ck_assert_int_eq(b.state, FSM_STOPPED);
	ck_assert_int_eq(rb.finished, 1);
	fsm_destroy(&a);
	fsm_destroy(&b);
}
END_TEST

START_TEST(test_nak_converges)
{
	struct fsm a, b;
	struct rec ra, rb;

	pair(&a, &ra, &b, &rb);
	ra.want = 3;		/* b accepts only 7: Nak, then a adopts 7 */
	fsm_open(&a);
	fsm_lower_up(&a);
	fsm_open(&b);
	fsm_lower_up(&b);
	deliver(&a, &ra, &b, &rb);
	ck_assert_int_eq(ra.want, 7);
	ck_assert_int_eq(a.state, FSM_OPENED);
	ck_assert_int_eq(b.state, FSM_OPENED);
	fsm_destroy(&a);
	fsm_destroy(&b);
}
END_TEST

static void input(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *d,
		  size_t n)
{
	uint8_t pkt[64];

	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)(n + 4));
	memcpy(pkt + 4, d, n);
	fsm_input(f, pkt, n + 4);
}

START_TEST(test_ack_must_match_request)
{
	struct fsm f;
	struct rec r;
	uint8_t good[3] = { 1, 3, 7 }, bad[3] = { 1, 3, 8 };

	new_fsm(&f, &r);
	fsm_open(&f);
	fsm_lower_up(&f);
	ck_assert_int_eq(f.state, FSM_REQ_SENT);
	input(&f, PPP_CONFACK, (uint8_t)(f.req_id + 1), good, 3);
	ck_assert_int_eq(f.state, FSM_REQ_SENT);
	ck_assert_uint_eq(f.stats.rx_bad_id, 1);
	input(&f, PPP_CONFACK, f.req_id, bad, 3);
	ck_assert_int_eq(f.state, FSM_REQ_SENT);
	ck_assert_uint_eq(f.stats.rx_malformed, 1);
	input(&f, PPP_CONFACK, f.req_id, good, 3);
	ck_assert_int_eq(f.state, FSM_ACK_RCVD);
	/* A duplicate of that Ack no longer matches anything. */
	input(&f, PPP_CONFACK, f.req_id, good, 3);
	ck_assert_int_eq(f.state, FSM_ACK_RCVD);
	ck_assert_uint_eq(f.stats.rx_bad_id, 2);
	fsm_destroy(&f);
}
END_TEST

START_TEST(test_max_failure_turns_nak_into_reject)
{
	struct fsm f;
	struct rec r;
	uint8_t opt[3] = { 1, 3, 9 };

	new_fsm(&f, &r);
	fsm_open(&f);
	fsm_lower_up(&f);
	for (unsigned int i = 0; i < test_cfg.max_failure; i++) {
		input(&f, PPP_CONFREQ, (uint8_t)i, opt, 3);
		ck_assert_int_eq(r.last_pkt[0], PPP_CONFNAK);
		ck_assert_int_eq(r.last_pkt[1], i);
	}
	input(&f, PPP_CONFREQ, 50, opt, 3);
	ck_assert_int_eq(r.last_pkt[0], PPP_CONFREJ);
	ck_assert_int_eq(r.last_pkt[1], 50);
	ck_assert_mem_eq(r.last_pkt + 4, opt, 3);
	fsm_destroy(&f);
}
END_TEST

START_TEST(test_restart_timer_gives_up)
{
	struct fsm f;
	struct rec r;

	new_fsm(&f, &r);
	fsm_open(&f);
	fsm_lower_up(&f);
	ck_assert_int_eq(r.n_sent, 1);
	loop_advance(loop, 999);
	ck_assert_int_eq(r.n_sent, 1);
	/* Max-Configure requests in all, then TO- and tlf. */
	loop_advance(loop, 1 + 1000 * (test_cfg.max_configure - 2));
	ck_assert_int_eq(r.n_sent, test_cfg.max_configure);
	ck_assert_int_eq(f.state, FSM_REQ_SENT);
	loop_advance(loop, 1000);
	ck_assert_int_eq(f.state, FSM_STOPPED);
	ck_assert_int_eq(r.finished, 1);
	ck_assert(!timer_pending(&f.restart));
	fsm_destroy(&f);
}
END_TEST

START_TEST(test_unknown_code_rejected)
{
	struct fsm f;
	struct rec r;
	uint8_t d[2] = { 0xaa, 0xbb };

	new_fsm(&f, &r);
	fsm_open(&f);
	fsm_lower_up(&f);
	input(&f, 77, 9, d, 2);
	ck_assert_int_eq(r.last_pkt[0], PPP_CODEREJ);
	ck_assert_int_eq(get_be16(r.last_pkt + 2), 4 + 6);
	ck_assert_int_eq(r.last_pkt[4], 77);
	ck_assert_int_eq(r.last_pkt[5], 9);
	/* A Code-Reject of Configure-Request is catastrophic: RXJ-. */
	d[0] = PPP_CONFREQ;
	input(&f, PPP_CODEREJ, 1, d, 1);
	ck_assert_int_eq(f.state, FSM_STOPPED);
	ck_assert_int_eq(r.finished, 1);
	fsm_destroy(&f);
}
END_TEST

START_TEST(test_malformed_dropped)
{
	struct fsm f;
	struct rec r;
	uint8_t p[8] = { PPP_CONFREQ, 1, 0, 40, 1, 3, 7, 0 };

	new_fsm(&f, &r);
	fsm_open(&f);
	fsm_lower_up(&f);
	r.n_sent = 0;
	fsm_input(&f, p, 3);		/* shorter than a header */
	fsm_input(&f, p, 8);		/* length field past the end */
	p[3] = 2;
	fsm_input(&f, p, 8);		/* length field below 4 */
	ck_assert_uint_eq(f.stats.rx_malformed, 3);
	ck_assert_int_eq(r.n_sent, 0);
	/* Padding after the length field is ignored. */
	p[3] = 7;
	fsm_input(&f, p, 8);
	ck_assert_int_eq(r.last_pkt[0], PPP_CONFACK);
	ck_assert_int_eq(f.state, FSM_ACK_SENT);
	fsm_destroy(&f);
}
END_TEST

static Suite *fsm_suite(void)
{
	Suite *s = suite_create("ppp_fsm");
	TCase *tc = tcase_create("table");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_transition_table, 0,
			    FSM_NSTATES * FSM_NEVENTS);
	tcase_add_test(tc, test_names_complete);
	suite_add_tcase(s, tc);

	tc = tcase_create("packets");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pair_opens);
	tcase_add_test(tc, test_nak_converges);
	tcase_add_test(tc, test_ack_must_match_request);
	tcase_add_test(tc, test_max_failure_turns_nak_into_reject);
	tcase_add_test(tc, test_restart_timer_gives_up);
	tcase_add_test(tc, test_unknown_code_rejected);
	tcase_add_test(tc, test_malformed_dropped);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(fsm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
