// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Lowest-free number allocator for device name patterns (ifname_alloc.h).
 */
#include "ifname_alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WORD_BITS	64
#define INITIAL_WORDS	4	/* 256 numbers before the first doubling */

static size_t full_words(size_t words)
{
	return (words + WORD_BITS - 1) / WORD_BITS;
}

void ifname_alloc_init(struct ifname_alloc *a, unsigned limit)
{
	memset(a, 0, sizeof(*a));
	a->limit = limit;
}

void ifname_alloc_destroy(struct ifname_alloc *a)
{
	free(a->used);
	free(a->full);
	memset(a, 0, sizeof(*a));
}

/* Double used[] (and full[] with it), never past the word holding limit. */
static int grow(struct ifname_alloc *a)
{
	size_t max = ((size_t)a->limit + WORD_BITS - 1) / WORD_BITS;
	size_t nw = a->words ? a->words * 2 : INITIAL_WORDS;
	size_t old_fw = full_words(a->words), new_fw;
	uint64_t *p;

	if (a->words >= max)
		return -ENOSPC;
	if (nw > max)
		nw = max;
	new_fw = full_words(nw);
	p = realloc(a->full, new_fw * sizeof(*p));
	if (!p)
		return -ENOMEM;
	memset(p + old_fw, 0, (new_fw - old_fw) * sizeof(*p));
	a->full = p;
	p = realloc(a->used, nw * sizeof(*p));
	if (!p)
		return -ENOMEM;
	memset(p + a->words, 0, (nw - a->words) * sizeof(*p));
	a->used = p;
	a->words = nw;
	return 0;
}

/* The first word of used[] with a free bit, or a->words if none. */
static size_t first_free_word(const struct ifname_alloc *a)
{
	size_t fw, n = full_words(a->words), w;

	for (fw = a->hint / WORD_BITS; fw < n; fw++) {
		if (a->full[fw] == UINT64_MAX)
			continue;
		w = fw * WORD_BITS + (size_t)__builtin_ctzll(~a->full[fw]);
		return w < a->words ? w : a->words;
	}
	return a->words;
}

int ifname_alloc_get(struct ifname_alloc *a, unsigned *n)
{
	size_t w;
	unsigned bit, num;
	int rc;

	while ((w = first_free_word(a)) == a->words) {
		rc = grow(a);
		if (rc < 0)
			return rc;
	}
	a->hint = w;
	bit = (unsigned)__builtin_ctzll(~a->used[w]);
	num = (unsigned)(w * WORD_BITS) + bit;
	if (num >= a->limit)
		return -ENOSPC;
	a->used[w] |= UINT64_C(1) << bit;
	if (a->used[w] == UINT64_MAX)
		a->full[w / WORD_BITS] |= UINT64_C(1) << (w % WORD_BITS);
	a->count++;
	*n = num;
	return 0;
}

bool ifname_alloc_taken(const struct ifname_alloc *a, unsigned n)
{
	size_t w = n / WORD_BITS;

	return w < a->words && (a->used[w] >> (n % WORD_BITS) & 1);
}

void ifname_alloc_put(struct ifname_alloc *a, unsigned n)
{
	size_t w = n / WORD_BITS;

	if (!ifname_alloc_taken(a, n))
		return;
	a->used[w] &= ~(UINT64_C(1) << (n % WORD_BITS));
	a->full[w / WORD_BITS] &= ~(UINT64_C(1) << (w % WORD_BITS));
	if (w < a->hint)
		a->hint = w;
	a->count--;
}
