// SPDX-License-Identifier: GPL-2.0
/*
 * GRO for attached sockets: consecutive data messages of one session, all
 * carrying IPv4 or IPv6 in the same L2TP and PPP header form, are merged by
 * the inner protocol's GRO rules into one super-packet, which rx.c strips
 * and delivers once.  Everything else (control messages, PPP control
 * frames, sequenced or padded messages, unknown sessions, strangers,
 * anything malformed) is flushed: it takes the normal receive path alone,
 * where it is counted as before.  Runs in NAPI context under
 * rcu_read_lock(); docs/kmod.md "GRO on receive" has the design.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/gro.h>
#include <net/ipv6.h>

#include "compat.h"
#include "gro.h"
#include "header.h"
#include "rx.h"
#include "session.h"
#include "socket.h"
#include "tunnel.h"

/* Enough for any header form merged and the IP header behind it. */
#define L2TPGW_GRO_PULL	(L2TPGW_HDR_MAX_TX + L2TPGW_PPP_MAX_HDR)
/* The smallest message worth merging: a bare header, PPP and IPv4. */
#define L2TPGW_GRO_MIN	(6 + 1 + sizeof(struct iphdr))

/* What a mergeable message is made of, as read from its headers. */
struct l2tpgw_gro_msg {
	struct l2tpgw_hdr hdr;
	unsigned int ppp_len;
	__be16 protocol;
};

/* The datagram's outer source is the tunnel's peer. */
static bool l2tpgw_gro_from_peer(struct sk_buff *skb, unsigned int off,
				 const struct l2tpgw_tunnel *t,
				 const struct l2tpgw_tunnel_cfg *cfg)
{
	const struct udphdr *uh;
	const void *nh;

	uh = skb_gro_header(skb, off, off - sizeof(*uh));
	if (!uh || uh->source != htons(cfg->peer_port))
		return false;
	nh = l2tpgw_compat_gro_outer_header(skb);
	if (t->family == AF_INET)
		return !NAPI_GRO_CB(skb)->is_ipv6 &&
		       !memcmp(&((const struct iphdr *)nh)->saddr, &cfg->peer,
			       sizeof(__be32));
#if IS_ENABLED(CONFIG_IPV6)
	return NAPI_GRO_CB(skb)->is_ipv6 &&
	       ipv6_addr_equal(&((const struct ipv6hdr *)nh)->saddr,
			       &cfg->peer);
#else
	return false;
#endif
}

/*
 * The headers of a data message that may be merged, read from @buf (the
 * first min(@len, L2TPGW_GRO_PULL) bytes of @len): no T, O or S bit, a
 * Length (if any) that covers exactly the datagram, IPv4 or IPv6 inside.
 */
static bool l2tpgw_gro_parse(const u8 *buf, unsigned int len,
			     struct l2tpgw_gro_msg *msg)
{
	struct l2tpgw_hdr *hdr = &msg->hdr;
	int ppp_len;
	u16 proto;

	if (l2tpgw_hdr_parse(buf, len, hdr) != L2TPGW_HDR_OK ||
	    (hdr->flags & (L2TPGW_HDR_O | L2TPGW_HDR_S)) ||
	    hdr->msg_len != len)
		return false;
	ppp_len = l2tpgw_ppp_parse(buf + hdr->hdr_len,
				   min_t(unsigned int, len - hdr->hdr_len,
					 L2TPGW_PPP_MAX_HDR), &proto);
	if (ppp_len < 0)
		return false;
	msg->ppp_len = ppp_len;
	if (proto == L2TPGW_PPP_IP)
		msg->protocol = htons(ETH_P_IP);
	else if (proto == L2TPGW_PPP_IPV6)
		msg->protocol = htons(ETH_P_IPV6);
	else
		return false;
	return true;
}

/*
 * The message belongs to a session of this socket whose receive path
 * would deliver it as data: everything rx.c checks before it strips the
 * headers, in the same order, so that what is merged is exactly what
 * would have been delivered one by one.
 */
static bool l2tpgw_gro_session_ok(struct sock *sk, struct sk_buff *skb,
				  unsigned int off,
				  const struct l2tpgw_gro_msg *msg)
{
	struct l2tpgw_tunnel_cfg cfg;
	struct l2tpgw_session *s;
	struct l2tpgw_tunnel *t;
	struct l2tpgw_sock *ls;
	u32 proto_bit;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "l2tpgw GRO outside RCU");
	ls = rcu_dereference_sk_user_data(sk);
	if (!ls)
		return false;
	t = l2tpgw_tunnel_find(ls->ln, msg->hdr.tunnel_id);
	if (!t || t->sock != ls)
		return false;
	l2tpgw_tunnel_get_cfg(t, &cfg);
	if ((READ_ONCE(ls->flags) & L2TPGW_SOCK_F_IPSEC) && cfg.ipsec_reqid &&
	    l2tpgw_rx_ipsec_verdict(skb, cfg.ipsec_reqid))
		return false;
	if (!l2tpgw_gro_from_peer(skb, off, t, &cfg))
		return false;
	s = l2tpgw_session_find(t, msg->hdr.session_id);
	if (!s || (READ_ONCE(s->flags) & L2TPGW_SESSION_F_RECV_SEQ))
		return false;
	proto_bit = msg->protocol == htons(ETH_P_IP) ? L2TPGW_PROTO_IPV4 :
						       L2TPGW_PROTO_IPV6;
	return READ_ONCE(s->protocols) & proto_bit;
}

/*
 * Held packets of other sessions or header forms are another flow.  A
 * Length field must still fit the merged message: past 64 KiB the held
 * packet is completed and this one goes on alone.
 */
static void l2tpgw_gro_match(struct list_head *head, struct sk_buff *skb,
			     unsigned int off, const u8 *buf,
			     const struct l2tpgw_gro_msg *msg)
{
	/* The ids end the header: neither S nor O is set. */
	unsigned int ids = msg->hdr.hdr_len - 4;
	unsigned int end = msg->hdr.hdr_len + msg->ppp_len;
	bool length = msg->hdr.flags & L2TPGW_HDR_L;
	struct sk_buff *p;
	const u8 *buf2;

	list_for_each_entry(p, head, list) {
		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		buf2 = p->data + off;
		/* Flags, ids and PPP header; not the Length field. */
		if (get_unaligned_be16(buf2) != msg->hdr.flags ||
		    memcmp(buf2 + ids, buf + ids, end - ids)) {
			NAPI_GRO_CB(p)->same_flow = 0;
			continue;
		}
		if (length && p->len - off + msg->hdr.msg_len > U16_MAX)
			NAPI_GRO_CB(skb)->flush = 1;
	}
}

static struct sk_buff *l2tpgw_gro_receive(struct sock *sk,
					  struct list_head *head,
					  struct sk_buff *skb)
{
	unsigned int off = skb_gro_offset(skb), len = skb_gro_len(skb);
	int outer_nh = skb_network_offset(skb);
	const struct packet_offload *ptype;
	struct l2tpgw_gro_msg msg;
	struct sk_buff *pp = NULL;
	int flush = 1;
	const u8 *buf;

	if (len < L2TPGW_GRO_MIN)
		goto out;
	buf = skb_gro_header(skb, off + min_t(unsigned int, len,
					      L2TPGW_GRO_PULL), off);
	if (!buf || !l2tpgw_gro_parse(buf, len, &msg) ||
	    !l2tpgw_gro_session_ok(sk, skb, off, &msg))
		goto out;
	ptype = gro_find_receive_by_type(msg.protocol);
	if (!ptype)
		goto out;

	l2tpgw_gro_match(head, skb, off, buf, &msg);
	skb_gro_pull(skb, msg.hdr.hdr_len + msg.ppp_len);
	skb_gro_postpull_rcsum(skb, buf, msg.hdr.hdr_len + msg.ppp_len);
	pp = call_gro_receive(ptype->callbacks.gro_receive, head, skb);
	/* The inner IP's gro_receive moved the network header inward, but
	 * udp_gro_complete() finds this socket (and sums the outer checksum)
	 * by ip_hdr(): a socket bound to an address would not be found with
	 * the inner one.  The inner header is set again in gro_complete.
	 */
	skb_set_network_header(skb, outer_nh);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

/*
 * @nhoff is the L2TP header of a merged packet, whose headers (those of
 * its first message) gro_receive checked.  The Length field, if any,
 * becomes the merged message's; the inner protocol completes the rest.
 */
static int l2tpgw_gro_complete(struct sock *sk, struct sk_buff *skb,
			       int nhoff)
{
	const struct packet_offload *ptype;
	struct l2tpgw_gro_msg msg;
	u8 *buf = skb->data + nhoff;
	unsigned int len = skb->len - nhoff;
	int inner;
	u16 flags;

	flags = get_unaligned_be16(buf);
	if ((flags & (L2TPGW_HDR_T | L2TPGW_HDR_L | L2TPGW_HDR_VER_MASK)) ==
	    (L2TPGW_HDR_L | L2TPGW_HDR_VER2) && len <= U16_MAX)
		put_unaligned_be16(len, buf + 2);
	if (!l2tpgw_gro_parse(buf, len, &msg))
		return -EINVAL;
	ptype = gro_find_complete_by_type(msg.protocol);
	if (!ptype)
		return -EPROTONOSUPPORT;
	inner = nhoff + msg.hdr.hdr_len + msg.ppp_len;
	skb_set_inner_mac_header(skb, inner);
	/* The inner TCP or UDP completes with ip_hdr()/ipv6_hdr(). */
	skb_set_network_header(skb, inner);
	return ptype->callbacks.gro_complete(skb, inner);
}

void l2tpgw_gro_setup(struct udp_tunnel_sock_cfg *cfg)
{
	cfg->gro_receive = l2tpgw_gro_receive;
	cfg->gro_complete = l2tpgw_gro_complete;
}
