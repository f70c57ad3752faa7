/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside the gateway (daemon/gateway/): the objects its files share and
 * what one file calls in another; gateway.h is the API.
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
 *    with the limit, and the same two counts of the call's tunnel
 *    (l2tp_tunnel_calls_in_setup, gw_tunnel.n_negotiating) with its
 *    share (max_negotiating_per_tunnel).
 */
#ifndef L2TPGW_GATEWAY_INTERNAL_H
#define L2TPGW_GATEWAY_INTERNAL_H

#include "backoff.h"
#include "escape.h"
#include "gateway.h"
#include "gateway/end_cause.h"
#include "ifname.h"
#include "loop.h"
#include "aaa/aaa.h"
#include "aaa/radius_verifier.h"
#include "aaa/acct.h"
#include "aaa/rate.h"
#include "aaa/users.h"
#include "hooks/event.h"

#define LAC_REDIAL_MIN_MS	5000
#define LAC_REDIAL_MAX_MS	120000
/* A call lost on a live tunnel is placed again after 1 s, 2 s ... 30 s. */
#define LAC_CALL_REDIAL_MIN_MS	1000
#define LAC_CALL_REDIAL_MAX_MS	30000
/* How often a [lac] counts its calls (some fail unseen, in setup). */
#define LAC_CALL_AUDIT_MS	10000
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
	uint64_t rx_wrong_sa;	/* kernel counter at the last re-bind */
	int64_t created_at;
	bool announced;		/* tunnel.up published */
	char close_reason[64];	/* why we closed it, "" if we did not */
	enum session_end_cause end_cause;	/* its sessions', if we did */
	struct timer refuse;	/* deferred StopCCN for unwanted peers */
	unsigned n_negotiating;	/* its share of gw->n_negotiating */
	unsigned lac_idx;	/* where gt->lac was in gw->lacs (a hint) */
	/* Its sessions' counters summed at the last read (counters.c). */
	bool has_counters;
	struct control_counters counters;
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
	/* prefix also claimed in gw->set's pools by a reload (reload.c) */
	bool prefix_carried;
	uint32_t ifindex;		/* of ifname, 0 before link_up */
	struct ifname_ref ifref;	/* ifname's number, held till down */
	bool negotiating;		/* counted in gw->n_negotiating */
	int64_t created_at;
	bool announced;			/* session.up published */
	struct timer close_timer;
	uint16_t close_result;
	char close_msg[96];
	bool ppp_finished;
	/*
	 * A PPP frame that arrived before PPP started (an LCP request
	 * overtaking a lost ICCN): the latest one, fed to PPP at its start.
	 */
	uint8_t *early;
	size_t early_len;
	bool by_operator;	/* deleted by our operator: not redialled */
	/* Why it ends: the first cause given wins (end_cause.h). */
	enum session_end_cause end_cause;
	/*
	 * Its time limits (session_limits.c), 0: none; counted from its
	 * first NCP up.  Idle: the module's rx and tx packet counters
	 * unchanged since idle_since.
	 */
	uint64_t session_timeout_ms, idle_timeout_ms;
	bool limits_started;
	struct timer limit_timer;	/* the session timeout */
	uint64_t idle_since;
	uint64_t idle_rx_packets, idle_tx_packets;
	bool limits_on;			/* counted in gw->n_idle_limited */
	/*
	 * The module's counters at the last read (counters.c); final once
	 * read just before its kernel session is deleted.
	 */
	bool has_counters;
	bool counters_final;
	struct control_counters counters;
	int64_t up_at;			/* loop ms at session.up */
	/* From its first NCP up to its down report (events.c). */
	struct session_event *event;
	/* Its section's name and hooks, in set (NULL before PPP). */
	const char *section;
	const struct config_hooks *hooks;
	uint64_t setup_start_ms;	/* loop time at creation (tally.c) */
	bool set_up;			/* an NCP opened once (tally.c) */
	/* RADIUS accounting (acct_dae.c); acct NULL: none for it. */
	char acct_session_id[ACCT_SESSION_ID_LEN];
	struct acct_session *acct;
	enum radius_terminate_cause acct_cause;	/* 0: from how it ended */
	/*
	 * AAA (aaa/aaa.h): the verifier PPP asks, what it is told about the
	 * session, and what the last successful authentication granted
	 * (read it through gw_session_grant()).
	 */
	struct aaa_verifier verifier;
	struct aaa_session_info aaa_info;	/* into the strings below */
	char calling_station[INET6_ADDRSTRLEN];	/* the peer's address */
	char tunnel_server[INET6_ADDRSTRLEN];	/* ours; "" if unknown */
	bool has_grant;
	struct aaa_grant grant;
	/* On gw->setup until PPP starts, then on gw->sessions. */
	struct gw_session *next, **pprev;
	/* Its rate limits on its device, as last put there (rate.c). */
	bool has_rate;
	struct aaa_rate rate;
};

/*
 * What the session's authentication granted (address or pool, IPv6
 * prefixes, timeouts, interim interval, MTU, rate limit, Class), a copy
 * made when PPP authenticated the peer; NULL before that, after a failure
 * and for sessions without authentication.
 */
static inline const struct aaa_grant *
gw_session_grant(const struct gw_session *s)
{
	return s->has_grant ? &s->grant : NULL;
}

struct gw_lac {
	struct gateway *gw;
	struct config_lac cfg;		/* copy: survives a reload */
	uint16_t tunnel_id;		/* 0: no tunnel */
	struct timer redial;
	uint32_t backoff_ms;
	bool removed;
	/* Its calls on its live tunnel, kept at cfg.sessions (lac.c). */
	struct timer calls;		/* the next redial round or count */
	uint16_t calls_tunnel_id;	/* the tunnel they are counted on */
	unsigned calls_target;		/* sessions, less operator deletes */
	bool calls_lost;		/* the timer is a redial round */
	struct backoff calls_backoff;
	char calls_reason[96];		/* why the last call was lost */
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
	/* Kernel session added, PPP not started (not in n_sessions). */
	struct gw_session *setup;
	struct ifnames *ifnames;
	/* Added to the kernel, session_up not called yet. */
	struct gw_session *adding;
	/* Sessions up, no NCP open yet, of incoming calls. */
	unsigned n_negotiating;
	uint64_t calls_refused_negotiating;
	uint64_t sccrq_refused_not_allowed;	/* no [lns] peers match */
	uint64_t calls_refused_tunnel_share;
	uint64_t calls_refused_peer_share;
	char refuse_msg[96];		/* the CDN message of a refusal */
	/* PPP replies to the peers' input withheld, summed over sessions. */
	struct ppp_replies_withheld ppp_withheld;
	struct gw_lac *lacs;
	unsigned n_lacs;
	uint32_t lac_sock[2];		/* [0] AF_INET, [1] AF_INET6 */
	bool lac_sock_set[2];
	bool shutting_down;
	struct control_server *ctl;	/* NULL: no control socket */
	struct hooks *hooks;		/* NULL: up/down scripts not run */
	struct radius_client *radius;	/* radius.c; NULL: no [radius] */
	struct gateway_ipsec ipsec;	/* find NULL: no IPsec */
	uint64_t ipsec_cleartext;	/* control in the clear, dropped */
	uint64_t ipsec_unknown_sa;	/* through an SA charon did not report */
	uint64_t ipsec_wrong_sa;	/* through another tunnel's SA */
	uint64_t ipsec_sa_lost;		/* tunnels dropped: their SA went */
	uint64_t ipsec_rebinds;		/* tunnels moved to a replacing SA */
	uint64_t ipsec_rebind_wrong_sa;	/* data dropped (wrong SA) before one */
	uint64_t ipsec_tx_no_sa;	/* control not sent: no SA to carry it */
	uint64_t peer_moves;		/* cleartext tunnels that followed */
	uint64_t peer_move_refused;	/* ... and messages that did not move */
	uint64_t kernel_sessions_lost;	/* deleted under us: CDN sent */
	uint64_t kernel_tunnels_lost;	/* deleted under us: dropped */
	uint64_t kernel_unloads;	/* the module went away */
	uint64_t lac_call_redials;	/* calls placed again on a live tunnel */
	struct gateway_tally tally;	/* tally.c */
	/* One counters dump per round for every idle limit (session_limits.c). */
	struct timer idle_round;
	unsigned n_idle_limited;
	struct acct *acct;		/* NULL: no RADIUS accounting */
	struct dae *dae;		/* NULL: no DAE listener */
	char acct_server_endpoint[ACCT_ADDR_STR];
	/* RADIUS as verifier of auth_backend = radius sections (aaa.c). */
	bool radius_auth_ready;
	struct radius_verifier radius_auth;
};

/* tunnel.c */
struct gw_tunnel *gw_tunnel_of(const struct gateway *gw,
			       const struct l2tp_tunnel *t);
struct gw_tunnel **gw_sa_bucket(const struct gateway *gw, uint32_t reqid);
/* Its peer's reqid changed to reqid (0: none): move it in gw->by_sa. */
void gw_tunnel_rebucket(struct gw_tunnel *gt, uint32_t reqid);
struct gw_tunnel *gw_tunnel_new(struct gateway *gw,
				struct l2tp_tunnel *t);
int gw_lns_for_peer(const struct config *c, const struct l2tp_addr *a);
const char *gw_addr_str(const struct l2tp_addr *a, char *buf, size_t len);
/* "192.0.2.1:1701", "[2001:db8::1]:1701" */
#define GW_ADDR_PORT_STR	(INET6_ADDRSTRLEN + 8)
const char *gw_addr_port_str(const struct l2tp_addr *a, char *buf,
			     size_t len);
void gw_fill_tunnel(const struct gw_tunnel *gt,
		 struct control_tunnel_info *ti);
/* What the control plane alone knows (a half-open tunnel: no gw_tunnel). */
void gw_fill_l2tp_tunnel(const struct l2tp_tunnel *t,
			 struct control_tunnel_info *ti);
bool gw_hook_tunnel_admit(void *arg, const struct l2tp_addr *peer);
void gw_hook_tunnel_up(void *arg, struct l2tp_tunnel *t);
void gw_hook_tunnel_freed(void *arg, struct l2tp_tunnel *t);

/* lac.c */
struct gw_lac *gw_lac_by_name(const struct gateway *gw, const char *name);
struct gw_lac *gw_lac_of(const struct gateway *gw, struct gw_tunnel *gt);
const struct config_lac *gw_lac_config(const struct gateway_settings *set,
				    const char *name, unsigned hint);
void gw_lac_redial_later(struct gw_lac *lac);
void gw_lac_dial(struct gw_lac *lac);
void gw_lac_stop(struct gw_lac *lac, const char *why,
		 enum session_end_cause cause);
/* Stops its timers (redial, calls): before it is freed. */
void gw_lac_cancel_timers(struct gw_lac *lac);
/* A reload keeps lac as nl: its tunnel, backoffs and timers move. */
void gw_lac_move(struct gw_lac *nl, struct gw_lac *lac);
/*
 * A call (session) on tunnel_id went (why): a [lac]'s is placed again,
 * unless our operator deleted it.
 */
void gw_lac_call_lost(struct gateway *gw, uint16_t tunnel_id,
		      const char *session, const char *why, bool by_operator);
struct gw_lac *gw_lacs_new(struct gateway *gw, const struct config *c);
int gw_build_lacs(struct gateway *gw, const struct config *c);

/* session.c */
#define GW_USER_SHOWN STR_ESCAPED_SIZE(USERS_NAME_MAX)
/* s->user escaped for a log line, in out; "-" if none. */
const char *gw_user_shown(const struct gw_session *s,
			  char out[GW_USER_SHOWN]);
struct gw_session *gw_session_of(const struct l2tp_session *ls);
void gw_fill_session(const struct gw_session *s,
		  struct control_session_info *si);
struct gw_session *gw_session_new(struct gateway *gw,
				  const struct l2tp_session_info *si);
void gw_session_release(struct gw_session *s);
/* reload.c: gives back the claim a reload made on s's /64, if any. */
void gw_session_drop_carried_prefix(struct gw_session *s);
void gw_hook_session_added(void *arg, struct l2tp_session *ls);
void gw_hook_session_up(void *arg, struct l2tp_session *ls);
/* A PPP frame the kernel passed up for s (NULL: none of ours). */
void gw_session_input(struct gw_session *s, const uint8_t *frame, size_t len);
void gw_hook_session_down(void *arg, struct l2tp_session *ls);
/* Why s ends, unless a cause was given before (the first one wins). */
void gw_session_end_cause(struct gw_session *s, enum session_end_cause c);
/*
 * End s as a limit does: cause, a log line, LCP Terminate-Request, then
 * the CDN once PPP has finished.
 */
void gw_session_end(struct gw_session *s, enum session_end_cause c,
		    const char *why);

/* session_limits.c */
/* At its creation: no limits yet. */
void gw_limits_init(struct gw_session *s);
/* A new session timeout from now (a CoA's Session-Timeout); 0: none. */
void gw_limits_set_session_timeout(struct gw_session *s, uint32_t secs);
/*
 * s reached the network phase: its session and idle timeouts (its
 * user's in the users file, else its [lns] section's) start.
 */
void gw_limits_start(struct gw_session *s);
/* s goes: its limits stop. */
void gw_limits_stop(struct gw_session *s);
/* The gateway's idle round, at its creation and when it goes. */
void gw_limits_new(struct gateway *gw);
void gw_limits_free(struct gateway *gw);
/*
 * s's limits running and what is left of them, idleness counted from
 * the last round that saw traffic (si->has_limits false: none).
 */
void gw_fill_limits(const struct gw_session *s,
		    struct control_session_info *si);

/* counters.c */
/*
 * The module's counters of every session (tunnel_id 0) or one tunnel's,
 * and their tunnels' sums, in one dump.  0 or -errno (counters kept).
 */
int gw_counters_refresh(struct gateway *gw, uint16_t tunnel_id);
/* One session's, for session show. */
void gw_session_counters_read(struct gw_session *s);
/*
 * Its totals, read once just before its kernel session is deleted (or
 * goes with its tunnel): what session.down, its log line and hook carry.
 */
void gw_session_counters_final(struct gw_session *s);

/* events.c */
/* A network protocol opened on s; the first time, its up report. */
void gw_events_link_up(struct gw_session *s);
/*
 * s ended (s->end_cause, reason: the CDN or close in words): its down
 * report, if it had an up one.
 */
void gw_events_session_down(struct gw_session *s, const char *reason);

/* admission.c */
uint16_t gw_hook_session_admit(void *arg, struct l2tp_tunnel *t,
			    const char **message);

/* kernel_objects.c */
int gw_kop_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti);
void gw_kop_tunnel_del(void *arg, uint16_t tunnel_id);
int gw_kop_session_add(void *arg, const struct l2tp_session_info *si);
int gw_kop_session_modify(void *arg, const struct l2tp_session_info *si);
void gw_kop_session_del(void *arg, uint16_t tunnel_id, uint16_t session_id);

/* input.c */
void gw_hook_send(void *arg, uint32_t sock, const struct l2tp_addr *peer,
	       const uint8_t *pkt, size_t len);

/* follow_peer.c */
/*
 * A control message arrived on sock from `from`: if it names a tunnel
 * whose peer is another source, move the tunnel there when follow_peer.h
 * allows, count and log the refusal otherwise.
 */
void gw_follow_peer(struct gateway *gw, uint32_t sock,
		    const struct l2tp_addr *from, const uint8_t *buf,
		    size_t len);

/* tally.c: each once per session, from session.c */
void gw_tally_session_new(struct gw_session *s);
void gw_tally_auth(struct gw_session *s, bool ok);
void gw_tally_session_set_up(struct gw_session *s);
void gw_tally_session_ended(struct gw_session *s);
int gw_tally_stats(const struct gateway *gw, control_stat_fn emit, void *ctx);

/* aaa.c: s's verifier and what it is told, before PPP starts (gt's). */
void gw_session_aaa(struct gw_session *s, struct gw_tunnel *gt);
/* operator.c: a session with PPP by its ids, or NULL. */
struct gw_session *gw_session_by_id(const struct gateway *gw,
				    uint16_t tunnel_id, uint16_t session_id);

/* rate.c */
/* Its first NCP is up on its device: its user's rate limits, if any. */
void gw_session_rate_up(struct gw_session *s);
/* New limits on its device (a CoA); a zero rate removes them. 0 or -errno. */
int gw_session_set_rate(struct gw_session *s, const struct aaa_rate *rate);
/* acct_dae.c: accounting Start at s's first NCP, Stop at its end. */
void gw_acct_session_up(struct gw_session *s);
void gw_acct_session_down(struct gw_session *s);
/* Their counters, when they run (gateway_stats). */
int gw_acct_dae_stats(const struct gateway *gw, control_stat_fn emit,
		      void *ctx);

/* gateway.c */
void gw_l2tp_config_of(struct l2tp_config *l, const struct config *c);

/* radius.c: the RADIUS client's life with the settings. */
struct gw_radius_reload {
	bool changed;			/* [radius] differs */
	struct radius_client *client;	/* the new one (NULL: none) */
};
int gw_radius_start(struct gateway *gw, const struct gateway_settings *s);
int gw_radius_prepare(struct gateway *gw, const struct gateway_settings *s,
		      struct gw_radius_reload *r, char *msg, size_t msglen);
void gw_radius_apply(struct gateway *gw, struct gw_radius_reload *r);
void gw_radius_cancel(struct gw_radius_reload *r);
void gw_radius_stop(struct gateway *gw);
int gw_radius_stats(const struct gateway *gw, control_stat_fn emit,
		    void *ctx);

#endif /* L2TPGW_GATEWAY_INTERNAL_H */
