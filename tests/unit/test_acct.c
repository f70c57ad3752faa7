// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RADIUS accounting against a fake client on a virtual clock: Start,
 * Interim-Update rounds (one counters dump for every session due
 * together, octets over 4 GiB in the Gigawords), Stop with its cause,
 * time and totals, Class echoed; records the client cannot take wait in
 * the bounded queue in order, with a growing Acct-Delay-Time, and are
 * dropped and counted past acct_queue_max; Accounting-Off holds exit at
 * most off_wait_ms.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/acct.h"
#include "loop.h"

#define MAXREQ 256

struct fake_req {
	radius_fill_cb fill;
	radius_done_cb done;
	void *arg;
	bool live;
};

static struct fake_req reqs[MAXREQ];
static unsigned nreq;
static bool refuse;
static unsigned refreshes;
static struct acct_counters owner_counters[4];

static struct radius_request *fake_send(struct radius_client *c,
					enum radius_server_kind kind,
					uint8_t code, radius_fill_cb fill,
					radius_done_cb done, void *arg,
					char *err, size_t errlen)
{
	(void)c;
	ck_assert_int_eq(kind, RADIUS_ACCT);
	ck_assert_uint_eq(code, RADIUS_ACCOUNTING_REQUEST);
	if (refuse) {
		snprintf(err, errlen, "queue full");
		return NULL;
	}
	ck_assert_uint_lt(nreq, MAXREQ);
	reqs[nreq] = (struct fake_req){ fill, done, arg, true };
	return (struct radius_request *)&reqs[nreq++];
}

static void fake_cancel(struct radius_client *c, struct radius_request *r)
{
	struct fake_req *q = (struct fake_req *)r;

	(void)c;
	q->live = false;
	q->done(q->arg, RADIUS_CANCELLED, NULL);
}

/* Any handle: the fake calls do not look at it. */
static struct radius_client *client(void *arg)
{
	return arg;
}

static void refresh(void *arg)
{
	(void)arg;
	refreshes++;
}

static bool counters(void *arg, void *owner, struct acct_counters *c)
{
	(void)arg;
	*c = owner_counters[(uintptr_t)owner];
	return true;
}

static struct loop *loop;
static struct acct *acct;

static void setup(uint32_t interim_s, uint32_t queue_max)
{
	const struct acct_config cfg = {
		.interim_s = interim_s,
		.queue_max = queue_max,
		.off_wait_ms = 3000,
	};
	const struct acct_ops ops = { client, refresh, counters, &nreq };
	const struct acct_client_calls calls = { fake_send, fake_cancel };

	memset(reqs, 0, sizeof(reqs));
	memset(owner_counters, 0, sizeof(owner_counters));
	nreq = 0;
	refuse = false;
	refreshes = 0;
	loop = loop_new_virtual(1000);
	acct = acct_new(loop, &cfg, &ops);
	ck_assert_ptr_nonnull(acct);
	acct_set_client_calls(acct, &calls);
}

static void teardown(void)
{
	acct_free(acct);
	loop_free(loop);
}

/* Request i as the client would send it, parsed. */
static struct radius_builder built;
static struct radius_packet parsed;

static const struct radius_packet *packet(unsigned i, uint32_t delay_s)
{
	char err[128];
	size_t len;

	ck_assert_uint_lt(i, nreq);
	radius_begin(&built, RADIUS_ACCOUNTING_REQUEST, (uint8_t)i);
	ck_assert_int_eq(reqs[i].fill(reqs[i].arg, &built, "s3cret",
				      delay_s), 0);
	len = radius_finish(&built, "s3cret", NULL);
	ck_assert_int_eq(radius_parse(built.buf, len, &parsed, err,
				      sizeof(err)), 0);
	return &parsed;
}

static uint32_t u32(const struct radius_packet *p, uint8_t type)
{
	const struct radius_attr *a = radius_find(p, 0, type);
	uint32_t v;

	ck_assert_msg(a != NULL, "attribute %u missing", type);
	ck_assert(radius_attr_u32(a, &v));
	return v;
}

static const char *str(const struct radius_packet *p, uint8_t type)
{
	static char s[RADIUS_ATTR_MAX + 1];
	const struct radius_attr *a = radius_find(p, 0, type);

	ck_assert_msg(a != NULL, "attribute %u missing", type);
	ck_assert(radius_attr_str(a, s, sizeof(s)));
	return s;
}

static void answer(unsigned i)
{
	struct radius_packet resp = { .code = RADIUS_ACCOUNTING_RESPONSE };

	ck_assert(reqs[i].live);
	reqs[i].live = false;
	reqs[i].done(reqs[i].arg, RADIUS_ANSWERED, &resp);
}

static void no_answer(unsigned i)
{
	ck_assert(reqs[i].live);
	reqs[i].live = false;
	reqs[i].done(reqs[i].arg, RADIUS_NO_ANSWER, NULL);
}

static void data(struct acct_session_data *sd, const char *user)
{
	memset(sd, 0, sizeof(*sd));
	snprintf(sd->user, sizeof(sd->user), "%s", user);
	acct_session_id_format(sd->acct_session_id, 0x5f000000, 1, 2, 3);
	snprintf(sd->nas_port_id, sizeof(sd->nas_port_id), "ppp0");
	sd->nas_port = 0x10002;
	snprintf(sd->calling_station, sizeof(sd->calling_station),
		 "192.0.2.7");
	snprintf(sd->tunnel_client, sizeof(sd->tunnel_client), "192.0.2.7");
	snprintf(sd->tunnel_server, sizeof(sd->tunnel_server), "192.0.2.1");
	sd->framed_ip = 0x0a000005;
	sd->n_class = 1;
	sd->class_len[0] = 3;
	memcpy(sd->class_val[0], "abc", 3);
}

START_TEST(test_start_interim_stop)
{
	const struct radius_packet *p;
	struct acct_session_data sd;
	struct acct_session *as;
	const struct radius_attr *cls;
	struct acct_stats st;

	setup(0, 8);
	data(&sd, "alice");
	sd.interim_s = 10;
	as = acct_session_start(acct, &sd, (void *)1);
	ck_assert_uint_eq(nreq, 1);
	p = packet(0, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_START);
	ck_assert_str_eq(str(p, RA_USER_NAME), "alice");
	ck_assert_str_eq(str(p, RA_ACCT_SESSION_ID),
			 "5F000000-0001-0002-00000003");
	ck_assert_str_eq(str(p, RA_NAS_PORT_ID), "ppp0");
	ck_assert_str_eq(str(p, RA_CALLING_STATION_ID), "192.0.2.7");
	ck_assert_str_eq(str(p, RA_TUNNEL_SERVER_ENDPOINT), "192.0.2.1");
	ck_assert_uint_eq(u32(p, RA_FRAMED_IP_ADDRESS), 0x0a000005);
	ck_assert_uint_eq(u32(p, RA_ACCT_AUTHENTIC), 2);	/* Local */
	cls = radius_find(p, 0, RA_CLASS);
	ck_assert(cls && cls->len == 3 && !memcmp(cls->val, "abc", 3));
	/* A Start carries no counters. */
	ck_assert_ptr_null(radius_find(p, 0, RA_ACCT_INPUT_OCTETS));
	answer(0);

	owner_counters[1] = (struct acct_counters){
		.in_packets = 10, .in_octets = (5ULL << 32) + 7,
		.out_packets = 20, .out_octets = 1234,
	};
	/* Due at 20 s (11 s aligned on 10 s), sent after the round's 1 s. */
	loop_advance(loop, 19000);
	ck_assert_uint_eq(nreq, 1);
	loop_advance(loop, 1000);
	ck_assert_uint_eq(nreq, 2);
	ck_assert_uint_eq(refreshes, 1);
	p = packet(1, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_INTERIM);
	ck_assert_uint_eq(u32(p, RA_ACCT_INPUT_OCTETS), 7);
	ck_assert_uint_eq(u32(p, RA_ACCT_INPUT_GIGAWORDS), 5);
	ck_assert_uint_eq(u32(p, RA_ACCT_OUTPUT_OCTETS), 1234);
	ck_assert_uint_eq(u32(p, RA_ACCT_OUTPUT_GIGAWORDS), 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_INPUT_PACKETS), 10);
	ck_assert_uint_eq(u32(p, RA_ACCT_OUTPUT_PACKETS), 20);
	ck_assert_uint_eq(u32(p, RA_ACCT_SESSION_TIME), 20);
	ck_assert_ptr_null(radius_find(p, 0, RA_ACCT_TERMINATE_CAUSE));
	answer(1);

	loop_advance(loop, 4000);
	owner_counters[1].out_octets = 99999;
	acct_session_stop(acct, as, &owner_counters[1],
			  RADIUS_TC_ADMIN_RESET);
	ck_assert_uint_eq(nreq, 3);
	p = packet(2, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_STOP);
	ck_assert_uint_eq(u32(p, RA_ACCT_TERMINATE_CAUSE),
			  RADIUS_TC_ADMIN_RESET);
	ck_assert_uint_eq(u32(p, RA_ACCT_OUTPUT_OCTETS), 99999);
	ck_assert_uint_eq(u32(p, RA_ACCT_SESSION_TIME), 24);
	answer(2);
	/* No interim after its Stop. */
	loop_advance(loop, 60000);
	ck_assert_uint_eq(nreq, 3);
	acct_get_stats(acct, &st);
	ck_assert_uint_eq(st.answered, 3);
	ck_assert_uint_eq(st.sessions, 0);
	ck_assert_uint_eq(st.sent[RADIUS_ACCT_INTERIM], 1);
	teardown();
}
END_TEST

START_TEST(test_one_dump_per_round)
{
	struct acct_session_data sd;
	struct acct_session *as[3];
	unsigned i;

	setup(30, 8);
	data(&sd, "bob");
	/* Started 0, 2 and 7 s apart: all due at the same aligned time. */
	as[0] = acct_session_start(acct, &sd, (void *)1);
	loop_advance(loop, 2000);
	as[1] = acct_session_start(acct, &sd, (void *)2);
	loop_advance(loop, 5000);
	as[2] = acct_session_start(acct, &sd, (void *)3);
	for (i = 0; i < 3; i++)
		answer(i);
	loop_advance(loop, 40000);
	ck_assert_uint_eq(nreq, 6);
	ck_assert_uint_eq(refreshes, 1);
	/* The next round: again one dump for the three. */
	loop_advance(loop, 30000);
	ck_assert_uint_eq(nreq, 9);
	ck_assert_uint_eq(refreshes, 2);
	for (i = 0; i < 3; i++)
		acct_session_stop(acct, as[i], NULL, RADIUS_TC_USER_REQUEST);
	teardown();
}
END_TEST

START_TEST(test_queue_order_delay_and_drops)
{
	const struct radius_packet *p;
	struct acct_session_data sd;
	struct acct_session *as;
	struct acct_stats st;

	setup(0, 2);
	data(&sd, "carol");
	refuse = true;
	as = acct_session_start(acct, &sd, (void *)1);
	acct_session_stop(acct, as, NULL, RADIUS_TC_LOST_CARRIER);
	acct_on(acct);		/* the third: the queue holds two */
	acct_get_stats(acct, &st);
	ck_assert_uint_eq(st.queue_len, 2);
	ck_assert_uint_eq(st.dropped, 1);
	ck_assert_uint_eq(nreq, 0);
	/* The client still full at the first retry: nothing lost. */
	loop_advance(loop, ACCT_RETRY_MS);
	ck_assert_uint_eq(nreq, 0);
	refuse = false;
	loop_advance(loop, ACCT_RETRY_MS);
	ck_assert_uint_eq(nreq, 2);
	p = packet(0, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_START);
	/* Its 10 s in our queue count, whatever the client says. */
	ck_assert_uint_eq(u32(p, RA_ACCT_DELAY_TIME), 10);
	p = packet(0, 30);
	ck_assert_uint_eq(u32(p, RA_ACCT_DELAY_TIME), 30);
	p = packet(1, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_STOP);
	ck_assert_uint_eq(u32(p, RA_ACCT_TERMINATE_CAUSE),
			  RADIUS_TC_LOST_CARRIER);
	answer(0);
	/* No server answered: back to the queue, sent again later. */
	no_answer(1);
	acct_get_stats(acct, &st);
	ck_assert_uint_eq(st.queue_len, 1);
	loop_advance(loop, ACCT_RETRY_MS);
	ck_assert_uint_eq(nreq, 3);
	p = packet(2, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_STOP);
	answer(2);
	acct_get_stats(acct, &st);
	ck_assert_uint_eq(st.answered, 2);
	ck_assert_uint_eq(st.retried, 3);
	ck_assert(acct_idle(acct));
	teardown();
}
END_TEST

START_TEST(test_queue_drains_in_bursts)
{
	struct acct_stats st;
	unsigned i;

	setup(0, 1000);
	refuse = true;
	for (i = 0; i < 100; i++)
		acct_on(acct);
	refuse = false;
	loop_advance(loop, ACCT_RETRY_MS);
	ck_assert_uint_eq(nreq, ACCT_RETRY_BURST);
	/* The rest soon after, not a whole retry period later. */
	loop_advance(loop, ACCT_RETRY_NEXT_MS);
	ck_assert_uint_eq(nreq, 100);
	acct_get_stats(acct, &st);
	ck_assert_uint_eq(st.queue_len, 0);
	ck_assert_uint_eq(st.dropped, 0);
	for (i = 0; i < 100; i++)
		answer(i);
	teardown();
}
END_TEST

START_TEST(test_on_off_bounded)
{
	const struct radius_packet *p;

	setup(0, 4);
	acct_on(acct);
	p = packet(0, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_ON);
	ck_assert_ptr_nonnull(radius_find(p, 0, RA_ACCT_SESSION_ID));
	ck_assert_ptr_null(radius_find(p, 0, RA_USER_NAME));
	answer(0);
	acct_off(acct);
	ck_assert(!acct_idle(acct));
	p = packet(1, 0);
	ck_assert_uint_eq(u32(p, RA_ACCT_STATUS_TYPE), RADIUS_ACCT_OFF);
	/* Never answered: exit waits off_wait_ms, no longer. */
	loop_advance(loop, 2999);
	ck_assert(!acct_idle(acct));
	loop_advance(loop, 1);
	ck_assert(acct_idle(acct));
	/* Freed in flight: cancelled, counted as lost. */
	teardown();
}
END_TEST

START_TEST(test_attrs_fit_and_authentic)
{
	struct acct_session_data sd;
	struct acct_record r = { .status = RADIUS_ACCT_STOP, .sd = &sd };
	struct radius_builder b;
	struct radius_packet p;
	char err[64];
	size_t len;
	uint32_t v;

	data(&sd, "dave");
	sd.radius_authentic = true;
	sd.framed_ip = 0;
	sd.nas_port_id[0] = '\0';
	radius_begin(&b, RADIUS_ACCOUNTING_REQUEST, 1);
	ck_assert_int_eq(acct_attrs_fill(&b, &r, 0), 0);
	len = radius_finish(&b, "x", NULL);
	ck_assert_int_eq(radius_parse(b.buf, len, &p, err, sizeof(err)), 0);
	ck_assert(radius_attr_u32(radius_find(&p, 0, RA_ACCT_AUTHENTIC), &v));
	ck_assert_uint_eq(v, 1);			/* RADIUS */
	/* What a session lacks is left out, not sent empty. */
	ck_assert_ptr_null(radius_find(&p, 0, RA_FRAMED_IP_ADDRESS));
	ck_assert_ptr_null(radius_find(&p, 0, RA_DELEGATED_IPV6_PREFIX));
	ck_assert_ptr_null(radius_find(&p, 0, RA_NAS_PORT_ID));
}
END_TEST

/*
 * Delegated-IPv6-Prefix (RFC 4818 section 3): Reserved 0, Prefix-Length,
 * then only the prefix's significant bytes: 2001:db8:99:100::/56 is
 * 00 38 20 01 0d b8 00 99 01, in Start, Interim-Update and Stop alike.
 */
START_TEST(test_delegated_prefix)
{
	static const uint8_t want[] = { 0x00, 0x38, 0x20, 0x01, 0x0d, 0xb8,
					0x00, 0x99, 0x01 };
	static const enum radius_acct_status kinds[] = {
		RADIUS_ACCT_START, RADIUS_ACCT_INTERIM, RADIUS_ACCT_STOP,
	};
	struct acct_session_data sd;
	struct acct_record r = { .sd = &sd };
	const struct radius_attr *a;
	struct radius_builder b;
	struct radius_packet p;
	char err[64];
	unsigned i;
	size_t len;

	data(&sd, "kate");
	memcpy(sd.delegated_prefix, "\x20\x01\x0d\xb8\x00\x99\x01\x00", 8);
	sd.delegated_prefix_len = 56;
	for (i = 0; i < 3; i++) {
		r.status = kinds[i];
		radius_begin(&b, RADIUS_ACCOUNTING_REQUEST, 1);
		ck_assert_int_eq(acct_attrs_fill(&b, &r, 0), 0);
		len = radius_finish(&b, "x", NULL);
		ck_assert_int_eq(radius_parse(b.buf, len, &p, err,
					      sizeof(err)), 0);
		a = radius_find(&p, 0, RA_DELEGATED_IPV6_PREFIX);
		ck_assert_ptr_nonnull(a);
		ck_assert_uint_eq(a->len, sizeof(want));
		ck_assert_mem_eq(a->val, want, sizeof(want));
	}
}
END_TEST

static Suite *acct_suite(void)
{
	Suite *s = suite_create("acct");
	TCase *tc = tcase_create("records");

	tcase_add_test(tc, test_start_interim_stop);
	tcase_add_test(tc, test_one_dump_per_round);
	tcase_add_test(tc, test_delegated_prefix);
	tcase_add_test(tc, test_queue_order_delay_and_drops);
	tcase_add_test(tc, test_queue_drains_in_bursts);
	tcase_add_test(tc, test_on_off_bounded);
	tcase_add_test(tc, test_attrs_fit_and_authentic);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(acct_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
