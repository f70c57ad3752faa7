/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels l2tpgw builds against lives here, so
 * that the rest of kmod/ reads like code for the newest kernel.  The
 * baseline is Debian 12's 6.1.
 */
#ifndef _L2TPGW_COMPAT_H
#define _L2TPGW_COMPAT_H

#include <linux/netdevice.h>
#include <linux/timer.h>
#include <linux/udp.h>
#include <linux/version.h>
#include <net/genetlink.h>
#include <net/gro.h>
#include <net/sock.h>
#include <net/xfrm.h>

/*
 * The kernel built against, for the few differences no macro reveals.
 * Spelled with the version's parts: checkpatch flags LINUX_VERSION_CODE in
 * any file (its rule is for code merged upstream), and sparse does not
 * know __has_include.
 */
#define L2TPGW_KERNEL_AT_LEAST(major, minor) \
	(KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, 0) >= \
	 KERNEL_VERSION(major, minor, 0))

/* The unaligned access helpers moved from asm/ to linux/ in 6.12. */
#if L2TPGW_KERNEL_AT_LEAST(6, 12)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* Newer kernels replaced the NETIF_F_LLTX feature by dev->lltx. */
static inline void l2tpgw_compat_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

/* 6.12 replaced the NETIF_F_NETNS_LOCAL feature by dev->netns_local. */
static inline void l2tpgw_compat_set_netns_local(struct net_device *dev)
{
#ifdef NETIF_F_NETNS_LOCAL
	dev->features |= NETIF_F_NETNS_LOCAL;
#else
	dev->netns_local = true;
#endif
}

/* The attributes of the request a dump answers: 6.6 moved them into a
 * struct genl_info inside the dump's state.
 */
static inline struct nlattr **
l2tpgw_compat_dump_attrs(struct netlink_callback *cb)
{
#if L2TPGW_KERNEL_AT_LEAST(6, 6)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * The device's per-CPU tstats, which udp_tunnel_xmit_skb() and
 * dev_get_tstats64() use.  From 6.7 the core allocates and frees them when
 * pcpu_stat_type asks for them (set before registration), and 6.12's
 * iptunnel_xmit_stats() warns on a device that did not ask.
 */
static inline void l2tpgw_compat_tstats_setup(struct net_device *dev)
{
#if L2TPGW_KERNEL_AT_LEAST(6, 7)
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
#endif
}

static inline int l2tpgw_compat_tstats_alloc(struct net_device *dev)
{
#if !L2TPGW_KERNEL_AT_LEAST(6, 7)
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
#endif
	return 0;
}

static inline void l2tpgw_compat_tstats_free(struct net_device *dev)
{
#if !L2TPGW_KERNEL_AT_LEAST(6, 7)
	free_percpu(dev->tstats);
#endif
}

/* timer_shutdown_sync() exists from 6.1 (backported to Debian's 6.1). */
static inline void l2tpgw_compat_timer_shutdown(struct timer_list *t)
{
	timer_shutdown_sync(t);
}

/* There is no helper to take encapsulation off a user's socket again: the
 * owner clears the fields setup_udp_tunnel_sock() set.
 */
static inline void l2tpgw_compat_udp_encap_clear(struct sock *sk)
{
	struct udp_sock *up = udp_sk(sk);

	WRITE_ONCE(up->encap_destroy, NULL);
	WRITE_ONCE(up->encap_rcv, NULL);
	WRITE_ONCE(up->encap_err_lookup, NULL);
	WRITE_ONCE(up->encap_type, 0);
	WRITE_ONCE(up->gro_receive, NULL);
	WRITE_ONCE(up->gro_complete, NULL);
}

static inline bool l2tpgw_compat_udp_encap_in_use(const struct sock *sk)
{
	return READ_ONCE(udp_sk(sk)->encap_type) ||
	       rcu_access_pointer(__sk_user_data(sk));
}

/* The reqid of the SA @skb was decrypted by last; false if it arrived in
 * the clear.  The security path moved into an skb extension in 5.0.
 */
static inline bool l2tpgw_compat_rx_reqid(const struct sk_buff *skb,
					  u32 *reqid)
{
#ifdef CONFIG_XFRM
	const struct sec_path *sp = skb_sec_path(skb);

	if (sp && sp->len) {
		*reqid = sp->xvec[sp->len - 1]->props.reqid;
		return true;
	}
#endif
	return false;
}

/*
 * The outer IP header of a datagram in a UDP tunnel's gro_receive.  Up to
 * 6.8 the network header is the IP header before the UDP one; 6.9 keeps
 * the offsets in the GRO control block instead, the outer one first.
 */
static inline const void *l2tpgw_compat_gro_outer_header(struct sk_buff *skb)
{
#if L2TPGW_KERNEL_AT_LEAST(6, 9)
	return (NAPI_GRO_CB(skb)->frag0 ?: skb->data) +
	       NAPI_GRO_CB(skb)->network_offsets[0];
#else
	return skb_gro_network_header(skb);
#endif
}

#endif /* _L2TPGW_COMPAT_H */
