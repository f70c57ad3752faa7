// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPCP options.  Anything we do not implement (VJ compression, the
 * deprecated IP-Addresses option, NBNS) is rejected, so the peer settles
 * on plain IP.
 */
#include <string.h>

#include "ppp/ipcp.h"

#define container_of_ipcp(f) ((struct ipcp *)((char *)(f) - offsetof(struct ipcp, fsm)))

static int dns_slot(uint8_t type)
{
	return type == IPCP_OPT_DNS1 ? 0 : type == IPCP_OPT_DNS2 ? 1 : -1;
}

static void ipcp_reset(struct fsm *f)
{
	struct ipcp *c = container_of_ipcp(f);

	/* A server without an address of its own lets the peer pick none. */
	c->want_addr = !(c->server && c->local == 0);
	c->want_dns[0] = c->want_dns[1] = c->ask_dns;
}

static void put_addr_opt(struct ppp_buf *b, uint8_t type, uint32_t addr)
{
	uint8_t v[4];

	put_be32(v, addr);
	ppp_buf_opt(b, type, v, 4);
}

static void ipcp_build_request(struct fsm *f, struct ppp_buf *b)
{
	struct ipcp *c = container_of_ipcp(f);

	if (c->want_addr)
		put_addr_opt(b, IPCP_OPT_ADDR, c->local);
	if (c->server)
		return;
	if (c->want_dns[0])
		put_addr_opt(b, IPCP_OPT_DNS1, c->dns[0]);
	if (c->want_dns[1])
		put_addr_opt(b, IPCP_OPT_DNS2, c->dns[1]);
}

/* Server: the peer must take what we assigned. */
static void server_opt(struct ipcp *c, uint8_t type, const uint8_t *opt,
		       struct ppp_buf *nak, struct ppp_buf *rej,
		       bool reject_only)
{
	uint32_t want, got = get_be32(opt + 2);
	int slot = dns_slot(type);

	if (type == IPCP_OPT_ADDR)
		want = c->peer;
	else if (slot >= 0)
		want = c->dns[slot];
	else
		want = 0;
	if (want == 0) {
		ppp_buf_put(rej, opt, 6);
		return;
	}
	if (got == want)
		return;
	if (reject_only)
		ppp_buf_put(rej, opt, 6);
	else
		put_addr_opt(nak, type, want);
}

/* Client: the server names its own address; it offers nothing else. */
static void client_opt(struct ipcp *c, uint8_t type, const uint8_t *opt,
		       struct ppp_buf *rej, uint32_t *peer)
{
	if (type == IPCP_OPT_ADDR && get_be32(opt + 2) != 0) {
		*peer = get_be32(opt + 2);
		return;
	}
	ppp_buf_put(rej, opt, 6);
}

static int ipcp_check_request(struct fsm *f, const uint8_t *opts, size_t len,
			      struct ppp_buf *reply, bool reject_only)
{
	struct ipcp *c = container_of_ipcp(f);
	uint8_t nakb[PPP_MAX_PACKET], rejb[PPP_MAX_PACKET];
	struct ppp_buf nak = { .p = nakb, .cap = sizeof(nakb) };
	struct ppp_buf rej = { .p = rejb, .cap = sizeof(rejb) };
	uint32_t peer = c->server ? c->peer : 0;
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		const uint8_t *opt = val - 2;
		bool addr_like = type == IPCP_OPT_ADDR || dns_slot(type) >= 0;

		if (!addr_like || olen != 6)
			ppp_buf_put(&rej, opt, olen);
		else if (c->server)
			server_opt(c, type, opt, &nak, &rej, reject_only);
		else
			client_opt(c, type, opt, &rej, &peer);
	}
	if (r < 0)
		return FSM_MALFORMED;
	if (rej.len) {
		ppp_buf_put(reply, rej.p, rej.len);
		return PPP_CONFREJ;
	}
	if (nak.len) {
		ppp_buf_put(reply, nak.p, nak.len);
		return PPP_CONFNAK;
	}
	/* A server that requests no address still gets a usable link. */
	c->peer = peer;
	return PPP_CONFACK;
}

static int ipcp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipcp *c = container_of_ipcp(f);
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		int slot = dns_slot(type);

		if ((type != IPCP_OPT_ADDR && slot < 0) || olen != 6)
			continue;
		/* The server keeps its own address whatever the peer says. */
		if (c->server)
			continue;
		if (type == IPCP_OPT_ADDR)
			c->local = get_be32(val);
		else
			c->dns[slot] = get_be32(val);
	}
	return r < 0 ? -1 : 0;
}

static int ipcp_recv_reject(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipcp *c = container_of_ipcp(f);
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		int slot = dns_slot(type);

		if (type == IPCP_OPT_ADDR)
			c->want_addr = false;
		else if (slot >= 0)
			c->want_dns[slot] = false;
	}
	return r < 0 ? -1 : 0;
}

static const struct fsm_callbacks ipcp_callbacks = {
	.name = "IPCP",
	.proto = PPP_IPCP,
	.reset = ipcp_reset,
	.build_request = ipcp_build_request,
	.check_request = ipcp_check_request,
	.recv_nak = ipcp_recv_nak,
	.recv_reject = ipcp_recv_reject,
};

void ipcp_init(struct ipcp *c, struct loop *loop, bool server,
	       const struct fsm_config *fcfg, fsm_xmit_fn xmit, void *xmit_ctx,
	       const struct ppp_layer_hooks *hooks, void *hooks_ctx,
	       const char *log_name)
{
	memset(c, 0, sizeof(*c));
	fsm_init(&c->fsm, &ipcp_callbacks, c, loop, fcfg, xmit, xmit_ctx,
		 log_name);
	c->server = server;
	fsm_set_layer_hooks(&c->fsm, hooks, hooks_ctx);
	c->want_addr = true;
}

void ipcp_set_addresses(struct ipcp *c, uint32_t local, uint32_t peer,
			const uint32_t dns[2], bool want_dns)
{
	c->local = local;
	c->peer = peer;
	c->dns[0] = dns ? dns[0] : 0;
	c->dns[1] = dns ? dns[1] : 0;
	c->ask_dns = !c->server && want_dns;
	c->want_dns[0] = c->want_dns[1] = c->ask_dns;
}

void ipcp_destroy(struct ipcp *c)
{
	fsm_destroy(&c->fsm);
}
