/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_CLAMP_H
#define _L2TPGW_CLAMP_H

#include "session.h"

void __l2tpgw_clamp_mss(struct l2tpgw_session *s, struct sk_buff *skb,
			u16 tcp_mss, bool ipv6);

/* @skb is an IPv4 (or, if @ipv6, an IPv6) packet at skb->data. */
static inline void l2tpgw_clamp_mss(struct l2tpgw_session *s,
				    struct sk_buff *skb, bool ipv6)
{
	u16 tcp_mss = READ_ONCE(s->tcp_mss);

	if (tcp_mss)
		__l2tpgw_clamp_mss(s, skb, tcp_mss, ipv6);
}

#endif /* _L2TPGW_CLAMP_H */
