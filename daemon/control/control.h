/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control socket of l2tpgwd: a Unix stream socket where l2tpctl (via
 * libl2tpctl) lists and acts on tunnels and sessions and subscribes to
 * events.  docs/control-protocol.md is the wire contract.
 *
 * The commands are the rows of l2tpgw/control_commands.h.  The server
 * knows nothing of the control plane's internals: it parses a request
 * and runs the handler of its row from struct control_provider; the
 * handlers (handlers.c) answer with plain structures filled from l2tp/ppp
 * objects, and the glue pushes events to subscribers with
 * control_server_publish_*().
 *
 * Ownership: structures handed to emit callbacks and to publish calls are
 * read during the call only; their strings may point into daemon objects.
 */
#ifndef L2TPGW_CONTROL_CONTROL_H
#define L2TPGW_CONTROL_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "l2tpgw/control_commands.h"

struct loop;
struct control_server;
struct control_access;
struct control_request;
struct control_reply;

#define CONTROL_DEFAULT_PATH		"/run/l2tpgwd/control.sock"
/* Largest request payload the server accepts. */
#define CONTROL_MAX_REQUEST		(64 * 1024)
/*
 * Bytes queued towards one client beyond which the server stops reading
 * its requests (it is not keeping up with its own answers) and drops it
 * if an event would be queued on top (a monitor that fell behind).
 */
#define CONTROL_DEFAULT_MAX_OUTPUT	(4 * 1024 * 1024)
#define CONTROL_DEFAULT_MAX_CLIENTS	64
/* A client with answers queued that reads none for this long is dropped. */
#define CONTROL_DEFAULT_STALL_MS	30000
#define CONTROL_NAME_MAX		64	/* LAC names */
#define CONTROL_USER_MAX		256
#define CONTROL_IFNAMSIZ		16

/* An IPv4 or IPv6 address, network order; family 0 means unset. */
struct control_addr {
	int family;		/* AF_INET, AF_INET6 or 0 */
	uint8_t addr[16];
};

struct sockaddr;

/*
 * For adapters: the address (and port, if port is not NULL) of an
 * AF_INET or AF_INET6 sockaddr, e.g. &l2tp_tunnel_peer(t)->sa; any other
 * family gives family 0 and port 0.
 */
void control_addr_from_sockaddr(const struct sockaddr *sa,
				struct control_addr *a, uint16_t *port);

struct control_counters {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t rx_errors;
	uint64_t tx_errors;
};

struct control_tunnel_info {
	uint16_t tunnel_id;
	uint16_t peer_tunnel_id;	/* 0 until the peer assigned one */
	struct control_addr peer;
	uint16_t peer_port;
	struct control_addr local;	/* family 0 if unknown */
	const char *state;		/* l2tp_tunnel_state_name() */
	const char *peer_host;		/* Host Name AVP, or NULL */
	const char *lac;		/* configured LAC name, or NULL (LNS) */
	unsigned int sessions;
	int64_t created_at;		/* Unix time, seconds */
	bool has_counters;
	struct control_counters counters;
};

struct control_session_info {
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t peer_tunnel_id;
	uint16_t peer_session_id;
	const char *state;		/* session state, or PPP phase */
	const char *user;		/* authenticated user, or NULL */
	const char *ifname;		/* kernel netdevice, or NULL */
	uint32_t ifindex;		/* 0 if none */
	bool has_ipv4;			/* IPCP opened */
	uint8_t local_ipv4[4];
	uint8_t peer_ipv4[4];
	bool has_ipv6;			/* IPV6CP opened */
	uint8_t local_ifid[8];
	uint8_t peer_ifid[8];
	int64_t created_at;		/* Unix time, seconds */
	bool has_counters;
	struct control_counters counters;
	bool has_rate;			/* rate limits on its device */
	uint64_t rate_rx_bps;		/* from the client; 0: none */
	uint64_t rate_tx_bps;		/* to the client; 0: none */
};

/* How session.show / session.delete name a session. */
enum control_selector_kind {
	CONTROL_SEL_ID,		/* tunnel_id + session_id */
	CONTROL_SEL_USER,
	CONTROL_SEL_ADDRESS,	/* the peer's assigned IPv4 address */
	CONTROL_SEL_IFNAME,
};

struct control_selector {
	enum control_selector_kind kind;
	uint16_t tunnel_id;
	uint16_t session_id;
	char user[CONTROL_USER_MAX];
	struct control_addr address;
	char ifname[CONTROL_IFNAMSIZ];
};

struct control_status {
	const char *version;		/* the daemon's version string */
	int64_t started_at;		/* Unix time, seconds */
	uint64_t uptime_s;
	unsigned int tunnels;		/* as tunnel list shows them: */
	unsigned int tunnels_established;
	unsigned int tunnels_negotiating;	/* no SCCCN yet */
	unsigned int tunnels_closing;		/* lingering after StopCCN */
	unsigned int sessions;
	bool dataplane_up;		/* the module is loaded */
	bool has_memory;
	uint64_t memory_bytes;		/* heap in use */
	uint64_t memory_per_session;	/* bytes, 0 if no session */
};

/* Emit callbacks: 0 to go on, a negative errno to stop the listing. */
typedef int (*control_tunnel_fn)(const struct control_tunnel_info *t,
				 void *ctx);
typedef int (*control_session_fn)(const struct control_session_info *s,
				  void *ctx);
/* name: snake_case, [a-z0-9_], unique within one stats call. */
typedef int (*control_stat_fn)(const char *name, uint64_t value, void *ctx);

/*
 * The handler of one command (the last column of its row): 0 or a
 * negative errno; on error, err (errlen bytes) receives a message naming
 * the object, e.g. "no tunnel 17" (-ENOENT).  It answers through reply
 * with the control_reply_*() calls below; a CONTROL_REPLY_ONE command
 * that emits nothing answers -ENOENT, a listing that stops early the
 * emit error.
 */
typedef int (*control_handler_fn)(void *arg, const struct control_request *req,
				  struct control_reply *reply, char *err,
				  size_t errlen);

/* What the daemon offers: a NULL handler answers -EOPNOTSUPP. */
struct control_provider {
	control_handler_fn handler[CONTROL_CMD_COUNT];
};

/*
 * Emit callbacks for handlers, with the reply as ctx: an object into the
 * list of a CONTROL_REPLY_LIST command, or as the result of any other.
 */
int control_reply_tunnel(const struct control_tunnel_info *t, void *reply);
int control_reply_session(const struct control_session_info *s, void *reply);
/* A counter into the result object (stats). */
int control_reply_stat(const char *name, uint64_t value, void *reply);
int control_reply_status(struct control_reply *reply,
			 const struct control_status *st);
/* Once the answer is sent, the client receives every event. */
void control_reply_subscribe(struct control_reply *reply);

struct control_server_config {
	const char *path;		/* NULL: CONTROL_DEFAULT_PATH */
	gid_t group;			/* socket group; (gid_t)-1: keep ours */
	uid_t owner;			/* socket owner; 0 or (uid_t)-1: ours */
	bool open_mode;			/* 0666: SO_PEERCRED decides alone */
	/* Who may run what (control/access.h); NULL: whoever connects. */
	const struct control_access *access;
	size_t max_clients;		/* 0: CONTROL_DEFAULT_MAX_CLIENTS */
	size_t max_output;		/* 0: CONTROL_DEFAULT_MAX_OUTPUT */
	size_t max_request;		/* 0: CONTROL_MAX_REQUEST */
	uint32_t stall_ms;		/* 0: CONTROL_DEFAULT_STALL_MS */
};

/*
 * Create the listening socket (mode 0660, owner ours, group cfg->group)
 * and serve it on loop.  A stale socket left by a dead daemon is replaced;
 * a live one makes this fail with -EADDRINUSE.  The directory is created
 * (0755) if missing.  NULL with errno set on failure, after logging why.
 */
struct control_server *control_server_new(struct loop *loop,
					  const struct control_server_config *cfg,
					  const struct control_provider *provider,
					  void *arg);
/*
 * A server with no listening socket, fed through control_server_adopt()
 * (unit tests, or a socket passed in by a service manager).
 */
struct control_server *control_server_new_unbound(struct loop *loop,
						  const struct control_server_config *cfg,
						  const struct control_provider *provider,
						  void *arg);
/* Serve an already connected stream socket; the server owns fd after. */
int control_server_adopt(struct control_server *srv, int fd);
/* New rules for the commands of every client, e.g. after a reload. */
void control_server_set_access(struct control_server *srv,
			       const struct control_access *access);
/* Close every client and the socket, unlink the path we created. */
void control_server_free(struct control_server *srv);
size_t control_server_client_count(const struct control_server *srv);

enum control_event {
	CONTROL_EVENT_TUNNEL_UP,
	CONTROL_EVENT_TUNNEL_DOWN,
	CONTROL_EVENT_SESSION_UP,
	CONTROL_EVENT_SESSION_DOWN,
	CONTROL_EVENT_RELOAD,
	CONTROL_EVENT_MAX = CONTROL_EVENT_RELOAD,
};

/* "tunnel.up", ...; NULL for values outside the enum. */
const char *control_event_name(enum control_event ev);

/*
 * Push an event to every monitor subscriber.  reason (may be NULL) says
 * why, e.g. "StopCCN result 1" or "lcp terminate by peer".  A subscriber
 * whose queue overflows is disconnected; nobody else is affected.
 */
void control_server_publish_tunnel(struct control_server *srv,
				   enum control_event ev,
				   const struct control_tunnel_info *t,
				   const char *reason);
void control_server_publish_session(struct control_server *srv,
				    enum control_event ev,
				    const struct control_session_info *s,
				    const char *reason);
/* Events without an object (CONTROL_EVENT_RELOAD). */
void control_server_publish(struct control_server *srv, enum control_event ev,
			    const char *reason);

#endif /* L2TPGW_CONTROL_CONTROL_H */
