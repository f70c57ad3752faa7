// SPDX-License-Identifier: GPL-2.0
/*
 * MSS clamping of the IP packets crossing a session, both ways: the
 * transmit path calls it on what the device sends, the receive path on
 * what the peer sent, each with the IP header at skb->data.  mss.c finds
 * and rewrites the option; this is its skb side.
 */
#include <linux/skbuff.h>

#include "clamp.h"
#include "mss.h"
#include "session.h"

/*
 * Called only while the session clamps (@tcp_mss not 0), for what
 * l2tpgw_clamp_maybe_syn() could not rule out from the linear head: other
 * packets cost that inline test of the IP protocol and TCP flags only.
 * Bytes are pulled into the linear area only as far as the TCP flags
 * (where the IP and TCP layers would pull them) unless it is a SYN.
 */
void __l2tpgw_clamp_mss(struct l2tpgw_session *s, struct sk_buff *skb,
			u16 tcp_mss, bool ipv6)
{
	struct l2tpgw_mss_cfg cfg = {
		.tcp_mss = tcp_mss,
		.mtu = READ_ONCE(s->dev->mtu),
		.ipv6 = ipv6,
	};
	enum l2tpgw_mss_verdict v;
	struct l2tpgw_mss_pos pos;

	v = l2tpgw_mss_find(skb->data, skb_headlen(skb), &cfg, &pos);
	while (v == L2TPGW_MSS_SHORT && pos.need <= skb->len &&
	       pskb_may_pull(skb, pos.need))
		v = l2tpgw_mss_find(skb->data, skb_headlen(skb), &cfg, &pos);
	if (v == L2TPGW_MSS_MALFORMED)
		net_dbg_ratelimited("%s: malformed IP or TCP header, MSS not clamped\n",
				    s->dev->name);
	if (v != L2TPGW_MSS_CLAMP)
		return;
	/* A local sender's clone shares its head with the retransmit queue. */
	if (skb_ensure_writable(skb, pos.opt + 2))
		return;
	l2tpgw_mss_clamp(skb->data, &pos, skb->ip_summed == CHECKSUM_PARTIAL);
	l2tpgw_stats_inc(s->stats, L2TPGW_STAT_TCP_MSS_CLAMPED);
}
