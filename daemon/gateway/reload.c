// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reload: newer settings installed without touching the sessions up, in
 * two phases (gateway.h): prepare checks and allocates, apply cannot fail.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "addr/pool.h"

/* The parts of a configuration fixed for the life of the ctx. */
static const char *fixed_change(const struct config *a, const struct config *b)
{
	const struct config_global *x = &a->global, *y = &b->global;
	struct l2tp_config la, lb;

	if (x->n_listen != y->n_listen ||
	    memcmp(x->listen, y->listen, sizeof(x->listen[0]) * x->n_listen) ||
	    x->port != y->port)
		return "listen/port";
	if (strcmp(x->host_name, y->host_name))
		return "host_name";
	gw_l2tp_config_of(&la, a);
	gw_l2tp_config_of(&lb, b);
	if (la.secret_len != lb.secret_len ||
	    memcmp(la.secret, lb.secret, la.secret_len) ||
	    la.hide_avps != lb.hide_avps)
		return "secret/hide_avps";
	if ((a->n_lns > 0) != (b->n_lns > 0))
		return "the presence of [lns] sections";
	la.host_name = lb.host_name = NULL;
	la.secret = lb.secret = NULL;
	if (memcmp(&la, &lb, sizeof(la)))
		return "tunnel timers or limits";
	return NULL;
}

/* Gives back what carry_prefix claimed on ss's /64 in s. */
static void drop_prefix(struct gw_session *ss, struct gateway_settings *s)
{
	unsigned i;

	if (!ss->prefix_carried)
		return;
	for (i = 0; i < s->cfg->n_lns; i++)
		pool_set_release_prefix(s->pools[i], ss->prefix);
	ss->prefix_carried = false;
}

void gw_session_drop_carried_prefix(struct gw_session *s)
{
	drop_prefix(s, s->gw->set);
}

/*
 * A live session's /64, from a pool or Framed-IPv6-Prefix, claimed in
 * every section's pools of s (in the prefix pool if it lies there, else
 * among the /64s outside it): no session of s is given it while this one
 * holds it, and s has it back when this one's IPv6 goes down.
 */
static void carry_prefix(struct gw_session *ss, struct gateway_settings *s)
{
	char a[INET6_ADDRSTRLEN];
	unsigned i, j;
	int r = 0;

	for (i = 0; i < s->cfg->n_lns && r == 0; i++)
		r = pool_set_claim_prefix(s->pools[i], ss->prefix);
	if (r == 0) {
		ss->prefix_carried = true;
		return;
	}
	for (j = 0; j + 1 < i; j++)
		pool_set_release_prefix(s->pools[j], ss->prefix);
	log_warn("%s: its /64 %s/64 %s: a new session may be given it",
		 ss->name, inet_ntop(AF_INET6, ss->prefix, a, sizeof(a)),
		 r == -EBUSY ? "is held by another session too" :
		 "cannot be claimed in the new settings (out of memory)");
}

/*
 * Reserve in the new pools every address live sessions hold, and claim
 * their /64s there (after giving back a previous reload's claims).
 */
static void carry_addresses(struct gateway *gw, struct gateway_settings *s)
{
	struct gw_session *ss;
	unsigned i;

	for (ss = gw->sessions; ss; ss = ss->next) {
		for (i = 0; ss->peer_ip && i < s->cfg->n_lns; i++)
			pool_set_reserve_static(s->pools[i], ss->peer_ip);
		drop_prefix(ss, gw->set);
		if (ss->has_prefix)
			carry_prefix(ss, s);
	}
}

static void reload_lacs(struct gateway *gw, struct gw_lac *old, unsigned n_old,
			char *msg, size_t msglen)
{
	size_t used = strlen(msg);
	unsigned i;

	for (i = 0; i < gw->n_lacs; i++) {
		struct gw_lac *nl = &gw->lacs[i];
		unsigned j;

		for (j = 0; j < n_old; j++)
			if (!strcmp(old[j].cfg.name, nl->cfg.name))
				break;
		if (j < n_old && !memcmp(&old[j].cfg, &nl->cfg,
					 sizeof(nl->cfg))) {
			/* Unchanged: keep its tunnel. */
			gw_lac_move(nl, &old[j]);
			old[j].removed = true;
			continue;
		}
		if (j < n_old) {
			old[j].removed = true;
			gw_lac_stop(&old[j], "configuration changed",
				    SESSION_END_ADMIN_REBOOT);
		}
		used += (size_t)snprintf(msg + used, used < msglen ?
					 msglen - used : 0, "; [lac %s] %s",
					 nl->cfg.name, j < n_old ? "changed" :
					 "added");
		if (used >= msglen)
			used = msglen - 1;
		if (nl->cfg.autostart)
			gw_lac_dial(nl);
	}
	for (i = 0; i < n_old; i++) {
		if (old[i].removed)
			continue;
		gw_lac_stop(&old[i], "removed from the configuration",
			    SESSION_END_ADMIN_REBOOT);
		used += (size_t)snprintf(msg + used, used < msglen ?
					 msglen - used : 0,
					 "; [lac %s] removed", old[i].cfg.name);
		if (used >= msglen)
			used = msglen - 1;
	}
}

/* What phase 1 checked and made ready; phase 2 only installs it. */
struct gateway_reload {
	struct gateway_settings *set;	/* reference */
	struct gw_lac *lacs;		/* set->cfg's, none dialling yet */
	struct gw_radius_reload radius;	/* a new client if [radius] changed */
};

struct gateway_reload *gateway_reload_prepare(struct gateway *gw,
					      struct gateway_settings *s,
					      char *msg, size_t msglen)
{
	const char *fixed = fixed_change(gw->set->cfg, s->cfg);
	struct gateway_reload *r;

	if (fixed) {
		snprintf(msg, msglen, "%s changed; restart l2tpgwd to apply",
			 fixed);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r)
		r->lacs = gw_lacs_new(gw, s->cfg);
	if (!r || !r->lacs) {
		free(r);
		snprintf(msg, msglen, "out of memory");
		return NULL;
	}
	if (gw_radius_prepare(gw, s, &r->radius, msg, msglen) < 0) {
		free(r->lacs);
		free(r);
		return NULL;
	}
	r->set = s;
	s->refs++;
	return r;
}

void gateway_reload_cancel(struct gateway_reload *r)
{
	if (!r)
		return;
	gw_radius_cancel(&r->radius);
	free(r->lacs);
	gateway_settings_put(r->set);
	free(r);
}

void gateway_reload_apply(struct gateway *gw, struct gateway_reload *r,
			  char *msg, size_t msglen)
{
	struct gw_lac *old = gw->lacs;
	unsigned n_old = gw->n_lacs;
	struct gateway_settings *prev = gw->set, *s = r->set;

	gw->lacs = r->lacs;
	gw->n_lacs = s->cfg->n_lac;
	carry_addresses(gw, s);
	gw_radius_apply(gw, &r->radius);
	/* r's reference */
	gw->set = s;
	free(r);
	snprintf(msg, msglen, "%u [lns] section(s), %u [lac] section(s); "
		 "%u session(s) keep their settings", s->cfg->n_lns,
		 s->cfg->n_lac, gw->n_sessions);
	/* gw_tunnel.lns indexes the settings of the day the tunnel came up. */
	{
		struct gw_tunnel *gt;

		for (gt = gw->tunnels; gt; gt = gt->next)
			if (!gt->lac[0] && gt->lns >= 0)
				gt->lns = gw_lns_for_peer(s->cfg,
						       l2tp_tunnel_peer(gt->t));
	}
	reload_lacs(gw, old, n_old, msg, msglen);
	free(old);
	gateway_settings_put(prev);
}

int gateway_reload(struct gateway *gw, struct gateway_settings *s, char *msg,
		   size_t msglen)
{
	struct gateway_reload *r = gateway_reload_prepare(gw, s, msg, msglen);

	if (!r)
		return -1;
	gateway_reload_apply(gw, r, msg, msglen);
	return 0;
}
