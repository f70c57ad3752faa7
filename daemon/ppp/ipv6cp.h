/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv6CP (RFC 5072): each end gets a 64-bit interface identifier, unique
 * on the link.  Collisions and zero identifiers are resolved by Nak.
 */
#ifndef L2TPGW_PPP_IPV6CP_H
#define L2TPGW_PPP_IPV6CP_H

#include "ppp/fsm.h"
#include "ppp/layer.h"

#define IPV6CP_OPT_IFID 1

struct ipv6cp {
	struct fsm fsm;
	uint8_t local[8];
	uint8_t peer[8];
	bool want_ifid;
};

void ipv6cp_init(struct ipv6cp *c, struct loop *loop,
		 const struct fsm_config *fcfg, fsm_xmit_fn xmit,
		 void *xmit_ctx, const struct ppp_layer_hooks *hooks,
		 void *hooks_ctx, const char *log_name);
void ipv6cp_destroy(struct ipv6cp *c);

#endif /* L2TPGW_PPP_IPV6CP_H */
