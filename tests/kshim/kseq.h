/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For a host build of kmod/seq.c: include this, then "seq.c" itself.
 * seq.c needs of a session only its reorder state and its counters, and
 * l2tpgw_rx_deliver() (the test defines it: that is where frames come
 * out).  The module's session.h and stats.h need the whole kernel, so
 * this stands in for them: their include guards are defined here, and
 * struct l2tpgw_session holds just what seq.c touches.
 */
#ifndef _L2TPGW_KSEQ_H
#define _L2TPGW_KSEQ_H

#include "kshim.h"
#include <linux/l2tpgw.h>
#include "seq.h"

#define _L2TPGW_SESSION_H
#define _L2TPGW_STATS_H

struct l2tpgw_stats {
	u64 cnt[__L2TPGW_STAT_MAX];
};

static inline void l2tpgw_stats_inc(struct l2tpgw_stats *stats,
				    enum l2tpgw_stat idx)
{
	stats->cnt[idx]++;
}

struct l2tpgw_session {
	struct l2tpgw_reorder reorder;
	struct l2tpgw_stats *stats;
	struct l2tpgw_stats stats_mem;
};

static inline void kseq_session_init(struct l2tpgw_session *s, u16 window,
				     u32 timeout_ms)
{
	*s = (struct l2tpgw_session){ .stats = &s->stats_mem };
	l2tpgw_reorder_init(&s->reorder, window, timeout_ms);
}

#endif /* _L2TPGW_KSEQ_H */
