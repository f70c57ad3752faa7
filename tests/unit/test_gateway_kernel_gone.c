// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway when the kernel loses its objects without it (the module's
 * events, daemon/adapt_events.c), and its tunnels as the operator sees
 * them.  An LNS gateway on a fake kernel faces a bare L2TP control plane
 * as its LAC, on one virtual clock:
 *
 *	LAC l2tp_ctx (192.0.2.2) ◄── datagram queue ──► LNS gateway (192.0.2.1)
 *
 *  - a session whose device was deleted is closed with a CDN (result 3,
 *    the reason as its message) once, never twice;
 *  - a tunnel deleted under us gets a StopCCN when its socket still
 *    sends, nothing otherwise; the module gone closes every tunnel;
 *  - a half-open tunnel is listed with its state and counted alike by
 *    gateway_tunnel_counts (status) and gateway_stats.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "gateway.h"
#include "l2tp/message.h"
#include "log_capture.h"
#include "loop.h"

#define QLEN 64

struct datagram {
	bool to_lns;
	uint8_t buf[2048];
	size_t len;
};

static struct loop *loop;
static struct gateway *lns;
static struct l2tp_ctx *lac;
static struct l2tp_addr lns_addr, lac_addr;
static struct datagram queue[QLEN];
static unsigned q_head, q_tail;
static char users_path[64];
static struct log_capture captured;
static unsigned lns_sent[L2TP_MSG_TYPE_COUNT];	/* by message type */
static uint16_t lac_cdn_result;			/* of the last CDN to it */
static unsigned lac_session_downs;
static uint32_t rnd_state = 777;

static void test_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--) {
		rnd_state = rnd_state * 1103515245u + 12345u;
		*p++ = (uint8_t)(rnd_state >> 16);
	}
}

static void enqueue(bool to_lns, const uint8_t *pkt, size_t len)
{
	struct datagram *d = &queue[q_tail % QLEN];

	ck_assert_uint_lt(q_tail - q_head, QLEN);
	ck_assert_uint_le(len, sizeof(d->buf));
	d->to_lns = to_lns;
	memcpy(d->buf, pkt, len);
	d->len = len;
	q_tail++;
}

/* Deliver what is queued; with only_to_lns, replies to the LAC are lost. */
static void pump_some(bool only_to_lns)
{
	while (q_head != q_tail) {
		struct datagram d = queue[q_head % QLEN];

		q_head++;
		if (d.to_lns)
			gateway_input(lns, 1, &lac_addr, d.buf, d.len);
		else if (!only_to_lns)
			l2tp_ctx_input(lac, 2, &lns_addr, d.buf, d.len);
	}
}

static void run_for(uint64_t ms)
{
	uint64_t t;

	for (t = 0; t < ms; t += 10) {
		pump_some(false);
		loop_advance(loop, 10);
	}
	pump_some(false);
}

/* The LNS's datagrams, counted by control message type. */
static int lns_send(void *arg, uint32_t sock, const struct l2tp_addr *peer,
		    const uint8_t *pkt, size_t len)
{
	struct l2tp_header h;
	struct l2tp_msg m;
	struct l2tp_decode_error e;
	const char *why;

	if (l2tp_header_decode(pkt, len, &h, &why) == 0 &&
	    (h.flags & L2TP_HDR_T) &&
	    l2tp_msg_decode(pkt, len, NULL, &m, &e) == 0 &&
	    m.type < L2TP_MSG_TYPE_COUNT)
		lns_sent[m.type]++;
	enqueue(false, pkt, len);
	return 0;
}

static void lac_send(void *arg, uint32_t sock, const struct l2tp_addr *peer,
		     const uint8_t *pkt, size_t len)
{
	enqueue(true, pkt, len);
}

static void lac_session_down(void *arg, struct l2tp_session *s)
{
	lac_session_downs++;
	lac_cdn_result = l2tp_session_result(s);
}

/* The kernel: everything accepted, nothing kept. */
static int k_add_tunnel(void *arg, const struct l2tp_tunnel_info *ti)
{
	return 0;
}

static void k_del_tunnel(void *arg, uint16_t tid)
{
}

static int k_add_session(void *arg, const struct l2tp_session_info *si)
{
	return 0;
}

static void k_del_session(void *arg, uint16_t tid, uint16_t sid)
{
}

static const struct l2tp_kernel_ops kops = {
	.tunnel_add = k_add_tunnel, .tunnel_del = k_del_tunnel,
	.session_add = k_add_session, .session_del = k_del_session,
};

static int k_ppp_xmit(void *arg, uint16_t tid, uint16_t sid,
		      const uint8_t *frame, size_t len)
{
	return 0;
}

static struct l2tp_addr v4(const char *ip)
{
	struct l2tp_addr a;

	memset(&a, 0, sizeof(a));
	a.sin.sin_family = AF_INET;
	a.sin.sin_port = htons(1701);
	inet_pton(AF_INET, ip, &a.sin.sin_addr);
	a.len = sizeof(struct sockaddr_in);
	return a;
}

static void setup(void)
{
	static const struct l2tp_hooks hooks = {
		.send = lac_send, .session_down = lac_session_down,
	};
	struct l2tp_config lcfg = { .host_name = "lac" };
	struct gateway_dataplane dp = {
		.l2tp = &kops, .ppp_xmit = k_ppp_xmit,
	};
	struct gateway_settings *s;
	struct config *c;
	char conf[512], err[512];
	FILE *f;
	int fd;

	loop = loop_new_virtual(1000);
	q_head = q_tail = 0;
	memset(lns_sent, 0, sizeof(lns_sent));
	lac_cdn_result = 0;
	lac_session_downs = 0;
	log_capture_start(&captured);
	snprintf(users_path, sizeof(users_path), "/tmp/gwkgoneXXXXXX");
	fd = mkstemp(users_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f, "alice secret-a\n");
	fclose(f);
	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lns\n"
		 "[lns ra]\nauth = pap\nusers = %s\npool = 10.1.0.10-10.1.0.20\n"
		 "local_ip = 10.1.0.1\necho_interval = 0\nifname = ra%%d\n",
		 users_path);
	ck_assert_msg(config_parse(conf, strlen(conf), "t.conf", &c, err,
				   sizeof(err)) == 0, "%s", err);
	ck_assert_msg(gateway_settings_new(c, "t.conf", &s, err,
					   sizeof(err)) == 0, "%s", err);
	lns_addr = v4("192.0.2.1");
	lac_addr = v4("192.0.2.2");
	lns = gateway_new(loop, s, &dp, lns_send, NULL, test_random);
	ck_assert_ptr_nonnull(lns);
	gateway_settings_put(s);
	lac = l2tp_ctx_new(loop, &lcfg, &kops, NULL, &hooks, NULL);
	ck_assert_ptr_nonnull(lac);
}

static void teardown(void)
{
	gateway_free(lns);
	l2tp_ctx_free(lac);
	loop_free(loop);
	unlink(users_path);
	log_capture_stop();
}

/* A tunnel established, and a call in it if with_call; its LNS ids. */
static struct l2tp_tunnel *dial(bool with_call, uint16_t *tid, uint16_t *sid)
{
	struct l2tp_tunnel *t = l2tp_tunnel_open(lac, 2, &lns_addr);
	struct l2tp_session *s = NULL;

	ck_assert_ptr_nonnull(t);
	if (with_call) {
		s = l2tp_session_open_incoming(t, "100");
		ck_assert_ptr_nonnull(s);
	}
	run_for(200);
	ck_assert(l2tp_tunnel_established(t));
	*tid = l2tp_tunnel_peer_id(t);
	if (s) {
		ck_assert(l2tp_session_established(s));
		*sid = l2tp_session_peer_id(s);
	}
	return t;
}

/* --- sessions ------------------------------------------------------------- */

START_TEST(device_deleted_cdn_once)
{
	uint16_t tid, sid;

	dial(true, &tid, &sid);
	ck_assert_uint_eq(gateway_session_count(lns), 1);
	ck_assert(gateway_kernel_session_gone(lns, tid, sid,
					      "session device deleted"));
	run_for(100);
	ck_assert_uint_eq(lns_sent[L2TP_MSG_CDN], 1);
	ck_assert_uint_eq(lac_session_downs, 1);
	ck_assert_uint_eq(lac_cdn_result, L2TP_CDN_ADMIN);
	ck_assert_uint_eq(gateway_session_count(lns), 0);
	ck_assert_ptr_nonnull(strstr(captured.text,
				     "session device deleted: closing it (CDN)"));
	/* The same event again, or one for ids we never had: nothing. */
	ck_assert(!gateway_kernel_session_gone(lns, tid, sid, "again"));
	ck_assert(!gateway_kernel_session_gone(lns, tid, sid + 1, "other"));
	ck_assert(!gateway_kernel_session_gone(lns, tid + 1, sid, "other"));
	run_for(100);
	ck_assert_uint_eq(lns_sent[L2TP_MSG_CDN], 1);
	/* The tunnel stays. */
	ck_assert_uint_eq(lns_sent[L2TP_MSG_STOPCCN], 0);
}
END_TEST

/* --- tunnels -------------------------------------------------------------- */

START_TEST(tunnel_deleted_stopccn)
{
	struct gateway_tunnel_counts c;
	struct l2tp_tunnel *t;
	uint16_t tid, sid;

	t = dial(true, &tid, &sid);
	ck_assert(!gateway_kernel_tunnel_gone(lns, tid + 1, true, "not ours"));
	ck_assert(gateway_kernel_tunnel_gone(lns, tid, true,
					     "tunnel deleted from the kernel"));
	run_for(100);
	ck_assert_uint_eq(lns_sent[L2TP_MSG_STOPCCN], 1);
	ck_assert(l2tp_tunnel_closing(t));
	ck_assert_uint_eq(lac_session_downs, 1);
	ck_assert_uint_eq(gateway_session_count(lns), 0);
	gateway_tunnel_counts(lns, &c);
	ck_assert_uint_eq(c.established, 0);
	/* Closing already: a second event changes nothing. */
	ck_assert(!gateway_kernel_tunnel_gone(lns, tid, true, "again"));
}
END_TEST

START_TEST(tunnel_socket_closed_silent)
{
	struct gateway_tunnel_counts c;
	uint16_t tid, sid;

	dial(false, &tid, &sid);
	ck_assert(gateway_kernel_tunnel_gone(lns, tid, false,
					     "its UDP socket was closed"));
	run_for(100);
	ck_assert_uint_eq(lns_sent[L2TP_MSG_STOPCCN], 0);
	gateway_tunnel_counts(lns, &c);
	ck_assert_uint_eq(c.total, 0);
}
END_TEST

START_TEST(module_gone_closes_all)
{
	struct gateway_tunnel_counts c;
	struct l2tp_tunnel *t1, *t2;
	unsigned tunnels, sessions;
	uint16_t tid, sid;

	t1 = dial(true, &tid, &sid);
	t2 = dial(false, &tid, &sid);
	gateway_kernel_gone(lns, "the l2tpgw kernel module was unloaded",
			    &tunnels, &sessions);
	ck_assert_uint_eq(tunnels, 2);
	ck_assert_uint_eq(sessions, 1);
	run_for(100);
	ck_assert_uint_eq(lns_sent[L2TP_MSG_STOPCCN], 2);
	ck_assert(l2tp_tunnel_closing(t1) && l2tp_tunnel_closing(t2));
	gateway_tunnel_counts(lns, &c);
	ck_assert_uint_eq(c.established, 0);
	ck_assert_uint_eq(c.closing, c.total);
	ck_assert_uint_eq(gateway_session_count(lns), 0);
}
END_TEST

/* --- what the operator sees --------------------------------------------------- */

struct listed {
	unsigned n;
	char states[4][32];
};

static int list_one(const struct control_tunnel_info *t, void *arg)
{
	struct listed *l = arg;

	ck_assert_uint_lt(l->n, 4);
	snprintf(l->states[l->n++], sizeof(l->states[0]), "%s", t->state);
	return 0;
}

static int stat_tunnels(const char *name, uint64_t value, void *arg)
{
	if (!strcmp(name, "tunnels"))
		*(uint64_t *)arg = value;
	return 0;
}

START_TEST(half_open_listed_and_counted)
{
	struct gateway_tunnel_counts c;
	struct listed l = { 0 };
	uint64_t stats_tunnels = 0;
	uint16_t tid, sid;

	dial(false, &tid, &sid);
	/* An SCCRQ whose SCCRP never reaches its sender: half-open. */
	ck_assert_ptr_nonnull(l2tp_tunnel_open(lac, 2, &lns_addr));
	pump_some(true);
	gateway_tunnel_counts(lns, &c);
	ck_assert_uint_eq(c.total, 2);
	ck_assert_uint_eq(c.established, 1);
	ck_assert_uint_eq(c.negotiating, 1);
	ck_assert_uint_eq(c.closing, 0);
	ck_assert_int_eq(gateway_tunnel_list(lns, list_one, &l), 0);
	ck_assert_uint_eq(l.n, c.total);
	ck_assert(!strcmp(l.states[0], "wait-ctl-conn") ||
		  !strcmp(l.states[1], "wait-ctl-conn"));
	ck_assert(!strcmp(l.states[0], "established") ||
		  !strcmp(l.states[1], "established"));
	ck_assert_int_eq(gateway_stats(lns, stat_tunnels, &stats_tunnels), 0);
	ck_assert_uint_eq(stats_tunnels, c.total);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("gateway_kernel_gone");
	TCase *tc = tcase_create("gone");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, device_deleted_cdn_once);
	tcase_add_test(tc, tunnel_deleted_stopccn);
	tcase_add_test(tc, tunnel_socket_closed_silent);
	tcase_add_test(tc, module_gone_closes_all);
	tcase_add_test(tc, half_open_listed_and_counted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
