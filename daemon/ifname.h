/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Session device names.  A section's ifname is either a pattern with one
 * "%d" ("ra%d") or a fixed name ("wan0", one session at a time).  The
 * daemon resolves a pattern itself and hands the module a concrete name:
 * given a pattern, the kernel's dev_alloc_name() walks and parses every
 * device of the namespace for each new device (and gives up at 32,768),
 * where struct ifname_alloc finds the lowest free number in O(1).
 *
 * struct ifnames keeps one allocator per distinct pattern, for the life
 * of the daemon: a session holds its number across a reload that changes
 * the pattern, and gives it back when it ends.
 */
#ifndef L2TPGW_IFNAME_H
#define L2TPGW_IFNAME_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "ifname_alloc.h"

/*
 * Is pattern a name the kernel accepts for a device (1..15 characters,
 * not "." or "..", no '/', ':' or blank), with at most one "%d" and no
 * other '%'?  0, or -1 with the reason in why.
 */
int ifname_pattern_check(const char *pattern, char *why, size_t whylen);
bool ifname_pattern_numbered(const char *pattern);
/*
 * How many numbers fit pattern in IFNAMSIZ - 1 characters (capped at
 * IFNAME_NUMBERS_MAX); 0 for a fixed name.
 */
unsigned ifname_pattern_numbers(const char *pattern);
/* pattern with n in place of "%d".  0, or -ENAMETOOLONG. */
int ifname_format(const char *pattern, unsigned n, char out[IF_NAMESIZE]);

#define IFNAME_NUMBERS_MAX	1000000000u

struct ifnames;

/* A name handed out: what ifnames_put needs to give it back. */
struct ifname_ref {
	struct ifname_alloc *alloc;	/* NULL: a fixed name, nothing held */
	unsigned n;
};

struct ifnames *ifnames_new(void);
void ifnames_free(struct ifnames *s);
/*
 * The next name of pattern (a checked one) into out: for a numbered
 * pattern its lowest free number, held in *ref until ifnames_put; a
 * fixed name as is.  0, -ENOSPC (every number taken) or -ENOMEM.
 */
int ifnames_get(struct ifnames *s, const char *pattern,
		char out[IF_NAMESIZE], struct ifname_ref *ref);
/* Give the number back (none held: nothing happens); clears *ref. */
void ifnames_put(struct ifname_ref *ref);
/* Numbers held under pattern now (0 if it was never used). */
unsigned ifnames_count(const struct ifnames *s, const char *pattern);

#endif /* L2TPGW_IFNAME_H */
