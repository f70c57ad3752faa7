// SPDX-License-Identifier: GPL-2.0
/*
 * The receive path: every datagram arriving on an attached socket, in
 * softirq context.  Each one ends in exactly one counter, on the most
 * specific object known at that point (docs/kmod.md has the table).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/udp.h>

#include "clamp.h"
#include "compat.h"
#include "header.h"
#include "netns.h"
#include "rx.h"
#include "session.h"
#include "socket.h"
#include "tunnel.h"

/* The SA a datagram arrived through, in the form the UAPI header gives
 * for SO_RCVMARK: the daemon applies the module's rules to control.
 */
static u32 l2tpgw_rx_ipsec_mark(const struct sk_buff *skb)
{
	u32 reqid;

	if (!l2tpgw_compat_rx_reqid(skb, &reqid))
		return 0;
	return L2TPGW_RCVMARK_IPSEC | (reqid & ~L2TPGW_RCVMARK_IPSEC);
}

/* Why a data message for a tunnel bound to an SA (on an IPsec socket)
 * must be dropped, or L2TPGW_STAT_UNSPEC if it may go on.  GRO asks too:
 * what it merges passed this check one by one, and the merged packet
 * keeps its first message's security path for the check here.
 */
enum l2tpgw_stat l2tpgw_rx_ipsec_verdict(const struct sk_buff *skb,
					 u32 want_reqid)
{
	u32 reqid;

	if (!l2tpgw_compat_rx_reqid(skb, &reqid))
		return L2TPGW_STAT_RX_UNPROTECTED;
	if (reqid != want_reqid)
		return L2TPGW_STAT_RX_WRONG_SA;
	return L2TPGW_STAT_UNSPEC;
}

/* The frame goes up to the socket, if anybody reads it. */
static int l2tpgw_rx_up(struct l2tpgw_sock *ls,
			struct l2tpgw_stats __percpu *stats,
			enum l2tpgw_stat reason, struct sk_buff *skb)
{
	if (ls->owned) {
		l2tpgw_stats_inc(stats, L2TPGW_STAT_RX_NOT_READ);
		kfree_skb(skb);
		return 0;
	}
	l2tpgw_stats_inc(stats, reason);
	if (READ_ONCE(ls->flags) & L2TPGW_SOCK_F_IPSEC)
		skb->mark = l2tpgw_rx_ipsec_mark(skb);
	return 1;
}

static int l2tpgw_rx_drop(struct l2tpgw_stats __percpu *stats,
			  enum l2tpgw_stat reason, struct sk_buff *skb)
{
	l2tpgw_stats_inc(stats, reason);
	kfree_skb(skb);
	return 0;
}

static bool l2tpgw_rx_from_peer(const struct sk_buff *skb, sa_family_t family,
				const struct l2tpgw_tunnel_cfg *cfg)
{
	if (udp_hdr(skb)->source != htons(cfg->peer_port))
		return false;
	if (family == AF_INET)
		return ip_hdr(skb)->version == 4 &&
		       !memcmp(&ip_hdr(skb)->saddr, &cfg->peer, sizeof(__be32));
#if IS_ENABLED(CONFIG_IPV6)
	return ipv6_hdr(skb)->version == 6 &&
	       ipv6_addr_equal(&ipv6_hdr(skb)->saddr, &cfg->peer);
#else
	return false;
#endif
}

/* A super-packet merged by GRO counts once, and its messages in segs. */
static void l2tpgw_rx_count_gro(struct l2tpgw_stats __percpu *stats,
				unsigned int segs)
{
	if (!segs)
		return;
	l2tpgw_stats_inc(stats, L2TPGW_STAT_RX_GRO_PACKETS);
	l2tpgw_stats_add(stats, L2TPGW_STAT_RX_GRO_SEGS, segs);
}

void l2tpgw_rx_deliver(struct l2tpgw_session *s, struct sk_buff *skb)
{
	unsigned int segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 0;
	struct net_device *dev = s->dev;
	unsigned int len = skb->len;

	skb->dev = dev;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	if (gro_cells_receive(&s->gro_cells, skb) != NET_RX_SUCCESS) {
		l2tpgw_stats_inc(s->stats, L2TPGW_STAT_RX_DROPPED);
		return;
	}
	dev_sw_netstats_rx_add(dev, len);
	l2tpgw_stats_pkt(s->stats, L2TPGW_STAT_RX_PACKETS, len);
	l2tpgw_rx_count_gro(s->stats, segs);
}

/* Strip UDP, L2TP and PPP headers off an IP frame and hand it on. */
static int l2tpgw_rx_data(struct l2tpgw_session *s, struct sk_buff *skb,
			  const struct l2tpgw_hdr *hdr, unsigned int ppp_len,
			  __be16 protocol)
{
	unsigned int pull = sizeof(struct udphdr) + hdr->hdr_len + ppp_len;

	if (pskb_trim_rcsum(skb, sizeof(struct udphdr) + hdr->msg_len))
		return l2tpgw_rx_drop(s->stats, L2TPGW_STAT_RX_DROPPED, skb);
	skb_pull_rcsum(skb, pull);
	/* What the UDP layer verified was the outer checksum only. */
	if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		skb->ip_summed = CHECKSUM_NONE;
	skb_scrub_packet(skb, false);
	/* A local sender's offload state described the outer packet; a
	 * packet merged by GRO keeps its inner GSO type (TCPV4, TCPV6 or
	 * UDP_L4), with which the session device hands it up whole.
	 */
	if (iptunnel_pull_offloads(skb))
		return l2tpgw_rx_drop(s->stats, L2TPGW_STAT_RX_DROPPED, skb);
	skb->protocol = protocol;
	l2tpgw_clamp_mss(s, skb, protocol == htons(ETH_P_IPV6));
	if (hdr->flags & L2TPGW_HDR_S)
		l2tpgw_reorder_data(s, skb, hdr->ns);
	else
		l2tpgw_rx_deliver(s, skb);
	return 0;
}

/* A frame of a known session. */
static int l2tpgw_rx_session(struct l2tpgw_sock *ls, struct l2tpgw_session *s,
			     struct sk_buff *skb, const struct l2tpgw_hdr *hdr)
{
	unsigned int ppp_avail = hdr->msg_len - hdr->hdr_len;
	u32 flags = READ_ONCE(s->flags);
	bool seq = hdr->flags & L2TPGW_HDR_S;
	u32 proto_bit = 0;
	__be16 protocol;
	int ppp_len;
	u16 proto;

	if (!seq && (flags & L2TPGW_SESSION_F_RECV_SEQ))
		return l2tpgw_rx_drop(s->stats, L2TPGW_STAT_RX_SEQ_MISSING, skb);
	/* A LAC sends sequence numbers exactly when the LNS does (5.4). */
	if (!(flags & L2TPGW_SESSION_F_LNS) && READ_ONCE(s->send_seq) != seq)
		WRITE_ONCE(s->send_seq, seq);

	if (!pskb_may_pull(skb, sizeof(struct udphdr) + hdr->hdr_len +
			   min_t(unsigned int, ppp_avail, L2TPGW_PPP_MAX_HDR)))
		return l2tpgw_rx_drop(s->stats, L2TPGW_STAT_RX_DROPPED, skb);
	ppp_len = l2tpgw_ppp_parse(skb->data + sizeof(struct udphdr) +
				   hdr->hdr_len, ppp_avail, &proto);
	if (ppp_len < 0) {
		if (seq)
			l2tpgw_reorder_consume(s, hdr->ns);
		net_dbg_ratelimited("tunnel %u session %u: malformed PPP header\n",
				    hdr->tunnel_id, hdr->session_id);
		return l2tpgw_rx_drop(s->stats, L2TPGW_STAT_RX_BAD_PPP, skb);
	}

	if (proto == L2TPGW_PPP_IP) {
		proto_bit = L2TPGW_PROTO_IPV4;
		protocol = htons(ETH_P_IP);
	} else if (proto == L2TPGW_PPP_IPV6) {
		proto_bit = L2TPGW_PROTO_IPV6;
		protocol = htons(ETH_P_IPV6);
	}
	if (proto_bit && (READ_ONCE(s->protocols) & proto_bit))
		return l2tpgw_rx_data(s, skb, hdr, ppp_len, protocol);

	/* A PPP control frame: its Ns is spent, then it goes up unchanged. */
	if (seq && !l2tpgw_reorder_consume(s, hdr->ns))
		return l2tpgw_rx_drop(s->stats, L2TPGW_STAT_RX_SEQ_DISCARD, skb);
	return l2tpgw_rx_up(ls, s->stats,
			    proto_bit ? L2TPGW_STAT_RX_PROTO_DISABLED :
					L2TPGW_STAT_RX_CTRL_PACKETS, skb);
}

static int l2tpgw_rx(struct l2tpgw_sock *ls, struct sk_buff *skb)
{
	unsigned int len = skb->len - sizeof(struct udphdr);
	struct l2tpgw_tunnel_cfg cfg;
	enum l2tpgw_hdr_verdict verdict;
	enum l2tpgw_stat unsafe;
	struct l2tpgw_session *s;
	struct l2tpgw_tunnel *t;
	struct l2tpgw_hdr hdr;

	if (!pskb_may_pull(skb, sizeof(struct udphdr) +
			   min_t(unsigned int, len, L2TPGW_HDR_MAX_FIXED)))
		return l2tpgw_rx_drop(ls->stats, L2TPGW_STAT_RX_DROPPED, skb);
	verdict = l2tpgw_hdr_parse(skb->data + sizeof(struct udphdr), len,
				   &hdr);
	if (verdict == L2TPGW_HDR_UP)
		return l2tpgw_rx_up(ls, ls->stats, L2TPGW_STAT_RX_PASSED_UP, skb);
	t = l2tpgw_tunnel_find(ls->ln, hdr.tunnel_id);
	if (!t || t->sock != ls)
		return l2tpgw_rx_up(ls, ls->stats, L2TPGW_STAT_RX_PASSED_UP, skb);

	l2tpgw_tunnel_get_cfg(t, &cfg);
	/* Unbound tunnels (the daemon's "enforce = no" peers in the clear)
	 * are not checked; bound ones only ever through their own SA.
	 */
	if ((READ_ONCE(ls->flags) & L2TPGW_SOCK_F_IPSEC) && cfg.ipsec_reqid) {
		unsafe = l2tpgw_rx_ipsec_verdict(skb, cfg.ipsec_reqid);
		if (unsafe) {
			net_dbg_ratelimited("tunnel %u: data message %s\n", t->id,
					    unsafe == L2TPGW_STAT_RX_UNPROTECTED ?
					    "arrived without IPsec" :
					    "arrived through another tunnel's SA");
			return l2tpgw_rx_drop(t->stats, unsafe, skb);
		}
	}
	if (!l2tpgw_rx_from_peer(skb, t->family, &cfg)) {
		net_dbg_ratelimited("tunnel %u: datagram from a source that is not its peer\n",
				    t->id);
		return l2tpgw_rx_drop(t->stats, L2TPGW_STAT_RX_WRONG_PEER, skb);
	}
	if (verdict == L2TPGW_HDR_TRUNCATED)
		return l2tpgw_rx_drop(t->stats, L2TPGW_STAT_RX_BAD_HEADER, skb);
	if (verdict == L2TPGW_HDR_BAD_LENGTH) {
		net_dbg_ratelimited("tunnel %u: bad Length or Offset Size\n",
				    t->id);
		return l2tpgw_rx_drop(t->stats, L2TPGW_STAT_RX_BAD_LENGTH, skb);
	}
	s = l2tpgw_session_find(t, hdr.session_id);
	if (!s)
		return l2tpgw_rx_drop(t->stats, L2TPGW_STAT_RX_UNKNOWN_SESSION,
				      skb);
	return l2tpgw_rx_session(ls, s, skb, &hdr);
}

/*
 * encap_rcv of attached sockets, under rcu_read_lock() with the UDP
 * checksum verified and skb->data at the UDP header.  Returns 0 when the
 * datagram was consumed, 1 to let it go up to the socket unchanged.
 */
int l2tpgw_rx_encap(struct sock *sk, struct sk_buff *skb)
{
	struct l2tpgw_sock *ls = rcu_dereference_sk_user_data(sk);

	if (unlikely(!ls)) {
		/* Being detached: a plain UDP socket from now on. */
		l2tpgw_stats_inc(l2tpgw_net(sock_net(sk))->stats,
				 L2TPGW_STAT_RX_PASSED_UP);
		return 1;
	}
	return l2tpgw_rx(ls, skb);
}
