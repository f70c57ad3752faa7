// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Admission of incoming calls: max_negotiating.
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
 */
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
		return 0;
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
