/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's log captured for a test: every line at every level, each
 * ended by '\n', and a count of raw control bytes found inside lines
 * (what a peer's string must never put there).
 */
#ifndef L2TPGW_TEST_LOG_CAPTURE_H
#define L2TPGW_TEST_LOG_CAPTURE_H

struct log_capture {
	char text[16384];	/* cut when full */
	unsigned raw_control;	/* bytes < 0x20 or 0x7f inside lines */
};

/* Empties c and routes the log to it, debug messages included. */
void log_capture_start(struct log_capture *c);
/* Back to stderr. */
void log_capture_stop(void);

#endif /* L2TPGW_TEST_LOG_CAPTURE_H */
