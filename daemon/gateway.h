/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The gateway: what turns the L2TP control plane, PPP and the kernel data
 * plane into one daemon.
 *
 *	socket layer ──gateway_input()──► l2tp_ctx ──session_up──► PPP
 *	     ▲                                │                      │
 *	     └──────── send hook ◄────────────┘   frames: ppp_xmit ◄─┘
 *	                                          NCP up:  link_up
 *
 * One l2tp_ctx serves every [lns] and [lac] section: tunnel ids are unique
 * per network namespace in the module, and an SCCRQ is authenticated
 * before we know which section it belongs to, so all sections share one
 * tunnel secret (gateway_settings_new refuses configurations that differ).
 * An incoming tunnel belongs to the first [lns] section whose peers allow
 * its address; a tunnel we open belongs to its [lac] section.
 *
 * The kernel is reached only through struct gateway_dataplane, so unit
 * tests run two gateways back to back on a virtual clock with fakes.
 */
#ifndef L2TPGW_GATEWAY_H
#define L2TPGW_GATEWAY_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaa/rate.h"
#include "config.h"
#include "control/control.h"
#include "l2tp/l2tp.h"
#include "ppp/ppp.h"

struct loop;
struct users_db;
struct pool_set;
struct gateway;
struct radius_client;
struct radius_client_config;

/*
 * A configuration with everything it names loaded: the users file and
 * address pool of each [lns] section.  Immutable once built; reference
 * counted because PPP sessions borrow its users and pools until they end,
 * possibly after a reload has installed a newer one.
 */
struct gateway_settings {
	struct config *cfg;
	char file[CONFIG_PATH_MAX];
	struct users_db **users;	/* per [lns] section, NULL if none */
	struct pool_set **pools;	/* per [lns] section */
	/* [radius] with its secrets file read; NULL without [radius]. */
	struct radius_client_config *radius;
	unsigned refs;
};

/*
 * Check cfg and load what it names (file: the config's path, for errors).
 * Takes ownership of cfg in every case.  0 and *out, or -1 with
 * "file:line: what" in err.
 */
int gateway_settings_new(struct config *cfg, const char *file,
			 struct gateway_settings **out, char *err,
			 size_t errlen);
/* config_load + gateway_settings_new: what "l2tpgwd -n" runs. */
int gateway_settings_load(const char *path, struct gateway_settings **out,
			  char *err, size_t errlen);
void gateway_settings_put(struct gateway_settings *s);

/* A network protocol just opened on a session. */
struct gateway_link {
	uint16_t tunnel_id;
	uint16_t session_id;
	int proto;			/* PPP_IP or PPP_IPV6 */
	uint32_t protocols;		/* L2TPGW_PROTO_* now open, all */
	uint16_t mtu;			/* from the negotiated MRU */
	const struct ppp_ncp_result *ncp;
};

/* One session's counters in a dump: 0 to go on. */
typedef int (*gateway_counters_fn)(void *arg, uint16_t tunnel_id,
				   uint16_t session_id,
				   const struct control_counters *c);

struct gateway_dataplane {
	const struct l2tp_kernel_ops *l2tp;	/* arg: l2tp_arg */
	void *l2tp_arg;
	/* One PPP control frame (protocol first) on a session. */
	int (*ppp_xmit)(void *arg, uint16_t tunnel_id, uint16_t session_id,
			const uint8_t *frame, size_t len);
	/*
	 * Enable link->protocols in the kernel and configure the session's
	 * net device (addresses, MTU, up); its name into ifname.  0 or -errno.
	 */
	int (*link_up)(void *arg, const struct gateway_link *link,
		       char ifname[IF_NAMESIZE]);
	/*
	 * Optional: a network protocol closed; only `protocols` may still
	 * flow in the kernel.
	 */
	int (*link_down)(void *arg, uint16_t tunnel_id, uint16_t session_id,
			 uint32_t protocols);
	/*
	 * Optional: the device name, MTU and MSS clamping (the section's
	 * tcp_mss, CONFIG_TCP_MSS_*) of the session the control plane adds
	 * next.  The name is a concrete one, never a pattern: the gateway
	 * numbers a section's ifname pattern itself.
	 */
	void (*session_defaults)(void *arg, const char *ifname, uint32_t mtu,
				 uint16_t tcp_mss);
	/*
	 * Optional: the session has ended; its kernel session and device are
	 * deleted, alone or in one batch with the whole tunnel (then no
	 * session_del is called for it).  Forget what is kept about it.
	 */
	void (*session_down)(void *arg, uint16_t tunnel_id,
			     uint16_t session_id);
	/*
	 * IPsec: move a tunnel to another peer address and port, SA (reqid)
	 * and mark in one change its sessions survive.  First *rx_wrong_sa
	 * gets the data frames dropped so far on it for arriving through
	 * another SA (left alone if unknown).  0 or -errno.  NULL: tunnels
	 * cannot follow their SA and are closed when it moves.
	 */
	int (*tunnel_rebind)(void *arg, uint16_t tunnel_id,
			     const struct l2tp_addr *peer, uint64_t *rx_wrong_sa);
	/*
	 * Optional: the module's counters of one session (0 or -errno), and
	 * in one dump those of every session (tunnel_id 0) or of one
	 * tunnel's, fn called for each.  NULL: no counters are shown.
	 */
	int (*session_counters)(void *arg, uint16_t tunnel_id,
				uint16_t session_id,
				struct control_counters *c);
	int (*counters_dump)(void *arg, uint16_t tunnel_id,
			     gateway_counters_fn fn, void *fn_arg);
	/*
	 * Optional: rate limits (aaa/rate.h) on a session's device, put,
	 * replaced or (zero) removed.  0 or -errno, logged with ifname.
	 * NULL: sessions are never limited.
	 */
	int (*session_rate)(void *arg, uint32_t ifindex, const char *ifname,
			    const struct aaa_rate *rate);
	void *arg;
};

/*
 * Put one datagram on the wire from local socket sock.  0, or -errno:
 * -EPERM when XFRM refused it (no policy of its SA covers it).
 */
typedef int (*gateway_send_fn)(void *arg, uint32_t sock,
			       const struct l2tp_addr *peer,
			       const uint8_t *pkt, size_t len);

/*
 * A gateway on loop with settings s (a reference is taken).  NULL with
 * errno set on failure.
 */
struct gateway *gateway_new(struct loop *loop, struct gateway_settings *s,
			    const struct gateway_dataplane *dp,
			    gateway_send_fn send, void *send_arg,
			    void (*random_bytes)(void *buf, size_t len));
/* Drops everything silently (kernel objects deleted). */
void gateway_free(struct gateway *gw);

/* The local socket [lac] tunnels of that family start from. */
void gateway_set_lac_socket(struct gateway *gw, int family, uint32_t sock);
/* Open the tunnels and calls of every autostart [lac] section. */
void gateway_start(struct gateway *gw);

/* One datagram received on local socket sock: control or PPP. */
void gateway_input(struct gateway *gw, uint32_t sock,
		   const struct l2tp_addr *from, const uint8_t *buf,
		   size_t len);

/*
 * Install newer settings (a reference is taken).  Sessions up keep the
 * settings they started with; new calls use s; [lac] sections added,
 * removed or changed are started or closed.  Settings the control plane
 * copies at start (listen, host_name, timers, limits, secret) cannot
 * change: -1 with the reason in msg, nothing applied.  0 with a summary
 * of what changed in msg.
 */
/*
 * The RADIUS client of [radius] (radius/client.h), NULL without it.  The
 * handle stays the same while [radius] exists: a reload that changes it
 * hands the client the new servers (requests in flight start again
 * there).  A reload that adds [radius] makes one, one that removes it
 * frees it (requests end RADIUS_CANCELLED): ask for it at each request
 * rather than keeping it across reloads.
 */
struct radius_client *gateway_radius(const struct gateway *gw);

int gateway_reload(struct gateway *gw, struct gateway_settings *s, char *msg,
		   size_t msglen);

/*
 * gateway_reload in two phases, so that a reload touching more than the
 * gateway applies all of it or none.  prepare checks s against the
 * running gateway and allocates what apply needs, changing nothing: NULL
 * with the reason in msg.  apply installs it and cannot fail (msg: the
 * summary); cancel drops it unapplied (NULL: nothing).  Either consumes
 * the reload; nothing may change the gateway between prepare and either.
 */
struct gateway_reload;
struct gateway_reload *gateway_reload_prepare(struct gateway *gw,
					      struct gateway_settings *s,
					      char *msg, size_t msglen);
void gateway_reload_apply(struct gateway *gw, struct gateway_reload *r,
			  char *msg, size_t msglen);
void gateway_reload_cancel(struct gateway_reload *r);

/*
 * StopCCN to every peer.  gateway_idle() turns true once every tunnel is
 * gone (or after the caller's own deadline, gateway_free drops the rest).
 */
void gateway_shutdown(struct gateway *gw);
bool gateway_idle(const struct gateway *gw);

struct l2tp_ctx *gateway_ctx(const struct gateway *gw);
/* The configuration in force (the last reload's). */
const struct config *gateway_config(const struct gateway *gw);
/* Sessions with PPP attached, and of those with a network protocol up. */
unsigned gateway_session_count(const struct gateway *gw);
unsigned gateway_session_up_count(const struct gateway *gw);
/*
 * Incoming calls counted against max_negotiating now: from their ICRQ
 * until an NCP opens on their PPP or they end.
 */
unsigned gateway_negotiating_count(const struct gateway *gw);

/*
 * Operator commands behind the control socket (control/control.h has the
 * contract: 0 or -errno, err names the object).  Tunnels are every one
 * the control plane holds, half-open and closing ones too, with their
 * state; tunnel_delete acts on established ones.  Session selectors: ids,
 * user, the peer's assigned IPv4 address, ifname.  session_show by a user
 * holding several sessions fails with -EEXIST; session_delete by user
 * disconnects every session of that user.
 */
int gateway_tunnel_list(struct gateway *gw, control_tunnel_fn emit, void *ctx);
/*
 * The tunnels tunnel_list shows (every one the control plane holds), by
 * state: established, negotiating (SCCRQ/SCCRP exchanged, no SCCCN yet),
 * closing (StopCCN sent or received, lingering).
 */
struct gateway_tunnel_counts {
	unsigned total, established, negotiating, closing;
};
void gateway_tunnel_counts(const struct gateway *gw,
			   struct gateway_tunnel_counts *c);
int gateway_tunnel_show(struct gateway *gw, uint16_t tunnel_id,
			control_tunnel_fn emit, void *ctx, char *err,
			size_t errlen);
/* StopCCN result 1; a [lac] tunnel closed this way is not redialled. */
int gateway_tunnel_delete(struct gateway *gw, uint16_t tunnel_id, char *err,
			  size_t errlen);
/* tunnel_id 0: every session. */
int gateway_session_list(struct gateway *gw, uint16_t tunnel_id,
			 control_session_fn emit, void *ctx, char *err,
			 size_t errlen);
int gateway_session_show(struct gateway *gw,
			 const struct control_selector *sel,
			 control_session_fn emit, void *ctx, char *err,
			 size_t errlen);
/* CDN result 3 (administrative). */
int gateway_session_delete(struct gateway *gw,
			   const struct control_selector *sel, char *err,
			   size_t errlen);
/*
 * A session's rate limits changed (a CoA): put on its device at once
 * (zero: removed) and shown by session show.  0, or -ENOENT (no such
 * session with PPP), -EAGAIN (no device up yet), -EOPNOTSUPP (no
 * shaper) or the shaper's -errno, with err.
 */
int gateway_session_set_rate(struct gateway *gw, uint16_t tunnel_id,
			     uint16_t session_id, const struct aaa_rate *rate,
			     char *err, size_t errlen);
int gateway_lac_connect(struct gateway *gw, const char *name, char *err,
			size_t errlen);
int gateway_lac_disconnect(struct gateway *gw, const char *name, char *err,
			   size_t errlen);
int gateway_stats(struct gateway *gw, control_stat_fn emit, void *ctx);
/*
 * Counted since start (gateway/tally.c, docs/metrics.md): sessions whose
 * first NCP opened, with the time from the session's creation (the
 * call's ICRQ, ICRP sent) to then; sessions that ended after that or
 * before it; PPP authentications of our [lns] calls by method and result.
 * gateway_stats shows the same counts.
 */
#define GATEWAY_SETUP_BUCKETS 9
extern const uint32_t gateway_setup_bounds_ms[GATEWAY_SETUP_BUCKETS];
struct gateway_tally {
	uint64_t sessions_set_up, session_setups_failed, sessions_torn_down;
	/* [i]: setups over bound i-1 and at most bound i; the last: over all */
	uint64_t setup_bucket[GATEWAY_SETUP_BUCKETS + 1];
	uint64_t setup_ms_total;
	uint64_t auth_ok[PPP_AUTH_NMETHODS], auth_failed[PPP_AUTH_NMETHODS];
};
const struct gateway_tally *gateway_tally(const struct gateway *gw);
/* Where tunnel/session up and down events go (NULL: nowhere). */
void gateway_set_control(struct gateway *gw, struct control_server *srv);
/* What runs the sections' up/down scripts (NULL: they are not run). */
struct hooks;
void gateway_set_hooks(struct gateway *gw, struct hooks *hooks);
/*
 * RADIUS accounting (NULL: none) of every session from its first NCP on,
 * and the DAE listener (NULL: none), their counters in gateway_stats;
 * server_endpoint: the Tunnel-Server-Endpoint reported ("": none, NULL:
 * unchanged).  And what accounting and the DAE listener need of the sessions
 * (gateway/acct_dae.c).
 */
struct acct;
struct acct_ops;
struct dae;
struct dae_ops;
void gateway_set_acct_dae(struct gateway *gw, struct acct *acct,
			  struct dae *dae, const char *server_endpoint);
void gateway_acct_ops(struct gateway *gw, struct acct_ops *ops);
void gateway_dae_ops(struct gateway *gw, struct dae_ops *ops);
/*
 * The RADIUS client (NULL: none) that checks the peers of [lns] sections
 * with auth_backend = radius; cfg names its servers for log lines.  Both
 * must outlive the gateway's sessions or the next call.
 */
struct radius_client;
struct radius_client_config;
void gateway_set_radius_auth(struct gateway *gw, struct radius_client *c,
			     const struct radius_client_config *cfg);
/*
 * Whether RADIUS checks the peers of lns (a section of c): auth_backend =
 * radius, or no auth_backend, no users file, authentication on and
 * [radius] auth servers.
 */
bool gateway_lns_uses_radius(const struct config *c,
			     const struct config_lns *lns);

/*
 * Objects removed from the kernel without us (the module's events,
 * daemon/kernel_events.h).  A session: CDN result 3 with why as its
 * message, its PPP and address released.  A tunnel: StopCCN (result 2,
 * why) when can_send, else dropped silently.  Each returns whether it was
 * one of ours (events about objects we do not hold change nothing).
 */
bool gateway_kernel_session_gone(struct gateway *gw, uint16_t tunnel_id,
				 uint16_t session_id, const char *why);
bool gateway_kernel_tunnel_gone(struct gateway *gw, uint16_t tunnel_id,
				bool can_send, const char *why);
/*
 * The module is gone: every tunnel it carried is closed (StopCCN from our
 * sockets, which survive it); how many, with their sessions.
 */
void gateway_kernel_gone(struct gateway *gw, const char *why,
			 unsigned *tunnels, unsigned *sessions);
/* Every tunnel and session the kernel should have, through add(). */
int gateway_kernel_keys(struct gateway *gw,
			int (*add)(void *arg, uint16_t tunnel_id,
				   uint16_t session_id),
			void *arg);

/*
 * L2TP/IPsec (docs/ipsec.md).  Datagrams arrive with the reqid of the SA
 * they came through (struct l2tp_addr.sa_reqid, 0: in the clear).  With
 * enforce set, control from no SA, or from an SA charon has not reported,
 * or for a tunnel bound to another SA, is dropped and counted; a tunnel is
 * bound to the SA of its SCCRQ and sends with that SA's outbound mark.
 */
struct ipsec_sa;
struct gateway_ipsec {
	/* The installed CHILD_SA with this reqid, or NULL. */
	const struct ipsec_sa *(*find)(void *arg, uint32_t reqid);
	/* [lac] sections with ipsec = yes: their CHILD_SA, or NULL ... */
	const struct ipsec_sa *(*lac_sa)(void *arg, const char *lac);
	/* ... and a request to bring it up (gateway_ipsec_sa_up follows). */
	int (*initiate)(void *arg, const char *lac);
	void *arg;
	bool enforce;
};
/* Copied; NULL members make the gateway treat IPsec as absent. */
void gateway_set_ipsec(struct gateway *gw, const struct gateway_ipsec *ipsec);
/* A CHILD_SA is installed: a [lac] waiting for it dials now. */
void gateway_ipsec_sa_up(struct gateway *gw, const struct ipsec_sa *sa);
/*
 * The CHILD_SA with this reqid is gone: its tunnels are dropped without
 * StopCCN (nothing could carry one); returns how many.
 */
unsigned gateway_ipsec_sa_down(struct gateway *gw, uint32_t reqid,
			       const char *why);
/*
 * The CHILD_SA old described moved (ipsec_ops.sa_moved): every tunnel
 * bound to old's reqid is re-bound to sa, in the kernel and here: its
 * peer address becomes sa's remote host (the L2TP port stays), its reqid
 * and mark sa's.  A tunnel the kernel refuses to move is dropped like one
 * whose SA is gone.  Returns how many were re-bound.
 */
unsigned gateway_ipsec_sa_moved(struct gateway *gw, const struct ipsec_sa *old,
				const struct ipsec_sa *sa);

#endif /* L2TPGW_GATEWAY_H */
