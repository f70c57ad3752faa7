// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The context: the tunnel table and the session hash (datagrams from
 * peers are dispatched in rx.c).
 *
 * Tunnels are found by our tunnel id in a 65536-slot array (the id space
 * is that small), and by (peer address, peer port, peer tunnel id) in a
 * hash, which is how a retransmitted SCCRQ finds the tunnel it already
 * created.  Many Windows clients all use tunnel id 1, so the peer's id
 * alone identifies nothing.  Sessions of all tunnels share one hash keyed
 * by (tunnel id, session id).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "l2tp/internal.h"

#define DEFAULT_HELLO_MS	60000
#define DEFAULT_LINGER_MS	31000
#define ID_SPACE		65536
#define RANDOM_ID_TRIES		32
#define DEFAULT_MAX_UNVERIFIED	1024
#define DEFAULT_MAX_UNVERIFIED_PER_SOURCE 16

void l2tp_ctx_random(struct l2tp_ctx *ctx, void *buf, size_t len)
{
	uint8_t *p = buf;
	ssize_t n;

	if (ctx->cfg.random_bytes) {
		ctx->cfg.random_bytes(buf, len);
		return;
	}
	while (len) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* Never on Linux >= 3.17 once seeded; do not stall. */
			log_err("getrandom: %s", strerror(errno));
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
}

const char *l2tp_addr_str(const struct l2tp_addr *a, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	uint16_t port = 0;

	if (a->sa.sa_family == AF_INET) {
		inet_ntop(AF_INET, &a->sin.sin_addr, host, sizeof(host));
		port = ntohs(a->sin.sin_port);
		snprintf(buf, len, "%s:%u", host, port);
	} else if (a->sa.sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &a->sin6.sin6_addr, host, sizeof(host));
		port = ntohs(a->sin6.sin6_port);
		snprintf(buf, len, "[%s]:%u", host, port);
	} else {
		snprintf(buf, len, "(family %u)", a->sa.sa_family);
	}
	if (a->sa_reqid) {
		size_t n = strlen(buf);

		if (n < len)
			snprintf(buf + n, len - n, " (SA %u)", a->sa_reqid);
	}
	return buf;
}

/* The address bytes (4 or 16) of a, and their length. */
const uint8_t *l2tp_addr_bytes(const struct l2tp_addr *a, size_t *n)
{
	if (a->sa.sa_family == AF_INET6) {
		*n = 16;
		return a->sin6.sin6_addr.s6_addr;
	}
	*n = 4;
	return (const uint8_t *)&a->sin.sin_addr;
}

bool l2tp_addr_eq(const struct l2tp_addr *a, const struct l2tp_addr *b)
{
	if (a->sa.sa_family != b->sa.sa_family || a->sa_reqid != b->sa_reqid)
		return false;
	if (a->sa.sa_family == AF_INET)
		return a->sin.sin_port == b->sin.sin_port &&
		       a->sin.sin_addr.s_addr == b->sin.sin_addr.s_addr;
	if (a->sa.sa_family == AF_INET6)
		return a->sin6.sin6_port == b->sin6.sin6_port &&
		       !memcmp(&a->sin6.sin6_addr, &b->sin6.sin6_addr, 16);
	return false;
}

bool l2tp_addr_same_host(const struct l2tp_addr *a,
			 const struct l2tp_addr *b)
{
	size_t n, m;
	const uint8_t *p = l2tp_addr_bytes(a, &n);
	const uint8_t *q = l2tp_addr_bytes(b, &m);

	return a->sa.sa_family == b->sa.sa_family && n == m &&
	       !memcmp(p, q, n);
}

void l2tp_ctx_source(const struct l2tp_ctx *ctx, const struct l2tp_addr *a,
		     uint8_t key[L2TP_SOURCE_KEY_LEN])
{
	size_t n, i;
	const uint8_t *b = l2tp_addr_bytes(a, &n);
	unsigned bits = n == 4 ? ctx->cfg.source_prefix4 :
				 ctx->cfg.source_prefix6;

	memset(key, 0, L2TP_SOURCE_KEY_LEN);
	key[0] = (uint8_t)n;
	for (i = 0; i < n && bits; i++) {
		key[1 + i] = bits >= 8 ? b[i] :
			     (uint8_t)(b[i] & (0xff00 >> bits));
		bits = bits >= 8 ? bits - 8 : 0;
	}
}

/*
 * SipHash under the context's random key over address, port and peer
 * tunnel id: a peer cannot pick addresses and ids that share a chain.
 */
static unsigned peer_hash(const struct l2tp_ctx *ctx,
			  const struct l2tp_addr *a, uint16_t peer_id)
{
	uint16_t port = a->sa.sa_family == AF_INET6 ? a->sin6.sin6_port :
						      a->sin.sin_port;
	uint8_t key[16 + 2 + 2];
	size_t n;
	const uint8_t *p = l2tp_addr_bytes(a, &n);

	memcpy(key, p, n);
	memcpy(key + n, &port, 2);
	memcpy(key + n + 2, &peer_id, 2);
	return (unsigned)(siphash24(ctx->rate_key, key, n + 4) &
			  ((1u << PEER_HASH_BITS) - 1));
}

struct l2tp_tunnel *l2tp_ctx_peer_lookup(const struct l2tp_ctx *ctx,
					 uint32_t sock,
					 const struct l2tp_addr *a,
					 uint16_t peer_id)
{
	struct l2tp_tunnel *t;

	for (t = ctx->by_peer[peer_hash(ctx, a, peer_id)]; t; t = t->peer_hnext)
		if (t->peer_id == peer_id && t->sock == sock &&
		    l2tp_addr_eq(&t->peer, a))
			return t;
	return NULL;
}

static void peer_unhash(struct l2tp_tunnel *t)
{
	struct l2tp_tunnel **pp;

	pp = &t->ctx->by_peer[peer_hash(t->ctx, &t->peer, t->peer_id)];
	for (; *pp; pp = &(*pp)->peer_hnext) {
		if (*pp == t) {
			*pp = t->peer_hnext;
			break;
		}
	}
	t->peer_hnext = NULL;
}

static void peer_hash_add(struct l2tp_tunnel *t)
{
	struct l2tp_tunnel **head =
		&t->ctx->by_peer[peer_hash(t->ctx, &t->peer, t->peer_id)];

	t->peer_hnext = *head;
	*head = t;
}

void l2tp_tunnel_set_peer(struct l2tp_tunnel *t, const struct l2tp_addr *peer)
{
	peer_unhash(t);
	t->peer = *peer;
	peer_hash_add(t);
}

void l2tp_ctx_tunnel_set_peer_id(struct l2tp_tunnel *t, uint16_t peer_id)
{
	peer_unhash(t);
	t->peer_id = peer_id;
	peer_hash_add(t);
}

static struct l2tp_tunnel *by_id(const struct l2tp_ctx *ctx, uint16_t id)
{
	struct l2tp_tunnel **page = ctx->id_pages[id >> 8];

	return page ? page[id & 0xff] : NULL;
}

/* The slot for id, its page allocated if need be; NULL without memory. */
static struct l2tp_tunnel **id_slot(struct l2tp_ctx *ctx, uint16_t id)
{
	struct l2tp_tunnel ***page = &ctx->id_pages[id >> 8];

	if (!*page)
		*page = calloc(256, sizeof(**page));
	return *page ? &(*page)[id & 0xff] : NULL;
}

static int alloc_tunnel_id(struct l2tp_ctx *ctx, uint16_t *id)
{
	uint16_t r;
	unsigned i;

	if (ctx->n_tunnels >= ID_SPACE - 1)
		return -ENOSPC;
	for (i = 0; i < RANDOM_ID_TRIES; i++) {
		l2tp_ctx_random(ctx, &r, sizeof(r));
		if (r && !by_id(ctx, r)) {
			*id = r;
			return 0;
		}
	}
	/* Nearly full: walk from a random point. */
	for (i = 0; i < ID_SPACE; i++, r++)
		if (r && !by_id(ctx, r)) {
			*id = r;
			return 0;
		}
	return -ENOSPC;
}

static void tp_output(void *arg, const uint8_t *pkt, size_t len)
{
	struct l2tp_tunnel *t = arg;

	/* Withheld: the transport retries, perhaps with credit then. */
	if (!l2tp_unverified_tx(t, len))
		return;
	t->ctx->hooks->send(t->ctx->hooks_arg, t->sock, &t->peer, pkt, len);
}

static void tp_peer_dead(void *arg)
{
	struct l2tp_tunnel *t = arg;

	tunnel_log(t, LOG_NOTICE, "peer %s not answering, tunnel dropped",
		   t->peer_host[0] ? t->peer_host : "(unnamed)");
	l2tp_tun_destroy(t);
}

static const struct l2tp_transport_ops tp_ops = {
	.output = tp_output,
	.peer_dead = tp_peer_dead,
};

struct l2tp_tunnel *l2tp_ctx_tunnel_alloc(struct l2tp_ctx *ctx, uint32_t sock,
					  const struct l2tp_addr *peer)
{
	unsigned max = ctx->cfg.max_tunnels;
	struct l2tp_tunnel *t, **slot;
	uint16_t id;
	int err;

	if (ctx->n_tunnels >= max) {
		errno = EMFILE;
		return NULL;
	}
	err = alloc_tunnel_id(ctx, &id);
	if (err) {
		errno = -err;
		return NULL;
	}
	slot = id_slot(ctx, id);
	if (!slot)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->tp = l2tp_transport_new(ctx->loop, &ctx->cfg.transport, &tp_ops, t);
	if (!t->tp) {
		free(t);
		errno = ENOMEM;
		return NULL;
	}
	t->ctx = ctx;
	t->id = id;
	t->peer = *peer;
	t->sock = sock;
	t->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(5, 2000);
	l2tp_sess_fifo_init(&t->waiting, offsetof(struct l2tp_session, wait));
	l2tp_sess_fifo_init(&t->connecting,
			    offsetof(struct l2tp_session, connect));
	l2tp_tun_init(t);
	*slot = t;
	peer_hash_add(t);
	t->next = ctx->tunnels;
	if (t->next)
		t->next->pprev = &t->next;
	t->pprev = &ctx->tunnels;
	ctx->tunnels = t;
	ctx->n_tunnels++;
	return t;
}

void l2tp_ctx_tunnel_free(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;

	ctx->id_pages[t->id >> 8][t->id & 0xff] = NULL;
	peer_unhash(t);
	l2tp_unverified_remove(t);
	*t->pprev = t->next;
	if (t->next)
		t->next->pprev = t->pprev;
	ctx->n_tunnels--;
	timer_cancel(ctx->loop, &t->hello_timer);
	timer_cancel(ctx->loop, &t->linger_timer);
	l2tp_transport_free(t->tp);
	free(t);
}

static unsigned session_hash(uint16_t tid, uint16_t sid)
{
	uint32_t h = ((uint32_t)tid << 16 | sid) * 2654435761u;

	return h >> (32 - SESSION_HASH_BITS);
}

struct l2tp_session *l2tp_session_find(const struct l2tp_tunnel *t,
				       uint16_t session_id)
{
	struct l2tp_session *s;

	s = t->ctx->sessions[session_hash(t->id, session_id)];
	for (; s; s = s->hnext)
		if (s->id == session_id && s->tunnel == t)
			return s;
	return NULL;
}

int l2tp_ctx_session_pick_id(struct l2tp_ctx *ctx, const struct l2tp_tunnel *t,
			     uint16_t *id)
{
	uint16_t r;
	unsigned i;

	for (i = 0; i < ID_SPACE; i++) {
		if (i < RANDOM_ID_TRIES)
			l2tp_ctx_random(ctx, &r, sizeof(r));
		else
			r++;
		if (r && !l2tp_session_find(t, r)) {
			*id = r;
			return 0;
		}
	}
	return -ENOSPC;
}

int l2tp_ctx_session_alloc_id(struct l2tp_ctx *ctx, struct l2tp_session *s)
{
	struct l2tp_tunnel *t = s->tunnel;
	struct l2tp_session **head;
	int err;

	if (t->n_sessions >= ctx->cfg.max_sessions)
		return -EMFILE;
	err = l2tp_ctx_session_pick_id(ctx, t, &s->id);
	if (err)
		return err;
	head = &ctx->sessions[session_hash(t->id, s->id)];
	s->hnext = *head;
	*head = s;
	return 0;
}

void l2tp_ctx_session_hash_peer(struct l2tp_ctx *ctx, struct l2tp_session *s)
{
	struct l2tp_session **head =
		&ctx->by_peer_sid[session_hash(s->tunnel->id, s->peer_id)];

	s->phnext = *head;
	*head = s;
	s->peer_hashed = true;
}

struct l2tp_session *l2tp_ctx_session_find_peer(const struct l2tp_tunnel *t,
						uint16_t peer_id)
{
	struct l2tp_session *s;

	s = t->ctx->by_peer_sid[session_hash(t->id, peer_id)];
	for (; s; s = s->phnext)
		if (s->peer_id == peer_id && s->tunnel == t)
			return s;
	return NULL;
}

void l2tp_ctx_session_unhash(struct l2tp_ctx *ctx, struct l2tp_session *s)
{
	struct l2tp_session **pp;

	pp = &ctx->sessions[session_hash(s->tunnel->id, s->id)];
	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == s) {
			*pp = s->hnext;
			break;
		}
	}
	if (!s->peer_hashed)
		return;
	pp = &ctx->by_peer_sid[session_hash(s->tunnel->id, s->peer_id)];
	for (; *pp; pp = &(*pp)->phnext) {
		if (*pp == s) {
			*pp = s->phnext;
			break;
		}
	}
	s->peer_hashed = false;
}

const struct l2tp_secret *l2tp_ctx_secret(const struct l2tp_ctx *ctx,
				     struct l2tp_secret *buf)
{
	if (!ctx->cfg.secret_len)
		return NULL;
	buf->data = ctx->cfg.secret;
	buf->len = ctx->cfg.secret_len;
	return buf;
}

/* ctx is zeroed; the arguments are those l2tp_ctx_new checked. */
static void ctx_init(struct l2tp_ctx *ctx, struct loop *loop,
		     const struct l2tp_config *cfg,
		     const struct l2tp_kernel_ops *kops, void *kernel_arg,
		     const struct l2tp_hooks *hooks, void *hooks_arg)
{
	ctx->loop = loop;
	ctx->given = *cfg;
	ctx->cfg = *cfg;
	if (!ctx->cfg.hello_interval_ms)
		ctx->cfg.hello_interval_ms = DEFAULT_HELLO_MS;
	if (!ctx->cfg.linger_ms)
		ctx->cfg.linger_ms = DEFAULT_LINGER_MS;
	if (!ctx->cfg.max_tunnels || ctx->cfg.max_tunnels > ID_SPACE - 1)
		ctx->cfg.max_tunnels = ID_SPACE - 1;
	if (!ctx->cfg.max_sessions || ctx->cfg.max_sessions > ID_SPACE - 1)
		ctx->cfg.max_sessions = ID_SPACE - 1;
	if (!ctx->cfg.vendor_name)
		ctx->cfg.vendor_name = "l2tpgw";
	if (!ctx->cfg.source_prefix4 || ctx->cfg.source_prefix4 > 32)
		ctx->cfg.source_prefix4 = 24;
	if (!ctx->cfg.source_prefix6 || ctx->cfg.source_prefix6 > 128)
		ctx->cfg.source_prefix6 = 56;
	if (!ctx->cfg.max_unverified) {
		ctx->cfg.max_unverified = ctx->cfg.max_tunnels / 4;
		if (ctx->cfg.max_unverified > DEFAULT_MAX_UNVERIFIED)
			ctx->cfg.max_unverified = DEFAULT_MAX_UNVERIFIED;
		if (!ctx->cfg.max_unverified)
			ctx->cfg.max_unverified = 1;
	}
	if (!ctx->cfg.max_unverified_per_source)
		ctx->cfg.max_unverified_per_source =
			DEFAULT_MAX_UNVERIFIED_PER_SOURCE;
	if (ctx->cfg.max_unverified_per_source > UINT16_MAX)
		ctx->cfg.max_unverified_per_source = UINT16_MAX;
	ctx->kops = kops;
	ctx->kernel_arg = kernel_arg;
	ctx->hooks = hooks;
	ctx->hooks_arg = hooks_arg;
	l2tp_ctx_random(ctx, ctx->rate_key, sizeof(ctx->rate_key));
	ctx->rl_unknown = (struct log_ratelimit)LOG_RATELIMIT_INIT(10, 1000);
	ctx->rl_bad = (struct log_ratelimit)LOG_RATELIMIT_INIT(10, 1000);
	ctx->rl_unverified = (struct log_ratelimit)LOG_RATELIMIT_INIT(10, 1000);
	ctx->unverified_tail = &ctx->unverified;
}

struct l2tp_ctx *l2tp_ctx_new(struct loop *loop, const struct l2tp_config *cfg,
			      const struct l2tp_kernel_ops *kops, void *kernel_arg,
			      const struct l2tp_hooks *hooks, void *hooks_arg)
{
	struct l2tp_ctx *ctx;

	if (!hooks || !hooks->send || !kops || !cfg || !cfg->host_name ||
	    !cfg->host_name[0]) {
		errno = EINVAL;
		return NULL;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	ctx_init(ctx, loop, cfg, kops, kernel_arg, hooks, hooks_arg);
	return ctx;
}

static void ctx_drop_all(struct l2tp_ctx *ctx)
{
	unsigned i;

	while (ctx->tunnels)
		l2tp_tun_destroy(ctx->tunnels);
	for (i = 0; i < 256; i++) {
		free(ctx->id_pages[i]);
		ctx->id_pages[i] = NULL;
	}
}

void l2tp_ctx_reset(struct l2tp_ctx *ctx, struct loop *loop)
{
	/* The configuration as given: ctx_init fills in its defaults again. */
	struct l2tp_config cfg = ctx->given;
	const struct l2tp_kernel_ops *kops = ctx->kops;
	const struct l2tp_hooks *hooks = ctx->hooks;
	void *kernel_arg = ctx->kernel_arg, *hooks_arg = ctx->hooks_arg;

	ctx_drop_all(ctx);
	memset(ctx, 0, sizeof(*ctx));
	ctx_init(ctx, loop, &cfg, kops, kernel_arg, hooks, hooks_arg);
}

void l2tp_ctx_free(struct l2tp_ctx *ctx)
{
	if (!ctx)
		return;
	ctx_drop_all(ctx);
	free(ctx);
}

unsigned l2tp_ctx_tunnel_count(const struct l2tp_ctx *ctx)
{
	return ctx->n_tunnels;
}

int l2tp_ctx_foreach_tunnel(const struct l2tp_ctx *ctx,
			    int (*fn)(struct l2tp_tunnel *t, void *arg),
			    void *arg)
{
	struct l2tp_tunnel *t;
	int rc;

	for (t = ctx->tunnels; t; t = t->next) {
		rc = fn(t, arg);
		if (rc)
			return rc;
	}
	return 0;
}

unsigned l2tp_ctx_calls_in_setup(const struct l2tp_ctx *ctx)
{
	return ctx->calls_in_setup;
}

const struct l2tp_ctx_stats *l2tp_ctx_stats(const struct l2tp_ctx *ctx)
{
	return &ctx->stats;
}

struct l2tp_tunnel *l2tp_tunnel_find(const struct l2tp_ctx *ctx,
				     uint16_t tunnel_id)
{
	return by_id(ctx, tunnel_id);
}

unsigned l2tp_tunnel_calls_in_setup(const struct l2tp_tunnel *t)
{
	return t->calls_in_setup;
}

bool l2tp_tunnel_in_kernel(const struct l2tp_tunnel *t)
{
	return t->kernel_added;
}

uint16_t l2tp_tunnel_id(const struct l2tp_tunnel *t)
{
	return t->id;
}

uint16_t l2tp_tunnel_peer_id(const struct l2tp_tunnel *t)
{
	return t->peer_id;
}

const struct l2tp_addr *l2tp_tunnel_peer(const struct l2tp_tunnel *t)
{
	return &t->peer;
}

uint32_t l2tp_tunnel_sock(const struct l2tp_tunnel *t)
{
	return t->sock;
}

const char *l2tp_tunnel_peer_host(const struct l2tp_tunnel *t)
{
	return t->peer_host;
}

const char *l2tp_tunnel_peer_name(const struct l2tp_tunnel *t)
{
	return t->peer_name;
}

unsigned l2tp_tunnel_session_count(const struct l2tp_tunnel *t)
{
	return t->n_sessions;
}

struct l2tp_transport *l2tp_tunnel_transport(const struct l2tp_tunnel *t)
{
	return t->tp;
}
