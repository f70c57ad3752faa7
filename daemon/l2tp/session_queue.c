// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Calls we place wait in a per-tunnel FIFO (wait-tunnel, wait-send) until
 * the tunnel is up and its send queue is short, then send their request,
 * oldest first; see l2tp_sess_request_fits().
 */
#include "l2tp/session.h"

void l2tp_sess_wait_enqueue(struct l2tp_session *s)
{
	struct l2tp_tunnel *t = s->tunnel;

	s->wnext = NULL;
	s->wpprev = t->waiting_tail;
	*t->waiting_tail = s;
	t->waiting_tail = &s->wnext;
}

void l2tp_sess_wait_dequeue(struct l2tp_session *s)
{
	struct l2tp_tunnel *t = s->tunnel;

	if (!s->wpprev)
		return;
	*s->wpprev = s->wnext;
	if (s->wnext)
		s->wnext->wpprev = s->wpprev;
	else
		t->waiting_tail = s->wpprev;
	s->wnext = NULL;
	s->wpprev = NULL;
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

	for (s = t->waiting; s; s = s->wnext)
		l2tp_sess_event(s, SEV_TUNNEL_UP, NULL);
	l2tp_sess_send_waiting(t);
}

void l2tp_sess_send_waiting(struct l2tp_tunnel *t)
{
	/* Each ROOM event takes the head off the queue (sent or freed). */
	while (t->waiting && t->state == TUNNEL_ESTABLISHED &&
	       l2tp_sess_request_fits(t))
		l2tp_sess_event(t->waiting, SEV_ROOM, NULL);
}

/*
 * Our ICCN or OCCN may wait behind other messages for the peer's window;
 * PPP frames go through the kernel at once, so a call whose PPP started
 * before its ICCN left would overtake it and find no call at the peer.
 */
void l2tp_sess_connect_enqueue(struct l2tp_session *s, uint16_t ns)
{
	struct l2tp_tunnel *t = s->tunnel;

	s->connect_ns = ns;
	s->cnext = NULL;
	s->cpprev = t->connecting_tail;
	*t->connecting_tail = s;
	t->connecting_tail = &s->cnext;
}

void l2tp_sess_connect_dequeue(struct l2tp_session *s)
{
	struct l2tp_tunnel *t = s->tunnel;

	if (!s->cpprev)
		return;
	*s->cpprev = s->cnext;
	if (s->cnext)
		s->cnext->cpprev = s->cpprev;
	else
		t->connecting_tail = s->cpprev;
	s->cnext = NULL;
	s->cpprev = NULL;
}

void l2tp_sess_connects_sent(struct l2tp_tunnel *t)
{
	struct l2tp_session *s;

	/* In Ns order: the first one not sent holds the rest back. */
	while ((s = t->connecting) &&
	       l2tp_transport_sent(t->tp, s->connect_ns)) {
		l2tp_sess_connect_dequeue(s);
		l2tp_sess_report_up(s);
	}
}
