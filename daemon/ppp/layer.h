/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a control protocol (LCP, IPCP, IPv6CP) reports to the PPP session
 * that owns it.  Called from inside fsm transitions: a hook must not free
 * the protocol object.
 */
#ifndef L2TPGW_PPP_LAYER_H
#define L2TPGW_PPP_LAYER_H

#include <stdint.h>

struct fsm;

struct ppp_layer_hooks {
	void (*up)(void *ctx, struct fsm *f);
	void (*down)(void *ctx, struct fsm *f);
	void (*finished)(void *ctx, struct fsm *f);
	/* Fatal protocol condition (loopback, echo timeout ...): close. */
	void (*fatal)(void *ctx, struct fsm *f, int reason, const char *msg);
	/* LCP only: the peer Protocol-Rejected proto. */
	void (*protocol_rejected)(void *ctx, uint16_t proto);
};

#endif /* L2TPGW_PPP_LAYER_H */
