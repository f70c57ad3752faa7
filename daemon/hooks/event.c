// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A session event as a log line and as a hook's environment (event.h).
 */
#include "hooks/event.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "log_kv.h"

/* A down event's totals: log key and variable, in this order in both. */
#define COUNTER(name, var) \
	{ #name, var, offsetof(struct control_counters, name) }
static const struct {
	const char *key, *env;
	size_t off;
} counter_fields[] = {
	COUNTER(rx_bytes, "L2TPGW_RX_BYTES"),
	COUNTER(tx_bytes, "L2TPGW_TX_BYTES"),
	COUNTER(rx_packets, "L2TPGW_RX_PACKETS"),
	COUNTER(tx_packets, "L2TPGW_TX_PACKETS"),
	COUNTER(rx_errors, "L2TPGW_RX_ERRORS"),
	COUNTER(tx_errors, "L2TPGW_TX_ERRORS"),
};
#undef COUNTER
#define N_COUNTERS (sizeof(counter_fields) / sizeof(counter_fields[0]))

static uint64_t counter(const struct control_counters *c, size_t i)
{
	return *(const uint64_t *)((const char *)c + counter_fields[i].off);
}

static void add_opt(struct kv_line *l, const char *key, const char *v)
{
	if (v && v[0])
		kv_add(l, key, v);
}

void session_event_line(const struct session_event *e, char *buf,
			size_t size)
{
	struct kv_line l;
	char client[INET6_ADDRSTRLEN + 8], dur[24];
	size_t i;

	kv_init(&l, buf, size);
	kv_text(&l, e->down ? "session down" : "session up");
	kv_add_u64(&l, "tunnel", e->tunnel_id);
	kv_add_u64(&l, "session", e->session_id);
	kv_add(&l, "user", e->user && e->user[0] ? e->user : "-");
	kv_add(&l, "ifname", e->ifname && e->ifname[0] ? e->ifname : "-");
	add_opt(&l, "local", e->local_ip);
	add_opt(&l, "peer", e->peer_ip);
	add_opt(&l, "local6", e->local_ipv6);
	add_opt(&l, "peer6", e->peer_ipv6);
	add_opt(&l, "prefix6", e->ipv6_prefix);
	if (e->client_addr[0]) {
		snprintf(client, sizeof(client), strchr(e->client_addr, ':') ?
			 "[%s]:%u" : "%s:%u", e->client_addr, e->client_port);
		kv_add(&l, "client", client);
	}
	kv_add(&l, e->lac ? "lac" : "lns", e->section);
	if (!e->down)
		return;
	snprintf(dur, sizeof(dur), "%" PRIu64 "s", e->duration_s);
	kv_add(&l, "duration", dur);
	for (i = 0; e->has_counters && i < N_COUNTERS; i++)
		kv_add_u64(&l, counter_fields[i].key, counter(&e->counters, i));
	kv_add(&l, "cause", e->cause ? e->cause : "");
	kv_add(&l, "reason", e->reason ? e->reason : "");
}

/*
 * One "NAME=value" (or, name NULL, an argument) into env->buf, appended
 * to list (n entries, at most max, NULL-terminated).
 */
static int push(struct hook_env *env, char **list, unsigned *n,
		unsigned max, const char *name, const char *v)
{
	size_t need;
	char *s;

	v = v ? v : "";
	need = (name ? strlen(name) + 1 : 0) + strlen(v) + 1;
	if (*n >= max || need > sizeof(env->buf) - env->used)
		return -ENOSPC;
	s = env->buf + env->used;
	if (name)
		snprintf(s, need, "%s=%s", name, v);
	else
		memcpy(s, v, need);
	env->used += need;
	list[(*n)++] = s;
	list[*n] = NULL;
	return 0;
}

static int setenv_s(struct hook_env *env, const char *name, const char *v)
{
	return push(env, env->envp, &env->n_env, HOOK_ENV_MAX, name, v);
}

static int setenv_u(struct hook_env *env, const char *name, uint64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRIu64, v);
	return setenv_s(env, name, s);
}

static int arg(struct hook_env *env, const char *v)
{
	return push(env, env->argv, &env->n_argv, HOOK_ARGV_MAX, NULL, v);
}

static int down_env(const struct session_event *e, struct hook_env *env)
{
	int rc = 0;
	size_t i;

	rc |= setenv_u(env, "L2TPGW_DURATION", e->duration_s);
	rc |= setenv_s(env, "L2TPGW_CAUSE", e->cause);
	rc |= setenv_s(env, "L2TPGW_REASON", e->reason);
	for (i = 0; e->has_counters && i < N_COUNTERS; i++)
		rc |= setenv_u(env, counter_fields[i].env,
			       counter(&e->counters, i));
	return rc;
}

int session_event_env(const struct session_event *e, const char *path,
		      struct hook_env *env)
{
	int rc = 0;

	env->used = 0;
	env->n_env = env->n_argv = 0;
	env->envp[0] = env->argv[0] = NULL;
	rc |= arg(env, path);
	rc |= arg(env, e->ifname);
	rc |= arg(env, "l2tp");
	rc |= arg(env, "0");
	rc |= arg(env, e->local_ip);
	rc |= arg(env, e->peer_ip);
	rc |= arg(env, e->section);
	rc |= setenv_s(env, "PATH", "/usr/local/sbin:/usr/local/bin:"
		       "/usr/sbin:/usr/bin:/sbin:/bin");
	rc |= setenv_s(env, "L2TPGW_EVENT", e->down ? "down" : "up");
	rc |= setenv_s(env, "L2TPGW_SECTION", e->section);
	rc |= setenv_s(env, "L2TPGW_ROLE", e->lac ? "lac" : "lns");
	rc |= setenv_s(env, "L2TPGW_USER", e->user);
	rc |= setenv_s(env, "L2TPGW_IFNAME", e->ifname);
	rc |= setenv_s(env, "L2TPGW_LOCAL_IP", e->local_ip);
	rc |= setenv_s(env, "L2TPGW_PEER_IP", e->peer_ip);
	if (e->peer_ipv6[0]) {
		rc |= setenv_s(env, "L2TPGW_LOCAL_IPV6", e->local_ipv6);
		rc |= setenv_s(env, "L2TPGW_PEER_IPV6", e->peer_ipv6);
	}
	if (e->ipv6_prefix[0])
		rc |= setenv_s(env, "L2TPGW_IPV6_PREFIX", e->ipv6_prefix);
	rc |= setenv_s(env, "L2TPGW_CLIENT_ADDR", e->client_addr);
	rc |= setenv_u(env, "L2TPGW_CLIENT_PORT", e->client_port);
	rc |= setenv_u(env, "L2TPGW_TUNNEL_ID", e->tunnel_id);
	rc |= setenv_u(env, "L2TPGW_SESSION_ID", e->session_id);
	rc |= setenv_u(env, "L2TPGW_PEER_TUNNEL_ID", e->peer_tunnel_id);
	rc |= setenv_u(env, "L2TPGW_PEER_SESSION_ID", e->peer_session_id);
	if (e->down)
		rc |= down_env(e, env);
	return rc ? -ENOSPC : 0;
}
