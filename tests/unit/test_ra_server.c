// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Router Advertisement scheduling on a virtual clock with a recording
 * transmitter: the initial burst, the jittered period, solicitations
 * answered no sooner than 3 s after the last RA, malformed ones counted
 * without effect, sessions kept apart by ifindex, and stopping.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "ra/ra_server.h"

#define MAXSENT 64

struct sent {
	int ifindex;
	uint8_t src[16];
	uint8_t pkt[RA_MAX_SIZE];
	size_t len;
	uint64_t at;
};

static struct loop *loop;
static struct sent sent[MAXSENT];
static int n_sent;
static int fail_with;		/* next sends return this if non-zero */

static int rec_send(void *arg, int ifindex, const uint8_t src[16],
		    const uint8_t *pkt, size_t len)
{
	(void)arg;
	if (fail_with)
		return fail_with;
	ck_assert_int_lt(n_sent, MAXSENT);
	sent[n_sent].ifindex = ifindex;
	memcpy(sent[n_sent].src, src, 16);
	memcpy(sent[n_sent].pkt, pkt, len);
	sent[n_sent].len = len;
	sent[n_sent].at = loop_now(loop);
	n_sent++;
	return 0;
}

static const struct ra_io io = { .send = rec_send };
static struct ra_config cfg;
static struct ra_server *rs;

static const uint8_t rs_ok[] = { 0x85, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t from[16] = { 0xfe, 0x80, [15] = 0x42 };

static void setup(void)
{
	char err[128];

	loop = loop_new_virtual(1000000);
	n_sent = 0;
	fail_with = 0;
	memset(&cfg, 0, sizeof(cfg));
	cfg.interval_ms = 200000;
	cfg.router_lifetime_ms = 1800000;
	cfg.n_dns = 1;
	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8::53", cfg.dns[0]), 1);
	rs = ra_server_new(loop, &io, err, sizeof(err));
	ck_assert_ptr_nonnull(rs);
}

static void teardown(void)
{
	ra_server_free(rs);
	loop_free(loop);
}

static void up(int ifindex, uint16_t sid, const char *prefix)
{
	struct ra_link l = {
		.tunnel_id = 7, .session_id = sid, .ifindex = ifindex,
		.ifname = "l2tp0", .mtu = 1400, .cfg = &cfg,
		.local_ifid = { 0x02, 0, 0, 0, 0, 0, 0, (uint8_t)sid },
	};

	ck_assert_int_eq(inet_pton(AF_INET6, prefix, l.prefix), 1);
	ck_assert_int_eq(ra_server_link_up(rs, &l), 0);
}

static struct ra_server_stats stats(void)
{
	struct ra_server_stats st;

	ra_server_stats(rs, &st);
	return st;
}

START_TEST(initial_burst_then_jittered_period)
{
	uint8_t want_src[16] = { 0xfe, 0x80, [8] = 0x02, [15] = 1 };
	uint8_t want_prefix[16];
	uint64_t t0 = loop_now(loop);

	up(10, 1, "2001:db8:100:5::");
	ck_assert_int_eq(n_sent, 1);
	ck_assert_int_eq(sent[0].ifindex, 10);
	ck_assert_mem_eq(sent[0].src, want_src, 16);
	ck_assert_uint_eq(sent[0].len, 80);
	ck_assert_uint_eq(sent[0].pkt[0], 134);
	inet_pton(AF_INET6, "2001:db8:100:5::", want_prefix);
	ck_assert_mem_eq(sent[0].pkt + 32, want_prefix, 16);
	ck_assert_uint_eq(sent[0].pkt[6] << 8 | sent[0].pkt[7], 1800);
	/* RDNSS lifetime three intervals: 600 s. */
	ck_assert_uint_eq(sent[0].pkt[60] << 8 | sent[0].pkt[61], 0);
	ck_assert_uint_eq(sent[0].pkt[62] << 8 | sent[0].pkt[63], 600);
	loop_advance(loop, RA_INITIAL_INTERVAL_MS);
	ck_assert_int_eq(n_sent, 2);
	loop_advance(loop, RA_INITIAL_INTERVAL_MS);
	ck_assert_int_eq(n_sent, 3);
	ck_assert_uint_eq(sent[2].at - t0, 2 * RA_INITIAL_INTERVAL_MS);
	for (int i = 0; i < 2000; i++)
		loop_advance(loop, 1000);
	/* 2000 s at 150..200 s apart: 10 to 13 more, each gap in range. */
	ck_assert_int_ge(n_sent, 3 + 10);
	ck_assert_int_le(n_sent, 3 + 13);
	for (int i = 3; i < n_sent; i++) {
		uint64_t gap = sent[i].at - sent[i - 1].at;

		ck_assert_msg(gap >= cfg.interval_ms / 4 * 3 &&
			      gap <= cfg.interval_ms, "gap %llu",
			      (unsigned long long)gap);
	}
	ck_assert_uint_eq(stats().ra_sent, (unsigned)n_sent);
	ck_assert_uint_eq(stats().links, 1);
}
END_TEST

START_TEST(solicitation_answered_with_min_delay)
{
	up(10, 1, "2001:db8:100:5::");
	loop_advance(loop, 5000);
	ck_assert_int_eq(n_sent, 3);
	/* 1 s after the last RA: answered 3 s after it, not before. */
	ra_server_input(rs, 10, from, 255, rs_ok, sizeof(rs_ok));
	ck_assert_int_eq(n_sent, 3);
	loop_advance(loop, 1999);
	ck_assert_int_eq(n_sent, 3);
	loop_advance(loop, 1);
	ck_assert_int_eq(n_sent, 4);
	ck_assert_uint_eq(sent[3].at - sent[2].at, RA_MIN_DELAY_MS);
	/* Long after: answered on the loop's next turn, no later. */
	loop_advance(loop, 60000);
	ra_server_input(rs, 10, from, 255, rs_ok, sizeof(rs_ok));
	loop_advance(loop, 0);
	ck_assert_int_eq(n_sent, 5);
	ck_assert_uint_eq(stats().rs_received, 2);
	/* A storm of solicitations still gets one RA per 3 s. */
	for (int i = 0; i < 100; i++) {
		ra_server_input(rs, 10, from, 255, rs_ok, sizeof(rs_ok));
		loop_advance(loop, 30);
	}
	ck_assert_int_eq(n_sent, 5 + 1);
}
END_TEST

START_TEST(malformed_and_foreign_solicitations)
{
	uint8_t bad[] = { 0x85, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00 };

	up(10, 1, "2001:db8:100:5::");
	up(11, 2, "2001:db8:100:6::");
	loop_advance(loop, 60000);
	n_sent = 0;
	ra_server_input(rs, 10, from, 254, rs_ok, sizeof(rs_ok));
	ra_server_input(rs, 10, from, 255, bad, sizeof(bad));
	ra_server_input(rs, 10, from, 255, rs_ok, 3);
	ra_server_input(rs, 99, from, 255, rs_ok, sizeof(rs_ok));
	loop_advance(loop, 0);
	ck_assert_int_eq(n_sent, 0);
	ck_assert_uint_eq(stats().rs_dropped, 3);
	ck_assert_uint_eq(stats().rs_dropped_by[RS_BAD_HOP_LIMIT], 1);
	ck_assert_uint_eq(stats().rs_dropped_by[RS_BAD_OPTION], 1);
	ck_assert_uint_eq(stats().rs_dropped_by[RS_TRUNCATED], 1);
	ck_assert_uint_eq(stats().rs_other_device, 1);
	/* The good one on 11 is answered on 11 with 11's prefix only. */
	ra_server_input(rs, 11, from, 255, rs_ok, sizeof(rs_ok));
	loop_advance(loop, 0);
	ck_assert_int_eq(n_sent, 1);
	ck_assert_int_eq(sent[0].ifindex, 11);
	ck_assert_uint_eq(sent[0].pkt[39], 6);
}
END_TEST

START_TEST(link_down_stops_and_device_gone_forgets)
{
	up(10, 1, "2001:db8:100:5::");
	up(11, 2, "2001:db8:100:6::");
	ck_assert_uint_eq(stats().links, 2);
	ra_server_link_down(rs, 7, 1);
	ra_server_link_down(rs, 7, 99);		/* unknown: ignored */
	ck_assert_uint_eq(stats().links, 1);
	n_sent = 0;
	loop_advance(loop, 10 * cfg.interval_ms);
	for (int i = 0; i < n_sent; i++)
		ck_assert_int_eq(sent[i].ifindex, 11);
	ra_server_input(rs, 10, from, 255, rs_ok, sizeof(rs_ok));
	ck_assert_uint_eq(stats().rs_other_device, 1);
	/* The kernel deleted 11 under us: the next send forgets it. */
	fail_with = -ENODEV;
	loop_advance(loop, cfg.interval_ms);
	ck_assert_uint_eq(stats().links, 0);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
}
END_TEST

START_TEST(same_ifindex_replaces)
{
	up(10, 1, "2001:db8:100:5::");
	up(10, 2, "2001:db8:100:6::");
	ck_assert_uint_eq(stats().links, 1);
	ra_server_link_down(rs, 7, 1);		/* the old one: gone already */
	ck_assert_uint_eq(stats().links, 1);
	n_sent = 0;
	loop_advance(loop, cfg.interval_ms);
	ck_assert_int_gt(n_sent, 0);
	ck_assert_uint_eq(sent[0].pkt[39], 6);
}
END_TEST

START_TEST(send_errors_counted_not_fatal)
{
	fail_with = -ENOBUFS;
	up(10, 1, "2001:db8:100:5::");
	loop_advance(loop, 2 * RA_INITIAL_INTERVAL_MS);
	ck_assert_uint_eq(stats().ra_send_errors, 3);
	ck_assert_uint_eq(stats().links, 1);
	fail_with = 0;
	loop_advance(loop, cfg.interval_ms);
	ck_assert_int_eq(n_sent, 1);
}
END_TEST

static char report[1024];

static int collect(const char *name, uint64_t value, void *ctx)
{
	size_t n = strlen(report);

	(void)ctx;
	snprintf(report + n, sizeof(report) - n, "%s=%llu ", name,
		 (unsigned long long)value);
	return strcmp(name, "rs_dropped_hop_limit") ? 0 : -7;
}

START_TEST(report_names_every_counter)
{
	up(10, 1, "2001:db8:100:5::");
	ra_server_input(rs, 10, from, 64, rs_ok, sizeof(rs_ok));
	report[0] = '\0';
	/* emit's error stops the report and is returned. */
	ck_assert_int_eq(ra_server_report(rs, collect, NULL), -7);
	ck_assert_str_eq(report, "ra_links=1 ra_sent=1 ra_send_errors=0 "
			 "rs_received=1 rs_dropped=1 rs_dropped_truncated=0 "
			 "rs_dropped_not_solicit=0 rs_dropped_bad_code=0 "
			 "rs_dropped_hop_limit=1 ");
}
END_TEST

static Suite *ra_server_suite(void)
{
	Suite *s = suite_create("ra_server");
	TCase *tc = tcase_create("ra_server");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, initial_burst_then_jittered_period);
	tcase_add_test(tc, solicitation_answered_with_min_delay);
	tcase_add_test(tc, malformed_and_foreign_solicitations);
	tcase_add_test(tc, link_down_stops_and_device_gone_forgets);
	tcase_add_test(tc, same_ifindex_replaces);
	tcase_add_test(tc, send_errors_counted_not_fatal);
	tcase_add_test(tc, report_names_every_counter);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	log_init(LOG_EMERG, false, "test_ra_server");
	sr = srunner_create(ra_server_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
