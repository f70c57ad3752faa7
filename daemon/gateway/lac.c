// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [lac] sections: dialling their tunnel (through their CHILD_SA when
 * ipsec = yes), redialling with backoff, stopping; and keeping their
 * calls: one lost on a live tunnel (PPP failed, CDN) is placed again with
 * its own backoff (1 s doubling to 30 s, jittered), so that the [lac]
 * keeps its configured number of sessions.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "ipsec/ipsec.h"
#include "log.h"
#include "loop.h"

struct gw_lac *gw_lac_by_name(const struct gateway *gw, const char *name)
{
	unsigned i;

	for (i = 0; i < gw->n_lacs; i++)
		if (!strcmp(gw->lacs[i].cfg.name, name))
			return &gw->lacs[i];
	return NULL;
}

/* The [lac] of a tunnel we opened; gt->lac_idx spares the search. */
struct gw_lac *gw_lac_of(const struct gateway *gw, struct gw_tunnel *gt)
{
	struct gw_lac *lac;

	if (!gt->lac[0])
		return NULL;
	if (gt->lac_idx < gw->n_lacs &&
	    !strcmp(gw->lacs[gt->lac_idx].cfg.name, gt->lac))
		return &gw->lacs[gt->lac_idx];
	lac = gw_lac_by_name(gw, gt->lac);
	if (lac)
		gt->lac_idx = (unsigned)(lac - gw->lacs);
	return lac;
}

/* hint: where the name was in gw->lacs, built from the same list. */
const struct config_lac *gw_lac_config(const struct gateway_settings *set,
				    const char *name, unsigned hint)
{
	unsigned i;

	if (hint < set->cfg->n_lac && !strcmp(set->cfg->lac[hint].name, name))
		return &set->cfg->lac[hint];
	for (i = 0; i < set->cfg->n_lac; i++)
		if (!strcmp(set->cfg->lac[i].name, name))
			return &set->cfg->lac[i];
	return NULL;
}

void gw_lac_redial_later(struct gw_lac *lac)
{
	struct gateway *gw = lac->gw;

	if (gw->shutting_down || lac->removed || !lac->cfg.autostart)
		return;
	lac->backoff_ms = lac->backoff_ms ? lac->backoff_ms * 2 :
			  LAC_REDIAL_MIN_MS;
	if (lac->backoff_ms > LAC_REDIAL_MAX_MS)
		lac->backoff_ms = LAC_REDIAL_MAX_MS;
	log_info("[lac %s]: redialling in %us", lac->cfg.name,
		 lac->backoff_ms / 1000);
	timer_arm(gw->loop, &lac->redial, lac->backoff_ms);
}

/*
 * A [lac] with ipsec = yes speaks only through its CHILD_SA: bind peer to
 * it, or ask charon for it and wait (gateway_ipsec_sa_up dials again).
 */
static bool lac_bind_sa(struct gw_lac *lac, struct l2tp_addr *peer)
{
	struct gateway *gw = lac->gw;
	const struct ipsec_sa *sa;
	char a[INET6_ADDRSTRLEN];
	int rc;

	if (!gw->ipsec.lac_sa) {
		log_err("[lac %s]: ipsec = yes but no [ipsec] section",
			lac->cfg.name);
		return false;
	}
	sa = gw->ipsec.lac_sa(gw->ipsec.arg, lac->cfg.name);
	if (sa) {
		peer->sa_reqid = sa->reqid;
		peer->mark = sa->mark_out;
		return true;
	}
	rc = gw->ipsec.initiate(gw->ipsec.arg, lac->cfg.name);
	if (rc < 0)
		log_err("[lac %s]: cannot initiate its CHILD_SA: %s",
			lac->cfg.name, strerror(-rc));
	else
		log_info("[lac %s]: waiting for the CHILD_SA to %s",
			 lac->cfg.name, gw_addr_str(peer, a, sizeof(a)));
	/* Redial later in any case, in case charon never answers. */
	gw_lac_redial_later(lac);
	return false;
}

/* The tunnel lac's calls are counted on, if it is still lac's and up. */
static struct gw_tunnel *calls_tunnel(const struct gw_lac *lac)
{
	struct gateway *gw = lac->gw;
	struct gw_tunnel *gt;

	if (gw->shutting_down || lac->removed || !lac->tunnel_id ||
	    lac->tunnel_id != lac->calls_tunnel_id)
		return NULL;
	gt = gw->by_id[lac->tunnel_id];
	if (!gt || !gt->t || l2tp_tunnel_closing(gt->t))
		return NULL;
	return gt;
}

static uint32_t calls_delay(struct gw_lac *lac)
{
	uint32_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint32_t)loop_now(lac->gw->loop);
	return backoff_next(&lac->calls_backoff, r);
}

static void calls_count_later(struct gw_lac *lac)
{
	lac->calls_lost = false;
	timer_arm(lac->gw->loop, &lac->calls, LAC_CALL_AUDIT_MS);
}

/* A redial round is due in a backoff delay (unless one is already). */
static void calls_redial_later(struct gw_lac *lac, struct gw_tunnel *gt,
			       const char *session, const char *why)
{
	uint32_t ms;

	snprintf(lac->calls_reason, sizeof(lac->calls_reason), "%s", why);
	if (lac->calls_lost) {
		log_info("[lac %s]: tunnel %u: %s lost (%s): placed again with the others",
			 lac->cfg.name, gt->id, session, why);
		return;
	}
	ms = calls_delay(lac);
	lac->calls_lost = true;
	timer_arm(lac->gw->loop, &lac->calls, ms);
	log_info("[lac %s]: tunnel %u: %s lost (%s): placing it again in %u ms",
		 lac->cfg.name, gt->id, session, why, ms);
}

void gw_lac_call_lost(struct gateway *gw, uint16_t tunnel_id,
		      const char *session, const char *why, bool by_operator)
{
	struct gw_tunnel *gt = gw->by_id[tunnel_id];
	struct gw_lac *lac = gt ? gw_lac_of(gw, gt) : NULL;

	/* Not ours, or its tunnel goes too: the tunnel is redialled. */
	if (!lac || calls_tunnel(lac) != gt ||
	    !l2tp_tunnel_established(gt->t))
		return;
	if (by_operator) {
		/* An operator's close is final, as for the tunnel. */
		if (lac->calls_target)
			lac->calls_target--;
		log_info("[lac %s]: tunnel %u: %s deleted by operator: not placed again, %u call(s) kept",
			 lac->cfg.name, gt->id, session, lac->calls_target);
		return;
	}
	if (lac->cfg.redial_calls)
		calls_redial_later(lac, gt, session, why);
}

/*
 * The calls timer: a redial round after a call was lost (place every
 * missing call), or a count (calls that failed in setup are missing
 * unseen: a round is then due; none missing and none lost since the last
 * count: the backoff starts over).
 */
static void calls_fire(struct loop *loop, struct timer *tm, void *arg)
{
	struct gw_lac *lac = arg;
	struct gw_tunnel *gt = calls_tunnel(lac);
	unsigned have, placed = 0;

	if (!gt || !lac->cfg.redial_calls)
		return;		/* the tunnel's own redial takes over */
	if (!l2tp_tunnel_established(gt->t)) {
		calls_count_later(lac);
		return;
	}
	have = l2tp_tunnel_session_count(gt->t);
	if (have >= lac->calls_target) {
		if (!lac->calls_lost)
			backoff_reset(&lac->calls_backoff);
		calls_count_later(lac);
		return;
	}
	if (!lac->calls_lost) {
		calls_redial_later(lac, gt, "a call", "failed in call setup");
		return;
	}
	for (; have < lac->calls_target; have++) {
		if (!l2tp_session_open_incoming(gt->t, NULL)) {
			log_err("[lac %s]: tunnel %u: cannot place a call again: %s",
				lac->cfg.name, gt->id, strerror(errno));
			break;
		}
		placed++;
	}
	lac->gw->lac_call_redials += placed;
	log_notice("[lac %s]: tunnel %u: redialled %u lost call(s), now %u of %u (last lost: %s)",
		   lac->cfg.name, gt->id, placed, have, lac->calls_target,
		   lac->calls_reason);
	if (have < lac->calls_target) {
		/* Out of memory or ids: try again after a longer delay. */
		lac->calls_lost = false;
		calls_redial_later(lac, gt, "a call", "could not be placed");
		return;
	}
	calls_count_later(lac);
}

void gw_lac_dial(struct gw_lac *lac)
{
	struct gateway *gw = lac->gw;
	struct l2tp_addr peer = { .len = lac->cfg.peer.len };
	int fam = lac->cfg.peer.ss.ss_family == AF_INET6;
	struct l2tp_tunnel *t;
	struct gw_tunnel *gt;
	unsigned i;

	if (lac->tunnel_id || gw->shutting_down || lac->removed)
		return;
	if (!gw->lac_sock_set[fam]) {
		log_err("[lac %s]: no local IPv%c socket to reach the peer from "
			"(add a listen address)", lac->cfg.name, fam ? '6' : '4');
		return;
	}
	memcpy(&peer.sa, &lac->cfg.peer.ss, lac->cfg.peer.len);
	if (lac->cfg.ipsec && !lac_bind_sa(lac, &peer))
		return;
	t = l2tp_tunnel_open(gw->ctx, gw->lac_sock[fam], &peer);
	if (!t) {
		log_err("[lac %s]: cannot open a tunnel: %s", lac->cfg.name,
			strerror(errno));
		gw_lac_redial_later(lac);
		return;
	}
	gt = gw_tunnel_new(gw, t);
	if (!gt) {
		l2tp_tunnel_close(t, L2TP_STOPCCN_GENERAL_ERROR, 0,
				  "out of memory");
		return;
	}
	snprintf(gt->lac, sizeof(gt->lac), "%s", lac->cfg.name);
	gt->lac_idx = (unsigned)(lac - gw->lacs);
	gw->n_lns_tunnels--;
	gw->n_lac_tunnels++;
	lac->tunnel_id = gt->id;
	for (i = 0; i < lac->cfg.sessions; i++)
		if (!l2tp_session_open_incoming(t, NULL))
			log_err("[lac %s]: tunnel %u: cannot place call %u: %s",
				lac->cfg.name, gt->id, i + 1, strerror(errno));
	log_info("[lac %s]: tunnel %u: dialling, %u call(s)", lac->cfg.name,
		 gt->id, lac->cfg.sessions);
	lac->calls_tunnel_id = gt->id;
	lac->calls_target = lac->cfg.sessions;
	backoff_reset(&lac->calls_backoff);
	calls_count_later(lac);
}

static void lac_redial_fire(struct loop *loop, struct timer *tm, void *arg)
{
	gw_lac_dial(arg);
}

void gw_lac_stop(struct gw_lac *lac, const char *why,
		 enum session_end_cause cause)
{
	struct gateway *gw = lac->gw;
	struct gw_tunnel *gt = lac->tunnel_id ? gw->by_id[lac->tunnel_id] :
				NULL;

	gw_lac_cancel_timers(lac);
	if (gt && gt->lac[0] && !strcmp(gt->lac, lac->cfg.name)) {
		snprintf(gt->close_reason, sizeof(gt->close_reason), "%s", why);
		gt->end_cause = cause;
		l2tp_tunnel_close(gt->t, L2TP_STOPCCN_GENERAL_CLEAR, 0, why);
	}
	lac->tunnel_id = 0;
}

void gw_lac_cancel_timers(struct gw_lac *lac)
{
	timer_cancel(lac->gw->loop, &lac->redial);
	timer_cancel(lac->gw->loop, &lac->calls);
}

static void move_timer(struct loop *loop, struct timer *to,
		       struct timer *from)
{
	if (timer_pending(from))
		timer_arm_at(loop, to, from->expires);
	timer_cancel(loop, from);
}

void gw_lac_move(struct gw_lac *nl, struct gw_lac *lac)
{
	struct loop *loop = lac->gw->loop;

	nl->tunnel_id = lac->tunnel_id;
	nl->backoff_ms = lac->backoff_ms;
	nl->calls_tunnel_id = lac->calls_tunnel_id;
	nl->calls_target = lac->calls_target;
	nl->calls_lost = lac->calls_lost;
	nl->calls_backoff = lac->calls_backoff;
	memcpy(nl->calls_reason, lac->calls_reason, sizeof(nl->calls_reason));
	move_timer(loop, &nl->redial, &lac->redial);
	move_timer(loop, &nl->calls, &lac->calls);
}

/* The [lac] sections of c, none dialling yet; NULL if out of memory. */
struct gw_lac *gw_lacs_new(struct gateway *gw, const struct config *c)
{
	struct gw_lac *a = calloc(c->n_lac + 1, sizeof(*a));
	unsigned i;

	if (!a)
		return NULL;
	for (i = 0; i < c->n_lac; i++) {
		a[i].gw = gw;
		a[i].cfg = c->lac[i];
		timer_init(&a[i].redial, lac_redial_fire, &a[i]);
		timer_init(&a[i].calls, calls_fire, &a[i]);
		backoff_init(&a[i].calls_backoff, LAC_CALL_REDIAL_MIN_MS,
			     LAC_CALL_REDIAL_MAX_MS);
	}
	return a;
}

int gw_build_lacs(struct gateway *gw, const struct config *c)
{
	struct gw_lac *a = gw_lacs_new(gw, c);

	if (!a)
		return -1;
	gw->lacs = a;
	gw->n_lacs = c->n_lac;
	return 0;
}

void gateway_set_lac_socket(struct gateway *gw, int family, uint32_t sock)
{
	int i = family == AF_INET6;

	gw->lac_sock[i] = sock;
	gw->lac_sock_set[i] = true;
}

void gateway_start(struct gateway *gw)
{
	unsigned i;

	for (i = 0; i < gw->n_lacs; i++)
		if (gw->lacs[i].cfg.autostart)
			gw_lac_dial(&gw->lacs[i]);
}
