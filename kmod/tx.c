// SPDX-License-Identifier: GPL-2.0
/*
 * The transmit path: IP frames from a session's device and PPP control
 * frames from the daemon get a PPP and an L2TP header and leave through the
 * tunnel's socket, routed with the tunnel's mark so that XFRM policy picks
 * the tunnel's own SA.  The outer packet is never DF: like the in-tree
 * L2TP, a frame that fits the session's MTU is sent, fragmented outside if
 * the path needs it.
 *
 * Super-packets (GSO) from the device leave whole, as UDP-tunnel GSO, when
 * the L2TP header is the same for every segment; otherwise they are cut
 * here first.  See "UDP-tunnel GSO" in docs/kmod.md.
 */
#include <linux/if_ether.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/dst_cache.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/ip6_route.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "clamp.h"
#include "device.h"
#include "header.h"
#include "session.h"
#include "socket.h"
#include "tunnel.h"
#include "tx.h"

/* What one transmission needs, read once: the tunnel's configuration and
 * whether the L2TP header carries sequence numbers.
 */
struct l2tpgw_tx_args {
	struct l2tpgw_tunnel_cfg cfg;
	u16 proto;
	bool seq;
};

static void l2tpgw_tx_args_init(struct l2tpgw_session *s,
				struct l2tpgw_tx_args *a, u16 proto)
{
	l2tpgw_tunnel_get_cfg(s->tunnel, &a->cfg);
	a->proto = proto;
	a->seq = READ_ONCE(s->send_seq);
}

/* Whether the outer UDP header carries a checksum; IPv6 requires one. */
static bool l2tpgw_tx_udp_csum(const struct l2tpgw_session *s,
			       const struct l2tpgw_tx_args *a)
{
	return s->tunnel->family == AF_INET6 ||
	       (a->cfg.flags & L2TPGW_TUNNEL_F_UDP_CSUM);
}

/*
 * The inner packet is the IP packet the device was given: its headers are
 * the skb's inner ones, with no link header (inner mac == inner network)
 * and its EtherType as the inner protocol, which is what the UDP-tunnel
 * segmentation (skb_udp_tunnel_segment()) and XFRM's GSO path read.  The
 * UDP, L2TP and PPP headers before it form the tunnel header, copied into
 * every segment.  A partial inner checksum is then the inner packet's: the
 * outer device completes it or the stack does.
 */
static int l2tpgw_tx_offloads(struct l2tpgw_session *s, struct sk_buff *skb,
			      const struct l2tpgw_tx_args *a)
{
	if (!skb->encapsulation)
		skb_set_inner_protocol(skb, skb->protocol);
	return iptunnel_handle_offloads(skb, l2tpgw_tx_udp_csum(s, a) ?
					SKB_GSO_UDP_TUNNEL_CSUM :
					SKB_GSO_UDP_TUNNEL);
}

/* Prepend PPP and L2TP headers; @room is what the outer headers need. */
static int l2tpgw_tx_push(struct l2tpgw_session *s, struct sk_buff *skb,
			  const struct l2tpgw_tx_args *a, unsigned int room)
{
	u32 flags = READ_ONCE(s->flags);
	bool acfc = flags & L2TPGW_SESSION_F_TX_ACFC;
	bool pfc = flags & L2TPGW_SESSION_F_TX_PFC;
	struct l2tpgw_hdr_tx hdr = {
		.tunnel_id = a->cfg.peer_tunnel_id,
		.session_id = READ_ONCE(s->peer_id),
		.length = a->cfg.flags & L2TPGW_TUNNEL_F_SEND_LENGTH,
		.seq = a->seq,
		.priority = flags & L2TPGW_SESSION_F_PRIORITY,
	};
	unsigned int ppp_len = l2tpgw_ppp_hdr_len(a->proto, acfc, pfc);
	unsigned int l2tp_len = l2tpgw_hdr_tx_len(&hdr);
	unsigned int msg_len;

	if (skb_cow_head(skb, room + l2tp_len + ppp_len) ||
	    l2tpgw_tx_offloads(s, skb, a))
		return -ENOMEM;
	l2tpgw_ppp_build(skb_push(skb, ppp_len), a->proto, acfc, pfc);
	if (hdr.seq)
		hdr.ns = (u16)atomic_fetch_inc(&s->tx_ns);
	msg_len = skb->len + l2tp_len;
	l2tpgw_hdr_build(skb_push(skb, l2tp_len), &hdr, msg_len);
	return 0;
}

/* A tunnel bound to an IPsec SA never sends in the clear.  When no policy
 * of charon's covers its mark any more, l2tpgwd's block policy for the
 * mark makes the lookup fail with -EPERM; without that policy the lookup
 * finds a plain route.  Either way the packet is dropped and counted as
 * having no SA.  Routes are cached only after this check, and XFRM
 * bundles go stale with their policy.
 */
static bool l2tpgw_tx_leaks(const struct l2tpgw_tunnel_cfg *cfg,
			    const struct dst_entry *dst)
{
	return cfg->ipsec_reqid && !dst->xfrm;
}

static enum l2tpgw_stat
l2tpgw_tx_lookup_failed(const struct l2tpgw_tunnel_cfg *cfg, long err)
{
	return cfg->ipsec_reqid && err == -EPERM ? L2TPGW_STAT_TX_NO_SA :
						   L2TPGW_STAT_TX_NO_ROUTE;
}

static int l2tpgw_tx4(struct l2tpgw_session *s, struct sk_buff *skb,
		      const struct l2tpgw_tx_args *a)
{
	const struct l2tpgw_tunnel_cfg *cfg = &a->cfg;
	struct l2tpgw_tunnel *t = s->tunnel;
	struct sock *sk = t->sock->sk;
	struct flowi4 fl4 = {
		.flowi4_oif = sk->sk_bound_dev_if,
		.flowi4_mark = cfg->mark,
		.flowi4_proto = IPPROTO_UDP,
		.fl4_sport = inet_sk(sk)->inet_sport,
		.fl4_dport = htons(cfg->peer_port),
	};
	enum l2tpgw_stat why = L2TPGW_STAT_TX_NO_ROUTE;
	struct rtable *rt;
	__be32 saddr;

	memcpy(&fl4.daddr, &cfg->peer, sizeof(fl4.daddr));
	if (cfg->has_local)
		memcpy(&fl4.saddr, &cfg->local, sizeof(fl4.saddr));
	else
		fl4.saddr = inet_sk(sk)->inet_saddr;

	rt = dst_cache_get_ip4(&t->dst_cache, &saddr);
	if (!rt) {
		rt = ip_route_output_flow(sock_net(sk), &fl4, sk);
		if (IS_ERR(rt)) {
			why = l2tpgw_tx_lookup_failed(cfg, PTR_ERR(rt));
			goto err_no_route;
		}
		if (l2tpgw_tx_leaks(cfg, &rt->dst))
			why = L2TPGW_STAT_TX_NO_SA;
		if (rt->dst.dev == s->dev || why == L2TPGW_STAT_TX_NO_SA) {
			ip_rt_put(rt);
			goto err_no_route;
		}
		dst_cache_set_ip4(&t->dst_cache, &rt->dst, fl4.saddr);
		saddr = fl4.saddr;
	}
	if (l2tpgw_tx_push(s, skb, a, LL_RESERVED_SPACE(rt->dst.dev) +
			   rt->dst.header_len + sizeof(struct iphdr) +
			   sizeof(struct udphdr))) {
		ip_rt_put(rt);
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_TX_DROPPED);
		kfree_skb(skb);
		return -ENOMEM;
	}
	skb->mark = cfg->mark;
	skb->ignore_df = 1;
	udp_tunnel_xmit_skb(rt, sk, skb, saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, fl4.fl4_sport,
			    fl4.fl4_dport, false, !l2tpgw_tx_udp_csum(s, a));
	return 0;

err_no_route:
	net_dbg_ratelimited("tunnel %u: %s to peer %pI4\n", t->id,
			    why == L2TPGW_STAT_TX_NO_SA ? "no IPsec SA" :
			    "no route", &fl4.daddr);
	l2tpgw_stats_inc(s->stats, why);
	kfree_skb(skb);
	return -EHOSTUNREACH;
}

#if IS_ENABLED(CONFIG_IPV6)
static int l2tpgw_tx6(struct l2tpgw_session *s, struct sk_buff *skb,
		      const struct l2tpgw_tx_args *a)
{
	const struct l2tpgw_tunnel_cfg *cfg = &a->cfg;
	struct l2tpgw_tunnel *t = s->tunnel;
	struct sock *sk = t->sock->sk;
	struct flowi6 fl6 = {
		.flowi6_oif = sk->sk_bound_dev_if,
		.flowi6_mark = cfg->mark,
		.flowi6_proto = IPPROTO_UDP,
		.daddr = cfg->peer,
		.fl6_sport = inet_sk(sk)->inet_sport,
		.fl6_dport = htons(cfg->peer_port),
	};
	enum l2tpgw_stat why = L2TPGW_STAT_TX_NO_ROUTE;
	struct dst_entry *dst;
	struct in6_addr saddr;

	fl6.saddr = cfg->has_local ? cfg->local : sk->sk_v6_rcv_saddr;
	dst = dst_cache_get_ip6(&t->dst_cache, &saddr);
	if (!dst) {
		dst = ipv6_stub->ipv6_dst_lookup_flow(sock_net(sk), sk, &fl6,
						      NULL);
		if (IS_ERR(dst)) {
			why = l2tpgw_tx_lookup_failed(cfg, PTR_ERR(dst));
			goto err_no_route;
		}
		if (l2tpgw_tx_leaks(cfg, dst))
			why = L2TPGW_STAT_TX_NO_SA;
		if (dst->dev == s->dev || why == L2TPGW_STAT_TX_NO_SA) {
			dst_release(dst);
			goto err_no_route;
		}
		dst_cache_set_ip6(&t->dst_cache, dst, &fl6.saddr);
		saddr = fl6.saddr;
	}
	if (l2tpgw_tx_push(s, skb, a, LL_RESERVED_SPACE(dst->dev) +
			   dst->header_len + sizeof(struct ipv6hdr) +
			   sizeof(struct udphdr))) {
		dst_release(dst);
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_TX_DROPPED);
		kfree_skb(skb);
		return -ENOMEM;
	}
	skb->mark = cfg->mark;
	skb->ignore_df = 1;
	udp_tunnel6_xmit_skb(dst, sk, skb, s->dev, &saddr, &fl6.daddr, 0,
			     ip6_dst_hoplimit(dst), 0, fl6.fl6_sport,
			     fl6.fl6_dport, false);
	return 0;

err_no_route:
	net_dbg_ratelimited("tunnel %u: %s to peer %pI6c\n", t->id,
			    why == L2TPGW_STAT_TX_NO_SA ? "no IPsec SA" :
			    "no route", &fl6.daddr);
	l2tpgw_stats_inc(s->stats, why);
	kfree_skb(skb);
	return -EHOSTUNREACH;
}
#endif

/* Consumes @skb; counts its fate on the session. */
static int l2tpgw_tx(struct l2tpgw_session *s, struct sk_buff *skb,
		     const struct l2tpgw_tx_args *a)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (s->tunnel->family == AF_INET6)
		return l2tpgw_tx6(s, skb, a);
#endif
	return l2tpgw_tx4(s, skb, a);
}

/* Sends one frame of the device; consumes @skb. */
static void l2tpgw_tx_frame(struct l2tpgw_session *s, struct sk_buff *skb,
			    const struct l2tpgw_tx_args *a)
{
	unsigned int len = skb->len;

	if (!l2tpgw_tx(s, skb, a))
		l2tpgw_stats_pkt(s->stats, L2TPGW_STAT_TX_PACKETS, len);
}

/* The super-packets skb_udp_tunnel_segment() knows how to cut: TCP and
 * UDP, not already inside another tunnel (nor SCTP or fraglist ones).
 */
#define L2TPGW_TX_GSO_WHOLE (SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_TCP_ECN | \
			     SKB_GSO_TCP_FIXEDID | SKB_GSO_UDP_L4 | \
			     SKB_GSO_DODGY)

/* Whether every segment of @skb would carry the same L2TP header: no Ns,
 * no Length field.
 */
static bool l2tpgw_tx_gso_whole(const struct sk_buff *skb,
				const struct l2tpgw_tx_args *a)
{
	return !a->seq && !(a->cfg.flags & L2TPGW_TUNNEL_F_SEND_LENGTH) &&
	       !skb->encapsulation &&
	       !(skb_shinfo(skb)->gso_type & ~L2TPGW_TX_GSO_WHOLE);
}

/* Wire frames @skb becomes; senders that leave gso_segs unset (DODGY
 * ones) get it from the payload and gso_size.
 */
static unsigned int l2tpgw_tx_gso_segs(const struct sk_buff *skb)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int hdr_len = skb_transport_offset(skb);

	if (shinfo->gso_segs)
		return shinfo->gso_segs;
	if (shinfo->gso_type & SKB_GSO_UDP_L4)
		hdr_len += sizeof(struct udphdr);
	else
		hdr_len += tcp_hdrlen(skb);
	return skb->len > hdr_len ? DIV_ROUND_UP(skb->len - hdr_len,
						 shinfo->gso_size) : 1;
}

/*
 * A super-packet whose segments all carry the same L2TP header leaves as
 * one UDP-tunnel GSO packet: encapsulated once, cut below us by the NIC or,
 * if it cannot, once by the stack at the outer device (or by XFRM before
 * encryption), each segment with the UDP, L2TP and PPP headers copied.
 */
static void l2tpgw_tx_gso_encap(struct l2tpgw_session *s, struct sk_buff *skb,
				const struct l2tpgw_tx_args *a)
{
	unsigned int segs = l2tpgw_tx_gso_segs(skb);
	unsigned int len = skb->len;

	if (l2tpgw_tx(s, skb, a))
		return;
	l2tpgw_stats_pkt(s->stats, L2TPGW_STAT_TX_PACKETS, len);
	l2tpgw_stats_inc(s->stats, L2TPGW_STAT_TX_GSO_PACKETS);
	l2tpgw_stats_add(s->stats, L2TPGW_STAT_TX_GSO_SEGS, segs);
}

/*
 * With sequence numbers or the Length field each segment needs its own
 * header: the super-packet is cut here, before the L2TP header is added.
 * The stack above still does its per-packet work once per 64 KiB.
 * Segments keep a partial checksum for the outer device to complete (or
 * the stack, if that device cannot).
 */
static void l2tpgw_tx_gso_cut(struct l2tpgw_session *s, struct sk_buff *skb,
			      const struct l2tpgw_tx_args *a)
{
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, NETIF_F_SG | NETIF_F_HW_CSUM);
	if (IS_ERR_OR_NULL(segs)) {
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_TX_DROPPED);
		dev_core_stats_tx_dropped_inc(s->dev);
		kfree_skb(skb);
		return;
	}
	consume_skb(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		l2tpgw_tx_frame(s, seg, a);
	}
}

netdev_tx_t l2tpgw_tx_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct l2tpgw_session *s = netdev_priv(dev);
	struct l2tpgw_tx_args a;
	u32 proto_bit;
	u16 proto;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		proto = L2TPGW_PPP_IP;
		proto_bit = L2TPGW_PROTO_IPV4;
		break;
	case htons(ETH_P_IPV6):
		proto = L2TPGW_PPP_IPV6;
		proto_bit = L2TPGW_PROTO_IPV6;
		break;
	default:
		goto drop;
	}
	/* Until its NCP is open the peer would not understand the frame. */
	if (!(READ_ONCE(s->protocols) & proto_bit))
		goto drop;
	l2tpgw_tx_args_init(s, &a, proto);
	/* TCP never makes a SYN part of a super-packet. */
	if (!skb_is_gso(skb)) {
		l2tpgw_clamp_mss(s, skb, proto == L2TPGW_PPP_IPV6);
		l2tpgw_tx_frame(s, skb, &a);
	} else if (l2tpgw_tx_gso_whole(skb, &a)) {
		l2tpgw_tx_gso_encap(s, skb, &a);
	} else {
		l2tpgw_tx_gso_cut(s, skb, &a);
	}
	return NETDEV_TX_OK;

drop:
	l2tpgw_stats_inc(s->stats, L2TPGW_STAT_TX_DROPPED);
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/* @frame starts with the two-byte PPP protocol field. */
int l2tpgw_tx_ppp(struct l2tpgw_session *s, const void *frame,
		  unsigned int len)
{
	struct l2tpgw_tx_args a;
	const u8 *p = frame;
	struct sk_buff *skb;
	int ret;

	if (len < 2 || (p[0] & 1) || !(p[1] & 1))
		return -EINVAL;
	skb = alloc_skb(LL_MAX_HEADER + L2TPGW_ENCAP_OVERHEAD + len +
			L2TPGW_ENCAP_TAILROOM, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, LL_MAX_HEADER + L2TPGW_ENCAP_OVERHEAD);
	skb_put_data(skb, p + 2, len - 2);
	skb->dev = s->dev;
	skb->protocol = htons(ETH_P_PPP_SES);

	local_bh_disable();
	l2tpgw_tx_args_init(s, &a, (p[0] << 8) | p[1]);
	ret = l2tpgw_tx(s, skb, &a);
	if (!ret)
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_TX_CTRL_PACKETS);
	local_bh_enable();
	return ret;
}
