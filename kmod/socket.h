/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_SOCKET_H
#define _L2TPGW_SOCKET_H

#include <linux/refcount.h>
#include <linux/in6.h>
#include <net/sock.h>
#include <linux/l2tpgw.h>

#include "stats.h"

struct l2tpgw_net;
struct netlink_ext_ack;

struct l2tpgw_sock {
	struct l2tpgw_net *ln;
	/* held (sock_hold) until the last tunnel using it is freed */
	struct sock *sk;
	/* the module's own socket, released on detach; NULL for a user's */
	struct socket *owned;
	u32 id;
	/* enum l2tpgw_sock_flag; written under ln->lock, read by encap_rcv */
	u32 flags;
	/* the socket table's reference plus one per tunnel */
	refcount_t refcnt;
	/* set once under ln->lock; no new tunnel may use it afterwards */
	bool dead;
	struct l2tpgw_stats __percpu *stats;
	struct rcu_head rcu;
};

struct l2tpgw_sock_addr {
	sa_family_t family;
	struct in6_addr addr;	/* IPv4: first 4 bytes */
	u16 port;
};

int l2tpgw_sock_attach_fd(struct l2tpgw_net *ln, int fd, u32 flags,
			  struct netlink_ext_ack *extack,
			  struct l2tpgw_sock **out);
int l2tpgw_sock_create(struct l2tpgw_net *ln,
		       const struct l2tpgw_sock_addr *local, u32 flags,
		       struct netlink_ext_ack *extack,
		       struct l2tpgw_sock **out);
void l2tpgw_sock_detach(struct l2tpgw_sock *ls, enum l2tpgw_cause cause,
			struct list_head *dev_kill_list);
struct l2tpgw_sock *l2tpgw_sock_find(struct l2tpgw_net *ln, u32 id);
void l2tpgw_sock_put(struct l2tpgw_sock *ls);
void l2tpgw_sock_set_flags(struct l2tpgw_sock *ls, u32 flags);
sa_family_t l2tpgw_sock_family(const struct l2tpgw_sock *ls);
void l2tpgw_sock_local(const struct l2tpgw_sock *ls,
		       struct l2tpgw_sock_addr *local);

#endif /* _L2TPGW_SOCKET_H */
