// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What the gateway counts for operators over the life of the daemon:
 * sessions set up and ended, authentications by method and result, and
 * how long setups take (docs/metrics.md).  `l2tpctl stats` shows the
 * counts (gateway_stats); the metrics endpoint reads the same struct.
 */
#include "gateway/internal.h"

#include <stdio.h>

/* Upper bounds of the setup-latency buckets, ms; one more counts the rest. */
const uint32_t gateway_setup_bounds_ms[GATEWAY_SETUP_BUCKETS] = {
	50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
};

const struct gateway_tally *gateway_tally(const struct gateway *gw)
{
	return &gw->tally;
}

void gw_tally_session_new(struct gw_session *s)
{
	s->setup_start_ms = loop_now(s->gw->loop);
}

/* Calls of a [lac] authenticate us to the peer: not counted here. */
static bool serves_auth(const struct gw_session *s)
{
	const struct gw_tunnel *gt = s->gw->by_id[s->tunnel_id];

	return gt && !gt->lac[0];
}

void gw_tally_auth(struct gw_session *s, bool ok)
{
	enum ppp_auth_method m = ppp_session_auth_method(s->ppp);
	struct gateway_tally *t = &s->gw->tally;

	if (!serves_auth(s) || m >= PPP_AUTH_NMETHODS)
		return;
	if (ok)
		t->auth_ok[m]++;
	else
		t->auth_failed[m]++;
}

void gw_tally_session_set_up(struct gw_session *s)
{
	struct gateway_tally *t = &s->gw->tally;
	uint64_t ms = loop_now(s->gw->loop) - s->setup_start_ms;
	unsigned i = 0;

	if (s->set_up)
		return;
	s->set_up = true;
	while (i < GATEWAY_SETUP_BUCKETS && ms > gateway_setup_bounds_ms[i])
		i++;
	t->setup_bucket[i]++;
	t->setup_ms_total += ms;
	t->sessions_set_up++;
}

void gw_tally_session_ended(struct gw_session *s)
{
	if (s->set_up)
		s->gw->tally.sessions_torn_down++;
	else
		s->gw->tally.session_setups_failed++;
}

int gw_tally_stats(const struct gateway *gw, control_stat_fn emit, void *ctx)
{
	static const char *const name[PPP_AUTH_NMETHODS] = {
		[PPP_AUTH_PAP] = "pap", [PPP_AUTH_CHAP_MD5] = "chap",
		[PPP_AUTH_MSCHAPV2] = "mschapv2",
	};
	const struct gateway_tally *t = &gw->tally;
	char key[48];
	unsigned m;
	int rc;

	if ((rc = emit("sessions_set_up", t->sessions_set_up, ctx)) < 0 ||
	    (rc = emit("session_setups_failed", t->session_setups_failed,
		       ctx)) < 0 ||
	    (rc = emit("sessions_torn_down", t->sessions_torn_down, ctx)) < 0 ||
	    (rc = emit("session_setup_ms_total", t->setup_ms_total, ctx)) < 0)
		return rc;
	for (m = 0; m < PPP_AUTH_NMETHODS; m++) {
		if (!name[m])
			continue;
		snprintf(key, sizeof(key), "auth_%s_succeeded", name[m]);
		if ((rc = emit(key, t->auth_ok[m], ctx)) < 0)
			return rc;
		snprintf(key, sizeof(key), "auth_%s_failed", name[m]);
		if ((rc = emit(key, t->auth_failed[m], ctx)) < 0)
			return rc;
	}
	return 0;
}
