// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DHCPv6 prefix delegation server on a virtual clock with recording
 * send and route hooks: Solicit, Request, Renew, Rebind, Release and
 * Rapid Commit for a session with a delegated prefix; NoPrefixAvail for
 * one without; the valid lifetime running out; another server's
 * messages, unknown devices and malformed input left alone; prefixes
 * overlapping the session's /64 or another session's refused.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dhcp6/dhcp6_server.h"
#include "log.h"
#include "log_capture.h"
#include "loop.h"

#define MAXSENT 16

struct sent {
	int ifindex;
	uint8_t dst[16];
	uint8_t pkt[DHCP6_MAX_SIZE];
	size_t len;
};

struct route_op {
	int ifindex;
	uint8_t prefix[16];
	unsigned len;
	bool add;
};

static struct loop *loop;
static struct sent sent[MAXSENT];
static int n_sent;
static struct route_op routes[MAXSENT];
static int n_routes;
static struct dhcp6_server *ds;

static const uint8_t duid[] = { 0, 3, 0, 1, 2, 0, 0x5e, 0, 0x53, 1 };
static const uint8_t client[16] = { 0xfe, 0x80, [15] = 0x42 };

static int rec_send(void *arg, int ifindex, const uint8_t dst[16],
		    const uint8_t *pkt, size_t len)
{
	(void)arg;
	ck_assert_int_lt(n_sent, MAXSENT);
	sent[n_sent].ifindex = ifindex;
	memcpy(sent[n_sent].dst, dst, 16);
	memcpy(sent[n_sent].pkt, pkt, len);
	sent[n_sent].len = len;
	n_sent++;
	return 0;
}

static int rec_route(void *arg, int ifindex, const char *ifname,
		     const uint8_t prefix[16], unsigned len, bool add)
{
	(void)arg;
	(void)ifname;
	ck_assert_int_lt(n_routes, MAXSENT);
	routes[n_routes].ifindex = ifindex;
	memcpy(routes[n_routes].prefix, prefix, 16);
	routes[n_routes].len = len;
	routes[n_routes].add = add;
	n_routes++;
	return 0;
}

static const struct dhcp6_io io = { .send = rec_send, .route = rec_route };

static void setup(void)
{
	char err[128];

	loop = loop_new_virtual(1000000);
	ds = dhcp6_server_new(loop, &io, duid, sizeof(duid), err, sizeof(err));
	ck_assert_ptr_nonnull(ds);
	n_sent = n_routes = 0;
}

static void teardown(void)
{
	dhcp6_server_free(ds);
	loop_free(loop);
}

static void v6(const char *s, uint8_t a[16])
{
	ck_assert_int_eq(inet_pton(AF_INET6, s, a), 1);
}

/* Session 1/IFINDEX on ifindex IFINDEX, user "kate", PREFIX/len or none. */
static void up(int ifindex, const char *prefix, unsigned len)
{
	struct dhcp6_link l = {
		.tunnel_id = 1, .session_id = (uint16_t)ifindex,
		.ifindex = ifindex, .ifname = "pd0", .user = "kate",
		.has_prefix = prefix != NULL, .prefix_len = (uint8_t)len,
		.has_own64 = true,
	};

	if (prefix)
		v6(prefix, l.prefix);
	v6("2001:db8:100::", l.own64);
	ck_assert_int_eq(dhcp6_server_link_up(ds, &l), 0);
}

/* A message TYPE with client id, IA_PD 1, and our server id if SID. */
static size_t msg(uint8_t type, bool sid, bool rapid, uint8_t *b)
{
	static const uint8_t cid[] = { 0, 1, 0, 4, 0, 4, 0xaa, 0xbb };
	static const uint8_t ia[] = { 0, 25, 0, 12, 0, 0, 0, 1,
				      0, 0, 0, 0, 0, 0, 0, 0 };
	size_t n = 0;

	b[n++] = type;
	b[n++] = 0x12;
	b[n++] = 0x34;
	b[n++] = 0x56;
	memcpy(b + n, cid, sizeof(cid));
	n += sizeof(cid);
	if (sid) {
		b[n++] = 0;
		b[n++] = 2;
		b[n++] = 0;
		b[n++] = sizeof(duid);
		memcpy(b + n, duid, sizeof(duid));
		n += sizeof(duid);
	}
	if (rapid) {
		memcpy(b + n, "\x00\x0e\x00\x00", 4);
		n += 4;
	}
	memcpy(b + n, ia, sizeof(ia));
	return n + sizeof(ia);
}

static void input(int ifindex, uint8_t type, bool sid, bool rapid)
{
	uint8_t b[128];
	size_t n = msg(type, sid, rapid, b);

	dhcp6_server_input(ds, ifindex, client, b, n);
}

/* The top-level option CODE of sent[k] (its data), or NULL. */
static const uint8_t *opt(const uint8_t *p, size_t len, size_t from,
			  uint16_t code, size_t *olen)
{
	size_t at = from;

	while (at + 4 <= len) {
		uint16_t c = (uint16_t)(p[at] << 8 | p[at + 1]);
		size_t l = (size_t)(p[at + 2] << 8 | p[at + 3]);

		ck_assert_uint_le(at + 4 + l, len);
		if (c == code) {
			*olen = l;
			return p + at + 4;
		}
		at += 4 + l;
	}
	return NULL;
}

/* sent[k]: its type, xid kept, server id ours, to the client. */
static void check_answer(int k, uint8_t type)
{
	const uint8_t *o;
	size_t l;

	ck_assert_int_gt(n_sent, k);
	ck_assert_uint_eq(sent[k].pkt[0], type);
	ck_assert_mem_eq(sent[k].pkt + 1, "\x12\x34\x56", 3);
	ck_assert_mem_eq(sent[k].dst, client, 16);
	o = opt(sent[k].pkt, sent[k].len, 4, DHCP6_OPT_SERVERID, &l);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(l, sizeof(duid));
	ck_assert_mem_eq(o, duid, sizeof(duid));
	ck_assert_ptr_nonnull(opt(sent[k].pkt, sent[k].len, 4,
				  DHCP6_OPT_CLIENTID, &l));
}

/* sent[k]'s IA_PD: holds PREFIX/len (prefix) or status STATUS. */
static void check_ia_pd(int k, const char *prefix, unsigned len,
			int status)
{
	const uint8_t *ia, *p;
	size_t l, pl;
	uint8_t want[16];

	ia = opt(sent[k].pkt, sent[k].len, 4, DHCP6_OPT_IA_PD, &l);
	ck_assert_ptr_nonnull(ia);
	ck_assert_mem_eq(ia, "\0\0\0\1", 4);
	p = opt(ia, l, 12, DHCP6_OPT_IAPREFIX, &pl);
	if (prefix) {
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(pl, 25);
		ck_assert_uint_eq(p[8], len);
		v6(prefix, want);
		ck_assert_mem_eq(p + 9, want, 16);
		/* preferred 14400, valid 86400; T1 7200, T2 11520 */
		ck_assert_mem_eq(p, "\0\0\x38\x40\0\1\x51\x80", 8);
		ck_assert_mem_eq(ia + 4, "\0\0\x1c\x20\0\0\x2d\0", 8);
	} else {
		ck_assert_ptr_null(p);
		p = opt(ia, l, 12, DHCP6_OPT_STATUS_CODE, &pl);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(p[1], status);
	}
}

static void check_route(int k, int ifindex, bool add)
{
	uint8_t want[16];

	ck_assert_int_gt(n_routes, k);
	ck_assert_int_eq(routes[k].ifindex, ifindex);
	ck_assert_int_eq(routes[k].add, add);
	ck_assert_uint_eq(routes[k].len, 56);
	v6("2001:db8:99:100::", want);
	ck_assert_mem_eq(routes[k].prefix, want, 16);
}

/* Solicit -> Advertise (preference 255), Request -> Reply and route. */
START_TEST(solicit_request_route)
{
	struct dhcp6_server_stats st;
	const uint8_t *o;
	size_t l;

	up(5, "2001:db8:99:100::", 56);
	input(5, DHCP6_SOLICIT, false, false);
	ck_assert_int_eq(n_sent, 1);
	check_answer(0, DHCP6_ADVERTISE);
	check_ia_pd(0, "2001:db8:99:100::", 56, 0);
	o = opt(sent[0].pkt, sent[0].len, 4, DHCP6_OPT_PREFERENCE, &l);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o[0], 255);
	ck_assert_int_eq(n_routes, 0);	/* advertised, not committed */
	input(5, DHCP6_REQUEST, true, false);
	check_answer(1, DHCP6_REPLY);
	check_ia_pd(1, "2001:db8:99:100::", 56, 0);
	ck_assert_int_eq(n_routes, 1);
	check_route(0, 5, true);
	/* Renew and Rebind keep it: no second route. */
	input(5, DHCP6_RENEW, true, false);
	input(5, DHCP6_REBIND, false, false);
	check_ia_pd(2, "2001:db8:99:100::", 56, 0);
	check_ia_pd(3, "2001:db8:99:100::", 56, 0);
	ck_assert_int_eq(n_routes, 1);
	dhcp6_server_stats(ds, &st);
	ck_assert_uint_eq(st.delegated, 1);
	ck_assert_uint_eq(st.advertise_sent, 1);
	ck_assert_uint_eq(st.reply_sent, 3);
	/* The session's IPv6 goes: so does the route. */
	dhcp6_server_link_down(ds, 1, 5);
	ck_assert_int_eq(n_routes, 2);
	check_route(1, 5, false);
	dhcp6_server_stats(ds, &st);
	ck_assert_uint_eq(st.delegated, 0);
	ck_assert_uint_eq(st.links, 0);
}
END_TEST

START_TEST(release_unroutes)
{
	const uint8_t *o;
	size_t l;

	up(5, "2001:db8:99:100::", 56);
	input(5, DHCP6_REQUEST, true, false);
	input(5, DHCP6_RELEASE, true, false);
	check_answer(1, DHCP6_REPLY);
	o = opt(sent[1].pkt, sent[1].len, 4, DHCP6_OPT_STATUS_CODE, &l);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(o[1], DHCP6_SUCCESS);
	ck_assert_int_eq(n_routes, 2);
	check_route(1, 5, false);
	/* Gone once: link down removes nothing more. */
	dhcp6_server_link_down(ds, 1, 5);
	ck_assert_int_eq(n_routes, 2);
}
END_TEST

START_TEST(rapid_commit)
{
	up(5, "2001:db8:99:100::", 56);
	input(5, DHCP6_SOLICIT, false, true);
	check_answer(0, DHCP6_REPLY);
	check_ia_pd(0, "2001:db8:99:100::", 56, 0);
	ck_assert_int_eq(n_routes, 1);
}
END_TEST

/* Not renewed within the valid lifetime: unrouted. */
START_TEST(valid_lifetime_runs_out)
{
	struct dhcp6_server_stats st;

	up(5, "2001:db8:99:100::", 56);
	input(5, DHCP6_REQUEST, true, false);
	loop_advance(loop, 86399ull * 1000);
	input(5, DHCP6_RENEW, true, false);
	loop_advance(loop, 86399ull * 1000);
	ck_assert_int_eq(n_routes, 1);
	loop_advance(loop, 2000);
	ck_assert_int_eq(n_routes, 2);
	check_route(1, 5, false);
	dhcp6_server_stats(ds, &st);
	ck_assert_uint_eq(st.expired, 1);
}
END_TEST

/* No delegated prefix: NoPrefixAvail in the IA_PD, never a route. */
START_TEST(no_prefix_avail)
{
	struct dhcp6_server_stats st;

	up(6, NULL, 0);
	input(6, DHCP6_SOLICIT, false, true);
	check_answer(0, DHCP6_ADVERTISE);
	check_ia_pd(0, NULL, 0, DHCP6_NO_PREFIX_AVAIL);
	input(6, DHCP6_REQUEST, true, false);
	check_answer(1, DHCP6_REPLY);
	check_ia_pd(1, NULL, 0, DHCP6_NO_PREFIX_AVAIL);
	ck_assert_int_eq(n_routes, 0);
	dhcp6_server_stats(ds, &st);
	ck_assert_uint_eq(st.no_prefix_avail, 2);
}
END_TEST

/* Another server's, unknown device, malformed, Confirm: no answer. */
START_TEST(left_alone)
{
	static const uint8_t other[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 9 };
	struct dhcp6_server_stats st;
	uint8_t b[128];
	size_t n;

	up(5, "2001:db8:99:100::", 56);
	n = msg(DHCP6_REQUEST, true, false, b);
	memcpy(b + 16, other, sizeof(other));	/* the server id's DUID */
	dhcp6_server_input(ds, 5, client, b, n);
	input(9, DHCP6_SOLICIT, false, false);
	dhcp6_server_input(ds, 5, client, b, 3);
	input(5, DHCP6_CONFIRM, false, false);
	ck_assert_int_eq(n_sent, 0);
	ck_assert_int_eq(n_routes, 0);
	dhcp6_server_stats(ds, &st);
	ck_assert_uint_eq(st.not_for_us, 1);
	ck_assert_uint_eq(st.other_device, 1);
	ck_assert_uint_eq(st.dropped, 1);
	ck_assert_uint_eq(st.dropped_by[DHCP6_TRUNCATED], 1);
	ck_assert_uint_eq(st.ignored, 1);
}
END_TEST

/* Overlapping another session's, or the session's own /64: refused. */
START_TEST(overlaps_refused)
{
	struct dhcp6_server_stats st;
	struct log_capture lc;

	log_capture_start(&lc);
	up(5, "2001:db8:99:100::", 56);
	up(6, "2001:db8:99:180::", 57);
	up(7, "2001:db8:100::", 48);
	up(8, "2001:db8:99:200::", 56);
	log_capture_stop();
	ck_assert_msg(strstr(lc.text, "session 1/6 pd0: user \"kate\": "
			     "delegated prefix 2001:db8:99:180::/57 refused: "
			     "overlaps session 1/5 pd0's delegated prefix"),
		      "%s", lc.text);
	ck_assert_msg(strstr(lc.text, "delegated prefix 2001:db8:100::/48 "
			     "refused: overlaps the session's own /64"),
		      "%s", lc.text);
	dhcp6_server_stats(ds, &st);
	ck_assert_uint_eq(st.refused, 2);
	ck_assert_uint_eq(st.links, 4);
	input(6, DHCP6_SOLICIT, false, false);
	check_ia_pd(0, NULL, 0, DHCP6_NO_PREFIX_AVAIL);
	/* Once session 5 is gone, its prefix is free for another. */
	dhcp6_server_link_down(ds, 1, 5);
	up(6, "2001:db8:99:180::", 57);
	dhcp6_server_stats(ds, &st);
	ck_assert_uint_eq(st.refused, 2);
}
END_TEST

static char report_text[2048];

static int collect(const char *name, uint64_t value, void *ctx)
{
	size_t n = strlen(report_text);

	(void)ctx;
	snprintf(report_text + n, sizeof(report_text) - n, "%s=%llu ", name,
		 (unsigned long long)value);
	return 0;
}

/* The control socket's stats: every counter by name. */
START_TEST(report_names)
{
	static const char *const want[] = {
		"dhcp6_links=1 ", "dhcp6_delegated=1 ", "dhcp6_received=2 ",
		"dhcp6_dropped=0 ", "dhcp6_advertise_sent=0 ",
		"dhcp6_reply_sent=2 ", "dhcp6_dropped_truncated=0 ",
		"dhcp6_dropped_no_server_id=0 ", "dhcp6_expired=0 ",
	};
	unsigned i;

	up(5, "2001:db8:99:100::", 56);
	input(5, DHCP6_REQUEST, true, false);
	input(5, DHCP6_RENEW, true, false);
	report_text[0] = '\0';
	ck_assert_int_eq(dhcp6_server_report(ds, collect, NULL), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_msg(strstr(report_text, want[i]), "%s not in %s",
			      want[i], report_text);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("dhcp6_server");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, solicit_request_route);
	tcase_add_test(tc, release_unroutes);
	tcase_add_test(tc, rapid_commit);
	tcase_add_test(tc, valid_lifetime_runs_out);
	tcase_add_test(tc, no_prefix_avail);
	tcase_add_test(tc, left_alone);
	tcase_add_test(tc, overlaps_refused);
	tcase_add_test(tc, report_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	log_init(LOG_INFO, false, "test_dhcp6_server");
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
