// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CHILD_SAs charon reports: a [lac] waiting for its SA dials, tunnels
 * of an SA that is gone are dropped.
 */
#include "gateway/internal.h"

#include <stdio.h>
#include <string.h>

#include "ipsec/ipsec.h"
#include "loop.h"

void gateway_set_ipsec(struct gateway *gw, const struct gateway_ipsec *ipsec)
{
	gw->ipsec = *ipsec;
	if (!ipsec->find || !ipsec->lac_sa || !ipsec->initiate)
		memset(&gw->ipsec, 0, sizeof(gw->ipsec));
}

void gateway_ipsec_sa_up(struct gateway *gw, const struct ipsec_sa *sa)
{
	unsigned i;

	if (strncmp(sa->conn, IPSEC_LAC_CONN_PREFIX,
		    sizeof(IPSEC_LAC_CONN_PREFIX) - 1))
		return;
	for (i = 0; i < gw->n_lacs; i++) {
		struct gw_lac *lac = &gw->lacs[i];

		if (!lac->cfg.ipsec || lac->removed || lac->tunnel_id ||
		    strcmp(sa->conn + sizeof(IPSEC_LAC_CONN_PREFIX) - 1,
			   lac->cfg.name))
			continue;
		if (!lac->cfg.autostart && !timer_pending(&lac->redial))
			continue;
		timer_cancel(gw->loop, &lac->redial);
		gw_lac_dial(lac);
	}
}

unsigned gateway_ipsec_sa_down(struct gateway *gw, uint32_t reqid,
			       const char *why)
{
	struct gw_tunnel *gt, *next;
	char msg[96];
	unsigned n = 0;

	snprintf(msg, sizeof(msg), "IPsec SA %u gone: %s", reqid, why);
	/* Its tunnels only: a mass disconnect stays linear, not quadratic. */
	for (gt = *gw_sa_bucket(gw, reqid); gt; gt = next) {
		next = gt->sa_next;
		if (l2tp_tunnel_peer(gt->t)->sa_reqid != reqid)
			continue;
		snprintf(gt->close_reason, sizeof(gt->close_reason),
			 "IPsec SA %u gone", reqid);
		gw->ipsec_sa_lost++;
		n++;
		/* frees gt (tunnel_freed hook); next stays valid */
		l2tp_tunnel_abort(gt->t, msg);
	}
	return n;
}
