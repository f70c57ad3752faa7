/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The service manager's view of the daemon (sd_notify(3), systemd's
 * Type=notify): READY=1 once every socket listens, RELOADING=1 and READY=1
 * around a reload, STOPPING=1 when shutdown begins, a STATUS= line with
 * the tunnel and session counts (sent when they change, at most once a
 * second), and WATCHDOG=1 at half the interval the manager asks for.
 *
 * Both periodic messages come from timers of the daemon's loop, so a loop
 * that stops turning stops the watchdog and systemd restarts the daemon.
 * Without $NOTIFY_SOCKET (not started by systemd) every call is a no-op
 * and no timer is armed.  docs/service.md.
 */
#ifndef L2TPGW_NOTIFY_H
#define L2TPGW_NOTIFY_H

#include <stddef.h>

#include "gateway.h"

struct loop;
struct notifier;

/* What STATUS= reports. */
struct notify_counts {
	unsigned tunnels, sessions, up, negotiating;
};
typedef void (*notify_counts_fn)(void *arg, struct notify_counts *c);

/*
 * The daemon is up: READY=1 and the first STATUS=, then the timers.
 * NULL without $NOTIFY_SOCKET (nothing to do), or if out of memory
 * (logged; the daemon runs on without it).  Every call below takes NULL.
 */
struct notifier *notifier_start(struct loop *loop, const struct gateway *gw);
/* The same with the counts from counts(arg) (tests). */
struct notifier *notifier_start_counts(struct loop *loop,
				       notify_counts_fn counts, void *arg);
/* Cancels the timers; n may be NULL. */
void notifier_free(struct notifier *n);

/* RELOADING=1 with MONOTONIC_USEC=, then READY=1 once done (or refused). */
void notifier_reloading(struct notifier *n);
void notifier_reloaded(struct notifier *n);
/* STOPPING=1: the loop ends, peers are told, the daemon exits. */
void notifier_stopping(struct notifier *n);

/*
 * The STATUS= line for these counts, e.g. "STATUS=2 tunnels, 1 session
 * (0 up, 1 negotiating)"; snprintf's return value.
 */
int notify_status_format(char *buf, size_t len, const struct notify_counts *c);

#endif /* L2TPGW_NOTIFY_H */
