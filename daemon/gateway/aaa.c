// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A session's AAA: which verifier checks its peer (the [lns] section's
 * users file, or RADIUS), and what that verifier is told about the
 * session (NAS-Port-Id, Calling-Station-Id, tunnel endpoints).  What the
 * verifier grants is kept by session.c (gw_session_grant()).
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "aaa/radius_verifier.h"
#include "aaa/users_verifier.h"

static struct radius_client *client_of(void *arg)
{
	return gateway_radius(arg);
}

static const struct radius_client_config *config_of(void *arg)
{
	const struct gateway *gw = arg;

	return gw->set ? gw->set->radius : NULL;
}

bool gateway_lns_uses_radius(const struct config *c,
			     const struct config_lns *lns)
{
	return !strcmp(lns->auth_backend, "radius") ||
	       (!lns->auth_backend[0] && !lns->users[0] && lns->auth.n &&
		c->radius.enabled && c->radius.auth.n);
}

/* Which verifier checks the peers of [lns] i. */
static void verifier_of(struct gw_session *s, unsigned i)
{
	const struct config_lns *lns = &s->set->cfg->lns[i];

	if (!gateway_lns_uses_radius(s->set->cfg, lns)) {
		s->verifier = users_verifier(s->set->users[i]);
		return;
	}
	if (!s->gw->radius_auth_ready) {
		radius_verifier_init(&s->gw->radius_auth, client_of, config_of,
				     s->gw);
		s->gw->radius_auth_ready = true;
	}
	/* The client is asked for at each request: reloads may change it. */
	s->verifier = radius_verifier(&s->gw->radius_auth);
}

static void addr_str(const struct sockaddr *sa, char *out, size_t size)
{
	const void *a = NULL;

	if (sa->sa_family == AF_INET)
		a = &((const struct sockaddr_in *)sa)->sin_addr;
	else if (sa->sa_family == AF_INET6)
		a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
	if (!a || !inet_ntop(sa->sa_family, a, out, (socklen_t)size))
		out[0] = '\0';
}

/* Our tunnel endpoint: the one listen address, if not a wildcard. */
static void server_endpoint(const struct config *cfg, char *out, size_t size)
{
	const struct sockaddr *sa;

	out[0] = '\0';
	if (cfg->global.n_listen != 1)
		return;
	sa = (const struct sockaddr *)&cfg->global.listen[0].ss;
	addr_str(sa, out, size);
	if (!strcmp(out, "0.0.0.0") || !strcmp(out, "::"))
		out[0] = '\0';
}

void gw_session_aaa(struct gw_session *s, struct gw_tunnel *gt)
{
	const struct l2tp_addr *peer = l2tp_tunnel_peer(gt->t);

	verifier_of(s, (unsigned)gt->lns);
	if (peer)
		addr_str(&peer->sa, s->calling_station,
			 sizeof(s->calling_station));
	else
		s->calling_station[0] = '\0';
	server_endpoint(s->set->cfg, s->tunnel_server,
			sizeof(s->tunnel_server));
	s->aaa_info = (struct aaa_session_info){
		.ifname = s->ifname,
		.nas_port = (uint32_t)s->tunnel_id << 16 | s->session_id,
		.calling_station = s->calling_station,
		.tunnel_client = s->calling_station,
		.tunnel_server = s->tunnel_server,
		.acct_session_id = s->acct_session_id,
		.log_name = s->name,
	};
	s->pcfg.verifier = s->verifier.ops ? &s->verifier : NULL;
	s->pcfg.aaa_info = &s->aaa_info;
}
