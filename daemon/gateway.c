// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway: L2TP control plane hooks → PPP sessions → kernel.
 *
 * Objects and lifetimes:
 *  - struct gw_tunnel, one per tunnel of the ctx we care about (every
 *    tunnel we open, every incoming tunnel once up), found by tunnel id;
 *    freed from the tunnel_freed hook.
 *  - struct gw_session, one per session in the kernel: created when the
 *    control plane adds the kernel session (it holds the device's name
 *    from then on), given PPP in session_up, freed in session_down, which
 *    runs whether the session is deleted alone or with its whole tunnel:
 *    everything a session holds is released there, never in session_del.
 *    PPP may end first (finished); the L2TP session is then closed from a
 *    zero-delay timer, because neither layer lets a callback close the
 *    object it is called about.
 *  - Calls negotiating (max_negotiating): an incoming call counts in the
 *    control plane (l2tp_ctx_calls_in_setup) from its ICRQ until
 *    session_up, then on its gw_session (negotiating) until an NCP opens
 *    or it ends.  Both counts are exact: session_admit compares their sum
 *    with the limit.
 */
#include "gateway.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/l2tpgw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wire.h"
#include "control/control.h"
#include "ifname.h"
#include "ipsec/ipsec.h"
#include "log.h"
#include "loop.h"
#include "ppp/pool.h"
#include "ppp/prefix_pool.h"
#include "ppp/users.h"

#define LAC_REDIAL_MIN_MS	5000
#define LAC_REDIAL_MAX_MS	120000
#define ID_SPACE		65536
/* The module's default for sessions of [lac] sections (no ifname key). */
#define LAC_IFNAME		"l2tp%d"
/* Tunnels by the reqid of their IPsec SA: buckets (a power of two). */
#define SA_BUCKETS		4096
/* Names of a pattern taken by other devices skipped per session, at most. */
#define IFNAME_TRIES		8

struct gw_tunnel {
	struct gateway *gw;
	struct l2tp_tunnel *t;
	uint16_t id;
	int lns;		/* [lns] index (incoming), or -1 */
	char lac[CONFIG_NAME_MAX];	/* [lac] name (ours), or "" */
	uint64_t rx_packets;	/* kernel counter at the last HELLO check */
	int64_t created_at;
	bool announced;		/* tunnel.up published */
	char close_reason[64];	/* why we closed it, "" if we did not */
	struct timer refuse;	/* deferred StopCCN for unwanted peers */
	unsigned lac_idx;	/* where gt->lac was in gw->lacs (a hint) */
	struct gw_tunnel *next, **pprev;
	/* In gw->by_sa while its peer speaks through an SA (reqid != 0). */
	struct gw_tunnel *sa_next, **sa_pprev;
};

struct gw_session {
	struct gateway *gw;
	struct gateway_settings *set;	/* reference: PPP borrows from it */
	struct l2tp_session *ls;
	struct ppp_session *ppp;
	struct ppp_config pcfg;
	uint16_t tunnel_id, session_id;
	char name[48];			/* "session T/S" for logs */
	char user[USERS_NAME_MAX + 1];
	char ifname[IF_NAMESIZE];
	uint32_t protocols;		/* L2TPGW_PROTO_* open */
	uint32_t peer_ip;		/* host order, while IPCP is up */
	uint32_t local_ip;		/* host order, while IPCP is up */
	uint8_t local_ifid[8], peer_ifid[8];	/* while IPV6CP is up */
	bool has_prefix;			/* while IPV6CP is up */
	uint8_t prefix[16];			/* its delegated /64 */
	uint32_t ifindex;		/* of ifname, 0 before link_up */
	struct ifname_ref ifref;	/* ifname's number, held till down */
	bool negotiating;		/* counted in gw->n_negotiating */
	int64_t created_at;
	bool announced;			/* session.up published */
	struct timer close_timer;
	uint16_t close_result;
	char close_msg[96];
	bool ppp_finished;
	struct gw_session *next, **pprev;
};

struct gw_lac {
	struct gateway *gw;
	struct config_lac cfg;		/* copy: survives a reload */
	uint16_t tunnel_id;		/* 0: no tunnel */
	struct timer redial;
	uint32_t backoff_ms;
	bool removed;
};

struct gateway {
	struct l2tp_kernel_ops kops;	/* dp.l2tp, sessions sized by section */
	struct loop *loop;
	struct gateway_settings *set;
	struct gateway_dataplane dp;
	gateway_send_fn send;
	void *send_arg;
	struct l2tp_ctx *ctx;
	struct l2tp_config l2cfg;
	struct gw_tunnel **by_id;	/* ID_SPACE slots */
	struct gw_tunnel **by_sa;	/* SA_BUCKETS chains, by reqid */
	struct gw_tunnel *tunnels;
	unsigned n_lac_tunnels, n_lns_tunnels;
	struct gw_session *sessions;
	unsigned n_sessions, n_up;
	struct ifnames *ifnames;
	/* Added to the kernel, session_up not called yet. */
	struct gw_session *adding;
	/* Sessions up, no NCP open yet, of incoming calls. */
	unsigned n_negotiating;
	uint64_t calls_refused_negotiating;
	char refuse_msg[96];		/* the CDN message of a refusal */
	struct gw_lac *lacs;
	unsigned n_lacs;
	uint32_t lac_sock[2];		/* [0] AF_INET, [1] AF_INET6 */
	bool lac_sock_set[2];
	bool shutting_down;
	struct control_server *ctl;	/* NULL: no control socket */
	struct gateway_ipsec ipsec;	/* find NULL: no IPsec */
	uint64_t ipsec_cleartext;	/* control in the clear, dropped */
	uint64_t ipsec_unknown_sa;	/* through an SA charon did not report */
	uint64_t ipsec_wrong_sa;	/* through another tunnel's SA */
	uint64_t ipsec_sa_lost;		/* tunnels dropped: their SA went */
};

/* --- tunnels -------------------------------------------------------------- */

static struct gw_tunnel *gw_tunnel_of(const struct gateway *gw,
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

static struct gw_tunnel **sa_bucket(const struct gateway *gw, uint32_t reqid)
{
	return &gw->by_sa[(reqid * 2654435761u) >> 20 & (SA_BUCKETS - 1)];
}

static struct gw_tunnel *gw_tunnel_new(struct gateway *gw,
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
	/* A tunnel's peer, SA included, is fixed for its life. */
	if (l2tp_tunnel_peer(t)->sa_reqid) {
		struct gw_tunnel **b = sa_bucket(gw, l2tp_tunnel_peer(t)->sa_reqid);

		gt->sa_next = *b;
		if (gt->sa_next)
			gt->sa_next->sa_pprev = &gt->sa_next;
		gt->sa_pprev = b;
		*b = gt;
	}
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

	if (gt->sa_pprev) {
		*gt->sa_pprev = gt->sa_next;
		if (gt->sa_next)
			gt->sa_next->sa_pprev = gt->sa_pprev;
	}
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

static int lns_for_peer(const struct config *c, const struct l2tp_addr *a)
{
	unsigned i;

	for (i = 0; i < c->n_lns; i++)
		if (config_lns_allows(&c->lns[i], &a->sa))
			return (int)i;
	return -1;
}

static const char *addr_str(const struct l2tp_addr *a, char *buf, size_t len)
{
	const void *ip = a->sa.sa_family == AF_INET6 ?
			 (const void *)&a->sin6.sin6_addr :
			 (const void *)&a->sin.sin_addr;

	if (!inet_ntop(a->sa.sa_family, ip, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

static struct gw_lac *lac_by_name(const struct gateway *gw, const char *name)
{
	unsigned i;

	for (i = 0; i < gw->n_lacs; i++)
		if (!strcmp(gw->lacs[i].cfg.name, name))
			return &gw->lacs[i];
	return NULL;
}

/* The [lac] of a tunnel we opened; gt->lac_idx spares the search. */
static struct gw_lac *lac_of(const struct gateway *gw, struct gw_tunnel *gt)
{
	struct gw_lac *lac;

	if (!gt->lac[0])
		return NULL;
	if (gt->lac_idx < gw->n_lacs &&
	    !strcmp(gw->lacs[gt->lac_idx].cfg.name, gt->lac))
		return &gw->lacs[gt->lac_idx];
	lac = lac_by_name(gw, gt->lac);
	if (lac)
		gt->lac_idx = (unsigned)(lac - gw->lacs);
	return lac;
}

static void fill_tunnel(const struct gw_tunnel *gt,
			struct control_tunnel_info *ti)
{
	const struct l2tp_tunnel *t = gt->t;

	memset(ti, 0, sizeof(*ti));
	ti->tunnel_id = gt->id;
	ti->peer_tunnel_id = l2tp_tunnel_peer_id(t);
	control_addr_from_sockaddr(&l2tp_tunnel_peer(t)->sa, &ti->peer,
				   &ti->peer_port);
	ti->state = l2tp_tunnel_state_name(t);
	ti->peer_host = l2tp_tunnel_peer_host(t);
	if (ti->peer_host && !ti->peer_host[0])
		ti->peer_host = NULL;
	ti->lac = gt->lac[0] ? gt->lac : NULL;
	ti->sessions = l2tp_tunnel_session_count(t);
	ti->created_at = gt->created_at;
}

static void announce_tunnel(struct gw_tunnel *gt, enum control_event ev,
			    const char *reason)
{
	struct control_tunnel_info ti;

	gt->announced = ev == CONTROL_EVENT_TUNNEL_UP;
	if (!gt->gw->ctl)
		return;
	fill_tunnel(gt, &ti);
	control_server_publish_tunnel(gt->gw->ctl, ev, &ti, reason);
}

static void hook_tunnel_up(void *arg, struct l2tp_tunnel *t)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	char a[INET6_ADDRSTRLEN];
	struct gw_lac *lac;

	if (gt && gt->lac[0]) {
		lac = lac_of(gw, gt);
		if (lac)
			lac->backoff_ms = 0;
		log_notice("tunnel %u: [lac %s] up to %s (%s)",
			   l2tp_tunnel_id(t), gt->lac,
			   addr_str(l2tp_tunnel_peer(t), a, sizeof(a)),
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
	gt->lns = lns_for_peer(gw->set->cfg, l2tp_tunnel_peer(t));
	addr_str(l2tp_tunnel_peer(t), a, sizeof(a));
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

static void lac_redial_later(struct gw_lac *lac)
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

static void hook_tunnel_freed(void *arg, struct l2tp_tunnel *t)
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
		lac = lac_of(gw, gt);
		if (lac && lac->tunnel_id == gt->id) {
			lac->tunnel_id = 0;
			lac_redial_later(lac);
		}
	}
	gw_tunnel_free(gt);
}

static void hook_tunnel_hello_due(void *arg, struct l2tp_tunnel *t)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	uint64_t rx;

	if (!gt || !gw->dp.tunnel_rx_packets ||
	    gw->dp.tunnel_rx_packets(gw->dp.arg, gt->id, &rx) < 0)
		return;
	if (rx != gt->rx_packets)
		l2tp_tunnel_note_activity(t);
	gt->rx_packets = rx;
}

/* --- LAC ------------------------------------------------------------------ */

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
			 lac->cfg.name, addr_str(peer, a, sizeof(a)));
	/* Redial later in any case, in case charon never answers. */
	lac_redial_later(lac);
	return false;
}

static void lac_dial(struct gw_lac *lac)
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
		lac_redial_later(lac);
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
	lac_dial(arg);
}

static void lac_stop(struct gw_lac *lac, const char *why)
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

/* --- sessions -------------------------------------------------------------- */

static struct gw_session *gw_session_of(const struct l2tp_session *ls)
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

static void ppp_auth_done(void *ctx, const char *user, bool ok)
{
	struct gw_session *s = ctx;

	snprintf(s->user, sizeof(s->user), "%s", user);
	if (ok)
		log_info("%s: user %s authenticated", s->name, user);
	else
		log_notice("%s: user %s failed to authenticate", s->name,
			   user);
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

	if (proto != PPP_IP) {
		char pfx[INET6_ADDRSTRLEN];

		log_notice("%s user %s IPv6 up: ifname %s prefix %s%s", s->name,
			   s->user[0] ? s->user : "-", s->ifname,
			   r->has_prefix ? inet_ntop(AF_INET6, r->prefix, pfx,
						     sizeof(pfx)) : "none",
			   r->has_prefix ? "/64" : "");
		return;
	}
	log_notice("%s user %s up: ifname %s local %s peer %s dns %s%s%s",
		   s->name, s->user[0] ? s->user : "-", s->ifname,
		   ip_str(r->local_ip, l, sizeof(l)),
		   ip_str(r->peer_ip, p, sizeof(p)),
		   r->dns[0] ? ip_str(r->dns[0], d0, sizeof(d0)) : "none",
		   r->dns[1] ? " " : "",
		   r->dns[1] ? ip_str(r->dns[1], d1, sizeof(d1)) : "");
}

static void fill_session(const struct gw_session *s,
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
}

static void announce_session(struct gw_session *s, enum control_event ev,
			     const char *reason)
{
	struct control_session_info si;

	s->announced = ev == CONTROL_EVENT_SESSION_UP;
	if (!s->gw->ctl)
		return;
	fill_session(s, &si);
	control_server_publish_session(s->gw->ctl, ev, &si, reason);
}

/* An incoming call opened an NCP or ended: it no longer negotiates. */
static void negotiation_over(struct gw_session *s)
{
	if (!s->negotiating)
		return;
	s->negotiating = false;
	s->gw->n_negotiating--;
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
	int rc;

	link.protocols = s->protocols | bit;
	rc = gw->dp.link_up(gw->dp.arg, &link, s->ifname);
	if (rc < 0) {
		log_err("%s: cannot bring the link up: %s", s->name,
			strerror(-rc));
		ppp_session_close(s->ppp, "data plane refused the link");
		return;
	}
	if (!s->protocols)
		gw->n_up++;
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
	log_link_up(s, proto, r);
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
	if (proto == PPP_IP)
		s->peer_ip = s->local_ip = 0;
	else
		s->has_prefix = false;
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
	p->users = set->users[i];
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

/* hint: where the name was in gw->lacs, built from the same list. */
static const struct config_lac *lac_config(const struct gateway_settings *set,
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

static void gw_session_unlink(struct gw_session *s)
{
	*s->pprev = s->next;
	if (s->next)
		s->next->pprev = s->pprev;
}

/* A session the control plane is adding to the kernel (kop_session_add). */
static struct gw_session *gw_session_new(struct gateway *gw,
					 const struct l2tp_session_info *si)
{
	struct gw_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->gw = gw;
	s->tunnel_id = si->tunnel_id;
	s->session_id = si->session_id;
	s->created_at = (int64_t)time(NULL);
	snprintf(s->name, sizeof(s->name), "session %u/%u", s->tunnel_id,
		 s->session_id);
	timer_init(&s->close_timer, close_fire, s);
	/* No PPP yet: nothing may feed it frames. */
	s->ppp_finished = true;
	return s;
}

/* What a session holds outside itself, whether PPP ran or not. */
static void gw_session_release(struct gw_session *s)
{
	struct gateway *gw = s->gw;

	negotiation_over(s);
	ifnames_put(&s->ifref);
	timer_cancel(gw->loop, &s->close_timer);
	if (s->set)
		gateway_settings_put(s->set);
	free(s);
}

static int start_ppp(struct gateway *gw, struct gw_tunnel *gt,
		     struct gw_session *s)
{
	struct gw_lac *lac = lac_of(gw, gt);
	enum ppp_role role;

	s->set = gw->set;
	s->set->refs++;
	if (lac) {
		/* From the settings the session holds: a reload frees gw->lacs. */
		const struct config_lac *lc = lac_config(s->set, lac->cfg.name,
							 gt->lac_idx);

		ppp_config_lac(&s->pcfg, lc ? lc : &lac->cfg);
		role = PPP_CLIENT;
		/* The PPP client speaks first; the peer's server waits. */
		lac->backoff_ms = 0;
	} else {
		ppp_config_lns(&s->pcfg, s->set, (unsigned)gt->lns);
		role = PPP_SERVER;
	}
	s->ppp = ppp_session_new(gw->loop, &s->pcfg, &gw_ppp_ops, s, role,
				 s->name);
	if (!s->ppp)
		return -errno;
	s->next = gw->sessions;
	if (s->next)
		s->next->pprev = &s->next;
	s->pprev = &gw->sessions;
	gw->sessions = s;
	gw->n_sessions++;
	s->ppp_finished = false;
	return 0;
}

static void hook_session_up(void *arg, struct l2tp_session *ls)
{
	struct gateway *gw = arg;
	struct l2tp_tunnel *t = l2tp_session_tunnel(ls);
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	struct gw_session *s = gw->adding;
	bool incoming = gt && !gt->lac[0] && gt->lns >= 0;
	int rc;

	gw->adding = NULL;
	if (!s || s->tunnel_id != l2tp_tunnel_id(t) ||
	    s->session_id != l2tp_session_id(ls)) {
		log_err("tunnel %u session %u: up, but not added through the "
			"gateway; left without PPP", l2tp_tunnel_id(t),
			l2tp_session_id(ls));
		if (s)
			gw_session_release(s);
		return;
	}
	s->ls = ls;
	l2tp_session_set_user(ls, s);
	/* An incoming call negotiates PPP from now on. */
	s->negotiating = incoming;
	gw->n_negotiating += incoming;
	if (!gt || (!gt->lac[0] && gt->lns < 0)) {
		schedule_close(s, L2TP_CDN_GENERAL_ERROR,
			       "no [lns] section accepts this peer");
		return;
	}
	rc = start_ppp(gw, gt, s);
	if (rc < 0) {
		log_err("%s: cannot start PPP: %s", s->name, strerror(-rc));
		schedule_close(s, L2TP_CDN_TEMP_NO_FACILITIES,
			       "cannot start PPP");
		return;
	}
	ppp_session_start(s->ppp);
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

static void hook_session_down(void *arg, struct l2tp_session *ls)
{
	struct gateway *gw = arg;
	struct gw_session *s = gw_session_of(ls);
	char reason[160];

	if (!s)
		return;
	l2tp_session_set_user(ls, NULL);
	/*
	 * The kernel session and its device are gone, or go with the tunnel
	 * right after this (one batch): what the data plane keeps about it
	 * goes now, so does the device's name.
	 */
	if (gw->dp.session_down)
		gw->dp.session_down(gw->dp.arg, s->tunnel_id, s->session_id);
	if (s->ppp) {
		if (s->announced) {
			session_down_reason(s, reason, sizeof(reason));
			announce_session(s, CONTROL_EVENT_SESSION_DOWN, reason);
		}
		if (s->protocols)
			gw->n_up--;
		if (l2tp_session_result(ls))
			log_info("%s user %s down: CDN result %u", s->name,
				 s->user[0] ? s->user : "-",
				 l2tp_session_result(ls));
		else
			log_info("%s user %s down: tunnel closed", s->name,
				 s->user[0] ? s->user : "-");
		ppp_session_free(s->ppp);
		gw_session_unlink(s);
		gw->n_sessions--;
	}
	gw_session_release(s);
}

/* --- admission of calls ---------------------------------------------------- */

/*
 * max_negotiating: an ICRQ beyond the limit is answered with CDN result 4
 * at once, before it costs a session, a device or a PPP negotiation, so
 * that a mass reconnect queues at the clients instead of collapsing the
 * gateway under retransmissions.
 */
static uint16_t hook_session_admit(void *arg, struct l2tp_tunnel *t,
				   const char **message)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw_tunnel_of(gw, t);
	unsigned limit = gw->set->cfg->global.max_negotiating, negotiating;

	if (!gt || gt->lac[0])
		return 0;	/* an OCRQ to our LAC: not an incoming call */
	if (gt->lns < 0) {
		*message = "no [lns] section accepts this peer";
		return L2TP_CDN_GENERAL_ERROR;
	}
	negotiating = gateway_negotiating_count(gw);
	if (!limit || negotiating < limit)
		return 0;
	gw->calls_refused_negotiating++;
	log_rl(&rl, LOG_NOTICE, "tunnel %u: call refused: %u calls "
	       "negotiating, max_negotiating = %u (%" PRIu64 " refused so "
	       "far)", gt->id, negotiating, limit,
	       gw->calls_refused_negotiating);
	snprintf(gw->refuse_msg, sizeof(gw->refuse_msg),
		 "%u calls negotiating (max_negotiating %u); try later",
		 negotiating, limit);
	*message = gw->refuse_msg;
	return L2TP_CDN_TEMP_NO_FACILITIES;
}

/* --- kernel objects ---------------------------------------------------------- */

static int kop_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	struct gateway *gw = arg;

	return gw->dp.l2tp->tunnel_add(gw->dp.l2tp_arg, ti);
}

static void kop_tunnel_del(void *arg, uint16_t tunnel_id)
{
	struct gateway *gw = arg;

	gw->dp.l2tp->tunnel_del(gw->dp.l2tp_arg, tunnel_id);
}

/* The device name pattern and MTU of a tunnel's sessions, by section. */
static const char *session_pattern(struct gateway *gw, struct gw_tunnel *gt,
				   uint32_t *mtu)
{
	const struct config *c = gw->set->cfg;
	const struct config_lac *lac;

	if (gt->lac[0]) {
		lac_of(gw, gt);
		lac = lac_config(gw->set, gt->lac, gt->lac_idx);
		*mtu = lac ? lac->mtu : 0;
		return LAC_IFNAME;
	}
	*mtu = c->lns[gt->lns].mtu;
	return c->lns[gt->lns].ifname;
}

/*
 * Name the device ourselves: the lowest free number of the section's
 * pattern.  A name someone else's device has (EEXIST) keeps its number
 * taken, so it is not tried again, and the next one is.
 */
static int add_named(struct gateway *gw, struct gw_session *s,
		     const char *pattern, uint32_t mtu,
		     const struct l2tp_session_info *si)
{
	unsigned tries;
	int rc;

	for (tries = 1;; tries++) {
		rc = ifnames_get(gw->ifnames, pattern, s->ifname, &s->ifref);
		if (rc < 0) {
			log_err("%s: no device name left for ifname %s: %s",
				s->name, pattern, rc == -ENOSPC ?
				"every number is in use" : strerror(-rc));
			return rc;
		}
		if (gw->dp.session_defaults)
			gw->dp.session_defaults(gw->dp.arg, s->ifname, mtu);
		rc = gw->dp.l2tp->session_add(gw->dp.l2tp_arg, si);
		if (rc != -EEXIST)
			return rc;
		if (!s->ifref.alloc) {
			log_err("%s: device %s exists: an ifname without %%d "
				"names one session at a time", s->name,
				s->ifname);
			return rc;
		}
		log_notice("%s: device %s exists but is not ours; its number "
			   "stays skipped", s->name, s->ifname);
		s->ifref.alloc = NULL;
		if (tries == IFNAME_TRIES) {
			log_err("%s: no device name: %u names of ifname %s in a "
				"row belong to other devices", s->name, tries,
				pattern);
			return rc;
		}
	}
}

static int kop_session_add(void *arg, const struct l2tp_session_info *si)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw->by_id[si->tunnel_id];
	struct gw_session *s;
	const char *pattern;
	uint32_t mtu;
	int rc;

	/* A tunnel being refused carries no call. */
	if (!gt || (!gt->lac[0] &&
		    (gt->lns < 0 || (unsigned)gt->lns >= gw->set->cfg->n_lns)))
		return -EPERM;
	if (gw->adding) {
		log_err("%s: added to the kernel but never reported up",
			gw->adding->name);
		gw_session_release(gw->adding);
		gw->adding = NULL;
	}
	s = gw_session_new(gw, si);
	if (!s)
		return -ENOMEM;
	pattern = session_pattern(gw, gt, &mtu);
	rc = add_named(gw, s, pattern, mtu, si);
	if (rc < 0) {
		gw_session_release(s);
		return rc;
	}
	gw->adding = s;
	return 0;
}

static void kop_session_del(void *arg, uint16_t tunnel_id, uint16_t session_id)
{
	struct gateway *gw = arg;

	gw->dp.l2tp->session_del(gw->dp.l2tp_arg, tunnel_id, session_id);
}

/* --- input ----------------------------------------------------------------- */

static void hook_send(void *arg, uint32_t sock, const struct l2tp_addr *peer,
		      const uint8_t *pkt, size_t len)
{
	struct gateway *gw = arg;
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 1000);
	char a[80];

	/* Never in the clear to a peer whose SA has gone. */
	if (peer->sa_reqid && gw->ipsec.find &&
	    !gw->ipsec.find(gw->ipsec.arg, peer->sa_reqid)) {
		log_rl(&rl, LOG_INFO, "peer %s: not sent: its CHILD_SA is gone",
		       addr_str(peer, a, sizeof(a)));
		return;
	}
	gw->send(gw->send_arg, sock, peer, pkt, len);
}

/*
 * IPsec rules for what the module passed up (docs/ipsec.md).  true if the
 * datagram may go on, with from completed by the SA's outbound mark.
 */
static bool ipsec_admit(struct gateway *gw, const struct l2tp_addr *from,
			const uint8_t *buf, size_t len, struct l2tp_addr *out)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 1000);
	const struct ipsec_sa *sa = NULL;
	struct gw_tunnel *gt;
	char a[80];

	*out = *from;
	out->mark = 0;
	if (from->sa_reqid)
		sa = gw->ipsec.find(gw->ipsec.arg, from->sa_reqid);
	if (!from->sa_reqid) {
		if (!gw->ipsec.enforce)
			return true;
		gw->ipsec_cleartext++;
		log_rl(&rl, LOG_NOTICE, "peer %s: L2TP in the clear dropped: "
		       "IPsec is required", addr_str(from, a, sizeof(a)));
		return false;
	}
	if (!sa) {
		gw->ipsec_unknown_sa++;
		log_rl(&rl, LOG_INFO, "peer %s: dropped: charon has not "
		       "reported this CHILD_SA (yet)", addr_str(from, a, sizeof(a)));
		return false;
	}
	out->mark = sa->mark_out;
	/* Control for a tunnel bound to another SA (T, L bits: id at 4). */
	if (len >= 6 && (buf[0] & 0xc0) == 0xc0) {
		gt = gw->by_id[get_be16(buf + 4)];
		if (gt && l2tp_tunnel_peer(gt->t)->sa_reqid &&
		    l2tp_tunnel_peer(gt->t)->sa_reqid != from->sa_reqid) {
			gw->ipsec_wrong_sa++;
			log_rl(&rl, LOG_NOTICE, "peer %s: control for tunnel %u "
			       "dropped: it belongs to CHILD_SA %u",
			       addr_str(from, a, sizeof(a)), gt->id,
			       l2tp_tunnel_peer(gt->t)->sa_reqid);
			return false;
		}
	}
	return true;
}

void gateway_input(struct gateway *gw, uint32_t sock,
		   const struct l2tp_addr *from, const uint8_t *buf,
		   size_t len)
{
	struct l2tp_session *ls;
	struct gw_session *s;
	struct l2tp_addr bound;
	const uint8_t *frame;
	size_t flen;

	if (gw->ipsec.find) {
		if (!ipsec_admit(gw, from, buf, len, &bound))
			return;
		from = &bound;
	}
	if (len >= 1 && (buf[0] & 0x80)) {
		l2tp_ctx_input(gw->ctx, sock, from, buf, len);
		return;
	}
	ls = l2tp_ctx_data_input(gw->ctx, sock, from, buf, len, &frame, &flen);
	if (!ls)
		return;
	s = gw_session_of(ls);
	if (s && !s->ppp_finished)
		ppp_session_input(s->ppp, frame, flen);
}

/* --- gateway --------------------------------------------------------------- */

static const struct l2tp_hooks gw_hooks = {
	.send = hook_send,
	.tunnel_up = hook_tunnel_up,
	.tunnel_freed = hook_tunnel_freed,
	.tunnel_hello_due = hook_tunnel_hello_due,
	.session_admit = hook_session_admit,
	.session_up = hook_session_up,
	.session_down = hook_session_down,
};

static void l2tp_config_of(struct l2tp_config *l, const struct config *c)
{
	const struct config_global *g = &c->global;

	memset(l, 0, sizeof(*l));
	l->host_name = g->host_name;
	if (c->n_lns) {
		l->secret = (const uint8_t *)c->lns[0].secret;
		l->secret_len = c->lns[0].secret_len;
		l->hide_avps = c->lns[0].hide_avps;
	} else if (c->n_lac) {
		l->secret = (const uint8_t *)c->lac[0].secret;
		l->secret_len = c->lac[0].secret_len;
		l->hide_avps = c->lac[0].hide_avps;
	}
	l->accept_icrq = c->n_lns > 0;
	l->hello_interval_ms = g->hello_interval_ms;
	l->max_tunnels = g->max_tunnels;
	l->max_sessions = g->max_sessions_per_tunnel;
	l->peer_tunnel_rate = g->peer_tunnel_rate;
	l->peer_tunnel_burst = g->peer_tunnel_burst;
	l->transport.recv_window = g->receive_window;
	l->transport.rto_initial_ms = g->retransmit_initial_ms;
	l->transport.rto_max_ms = g->retransmit_max_ms;
	l->transport.max_retries = g->retries;
}

static int build_lacs(struct gateway *gw, const struct config *c)
{
	struct gw_lac *a = calloc(c->n_lac + 1, sizeof(*a));
	unsigned i;

	if (!a)
		return -1;
	for (i = 0; i < c->n_lac; i++) {
		a[i].gw = gw;
		a[i].cfg = c->lac[i];
		timer_init(&a[i].redial, lac_redial_fire, &a[i]);
	}
	gw->lacs = a;
	gw->n_lacs = c->n_lac;
	return 0;
}

struct gateway *gateway_new(struct loop *loop, struct gateway_settings *s,
			    const struct gateway_dataplane *dp,
			    gateway_send_fn send, void *send_arg,
			    void (*random_bytes)(void *buf, size_t len))
{
	struct gateway *gw = calloc(1, sizeof(*gw));

	if (!gw)
		return NULL;
	gw->loop = loop;
	gw->dp = *dp;
	gw->send = send;
	gw->send_arg = send_arg;
	gw->by_id = calloc(ID_SPACE, sizeof(*gw->by_id));
	gw->by_sa = calloc(SA_BUCKETS, sizeof(*gw->by_sa));
	gw->ifnames = ifnames_new();
	if (!gw->by_id || !gw->by_sa || !gw->ifnames ||
	    build_lacs(gw, s->cfg) < 0)
		goto fail;
	l2tp_config_of(&gw->l2cfg, s->cfg);
	gw->l2cfg.random_bytes = random_bytes;
	gw->kops = (struct l2tp_kernel_ops){
		.tunnel_add = kop_tunnel_add, .tunnel_del = kop_tunnel_del,
		.session_add = kop_session_add, .session_del = kop_session_del,
	};
	gw->ctx = l2tp_ctx_new(loop, &gw->l2cfg, &gw->kops, gw, &gw_hooks, gw);
	if (!gw->ctx)
		goto fail;
	gw->set = s;
	s->refs++;
	return gw;
fail:
	free(gw->lacs);
	ifnames_free(gw->ifnames);
	free(gw->by_sa);
	free(gw->by_id);
	free(gw);
	return NULL;
}

void gateway_free(struct gateway *gw)
{
	unsigned i;

	if (!gw)
		return;
	for (i = 0; i < gw->n_lacs; i++)
		timer_cancel(gw->loop, &gw->lacs[i].redial);
	gw->shutting_down = true;
	/* Frees every tunnel: session_down and tunnel_freed run for each. */
	l2tp_ctx_free(gw->ctx);
	if (gw->adding)
		gw_session_release(gw->adding);
	/* After every session gave its name back. */
	ifnames_free(gw->ifnames);
	free(gw->lacs);
	free(gw->by_sa);
	free(gw->by_id);
	gateway_settings_put(gw->set);
	free(gw);
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
			lac_dial(&gw->lacs[i]);
}

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
	l2tp_config_of(&la, a);
	l2tp_config_of(&lb, b);
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

/* Reserve in the new pools every address and /64 live sessions hold. */
static void carry_addresses(struct gateway *gw, struct gateway_settings *s)
{
	struct gw_session *ss;
	unsigned i;

	for (ss = gw->sessions; ss; ss = ss->next) {
		for (i = 0; i < s->cfg->n_lns; i++) {
			struct prefix_pool *pp = pool_set_prefixes(s->pools[i]);

			if (ss->peer_ip)
				pool_set_reserve_static(s->pools[i],
							ss->peer_ip);
			if (ss->has_prefix && pp)
				prefix_pool_reserve(pp, ss->prefix);
		}
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
			nl->tunnel_id = old[j].tunnel_id;
			nl->backoff_ms = old[j].backoff_ms;
			if (timer_pending(&old[j].redial))
				timer_arm_at(gw->loop, &nl->redial,
					     old[j].redial.expires);
			timer_cancel(gw->loop, &old[j].redial);
			old[j].removed = true;
			continue;
		}
		if (j < n_old) {
			old[j].removed = true;
			lac_stop(&old[j], "configuration changed");
		}
		used += (size_t)snprintf(msg + used, used < msglen ?
					 msglen - used : 0, "; [lac %s] %s",
					 nl->cfg.name, j < n_old ? "changed" :
					 "added");
		if (used >= msglen)
			used = msglen - 1;
		if (nl->cfg.autostart)
			lac_dial(nl);
	}
	for (i = 0; i < n_old; i++) {
		if (old[i].removed)
			continue;
		lac_stop(&old[i], "removed from the configuration");
		used += (size_t)snprintf(msg + used, used < msglen ?
					 msglen - used : 0,
					 "; [lac %s] removed", old[i].cfg.name);
		if (used >= msglen)
			used = msglen - 1;
	}
}

int gateway_reload(struct gateway *gw, struct gateway_settings *s, char *msg,
		   size_t msglen)
{
	struct gw_lac *old = gw->lacs;
	unsigned n_old = gw->n_lacs;
	const char *fixed = fixed_change(gw->set->cfg, s->cfg);
	struct gateway_settings *prev = gw->set;

	if (fixed) {
		snprintf(msg, msglen, "%s changed; restart l2tpgwd to apply",
			 fixed);
		return -1;
	}
	if (build_lacs(gw, s->cfg) < 0) {
		gw->lacs = old;
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	carry_addresses(gw, s);
	gw->set = s;
	s->refs++;
	snprintf(msg, msglen, "%u [lns] section(s), %u [lac] section(s); "
		 "%u session(s) keep their settings", s->cfg->n_lns,
		 s->cfg->n_lac, gw->n_sessions);
	/* gw_tunnel.lns indexes the settings of the day the tunnel came up. */
	{
		struct gw_tunnel *gt;

		for (gt = gw->tunnels; gt; gt = gt->next)
			if (!gt->lac[0] && gt->lns >= 0)
				gt->lns = lns_for_peer(s->cfg,
						       l2tp_tunnel_peer(gt->t));
	}
	reload_lacs(gw, old, n_old, msg, msglen);
	free(old);
	gateway_settings_put(prev);
	return 0;
}

void gateway_shutdown(struct gateway *gw)
{
	struct gw_tunnel *gt;
	unsigned i;

	gw->shutting_down = true;
	for (i = 0; i < gw->n_lacs; i++)
		timer_cancel(gw->loop, &gw->lacs[i].redial);
	for (gt = gw->tunnels; gt; gt = gt->next) {
		snprintf(gt->close_reason, sizeof(gt->close_reason),
			 "l2tpgwd shutting down");
		l2tp_tunnel_close(gt->t, L2TP_STOPCCN_SHUTTING_DOWN, 0,
				  "l2tpgwd shutting down");
	}
}

bool gateway_idle(const struct gateway *gw)
{
	return l2tp_ctx_tunnel_count(gw->ctx) == 0;
}

struct l2tp_ctx *gateway_ctx(const struct gateway *gw)
{
	return gw->ctx;
}

unsigned gateway_session_count(const struct gateway *gw)
{
	return gw->n_sessions;
}

unsigned gateway_session_up_count(const struct gateway *gw)
{
	return gw->n_up;
}

unsigned gateway_negotiating_count(const struct gateway *gw)
{
	return l2tp_ctx_calls_in_setup(gw->ctx) + gw->n_negotiating;
}

/* --- operator commands (the control socket) ------------------------------- */

void gateway_set_control(struct gateway *gw, struct control_server *srv)
{
	gw->ctl = srv;
}

int gateway_tunnel_list(struct gateway *gw, control_tunnel_fn emit, void *ctx)
{
	struct control_tunnel_info ti;
	struct gw_tunnel *gt;
	int rc;

	for (gt = gw->tunnels; gt; gt = gt->next) {
		fill_tunnel(gt, &ti);
		rc = emit(&ti, ctx);
		if (rc < 0)
			return rc;
	}
	return 0;
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
	struct gw_tunnel *gt = tunnel_lookup(gw, tunnel_id, err, errlen);
	struct control_tunnel_info ti;

	if (!gt)
		return -ENOENT;
	fill_tunnel(gt, &ti);
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
	if ((lac = lac_of(gw, gt)) && lac->tunnel_id == gt->id) {
		timer_cancel(gw->loop, &lac->redial);
		lac->tunnel_id = 0;
	}
	snprintf(gt->close_reason, sizeof(gt->close_reason),
		 "closed by operator");
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
	for (s = gw->sessions; s; s = s->next) {
		if (tunnel_id && s->tunnel_id != tunnel_id)
			continue;
		fill_session(s, &si);
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
static struct gw_session *session_by_id(const struct gateway *gw,
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
		*first = session_by_id(gw, sel->tunnel_id, sel->session_id);
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
	fill_session(s, &si);
	return emit(&si, ctx);
}

/* By user: every session of that user (disconnecting a user). */
int gateway_session_delete(struct gateway *gw,
			   const struct control_selector *sel, char *err,
			   size_t errlen)
{
	struct gw_session *s, *next;

	if (!sessions_matching(gw, sel, &s))
		return session_not_found(gw, sel, err, errlen);
	for (; s; s = next) {
		/* One session per ids: no walk over the others. */
		next = sel->kind == CONTROL_SEL_ID ? NULL : s->next;
		if (!session_matches(s, sel))
			continue;
		log_notice("%s user %s: disconnected by operator", s->name,
			   s->user[0] ? s->user : "-");
		snprintf(s->close_msg, sizeof(s->close_msg),
			 "disconnected by operator");
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
	struct gw_lac *lac = lac_by_name(gw, name);

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
	lac_dial(lac);
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
	lac_stop(lac, "disconnected by operator");
	return 0;
}

int gateway_stats(struct gateway *gw, control_stat_fn emit, void *ctx)
{
	int rc;

	if ((rc = emit("tunnels", l2tp_ctx_tunnel_count(gw->ctx), ctx)) < 0 ||
	    (rc = emit("tunnels_lns", gw->n_lns_tunnels, ctx)) < 0 ||
	    (rc = emit("tunnels_lac", gw->n_lac_tunnels, ctx)) < 0 ||
	    (rc = emit("sessions", gw->n_sessions, ctx)) < 0 ||
	    (rc = emit("sessions_up", gw->n_up, ctx)) < 0 ||
	    (rc = emit("calls_negotiating", gateway_negotiating_count(gw),
		       ctx)) < 0 ||
	    (rc = emit("calls_refused_negotiating",
		       gw->calls_refused_negotiating, ctx)) < 0 ||
	    (rc = emit("lac_sections", gw->n_lacs, ctx)) < 0 ||
	    (rc = emit("lns_sections", gw->set->cfg->n_lns, ctx)) < 0)
		return rc;
	if (!gw->ipsec.find)
		return 0;
	if ((rc = emit("ipsec_cleartext_dropped", gw->ipsec_cleartext,
		       ctx)) < 0 ||
	    (rc = emit("ipsec_unknown_sa_dropped", gw->ipsec_unknown_sa,
		       ctx)) < 0 ||
	    (rc = emit("ipsec_wrong_sa_dropped", gw->ipsec_wrong_sa, ctx)) < 0 ||
	    (rc = emit("ipsec_tunnels_lost_sa", gw->ipsec_sa_lost, ctx)) < 0)
		return rc;
	return 0;
}

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
		lac_dial(lac);
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
	for (gt = *sa_bucket(gw, reqid); gt; gt = next) {
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
