// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a spoofing attacker can do to a tunnel (issue 13, items 4 and 5),
 * on the virtual clock with a fake kernel:
 *  - an SCCRQ naming an established tunnel's peer (address, port, tunnel
 *    id, as every Windows client has: id 1 from port 1701) must not drop
 *    it: the tunnel is probed with a HELLO, kept if the peer acknowledges
 *    and dropped only if it does not, after which the restarted client's
 *    next SCCRQ opens a new tunnel;
 *  - messages ahead of sequence are held only once the peer is verified
 *    (SCCCN received as LNS, SCCRP as LAC), so nobody who merely read our
 *    tunnel id in an SCCRP can park memory with us.
 * Peer messages are built with our own encoder, so each test reads as the
 * exchange it plays.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/l2tp.h"
#include "l2tp/message.h"
#include "l2tp/transport.h"
#include "log.h"
#include "loop.h"

/* tunnel.c's PROBE_DEADLINE_MS: the peer's time to acknowledge. */
#define PROBE_MS	4000

/* A scripted client: what it sends next, and what it has received. */
struct client {
	struct l2tp_addr addr;
	uint16_t ptid;		/* its tunnel id */
	uint16_t tid;		/* ours, from SCCRP (or our SCCRQ) */
	uint16_t sid;		/* our session id, from ICRP */
	uint16_t ns;		/* Ns of its next message */
	uint16_t nr;		/* next Ns it expects from us */
};

struct gw {
	struct loop *loop;
	struct l2tp_ctx *ctx;
	struct client *c;	/* the one client our datagrams go to */
	unsigned sent[L2TP_MSG_TYPE_COUNT];	/* datagrams by type */
	uint16_t hello_ns;	/* Ns of the last HELLO we sent */
	unsigned tunnels_up, tunnels_down, sessions_up, sessions_down;
	unsigned k_tunnel_del;
};

static struct l2tp_msg rx;	/* large: not on the stack */

static void fake_random(void *buf, size_t len)
{
	static uint32_t x = 7;
	uint8_t *p = buf;

	while (len--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*p++ = (uint8_t)x;
	}
}

/* Every datagram we send: counted by type, its ids noted for c. */
static void gw_send(void *arg, uint32_t sock, const struct l2tp_addr *to,
		    const uint8_t *pkt, size_t len)
{
	struct gw *g = arg;
	struct l2tp_decode_error err;

	ck_assert_int_eq(l2tp_msg_decode(pkt, len, NULL, &rx, &err), 0);
	g->sent[rx.type]++;
	if (rx.type == L2TP_MSG_ZLB)
		return;
	/* The client's receive side, in order only. */
	if (rx.ns == g->c->nr)
		g->c->nr++;
	if (rx.type == L2TP_MSG_HELLO)
		g->hello_ns = rx.ns;
	if (rx.type == L2TP_MSG_SCCRP || rx.type == L2TP_MSG_SCCRQ)
		g->c->tid = rx.avps.assigned_tunnel_id;
	if (rx.type == L2TP_MSG_ICRP)
		g->c->sid = rx.avps.assigned_session_id;
}

static int k_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	return 0;
}

static void k_tunnel_del(void *arg, uint16_t tid)
{
	((struct gw *)arg)->k_tunnel_del++;
}

static int k_session_add(void *arg, const struct l2tp_session_info *si)
{
	return 0;
}

static void k_session_del(void *arg, uint16_t tid, uint16_t sid)
{
}

static void on_tunnel_up(void *arg, struct l2tp_tunnel *t)
{
	((struct gw *)arg)->tunnels_up++;
}

static void on_tunnel_down(void *arg, struct l2tp_tunnel *t)
{
	((struct gw *)arg)->tunnels_down++;
}

static void on_session_up(void *arg, struct l2tp_session *s)
{
	((struct gw *)arg)->sessions_up++;
}

static void on_session_down(void *arg, struct l2tp_session *s)
{
	((struct gw *)arg)->sessions_down++;
}

static const struct l2tp_kernel_ops fake_kernel = {
	.tunnel_add = k_tunnel_add, .tunnel_del = k_tunnel_del,
	.session_add = k_session_add, .session_del = k_session_del,
};

static const struct l2tp_hooks gw_hooks = {
	.send = gw_send,
	.tunnel_up = on_tunnel_up,
	.tunnel_down = on_tunnel_down,
	.session_up = on_session_up,
	.session_down = on_session_down,
};

/* A gateway (LNS and LAC alike) whose peer is c: 192.0.2.1:1701, id 1. */
static struct gw *gw_new(struct client *c)
{
	struct l2tp_config cfg = {
		.host_name = "gw",
		.accept_icrq = true,
		.hello_interval_ms = 60000,
		.random_bytes = fake_random,
	};
	struct gw *g = calloc(1, sizeof(*g));

	ck_assert_ptr_nonnull(g);
	memset(c, 0, sizeof(*c));
	c->addr.sin.sin_family = AF_INET;
	c->addr.sin.sin_port = htons(1701);
	c->addr.sin.sin_addr.s_addr = htonl(0xc0000201);
	c->addr.len = sizeof(c->addr.sin);
	c->ptid = 1;
	g->c = c;
	g->loop = loop_new_virtual(0);
	g->ctx = l2tp_ctx_new(g->loop, &cfg, &fake_kernel, g, &gw_hooks, g);
	ck_assert_ptr_nonnull(g->ctx);
	return g;
}

static void gw_free(struct gw *g)
{
	l2tp_ctx_free(g->ctx);
	loop_free(g->loop);
	free(g);
}

static const struct l2tp_ctx_stats *stats(const struct gw *g)
{
	return l2tp_ctx_stats(g->ctx);
}

static struct l2tp_msg *msg(uint16_t type)
{
	memset(&rx, 0, sizeof(rx));
	rx.type = type;
	return &rx;
}

/* c sends m with Ns ns to tunnel tid, session sid. */
static void put_ns(struct gw *g, uint16_t tid, uint16_t sid, uint16_t ns,
		   struct l2tp_msg *m)
{
	uint8_t buf[512];
	const char *why = "";
	int n;

	m->tunnel_id = tid;
	m->session_id = sid;
	m->ns = ns;
	m->nr = g->c->nr;
	n = l2tp_msg_encode(m, NULL, buf, sizeof(buf), &why);
	ck_assert_msg(n > 0, "%s", why);
	l2tp_ctx_input(g->ctx, 1, &g->c->addr, buf, (size_t)n);
}

/* The next in sequence. */
static void put(struct gw *g, uint16_t tid, uint16_t sid, struct l2tp_msg *m)
{
	put_ns(g, tid, sid, g->c->ns++, m);
}

static struct l2tp_msg *sccrq(const struct client *c)
{
	struct l2tp_msg *m = msg(L2TP_MSG_SCCRQ);

	l2tp_avp_set(&m->avps, L2TP_AVP_PROTOCOL_VERSION);
	m->avps.protocol_version = 0x0100;
	l2tp_avp_set(&m->avps, L2TP_AVP_FRAMING_CAPS);
	m->avps.framing_caps = 3;
	l2tp_avp_set(&m->avps, L2TP_AVP_HOST_NAME);
	m->avps.host_name = (struct l2tp_bytes){ (const uint8_t *)"win", 3 };
	l2tp_avp_set(&m->avps, L2TP_AVP_ASSIGNED_TUNNEL_ID);
	m->avps.assigned_tunnel_id = c->ptid;
	/*
	 * What Windows adds: with it the SCCRQ outweighs our SCCRP, which
	 * must fit in the bytes an unverified peer sent (l2tp/unverified.c).
	 */
	l2tp_avp_set(&m->avps, L2TP_AVP_BEARER_CAPS);
	l2tp_avp_set(&m->avps, L2TP_AVP_FIRMWARE_REVISION);
	m->avps.firmware_revision = 0x0601;
	l2tp_avp_set(&m->avps, L2TP_AVP_VENDOR_NAME);
	m->avps.vendor_name = (struct l2tp_bytes){
		(const uint8_t *)"Microsoft", 9 };
	l2tp_avp_set(&m->avps, L2TP_AVP_RECEIVE_WINDOW_SIZE);
	m->avps.receive_window_size = 8;
	return m;
}

static struct l2tp_msg *icrq(uint16_t sid)
{
	struct l2tp_msg *m = msg(L2TP_MSG_ICRQ);

	l2tp_avp_set(&m->avps, L2TP_AVP_ASSIGNED_SESSION_ID);
	m->avps.assigned_session_id = sid;
	l2tp_avp_set(&m->avps, L2TP_AVP_CALL_SERIAL_NUMBER);
	return m;
}

/* The transport statistics of our tunnel with c, opened by its SCCRQ. */
static const struct l2tp_transport_stats *opened(struct gw *g,
						 struct l2tp_tunnel **t)
{
	put(g, 0, 0, sccrq(g->c));
	*t = l2tp_tunnel_find(g->ctx, g->c->tid);
	ck_assert_ptr_nonnull(*t);
	return l2tp_transport_stats(l2tp_tunnel_transport(*t));
}

/* A Windows-like client (tunnel id 1, port 1701) with one session up. */
static struct l2tp_tunnel *client_connects(struct gw *g)
{
	struct client *c = g->c;
	struct l2tp_msg *m;

	put(g, 0, 0, sccrq(c));
	ck_assert_uint_eq(g->sent[L2TP_MSG_SCCRP], 1);
	put(g, c->tid, 0, msg(L2TP_MSG_SCCCN));
	put(g, c->tid, 0, icrq(1));
	ck_assert_uint_eq(g->sent[L2TP_MSG_ICRP], 1);
	m = msg(L2TP_MSG_ICCN);
	l2tp_avp_set(&m->avps, L2TP_AVP_TX_CONNECT_SPEED);
	m->avps.tx_connect_speed = 10000000;
	l2tp_avp_set(&m->avps, L2TP_AVP_FRAMING_TYPE);
	m->avps.framing_type = 1;
	put(g, c->tid, c->sid, m);
	ck_assert_uint_eq(g->sessions_up, 1);
	/* Everything acknowledged: nothing of ours in flight. */
	put_ns(g, c->tid, 0, c->ns, msg(L2TP_MSG_ZLB));
	return l2tp_tunnel_find(g->ctx, c->tid);
}

START_TEST(spoofed_sccrq_against_a_live_tunnel)
{
	struct client c;
	struct gw *g = gw_new(&c);
	struct l2tp_tunnel *t = client_connects(g);
	uint16_t tid = c.tid, ns = c.ns;

	/* The attacker copies the client's address, port and id. */
	put_ns(g, 0, 0, 0, sccrq(&c));
	ck_assert_ptr_eq(l2tp_tunnel_find(g->ctx, tid), t);
	ck_assert_uint_eq(g->sent[L2TP_MSG_SCCRP], 1);
	ck_assert_uint_eq(g->sent[L2TP_MSG_HELLO], 1);
	ck_assert_uint_eq(stats(g)->sccrq_duplicate_established, 1);
	/* More of them while the probe is out: counted, no more HELLOs. */
	put_ns(g, 0, 0, 0, sccrq(&c));
	loop_advance(g->loop, 500);
	put_ns(g, 0, 0, 0, sccrq(&c));
	ck_assert_uint_eq(stats(g)->sccrq_duplicate_established, 3);
	ck_assert_uint_eq(g->sent[L2TP_MSG_HELLO], 1);
	/* The real client acknowledges the HELLO. */
	ck_assert_uint_eq(c.nr, (uint16_t)(g->hello_ns + 1));
	put_ns(g, tid, 0, ns, msg(L2TP_MSG_ZLB));
	loop_advance(g->loop, PROBE_MS);
	ck_assert_ptr_eq(l2tp_tunnel_find(g->ctx, tid), t);
	ck_assert(l2tp_tunnel_established(t));
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 1);
	ck_assert_uint_eq(g->sessions_down, 0);
	ck_assert_uint_eq(g->tunnels_down, 0);
	ck_assert_uint_eq(g->k_tunnel_del, 0);
	ck_assert_uint_eq(stats(g)->tunnels_dropped_after_probe, 0);
	ck_assert_uint_eq(g->sent[L2TP_MSG_SCCRP], 1);
	ck_assert_uint_eq(g->sent[L2TP_MSG_STOPCCN], 0);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(g->ctx), 1);
	/* The probe is over: the next duplicate probes again. */
	put_ns(g, 0, 0, 0, sccrq(&c));
	ck_assert_uint_eq(g->sent[L2TP_MSG_HELLO], 2);
	gw_free(g);
}
END_TEST

START_TEST(restarted_client_gets_a_new_tunnel)
{
	struct client c;
	struct gw *g = gw_new(&c);
	struct l2tp_tunnel *t = client_connects(g);
	uint16_t old = c.tid;

	/* kill -9 and dial again: same address, port and tunnel id. */
	c.ns = 0;
	c.nr = 0;
	put_ns(g, 0, 0, 0, sccrq(&c));
	ck_assert_uint_eq(g->sent[L2TP_MSG_HELLO], 1);
	ck_assert_uint_eq(g->sent[L2TP_MSG_SCCRP], 1);
	loop_advance(g->loop, 1000);
	put_ns(g, 0, 0, 0, sccrq(&c));	/* its first retransmission */
	loop_advance(g->loop, PROBE_MS - 1000 - 1);
	ck_assert_ptr_eq(l2tp_tunnel_find(g->ctx, old), t);
	loop_advance(g->loop, 1);
	/* Proven dead: dropped without a StopCCN nobody would read. */
	ck_assert_ptr_null(l2tp_tunnel_find(g->ctx, old));
	ck_assert_uint_eq(stats(g)->tunnels_dropped_after_probe, 1);
	ck_assert_uint_eq(g->sessions_down, 1);
	ck_assert_uint_eq(g->tunnels_down, 1);
	ck_assert_uint_eq(g->k_tunnel_del, 1);
	ck_assert_uint_eq(g->sent[L2TP_MSG_STOPCCN], 0);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(g->ctx), 0);
	/* Its next retransmission opens the new tunnel normally. */
	put_ns(g, 0, 0, 0, sccrq(&c));
	ck_assert_uint_eq(g->sent[L2TP_MSG_SCCRP], 2);
	ck_assert_uint_ne(c.tid, old);
	c.ns = 1;
	put(g, c.tid, 0, msg(L2TP_MSG_SCCCN));
	ck_assert(l2tp_tunnel_established(l2tp_tunnel_find(g->ctx, c.tid)));
	ck_assert_uint_eq(stats(g)->sccrq_duplicate_established, 2);
	gw_free(g);
}
END_TEST

START_TEST(closed_tunnel_gives_way_at_once)
{
	struct client c;
	struct gw *g = gw_new(&c);
	struct l2tp_msg *m;
	uint16_t old;

	client_connects(g);
	old = c.tid;
	/* The client hangs up, then dials again within the linger. */
	m = msg(L2TP_MSG_STOPCCN);
	l2tp_avp_set(&m->avps, L2TP_AVP_ASSIGNED_TUNNEL_ID);
	m->avps.assigned_tunnel_id = c.ptid;
	l2tp_avp_set(&m->avps, L2TP_AVP_RESULT_CODE);
	m->avps.result.result = 1;
	put(g, c.tid, 0, m);
	c.ns = 0;
	c.nr = 0;
	put(g, 0, 0, sccrq(&c));
	ck_assert_ptr_null(l2tp_tunnel_find(g->ctx, old));
	ck_assert_uint_eq(g->sent[L2TP_MSG_SCCRP], 2);
	ck_assert_uint_eq(g->sent[L2TP_MSG_HELLO], 0);
	ck_assert_uint_eq(stats(g)->sccrq_duplicate_established, 0);
	gw_free(g);
}
END_TEST

START_TEST(nothing_parked_before_scccn)
{
	struct client c;
	struct gw *g = gw_new(&c);
	struct l2tp_tunnel *t;
	const struct l2tp_transport_stats *ts = opened(g, &t);
	unsigned zlbs;
	uint16_t ns;

	zlbs = g->sent[L2TP_MSG_ZLB];
	/* Our tunnel id is known; SCCCN (Ns 1) never comes. */
	for (ns = 2; ns < 17; ns++)
		put_ns(g, c.tid, 0, ns, msg(L2TP_MSG_HELLO));
	ck_assert_uint_eq(stats(g)->ctl_out_of_order_unverified, 15);
	ck_assert_uint_eq(ts->rx_out_of_order, 0);
	ck_assert_uint_eq(ts->rx_ahead_dropped, 15);
	/* Not acknowledged either: the peer must send them again. */
	loop_advance(g->loop, 1000);
	ck_assert_uint_eq(g->sent[L2TP_MSG_ZLB], zlbs);
	ck_assert_str_eq(l2tp_tunnel_state_name(t), "wait-ctl-conn");
	gw_free(g);
}
END_TEST

START_TEST(parked_once_verified)
{
	struct client c;
	struct gw *g = gw_new(&c);
	struct l2tp_tunnel *t;
	const struct l2tp_transport_stats *ts = opened(g, &t);

	put(g, c.tid, 0, msg(L2TP_MSG_SCCCN));
	ck_assert(l2tp_tunnel_established(t));
	/* A HELLO (Ns 3) overtakes an ICRQ (Ns 2): held, then delivered. */
	put_ns(g, c.tid, 0, 3, msg(L2TP_MSG_HELLO));
	ck_assert_uint_eq(ts->rx_out_of_order, 1);
	ck_assert_uint_eq(l2tp_transport_nr(l2tp_tunnel_transport(t)), 2);
	put_ns(g, c.tid, 0, 2, icrq(1));
	ck_assert_uint_eq(g->sent[L2TP_MSG_ICRP], 1);
	ck_assert_uint_eq(l2tp_transport_nr(l2tp_tunnel_transport(t)), 4);
	ck_assert_uint_eq(stats(g)->ctl_out_of_order_unverified, 0);
	gw_free(g);
}
END_TEST

START_TEST(lac_parks_nothing_before_sccrp)
{
	struct client c;
	struct gw *g = gw_new(&c);
	struct l2tp_tunnel *t = l2tp_tunnel_open(g->ctx, 1, &c.addr);
	struct l2tp_msg *m;

	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(g->sent[L2TP_MSG_SCCRQ], 1);
	/* Whoever read our SCCRQ's tunnel id sends ahead of the SCCRP. */
	put_ns(g, c.tid, 0, 1, msg(L2TP_MSG_HELLO));
	ck_assert_uint_eq(stats(g)->ctl_out_of_order_unverified, 1);
	m = sccrq(&c);
	m->type = L2TP_MSG_SCCRP;
	put_ns(g, c.tid, 0, 0, m);
	ck_assert(l2tp_tunnel_established(t));
	put_ns(g, c.tid, 0, 2, msg(L2TP_MSG_HELLO));
	ck_assert_uint_eq(stats(g)->ctl_out_of_order_unverified, 1);
	ck_assert_uint_eq(l2tp_transport_stats(
			  l2tp_tunnel_transport(t))->rx_out_of_order, 1);
	gw_free(g);
}
END_TEST

static void no_output(void *arg, const uint8_t *pkt, size_t len)
{
	ck_abort_msg("a datagram ahead of sequence was acknowledged");
}

static void no_death(void *arg)
{
	ck_abort_msg("nothing was sent, nobody can be dead");
}

START_TEST(transport_parking_switch)
{
	struct loop *loop = loop_new_virtual(0);
	static const struct l2tp_transport_ops ops = {
		.output = no_output,
		.peer_dead = no_death,
	};
	struct l2tp_transport *tp = l2tp_transport_new(loop, NULL, &ops, NULL);
	uint8_t hello[20] = { 0xc8, 0x02, 0x00, 20 };

	ck_assert_ptr_nonnull(tp);
	l2tp_transport_park_ahead(tp, false);
	ck_assert_int_eq(l2tp_transport_input(tp, 1, 0, false, hello, 20),
			 L2TP_RX_AHEAD_DROPPED);
	l2tp_transport_park_ahead(tp, true);
	ck_assert_int_eq(l2tp_transport_input(tp, 1, 0, false, hello, 20),
			 L2TP_RX_QUEUED);
	l2tp_transport_free(tp);
	loop_free(loop);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_hijack");
	TCase *probe = tcase_create("duplicate_sccrq");
	TCase *park = tcase_create("out_of_order");
	SRunner *sr;
	int failed;

	log_init(getenv("L2TP_TEST_DEBUG") ? LOG_DEBUG : LOG_WARNING, false,
		 "test_l2tp_hijack");
	tcase_add_test(probe, spoofed_sccrq_against_a_live_tunnel);
	tcase_add_test(probe, restarted_client_gets_a_new_tunnel);
	tcase_add_test(probe, closed_tunnel_gives_way_at_once);
	tcase_add_test(park, nothing_parked_before_scccn);
	tcase_add_test(park, parked_once_verified);
	tcase_add_test(park, lac_parks_nothing_before_sccrp);
	tcase_add_test(park, transport_parking_switch);
	suite_add_tcase(s, probe);
	suite_add_tcase(s, park);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
