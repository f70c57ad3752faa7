// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Logging: level filtering and the token-bucket rate limiter with its
 * "N messages suppressed" notice, on a fake clock.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static char lines[64][256];
static int levels[64];
static unsigned n_lines;
static uint64_t fake_now;

static void sink(int level, const char *line, void *arg)
{
	if (n_lines < 64) {
		levels[n_lines] = level;
		snprintf(lines[n_lines], sizeof(lines[0]), "%s", line);
	}
	n_lines++;
}

static uint64_t clock_fn(void)
{
	return fake_now;
}

static void setup(void)
{
	n_lines = 0;
	fake_now = 1000;
	log_init(LOG_INFO, false, "test");
	log_set_sink(sink, NULL);
	log_set_clock(clock_fn);
}

static void teardown(void)
{
	log_set_sink(NULL, NULL);
	log_set_clock(NULL);
}

START_TEST(levels_filtered)
{
	log_err("tunnel %u: %s", 7u, "broken");
	log_info("shown");
	log_debug("hidden");
	ck_assert_uint_eq(n_lines, 2);
	ck_assert_str_eq(lines[0], "tunnel 7: broken");
	ck_assert_int_eq(levels[0], LOG_ERR);
	ck_assert(!log_enabled(LOG_DEBUG));
	log_init(LOG_DEBUG, false, "test");
	log_debug("now shown");
	ck_assert_uint_eq(n_lines, 3);
	/* Out-of-range levels are clamped, never index past the names. */
	log_msg(42, "clamped");
	ck_assert_int_eq(levels[3], LOG_DEBUG);
}
END_TEST

START_TEST(rate_limit_and_suppressed_count)
{
	struct log_ratelimit rl = LOG_RATELIMIT_INIT(3, 1000);
	unsigned i, emitted = 0;

	for (i = 0; i < 10; i++)
		emitted += log_rl(&rl, LOG_WARNING, "peer flood %u", i);
	ck_assert_uint_eq(emitted, 3);
	ck_assert_uint_eq(n_lines, 3);
	/* One token back after the interval; the notice comes first. */
	fake_now += 1000;
	ck_assert(log_rl(&rl, LOG_WARNING, "again"));
	ck_assert_uint_eq(n_lines, 5);
	ck_assert_str_eq(lines[3], "7 messages suppressed");
	ck_assert_str_eq(lines[4], "again");
	ck_assert(!log_rl(&rl, LOG_WARNING, "no token"));
	/* A long pause refills no more than the burst. */
	fake_now += 100000;
	for (i = 0, emitted = 0; i < 10; i++)
		emitted += log_rl(&rl, LOG_WARNING, "x");
	ck_assert_uint_eq(emitted, 3);
}
END_TEST

START_TEST(rate_limit_defaults_and_filtered_levels)
{
	struct log_ratelimit rl = { 0 };
	unsigned i, emitted = 0;

	/* Below the minimum level: neither emitted nor counted. */
	for (i = 0; i < 5; i++)
		ck_assert(!log_rl(&rl, LOG_DEBUG, "debug"));
	for (i = 0; i < 20; i++)
		emitted += log_rl(&rl, LOG_NOTICE, "n");
	ck_assert_uint_eq(emitted, 10);
	fake_now += 1000;
	ck_assert(log_rl(&rl, LOG_NOTICE, "n"));
	ck_assert_str_eq(lines[10], "10 messages suppressed");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, levels_filtered);
	tcase_add_test(tc, rate_limit_and_suppressed_count);
	tcase_add_test(tc, rate_limit_defaults_and_filtered_levels);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
