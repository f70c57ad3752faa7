/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Session net devices, over rtnetlink (libnl-route-3): once an NCP opens,
 * the daemon gives the session's point-to-point device its addresses in
 * peer form (IFA_LOCAL ours, IFA_ADDRESS the peer's, so the kernel routes
 * the peer's /32 or /128 through it), the MTU from the negotiated MRU, and
 * sets it up.  The device itself is the module's (SESSION_ADD).
 */
#ifndef L2TPGW_NETDEV_H
#define L2TPGW_NETDEV_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct netdev;

struct netdev_link {
	uint32_t mtu;			/* 0: unchanged */
	bool ipv4;
	uint32_t local_ip, peer_ip;	/* host order */
	bool ipv6;
	uint8_t local_ifid[8], peer_ifid[8];	/* fe80::IFID link-locals */
};

/* NULL with the reason in err. */
struct netdev *netdev_open(char *err, size_t errlen);
void netdev_close(struct netdev *nd);
/*
 * MTU, up, then the addresses asked for (replacing ours if already
 * there).  ifname receives the device's name.  0 or a negative errno;
 * the failing step is logged with the device.
 */
int netdev_configure(struct netdev *nd, int ifindex,
		     const struct netdev_link *l, char ifname[IF_NAMESIZE]);

/*
 * Route prefix/plen (IPv6) through the session device: the peer's
 * delegated /64.  NLM_F_REPLACE, so a route left by a previous user of
 * the prefix moves here; the kernel drops it with the device.  0 or a
 * negative errno, logged with the device.
 */
int netdev_add_route6(struct netdev *nd, int ifindex, const char *ifname,
		      const uint8_t prefix[16], unsigned plen);
/* Removes that route again.  0 or a negative errno (-ESRCH: none). */
int netdev_del_route6(struct netdev *nd, int ifindex, const char *ifname,
		      const uint8_t prefix[16], unsigned plen);

#endif /* L2TPGW_NETDEV_H */
