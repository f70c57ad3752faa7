// SPDX-License-Identifier: GPL-2.0
/*
 * l2tpgw: the kernel data plane of an L2TPv2 gateway.  The contract with
 * user space is include/uapi/linux/l2tpgw.h; docs/kmod.md explains the
 * design.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "device.h"
#include "lifetime.h"
#include "netlink.h"
#include "netns.h"

/*
 * RCU callbacks of ours queued and not yet finished.  A tunnel's callback
 * can drop the last reference to its socket and so queue the socket's:
 * one rcu_barrier() does not wait for a callback queued while it runs.
 */
static atomic_t l2tpgw_rcu_pending = ATOMIC_INIT(0);

void l2tpgw_call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	atomic_inc(&l2tpgw_rcu_pending);
	call_rcu(head, func);
}

/* The last thing an RCU callback of ours does. */
void l2tpgw_rcu_done(void)
{
	/* Pairs with the acquire in l2tpgw_rcu_wait(). */
	atomic_dec_return_release(&l2tpgw_rcu_pending);
}

/*
 * Once nothing can queue a callback any more: when the count reads zero
 * every callback ever queued has been queued (a callback queues before it
 * counts itself done), so the rcu_barrier() after that read waits until
 * the last of them has returned into our text.
 */
static void l2tpgw_rcu_wait(void)
{
	int pending;

	do {
		pending = atomic_read_acquire(&l2tpgw_rcu_pending);
		rcu_barrier();
	} while (pending);
}

static int __init l2tpgw_init(void)
{
	int ret;

	ret = l2tpgw_device_register();
	if (ret)
		return ret;
	ret = l2tpgw_netns_register();
	if (ret)
		goto err_device;
	ret = l2tpgw_genl_register();
	if (ret)
		goto err_netns;
	pr_info("L2TPv2 data plane loaded\n");
	return 0;

err_netns:
	l2tpgw_netns_unregister();
err_device:
	l2tpgw_device_unregister();
	return ret;
}

/*
 * The order matters:
 * 1. the genetlink family goes: no request can create an object, and the
 *    requests in flight have returned;
 * 2. every namespace's pre_exit deletes its sockets, tunnels and sessions;
 *    the session devices are unregistered and their destructors (reorder
 *    timer shut down, queued frames freed) run before rtnl_unlock()
 *    returns, dropping their tunnel references;
 * 3. the link type goes (no device of ours is left to dismantle);
 * 4. what remains are RCU callbacks: tunnels, then the sockets the last
 *    of their tunnels released.  Wait until none is queued or running;
 *    then no object may be left.
 */
static void __exit l2tpgw_exit(void)
{
	l2tpgw_genl_unregister();
	l2tpgw_netns_unregister();
	l2tpgw_device_unregister();
	l2tpgw_rcu_wait();
	WARN_ON_ONCE(l2tpgw_objects_read());
}

module_init(l2tpgw_init);
module_exit(l2tpgw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("L2TPv2 PPP data plane for l2tpgw");
MODULE_AUTHOR("The l2tpgw authors");
MODULE_VERSION(L2TPGW_VERSION);
MODULE_ALIAS_GENL_FAMILY(L2TPGW_GENL_NAME);
MODULE_ALIAS_RTNL_LINK("l2tpgw");
