/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Delegated prefixes (RADIUS Delegated-IPv6-Prefix, RFC 4818; the users
 * file's delegated_prefix=): what one may be, and whether two overlap.
 */
#ifndef L2TPGW_DHCP6_DHCP6_PREFIX_H
#define L2TPGW_DHCP6_DHCP6_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP6_PD_MIN_LEN	48
#define DHCP6_PD_MAX_LEN	64
/* "2001:db8:100::/56" at most. */
#define DHCP6_PREFIX_STR	(46 + 4)

/*
 * A prefix a client router can number its networks from: /48../64, no
 * bits set past its length, neither multicast, link-local nor ::/64.
 * 0, or -1 with why in err.
 */
int dhcp6_prefix_check(const uint8_t addr[16], unsigned len, char *err,
		       size_t errlen);
/* Does one of a/alen and b/blen contain the other? */
bool dhcp6_prefix_overlap(const uint8_t a[16], unsigned alen,
			  const uint8_t b[16], unsigned blen);
/* "2001:db8:100::/56" into buf (DHCP6_PREFIX_STR); buf. */
const char *dhcp6_prefix_str(const uint8_t addr[16], unsigned len,
			     char *buf, size_t buflen);

#endif /* L2TPGW_DHCP6_DHCP6_PREFIX_H */
