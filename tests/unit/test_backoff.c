// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The backoff schedule of a [lac]'s lost calls: 1 s doubling to 30 s,
 * each delay in the upper half of its step, back to 1 s after a reset.
 */
#include <check.h>
#include <stdint.h>

#include "backoff.h"

START_TEST(test_doubles_to_the_cap)
{
	static const uint32_t ceil[] = { 1000, 2000, 4000, 8000, 16000, 30000,
					 30000, 30000 };
	struct backoff b;

	backoff_init(&b, 1000, 30000);
	for (unsigned i = 0; i < sizeof(ceil) / sizeof(ceil[0]); i++) {
		struct backoff lo = b;

		/* rnd picks in [d/2, d]: the extremes. */
		ck_assert_uint_eq(backoff_next(&lo, 0), ceil[i] - ceil[i] / 2);
		ck_assert_uint_eq(backoff_next(&b, ceil[i] / 2), ceil[i]);
	}
}
END_TEST

START_TEST(test_jitter_stays_in_its_step)
{
	struct backoff b;
	uint32_t rnd = 12345, lo = UINT32_MAX, hi = 0;

	backoff_init(&b, 1000, 30000);
	for (int i = 0; i < 1000; i++) {
		struct backoff c = b;
		uint32_t d;

		rnd = rnd * 1103515245u + 12345u;
		d = backoff_next(&c, rnd);
		lo = d < lo ? d : lo;
		hi = d > hi ? d : hi;
	}
	/* Spread over the step, not one value for everyone. */
	ck_assert_uint_ge(lo, 500);
	ck_assert_uint_le(lo, 520);
	ck_assert_uint_le(hi, 1000);
	ck_assert_uint_ge(hi, 980);
}
END_TEST

START_TEST(test_reset_starts_over)
{
	struct backoff b;

	backoff_init(&b, 1000, 30000);
	for (int i = 0; i < 10; i++)
		backoff_next(&b, 0);
	ck_assert_uint_eq(backoff_next(&b, 15000), 30000);
	backoff_reset(&b);
	ck_assert_uint_eq(backoff_next(&b, 500), 1000);
	ck_assert_uint_eq(backoff_next(&b, 1000), 2000);
}
END_TEST

START_TEST(test_degenerate_bounds)
{
	struct backoff b;

	/* min 0 is 1 ms; max below min is min: a constant delay. */
	backoff_init(&b, 0, 0);
	ck_assert_uint_eq(backoff_next(&b, 7), 1);
	ck_assert_uint_eq(backoff_next(&b, 7), 1);
	backoff_init(&b, 5000, 10);
	ck_assert_uint_eq(backoff_next(&b, 2500), 5000);
	ck_assert_uint_eq(backoff_next(&b, 2500), 5000);
	/* A max that is no power-of-two multiple of min is still reached. */
	backoff_init(&b, 3, 10);
	ck_assert_uint_eq(backoff_next(&b, 1), 3);
	ck_assert_uint_eq(backoff_next(&b, 3), 6);
	ck_assert_uint_eq(backoff_next(&b, 5), 10);
	ck_assert_uint_eq(backoff_next(&b, 5), 10);
	/* No overflow near the top of the range. */
	backoff_init(&b, UINT32_MAX / 2 + 1, UINT32_MAX);
	backoff_next(&b, 0);
	ck_assert_uint_eq(backoff_next(&b, UINT32_MAX / 2), UINT32_MAX);
}
END_TEST

static Suite *backoff_suite(void)
{
	Suite *s = suite_create("backoff");
	TCase *tc = tcase_create("schedule");

	tcase_add_test(tc, test_doubles_to_the_cap);
	tcase_add_test(tc, test_jitter_stays_in_its_step);
	tcase_add_test(tc, test_reset_starts_over);
	tcase_add_test(tc, test_degenerate_bounds);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(backoff_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
