/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_RX_H
#define _L2TPGW_RX_H

#include <linux/l2tpgw.h>
#include <linux/types.h>

struct sock;
struct sk_buff;
struct l2tpgw_session;

int l2tpgw_rx_encap(struct sock *sk, struct sk_buff *skb);
void l2tpgw_rx_deliver(struct l2tpgw_session *s, struct sk_buff *skb);
enum l2tpgw_stat l2tpgw_rx_ipsec_verdict(const struct sk_buff *skb,
					 u32 want_reqid);

#endif /* _L2TPGW_RX_H */
