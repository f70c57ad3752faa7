/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libl2tpctl: control and inspection of l2tpgw.
 *
 * One opaque handle (struct l2tpctl) talks to the l2tpgw.ko data plane
 * over generic netlink (the "kernel" calls) and to l2tpgwd over its
 * control socket (the "daemon" calls); it may hold both connections.
 *
 * Conventions, for every call below:
 *  - int results are 0 on success or a negative errno; the handle then
 *    holds a message (l2tpctl_errmsg) naming the operation, the object and
 *    the reason, including the kernel's extended-ack text when it gave one.
 *  - Structures passed in are read only during the call; the library keeps
 *    no pointer to them.  Structures passed out are filled by the library
 *    and owned by the caller.  Structures given to callbacks are owned by
 *    the library and valid only until the callback returns.
 *  - Callbacks return 0 to continue or a negative errno to stop; the call
 *    that invoked them then returns that value.
 *  - A handle is not thread safe; use one per thread.
 *
 * Only libc and the l2tpgw UAPI header appear here: no netlink library
 * types leak into the interface.
 */
#ifndef L2TPCTL_H
#define L2TPCTL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/l2tpgw.h>

#ifdef __cplusplus
extern "C" {
#endif

struct l2tpctl;

/* An IPv4 or IPv6 address; family is AF_INET, AF_INET6 or 0 (unset). */
struct l2tpctl_addr {
	int family;
	uint8_t addr[16];	/* network order; 4 bytes used for AF_INET */
};

/*
 * Counters of enum l2tpgw_stat, indexed by that enum.  The capacity is
 * fixed so that counters added to the module later do not change the size
 * of this structure; count is how many indexes this library knows.
 */
#define L2TPCTL_STATS_CAPACITY	64

struct l2tpctl_stats {
	unsigned int count;
	uint64_t counter[L2TPCTL_STATS_CAPACITY];
};

/* Which optional fields of a structure are meaningful ("has" bits). */
enum l2tpctl_sock_has {
	L2TPCTL_SOCK_HAS_LOCAL		= 1 << 0,	/* local, local_port */
	L2TPCTL_SOCK_HAS_STATS		= 1 << 1,
	L2TPCTL_SOCK_HAS_FLAGS		= 1 << 2,
};

struct l2tpctl_sock {
	uint32_t has;		/* enum l2tpctl_sock_has */
	uint32_t sock_id;
	int owned;		/* created by the module (not by an fd) */
	struct l2tpctl_addr local;
	uint16_t local_port;
	struct l2tpctl_stats stats;
	uint32_t flags;		/* enum l2tpgw_sock_flag */
};

enum l2tpctl_tunnel_has {
	L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID	= 1 << 0,
	L2TPCTL_TUNNEL_HAS_SOCK_ID		= 1 << 1,
	L2TPCTL_TUNNEL_HAS_PEER			= 1 << 2,
	L2TPCTL_TUNNEL_HAS_PEER_PORT		= 1 << 3,
	L2TPCTL_TUNNEL_HAS_LOCAL		= 1 << 4,
	L2TPCTL_TUNNEL_HAS_MARK			= 1 << 5,
	L2TPCTL_TUNNEL_HAS_FLAGS		= 1 << 6,
	L2TPCTL_TUNNEL_HAS_STATS		= 1 << 7,
	L2TPCTL_TUNNEL_HAS_IPSEC_REQID		= 1 << 8,
};

struct l2tpctl_tunnel {
	uint32_t has;		/* enum l2tpctl_tunnel_has */
	uint16_t tunnel_id;
	uint16_t peer_tunnel_id;
	uint32_t sock_id;
	struct l2tpctl_addr peer;
	uint16_t peer_port;
	struct l2tpctl_addr local;
	uint32_t mark;
	uint32_t flags;		/* enum l2tpgw_tunnel_flag */
	uint32_t ipsec_reqid;	/* reqid of the SA it must use; 0: none */
	struct l2tpctl_stats stats;
};

enum l2tpctl_session_has {
	L2TPCTL_SESSION_HAS_PEER_SESSION_ID	= 1 << 0,
	L2TPCTL_SESSION_HAS_IFNAME		= 1 << 1,
	L2TPCTL_SESSION_HAS_IFINDEX		= 1 << 2,
	L2TPCTL_SESSION_HAS_MTU			= 1 << 3,
	L2TPCTL_SESSION_HAS_FLAGS		= 1 << 4,
	L2TPCTL_SESSION_HAS_PROTOCOLS		= 1 << 5,
	L2TPCTL_SESSION_HAS_REORDER_WINDOW	= 1 << 6,
	L2TPCTL_SESSION_HAS_REORDER_TIMEOUT	= 1 << 7,
	L2TPCTL_SESSION_HAS_STATS		= 1 << 8,
	L2TPCTL_SESSION_HAS_TCP_MSS		= 1 << 9,
};

#define L2TPCTL_IFNAMSIZ	16

struct l2tpctl_session {
	uint32_t has;		/* enum l2tpctl_session_has */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t peer_session_id;
	char ifname[L2TPCTL_IFNAMSIZ];
	uint32_t ifindex;
	uint32_t mtu;
	uint32_t flags;		/* enum l2tpgw_session_flag */
	uint32_t protocols;	/* enum l2tpgw_protocol */
	uint16_t reorder_window;
	uint32_t reorder_timeout_ms;
	/* MSS clamping: 0 off, L2TPGW_TCP_MSS_AUTO, or the IPv4 MSS */
	uint16_t tcp_mss;
	struct l2tpctl_stats stats;
};

enum l2tpctl_event_has {
	L2TPCTL_EVENT_HAS_SOCK_ID	= 1 << 0,
	L2TPCTL_EVENT_HAS_TUNNEL_ID	= 1 << 1,
	L2TPCTL_EVENT_HAS_SESSION_ID	= 1 << 2,
	L2TPCTL_EVENT_HAS_CAUSE		= 1 << 3,
	L2TPCTL_EVENT_HAS_IFNAME	= 1 << 4,	/* session events */
	L2TPCTL_EVENT_HAS_MODULE	= 1 << 5,	/* module, cmd 0 */
};

/*
 * The module itself, seen through the generic netlink controller once
 * l2tpctl_kernel_event_watch_module() was called: its family went away
 * (rmmod) or was registered again (modprobe).
 */
enum l2tpctl_module_change {
	L2TPCTL_MODULE_GONE = 1,
	L2TPCTL_MODULE_BACK = 2,
};

/* One multicast event of the module ("events" group). */
struct l2tpctl_event {
	uint32_t has;		/* enum l2tpctl_event_has */
	uint8_t cmd;		/* enum l2tpgw_cmd, e.g. L2TPGW_CMD_TUNNEL_DEL */
	uint32_t sock_id;
	uint16_t tunnel_id;
	uint16_t session_id;
	uint32_t cause;		/* enum l2tpgw_cause */
	char ifname[L2TPCTL_IFNAMSIZ];
	uint32_t module;	/* enum l2tpctl_module_change */
};

typedef int (*l2tpctl_sock_cb)(const struct l2tpctl_sock *sock, void *arg);
typedef int (*l2tpctl_tunnel_cb)(const struct l2tpctl_tunnel *tunnel,
				 void *arg);
typedef int (*l2tpctl_session_cb)(const struct l2tpctl_session *session,
				  void *arg);
typedef int (*l2tpctl_event_cb)(const struct l2tpctl_event *event, void *arg);

/* --- handle ---------------------------------------------------------------- */

/*
 * Allocate a handle connected to nothing.  Returns NULL only when out of
 * memory.  The caller owns the handle and releases it with l2tpctl_close().
 */
struct l2tpctl *l2tpctl_open(void);

/* Release the handle and every socket it holds.  NULL is accepted. */
void l2tpctl_close(struct l2tpctl *h);

/*
 * The message describing the last failed call on h, or "" if none.  The
 * string is owned by the handle and valid until the next call on it.
 */
const char *l2tpctl_errmsg(const struct l2tpctl *h);

/*
 * The kernel's own explanation (extended ack) of why it refused the last
 * failed call, e.g. "IFNAME: name in use"; "" when it gave none or the
 * call failed for another reason.  Also part of l2tpctl_errmsg(); this is
 * for callers that act on it.  Owned by the handle, valid until the next
 * call on it.
 */
const char *l2tpctl_kernel_extack(const struct l2tpctl *h);

/* --- names ------------------------------------------------------------------ */

/*
 * Static snake_case names ("rx_packets"), owned by the library.  NULL for
 * an index that is not a counter (UNSPEC, PAD) or unknown to the library.
 */
const char *l2tpctl_stat_name(unsigned int stat);
/* "sockets", "max_sockets", ... (enum l2tpgw_limit); NULL likewise. */
const char *l2tpctl_limit_name(unsigned int limit);
/* "user", "sock_closed", ...; "unknown" for values the library lacks. */
const char *l2tpctl_cause_name(uint32_t cause);
/* "tunnel_del", "session_del", ...; "unknown" likewise. */
const char *l2tpctl_cmd_name(uint8_t cmd);

/* --- kernel: connection ----------------------------------------------------- */

/*
 * Open a generic netlink socket and resolve the "l2tpgw" family.
 * -ENOENT when the module is not loaded.  Calling it again is a no-op.
 */
int l2tpctl_kernel_connect(struct l2tpctl *h);

/* --- kernel: sockets -------------------------------------------------------- */

/* Hand a bound UDP socket of the caller to the module; *sock_id is set. */
int l2tpctl_kernel_sock_attach_fd(struct l2tpctl *h, int fd,
				  uint32_t *sock_id);
/*
 * Have the module create a UDP socket bound to local:port.  out (may be
 * NULL) receives the socket as the module reports it, including its id.
 */
int l2tpctl_kernel_sock_create(struct l2tpctl *h,
			       const struct l2tpctl_addr *local,
			       uint16_t port, struct l2tpctl_sock *out);
/* Replace a socket's enum l2tpgw_sock_flag bits (L2TPGW_SOCK_F_IPSEC). */
int l2tpctl_kernel_sock_set_flags(struct l2tpctl *h, uint32_t sock_id,
				  uint32_t flags);
/* Detach a socket; the module removes its tunnels and sessions. */
int l2tpctl_kernel_sock_detach(struct l2tpctl *h, uint32_t sock_id);
int l2tpctl_kernel_sock_get(struct l2tpctl *h, uint32_t sock_id,
			    struct l2tpctl_sock *out);
/* Call cb once per socket of the namespace. */
int l2tpctl_kernel_sock_dump(struct l2tpctl *h, l2tpctl_sock_cb cb, void *arg);

/* --- kernel: tunnels -------------------------------------------------------- */

/*
 * Add a tunnel.  tunnel_id, peer_tunnel_id, sock_id, peer and peer_port
 * are required (their has bits are ignored); local, mark, flags and
 * ipsec_reqid are sent when their has bits are set.  out (may be NULL)
 * receives the tunnel as created.
 */
int l2tpctl_kernel_tunnel_add(struct l2tpctl *h,
			      const struct l2tpctl_tunnel *tunnel,
			      struct l2tpctl_tunnel *out);
int l2tpctl_kernel_tunnel_del(struct l2tpctl *h, uint16_t tunnel_id);
/* Change the fields whose has bits are set (PEER_TUNNEL_ID, PEER,
 * PEER_PORT, MARK, FLAGS, IPSEC_REQID); flags replace the tunnel's flags
 * as a whole. */
int l2tpctl_kernel_tunnel_modify(struct l2tpctl *h,
				 const struct l2tpctl_tunnel *tunnel);
int l2tpctl_kernel_tunnel_get(struct l2tpctl *h, uint16_t tunnel_id,
			      struct l2tpctl_tunnel *out);
int l2tpctl_kernel_tunnel_dump(struct l2tpctl *h, l2tpctl_tunnel_cb cb,
			       void *arg);

/* --- kernel: sessions ------------------------------------------------------- */

/*
 * Add a session.  tunnel_id, session_id and peer_session_id are required;
 * ifname, mtu, flags, protocols and the reorder fields are sent when their
 * has bits are set.  out (may be NULL) receives the session with its
 * ifindex and final ifname.
 */
int l2tpctl_kernel_session_add(struct l2tpctl *h,
			       const struct l2tpctl_session *session,
			       struct l2tpctl_session *out);
int l2tpctl_kernel_session_del(struct l2tpctl *h, uint16_t tunnel_id,
			       uint16_t session_id);
/* Change the fields whose has bits are set (PEER_SESSION_ID, MTU, FLAGS,
 * PROTOCOLS, REORDER_*); flags replace the session's flags as a whole. */
int l2tpctl_kernel_session_modify(struct l2tpctl *h,
				  const struct l2tpctl_session *session);
int l2tpctl_kernel_session_get(struct l2tpctl *h, uint16_t tunnel_id,
			       uint16_t session_id,
			       struct l2tpctl_session *out);
/* All sessions, or only those of tunnel_id when it is not 0. */
int l2tpctl_kernel_session_dump(struct l2tpctl *h, uint16_t tunnel_id,
				l2tpctl_session_cb cb, void *arg);

/* Maximum PPP frame accepted by l2tpctl_kernel_ppp_xmit. */
#define L2TPCTL_PPP_FRAME_MAX	4096

/* Send one PPP control frame (protocol field first) on a session. */
int l2tpctl_kernel_ppp_xmit(struct l2tpctl *h, uint16_t tunnel_id,
			    uint16_t session_id, const void *frame,
			    size_t len);

/* --- kernel: namespace counters --------------------------------------------- */

int l2tpctl_kernel_stats_get(struct l2tpctl *h, struct l2tpctl_stats *out);

/*
 * What the namespace holds and may hold, indexed by enum l2tpgw_limit
 * (a *_max of 0: no limit).  count is 0 when the module reports none.
 */
#define L2TPCTL_LIMITS_CAPACITY	32

struct l2tpctl_limits {
	unsigned int count;
	uint64_t value[L2TPCTL_LIMITS_CAPACITY];
};

int l2tpctl_kernel_limits_get(struct l2tpctl *h, struct l2tpctl_limits *out);

/* --- kernel: events --------------------------------------------------------- */

/*
 * Subscribe to the "events" group on a second socket and return its file
 * descriptor for poll()/epoll (owned by the handle, closed by
 * l2tpctl_close).  When it is readable, call l2tpctl_kernel_event_dispatch,
 * which reads what is pending without blocking and calls cb per event.
 * It returns 0, or cb's negative value, or a negative errno (-ENOBUFS
 * when the kernel dropped events because the reader fell behind: the
 * subscription stays valid, but state must be re-read with a dump).
 */
int l2tpctl_kernel_event_fd(struct l2tpctl *h);
int l2tpctl_kernel_event_dispatch(struct l2tpctl *h, l2tpctl_event_cb cb,
				  void *arg);

/*
 * Also report the module's family leaving and returning on the event
 * socket (the controller's "notify" group), as events with
 * L2TPCTL_EVENT_HAS_MODULE.  Needs l2tpctl_kernel_event_fd first.  The
 * module's own group goes with it: after L2TPCTL_MODULE_BACK, call
 * l2tpctl_kernel_reconnect to resolve the new family and join its group.
 */
int l2tpctl_kernel_event_watch_module(struct l2tpctl *h);

/*
 * Resolve the family again (a reloaded module gets a new id) and, when
 * subscribed, join its new "events" group.  -ENOENT: still not loaded.
 */
int l2tpctl_kernel_reconnect(struct l2tpctl *h);

/* Subscribe and call cb for every event until cb returns non-zero (which
 * is returned) or an error occurs.  Blocks; EINTR is returned as -EINTR. */
int l2tpctl_kernel_monitor(struct l2tpctl *h, l2tpctl_event_cb cb, void *arg);

/* --- daemon: the l2tpgwd control socket --------------------------------------- */

/*
 * These calls speak docs/control-protocol.md to a running l2tpgwd.  A
 * handle may hold a kernel and a daemon connection at once.  Calls wait
 * at most L2TPCTL_DAEMON_TIMEOUT_MS for an answer (-ETIMEDOUT).  Errors
 * the daemon reports keep its errno and text ("no tunnel 17").
 */
#define L2TPCTL_DAEMON_SOCKET		"/run/l2tpgwd/control.sock"
#define L2TPCTL_DAEMON_TIMEOUT_MS	30000
#define L2TPCTL_NAME_MAX		64
#define L2TPCTL_USER_MAX		256

/*
 * Connect to the control socket at path (NULL: L2TPCTL_DAEMON_SOCKET).
 * -ENOENT or -ECONNREFUSED when no daemon listens there; the message
 * then says "l2tpgwd not running (no control socket at PATH)".  Calling
 * it again while connected is a no-op.
 */
int l2tpctl_daemon_connect(struct l2tpctl *h, const char *path);

struct l2tpctl_daemon_counters {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t rx_errors;
	uint64_t tx_errors;
};

enum l2tpctl_daemon_status_has {
	L2TPCTL_DAEMON_STATUS_HAS_MEMORY	= 1 << 0,
	/* tunnels_established, _negotiating, _closing, dataplane */
	L2TPCTL_DAEMON_STATUS_HAS_TUNNEL_STATES	= 1 << 1,
};

struct l2tpctl_daemon_status {
	uint32_t has;			/* enum l2tpctl_daemon_status_has */
	uint32_t protocol_version;
	char version[32];
	int64_t started_at;		/* Unix time */
	uint64_t uptime;		/* seconds */
	uint32_t tunnels;
	uint32_t sessions;
	uint64_t memory_bytes;
	uint64_t memory_per_session;
	/* Of tunnels: by state (their sum is tunnels). */
	uint32_t tunnels_established;
	uint32_t tunnels_negotiating;	/* no SCCCN yet */
	uint32_t tunnels_closing;	/* lingering after StopCCN */
	char dataplane[16];		/* "up", or "gone": module unloaded */
};

enum l2tpctl_daemon_tunnel_has {
	L2TPCTL_DAEMON_TUNNEL_HAS_PEER		= 1 << 0,
	L2TPCTL_DAEMON_TUNNEL_HAS_LOCAL		= 1 << 1,
	L2TPCTL_DAEMON_TUNNEL_HAS_PEER_HOST	= 1 << 2,
	L2TPCTL_DAEMON_TUNNEL_HAS_LAC		= 1 << 3,
	L2TPCTL_DAEMON_TUNNEL_HAS_STATS		= 1 << 4,
};

struct l2tpctl_daemon_tunnel {
	uint32_t has;			/* enum l2tpctl_daemon_tunnel_has */
	uint16_t tunnel_id;
	uint16_t peer_tunnel_id;	/* 0: not yet assigned */
	struct l2tpctl_addr peer;
	uint16_t peer_port;
	struct l2tpctl_addr local;
	char state[32];
	char peer_host[L2TPCTL_USER_MAX];
	char lac[L2TPCTL_NAME_MAX];
	uint32_t sessions;
	int64_t created_at;		/* Unix time */
	struct l2tpctl_daemon_counters stats;
};

enum l2tpctl_daemon_session_has {
	L2TPCTL_DAEMON_SESSION_HAS_USER		= 1 << 0,
	L2TPCTL_DAEMON_SESSION_HAS_IFNAME	= 1 << 1,
	L2TPCTL_DAEMON_SESSION_HAS_IPV4		= 1 << 2,	/* local/peer_ipv4 */
	L2TPCTL_DAEMON_SESSION_HAS_IPV6		= 1 << 3,	/* local/peer_ifid */
	L2TPCTL_DAEMON_SESSION_HAS_STATS	= 1 << 4,
	L2TPCTL_DAEMON_SESSION_HAS_RATE		= 1 << 5,	/* rate_*_bps */
};

struct l2tpctl_daemon_session {
	uint32_t has;			/* enum l2tpctl_daemon_session_has */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t peer_tunnel_id;
	uint16_t peer_session_id;
	char state[32];
	char user[L2TPCTL_USER_MAX];
	char ifname[L2TPCTL_IFNAMSIZ];
	uint32_t ifindex;
	struct l2tpctl_addr local_ipv4;
	struct l2tpctl_addr peer_ipv4;
	uint8_t local_ifid[8];
	uint8_t peer_ifid[8];
	int64_t created_at;		/* Unix time */
	struct l2tpctl_daemon_counters stats;
	/* Rate limits on its device, bit/s; 0: none that way. */
	uint64_t rate_rx_bps;		/* from the client */
	uint64_t rate_tx_bps;		/* to the client */
};

/* How session show/delete name a session: exactly one way. */
enum l2tpctl_daemon_selector_kind {
	L2TPCTL_DAEMON_SEL_ID,		/* tunnel_id + session_id */
	L2TPCTL_DAEMON_SEL_USER,
	L2TPCTL_DAEMON_SEL_ADDRESS,	/* the peer's assigned address */
	L2TPCTL_DAEMON_SEL_IFNAME,
};

struct l2tpctl_daemon_selector {
	enum l2tpctl_daemon_selector_kind kind;
	uint16_t tunnel_id;
	uint16_t session_id;
	char user[L2TPCTL_USER_MAX];
	struct l2tpctl_addr address;
	char ifname[L2TPCTL_IFNAMSIZ];
};

enum l2tpctl_daemon_event_has {
	L2TPCTL_DAEMON_EVENT_HAS_REASON		= 1 << 0,
	L2TPCTL_DAEMON_EVENT_HAS_TUNNEL		= 1 << 1,
	L2TPCTL_DAEMON_EVENT_HAS_SESSION	= 1 << 2,
};

/* One event pushed by the daemon to a monitor. */
struct l2tpctl_daemon_event {
	uint32_t has;			/* enum l2tpctl_daemon_event_has */
	char event[32];			/* "session.up", "tunnel.down", ... */
	int64_t time;			/* Unix time */
	char reason[256];
	struct l2tpctl_daemon_tunnel tunnel;
	struct l2tpctl_daemon_session session;
};

typedef int (*l2tpctl_daemon_tunnel_cb)(const struct l2tpctl_daemon_tunnel *t,
					void *arg);
typedef int (*l2tpctl_daemon_session_cb)(const struct l2tpctl_daemon_session *s,
					 void *arg);
/* name is snake_case, owned by the library. */
typedef int (*l2tpctl_daemon_stat_cb)(const char *name, uint64_t value,
				      void *arg);
typedef int (*l2tpctl_daemon_event_cb)(const struct l2tpctl_daemon_event *ev,
				       void *arg);

int l2tpctl_daemon_status(struct l2tpctl *h, struct l2tpctl_daemon_status *out);
int l2tpctl_daemon_tunnel_list(struct l2tpctl *h, l2tpctl_daemon_tunnel_cb cb,
			       void *arg);
int l2tpctl_daemon_tunnel_show(struct l2tpctl *h, uint16_t tunnel_id,
			       struct l2tpctl_daemon_tunnel *out);
/* Tear the tunnel down (StopCCN) with all its sessions. */
int l2tpctl_daemon_tunnel_delete(struct l2tpctl *h, uint16_t tunnel_id);
/* All sessions, or only those of tunnel_id when it is not 0. */
int l2tpctl_daemon_session_list(struct l2tpctl *h, uint16_t tunnel_id,
				l2tpctl_daemon_session_cb cb, void *arg);
int l2tpctl_daemon_session_show(struct l2tpctl *h,
				const struct l2tpctl_daemon_selector *sel,
				struct l2tpctl_daemon_session *out);
/* Disconnect the session (CDN). */
int l2tpctl_daemon_session_delete(struct l2tpctl *h,
				  const struct l2tpctl_daemon_selector *sel);
/* Bring the configured LAC tunnel name up or down. */
int l2tpctl_daemon_lac_connect(struct l2tpctl *h, const char *name);
int l2tpctl_daemon_lac_disconnect(struct l2tpctl *h, const char *name);
/* The daemon's counters, once each, in the daemon's order. */
int l2tpctl_daemon_stats(struct l2tpctl *h, l2tpctl_daemon_stat_cb cb,
			 void *arg);
/* Re-read the configuration; the daemon applies all of it or none. */
int l2tpctl_daemon_reload(struct l2tpctl *h);

/*
 * Subscribe to the daemon's events on a second connection (to the path
 * of l2tpctl_daemon_connect) and return its descriptor for poll/epoll,
 * owned by the handle.  When readable, l2tpctl_daemon_event_dispatch
 * reads what is pending without blocking and calls cb per event; it
 * returns 0, cb's non-zero value, or a negative errno (-ECONNRESET when
 * the daemon went away).
 */
int l2tpctl_daemon_event_fd(struct l2tpctl *h);
int l2tpctl_daemon_event_dispatch(struct l2tpctl *h,
				  l2tpctl_daemon_event_cb cb, void *arg);
/* Subscribe and call cb per event until it returns non-zero (returned)
 * or an error occurs.  Blocks; a signal ends it with -EINTR. */
int l2tpctl_daemon_monitor(struct l2tpctl *h, l2tpctl_daemon_event_cb cb,
			   void *arg);

#ifdef __cplusplus
}
#endif

#endif /* L2TPCTL_H */
