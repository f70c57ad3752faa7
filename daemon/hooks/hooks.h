/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hooks: the up_script and down_script of [lns] and [lac] sections run
 * without ever blocking the loop.
 *
 * Each runs with posix_spawn in a process group of its own, stdin from
 * /dev/null, stdout and stderr into a pipe the loop reads (non-blocking,
 * a bounded amount per wake-up): every line is logged, escaped and tagged
 * with the session, at most HOOK_LINES_MAX lines a run.  It is reaped
 * through a pidfd on the loop (never a blocking waitpid).  After its
 * timeout its whole process group gets SIGTERM, and SIGKILL
 * HOOK_KILL_GRACE_MS later.  At most max_running run at once (a thousand
 * sessions ending together must not fork a thousand shells); the others
 * wait in a FIFO of at most max_queued, beyond which they are dropped and
 * counted.
 *
 * Hooks run as the daemon's user, which need not be root: a script that
 * needs privileges gets them itself (sudo rule, capabilities of its own).
 */
#ifndef L2TPGW_HOOKS_HOOKS_H
#define L2TPGW_HOOKS_HOOKS_H

#include <stdint.h>

#include "hooks/event.h"

struct loop;
struct hooks;

#define HOOKS_DEFAULT_RUNNING	64
#define HOOKS_DEFAULT_QUEUED	65536
#define HOOK_KILL_GRACE_MS	2000
#define HOOK_LINES_MAX		64
#define HOOK_LINE_MAX		256

struct hooks_stats {
	uint64_t started;	/* processes spawned */
	uint64_t failed;	/* exited non-zero, killed, or not spawned */
	uint64_t timed_out;	/* killed at their timeout */
	uint64_t dropped;	/* not run: the queue was full */
	unsigned running;
	unsigned queued;
};

/* 0 for either limit: its default.  NULL with errno on failure. */
struct hooks *hooks_new(struct loop *loop, unsigned max_running,
			unsigned max_queued);
/*
 * Forget every hook: queued ones are dropped, running ones are left to
 * finish on their own (their output is no longer read).
 */
void hooks_free(struct hooks *h);
/*
 * Run env->argv[0] with env (copied), tagged in the log with tag (e.g.
 * "session 3/4 up hook"), killed after timeout_ms.  0 (started or
 * queued), or -errno (not run: logged, counted in failed or dropped;
 * one that waited in the queue is counted the same when its turn comes).
 */
int hooks_run(struct hooks *h, const char *tag, const struct hook_env *env,
	      uint32_t timeout_ms);
void hooks_get_stats(const struct hooks *h, struct hooks_stats *st);
/*
 * At shutdown: run the loop until no hook is running or waiting, at most
 * max_ms (hooks still running then keep their timeouts no more).
 */
#define HOOKS_SHUTDOWN_MS	5000
void hooks_drain(struct hooks *h, uint32_t max_ms);
/* Every counter of hooks_stats through emit (l2tpctl stats): 0 or rc. */
int hooks_emit_stats(const struct hooks *h,
		     int (*emit)(const char *name, uint64_t value, void *ctx),
		     void *ctx);

#endif /* L2TPGW_HOOKS_HOOKS_H */
