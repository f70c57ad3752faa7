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
#include "netlink.h"
#include "netns.h"

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

static void __exit l2tpgw_exit(void)
{
	l2tpgw_genl_unregister();
	l2tpgw_netns_unregister();
	l2tpgw_device_unregister();
	/* Tunnels and sockets are freed from RCU callbacks. */
	rcu_barrier();
}

module_init(l2tpgw_init);
module_exit(l2tpgw_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("L2TPv2 PPP data plane for l2tpgw");
MODULE_AUTHOR("The l2tpgw authors");
MODULE_VERSION(L2TPGW_VERSION);
MODULE_ALIAS_GENL_FAMILY(L2TPGW_GENL_NAME);
MODULE_ALIAS_RTNL_LINK("l2tpgw");
