/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_NETLINK_H
#define _L2TPGW_NETLINK_H

#include <linux/l2tpgw.h>

struct l2tpgw_sock;
struct l2tpgw_tunnel;
struct l2tpgw_session;

int l2tpgw_genl_register(void);
void l2tpgw_genl_unregister(void);

void l2tpgw_notify_sock(struct l2tpgw_sock *ls, enum l2tpgw_cause cause);
void l2tpgw_notify_tunnel(struct l2tpgw_tunnel *t, enum l2tpgw_cause cause);
void l2tpgw_notify_session(struct l2tpgw_session *s, enum l2tpgw_cause cause);

#endif /* _L2TPGW_NETLINK_H */
