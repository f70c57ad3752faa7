/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exponential backoff with jitter, as a pure schedule: the delay before
 * the next attempt doubles from min to max, and each delay is drawn from
 * its upper half so that many attempts failing at once (a LAC's calls
 * lost together) do not all come back at once.
 */
#ifndef L2TPGW_BACKOFF_H
#define L2TPGW_BACKOFF_H

#include <stdint.h>

struct backoff {
	uint32_t min_ms;
	uint32_t max_ms;
	uint32_t next_ms;	/* the ceiling of the next delay */
};

/* 1 <= min_ms <= max_ms. */
void backoff_init(struct backoff *b, uint32_t min_ms, uint32_t max_ms);
/* The next delay is drawn below min_ms again (an attempt succeeded). */
void backoff_reset(struct backoff *b);
/*
 * The delay before the next attempt, in [d - d/2, d] for d = min, 2 min,
 * 4 min ... max (then max on), picked by rnd (any 32-bit random value).
 */
uint32_t backoff_next(struct backoff *b, uint32_t rnd);

#endif /* L2TPGW_BACKOFF_H */
