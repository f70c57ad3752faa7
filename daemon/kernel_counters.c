// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-session counters of the module as the control socket, the session
 * log lines, the session.down event and the hooks show them.  A list of
 * sessions costs one dump of the module's sessions, not one request each.
 */
#include <errno.h>
#include <linux/l2tpgw.h>
#include <string.h>

#include "control/control.h"
#include "kernel.h"

/* Frames the module dropped on a session, by direction. */
static const unsigned char rx_drops[] = {
	L2TPGW_STAT_RX_BAD_HEADER, L2TPGW_STAT_RX_BAD_LENGTH,
	L2TPGW_STAT_RX_UNKNOWN_SESSION, L2TPGW_STAT_RX_WRONG_PEER,
	L2TPGW_STAT_RX_SEQ_MISSING, L2TPGW_STAT_RX_SEQ_DISCARD,
	L2TPGW_STAT_RX_REORDER_OVERFLOW, L2TPGW_STAT_RX_PROTO_DISABLED,
	L2TPGW_STAT_RX_BAD_PPP, L2TPGW_STAT_RX_NOT_READ,
	L2TPGW_STAT_RX_DROPPED, L2TPGW_STAT_RX_UNPROTECTED,
	L2TPGW_STAT_RX_WRONG_SA, L2TPGW_STAT_RX_REORDER_NOMEM,
};
static const unsigned char tx_drops[] = {
	L2TPGW_STAT_TX_NO_ROUTE, L2TPGW_STAT_TX_DROPPED, L2TPGW_STAT_TX_NO_SA,
};

static uint64_t stat(const struct l2tpctl_stats *st, unsigned int i)
{
	return i < st->count && i < L2TPCTL_STATS_CAPACITY ? st->counter[i] : 0;
}

static uint64_t sum(const struct l2tpctl_stats *st, const unsigned char *idx,
		    size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v += stat(st, idx[i]);
	return v;
}

void kernel_counters_of(const struct l2tpctl_stats *st,
			struct control_counters *c)
{
	c->rx_packets = stat(st, L2TPGW_STAT_RX_PACKETS);
	c->rx_bytes = stat(st, L2TPGW_STAT_RX_BYTES);
	c->tx_packets = stat(st, L2TPGW_STAT_TX_PACKETS);
	c->tx_bytes = stat(st, L2TPGW_STAT_TX_BYTES);
	c->rx_errors = sum(st, rx_drops, sizeof(rx_drops));
	c->tx_errors = sum(st, tx_drops, sizeof(tx_drops));
}

int kernel_session_counters(struct kernel *k, uint16_t tunnel_id,
			    uint16_t session_id, struct control_counters *c)
{
	struct l2tpctl *h = kernel_handle(k);
	struct l2tpctl_session s;
	int rc;

	if (!h)
		return -ENODEV;
	rc = l2tpctl_kernel_session_get(h, tunnel_id, session_id, &s);
	if (rc)
		return rc;
	if (!(s.has & L2TPCTL_SESSION_HAS_STATS))
		return -EPROTO;
	kernel_counters_of(&s.stats, c);
	return 0;
}

struct counters_walk {
	kernel_counters_fn fn;
	void *arg;
};

static int counters_one(const struct l2tpctl_session *s, void *arg)
{
	struct counters_walk *w = arg;
	struct control_counters c;

	if (!(s->has & L2TPCTL_SESSION_HAS_STATS))
		return 0;
	kernel_counters_of(&s->stats, &c);
	return w->fn(w->arg, s->tunnel_id, s->session_id, &c);
}

int kernel_counters_dump(struct kernel *k, uint16_t tunnel_id,
			 kernel_counters_fn fn, void *arg)
{
	struct l2tpctl *h = kernel_handle(k);
	struct counters_walk w = { fn, arg };

	if (!h)
		return -ENODEV;
	return l2tpctl_kernel_session_dump(h, tunnel_id, counters_one, &w);
}
