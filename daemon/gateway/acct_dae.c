// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway's sessions for RADIUS accounting (aaa/acct.h) and dynamic
 * authorization (aaa/dae.h): what a session reports, its counters from
 * the module (one dump per interim round), the terminate cause of its
 * end, and the changes a Disconnect- or CoA-Request makes to it.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <linux/l2tpgw.h>
#include <stdio.h>
#include <string.h>

#include "aaa/acct.h"
#include "aaa/dae.h"
#include "log.h"
#include "shaper/rate_parse.h"

void gateway_set_acct_dae(struct gateway *gw, struct acct *acct,
			  struct dae *dae, const char *server_endpoint)
{
	gw->acct = acct;
	gw->dae = dae;
	if (server_endpoint)
		snprintf(gw->acct_server_endpoint,
			 sizeof(gw->acct_server_endpoint), "%s",
			 server_endpoint);
}

static void counters_of(const struct gw_session *s, struct acct_counters *c)
{
	/* rx: what the module received from the client on the session. */
	c->in_packets = s->counters.rx_packets;
	c->in_octets = s->counters.rx_bytes;
	c->out_packets = s->counters.tx_packets;
	c->out_octets = s->counters.tx_bytes;
}

static void session_data(const struct gw_session *s,
			 struct acct_session_data *sd)
{
	struct l2tp_tunnel *t = l2tp_session_tunnel(s->ls);
	const struct aaa_grant *g;
	char peer[INET6_ADDRSTRLEN];

	memset(sd, 0, sizeof(*sd));
	snprintf(sd->user, sizeof(sd->user), "%s", s->user);
	snprintf(sd->acct_session_id, sizeof(sd->acct_session_id), "%s",
		 s->acct_session_id);
	snprintf(sd->nas_port_id, sizeof(sd->nas_port_id), "%s", s->ifname);
	sd->nas_port = (uint32_t)s->tunnel_id << 16 | s->session_id;
	if (t && gw_addr_str(l2tp_tunnel_peer(t), peer, sizeof(peer))) {
		snprintf(sd->calling_station, sizeof(sd->calling_station),
			 "%s", peer);
		snprintf(sd->tunnel_client, sizeof(sd->tunnel_client), "%s",
			 peer);
	}
	snprintf(sd->tunnel_server, sizeof(sd->tunnel_server), "%s",
		 s->gw->acct_server_endpoint);
	if (s->protocols & L2TPGW_PROTO_IPV4)
		sd->framed_ip = s->peer_ip;
	if (s->ppp && !ppp_session_delegated(s->ppp, sd->delegated_prefix,
					     &sd->delegated_prefix_len))
		sd->delegated_prefix_len = 0;
	/* What its authentication granted: Class, interval, who said yes. */
	g = gw_session_grant(s);
	if (!g)
		return;
	sd->radius_authentic = g->from_radius;
	sd->interim_s = g->interim_interval_s;
	sd->n_class = g->n_class;
	memcpy(sd->class_len, g->class_len, sizeof(sd->class_len));
	memcpy(sd->class_val, g->class_val, sizeof(sd->class_val));
}

void gw_acct_session_up(struct gw_session *s)
{
	struct acct_session_data sd;

	if (!s->gw->acct || s->acct)
		return;
	session_data(s, &sd);
	s->acct = acct_session_start(s->gw->acct, &sd, s);
}

/*
 * The session's end cause (end_cause.h), final by now: session.c's
 * gw_hook_session_down sets it before the down events run.
 */
static enum radius_terminate_cause cause_of(const struct gw_session *s)
{
	if (s->acct_cause)
		return s->acct_cause;
	return session_end_cause_radius(s->end_cause);
}

void gw_acct_session_down(struct gw_session *s)
{
	struct acct_counters c;

	if (!s->acct)
		return;
	counters_of(s, &c);
	acct_session_stop(s->gw->acct, s->acct,
			  s->has_counters ? &c : NULL, cause_of(s));
	s->acct = NULL;
}

/* --- acct_ops: the client, counters for interims ----------------------- */

static struct radius_client *acct_client(void *arg)
{
	return gateway_radius(arg);
}

static void acct_refresh(void *arg)
{
	gw_counters_refresh(arg, 0);
}

static bool acct_counters(void *arg, void *owner, struct acct_counters *c)
{
	struct gw_session *s = owner;

	(void)arg;
	if (!s->has_counters)
		return false;
	counters_of(s, c);
	return true;
}

void gateway_acct_ops(struct gateway *gw, struct acct_ops *ops)
{
	ops->client = acct_client;
	ops->refresh = acct_refresh;
	ops->counters = acct_counters;
	ops->arg = gw;
}

/* --- dae_ops: find, end and change sessions ---------------------------- */

static void dae_foreach(void *arg, dae_visit_fn visit, void *ctx)
{
	struct gateway *gw = arg;
	struct gw_session *s, *next;
	struct dae_session_view v;

	for (s = gw->sessions; s; s = next) {
		next = s->next;		/* visit may end s */
		v.user = s->user[0] ? s->user : NULL;
		v.acct_session_id = s->acct_session_id;
		v.nas_port_id = s->ifname[0] ? s->ifname : NULL;
		v.framed_ip = s->protocols & L2TPGW_PROTO_IPV4 ?
			      s->peer_ip : 0;
		visit(ctx, s, &v);
	}
}

static void dae_disconnect(void *arg, void *owner)
{
	struct gw_session *s = owner;
	char user[GW_USER_SHOWN];

	(void)arg;
	log_notice("%s user %s: disconnected by a DAE client", s->name,
		   gw_user_shown(s, user));
	snprintf(s->close_msg, sizeof(s->close_msg),
		 "disconnected by RADIUS (Disconnect-Request)");
	gw_session_end_cause(s, SESSION_END_ADMIN_RESET);
	/* Like an operator's delete: a [lac]'s call is not placed again. */
	s->by_operator = true;
	timer_cancel(s->gw->loop, &s->close_timer);
	/* Frees s: session_down runs from inside. */
	l2tp_session_close(s->ls, L2TP_CDN_ADMIN, 0,
			   "disconnected by RADIUS");
}

/*
 * A CoA's rate (Mikrotik-Rate-Limit or Filter-Id): parsed as the
 * shaper's parsers read them, then put on the session's device in place
 * of what it had (rate.c).  A value we cannot read is an invalid
 * request; a device that refuses it, a resource we could not get.
 */
static uint32_t coa_rate(struct gw_session *s, const struct dae_request *r)
{
	struct aaa_rate rate = { 0 };
	char why[200];
	int rc;

	rc = r->rate_kind == DAE_RATE_MIKROTIK ?
	     rate_parse_mikrotik(r->rate, strlen(r->rate), &rate, why,
				 sizeof(why)) :
	     rate_parse_filter_id(r->rate, strlen(r->rate), &rate, why,
				  sizeof(why));
	if (rc < 0) {
		log_warn("%s: CoA rate refused: %s", s->name, why);
		return RADIUS_EC_INVALID_REQUEST;
	}
	if (gw_session_set_rate(s, &rate) < 0)
		return RADIUS_EC_RESOURCES_UNAVAILABLE;
	return 0;
}

/* A CoA's Session-Timeout: the session may last that long from now. */
static uint32_t coa_session_timeout(struct gw_session *s,
				    const struct dae_request *r)
{
	gw_limits_set_session_timeout(s, r->session_timeout_s);
	log_info("%s: Session-Timeout %u s from now (CoA)", s->name,
		 r->session_timeout_s);
	return 0;
}

static uint32_t dae_coa(void *arg, void *owner, const struct dae_request *r)
{
	struct gw_session *s = owner;
	uint32_t cause;

	(void)arg;
	if (r->rate_kind != DAE_RATE_NONE && (cause = coa_rate(s, r)))
		return cause;
	if (r->has_session_timeout && (cause = coa_session_timeout(s, r)))
		return cause;
	if (r->has_interim && s->acct) {
		acct_session_set_interim(s->gw->acct, s->acct, r->interim_s);
		log_info("%s: Acct-Interim-Interval %u s (CoA)", s->name,
			 r->interim_s);
	}
	return 0;
}

void gateway_dae_ops(struct gateway *gw, struct dae_ops *ops)
{
	ops->foreach = dae_foreach;
	ops->disconnect = dae_disconnect;
	ops->coa = dae_coa;
	ops->arg = gw;
}

/* --- their counters in gateway_stats (l2tpctl stats, metrics) ---------- */

static int acct_stats(const struct acct *a, control_stat_fn emit, void *ctx)
{
	static const char *const status[] = {
		[RADIUS_ACCT_START] = "start", [RADIUS_ACCT_STOP] = "stop",
		[RADIUS_ACCT_INTERIM] = "interim", [RADIUS_ACCT_ON] = "on",
		[RADIUS_ACCT_OFF] = "off",
	};
	struct acct_stats st;
	char key[48];
	unsigned i;
	int rc;

	acct_get_stats(a, &st);
	for (i = 0; i < sizeof(status) / sizeof(status[0]); i++) {
		if (!status[i])
			continue;
		snprintf(key, sizeof(key), "acct_%s_records", status[i]);
		if ((rc = emit(key, st.sent[i], ctx)) < 0)
			return rc;
	}
	if ((rc = emit("acct_answered", st.answered, ctx)) < 0 ||
	    (rc = emit("acct_queued", st.queued, ctx)) < 0 ||
	    (rc = emit("acct_retried", st.retried, ctx)) < 0 ||
	    (rc = emit("acct_dropped", st.dropped, ctx)) < 0 ||
	    (rc = emit("acct_queue_length", st.queue_len, ctx)) < 0 ||
	    (rc = emit("acct_in_flight", st.in_flight, ctx)) < 0 ||
	    (rc = emit("acct_interim_rounds", st.interim_rounds, ctx)) < 0 ||
	    (rc = emit("acct_sessions", st.sessions, ctx)) < 0)
		return rc;
	return 0;
}

static int dae_stats(const struct dae *d, control_stat_fn emit, void *ctx)
{
	struct dae_stats st;
	int rc;

	dae_get_stats(d, &st);
	if ((rc = emit("dae_requests", st.requests, ctx)) < 0 ||
	    (rc = emit("dae_acks", st.acks, ctx)) < 0 ||
	    (rc = emit("dae_naks", st.naks, ctx)) < 0 ||
	    (rc = emit("dae_duplicates", st.duplicates, ctx)) < 0 ||
	    (rc = emit("dae_unknown_client_dropped", st.unknown_client,
		       ctx)) < 0 ||
	    (rc = emit("dae_bad_authenticator_dropped", st.bad_authenticator,
		       ctx)) < 0 ||
	    (rc = emit("dae_malformed_dropped", st.malformed, ctx)) < 0 ||
	    (rc = emit("dae_stale_dropped", st.stale, ctx)) < 0 ||
	    (rc = emit("dae_sessions_disconnected", st.disconnected,
		       ctx)) < 0)
		return rc;
	return 0;
}

int gw_acct_dae_stats(const struct gateway *gw, control_stat_fn emit,
		      void *ctx)
{
	int rc;

	if (gw->acct && (rc = acct_stats(gw->acct, emit, ctx)) < 0)
		return rc;
	if (gw->dae && (rc = dae_stats(gw->dae, emit, ctx)) < 0)
		return rc;
	return 0;
}
