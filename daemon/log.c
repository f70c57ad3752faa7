// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Logging to stderr or syslog, with a token-bucket rate limiter for
 * messages a remote peer can provoke.  On a stderr that systemd connected
 * to the journal, lines carry their priority as a "<N>" prefix.
 */
#include "log.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINE_MAX 1024
#define RL_DEFAULT_BURST 10
#define RL_DEFAULT_INTERVAL_MS 1000

static struct {
	int min_level;
	bool use_syslog;
	bool journal;		/* stderr is the journal's stream */
	const char *ident;
	log_sink_fn sink;
	void *sink_arg;
	uint64_t (*now_ms)(void);
} logger = {
	.min_level = LOG_INFO,
	.ident = "l2tpgwd",
};

static const char *const level_names[] = {
	[LOG_EMERG] = "emerg",
	[LOG_ALERT] = "alert",
	[LOG_CRIT] = "crit",
	[LOG_ERR] = "error",
	[LOG_WARNING] = "warning",
	[LOG_NOTICE] = "notice",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

bool log_journal_stream_matches(const char *env, uint64_t dev, uint64_t ino)
{
	uintmax_t d, i;
	int end = 0;

	if (!env || sscanf(env, "%ju:%ju%n", &d, &i, &end) != 2 ||
	    env[end] != '\0')
		return false;
	return d == dev && i == ino;
}

/* systemd.exec(5), $JOURNAL_STREAM: stderr not redirected since. */
static bool stderr_is_journal(void)
{
	struct stat st;

	if (fstat(STDERR_FILENO, &st) < 0)
		return false;
	return log_journal_stream_matches(getenv("JOURNAL_STREAM"),
					  (uint64_t)st.st_dev,
					  (uint64_t)st.st_ino);
}

void log_init(int min_level, bool use_syslog, const char *ident)
{
	if (logger.use_syslog)
		closelog();
	logger.min_level = min_level;
	logger.use_syslog = use_syslog;
	logger.ident = ident ? ident : "l2tpgwd";
	logger.journal = !use_syslog && stderr_is_journal();
	if (use_syslog)
		openlog(logger.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_sink(log_sink_fn sink, void *arg)
{
	logger.sink = sink;
	logger.sink_arg = arg;
}

void log_set_clock(uint64_t (*now_ms)(void))
{
	logger.now_ms = now_ms;
}

bool log_enabled(int level)
{
	return level <= logger.min_level;
}

static int clamp_level(int level)
{
	if (level < LOG_EMERG)
		return LOG_EMERG;
	if (level > LOG_DEBUG)
		return LOG_DEBUG;
	return level;
}

int log_format_line(char *buf, size_t len, bool journal, const char *ident,
		    int level, const char *msg)
{
	level = clamp_level(level);
	/* The journal names the unit and process itself. */
	if (journal)
		return snprintf(buf, len, "<%d>%s\n", level, msg);
	return snprintf(buf, len, "%s: %s: %s\n", ident, level_names[level],
			msg);
}

static void emit(int level, const char *line)
{
	char out[LOG_LINE_MAX + 64];

	if (logger.sink) {
		logger.sink(level, line, logger.sink_arg);
	} else if (logger.use_syslog) {
		syslog(level, "%s", line);
	} else {
		int n = log_format_line(out, sizeof(out), logger.journal,
					logger.ident, level, line);

		/* A cut line still ends its line. */
		if (n >= (int)sizeof(out))
			out[sizeof(out) - 2] = '\n';
		/* One write per line so lines from one process never interleave. */
		fputs(out, stderr);
	}
}

static void vlog(int level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];

	vsnprintf(line, sizeof(line), fmt, ap);
	emit(level, line);
}

void log_msg(int level, const char *fmt, ...)
{
	va_list ap;

	level = clamp_level(level);
	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

static uint64_t monotonic_ms(void)
{
	struct timespec ts;

	if (logger.now_ms)
		return logger.now_ms();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Refill the bucket for the time elapsed; true if a token was taken. */
static bool rl_take(struct log_ratelimit *rl)
{
	uint32_t burst = rl->burst ? rl->burst : RL_DEFAULT_BURST;
	uint32_t interval = rl->interval_ms ? rl->interval_ms :
					      RL_DEFAULT_INTERVAL_MS;
	uint64_t now = monotonic_ms();

	if (!rl->primed) {
		rl->primed = true;
		rl->tokens = burst;
		rl->last_ms = now;
	} else if (now > rl->last_ms) {
		uint64_t refill = (now - rl->last_ms) / interval;

		if (refill) {
			uint64_t tokens = rl->tokens + refill;

			rl->tokens = tokens > burst ? burst : (uint32_t)tokens;
			/* Keep the remainder so slow trickles still earn tokens. */
			rl->last_ms += refill * interval;
		}
	}
	if (!rl->tokens)
		return false;
	rl->tokens--;
	return true;
}

bool log_rl(struct log_ratelimit *rl, int level, const char *fmt, ...)
{
	va_list ap;

	level = clamp_level(level);
	if (!log_enabled(level))
		return false;
	if (!rl_take(rl)) {
		if (rl->suppressed < UINT32_MAX)
			rl->suppressed++;
		return false;
	}
	if (rl->suppressed) {
		char note[64];

		snprintf(note, sizeof(note), "%u messages suppressed",
			 rl->suppressed);
		emit(level, note);
		rl->suppressed = 0;
	}
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
	return true;
}
