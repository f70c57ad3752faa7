/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_TUNNEL_H
#define _L2TPGW_TUNNEL_H

#include <linux/in6.h>
#include <linux/refcount.h>
#include <linux/seqlock.h>
#include <linux/xarray.h>
#include <net/dst_cache.h>
#include <linux/l2tpgw.h>

#include "stats.h"

struct l2tpgw_net;
struct l2tpgw_sock;
struct netlink_ext_ack;

/* Everything MODIFY may change; read as one snapshot by the datapath. */
struct l2tpgw_tunnel_cfg {
	struct in6_addr peer;	/* IPv4: first 4 bytes */
	struct in6_addr local;	/* all zero: chosen by the route */
	u32 mark;
	u32 flags;
	u32 ipsec_reqid;	/* 0: any SA will do */
	u16 peer_port;
	u16 peer_tunnel_id;
	bool has_local;
};

struct l2tpgw_tunnel {
	struct l2tpgw_net *ln;
	struct l2tpgw_sock *sock;	/* holds a reference */
	u16 id;
	sa_family_t family;		/* the socket's */
	/* protects cfg against MODIFY while the datapath copies it */
	seqlock_t cfg_lock;
	struct l2tpgw_tunnel_cfg cfg;
	struct dst_cache dst_cache;
	/* session id -> struct l2tpgw_session; looked up under RCU */
	struct xarray sessions;
	struct l2tpgw_stats __percpu *stats;
	/* the tunnel table's reference plus one per session */
	refcount_t refcnt;
	/* set once under ln->lock when it leaves the table */
	bool dead;
	struct rcu_head rcu;
};

int l2tpgw_tunnel_add(struct l2tpgw_net *ln, struct l2tpgw_sock *ls, u16 id,
		      const struct l2tpgw_tunnel_cfg *cfg,
		      struct netlink_ext_ack *extack,
		      struct l2tpgw_tunnel **out);
void l2tpgw_tunnel_del(struct l2tpgw_tunnel *t, enum l2tpgw_cause cause,
		       struct list_head *dev_kill_list);
void l2tpgw_tunnel_modify(struct l2tpgw_tunnel *t,
			  const struct l2tpgw_tunnel_cfg *cfg);
struct l2tpgw_tunnel *l2tpgw_tunnel_find(struct l2tpgw_net *ln, u16 id);
void l2tpgw_tunnel_get_cfg(struct l2tpgw_tunnel *t,
			   struct l2tpgw_tunnel_cfg *cfg);
void l2tpgw_tunnel_hold(struct l2tpgw_tunnel *t);
void l2tpgw_tunnel_put(struct l2tpgw_tunnel *t);

#endif /* _L2TPGW_TUNNEL_H */
