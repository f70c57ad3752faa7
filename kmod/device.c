// SPDX-License-Identifier: GPL-2.0
/*
 * The point-to-point net device of a session.  Only the module creates
 * them; an administrator deleting one (ip link del) deletes its session.
 */
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "device.h"
#include "header.h"
#include "netns.h"
#include "session.h"
#include "tunnel.h"
#include "tx.h"

static struct rtnl_link_ops l2tpgw_link_ops;

/*
 * TCP and UDP super-packets and partial checksums, which the transmit path
 * passes on as UDP-tunnel GSO or cuts itself (see l2tpgw_tx_xmit()); the
 * other software GSO types (SCTP, fraglist) it cuts with the stack's
 * segmentation.  Everything here works whatever the outer device offers.
 */
#define L2TPGW_DEV_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			     NETIF_F_GSO_SOFTWARE)
/* The largest super-packet whose outer packet (PPP, L2TP, UDP and IPv6
 * headers added) still fits the 16-bit lengths of the outer IPv4 and UDP
 * headers.
 */
#define L2TPGW_DEV_GSO_MAX_SIZE (GSO_LEGACY_MAX_SIZE - 1 -		\
				 L2TPGW_PPP_MAX_HDR - L2TPGW_HDR_MAX_TX -	\
				 sizeof(struct udphdr) -		\
				 sizeof(struct ipv6hdr))

static int l2tpgw_dev_init(struct net_device *dev)
{
	struct l2tpgw_session *s = netdev_priv(dev);
	int ret;

	ret = l2tpgw_compat_tstats_alloc(dev);
	if (ret)
		return ret;
	s->stats = l2tpgw_stats_alloc();
	if (!s->stats) {
		ret = -ENOMEM;
		goto err_free_tstats;
	}
	ret = gro_cells_init(&s->gro_cells, dev);
	if (ret)
		goto err_free_stats;
	l2tpgw_tunnel_hold(s->tunnel);
	l2tpgw_objects_inc();
	return 0;

err_free_stats:
	l2tpgw_stats_free(s->stats);
err_free_tstats:
	l2tpgw_compat_tstats_free(dev);
	return ret;
}

/* After unregistration: no reader can find the session any more. */
static void l2tpgw_dev_destruct(struct net_device *dev)
{
	struct l2tpgw_session *s = netdev_priv(dev);

	l2tpgw_reorder_destroy(&s->reorder);
	gro_cells_destroy(&s->gro_cells);
	l2tpgw_stats_free(s->stats);
	l2tpgw_compat_tstats_free(dev);
	l2tpgw_tunnel_put(s->tunnel);
	l2tpgw_objects_dec();
}

static const struct net_device_ops l2tpgw_netdev_ops = {
	.ndo_init = l2tpgw_dev_init,
	.ndo_start_xmit = l2tpgw_tx_xmit,
	.ndo_get_stats64 = dev_get_tstats64,
};

static void l2tpgw_dev_setup(struct net_device *dev)
{
	dev->netdev_ops = &l2tpgw_netdev_ops;
	dev->rtnl_link_ops = &l2tpgw_link_ops;
	dev->type = ARPHRD_PPP;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = LL_MAX_HEADER + L2TPGW_ENCAP_OVERHEAD;
	dev->needed_tailroom = L2TPGW_ENCAP_TAILROOM;
	dev->features = L2TPGW_DEV_FEATURES;
	dev->hw_features = L2TPGW_DEV_FEATURES;
	netif_set_tso_max_size(dev, L2TPGW_DEV_GSO_MAX_SIZE);
	dev->mtu = L2TPGW_DEFAULT_MTU(AF_INET);
	dev->min_mtu = IPV4_MIN_MTU;
	/* The outer IPv6 packet must still fit in 64 KiB. */
	dev->max_mtu = IP_MAX_MTU - 4 - 12 - sizeof(struct udphdr) -
		       sizeof(struct ipv6hdr);
	l2tpgw_compat_set_netns_local(dev);
	l2tpgw_compat_set_lltx(dev);
	l2tpgw_compat_tstats_setup(dev);
	dev->needs_free_netdev = true;
	dev->priv_destructor = l2tpgw_dev_destruct;
}

struct net_device *l2tpgw_device_alloc(const char *ifname)
{
	return alloc_netdev(sizeof(struct l2tpgw_session), ifname,
			    strchr(ifname, '%') ? NET_NAME_ENUM : NET_NAME_USER,
			    l2tpgw_dev_setup);
}

static int l2tpgw_link_validate(struct nlattr *tb[], struct nlattr *data[],
				struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack,
		       "l2tpgw devices are created through the l2tpgw genetlink family");
	return -EOPNOTSUPP;
}

static void l2tpgw_link_dellink(struct net_device *dev, struct list_head *head)
{
	struct l2tpgw_session *s = netdev_priv(dev);
	struct l2tpgw_net *ln = s->tunnel->ln;

	mutex_lock(&ln->lock);
	if (!s->dead)
		l2tpgw_session_del(s, L2TPGW_CAUSE_DEV_DEL, head);
	mutex_unlock(&ln->lock);
}

static struct rtnl_link_ops l2tpgw_link_ops = {
	.kind = "l2tpgw",
	.priv_size = sizeof(struct l2tpgw_session),
	.setup = l2tpgw_dev_setup,
	.validate = l2tpgw_link_validate,
	.dellink = l2tpgw_link_dellink,
};

int l2tpgw_device_register(void)
{
	return rtnl_link_register(&l2tpgw_link_ops);
}

void l2tpgw_device_unregister(void)
{
	rtnl_link_unregister(&l2tpgw_link_ops);
}
