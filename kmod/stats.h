/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_STATS_H
#define _L2TPGW_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <linux/l2tpgw.h>

struct sk_buff;

/* One per CPU per object; summed only when user space asks. */
struct l2tpgw_stats {
	u64_stats_t cnt[__L2TPGW_STAT_MAX];
	struct u64_stats_sync syncp;
};

struct l2tpgw_stats __percpu *l2tpgw_stats_alloc(void);
void l2tpgw_stats_free(struct l2tpgw_stats __percpu *stats);
void l2tpgw_stats_sum(struct l2tpgw_stats __percpu *stats,
		      u64 sum[__L2TPGW_STAT_MAX]);
int l2tpgw_put_u64_nest(struct sk_buff *msg, int attr, const u64 *val, int n,
			int pad);
int l2tpgw_stats_put(struct sk_buff *msg, struct l2tpgw_stats __percpu *stats);

/* Callers run with bottom halves disabled (softirq or local_bh_disable()). */
static inline void l2tpgw_stats_add(struct l2tpgw_stats __percpu *stats,
				    enum l2tpgw_stat idx, u64 val)
{
	struct l2tpgw_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->cnt[idx], val);
	u64_stats_update_end(&s->syncp);
}

static inline void l2tpgw_stats_inc(struct l2tpgw_stats __percpu *stats,
				    enum l2tpgw_stat idx)
{
	l2tpgw_stats_add(stats, idx, 1);
}

static inline void l2tpgw_stats_pkt(struct l2tpgw_stats __percpu *stats,
				    enum l2tpgw_stat pkts, unsigned int bytes)
{
	struct l2tpgw_stats *s = this_cpu_ptr(stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[pkts]);
	u64_stats_add(&s->cnt[pkts + 1], bytes);
	u64_stats_update_end(&s->syncp);
}

#endif /* _L2TPGW_STATS_H */
