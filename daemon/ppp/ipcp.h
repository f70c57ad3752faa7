/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPCP (RFC 1332) with the DNS extension of RFC 1877.  The server assigns
 * the peer's address (chosen by the session before IPCP opens) and DNS by
 * Configure-Nak; the client takes whatever the server Naks.
 */
#ifndef L2TPGW_PPP_IPCP_H
#define L2TPGW_PPP_IPCP_H

#include "ppp/fsm.h"
#include "ppp/layer.h"

#define IPCP_OPT_ADDRS		1	/* deprecated, always rejected */
#define IPCP_OPT_COMPRESS	2
#define IPCP_OPT_ADDR		3
#define IPCP_OPT_DNS1		129
#define IPCP_OPT_NBNS1		130
#define IPCP_OPT_DNS2		131
#define IPCP_OPT_NBNS2		132

/* All addresses in host byte order; 0 means none. */
struct ipcp {
	struct fsm fsm;
	bool server;

	uint32_t local;		/* our address */
	uint32_t peer;		/* server: assigned; client: learned */
	uint32_t dns[2];	/* server: offered; client: learned */
	bool want_addr;
	bool want_dns[2];	/* client, this negotiation */
	bool ask_dns;		/* client, configured */
};

/*
 * server: local is our address, peer the address to assign, dns the
 * servers to offer (0: reject the option).  client: local is the address
 * we ask for (0: "give me one"), want_dns asks for DNS servers.
 */
void ipcp_init(struct ipcp *c, struct loop *loop, bool server,
	       const struct fsm_config *fcfg, fsm_xmit_fn xmit, void *xmit_ctx,
	       const struct ppp_layer_hooks *hooks, void *hooks_ctx,
	       const char *log_name);
void ipcp_set_addresses(struct ipcp *c, uint32_t local, uint32_t peer,
			const uint32_t dns[2], bool want_dns);
void ipcp_destroy(struct ipcp *c);

#endif /* L2TPGW_PPP_IPCP_H */
