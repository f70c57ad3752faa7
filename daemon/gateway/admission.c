// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Admission of incoming calls: max_negotiating and the shares of it one
 * tunnel and one peer address may hold.
 */
#include "gateway/internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "log.h"

/* A limit on calls negotiating: its config key, where, counted where. */
struct share {
	unsigned limit, negotiating;
	const char *key;
	const char *on;		/* " on the tunnel", " from the peer", "" */
	uint64_t *refused;
};

static uint16_t refuse(struct gateway *gw, const struct gw_tunnel *gt,
		       const struct l2tp_tunnel *t, const struct share *sh,
		       const char **message)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	char peer[80];

	(*sh->refused)++;
	log_rl(&rl, LOG_NOTICE, "tunnel %u (peer %s): call refused: %u "
	       "calls negotiating%s, %s = %u (%" PRIu64 " refused so far)",
	       gt->id, gw_addr_str(l2tp_tunnel_peer(t), peer, sizeof(peer)),
	       sh->negotiating, sh->on, sh->key, sh->limit, *sh->refused);
	snprintf(gw->refuse_msg, sizeof(gw->refuse_msg),
		 "%u calls negotiating%s (%s %u); try later", sh->negotiating,
		 sh->on, sh->key, sh->limit);
	*message = gw->refuse_msg;
	return L2TP_CDN_TEMP_NO_FACILITIES;
}

/* The calls negotiating on the tunnels of t's peer address. */
static unsigned peer_negotiating(const struct gateway *gw,
				 const struct l2tp_tunnel *t)
{
	const struct l2tp_addr *a = l2tp_tunnel_peer(t);
	const struct gw_tunnel *gt;
	unsigned n = 0;

	for (gt = gw->tunnels; gt; gt = gt->next)
		if (l2tp_addr_same_host(l2tp_tunnel_peer(gt->t), a))
			n += l2tp_tunnel_calls_in_setup(gt->t) +
			     gt->n_negotiating;
	return n;
}

/* 0, or CDN result 4 for the first limit the call would exceed. */
static uint16_t within_limits(struct gateway *gw, const struct gw_tunnel *gt,
			      const struct l2tp_tunnel *t,
			      const char **message)
{
	const struct config_global *g = &gw->set->cfg->global;
	struct share sh[] = {
		{ g->max_negotiating, gateway_negotiating_count(gw),
		  "max_negotiating", "", &gw->calls_refused_negotiating },
		{ config_negotiating_per_tunnel(g),
		  l2tp_tunnel_calls_in_setup(t) + gt->n_negotiating,
		  "max_negotiating_per_tunnel", " on the tunnel",
		  &gw->calls_refused_tunnel_share },
		{ config_negotiating_per_peer(g), 0,
		  "max_negotiating_per_peer", " from the peer",
		  &gw->calls_refused_peer_share },
	};
	size_t i;

	if (sh[2].limit)
		sh[2].negotiating = peer_negotiating(gw, t);
	for (i = 0; i < sizeof(sh) / sizeof(sh[0]); i++)
		if (sh[i].limit && sh[i].negotiating >= sh[i].limit)
			return refuse(gw, gt, t, &sh[i], message);
	return 0;
}

/*
 * max_negotiating: an ICRQ beyond the limit is answered with CDN result 4
 * at once, before it costs a session, a device or a PPP negotiation, so
 * that a mass reconnect queues at the clients instead of collapsing the
 * gateway under retransmissions.
 *
 * max_negotiating_per_tunnel and max_negotiating_per_peer: a call beyond
 * its tunnel's or its peer address's share is refused the same way, so
 * that one peer cannot hold every slot (each for as long as a PPP
 * negotiation may take) while other clients' calls are refused.
 */
uint16_t gw_hook_session_admit(void *arg, struct l2tp_tunnel *t,
			    const char **message)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);

	if (!gt || gt->lac[0])
		return 0;	/* an OCRQ to our LAC: not an incoming call */
	if (gt->lns < 0) {
		*message = "no [lns] section accepts this peer";
		return L2TP_CDN_GENERAL_ERROR;
	}
	return within_limits(gw, gt, t, message);
}

unsigned gateway_negotiating_count(const struct gateway *gw)
{
	return l2tp_ctx_calls_in_setup(gw->ctx) + gw->n_negotiating;
}
