/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_LIFETIME_H
#define _L2TPGW_LIFETIME_H

#include <linux/rcupdate.h>

/*
 * Every RCU callback of the module is queued with l2tpgw_call_rcu() and
 * calls l2tpgw_rcu_done() as its last statement, so that the module's
 * exit can wait for all of them (main.c).
 */
void l2tpgw_call_rcu(struct rcu_head *head, rcu_callback_t func);
void l2tpgw_rcu_done(void);

#endif /* _L2TPGW_LIFETIME_H */
