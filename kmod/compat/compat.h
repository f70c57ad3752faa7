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
#include <net/sock.h>
#include <net/xfrm.h>

/* Newer kernels replaced the NETIF_F_LLTX feature by dev->lltx. */
static inline void l2tpgw_compat_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
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

#endif /* _L2TPGW_COMPAT_H */
