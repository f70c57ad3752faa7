// SPDX-License-Identifier: GPL-2.0
/*
 * Per-network-namespace state.  Everything the module creates belongs to
 * exactly one namespace and goes away with it, before the namespace's
 * devices are dismantled.
 */
#include <linux/moduleparam.h>
#include <linux/rtnetlink.h>
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
