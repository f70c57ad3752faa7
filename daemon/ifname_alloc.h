/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The numbers of one device name pattern ("ra%d" -> ra0, ra1, ...): always
 * the lowest free one, as the kernel's dev_alloc_name() would pick, but
 * without walking every device of the namespace per new session.
 *
 * Two levels of bitmap: bit n of used[] is number n; bit w of full[] says
 * used[w] has no free bit.  The lowest free number is found from the
 * first word of full[] not all ones at or above a hint that only moves
 * down when a number is freed, so a lookup reads one word of full[] and
 * one of used[] in the common case and words/4096 words at worst.  The
 * bitmaps grow (doubling) up to the highest number handed out, never
 * beyond limit.  No I/O: the caller formats and registers the name.
 */
#ifndef L2TPGW_IFNAME_ALLOC_H
#define L2TPGW_IFNAME_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ifname_alloc {
	uint64_t *used;
	uint64_t *full;
	size_t words;		/* of used[]; full[] has (words + 63) / 64 */
	size_t hint;		/* no word of used[] below it has a free bit */
	unsigned limit;		/* numbers 0 .. limit - 1 */
	unsigned count;		/* numbers taken */
};

/* Numbers 0 .. limit - 1 (limit >= 1); nothing allocated yet. */
void ifname_alloc_init(struct ifname_alloc *a, unsigned limit);
void ifname_alloc_destroy(struct ifname_alloc *a);

/* The lowest free number into *n: 0, -ENOSPC (all taken) or -ENOMEM. */
int ifname_alloc_get(struct ifname_alloc *a, unsigned *n);
/* Give n back; a number not taken is ignored. */
void ifname_alloc_put(struct ifname_alloc *a, unsigned n);
bool ifname_alloc_taken(const struct ifname_alloc *a, unsigned n);

#endif /* L2TPGW_IFNAME_ALLOC_H */
