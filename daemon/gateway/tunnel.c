// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tunnels: the gw_tunnel of each tunnel the gateway tracks, found by id
 * and by the reqid of its IPsec SA, and the control plane's tunnel hooks.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "loop.h"

struct gw_tunnel *gw_tunnel_of(const struct gateway *gw,
			       const struct l2tp_tunnel *t)
{
	struct gw_tunnel *gt = gw->by_id[l2tp_tunnel_id(t)];

	return gt && gt->t == t ? gt : NULL;
}

static void refuse_fire(struct loop *loop, struct timer *tm, void *arg)
{
	struct gw_tunnel *gt = arg;

	l2tp_tunnel_close(gt->t, L2TP_STOPCCN_NOT_AUTHORIZED, 0,
			  "no [lns] section accepts this peer");
}

struct gw_tunnel **gw_sa_bucket(const struct gateway *gw, uint32_t reqid)
{
	return &gw->by_sa[(reqid * 2654435761u) >> 20 & (SA_BUCKETS - 1)];
}

static void sa_unlink(struct gw_tunnel *gt)
{
	if (!gt->sa_pprev)
		return;
	*gt->sa_pprev = gt->sa_next;
	if (gt->sa_next)
		gt->sa_next->sa_pprev = gt->sa_pprev;
	gt->sa_next = NULL;
	gt->sa_pprev = NULL;
}

static void sa_link(struct gw_tunnel *gt, uint32_t reqid)
{
	struct gw_tunnel **b;

	if (!reqid)
		return;
	b = gw_sa_bucket(gt->gw, reqid);
	gt->sa_next = *b;
	if (gt->sa_next)
		gt->sa_next->sa_pprev = &gt->sa_next;
	gt->sa_pprev = b;
	*b = gt;
}

void gw_tunnel_rebucket(struct gw_tunnel *gt, uint32_t reqid)
{
	sa_unlink(gt);
	sa_link(gt, reqid);
}

struct gw_tunnel *gw_tunnel_new(struct gateway *gw,
				struct l2tp_tunnel *t)
{
	struct gw_tunnel *gt = calloc(1, sizeof(*gt));

	if (!gt)
		return NULL;
	gt->gw = gw;
	gt->t = t;
	gt->id = l2tp_tunnel_id(t);
	gt->lns = -1;
	gt->created_at = (int64_t)time(NULL);
	gw->n_lns_tunnels++;
	timer_init(&gt->refuse, refuse_fire, gt);
	gw->by_id[gt->id] = gt;
	/* Its peer changes only with its SA (gateway_ipsec_sa_moved). */
	sa_link(gt, l2tp_tunnel_peer(t)->sa_reqid);
	gt->next = gw->tunnels;
	if (gt->next)
		gt->next->pprev = &gt->next;
	gt->pprev = &gw->tunnels;
	gw->tunnels = gt;
	return gt;
}

static void gw_tunnel_free(struct gw_tunnel *gt)
{
	struct gateway *gw = gt->gw;

	sa_unlink(gt);
	if (gt->lac[0])
		gw->n_lac_tunnels--;
	else
		gw->n_lns_tunnels--;
	timer_cancel(gw->loop, &gt->refuse);
	if (gw->by_id[gt->id] == gt)
		gw->by_id[gt->id] = NULL;
	*gt->pprev = gt->next;
	if (gt->next)
		gt->next->pprev = gt->pprev;
	free(gt);
}

int gw_lns_for_peer(const struct config *c, const struct l2tp_addr *a)
{
	unsigned i;

	for (i = 0; i < c->n_lns; i++)
		if (config_lns_allows(&c->lns[i], &a->sa))
			return (int)i;
	return -1;
}

const char *gw_addr_str(const struct l2tp_addr *a, char *buf, size_t len)
{
	const void *ip = a->sa.sa_family == AF_INET6 ?
			 (const void *)&a->sin6.sin6_addr :
			 (const void *)&a->sin.sin_addr;

	if (!inet_ntop(a->sa.sa_family, ip, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

const char *gw_addr_port_str(const struct l2tp_addr *a, char *buf,
			     size_t len)
{
	char host[INET6_ADDRSTRLEN];
	bool v6 = a->sa.sa_family == AF_INET6;

	snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u",
		 gw_addr_str(a, host, sizeof(host)),
		 ntohs(v6 ? a->sin6.sin6_port : a->sin.sin_port));
	return buf;
}

void gw_fill_l2tp_tunnel(const struct l2tp_tunnel *t,
			 struct control_tunnel_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->tunnel_id = l2tp_tunnel_id(t);
	ti->peer_tunnel_id = l2tp_tunnel_peer_id(t);
	control_addr_from_sockaddr(&l2tp_tunnel_peer(t)->sa, &ti->peer,
				   &ti->peer_port);
	ti->state = l2tp_tunnel_state_name(t);
	ti->peer_host = l2tp_tunnel_peer_name(t);
	if (ti->peer_host && !ti->peer_host[0])
		ti->peer_host = NULL;
	ti->sessions = l2tp_tunnel_session_count(t);
}

void gw_fill_tunnel(const struct gw_tunnel *gt,
		 struct control_tunnel_info *ti)
{
	gw_fill_l2tp_tunnel(gt->t, ti);
	ti->lac = gt->lac[0] ? gt->lac : NULL;
	ti->created_at = gt->created_at;
	ti->has_counters = gt->has_counters;
	ti->counters = gt->counters;
}

static void announce_tunnel(struct gw_tunnel *gt, enum control_event ev,
			    const char *reason)
{
	struct control_tunnel_info ti;

	gt->announced = ev == CONTROL_EVENT_TUNNEL_UP;
	if (!gt->gw->ctl)
		return;
	gw_fill_tunnel(gt, &ti);
	control_server_publish_tunnel(gt->gw->ctl, ev, &ti, reason);
}

/*
 * An SCCRQ from an address no [lns] section's peers allow is dropped
 * before it costs a tunnel or earns a reply.  tunnel_up asks again: a
 * reload may have changed the sections since.
 */
bool gw_hook_tunnel_admit(void *arg, const struct l2tp_addr *peer)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	struct gateway *gw = arg;
	char a[INET6_ADDRSTRLEN];

	if (gw_lns_for_peer(gw->set->cfg, peer) >= 0)
		return true;
	gw->sccrq_refused_not_allowed++;
	log_rl(&rl, LOG_NOTICE, "peer %s: SCCRQ dropped: no [lns] section "
	       "accepts this peer (%" PRIu64 " so far)",
	       gw_addr_str(peer, a, sizeof(a)), gw->sccrq_refused_not_allowed);
	return false;
}

void gw_hook_tunnel_up(void *arg, struct l2tp_tunnel *t)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	char a[INET6_ADDRSTRLEN];
	struct gw_lac *lac;

	if (gt && gt->lac[0]) {
		lac = gw_lac_of(gw, gt);
		if (lac)
			lac->backoff_ms = 0;
		log_notice("tunnel %u: [lac %s] up to %s (%s)",
			   l2tp_tunnel_id(t), gt->lac,
			   gw_addr_str(l2tp_tunnel_peer(t), a, sizeof(a)),
			   l2tp_tunnel_peer_host(t));
		announce_tunnel(gt, CONTROL_EVENT_TUNNEL_UP, NULL);
		return;
	}
	if (!gt)
		gt = gw_tunnel_new(gw, t);
	if (!gt) {
		log_err("tunnel %u: out of memory", l2tp_tunnel_id(t));
		return;
	}
	gt->lns = gw_lns_for_peer(gw->set->cfg, l2tp_tunnel_peer(t));
	gw_addr_str(l2tp_tunnel_peer(t), a, sizeof(a));
	if (l2tp_tunnel_peer(t)->sa_reqid) {
		size_t n = strlen(a);

		snprintf(a + n, sizeof(a) - n, " via IPsec SA %u",
			 l2tp_tunnel_peer(t)->sa_reqid);
	}
	if (gt->lns < 0 || gw->shutting_down) {
		log_notice("tunnel %u peer %s: %s", gt->id, a,
			   gw->shutting_down ? "shutting down" :
			   "no [lns] section accepts this peer");
		timer_arm(gw->loop, &gt->refuse, 0);
		return;
	}
	log_notice("tunnel %u: [lns %s] up from %s (%s)", gt->id,
		   gw->set->cfg->lns[gt->lns].name, a, l2tp_tunnel_peer_host(t));
	announce_tunnel(gt, CONTROL_EVENT_TUNNEL_UP, NULL);
}

void gw_hook_tunnel_freed(void *arg, struct l2tp_tunnel *t)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	struct gw_lac *lac;

	if (!gt)
		return;
	if (gt->announced)
		announce_tunnel(gt, CONTROL_EVENT_TUNNEL_DOWN,
				gt->close_reason[0] ? gt->close_reason :
				"closed by the peer or lost");
	if (gt->lac[0]) {
		lac = gw_lac_of(gw, gt);
		if (lac && lac->tunnel_id == gt->id) {
			lac->tunnel_id = 0;
			gw_lac_redial_later(lac);
		}
	}
	gw_tunnel_free(gt);
}
