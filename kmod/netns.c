// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state.  Everything the module creates belongs to
 * exactly one namespace and goes away with it, before the namespace's
 * devices are dismantled.
 */
#include <linux/moduleparam.h>
#include <linux/rtnetlink.h>
#include <linux/user_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>

#include "netns.h"
#include "socket.h"

static unsigned int l2tpgw_net_id __read_mostly;
static atomic_t l2tpgw_objects = ATOMIC_INIT(0);

void l2tpgw_objects_inc(void)
{
	atomic_inc(&l2tpgw_objects);
}

void l2tpgw_objects_dec(void)
{
	atomic_dec(&l2tpgw_objects);
}

int l2tpgw_objects_read(void)
{
	return atomic_read(&l2tpgw_objects);
}

static int l2tpgw_objects_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&l2tpgw_objects));
}

static const struct kernel_param_ops l2tpgw_objects_ops = {
	.get = l2tpgw_objects_get,
};

module_param_cb(objects, &l2tpgw_objects_ops, NULL, 0444);
MODULE_PARM_DESC(objects, "sockets, tunnels and sessions not yet freed");

/*
 * Limits of the namespaces an unprivileged user can create (those not
 * owned by the initial user namespace), read when the namespace is
 * created.  0 means no limit.
 */
static unsigned int max_sockets = 1024;
module_param(max_sockets, uint, 0644);
MODULE_PARM_DESC(max_sockets,
		 "sockets per unprivileged namespace (0: no limit)");

static unsigned int max_tunnels = 4096;
module_param(max_tunnels, uint, 0644);
MODULE_PARM_DESC(max_tunnels,
		 "tunnels per unprivileged namespace (0: no limit)");

static unsigned int max_sessions = 16384;
module_param(max_sessions, uint, 0644);
MODULE_PARM_DESC(max_sessions,
		 "sessions (net devices) per unprivileged namespace (0: no limit)");

static unsigned long max_reorder_bytes = 64UL << 20;
module_param(max_reorder_bytes, ulong, 0644);
MODULE_PARM_DESC(max_reorder_bytes,
		 "bytes (truesize) in reorder queues per unprivileged namespace (0: no limit)");

static void l2tpgw_net_limit_msg(enum l2tpgw_net_obj obj,
				 struct netlink_ext_ack *extack)
{
	switch (obj) {
	case L2TPGW_NET_SOCKETS:
		NL_SET_ERR_MSG(extack, "max_sockets reached in this namespace");
		break;
	case L2TPGW_NET_TUNNELS:
		NL_SET_ERR_MSG(extack, "max_tunnels reached in this namespace");
		break;
	default:
		NL_SET_ERR_MSG(extack, "max_sessions reached in this namespace");
		break;
	}
}

/* Count one more object of @obj, unless the namespace's limit is reached. */
int l2tpgw_net_charge(struct l2tpgw_net *ln, enum l2tpgw_net_obj obj,
		      struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&ln->lock);
	if (ln->max[obj] && ln->count[obj] >= ln->max[obj]) {
		l2tpgw_net_limit_msg(obj, extack);
		local_bh_disable();
		l2tpgw_stats_inc(ln->stats, L2TPGW_STAT_LIMIT_REFUSED);
		local_bh_enable();
		return -ENOSPC;
	}
	WRITE_ONCE(ln->count[obj], ln->count[obj] + 1);
	return 0;
}

void l2tpgw_net_uncharge(struct l2tpgw_net *ln, enum l2tpgw_net_obj obj)
{
	lockdep_assert_held(&ln->lock);
	if (!WARN_ON_ONCE(!ln->count[obj]))
		WRITE_ONCE(ln->count[obj], ln->count[obj] - 1);
}

int l2tpgw_net_limits_put(struct sk_buff *msg, struct l2tpgw_net *ln)
{
	u64 val[__L2TPGW_LIMIT_MAX];

	val[L2TPGW_LIMIT_SOCKETS] = READ_ONCE(ln->count[L2TPGW_NET_SOCKETS]);
	val[L2TPGW_LIMIT_SOCKETS_MAX] = ln->max[L2TPGW_NET_SOCKETS];
	val[L2TPGW_LIMIT_TUNNELS] = READ_ONCE(ln->count[L2TPGW_NET_TUNNELS]);
	val[L2TPGW_LIMIT_TUNNELS_MAX] = ln->max[L2TPGW_NET_TUNNELS];
	val[L2TPGW_LIMIT_SESSIONS] = READ_ONCE(ln->count[L2TPGW_NET_SESSIONS]);
	val[L2TPGW_LIMIT_SESSIONS_MAX] = ln->max[L2TPGW_NET_SESSIONS];
	val[L2TPGW_LIMIT_REORDER_BYTES] =
		atomic_long_read(&ln->reorder_mem.bytes);
	val[L2TPGW_LIMIT_REORDER_BYTES_MAX] = ln->reorder_mem.max;
	return l2tpgw_put_u64_nest(msg, L2TPGW_A_LIMITS, val, __L2TPGW_LIMIT_MAX,
				   L2TPGW_LIMIT_PAD);
}

static void l2tpgw_net_limits_init(struct l2tpgw_net *ln)
{
	/* Only root in the initial user namespace creates such namespaces. */
	if (ln->net->user_ns == &init_user_ns)
		return;
	ln->max[L2TPGW_NET_SOCKETS] = READ_ONCE(max_sockets);
	ln->max[L2TPGW_NET_TUNNELS] = READ_ONCE(max_tunnels);
	ln->max[L2TPGW_NET_SESSIONS] = READ_ONCE(max_sessions);
	ln->reorder_mem.max = min_t(unsigned long, READ_ONCE(max_reorder_bytes),
				    LONG_MAX);
}

struct l2tpgw_net *l2tpgw_net(const struct net *net)
{
	return net_generic(net, l2tpgw_net_id);
}

static int __net_init l2tpgw_net_init(struct net *net)
{
	struct l2tpgw_net *ln = l2tpgw_net(net);

	ln->net = net;
	mutex_init(&ln->lock);
	xa_init_flags(&ln->socks, XA_FLAGS_ALLOC1);
	xa_init(&ln->tunnels);
	atomic_long_set(&ln->reorder_mem.bytes, 0);
	l2tpgw_net_limits_init(ln);
	ln->stats = l2tpgw_stats_alloc();
	if (!ln->stats)
		return -ENOMEM;
	return 0;
}

/* Before the namespace's devices go: remove sockets, tunnels, sessions. */
static void __net_exit l2tpgw_net_pre_exit(struct net *net)
{
	struct l2tpgw_net *ln = l2tpgw_net(net);
	struct l2tpgw_sock *ls;
	unsigned long id;
	LIST_HEAD(dev_kill_list);

	rtnl_lock();
	mutex_lock(&ln->lock);
	ln->dying = true;
	xa_for_each(&ln->socks, id, ls)
		l2tpgw_sock_detach(ls, L2TPGW_CAUSE_NETNS_EXIT, &dev_kill_list);
	unregister_netdevice_many(&dev_kill_list);
	mutex_unlock(&ln->lock);
	rtnl_unlock();
}

static void __net_exit l2tpgw_net_exit(struct net *net)
{
	struct l2tpgw_net *ln = l2tpgw_net(net);

	WARN_ON_ONCE(!xa_empty(&ln->socks));
	WARN_ON_ONCE(!xa_empty(&ln->tunnels));
	WARN_ON_ONCE(atomic_long_read(&ln->reorder_mem.bytes));
	xa_destroy(&ln->socks);
	xa_destroy(&ln->tunnels);
	l2tpgw_stats_free(ln->stats);
	mutex_destroy(&ln->lock);
}

static struct pernet_operations l2tpgw_net_ops = {
	.init = l2tpgw_net_init,
	.pre_exit = l2tpgw_net_pre_exit,
	.exit = l2tpgw_net_exit,
	.id = &l2tpgw_net_id,
	.size = sizeof(struct l2tpgw_net),
};

int l2tpgw_netns_register(void)
{
	return register_pernet_device(&l2tpgw_net_ops);
}

void l2tpgw_netns_unregister(void)
{
	unregister_pernet_device(&l2tpgw_net_ops);
}
