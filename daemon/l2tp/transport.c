// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Control channel reliable delivery (RFC 2661 5.8, Appendix A).
 *
 * Send side: messages get their Ns when queued; the queue's head is the
 * oldest unacknowledged one (Ns == una), messages already sent form a
 * prefix of the queue.  A message may go out while it lies within
 * min(cwnd, peer window) of una.  One retransmission timer covers the
 * head; on expiry the head is resent with the current Nr, the congestion
 * window collapses to 1 and the timeout doubles up to a cap.
 *
 * Receive side: nr is the next Ns we expect.  In-order messages are handed
 * over with any queued successors; messages up to our window ahead are
 * held in a slot array indexed by Ns modulo the window (unless parking is
 * off: then they are dropped, not acknowledged); older ones are
 * duplicates, acknowledged again at once.
 */
#include "l2tp/transport.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/message.h"
#include "wire.h"
#include "loop.h"

#define DEFAULT_RECV_WINDOW	16
#define DEFAULT_RTO_MS		1000
#define DEFAULT_RTO_MAX_MS	8000
#define DEFAULT_RETRIES		5
#define DEFAULT_ACK_DELAY_MS	200
#define DEFAULT_MAX_PENDING	512
/* RFC 2661 5.8: a peer that sends no Receive Window Size has room for 4. */
#define PEER_WINDOW_ABSENT	4

struct tx_msg {
	struct tx_msg *next;
	uint16_t ns;
	bool sent;
	size_t len;
	uint8_t data[];
};

struct l2tp_transport {
	struct loop *loop;
	struct l2tp_transport_config cfg;
	const struct l2tp_transport_ops *ops;
	void *arg;

	uint16_t peer_tunnel_id;
	uint16_t peer_window;

	/* Send side. */
	uint16_t ns_next;	/* Ns of the next message queued */
	uint16_t snd_nxt;	/* Ns of the next message sent for the first time */
	uint16_t una;		/* oldest unacknowledged Ns */
	struct tx_msg *head;
	struct tx_msg **tail;
	unsigned pending;
	unsigned cwnd;
	unsigned ssthresh;
	unsigned ca_acked;	/* acks counted towards the next cwnd step */
	unsigned retries;
	uint32_t rto;
	struct timer rtx_timer;
	bool dead;

	/* Receive side. */
	uint16_t nr;		/* next Ns expected */
	bool park_ahead;	/* hold messages ahead of sequence */
	struct l2tp_rx_msg **ooo;	/* recv_window slots, by Ns mod window */
	struct l2tp_rx_msg *rx_head;
	struct l2tp_rx_msg **rx_tail;
	struct timer ack_timer;

	struct l2tp_transport_stats stats;
};

static void rtx_expired(struct loop *loop, struct timer *tm, void *arg);
static void ack_expired(struct loop *loop, struct timer *tm, void *arg);

static void apply_defaults(struct l2tp_transport_config *c)
{
	if (!c->recv_window)
		c->recv_window = DEFAULT_RECV_WINDOW;
	if (!c->rto_initial_ms)
		c->rto_initial_ms = DEFAULT_RTO_MS;
	if (!c->rto_max_ms)
		c->rto_max_ms = DEFAULT_RTO_MAX_MS;
	if (c->rto_max_ms < c->rto_initial_ms)
		c->rto_max_ms = c->rto_initial_ms;
	if (!c->max_retries)
		c->max_retries = DEFAULT_RETRIES;
	if (!c->ack_delay_ms)
		c->ack_delay_ms = DEFAULT_ACK_DELAY_MS;
	if (!c->max_pending)
		c->max_pending = DEFAULT_MAX_PENDING;
}

struct l2tp_transport *
l2tp_transport_new(struct loop *loop, const struct l2tp_transport_config *cfg,
		   const struct l2tp_transport_ops *ops, void *arg)
{
	struct l2tp_transport *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (cfg)
		t->cfg = *cfg;
	apply_defaults(&t->cfg);
	t->ooo = calloc(t->cfg.recv_window, sizeof(*t->ooo));
	if (!t->ooo) {
		free(t);
		return NULL;
	}
	t->loop = loop;
	t->ops = ops;
	t->arg = arg;
	t->peer_window = PEER_WINDOW_ABSENT;
	t->tail = &t->head;
	t->rx_tail = &t->rx_head;
	t->park_ahead = true;
	t->cwnd = 1;
	t->ssthresh = t->peer_window;
	t->rto = t->cfg.rto_initial_ms;
	timer_init(&t->rtx_timer, rtx_expired, t);
	timer_init(&t->ack_timer, ack_expired, t);
	return t;
}

void l2tp_transport_free(struct l2tp_transport *t)
{
	struct tx_msg *m;
	struct l2tp_rx_msg *r;
	unsigned i;

	if (!t)
		return;
	timer_cancel(t->loop, &t->rtx_timer);
	timer_cancel(t->loop, &t->ack_timer);
	while ((m = t->head)) {
		t->head = m->next;
		free(m);
	}
	while ((r = t->rx_head)) {
		t->rx_head = r->next;
		free(r);
	}
	for (i = 0; i < t->cfg.recv_window; i++)
		free(t->ooo[i]);
	free(t->ooo);
	free(t);
}

void l2tp_transport_set_peer(struct l2tp_transport *t, uint16_t peer_tunnel_id,
			     uint16_t peer_window)
{
	t->peer_tunnel_id = peer_tunnel_id;
	t->peer_window = peer_window ? peer_window : PEER_WINDOW_ABSENT;
	/* Appendix A: slow start up to the peer's window. */
	t->ssthresh = t->peer_window;
	if (t->cwnd > t->peer_window)
		t->cwnd = t->peer_window;
}

void l2tp_transport_park_ahead(struct l2tp_transport *t, bool on)
{
	t->park_ahead = on;
}

static unsigned send_window(const struct l2tp_transport *t)
{
	return t->cwnd < t->peer_window ? t->cwnd : t->peer_window;
}

static void xmit(struct l2tp_transport *t, struct tx_msg *m)
{
	/* Every (re)transmission carries the freshest Nr: a free ack. */
	put_be16(m->data + 8, m->ns);
	put_be16(m->data + 10, t->nr);
	timer_cancel(t->loop, &t->ack_timer);
	t->ops->output(t->arg, m->data, m->len);
}

static void arm_rtx(struct l2tp_transport *t)
{
	if (t->head && t->head->sent)
		timer_arm(t->loop, &t->rtx_timer, t->rto);
	else
		timer_cancel(t->loop, &t->rtx_timer);
}

/* Send what the window allows of the not-yet-sent messages. */
static void push(struct l2tp_transport *t)
{
	struct tx_msg *m;
	bool armed = timer_pending(&t->rtx_timer);

	for (m = t->head; m; m = m->next) {
		if (m->sent)
			continue;
		if ((uint16_t)(m->ns - t->una) >= send_window(t))
			break;
		m->sent = true;
		t->snd_nxt = (uint16_t)(m->ns + 1);
		t->stats.tx_msgs++;
		xmit(t, m);
	}
	if (!armed)
		arm_rtx(t);
}

int l2tp_transport_send(struct l2tp_transport *t, const uint8_t *msg,
			size_t len)
{
	struct tx_msg *m;

	if (len < L2TP_CTRL_HDR_LEN || len > L2TP_MAX_MSG_LEN ||
	    get_be16(msg) != L2TP_CTRL_FLAGS)
		return -EINVAL;
	if (t->dead || t->pending >= t->cfg.max_pending)
		return -ENOBUFS;
	m = malloc(sizeof(*m) + len);
	if (!m)
		return -ENOMEM;
	m->next = NULL;
	m->ns = t->ns_next++;
	m->sent = false;
	m->len = len;
	memcpy(m->data, msg, len);
	*t->tail = m;
	t->tail = &m->next;
	t->pending++;
	push(t);
	return 0;
}

static void send_zlb(struct l2tp_transport *t)
{
	uint8_t zlb[L2TP_CTRL_HDR_LEN];

	timer_cancel(t->loop, &t->ack_timer);
	l2tp_zlb_encode(t->peer_tunnel_id, t->snd_nxt, t->nr, zlb);
	t->stats.tx_zlbs++;
	t->ops->output(t->arg, zlb, sizeof(zlb));
}

void l2tp_transport_ack_now(struct l2tp_transport *t)
{
	if (timer_pending(&t->ack_timer))
		send_zlb(t);
}

static void ack_expired(struct loop *loop, struct timer *tm, void *arg)
{
	send_zlb(arg);
}

static void schedule_ack(struct l2tp_transport *t)
{
	if (!timer_pending(&t->ack_timer))
		timer_arm(t->loop, &t->ack_timer, t->cfg.ack_delay_ms);
}

static void grow_cwnd(struct l2tp_transport *t)
{
	if (t->cwnd >= t->peer_window)
		return;
	if (t->cwnd < t->ssthresh) {
		t->cwnd++;	/* slow start: +1 per ack */
	} else if (++t->ca_acked >= t->cwnd) {
		t->cwnd++;	/* congestion avoidance: +1 per window */
		t->ca_acked = 0;
	}
}

/* Peer acknowledged everything before nr. */
static void process_ack(struct l2tp_transport *t, uint16_t nr)
{
	struct tx_msg *m;

	if (nr == t->una)
		return;
	if ((uint16_t)(nr - t->una) > (uint16_t)(t->snd_nxt - t->una)) {
		t->stats.rx_bad_acks++;
		return;
	}
	while ((m = t->head) && m->sent && l2tp_seq_before(m->ns, nr)) {
		t->head = m->next;
		if (!t->head)
			t->tail = &t->head;
		t->pending--;
		free(m);
		grow_cwnd(t);
	}
	t->una = nr;
	t->retries = 0;
	t->rto = t->cfg.rto_initial_ms;
	arm_rtx(t);
	push(t);
}

static void rtx_expired(struct loop *loop, struct timer *tm, void *arg)
{
	struct l2tp_transport *t = arg;

	if (!t->head || !t->head->sent)
		return;
	if (++t->retries > t->cfg.max_retries) {
		t->dead = true;
		timer_cancel(loop, &t->ack_timer);
		t->ops->peer_dead(t->arg);	/* may free t */
		return;
	}
	t->ssthresh = t->cwnd / 2 ? t->cwnd / 2 : 1;
	t->cwnd = 1;
	t->ca_acked = 0;
	t->stats.retransmits++;
	xmit(t, t->head);
	t->rto = t->rto * 2 > t->cfg.rto_max_ms ? t->cfg.rto_max_ms : t->rto * 2;
	timer_arm(loop, &t->rtx_timer, t->rto);
}

static struct l2tp_rx_msg *copy_rx(uint16_t ns, const uint8_t *msg, size_t len)
{
	struct l2tp_rx_msg *r = malloc(sizeof(*r) + len);

	if (!r)
		return NULL;
	r->next = NULL;
	r->ns = ns;
	r->len = len;
	memcpy(r->data, msg, len);
	return r;
}

static void deliver(struct l2tp_transport *t, struct l2tp_rx_msg *r)
{
	*t->rx_tail = r;
	t->rx_tail = &r->next;
	t->nr++;
}

/* Move the queued successors of the message just delivered. */
static void drain_ooo(struct l2tp_transport *t)
{
	struct l2tp_rx_msg **slot;

	for (;;) {
		slot = &t->ooo[t->nr % t->cfg.recv_window];
		if (!*slot || (*slot)->ns != t->nr)
			break;
		deliver(t, *slot);
		*slot = NULL;
	}
}

enum l2tp_rx_verdict l2tp_transport_input(struct l2tp_transport *t,
					  uint16_t ns, uint16_t nr, bool zlb,
					  const uint8_t *msg, size_t len)
{
	uint16_t ahead = (uint16_t)(ns - t->nr);
	struct l2tp_rx_msg *r, **slot;

	if (t->dead)
		return L2TP_RX_OUT_OF_WINDOW;
	process_ack(t, nr);
	if (zlb)
		return L2TP_RX_ACK_ONLY;
	if (l2tp_seq_before(ns, t->nr)) {
		/* Our ack was lost: repeat it now so the peer stops resending. */
		t->stats.rx_duplicates++;
		send_zlb(t);
		return L2TP_RX_DUPLICATE;
	}
	if (ahead >= t->cfg.recv_window) {
		t->stats.rx_out_of_window++;
		return L2TP_RX_OUT_OF_WINDOW;
	}
	if (ahead && !t->park_ahead) {
		t->stats.rx_ahead_dropped++;
		return L2TP_RX_AHEAD_DROPPED;
	}
	slot = &t->ooo[ns % t->cfg.recv_window];
	if (ahead && *slot) {
		t->stats.rx_duplicates++;
		return L2TP_RX_DUPLICATE;
	}
	r = copy_rx(ns, msg, len);
	if (!r) {
		/* Not acknowledged, so the peer will send it again. */
		return L2TP_RX_OUT_OF_WINDOW;
	}
	t->stats.rx_msgs++;
	schedule_ack(t);
	if (ahead) {
		t->stats.rx_out_of_order++;
		*slot = r;
		return L2TP_RX_QUEUED;
	}
	deliver(t, r);
	drain_ooo(t);
	return L2TP_RX_DELIVER;
}

struct l2tp_rx_msg *l2tp_transport_next(struct l2tp_transport *t)
{
	struct l2tp_rx_msg *r = t->rx_head;

	if (!r)
		return NULL;
	t->rx_head = r->next;
	if (!t->rx_head)
		t->rx_tail = &t->rx_head;
	r->next = NULL;
	return r;
}

bool l2tp_transport_idle(const struct l2tp_transport *t)
{
	return !t->head;
}

unsigned l2tp_transport_pending(const struct l2tp_transport *t)
{
	return t->pending;
}

unsigned l2tp_transport_queue_limit(const struct l2tp_transport *t)
{
	return t->cfg.max_pending;
}

unsigned l2tp_transport_peer_window(const struct l2tp_transport *t)
{
	return t->peer_window;
}

uint16_t l2tp_transport_ns(const struct l2tp_transport *t)
{
	return t->ns_next;
}

bool l2tp_transport_sent(const struct l2tp_transport *t, uint16_t ns)
{
	/* ns is queued, so at most the queue's length from snd_nxt. */
	return (int16_t)(uint16_t)(t->snd_nxt - ns) > 0;
}

uint16_t l2tp_transport_una(const struct l2tp_transport *t)
{
	return t->una;
}

uint16_t l2tp_transport_nr(const struct l2tp_transport *t)
{
	return t->nr;
}

uint16_t l2tp_transport_recv_window(const struct l2tp_transport *t)
{
	return t->cfg.recv_window;
}

unsigned l2tp_transport_cwnd(const struct l2tp_transport *t)
{
	return t->cwnd;
}

unsigned l2tp_transport_in_flight(const struct l2tp_transport *t)
{
	return (uint16_t)(t->snd_nxt - t->una);
}

const struct l2tp_transport_stats *
l2tp_transport_stats(const struct l2tp_transport *t)
{
	return &t->stats;
}
