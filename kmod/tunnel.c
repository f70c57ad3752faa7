// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 tunnels: the peer's ids and address, the socket used to reach it,
 * the mark that selects its IPsec SA, and its sessions.
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "lifetime.h"
#include "netlink.h"
#include "netns.h"
#include "session.h"
#include "socket.h"
#include "tunnel.h"

static void l2tpgw_tunnel_free_rcu(struct rcu_head *rcu)
{
	struct l2tpgw_tunnel *t = container_of(rcu, struct l2tpgw_tunnel, rcu);

	dst_cache_destroy(&t->dst_cache);
	l2tpgw_stats_free(t->stats);
	l2tpgw_sock_put(t->sock);
	kfree(t);
	l2tpgw_objects_dec();
	l2tpgw_rcu_done();
}

void l2tpgw_tunnel_hold(struct l2tpgw_tunnel *t)
{
	refcount_inc(&t->refcnt);
}

void l2tpgw_tunnel_put(struct l2tpgw_tunnel *t)
{
	if (refcount_dec_and_test(&t->refcnt))
		l2tpgw_call_rcu(&t->rcu, l2tpgw_tunnel_free_rcu);
}

static struct l2tpgw_tunnel *l2tpgw_tunnel_new(struct l2tpgw_sock *ls, u16 id,
					       const struct l2tpgw_tunnel_cfg *cfg)
{
	struct l2tpgw_tunnel *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->stats = l2tpgw_stats_alloc();
	if (!t->stats)
		goto err_free;
	if (dst_cache_init(&t->dst_cache, GFP_KERNEL))
		goto err_stats;
	t->ln = ls->ln;
	t->id = id;
	t->family = l2tpgw_sock_family(ls);
	t->cfg = *cfg;
	seqlock_init(&t->cfg_lock);
	xa_init(&t->sessions);
	refcount_set(&t->refcnt, 1);
	refcount_inc(&ls->refcnt);
	t->sock = ls;
	l2tpgw_objects_inc();
	return t;

err_stats:
	l2tpgw_stats_free(t->stats);
err_free:
	kfree(t);
	return NULL;
}

int l2tpgw_tunnel_add(struct l2tpgw_net *ln, struct l2tpgw_sock *ls, u16 id,
		      const struct l2tpgw_tunnel_cfg *cfg,
		      struct netlink_ext_ack *extack,
		      struct l2tpgw_tunnel **out)
{
	struct l2tpgw_tunnel *t;
	int ret;

	lockdep_assert_held(&ln->lock);
	if (xa_load(&ln->tunnels, id)) {
		NL_SET_ERR_MSG(extack, "TUNNEL_ID: a tunnel with this id exists");
		return -EEXIST;
	}
	ret = l2tpgw_net_charge(ln, L2TPGW_NET_TUNNELS, extack);
	if (ret)
		return ret;
	t = l2tpgw_tunnel_new(ls, id, cfg);
	if (!t) {
		ret = -ENOMEM;
		goto err_uncharge;
	}
	ret = xa_insert(&ln->tunnels, id, t, GFP_KERNEL);
	if (ret) {
		l2tpgw_tunnel_put(t);
		goto err_uncharge;
	}
	*out = t;
	return 0;

err_uncharge:
	l2tpgw_net_uncharge(ln, L2TPGW_NET_TUNNELS);
	return ret;
}

void l2tpgw_tunnel_del(struct l2tpgw_tunnel *t, enum l2tpgw_cause cause,
		       struct list_head *dev_kill_list)
{
	enum l2tpgw_cause session_cause = L2TPGW_CAUSE_TUNNEL_DEL;
	struct l2tpgw_session *s;
	unsigned long id;

	ASSERT_RTNL();
	lockdep_assert_held(&t->ln->lock);
	if (t->dead)
		return;
	t->dead = true;
	xa_erase(&t->ln->tunnels, t->id);
	l2tpgw_net_uncharge(t->ln, L2TPGW_NET_TUNNELS);
	if (cause == L2TPGW_CAUSE_NETNS_EXIT)
		session_cause = cause;
	xa_for_each(&t->sessions, id, s)
		l2tpgw_session_del(s, session_cause, dev_kill_list);
	l2tpgw_notify_tunnel(t, cause);
	l2tpgw_tunnel_put(t);
}

void l2tpgw_tunnel_modify(struct l2tpgw_tunnel *t,
			  const struct l2tpgw_tunnel_cfg *cfg)
{
	lockdep_assert_held(&t->ln->lock);
	write_seqlock_bh(&t->cfg_lock);
	t->cfg = *cfg;
	write_sequnlock_bh(&t->cfg_lock);
	/* The peer or the mark may have changed: route again. */
	dst_cache_reset(&t->dst_cache);
}

/* Under rcu_read_lock() or ln->lock. */
struct l2tpgw_tunnel *l2tpgw_tunnel_find(struct l2tpgw_net *ln, u16 id)
{
	return xa_load(&ln->tunnels, id);
}

void l2tpgw_tunnel_get_cfg(struct l2tpgw_tunnel *t,
			   struct l2tpgw_tunnel_cfg *cfg)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&t->cfg_lock);
		*cfg = t->cfg;
	} while (read_seqretry(&t->cfg_lock, seq));
}
