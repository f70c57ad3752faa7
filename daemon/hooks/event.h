/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A session coming up or ending, as its key=value log line and its hook
 * (the up_script/down_script of its section) see it.  Filled by the
 * gateway (gateway/events.c); the two forms are pure functions of it so
 * that unit tests check them field by field.
 */
#ifndef L2TPGW_HOOKS_EVENT_H
#define L2TPGW_HOOKS_EVENT_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "control/control.h"

/* Text fields: "" when unknown (no IPCP, no user). */
struct session_event {
	bool down;			/* else up */
	const char *section;		/* [lns]/[lac] name */
	bool lac;			/* the section is a [lac] */
	const char *user;		/* as the peer sent it: escaped here */
	const char *ifname;
	char local_ip[INET_ADDRSTRLEN];
	char peer_ip[INET_ADDRSTRLEN];
	char local_ipv6[INET6_ADDRSTRLEN];	/* link-local, fe80::ifid */
	char peer_ipv6[INET6_ADDRSTRLEN];
	char ipv6_prefix[INET6_ADDRSTRLEN + 4];	/* delegated, "p::/64" */
	char client_addr[INET6_ADDRSTRLEN];	/* the peer's public side */
	uint16_t client_port;
	uint16_t tunnel_id, session_id;
	uint16_t peer_tunnel_id, peer_session_id;
	/* Down only. */
	uint64_t duration_s;
	bool has_counters;
	struct control_counters counters;
	const char *cause;		/* end_cause.h name: "idle-timeout" */
	const char *reason;		/* in words: "CDN result 3 (...)" */
};

/* The log line, starting "session up " or "session down " (log_kv.h). */
#define SESSION_EVENT_LINE_MAX	1024
void session_event_line(const struct session_event *e, char *buf,
			size_t size);

/*
 * The hook's environment and arguments, as pppd gives ip-up's: argv is
 * { path, ifname, "l2tp", "0", local IP, peer IP, section, NULL } (pppd's
 * interface, tty, speed, local, remote, ipparam), envp the L2TPGW_*
 * variables and PATH.  Strings live in env->buf; values are passed as
 * they are (a variable cannot be forged: each is one execve entry).
 */
#define HOOK_ENV_MAX		32
#define HOOK_ARGV_MAX		8
#define HOOK_ENV_BUF		4096
struct hook_env {
	char *envp[HOOK_ENV_MAX + 1];
	char *argv[HOOK_ARGV_MAX + 1];
	char buf[HOOK_ENV_BUF];
	size_t used;
	unsigned n_env, n_argv;
};
/* 0, or -ENOSPC if it does not fit (cannot happen within the limits). */
int session_event_env(const struct session_event *e, const char *path,
		      struct hook_env *env);

#endif /* L2TPGW_HOOKS_EVENT_H */
