// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module's per-session counters on gw_session and their sums on
 * gw_tunnel: read in one dump for a listing, once per session for show,
 * and a last time just before a session's kernel object is deleted, so
 * that session.down, its log line and its down hook carry its totals.
 */
#include "gateway/internal.h"

#include <errno.h>
#include <string.h>

#include "log.h"

static void counters_add(struct control_counters *to,
			 const struct control_counters *c)
{
	to->rx_packets += c->rx_packets;
	to->rx_bytes += c->rx_bytes;
	to->tx_packets += c->tx_packets;
	to->tx_bytes += c->tx_bytes;
	to->rx_errors += c->rx_errors;
	to->tx_errors += c->tx_errors;
}

static struct gw_session *session_by_ids(struct gateway *gw, uint16_t tid,
					 uint16_t sid)
{
	struct l2tp_tunnel *t = l2tp_tunnel_find(gw->ctx, tid);
	struct l2tp_session *ls = t ? l2tp_session_find(t, sid) : NULL;

	return ls ? gw_session_of(ls) : NULL;
}

static int refresh_one(void *arg, uint16_t tid, uint16_t sid,
		       const struct control_counters *c)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw->by_id[tid];
	struct gw_session *s = session_by_ids(gw, tid, sid);

	if (gt)
		counters_add(&gt->counters, c);
	if (s && !s->counters_final) {
		s->counters = *c;
		s->has_counters = true;
	}
	return 0;
}

static void tunnel_reset(struct gw_tunnel *gt, bool has)
{
	memset(&gt->counters, 0, sizeof(gt->counters));
	gt->has_counters = has;
}

int gw_counters_refresh(struct gateway *gw, uint16_t tunnel_id)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	struct gw_tunnel *gt;
	int rc;

	if (!gw->dp.counters_dump)
		return -EOPNOTSUPP;
	if (tunnel_id && gw->by_id[tunnel_id])
		tunnel_reset(gw->by_id[tunnel_id], false);
	else if (!tunnel_id)
		for (gt = gw->tunnels; gt; gt = gt->next)
			tunnel_reset(gt, false);
	rc = gw->dp.counters_dump(gw->dp.arg, tunnel_id, refresh_one, gw);
	if (rc < 0) {
		log_rl(&rl, LOG_WARNING, "%s%.0u: the module's session "
		       "counters: %s", tunnel_id ? "tunnel " : "sessions",
		       tunnel_id, strerror(-rc));
		return rc;
	}
	if (tunnel_id && gw->by_id[tunnel_id])
		gw->by_id[tunnel_id]->has_counters = true;
	else if (!tunnel_id)
		for (gt = gw->tunnels; gt; gt = gt->next)
			gt->has_counters = true;
	return 0;
}

static int read_one(struct gw_session *s)
{
	struct gateway *gw = s->gw;
	struct control_counters c;
	int rc;

	if (!gw->dp.session_counters)
		return -EOPNOTSUPP;
	rc = gw->dp.session_counters(gw->dp.arg, s->tunnel_id, s->session_id,
				     &c);
	if (rc < 0)
		return rc;
	s->counters = c;
	s->has_counters = true;
	return 0;
}

void gw_session_counters_read(struct gw_session *s)
{
	if (!s->counters_final)
		read_one(s);
}

void gw_session_counters_final(struct gw_session *s)
{
	/* The module unloaded takes every session at once: a line each not. */
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	int rc;

	if (s->counters_final)
		return;
	s->counters_final = true;
	rc = read_one(s);
	/* Deleted under us: the last listing's counters are all there is. */
	if (rc < 0 && rc != -EOPNOTSUPP)
		log_rl(&rl, LOG_INFO, "%s: final counters unknown (%s)%s",
		       s->name, strerror(-rc), s->has_counters ?
		       ": the last ones read are reported" : "");
}
