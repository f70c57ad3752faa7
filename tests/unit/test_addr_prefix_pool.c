// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPv6 prefix pools: what a spec may be, /64s without duplicates until
 * exhaustion, FIFO reuse, releases of what was never given ignored,
 * claimed /64s (Framed-IPv6-Prefix) and what SLAAC can use.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addr/prefix_pool.h"

static char err[256];

static struct prefix_pool *make(const char *spec)
{
	uint8_t a[16];
	unsigned len;

	ck_assert_msg(prefix_pool_parse(spec, a, &len, err, sizeof(err)) == 0,
		      "%s", err);
	return prefix_pool_new(a, len);
}

static void addr(const char *s, uint8_t out[16])
{
	ck_assert_int_eq(inet_pton(AF_INET6, s, out), 1);
}

START_TEST(parse_accepts)
{
	uint8_t a[16], want[16];
	unsigned len;

	ck_assert_int_eq(prefix_pool_parse("2001:db8:100::/56", a, &len, err,
					   sizeof(err)), 0);
	addr("2001:db8:100::", want);
	ck_assert_mem_eq(a, want, 16);
	ck_assert_uint_eq(len, 56);
	ck_assert_int_eq(prefix_pool_parse("fd00:1:2::/48", a, &len, err,
					   sizeof(err)), 0);
	ck_assert_uint_eq(len, 48);
	ck_assert_int_eq(prefix_pool_parse("2001:db8:1:2::/64", a, &len, err,
					   sizeof(err)), 0);
	ck_assert_uint_eq(len, 64);
}
END_TEST

START_TEST(parse_refuses)
{
	static const struct { const char *spec, *why; } bad[] = {
		{ "2001:db8:100::", "no prefix length" },
		{ "2001:db8:100::/47", "not in 48..64" },
		{ "2001:db8:100::/65", "not in 48..64" },
		{ "2001:db8:100::/", "not in 48..64" },
		{ "2001:db8:100::/5x", "not in 48..64" },
		{ "2001:db8:100::/-56", "not in 48..64" },
		{ "2001:db8:101:1::/48", "bits set past /48" },
		{ "2001:db8:100::1/56", "bits set past /56" },
		{ "10.0.0.0/56", "not an IPv6 address" },
		{ "fe80::/64", "link-local" },
		{ "ff05::/56", "multicast" },
		{ "2001:db8:100:0:0:0:0:0:0/56", "not an IPv6 address" },
	};
	uint8_t a[16];
	unsigned len;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		ck_assert_msg(prefix_pool_parse(bad[i].spec, a, &len, err,
						sizeof(err)) < 0,
			      "\"%s\" accepted", bad[i].spec);
		ck_assert_msg(strstr(err, bad[i].why), "\"%s\": \"%s\" lacks "
			      "\"%s\"", bad[i].spec, err, bad[i].why);
	}
}
END_TEST

START_TEST(alloc_unique_until_exhausted)
{
	struct prefix_pool *p = make("2001:db8:100::/56");
	uint8_t got[256][16], more[16], base[16];

	ck_assert_str_eq(prefix_pool_name(p), "2001:db8:100::/56");
	ck_assert_uint_eq(prefix_pool_size(p), 256);
	addr("2001:db8:100::", base);
	for (int i = 0; i < 256; i++) {
		ck_assert_int_eq(prefix_pool_alloc(p, got[i]), 0);
		/* Inside the /56, low 64 bits zero, never seen before. */
		ck_assert_mem_eq(got[i], base, 7);
		ck_assert_mem_eq(got[i] + 8, base + 8, 8);
		for (int j = 0; j < i; j++)
			ck_assert_msg(memcmp(got[i], got[j], 16), "duplicate");
		ck_assert(prefix_pool_in_use_by(p, got[i]));
	}
	ck_assert_uint_eq(prefix_pool_in_use(p), 256);
	ck_assert_int_eq(prefix_pool_alloc(p, more), -ENOSPC);
	prefix_pool_release(p, got[17]);
	ck_assert_int_eq(prefix_pool_alloc(p, more), 0);
	ck_assert_mem_eq(more, got[17], 16);
	prefix_pool_free(p);
}
END_TEST

START_TEST(first_is_subnet_zero_and_fifo_reuse)
{
	struct prefix_pool *p = make("2001:db8:100::/62");
	uint8_t a[16], b[16], c[16], want[16];

	ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
	addr("2001:db8:100::", want);
	ck_assert_mem_eq(a, want, 16);
	ck_assert_int_eq(prefix_pool_alloc(p, b), 0);
	addr("2001:db8:100:1::", want);
	ck_assert_mem_eq(b, want, 16);
	/* The /64 a client just left is handed out last. */
	prefix_pool_release(p, a);
	ck_assert_int_eq(prefix_pool_alloc(p, c), 0);
	addr("2001:db8:100:2::", want);
	ck_assert_mem_eq(c, want, 16);
	ck_assert_int_eq(prefix_pool_alloc(p, c), 0);
	addr("2001:db8:100:3::", want);
	ck_assert_mem_eq(c, want, 16);
	ck_assert_int_eq(prefix_pool_alloc(p, c), 0);
	ck_assert_mem_eq(c, a, 16);
	prefix_pool_free(p);
}
END_TEST

START_TEST(single_64_is_given_again_after_release)
{
	struct prefix_pool *p = make("2001:db8:7:8::/64");
	uint8_t a[16], b[16];

	ck_assert_uint_eq(prefix_pool_size(p), 1);
	ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
	ck_assert_int_eq(prefix_pool_alloc(p, b), -ENOSPC);
	prefix_pool_release(p, a);
	ck_assert_uint_eq(prefix_pool_in_use(p), 0);
	ck_assert_int_eq(prefix_pool_alloc(p, b), 0);
	ck_assert_mem_eq(a, b, 16);
	prefix_pool_free(p);
}
END_TEST

START_TEST(foreign_and_double_release_ignored)
{
	struct prefix_pool *p = make("2001:db8:100::/56");
	uint8_t a[16], other[16];

	ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
	addr("2001:db8:200::", other);
	prefix_pool_release(p, other);
	addr("2001:db8:100:5::", other);	/* inside, never given */
	prefix_pool_release(p, other);
	ck_assert_uint_eq(prefix_pool_in_use(p), 1);
	prefix_pool_release(p, a);
	prefix_pool_release(p, a);
	ck_assert_uint_eq(prefix_pool_in_use(p), 0);
	/* A double release must not have queued a twice. */
	for (int i = 0; i < 256; i++)
		ck_assert_int_eq(prefix_pool_alloc(p, other), 0);
	ck_assert_int_eq(prefix_pool_alloc(p, other), -ENOSPC);
	prefix_pool_free(p);
}
END_TEST

/* A reload reserves in the new pool what live sessions hold. */
START_TEST(reserved_never_allocated)
{
	struct prefix_pool *p = make("2001:db8:100::/62");
	uint8_t a[16], r1[16], r2[16], other[16];

	addr("2001:db8:100:1::", r1);
	addr("2001:db8:100:3::", r2);
	ck_assert_int_eq(prefix_pool_reserve(p, r1), 0);
	ck_assert_int_eq(prefix_pool_reserve(p, r1), 0);
	ck_assert_int_eq(prefix_pool_reserve(p, r2), 0);
	addr("2001:db8:200::", other);
	ck_assert_int_eq(prefix_pool_reserve(p, other), -ENOENT);
	ck_assert_uint_eq(prefix_pool_in_use(p), 2);
	ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
	addr("2001:db8:100::", other);
	ck_assert_mem_eq(a, other, 16);
	ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
	addr("2001:db8:100:2::", other);
	ck_assert_mem_eq(a, other, 16);
	ck_assert_int_eq(prefix_pool_alloc(p, a), -ENOSPC);
	/* Releasing a reserved /64 does not make it allocatable. */
	prefix_pool_release(p, r1);
	ck_assert_int_eq(prefix_pool_alloc(p, a), -ENOSPC);
	/* Reserved while allocated: gone for good once released. */
	prefix_pool_reserve(p, a);
	prefix_pool_release(p, a);
	ck_assert_int_eq(prefix_pool_alloc(p, other), -ENOSPC);
	ck_assert_uint_eq(prefix_pool_in_use(p), 4);
	prefix_pool_free(p);
}
END_TEST

/* Framed-IPv6-Prefix inside a pool: claimed, never allocated meanwhile. */
START_TEST(claimed_never_allocated)
{
	struct prefix_pool *p = make("2001:db8:100::/62");
	uint8_t a[16], c[16], other[16], seen[4][16];

	addr("2001:db8:100:2::", c);
	ck_assert_int_eq(prefix_pool_claim(p, c), 0);
	ck_assert_int_eq(prefix_pool_claim(p, c), -EBUSY);
	ck_assert(prefix_pool_in_use_by(p, c));
	ck_assert_uint_eq(prefix_pool_in_use(p), 1);
	addr("2001:db8:200::", other);
	ck_assert_int_eq(prefix_pool_claim(p, other), -ENOENT);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
		ck_assert_mem_ne(a, c, 16);
	}
	ck_assert_int_eq(prefix_pool_alloc(p, a), -ENOSPC);
	/* Allocated or reserved: not claimable. */
	ck_assert_int_eq(prefix_pool_claim(p, a), -EBUSY);
	prefix_pool_release(p, c);
	ck_assert_uint_eq(prefix_pool_in_use(p), 3);
	ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
	ck_assert_mem_eq(a, c, 16);
	prefix_pool_free(p);

	/* Released before allocation reached it: in the ring once only. */
	p = make("2001:db8:100::/62");
	addr("2001:db8:100:1::", c);
	ck_assert_int_eq(prefix_pool_reserve(p, c), 0);
	ck_assert_int_eq(prefix_pool_claim(p, c), -EBUSY);
	prefix_pool_free(p);
	p = make("2001:db8:100::/62");
	ck_assert_int_eq(prefix_pool_claim(p, c), 0);
	prefix_pool_release(p, c);
	ck_assert_int_eq(prefix_pool_claim(p, c), 0);
	prefix_pool_release(p, c);
	ck_assert_uint_eq(prefix_pool_in_use(p), 0);
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(prefix_pool_alloc(p, seen[i]), 0);
		for (int j = 0; j < i; j++)
			ck_assert_mem_ne(seen[i], seen[j], 16);
	}
	ck_assert_int_eq(prefix_pool_alloc(p, a), -ENOSPC);
	prefix_pool_free(p);
}
END_TEST

START_TEST(slaac_prefix_check)
{
	static const struct { const char *a; unsigned len; const char *why; }
	cases[] = {
		{ "2001:db8:1:2::", 64, NULL },
		{ "fd00:1:2:3::", 64, NULL },
		{ "2001:db8:1::", 48, "2001:db8:1::/48 is not a /64" },
		{ "2001:db8:1:2::", 65, "is not a /64" },
		{ "2001:db8:1:2::1", 64, "2001:db8:1:2::1/64 has bits set" },
		{ "fe80::", 64, "link-local" },
		{ "ff02::", 64, "multicast" },
		{ "::", 64, "::/64 is" },
		{ "::ffff:0:0", 64, "has bits set past" },
	};
	uint8_t a[16];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		addr(cases[i].a, a);
		err[0] = 0;
		if (!cases[i].why) {
			ck_assert_msg(prefix_check_slaac(a, cases[i].len, err,
							 sizeof(err)) == 0,
				      "%s: %s", cases[i].a, err);
			continue;
		}
		ck_assert_msg(prefix_check_slaac(a, cases[i].len, err,
						 sizeof(err)) < 0,
			      "%s/%u accepted", cases[i].a, cases[i].len);
		ck_assert_msg(strstr(err, cases[i].why), "\"%s\" lacks \"%s\"",
			      err, cases[i].why);
	}
}
END_TEST

START_TEST(largest_pool)
{
	struct prefix_pool *p = make("2001:db8::/48");
	uint8_t a[16], want[16];
	int i;

	ck_assert_uint_eq(prefix_pool_size(p), 65536);
	for (i = 0; i < 65536; i++)
		ck_assert_int_eq(prefix_pool_alloc(p, a), 0);
	addr("2001:db8:0:ffff::", want);
	ck_assert_mem_eq(a, want, 16);
	ck_assert_int_eq(prefix_pool_alloc(p, a), -ENOSPC);
	prefix_pool_free(p);
}
END_TEST

static Suite *prefix_pool_suite(void)
{
	Suite *s = suite_create("ppp_prefix_pool");
	TCase *tc = tcase_create("prefix_pool");

	tcase_add_test(tc, parse_accepts);
	tcase_add_test(tc, parse_refuses);
	tcase_add_test(tc, alloc_unique_until_exhausted);
	tcase_add_test(tc, first_is_subnet_zero_and_fifo_reuse);
	tcase_add_test(tc, single_64_is_given_again_after_release);
	tcase_add_test(tc, foreign_and_double_release_ignored);
	tcase_add_test(tc, reserved_never_allocated);
	tcase_add_test(tc, claimed_never_allocated);
	tcase_add_test(tc, slaac_prefix_check);
	tcase_add_test(tc, largest_pool);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(prefix_pool_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
