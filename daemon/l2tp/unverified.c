// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The budget of unverified peers: tunnels whose SCCRQ we answered and
 * whose SCCCN has not come.  Their source address may be spoofed, so
 * they get a small share of the table, apart from everything else:
 *
 *  - at most max_unverified_per_source of them per source prefix
 *    (source_prefix4/6 bits), counted in 2^UNVERIFIED_SLOT_BITS slots
 *    chosen by SipHash under the context's random key.  Sources that
 *    share a slot share its count: a collision makes the limit stricter,
 *    never looser, and a peer who does not know the key cannot aim at
 *    another source's slot.  An SCCRQ over it is dropped unanswered;
 *  - at most max_unverified in total (below max_tunnels): when full, the
 *    oldest is dropped without a word (a StopCCN would go to an address
 *    that may never have asked) and the new one takes its place.  A real
 *    peer answers within a round trip; a flood only evicts itself;
 *  - toward each, never more bytes than it sent us (IP and UDP headers
 *    counted both ways, so one datagram in pays for one datagram out of
 *    the same size): a spoofed SCCRQ cannot make us a reflector.
 *
 * Established and verified tunnels never count here, so a flood of
 * unverified peers leaves their slots alone.
 */
#include <stdint.h>
#include <string.h>

#include "l2tp/internal.h"

/* IP and UDP headers of one datagram to or from the peer. */
static size_t wire_overhead(const struct l2tp_tunnel *t)
{
	return t->peer.sa.sa_family == AF_INET6 ? 40 + 8 : 20 + 8;
}

static uint32_t source_slot(const struct l2tp_ctx *ctx,
			    const struct l2tp_addr *a)
{
	uint8_t key[L2TP_SOURCE_KEY_LEN];

	l2tp_ctx_source(ctx, a, key);
	return (uint32_t)(siphash24(ctx->rate_key, key, sizeof(key)) &
			  ((1u << UNVERIFIED_SLOT_BITS) - 1));
}

static void evict_oldest(struct l2tp_ctx *ctx)
{
	struct l2tp_tunnel *t = ctx->unverified;
	char a[64];

	ctx->stats.unverified_evicted++;
	log_rl(&ctx->rl_unverified, LOG_NOTICE, "tunnel %u: unverified peer "
	       "%s dropped for a newer SCCRQ (max_unverified %u)", t->id,
	       l2tp_addr_str(&t->peer, a, sizeof(a)), ctx->cfg.max_unverified);
	/* No StopCCN: silently, kernel objects (if any) deleted. */
	l2tp_tun_destroy(t);
}

bool l2tp_unverified_admit(struct l2tp_ctx *ctx, const struct l2tp_addr *from)
{
	uint32_t slot = source_slot(ctx, from);
	char a[64];

	if (ctx->unverified_count[slot] >= ctx->cfg.max_unverified_per_source) {
		ctx->stats.sccrq_unverified_source_full++;
		log_rl(&ctx->rl_unverified, LOG_WARNING, "peer %s: SCCRQ "
		       "refused: its source has %u unverified tunnels "
		       "(max_unverified_per_source)",
		       l2tp_addr_str(from, a, sizeof(a)),
		       ctx->unverified_count[slot]);
		return false;
	}
	while (ctx->unverified &&
	       (ctx->n_unverified >= ctx->cfg.max_unverified ||
		ctx->n_tunnels >= ctx->cfg.max_tunnels))
		evict_oldest(ctx);
	return true;
}

void l2tp_unverified_add(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;

	t->unverified = true;
	t->unv_slot = source_slot(ctx, &t->peer);
	ctx->unverified_count[t->unv_slot]++;
	ctx->n_unverified++;
	t->unv_next = NULL;
	t->unv_pprev = ctx->unverified_tail;
	*ctx->unverified_tail = t;
	ctx->unverified_tail = &t->unv_next;
}

void l2tp_unverified_remove(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;

	if (!t->unverified)
		return;
	t->unverified = false;
	ctx->unverified_count[t->unv_slot]--;
	ctx->n_unverified--;
	*t->unv_pprev = t->unv_next;
	if (t->unv_next)
		t->unv_next->unv_pprev = t->unv_pprev;
	else
		ctx->unverified_tail = t->unv_pprev;
	t->unv_next = NULL;
	t->unv_pprev = NULL;
}

void l2tp_unverified_rx(struct l2tp_tunnel *t, size_t len)
{
	size_t n = len + wire_overhead(t);

	if (!t->unverified)
		return;
	t->unv_rx_bytes += n;
	t->ctx->stats.unverified_rx_bytes += n;
}

bool l2tp_unverified_tx(struct l2tp_tunnel *t, size_t len)
{
	size_t n = len + wire_overhead(t);

	if (!t->unverified)
		return true;
	if (len <= L2TP_CTRL_HDR_LEN || t->unv_tx_bytes + n > t->unv_rx_bytes) {
		t->ctx->stats.tx_withheld_unverified++;
		return false;
	}
	t->unv_tx_bytes += n;
	t->ctx->stats.unverified_tx_bytes += n;
	return true;
}

size_t l2tp_unverified_credit(const struct l2tp_tunnel *t)
{
	uint64_t spent = t->unv_tx_bytes + wire_overhead(t);

	if (!t->unverified)
		return SIZE_MAX;
	return t->unv_rx_bytes > spent ? (size_t)(t->unv_rx_bytes - spent) : 0;
}
