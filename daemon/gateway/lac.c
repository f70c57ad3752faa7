// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [lac] sections: dialling their tunnel (through their CHILD_SA when
 * ipsec = yes), redialling with backoff, stopping.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
}

static void lac_redial_fire(struct loop *loop, struct timer *tm, void *arg)
{
	gw_lac_dial(arg);
}

void gw_lac_stop(struct gw_lac *lac, const char *why)
{
	struct gateway *gw = lac->gw;
	struct gw_tunnel *gt = lac->tunnel_id ? gw->by_id[lac->tunnel_id] :
				NULL;

	timer_cancel(gw->loop, &lac->redial);
	if (gt && gt->lac[0] && !strcmp(gt->lac, lac->cfg.name)) {
		snprintf(gt->close_reason, sizeof(gt->close_reason), "%s", why);
		l2tp_tunnel_close(gt->t, L2TP_STOPCCN_GENERAL_CLEAR, 0, why);
	}
	lac->tunnel_id = 0;
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
