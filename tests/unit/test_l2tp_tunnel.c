// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tunnel and session state machines (RFC 2661 section 7) driven by a
 * scripted peer on the virtual clock, with a fake kernel; two of our own
 * contexts talking as LAC and LNS; and real-client quirks replayed from
 * byte vectors (Windows, Apple, Android mtpd, MikroTik, Watchguard).
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/challenge.h"
#include "l2tp/l2tp.h"
#include "l2tp/message.h"
#include "log.h"
#include "log_capture.h"
#include "loop.h"

/* ---- byte vector helpers: AVPs as initializer lists ---------------- */

#define A_HDR(m, len, type) ((m) ? 0x80 : 0x00), (len), 0x00, 0x00, \
	(((type) >> 8) & 0xff), ((type) & 0xff)
#define A_MSG(t)	A_HDR(1, 8, 0), 0x00, (t)
#define A_U16(m, type, v) A_HDR(m, 8, type), (((v) >> 8) & 0xff), ((v) & 0xff)
#define A_U32(m, type, v) A_HDR(m, 10, type), (((v) >> 24) & 0xff), \
	(((v) >> 16) & 0xff), (((v) >> 8) & 0xff), ((v) & 0xff)
#define A_VER		A_HDR(1, 8, 2), 0x01, 0x00
#define A_FRAMING	A_U32(1, 3, 3)
/* 90 bytes of host name. */
#define LONG_NAME_10	'c', 'l', 'i', 'e', 'n', 't', '-', 'n', 'a', 'm'
#define LONG_NAME_90	LONG_NAME_10, LONG_NAME_10, LONG_NAME_10, \
	LONG_NAME_10, LONG_NAME_10, LONG_NAME_10, LONG_NAME_10, LONG_NAME_10, \
	LONG_NAME_10

/* ---- harness --------------------------------------------------------- */

#define MAX_OUT 512

struct peer {
	struct l2tp_addr addr;
	uint16_t ns;		/* next Ns the peer sends */
	uint16_t nr;		/* next Ns the peer expects from us */
	uint16_t our_tid;	/* our tunnel id, from SCCRP */
	uint16_t our_sid;	/* our session id, from ICRP */
};

struct out_pkt {
	struct l2tp_addr to;
	size_t len;
	uint8_t data[1500];
};

struct harness {
	struct loop *loop;
	struct l2tp_ctx *ctx;
	struct out_pkt out[MAX_OUT];
	unsigned n_out;
	struct peer *peers[8];
	unsigned n_peers;
	/* fake kernel */
	unsigned k_tunnel_add, k_tunnel_del, k_session_add, k_session_del;
	unsigned k_session_modify;
	unsigned k_add_n_out;	/* n_out when the last session was added */
	struct l2tp_session_info k_last_session;
	int k_fail_session;
	/* hooks */
	unsigned tunnel_up, tunnel_down, session_up, session_down, wen, sli;
	unsigned session_added;
	/* session_admit: its answer, and how often it was asked */
	uint16_t admit_result;
	const char *admit_msg;
	unsigned admit_calls;
	uint16_t down_result, down_cause;
	uint32_t sli_send;
	/* A second context on the other end of a wire, if any. */
	struct harness *other;
	struct l2tp_addr self_addr;
};

static struct l2tp_msg dec;
static struct l2tp_decode_error derr;
static uint32_t rand_state = 1;

static void test_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--) {
		rand_state = rand_state * 1664525u + 1013904223u;
		*p++ = (uint8_t)(rand_state >> 24);
	}
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool addr_eq(const struct l2tp_addr *a, const struct l2tp_addr *b)
{
	return a->sin.sin_port == b->sin.sin_port &&
	       a->sin.sin_addr.s_addr == b->sin.sin_addr.s_addr;
}

static struct l2tp_addr v4(const char *ip, uint16_t port)
{
	struct l2tp_addr a;

	memset(&a, 0, sizeof(a));
	a.sin.sin_family = AF_INET;
	a.sin.sin_port = htons(port);
	inet_pton(AF_INET, ip, &a.sin.sin_addr);
	a.len = sizeof(a.sin);
	return a;
}

static void h_send(void *arg, uint32_t sock, const struct l2tp_addr *to,
		   const uint8_t *pkt, size_t len)
{
	struct harness *h = arg;
	unsigned i;

	ck_assert_uint_lt(h->n_out, MAX_OUT);
	ck_assert_uint_le(len, sizeof(h->out[0].data));
	h->out[h->n_out].to = *to;
	h->out[h->n_out].len = len;
	memcpy(h->out[h->n_out].data, pkt, len);
	h->n_out++;
	/* The scripted peer receives in order: it acknowledges. */
	for (i = 0; i < h->n_peers; i++) {
		struct peer *p = h->peers[i];

		if (addr_eq(&p->addr, to) && len > 12 && be16(pkt + 8) == p->nr)
			p->nr++;
	}
}

static int k_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	struct harness *h = arg;

	ck_assert_uint_ne(ti->tunnel_id, 0);
	h->k_tunnel_add++;
	return 0;
}

static void k_tunnel_del(void *arg, uint16_t tid)
{
	((struct harness *)arg)->k_tunnel_del++;
}

static int k_session_add(void *arg, const struct l2tp_session_info *si)
{
	struct harness *h = arg;

	if (h->k_fail_session)
		return h->k_fail_session;
	h->k_session_add++;
	h->k_add_n_out = h->n_out;
	h->k_last_session = *si;
	return 0;
}

static void k_session_del(void *arg, uint16_t tid, uint16_t sid)
{
	((struct harness *)arg)->k_session_del++;
}

static int k_session_modify(void *arg, const struct l2tp_session_info *si)
{
	struct harness *h = arg;

	h->k_session_modify++;
	h->k_last_session = *si;
	return 0;
}

static void hk_tunnel_up(void *arg, struct l2tp_tunnel *t)
{
	((struct harness *)arg)->tunnel_up++;
}

static void hk_tunnel_down(void *arg, struct l2tp_tunnel *t)
{
	((struct harness *)arg)->tunnel_down++;
}

static void hk_session_added(void *arg, struct l2tp_session *s)
{
	((struct harness *)arg)->session_added++;
}

static void hk_session_up(void *arg, struct l2tp_session *s)
{
	((struct harness *)arg)->session_up++;
}

static void hk_session_down(void *arg, struct l2tp_session *s)
{
	struct harness *h = arg;

	h->session_down++;
	h->down_result = l2tp_session_result(s);
	h->down_cause = l2tp_session_disconnect_cause(s);
}

static void hk_wen(void *arg, struct l2tp_session *s,
		   const struct l2tp_call_errors *e)
{
	((struct harness *)arg)->wen++;
}

static void hk_sli(void *arg, struct l2tp_session *s, uint32_t snd, uint32_t rcv)
{
	struct harness *h = arg;

	h->sli++;
	h->sli_send = snd;
}

static uint16_t hk_admit(void *arg, struct l2tp_tunnel *t,
			 const char **message)
{
	struct harness *h = arg;

	h->admit_calls++;
	if (h->admit_result)
		*message = h->admit_msg;
	return h->admit_result;
}

static const struct l2tp_kernel_ops kops = {
	.tunnel_add = k_tunnel_add, .tunnel_del = k_tunnel_del,
	.session_add = k_session_add, .session_del = k_session_del,
	.session_modify = k_session_modify,
};

static const struct l2tp_hooks hooks = {
	.send = h_send,
	.tunnel_up = hk_tunnel_up,
	.tunnel_down = hk_tunnel_down,
	.session_added = hk_session_added,
	.session_up = hk_session_up,
	.session_down = hk_session_down,
	.session_wen = hk_wen,
	.session_sli = hk_sli,
	.session_admit = hk_admit,
};

static struct l2tp_config base_config(void)
{
	return (struct l2tp_config){
		.host_name = "lns",
		.accept_icrq = true,
		.accept_ocrq = true,
		.hello_interval_ms = 60000,
		.random_bytes = test_random,
	};
}

static struct harness *harness_new(const struct l2tp_config *cfg,
				   struct loop *loop)
{
	struct harness *h = calloc(1, sizeof(*h));

	ck_assert_ptr_nonnull(h);
	h->loop = loop ? loop : loop_new_virtual(0);
	h->ctx = l2tp_ctx_new(h->loop, cfg, &kops, h, &hooks, h);
	ck_assert_ptr_nonnull(h->ctx);
	return h;
}

static void harness_free(struct harness *h, bool free_loop)
{
	l2tp_ctx_free(h->ctx);
	if (free_loop)
		loop_free(h->loop);
	free(h);
}

static struct peer *peer_new(struct harness *h, const char *ip, uint16_t port)
{
	struct peer *p = calloc(1, sizeof(*p));

	ck_assert_ptr_nonnull(p);
	p->addr = v4(ip, port);
	ck_assert_uint_lt(h->n_peers, 8);
	h->peers[h->n_peers++] = p;
	return p;
}

/* Send body (AVPs) from p as a control message with explicit Ns. */
static void send_ns(struct harness *h, struct peer *p, uint16_t tid,
		    uint16_t sid, uint16_t ns, const uint8_t *body, size_t len)
{
	uint8_t pkt[1500] = { 0xc8, 0x02 };

	pkt[2] = (uint8_t)((12 + len) >> 8);
	pkt[3] = (uint8_t)(12 + len);
	pkt[4] = (uint8_t)(tid >> 8);
	pkt[5] = (uint8_t)tid;
	pkt[6] = (uint8_t)(sid >> 8);
	pkt[7] = (uint8_t)sid;
	pkt[8] = (uint8_t)(ns >> 8);
	pkt[9] = (uint8_t)ns;
	pkt[10] = (uint8_t)(p->nr >> 8);
	pkt[11] = (uint8_t)p->nr;
	if (len)
		memcpy(pkt + 12, body, len);
	l2tp_ctx_input(h->ctx, 1, &p->addr, pkt, 12 + len);
}

static void send_body(struct harness *h, struct peer *p, uint16_t tid,
		      uint16_t sid, const uint8_t *body, size_t len)
{
	send_ns(h, p, tid, sid, p->ns++, body, len);
}

#define SEND(h, p, tid, sid, ...) do { \
	static const uint8_t body_[] = { __VA_ARGS__ }; \
	send_body(h, p, tid, sid, body_, sizeof(body_)); \
} while (0)

/* Decode the i-th captured datagram into dec. */
static const struct l2tp_msg *out_msg(struct harness *h, unsigned i)
{
	ck_assert_uint_lt(i, h->n_out);
	ck_assert_msg(l2tp_msg_decode(h->out[i].data, h->out[i].len, NULL, &dec,
				      &derr) == 0, "%s", derr.text);
	return &dec;
}

/* The last non-ZLB message sent to p, decoded. */
static const struct l2tp_msg *last_to(struct harness *h, struct peer *p)
{
	unsigned i;

	for (i = h->n_out; i-- > 0;)
		if (addr_eq(&h->out[i].to, &p->addr) && h->out[i].len > 12)
			return out_msg(h, i);
	ck_abort_msg("nothing sent to the peer");
	return NULL;
}

static unsigned count_type(struct harness *h, struct peer *p, uint16_t type)
{
	unsigned i, n = 0;

	for (i = 0; i < h->n_out; i++)
		if (addr_eq(&h->out[i].to, &p->addr) && h->out[i].len > 12 &&
		    out_msg(h, i)->type == type)
			n++;
	return n;
}

/*
 * Index of the first message of type sent, or n_out if none.  Read from
 * the Message Type AVP, always first and never hidden (RFC 2661 4.2).
 */
static unsigned first_sent(struct harness *h, uint16_t type)
{
	unsigned i;

	for (i = 0; i < h->n_out; i++)
		if (h->out[i].len >= 20 && be16(h->out[i].data + 18) == type)
			return i;
	return h->n_out;
}

/* Standard SCCRQ/SCCCN of a client with tunnel id ptid and window rws. */
static void client_open_tunnel(struct harness *h, struct peer *p,
			       uint16_t ptid, uint16_t rws)
{
	const uint8_t sccrq[] = {
		A_MSG(1), A_VER, A_FRAMING,
		A_HDR(1, 12, 7), 'c', 'l', 'i', 'e', 'n', 't',
		A_U16(1, 9, ptid), A_U16(1, 10, rws),
	};
	const struct l2tp_msg *m;

	send_body(h, p, 0, 0, sccrq, sizeof(sccrq));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_SCCRP);
	ck_assert_uint_eq(m->tunnel_id, ptid);
	p->our_tid = m->avps.assigned_tunnel_id;
	ck_assert_uint_ne(p->our_tid, 0);
	SEND(h, p, p->our_tid, 0, A_MSG(3));
}

static void client_open_session(struct harness *h, struct peer *p,
				uint16_t psid)
{
	const uint8_t icrq[] = { A_MSG(10), A_U16(1, 14, psid),
				 A_U32(1, 15, 1) };
	const struct l2tp_msg *m;

	send_body(h, p, p->our_tid, 0, icrq, sizeof(icrq));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_ICRP);
	ck_assert_uint_eq(m->session_id, psid);
	p->our_sid = m->avps.assigned_session_id;
	SEND(h, p, p->our_tid, p->our_sid, A_MSG(12), A_U32(1, 24, 10000000),
	     A_U32(1, 19, 1));
}

/* ---- state machine tests --------------------------------------------- */

START_TEST(lns_full_lifecycle)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.10", 1701);
	struct l2tp_tunnel *t;
	const struct l2tp_msg *m;

	client_open_tunnel(h, p, 77, 4);
	m = out_msg(h, 0);
	ck_assert_uint_eq(m->avps.protocol_version, 0x0100);
	ck_assert_uint_eq(m->avps.host_name.len, strlen("lns"));
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_RECEIVE_WINDOW_SIZE));
	ck_assert(!l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE));
	t = l2tp_tunnel_find(h->ctx, p->our_tid);
	ck_assert_ptr_nonnull(t);
	ck_assert(l2tp_tunnel_established(t));
	ck_assert_str_eq(l2tp_tunnel_peer_host(t), "client");
	ck_assert_uint_eq(h->k_tunnel_add, 1);
	ck_assert_uint_eq(h->tunnel_up, 1);

	client_open_session(h, p, 0x0505);
	ck_assert_uint_eq(h->session_up, 1);
	ck_assert_uint_eq(h->k_session_add, 1);
	ck_assert_uint_eq(h->k_last_session.peer_session_id, 0x0505);
	ck_assert_uint_eq(h->k_last_session.tunnel_id, p->our_tid);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 1);

	/* SLI and WEN go to the session layer. */
	SEND(h, p, p->our_tid, p->our_sid, A_MSG(16),
	     A_HDR(1, 16, 35), 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0);
	ck_assert_uint_eq(h->sli, 1);
	ck_assert_uint_eq(h->sli_send, 0xffffffff);
	SEND(h, p, p->our_tid, p->our_sid, A_MSG(15),
	     A_HDR(1, 32, 34), 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3,
	     0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6);
	ck_assert_uint_eq(h->wen, 1);

	/* The peer hangs up with a Q.931 cause. */
	SEND(h, p, p->our_tid, p->our_sid, A_MSG(14),
	     A_HDR(1, 10, 1), 0, 3, 0, 0, A_U16(1, 14, 0x0505),
	     A_HDR(1, 11, 12), 0, 16, 0x5a, 'b', 'y');
	ck_assert_uint_eq(h->session_down, 1);
	ck_assert_uint_eq(h->down_result, L2TP_CDN_ADMIN);
	ck_assert_uint_eq(h->down_cause, 16);
	ck_assert_uint_eq(h->k_session_del, 1);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 0);

	/* StopCCN from the peer: closing, then gone after the linger. */
	SEND(h, p, p->our_tid, 0, A_MSG(4), A_U16(1, 9, 77),
	     A_HDR(1, 8, 1), 0, 1);
	ck_assert_str_eq(l2tp_tunnel_state_name(t), "closing");
	ck_assert_uint_eq(h->k_tunnel_del, 1);
	/* Acknowledged at once. */
	ck_assert_uint_eq(h->out[h->n_out - 1].len, 12);
	loop_advance(h->loop, 31000);
	ck_assert_ptr_null(l2tp_tunnel_find(h->ctx, p->our_tid));
	ck_assert_uint_eq(h->tunnel_down, 1);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 0);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(lns_closes_tunnel_with_sessions)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.11", 1701);
	const struct l2tp_msg *m;

	client_open_tunnel(h, p, 5, 4);
	client_open_session(h, p, 9);
	l2tp_tunnel_close(l2tp_tunnel_find(h->ctx, p->our_tid),
			  L2TP_STOPCCN_SHUTTING_DOWN, 0, "maintenance");
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_STOPCCN);
	ck_assert_uint_eq(m->avps.assigned_tunnel_id, p->our_tid);
	ck_assert_uint_eq(m->avps.result.result, L2TP_STOPCCN_SHUTTING_DOWN);
	ck_assert_uint_eq(m->avps.result.message.len, 11);
	ck_assert_uint_eq(h->session_down, 1);
	/* The kernel drops the tunnel's sessions with it, in one batch. */
	ck_assert_uint_eq(h->k_session_del, 0);
	ck_assert_uint_eq(h->k_tunnel_del, 1);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(tunnel_authentication)
{
	static const uint8_t secret[] = "s3cret";
	struct l2tp_config cfg = base_config();
	struct harness *h;
	struct peer *p;
	const struct l2tp_msg *m;
	uint8_t body[256], resp[16], our_challenge[16];
	size_t n;
	static const uint8_t sccrq[] = {
		/* As long as a real one: our SCCRP has two 16-byte AVPs. */
		A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 96, 7), LONG_NAME_90,
		A_U16(1, 9, 3),
		A_HDR(1, 10, 11), 'a', 'b', 'c', 'd',
	};

	cfg.secret = secret;
	cfg.secret_len = sizeof(secret) - 1;
	h = harness_new(&cfg, NULL);
	p = peer_new(h, "192.0.2.12", 1701);
	send_body(h, p, 0, 0, sccrq, sizeof(sccrq));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_SCCRP);
	/* Our answer: MD5(2 + secret + "abcd"). */
	l2tp_challenge_response(2, secret, sizeof(secret) - 1,
				(const uint8_t *)"abcd", 4, resp);
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE_RESPONSE));
	ck_assert_mem_eq(m->avps.challenge_response, resp, 16);
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE));
	ck_assert_uint_eq(m->avps.challenge.len, 16);
	memcpy(our_challenge, m->avps.challenge.data, 16);
	p->our_tid = m->avps.assigned_tunnel_id;

	/* SCCCN with a wrong response: StopCCN result 4. */
	l2tp_challenge_response(2, secret, sizeof(secret) - 1, our_challenge,
				16, resp);	/* id 2: wrong for SCCCN */
	n = 0;
	memcpy(body, (const uint8_t[]){ A_MSG(3), A_HDR(1, 22, 13) }, 14);
	n = 14;
	memcpy(body + n, resp, 16);
	n += 16;
	send_body(h, p, p->our_tid, 0, body, n);
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_STOPCCN);
	ck_assert_uint_eq(m->avps.result.result, L2TP_STOPCCN_NOT_AUTHORIZED);
	ck_assert_uint_eq(h->k_tunnel_add, 0);

	/* A fresh client with the right response gets in. */
	p = peer_new(h, "192.0.2.13", 1701);
	send_body(h, p, 0, 0, sccrq, sizeof(sccrq));
	m = last_to(h, p);
	memcpy(our_challenge, m->avps.challenge.data, 16);
	p->our_tid = m->avps.assigned_tunnel_id;
	l2tp_challenge_response(3, secret, sizeof(secret) - 1, our_challenge,
				16, resp);
	memcpy(body + 14, resp, 16);
	send_body(h, p, p->our_tid, 0, body, n);
	ck_assert(l2tp_tunnel_established(l2tp_tunnel_find(h->ctx, p->our_tid)));
	free(h->peers[0]);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(challenge_without_secret_refused)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.14", 1701);
	const struct l2tp_msg *m;

	SEND(h, p, 0, 0, A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 7, 7), 'x',
	     A_U16(1, 9, 3), A_HDR(1, 8, 11), 'a', 'b');
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_STOPCCN);
	ck_assert_uint_eq(m->avps.result.result, L2TP_STOPCCN_NOT_AUTHORIZED);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(bad_protocol_version)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.15", 1701);
	const struct l2tp_msg *m;

	/* Long enough for the StopCCN: the peer is not verified yet. */
	SEND(h, p, 0, 0, A_MSG(1), A_HDR(1, 8, 2), 0x02, 0x00, A_FRAMING,
	     A_HDR(1, 12, 7), 'c', 'l', 'i', 'e', 'n', 't', A_U16(1, 9, 3));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_STOPCCN);
	ck_assert_uint_eq(m->avps.result.result,
			  L2TP_STOPCCN_BAD_PROTOCOL_VERSION);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(unknown_mandatory_avp_clears_scope)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.16", 1701);
	const struct l2tp_msg *m;

	client_open_tunnel(h, p, 3, 4);
	/* In ICRQ: the call is refused with CDN, the tunnel stays. */
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 44), A_U32(1, 15, 1),
	     A_HDR(1, 7, 99), 1);
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(m->session_id, 44);
	ck_assert_uint_eq(m->avps.result.error, L2TP_ERR_UNKNOWN_MANDATORY_AVP);
	ck_assert(l2tp_tunnel_established(l2tp_tunnel_find(h->ctx, p->our_tid)));
	/* In HELLO: the tunnel goes. */
	SEND(h, p, p->our_tid, 0, A_MSG(6), A_HDR(1, 7, 99), 1);
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_STOPCCN);
	ck_assert_uint_eq(m->avps.result.error, L2TP_ERR_UNKNOWN_MANDATORY_AVP);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(unexpected_message_is_fsm_error)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.17", 1701);
	const struct l2tp_msg *m;

	client_open_tunnel(h, p, 3, 4);
	/* ICCN for a session that is waiting for nothing. */
	client_open_session(h, p, 8);
	SEND(h, p, p->our_tid, p->our_sid, A_MSG(12), A_U32(1, 24, 1),
	     A_U32(1, 19, 1));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(h->session_down, 1);
	/* SCCRP on an established tunnel. */
	SEND(h, p, p->our_tid, 0, A_MSG(2), A_VER, A_FRAMING, A_HDR(1, 7, 7),
	     'x', A_U16(1, 9, 3));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_STOPCCN);
	ck_assert_uint_eq(m->avps.result.result, L2TP_STOPCCN_FSM_ERROR);
	harness_free(h, true);
	free(p);
}
END_TEST

/* A PPP frame of the peer's session, as the kernel passes it up. */
static void data_from(struct harness *h, struct peer *p)
{
	uint8_t pkt[20] = { 0x40, 0x02, 0x00, 20 };
	const uint8_t *ppp;
	size_t ppp_len;

	pkt[4] = (uint8_t)(p->our_tid >> 8);
	pkt[5] = (uint8_t)p->our_tid;
	pkt[6] = (uint8_t)(p->our_sid >> 8);
	pkt[7] = (uint8_t)p->our_sid;
	memcpy(pkt + 8, "\xff\x03\xc0\x21\x09\x01\x00\x08\0\0\0\0", 12);
	ck_assert_ptr_nonnull(l2tp_ctx_data_input(h->ctx, 1, &p->addr, pkt,
						  sizeof(pkt), &ppp, &ppp_len));
}

/*
 * The HELLO goes exactly hello_interval (60 s) after the last control
 * message received (RFC 2661 5.5, 6.5), to the millisecond of the loop's
 * clock, whether that message came early or late in the interval; data
 * (here a PPP frame passed up) does not postpone it.  Our HELLO's
 * acknowledgement is a message received: the next one is 60 s after it.
 */
START_TEST(hello_after_idle)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.18", 1701);
	uint64_t last_rx;

	client_open_tunnel(h, p, 3, 4);
	client_open_session(h, p, 8);
	/* The peer's HELLO at +40 s: ours is due at exactly +100 s. */
	loop_advance(h->loop, 40000);
	SEND(h, p, p->our_tid, 0, A_MSG(6));
	last_rx = loop_now(h->loop);
	loop_advance(h->loop, 30000);
	data_from(h, p);
	loop_advance(h->loop, 29999);
	ck_assert_uint_eq(loop_now(h->loop), last_rx + 59999);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_HELLO), 0);
	loop_advance(h->loop, 1);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_HELLO), 1);
	/* Acknowledged 250 ms later: the next one 60 s after the ZLB. */
	loop_advance(h->loop, 250);
	send_ns(h, p, p->our_tid, 0, p->ns, NULL, 0);
	last_rx = loop_now(h->loop);
	loop_advance(h->loop, 59999);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_HELLO), 1);
	loop_advance(h->loop, 1);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_HELLO), 2);
	ck_assert_uint_eq(loop_now(h->loop), last_rx + 60000);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(setup_timeout)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.22", 1701);
	const struct l2tp_msg *m;

	/*
	 * A host name as long as some: the peer is not verified, so the
	 * StopCCN too must fit in what it sent (its SCCRQ and ZLB).
	 */
	SEND(h, p, 0, 0, A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 96, 7),
	     LONG_NAME_90, A_U16(1, 9, 3));
	p->our_tid = last_to(h, p)->avps.assigned_tunnel_id;
	/* The client acknowledges SCCRP, then never sends SCCCN. */
	send_ns(h, p, p->our_tid, 0, p->ns, NULL, 0);
	loop_advance(h->loop, 60000);
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_STOPCCN);
	ck_assert_uint_eq(h->k_tunnel_add, 0);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(session_setup_timeout)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.27", 1701);
	const struct l2tp_msg *m;
	struct l2tp_tunnel *t;

	client_open_tunnel(h, p, 3, 4);
	t = l2tp_tunnel_find(h->ctx, p->our_tid);
	/* ICRQ answered, ICRP acknowledged, ICCN never comes. */
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 12), A_U32(1, 15, 1));
	send_ns(h, p, p->our_tid, 0, p->ns, NULL, 0);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 1);
	/* Keep the tunnel busy so only the call times out. */
	loop_advance(h->loop, 59000);
	SEND(h, p, p->our_tid, 0, A_MSG(6));
	loop_advance(h->loop, 1000);
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(m->avps.result.result, L2TP_CDN_TIMEOUT);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 0);
	ck_assert(l2tp_tunnel_established(t));
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(peer_dead_drops_tunnel)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.19", 1701);

	client_open_tunnel(h, p, 3, 4);
	client_open_session(h, p, 8);
	/* The peer vanishes: HELLO at 60 s is never acknowledged. */
	h->n_peers = 0;
	loop_advance(h->loop, 60000 + 31000);
	ck_assert_ptr_null(l2tp_tunnel_find(h->ctx, p->our_tid));
	ck_assert_uint_eq(h->session_down, 1);
	ck_assert_uint_eq(h->k_session_del, 0);
	ck_assert_uint_eq(h->k_tunnel_del, 1);
	ck_assert_uint_eq(h->tunnel_down, 1);
	harness_free(h, true);
	free(p);
}
END_TEST

/*
 * A tunnel that goes (abort, or the whole context) takes its sessions
 * with one kernel tunnel_del; every session_down hook still runs.  A
 * session hung up alone is deleted alone.
 */
START_TEST(tunnel_teardown_is_one_kernel_operation)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.40", 1701);
	struct peer *q = peer_new(h, "192.0.2.41", 1701);
	uint16_t psid;

	client_open_tunnel(h, p, 3, 4);
	for (psid = 1; psid <= 3; psid++)
		client_open_session(h, p, psid);
	client_open_tunnel(h, q, 4, 4);
	for (psid = 1; psid <= 2; psid++)
		client_open_session(h, q, psid);
	ck_assert_uint_eq(h->k_session_add, 5);
	/* One call of q hangs up alone: its own session_del. */
	SEND(h, q, q->our_tid, q->our_sid, A_MSG(14), A_HDR(1, 10, 1), 0, 3,
	     0, 0, A_U16(1, 14, 2));
	ck_assert_uint_eq(h->k_session_del, 1);
	ck_assert_uint_eq(h->session_down, 1);

	l2tp_tunnel_abort(l2tp_tunnel_find(h->ctx, p->our_tid), "test");
	ck_assert_uint_eq(h->session_down, 4);
	ck_assert_uint_eq(h->k_session_del, 1);
	ck_assert_uint_eq(h->k_tunnel_del, 1);

	l2tp_ctx_free(h->ctx);
	h->ctx = NULL;
	ck_assert_uint_eq(h->session_down, 5);
	ck_assert_uint_eq(h->k_session_del, 1);
	ck_assert_uint_eq(h->k_tunnel_del, 2);
	harness_free(h, true);
	free(p);
	free(q);
}
END_TEST

/* A CDN naming the call by our peer's id only (header session 0). */
START_TEST(cdn_by_assigned_session_id_only)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.42", 1701);
	struct l2tp_tunnel *t;

	client_open_tunnel(h, p, 3, 4);
	client_open_session(h, p, 0x0101);
	client_open_session(h, p, 0x0202);
	t = l2tp_tunnel_find(h->ctx, p->our_tid);
	/* Assigned Session ID 0 names nobody. */
	SEND(h, p, p->our_tid, 0, A_MSG(14), A_HDR(1, 10, 1), 0, 3, 0, 0,
	     A_U16(1, 14, 0));
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 2);
	SEND(h, p, p->our_tid, 0, A_MSG(14), A_HDR(1, 10, 1), 0, 3, 0, 0,
	     A_U16(1, 14, 0x0101));
	ck_assert_uint_eq(h->session_down, 1);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 1);
	/* The other one is still found by its own id. */
	ck_assert_ptr_nonnull(l2tp_session_find(t, p->our_sid));
	harness_free(h, true);
	free(p);
}
END_TEST

/* ---- peers' strings in the log ---------------------------------------- */

static struct log_capture captured;

#define ck_logged(want) \
	ck_assert_msg(strstr(captured.text, want), "log lacks %s:\n%s", want, \
		      captured.text)

/* Host Name, CDN's Q.931 advisory and StopCCN's message: logged escaped. */
START_TEST(peer_strings_escaped_in_log)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.12", 1701);
	static const uint8_t sccrq[] = {
		A_MSG(1), A_VER, A_FRAMING,
		A_HDR(1, 13, 7), 'h', 0x1b, '[', '2', 'J', '\n', 'X',
		A_U16(1, 9, 6), A_U16(1, 10, 4),
	};
	const struct l2tp_msg *m;

	log_capture_start(&captured);
	send_body(h, p, 0, 0, sccrq, sizeof(sccrq));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_SCCRP);
	p->our_tid = m->avps.assigned_tunnel_id;
	SEND(h, p, p->our_tid, 0, A_MSG(3));
	client_open_session(h, p, 9);
	/* CDN, result 3, Q.931 cause 16 with an advisory "bye ESC[m CR LF". */
	SEND(h, p, p->our_tid, 0, A_MSG(14), A_HDR(1, 10, 1), 0, 3, 0, 0,
	     A_U16(1, 14, 9), A_HDR(1, 17, 12), 0, 16, 0,
	     'b', 'y', 'e', 0x1b, '[', 'm', '\r', '\n');
	ck_assert_uint_eq(h->session_down, 1);
	/* StopCCN, result 1, message "go LF ESC[31m X". */
	SEND(h, p, p->our_tid, 0, A_MSG(4), A_U16(1, 9, 6),
	     A_HDR(1, 19, 1), 0, 1, 0, 0,
	     'g', 'o', '\n', 0x1b, '[', '3', '1', 'm', 'X');
	log_capture_stop();

	ck_assert_msg(captured.raw_control == 0, "%u raw control bytes:\n%s",
		      captured.raw_control, captured.text);
	ck_logged("established with h\\x1b[2J\\nX");
	ck_logged("Q.931 cause 16 msg 0 \"bye\\x1b[m\\r\\n\"");
	ck_logged("peer h\\x1b[2J\\nX closed the tunnel: result 1");
	ck_logged("\"go\\n\\x1b[31mX\"");
	harness_free(h, true);
	free(p);
}
END_TEST

/* The admission hook is asked once per ICRQ, before anything exists. */
START_TEST(admission_hook_accepts)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.43", 1701);

	client_open_tunnel(h, p, 3, 4);
	ck_assert_uint_eq(h->admit_calls, 0);
	client_open_session(h, p, 0x0a0a);
	ck_assert_uint_eq(h->admit_calls, 1);
	ck_assert_uint_eq(h->session_up, 1);
	ck_assert_uint_eq(l2tp_ctx_stats(h->ctx)->calls_refused_admission, 0);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(admission_hook_refuses_with_cdn)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.44", 1701);
	const struct l2tp_msg *m;
	struct l2tp_tunnel *t;
	const uint8_t *raw;

	client_open_tunnel(h, p, 3, 4);
	t = l2tp_tunnel_find(h->ctx, p->our_tid);
	h->admit_result = L2TP_CDN_TEMP_NO_FACILITIES;
	h->admit_msg = "busy, try later";
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 0x1234),
	     A_U32(1, 15, 7));
	ck_assert_uint_eq(h->admit_calls, 1);
	/* The CDN, byte for byte where it matters. */
	raw = h->out[h->n_out - 1].data;
	ck_assert_uint_eq(be16(raw + 4), 3);		/* peer's tunnel */
	ck_assert_uint_eq(be16(raw + 6), 0x1234);	/* peer's session */
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(m->session_id, 0x1234);
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_RESULT_CODE));
	ck_assert_uint_eq(m->avps.result.result, L2TP_CDN_TEMP_NO_FACILITIES);
	ck_assert_uint_eq(m->avps.result.error, L2TP_ERR_NONE);
	ck_assert_uint_eq(m->avps.result.message.len, 15);
	ck_assert_mem_eq(m->avps.result.message.data, "busy, try later",
			 strlen("busy, try later"));
	/* Our Assigned Session ID: present and not 0 (RFC 2661 6.13). */
	ck_assert(l2tp_avp_has(&m->avps, L2TP_AVP_ASSIGNED_SESSION_ID));
	ck_assert_uint_ne(m->avps.assigned_session_id, 0);
	/* Nothing was created, nothing reached the kernel. */
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 0);
	ck_assert_uint_eq(h->k_session_add, 0);
	ck_assert_uint_eq(l2tp_ctx_stats(h->ctx)->calls_refused_admission, 1);

	/* The hook relents: the next call goes through. */
	h->admit_result = 0;
	client_open_session(h, p, 0x1235);
	ck_assert_uint_eq(h->admit_calls, 2);
	ck_assert_uint_eq(h->session_up, 1);
	harness_free(h, true);
	free(p);
}
END_TEST

/* An ICRQ, answered: our session id for it. */
static uint16_t icrq_only(struct harness *h, struct peer *p, uint16_t psid)
{
	const uint8_t icrq[] = { A_MSG(10), A_U16(1, 14, psid),
				 A_U32(1, 15, 1) };
	const struct l2tp_msg *m;

	send_body(h, p, p->our_tid, 0, icrq, sizeof(icrq));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_ICRP);
	return m->avps.assigned_session_id;
}

/*
 * Incoming calls in setup (what max_negotiating counts before PPP): from
 * the ICRQ until session_up, and no longer once a call ends before that,
 * whichever way it ends.  Refused calls never count.
 */
START_TEST(calls_in_setup_from_icrq_until_up_or_end)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.46", 1701);
	uint16_t a, b;

	client_open_tunnel(h, p, 3, 4);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 0);
	a = icrq_only(h, p, 0x21);
	b = icrq_only(h, p, 0x22);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 2);
	/* ICCN: a is up, PPP's business from now on. */
	SEND(h, p, p->our_tid, a, A_MSG(12), A_U32(1, 24, 10000000),
	     A_U32(1, 19, 1));
	ck_assert_uint_eq(h->session_up, 1);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 1);
	/* The peer gives b up before its ICCN. */
	SEND(h, p, p->our_tid, b, A_MSG(14), A_HDR(1, 10, 1), 0, 3, 0, 0,
	     A_U16(1, 14, 0x22));
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 0);
	/* The kernel refuses one at its ICRQ. */
	h->k_fail_session = -12;
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 0x23),
	     A_U32(1, 15, 1));
	h->k_fail_session = 0;
	ck_assert_uint_eq(last_to(h, p)->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 0);
	/* A call the admission hook refuses never counts. */
	h->admit_result = L2TP_CDN_TEMP_NO_FACILITIES;
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 0x25),
	     A_U32(1, 15, 1));
	h->admit_result = 0;
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 0);
	/* One whose ICCN never comes: the setup timer ends it. */
	icrq_only(h, p, 0x24);
	send_ns(h, p, p->our_tid, 0, p->ns, NULL, 0);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 1);
	loop_advance(h->loop, 59000);
	SEND(h, p, p->our_tid, 0, A_MSG(6));
	loop_advance(h->loop, 1000);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 0);
	/* Calls in setup go with their tunnel. */
	icrq_only(h, p, 0x26);
	icrq_only(h, p, 0x27);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 2);
	SEND(h, p, p->our_tid, 0, A_MSG(4), A_U16(1, 9, 3),
	     A_HDR(1, 8, 1), 0, 1);
	ck_assert_uint_eq(l2tp_ctx_calls_in_setup(h->ctx), 0);
	harness_free(h, true);
	free(p);
}
END_TEST

/*
 * The LNS adds the kernel session before its ICRP: the LAC's first PPP
 * frame, sent right after its ICCN, finds it.  Sequencing Required in the
 * ICCN reaches the kernel session then.
 */
START_TEST(kernel_session_before_icrp)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.47", 1701);
	uint16_t sid;

	client_open_tunnel(h, p, 3, 4);
	sid = icrq_only(h, p, 0x31);
	ck_assert_uint_eq(h->k_session_add, 1);
	ck_assert_uint_eq(h->session_added, 1);
	ck_assert_uint_eq(h->session_up, 0);
	ck_assert_uint_le(h->k_add_n_out, first_sent(h, L2TP_MSG_ICRP));
	ck_assert_uint_eq(h->k_last_session.session_id, sid);
	ck_assert_uint_eq(h->k_last_session.peer_session_id, 0x31);
	ck_assert(h->k_last_session.lns);
	ck_assert(!h->k_last_session.sequencing);
	/* ICCN with Sequencing Required (AVP 39, no value). */
	SEND(h, p, p->our_tid, sid, A_MSG(12), A_U32(1, 24, 10000000),
	     A_U32(1, 19, 1), A_HDR(1, 6, 39));
	ck_assert_uint_eq(h->session_up, 1);
	ck_assert_uint_eq(h->k_session_add, 1);
	ck_assert_uint_eq(h->k_session_modify, 1);
	ck_assert(h->k_last_session.sequencing);
	ck_assert(h->k_last_session.lns);
	/* Without it, nothing to change. */
	client_open_session(h, p, 0x32);
	ck_assert_uint_eq(h->session_up, 2);
	ck_assert_uint_eq(h->k_session_add, 2);
	ck_assert_uint_eq(h->k_session_modify, 1);
	harness_free(h, true);
	free(p);
}
END_TEST

/*
 * A call that ends before its ICCN deletes the kernel session its ICRQ
 * made, whichever way it ends; with its tunnel, tunnel_del takes it.
 * session_down runs for each, so the owner frees what it holds.
 */
START_TEST(kernel_session_of_unconnected_call_deleted)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.48", 1701);
	struct l2tp_tunnel *t;
	uint16_t b;

	client_open_tunnel(h, p, 3, 4);
	t = l2tp_tunnel_find(h->ctx, p->our_tid);
	/* The peer's CDN. */
	b = icrq_only(h, p, 0x41);
	SEND(h, p, p->our_tid, b, A_MSG(14), A_HDR(1, 10, 1), 0, 3, 0, 0,
	     A_U16(1, 14, 0x41));
	ck_assert_uint_eq(h->k_session_del, 1);
	ck_assert_uint_eq(h->session_down, 1);
	/* Our close. */
	b = icrq_only(h, p, 0x42);
	l2tp_session_close(l2tp_session_find(t, b), L2TP_CDN_ADMIN, 0, NULL);
	ck_assert_uint_eq(last_to(h, p)->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(h->k_session_del, 2);
	ck_assert_uint_eq(h->session_down, 2);
	/* The setup timer (hello_interval). */
	icrq_only(h, p, 0x43);
	send_ns(h, p, p->our_tid, 0, p->ns, NULL, 0);
	loop_advance(h->loop, 59000);
	SEND(h, p, p->our_tid, 0, A_MSG(6));
	loop_advance(h->loop, 1000);
	ck_assert_uint_eq(h->k_session_del, 3);
	ck_assert_uint_eq(h->session_down, 3);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), 0);
	/* The tunnel's StopCCN: one tunnel_del, no session_del. */
	icrq_only(h, p, 0x44);
	SEND(h, p, p->our_tid, 0, A_MSG(4), A_U16(1, 9, 3),
	     A_HDR(1, 8, 1), 0, 1);
	ck_assert_uint_eq(h->k_session_del, 3);
	ck_assert_uint_eq(h->k_tunnel_del, 1);
	ck_assert_uint_eq(h->session_down, 4);
	ck_assert_uint_eq(h->k_session_add, 4);
	ck_assert_uint_eq(h->session_up, 0);
	harness_free(h, true);
	free(p);
}
END_TEST

/* Calls of a refused direction never reach the hook. */
START_TEST(refused_direction_skips_admission)
{
	struct l2tp_config cfg = base_config();
	struct harness *h;
	struct peer *p;
	const struct l2tp_msg *m;

	cfg.accept_icrq = false;
	h = harness_new(&cfg, NULL);
	p = peer_new(h, "192.0.2.45", 1701);
	client_open_tunnel(h, p, 3, 4);
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 0x55),
	     A_U32(1, 15, 1));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(m->session_id, 0x55);
	ck_assert_uint_eq(m->avps.result.result, L2TP_CDN_PERM_NO_FACILITIES);
	ck_assert_uint_ne(m->avps.assigned_session_id, 0);
	ck_assert_uint_eq(h->admit_calls, 0);
	ck_assert_uint_eq(l2tp_ctx_stats(h->ctx)->calls_refused_direction, 1);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(kernel_refuses_session)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.20", 1701);
	const struct l2tp_msg *m;

	client_open_tunnel(h, p, 3, 4);
	h->k_fail_session = -12;
	/* At the ICRQ: a CDN instead of the ICRP, nothing left to free. */
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 8), A_U32(1, 15, 1));
	m = last_to(h, p);
	ck_assert_uint_eq(m->type, L2TP_MSG_CDN);
	ck_assert_uint_eq(m->session_id, 8);
	ck_assert_uint_eq(m->avps.result.result, L2TP_CDN_TEMP_NO_FACILITIES);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_ICRP), 0);
	ck_assert_uint_eq(h->session_up, 0);
	ck_assert_uint_eq(h->session_added, 0);
	ck_assert_uint_eq(h->session_down, 0);
	ck_assert_uint_eq(h->k_session_del, 0);
	ck_assert_uint_eq(l2tp_tunnel_session_count(
			  l2tp_tunnel_find(h->ctx, p->our_tid)), 0);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(sccrq_retransmission_deduplicated)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.21", 1701);
	static const uint8_t sccrq[] = {
		A_MSG(1), A_VER, A_FRAMING,
		A_HDR(1, 12, 7), 'c', 'l', 'i', 'e', 'n', 't', A_U16(1, 9, 3),
	};

	send_ns(h, p, 0, 0, 0, sccrq, sizeof(sccrq));
	send_ns(h, p, 0, 0, 0, sccrq, sizeof(sccrq));
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 1);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_SCCRP), 1);
	/*
	 * The duplicate gets no ZLB: the peer is not verified yet, and a
	 * ZLB would stop the retransmissions that pay for our SCCRP's
	 * (test_l2tp_unverified.c).  The SCCRP acknowledges it.
	 */
	ck_assert_uint_eq(h->n_out, 1);
	ck_assert_uint_eq(l2tp_ctx_stats(h->ctx)->tx_withheld_unverified, 1);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(zero_ids_refused)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.28", 1701);
	struct peer *q = peer_new(h, "192.0.2.29", 1701);

	/* Tunnel id 0 would alias our own tunnels awaiting SCCRP. */
	SEND(h, q, 0, 0, A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 7, 7), 'x',
	     A_U16(1, 9, 0));
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 0);
	ck_assert_uint_eq(h->n_out, 0);
	/* A call with session id 0 cannot be answered: ignored. */
	client_open_tunnel(h, p, 3, 4);
	SEND(h, p, p->our_tid, 0, A_MSG(10), A_U16(1, 14, 0), A_U32(1, 15, 1));
	ck_assert_uint_eq(l2tp_tunnel_session_count(l2tp_tunnel_find(h->ctx,
								     p->our_tid)),
			  0);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_ICRP), 0);
	ck_assert(l2tp_tunnel_established(l2tp_tunnel_find(h->ctx, p->our_tid)));
	harness_free(h, true);
	free(p);
	free(q);
}
END_TEST

START_TEST(ppp_frames_from_the_kernel)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "192.0.2.23", 1701);
	struct peer *other = peer_new(h, "192.0.2.24", 1701);
	uint8_t pkt[32] = { 0x40, 0x02, 0x00, 20 };
	const uint8_t *ppp;
	size_t ppp_len;
	struct l2tp_session *s;

	client_open_tunnel(h, p, 3, 4);
	client_open_session(h, p, 8);
	/* L set, LCP Configure-Request behind FF 03. */
	pkt[4] = (uint8_t)(p->our_tid >> 8);
	pkt[5] = (uint8_t)p->our_tid;
	pkt[6] = (uint8_t)(p->our_sid >> 8);
	pkt[7] = (uint8_t)p->our_sid;
	memcpy(pkt + 8, "\xff\x03\xc0\x21\x01\x01\x00\x08\x01\x04\x05\xdc", 12);
	s = l2tp_ctx_data_input(h->ctx, 1, &p->addr, pkt, 20, &ppp, &ppp_len);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(l2tp_session_id(s), p->our_sid);
	ck_assert_uint_eq(ppp_len, 10);
	ck_assert_mem_eq(ppp, "\xc0\x21\x01\x01", 4);
	/* On another socket, from another address, for an unknown session,
	 * or control: none. */
	ck_assert_ptr_null(l2tp_ctx_data_input(h->ctx, 2, &p->addr, pkt, 20,
					       &ppp, &ppp_len));
	ck_assert_ptr_null(l2tp_ctx_data_input(h->ctx, 1, &other->addr, pkt, 20,
					       &ppp, &ppp_len));
	pkt[7] ^= 1;
	ck_assert_ptr_null(l2tp_ctx_data_input(h->ctx, 1, &p->addr, pkt, 20, &ppp,
					       &ppp_len));
	pkt[0] = 0xc8;
	ck_assert_ptr_null(l2tp_ctx_data_input(h->ctx, 1, &p->addr, pkt, 20, &ppp,
					       &ppp_len));
	/* Truncated: the length field promises more than arrived. */
	pkt[0] = 0x40;
	pkt[7] ^= 1;
	ck_assert_ptr_null(l2tp_ctx_data_input(h->ctx, 1, &p->addr, pkt, 12, &ppp,
					       &ppp_len));
	harness_free(h, true);
	free(p);
	free(other);
}
END_TEST

START_TEST(peer_tunnel_rate_limited)
{
	struct l2tp_config cfg = base_config();
	struct harness *h;
	struct peer *p[6];
	unsigned i;

	cfg.peer_tunnel_rate = 1;
	cfg.peer_tunnel_burst = 3;
	h = harness_new(&cfg, NULL);
	/* Six clients behind one address: three get in at once. */
	for (i = 0; i < 6; i++) {
		p[i] = peer_new(h, "192.0.2.25", (uint16_t)(1000 + i));
		SEND(h, p[i], 0, 0, A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 7, 7),
		     'x', A_U16(1, 9, 3));
	}
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 3);
	/* Another source (another /24) is not affected. */
	{
		struct peer *q = calloc(1, sizeof(*q));

		q->addr = v4("198.51.100.26", 1701);
		SEND(h, q, 0, 0, A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 7, 7),
		     'x', A_U16(1, 9, 3));
		free(q);
	}
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 4);
	/* One second later, one more. */
	loop_advance(h->loop, 1000);
	p[5]->ns = 0;
	SEND(h, p[5], 0, 0, A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 7, 7), 'x',
	     A_U16(1, 9, 3));
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 5);
	harness_free(h, true);
	for (i = 0; i < 6; i++)
		free(p[i]);
}
END_TEST

/* An SCCRQ from a client at addr, port: true if it opened a tunnel. */
static bool sccrq_from(struct harness *h, struct l2tp_addr addr)
{
	struct peer q = { .addr = addr };
	unsigned before = l2tp_ctx_tunnel_count(h->ctx);

	SEND(h, &q, 0, 0, A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 7, 7), 'x',
	     A_U16(1, 9, 3));
	h->n_out = 0;	/* replies are not looked at */
	return l2tp_ctx_tunnel_count(h->ctx) == before + 1;
}

static struct l2tp_addr v6(const char *ip, uint16_t port)
{
	struct l2tp_addr a;

	memset(&a, 0, sizeof(a));
	a.sin6.sin6_family = AF_INET6;
	a.sin6.sin6_port = htons(port);
	ck_assert_int_eq(inet_pton(AF_INET6, ip, &a.sin6.sin6_addr), 1);
	a.len = sizeof(a.sin6);
	return a;
}

/*
 * 192.0.2.25 and 198.51.41.177 fell in one bucket of the old unkeyed
 * 12-bit hash, which was reset whenever the other address came: the two
 * alternating opened a tunnel with every SCCRQ.  Now each gets its own
 * burst and rate, whatever the hash.
 */
START_TEST(colliding_sources_keep_their_limits)
{
	struct l2tp_config cfg = base_config();
	struct harness *h;
	unsigned i, got[2] = { 0, 0 };
	static const char *const ip[2] = { "192.0.2.25", "198.51.41.177" };

	cfg.peer_tunnel_rate = 1;
	cfg.peer_tunnel_burst = 3;
	h = harness_new(&cfg, NULL);
	/* 20 SCCRQs a second for 10 s, alternating, each from a new port. */
	for (i = 0; i < 200; i++) {
		got[i % 2] += sccrq_from(h, v4(ip[i % 2], (uint16_t)(1024 + i)));
		loop_advance(h->loop, 50);
	}
	/* Burst 3 at 0 s, then one a second at 1..9 s. */
	ck_assert_uint_eq(got[0], 12);
	ck_assert_uint_eq(got[1], 12);
	harness_free(h, true);
}
END_TEST

/* Tunnels opened by SCCRQs from 203.0.113.1 .. .n, with cfg. */
static unsigned opened_from_203_0_113(struct l2tp_config *cfg, unsigned n)
{
	struct harness *h = harness_new(cfg, NULL);
	char ip[32];
	unsigned i, got = 0;

	for (i = 1; i <= n; i++) {
		snprintf(ip, sizeof(ip), "203.0.113.%u", i);
		got += sccrq_from(h, v4(ip, 1701));
	}
	/* The next /24 has its own budget. */
	ck_assert(sccrq_from(h, v4("203.0.114.1", 1701)));
	harness_free(h, true);
	return got;
}

/* The addresses of one /24 are one source (source_prefix4 = 24). */
START_TEST(one_slash24_shares_a_budget)
{
	struct l2tp_config cfg = base_config();

	cfg.peer_tunnel_rate = 1;
	cfg.peer_tunnel_burst = 3;
	ck_assert_uint_eq(opened_from_203_0_113(&cfg, 200), 3);
	/* source_prefix4 = 32: every address is a source of its own. */
	cfg.source_prefix4 = 32;
	ck_assert_uint_eq(opened_from_203_0_113(&cfg, 10), 10);
}
END_TEST

/*
 * l2tp_ctx_reset (fuzz_l2tp_ctx's fresh context per input): the tunnels
 * go, and nothing of the old run is left, not even a source's spent rate
 * budget or a counter; the configuration stays.
 */
START_TEST(ctx_reset_is_a_fresh_context)
{
	struct l2tp_config cfg = base_config();
	struct l2tp_addr a = v4("192.0.2.25", 1000);
	struct harness *h;
	unsigned i, round;

	cfg.peer_tunnel_rate = 1;
	cfg.peer_tunnel_burst = 3;
	h = harness_new(&cfg, NULL);
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 3; i++) {
			a.sin.sin_port = htons((uint16_t)(1000 + i));
			ck_assert(sccrq_from(h, a));
		}
		a.sin.sin_port = htons(999);
		ck_assert(!sccrq_from(h, a));
		ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 3);
		ck_assert_uint_ne(l2tp_ctx_stats(h->ctx)->sccrq_rate_limited,
				  0);
		l2tp_ctx_reset(h->ctx, h->loop);
		ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 0);
		ck_assert_uint_eq(l2tp_ctx_stats(h->ctx)->sccrq_rate_limited,
				  0);
	}
	harness_free(h, true);
}
END_TEST

/* An IPv6 client rotating through its /56 is one source. */
START_TEST(ipv6_rotating_through_a_slash56_is_one_source)
{
	struct l2tp_config cfg = base_config();
	struct harness *h;
	char ip[64];
	unsigned i, got = 0;

	cfg.peer_tunnel_rate = 1;
	cfg.peer_tunnel_burst = 3;
	h = harness_new(&cfg, NULL);
	/* Every /64 of 2001:db8:0:a00::/56, and random interface ids. */
	for (i = 0; i < 256; i++) {
		snprintf(ip, sizeof(ip), "2001:db8:0:a%02x:%x::%x", i,
			 (i * 7919) & 0xffff, i + 1);
		got += sccrq_from(h, v6(ip, 1701));
	}
	ck_assert_uint_eq(got, 3);
	/* The next /56 is another source. */
	ck_assert(sccrq_from(h, v6("2001:db8:0:b00::1", 1701)));
	harness_free(h, true);
}
END_TEST

/* ---- two of our own contexts: LAC and LNS ------------------------------ */

struct wire_pkt {
	struct harness *to;
	struct l2tp_addr from;
	size_t len;
	uint8_t data[1500];
};

static struct wire_pkt wire_q[256];
static unsigned wire_n;

static void wire_send(void *arg, uint32_t sock, const struct l2tp_addr *to,
		      const uint8_t *pkt, size_t len)
{
	struct harness *h = arg;

	ck_assert_uint_eq(sock, 1);
	h_send(arg, sock, to, pkt, len);
	ck_assert_uint_lt(wire_n, 256);
	wire_q[wire_n].to = h->other;
	wire_q[wire_n].from = h->self_addr;
	wire_q[wire_n].len = len;
	memcpy(wire_q[wire_n].data, pkt, len);
	wire_n++;
}

static void wire_pump(void)
{
	unsigned i;

	/* Deliver in order; more may be queued while delivering. */
	for (i = 0; i < wire_n; i++)
		l2tp_ctx_input(wire_q[i].to->ctx, 1, &wire_q[i].from,
			       wire_q[i].data, wire_q[i].len);
	wire_n = 0;
}

static const struct l2tp_hooks wire_hooks = {
	.send = wire_send,
	.tunnel_up = hk_tunnel_up,
	.tunnel_down = hk_tunnel_down,
	.session_added = hk_session_added,
	.session_up = hk_session_up,
	.session_down = hk_session_down,
};

static struct harness *wired(struct loop *loop, const char *name,
			     const char *ip, const uint8_t *secret)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = calloc(1, sizeof(*h));

	cfg.host_name = name;
	cfg.hide_avps = secret != NULL;
	cfg.secret = secret;
	cfg.secret_len = secret ? strlen((const char *)secret) : 0;
	h->loop = loop;
	h->self_addr = v4(ip, 1701);
	h->ctx = l2tp_ctx_new(loop, &cfg, &kops, h, &wire_hooks, h);
	ck_assert_ptr_nonnull(h->ctx);
	return h;
}

static void lac_lns_pair(const uint8_t *secret)
{
	struct loop *loop = loop_new_virtual(0);
	struct harness *lac = wired(loop, "lac", "198.51.100.1", secret);
	struct harness *lns = wired(loop, "lns", "198.51.100.2", secret);
	struct l2tp_tunnel *t;
	struct l2tp_session *ic, *oc;

	lac->other = lns;
	lns->other = lac;
	t = l2tp_tunnel_open(lac->ctx, 1, &lns->self_addr);
	ck_assert_ptr_nonnull(t);
	/* A call requested before the tunnel is up waits for it. */
	ic = l2tp_session_open_incoming(t, "5551234");
	ck_assert_ptr_nonnull(ic);
	ck_assert_str_eq(l2tp_session_state_name(ic), "wait-tunnel");
	for (int i = 0; i < 10 && wire_n; i++)
		wire_pump();
	ck_assert(l2tp_tunnel_established(t));
	ck_assert_uint_eq(lac->tunnel_up, 1);
	ck_assert_uint_eq(lns->tunnel_up, 1);
	ck_assert(l2tp_session_established(ic));
	ck_assert_uint_eq(lns->session_up, 1);
	ck_assert_uint_eq(lac->session_up, 1);
	ck_assert_uint_eq(lns->k_last_session.session_id, l2tp_session_peer_id(ic));
	/* Each side's kernel session is there before the peer may send. */
	ck_assert_uint_eq(lac->k_session_add, 1);
	ck_assert(!lac->k_last_session.lns);
	ck_assert_uint_le(lac->k_add_n_out, first_sent(lac, L2TP_MSG_ICCN));
	ck_assert_uint_le(lns->k_add_n_out, first_sent(lns, L2TP_MSG_ICRP));

	/* LNS-initiated outgoing call. */
	{
		struct l2tp_tunnel *lt =
			l2tp_tunnel_find(lns->ctx, l2tp_tunnel_peer_id(t));

		ck_assert_ptr_nonnull(lt);
		oc = l2tp_session_open_outgoing(lt, "5550000");
		ck_assert_ptr_nonnull(oc);
		for (int i = 0; i < 10 && wire_n; i++)
			wire_pump();
		ck_assert(l2tp_session_established(oc));
		ck_assert_uint_eq(lac->session_up, 2);
		ck_assert_uint_eq(lns->session_up, 2);
		ck_assert_uint_eq(lac->k_session_add, 2);
		ck_assert_uint_le(lac->k_add_n_out,
				  first_sent(lac, L2TP_MSG_OCRP));
		ck_assert_uint_eq(lns->k_session_add, 2);
		ck_assert(lns->k_last_session.lns);
		/* LNS hangs up the outgoing call. */
		l2tp_session_close(oc, L2TP_CDN_ADMIN, 0, NULL);
		wire_pump();
		ck_assert_uint_eq(lac->session_down, 1);
		ck_assert_uint_eq(lac->down_result, L2TP_CDN_ADMIN);
	}
	/* Everything quiet: delayed acks flow, nothing retransmits. */
	loop_advance(loop, 500);
	wire_pump();
	ck_assert(l2tp_transport_idle(l2tp_tunnel_transport(t)));

	l2tp_tunnel_close(t, L2TP_STOPCCN_GENERAL_CLEAR, 0, NULL);
	wire_pump();
	ck_assert_uint_eq(lns->session_down, 2);
	ck_assert_uint_eq(lns->k_tunnel_del, 1);
	loop_advance(loop, 40000);
	wire_pump();
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(lac->ctx), 0);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(lns->ctx), 0);
	harness_free(lac, false);
	harness_free(lns, false);
	loop_free(loop);
}

/* ---- a LAC placing many calls at once on one tunnel -------------------- */

#define BULK_CALLS	1000
#define BULK_QUEUE	64	/* the LAC's send queue limit */
#define BULK_WIRE	1024

struct bulk_pkt {
	struct harness *to;
	struct l2tp_addr from;
	size_t len;
	uint8_t data[256];
};

static struct bulk_pkt bulk_wire[BULK_WIRE];
static unsigned bulk_n;
static bool bulk_serial_seen[BULK_CALLS + 1];
/* ICCNs on the wire, by the LNS's session id; calls up before theirs. */
static bool bulk_iccn_sent[65536];
static unsigned bulk_up_before_iccn;
static struct harness *bulk_lac;
static unsigned bulk_icrqs, bulk_cdns;
static uint32_t bulk_last_serial;
static bool bulk_in_order;

static void bulk_send(void *arg, uint32_t sock, const struct l2tp_addr *to,
		      const uint8_t *pkt, size_t len)
{
	struct harness *h = arg;
	uint32_t serial;

	ck_assert_uint_lt(bulk_n, BULK_WIRE);
	ck_assert_uint_le(len, sizeof(bulk_wire[0].data));
	if (len > 12 && h->other &&
	    l2tp_msg_decode(pkt, len, NULL, &dec, &derr) == 0) {
		bulk_cdns += dec.type == L2TP_MSG_CDN;
		if (dec.type == L2TP_MSG_ICCN)
			bulk_iccn_sent[dec.session_id] = true;
		serial = dec.avps.call_serial_number;
		if (dec.type == L2TP_MSG_ICRQ && serial <= BULK_CALLS &&
		    !bulk_serial_seen[serial]) {
			/* First transmission: in the order the calls came. */
			bulk_serial_seen[serial] = true;
			bulk_in_order &= serial == bulk_last_serial + 1;
			bulk_last_serial = serial;
			bulk_icrqs++;
		}
	}
	bulk_wire[bulk_n].to = h->other;
	bulk_wire[bulk_n].from = h->self_addr;
	bulk_wire[bulk_n].len = len;
	memcpy(bulk_wire[bulk_n].data, pkt, len);
	bulk_n++;
}

/* The LAC's PPP would send at once: its ICCN must be out already. */
static void bulk_session_up(void *arg, struct l2tp_session *s)
{
	if (arg == bulk_lac && !bulk_iccn_sent[l2tp_session_peer_id(s)])
		bulk_up_before_iccn++;
	hk_session_up(arg, s);
}

static const struct l2tp_hooks bulk_hooks = {
	.send = bulk_send,
	.tunnel_up = hk_tunnel_up,
	.session_up = bulk_session_up,
	.session_down = hk_session_down,
};

static struct harness *bulk_side(struct loop *loop, struct l2tp_config *cfg,
				 const char *ip)
{
	struct harness *h = calloc(1, sizeof(*h));

	ck_assert_ptr_nonnull(h);
	h->loop = loop;
	h->self_addr = v4(ip, 1701);
	h->ctx = l2tp_ctx_new(loop, cfg, &kops, h, &bulk_hooks, h);
	ck_assert_ptr_nonnull(h->ctx);
	return h;
}

/* Delivers what is on the wire; the LAC's queue is checked after each. */
static void bulk_pump(struct l2tp_tunnel *t, unsigned *max_pending)
{
	static struct bulk_pkt batch[BULK_WIRE];
	unsigned i, n = bulk_n, pending;

	memcpy(batch, bulk_wire, n * sizeof(batch[0]));
	bulk_n = 0;
	for (i = 0; i < n; i++) {
		l2tp_ctx_input(batch[i].to->ctx, 1, &batch[i].from,
			       batch[i].data, batch[i].len);
		pending = l2tp_transport_pending(l2tp_tunnel_transport(t));
		if (pending > *max_pending)
			*max_pending = pending;
	}
}

/*
 * 1,000 calls placed at once on one tunnel, against an LNS with a
 * receive window of 4, and a send queue of 64 at the LAC: every ICRQ goes
 * out, in order, none fails, and the queue stays under its limit.  One
 * call closed while it waits leaves without a CDN.  A call's ICCN waits
 * in the queue too: the call is reported up (its PPP may send) only once
 * the ICCN is on the wire.
 */
START_TEST(lac_thousand_calls_wait_for_room)
{
	struct loop *loop = loop_new_virtual(0);
	struct l2tp_config lac_cfg = base_config(), lns_cfg = base_config();
	struct harness *lac, *lns;
	struct l2tp_session *calls[BULK_CALLS];
	struct l2tp_tunnel *t;
	unsigned i, round, max_pending = 0, waiting = 0;

	lac_cfg.host_name = "lac";
	lac_cfg.transport.max_pending = BULK_QUEUE;
	lns_cfg.host_name = "lns";
	lns_cfg.transport.recv_window = 4;
	lac = bulk_side(loop, &lac_cfg, "198.51.100.11");
	lns = bulk_side(loop, &lns_cfg, "198.51.100.12");
	lac->other = lns;
	lns->other = lac;
	bulk_lac = lac;
	memset(bulk_serial_seen, 0, sizeof(bulk_serial_seen));
	memset(bulk_iccn_sent, 0, sizeof(bulk_iccn_sent));
	bulk_up_before_iccn = 0;
	bulk_n = bulk_icrqs = bulk_cdns = bulk_last_serial = 0;
	bulk_in_order = true;

	t = l2tp_tunnel_open(lac->ctx, 1, &lns->self_addr);
	ck_assert_ptr_nonnull(t);
	for (i = 0; i < BULK_CALLS; i++) {
		calls[i] = l2tp_session_open_incoming(t, NULL);
		ck_assert_ptr_nonnull(calls[i]);
	}
	ck_assert_str_eq(l2tp_session_state_name(calls[BULK_CALLS - 1]),
			 "wait-tunnel");
	bulk_pump(t, &max_pending);	/* SCCRQ -> SCCRP */
	bulk_pump(t, &max_pending);	/* SCCCN + the first ICRQs */
	ck_assert(l2tp_tunnel_established(t));
	ck_assert_uint_eq(l2tp_transport_peer_window(
			  l2tp_tunnel_transport(t)), 4);
	for (i = 0; i < BULK_CALLS; i++)
		waiting += !strcmp(l2tp_session_state_name(calls[i]), "wait-send");
	ck_assert_uint_gt(waiting, BULK_CALLS / 2);
	/* The last one gives up while waiting: it was never announced. */
	l2tp_session_close(calls[BULK_CALLS - 1], L2TP_CDN_ADMIN, 0, NULL);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), BULK_CALLS - 1);

	/* The LNS adds each kernel session at the ICRQ, up at the ICCN. */
	for (round = 0; round < 100000 && lns->session_up < BULK_CALLS - 1;
	     round++) {
		bulk_pump(t, &max_pending);
		loop_advance(loop, 10);
	}
	ck_assert_uint_eq(bulk_icrqs, BULK_CALLS - 1);
	ck_assert(bulk_in_order);
	ck_assert_uint_eq(bulk_cdns, 0);
	ck_assert_uint_eq(lac->session_up, BULK_CALLS - 1);
	/* ICCNs wait behind ICRQs for the window: so does PPP. */
	ck_assert_uint_eq(bulk_up_before_iccn, 0);
	ck_assert_uint_eq(lns->k_session_add, BULK_CALLS - 1);
	ck_assert_uint_eq(lac->session_down, 0);
	ck_assert_uint_le(max_pending, BULK_QUEUE);
	ck_assert_uint_eq(l2tp_tunnel_session_count(t), BULK_CALLS - 1);
	harness_free(lac, false);
	harness_free(lns, false);
	loop_free(loop);
}
END_TEST

START_TEST(lac_and_lns_together)
{
	lac_lns_pair(NULL);
}
END_TEST

START_TEST(lac_and_lns_with_secret_and_hidden_avps)
{
	lac_lns_pair((const uint8_t *)"shared-secret");
}
END_TEST

START_TEST(lac_refuses_wrong_secret)
{
	struct loop *loop = loop_new_virtual(0);
	struct harness *lac = wired(loop, "lac", "198.51.100.1",
				    (const uint8_t *)"one");
	struct harness *lns = wired(loop, "lns", "198.51.100.2",
				    (const uint8_t *)"two");
	struct l2tp_tunnel *t;
	unsigned i;
	bool stop_seen = false;

	lac->other = lns;
	lns->other = lac;
	t = l2tp_tunnel_open(lac->ctx, 1, &lns->self_addr);
	for (int k = 0; k < 10 && wire_n; k++)
		wire_pump();
	/* The LNS answered our challenge with the wrong secret. */
	ck_assert_str_eq(l2tp_tunnel_state_name(t), "closing");
	for (i = 0; i < lac->n_out; i++) {
		const struct l2tp_msg *m;

		if (lac->out[i].len == 12)
			continue;
		ck_assert_int_eq(l2tp_msg_decode(lac->out[i].data,
						 lac->out[i].len,
						 &(struct l2tp_secret){
							 (const uint8_t *)"one", 3 },
						 &dec, &derr), 0);
		m = &dec;
		if (m->type == L2TP_MSG_STOPCCN) {
			ck_assert_uint_eq(m->avps.result.result,
					  L2TP_STOPCCN_NOT_AUTHORIZED);
			stop_seen = true;
		}
	}
	ck_assert(stop_seen);
	ck_assert_uint_eq(lac->tunnel_up + lns->tunnel_up, 0);
	harness_free(lac, false);
	harness_free(lns, false);
	loop_free(loop);
}
END_TEST

START_TEST(tie_breaker)
{
	struct loop *loop = loop_new_virtual(0);
	struct harness *a = wired(loop, "a", "198.51.100.1", NULL);
	struct harness *b = wired(loop, "b", "198.51.100.2", NULL);

	a->other = b;
	b->other = a;
	/* Both open at once: exactly one tunnel survives. */
	ck_assert_ptr_nonnull(l2tp_tunnel_open(a->ctx, 1, &b->self_addr));
	ck_assert_ptr_nonnull(l2tp_tunnel_open(b->ctx, 1, &a->self_addr));
	for (int i = 0; i < 10 && wire_n; i++)
		wire_pump();
	loop_advance(loop, 1000);
	for (int i = 0; i < 10 && wire_n; i++)
		wire_pump();
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(a->ctx), 1);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(b->ctx), 1);
	ck_assert_uint_eq(a->tunnel_up, 1);
	ck_assert_uint_eq(b->tunnel_up, 1);
	harness_free(a, false);
	harness_free(b, false);
	loop_free(loop);
}
END_TEST

/* ---- real-client quirks, from byte vectors ------------------------------ */

START_TEST(quirk_windows)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	/* Two Windows clients behind one NAT: same address, tunnel id 1. */
	struct peer *w1 = peer_new(h, "203.0.113.5", 1701);
	struct peer *w2 = peer_new(h, "203.0.113.5", 4500);
	static const uint8_t sccrq[] = {
		A_MSG(1), A_VER, A_U32(1, 3, 1), A_U32(1, 4, 0),
		A_U16(0, 6, 0x0600),
		A_HDR(1, 13, 7), 'w', 'i', 'n', '-', 'p', 'c', '1',
		A_HDR(0, 15, 8), 'M', 'i', 'c', 'r', 'o', 's', 'o', 'f', 't',
		A_U16(1, 9, 1), A_U16(1, 10, 8),
	};
	/* SCCCN and ICRQ pipelined, the ICRQ with a Microsoft AVP. */
	static const uint8_t scccn[] = { A_MSG(3) };
	static const uint8_t icrq[] = {
		A_MSG(10), A_U16(1, 14, 1), A_U32(1, 15, 0x0e0d0c0b),
		A_U32(1, 18, 0),
		0x00, 0x0a, 0x01, 0x37, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef,
	};
	const struct l2tp_msg *m;
	uint16_t tid1;

	send_body(h, w1, 0, 0, sccrq, sizeof(sccrq));
	tid1 = last_to(h, w1)->avps.assigned_tunnel_id;
	send_body(h, w2, 0, 0, sccrq, sizeof(sccrq));
	w2->our_tid = last_to(h, w2)->avps.assigned_tunnel_id;
	ck_assert_uint_ne(tid1, w2->our_tid);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 2);
	w1->our_tid = tid1;
	send_body(h, w1, tid1, 0, scccn, sizeof(scccn));
	send_body(h, w1, tid1, 0, icrq, sizeof(icrq));
	m = last_to(h, w1);
	ck_assert_uint_eq(m->type, L2TP_MSG_ICRP);
	ck_assert_uint_eq(m->tunnel_id, 1);
	ck_assert_uint_eq(m->session_id, 1);
	/* The peer's window of 8 is honoured. */
	{
		struct l2tp_tunnel *t = l2tp_tunnel_find(h->ctx, tid1);

		ck_assert_uint_le(l2tp_transport_cwnd(l2tp_tunnel_transport(t)),
				  8);
	}
	/* The second client's tunnel is untouched. */
	ck_assert_str_eq(l2tp_tunnel_state_name(l2tp_tunnel_find(h->ctx,
								w2->our_tid)),
			 "wait-ctl-conn");
	/*
	 * Client reboots and reuses id 1 from the same port: the old
	 * tunnel goes once a HELLO probe is left unanswered (4 s), and the
	 * client's next SCCRQ gets a new tunnel.
	 */
	w1->ns = 0;
	w1->nr = 0;
	send_ns(h, w1, 0, 0, 0, sccrq, sizeof(sccrq));
	ck_assert_ptr_nonnull(l2tp_tunnel_find(h->ctx, tid1));
	loop_advance(h->loop, 4000);
	ck_assert_ptr_null(l2tp_tunnel_find(h->ctx, tid1));
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 1);
	send_ns(h, w1, 0, 0, 0, sccrq, sizeof(sccrq));
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 2);
	harness_free(h, true);
	free(w1);
	free(w2);
}
END_TEST

START_TEST(quirk_apple)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "203.0.113.6", 61234);
	/* Host name NUL-terminated. */
	static const uint8_t sccrq[] = {
		A_MSG(1), A_VER, A_FRAMING,
		A_HDR(1, 13, 7), 'i', 'P', 'h', 'o', 'n', 'e', 0,
		A_U16(1, 9, 0x2a), A_U16(1, 10, 4),
	};
	static const uint8_t scccn[] = { A_MSG(3) };
	static const uint8_t icrq[] = { A_MSG(10), A_U16(1, 14, 0x77),
					A_U32(1, 15, 1) };
	static const uint8_t hello[] = { A_MSG(6) };
	/* StopCCN whose result code is little-endian (1 -> 0x0100). */
	static const uint8_t stopccn[] = { A_MSG(4), A_U16(1, 9, 0x2a),
					   A_HDR(1, 10, 1), 0x01, 0x00,
					   0x00, 0x00 };
	unsigned before;
	uint16_t tid;

	/* HELLO before any tunnel exists: dropped, nothing answered. */
	send_ns(h, p, 0x1234, 0, 0, hello, sizeof(hello));
	ck_assert_uint_eq(h->n_out, 0);
	send_body(h, p, 0, 0, sccrq, sizeof(sccrq));
	tid = last_to(h, p)->avps.assigned_tunnel_id;
	p->our_tid = tid;
	ck_assert_str_eq(l2tp_tunnel_peer_host(l2tp_tunnel_find(h->ctx, tid)),
			 "iPhone");
	/* SCCCN, HELLO and ICRQ back to back. */
	send_body(h, p, tid, 0, scccn, sizeof(scccn));
	send_body(h, p, tid, 0, hello, sizeof(hello));
	send_body(h, p, tid, 0, icrq, sizeof(icrq));
	ck_assert_uint_eq(last_to(h, p)->type, L2TP_MSG_ICRP);
	before = h->tunnel_down;
	send_body(h, p, tid, 0, stopccn, sizeof(stopccn));
	ck_assert_str_eq(l2tp_tunnel_state_name(l2tp_tunnel_find(h->ctx, tid)),
			 "closing");
	/* Decoded as result 1 despite the byte order. */
	ck_assert_int_eq(l2tp_msg_decode((const uint8_t[]){
		0xc8, 0x02, 0x00, 0x26, 0, 1, 0, 0, 0, 0, 0, 0,
		A_MSG(4), A_U16(1, 9, 0x2a), A_HDR(1, 10, 1), 0x01, 0x00, 0, 0 },
		38, NULL, &dec, &derr), 0);
	ck_assert_uint_eq(dec.avps.result.result, 1);
	loop_advance(h->loop, 31000);
	ck_assert_uint_eq(h->tunnel_down, before + 1);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(quirk_android_mtpd)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "203.0.113.7", 1701);
	/* mtpd: window 1, and it retransmits every 2 s unless acked. */
	static const uint8_t sccrq[] = {
		A_MSG(1), A_VER, A_FRAMING, A_U32(1, 4, 0),
		A_HDR(1, 10, 7), 'm', 't', 'p', 'd',
		A_U16(1, 9, 0x1111), A_U16(1, 10, 1),
	};
	static const uint8_t cdn[] = { A_MSG(14), A_HDR(1, 8, 1), 0x00, 0x03,
				       A_U16(1, 14, 0x22) };
	struct l2tp_tunnel *t;
	unsigned zlbs = 0, i;

	send_ns(h, p, 0, 0, 0, sccrq, sizeof(sccrq));
	p->ns = 1;
	p->our_tid = last_to(h, p)->avps.assigned_tunnel_id;
	t = l2tp_tunnel_find(h->ctx, p->our_tid);
	/* mtpd did not see our SCCRP yet: the same SCCRQ 2 s later. */
	p->nr = 0;
	loop_advance(h->loop, 2000);
	send_ns(h, p, 0, 0, 0, sccrq, sizeof(sccrq));
	/*
	 * It is acknowledged by our SCCRP's next retransmission (3 s after
	 * the first), which its retransmission paid for; no ZLB to a peer
	 * not verified yet (test_l2tp_unverified.c).
	 */
	loop_advance(h->loop, 1000);
	for (i = 0; i < h->n_out; i++)
		zlbs += h->out[i].len == 12;
	ck_assert_uint_eq(zlbs, 0);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_SCCRP), 2);
	ck_assert_uint_eq(l2tp_ctx_tunnel_count(h->ctx), 1);
	p->nr = 1;
	SEND(h, p, p->our_tid, 0, A_MSG(3));
	ck_assert(l2tp_tunnel_established(t));
	/* With window 1 we never have two messages in flight. */
	client_open_session(h, p, 0x22);
	ck_assert_uint_le(l2tp_transport_in_flight(l2tp_tunnel_transport(t)), 1);
	/* CDN with the 2-byte Result Code. */
	send_body(h, p, p->our_tid, p->our_sid, cdn, sizeof(cdn));
	ck_assert_uint_eq(h->session_down, 1);
	ck_assert_uint_eq(h->down_result, 3);
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(quirk_mikrotik)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "203.0.113.8", 1701);
	/* Result Code of 8 bytes: result, error, 4 NULs. */
	static const uint8_t stopccn[] = {
		A_MSG(4), A_U16(1, 9, 7),
		A_HDR(1, 14, 1), 0x00, 0x01, 0x00, 0x00, 0, 0, 0, 0,
	};

	client_open_tunnel(h, p, 7, 4);
	send_body(h, p, p->our_tid, 0, stopccn, sizeof(stopccn));
	ck_assert_str_eq(l2tp_tunnel_state_name(l2tp_tunnel_find(h->ctx,
								p->our_tid)),
			 "closing");
	harness_free(h, true);
	free(p);
}
END_TEST

START_TEST(quirk_watchguard_out_of_order)
{
	struct l2tp_config cfg = base_config();
	struct harness *h = harness_new(&cfg, NULL);
	struct peer *p = peer_new(h, "203.0.113.9", 1701);
	static const uint8_t sccrq[] = {
		A_MSG(1), A_VER, A_FRAMING, A_HDR(1, 8, 7), 'w', 'g',
		A_U16(1, 9, 9), A_U16(1, 10, 16),
	};
	static const uint8_t scccn[] = { A_MSG(3) };
	static const uint8_t icrq[] = { A_MSG(10), A_U16(1, 14, 0x31),
					A_U32(1, 15, 1) };
	static const uint8_t hello[] = { A_MSG(6) };

	send_ns(h, p, 0, 0, 0, sccrq, sizeof(sccrq));
	p->our_tid = last_to(h, p)->avps.assigned_tunnel_id;
	/* ICRQ (Ns 2) and HELLO (Ns 3) overtake SCCCN (Ns 1). */
	send_ns(h, p, p->our_tid, 0, 3, hello, sizeof(hello));
	send_ns(h, p, p->our_tid, 0, 2, icrq, sizeof(icrq));
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_ICRP), 0);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_STOPCCN), 0);
	send_ns(h, p, p->our_tid, 0, 1, scccn, sizeof(scccn));
	ck_assert(l2tp_tunnel_established(l2tp_tunnel_find(h->ctx, p->our_tid)));
	/* Not held before SCCCN (unverified): the peer resends both. */
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_ICRP), 0);
	ck_assert_uint_eq(l2tp_ctx_stats(h->ctx)->ctl_out_of_order_unverified,
			  2);
	send_ns(h, p, p->our_tid, 0, 3, hello, sizeof(hello));
	send_ns(h, p, p->our_tid, 0, 2, icrq, sizeof(icrq));
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_ICRP), 1);
	ck_assert_uint_eq(count_type(h, p, L2TP_MSG_STOPCCN), 0);
	harness_free(h, true);
	free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_tunnel");
	TCase *fsm = tcase_create("fsm");
	TCase *pair = tcase_create("lac_lns");
	TCase *quirks = tcase_create("quirks");
	SRunner *sr;
	int failed;

	/* Warnings still show: they flag paths a test did not expect. */
	log_init(getenv("L2TP_TEST_DEBUG") ? LOG_DEBUG : LOG_WARNING, false,
		 "test_l2tp_tunnel");
	tcase_add_test(fsm, lns_full_lifecycle);
	tcase_add_test(fsm, lns_closes_tunnel_with_sessions);
	tcase_add_test(fsm, tunnel_authentication);
	tcase_add_test(fsm, challenge_without_secret_refused);
	tcase_add_test(fsm, bad_protocol_version);
	tcase_add_test(fsm, unknown_mandatory_avp_clears_scope);
	tcase_add_test(fsm, unexpected_message_is_fsm_error);
	tcase_add_test(fsm, hello_after_idle);
	tcase_add_test(fsm, setup_timeout);
	tcase_add_test(fsm, session_setup_timeout);
	tcase_add_test(fsm, peer_dead_drops_tunnel);
	tcase_add_test(fsm, kernel_refuses_session);
	tcase_add_test(fsm, kernel_session_before_icrp);
	tcase_add_test(fsm, kernel_session_of_unconnected_call_deleted);
	tcase_add_test(fsm, tunnel_teardown_is_one_kernel_operation);
	tcase_add_test(fsm, cdn_by_assigned_session_id_only);
	tcase_add_test(fsm, peer_strings_escaped_in_log);
	tcase_add_test(fsm, admission_hook_accepts);
	tcase_add_test(fsm, admission_hook_refuses_with_cdn);
	tcase_add_test(fsm, refused_direction_skips_admission);
	tcase_add_test(fsm, calls_in_setup_from_icrq_until_up_or_end);
	tcase_add_test(fsm, sccrq_retransmission_deduplicated);
	tcase_add_test(fsm, zero_ids_refused);
	tcase_add_test(fsm, ppp_frames_from_the_kernel);
	tcase_add_test(fsm, peer_tunnel_rate_limited);
	tcase_add_test(fsm, colliding_sources_keep_their_limits);
	tcase_add_test(fsm, one_slash24_shares_a_budget);
	tcase_add_test(fsm, ctx_reset_is_a_fresh_context);
	tcase_add_test(fsm, ipv6_rotating_through_a_slash56_is_one_source);
	tcase_add_test(pair, lac_and_lns_together);
	tcase_add_test(pair, lac_thousand_calls_wait_for_room);
	tcase_add_test(pair, lac_and_lns_with_secret_and_hidden_avps);
	tcase_add_test(pair, lac_refuses_wrong_secret);
	tcase_add_test(pair, tie_breaker);
	tcase_add_test(quirks, quirk_windows);
	tcase_add_test(quirks, quirk_apple);
	tcase_add_test(quirks, quirk_android_mtpd);
	tcase_add_test(quirks, quirk_mikrotik);
	tcase_add_test(quirks, quirk_watchguard_out_of_order);
	suite_add_tcase(s, fsm);
	suite_add_tcase(s, pair);
	suite_add_tcase(s, quirks);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
