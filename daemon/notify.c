// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sd_notify(3) for the service manager (notify.h).
 */
#include "notify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-daemon.h>

#include "log.h"
#include "loop.h"

#define STATUS_PERIOD_MS 1000
#define STATUS_MAX 128

struct notifier {
	struct loop *loop;
	notify_counts_fn counts;
	void *counts_arg;
	struct timer status_timer;	/* every STATUS_PERIOD_MS */
	struct timer watchdog_timer;	/* half of WATCHDOG_USEC */
	uint64_t watchdog_ms;		/* 0: no watchdog asked for */
	char status[STATUS_MAX];	/* the last STATUS= sent */
};

static void send_state(const char *state)
{
	int rc = sd_notify(0, state);

	if (rc < 0)
		log_warn("sd_notify %.*s: %s", (int)strcspn(state, "\n"),
			 state, strerror(-rc));
}

static const char *plural(unsigned n)
{
	return n == 1 ? "" : "s";
}

int notify_status_format(char *buf, size_t len, const struct notify_counts *c)
{
	return snprintf(buf, len, "STATUS=%u tunnel%s, %u session%s "
			"(%u up, %u negotiating)", c->tunnels,
			plural(c->tunnels), c->sessions, plural(c->sessions),
			c->up, c->negotiating);
}

static void gateway_counts(void *arg, struct notify_counts *c)
{
	const struct gateway *gw = arg;
	struct gateway_tunnel_counts tc;

	gateway_tunnel_counts(gw, &tc);
	c->tunnels = tc.total;
	c->sessions = gateway_session_count(gw);
	c->up = gateway_session_up_count(gw);
	c->negotiating = gateway_negotiating_count(gw);
}

/* A new STATUS= only when a count changed. */
static void update_status(struct notifier *n)
{
	struct notify_counts c = { 0 };
	char line[STATUS_MAX];

	n->counts(n->counts_arg, &c);
	notify_status_format(line, sizeof(line), &c);
	if (!strcmp(line, n->status))
		return;
	memcpy(n->status, line, sizeof(line));
	send_state(line);
}

static void status_tick(struct loop *loop, struct timer *t, void *arg)
{
	struct notifier *n = arg;

	update_status(n);
	timer_arm(loop, t, STATUS_PERIOD_MS);
}

static void watchdog_tick(struct loop *loop, struct timer *t, void *arg)
{
	struct notifier *n = arg;

	send_state("WATCHDOG=1");
	timer_arm(loop, t, n->watchdog_ms);
}

struct notifier *notifier_start(struct loop *loop, const struct gateway *gw)
{
	/* gateway_counts only reads it. */
	return notifier_start_counts(loop, gateway_counts, (void *)gw);
}

struct notifier *notifier_start_counts(struct loop *loop,
				       notify_counts_fn counts, void *arg)
{
	struct notifier *n;
	uint64_t usec = 0;

	if (!getenv("NOTIFY_SOCKET"))
		return NULL;
	n = calloc(1, sizeof(*n));
	if (!n) {
		log_err("sd_notify: out of memory: systemd is not told the "
			"daemon is ready");
		return NULL;
	}
	n->loop = loop;
	n->counts = counts;
	n->counts_arg = arg;
	timer_init(&n->status_timer, status_tick, n);
	timer_init(&n->watchdog_timer, watchdog_tick, n);
	send_state("READY=1");
	update_status(n);
	timer_arm(loop, &n->status_timer, STATUS_PERIOD_MS);
	/* > 0 only if WATCHDOG_USEC is set and WATCHDOG_PID is ours. */
	if (sd_watchdog_enabled(0, &usec) > 0 && usec) {
		n->watchdog_ms = usec / 2000 ? usec / 2000 : 1;
		log_info("systemd watchdog: every %llu ms",
			 (unsigned long long)n->watchdog_ms);
		send_state("WATCHDOG=1");
		timer_arm(loop, &n->watchdog_timer, n->watchdog_ms);
	}
	return n;
}

void notifier_free(struct notifier *n)
{
	if (!n)
		return;
	timer_cancel(n->loop, &n->status_timer);
	timer_cancel(n->loop, &n->watchdog_timer);
	free(n);
}

void notifier_reloading(struct notifier *n)
{
	struct timespec ts;
	char msg[64];

	if (!n)
		return;
	/* systemd >= 253 wants the time with it; 252 ignores it. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%llu",
		 (unsigned long long)ts.tv_sec * 1000000ULL +
		 (unsigned long long)ts.tv_nsec / 1000);
	send_state(msg);
}

void notifier_reloaded(struct notifier *n)
{
	if (!n)
		return;
	/* STATUS= follows from the timer, never sooner than a second. */
	send_state("READY=1");
}

void notifier_stopping(struct notifier *n)
{
	if (n)
		send_state("STOPPING=1");
}
