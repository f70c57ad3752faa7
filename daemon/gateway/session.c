// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sessions: a gw_session per kernel session, the PPP it runs, and the
 * control plane's session_up/session_down hooks.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/l2tpgw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ifname.h"
#include "log.h"
#include "loop.h"

struct gw_session *gw_session_of(const struct l2tp_session *ls)
{
	return l2tp_session_user(ls);
}

static void ppp_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct gw_session *s = ctx;
	int rc = s->gw->dp.ppp_xmit(s->gw->dp.arg, s->tunnel_id,
				    s->session_id, frame, len);
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 1000);

	if (rc < 0)
		log_rl(&rl, LOG_WARNING, "%s: PPP frame not sent: %s", s->name,
		       strerror(-rc));
}

/* Close the L2TP session outside of any PPP or L2TP callback. */
static void close_fire(struct loop *loop, struct timer *tm, void *arg)
{
	struct gw_session *s = arg;

	l2tp_session_close(s->ls, s->close_result, 0, s->close_msg);
}

static void schedule_close(struct gw_session *s, uint16_t result,
			   const char *msg)
{
	if (timer_pending(&s->close_timer))
		return;
	s->close_result = result;
	snprintf(s->close_msg, sizeof(s->close_msg), "%s", msg);
	timer_arm(s->gw->loop, &s->close_timer, 0);
}

const char *gw_user_shown(const struct gw_session *s,
			  char out[GW_USER_SHOWN])
{
	if (!s->user[0])
		return "-";
	return str_escape_cstr(out, GW_USER_SHOWN, s->user);
}

static void ppp_auth_done(void *ctx, const char *user, bool ok,
			  const struct aaa_grant *g)
{
	struct gw_session *s = ctx;
	char shown[GW_USER_SHOWN];

	snprintf(s->user, sizeof(s->user), "%s", user);
	s->has_grant = ok && g;
	if (s->has_grant)
		s->grant = *g;
	str_escape_cstr(shown, sizeof(shown), user);
	gw_tally_auth(s, ok);
	if (ok)
		log_info("%s: user %s authenticated", s->name, shown);
	else
		log_notice("%s: user %s failed to authenticate", s->name,
			   shown);
}

static const char *ip_str(uint32_t host, char *buf, size_t len)
{
	struct in_addr a = { htonl(host) };

	return inet_ntop(AF_INET, &a, buf, (socklen_t)len) ? buf : "?";
}

static void log_link_up(const struct gw_session *s, int proto,
			const struct ppp_ncp_result *r)
{
	char l[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN];
	char d0[INET_ADDRSTRLEN], d1[INET_ADDRSTRLEN];
	char user[GW_USER_SHOWN];

	if (proto != PPP_IP) {
		char pfx[INET6_ADDRSTRLEN];

		log_notice("%s user %s IPv6 up: ifname %s prefix %s%s", s->name,
			   gw_user_shown(s, user), s->ifname,
			   r->has_prefix ? inet_ntop(AF_INET6, r->prefix, pfx,
						     sizeof(pfx)) : "none",
			   r->has_prefix ? "/64" : "");
		return;
	}
	log_notice("%s user %s up: ifname %s local %s peer %s dns %s%s%s",
		   s->name, gw_user_shown(s, user), s->ifname,
		   ip_str(r->local_ip, l, sizeof(l)),
		   ip_str(r->peer_ip, p, sizeof(p)),
		   r->dns[0] ? ip_str(r->dns[0], d0, sizeof(d0)) : "none",
		   r->dns[1] ? " " : "",
		   r->dns[1] ? ip_str(r->dns[1], d1, sizeof(d1)) : "");
}

void gw_fill_session(const struct gw_session *s,
		  struct control_session_info *si)
{
	memset(si, 0, sizeof(*si));
	si->tunnel_id = s->tunnel_id;
	si->session_id = s->session_id;
	si->peer_tunnel_id = l2tp_tunnel_peer_id(l2tp_session_tunnel(s->ls));
	si->peer_session_id = l2tp_session_peer_id(s->ls);
	si->state = s->protocols ? "up" : ppp_session_phase(s->ppp);
	si->user = s->user[0] ? s->user : NULL;
	si->ifname = s->ifname[0] ? s->ifname : NULL;
	si->ifindex = s->ifindex;
	if (s->protocols & L2TPGW_PROTO_IPV4) {
		uint32_t l = htonl(s->local_ip), p = htonl(s->peer_ip);

		si->has_ipv4 = true;
		memcpy(si->local_ipv4, &l, 4);
		memcpy(si->peer_ipv4, &p, 4);
	}
	if (s->protocols & L2TPGW_PROTO_IPV6) {
		si->has_ipv6 = true;
		memcpy(si->local_ifid, s->local_ifid, 8);
		memcpy(si->peer_ifid, s->peer_ifid, 8);
	}
	si->created_at = s->created_at;
	si->has_counters = s->has_counters;
	si->counters = s->counters;
	si->has_rate = s->has_rate;
	si->rate_rx_bps = s->rate.rx_bps;
	si->rate_tx_bps = s->rate.tx_bps;
	gw_fill_limits(s, si);
}

static void announce_session(struct gw_session *s, enum control_event ev,
			     const char *reason)
{
	struct control_session_info si;

	s->announced = ev == CONTROL_EVENT_SESSION_UP;
	if (!s->gw->ctl)
		return;
	gw_fill_session(s, &si);
	if (ev == CONTROL_EVENT_SESSION_DOWN)
		si.cause = session_end_cause_name(s->end_cause);
	control_server_publish_session(s->gw->ctl, ev, &si, reason);
}

/* An incoming call opened an NCP or ended: it no longer negotiates. */
static void negotiation_over(struct gw_session *s)
{
	struct gw_tunnel *gt;

	if (!s->negotiating)
		return;
	s->negotiating = false;
	s->gw->n_negotiating--;
	gt = s->gw->by_id[s->tunnel_id];
	if (gt && gt->n_negotiating)
		gt->n_negotiating--;
}

static void ppp_ncp_up(void *ctx, int proto, const struct ppp_ncp_result *r)
{
	struct gw_session *s = ctx;
	struct gateway *gw = s->gw;
	struct gateway_link link = {
		.tunnel_id = s->tunnel_id,
		.session_id = s->session_id,
		.proto = proto,
		.mtu = ppp_session_mru(s->ppp),
		.ncp = r,
	};
	uint32_t bit = proto == PPP_IP ? L2TPGW_PROTO_IPV4 : L2TPGW_PROTO_IPV6;
	bool first = !s->protocols;
	int rc;

	link.protocols = s->protocols | bit;
	rc = gw->dp.link_up(gw->dp.arg, &link, s->ifname);
	if (rc < 0) {
		log_err("%s: cannot bring the link up: %s", s->name,
			strerror(-rc));
		gw_session_end_cause(s, SESSION_END_NAS_ERROR);
		ppp_session_close(s->ppp, "data plane refused the link");
		return;
	}
	if (!s->protocols)
		gw->n_up++;
	gw_tally_session_set_up(s);
	negotiation_over(s);
	s->protocols |= bit;
	if (proto == PPP_IP) {
		s->peer_ip = r->peer_ip;
		s->local_ip = r->local_ip;
	} else {
		memcpy(s->local_ifid, r->local_ifid, 8);
		memcpy(s->peer_ifid, r->peer_ifid, 8);
		s->has_prefix = r->has_prefix;
		memcpy(s->prefix, r->prefix, 16);
	}
	if (!s->ifindex && s->ifname[0])
		s->ifindex = if_nametoindex(s->ifname);
	if (first)
		gw_session_rate_up(s);
	log_link_up(s, proto, r);
	gw_events_link_up(s);
	gw_limits_start(s);
	if (!s->announced)
		announce_session(s, CONTROL_EVENT_SESSION_UP, NULL);
}

static void ppp_ncp_down(void *ctx, int proto)
{
	struct gw_session *s = ctx;
	uint32_t bit = proto == PPP_IP ? L2TPGW_PROTO_IPV4 : L2TPGW_PROTO_IPV6;

	if (!(s->protocols & bit))
		return;		/* never reached the data plane */
	s->protocols &= ~bit;
	if (s->gw->dp.link_down)
		s->gw->dp.link_down(s->gw->dp.arg, s->tunnel_id, s->session_id,
				    s->protocols);
	if (proto == PPP_IP) {
		s->peer_ip = s->local_ip = 0;
	} else {
		s->has_prefix = false;
		gw_session_drop_carried_prefix(s);
	}
	if (!s->protocols)
		s->gw->n_up--;
	log_info("%s: %s down", s->name, proto == PPP_IP ? "IPv4" : "IPv6");
}

/* RFC 2661 4.4.2 CDN result for why PPP ended. */
static uint16_t cdn_result(int reason)
{
	switch (reason) {
	case PPP_FIN_PEER_TERMINATE:
	case PPP_FIN_ECHO_TIMEOUT:
		return L2TP_CDN_LOST_CARRIER;
	case PPP_FIN_LOCAL_CLOSE:
		return L2TP_CDN_ADMIN;
	case PPP_FIN_NO_ADDRESS:
		return L2TP_CDN_TEMP_NO_FACILITIES;
	default:
		/* Negotiation, authentication, loopback, no NCP. */
		return L2TP_CDN_GENERAL_ERROR;
	}
}

static void ppp_finished(void *ctx, int reason, const char *msg)
{
	struct gw_session *s = ctx;
	char text[96];

	s->ppp_finished = true;
	gw_session_end_cause(s, session_end_cause_of_ppp(reason));
	snprintf(text, sizeof(text), "PPP: %s%s%s",
		 ppp_finish_reason_name(reason), msg && msg[0] ? ": " : "",
		 msg ? msg : "");
	schedule_close(s, cdn_result(reason), text);
}

static const struct ppp_ops gw_ppp_ops = {
	.send = ppp_send,
	.auth_done = ppp_auth_done,
	.ncp_up = ppp_ncp_up,
	.ncp_down = ppp_ncp_down,
	.finished = ppp_finished,
};

static void fill_fsm(struct ppp_config *p, uint32_t echo_ms, unsigned fails)
{
	p->echo_interval_ms = echo_ms;
	p->echo_failures = fails;
}

static void ppp_config_lns(struct ppp_config *p,
			   const struct gateway_settings *set, unsigned i)
{
	const struct config_lns *lns = &set->cfg->lns[i];

	memcpy(p->auth, lns->auth.method, sizeof(p->auth));
	p->n_auth = lns->auth.n;
	p->pools = set->pools[i];
	p->default_pool = lns->pool[0] ? lns->name : NULL;
	p->hostname = set->cfg->global.host_name;
	p->local_ip = lns->local_ip;
	p->dns[0] = lns->dns.n > 0 ? lns->dns.addr[0] : 0;
	p->dns[1] = lns->dns.n > 1 ? lns->dns.addr[1] : 0;
	p->ipv4 = true;
	p->ipv6 = lns->ipv6;
	p->ra = &lns->ra;
	p->mru = (uint16_t)lns->mtu;
	fill_fsm(p, lns->echo_interval_ms, lns->echo_failures);
}

static void ppp_config_lac(struct ppp_config *p, const struct config_lac *lac)
{
	memcpy(p->auth, lac->auth.method, sizeof(p->auth));
	p->n_auth = lac->auth.n;
	p->user = lac->user;
	p->password = lac->password;
	p->want_dns = lac->want_dns;
	p->ipv4 = true;
	p->ipv6 = lac->ipv6;
	p->mru = (uint16_t)lac->mtu;
	fill_fsm(p, lac->echo_interval_ms, lac->echo_failures);
}

static void gw_session_link(struct gw_session **head, struct gw_session *s)
{
	s->next = *head;
	if (s->next)
		s->next->pprev = &s->next;
	s->pprev = head;
	*head = s;
}

/* Off gw->setup or gw->sessions, whichever holds it, if any. */
static void gw_session_unlink(struct gw_session *s)
{
	if (!s->pprev)
		return;
	*s->pprev = s->next;
	if (s->next)
		s->next->pprev = s->pprev;
	s->next = NULL;
	s->pprev = NULL;
}

/* A session the control plane is adding to the kernel (gw_kop_session_add). */
struct gw_session *gw_session_new(struct gateway *gw,
				  const struct l2tp_session_info *si)
{
	struct gw_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->gw = gw;
	s->tunnel_id = si->tunnel_id;
	s->session_id = si->session_id;
	s->created_at = (int64_t)time(NULL);
	gw_tally_session_new(s);
	snprintf(s->name, sizeof(s->name), "session %u/%u", s->tunnel_id,
		 s->session_id);
	acct_session_id_make(s->acct_session_id, s->tunnel_id, s->session_id);
	timer_init(&s->close_timer, close_fire, s);
	gw_limits_init(s);
	/* No PPP yet: nothing may feed it frames. */
	s->ppp_finished = true;
	return s;
}

/* What a session holds outside itself, whether PPP ran or not. */
void gw_session_release(struct gw_session *s)
{
	struct gateway *gw = s->gw;

	negotiation_over(s);
	gw_limits_stop(s);
	gw_session_unlink(s);
	free(s->early);
	free(s->event);
	ifnames_put(&s->ifref);
	timer_cancel(gw->loop, &s->close_timer);
	gw_session_drop_carried_prefix(s);
	if (s->set)
		gateway_settings_put(s->set);
	free(s);
}

static int start_ppp(struct gateway *gw, struct gw_tunnel *gt,
		     struct gw_session *s)
{
	struct gw_lac *lac = gw_lac_of(gw, gt);
	enum ppp_role role;

	s->set = gw->set;
	s->set->refs++;
	if (lac) {
		/* From the settings the session holds: a reload frees gw->lacs */
		const struct config_lac *lc;

		lc = gw_lac_config(s->set, lac->cfg.name, gt->lac_idx);
		ppp_config_lac(&s->pcfg, lc ? lc : &lac->cfg);
		s->section = lc ? lc->name : NULL;
		s->hooks = lc ? &lc->hooks : NULL;
		role = PPP_CLIENT;
		/* The PPP client speaks first; the peer's server waits. */
		lac->backoff_ms = 0;
	} else {
		ppp_config_lns(&s->pcfg, s->set, (unsigned)gt->lns);
		gw_session_aaa(s, gt);
		s->section = s->set->cfg->lns[gt->lns].name;
		s->session_timeout_ms =
			s->set->cfg->lns[gt->lns].session_timeout_ms;
		s->idle_timeout_ms = s->set->cfg->lns[gt->lns].idle_timeout_ms;
		s->hooks = &s->set->cfg->lns[gt->lns].hooks;
		role = PPP_SERVER;
	}
	s->pcfg.withheld_total = &gw->ppp_withheld;
	s->ppp = ppp_session_new(gw->loop, &s->pcfg, &gw_ppp_ops, s, role,
				 s->name);
	if (!s->ppp)
		return -errno;
	gw_session_unlink(s);
	gw_session_link(&gw->sessions, s);
	gw->n_sessions++;
	s->ppp_finished = false;
	return 0;
}

/*
 * The kernel session was just added (gw_kop_session_add made s), before
 * the call connects: s is the call's from now on, so frames that arrive
 * before PPP starts find it.
 */
void gw_hook_session_added(void *arg, struct l2tp_session *ls)
{
	struct gateway *gw = arg;
	struct l2tp_tunnel *t = l2tp_session_tunnel(ls);
	struct gw_session *s = gw->adding;

	gw->adding = NULL;
	if (!s || s->tunnel_id != l2tp_tunnel_id(t) ||
	    s->session_id != l2tp_session_id(ls)) {
		log_err("tunnel %u session %u: added, but not through the "
			"gateway; left without PPP", l2tp_tunnel_id(t),
			l2tp_session_id(ls));
		if (s)
			gw_session_release(s);
		return;
	}
	s->ls = ls;
	l2tp_session_set_user(ls, s);
	gw_session_link(&gw->setup, s);
}

/* Bounds what one session in setup holds for PPP. */
#define EARLY_FRAME_MAX	1500

/* Before PPP starts: keep the latest frame (a retransmission replaces it). */
static void hold_early(struct gw_session *s, const uint8_t *frame, size_t len)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 1000);
	uint8_t *copy;

	if (len > EARLY_FRAME_MAX || !(copy = malloc(len ? len : 1))) {
		log_rl(&rl, LOG_INFO, "%s: PPP frame of %zu bytes before the "
		       "call connected dropped", s->name, len);
		return;
	}
	memcpy(copy, frame, len);
	free(s->early);
	s->early = copy;
	s->early_len = len;
}

void gw_session_input(struct gw_session *s, const uint8_t *frame, size_t len)
{
	if (!s)
		return;
	if (!s->ppp_finished)
		ppp_session_input(s->ppp, frame, len);
	else if (!s->ppp)
		hold_early(s, frame, len);
}

/* PPP started: what came before it, as if it came now. */
static void feed_early(struct gw_session *s)
{
	uint8_t *frame = s->early;

	if (!frame)
		return;
	s->early = NULL;
	log_debug("%s: PPP frame received before the call connected fed to "
		  "PPP", s->name);
	if (!s->ppp_finished)
		ppp_session_input(s->ppp, frame, s->early_len);
	free(frame);
}

void gw_hook_session_up(void *arg, struct l2tp_session *ls)
{
	struct gateway *gw = arg;
	struct l2tp_tunnel *t = l2tp_session_tunnel(ls);
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	struct gw_session *s = gw_session_of(ls);
	bool incoming = gt && !gt->lac[0] && gt->lns >= 0;
	int rc;

	if (!s) {
		log_err("tunnel %u session %u: up, but not added through the "
			"gateway; left without PPP", l2tp_tunnel_id(t),
			l2tp_session_id(ls));
		return;
	}
	/* An incoming call negotiates PPP from now on. */
	s->negotiating = incoming;
	gw->n_negotiating += incoming;
	if (gt)
		gt->n_negotiating += incoming;
	if (!gt || (!gt->lac[0] && gt->lns < 0)) {
		gw_session_end_cause(s, SESSION_END_NAS_REQUEST);
		schedule_close(s, L2TP_CDN_GENERAL_ERROR,
			       "no [lns] section accepts this peer");
		return;
	}
	rc = start_ppp(gw, gt, s);
	if (rc < 0) {
		log_err("%s: cannot start PPP: %s", s->name, strerror(-rc));
		gw_session_end_cause(s, SESSION_END_NAS_ERROR);
		schedule_close(s, L2TP_CDN_TEMP_NO_FACILITIES,
			       "cannot start PPP");
		return;
	}
	ppp_session_start(s->ppp);
	feed_early(s);
}

/* "CDN result 3 (disconnected by operator)", "cause 16", "tunnel closed". */
static void session_down_reason(const struct gw_session *s, char *buf,
				size_t len)
{
	uint16_t result = l2tp_session_result(s->ls);
	uint16_t cause = l2tp_session_disconnect_cause(s->ls);

	if (result)
		snprintf(buf, len, "CDN result %u%s%s%s", result,
			 s->close_msg[0] ? " (" : "", s->close_msg,
			 s->close_msg[0] ? ")" : "");
	else if (cause)
		snprintf(buf, len, "disconnect cause %u", cause);
	else if (s->close_msg[0])
		snprintf(buf, len, "%s", s->close_msg);
	else
		snprintf(buf, len, "tunnel closed");
}

void gw_session_end_cause(struct gw_session *s, enum session_end_cause c)
{
	if (!s->end_cause)
		s->end_cause = c;
}

void gw_session_end(struct gw_session *s, enum session_end_cause c,
		    const char *why)
{
	char user[GW_USER_SHOWN];

	gw_session_end_cause(s, c);
	log_notice("%s user %s: %s: closing it", s->name,
		   gw_user_shown(s, user), why);
	if (s->ppp && !s->ppp_finished)
		ppp_session_close(s->ppp, why);
	else
		schedule_close(s, L2TP_CDN_ADMIN, why);
}

/*
 * Its cause if one was given; else what the control plane saw: the
 * peer's CDN or StopCCN, our close of its tunnel, or the tunnel lost.
 */
static enum session_end_cause final_cause(const struct gw_session *s)
{
	struct l2tp_tunnel *t = l2tp_session_tunnel(s->ls);
	struct gw_tunnel *gt = gw_tunnel_of(s->gw, t);

	if (s->end_cause)
		return s->end_cause;
	if (l2tp_session_peer_closed(s->ls))
		return SESSION_END_USER_REQUEST;
	if (gt && gt->end_cause)
		return gt->end_cause;
	if (l2tp_tunnel_peer_stopped(t))
		return SESSION_END_USER_REQUEST;
	if (s->gw->shutting_down)
		return SESSION_END_NAS_REBOOT;
	return SESSION_END_LOST_CARRIER;
}

void gw_hook_session_down(void *arg, struct l2tp_session *ls)
{
	struct gateway *gw = arg;
	struct gw_session *s = gw_session_of(ls);
	char reason[160], user[GW_USER_SHOWN];

	if (!s)
		return;
	s->end_cause = final_cause(s);
	/* Its totals, while a session going with its tunnel still has them. */
	if (s->announced)
		gw_session_counters_final(s);
	l2tp_session_set_user(ls, NULL);
	/*
	 * The kernel session and its device are gone, or go with the tunnel
	 * right after this (one batch): what the data plane keeps about it
	 * goes now, so does the device's name.
	 */
	if (gw->dp.session_down)
		gw->dp.session_down(gw->dp.arg, s->tunnel_id, s->session_id);
	if (s->ppp) {
		session_down_reason(s, reason, sizeof(reason));
		if (s->announced)
			announce_session(s, CONTROL_EVENT_SESSION_DOWN, reason);
		gw_events_session_down(s, reason);
		if (s->protocols)
			gw->n_up--;
		if (l2tp_session_result(ls))
			log_info("%s user %s down: CDN result %u", s->name,
				 gw_user_shown(s, user),
				 l2tp_session_result(ls));
		else
			log_info("%s user %s down: tunnel closed", s->name,
				 gw_user_shown(s, user));
		ppp_session_free(s->ppp);
		gw->n_sessions--;
	}
	gw_tally_session_ended(s);
	/* A [lac] places its call again if the tunnel stays. */
	session_down_reason(s, reason, sizeof(reason));
	gw_lac_call_lost(gw, s->tunnel_id, s->name, reason,
			 s->by_operator);
	gw_session_release(s);
}
