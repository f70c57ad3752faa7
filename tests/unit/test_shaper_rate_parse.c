// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rate limit strings: Mikrotik-Rate-Limit (MikroTik's documented
 * examples) and accel-ppp's Filter-Id form, and the error each bad
 * input gets.
 */
#include <check.h>
#include <string.h>

#include "shaper/rate_parse.h"

static char err[256];

typedef int (*parse_fn)(const char *, size_t, struct aaa_rate *, char *,
			size_t);

static struct aaa_rate ok(parse_fn fn, const char *s)
{
	struct aaa_rate r;

	err[0] = 0;
	ck_assert_msg(fn(s, strlen(s), &r, err, sizeof(err)) == 0,
		      "\"%s\": %s", s, err);
	return r;
}

static void bad(parse_fn fn, const char *s, const char *want)
{
	struct aaa_rate r;

	memset(&r, 0xff, sizeof(r));
	ck_assert_msg(fn(s, strlen(s), &r, err, sizeof(err)) < 0,
		      "accepted \"%s\"", s);
	ck_assert_msg(strcmp(err, want) == 0, "\"%s\": got \"%s\", want \"%s\"",
		      s, err, want);
	ck_assert_uint_eq(r.rx_bps, 0);
	ck_assert_uint_eq(r.tx_bps, 0);
	ck_assert_uint_eq(r.rx_burst, 0);
	ck_assert_uint_eq(r.tx_burst, 0);
}

static void rate_is(struct aaa_rate r, uint64_t rx, uint64_t tx,
		    uint32_t rxb, uint32_t txb)
{
	ck_assert_uint_eq(r.rx_bps, rx);
	ck_assert_uint_eq(r.tx_bps, tx);
	ck_assert_uint_eq(r.rx_burst, rxb);
	ck_assert_uint_eq(r.tx_burst, txb);
}

/* MikroTik's own examples: rx is what the router receives (upload). */
START_TEST(test_mikrotik_rates)
{
	rate_is(ok(rate_parse_mikrotik, "128k"), 128000, 128000, 0, 0);
	rate_is(ok(rate_parse_mikrotik, "64k/128M"), 64000, 128000000, 0, 0);
	rate_is(ok(rate_parse_mikrotik, "2M/4M"), 2000000, 4000000, 0, 0);
	rate_is(ok(rate_parse_mikrotik, "1G/0"), 1000000000, 0, 0, 0);
	rate_is(ok(rate_parse_mikrotik, "128000/256000"), 128000, 256000,
		0, 0);
	rate_is(ok(rate_parse_mikrotik, "  1K/2k \t"), 1000, 2000, 0, 0);
	rate_is(ok(rate_parse_mikrotik, "0"), 0, 0, 0, 0);
}
END_TEST

/* Burst rate above the rate, for burst-time (1 s if absent): the bucket. */
START_TEST(test_mikrotik_burst)
{
	/* "64k 256k": bursts to 256k, threshold and time defaulted. */
	rate_is(ok(rate_parse_mikrotik, "64k 256k"), 64000, 64000,
		(256000 - 64000) / 8, (256000 - 64000) / 8);
	/* "64k/64k 256k/256k 128k/128k 10/10" (MikroTik's example). */
	rate_is(ok(rate_parse_mikrotik, "64k/64k 256k/256k 128k/128k 10/10"),
		64000, 64000, (256000 - 64000) / 8 * 10,
		(256000 - 64000) / 8 * 10);
	rate_is(ok(rate_parse_mikrotik, "1M/2M 2M/2M 0/0 4s/8s"),
		1000000, 2000000, 1000000 / 8 * 4, 0);
	/* Everything else accepted and ignored. */
	rate_is(ok(rate_parse_mikrotik,
		   "384k/1536k 0/0 0/0 0/0 8 96k/384k"),
		384000, 1536000, 0, 0);
	/* Unlimited direction: no bucket. */
	rate_is(ok(rate_parse_mikrotik, "0/1M 8M/8M"), 0, 1000000, 0,
		7000000 / 8);
	/* A bucket too big for 32 bits is the largest one. */
	rate_is(ok(rate_parse_mikrotik, "1k 100G 0 100000"), 1000, 1000,
		UINT32_MAX, UINT32_MAX);
}
END_TEST

START_TEST(test_mikrotik_errors)
{
	bad(rate_parse_mikrotik, "", "Mikrotik-Rate-Limit is empty");
	bad(rate_parse_mikrotik, " \t ", "Mikrotik-Rate-Limit is empty");
	bad(rate_parse_mikrotik, "1X/2M",
	    "Mikrotik-Rate-Limit \"1X/2M\": rx-rate/tx-rate \"1X\" is not "
	    "a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik, "1M/2Mb",
	    "Mikrotik-Rate-Limit \"1M/2Mb\": rx-rate/tx-rate \"2Mb\" is not "
	    "a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik, "1M/",
	    "Mikrotik-Rate-Limit \"1M/\": rx-rate/tx-rate \"\" is not "
	    "a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik, "/1M",
	    "Mikrotik-Rate-Limit \"/1M\": rx-rate/tx-rate \"\" is not "
	    "a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik, "1.5M",
	    "Mikrotik-Rate-Limit \"1.5M\": rx-rate/tx-rate \"1.5M\" is not "
	    "a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik, "-1M",
	    "Mikrotik-Rate-Limit \"-1M\": rx-rate/tx-rate \"-1M\" is not "
	    "a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik, "1M 2M/x",
	    "Mikrotik-Rate-Limit \"2M/x\": rx-burst-rate/tx-burst-rate \"x\" "
	    "is not a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik, "1M 2M 1M 5m",
	    "Mikrotik-Rate-Limit \"5m\": rx-burst-time/tx-burst-time \"5m\" "
	    "is not seconds, digits with an optional s");
	bad(rate_parse_mikrotik, "1M 0 0 0 9",
	    "Mikrotik-Rate-Limit \"9\": priority \"9\" is not a priority "
	    "from 1 to 8");
	bad(rate_parse_mikrotik, "1M 0 0 0 0",
	    "Mikrotik-Rate-Limit \"0\": priority \"0\" is not a priority "
	    "from 1 to 8");
	bad(rate_parse_mikrotik, "1M 0 0 0 1/2",
	    "Mikrotik-Rate-Limit \"1/2\": priority \"1/2\" is not a priority "
	    "from 1 to 8");
	bad(rate_parse_mikrotik, "1M 0 0 0 8 0 7",
	    "Mikrotik-Rate-Limit \"1M 0 0 0 8 0 7\": more than 6 fields");
	/* 2^64 and more. */
	bad(rate_parse_mikrotik, "18446744073709551616",
	    "Mikrotik-Rate-Limit \"18446744073709551616\": rx-rate/tx-rate "
	    "\"18446744073709551616\" is not a rate in bit/s, digits with an "
	    "optional k, M or G");
	bad(rate_parse_mikrotik, "18446744073709551G",
	    "Mikrotik-Rate-Limit \"18446744073709551G\": rx-rate/tx-rate "
	    "\"18446744073709551G\" is not a rate in bit/s, digits with an "
	    "optional k, M or G");
	/* Control bytes and long text are not copied into the log. */
	bad(rate_parse_mikrotik, "1M\x1b[2J",
	    "Mikrotik-Rate-Limit \"1M?[2J\": rx-rate/tx-rate \"1M?[2J\" is "
	    "not a rate in bit/s, digits with an optional k, M or G");
	bad(rate_parse_mikrotik,
	    "1234567890123456789012345678901234567890123",
	    "Mikrotik-Rate-Limit \"1234567890123456789012345678901234567890...\": "
	    "rx-rate/tx-rate \"1234567890123456789012345678901234567890...\" "
	    "is not a rate in bit/s, digits with an optional k, M or G");
}
END_TEST

/* A value not NUL-terminated: only len bytes are read. */
START_TEST(test_mikrotik_length)
{
	struct aaa_rate r;

	ck_assert_int_eq(rate_parse_mikrotik("1M/2Mjunk", 5, &r, err,
					     sizeof(err)), 0);
	rate_is(r, 1000000, 2000000, 0, 0);
}
END_TEST

/* accel-ppp's form: down/up in kbit/s; down is to the client. */
START_TEST(test_filter_id)
{
	rate_is(ok(rate_parse_filter_id, "1000"), 1000000, 1000000, 0, 0);
	rate_is(ok(rate_parse_filter_id, "2000/3000"), 3000000, 2000000,
		0, 0);
	rate_is(ok(rate_parse_filter_id, "4M/2M"), 2000000, 4000000, 0, 0);
	rate_is(ok(rate_parse_filter_id, "1G\\512K"), 512000, 1000000000,
		0, 0);
	rate_is(ok(rate_parse_filter_id, "100:200 "), 200000, 100000, 0, 0);
	rate_is(ok(rate_parse_filter_id, "0/1000"), 1000000, 0, 0, 0);
}
END_TEST

START_TEST(test_filter_id_errors)
{
	bad(rate_parse_filter_id, "", "Filter-Id rate is empty");
	bad(rate_parse_filter_id, "  ", "Filter-Id rate is empty");
	bad(rate_parse_filter_id, "gold",
	    "Filter-Id \"gold\": \"gold\" is not a rate in kbit/s (digits "
	    "with an optional K, M or G)");
	bad(rate_parse_filter_id, "1000/fast",
	    "Filter-Id \"1000/fast\": \"fast\" is not a rate in kbit/s "
	    "(digits with an optional K, M or G)");
	bad(rate_parse_filter_id, "1000/2000/3000",
	    "Filter-Id \"1000/2000/3000\": \"2000/3000\" is not a rate in "
	    "kbit/s (digits with an optional K, M or G)");
	bad(rate_parse_filter_id, "1,1000/2000",
	    "Filter-Id \"1,1000/2000\": time ranges (\"N,rate\") are not "
	    "supported");
	bad(rate_parse_filter_id, "18446744073709552",
	    "Filter-Id \"18446744073709552\": rate too large");
}
END_TEST

/* A RADIUS reply: Mikrotik-Rate-Limit first, then Filter-Id, or none. */
START_TEST(test_radius_precedence)
{
	struct aaa_rate r;

	ck_assert_int_eq(rate_parse_radius("2M/4M", "8000/16000", &r, err,
					   sizeof(err)), 1);
	rate_is(r, 2000000, 4000000, 0, 0);
	ck_assert_int_eq(rate_parse_radius("", "8000/16000", &r, err,
					   sizeof(err)), 1);
	rate_is(r, 16000000, 8000000, 0, 0);
	ck_assert_int_eq(rate_parse_radius(NULL, "1000", &r, err,
					   sizeof(err)), 1);
	rate_is(r, 1000000, 1000000, 0, 0);
	memset(&r, 0xff, sizeof(r));
	ck_assert_int_eq(rate_parse_radius(NULL, "", &r, err, sizeof(err)), 0);
	rate_is(r, 0, 0, 0, 0);
	ck_assert_int_eq(rate_parse_radius(NULL, NULL, &r, err, sizeof(err)),
			 0);
	/* The one that counts is bad: refused, even with a good other. */
	ck_assert_int_eq(rate_parse_radius("fast", "1000", &r, err,
					   sizeof(err)), -1);
	ck_assert_str_eq(err, "Mikrotik-Rate-Limit \"fast\": rx-rate/tx-rate "
			 "\"fast\" is not a rate in bit/s, digits with an "
			 "optional k, M or G");
	rate_is(r, 0, 0, 0, 0);
	ck_assert_int_eq(rate_parse_radius(NULL, "gold", &r, err, sizeof(err)),
			 -1);
	ck_assert_str_eq(err, "Filter-Id \"gold\": \"gold\" is not a rate in "
			 "kbit/s (digits with an optional K, M or G)");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("shaper_rate_parse");
	TCase *tc = tcase_create("rate_parse");

	tcase_add_test(tc, test_mikrotik_rates);
	tcase_add_test(tc, test_mikrotik_burst);
	tcase_add_test(tc, test_mikrotik_errors);
	tcase_add_test(tc, test_mikrotik_length);
	tcase_add_test(tc, test_filter_id);
	tcase_add_test(tc, test_filter_id_errors);
	tcase_add_test(tc, test_radius_precedence);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
