/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_TX_H
#define _L2TPGW_TX_H

#include <linux/netdevice.h>

struct l2tpgw_session;

netdev_tx_t l2tpgw_tx_xmit(struct sk_buff *skb, struct net_device *dev);
int l2tpgw_tx_ppp(struct l2tpgw_session *s, const void *frame,
		  unsigned int len);

#endif /* _L2TPGW_TX_H */
