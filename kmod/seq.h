/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_SEQ_H
#define _L2TPGW_SEQ_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

struct l2tpgw_session;

/* The reorder memory of a namespace, shared by its sessions. */
struct l2tpgw_reorder_mem {
	atomic_long_t bytes;	/* skb->truesize of the frames queued */
	long max;		/* 0: no limit */
};

struct l2tpgw_reorder {
	/* protects queue, next_ns, synced, discards */
	spinlock_t lock;
	/* data frames ahead of next_ns, sorted by Ns */
	struct sk_buff_head queue;
	struct timer_list timer;
	u16 next_ns;
	bool synced;
	u8 discards;	/* consecutive old frames, to detect a peer restart */
	u16 window;	/* changed under lock by l2tpgw_reorder_set() */
	u32 timeout_ms;	/* changed under lock by l2tpgw_reorder_set() */
	/* charged for what waits in queue; NULL: not accounted */
	struct l2tpgw_reorder_mem *mem;
};

void l2tpgw_reorder_init(struct l2tpgw_reorder *r, u16 window, u32 timeout);
void l2tpgw_reorder_destroy(struct l2tpgw_reorder *r);
void l2tpgw_reorder_data(struct l2tpgw_session *s, struct sk_buff *skb,
			 u16 ns);
bool l2tpgw_reorder_consume(struct l2tpgw_session *s, u16 ns);
/* window < 0, timeout < 0: unchanged */
void l2tpgw_reorder_set(struct l2tpgw_session *s, int window, s64 timeout);

#endif /* _L2TPGW_SEQ_H */
