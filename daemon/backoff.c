// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Exponential backoff with jitter (backoff.h).
 */
#include "backoff.h"

void backoff_init(struct backoff *b, uint32_t min_ms, uint32_t max_ms)
{
	b->min_ms = min_ms ? min_ms : 1;
	b->max_ms = max_ms > b->min_ms ? max_ms : b->min_ms;
	b->next_ms = b->min_ms;
}

void backoff_reset(struct backoff *b)
{
	b->next_ms = b->min_ms;
}

uint32_t backoff_next(struct backoff *b, uint32_t rnd)
{
	uint32_t d = b->next_ms, half = d / 2;

	b->next_ms = d >= b->max_ms / 2 ? b->max_ms : d * 2;
	return d - half + rnd % (half + 1);
}
