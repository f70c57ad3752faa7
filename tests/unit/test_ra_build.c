// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Router Advertisement bytes against a layout worked out by hand from
 * RFC 4861 4.2/4.6.2/4.6.4 and RFC 8106 5.1, and Router Solicitation
 * validity (RFC 4861 6.1.1) one rule at a time.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <string.h>

#include "ra/ra_build.h"

static struct ra_message sample(void)
{
	struct ra_message m = {
		.cur_hop_limit = 64,
		.router_lifetime_s = 1800,
		.has_prefix = true,
		.prefix_len = 64,
		.valid_lifetime_s = 86400,
		.preferred_lifetime_s = 14400,
		.mtu = 1400,
		.n_dns = 1,
		.dns_lifetime_s = 600,
	};

	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8:100:5::", m.prefix), 1);
	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8::53", m.dns[0]), 1);
	return m;
}

START_TEST(full_advertisement)
{
	static const uint8_t want[] = {
		/* type 134, code 0, checksum (kernel), hop limit 64, M=O=0,
		 * router lifetime 1800 s, reachable 0, retrans 0 */
		0x86, 0x00, 0x00, 0x00, 0x40, 0x00, 0x07, 0x08,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		/* prefix information: 4 x 8 bytes, /64, L and A,
		 * valid 86400 s, preferred 14400 s, reserved */
		0x03, 0x04, 0x40, 0xc0, 0x00, 0x01, 0x51, 0x80,
		0x00, 0x00, 0x38, 0x40, 0x00, 0x00, 0x00, 0x00,
		0x20, 0x01, 0x0d, 0xb8, 0x01, 0x00, 0x00, 0x05,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		/* MTU 1400 */
		0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0x78,
		/* RDNSS: 3 x 8 bytes, lifetime 600 s, 2001:db8::53 */
		0x19, 0x03, 0x00, 0x00, 0x00, 0x00, 0x02, 0x58,
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x53,
	};
	struct ra_message m = sample();
	uint8_t buf[RA_MAX_SIZE];

	memset(buf, 0xee, sizeof(buf));
	ck_assert_int_eq(ra_build(&m, buf, sizeof(buf)), (int)sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
}
END_TEST

START_TEST(minimal_and_three_dns)
{
	static const uint8_t want_min[] = {
		0x86, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct ra_message none = { 0 }, m = sample();
	uint8_t buf[RA_MAX_SIZE];

	ck_assert_int_eq(ra_build(&none, buf, sizeof(buf)), 16);
	ck_assert_mem_eq(buf, want_min, 16);
	m.n_dns = 3;
	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8::54", m.dns[1]), 1);
	ck_assert_int_eq(inet_pton(AF_INET6, "fd00::1", m.dns[2]), 1);
	ck_assert_int_eq(ra_build(&m, buf, sizeof(buf)), RA_MAX_SIZE);
	ck_assert_uint_eq(buf[56], 25);
	ck_assert_uint_eq(buf[57], 7);		/* 1 + 2 x 3 */
	ck_assert_uint_eq(buf[RA_MAX_SIZE - 1], 0x01);
}
END_TEST

START_TEST(refusals)
{
	struct ra_message m = sample();
	uint8_t buf[RA_MAX_SIZE];

	ck_assert_int_eq(ra_build(&m, buf, 79), -EMSGSIZE);
	m.preferred_lifetime_s = m.valid_lifetime_s + 1;
	ck_assert_int_eq(ra_build(&m, buf, sizeof(buf)), -EINVAL);
	m = sample();
	m.n_dns = RA_MAX_DNS + 1;
	ck_assert_int_eq(ra_build(&m, buf, sizeof(buf)), -EINVAL);
}
END_TEST

/* RS header (type 133, code 0, checksum, reserved) + SLLA option. */
static const uint8_t rs_slla[] = {
	0x85, 0x00, 0x12, 0x34, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01,
};

START_TEST(rs_valid)
{
	struct rs_info info;

	ck_assert_int_eq(rs_parse(rs_slla, sizeof(rs_slla), 255, false, &info),
			 RS_OK);
	ck_assert(info.has_slla);
	/* pppd's kernel sends it bare, often from :: before DAD. */
	ck_assert_int_eq(rs_parse(rs_slla, 8, 255, true, &info), RS_OK);
	ck_assert(!info.has_slla);
}
END_TEST

START_TEST(rs_invalid)
{
	uint8_t b[sizeof(rs_slla)];
	struct rs_info info;

	ck_assert_int_eq(rs_parse(rs_slla, 7, 255, false, &info),
			 RS_TRUNCATED);
	ck_assert_int_eq(rs_parse(rs_slla, sizeof(rs_slla), 254, false, &info),
			 RS_BAD_HOP_LIMIT);
	ck_assert_int_eq(rs_parse(rs_slla, sizeof(rs_slla), -1, false, &info),
			 RS_BAD_HOP_LIMIT);
	ck_assert_int_eq(rs_parse(rs_slla, sizeof(rs_slla), 255, true, &info),
			 RS_SLLA_UNSPEC);
	memcpy(b, rs_slla, sizeof(b));
	b[0] = 135;
	ck_assert_int_eq(rs_parse(b, sizeof(b), 255, false, &info),
			 RS_NOT_SOLICIT);
	b[0] = 133;
	b[1] = 1;
	ck_assert_int_eq(rs_parse(b, sizeof(b), 255, false, &info),
			 RS_BAD_CODE);
	b[1] = 0;
	b[9] = 0;		/* zero-length option: would loop forever */
	ck_assert_int_eq(rs_parse(b, sizeof(b), 255, false, &info),
			 RS_BAD_OPTION);
	b[9] = 2;		/* 16 bytes, only 8 there */
	ck_assert_int_eq(rs_parse(b, sizeof(b), 255, false, &info),
			 RS_BAD_OPTION);
	ck_assert_int_eq(rs_parse(b, 9, 255, false, &info), RS_BAD_OPTION);
	ck_assert_str_eq(rs_verdict_name(RS_BAD_HOP_LIMIT),
			 "hop limit not 255");
	ck_assert_str_eq(rs_verdict_name(RS_VERDICT_MAX), "unknown");
}
END_TEST

static Suite *ra_build_suite(void)
{
	Suite *s = suite_create("ra_build");
	TCase *tc = tcase_create("ra_build");

	tcase_add_test(tc, full_advertisement);
	tcase_add_test(tc, minimal_and_three_dns);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, rs_valid);
	tcase_add_test(tc, rs_invalid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ra_build_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
