/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_CLAMP_H
#define _L2TPGW_CLAMP_H

#include <net/ipv6.h>
#include <net/tcp.h>

#include "session.h"

void __l2tpgw_clamp_mss(struct l2tpgw_session *s, struct sk_buff *skb,
			u16 tcp_mss, bool ipv6);

/*
 * False if the linear head shows a packet that is not a TCP SYN: neither
 * TCP nor an IPv6 extension header, or TCP without SYN.  True sends it to
 * __l2tpgw_clamp_mss(), which checks everything (fragments, lengths).
 */
static inline bool l2tpgw_clamp_maybe_syn(const struct sk_buff *skb,
					  bool ipv6)
{
	unsigned int len = skb_headlen(skb), off;
	const u8 *p = skb->data;

	if (!ipv6) {
		if (len < 20 || p[9] != IPPROTO_TCP)
			return len < 20;
		off = (p[0] & 0x0f) * 4;
	} else {
		if (len < 40)
			return true;
		switch (p[6]) {
		case IPPROTO_TCP:
			break;
		case NEXTHDR_HOP:
		case NEXTHDR_ROUTING:
		case NEXTHDR_FRAGMENT:
		case NEXTHDR_DEST:
		case NEXTHDR_AUTH:
			return true;
		default:
			return false;
		}
		off = 40;
	}
	/* TCP flags: byte 13 of the TCP header. */
	return len < off + 14 || (p[off + 13] & TCPHDR_SYN);
}

/* @skb is an IPv4 (or, if @ipv6, an IPv6) packet at skb->data. */
static inline void l2tpgw_clamp_mss(struct l2tpgw_session *s,
				    struct sk_buff *skb, bool ipv6)
{
	u16 tcp_mss = READ_ONCE(s->tcp_mss);

	if (tcp_mss && l2tpgw_clamp_maybe_syn(skb, ipv6))
		__l2tpgw_clamp_mss(s, skb, tcp_mss, ipv6);
}

#endif /* _L2TPGW_CLAMP_H */
