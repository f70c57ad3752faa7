// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway object: creation, shutdown, teardown, counters.
 */
#include "gateway/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ifname.h"
#include "loop.h"

static const struct l2tp_hooks gw_hooks = {
	.send = gw_hook_send,
	.tunnel_admit = gw_hook_tunnel_admit,
	.tunnel_up = gw_hook_tunnel_up,
	.tunnel_freed = gw_hook_tunnel_freed,
	.session_admit = gw_hook_session_admit,
	.session_added = gw_hook_session_added,
	.session_up = gw_hook_session_up,
	.session_down = gw_hook_session_down,
};

void gw_l2tp_config_of(struct l2tp_config *l, const struct config *c)
{
	const struct config_global *g = &c->global;

	memset(l, 0, sizeof(*l));
	l->host_name = g->host_name;
	if (c->n_lns) {
		l->secret = (const uint8_t *)c->lns[0].secret;
		l->secret_len = c->lns[0].secret_len;
		l->hide_avps = c->lns[0].hide_avps;
	} else if (c->n_lac) {
		l->secret = (const uint8_t *)c->lac[0].secret;
		l->secret_len = c->lac[0].secret_len;
		l->hide_avps = c->lac[0].hide_avps;
	}
	l->accept_icrq = c->n_lns > 0;
	l->hello_interval_ms = g->hello_interval_ms;
	l->max_tunnels = g->max_tunnels;
	l->max_sessions = g->max_sessions_per_tunnel;
	l->peer_tunnel_rate = g->peer_tunnel_rate;
	l->peer_tunnel_burst = g->peer_tunnel_burst;
	l->source_prefix4 = g->source_prefix4;
	l->source_prefix6 = g->source_prefix6;
	l->max_unverified = g->max_unverified;
	l->max_unverified_per_source = g->max_unverified_per_source;
	l->transport.recv_window = g->receive_window;
	l->transport.rto_initial_ms = g->retransmit_initial_ms;
	l->transport.rto_max_ms = g->retransmit_max_ms;
	l->transport.max_retries = g->retries;
}

struct gateway *gateway_new(struct loop *loop, struct gateway_settings *s,
			    const struct gateway_dataplane *dp,
			    gateway_send_fn send, void *send_arg,
			    void (*random_bytes)(void *buf, size_t len))
{
	struct gateway *gw = calloc(1, sizeof(*gw));

	if (!gw)
		return NULL;
	gw->loop = loop;
	gw->dp = *dp;
	gw->send = send;
	gw->send_arg = send_arg;
	gw->by_id = calloc(ID_SPACE, sizeof(*gw->by_id));
	gw->by_sa = calloc(SA_BUCKETS, sizeof(*gw->by_sa));
	gw->ifnames = ifnames_new();
	if (!gw->by_id || !gw->by_sa || !gw->ifnames ||
	    gw_build_lacs(gw, s->cfg) < 0)
		goto fail;
	gw_l2tp_config_of(&gw->l2cfg, s->cfg);
	gw->l2cfg.random_bytes = random_bytes;
	gw->kops = (struct l2tp_kernel_ops){
		.tunnel_add = gw_kop_tunnel_add,
		.tunnel_del = gw_kop_tunnel_del,
		.session_add = gw_kop_session_add,
		.session_del = gw_kop_session_del,
		.session_modify = gw_kop_session_modify,
	};
	if (gw_radius_start(gw, s) < 0)
		goto fail;
	gw->ctx = l2tp_ctx_new(loop, &gw->l2cfg, &gw->kops, gw, &gw_hooks, gw);
	if (!gw->ctx)
		goto fail;
	gw->set = s;
	s->refs++;
	return gw;
fail:
	gw_radius_stop(gw);
	free(gw->lacs);
	ifnames_free(gw->ifnames);
	free(gw->by_sa);
	free(gw->by_id);
	free(gw);
	return NULL;
}

void gateway_free(struct gateway *gw)
{
	unsigned i;

	if (!gw)
		return;
	for (i = 0; i < gw->n_lacs; i++)
		gw_lac_cancel_timers(&gw->lacs[i]);
	gw->shutting_down = true;
	/* Frees every tunnel: session_down and tunnel_freed run for each. */
	l2tp_ctx_free(gw->ctx);
	if (gw->adding)
		gw_session_release(gw->adding);
	/* After the sessions, whose verifications it cancelled. */
	free(gw->radius_auth);
	/* After every session gave its name back. */
	ifnames_free(gw->ifnames);
	free(gw->lacs);
	free(gw->by_sa);
	free(gw->by_id);
	/* Sessions ended: what they sent ended RADIUS_CANCELLED. */
	gw_radius_stop(gw);
	gateway_settings_put(gw->set);
	free(gw);
}

void gateway_shutdown(struct gateway *gw)
{
	struct gw_tunnel *gt;
	unsigned i;

	gw->shutting_down = true;
	for (i = 0; i < gw->n_lacs; i++)
		gw_lac_cancel_timers(&gw->lacs[i]);
	for (gt = gw->tunnels; gt; gt = gt->next) {
		snprintf(gt->close_reason, sizeof(gt->close_reason),
			 "l2tpgwd shutting down");
		l2tp_tunnel_close(gt->t, L2TP_STOPCCN_SHUTTING_DOWN, 0,
				  "l2tpgwd shutting down");
	}
}

bool gateway_idle(const struct gateway *gw)
{
	return l2tp_ctx_tunnel_count(gw->ctx) == 0;
}

struct l2tp_ctx *gateway_ctx(const struct gateway *gw)
{
	return gw->ctx;
}

const struct config *gateway_config(const struct gateway *gw)
{
	return gw->set->cfg;
}

unsigned gateway_session_count(const struct gateway *gw)
{
	return gw->n_sessions;
}

unsigned gateway_session_up_count(const struct gateway *gw)
{
	return gw->n_up;
}
