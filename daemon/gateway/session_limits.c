// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session-Timeout and Idle-Timeout: how long a session may last from its
 * first network protocol up, and how long it may carry no data.  Each
 * comes from what the session's authentication granted (users file keys
 * or RADIUS Session-Timeout and Idle-Timeout) or else from its [lns]
 * section; 0 is no limit.
 *
 * A session timeout is one timer per session (the loop's heap makes that
 * O(log n)).  Idleness is read from the module's per-session packet
 * counters: a session is idle while neither its rx nor its tx packets
 * moved.  One round for all sessions reads every counter in one dump
 * (gw_counters_refresh) every min(idle_timeout / 4, 30 s), at least 1 s,
 * of the shortest idle timeout; 10000 sessions cost one dump a round,
 * not 10000 timers and requests.  Traffic is seen at a round, so a
 * session ends between idle_timeout and idle_timeout plus two rounds
 * after its last packet, never before.  Data only: LCP echoes and other
 * PPP control frames are not in these counters.
 *
 * Either ends the session as gw_session_end does: LCP Terminate-Request,
 * then the CDN, with cause session-timeout or idle-timeout.
 */
#include "gateway/internal.h"

#include <inttypes.h>
#include <stdio.h>

#include "aaa/users.h"
#include "log.h"
#include "loop.h"

#define IDLE_ROUND_MIN_MS	1000
#define IDLE_ROUND_MAX_MS	30000

static uint64_t idle_round_ms(uint64_t idle_ms)
{
	uint64_t p = idle_ms / 4;

	if (p < IDLE_ROUND_MIN_MS)
		return IDLE_ROUND_MIN_MS;
	return p > IDLE_ROUND_MAX_MS ? IDLE_ROUND_MAX_MS : p;
}

static void session_timeout_fire(struct loop *loop, struct timer *tm,
				 void *arg)
{
	struct gw_session *s = arg;
	char why[64];

	snprintf(why, sizeof(why), "session timeout (%" PRIu64 " s)",
		 s->session_timeout_ms / 1000);
	gw_session_end(s, SESSION_END_SESSION_TIMEOUT, why);
}

/* Off the idle round; the round stops with its last session. */
static void idle_off(struct gw_session *s)
{
	struct gateway *gw = s->gw;

	if (!s->limits_on)
		return;
	s->limits_on = false;
	if (!--gw->n_idle_limited)
		timer_cancel(gw->loop, &gw->idle_round);
}

/* Counters just read: moved, or idle for too long? */
static void idle_check(struct gw_session *s, uint64_t now)
{
	char why[64];

	if (!s->has_counters)
		return;
	if (s->counters.rx_packets != s->idle_rx_packets ||
	    s->counters.tx_packets != s->idle_tx_packets) {
		s->idle_rx_packets = s->counters.rx_packets;
		s->idle_tx_packets = s->counters.tx_packets;
		s->idle_since = now;
		return;
	}
	if (now - s->idle_since < s->idle_timeout_ms)
		return;
	idle_off(s);
	snprintf(why, sizeof(why), "idle for %" PRIu64 " s (idle timeout "
		 "%" PRIu64 " s)", (now - s->idle_since) / 1000,
		 s->idle_timeout_ms / 1000);
	gw_session_end(s, SESSION_END_IDLE_TIMEOUT, why);
}

static void idle_round_fire(struct loop *loop, struct timer *tm, void *arg)
{
	struct gateway *gw = arg;
	uint64_t now = loop_now(loop), next = IDLE_ROUND_MAX_MS;
	struct gw_session *s;
	bool read = gw_counters_refresh(gw, 0) == 0;

	/* Ending a session only starts its LCP Terminate: the list holds. */
	for (s = gw->sessions; s; s = s->next) {
		if (!s->limits_on)
			continue;
		if (idle_round_ms(s->idle_timeout_ms) < next)
			next = idle_round_ms(s->idle_timeout_ms);
		if (read)
			idle_check(s, now);
	}
	if (gw->n_idle_limited)
		timer_arm(loop, &gw->idle_round, next);
}

static void idle_on(struct gw_session *s)
{
	struct gateway *gw = s->gw;
	uint64_t at = loop_now(gw->loop) + idle_round_ms(s->idle_timeout_ms);

	/* The baseline: traffic from now on moves the counters. */
	gw_session_counters_read(s);
	s->idle_rx_packets = s->counters.rx_packets;
	s->idle_tx_packets = s->counters.tx_packets;
	s->idle_since = loop_now(gw->loop);
	s->limits_on = true;
	gw->n_idle_limited++;
	if (!timer_pending(&gw->idle_round) || gw->idle_round.expires > at)
		timer_arm_at(gw->loop, &gw->idle_round, at);
}

/*
 * The user's own limits replace the section's: what its authentication
 * granted (users file keys, or RADIUS Session-Timeout and Idle-Timeout).
 */
static void user_limits(struct gw_session *s)
{
	const struct aaa_grant *g = gw_session_grant(s);

	if (!g)
		return;
	if (g->session_timeout_s)
		s->session_timeout_ms = (uint64_t)g->session_timeout_s * 1000;
	if (g->idle_timeout_s)
		s->idle_timeout_ms = (uint64_t)g->idle_timeout_s * 1000;
}

void gw_limits_init(struct gw_session *s)
{
	timer_init(&s->limit_timer, session_timeout_fire, s);
}

void gw_limits_start(struct gw_session *s)
{
	if (s->limits_started)
		return;
	s->limits_started = true;
	user_limits(s);
	if (s->session_timeout_ms)
		timer_arm(s->gw->loop, &s->limit_timer, s->session_timeout_ms);
	if (s->idle_timeout_ms)
		idle_on(s);
	if (s->session_timeout_ms || s->idle_timeout_ms)
		log_info("%s: session timeout %" PRIu64 " s, idle timeout %"
			 PRIu64 " s", s->name, s->session_timeout_ms / 1000,
			 s->idle_timeout_ms / 1000);
}

void gw_limits_set_session_timeout(struct gw_session *s, uint32_t secs)
{
	s->session_timeout_ms = (uint64_t)secs * 1000;
	timer_cancel(s->gw->loop, &s->limit_timer);
	if (secs)
		timer_arm(s->gw->loop, &s->limit_timer, s->session_timeout_ms);
}

void gw_limits_stop(struct gw_session *s)
{
	timer_cancel(s->gw->loop, &s->limit_timer);
	idle_off(s);
}

void gw_limits_new(struct gateway *gw)
{
	timer_init(&gw->idle_round, idle_round_fire, gw);
}

void gw_limits_free(struct gateway *gw)
{
	timer_cancel(gw->loop, &gw->idle_round);
}

static uint32_t seconds_left(uint64_t end, uint64_t now)
{
	return end > now ? (uint32_t)((end - now + 999) / 1000) : 0;
}

void gw_fill_limits(const struct gw_session *s,
		    struct control_session_info *si)
{
	uint64_t now = loop_now(s->gw->loop);

	if (timer_pending(&s->limit_timer)) {
		si->has_limits = true;
		si->session_timeout_s = (uint32_t)(s->session_timeout_ms / 1000);
		si->session_left_s = seconds_left(s->limit_timer.expires, now);
	}
	if (s->limits_on) {
		si->has_limits = true;
		si->idle_timeout_s = (uint32_t)(s->idle_timeout_ms / 1000);
		si->idle_left_s = seconds_left(s->idle_since +
					       s->idle_timeout_ms, now);
	}
}
