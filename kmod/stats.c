// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters of sockets, tunnels, sessions and namespaces.  The fast
 * path only ever touches its own CPU's copy; a netlink read sums them.
 */
#include <linux/skbuff.h>
#include <net/netlink.h>

#include "stats.h"

struct l2tpgw_stats __percpu *l2tpgw_stats_alloc(void)
{
	struct l2tpgw_stats __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct l2tpgw_stats, GFP_KERNEL);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

void l2tpgw_stats_free(struct l2tpgw_stats __percpu *stats)
{
	free_percpu(stats);
}

void l2tpgw_stats_sum(struct l2tpgw_stats __percpu *stats,
		      u64 sum[__L2TPGW_STAT_MAX])
{
	u64 snap[__L2TPGW_STAT_MAX];
	unsigned int start;
	int cpu, i;

	memset(sum, 0, sizeof(u64) * __L2TPGW_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct l2tpgw_stats *s = per_cpu_ptr(stats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __L2TPGW_STAT_MAX; i++)
				snap[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __L2TPGW_STAT_MAX; i++)
			sum[i] += snap[i];
	}
}

/* @attr: a nest of u64 @val[pad + 1 .. n - 1], typed by their index. */
int l2tpgw_put_u64_nest(struct sk_buff *msg, int attr, const u64 *val, int n,
			int pad)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = pad + 1; i < n; i++) {
		if (nla_put_u64_64bit(msg, i, val[i], pad)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

int l2tpgw_stats_put(struct sk_buff *msg, struct l2tpgw_stats __percpu *stats)
{
	u64 sum[__L2TPGW_STAT_MAX];

	l2tpgw_stats_sum(stats, sum);
	return l2tpgw_put_u64_nest(msg, L2TPGW_A_STATS, sum, __L2TPGW_STAT_MAX,
				   L2TPGW_STAT_PAD);
}
