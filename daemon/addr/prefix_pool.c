// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPv6 /64 pool: a ring of free subnet indexes (FIFO) and an in-use bit
 * per index, so both directions are O(1) and a double release is caught.
 * A reserved or claimed index stays in the ring until allocation reaches
 * it and drops it, so reserving and claiming are O(1) too; a bit per
 * index says whether it is in the ring, so none is there twice.
 */
#include "addr/prefix_pool.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct prefix_pool {
	uint8_t base[16];
	unsigned len;
	char name[PREFIX_POOL_SPEC_MAX];
	uint32_t size;			/* 2^(64 - len) */
	uint32_t *ring;			/* free (or reserved) indexes */
	uint32_t head, n_ring;
	uint32_t n_free;		/* n_ring less reserved, claimed */
	uint8_t *used;			/* bitmap by index: allocated */
	uint8_t *reserved;		/* bitmap: never allocated, released */
	uint8_t *in_ring;		/* bitmap: has a slot in the ring */
};

/* Neither multicast, link-local nor in ::/64 (unspecified, loopback). */
static int check_unicast(const uint8_t addr[16], const char *what,
			 char *err, size_t errlen)
{
	static const uint8_t zero[8];

	if (addr[0] == 0xff || (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80) ||
	    !memcmp(addr, zero, sizeof(zero))) {
		snprintf(err, errlen, "%s is multicast, link-local or in "
			 "::/64, not a prefix clients can configure addresses "
			 "from", what);
		return -1;
	}
	return 0;
}

int prefix_pool_parse(const char *spec, uint8_t addr[16], unsigned *len,
		      char *err, size_t errlen)
{
	char buf[PREFIX_POOL_SPEC_MAX + 1], *slash, *end;
	unsigned long n;
	unsigned i;

	if (strlen(spec) >= sizeof(buf)) {
		snprintf(err, errlen, "\"%.60s\" is not an IPv6 prefix", spec);
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", spec);
	slash = strchr(buf, '/');
	if (!slash) {
		snprintf(err, errlen, "\"%s\" has no prefix length (e.g. "
			 "2001:db8:100::/56)", spec);
		return -1;
	}
	*slash = '\0';
	if (inet_pton(AF_INET6, buf, addr) != 1) {
		snprintf(err, errlen, "\"%s\" is not an IPv6 address", buf);
		return -1;
	}
	n = strtoul(slash + 1, &end, 10);
	if (!slash[1] || *end || slash[1] == '-' || slash[1] == '+' ||
	    n < PREFIX_POOL_MIN_LEN || n > PREFIX_POOL_MAX_LEN) {
		snprintf(err, errlen, "prefix length \"%s\" is not in %u..%u "
			 "(each session gets a /64)", slash + 1,
			 PREFIX_POOL_MIN_LEN, PREFIX_POOL_MAX_LEN);
		return -1;
	}
	for (i = (unsigned)n; i < 128; i++)
		if (addr[i / 8] & (0x80 >> (i % 8))) {
			snprintf(err, errlen, "%s has bits set past /%lu", spec,
				 n);
			return -1;
		}
	if (check_unicast(addr, spec, err, errlen) < 0)
		return -1;
	*len = (unsigned)n;
	return 0;
}

int prefix_check_slaac(const uint8_t addr[16], unsigned len, char *err,
		       size_t errlen)
{
	char a[INET6_ADDRSTRLEN + 4];
	size_t n;

	inet_ntop(AF_INET6, addr, a, sizeof(a) - 4);
	n = strlen(a);
	snprintf(a + n, sizeof(a) - n, "/%u", len);
	if (len != 64) {
		snprintf(err, errlen, "%s is not a /64 (SLAAC needs one)", a);
		return -1;
	}
	for (unsigned i = 8; i < 16; i++)
		if (addr[i]) {
			snprintf(err, errlen, "%s has bits set past /64", a);
			return -1;
		}
	return check_unicast(addr, a, err, errlen);
}

struct prefix_pool *prefix_pool_new(const uint8_t addr[16], unsigned len)
{
	struct prefix_pool *p;
	char a[INET6_ADDRSTRLEN];
	uint32_t i;

	if (len < PREFIX_POOL_MIN_LEN || len > PREFIX_POOL_MAX_LEN)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	memcpy(p->base, addr, 16);
	p->len = len;
	p->size = 1u << (64 - len);
	p->ring = malloc(p->size * sizeof(*p->ring));
	p->used = calloc((p->size + 7) / 8, 1);
	p->reserved = calloc((p->size + 7) / 8, 1);
	p->in_ring = malloc((p->size + 7) / 8);
	if (!p->ring || !p->used || !p->reserved || !p->in_ring) {
		prefix_pool_free(p);
		return NULL;
	}
	for (i = 0; i < p->size; i++)
		p->ring[i] = i;
	memset(p->in_ring, 0xff, (p->size + 7) / 8);
	p->n_ring = p->n_free = p->size;
	inet_ntop(AF_INET6, addr, a, sizeof(a));
	snprintf(p->name, sizeof(p->name), "%s/%u", a, len);
	return p;
}

void prefix_pool_free(struct prefix_pool *p)
{
	if (!p)
		return;
	free(p->ring);
	free(p->used);
	free(p->reserved);
	free(p->in_ring);
	free(p);
}

const char *prefix_pool_name(const struct prefix_pool *p)
{
	return p->name;
}

/* The subnet index sits in bytes 6..7 of the address (bits len..63). */
static void index_to_prefix(const struct prefix_pool *p, uint32_t idx,
			    uint8_t out[16])
{
	memcpy(out, p->base, 8);
	memset(out + 8, 0, 8);
	out[6] |= (uint8_t)(idx >> 8);
	out[7] |= (uint8_t)idx;
}

/* -1 unless prefix is a /64 of this pool. */
static int prefix_to_index(const struct prefix_pool *p,
			   const uint8_t prefix[16], uint32_t *idx)
{
	uint8_t hi[16];
	uint32_t i;

	i = ((uint32_t)prefix[6] << 8 | prefix[7]) & (p->size - 1);
	index_to_prefix(p, i, hi);
	if (memcmp(hi, prefix, 8))
		return -1;
	*idx = i;
	return 0;
}

static bool bit(const uint8_t *map, uint32_t idx)
{
	return map[idx / 8] & (1u << (idx % 8));
}

static void set_bit(uint8_t *map, uint32_t idx, bool on)
{
	if (on)
		map[idx / 8] |= (uint8_t)(1u << (idx % 8));
	else
		map[idx / 8] &= (uint8_t)~(1u << (idx % 8));
}

int prefix_pool_alloc(struct prefix_pool *p, uint8_t prefix[16])
{
	uint32_t idx;

	if (!p->n_free)
		return -ENOSPC;
	do {
		idx = p->ring[p->head];
		p->head = (p->head + 1) % p->size;
		p->n_ring--;
		set_bit(p->in_ring, idx, false);
	} while (bit(p->reserved, idx) || bit(p->used, idx));
	p->n_free--;
	set_bit(p->used, idx, true);
	index_to_prefix(p, idx, prefix);
	return 0;
}

int prefix_pool_claim(struct prefix_pool *p, const uint8_t prefix[16])
{
	uint32_t idx;

	if (prefix_to_index(p, prefix, &idx) < 0)
		return -ENOENT;
	if (bit(p->used, idx) || bit(p->reserved, idx))
		return -EBUSY;
	/* Still in the ring: alloc drops it. */
	set_bit(p->used, idx, true);
	p->n_free--;
	return 0;
}

int prefix_pool_reserve(struct prefix_pool *p, const uint8_t prefix[16])
{
	uint32_t idx;

	if (prefix_to_index(p, prefix, &idx) < 0)
		return -ENOENT;
	if (bit(p->reserved, idx))
		return 0;
	p->reserved[idx / 8] |= (uint8_t)(1u << (idx % 8));
	if (!bit(p->used, idx))
		p->n_free--;	/* still in the ring: alloc drops it */
	return 0;
}

bool prefix_pool_in_use_by(const struct prefix_pool *p,
			   const uint8_t prefix[16])
{
	uint32_t idx;

	return prefix_to_index(p, prefix, &idx) == 0 && bit(p->used, idx);
}

void prefix_pool_release(struct prefix_pool *p, const uint8_t prefix[16])
{
	uint32_t idx;

	if (!prefix_pool_in_use_by(p, prefix))
		return;
	prefix_to_index(p, prefix, &idx);
	set_bit(p->used, idx, false);
	/* Reserved while allocated: out of the ring for good. */
	if (bit(p->reserved, idx))
		return;
	p->n_free++;
	/* Claimed before allocation reached it: its slot is still there. */
	if (bit(p->in_ring, idx))
		return;
	p->ring[(p->head + p->n_ring) % p->size] = idx;
	p->n_ring++;
	set_bit(p->in_ring, idx, true);
}

size_t prefix_pool_size(const struct prefix_pool *p)
{
	return p->size;
}

size_t prefix_pool_in_use(const struct prefix_pool *p)
{
	return p->size - p->n_free;
}
