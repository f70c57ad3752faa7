// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPv4 address pools: ranges, allocation without duplicates, statics;
 * pool sets' granted IPv6 /64s.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addr/pool.h"
#include "addr/prefix_pool.h"
#include "ppp/ppp.h"
#include "aaa/users.h"

static uint32_t ip(const char *s)
{
	struct in_addr a;

	ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
	return ntohl(a.s_addr);
}

static char err[256];

static struct ppp_pool *make(const char *name, const char *spec)
{
	struct ppp_pool *p = pool_new(name);

	ck_assert_ptr_nonnull(p);
	ck_assert_msg(pool_add_range(p, spec, err, sizeof(err)) == 0, "%s", err);
	return p;
}

START_TEST(test_range_forms)
{
	struct ppp_pool *p = make("a", "10.0.0.10-10.0.0.19");

	ck_assert_uint_eq(pool_size(p), 10);
	ck_assert_int_eq(pool_add_range(p, "10.1.0.0/30", err, sizeof(err)), 0);
	ck_assert_uint_eq(pool_size(p), 12);	/* .1 and .2 */
	ck_assert(!pool_contains(p, ip("10.1.0.0")));
	ck_assert(!pool_contains(p, ip("10.1.0.3")));
	ck_assert_int_eq(pool_add_range(p, "10.2.0.0/31", err, sizeof(err)), 0);
	ck_assert_int_eq(pool_add_range(p, "10.3.0.7", err, sizeof(err)), 0);
	ck_assert_uint_eq(pool_size(p), 15);
	ck_assert(pool_contains(p, ip("10.3.0.7")));
	pool_free(p);
}
END_TEST

START_TEST(test_range_errors)
{
	struct ppp_pool *p = make("bad", "10.0.0.0/24");
	static const char *const bad[] = {
		"10.0.0.300", "10.0.1.0/33", "10.0.1.1/24", "10.0.1.9-10.0.1.2",
		"10.0.0.5", "10.0.0.250-10.0.1.5", "", "x-y", "10.0.0.0/", "1.0.0.0/4",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		ck_assert_msg(pool_add_range(p, bad[i], err, sizeof(err)) < 0,
			      "\"%s\" accepted", bad[i]);
		ck_assert_msg(strncmp(err, "pool bad: ", 10) == 0, "%s", err);
	}
	ck_assert_uint_eq(pool_size(p), 254);
	ck_assert_ptr_null(pool_new(""));
	pool_free(p);
}
END_TEST

START_TEST(test_alloc_unique_until_exhausted)
{
	struct ppp_pool *p = make("a", "10.0.0.0/24");
	uint8_t *seen = calloc(256, 1);
	uint32_t a;

	ck_assert_int_eq(pool_add_range(p, "10.0.5.1-10.0.5.10", err, sizeof(err)), 0);
	for (int i = 0; i < 264; i++) {
		ck_assert_int_eq(pool_alloc(p, &a), 0);
		ck_assert(pool_contains(p, a));
		uint32_t key = (a >> 8 & 0xff) == 5 ? (a & 0xff) : 0;

		if (key) {
			ck_assert(!(seen[key] & 2));
			seen[key] |= 2;
		} else {
			ck_assert(!(seen[a & 0xff] & 1));
			seen[a & 0xff] |= 1;
		}
	}
	ck_assert_uint_eq(pool_in_use(p), 264);
	ck_assert_int_eq(pool_alloc(p, &a), -ENOSPC);
	pool_release(p, ip("10.0.0.77"));
	pool_release(p, ip("10.0.0.77"));	/* double release: no effect */
	pool_release(p, ip("192.0.2.1"));	/* not ours: ignored */
	ck_assert_uint_eq(pool_in_use(p), 263);
	ck_assert_int_eq(pool_alloc(p, &a), 0);
	ck_assert_uint_eq(a, ip("10.0.0.77"));
	ck_assert_int_eq(pool_alloc(p, &a), -ENOSPC);
	free(seen);
	pool_free(p);
}
END_TEST

START_TEST(test_lowest_first)
{
	struct ppp_pool *p = make("a", "10.0.0.1-10.0.0.3");
	uint32_t a;

	ck_assert_int_eq(pool_alloc(p, &a), 0);
	ck_assert_uint_eq(a, ip("10.0.0.1"));
	ck_assert_int_eq(pool_alloc(p, &a), 0);
	ck_assert_uint_eq(a, ip("10.0.0.2"));
	pool_free(p);
}
END_TEST

START_TEST(test_static_reserved)
{
	struct ppp_pool *p = make("a", "10.0.0.1-10.0.0.3");
	uint32_t a, b;

	ck_assert_int_eq(pool_reserve(p, ip("10.0.0.2")), 0);
	ck_assert_int_eq(pool_reserve(p, ip("10.0.9.2")), -ENOENT);
	ck_assert_int_eq(pool_alloc(p, &a), 0);
	ck_assert_int_eq(pool_alloc(p, &b), 0);
	ck_assert_uint_ne(a, ip("10.0.0.2"));
	ck_assert_uint_ne(b, ip("10.0.0.2"));
	ck_assert_int_eq(pool_alloc(p, &a), -ENOSPC);
	ck_assert_int_eq(pool_claim_static(p, ip("10.0.0.2")), 0);
	ck_assert_int_eq(pool_claim_static(p, ip("10.0.0.2")), -EBUSY);
	ck_assert_int_eq(pool_claim_static(p, ip("10.0.0.1")), -EINVAL);
	ck_assert_uint_eq(pool_in_use(p), 3);
	pool_release(p, ip("10.0.0.2"));
	ck_assert_uint_eq(pool_in_use(p), 2);
	ck_assert_int_eq(pool_alloc(p, &a), -ENOSPC);	/* still reserved */
	ck_assert_int_eq(pool_claim_static(p, ip("10.0.0.2")), 0);
	/* An address already handed out cannot become static. */
	ck_assert_int_eq(pool_reserve(p, ip("10.0.0.1")), -EBUSY);
	pool_free(p);
}
END_TEST

START_TEST(test_pool_set)
{
	struct pool_set *s = pool_set_new();

	ck_assert_int_eq(pool_set_add(s, make("one", "10.0.0.0/24"), err, sizeof(err)), 0);
	struct ppp_pool *dup = make("one", "10.1.0.0/24");
	struct ppp_pool *over = make("two", "10.0.0.128/25");

	ck_assert_int_eq(pool_set_add(s, dup, err, sizeof(err)), -EEXIST);
	ck_assert_str_eq(err, "pool one: defined twice");
	ck_assert_int_eq(pool_set_add(s, over, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "pool two: overlaps pool one");
	pool_free(dup);
	pool_free(over);
	ck_assert_ptr_nonnull(pool_set_find(s, "one"));
	ck_assert_ptr_null(pool_set_find(s, "two"));

	/* Statics inside a pool are reserved there; outside, tracked. */
	ck_assert_int_eq(pool_set_reserve_static(s, ip("10.0.0.9")), 0);
	ck_assert_int_eq(pool_set_claim_static(s, ip("10.0.0.9")), 0);
	ck_assert_int_eq(pool_set_claim_static(s, ip("10.0.0.9")), -EBUSY);
	ck_assert_int_eq(pool_set_claim_static(s, ip("172.16.0.1")), 0);
	ck_assert_int_eq(pool_set_claim_static(s, ip("172.16.0.3")), 0);
	ck_assert_int_eq(pool_set_claim_static(s, ip("172.16.0.1")), -EBUSY);
	pool_set_release_static(s, ip("172.16.0.1"));
	ck_assert_int_eq(pool_set_claim_static(s, ip("172.16.0.1")), 0);
	pool_set_release_static(s, ip("10.0.0.9"));
	ck_assert_int_eq(pool_set_claim_static(s, ip("10.0.0.9")), 0);
	pool_set_free(s);
}
END_TEST

static void v6(const char *s, uint8_t out[16])
{
	ck_assert_int_eq(inet_pton(AF_INET6, s, out), 1);
}

/*
 * Framed-IPv6-Prefix: claimed in the set's prefix pool when inside it,
 * else among the set's outside /64s; one session at a time either way;
 * without a prefix pool every /64 is outside.
 */
START_TEST(test_pool_set_prefixes)
{
	struct pool_set *s = pool_set_new();
	struct prefix_pool *pp;
	uint8_t base[16], in[16], out1[16], out2[16], got[16];

	v6("2001:db8:77:1::", out1);
	v6("2001:db8:77:2::", out2);
	ck_assert_int_eq(pool_set_claim_prefix(s, out1), 0);
	ck_assert_int_eq(pool_set_claim_prefix(s, out1), -EBUSY);
	pool_set_release_prefix(s, out1);
	v6("2001:db8:100::", base);
	pp = prefix_pool_new(base, 63);
	ck_assert_ptr_nonnull(pp);
	pool_set_set_prefixes(s, pp);
	ck_assert_int_eq(pool_set_claim_prefix(s, out1), 0);
	ck_assert_int_eq(pool_set_claim_prefix(s, out2), 0);
	ck_assert_int_eq(pool_set_claim_prefix(s, out1), -EBUSY);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
	v6("2001:db8:100:1::", in);
	ck_assert_int_eq(pool_set_claim_prefix(s, in), 0);
	ck_assert_int_eq(pool_set_claim_prefix(s, in), -EBUSY);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	ck_assert_int_eq(prefix_pool_alloc(pp, got), 0);
	ck_assert_mem_eq(got, base, 16);
	ck_assert_int_eq(pool_set_claim_prefix(s, base), -EBUSY);
	ck_assert_int_eq(prefix_pool_alloc(pp, got), -ENOSPC);
	pool_set_release_prefix(s, in);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	pool_set_release_prefix(s, out1);
	ck_assert_int_eq(pool_set_claim_prefix(s, out1), 0);
	ck_assert_int_eq(pool_set_claim_prefix(s, out2), -EBUSY);
	ck_assert_int_eq(pool_set_claim_prefix(s, in), 0);
	pool_set_free(s);
}
END_TEST

static void plan(const char *users_text, const char *default_pool,
		 int want, const char *want_err)
{
	struct users_db *db;
	struct pool_set *s = pool_set_new();
	uint32_t a;

	ck_assert_int_eq(users_parse(users_text, strlen(users_text), "users",
				     &db, err, sizeof(err)), 0);
	ck_assert_int_eq(pool_set_add(s, make("main", "10.0.0.1-10.0.0.2"), err,
				      sizeof(err)), 0);
	err[0] = 0;
	ck_assert_int_eq(ppp_address_plan_check(db, "users", s, default_pool,
						err, sizeof(err)), want);
	ck_assert_str_eq(err, want_err);
	if (want == 0) {
		/* The static 10.0.0.2 is reserved: only .1 is dynamic. */
		ck_assert_int_eq(pool_alloc(pool_set_find(s, "main"), &a), 0);
		ck_assert_uint_eq(a, ip("10.0.0.1"));
		ck_assert_int_eq(pool_alloc(pool_set_find(s, "main"), &a), -ENOSPC);
	}
	users_free(db);
	pool_set_free(s);
}

START_TEST(test_address_plan)
{
	plan("a x address 10.0.0.2\nb y pool main\nc z\n", "main", 0, "");
	plan("a x\n", "nope", -ENOENT, "default pool \"nope\" is not defined");
	plan("a x pool other\n", "main", -ENOENT,
	     "users:1: user \"a\": pool \"other\" is not defined");
	plan("a x\n", NULL, -ENOENT,
	     "users:1: user \"a\" has neither address nor pool, and no default pool is set");
	plan("a x address 10.5.0.1\n\nb y address 10.5.0.1\n", NULL, -EEXIST,
	     "users:3: user \"b\": address 10.5.0.1 is already given to user \"a\" (line 1)");
}
END_TEST

static Suite *pool_suite(void)
{
	Suite *s = suite_create("ppp_pool");
	TCase *tc = tcase_create("pool");

	tcase_add_test(tc, test_range_forms);
	tcase_add_test(tc, test_range_errors);
	tcase_add_test(tc, test_alloc_unique_until_exhausted);
	tcase_add_test(tc, test_lowest_first);
	tcase_add_test(tc, test_static_reserved);
	tcase_add_test(tc, test_pool_set);
	tcase_add_test(tc, test_pool_set_prefixes);
	tcase_add_test(tc, test_address_plan);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pool_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
