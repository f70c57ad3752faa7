// SPDX-License-Identifier: GPL-2.0
/*
 * Receive sequencing of a session (RFC 2661 5.4): frames are handed on in
 * Ns order.  A data frame ahead of the next expected Ns waits in a queue
 * bounded by the reorder window; a gap is given up when its oldest waiting
 * frame has waited the reorder timeout, or when the queue overflows.  PPP
 * control frames never wait (they go up to the socket at once and cannot
 * be handed on later from a timer); they only take their Ns out of the
 * sequence, through a placeholder when they arrive early.  What waits is
 * charged to the namespace's reorder memory; a frame that would exceed it
 * is dropped instead of queued, and its gap waits like any other.
 */
#include <linux/jiffies.h>

#include "compat.h"
#include "rx.h"
#include "seq.h"
#include "session.h"

/* Consecutive old Ns after which we believe the peer restarted its Ns. */
#define L2TPGW_REORDER_RESYNC	8

struct l2tpgw_seq_cb {
	unsigned long queued;
	u16 ns;
	bool placeholder;
};

static struct l2tpgw_seq_cb *l2tpgw_seq_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct l2tpgw_seq_cb) > sizeof(skb->cb));
	return (struct l2tpgw_seq_cb *)skb->cb;
}

static void l2tpgw_reorder_expire(struct timer_list *timer);

/* False if @skb would take the namespace over its reorder memory. */
static bool l2tpgw_reorder_charge(struct l2tpgw_reorder *r,
				  struct sk_buff *skb)
{
	struct l2tpgw_reorder_mem *mem = r->mem;

	if (!mem)
		return true;
	if (atomic_long_add_return(skb->truesize, &mem->bytes) > mem->max &&
	    mem->max) {
		atomic_long_sub(skb->truesize, &mem->bytes);
		return false;
	}
	return true;
}

static void l2tpgw_reorder_uncharge(struct l2tpgw_reorder *r,
				    struct sk_buff *skb)
{
	if (r->mem)
		atomic_long_sub(skb->truesize, &r->mem->bytes);
}

void l2tpgw_reorder_init(struct l2tpgw_reorder *r, u16 window, u32 timeout)
{
	spin_lock_init(&r->lock);
	__skb_queue_head_init(&r->queue);
	timer_setup(&r->timer, l2tpgw_reorder_expire, 0);
	r->window = window;
	r->timeout_ms = timeout;
}

/* Once no receive path or netlink request can reach the session. */
void l2tpgw_reorder_destroy(struct l2tpgw_reorder *r)
{
	struct sk_buff *skb;

	l2tpgw_compat_timer_shutdown(&r->timer);
	while ((skb = __skb_dequeue(&r->queue))) {
		l2tpgw_reorder_uncharge(r, skb);
		kfree_skb(skb);
	}
}

/* Hand on the frames that are now in order. */
static void l2tpgw_reorder_drain(struct l2tpgw_reorder *r,
				 struct sk_buff_head *out)
{
	struct sk_buff *skb;

	lockdep_assert_held(&r->lock);
	while ((skb = skb_peek(&r->queue)) &&
	       l2tpgw_seq_cb(skb)->ns == r->next_ns) {
		__skb_unlink(skb, &r->queue);
		l2tpgw_reorder_uncharge(r, skb);
		r->next_ns++;
		if (l2tpgw_seq_cb(skb)->placeholder)
			consume_skb(skb);
		else
			__skb_queue_tail(out, skb);
	}
}

/* Give up the gap before the oldest waiting frame. */
static void l2tpgw_reorder_skip(struct l2tpgw_reorder *r,
				struct sk_buff_head *out)
{
	struct sk_buff *skb = skb_peek(&r->queue);

	if (!skb)
		return;
	r->next_ns = l2tpgw_seq_cb(skb)->ns;
	l2tpgw_reorder_drain(r, out);
}

/* Distance of @ns from the next expected Ns; negative means old. */
static s16 l2tpgw_reorder_distance(struct l2tpgw_reorder *r, u16 ns,
				   struct sk_buff_head *out)
{
	s16 d;

	if (!r->synced) {
		r->synced = true;
		r->next_ns = ns;
	}
	d = (s16)(ns - r->next_ns);
	if (d >= 0) {
		r->discards = 0;
		return d;
	}
	if (++r->discards < L2TPGW_REORDER_RESYNC)
		return d;
	/* The peer started over: hand on what waits, follow the peer. */
	while (!skb_queue_empty(&r->queue))
		l2tpgw_reorder_skip(r, out);
	r->discards = 0;
	r->next_ns = ns;
	return 0;
}

/* False if two frames claim the same Ns. */
static bool l2tpgw_reorder_insert(struct l2tpgw_reorder *r,
				  struct sk_buff *skb, u16 ns)
{
	struct sk_buff *pos;

	skb_queue_reverse_walk(&r->queue, pos) {
		s16 d = (s16)(ns - l2tpgw_seq_cb(pos)->ns);

		if (!d)
			return false;
		if (d > 0) {
			__skb_queue_after(&r->queue, pos, skb);
			return true;
		}
	}
	__skb_queue_head(&r->queue, skb);
	return true;
}

static void l2tpgw_reorder_arm(struct l2tpgw_reorder *r)
{
	u32 timeout = READ_ONCE(r->timeout_ms);
	struct sk_buff *head = skb_peek(&r->queue);

	if (head && timeout && !timer_pending(&r->timer))
		mod_timer(&r->timer, l2tpgw_seq_cb(head)->queued +
				     msecs_to_jiffies(timeout));
}

/*
 * Account @ns; @skb is the data frame carrying it, or NULL for a control
 * frame that only takes its Ns.  Returns false if @ns is old or already
 * seen; then @skb was not taken.
 */
static bool l2tpgw_reorder_locked(struct l2tpgw_session *s,
				  struct sk_buff *skb, u16 ns,
				  struct sk_buff_head *out)
{
	struct l2tpgw_reorder *r = &s->reorder;
	u16 window = READ_ONCE(r->window);
	s16 d;

	d = l2tpgw_reorder_distance(r, ns, out);
	if (d < 0)
		return false;
	if (!d || !window) {
		r->next_ns = ns + 1;
		if (skb)
			__skb_queue_tail(out, skb);
		l2tpgw_reorder_drain(r, out);
		return true;
	}

	if (!skb) {
		skb = alloc_skb(0, GFP_ATOMIC);
		/* Without a placeholder the gap waits for the timeout. */
		if (!skb)
			return true;
		l2tpgw_seq_cb(skb)->placeholder = true;
	} else {
		l2tpgw_seq_cb(skb)->placeholder = false;
	}
	l2tpgw_seq_cb(skb)->ns = ns;
	l2tpgw_seq_cb(skb)->queued = jiffies;
	if (!l2tpgw_reorder_charge(r, skb)) {
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_RX_REORDER_NOMEM);
		/* The Ns stays fresh: its gap waits like any other. */
		if (l2tpgw_seq_cb(skb)->placeholder)
			consume_skb(skb);
		else
			kfree_skb(skb);
		return true;
	}
	if (!l2tpgw_reorder_insert(r, skb, ns)) {
		l2tpgw_reorder_uncharge(r, skb);
		if (l2tpgw_seq_cb(skb)->placeholder)
			consume_skb(skb);
		return false;
	}
	l2tpgw_stats_inc(s->stats, L2TPGW_STAT_RX_OOS_PACKETS);
	if (skb_queue_len(&r->queue) > window) {
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_RX_REORDER_OVERFLOW);
		l2tpgw_reorder_skip(r, out);
	}
	l2tpgw_reorder_arm(r);
	return true;
}

static void l2tpgw_reorder_deliver(struct l2tpgw_session *s,
				   struct sk_buff_head *out)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(out)))
		l2tpgw_rx_deliver(s, skb);
}

/* A data frame with Ns: delivered now, later, or dropped as old. */
void l2tpgw_reorder_data(struct l2tpgw_session *s, struct sk_buff *skb,
			 u16 ns)
{
	struct sk_buff_head out;
	bool taken;

	__skb_queue_head_init(&out);
	local_bh_disable();
	spin_lock(&s->reorder.lock);
	taken = l2tpgw_reorder_locked(s, skb, ns, &out);
	spin_unlock(&s->reorder.lock);
	if (!taken) {
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_RX_SEQ_DISCARD);
		kfree_skb(skb);
	}
	l2tpgw_reorder_deliver(s, &out);
	local_bh_enable();
}

/* A control frame with Ns: false if the Ns is old (drop the frame). */
bool l2tpgw_reorder_consume(struct l2tpgw_session *s, u16 ns)
{
	struct sk_buff_head out;
	bool fresh;

	__skb_queue_head_init(&out);
	local_bh_disable();
	spin_lock(&s->reorder.lock);
	fresh = l2tpgw_reorder_locked(s, NULL, ns, &out);
	spin_unlock(&s->reorder.lock);
	l2tpgw_reorder_deliver(s, &out);
	local_bh_enable();
	return fresh;
}

/*
 * A MODIFY of the window or the timeout.  Frames that wait beyond a smaller
 * window have their gaps given up now, in Ns order, as on an overflow; a
 * window of 0 hands on all of them.  A new timeout applies to what already
 * waits (the timer is rearmed for it; 0 lets frames wait for the window).
 */
void l2tpgw_reorder_set(struct l2tpgw_session *s, int window, s64 timeout)
{
	struct l2tpgw_reorder *r = &s->reorder;
	struct sk_buff_head out;

	__skb_queue_head_init(&out);
	local_bh_disable();
	spin_lock(&r->lock);
	if (window >= 0) {
		WRITE_ONCE(r->window, window);
		while (skb_queue_len(&r->queue) > (u32)window) {
			l2tpgw_stats_inc(s->stats,
					 L2TPGW_STAT_RX_REORDER_OVERFLOW);
			l2tpgw_reorder_skip(r, &out);
		}
	}
	if (timeout >= 0) {
		WRITE_ONCE(r->timeout_ms, timeout);
		del_timer(&r->timer);
	}
	l2tpgw_reorder_arm(r);
	spin_unlock(&r->lock);
	l2tpgw_reorder_deliver(s, &out);
	local_bh_enable();
}

static void l2tpgw_reorder_expire(struct timer_list *timer)
{
	struct l2tpgw_reorder *r = from_timer(r, timer, timer);
	struct l2tpgw_session *s = container_of(r, struct l2tpgw_session,
						reorder);
	unsigned long timeout = msecs_to_jiffies(READ_ONCE(r->timeout_ms));
	struct sk_buff_head out;
	struct sk_buff *head;

	__skb_queue_head_init(&out);
	spin_lock(&r->lock);
	while ((head = skb_peek(&r->queue)) &&
	       time_after_eq(jiffies, l2tpgw_seq_cb(head)->queued + timeout)) {
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_RX_REORDER_TIMEOUT);
		l2tpgw_reorder_skip(r, &out);
	}
	l2tpgw_reorder_arm(r);
	spin_unlock(&r->lock);
	l2tpgw_reorder_deliver(s, &out);
}
