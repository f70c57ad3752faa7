/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between ctx.c, rx.c, tunnel.c and the session*.c files only:
 * the objects' layout and the calls between them.
 */
#ifndef L2TPGW_L2TP_INTERNAL_H
#define L2TPGW_L2TP_INTERNAL_H

#include "l2tp/fsm.h"
#include "l2tp/l2tp.h"
#include "escape.h"
#include "l2tp/message.h"
#include "log.h"
#include "loop.h"
#include "siphash.h"

#define PEER_HASH_BITS		12
#define RATE_SET_BITS		10
#define RATE_WAYS		4
/* Per-source counters of unverified tunnels: 2^this, by keyed hash. */
#define UNVERIFIED_SLOT_BITS	12
/* A source as hashed: family (4 or 16), then the masked address. */
#define L2TP_SOURCE_KEY_LEN	17
#define SESSION_HASH_BITS	14
#define HOST_NAME_MAX_LOG	64
/* A peer's Result Code or cause message: bytes of it shown in logs. */
#define L2TP_MESSAGE_SHOWN	128

enum tunnel_state {
	TUNNEL_IDLE,
	TUNNEL_WAIT_CTL_REPLY,	/* sent SCCRQ */
	TUNNEL_WAIT_CTL_CONN,	/* sent SCCRP */
	TUNNEL_ESTABLISHED,
	TUNNEL_CLOSING,		/* StopCCN sent or received: lingering */
	TUNNEL_STATE_COUNT
};

enum session_state {
	SESSION_IDLE,
	SESSION_WAIT_TUNNEL,	/* LAC: ICRQ waits for the tunnel */
	SESSION_WAIT_SEND,	/* ICRQ/OCRQ waits for send queue room */
	SESSION_WAIT_ICRP,	/* LAC: sent ICRQ */
	SESSION_WAIT_ICCN,	/* LNS: sent ICRP */
	SESSION_WAIT_OCRP,	/* LNS: sent OCRQ */
	SESSION_WAIT_OCCN,	/* LNS: got OCRP */
	SESSION_ESTABLISHED,
	SESSION_STATE_COUNT
};

/* Why a tunnel (StopCCN) or a session (CDN) is closed locally. */
struct l2tp_close_reason {
	uint16_t result;
	uint16_t error;
	const char *message;
};

/* The argument of a tunnel or session event (l2tp/fsm.h). */
struct l2tp_event_arg {
	const struct l2tp_msg *msg;		/* received messages */
	const struct l2tp_close_reason *close;	/* local close */
};

/* A session's place on one of its tunnel's FIFOs (session_queue.c). */
struct l2tp_sess_link {
	struct l2tp_session *next, **pprev;	/* pprev NULL: not queued */
};

/* A FIFO of sessions threaded through the link at offset link. */
struct l2tp_sess_fifo {
	struct l2tp_session *head, **tail;
	size_t link;
};

struct l2tp_session {
	struct l2tp_tunnel *tunnel;
	struct l2tp_session *hnext;	/* ctx hash by (tunnel, id) */
	struct l2tp_session *phnext;	/* ctx hash by (tunnel, peer id) */
	struct l2tp_session *next, **pprev;	/* tunnel's list */
	/* On the tunnel's waiting FIFO: waits to send its request. */
	struct l2tp_sess_link wait;
	/* On the tunnel's connecting FIFO: its ICCN/OCCN (connect_ns) waits. */
	struct l2tp_sess_link connect;
	uint16_t connect_ns;
	uint16_t id;
	uint16_t peer_id;
	enum session_state state;
	bool kernel_added;
	bool sequencing;	/* as the kernel session has it */
	bool added_reported;	/* session_added called */
	bool up_reported;
	bool outgoing;		/* our OCRQ (LNS); else an ICRQ */
	bool in_setup;		/* an ICRQ received, not up yet */
	bool peer_hashed;	/* on the ctx's peer id hash */
	bool peer_closed;	/* ended by the peer's CDN */
	uint32_t serial;
	uint16_t result;
	uint16_t error;
	uint16_t disconnect_cause;
	char *number;		/* calling/called number, or NULL */
	struct timer setup_timer;	/* bounds the call setup */
	void *user;
};

struct l2tp_tunnel {
	struct l2tp_ctx *ctx;
	struct l2tp_tunnel *peer_hnext;	/* ctx peer-key hash chain */
	struct l2tp_tunnel *next;	/* ctx->tunnels list */
	struct l2tp_tunnel **pprev;
	uint16_t id;
	uint16_t peer_id;
	struct l2tp_addr peer;
	uint32_t sock;
	enum tunnel_state state;
	bool initiator;
	bool kernel_added;
	bool up_reported;
	bool freeing;
	bool peer_stopped;	/* closed by the peer's StopCCN */
	struct l2tp_transport *tp;
	uint8_t challenge[16];		/* ours, when we sent one */
	bool challenged;
	uint8_t tie_breaker[8];
	bool has_tie_breaker;
	char peer_host[HOST_NAME_MAX_LOG];	/* escaped, for logs */
	char peer_name[HOST_NAME_MAX_LOG];	/* as sent, to its first NUL */
	struct timer hello_timer;
	struct timer linger_timer;
	struct timer probe_timer;	/* a HELLO probe's deadline */
	uint16_t probe_una;	/* the transport's una when it began */
	/* When the last control message (or ZLB) came, or our HELLO went. */
	uint64_t last_activity;
	struct l2tp_session *sessions;
	unsigned n_sessions;
	unsigned calls_in_setup;	/* its sessions with in_setup */
	/* Our calls waiting to send ICRQ/OCRQ, oldest first. */
	struct l2tp_sess_fifo waiting;
	/* Our connected calls whose ICCN/OCCN is not sent yet, in Ns order. */
	struct l2tp_sess_fifo connecting;
	uint32_t next_serial;
	struct log_ratelimit rl;
	/*
	 * Unverified (unverified.c): we answered its SCCRQ, its SCCCN has
	 * not come.  On the ctx's FIFO, counted in its source's slot, and
	 * never sent more bytes (IP and UDP headers included) than it sent.
	 */
	bool unverified;
	struct l2tp_tunnel *unv_next, **unv_pprev;
	uint32_t unv_slot;
	uint64_t unv_rx_bytes, unv_tx_bytes;
};

/*
 * New-tunnel token bucket of one source: a peer address's prefix
 * (source_prefix4/6 bits), family first.  RATE_WAYS of them per set, the
 * set chosen by a keyed hash (see peer_rate_allows in rx.c).
 */
struct peer_rate {
	uint8_t key[L2TP_SOURCE_KEY_LEN];
	bool used;
	uint64_t last_ms;
	uint64_t tokens_milli;	/* tokens x 1000 */
};

struct l2tp_ctx {
	struct loop *loop;
	struct l2tp_config cfg;
	struct l2tp_config given;	/* cfg before defaults, for reset */
	const struct l2tp_kernel_ops *kops;
	void *kernel_arg;
	const struct l2tp_hooks *hooks;
	void *hooks_arg;
	/*
	 * Our tunnel ids, 65536 slots in 256 pages allocated on first use:
	 * O(1) lookup, memory in proportion to the ids in use.
	 */
	struct l2tp_tunnel **id_pages[256];
	struct l2tp_tunnel *tunnels;	/* all of them, for teardown */
	struct l2tp_tunnel *by_peer[1u << PEER_HASH_BITS];
	struct l2tp_session *sessions[1u << SESSION_HASH_BITS];
	struct l2tp_session *by_peer_sid[1u << SESSION_HASH_BITS];
	struct peer_rate rates[1u << RATE_SET_BITS][RATE_WAYS];
	/* Random, per context: the key of every per-source hash. */
	uint8_t rate_key[SIPHASH_KEY_LEN];
	/* Unverified tunnels, oldest first, and how many per source slot. */
	struct l2tp_tunnel *unverified, **unverified_tail;
	unsigned n_unverified;
	uint16_t unverified_count[1u << UNVERIFIED_SLOT_BITS];
	struct log_ratelimit rl_unverified;
	unsigned n_tunnels;
	unsigned calls_in_setup;	/* sessions with in_setup */
	struct l2tp_ctx_stats stats;
	struct log_ratelimit rl_unknown;
	struct log_ratelimit rl_bad;
};

/* ctx.c */
void l2tp_ctx_random(struct l2tp_ctx *ctx, void *buf, size_t len);
/* The source a peer address counts as: family, then its prefix. */
void l2tp_ctx_source(const struct l2tp_ctx *ctx, const struct l2tp_addr *a,
		     uint8_t key[L2TP_SOURCE_KEY_LEN]);
struct l2tp_tunnel *l2tp_ctx_tunnel_alloc(struct l2tp_ctx *ctx, uint32_t sock,
					  const struct l2tp_addr *peer);
void l2tp_ctx_tunnel_set_peer_id(struct l2tp_tunnel *t, uint16_t peer_id);
void l2tp_ctx_tunnel_free(struct l2tp_tunnel *t);
/* A session id t does not use now, without taking it.  0 or -ENOSPC. */
int l2tp_ctx_session_pick_id(struct l2tp_ctx *ctx, const struct l2tp_tunnel *t,
			     uint16_t *id);
int l2tp_ctx_session_alloc_id(struct l2tp_ctx *ctx, struct l2tp_session *s);
/* s->peer_id is known (non-zero): CDNs may name s by it. */
void l2tp_ctx_session_hash_peer(struct l2tp_ctx *ctx, struct l2tp_session *s);
struct l2tp_session *l2tp_ctx_session_find_peer(const struct l2tp_tunnel *t,
						uint16_t peer_id);
/* Off both hashes. */
void l2tp_ctx_session_unhash(struct l2tp_ctx *ctx, struct l2tp_session *s);
const struct l2tp_secret *l2tp_ctx_secret(const struct l2tp_ctx *ctx,
				     struct l2tp_secret *buf);
const char *l2tp_addr_str(const struct l2tp_addr *a, char *buf, size_t len);
/* The address bytes (4 or 16) of a, and their length. */
const uint8_t *l2tp_addr_bytes(const struct l2tp_addr *a, size_t *n);
/* The tunnel with the peer (a on sock) and the peer's tunnel id. */
struct l2tp_tunnel *l2tp_ctx_peer_lookup(const struct l2tp_ctx *ctx,
					 uint32_t sock,
					 const struct l2tp_addr *a,
					 uint16_t peer_id);

/* unverified.c */
/*
 * May the SCCRQ from this source make one more unverified tunnel?  False
 * (counted, logged) if its source has max_unverified_per_source of them;
 * if the total (max_unverified) or the table (max_tunnels) is full, the
 * oldest unverified tunnel is dropped silently to make room.
 */
bool l2tp_unverified_admit(struct l2tp_ctx *ctx, const struct l2tp_addr *from);
/* t, just made for an admitted SCCRQ, is unverified. */
void l2tp_unverified_add(struct l2tp_tunnel *t);
/* t is verified (its SCCCN came) or freed: off the budget. */
void l2tp_unverified_remove(struct l2tp_tunnel *t);
/* A datagram of len bytes (L2TP) from t's peer. */
void l2tp_unverified_rx(struct l2tp_tunnel *t, size_t len);
/*
 * May this datagram go to t's peer?  Always for a verified tunnel; for an
 * unverified one only within what the peer sent, and never a ZLB (it
 * would stop the retransmissions that give us credit).  Counts it.
 */
bool l2tp_unverified_tx(struct l2tp_tunnel *t, size_t len);
/* L2TP bytes one more datagram to t's peer may have; SIZE_MAX: any. */
size_t l2tp_unverified_credit(const struct l2tp_tunnel *t);

/* tunnel.c */
void l2tp_tun_receive(struct l2tp_tunnel *t, const struct l2tp_msg *m);
/* An empty message of type, to fill and pass to l2tp_tun_send(). */
void l2tp_tun_msg_init(struct l2tp_msg *m, uint16_t type);
/* The Result Code AVP of a StopCCN or CDN, from why. */
void l2tp_tun_put_result(struct l2tp_msg *m,
			 const struct l2tp_close_reason *why);
/* 0, or a negative errno (logged) if the message could not be queued. */
int l2tp_tun_send(struct l2tp_tunnel *t, struct l2tp_msg *m);
void l2tp_tun_fault(struct l2tp_tunnel *t, const struct l2tp_decode_error *err);
void l2tp_tun_init(struct l2tp_tunnel *t);
/* Drop the tunnel now: sessions down, kernel objects deleted, freed. */
void l2tp_tun_destroy(struct l2tp_tunnel *t);
/*
 * An SCCRQ named t's peer (address, port, tunnel id) while t is
 * established: t's peer is probed with a HELLO, and t is dropped (freed)
 * only if the peer acknowledges nothing by the probe's deadline.
 */
void l2tp_tun_peer_reopens(struct l2tp_tunnel *t);

/* session_rx.c */
void l2tp_sess_receive(struct l2tp_tunnel *t, const struct l2tp_msg *m);
void l2tp_sess_fault(struct l2tp_tunnel *t, const struct l2tp_msg *m,
		   const struct l2tp_decode_error *err);
/* session.c */
/*
 * The tunnel is going away: every session ends without CDN, its
 * session_down hook runs, but no kops->session_del: the caller's
 * tunnel_del removes the kernel sessions in one batch.
 */
void l2tp_sess_tunnel_down(struct l2tp_tunnel *t);
/* session_queue.c */
/* The calls waiting for the tunnel go out, as room allows. */
void l2tp_sess_tunnel_up(struct l2tp_tunnel *t);
/* Acknowledgements made room in t's send queue: waiting calls go out. */
void l2tp_sess_send_waiting(struct l2tp_tunnel *t);
void l2tp_sess_fifo_init(struct l2tp_sess_fifo *q, size_t link);
/* Acknowledgements let queued messages out: calls whose ICCN went go up. */
void l2tp_sess_connects_sent(struct l2tp_tunnel *t);

#define tunnel_log(t, level, fmt, ...) \
	log_msg(level, "tunnel %u/%u: " fmt, (t)->id, (t)->peer_id, \
		##__VA_ARGS__)
/* For what the peer can repeat at will: limited per tunnel. */
#define tunnel_log_rl(t, level, fmt, ...) \
	log_rl(&(t)->rl, level, "tunnel %u/%u: " fmt, (t)->id, (t)->peer_id, \
	       ##__VA_ARGS__)
#define session_log_rl(s, level, fmt, ...) \
	log_rl(&(s)->tunnel->rl, level, "session %u/%u in tunnel %u: " fmt, \
	       (s)->id, (s)->peer_id, (s)->tunnel->id, ##__VA_ARGS__)
#define session_log(s, level, fmt, ...) \
	log_msg(level, "session %u/%u in tunnel %u: " fmt, (s)->id, \
		(s)->peer_id, (s)->tunnel->id, ##__VA_ARGS__)

#endif /* L2TPGW_L2TP_INTERNAL_H */
