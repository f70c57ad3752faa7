// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The budget of unverified peers (daemon/l2tp/unverified.c): tunnels we
 * answered with SCCRP whose SCCCN has not come, as a spoofed SCCRQ flood
 * makes them.  Per-source refusal, eviction of the oldest, established
 * tunnels untouched by a flood, never more bytes toward such a peer than
 * it sent (retransmissions included), the SCCRP trimmed to that budget
 * with its mandatory AVPs, and the peer hash keyed per context.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/challenge.h"
#include "l2tp/internal.h"
#include "l2tp/l2tp.h"
#include "l2tp/message.h"
#include "log.h"
#include "loop.h"

#define IPV4_UDP	28	/* header bytes of each datagram, both ways */

/* What went to one address, and what it sent. */
struct wire {
	struct l2tp_addr addr;
	uint64_t tx_bytes, rx_bytes;	/* IP and UDP headers included */
	unsigned tx, zlbs;
	uint8_t last[1500];		/* last non-ZLB datagram to it */
	size_t last_len;
};

struct bench {
	struct loop *loop;
	struct l2tp_ctx *ctx;
	struct wire wires[1100];
	unsigned n_wires;
	unsigned k_tunnel_add, k_tunnel_del, tunnel_up;
	uint32_t rand_state;
};

static struct bench *cur;	/* for the random hook */

static void fake_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--) {
		cur->rand_state = cur->rand_state * 1664525u + 1013904223u;
		*p++ = (uint8_t)(cur->rand_state >> 24);
	}
}

static struct l2tp_addr v4(const char *ip, uint16_t port)
{
	struct l2tp_addr a;

	memset(&a, 0, sizeof(a));
	a.sin.sin_family = AF_INET;
	a.sin.sin_port = htons(port);
	ck_assert_int_eq(inet_pton(AF_INET, ip, &a.sin.sin_addr), 1);
	a.len = sizeof(a.sin);
	return a;
}

/* A pointer to v4(ip, port), for one statement. */
#define ADDR(ip, port)	(&(struct l2tp_addr[]){ v4(ip, port) }[0])

/* The wire of addr, made on first use if track (else NULL). */
static struct wire *wire_of(struct bench *b, const struct l2tp_addr *a,
			    bool track)
{
	unsigned i;

	for (i = 0; i < b->n_wires; i++)
		if (l2tp_addr_eq(&b->wires[i].addr, a))
			return &b->wires[i];
	if (!track || b->n_wires == 1100)
		return NULL;
	memset(&b->wires[b->n_wires], 0, sizeof(b->wires[0]));
	b->wires[b->n_wires].addr = *a;
	return &b->wires[b->n_wires++];
}

static void b_send(void *arg, uint32_t sock, const struct l2tp_addr *to,
		   const uint8_t *pkt, size_t len)
{
	struct wire *w = wire_of(arg, to, false);

	if (!w)
		return;
	w->tx++;
	w->tx_bytes += len + IPV4_UDP;
	if (len == L2TP_CTRL_HDR_LEN) {
		w->zlbs++;
		return;
	}
	ck_assert_uint_le(len, sizeof(w->last));
	memcpy(w->last, pkt, len);
	w->last_len = len;
}

static int k_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	((struct bench *)arg)->k_tunnel_add++;
	return 0;
}

static void k_tunnel_del(void *arg, uint16_t tid)
{
	((struct bench *)arg)->k_tunnel_del++;
}

static int k_session_add(void *arg, const struct l2tp_session_info *si)
{
	return 0;
}

static void k_session_del(void *arg, uint16_t tid, uint16_t sid)
{
}

static void hk_tunnel_up(void *arg, struct l2tp_tunnel *t)
{
	((struct bench *)arg)->tunnel_up++;
}

static const struct l2tp_kernel_ops kops = {
	.tunnel_add = k_tunnel_add, .tunnel_del = k_tunnel_del,
	.session_add = k_session_add, .session_del = k_session_del,
};

static const struct l2tp_hooks hooks = {
	.send = b_send,
	.tunnel_up = hk_tunnel_up,
};

static struct l2tp_config config(void)
{
	return (struct l2tp_config){
		.host_name = "lns",
		.accept_icrq = true,
		.random_bytes = fake_random,
	};
}

static struct bench *bench_new(const struct l2tp_config *cfg, uint32_t seed)
{
	struct bench *b = calloc(1, sizeof(*b));

	ck_assert_ptr_nonnull(b);
	cur = b;
	b->rand_state = seed;
	b->loop = loop_new_virtual(0);
	b->ctx = l2tp_ctx_new(b->loop, cfg, &kops, b, &hooks, b);
	ck_assert_ptr_nonnull(b->ctx);
	return b;
}

static void bench_free(struct bench *b)
{
	cur = b;
	l2tp_ctx_free(b->ctx);
	loop_free(b->loop);
	free(b);
}

static size_t avp(uint8_t *p, uint16_t type, const void *v, size_t n)
{
	p[0] = (uint8_t)(0x80 | (6 + n) >> 8);
	p[1] = (uint8_t)(6 + n);
	p[2] = p[3] = 0;
	p[4] = (uint8_t)(type >> 8);
	p[5] = (uint8_t)type;
	memcpy(p + 6, v, n);
	return 6 + n;
}

/* A control message from addr: header (tid, ns, nr) and body. */
static void deliver(struct bench *b, const struct l2tp_addr *from,
		    uint16_t tid, uint16_t ns, uint16_t nr,
		    const uint8_t *body, size_t n)
{
	uint8_t pkt[1500] = { 0xc8, 0x02 };
	struct wire *w = wire_of(b, from, true);

	pkt[2] = (uint8_t)((12 + n) >> 8);
	pkt[3] = (uint8_t)(12 + n);
	pkt[4] = (uint8_t)(tid >> 8);
	pkt[5] = (uint8_t)tid;
	pkt[8] = (uint8_t)(ns >> 8);
	pkt[9] = (uint8_t)ns;
	pkt[10] = (uint8_t)(nr >> 8);
	pkt[11] = (uint8_t)nr;
	memcpy(pkt + 12, body, n);
	if (w)
		w->rx_bytes += 12 + n + IPV4_UDP;
	cur = b;
	l2tp_ctx_input(b->ctx, 1, from, pkt, 12 + n);
}

/* SCCRQ body: host name host, tunnel id ptid, Challenge if challenge. */
static size_t sccrq_body(uint8_t *p, const char *host, uint16_t ptid,
			 const char *challenge)
{
	static const uint8_t type[] = { 0, 1 }, ver[] = { 1, 0 };
	static const uint8_t framing[] = { 0, 0, 0, 3 };
	uint8_t id[2] = { (uint8_t)(ptid >> 8), (uint8_t)ptid };
	size_t n = 0;

	n += avp(p + n, L2TP_AVP_MESSAGE_TYPE, type, 2);
	n += avp(p + n, L2TP_AVP_PROTOCOL_VERSION, ver, 2);
	n += avp(p + n, L2TP_AVP_FRAMING_CAPS, framing, 4);
	n += avp(p + n, L2TP_AVP_HOST_NAME, host, strlen(host));
	n += avp(p + n, L2TP_AVP_ASSIGNED_TUNNEL_ID, id, 2);
	if (challenge)
		n += avp(p + n, L2TP_AVP_CHALLENGE, challenge,
			 strlen(challenge));
	return n;
}

static void sccrq(struct bench *b, const struct l2tp_addr *from,
		  const char *host, uint16_t ptid)
{
	uint8_t body[512];

	deliver(b, from, 0, 0, 0, body, sccrq_body(body, host, ptid, NULL));
}

static struct l2tp_msg dec;

/* The last message (not a ZLB) sent to addr, decoded; NULL if none. */
static const struct l2tp_msg *last_to(struct bench *b,
				      const struct l2tp_addr *a)
{
	struct wire *w = wire_of(b, a, false);
	struct l2tp_decode_error err;

	if (!w || !w->last_len)
		return NULL;
	ck_assert_msg(l2tp_msg_decode(w->last, w->last_len, NULL, &dec,
				      &err) == 0, "%s", err.text);
	return &dec;
}

/* A real client: SCCRQ, our SCCRP, SCCCN.  Our tunnel id. */
static uint16_t real_client(struct bench *b, const struct l2tp_addr *a,
			    uint16_t ptid)
{
	static const uint8_t scccn[] = { 0x80, 8, 0, 0, 0, 0, 0, 3 };
	const struct l2tp_msg *m;
	uint16_t tid;

	sccrq(b, a, "a-real-client.example.net", ptid);
	m = last_to(b, a);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->type, L2TP_MSG_SCCRP);
	tid = m->avps.assigned_tunnel_id;
	deliver(b, a, tid, 1, 1, scccn, sizeof(scccn));
	ck_assert(l2tp_tunnel_established(l2tp_tunnel_find(b->ctx, tid)));
	return tid;
}

START_TEST(source_over_its_budget_is_refused)
{
	struct l2tp_config cfg = config();
	struct bench *b;
	char ip[32];
	unsigned i;

	cfg.max_unverified_per_source = 3;
	b = bench_new(&cfg, 1);
	for (i = 1; i <= 5; i++) {
		snprintf(ip, sizeof(ip), "192.0.2.%u", i);
		sccrq(b, ADDR(ip, 1701), "spoofed", 7);
	}
	/* One /24: three unverified tunnels, two SCCRQs unanswered. */
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(b->ctx), 3);
	ck_assert_uint_eq(l2tp_ctx_stats(b->ctx)->sccrq_unverified_source_full,
			  2);
	ck_assert_uint_eq(wire_of(b, ADDR("192.0.2.4", 1701), false)->tx, 0);
	/* Another source has its own budget. */
	sccrq(b, ADDR("198.51.100.1", 1701), "other", 7);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(b->ctx), 4);
	/* A verified tunnel leaves the budget: its source may try again. */
	real_client(b, ADDR("198.51.100.2", 1701), 9);
	bench_free(b);
}
END_TEST

START_TEST(oldest_unverified_is_evicted_silently)
{
	struct l2tp_config cfg = config();
	struct bench *b;
	struct l2tp_addr a[5];
	uint16_t first = 0;
	char ip[32];
	unsigned i;

	cfg.max_tunnels = 64;
	cfg.max_unverified = 4;
	b = bench_new(&cfg, 2);
	for (i = 0; i < 5; i++) {
		snprintf(ip, sizeof(ip), "10.%u.0.1", i + 1);
		a[i] = v4(ip, 1701);
		sccrq(b, &a[i], "spoofed", 7);
		if (!i)
			first = last_to(b, &a[0])->avps.assigned_tunnel_id;
	}
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(b->ctx), 4);
	ck_assert_uint_eq(l2tp_ctx_stats(b->ctx)->unverified_evicted, 1);
	ck_assert_ptr_null(l2tp_tunnel_find(b->ctx, first));
	/* Its SCCRP was all it got: no StopCCN, no kernel object. */
	ck_assert_uint_eq(wire_of(b, &a[0], false)->tx, 1);
	ck_assert_uint_eq(b->k_tunnel_del, 0);
	/* The four newest are there. */
	for (i = 1; i < 5; i++)
		ck_assert_ptr_nonnull(l2tp_tunnel_find(b->ctx,
			last_to(b, &a[i])->avps.assigned_tunnel_id));
	bench_free(b);
}
END_TEST

/*
 * max_tunnels 32, 28 of them established, then a thousand spoofed SCCRQs
 * from a thousand sources: the established ones stay, and a real client
 * still gets in (before, the table was full and it was refused).
 */
START_TEST(flood_leaves_established_tunnels_and_room)
{
	struct l2tp_config cfg = config();
	struct bench *b;
	uint16_t tid[28];
	char ip[32];
	unsigned i;

	cfg.max_tunnels = 32;
	cfg.max_unverified = 4;
	b = bench_new(&cfg, 3);
	for (i = 0; i < 28; i++) {
		snprintf(ip, sizeof(ip), "172.16.%u.1", i);
		tid[i] = real_client(b, ADDR(ip, 1701),
				     (uint16_t)(i + 1));
	}
	for (i = 0; i < 1000; i++) {
		snprintf(ip, sizeof(ip), "10.200.%u.%u", i % 256, 1 + i / 256);
		sccrq(b, ADDR(ip, 1701), "x",
		      (uint16_t)(i + 1));
		if (i % 10 == 0)
			loop_advance(b->loop, 10);
	}
	ck_assert_uint_le(l2tp_ctx_tunnel_count(b->ctx), 32);
	ck_assert_uint_eq(l2tp_ctx_stats(b->ctx)->sccrq_table_full, 0);
	for (i = 0; i < 28; i++)
		ck_assert(l2tp_tunnel_established(l2tp_tunnel_find(b->ctx,
								   tid[i])));
	real_client(b, ADDR("198.51.100.9", 1701), 99);
	ck_assert_uint_eq(b->tunnel_up, 29);
	bench_free(b);
}
END_TEST

/*
 * A spoofed peer retransmits its short SCCRQ for a minute: at every
 * moment we sent it at most what it sent us, headers included, and the
 * daemon's counters agree with the wire's.
 */
START_TEST(never_more_bytes_than_received)
{
	struct l2tp_config cfg = config();
	struct l2tp_addr a = v4("203.0.113.50", 1701);
	const struct l2tp_ctx_stats *st;
	struct bench *b;
	struct wire *w;
	unsigned s;

	/* Our host name longer than the peer's: the full SCCRP is larger. */
	cfg.host_name = "lns-with-a-rather-long-host-name.example.net";
	b = bench_new(&cfg, 4);
	st = l2tp_ctx_stats(b->ctx);
	for (s = 0; s < 60; s++) {
		/* Its retransmissions: 1, 2, 4, 8 s apart, then every 8 s. */
		if (s == 0 || s == 1 || s == 3 || s == 7 || (s > 7 && s % 8 == 7))
			sccrq(b, &a, "x", 5);
		cur = b;
		loop_advance(b->loop, 1000);
		w = wire_of(b, &a, false);
		ck_assert_uint_le(w->tx_bytes, w->rx_bytes);
		ck_assert_uint_eq(w->zlbs, 0);
		ck_assert_uint_eq(st->unverified_rx_bytes, w->rx_bytes);
		ck_assert_uint_eq(st->unverified_tx_bytes, w->tx_bytes);
	}
	/* The SCCRP did go once credit came; the rest was held back. */
	ck_assert_uint_ge(w->tx, 1);
	ck_assert_uint_gt(st->tx_withheld_unverified, 0);
	bench_free(b);
}
END_TEST

/* Each AVP RFC 2661 requires in an SCCRP (and the challenge ones). */
static void has_mandatory(const struct l2tp_msg *m)
{
	ck_assert_uint_eq(m->type, L2TP_MSG_SCCRP);
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_PROTOCOL_VERSION));
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_FRAMING_CAPS));
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_HOST_NAME));
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_ASSIGNED_TUNNEL_ID));
	ck_assert_uint_ne(m->avps.assigned_tunnel_id, 0);
}

START_TEST(sccrp_trimmed_to_budget_keeps_mandatory_avps)
{
	static const uint8_t secret[] = "s3cret";
	struct l2tp_config cfg = config();
	struct l2tp_addr a = v4("203.0.113.60", 1701);
	struct l2tp_addr c = v4("203.0.113.61", 1701);
	const struct l2tp_msg *m;
	uint8_t body[512], resp[16];
	struct bench *b;

	/* A generous SCCRQ: the whole SCCRP. */
	b = bench_new(&cfg, 5);
	sccrq(b, &a, "a-client-with-a-host-name-long-enough-for-all", 5);
	m = last_to(b, &a);
	has_mandatory(m);
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_VENDOR_NAME));
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_RECEIVE_WINDOW_SIZE));
	ck_assert_uint_le(wire_of(b, &a, false)->last_len + IPV4_UDP,
			  wire_of(b, &a, false)->rx_bytes);
	bench_free(b);

	/* A short one: optional AVPs left out, Receive Window Size last. */
	b = bench_new(&cfg, 6);
	sccrq(b, &a, "abcdefghijkl", 5);
	m = last_to(b, &a);
	has_mandatory(m);
	ck_assert(!l2tp_avp_has(&m->avps, L2TP_AVP_VENDOR_NAME));
	ck_assert(!l2tp_avp_has(&m->avps, L2TP_AVP_FIRMWARE_REVISION));
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_RECEIVE_WINDOW_SIZE));
	ck_assert_uint_le(wire_of(b, &a, false)->tx_bytes,
			  wire_of(b, &a, false)->rx_bytes);
	bench_free(b);

	/* With a secret: our Challenge and the Challenge Response stay. */
	cfg.secret = secret;
	cfg.secret_len = sizeof(secret) - 1;
	b = bench_new(&cfg, 7);
	deliver(b, &c, 0, 0, 0, body,
		sccrq_body(body, "a-lac-whose-name-pays-for-two-md5s-....",
			   5, "abcd"));
	m = last_to(b, &c);
	ck_assert_ptr_nonnull(m);
	has_mandatory(m);
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE));
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE_RESPONSE));
	l2tp_challenge_response(2, secret, sizeof(secret) - 1,
				(const uint8_t *)"abcd", 4, resp);
	ck_assert_mem_eq(m->avps.challenge_response, resp, 16);
	ck_assert_uint_le(wire_of(b, &c, false)->tx_bytes,
			  wire_of(b, &c, false)->rx_bytes);
	bench_free(b);

	/* Too short even for those: nothing until it retransmits. */
	b = bench_new(&cfg, 8);
	deliver(b, &c, 0, 0, 0, body, sccrq_body(body, "x", 5, "abcd"));
	ck_assert_ptr_null(last_to(b, &c));
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(b->ctx), 1);
	cur = b;
	loop_advance(b->loop, 900);
	deliver(b, &c, 0, 0, 0, body, sccrq_body(body, "x", 5, "abcd"));
	cur = b;
	loop_advance(b->loop, 200);	/* our first retransmission */
	m = last_to(b, &c);
	ck_assert_ptr_nonnull(m);
	has_mandatory(m);
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE_RESPONSE));
	ck_assert_uint_le(wire_of(b, &c, false)->tx_bytes,
			  wire_of(b, &c, false)->rx_bytes);
	bench_free(b);
}
END_TEST

/*
 * Junk of every class gets no reply at all (no StopCCN to an unknown
 * tunnel, no CDN to an unknown session: a spoofed source would get them)
 * and lands in its own counter.
 */
START_TEST(junk_unanswered_and_counted)
{
	struct l2tp_config cfg = config();
	struct bench *b = bench_new(&cfg, 11);
	const struct l2tp_addr *a = ADDR("203.0.113.9", 1701);
	const struct l2tp_ctx_stats *st = l2tp_ctx_stats(b->ctx);
	static const uint8_t hello[] = { 0x80, 8, 0, 0, 0, 0, 0, 6 };
	static const uint8_t v3[12] = { 0xc8, 0x03, 0, 12 };
	static const uint8_t data[] = { 0x00, 0x02, 0x12, 0x34, 0, 5,
					0xff, 0x03, 0xc0, 0x21 };
	const uint8_t *ppp;
	size_t ppp_len;
	uint8_t body[512];
	size_t n;
	struct wire *w;

	deliver(b, a, 0x1234, 0, 0, hello, sizeof(hello));
	ck_assert_uint_eq(st->ctl_unknown_tunnel, 1);
	deliver(b, a, 0, 0, 0, hello, sizeof(hello));
	ck_assert_uint_eq(st->ctl_not_sccrq_to_tunnel0, 1);
	n = sccrq_body(body, "x", 0, NULL);
	deliver(b, a, 0, 0, 0, body, n);
	ck_assert_uint_eq(st->ctl_bad_sccrq, 1);
	deliver(b, a, 0, 0, 0, body, 8);	/* no Assigned Tunnel ID */
	ck_assert_uint_eq(st->ctl_bad_sccrq, 2);
	l2tp_ctx_input(b->ctx, 1, a, v3, sizeof(v3));
	ck_assert_uint_eq(st->ctl_bad_header, 1);
	ck_assert_ptr_null(l2tp_ctx_data_input(b->ctx, 1, a, data,
					       sizeof(data), &ppp, &ppp_len));
	ck_assert_uint_eq(st->data_unknown_session, 1);
	w = wire_of(b, a, false);
	ck_assert_ptr_nonnull(w);
	ck_assert_uint_eq(w->tx, 0);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(b->ctx), 0);
	bench_free(b);
}
END_TEST

/* The bucket of the peer hash holding the context's only tunnel. */
static unsigned peer_bucket(uint32_t seed)
{
	struct l2tp_config cfg = config();
	struct bench *b = bench_new(&cfg, seed);
	struct l2tp_addr a = v4("192.0.2.77", 1701);
	unsigned i, found = ~0u;

	sccrq(b, &a, "x", 1);
	for (i = 0; i < (1u << PEER_HASH_BITS); i++)
		if (b->ctx->by_peer[i]) {
			ck_assert_uint_eq(found, ~0u);
			found = i;
		}
	ck_assert_uint_ne(found, ~0u);
	bench_free(b);
	return found;
}

/*
 * The same peer lands in different buckets in contexts with different
 * keys: the hash depends on the per-start key, so a peer cannot pick
 * addresses and ids that share one chain (before, FNV with no key put it
 * in the same bucket every time).
 */
START_TEST(peer_hash_is_keyed)
{
	unsigned seed, first = peer_bucket(1), differ = 0;

	for (seed = 2; seed < 10; seed++)
		differ += peer_bucket(seed) != first;
	ck_assert_uint_ge(differ, 6);
}
END_TEST

Suite *l2tp_unverified_suite(void);

Suite *l2tp_unverified_suite(void)
{
	Suite *s = suite_create("l2tp_unverified");
	TCase *tc = tcase_create("budget");

	tcase_add_test(tc, source_over_its_budget_is_refused);
	tcase_add_test(tc, oldest_unverified_is_evicted_silently);
	tcase_add_test(tc, flood_leaves_established_tunnels_and_room);
	tcase_add_test(tc, never_more_bytes_than_received);
	tcase_add_test(tc, sccrp_trimmed_to_budget_keeps_mandatory_avps);
	tcase_add_test(tc, peer_hash_is_keyed);
	tcase_add_test(tc, junk_unanswered_and_counted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(l2tp_unverified_suite());
	int failed;

	log_init(getenv("L2TP_TEST_DEBUG") ? LOG_DEBUG : LOG_ERR, false,
		 "test");
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
