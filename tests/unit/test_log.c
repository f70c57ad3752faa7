// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Logging: level filtering and the token-bucket rate limiter with its
 * "N messages suppressed" notice, on a fake clock; stderr lines with a
 * "<N>" priority prefix when stderr is the journal's stream.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

START_TEST(line_formats)
{
	char buf[64];

	ck_assert_int_eq(log_format_line(buf, sizeof(buf), false, "l2tpgwd",
					 LOG_WARNING, "tunnel 7: gone"), 33);
	ck_assert_str_eq(buf, "l2tpgwd: warning: tunnel 7: gone\n");
	log_format_line(buf, sizeof(buf), true, "l2tpgwd", LOG_ERR, "bad");
	ck_assert_str_eq(buf, "<3>bad\n");
	log_format_line(buf, sizeof(buf), true, "l2tpgwd", LOG_DEBUG, "d");
	ck_assert_str_eq(buf, "<7>d\n");
	log_format_line(buf, sizeof(buf), true, "l2tpgwd", LOG_NOTICE, "n");
	ck_assert_str_eq(buf, "<5>n\n");
	/* Clamped: never a priority journald would misread. */
	log_format_line(buf, sizeof(buf), true, "l2tpgwd", 42, "x");
	ck_assert_str_eq(buf, "<7>x\n");
	log_format_line(buf, sizeof(buf), true, "l2tpgwd", -1, "x");
	ck_assert_str_eq(buf, "<0>x\n");
	/* Too long: cut, the full length returned. */
	ck_assert_int_eq(log_format_line(buf, 8, true, "l2tpgwd", LOG_ERR,
					 "0123456789"), 14);
	ck_assert_str_eq(buf, "<3>0123");
}
END_TEST

START_TEST(journal_stream_env)
{
	ck_assert(log_journal_stream_matches("8:12345", 8, 12345));
	ck_assert(log_journal_stream_matches("65024:4294967296", 65024,
					     4294967296ULL));
	ck_assert(!log_journal_stream_matches(NULL, 8, 12345));
	ck_assert(!log_journal_stream_matches("", 8, 12345));
	ck_assert(!log_journal_stream_matches("8:12346", 8, 12345));
	ck_assert(!log_journal_stream_matches("9:12345", 8, 12345));
	ck_assert(!log_journal_stream_matches("8:12345x", 8, 12345));
	ck_assert(!log_journal_stream_matches("8", 8, 12345));
	ck_assert(!log_journal_stream_matches("8:", 8, 12345));
}
END_TEST

/* What log_err writes on a stderr that is the file fd; emptied again. */
static void stderr_line(int fd, char *buf, size_t len)
{
	ssize_t n;

	log_err("tunnel %u: refused", 9u);
	n = pread(fd, buf, len - 1, 0);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
}

/* The real stderr path, with and without $JOURNAL_STREAM naming it. */
START_TEST(journal_stream_prefix)
{
	FILE *f = tmpfile();
	struct stat st;
	char env[64], line[128];

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(dup2(fileno(f), STDERR_FILENO), 0);
	ck_assert_int_eq(fstat(STDERR_FILENO, &st), 0);
	log_set_sink(NULL, NULL);

	unsetenv("JOURNAL_STREAM");
	log_init(LOG_INFO, false, "test");
	stderr_line(fileno(f), line, sizeof(line));
	ck_assert_str_eq(line, "test: error: tunnel 9: refused\n");

	snprintf(env, sizeof(env), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", env, 1);
	log_init(LOG_INFO, false, "test");
	stderr_line(fileno(f), line, sizeof(line));
	ck_assert_str_eq(line, "<3>tunnel 9: refused\n");

	/* Inherited from a parent whose stderr was the journal: not ours. */
	snprintf(env, sizeof(env), "%llu:%llu", (unsigned long long)st.st_dev,
		 (unsigned long long)st.st_ino + 1);
	setenv("JOURNAL_STREAM", env, 1);
	log_init(LOG_INFO, false, "test");
	stderr_line(fileno(f), line, sizeof(line));
	ck_assert_str_eq(line, "test: error: tunnel 9: refused\n");
	fclose(f);
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
	tcase_add_test(tc, line_formats);
	tcase_add_test(tc, journal_stream_env);
	tcase_add_test(tc, journal_stream_prefix);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
