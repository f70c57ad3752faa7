// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A tunnel's two FIFOs of sessions.  Calls we place wait on "waiting"
 * (wait-tunnel, wait-send) until the tunnel is up and its send queue is
 * short, then send their request, oldest first; see
 * l2tp_sess_request_fits().  Connected calls wait on "connecting" until
 * their ICCN/OCCN is on the wire (l2tp_sess_connect_enqueue()).
 */
#include <stddef.h>

#include "l2tp/session.h"

static struct l2tp_sess_link *link_of(const struct l2tp_sess_fifo *q,
				      struct l2tp_session *s)
{
	return (struct l2tp_sess_link *)((char *)s + q->link);
}

void l2tp_sess_fifo_init(struct l2tp_sess_fifo *q, size_t link)
{
	q->head = NULL;
	q->tail = &q->head;
	q->link = link;
}

static void fifo_push(struct l2tp_sess_fifo *q, struct l2tp_session *s)
{
	struct l2tp_sess_link *l = link_of(q, s);

	l->next = NULL;
	l->pprev = q->tail;
	*q->tail = s;
	q->tail = &l->next;
}

/* Takes s off q if it is on it. */
static void fifo_remove(struct l2tp_sess_fifo *q, struct l2tp_session *s)
{
	struct l2tp_sess_link *l = link_of(q, s);

	if (!l->pprev)
		return;
	*l->pprev = l->next;
	if (l->next)
		link_of(q, l->next)->pprev = l->pprev;
	else
		q->tail = l->pprev;
	l->next = NULL;
	l->pprev = NULL;
}

void l2tp_sess_wait_enqueue(struct l2tp_session *s)
{
	fifo_push(&s->tunnel->waiting, s);
}

void l2tp_sess_wait_dequeue(struct l2tp_session *s)
{
	fifo_remove(&s->tunnel->waiting, s);
}

/*
 * May one more request join t's send queue now?  Only while the queue is
 * short: two peer windows keep the window full, and every message queued
 * behind the requests (an ICCN, a CDN, a HELLO) waits as many round
 * trips as the queue is deep; half the queue's limit stays free for them
 * in any case, so they never meet -ENOBUFS.
 */
bool l2tp_sess_request_fits(const struct l2tp_tunnel *t)
{
	const struct l2tp_transport *tp = t->tp;
	unsigned limit = l2tp_transport_queue_limit(tp) / 2;
	unsigned deep = 2 * l2tp_transport_peer_window(tp);

	if (deep < limit)
		limit = deep;
	return l2tp_transport_pending(tp) < (limit ? limit : 1);
}

void l2tp_sess_tunnel_up(struct l2tp_tunnel *t)
{
	struct l2tp_session *s;

	for (s = t->waiting.head; s; s = s->wait.next)
		l2tp_sess_event(s, SEV_TUNNEL_UP, NULL);
	l2tp_sess_send_waiting(t);
}

void l2tp_sess_send_waiting(struct l2tp_tunnel *t)
{
	/* Each ROOM event takes the head off the queue (sent or freed). */
	while (t->waiting.head && t->state == TUNNEL_ESTABLISHED &&
	       l2tp_sess_request_fits(t))
		l2tp_sess_event(t->waiting.head, SEV_ROOM, NULL);
}

/*
 * Our ICCN or OCCN may wait behind other messages for the peer's window;
 * PPP frames go through the kernel at once, so a call whose PPP started
 * before its ICCN left would overtake it and find no call at the peer.
 */
void l2tp_sess_connect_enqueue(struct l2tp_session *s, uint16_t ns)
{
	s->connect_ns = ns;
	fifo_push(&s->tunnel->connecting, s);
}

void l2tp_sess_connect_dequeue(struct l2tp_session *s)
{
	fifo_remove(&s->tunnel->connecting, s);
}

void l2tp_sess_connects_sent(struct l2tp_tunnel *t)
{
	struct l2tp_session *s;

	/* In Ns order: the first one not sent holds the rest back. */
	while ((s = t->connecting.head) &&
	       l2tp_transport_sent(t->tp, s->connect_ns)) {
		l2tp_sess_connect_dequeue(s);
		l2tp_sess_report_up(s);
	}
}
