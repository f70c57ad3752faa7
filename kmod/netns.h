/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_NETNS_H
#define _L2TPGW_NETNS_H

#include <linux/mutex.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "stats.h"

struct l2tpgw_net {
	struct net *net;
	/* protects: socks, tunnels and every object's table membership and
	 * configuration writes; taken after rtnl_lock when both are held.
	 */
	struct mutex lock;
	/* socket id -> struct l2tpgw_sock */
	struct xarray socks;
	/* tunnel id -> struct l2tpgw_tunnel; looked up under RCU */
	struct xarray tunnels;
	/* datagrams seen before any socket state could be found */
	struct l2tpgw_stats __percpu *stats;
	bool dying;
};

struct l2tpgw_net *l2tpgw_net(const struct net *net);
int l2tpgw_netns_register(void);
void l2tpgw_netns_unregister(void);

/* Live sockets, tunnels and sessions in all namespaces (for leak tests). */
void l2tpgw_objects_inc(void);
void l2tpgw_objects_dec(void);
int l2tpgw_objects_read(void);

#endif /* _L2TPGW_NETNS_H */
