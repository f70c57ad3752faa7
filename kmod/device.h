/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_DEVICE_H
#define _L2TPGW_DEVICE_H

#include <linux/netdevice.h>

/* PPP (4) + L2TP (16) + UDP (8) + IPv6 (40) + ESP header and IV (24). */
#define L2TPGW_ENCAP_OVERHEAD	(4 + 16 + 8 + 40 + 24)
/* ESP padding, pad length, next header and ICV. */
#define L2TPGW_ENCAP_TAILROOM	(16 + 2 + 16)
/*
 * A session created without an MTU gets one whose packets, with PPP (4),
 * the longest L2TP header sent (12: length and sequence fields), UDP and
 * the tunnel's outer IP header, fit a 1500-byte path unfragmented.
 */
#define L2TPGW_PATH_MTU		1500
#define L2TPGW_DEFAULT_MTU(family)					\
	(L2TPGW_PATH_MTU - 4 - 12 - 8 -					\
	 ((family) == AF_INET6 ? 40 : 20))

struct net_device *l2tpgw_device_alloc(const char *ifname);
int l2tpgw_device_register(void);
void l2tpgw_device_unregister(void);

#endif /* _L2TPGW_DEVICE_H */
