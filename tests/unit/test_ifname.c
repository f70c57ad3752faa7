// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session device name patterns: what the kernel would accept, how many
 * numbers fit, formatting, and one allocator per pattern.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "ifname.h"

static void check_bad(const char *pattern, const char *why_part)
{
	char why[80] = "";

	ck_assert_msg(ifname_pattern_check(pattern, why, sizeof(why)) < 0,
		      "\"%s\" accepted", pattern);
	ck_assert_msg(strstr(why, why_part), "\"%s\": \"%s\" lacks \"%s\"",
		      pattern, why, why_part);
}

START_TEST(patterns_the_kernel_accepts)
{
	char why[80];

	ck_assert_int_eq(ifname_pattern_check("l2tp%d", why, sizeof(why)), 0);
	ck_assert_int_eq(ifname_pattern_check("ppp%d-in", why, sizeof(why)), 0);
	ck_assert_int_eq(ifname_pattern_check("%d", why, sizeof(why)), 0);
	ck_assert_int_eq(ifname_pattern_check("wan0", why, sizeof(why)), 0);
	ck_assert_int_eq(ifname_pattern_check("abcdefghijklm%d", why,
					       sizeof(why)), 0);
	check_bad("", "empty");
	check_bad("abcdefghijklmnop", "longer than 15");
	check_bad(".", "not a device name");
	check_bad("..", "not a device name");
	check_bad("a/b%d", "'/'");
	check_bad("a:%d", "':'");
	check_bad("a b%d", "' '");
	check_bad("a%d%d", "one %d");
	check_bad("a%s", "one %d");
	check_bad("a%", "one %d");
	check_bad("100%", "one %d");
	check_bad("a%d%%", "one %d");
}
END_TEST

START_TEST(numbers_that_fit_fifteen_characters)
{
	ck_assert_uint_eq(ifname_pattern_numbers("wan0"), 0);
	ck_assert_uint_eq(ifname_pattern_numbers("abcdefghijklm%d"), 100);
	ck_assert_uint_eq(ifname_pattern_numbers("abcdefghijkl%d"), 1000);
	ck_assert_uint_eq(ifname_pattern_numbers("abcdef%d"), 1000000000);
	ck_assert_uint_eq(ifname_pattern_numbers("l2tp%d"), IFNAME_NUMBERS_MAX);
	ck_assert(ifname_pattern_numbered("x%dy"));
	ck_assert(!ifname_pattern_numbered("wan0"));
}
END_TEST

START_TEST(format_puts_the_number_in_place)
{
	char out[IF_NAMESIZE];

	ck_assert_int_eq(ifname_format("ra%d", 0, out), 0);
	ck_assert_str_eq(out, "ra0");
	ck_assert_int_eq(ifname_format("ppp%d-in", 4711, out), 0);
	ck_assert_str_eq(out, "ppp4711-in");
	ck_assert_int_eq(ifname_format("wan0", 7, out), 0);
	ck_assert_str_eq(out, "wan0");
	ck_assert_int_eq(ifname_format("abcdefghijklm%d", 99, out), 0);
	ck_assert_str_eq(out, "abcdefghijklm99");
	ck_assert_int_eq(ifname_format("abcdefghijklm%d", 100, out),
			 -ENAMETOOLONG);
}
END_TEST

START_TEST(one_allocator_per_pattern)
{
	struct ifnames *s = ifnames_new();
	struct ifname_ref r0, r1, r2, q0, f;
	char name[IF_NAMESIZE];

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(ifnames_get(s, "ra%d", name, &r0), 0);
	ck_assert_str_eq(name, "ra0");
	ck_assert_int_eq(ifnames_get(s, "ra%d", name, &r1), 0);
	ck_assert_str_eq(name, "ra1");
	/* Another pattern numbers from 0 on its own. */
	ck_assert_int_eq(ifnames_get(s, "l2tp%d", name, &q0), 0);
	ck_assert_str_eq(name, "l2tp0");
	ck_assert_int_eq(ifnames_get(s, "ra%d", name, &r2), 0);
	ck_assert_str_eq(name, "ra2");
	ck_assert_uint_eq(ifnames_count(s, "ra%d"), 3);
	ck_assert_uint_eq(ifnames_count(s, "l2tp%d"), 1);
	ck_assert_uint_eq(ifnames_count(s, "never%d"), 0);

	/* Given back: the lowest free number comes first again. */
	ifnames_put(&r1);
	ck_assert_ptr_null(r1.alloc);
	ifnames_put(&r1);			/* twice: nothing */
	ck_assert_uint_eq(ifnames_count(s, "ra%d"), 2);
	ck_assert_int_eq(ifnames_get(s, "ra%d", name, &r1), 0);
	ck_assert_str_eq(name, "ra1");

	/* A fixed name holds nothing. */
	ck_assert_int_eq(ifnames_get(s, "wan0", name, &f), 0);
	ck_assert_str_eq(name, "wan0");
	ck_assert_ptr_null(f.alloc);
	ifnames_put(&f);

	ifnames_put(&r0);
	ifnames_put(&r1);
	ifnames_put(&r2);
	ifnames_put(&q0);
	ck_assert_uint_eq(ifnames_count(s, "ra%d"), 0);
	ck_assert_uint_eq(ifnames_count(s, "l2tp%d"), 0);
	ifnames_free(s);
}
END_TEST

START_TEST(pattern_runs_out_of_numbers)
{
	struct ifnames *s = ifnames_new();
	struct ifname_ref r[101];
	char name[IF_NAMESIZE];
	unsigned i;

	for (i = 0; i < 100; i++)
		ck_assert_int_eq(ifnames_get(s, "abcdefghijklm%d", name, &r[i]),
				 0);
	ck_assert_str_eq(name, "abcdefghijklm99");
	ck_assert_int_eq(ifnames_get(s, "abcdefghijklm%d", name, &r[100]),
			 -ENOSPC);
	ck_assert_ptr_null(r[100].alloc);
	ifnames_free(s);
}
END_TEST

static Suite *ifname_suite(void)
{
	Suite *s = suite_create("ifname");
	TCase *tc = tcase_create("patterns");

	tcase_add_test(tc, patterns_the_kernel_accepts);
	tcase_add_test(tc, numbers_that_fit_fifteen_characters);
	tcase_add_test(tc, format_puts_the_number_in_place);
	tcase_add_test(tc, one_allocator_per_pattern);
	tcase_add_test(tc, pattern_runs_out_of_numbers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ifname_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
