/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The L2TPv2 control plane of l2tpgwd: tunnels and sessions (RFC 2661
 * section 7) on top of the message codec and the reliable transport.
 *
 * A struct l2tp_ctx holds every tunnel of the daemon.  The socket layer
 * feeds it control datagrams (l2tp_ctx_input) and sends what it hands
 * back through hooks->send.  Two small interfaces connect it to the rest:
 *
 *  - struct l2tp_kernel_ops creates and deletes the kernel's tunnel and
 *    session objects (netlink in the daemon, a fake in tests);
 *  - struct l2tp_hooks reports events upwards; session_up is where PPP
 *    attaches to an established session.
 *
 * Ownership: the ctx owns tunnels, a tunnel owns its sessions.  Pointers
 * to tunnels and sessions handed to hooks are valid until the matching
 * *_down hook returns.  Hooks must not free or close the object they are
 * called about from inside the hook (closing others is fine).
 */
#ifndef L2TPGW_L2TP_L2TP_H
#define L2TPGW_L2TP_L2TP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "l2tp/avp.h"
#include "l2tp/rejects.h"
#include "l2tp/transport.h"

struct loop;
struct l2tp_ctx;
struct l2tp_tunnel;
struct l2tp_session;

/*
 * A peer: its address and port, and with IPsec the SA it speaks through.
 * Behind one NAT several clients share address and port 1701, so the SA
 * is part of the peer's identity (compared with the address); mark is
 * what our datagrams to it carry so that the kernel picks that SA.
 */
struct l2tp_addr {
	union {
		struct sockaddr sa;
		struct sockaddr_in sin;
		struct sockaddr_in6 sin6;
	};
	socklen_t len;
	uint32_t sa_reqid;	/* reqid of the CHILD_SA; 0: in the clear */
	uint32_t mark;		/* skb mark for sending; 0: none */
};

struct l2tp_config {
	const char *host_name;		/* our Host Name AVP */
	const char *vendor_name;	/* NULL: "l2tpgw" */
	/* Tunnel secret: enables challenge/response and hidden AVPs. */
	const uint8_t *secret;
	size_t secret_len;
	bool hide_avps;			/* hide session-scope AVPs we send */
	bool accept_icrq;		/* act as LNS for incoming calls */
	bool accept_ocrq;		/* act as LAC for outgoing calls */
	/* HELLO this long after the last control message received; 0: 60 s */
	uint32_t hello_interval_ms;
	uint32_t linger_ms;		/* state kept after StopCCN; 0: 31 s */
	unsigned max_tunnels;		/* 0: 65535 */
	unsigned max_sessions;		/* per tunnel; 0: 65535 */
	/*
	 * New tunnels accepted per source (any port): a token bucket
	 * refilled at peer_tunnel_rate per second up to peer_tunnel_burst.
	 * 0: unlimited.
	 */
	unsigned peer_tunnel_rate;
	unsigned peer_tunnel_burst;
	/*
	 * What one source is, for that bucket: a peer address's first
	 * source_prefix4 (IPv4) or source_prefix6 (IPv6) bits.  0: 24, 56.
	 */
	unsigned source_prefix4;
	unsigned source_prefix6;
	/*
	 * Unverified tunnels (SCCRQ answered, no SCCCN yet): at most this
	 * many in all (0: max_tunnels / 4, at most 1024, at least 1), the
	 * oldest dropped for a new one; and per source as above (0: 16),
	 * SCCRQs beyond it dropped.
	 */
	unsigned max_unverified;
	unsigned max_unverified_per_source;
	struct l2tp_transport_config transport;
	/* Randomness for ids, challenges, tie breakers; NULL: getrandom(). */
	void (*random_bytes)(void *buf, size_t len);
};

/* What the kernel needs to know about a tunnel. */
struct l2tp_tunnel_info {
	uint32_t sock;		/* local socket it uses (see l2tp_ctx_input) */
	uint16_t tunnel_id;
	uint16_t peer_tunnel_id;
	const struct l2tp_addr *peer;
};

struct l2tp_session_info {
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t peer_session_id;
	bool sequencing;	/* peer sent Sequencing Required */
	bool lns;		/* we are the LNS of this call */
};

/*
 * Deletion contract: a session that ends alone (CDN either way, setup
 * failure) is removed with session_del.  When a tunnel goes away (StopCCN
 * sent or received, abort, dead peer, l2tp_ctx_free) its sessions get no
 * session_del: tunnel_del alone must remove the tunnel with all of its
 * sessions, as the kernel module does in one batch (one netdevice
 * unregistration for all of them, not one RCU wait per session).  The
 * session_down hook still runs for every such session first, then
 * tunnel_del is called once.
 */
struct l2tp_kernel_ops {
	/* 0 or a negative errno; the tunnel/session is refused on error. */
	int (*tunnel_add)(void *arg, const struct l2tp_tunnel_info *ti);
	/* The tunnel and every session still in it. */
	void (*tunnel_del)(void *arg, uint16_t tunnel_id);
	/*
	 * Before the peer may send the call's first data message: the LNS
	 * adds it with its ICRP (or on OCRP), the LAC before its ICCN (or
	 * OCRP), so no PPP frame of the call finds no session.
	 */
	int (*session_add)(void *arg, const struct l2tp_session_info *si);
	/* One session whose tunnel stays. */
	void (*session_del)(void *arg, uint16_t tunnel_id, uint16_t session_id);
	/*
	 * Optional: an added session's sequencing changed (the peer's
	 * ICCN or OCCN asks for it); 0 or a negative errno.
	 */
	int (*session_modify)(void *arg, const struct l2tp_session_info *si);
};

struct l2tp_hooks {
	/* Required: put one datagram on the wire towards peer from sock. */
	void (*send)(void *arg, uint32_t sock, const struct l2tp_addr *peer,
		     const uint8_t *pkt, size_t len);
	void (*tunnel_up)(void *arg, struct l2tp_tunnel *t);
	void (*tunnel_down)(void *arg, struct l2tp_tunnel *t);
	/*
	 * Optional: every tunnel, established or not, just before it is
	 * freed (after tunnel_down if that was called).  Lets the owner of a
	 * tunnel it opened learn that the attempt failed.
	 */
	void (*tunnel_freed)(void *arg, struct l2tp_tunnel *t);
	/*
	 * May peer open a tunnel?  Asked on its SCCRQ before any state is
	 * made; false drops the SCCRQ unanswered (the hook counts and logs
	 * it).  NULL: every peer may.
	 */
	bool (*tunnel_admit)(void *arg, const struct l2tp_addr *peer);
	/*
	 * Optional: the peer asks for a new call on t (an ICRQ to the LNS,
	 * an OCRQ to the LAC).  Return 0 to accept it, or a CDN result code
	 * (e.g. L2TP_CDN_TEMP_NO_FACILITIES) to refuse it: the call is then
	 * answered with a CDN carrying that result and *message (may be left
	 * NULL) and never reaches the kernel.  Called before the session
	 * exists, so it costs nothing when it refuses: the CDN goes to the
	 * peer's session id with, as ours, an id not in use that is never
	 * taken.  Counted in l2tp_ctx_stats().calls_refused_admission.
	 * Not called for calls refused anyway (direction not accepted,
	 * max_sessions reached).  An admitted ICRQ counts in
	 * l2tp_ctx_calls_in_setup() until session_up or until it fails.
	 */
	uint16_t (*session_admit)(void *arg, struct l2tp_tunnel *t,
				  const char **message);
	/*
	 * Optional: the session's kernel object was just added (see
	 * l2tp_kernel_ops.session_add), the call is not connected yet.
	 */
	void (*session_added)(void *arg, struct l2tp_session *s);
	/* The call is connected (ICCN, OCCN, or sent ours): attach PPP now. */
	void (*session_up)(void *arg, struct l2tp_session *s);
	/* Every session that got session_added or session_up, when it goes. */
	void (*session_down)(void *arg, struct l2tp_session *s);
	/* WEN and SLI, passed through for the session's PPP. */
	void (*session_wen)(void *arg, struct l2tp_session *s,
			    const struct l2tp_call_errors *errors);
	void (*session_sli)(void *arg, struct l2tp_session *s, uint32_t send_accm,
			    uint32_t recv_accm);
};

/* Input refused, dropped or held back, by class (l2tp/rejects.h). */
struct l2tp_ctx_stats {
#define L2TP_CTX_COUNTER_FIELD(name, what) uint64_t name;
	L2TP_CTX_COUNTERS(L2TP_CTX_COUNTER_FIELD)
#undef L2TP_CTX_COUNTER_FIELD
};

/* NULL with errno set on failure.  cfg is copied (not the strings). */
struct l2tp_ctx *l2tp_ctx_new(struct loop *loop, const struct l2tp_config *cfg,
			      const struct l2tp_kernel_ops *kops, void *kernel_arg,
			      const struct l2tp_hooks *hooks, void *hooks_arg);
/* Drops every tunnel silently (kernel objects deleted). */
void l2tp_ctx_free(struct l2tp_ctx *ctx);
/*
 * Drops every tunnel silently, as l2tp_ctx_free, and leaves ctx as
 * l2tp_ctx_new left it (same configuration, operations and hooks), on
 * loop: many independent runs without allocating a context for each.
 */
void l2tp_ctx_reset(struct l2tp_ctx *ctx, struct loop *loop);

/*
 * One control datagram (T bit set) from peer, received on the local socket
 * the socket layer calls sock (e.g. the module's socket id).  A tunnel
 * stays on the socket its first message came in on.
 */
void l2tp_ctx_input(struct l2tp_ctx *ctx, uint32_t sock,
		    const struct l2tp_addr *from, const uint8_t *buf,
		    size_t len);

/*
 * A data message on the socket (T bit clear): the kernel passes PPP
 * control frames of its sessions up this way.  Returns the session and
 * points *ppp at the PPP frame (protocol field first, HDLC address and
 * control removed), or NULL if the datagram belongs to no session of ours
 * (it is dropped; nothing else happens).  Data does not postpone the
 * tunnel's HELLO: only control messages received do.
 */
struct l2tp_session *l2tp_ctx_data_input(struct l2tp_ctx *ctx, uint32_t sock,
					 const struct l2tp_addr *from,
					 const uint8_t *buf, size_t len,
					 const uint8_t **ppp, size_t *ppp_len);

unsigned l2tp_ctx_tunnel_count(const struct l2tp_ctx *ctx);
/*
 * fn on every tunnel, half-open and closing ones included, until it
 * returns non-zero (returned).  fn must not close or free tunnels.
 */
int l2tp_ctx_foreach_tunnel(const struct l2tp_ctx *ctx,
			    int (*fn)(struct l2tp_tunnel *t, void *arg),
			    void *arg);
/*
 * Incoming calls (ICRQs received) between their admission and session_up:
 * the ones that end before coming up (setup timeout, CDN, kernel refusal,
 * tunnel gone) stop counting when they end.
 */
unsigned l2tp_ctx_calls_in_setup(const struct l2tp_ctx *ctx);
const struct l2tp_ctx_stats *l2tp_ctx_stats(const struct l2tp_ctx *ctx);
struct l2tp_tunnel *l2tp_tunnel_find(const struct l2tp_ctx *ctx,
				     uint16_t tunnel_id);

/* Initiate a tunnel to peer from sock (SCCRQ).  NULL with errno. */
struct l2tp_tunnel *l2tp_tunnel_open(struct l2tp_ctx *ctx, uint32_t sock,
				     const struct l2tp_addr *peer);
/*
 * Drop the tunnel and its sessions here without a word to the peer: what
 * is left when the IPsec SA that carried it is gone (a StopCCN could only
 * leave in the clear, or not at all).  Not from inside an l2tp hook.
 */
void l2tp_tunnel_abort(struct l2tp_tunnel *t, const char *why);
/* StopCCN with result/error (message may be NULL), then linger. */
void l2tp_tunnel_close(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
		       const char *message);

uint16_t l2tp_tunnel_id(const struct l2tp_tunnel *t);
/* Its share of l2tp_ctx_calls_in_setup(). */
unsigned l2tp_tunnel_calls_in_setup(const struct l2tp_tunnel *t);
uint16_t l2tp_tunnel_peer_id(const struct l2tp_tunnel *t);
const struct l2tp_addr *l2tp_tunnel_peer(const struct l2tp_tunnel *t);
/*
 * The peer moved (IPsec: its SA now has another address or reqid): what
 * arrives from peer is the tunnel's from now on, what came from the old
 * address no longer is, and what we send goes there.  Sessions and
 * sequence state are untouched.
 */
void l2tp_tunnel_set_peer(struct l2tp_tunnel *t, const struct l2tp_addr *peer);
/*
 * Has kernel_ops.tunnel_add created it (established, not deleted yet)?
 * Else the kernel gets the peer as it is when the tunnel comes up.
 */
bool l2tp_tunnel_in_kernel(const struct l2tp_tunnel *t);
/* Same family, address, port and SA. */
bool l2tp_addr_eq(const struct l2tp_addr *a, const struct l2tp_addr *b);
/* Same family and address, whatever the ports and SAs. */
bool l2tp_addr_same_host(const struct l2tp_addr *a,
			 const struct l2tp_addr *b);
uint32_t l2tp_tunnel_sock(const struct l2tp_tunnel *t);
/* The peer's Host Name escaped (str_escape): what a log line may carry. */
const char *l2tp_tunnel_peer_host(const struct l2tp_tunnel *t);
/*
 * The same name as the peer sent it (cut at its first NUL and at 63
 * bytes): for l2tpctl and JSON, which escape it themselves.
 */
const char *l2tp_tunnel_peer_name(const struct l2tp_tunnel *t);
const char *l2tp_tunnel_state_name(const struct l2tp_tunnel *t);
bool l2tp_tunnel_established(const struct l2tp_tunnel *t);
/* StopCCN sent or received: lingering until it is freed. */
bool l2tp_tunnel_closing(const struct l2tp_tunnel *t);
/* Closed by the peer's StopCCN (true from its session_down hooks on). */
bool l2tp_tunnel_peer_stopped(const struct l2tp_tunnel *t);
unsigned l2tp_tunnel_session_count(const struct l2tp_tunnel *t);
struct l2tp_transport *l2tp_tunnel_transport(const struct l2tp_tunnel *t);

/*
 * LAC: start an incoming call (ICRQ) on t, sent once t is established.
 * LNS: start an outgoing call (OCRQ) to number.  NULL with errno.
 *
 * The request goes out at once if the tunnel's send queue is short;
 * otherwise the call waits, in order with the tunnel's other waiting
 * calls, until acknowledgements make room (state "wait-send"): a LAC
 * placing a thousand calls at once loses none to a full queue, and the
 * tunnel's other messages (ICCN, CDN, HELLO) never queue behind
 * hundreds of requests.  A waiting call is a session like any other: it
 * can be closed (no CDN: the peer never heard of it).  Its setup timer
 * starts when the request is sent.
 */
struct l2tp_session *l2tp_session_open_incoming(struct l2tp_tunnel *t,
						const char *calling_number);
struct l2tp_session *l2tp_session_open_outgoing(struct l2tp_tunnel *t,
						const char *called_number);
/* CDN with result/error (message may be NULL); the session is freed. */
void l2tp_session_close(struct l2tp_session *s, uint16_t result,
			uint16_t error, const char *message);
struct l2tp_session *l2tp_session_find(const struct l2tp_tunnel *t,
				       uint16_t session_id);

uint16_t l2tp_session_id(const struct l2tp_session *s);
uint16_t l2tp_session_peer_id(const struct l2tp_session *s);
struct l2tp_tunnel *l2tp_session_tunnel(const struct l2tp_session *s);
const char *l2tp_session_state_name(const struct l2tp_session *s);
bool l2tp_session_established(const struct l2tp_session *s);
/* Result/error of the CDN that ended the session (in session_down). */
uint16_t l2tp_session_result(const struct l2tp_session *s);
/* RFC 3145 / Q.931 cause from the peer's CDN, 0 if none. */
uint16_t l2tp_session_disconnect_cause(const struct l2tp_session *s);
/* Ended by the peer's CDN, not ours (in session_down). */
bool l2tp_session_peer_closed(const struct l2tp_session *s);
/* Opaque pointer for the layer above (PPP). */
void l2tp_session_set_user(struct l2tp_session *s, void *user);
void *l2tp_session_user(const struct l2tp_session *s);

#endif /* L2TPGW_L2TP_L2TP_H */
