// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Address pools.  Each address has an index 0..size-1 across the ranges;
 * free indices sit on a stack and pos[] says where, so allocation, release
 * and reserving a given address are all O(1).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr/pool.h"
#include "addr/prefix_pool.h"

#define NOT_FREE UINT32_MAX

enum addr_flag {
	ADDR_STATIC = 1,	/* reserved for a user; never on the stack */
	ADDR_CLAIMED = 2,	/* static and held by a session */
};

struct pool_range {
	uint32_t first;
	uint32_t count;
	uint32_t base;		/* index of first */
};

struct ppp_pool {
	char name[POOL_NAME_MAX + 1];
	struct pool_range *ranges;
	size_t n_ranges;
	uint32_t size;
	uint32_t *stack;	/* free indices, top at n_free - 1 */
	uint32_t n_free;
	uint32_t *pos;		/* stack position of each index, or NOT_FREE */
	uint8_t *flags;
	uint32_t n_static;
	uint32_t n_claimed;
	bool sealed;		/* allocation started: ranges are final */
};

struct ppp_pool *pool_new(const char *name)
{
	struct ppp_pool *p;

	if (!name || strlen(name) > POOL_NAME_MAX || !name[0])
		return NULL;
	p = calloc(1, sizeof(*p));
	if (p)
		strcpy(p->name, name);
	return p;
}

void pool_free(struct ppp_pool *p)
{
	if (!p)
		return;
	free(p->ranges);
	free(p->stack);
	free(p->pos);
	free(p->flags);
	free(p);
}

const char *pool_name(const struct ppp_pool *p)
{
	return p->name;
}

static int parse_ip(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

static int parse_spec(const char *spec, uint32_t *first, uint32_t *last)
{
	char buf[64];
	char *sep;

	if (strlen(spec) >= sizeof(buf))
		return -1;
	strcpy(buf, spec);
	if ((sep = strchr(buf, '-'))) {
		*sep = '\0';
		return parse_ip(buf, first) || parse_ip(sep + 1, last) ? -1 : 0;
	}
	if ((sep = strchr(buf, '/'))) {
		char *end;
		long n;
		uint32_t mask;

		*sep = '\0';
		n = strtol(sep + 1, &end, 10);
		if (*end || end == sep + 1 || n < 8 || n > 32 ||
		    parse_ip(buf, first))
			return -1;
		mask = n == 32 ? 0xffffffffu : ~(0xffffffffu >> n);
		if (*first & ~mask)
			return -1;	/* host bits set: a typo, say so */
		*last = *first | ~mask;
		if (n <= 30) {
			(*first)++;
			(*last)--;
		}
		return 0;
	}
	if (parse_ip(buf, first))
		return -1;
	*last = *first;
	return 0;
}

static bool ranges_overlap(uint32_t a1, uint32_t a2, uint32_t b1, uint32_t b2)
{
	return a1 <= b2 && b1 <= a2;
}

int pool_add_range(struct ppp_pool *p, const char *spec, char *err,
		   size_t errlen)
{
	uint32_t first, last, count;
	struct pool_range *nr;

	if (p->sealed) {
		snprintf(err, errlen, "pool %s: ranges cannot change once in use",
			 p->name);
		return -1;
	}
	if (parse_spec(spec, &first, &last) < 0) {
		snprintf(err, errlen,
			 "pool %s: \"%s\" is not A.B.C.D, A.B.C.D-E.F.G.H or A.B.C.D/N (N 8..32, no host bits)",
			 p->name, spec);
		return -1;
	}
	if (last < first) {
		snprintf(err, errlen, "pool %s: range \"%s\" ends before it starts",
			 p->name, spec);
		return -1;
	}
	count = last - first + 1;
	if (count > POOL_MAX_ADDRS || p->size + count > POOL_MAX_ADDRS) {
		snprintf(err, errlen, "pool %s: more than %u addresses", p->name,
			 POOL_MAX_ADDRS);
		return -1;
	}
	for (size_t i = 0; i < p->n_ranges; i++) {
		const struct pool_range *r = &p->ranges[i];

		if (ranges_overlap(first, last, r->first,
				   r->first + r->count - 1)) {
			snprintf(err, errlen, "pool %s: range \"%s\" overlaps another range of the pool",
				 p->name, spec);
			return -1;
		}
	}
	nr = realloc(p->ranges, (p->n_ranges + 1) * sizeof(*nr));
	if (!nr) {
		snprintf(err, errlen, "pool %s: out of memory", p->name);
		return -1;
	}
	p->ranges = nr;
	nr[p->n_ranges++] = (struct pool_range){ first, count, p->size };
	p->size += count;
	return 0;
}

/* Builds the free stack on first use, when the ranges are final. */
static int seal(struct ppp_pool *p)
{
	if (p->sealed)
		return 0;
	p->stack = malloc((size_t)p->size * sizeof(*p->stack) + 1);
	p->pos = malloc((size_t)p->size * sizeof(*p->pos) + 1);
	p->flags = calloc((size_t)p->size + 1, 1);
	if (!p->stack || !p->pos || !p->flags) {
		free(p->stack);
		free(p->pos);
		free(p->flags);
		p->stack = NULL;
		p->pos = NULL;
		p->flags = NULL;
		return -ENOMEM;
	}
	/* Lowest addresses on top: operators expect them handed out first. */
	for (uint32_t i = 0; i < p->size; i++) {
		p->stack[i] = p->size - 1 - i;
		p->pos[p->size - 1 - i] = i;
	}
	p->n_free = p->size;
	p->sealed = true;
	return 0;
}

static int index_of(const struct ppp_pool *p, uint32_t addr, uint32_t *idx)
{
	for (size_t i = 0; i < p->n_ranges; i++) {
		const struct pool_range *r = &p->ranges[i];

		if (addr >= r->first && addr - r->first < r->count) {
			*idx = r->base + (addr - r->first);
			return 0;
		}
	}
	return -ENOENT;
}

static uint32_t addr_of(const struct ppp_pool *p, uint32_t idx)
{
	for (size_t i = 0; i < p->n_ranges; i++) {
		const struct pool_range *r = &p->ranges[i];

		if (idx >= r->base && idx - r->base < r->count)
			return r->first + (idx - r->base);
	}
	return 0;
}

bool pool_contains(const struct ppp_pool *p, uint32_t addr)
{
	uint32_t idx;

	return index_of(p, addr, &idx) == 0;
}

/* Removes idx from the free stack by moving the top into its slot. */
static void take(struct ppp_pool *p, uint32_t idx)
{
	uint32_t at = p->pos[idx], top = p->stack[p->n_free - 1];

	p->stack[at] = top;
	p->pos[top] = at;
	p->n_free--;
	p->pos[idx] = NOT_FREE;
}

static void give_back(struct ppp_pool *p, uint32_t idx)
{
	p->stack[p->n_free] = idx;
	p->pos[idx] = p->n_free++;
}

int pool_reserve(struct ppp_pool *p, uint32_t addr)
{
	uint32_t idx;
	int r;

	if ((r = seal(p)) < 0 || (r = index_of(p, addr, &idx)) < 0)
		return r;
	if (p->flags[idx] & ADDR_STATIC)
		return 0;
	if (p->pos[idx] == NOT_FREE)
		return -EBUSY;	/* already handed out dynamically */
	take(p, idx);
	p->flags[idx] |= ADDR_STATIC;
	p->n_static++;
	return 0;
}

int pool_alloc(struct ppp_pool *p, uint32_t *addr)
{
	uint32_t idx;
	int r;

	if ((r = seal(p)) < 0)
		return r;
	if (p->n_free == 0)
		return -ENOSPC;
	idx = p->stack[p->n_free - 1];
	take(p, idx);
	*addr = addr_of(p, idx);
	return 0;
}

int pool_claim_static(struct ppp_pool *p, uint32_t addr)
{
	uint32_t idx;
	int r;

	if ((r = seal(p)) < 0 || (r = index_of(p, addr, &idx)) < 0)
		return r;
	if (!(p->flags[idx] & ADDR_STATIC))
		return -EINVAL;
	if (p->flags[idx] & ADDR_CLAIMED)
		return -EBUSY;
	p->flags[idx] |= ADDR_CLAIMED;
	p->n_claimed++;
	return 0;
}

int pool_claim(struct ppp_pool *p, uint32_t addr)
{
	uint32_t idx;
	int r;

	if ((r = seal(p)) < 0 || (r = index_of(p, addr, &idx)) < 0)
		return r;
	if (p->flags[idx] & ADDR_STATIC)
		return pool_claim_static(p, addr);
	if (p->pos[idx] == NOT_FREE)
		return -EBUSY;
	take(p, idx);
	return 0;
}

void pool_release(struct ppp_pool *p, uint32_t addr)
{
	uint32_t idx;

	if (!p->sealed || index_of(p, addr, &idx) < 0)
		return;
	if (p->flags[idx] & ADDR_STATIC) {
		if (p->flags[idx] & ADDR_CLAIMED) {
			p->flags[idx] &= (uint8_t)~ADDR_CLAIMED;
			p->n_claimed--;
		}
		return;
	}
	if (p->pos[idx] == NOT_FREE)
		give_back(p, idx);
}

size_t pool_size(const struct ppp_pool *p)
{
	return p->size;
}

size_t pool_in_use(const struct ppp_pool *p)
{
	if (!p->sealed)
		return 0;
	return (size_t)(p->size - p->n_free - p->n_static) + p->n_claimed;
}

/* --- pool sets ------------------------------------------------------- */

/* A sorted set of keys, each held by one session at a time. */
struct claimed {
	uint64_t *key;
	size_t n, cap;
};

static size_t claimed_lower_bound(const struct claimed *c, uint64_t k)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->key[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* 0, -EBUSY if k is held already, -ENOMEM. */
static int claimed_add(struct claimed *c, uint64_t k)
{
	size_t at = claimed_lower_bound(c, k);

	if (at < c->n && c->key[at] == k)
		return -EBUSY;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		uint64_t *n = realloc(c->key, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->key = n;
		c->cap = cap;
	}
	memmove(c->key + at + 1, c->key + at, (c->n - at) * sizeof(*c->key));
	c->key[at] = k;
	c->n++;
	return 0;
}

static void claimed_remove(struct claimed *c, uint64_t k)
{
	size_t at = claimed_lower_bound(c, k);

	if (at < c->n && c->key[at] == k) {
		memmove(c->key + at, c->key + at + 1,
			(c->n - at - 1) * sizeof(*c->key));
		c->n--;
	}
}

struct pool_set {
	struct ppp_pool **pools;
	size_t n;
	/* Claimed static addresses outside every pool. */
	struct claimed outside;
	struct prefix_pool *prefixes;	/* IPv6 /64s, NULL if none */
	/* Claimed /64s outside prefixes (their upper 64 bits). */
	struct claimed outside6;
};

struct pool_set *pool_set_new(void)
{
	return calloc(1, sizeof(struct pool_set));
}

void pool_set_free(struct pool_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		pool_free(s->pools[i]);
	free(s->pools);
	free(s->outside.key);
	free(s->outside6.key);
	prefix_pool_free(s->prefixes);
	free(s);
}

void pool_set_set_prefixes(struct pool_set *s, struct prefix_pool *p)
{
	prefix_pool_free(s->prefixes);
	s->prefixes = p;
}

struct prefix_pool *pool_set_prefixes(const struct pool_set *s)
{
	return s ? s->prefixes : NULL;
}

bool pool_overlaps(const struct ppp_pool *a, const struct ppp_pool *b)
{
	for (size_t i = 0; i < a->n_ranges; i++)
		for (size_t j = 0; j < b->n_ranges; j++)
			if (ranges_overlap(a->ranges[i].first,
					   a->ranges[i].first + a->ranges[i].count - 1,
					   b->ranges[j].first,
					   b->ranges[j].first + b->ranges[j].count - 1))
				return true;
	return false;
}

int pool_set_add(struct pool_set *s, struct ppp_pool *p, char *err,
		 size_t errlen)
{
	struct ppp_pool **np;

	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->pools[i]->name, p->name) == 0) {
			snprintf(err, errlen, "pool %s: defined twice", p->name);
			return -EEXIST;
		}
		if (pool_overlaps(s->pools[i], p)) {
			snprintf(err, errlen, "pool %s: overlaps pool %s",
				 p->name, s->pools[i]->name);
			return -EINVAL;
		}
	}
	np = realloc(s->pools, (s->n + 1) * sizeof(*np));
	if (!np) {
		snprintf(err, errlen, "pool %s: out of memory", p->name);
		return -ENOMEM;
	}
	s->pools = np;
	s->pools[s->n++] = p;
	return 0;
}

struct ppp_pool *pool_set_find(const struct pool_set *s, const char *name)
{
	for (size_t i = 0; s && name && i < s->n; i++)
		if (strcmp(s->pools[i]->name, name) == 0)
			return s->pools[i];
	return NULL;
}

static struct ppp_pool *holder(const struct pool_set *s, uint32_t addr)
{
	for (size_t i = 0; i < s->n; i++)
		if (pool_contains(s->pools[i], addr))
			return s->pools[i];
	return NULL;
}

int pool_set_reserve_static(struct pool_set *s, uint32_t addr)
{
	struct ppp_pool *p = holder(s, addr);

	return p ? pool_reserve(p, addr) : 0;
}

/* addr held by none of s's pools: one session at a time. */
static int claim_outside(struct pool_set *s, uint32_t addr)
{
	return claimed_add(&s->outside, addr);
}

int pool_set_claim_static(struct pool_set *s, uint32_t addr)
{
	struct ppp_pool *p = holder(s, addr);

	return p ? pool_claim_static(p, addr) : claim_outside(s, addr);
}

int pool_set_claim(struct pool_set *s, uint32_t addr)
{
	struct ppp_pool *p = holder(s, addr);

	return p ? pool_claim(p, addr) : claim_outside(s, addr);
}

void pool_set_release_static(struct pool_set *s, uint32_t addr)
{
	struct ppp_pool *p = holder(s, addr);

	if (p)
		pool_release(p, addr);
	else
		claimed_remove(&s->outside, addr);
}

static uint64_t upper64(const uint8_t prefix[16])
{
	uint64_t k = 0;

	for (int i = 0; i < 8; i++)
		k = k << 8 | prefix[i];
	return k;
}

int pool_set_claim_prefix(struct pool_set *s, const uint8_t prefix[16])
{
	int r = s->prefixes ? prefix_pool_claim(s->prefixes, prefix) : -ENOENT;

	return r != -ENOENT ? r : claimed_add(&s->outside6, upper64(prefix));
}

void pool_set_release_prefix(struct pool_set *s, const uint8_t prefix[16])
{
	if (s->prefixes && prefix_pool_in_use_by(s->prefixes, prefix))
		prefix_pool_release(s->prefixes, prefix);
	else
		claimed_remove(&s->outside6, upper64(prefix));
}
