/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_NETNS_H
#define _L2TPGW_NETNS_H

#include <linux/mutex.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

#include "seq.h"
#include "stats.h"

struct netlink_ext_ack;

/* The objects a namespace's limits count. */
enum l2tpgw_net_obj {
	L2TPGW_NET_SOCKETS,
	L2TPGW_NET_TUNNELS,
	L2TPGW_NET_SESSIONS,
	L2TPGW_NET_NR_OBJ
};

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
	/* objects in the tables; written under lock, read with READ_ONCE */
	unsigned int count[L2TPGW_NET_NR_OBJ];
	/* 0: no limit; set when the namespace is created */
	unsigned int max[L2TPGW_NET_NR_OBJ];
	/* bytes waiting in all the sessions' reorder queues */
	struct l2tpgw_reorder_mem reorder_mem;
};

struct l2tpgw_net *l2tpgw_net(const struct net *net);
int l2tpgw_netns_register(void);
int l2tpgw_net_charge(struct l2tpgw_net *ln, enum l2tpgw_net_obj obj,
		      struct netlink_ext_ack *extack);
void l2tpgw_net_uncharge(struct l2tpgw_net *ln, enum l2tpgw_net_obj obj);
int l2tpgw_net_limits_put(struct sk_buff *msg, struct l2tpgw_net *ln);
void l2tpgw_netns_unregister(void);

/* Live sockets, tunnels and sessions in all namespaces (for leak tests). */
void l2tpgw_objects_inc(void);
void l2tpgw_objects_dec(void);
int l2tpgw_objects_read(void);

#endif /* _L2TPGW_NETNS_H */
