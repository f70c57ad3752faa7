/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv4 address pools for PPP peers.  A pool is a set of ranges (A-B,
 * CIDR, or single addresses); allocation and release are O(1) (a free
 * stack with a position index); no address is handed out twice.
 * Addresses given statically to users in the users file are reserved:
 * never allocated dynamically, and claimed by one session at a time.
 * All addresses are in host byte order.
 */
#ifndef L2TPGW_PPP_POOL_H
#define L2TPGW_PPP_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ppp_pool;

#define POOL_NAME_MAX 63
#define POOL_MAX_ADDRS (1u << 24)	/* a /8 is the most we index */

struct ppp_pool *pool_new(const char *name);
void pool_free(struct ppp_pool *p);
const char *pool_name(const struct ppp_pool *p);
/*
 * Adds "A.B.C.D-E.F.G.H", "A.B.C.D/N" (network and broadcast left out
 * for N <= 30) or "A.B.C.D".  0, or -1 with a message in err naming the
 * pool and what is wrong (syntax, overlap, too large).  Only before the
 * first allocation.
 */
int pool_add_range(struct ppp_pool *p, const char *spec, char *err,
		   size_t errlen);
bool pool_contains(const struct ppp_pool *p, uint32_t addr);
/* Do two pools share an address? */
bool pool_overlaps(const struct ppp_pool *a, const struct ppp_pool *b);
/* Takes addr out of dynamic allocation (a user's static address). */
int pool_reserve(struct ppp_pool *p, uint32_t addr);

/* 0 and *addr, or -ENOSPC when every address is in use. */
int pool_alloc(struct ppp_pool *p, uint32_t *addr);
/* Claims a reserved address for a session; -EBUSY if already claimed. */
int pool_claim_static(struct ppp_pool *p, uint32_t addr);
/*
 * A given address for a session (RADIUS's Framed-IP-Address): a reserved
 * one claimed, a dynamic one taken if free.  -EBUSY if a session has it.
 */
int pool_claim(struct ppp_pool *p, uint32_t addr);
/* Returns an allocated or claimed address; unknown addresses are ignored. */
void pool_release(struct ppp_pool *p, uint32_t addr);

size_t pool_size(const struct ppp_pool *p);	/* addresses in total */
size_t pool_in_use(const struct ppp_pool *p);	/* allocated + claimed */

/*
 * Every pool of a configuration, found by name, plus the static addresses
 * that lie outside every pool (still claimed one session at a time).
 */
struct pool_set;

struct pool_set *pool_set_new(void);
void pool_set_free(struct pool_set *s);
/* Takes ownership of p; -EEXIST if the name is taken, -EINVAL overlap. */
int pool_set_add(struct pool_set *s, struct ppp_pool *p, char *err,
		 size_t errlen);
struct ppp_pool *pool_set_find(const struct pool_set *s, const char *name);
/* Reserves a static address in whichever pool holds it (if any). */
int pool_set_reserve_static(struct pool_set *s, uint32_t addr);
int pool_set_claim_static(struct pool_set *s, uint32_t addr);
/* pool_claim() in whichever pool holds addr, else as a static outside. */
int pool_set_claim(struct pool_set *s, uint32_t addr);
void pool_set_release_static(struct pool_set *s, uint32_t addr);

/* The IPv6 /64 pool of the same section (owned by s from now on). */
struct prefix_pool;
void pool_set_set_prefixes(struct pool_set *s, struct prefix_pool *p);
/* NULL if s is NULL or has none. */
struct prefix_pool *pool_set_prefixes(const struct pool_set *s);
/*
 * A given /64 (Framed-IPv6-Prefix, low 64 bits zero): claimed from the
 * set's prefix pool if it lies inside, else held among the set's outside
 * /64s, one session at a time.  0, -EBUSY if a session has it, -ENOMEM.
 */
int pool_set_claim_prefix(struct pool_set *s, const uint8_t prefix[16]);
void pool_set_release_prefix(struct pool_set *s, const uint8_t prefix[16]);

#endif /* L2TPGW_PPP_POOL_H */
