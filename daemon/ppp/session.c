// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PPP session: RFC 1661's phases (establish, authenticate, network,
 * terminate) over LCP, the authentication engine and the NCPs, plus the
 * address given to the peer.
 *
 * Memory: a session lives for hours, its authentication for a second.
 * The authentication state (~1 KiB: names, challenges, the packet to
 * repeat) is allocated when LCP opens and released once the peer has
 * clearly moved on: an NCP opened (it got our Success), LCP went down, or
 * the state's own linger time ran out.  Only the user name is kept, at its
 * exact length.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ppp/ipcp.h"
#include "ppp/ipv6cp.h"
#include "ppp/lcp.h"
#include "addr/pool.h"
#include "addr/prefix_pool.h"
#include "ppp/ppp.h"
#include "aaa/aaa.h"
#include "dhcp6/dhcp6_prefix.h"

enum ppp_phase {
	PHASE_DEAD,
	PHASE_ESTABLISH,
	PHASE_AUTHENTICATE,
	PHASE_NETWORK,
	PHASE_TERMINATE,
};

static const char *const phase_names[] = {
	"dead", "establish", "authenticate", "network", "terminate",
};

static const char *const finish_names[PPP_FIN_NMAX] = {
	[PPP_FIN_LOCAL_CLOSE] = "closed locally",
	[PPP_FIN_PEER_TERMINATE] = "terminated by peer",
	[PPP_FIN_NEGOTIATION] = "LCP negotiation failed",
	[PPP_FIN_AUTH_FAILED] = "authentication failed",
	[PPP_FIN_ECHO_TIMEOUT] = "peer stopped answering LCP echo",
	[PPP_FIN_LOOPBACK] = "looped-back link",
	[PPP_FIN_NO_ADDRESS] = "no address for the peer",
	[PPP_FIN_NCP_FAILED] = "no network protocol could be opened",
};

enum addr_source { ADDR_NONE, ADDR_FROM_POOL, ADDR_STATIC };

struct ppp_session {
	struct loop *loop;
	struct ppp_config cfg;
	const struct ppp_ops *ops;
	void *ctx;
	enum ppp_role role;
	char name[64];
	enum ppp_phase phase;

	struct lcp lcp;
	struct ppp_auth *auth;		/* authentication phase only */
	char *user;			/* the peer's (server), ours (client) */
	struct ipcp ipcp;
	struct ipv6cp ipv6cp;
	bool lcp_was_opened;
	bool ipcp_up, ipv6cp_up;
	bool ipcp_dead, ipv6cp_dead;	/* finished without opening */

	uint16_t granted_mtu;		/* Framed-MTU; 0: none */
	uint32_t peer_addr;
	enum addr_source addr_src;
	struct ppp_pool *addr_pool;

	uint8_t prefix[16];		/* the peer's /64 while held */
	struct prefix_pool *prefix_pool;	/* NULL: holds none */
	bool prefix_granted;		/* prefix claimed in cfg.pools */
	/* Framed-IPv6-Prefix of the last authentication, as granted. */
	bool has_granted_prefix;
	uint8_t granted_prefix_len;
	uint8_t granted_prefix[16];
	/* Delegated-IPv6-Prefix of the last authentication, if usable. */
	bool has_delegated;
	uint8_t delegated_len;
	uint8_t delegated[16];

	int fin_reason;
	char *fin_msg;			/* NULL: the reason's name */
	bool finish_scheduled;
	struct timer finish_timer;

	struct ppp_replies replies;	/* buckets of replies to input */
	struct log_ratelimit rl;
	struct log_ratelimit withheld_rl;	/* its own: rl goes to the junk */
	struct ppp_session_stats stats;
};

const char *ppp_finish_reason_name(int reason)
{
	if (reason <= 0 || reason >= PPP_FIN_NMAX)
		return "unknown";
	return finish_names[reason];
}

/* The control protocol a reply belongs to, for logs. */
static const char *control_name(uint16_t proto)
{
	switch (proto) {
	case PPP_LCP:
		return "LCP";
	case PPP_IPCP:
		return "IPCP";
	case PPP_IPV6CP:
		return "IPv6CP";
	case PPP_PAP:
		return "PAP";
	case PPP_CHAP:
		return "CHAP";
	default:
		return "PPP";
	}
}

static void withhold(struct ppp_session *s, uint16_t proto,
		     enum ppp_reply_class c)
{
	s->stats.withheld.n[c]++;
	if (s->cfg.withheld_total)
		s->cfg.withheld_total->n[c]++;
	log_rl(&s->withheld_rl, LOG_NOTICE, "%s: %s %s withheld: more than "
	       "%u at once or one per %u ms (%llu so far)", s->name,
	       control_name(proto),
	       ppp_reply_class_name(c), ppp_reply_burst(c),
	       ppp_reply_interval_ms(c),
	       (unsigned long long)s->stats.withheld.n[c]);
}

static void session_xmit(void *ctx, uint16_t proto, const uint8_t *pkt,
			 size_t len)
{
	struct ppp_session *s = ctx;
	uint8_t frame[2 + PPP_MAX_PACKET];
	enum ppp_reply_class c;

	if (s->finish_scheduled && s->phase == PHASE_DEAD)
		return;
	/* Every packet sent one for one in answer to the peer's is bounded. */
	c = ppp_reply_class(proto, pkt, len);
	if (!ppp_replies_allow(&s->replies, c, loop_now(s->loop))) {
		withhold(s, proto, c);
		return;
	}
	if (c == PPP_REPLY_PROTOCOL_REJECT)
		s->stats.protocol_rejects++;
	if (len > sizeof(frame) - 2)
		len = sizeof(frame) - 2;
	put_be16(frame, proto);
	memcpy(frame + 2, pkt, len);
	s->stats.tx_frames++;
	s->ops->send(s->ctx, frame, len + 2);
}

static void set_reason(struct ppp_session *s, int reason, const char *msg)
{
	if (s->fin_reason)
		return;		/* the first cause is the one that matters */
	s->fin_reason = reason;
	s->fin_msg = strdup(msg);	/* NULL: the reason's name will do */
}

static const char *fin_msg(const struct ppp_session *s)
{
	return s->fin_msg ? s->fin_msg : ppp_finish_reason_name(s->fin_reason);
}

static void finish_fire(struct loop *loop, struct timer *t, void *arg)
{
	struct ppp_session *s = arg;

	s->phase = PHASE_DEAD;
	log_info("%s: PPP finished: %s (%s)", s->name,
		 ppp_finish_reason_name(s->fin_reason), fin_msg(s));
	if (s->ops->finished)
		s->ops->finished(s->ctx, s->fin_reason, fin_msg(s));
}

static void schedule_finish(struct ppp_session *s)
{
	if (s->finish_scheduled)
		return;
	if (!s->fin_reason)
		set_reason(s, s->lcp_was_opened ? PPP_FIN_PEER_TERMINATE :
			   PPP_FIN_NEGOTIATION,
			   s->lcp_was_opened ? "peer closed the link" :
			   "LCP did not converge");
	s->finish_scheduled = true;
	timer_arm(s->loop, &s->finish_timer, 0);
}

static void close_with(struct ppp_session *s, int reason, const char *msg)
{
	set_reason(s, reason, msg);
	s->phase = PHASE_TERMINATE;
	fsm_close(&s->lcp.fsm, msg);
	/* Closing from Initial/Closed/Stopped sends nothing and has no tlf. */
	if (s->lcp.fsm.state <= FSM_STOPPED)
		schedule_finish(s);
}

/* The user name escaped for logs ("" if none), in out. */
static const char *user_shown(const struct ppp_session *s,
			      char out[AUTH_SHOWN_MAX])
{
	return str_escape_cstr(out, AUTH_SHOWN_MAX, ppp_session_user(s));
}

/* --- authentication state -------------------------------------------- */

/* Frees the state now; not from inside any of its callbacks. */
static void release_auth(struct ppp_session *s)
{
	struct ppp_auth *a = s->auth;

	if (!a)
		return;
	ppp_auth_stop(a);
	/* Its counters outlive it in the session's. */
	s->stats.rx_malformed += a->rx_malformed;
	s->stats.rx_discarded += a->rx_unexpected;
	explicit_bzero(a, sizeof(*a));
	free(a);
	s->auth = NULL;
}

/* From the state's own timer: retired or lingered long enough. */
static void auth_release(void *ctx)
{
	release_auth(ctx);
}

/* The peer moved on: release the state soon (safe from any callback). */
static void retire_auth(struct ppp_session *s)
{
	if (s->auth && !s->auth->retired)
		ppp_auth_retire(s->auth);
}

/* Keeps the name at its exact length; NULL (none) if empty. */
static void set_user(struct ppp_session *s, const char *user)
{
	free(s->user);
	s->user = user && user[0] ? strdup(user) : NULL;
	if (user && user[0] && !s->user)
		log_warn("%s: out of memory keeping the user name", s->name);
}

/* --- address assignment ---------------------------------------------- */

static void release_address(struct ppp_session *s)
{
	if (s->addr_src == ADDR_FROM_POOL)
		pool_release(s->addr_pool, s->peer_addr);
	else if (s->addr_src == ADDR_STATIC && s->cfg.pools)
		pool_set_release_static(s->cfg.pools, s->peer_addr);
	s->addr_src = ADDR_NONE;
	s->addr_pool = NULL;
	s->peer_addr = 0;
}

static int assign_static(struct ppp_session *s, const struct aaa_grant *g)
{
	char a[INET_ADDRSTRLEN], shown[AUTH_SHOWN_MAX];
	struct in_addr in = { htonl(g->addr) };
	int r = s->cfg.pools ? pool_set_claim(s->cfg.pools, g->addr) : 0;

	inet_ntop(AF_INET, &in, a, sizeof(a));
	if (r < 0) {
		log_warn("%s: user \"%s\": static address %s %s", s->name,
			 user_shown(s, shown), a,
			 r == -EBUSY ? "is in use by another session" :
			 "cannot be claimed");
		return -1;
	}
	s->peer_addr = g->addr;
	s->addr_src = ADDR_STATIC;
	return 0;
}

/*
 * What the verifier granted (g; NULL: no authentication): its static
 * address (Framed-IP-Address, or the users file's), its pool
 * (Framed-Pool), else the section's default pool.
 */
static int assign_address(struct ppp_session *s, const struct aaa_grant *g)
{
	const char *pname = s->cfg.default_pool;
	char shown[AUTH_SHOWN_MAX];
	struct ppp_pool *p;

	if (g && g->addr_kind == PPP_USER_ADDR_STATIC)
		return assign_static(s, g);
	if (g && g->addr_kind == PPP_USER_ADDR_POOL)
		pname = g->pool;
	p = pool_set_find(s->cfg.pools, pname);
	if (!p) {
		log_warn("%s: user \"%s\": no address pool %s%s%s", s->name,
			 user_shown(s, shown),
			 pname ? "named \"" : "configured",
			 pname ? pname : "", pname ? "\"" : "");
		return -1;
	}
	if (pool_alloc(p, &s->peer_addr) < 0) {
		log_warn("%s: address pool \"%s\" exhausted (%zu addresses in use)",
			 s->name, pool_name(p), pool_in_use(p));
		return -1;
	}
	s->addr_src = ADDR_FROM_POOL;
	s->addr_pool = p;
	return 0;
}

/*
 * Delegated-IPv6-Prefix for DHCPv6 prefix delegation, if it can be one:
 * /48../64, global, and apart from the session's own /64 (the granted
 * Framed-IPv6-Prefix, or any of the section's prefix pool, which hands
 * /64s to other sessions).  Another session's delegated prefix is the
 * DHCPv6 server's to check (dhcp6/dhcp6_server.h).  Refused: the session
 * comes up without prefix delegation, and the log says why.
 */
static bool delegated_usable(const struct ppp_session *s,
			     const struct aaa_grant *g, char *why,
			     size_t whylen)
{
	struct prefix_pool *pp = pool_set_prefixes(s->cfg.pools);
	const uint8_t *d = g->delegated_prefix;
	unsigned dlen = g->delegated_prefix_len, pool_len;
	uint8_t pool[16];

	if (dhcp6_prefix_check(d, dlen, why, whylen) < 0)
		return false;
	if (s->has_granted_prefix &&
	    dhcp6_prefix_overlap(d, dlen, s->granted_prefix, 64)) {
		snprintf(why, whylen, "overlaps the session's "
			 "Framed-IPv6-Prefix");
		return false;
	}
	if (pp && prefix_pool_parse(prefix_pool_name(pp), pool, &pool_len,
				    why, whylen) == 0 &&
	    dhcp6_prefix_overlap(d, dlen, pool, pool_len)) {
		snprintf(why, whylen, "overlaps the IPv6 prefix pool %s",
			 prefix_pool_name(pp));
		return false;
	}
	return true;
}

static void keep_delegated_prefix(struct ppp_session *s,
				  const struct aaa_grant *g)
{
	char p[DHCP6_PREFIX_STR], shown[AUTH_SHOWN_MAX], why[96];

	s->has_delegated = false;
	if (!g || !g->has_delegated_prefix || s->role != PPP_SERVER)
		return;
	if (!delegated_usable(s, g, why, sizeof(why))) {
		log_warn("%s: user \"%s\": delegated prefix %s refused: %s; "
			 "no prefix delegation for this session", s->name,
			 user_shown(s, shown),
			 dhcp6_prefix_str(g->delegated_prefix,
					  g->delegated_prefix_len, p,
					  sizeof(p)), why);
		return;
	}
	s->has_delegated = true;
	s->delegated_len = g->delegated_prefix_len;
	memcpy(s->delegated, g->delegated_prefix, 16);
}

/* Framed-IPv6-Prefix replaces the section's prefix pool (checked when
 * IPv6CP opens); Delegated-IPv6-Prefix goes to DHCPv6. */
static void keep_granted_prefixes(struct ppp_session *s,
				  const struct aaa_grant *g)
{
	s->has_granted_prefix = g && g->has_ipv6_prefix;
	if (s->has_granted_prefix) {
		memcpy(s->granted_prefix, g->ipv6_prefix, 16);
		s->granted_prefix_len = g->ipv6_prefix_len;
	}
	keep_delegated_prefix(s, g);
}

/* --- phases ---------------------------------------------------------- */

static void start_network(struct ppp_session *s, const struct aaa_grant *g)
{
	s->phase = PHASE_NETWORK;
	s->ipcp_dead = !s->cfg.ipv4;
	s->ipv6cp_dead = !s->cfg.ipv6;
	if (s->cfg.ipv4) {
		if (s->role == PPP_SERVER && assign_address(s, g) < 0) {
			/* Closed: the peer's requests get Terminate-Ack. */
			fsm_lower_up(&s->ipcp.fsm);
			s->ipcp_dead = true;
			if (s->ipv6cp_dead) {
				close_with(s, PPP_FIN_NO_ADDRESS,
					   "no IPv4 address available");
				return;
			}
		} else {
			ipcp_set_addresses(&s->ipcp, s->cfg.local_ip,
					   s->peer_addr, s->cfg.dns,
					   s->cfg.want_dns);
			fsm_open(&s->ipcp.fsm);
			fsm_lower_up(&s->ipcp.fsm);
		}
	}
	if (s->cfg.ipv6) {
		fsm_open(&s->ipv6cp.fsm);
		fsm_lower_up(&s->ipv6cp.fsm);
	}
	if (s->ipcp_dead && s->ipv6cp_dead)
		close_with(s, PPP_FIN_NCP_FAILED, "no network protocol enabled");
}

static void auth_done(void *ctx, enum auth_result r, const char *user,
		      const struct aaa_grant *g)
{
	struct ppp_session *s = ctx;
	bool ok = r == AUTH_OK;
	char shown[AUTH_SHOWN_MAX];

	set_user(s, user);
	log_info("%s: %s authentication of \"%s\" %s", s->name,
		 ppp_auth_names[s->auth->method], user_shown(s, shown),
		 ok ? "succeeded" : "failed");
	if (!ok)
		g = NULL;
	s->granted_mtu = g ? g->mtu : 0;
	keep_granted_prefixes(s, g);
	if (s->ops->auth_done)
		s->ops->auth_done(s->ctx, user ? user : "", ok, g);
	if (s->phase != PHASE_AUTHENTICATE)
		return;		/* closed from auth_done */
	if (!ok) {
		close_with(s, PPP_FIN_AUTH_FAILED,
			   r == AUTH_TIMEOUT ? "authentication timed out" :
			   r == AUTH_UNUSABLE_SECRET ?
			   "user's NT-hash password cannot be checked with this method" :
			   r == AUTH_PEER_NOT_AUTHENTIC ?
			   "server failed to prove it knows the password" :
			   "Authentication failed");
		return;
	}
	start_network(s, g);
}

static const struct ppp_auth_ops session_auth_ops = {
	.xmit = session_xmit,
	.done = auth_done,
	.release = auth_release,
};

static void lcp_up(void *ctx, struct fsm *f)
{
	struct ppp_session *s = ctx;
	enum ppp_auth_method m = s->role == PPP_SERVER ? s->lcp.our_auth :
		s->lcp.peer_auth;
	struct ppp_auth_params p = {
		.server = s->role == PPP_SERVER,
		.method = m,
		.verifier = s->cfg.verifier,
		.info = s->cfg.aaa_info,
		.our_name = s->role == PPP_SERVER ? s->cfg.hostname : s->cfg.user,
		.secret = s->cfg.password,
		.restart_ms = s->lcp.fsm.cfg.restart_ms,
		.max_tries = s->lcp.fsm.cfg.max_configure,
	};

	s->lcp_was_opened = true;
	log_info("%s: LCP up, MRU %u/%u, authentication %s", s->name,
		 s->lcp.our_mru, lcp_peer_mru(&s->lcp), ppp_auth_names[m]);
	if (m == PPP_AUTH_NONE) {
		if (s->role == PPP_SERVER && s->cfg.n_auth) {
			close_with(s, PPP_FIN_AUTH_FAILED,
				   "no authentication method agreed");
			return;
		}
		start_network(s, NULL);
		return;
	}
	if (s->auth) {
		/* LCP renegotiated before the old state was released. */
		ppp_auth_stop(s->auth);
	} else if (!(s->auth = malloc(sizeof(*s->auth)))) {
		log_err("%s: out of memory for the authentication state",
			s->name);
		close_with(s, PPP_FIN_AUTH_FAILED,
			   "out of memory for authentication");
		return;
	}
	s->phase = PHASE_AUTHENTICATE;
	ppp_auth_init(s->auth, s->loop, &p, &session_auth_ops, s, s->name);
	ppp_auth_start(s->auth);
}

static void lcp_down(void *ctx, struct fsm *f)
{
	struct ppp_session *s = ctx;

	/* Before the NCPs go: their tlf must not read as "all NCPs failed". */
	if (s->phase != PHASE_DEAD)
		s->phase = PHASE_TERMINATE;
	/* Possibly from inside the authentication's own callbacks. */
	retire_auth(s);
	fsm_lower_down(&s->ipcp.fsm);
	fsm_lower_down(&s->ipv6cp.fsm);
	fsm_close(&s->ipcp.fsm, NULL);
	fsm_close(&s->ipv6cp.fsm, NULL);
	release_address(s);
}

static void lcp_finished(void *ctx, struct fsm *f)
{
	schedule_finish(ctx);
}

static void lcp_fatal(void *ctx, struct fsm *f, int reason, const char *msg)
{
	struct ppp_session *s = ctx;
	int fin = reason == LCP_FATAL_LOOPBACK ? PPP_FIN_LOOPBACK :
		  reason == LCP_FATAL_ECHO_TIMEOUT ? PPP_FIN_ECHO_TIMEOUT :
		  PPP_FIN_AUTH_FAILED;

	log_notice("%s: %s", s->name, msg);
	close_with(s, fin, msg);
}

static void protocol_rejected(void *ctx, uint16_t proto)
{
	struct ppp_session *s = ctx;

	if (proto == PPP_IPCP)
		fsm_rxj(&s->ipcp.fsm, true);
	else if (proto == PPP_IPV6CP)
		fsm_rxj(&s->ipv6cp.fsm, true);
}

static const struct ppp_layer_hooks lcp_hooks = {
	.up = lcp_up,
	.down = lcp_down,
	.finished = lcp_finished,
	.fatal = lcp_fatal,
	.protocol_rejected = protocol_rejected,
};

/*
 * The granted Framed-IPv6-Prefix as the peer's /64, claimed among the
 * section's (inside its prefix pool or not) so no two sessions have it.
 * A prefix SLAAC cannot use or one in use leaves IPv6 link-local only.
 */
static int claim_granted_prefix(struct ppp_session *s)
{
	char a[INET6_ADDRSTRLEN], shown[AUTH_SHOWN_MAX], err[128];
	int r;

	if (prefix_check_slaac(s->granted_prefix, s->granted_prefix_len, err,
			       sizeof(err)) < 0) {
		log_warn("%s: user \"%s\": Framed-IPv6-Prefix refused: %s; "
			 "IPv6 stays link-local only", s->name,
			 user_shown(s, shown), err);
		return -1;
	}
	inet_ntop(AF_INET6, s->granted_prefix, a, sizeof(a));
	r = s->cfg.pools ? pool_set_claim_prefix(s->cfg.pools,
						 s->granted_prefix) : 0;
	if (r < 0) {
		log_warn("%s: user \"%s\": Framed-IPv6-Prefix %s/64 %s: IPv6 "
			 "stays link-local only", s->name, user_shown(s, shown),
			 a, r == -EBUSY ? "is in use by another session" :
			 "cannot be claimed (out of memory)");
		return -1;
	}
	memcpy(s->prefix, s->granted_prefix, 16);
	s->prefix_granted = true;
	log_info("%s: delegated %s/64 (Framed-IPv6-Prefix)", s->name, a);
	return 0;
}

/* A /64 from the section's pool, if it has one. */
static int alloc_prefix(struct ppp_session *s)
{
	struct prefix_pool *pp = pool_set_prefixes(s->cfg.pools);
	char a[INET6_ADDRSTRLEN];

	if (!pp)
		return -1;
	if (prefix_pool_alloc(pp, s->prefix) < 0) {
		log_warn("%s: IPv6 prefix pool %s exhausted (%zu /64s in use): "
			 "IPv6 stays link-local only", s->name,
			 prefix_pool_name(pp), prefix_pool_in_use(pp));
		return -1;
	}
	s->prefix_pool = pp;
	log_info("%s: delegated %s/64 from %s", s->name,
		 inet_ntop(AF_INET6, s->prefix, a, sizeof(a)),
		 prefix_pool_name(pp));
	return 0;
}

/*
 * The peer's /64 for SLAAC: the granted one, else one from the section's
 * pool.  An exhausted pool leaves IPv6 up with link-local addresses only:
 * IPv4 and the session stay useful, and the log says why the client has
 * no global address.
 */
static void assign_prefix(struct ppp_session *s, struct ppp_ncp_result *r)
{
	if (s->role != PPP_SERVER)
		return;
	if (!s->prefix_pool && !s->prefix_granted &&
	    (s->has_granted_prefix ? claim_granted_prefix(s) :
	     alloc_prefix(s)) < 0)
		return;
	r->has_prefix = true;
	memcpy(r->prefix, s->prefix, 16);
	r->ra = s->cfg.ra;
}

static void release_prefix(struct ppp_session *s)
{
	if (s->prefix_granted && s->cfg.pools)
		pool_set_release_prefix(s->cfg.pools, s->prefix);
	s->prefix_granted = false;
	if (!s->prefix_pool)
		return;
	prefix_pool_release(s->prefix_pool, s->prefix);
	s->prefix_pool = NULL;
}

static void ncp_up(void *ctx, struct fsm *f)
{
	struct ppp_session *s = ctx;
	struct ppp_ncp_result r = { 0 };
	int proto = f == &s->ipcp.fsm ? PPP_IP : PPP_IPV6;

	if (proto == PPP_IP) {
		char l[INET_ADDRSTRLEN], p[INET_ADDRSTRLEN];
		struct in_addr a;

		r.local_ip = s->ipcp.local;
		r.peer_ip = s->ipcp.peer;
		r.dns[0] = s->role == PPP_SERVER ? s->cfg.dns[0] : s->ipcp.dns[0];
		r.dns[1] = s->role == PPP_SERVER ? s->cfg.dns[1] : s->ipcp.dns[1];
		s->ipcp_up = true;
		a.s_addr = htonl(r.local_ip);
		inet_ntop(AF_INET, &a, l, sizeof(l));
		a.s_addr = htonl(r.peer_ip);
		inet_ntop(AF_INET, &a, p, sizeof(p));
		log_info("%s: IPCP up, local %s peer %s", s->name, l, p);
	} else {
		memcpy(r.local_ifid, s->ipv6cp.local, 8);
		memcpy(r.peer_ifid, s->ipv6cp.peer, 8);
		assign_prefix(s, &r);
		r.serve_pd = s->role == PPP_SERVER;
		r.has_delegated = s->has_delegated;
		r.delegated_len = s->delegated_len;
		memcpy(r.delegated, s->delegated, 16);
		r.user = s->user;
		s->ipv6cp_up = true;
		log_info("%s: IPv6CP up", s->name);
	}
	/* The peer is past authentication: it got our Success. */
	retire_auth(s);
	if (s->ops->ncp_up)
		s->ops->ncp_up(s->ctx, proto, &r);
}

static void ncp_down(void *ctx, struct fsm *f)
{
	struct ppp_session *s = ctx;
	bool v4 = f == &s->ipcp.fsm;
	bool *up = v4 ? &s->ipcp_up : &s->ipv6cp_up;

	if (!*up)
		return;
	*up = false;
	if (s->ops->ncp_down)
		s->ops->ncp_down(s->ctx, v4 ? PPP_IP : PPP_IPV6);
	/* After the data plane let go of it: no RA names it any more. */
	if (!v4)
		release_prefix(s);
}

static void ncp_finished(void *ctx, struct fsm *f)
{
	struct ppp_session *s = ctx;

	if (f == &s->ipcp.fsm)
		s->ipcp_dead = true;
	else
		s->ipv6cp_dead = true;
	log_info("%s: %s finished", s->name, f->cb->name);
	if (s->phase == PHASE_NETWORK && s->ipcp_dead && s->ipv6cp_dead)
		close_with(s, PPP_FIN_NCP_FAILED,
			   "no network protocol could be opened");
}

static const struct ppp_layer_hooks ncp_hooks = {
	.up = ncp_up,
	.down = ncp_down,
	.finished = ncp_finished,
};

/* --- public API ------------------------------------------------------ */

struct ppp_session *ppp_session_new(struct loop *loop,
				    const struct ppp_config *cfg,
				    const struct ppp_ops *ops, void *ctx,
				    enum ppp_role role,
				    const char *name_for_logs)
{
	struct ppp_session *s = calloc(1, sizeof(*s));
	struct lcp_config lc = { 0 };

	if (!s)
		return NULL;
	s->loop = loop;
	s->cfg = *cfg;
	if (!s->cfg.hostname)
		s->cfg.hostname = "l2tpgw";
	if (s->cfg.mru && s->cfg.mru < PPP_MIN_MRU)
		s->cfg.mru = PPP_MIN_MRU;
	s->cfg.n_auth = 0;
	/* Keep each known method once, in the configured order. */
	for (size_t i = 0; i < cfg->n_auth && i < PPP_AUTH_NMETHODS - 1; i++) {
		enum ppp_auth_method m = cfg->auth[i];
		bool dup = false;

		for (size_t j = 0; j < s->cfg.n_auth; j++)
			dup |= s->cfg.auth[j] == m;
		if (m > PPP_AUTH_NONE && m < PPP_AUTH_NMETHODS && !dup)
			s->cfg.auth[s->cfg.n_auth++] = m;
	}
	s->ops = ops;
	s->ctx = ctx;
	s->role = role;
	snprintf(s->name, sizeof(s->name), "%s",
		 name_for_logs ? name_for_logs : "ppp");
	s->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10, 1000);
	/* One line per flood and 10 s, with the count so far. */
	s->withheld_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(1, 10000);

	lc.mru = s->cfg.mru;
	lc.server = role == PPP_SERVER;
	memcpy(lc.auth, s->cfg.auth, s->cfg.n_auth * sizeof(lc.auth[0]));
	lc.n_auth = s->cfg.n_auth;
	lc.echo_interval_ms = s->cfg.echo_interval_ms;
	lc.echo_failures = s->cfg.echo_failures;
	lcp_init(&s->lcp, loop, &lc, &s->cfg.fsm, session_xmit, s, &lcp_hooks,
		 s, s->name);
	ipcp_init(&s->ipcp, loop, role == PPP_SERVER, &s->cfg.fsm,
		  session_xmit, s, &ncp_hooks, s, s->name);
	ipv6cp_init(&s->ipv6cp, loop, &s->cfg.fsm, session_xmit, s,
		    &ncp_hooks, s, s->name);
	timer_init(&s->finish_timer, finish_fire, s);
	return s;
}

void ppp_session_start(struct ppp_session *s)
{
	if (s->phase != PHASE_DEAD || s->finish_scheduled)
		return;
	s->phase = PHASE_ESTABLISH;
	fsm_open(&s->lcp.fsm);
	fsm_lower_up(&s->lcp.fsm);
}

void ppp_session_close(struct ppp_session *s, const char *reason)
{
	if (s->finish_scheduled)
		return;
	log_info("%s: closing PPP: %s", s->name, reason ? reason : "");
	close_with(s, PPP_FIN_LOCAL_CLOSE, reason ? reason : "closed");
}

void ppp_session_free(struct ppp_session *s)
{
	if (!s)
		return;
	timer_cancel(s->loop, &s->finish_timer);
	release_auth(s);
	release_address(s);
	release_prefix(s);
	ipv6cp_destroy(&s->ipv6cp);
	ipcp_destroy(&s->ipcp);
	lcp_destroy(&s->lcp);
	free(s->user);
	free(s->fin_msg);
	free(s);
}

uint16_t ppp_session_mru(const struct ppp_session *s)
{
	uint16_t peer = lcp_peer_mru(&s->lcp);
	uint16_t mtu = peer < s->lcp.cfg.mru ? peer : s->lcp.cfg.mru;

	/* Framed-MTU lowers it, never below what PPP needs. */
	if (s->granted_mtu && s->granted_mtu < mtu)
		mtu = s->granted_mtu < PPP_MIN_MRU ? PPP_MIN_MRU :
			s->granted_mtu;
	return mtu;
}

void ppp_session_stats(const struct ppp_session *s,
		       struct ppp_session_stats *out)
{
	const struct fsm *fsms[] = { &s->lcp.fsm, &s->ipcp.fsm, &s->ipv6cp.fsm };

	*out = s->stats;
	for (size_t i = 0; i < sizeof(fsms) / sizeof(fsms[0]); i++) {
		out->rx_malformed += fsms[i]->stats.rx_malformed;
		out->rx_bad_id += fsms[i]->stats.rx_bad_id;
		out->rx_discarded += fsms[i]->stats.rx_illegal;
	}
	if (s->auth) {
		out->rx_malformed += s->auth->rx_malformed;
		out->rx_discarded += s->auth->rx_unexpected;
	}
	out->echo_sent = s->lcp.stats.echo_sent;
	out->echo_replies = s->lcp.stats.echo_replies;
}

size_t ppp_session_size(void)
{
	return sizeof(struct ppp_session);
}

const char *ppp_session_user(const struct ppp_session *s)
{
	return s->user ? s->user : "";
}

enum ppp_auth_method ppp_session_auth_method(const struct ppp_session *s)
{
	return s->auth ? s->auth->method : PPP_AUTH_NONE;
}

bool ppp_session_delegated(const struct ppp_session *s, uint8_t prefix[16],
			   uint8_t *len)
{
	if (!s->has_delegated)
		return false;
	memcpy(prefix, s->delegated, 16);
	*len = s->delegated_len;
	return true;
}

const char *ppp_session_phase(const struct ppp_session *s)
{
	return phase_names[s->phase];
}

enum fsm_state ppp_session_fsm_state(const struct ppp_session *s,
				     uint16_t proto)
{
	switch (proto) {
	case PPP_LCP:
		return s->lcp.fsm.state;
	case PPP_IPCP:
		return s->ipcp.fsm.state;
	case PPP_IPV6CP:
		return s->ipv6cp.fsm.state;
	default:
		return FSM_INITIAL;
	}
}

static void discard(struct ppp_session *s, uint16_t proto, const char *why)
{
	s->stats.rx_discarded++;
	log_rl(&s->rl, LOG_DEBUG, "%s: discarded protocol 0x%04x frame: %s",
	       s->name, proto, why);
}

static void ncp_input(struct ppp_session *s, struct fsm *f, bool enabled,
		      uint16_t proto, const uint8_t *info, size_t len)
{
	if (!enabled) {
		lcp_protocol_reject(&s->lcp, proto, info, len);
		return;
	}
	if (s->phase != PHASE_NETWORK) {
		discard(s, proto, "not in network phase");
		return;
	}
	/* The peer is in its network phase: it got our Success. */
	retire_auth(s);
	fsm_input(f, info, len);
}

void ppp_session_input(struct ppp_session *s, const uint8_t *frame,
		       size_t len)
{
	uint16_t proto;

	s->stats.rx_frames++;
	if (s->finish_scheduled) {
		discard(s, 0, "session finished");
		return;
	}
	if (len >= 2 && frame[0] == 0xff && frame[1] == 0x03) {
		frame += 2;
		len -= 2;
	}
	if (len >= 1 && (frame[0] & 1)) {
		proto = frame[0];	/* compressed protocol field */
		frame++;
		len--;
	} else if (len >= 2 && (frame[1] & 1)) {
		proto = get_be16(frame);
		frame += 2;
		len -= 2;
	} else {
		s->stats.rx_malformed++;
		log_rl(&s->rl, LOG_INFO, "%s: dropped frame without a valid protocol field",
		       s->name);
		return;
	}
	if (proto == PPP_LCP) {
		fsm_input(&s->lcp.fsm, frame, len);
		return;
	}
	if (!fsm_is_opened(&s->lcp.fsm)) {
		discard(s, proto, "LCP not opened");
		return;
	}
	switch (proto) {
	case PPP_PAP:
	case PPP_CHAP:
		if (!s->auth) {
			discard(s, proto, s->lcp_was_opened && s->phase ==
				PHASE_NETWORK ? "authentication is over" :
				"no authentication negotiated");
			return;
		}
		ppp_auth_input(s->auth, proto, frame, len);
		return;
	case PPP_IPCP:
		ncp_input(s, &s->ipcp.fsm, s->cfg.ipv4, proto, frame, len);
		return;
	case PPP_IPV6CP:
		ncp_input(s, &s->ipv6cp.fsm, s->cfg.ipv6, proto, frame, len);
		return;
	case PPP_IP:
	case PPP_IPV6:
		if (!(proto == PPP_IP ? s->cfg.ipv4 : s->cfg.ipv6))
			break;
		/* The kernel carries data; these slipped past it. */
		s->stats.rx_data++;
		return;
	default:
		break;
	}
	log_rl(&s->rl, LOG_INFO, "%s: Protocol-Reject for unsupported protocol 0x%04x",
	       s->name, proto);
	lcp_protocol_reject(&s->lcp, proto, frame, len);
}