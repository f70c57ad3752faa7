// SPDX-License-Identifier: GPL-2.0-or-later
/* IPv6CP Interface-Identifier negotiation (RFC 5072 section 4.1). */
#include <string.h>

#include "ppp/auth.h"
#include "ppp/ipv6cp.h"

#define container_of_v6(f) ((struct ipv6cp *)((char *)(f) - offsetof(struct ipv6cp, fsm)))

static const uint8_t zero_id[8];

static void random_ifid(uint8_t id[8], const uint8_t avoid1[8],
			const uint8_t avoid2[8])
{
	do {
		auth_random(id, 8);
		/* RFC 4291: the u bit is 0 for identifiers not from an EUI. */
		id[0] &= (uint8_t)~0x02;
	} while (!memcmp(id, zero_id, 8) || !memcmp(id, avoid1, 8) ||
		 !memcmp(id, avoid2, 8));
}

static void v6_reset(struct fsm *f)
{
	struct ipv6cp *c = container_of_v6(f);

	c->want_ifid = true;
	if (!memcmp(c->local, zero_id, 8))
		random_ifid(c->local, zero_id, zero_id);
}

static void v6_build_request(struct fsm *f, struct ppp_buf *b)
{
	struct ipv6cp *c = container_of_v6(f);

	if (c->want_ifid)
		ppp_buf_opt(b, IPV6CP_OPT_IFID, c->local, 8);
}

static int v6_check_request(struct fsm *f, const uint8_t *opts, size_t len,
			    struct ppp_buf *reply, bool reject_only)
{
	struct ipv6cp *c = container_of_v6(f);
	uint8_t nakb[PPP_MAX_PACKET], rejb[PPP_MAX_PACKET], peer[8] = { 0 };
	struct ppp_buf nak = { .p = nakb, .cap = sizeof(nakb) };
	struct ppp_buf rej = { .p = rejb, .cap = sizeof(rejb) };
	bool have_peer = false;
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		const uint8_t *opt = val - 2;
		uint8_t suggest[8];

		if (type != IPV6CP_OPT_IFID || olen != 10) {
			ppp_buf_put(&rej, opt, olen);
			continue;
		}
		if (memcmp(val, zero_id, 8) && memcmp(val, c->local, 8)) {
			memcpy(peer, val, 8);
			have_peer = true;
			continue;
		}
		if (reject_only) {
			ppp_buf_put(&rej, opt, olen);
			continue;
		}
		random_ifid(suggest, c->local, val);
		ppp_buf_opt(&nak, IPV6CP_OPT_IFID, suggest, 8);
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
	if (have_peer)
		memcpy(c->peer, peer, 8);
	return PPP_CONFACK;
}

static int v6_recv_nak(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipv6cp *c = container_of_v6(f);
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		if (type != IPV6CP_OPT_IFID || olen != 10)
			continue;
		/* Take the suggestion unless it collides; else pick anew. */
		if (memcmp(val, zero_id, 8) && memcmp(val, c->peer, 8))
			memcpy(c->local, val, 8);
		else
			random_ifid(c->local, c->peer, val);
	}
	return r < 0 ? -1 : 0;
}

static int v6_recv_reject(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct ipv6cp *c = container_of_v6(f);
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0)
		if (type == IPV6CP_OPT_IFID)
			c->want_ifid = false;
	return r < 0 ? -1 : 0;
}

static const struct fsm_callbacks ipv6cp_callbacks = {
	.name = "IPv6CP",
	.proto = PPP_IPV6CP,
	.reset = v6_reset,
	.build_request = v6_build_request,
	.check_request = v6_check_request,
	.recv_nak = v6_recv_nak,
	.recv_reject = v6_recv_reject,
};

void ipv6cp_init(struct ipv6cp *c, struct loop *loop,
		 const struct fsm_config *fcfg, fsm_xmit_fn xmit,
		 void *xmit_ctx, const struct ppp_layer_hooks *hooks,
		 void *hooks_ctx, const char *log_name)
{
	memset(c, 0, sizeof(*c));
	fsm_init(&c->fsm, &ipv6cp_callbacks, c, loop, fcfg, xmit, xmit_ctx,
		 log_name);
	fsm_set_layer_hooks(&c->fsm, hooks, hooks_ctx);
	v6_reset(&c->fsm);
}

void ipv6cp_destroy(struct ipv6cp *c)
{
	fsm_destroy(&c->fsm);
}
