// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Datagrams from peers.  A control message goes to its tunnel's transport
 * (reliable delivery), and what the transport puts in order to the tunnel
 * and session machines.  An SCCRQ to tunnel 0 opens a tunnel, unless it
 * is a retransmission, loses a tie-break (RFC 2661 4.4.3), or its peer
 * address is over its rate of new tunnels.  A data message carries a PPP
 * control frame the kernel passed up: it is handed to its session's owner.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/internal.h"

/*
 * Real control messages are well under 2 KiB; the cap bounds what a peer
 * can park in our out-of-order queue (receive window x this) per tunnel.
 */
#define CTRL_RX_MAX		8192

/* r's tokens (x 1000) now, refilled since it was last charged. */
static uint64_t rate_tokens(const struct l2tp_config *cfg,
			    const struct peer_rate *r, uint64_t now,
			    uint64_t burst)
{
	/* rate per second = rate milli-tokens per ms */
	uint64_t t = r->tokens_milli +
		     (now - r->last_ms) * cfg->peer_tunnel_rate;

	return t < burst ? t : burst;
}

/*
 * May this peer address open one more tunnel now?  Its source (prefix)
 * picks a set of RATE_WAYS buckets by SipHash under a key drawn at start,
 * so a peer cannot aim at a set.  A source without a bucket takes a free
 * one, or one refilled to the full burst (forgetting it loses nothing);
 * with none of those, it shares the fullest bucket of the set, without
 * taking it over: a collision makes limits stricter, never looser.
 */
static bool peer_rate_allows(struct l2tp_ctx *ctx, const struct l2tp_addr *a)
{
	const struct l2tp_config *cfg = &ctx->cfg;
	uint64_t now = loop_now(ctx->loop), burst, t, best_t = 0;
	uint8_t key[L2TP_SOURCE_KEY_LEN];
	struct peer_rate *set, *r = NULL, *fresh = NULL, *best = NULL;
	unsigned w;

	if (!cfg->peer_tunnel_rate)
		return true;
	burst = (uint64_t)(cfg->peer_tunnel_burst ? cfg->peer_tunnel_burst :
			   cfg->peer_tunnel_rate) * 1000;
	l2tp_ctx_source(ctx, a, key);
	set = ctx->rates[siphash24(ctx->rate_key, key, sizeof(key)) &
			 ((1u << RATE_SET_BITS) - 1)];
	for (w = 0; w < RATE_WAYS; w++) {
		if (set[w].used && !memcmp(set[w].key, key, sizeof(key))) {
			r = &set[w];
			break;
		}
		t = set[w].used ? rate_tokens(cfg, &set[w], now, burst) : burst;
		if (t >= burst && !fresh)
			fresh = &set[w];
		if (!best || t > best_t) {
			best = &set[w];
			best_t = t;
		}
	}
	if (!r && fresh) {
		r = fresh;
		memcpy(r->key, key, sizeof(key));
		r->used = true;
		r->tokens_milli = burst;
		r->last_ms = now;
	}
	if (!r)
		r = best;
	r->tokens_milli = rate_tokens(cfg, r, now, burst);
	r->last_ms = now;
	if (r->tokens_milli < 1000)
		return false;
	r->tokens_milli -= 1000;
	return true;
}

/* Our tunnel id, if that tunnel's peer is from, on sock. */
static struct l2tp_tunnel *tunnel_from(const struct l2tp_ctx *ctx,
				       uint32_t sock,
				       const struct l2tp_addr *from,
				       uint16_t id)
{
	struct l2tp_tunnel *t = l2tp_tunnel_find(ctx, id);

	return t && t->sock == sock && l2tp_addr_eq(&t->peer, from) ? t : NULL;
}

/* Decode and act on every message the transport has put in order. */
static void tunnel_deliver(struct l2tp_tunnel *t)
{
	struct l2tp_secret sb;
	const struct l2tp_secret *secret = l2tp_ctx_secret(t->ctx, &sb);
	struct l2tp_decode_error err;
	struct l2tp_rx_msg *r;
	struct l2tp_msg *m = malloc(sizeof(*m));

	if (!m) {
		/* Already acknowledged: the message is lost for good. */
		tunnel_log(t, LOG_ERR, "out of memory decoding a message");
		l2tp_tun_fault(t, &(struct l2tp_decode_error){
			.fault = L2TP_FAULT_TUNNEL,
			.result = L2TP_STOPCCN_GENERAL_ERROR,
			.error = L2TP_ERR_NO_RESOURCES,
			.text = "out of memory" });
		return;
	}
	while ((r = l2tp_transport_next(t->tp))) {
		if (l2tp_msg_decode(r->data, r->len, secret, m, &err) == 0)
			l2tp_tun_receive(t, m);
		else if (err.fault == L2TP_FAULT_SESSION)
			l2tp_sess_fault(t, m, &err);
		else if (err.fault == L2TP_FAULT_TUNNEL)
			l2tp_tun_fault(t, &err);
		else
			log_rl(&t->rl, LOG_INFO, "tunnel %u/%u: %s", t->id,
			       t->peer_id, err.text);
		free(r);
	}
	free(m);
}

static void tunnel_input(struct l2tp_tunnel *t, const struct l2tp_header *h,
			 const uint8_t *buf, size_t len)
{
	bool zlb = h->length == h->hdr_len;

	t->last_activity = loop_now(t->ctx->loop);
	l2tp_unverified_rx(t, len);
	switch (l2tp_transport_input(t->tp, h->ns, h->nr, zlb, buf, len)) {
	case L2TP_RX_DELIVER:
		tunnel_deliver(t);
		break;
	case L2TP_RX_AHEAD_DROPPED:
		/* Not verified yet: the peer resends it in order. */
		t->ctx->stats.ctl_out_of_order_unverified++;
		tunnel_log_rl(t, LOG_INFO, "Ns %u ahead of %u before the peer "
			      "is verified: dropped", h->ns,
			      l2tp_transport_nr(t->tp));
		break;
	default:
		break;
	}
	/* Only an acknowledgement makes room in the send queue. */
	if (t->waiting.head)
		l2tp_sess_send_waiting(t);
	if (t->connecting.head)
		l2tp_sess_connects_sent(t);
}

/*
 * Two peers opened tunnels to each other at once (RFC 2661 4.4.3): the
 * SCCRQ with the lower Tie Breaker wins; with equal values both lose; a
 * request carrying one beats a request without.  Returns true if the
 * incoming SCCRQ is to be dropped.
 */
static bool tie_break(struct l2tp_ctx *ctx, uint32_t sock,
		      const struct l2tp_addr *from, const struct l2tp_msg *m)
{
	struct l2tp_tunnel *ours = l2tp_ctx_peer_lookup(ctx, sock, from, 0);
	bool theirs_tb = l2tp_avp_has(&m->avps, L2TP_AVP_TIE_BREAKER);
	int cmp;

	if (!ours || ours->state != TUNNEL_WAIT_CTL_REPLY ||
	    (!theirs_tb && !ours->has_tie_breaker))
		return false;
	if (theirs_tb && ours->has_tie_breaker)
		cmp = memcmp(m->avps.tie_breaker, ours->tie_breaker, 8);
	else
		cmp = theirs_tb ? -1 : 1;
	tunnel_log(ours, LOG_NOTICE, "SCCRQ collision with the peer: %s",
		   cmp < 0 ? "theirs wins" : cmp > 0 ? "ours wins" :
		   "equal tie breakers, both dropped");
	if (cmp <= 0)
		l2tp_tun_destroy(ours);
	return cmp >= 0;
}

static void sccrq_input(struct l2tp_ctx *ctx, uint32_t sock,
			const struct l2tp_addr *from,
			const struct l2tp_header *h, const uint8_t *buf,
			size_t len)
{
	struct l2tp_secret sb;
	struct l2tp_decode_error err;
	struct l2tp_tunnel *t;
	struct l2tp_msg *m;
	char a[64];

	m = malloc(sizeof(*m));
	if (!m)
		return;		/* the peer retransmits */
	if (l2tp_msg_decode(buf, len, l2tp_ctx_secret(ctx, &sb), m, &err) < 0) {
		ctx->stats.ctl_bad_sccrq++;
		log_rl(&ctx->rl_bad, LOG_NOTICE, "peer %s: bad SCCRQ: %s",
		       l2tp_addr_str(from, a, sizeof(a)), err.text);
		goto out;
	}
	if (m->type == L2TP_MSG_SCCRQ && !m->avps.assigned_tunnel_id) {
		/* 0 would also match our own tunnels still awaiting SCCRP. */
		ctx->stats.ctl_bad_sccrq++;
		log_rl(&ctx->rl_bad, LOG_NOTICE, "peer %s: SCCRQ with Assigned "
		       "Tunnel ID 0 ignored", l2tp_addr_str(from, a, sizeof(a)));
		goto out;
	}
	if (m->type != L2TP_MSG_SCCRQ || h->ns != 0) {
		ctx->stats.ctl_not_sccrq_to_tunnel0++;
		log_rl(&ctx->rl_unknown, LOG_INFO,
		       "peer %s: %s Ns %u for tunnel 0 ignored",
		       l2tp_addr_str(from, a, sizeof(a)), l2tp_msg_name(m->type),
		       h->ns);
		goto out;
	}
	/* Before a retransmission's lookup: a refused peer has no tunnel. */
	if (ctx->hooks->tunnel_admit &&
	    !ctx->hooks->tunnel_admit(ctx->hooks_arg, from))
		goto out;
	t = l2tp_ctx_peer_lookup(ctx, sock, from, m->avps.assigned_tunnel_id);
	if (t && t->state != TUNNEL_ESTABLISHED && t->state != TUNNEL_CLOSING) {
		/* A retransmission: the transport acknowledges it again. */
		tunnel_input(t, h, buf, len);
		goto out;
	}
	if (t && t->state == TUNNEL_ESTABLISHED) {
		/*
		 * No retransmission, since the peer sent SCCCN: either the
		 * client restarted with the same id (Windows always uses 1)
		 * or someone spoofs its address.  Only a probe of the peer
		 * tells, and drops the tunnel if it is dead; the client's
		 * next SCCRQ then gets a new one.
		 */
		ctx->stats.sccrq_duplicate_established++;
		log_rl(&ctx->rl_bad, LOG_NOTICE, "peer %s: SCCRQ naming "
		       "established tunnel %u/%u dropped", l2tp_addr_str(from,
		       a, sizeof(a)), t->id, t->peer_id);
		l2tp_tun_peer_reopens(t);
		goto out;
	}
	if (t) {
		/* Closed already, lingering: the peer may start afresh. */
		tunnel_log(t, LOG_INFO, "peer %s opens a new tunnel with the "
			   "same id: closed one dropped",
			   l2tp_addr_str(from, a, sizeof(a)));
		l2tp_tun_destroy(t);
	}
	if (tie_break(ctx, sock, from, m))
		goto out;
	if (!peer_rate_allows(ctx, from)) {
		ctx->stats.sccrq_rate_limited++;
		log_rl(&ctx->rl_bad, LOG_WARNING, "peer %s: SCCRQ refused: more "
		       "than %u new tunnels per second", l2tp_addr_str(from, a,
		       sizeof(a)), ctx->cfg.peer_tunnel_rate);
		goto out;
	}
	if (!l2tp_unverified_admit(ctx, from))
		goto out;
	t = l2tp_ctx_tunnel_alloc(ctx, sock, from);
	if (!t && errno == EMFILE) {
		ctx->stats.sccrq_table_full++;
		log_rl(&ctx->rl_bad, LOG_WARNING, "peer %s: SCCRQ refused: "
		       "max_tunnels (%u) reached", l2tp_addr_str(from, a,
		       sizeof(a)), ctx->cfg.max_tunnels);
		goto out;
	}
	if (!t) {
		ctx->stats.sccrq_no_resources++;
		log_rl(&ctx->rl_bad, LOG_WARNING, "peer %s: SCCRQ refused: %s",
		       l2tp_addr_str(from, a, sizeof(a)), strerror(errno));
		goto out;
	}
	l2tp_unverified_add(t);
	l2tp_ctx_tunnel_set_peer_id(t, m->avps.assigned_tunnel_id);
	l2tp_transport_set_peer(t->tp, t->peer_id,
				l2tp_avp_has(&m->avps, L2TP_AVP_RECEIVE_WINDOW_SIZE) ?
				m->avps.receive_window_size : 0);
	tunnel_input(t, h, buf, len);
out:
	free(m);
}

void l2tp_ctx_input(struct l2tp_ctx *ctx, uint32_t sock,
		    const struct l2tp_addr *from, const uint8_t *buf,
		    size_t len)
{
	struct l2tp_header h;
	struct l2tp_tunnel *t;
	const char *why;
	char a[64];

	if (l2tp_header_decode(buf, len, &h, &why) < 0 ||
	    (why = "not L2TPv2", h.version != L2TP_VERSION) ||
	    (why = "not a control message with length and sequence",
	     (h.flags & (L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S)) !=
		     (L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S)) ||
	    (why = "length shorter than header", h.length < h.hdr_len) ||
	    (why = "control message larger than 8 KiB",
	     h.length > CTRL_RX_MAX)) {
		ctx->stats.ctl_bad_header++;
		log_rl(&ctx->rl_bad, LOG_INFO, "peer %s: datagram dropped: %s",
		       l2tp_addr_str(from, a, sizeof(a)), why);
		return;
	}
	len = h.length;
	if (h.tunnel_id == 0) {
		sccrq_input(ctx, sock, from, &h, buf, len);
		return;
	}
	t = tunnel_from(ctx, sock, from, h.tunnel_id);
	if (!t) {
		/* Apple sends HELLO to tunnels already gone, for example. */
		ctx->stats.ctl_unknown_tunnel++;
		log_rl(&ctx->rl_unknown, LOG_INFO,
		       "peer %s: message for unknown tunnel %u dropped",
		       l2tp_addr_str(from, a, sizeof(a)), h.tunnel_id);
		return;
	}
	tunnel_input(t, &h, buf, len);
}

struct l2tp_session *l2tp_ctx_data_input(struct l2tp_ctx *ctx, uint32_t sock,
					 const struct l2tp_addr *from,
					 const uint8_t *buf, size_t len,
					 const uint8_t **ppp, size_t *ppp_len)
{
	struct l2tp_header h;
	struct l2tp_tunnel *t;
	struct l2tp_session *s;
	const char *why;
	char a[64];
	size_t end;

	if (l2tp_header_decode(buf, len, &h, &why) < 0 ||
	    (why = "not L2TPv2", h.version != L2TP_VERSION) ||
	    (why = "control message", h.flags & L2TP_HDR_T)) {
		log_rl(&ctx->rl_bad, LOG_INFO, "peer %s: data dropped: %s",
		       l2tp_addr_str(from, a, sizeof(a)), why);
		return NULL;
	}
	t = tunnel_from(ctx, sock, from, h.tunnel_id);
	s = t ? l2tp_session_find(t, h.session_id) : NULL;
	if (!s) {
		ctx->stats.data_unknown_session++;
		log_rl(&ctx->rl_unknown, LOG_INFO, "peer %s: data for unknown "
		       "session %u/%u dropped", l2tp_addr_str(from, a, sizeof(a)),
		       h.tunnel_id, h.session_id);
		return NULL;
	}
	end = (h.flags & L2TP_HDR_L) ? h.length : len;
	*ppp = buf + h.hdr_len;
	*ppp_len = end - h.hdr_len;
	/* HDLC address and control, if the peer did not omit them. */
	if (*ppp_len >= 2 && (*ppp)[0] == 0xff && (*ppp)[1] == 0x03) {
		*ppp += 2;
		*ppp_len -= 2;
	}
	return s;
}
