/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6 prefix pools: a configured prefix between /48 and /64 cut into
 * /64s, one per PPP session, from which the client forms its global
 * addresses by SLAAC.  Allocation and release are O(1); a /64 is never
 * handed out twice; released /64s go to the back of the queue, so the
 * one a client just left is the last to be reused (routes and neighbour
 * caches elsewhere have time to forget it).
 */
#ifndef L2TPGW_PPP_PREFIX_POOL_H
#define L2TPGW_PPP_PREFIX_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PREFIX_POOL_MIN_LEN	48
#define PREFIX_POOL_MAX_LEN	64
/* "2001:db8:100::/56" at most. */
#define PREFIX_POOL_SPEC_MAX	(46 + 4)

struct prefix_pool;

/*
 * "ADDR/LEN" with LEN 48..64 and no bits set past LEN.  0 with the prefix
 * in addr and len, or -1 with what is wrong in err.
 */
int prefix_pool_parse(const char *spec, uint8_t addr[16], unsigned *len,
		      char *err, size_t errlen);

/*
 * A prefix given from outside (RADIUS's Framed-IPv6-Prefix) that a client
 * can form addresses from by SLAAC: a /64, no bits past it, neither
 * multicast, link-local nor in ::/64.  0, or -1 with why in err.
 */
int prefix_check_slaac(const uint8_t addr[16], unsigned len, char *err,
		       size_t errlen);

/* A pool over addr/len as prefix_pool_parse accepts it; NULL: no memory. */
struct prefix_pool *prefix_pool_new(const uint8_t addr[16], unsigned len);
void prefix_pool_free(struct prefix_pool *p);
/* "2001:db8:100::/56", for logs. */
const char *prefix_pool_name(const struct prefix_pool *p);

/* 0 with a /64 (the full 16-byte prefix, low 64 bits zero), or -ENOSPC. */
int prefix_pool_alloc(struct prefix_pool *p, uint8_t prefix[16]);
/*
 * Takes a /64 out of allocation for the pool's lifetime (one a live
 * session holds from an older pool, across a reload).  0, or -ENOENT if
 * it is not a /64 of this pool.
 */
int prefix_pool_reserve(struct prefix_pool *p, const uint8_t prefix[16]);
/*
 * A given /64 (Framed-IPv6-Prefix) taken out of allocation until released.
 * 0; -ENOENT if not a /64 of this pool; -EBUSY if allocated, claimed or
 * reserved.
 */
int prefix_pool_claim(struct prefix_pool *p, const uint8_t prefix[16]);
/* Returns an allocated or claimed /64; anything else is ignored. */
void prefix_pool_release(struct prefix_pool *p, const uint8_t prefix[16]);
bool prefix_pool_in_use_by(const struct prefix_pool *p,
			   const uint8_t prefix[16]);

size_t prefix_pool_size(const struct prefix_pool *p);	/* /64s in total */
size_t prefix_pool_in_use(const struct prefix_pool *p);

#endif /* L2TPGW_PPP_PREFIX_POOL_H */
