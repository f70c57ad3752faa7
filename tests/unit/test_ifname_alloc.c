// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lowest-free number allocator of device name patterns, checked
 * against a plain array model: same numbers, same order, across growth,
 * frees at every level of the bitmaps and the limit.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ifname_alloc.h"

/* The lowest number not in the model. */
static unsigned model_lowest(const unsigned char *taken, unsigned limit)
{
	unsigned n;

	for (n = 0; n < limit && taken[n]; n++)
		;
	return n;
}

START_TEST(hands_out_lowest_numbers_in_order)
{
	struct ifname_alloc a;
	unsigned i, n;

	ifname_alloc_init(&a, 100000);
	for (i = 0; i < 10000; i++) {
		ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
		ck_assert_uint_eq(n, i);
	}
	ck_assert_uint_eq(a.count, 10000);
	ifname_alloc_destroy(&a);
}
END_TEST

START_TEST(freed_number_is_reused_first)
{
	struct ifname_alloc a;
	unsigned i, n;

	ifname_alloc_init(&a, 100000);
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	/* In a full word of used[] and a full word of full[]. */
	ifname_alloc_put(&a, 4097);
	ifname_alloc_put(&a, 70);
	ifname_alloc_put(&a, 4999);
	ck_assert(!ifname_alloc_taken(&a, 70));
	ck_assert(ifname_alloc_taken(&a, 71));
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 70);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 4097);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 4999);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 5000);
	ck_assert_uint_eq(a.count, 5001);
	ifname_alloc_destroy(&a);
}
END_TEST

START_TEST(put_of_a_free_number_changes_nothing)
{
	struct ifname_alloc a;
	unsigned n;

	ifname_alloc_init(&a, 1000);
	ifname_alloc_put(&a, 5);		/* nothing allocated yet */
	ifname_alloc_put(&a, 999999);	/* beyond the bitmap */
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 0);
	ifname_alloc_put(&a, 0);
	ifname_alloc_put(&a, 0);
	ck_assert_uint_eq(a.count, 0);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(a.count, 1);
	ifname_alloc_destroy(&a);
}
END_TEST

START_TEST(limit_is_never_exceeded)
{
	struct ifname_alloc a;
	unsigned i, n;

	/* 100 numbers: "abcdefghijklm%d" leaves room for two digits. */
	ifname_alloc_init(&a, 100);
	for (i = 0; i < 100; i++) {
		ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
		ck_assert_uint_eq(n, i);
	}
	ck_assert_int_eq(ifname_alloc_get(&a, &n), -ENOSPC);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), -ENOSPC);
	ifname_alloc_put(&a, 42);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 42);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), -ENOSPC);
	ifname_alloc_destroy(&a);

	/* A limit on a word boundary, and one number only. */
	ifname_alloc_init(&a, 128);
	for (i = 0; i < 128; i++)
		ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), -ENOSPC);
	ifname_alloc_destroy(&a);
	ifname_alloc_init(&a, 1);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ifname_alloc_get(&a, &n), -ENOSPC);
	ifname_alloc_destroy(&a);
}
END_TEST

/* Sessions coming and going at random: the allocator agrees with a model. */
START_TEST(random_churn_matches_model)
{
	enum { LIMIT = 20000, STEPS = 200000 };
	unsigned char *taken = calloc(LIMIT, 1);
	unsigned *held = calloc(LIMIT, sizeof(*held));
	unsigned nheld = 0, step, n, i, want;
	struct ifname_alloc a;

	ck_assert_ptr_nonnull(taken);
	ck_assert_ptr_nonnull(held);
	srandom(8);
	ifname_alloc_init(&a, LIMIT);
	for (step = 0; step < STEPS; step++) {
		/* Grow to about 15,000 held, then hover there. */
		bool get = nheld == 0 ||
			   (unsigned)random() % 100 < (nheld < 15000 ? 70 : 50);

		if (get && nheld < LIMIT) {
			want = model_lowest(taken, LIMIT);
			ck_assert_int_eq(ifname_alloc_get(&a, &n), 0);
			ck_assert_uint_eq(n, want);
			taken[n] = 1;
			held[nheld++] = n;
		} else if (nheld) {
			i = (unsigned)random() % nheld;
			n = held[i];
			held[i] = held[--nheld];
			ifname_alloc_put(&a, n);
			taken[n] = 0;
		}
		ck_assert_uint_eq(a.count, nheld);
	}
	for (n = 0; n < LIMIT; n++)
		ck_assert_int_eq(ifname_alloc_taken(&a, n), taken[n]);
	ifname_alloc_destroy(&a);
	free(taken);
	free(held);
}
END_TEST

static Suite *ifname_alloc_suite(void)
{
	Suite *s = suite_create("ifname_alloc");
	TCase *tc = tcase_create("numbers");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, hands_out_lowest_numbers_in_order);
	tcase_add_test(tc, freed_number_is_reused_first);
	tcase_add_test(tc, put_of_a_free_number_changes_nothing);
	tcase_add_test(tc, limit_is_never_exceeded);
	tcase_add_test(tc, random_churn_matches_model);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ifname_alloc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
