/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_RX_H
#define _L2TPGW_RX_H

struct sock;
struct sk_buff;
struct l2tpgw_session;

int l2tpgw_rx_encap(struct sock *sk, struct sk_buff *skb);
void l2tpgw_rx_deliver(struct l2tpgw_session *s, struct sk_buff *skb);

#endif /* _L2TPGW_RX_H */
