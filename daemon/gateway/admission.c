// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Admission of incoming calls: max_negotiating and the shares of it one
 * tunnel and one peer address may hold.
 */
#include "gateway/internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "log.h"

/* What a call was refused for: which limit, counted where. */
struct refusal {
	const char *key;	/* the config key of the limit */
	const char *on;		/* " on the tunnel", " from the peer", "" */
	uint64_t *count;
};

static uint16_t refuse(struct gateway *gw, const struct gw_tunnel *gt,
		       const struct l2tp_tunnel *t, const struct refusal *r,
		       unsigned negotiating, unsigned limit,
		       const char **message)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	char peer[80];

	(*r->count)++;
	log_rl(&rl, LOG_NOTICE, "tunnel %u (peer %s): call refused: %u "
	       "calls negotiating%s, %s = %u (%" PRIu64 " refused so far)",
	       gt->id, gw_addr_str(l2tp_tunnel_peer(t), peer, sizeof(peer)),
	       negotiating, r->on, r->key, limit, *r->count);
	snprintf(gw->refuse_msg, sizeof(gw->refuse_msg),
		 "%u calls negotiating%s (%s %u); try later", negotiating,
		 r->on, r->key, limit);
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
	const struct config_global *g;
	unsigned limit, negotiating;

	if (!gt || gt->lac[0])
		return 0;	/* an OCRQ to our LAC: not an incoming call */
	if (gt->lns < 0) {
		*message = "no [lns] section accepts this peer";
		return L2TP_CDN_GENERAL_ERROR;
	}
	g = &gw->set->cfg->global;
	limit = g->max_negotiating;
	negotiating = gateway_negotiating_count(gw);
	if (limit && negotiating >= limit)
		return refuse(gw, gt, t, &(struct refusal){
			"max_negotiating", "",
			&gw->calls_refused_negotiating },
			negotiating, limit, message);
	limit = config_negotiating_per_tunnel(g);
	negotiating = l2tp_tunnel_calls_in_setup(t) + gt->n_negotiating;
	if (limit && negotiating >= limit)
		return refuse(gw, gt, t, &(struct refusal){
			"max_negotiating_per_tunnel", " on the tunnel",
			&gw->calls_refused_tunnel_share },
			negotiating, limit, message);
	limit = config_negotiating_per_peer(g);
	if (!limit)
		return 0;
	negotiating = peer_negotiating(gw, t);
	if (negotiating >= limit)
		return refuse(gw, gt, t, &(struct refusal){
			"max_negotiating_per_peer", " from the peer",
			&gw->calls_refused_peer_share },
			negotiating, limit, message);
	return 0;
}

unsigned gateway_negotiating_count(const struct gateway *gw)
{
	return l2tp_ctx_calls_in_setup(gw->ctx) + gw->n_negotiating;
}
