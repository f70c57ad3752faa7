/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_SESSION_H
#define _L2TPGW_SESSION_H

#include <linux/netdevice.h>
#include <net/gro_cells.h>
#include <linux/l2tpgw.h>

#include "seq.h"
#include "stats.h"

struct l2tpgw_tunnel;
struct netlink_ext_ack;

/* The private part of a session's net device. */
struct l2tpgw_session {
	struct net_device *dev;
	struct l2tpgw_tunnel *tunnel;	/* reference taken by ndo_init */
	u16 id;
	/* The fields below are written under ln->lock with WRITE_ONCE and
	 * read locklessly by the datapath.
	 */
	u16 peer_id;
	u32 flags;
	u32 protocols;
	u16 tcp_mss;		/* L2TPGW_A_TCP_MSS */
	/* Sending Ns now: the configured SEND_SEQ, or what a LAC follows. */
	bool send_seq;
	atomic_t tx_ns;
	struct l2tpgw_reorder reorder;
	struct gro_cells gro_cells;
	struct l2tpgw_stats __percpu *stats;
	/* set once under ln->lock when it leaves its tunnel's table */
	bool dead;
};

struct l2tpgw_session_cfg {
	const char *ifname;
	u32 mtu;		/* 0: default */
	u32 flags;
	u32 protocols;
	u16 peer_id;
	u16 reorder_window;
	u32 reorder_timeout;
	u16 tcp_mss;
};

int l2tpgw_session_add(struct l2tpgw_tunnel *t, u16 id,
		       const struct l2tpgw_session_cfg *cfg,
		       struct netlink_ext_ack *extack,
		       struct l2tpgw_session **out);
void l2tpgw_session_del(struct l2tpgw_session *s, enum l2tpgw_cause cause,
			struct list_head *dev_kill_list);
struct l2tpgw_session *l2tpgw_session_find(struct l2tpgw_tunnel *t, u16 id);
void l2tpgw_session_set_flags(struct l2tpgw_session *s, u32 flags);

#endif /* _L2TPGW_SESSION_H */
