// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Admission of incoming calls: max_negotiating and each tunnel's share.
 */
#include "gateway/internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "log.h"

/*
 * max_negotiating: an ICRQ beyond the limit is answered with CDN result 4
 * at once, before it costs a session, a device or a PPP negotiation, so
 * that a mass reconnect queues at the clients instead of collapsing the
 * gateway under retransmissions.
 *
 * max_negotiating_per_tunnel: one tunnel's calls beyond its share are
 * refused the same way, so that one peer cannot hold every slot (each
 * for up to the PPP negotiation's timeout) while other tunnels' calls
 * are refused.
 */
static uint16_t tunnel_share_admit(struct gateway *gw,
				   const struct gw_tunnel *gt,
				   const struct l2tp_tunnel *t,
				   const char **message)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	unsigned share, negotiating;
	char peer[64];

	share = config_negotiating_per_tunnel(&gw->set->cfg->global);
	negotiating = l2tp_tunnel_calls_in_setup(t) + gt->n_negotiating;
	if (!share || negotiating < share)
		return 0;
	gw->calls_refused_tunnel_share++;
	log_rl(&rl, LOG_NOTICE, "tunnel %u (peer %s): call refused: %u "
	       "calls negotiating on the tunnel, max_negotiating_per_tunnel "
	       "= %u (%" PRIu64 " refused so far)", gt->id,
	       gw_addr_str(l2tp_tunnel_peer(t), peer, sizeof(peer)),
	       negotiating, share, gw->calls_refused_tunnel_share);
	snprintf(gw->refuse_msg, sizeof(gw->refuse_msg),
		 "%u calls negotiating on this tunnel "
		 "(max_negotiating_per_tunnel %u); try later",
		 negotiating, share);
	*message = gw->refuse_msg;
	return L2TP_CDN_TEMP_NO_FACILITIES;
}

uint16_t gw_hook_session_admit(void *arg, struct l2tp_tunnel *t,
			    const char **message)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	unsigned limit = gw->set->cfg->global.max_negotiating, negotiating;

	if (!gt || gt->lac[0])
		return 0;	/* an OCRQ to our LAC: not an incoming call */
	if (gt->lns < 0) {
		*message = "no [lns] section accepts this peer";
		return L2TP_CDN_GENERAL_ERROR;
	}
	negotiating = gateway_negotiating_count(gw);
	if (!limit || negotiating < limit)
		return tunnel_share_admit(gw, gt, t, message);
	gw->calls_refused_negotiating++;
	log_rl(&rl, LOG_NOTICE, "tunnel %u: call refused: %u calls "
	       "negotiating, max_negotiating = %u (%" PRIu64 " refused so "
	       "far)", gt->id, negotiating, limit,
	       gw->calls_refused_negotiating);
	snprintf(gw->refuse_msg, sizeof(gw->refuse_msg),
		 "%u calls negotiating (max_negotiating %u); try later",
		 negotiating, limit);
	*message = gw->refuse_msg;
	return L2TP_CDN_TEMP_NO_FACILITIES;
}

unsigned gateway_negotiating_count(const struct gateway *gw)
{
	return l2tp_ctx_calls_in_setup(gw->ctx) + gw->n_negotiating;
}
