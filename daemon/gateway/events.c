// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session up and down for operators' tools: one key=value log line each
 * (log_kv.h) and the section's up_script/down_script (hooks.h).  Up is
 * reported once, when the first network protocol opens; down once when
 * the session ends, only if up was, with its totals and duration.
 */
#include "gateway/internal.h"

#include <arpa/inet.h>
#include <linux/l2tpgw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks/hooks.h"
#include "log.h"
#include "loop.h"

void gateway_set_hooks(struct gateway *gw, struct hooks *hooks)
{
	gw->hooks = hooks;
}

static void ifid_str(const uint8_t ifid[8], char *buf, size_t len)
{
	uint8_t a[16] = { 0xfe, 0x80 };

	memcpy(a + 8, ifid, 8);
	if (!inet_ntop(AF_INET6, a, buf, (socklen_t)len))
		buf[0] = '\0';
}

static void ipv4_str(uint32_t host, char *buf, size_t len)
{
	struct in_addr a = { htonl(host) };

	if (!inet_ntop(AF_INET, &a, buf, (socklen_t)len))
		buf[0] = '\0';
}

/*
 * What is known of s now into its event; an address already known stays
 * when its protocol has closed since (down reports what the session had).
 */
static void event_fill(struct gw_session *s, struct session_event *e)
{
	struct l2tp_tunnel *t = l2tp_session_tunnel(s->ls);
	struct gw_tunnel *gt = s->gw->by_id[s->tunnel_id];
	struct control_addr client;
	char pfx[INET6_ADDRSTRLEN];

	e->section = s->section ? s->section : "";
	e->lac = gt && gt->lac[0];
	e->user = s->user;
	e->ifname = s->ifname;
	if (s->protocols & L2TPGW_PROTO_IPV4) {
		ipv4_str(s->local_ip, e->local_ip, sizeof(e->local_ip));
		ipv4_str(s->peer_ip, e->peer_ip, sizeof(e->peer_ip));
	}
	if (s->protocols & L2TPGW_PROTO_IPV6) {
		ifid_str(s->local_ifid, e->local_ipv6, sizeof(e->local_ipv6));
		ifid_str(s->peer_ifid, e->peer_ipv6, sizeof(e->peer_ipv6));
	}
	if (s->has_prefix &&
	    inet_ntop(AF_INET6, s->prefix, pfx, sizeof(pfx)))
		snprintf(e->ipv6_prefix, sizeof(e->ipv6_prefix), "%s/64", pfx);
	control_addr_from_sockaddr(&l2tp_tunnel_peer(t)->sa, &client,
				   &e->client_port);
	if (!client.family ||
	    !inet_ntop(client.family, client.addr, e->client_addr,
		       sizeof(e->client_addr)))
		e->client_addr[0] = '\0';
	e->tunnel_id = s->tunnel_id;
	e->session_id = s->session_id;
	e->peer_tunnel_id = l2tp_tunnel_peer_id(t);
	e->peer_session_id = l2tp_session_peer_id(s->ls);
}

static void run_hook(struct gw_session *s, const char *path)
{
	struct hook_env *env;
	char tag[80];

	if (!s->gw->hooks || !path || !path[0])
		return;
	snprintf(tag, sizeof(tag), "%s %s hook", s->name,
		 s->event->down ? "down" : "up");
	env = malloc(sizeof(*env));
	if (!env || session_event_env(s->event, path, env) < 0)
		log_err("%s: not run: cannot build its environment", tag);
	else
		hooks_run(s->gw->hooks, tag, env, s->hooks->timeout_ms);
	free(env);
}

static void report(struct gw_session *s)
{
	char line[SESSION_EVENT_LINE_MAX];

	session_event_line(s->event, line, sizeof(line));
	log_notice("%s", line);
	if (s->hooks)
		run_hook(s, s->event->down ? s->hooks->down : s->hooks->up);
}

void gw_events_link_up(struct gw_session *s)
{
	bool first = !s->event;

	if (first) {
		s->event = calloc(1, sizeof(*s->event));
		if (!s->event) {
			log_err("%s: no up/down report: out of memory",
				s->name);
			return;
		}
		s->up_at = (int64_t)loop_now(s->gw->loop);
	}
	event_fill(s, s->event);
	if (first) {
		report(s);
		gw_acct_session_up(s);
	}
}

void gw_events_session_down(struct gw_session *s, const char *cause)
{
	struct session_event *e = s->event;

	gw_acct_session_down(s);
	if (!e)
		return;
	event_fill(s, e);
	e->down = true;
	e->duration_s = ((uint64_t)loop_now(s->gw->loop) -
			 (uint64_t)s->up_at) / 1000;
	e->has_counters = s->has_counters;
	e->counters = s->counters;
	e->cause = cause;
	report(s);
	free(e);
	s->event = NULL;
}
