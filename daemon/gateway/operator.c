// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Operator commands behind the control socket (gateway.h).
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hooks/hooks.h"
#include "log.h"
#include "loop.h"

void gateway_set_control(struct gateway *gw, struct control_server *srv)
{
	gw->ctl = srv;
}

/*
 * A tunnel the gateway does not track is an incoming one still
 * negotiating (SCCRQ answered, no SCCCN), or one refused and closing.
 */
static void fill_any(struct gateway *gw, struct l2tp_tunnel *t,
		     struct control_tunnel_info *ti)
{
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);

	if (gt)
		gw_fill_tunnel(gt, ti);
	else
		gw_fill_l2tp_tunnel(t, ti);
}

struct list_walk {
	struct gateway *gw;
	control_tunnel_fn emit;
	void *ctx;
};

static int list_one(struct l2tp_tunnel *t, void *arg)
{
	struct list_walk *w = arg;
	struct control_tunnel_info ti;

	fill_any(w->gw, t, &ti);
	return w->emit(&ti, w->ctx);
}

/* Every tunnel the control plane holds, as status counts them. */
int gateway_tunnel_list(struct gateway *gw, control_tunnel_fn emit, void *ctx)
{
	struct list_walk w = { gw, emit, ctx };

	gw_counters_refresh(gw, 0);
	return l2tp_ctx_foreach_tunnel(gw->ctx, list_one, &w);
}

static int count_one(struct l2tp_tunnel *t, void *arg)
{
	struct gateway_tunnel_counts *c = arg;

	c->total++;
	if (l2tp_tunnel_established(t))
		c->established++;
	else if (l2tp_tunnel_closing(t))
		c->closing++;
	else
		c->negotiating++;
	return 0;
}

void gateway_tunnel_counts(const struct gateway *gw,
			   struct gateway_tunnel_counts *c)
{
	memset(c, 0, sizeof(*c));
	l2tp_ctx_foreach_tunnel(gw->ctx, count_one, c);
}

static struct gw_tunnel *tunnel_lookup(struct gateway *gw, uint16_t id,
				       char *err, size_t errlen)
{
	struct gw_tunnel *gt = gw->by_id[id];

	if (!gt)
		snprintf(err, errlen, "no tunnel %u", id);
	return gt;
}

int gateway_tunnel_show(struct gateway *gw, uint16_t tunnel_id,
			control_tunnel_fn emit, void *ctx, char *err,
			size_t errlen)
{
	struct l2tp_tunnel *t = l2tp_tunnel_find(gw->ctx, tunnel_id);
	struct control_tunnel_info ti;

	if (!t) {
		snprintf(err, errlen, "no tunnel %u", tunnel_id);
		return -ENOENT;
	}
	gw_counters_refresh(gw, tunnel_id);
	fill_any(gw, t, &ti);
	return emit(&ti, ctx);
}

int gateway_tunnel_delete(struct gateway *gw, uint16_t tunnel_id, char *err,
			  size_t errlen)
{
	struct gw_tunnel *gt = tunnel_lookup(gw, tunnel_id, err, errlen);
	struct gw_lac *lac;

	if (!gt)
		return -ENOENT;
	/* An operator's close is final: the [lac] does not redial it. */
	if ((lac = gw_lac_of(gw, gt)) && lac->tunnel_id == gt->id) {
		timer_cancel(gw->loop, &lac->redial);
		lac->tunnel_id = 0;
	}
	snprintf(gt->close_reason, sizeof(gt->close_reason),
		 "closed by operator");
	gt->end_cause = SESSION_END_ADMIN_RESET;
	log_notice("tunnel %u: closed by operator", gt->id);
	l2tp_tunnel_close(gt->t, L2TP_STOPCCN_GENERAL_CLEAR, 0,
			  "closed by operator");
	return 0;
}

int gateway_session_list(struct gateway *gw, uint16_t tunnel_id,
			 control_session_fn emit, void *ctx, char *err,
			 size_t errlen)
{
	struct control_session_info si;
	struct gw_session *s;
	int rc;

	if (tunnel_id && !tunnel_lookup(gw, tunnel_id, err, errlen))
		return -ENOENT;
	/* One dump of the module's sessions, not a request per session. */
	gw_counters_refresh(gw, tunnel_id);
	for (s = gw->sessions; s; s = s->next) {
		if (tunnel_id && s->tunnel_id != tunnel_id)
			continue;
		gw_fill_session(s, &si);
		rc = emit(&si, ctx);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static bool session_matches(const struct gw_session *s,
			    const struct control_selector *sel)
{
	uint32_t peer;

	switch (sel->kind) {
	case CONTROL_SEL_ID:
		return s->tunnel_id == sel->tunnel_id &&
		       s->session_id == sel->session_id;
	case CONTROL_SEL_USER:
		return s->user[0] && !strcmp(s->user, sel->user);
	case CONTROL_SEL_ADDRESS:
		if (sel->address.family != AF_INET || !s->peer_ip)
			return false;
		memcpy(&peer, sel->address.addr, 4);
		return ntohl(peer) == s->peer_ip;
	case CONTROL_SEL_IFNAME:
		return s->ifname[0] && !strcmp(s->ifname, sel->ifname);
	}
	return false;
}

/* "session 3/4", "user alice", "address 10.0.0.5", "ifname l2tp3-4". */
static void selector_str(const struct control_selector *sel, char *buf,
			 size_t len)
{
	char a[INET6_ADDRSTRLEN];

	switch (sel->kind) {
	case CONTROL_SEL_ID:
		snprintf(buf, len, "session %u in tunnel %u", sel->session_id,
			 sel->tunnel_id);
		return;
	case CONTROL_SEL_USER:
		snprintf(buf, len, "session of user \"%s\"", sel->user);
		return;
	case CONTROL_SEL_ADDRESS:
		if (!sel->address.family ||
		    !inet_ntop(sel->address.family, sel->address.addr, a,
			       sizeof(a)))
			snprintf(a, sizeof(a), "?");
		snprintf(buf, len, "session with peer address %s", a);
		return;
	case CONTROL_SEL_IFNAME:
		snprintf(buf, len, "session on interface %s", sel->ifname);
		return;
	}
	snprintf(buf, len, "session (bad selector)");
}

/* By ids: the control plane's hash, not a walk over every session. */
struct gw_session *gw_session_by_id(const struct gateway *gw,
				    uint16_t tunnel_id, uint16_t session_id)
{
	struct l2tp_tunnel *t = l2tp_tunnel_find(gw->ctx, tunnel_id);
	struct l2tp_session *ls = t ? l2tp_session_find(t, session_id) : NULL;
	struct gw_session *s = ls ? gw_session_of(ls) : NULL;

	/* Only sessions with PPP are listed, shown and deleted. */
	return s && s->ppp ? s : NULL;
}

static unsigned sessions_matching(const struct gateway *gw,
				  const struct control_selector *sel,
				  struct gw_session **first)
{
	struct gw_session *s;
	unsigned n = 0;

	if (sel->kind == CONTROL_SEL_ID) {
		*first = gw_session_by_id(gw, sel->tunnel_id, sel->session_id);
		return *first != NULL;
	}
	*first = NULL;
	for (s = gw->sessions; s; s = s->next) {
		if (!session_matches(s, sel))
			continue;
		if (!n++)
			*first = s;
	}
	return n;
}

static int session_not_found(struct gateway *gw,
			     const struct control_selector *sel, char *err,
			     size_t errlen)
{
	char what[CONTROL_USER_MAX + 32];

	if (sel->kind == CONTROL_SEL_ID && !gw->by_id[sel->tunnel_id]) {
		snprintf(err, errlen, "no tunnel %u", sel->tunnel_id);
		return -ENOENT;
	}
	selector_str(sel, what, sizeof(what));
	snprintf(err, errlen, "no %s", what);
	return -ENOENT;
}

/*
 * One user may hold several sessions: show names one object, so it asks
 * for a narrower selector rather than picking one at random.
 */
int gateway_session_show(struct gateway *gw,
			 const struct control_selector *sel,
			 control_session_fn emit, void *ctx, char *err,
			 size_t errlen)
{
	struct control_session_info si;
	struct gw_session *s;
	unsigned n = sessions_matching(gw, sel, &s);

	if (!n)
		return session_not_found(gw, sel, err, errlen);
	if (n > 1) {
		char what[CONTROL_USER_MAX + 32];

		selector_str(sel, what, sizeof(what));
		snprintf(err, errlen, "%u sessions match (%s); select one by "
			 "tunnel and id or ifname", n, what);
		return -EEXIST;
	}
	gw_session_counters_read(s);
	gw_fill_session(s, &si);
	return emit(&si, ctx);
}

/* By user: every session of that user (disconnecting a user). */
int gateway_session_delete(struct gateway *gw,
			   const struct control_selector *sel, char *err,
			   size_t errlen)
{
	struct gw_session *s, *next;
	char user[GW_USER_SHOWN];

	if (!sessions_matching(gw, sel, &s))
		return session_not_found(gw, sel, err, errlen);
	for (; s; s = next) {
		/* One session per ids: no walk over the others. */
		next = sel->kind == CONTROL_SEL_ID ? NULL : s->next;
		if (!session_matches(s, sel))
			continue;
		log_notice("%s user %s: disconnected by operator", s->name,
			   gw_user_shown(s, user));
		snprintf(s->close_msg, sizeof(s->close_msg),
			 "disconnected by operator");
		s->by_operator = true;
		gw_session_end_cause(s, SESSION_END_ADMIN_RESET);
		timer_cancel(gw->loop, &s->close_timer);
		/* Frees s: session_down runs from inside. */
		l2tp_session_close(s->ls, L2TP_CDN_ADMIN, 0,
				   "disconnected by operator");
	}
	return 0;
}

static struct gw_lac *lac_lookup(struct gateway *gw, const char *name,
				 char *err, size_t errlen)
{
	struct gw_lac *lac = gw_lac_by_name(gw, name);

	if (!lac)
		snprintf(err, errlen, "no [lac %s] in the configuration", name);
	return lac;
}

int gateway_lac_connect(struct gateway *gw, const char *name, char *err,
			size_t errlen)
{
	struct gw_lac *lac = lac_lookup(gw, name, err, errlen);

	if (!lac)
		return -ENOENT;
	if (gw->shutting_down) {
		snprintf(err, errlen, "[lac %s]: l2tpgwd is shutting down",
			 name);
		return -ESHUTDOWN;
	}
	if (lac->tunnel_id) {
		snprintf(err, errlen, "[lac %s] already has tunnel %u", name,
			 lac->tunnel_id);
		return -EALREADY;
	}
	timer_cancel(gw->loop, &lac->redial);
	lac->backoff_ms = 0;
	gw_lac_dial(lac);
	if (!lac->tunnel_id) {
		snprintf(err, errlen, "[lac %s]: cannot open a tunnel (the log "
			 "says why)", name);
		return -EIO;
	}
	return 0;
}

int gateway_lac_disconnect(struct gateway *gw, const char *name, char *err,
			   size_t errlen)
{
	struct gw_lac *lac = lac_lookup(gw, name, err, errlen);

	if (!lac)
		return -ENOENT;
	if (!lac->tunnel_id && !timer_pending(&lac->redial)) {
		snprintf(err, errlen, "[lac %s] is not connected", name);
		return -ENOTCONN;
	}
	log_notice("[lac %s]: disconnected by operator", name);
	gw_lac_stop(lac, "disconnected by operator", SESSION_END_ADMIN_RESET);
	return 0;
}

int gateway_stats(struct gateway *gw, control_stat_fn emit, void *ctx)
{
	int rc;

	struct gateway_tunnel_counts tc;

	gateway_tunnel_counts(gw, &tc);
	if ((rc = emit("tunnels", tc.total, ctx)) < 0 ||
	    (rc = emit("tunnels_established", tc.established, ctx)) < 0 ||
	    (rc = emit("tunnels_negotiating", tc.negotiating, ctx)) < 0 ||
	    (rc = emit("tunnels_closing", tc.closing, ctx)) < 0 ||
	    (rc = emit("tunnels_lns", gw->n_lns_tunnels, ctx)) < 0 ||
	    (rc = emit("tunnels_lac", gw->n_lac_tunnels, ctx)) < 0 ||
	    (rc = emit("sessions", gw->n_sessions, ctx)) < 0 ||
	    (rc = emit("sessions_up", gw->n_up, ctx)) < 0 ||
	    (rc = emit("calls_negotiating", gateway_negotiating_count(gw),
		       ctx)) < 0 ||
	    (rc = emit("calls_refused_negotiating",
		       gw->calls_refused_negotiating, ctx)) < 0 ||
	    (rc = emit("sccrq_refused_not_allowed",
		       gw->sccrq_refused_not_allowed, ctx)) < 0 ||
	    (rc = emit("calls_refused_tunnel_share",
		       gw->calls_refused_tunnel_share, ctx)) < 0 ||
	    (rc = emit("calls_refused_peer_share",
		       gw->calls_refused_peer_share, ctx)) < 0 ||
	    (rc = emit("ppp_protocol_rejects_withheld",
		       gw->ppp_withheld.n[PPP_REPLY_PROTOCOL_REJECT], ctx)) < 0 ||
	    (rc = emit("ppp_code_rejects_withheld",
		       gw->ppp_withheld.n[PPP_REPLY_CODE_REJECT], ctx)) < 0 ||
	    (rc = emit("ppp_echo_replies_withheld",
		       gw->ppp_withheld.n[PPP_REPLY_ECHO], ctx)) < 0 ||
	    (rc = emit("ppp_negotiation_replies_withheld",
		       gw->ppp_withheld.n[PPP_REPLY_NEGOTIATION], ctx)) < 0 ||
	    (rc = emit("kernel_sessions_lost", gw->kernel_sessions_lost,
		       ctx)) < 0 ||
	    (rc = emit("kernel_tunnels_lost", gw->kernel_tunnels_lost,
		       ctx)) < 0 ||
	    (rc = emit("kernel_module_unloads", gw->kernel_unloads, ctx)) < 0 ||
	    (rc = emit("peer_moves", gw->peer_moves, ctx)) < 0 ||
	    (rc = emit("peer_move_refused", gw->peer_move_refused, ctx)) < 0 ||
	    (rc = emit("lac_sections", gw->n_lacs, ctx)) < 0 ||
	    (rc = emit("lac_call_redials", gw->lac_call_redials, ctx)) < 0 ||
	    (rc = emit("lns_sections", gw->set->cfg->n_lns, ctx)) < 0)
		return rc;
#define EMIT_CTX_COUNTER(name, what)					\
	if ((rc = emit(#name, l2tp_ctx_stats(gw->ctx)->name, ctx)) < 0)	\
		return rc;
	L2TP_CTX_COUNTERS(EMIT_CTX_COUNTER)
#undef EMIT_CTX_COUNTER
	if (gw->hooks && (rc = hooks_emit_stats(gw->hooks, emit, ctx)) < 0)
		return rc;
	if ((rc = gw_acct_dae_stats(gw, emit, ctx)) < 0)
		return rc;
	if ((rc = gw_radius_stats(gw, emit, ctx)) < 0)
		return rc;
	if ((rc = gw_tally_stats(gw, emit, ctx)) < 0)
		return rc;
	if (!gw->ipsec.find)
		return 0;
	if ((rc = emit("ipsec_cleartext_dropped", gw->ipsec_cleartext,
		       ctx)) < 0 ||
	    (rc = emit("ipsec_unknown_sa_dropped", gw->ipsec_unknown_sa,
		       ctx)) < 0 ||
	    (rc = emit("ipsec_wrong_sa_dropped", gw->ipsec_wrong_sa, ctx)) < 0 ||
	    (rc = emit("ipsec_tunnels_lost_sa", gw->ipsec_sa_lost, ctx)) < 0 ||
	    (rc = emit("ipsec_rebinds", gw->ipsec_rebinds, ctx)) < 0 ||
	    (rc = emit("ipsec_rebind_wrong_sa_dropped",
		       gw->ipsec_rebind_wrong_sa, ctx)) < 0 ||
	    (rc = emit("ipsec_tx_no_sa", gw->ipsec_tx_no_sa, ctx)) < 0)
		return rc;
	return 0;
}
