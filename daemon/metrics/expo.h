/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prometheus text exposition format 0.0.4, written by pure functions from
 * values the caller collected: no I/O, no clock, so a unit test drives it
 * (docs/metrics.md lists what the daemon exposes).
 *
 * Output goes to a growing buffer; a failed allocation sets err and makes
 * every later call a no-op, so callers check once at the end.
 */
#ifndef L2TPGW_METRICS_EXPO_H
#define L2TPGW_METRICS_EXPO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXPO_MAX_LABELS 2

struct expo_buf {
	char *data;		/* NUL-terminated; owned, free() it */
	size_t len, cap;
	bool err;		/* out of memory: data is incomplete */
};

struct expo_label {
	const char *name;	/* [a-zA-Z_][a-zA-Z0-9_]* (not checked) */
	const char *value;	/* any bytes: escaped */
};

struct expo_sample {
	struct expo_label label[EXPO_MAX_LABELS];
	unsigned n_labels;
	uint64_t value;
};

enum expo_type { EXPO_COUNTER, EXPO_GAUGE };

struct expo_family {
	const char *name;
	const char *help;	/* escaped */
	enum expo_type type;
	const struct expo_sample *samples;
	unsigned n_samples;
};

/*
 * A histogram of durations kept in milliseconds, written in seconds:
 * bucket[i] counts observations over bound_ms[i-1] and at most
 * bound_ms[i]; bucket[n_bounds] those over the last bound.  The output's
 * buckets are cumulative, le="+Inf" equals _count.
 */
struct expo_histogram {
	const char *name;
	const char *help;
	const uint32_t *bound_ms;	/* increasing */
	unsigned n_bounds;
	const uint64_t *bucket;		/* n_bounds + 1 */
	uint64_t sum_ms;
};

void expo_family(struct expo_buf *b, const struct expo_family *f);
void expo_histogram(struct expo_buf *b, const struct expo_histogram *h);
/* "1.5", "0.05", "30": ms as seconds, exact, no trailing zeros. */
void expo_ms_as_seconds(char *out, size_t len, uint64_t ms);
void expo_buf_free(struct expo_buf *b);

#endif /* L2TPGW_METRICS_EXPO_H */
