/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What /metrics shows, gathered at request time (docs/metrics.md): the
 * gateway's counters through gateway_stats(), the very numbers
 * `l2tpctl stats` prints, renamed into metric families by one table; the
 * setup-latency histogram; and the module's counters summed over its
 * sockets, tunnels and sessions plus its namespace counters, read over
 * generic netlink on a socket of our own (a dump: one local round trip
 * per ~30 objects, answered at once by the kernel, never waiting on the
 * network).
 */
#ifndef L2TPGW_METRICS_COLLECT_H
#define L2TPGW_METRICS_COLLECT_H

#include "metrics/expo.h"

struct gateway;
struct l2tpctl;

/* kernel may be NULL (no module counters).  b->err on allocation failure. */
void metrics_collect(struct gateway *gw, struct l2tpctl *kernel,
		     struct expo_buf *b);

/*
 * The gateway part alone, from a list of `l2tpctl stats` pairs: pure, for
 * unit tests.  get(name) returns whether the stat exists and its value.
 */
struct metrics_stats {
	unsigned n;
	struct {
		char name[48];
		uint64_t value;
	} item[160];
};
bool metrics_stat(const struct metrics_stats *st, const char *name,
		  uint64_t *value);
void metrics_gateway_families(const struct metrics_stats *st,
			      struct expo_buf *b);

#endif /* L2TPGW_METRICS_COLLECT_H */
