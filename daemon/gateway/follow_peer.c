// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cleartext tunnels that follow their peer to a new source address or
 * port (a NAT mapping changed), on request (follow_peer = yes) and only
 * on a control message with the tunnel's sequence numbers: the rules are
 * in follow_peer.h.  A move re-binds the module's tunnel first (one
 * TUNNEL_MODIFY, as a tunnel following its IPsec SA does), then the
 * control plane's peer; our socket is shared and unconnected, so nothing
 * else changes.
 */
#include "gateway/internal.h"
#include "gateway/follow_peer.h"

#include <errno.h>
#include <string.h>

#include "l2tp/message.h"
#include "wire.h"
#include "log.h"

/* (a - b) mod 2^16: how far a is after b. */
static uint16_t seq_after(uint16_t a, uint16_t b)
{
	return (uint16_t)(a - b);
}

static bool ns_fits(const struct follow_facts *f)
{
	uint16_t ahead = seq_after(f->ns, f->rx_next);
	uint16_t behind = seq_after(f->rx_next, f->ns);

	/* A new message in our window, or a resent one of the last window. */
	return ahead < f->rx_window || (behind && behind <= f->rx_window);
}

static bool nr_fits(const struct follow_facts *f)
{
	/* Not past what we sent, not staler than a window before una. */
	return seq_after(f->tx_next, f->nr) <=
	       (uint32_t)seq_after(f->tx_next, f->tx_una) + f->tx_window;
}

enum follow_verdict follow_decide(const struct follow_facts *f)
{
	if (!f->enabled)
		return FOLLOW_OFF;
	if (f->ipsec)
		return FOLLOW_IPSEC;
	if (f->secret)
		return FOLLOW_SECRET;
	if (!f->established)
		return FOLLOW_NOT_ESTABLISHED;
	if (!f->same_socket)
		return FOLLOW_OTHER_SOCKET;
	if (!f->allowed)
		return FOLLOW_NOT_ALLOWED;
	if (!ns_fits(f))
		return FOLLOW_BAD_NS;
	if (!nr_fits(f))
		return FOLLOW_BAD_NR;
	return FOLLOW_MOVE;
}

const char *follow_verdict_str(enum follow_verdict v)
{
	static const char *const str[] = {
		[FOLLOW_MOVE] = "moved",
		[FOLLOW_OFF] = "follow_peer is off",
		[FOLLOW_IPSEC] = "IPsec: the tunnel follows its SA",
		[FOLLOW_SECRET] = "the tunnel has a secret, which the "
				  "message cannot prove",
		[FOLLOW_NOT_ESTABLISHED] = "the tunnel is not established",
		[FOLLOW_OTHER_SOCKET] = "it came to another local address",
		[FOLLOW_NOT_ALLOWED] = "the [lns] section's peers do not "
				       "allow the new source",
		[FOLLOW_BAD_NS] = "its Ns is not the tunnel's",
		[FOLLOW_BAD_NR] = "its Nr acknowledges what we never sent",
	};

	return (unsigned)v < sizeof(str) / sizeof(str[0]) && str[v] ?
	       str[v] : "?";
}

static bool section_follows(struct gateway *gw, struct gw_tunnel *gt)
{
	const struct config *c = gw->set->cfg;
	struct gw_lac *lac;

	if (gt->lac[0]) {
		lac = gw_lac_of(gw, gt);
		return lac && lac->cfg.follow_peer;
	}
	return gt->lns >= 0 && (unsigned)gt->lns < c->n_lns &&
	       c->lns[gt->lns].follow_peer;
}

static bool section_allows(struct gateway *gw, struct gw_tunnel *gt,
			   const struct l2tp_addr *from)
{
	const struct config *c = gw->set->cfg;

	if (gt->lac[0])
		return true;
	return gt->lns >= 0 && (unsigned)gt->lns < c->n_lns &&
	       config_lns_allows(&c->lns[gt->lns], &from->sa);
}

static void facts_of(struct gateway *gw, struct gw_tunnel *gt,
		     uint32_t sock, const struct l2tp_addr *from,
		     const struct l2tp_header *h, struct follow_facts *f)
{
	const struct l2tp_transport *tp = l2tp_tunnel_transport(gt->t);
	const struct l2tp_addr *peer = l2tp_tunnel_peer(gt->t);

	memset(f, 0, sizeof(*f));
	f->enabled = section_follows(gw, gt);
	f->ipsec = peer->sa_reqid || from->sa_reqid;
	f->secret = gw->l2cfg.secret_len > 0;
	f->established = l2tp_tunnel_established(gt->t);
	f->same_socket = l2tp_tunnel_sock(gt->t) == sock &&
			 peer->sa.sa_family == from->sa.sa_family;
	f->allowed = section_allows(gw, gt, from);
	f->ns = h->ns;
	f->nr = h->nr;
	f->rx_next = l2tp_transport_nr(tp);
	f->rx_window = l2tp_transport_recv_window(tp);
	f->tx_una = l2tp_transport_una(tp);
	f->tx_next = (uint16_t)(f->tx_una + l2tp_transport_in_flight(tp));
	f->tx_window = (uint16_t)l2tp_transport_peer_window(tp);
}

/* The module first: a refusal there leaves both on the old peer. */
static int move(struct gateway *gw, struct gw_tunnel *gt,
		const struct l2tp_addr *to)
{
	uint64_t wrong_sa = gt->rx_wrong_sa;
	int rc = 0;

	if (l2tp_tunnel_in_kernel(gt->t))
		rc = gw->dp.tunnel_rebind ?
		     gw->dp.tunnel_rebind(gw->dp.arg, gt->id, to, &wrong_sa) :
		     -EOPNOTSUPP;
	if (rc == 0)
		l2tp_tunnel_set_peer(gt->t, to);
	return rc;
}

void gw_follow_peer(struct gateway *gw, uint32_t sock,
		    const struct l2tp_addr *from, const uint8_t *buf,
		    size_t len)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 1000);
	static struct log_ratelimit rl_moved = LOG_RATELIMIT_INIT(20, 1000);
	char was[GW_ADDR_PORT_STR], now[GW_ADDR_PORT_STR];
	struct follow_facts f;
	enum follow_verdict v;
	struct l2tp_header h;
	struct gw_tunnel *gt;
	const char *why;
	struct l2tp_addr to;
	int rc;

	/*
	 * Nearly all control comes from the tunnel's own peer: look at the
	 * tunnel id (T and L set: at offset 4) before decoding anything.
	 * What is malformed is the control plane's to report.
	 */
	if (len < 6 || (buf[0] & 0xc0) != 0xc0)
		return;
	gt = gw->by_id[get_be16(buf + 4)];
	if (!gt || (l2tp_tunnel_sock(gt->t) == sock &&
		    l2tp_addr_eq(l2tp_tunnel_peer(gt->t), from)))
		return;
	if (l2tp_header_decode(buf, len, &h, &why) < 0 ||
	    !(h.flags & L2TP_HDR_S) || h.tunnel_id != gt->id)
		return;
	facts_of(gw, gt, sock, from, &h, &f);
	v = follow_decide(&f);
	gw_addr_port_str(l2tp_tunnel_peer(gt->t), was, sizeof(was));
	gw_addr_port_str(from, now, sizeof(now));
	if (v == FOLLOW_OFF) {
		log_rl(&rl, LOG_INFO, "tunnel %u: control message from %s, "
		       "not its peer %s: not followed (follow_peer is off)",
		       gt->id, now, was);
		return;
	}
	if (v != FOLLOW_MOVE) {
		gw->peer_move_refused++;
		log_rl(&rl, LOG_NOTICE, "tunnel %u: control message from %s "
		       "(Ns %u, Nr %u; expected Ns %u, our Ns %u), not its peer "
		       "%s: not followed: %s", gt->id, now, h.ns, h.nr,
		       f.rx_next, f.tx_next, was, follow_verdict_str(v));
		return;
	}
	to = *from;
	to.mark = 0;
	rc = move(gw, gt, &to);
	if (rc < 0) {
		gw->peer_move_refused++;
		log_rl(&rl, LOG_ERR, "tunnel %u: cannot follow its peer from "
		       "%s to %s: the module refused: %s", gt->id, was, now,
		       strerror(-rc));
		return;
	}
	gw->peer_moves++;
	log_rl(&rl_moved, LOG_NOTICE, "tunnel %u: follows its peer: %s -> %s (Ns %u, "
	       "Nr %u)", gt->id, was, now, h.ns, h.nr);
}
