// SPDX-License-Identifier: GPL-2.0
/*
 * PPP sessions: one net device each, published in their tunnel's table
 * once the device is registered and removed from it before the device is
 * unregistered.
 */
#include <linux/rtnetlink.h>
#include <net/netlink.h>

#include "device.h"
#include "netlink.h"
#include "netns.h"
#include "session.h"
#include "tunnel.h"

static void l2tpgw_session_init(struct l2tpgw_session *s,
				struct l2tpgw_tunnel *t, u16 id,
				const struct l2tpgw_session_cfg *cfg)
{
	s->tunnel = t;
	s->id = id;
	s->peer_id = cfg->peer_id;
	s->protocols = cfg->protocols;
	s->tcp_mss = cfg->tcp_mss;
	l2tpgw_session_set_flags(s, cfg->flags);
	l2tpgw_reorder_init(&s->reorder, cfg->reorder_window,
			    cfg->reorder_timeout);
	s->reorder.mem = &t->ln->reorder_mem;
}

int l2tpgw_session_add(struct l2tpgw_tunnel *t, u16 id,
		       const struct l2tpgw_session_cfg *cfg,
		       struct netlink_ext_ack *extack,
		       struct l2tpgw_session **out)
{
	struct net_device *dev;
	struct l2tpgw_session *s;
	int ret;

	ASSERT_RTNL();
	lockdep_assert_held(&t->ln->lock);
	if (xa_load(&t->sessions, id)) {
		NL_SET_ERR_MSG(extack,
			       "SESSION_ID: the tunnel has a session with this id");
		return -EEXIST;
	}
	ret = l2tpgw_net_charge(t->ln, L2TPGW_NET_SESSIONS, extack);
	if (ret)
		return ret;
	dev = l2tpgw_device_alloc(cfg->ifname ?: L2TPGW_DEFAULT_IFNAME);
	if (!dev) {
		ret = -ENOMEM;
		goto err_uncharge;
	}
	dev_net_set(dev, t->ln->net);
	if (cfg->mtu) {
		if (cfg->mtu > dev->max_mtu) {
			NL_SET_ERR_MSG(extack,
				       "MTU: larger than the encapsulation allows");
			ret = -EINVAL;
			goto err_free;
		}
		dev->mtu = cfg->mtu;
	} else {
		dev->mtu = L2TPGW_DEFAULT_MTU(t->family);
	}
	s = netdev_priv(dev);
	s->dev = dev;
	l2tpgw_session_init(s, t, id, cfg);

	ret = register_netdevice(dev);
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "IFNAME: invalid, or a device of that name exists");
		goto err_free;
	}
	ret = xa_insert(&t->sessions, id, s, GFP_KERNEL);
	if (ret) {
		s->dead = true;
		unregister_netdevice(dev);
		goto err_uncharge;
	}
	*out = s;
	return 0;

err_free:
	free_netdev(dev);
err_uncharge:
	l2tpgw_net_uncharge(t->ln, L2TPGW_NET_SESSIONS);
	return ret;
}

void l2tpgw_session_del(struct l2tpgw_session *s, enum l2tpgw_cause cause,
			struct list_head *dev_kill_list)
{
	ASSERT_RTNL();
	lockdep_assert_held(&s->tunnel->ln->lock);
	if (s->dead)
		return;
	s->dead = true;
	xa_erase(&s->tunnel->sessions, s->id);
	l2tpgw_net_uncharge(s->tunnel->ln, L2TPGW_NET_SESSIONS);
	l2tpgw_notify_session(s, cause);
	unregister_netdevice_queue(s->dev, dev_kill_list);
}

/* Under rcu_read_lock() or ln->lock. */
struct l2tpgw_session *l2tpgw_session_find(struct l2tpgw_tunnel *t, u16 id)
{
	return xa_load(&t->sessions, id);
}

void l2tpgw_session_set_flags(struct l2tpgw_session *s, u32 flags)
{
	WRITE_ONCE(s->flags, flags);
	WRITE_ONCE(s->send_seq, !!(flags & L2TPGW_SESSION_F_SEND_SEQ));
}
