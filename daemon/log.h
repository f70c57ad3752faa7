/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging for l2tpgwd: to stderr (foreground, tests) or syslog (daemon).
 *
 * Levels are those of <syslog.h> (LOG_ERR ... LOG_DEBUG).  Messages below
 * the minimum level set by log_init() are dropped before formatting.
 * Every message should name the object it is about (tunnel/session id,
 * peer address), e.g. "tunnel 1234 peer 192.0.2.1:1701: ...".
 *
 * Anything a remote peer can trigger at packet rate goes through log_rl()
 * with a struct log_ratelimit owned by the call site (static) or by the
 * object concerned (tunnel, session), so one misbehaving peer can neither
 * flood the log nor silence messages about other peers.
 */
#ifndef L2TPGW_LOG_H
#define L2TPGW_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <syslog.h>

/*
 * Token bucket: up to `burst` messages at once, refilled at one message per
 * `interval_ms`.  Messages refused are counted, and the next message let
 * through is preceded by "N messages suppressed".  Zero-initialise, or use
 * LOG_RATELIMIT_INIT; a zero burst/interval means the defaults (burst 10,
 * one message per second).
 */
struct log_ratelimit {
	uint32_t burst;
	uint32_t interval_ms;
	uint32_t tokens;
	uint32_t suppressed;
	uint64_t last_ms;	/* CLOCK_MONOTONIC ms of the last refill */
	bool primed;		/* bucket filled once */
};

#define LOG_RATELIMIT_INIT(burst_, interval_ms_) \
	{ .burst = (burst_), .interval_ms = (interval_ms_) }

/*
 * min_level: messages with a level numerically above it (less severe) are
 * dropped.  use_syslog: openlog(ident, LOG_PID, LOG_DAEMON) and log there;
 * otherwise write "ident: level: message" lines to stderr, or "<N>message"
 * when stderr is the journal's stream (systemd sets $JOURNAL_STREAM to
 * its "DEV:INO"), so journald keeps each line's priority N.  May be
 * called again (e.g. -d after parsing arguments); ident must stay valid.
 */
void log_init(int min_level, bool use_syslog, const char *ident);

/*
 * The stderr line for msg, newline included: snprintf's return value.
 * journal: "<N>msg" (sd-daemon.h's SD_ERR ... prefixes); otherwise
 * "ident: level: msg".  Out-of-range levels are clamped.
 */
int log_format_line(char *buf, size_t len, bool journal, const char *ident,
		    int level, const char *msg);
/* Does $JOURNAL_STREAM's value env ("DEV:INO", or NULL) name dev, ino? */
bool log_journal_stream_matches(const char *env, uint64_t dev, uint64_t ino);

/* True if a message at level would be emitted (to skip costly formatting). */
bool log_enabled(int level);

void log_msg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Rate-limited log_msg.  Returns true if the message was emitted.
 * Not thread-safe: the daemon is single-threaded.
 */
bool log_rl(struct log_ratelimit *rl, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * For tests: route emitted lines (already formatted, without newline) to a
 * callback instead of stderr/syslog; NULL restores normal output.  A clock
 * function may replace CLOCK_MONOTONIC for the rate limiter.
 */
typedef void (*log_sink_fn)(int level, const char *line, void *arg);
void log_set_sink(log_sink_fn sink, void *arg);
void log_set_clock(uint64_t (*now_ms)(void));

#define log_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...)	log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* L2TPGW_LOG_H */
