// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CHILD_SAs charon reports: a [lac] waiting for its SA dials, tunnels
 * of an SA that moved follow it, tunnels of an SA that is gone are
 * dropped.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ipsec/ipsec.h"
#include "log.h"
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

/* "addr:port SA reqid" of a peer, for the re-bind's log line. */
static const char *peer_str(const struct l2tp_addr *a, char *buf,
			    size_t len)
{
	char host[INET6_ADDRSTRLEN];
	uint16_t port = a->sa.sa_family == AF_INET6 ? a->sin6.sin6_port :
						      a->sin.sin_port;

	snprintf(buf, len, "%s:%u SA %u", gw_addr_str(a, host, sizeof(host)),
		 ntohs(port), a->sa_reqid);
	return buf;
}

/* The peer t has once it follows sa: 0, or -EAFNOSUPPORT. */
static int moved_peer(const struct l2tp_tunnel *t, const struct ipsec_sa *sa,
		      struct l2tp_addr *peer)
{
	*peer = *l2tp_tunnel_peer(t);
	peer->sa_reqid = sa->reqid;
	peer->mark = sa->mark_out;
	/* A tunnel keeps its family: its socket and kernel tunnel have it. */
	if (peer->sa.sa_family == AF_INET6)
		return inet_pton(AF_INET6, sa->remote_host,
				 &peer->sin6.sin6_addr) == 1 ? 0 : -EAFNOSUPPORT;
	return inet_pton(AF_INET, sa->remote_host,
			 &peer->sin.sin_addr) == 1 ? 0 : -EAFNOSUPPORT;
}

/*
 * The kernel first (if it has the tunnel yet: one still being set up is
 * added with the new peer): until it has the new binding, the daemon
 * keeps the old one, and a refusal leaves nothing half moved.  1 if gt was
 * re-bound, 0 if it had that binding already, -1 if it was dropped (it is
 * freed then).
 */
static int rebind(struct gateway *gw, struct gw_tunnel *gt,
		   const struct ipsec_sa *sa)
{
	const struct l2tp_addr *old = l2tp_tunnel_peer(gt->t);
	char from[96], to[96], msg[256];
	uint64_t wrong_sa = gt->rx_wrong_sa;
	struct l2tp_addr peer;
	int rc = moved_peer(gt->t, sa, &peer);

	if (rc == 0 && l2tp_addr_same_host(&peer, old) &&
	    peer.sa_reqid == old->sa_reqid && peer.mark == old->mark)
		return 0;
	if (rc == 0 && l2tp_tunnel_in_kernel(gt->t))
		rc = gw->dp.tunnel_rebind ?
		     gw->dp.tunnel_rebind(gw->dp.arg, gt->id, &peer,
					  &wrong_sa) : -EOPNOTSUPP;
	if (wrong_sa > gt->rx_wrong_sa)
		gw->ipsec_rebind_wrong_sa += wrong_sa - gt->rx_wrong_sa;
	gt->rx_wrong_sa = wrong_sa;
	peer_str(old, from, sizeof(from));
	if (rc < 0) {
		snprintf(msg, sizeof(msg), "cannot follow CHILD_SA #%u from %s "
			 "to %s: %s", sa->child_id, from, sa->remote_host,
			 strerror(-rc));
		log_err("tunnel %u: %s", gt->id, msg);
		snprintf(gt->close_reason, sizeof(gt->close_reason),
			 "IPsec SA %u moved, tunnel could not", old->sa_reqid);
		gw->ipsec_sa_lost++;
		l2tp_tunnel_abort(gt->t, msg);
		return -1;
	}
	log_notice("tunnel %u: follows CHILD_SA #%u: %s -> %s", gt->id,
		   sa->child_id, from, peer_str(&peer, to, sizeof(to)));
	l2tp_tunnel_set_peer(gt->t, &peer);
	gw_tunnel_rebucket(gt, peer.sa_reqid);
	gw->ipsec_rebinds++;
	return 1;
}

unsigned gateway_ipsec_sa_moved(struct gateway *gw, const struct ipsec_sa *old,
				const struct ipsec_sa *sa)
{
	struct gw_tunnel *gt, *next;
	unsigned n = 0;

	/*
	 * A re-bound tunnel goes to the head of its new chain, the old one's
	 * if the buckets coincide: ahead of next, so it is not met again.
	 */
	for (gt = *gw_sa_bucket(gw, old->reqid); gt; gt = next) {
		next = gt->sa_next;
		if (l2tp_tunnel_peer(gt->t)->sa_reqid != old->reqid)
			continue;
		if (rebind(gw, gt, sa) > 0)
			n++;
	}
	return n;
}
