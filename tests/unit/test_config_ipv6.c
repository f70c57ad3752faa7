// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The [lns] IPv6 addressing keys: ipv6_prefix_pool, ipv6_dns,
 * ipv6_ra_interval, ipv6_router_lifetime.  Defaults, values, and every
 * refusal naming file, line and what is wrong; pools of two sections
 * must not overlap.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_check.h"
#include "gateway.h"
#include "log.h"
#include "addr/pool.h"
#include "addr/prefix_pool.h"

static char err[512];

#define LNS "[lns a]\nlocal_ip = 10.0.0.1\npool = 10.0.0.10-10.0.0.20\n" \
	    "auth = none\n"

START_TEST(defaults_without_pool)
{
	struct config *c = config_parse_ok(LNS "ipv6 = yes\n");

	ck_assert_uint_eq(c->lns[0].ipv6_prefix_pool.len, 0);
	ck_assert_uint_eq(c->lns[0].ra.interval_ms, RA_DEFAULT_INTERVAL_MS);
	ck_assert_uint_eq(c->lns[0].ra.router_lifetime_ms,
			  RA_DEFAULT_LIFETIME_MS);
	ck_assert_uint_eq(c->lns[0].ra.n_dns, 0);
	config_free(c);
}
END_TEST

START_TEST(all_keys)
{
	struct config *c = config_parse_ok(LNS "ipv6 = yes\n"
				    "ipv6_prefix_pool = 2001:db8:100::/56\n"
				    "ipv6_dns = 2001:db8::53, 2001:db8::54 fd00::1\n"
				    "ipv6_ra_interval = 30s\n"
				    "ipv6_router_lifetime = 0\n");
	const struct config_lns *l = &c->lns[0];
	uint8_t want[16];

	inet_pton(AF_INET6, "2001:db8:100::", want);
	ck_assert_uint_eq(l->ipv6_prefix_pool.len, 56);
	ck_assert_mem_eq(l->ipv6_prefix_pool.addr, want, 16);
	ck_assert_uint_eq(l->ra.n_dns, 3);
	inet_pton(AF_INET6, "fd00::1", want);
	ck_assert_mem_eq(l->ra.dns[2], want, 16);
	ck_assert_uint_eq(l->ra.interval_ms, 30000);
	ck_assert_uint_eq(l->ra.router_lifetime_ms, 0);
	config_free(c);
}
END_TEST

START_TEST(refusals_name_line_and_reason)
{
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/40\n",
		    "t.conf:6: ipv6_prefix_pool: prefix length \"40\" is not "
		    "in 48..64");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/72\n",
		    "t.conf:6: ipv6_prefix_pool: prefix length \"72\"");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::1/56\n",
		    "t.conf:6: ipv6_prefix_pool: 2001:db8:100::1/56 has bits "
		    "set past /56");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 10.1.0.0/56\n",
		    "t.conf:6: ipv6_prefix_pool: \"10.1.0.0\" is not an IPv6 "
		    "address");
	config_parse_fails(LNS "ipv6_prefix_pool = 2001:db8:100::/56\n",
		    "t.conf:5: [lns a]: ipv6_prefix_pool needs ipv6 = yes");
	config_parse_fails(LNS "ipv6 = yes\nipv6_dns = 2001:db8::53\n",
		    "t.conf:6: [lns a]: ipv6_dns without ipv6_prefix_pool");
	config_parse_fails(LNS "ipv6 = yes\nipv6_ra_interval = 10s\n",
		    "t.conf:6: [lns a]: ipv6_ra_interval without "
		    "ipv6_prefix_pool");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/56\n"
		    "ipv6_dns = fe80::1\n",
		    "t.conf:7: ipv6_dns: fe80::1 is not a unicast address");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/56\n"
		    "ipv6_dns = 2001:db8::1 2001:db8::2 2001:db8::3 "
		    "2001:db8::4\n",
		    "t.conf:7: ipv6_dns: more than 3 servers");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/56\n"
		    "ipv6_dns = 192.0.2.53\n",
		    "t.conf:7: ipv6_dns: \"192.0.2.53\" is not an IPv6 address");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/56\n"
		    "ipv6_ra_interval = 2s\n",
		    "t.conf:7: ipv6_ra_interval: 2s is out of range");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/56\n"
		    "ipv6_router_lifetime = 3h\n",
		    "t.conf:7: ipv6_router_lifetime");
	config_parse_fails(LNS "ipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/56\n"
		    "ipv6_ra_interval = 600s\nipv6_router_lifetime = 300s\n",
		    "t.conf:8: [lns a]: ipv6_router_lifetime 300000ms is "
		    "shorter than ipv6_ra_interval 600000ms");
}
END_TEST

static int settings(const char *text, struct gateway_settings **s)
{
	struct config *c = config_parse_ok(text);

	return gateway_settings_new(c, "t.conf", s, err, sizeof(err));
}

START_TEST(settings_load_the_pool)
{
	struct gateway_settings *s;
	struct prefix_pool *pp;

	ck_assert_msg(settings(LNS "ipv6 = yes\nipv6_prefix_pool = "
			       "2001:db8:100::/60\n", &s) == 0, "%s", err);
	pp = pool_set_prefixes(s->pools[0]);
	ck_assert_ptr_nonnull(pp);
	ck_assert_str_eq(prefix_pool_name(pp), "2001:db8:100::/60");
	ck_assert_uint_eq(prefix_pool_size(pp), 16);
	gateway_settings_put(s);
}
END_TEST

START_TEST(sections_must_not_share_prefixes)
{
	struct gateway_settings *s;
	const char *text =
		"[lns a]\nlocal_ip = 10.0.0.1\npool = 10.0.0.10-10.0.0.20\n"
		"auth = none\nipv6 = yes\nipv6_prefix_pool = 2001:db8:100::/56\n"
		"peers = 192.0.2.0/24\n\n"
		"[lns b]\nlocal_ip = 10.1.0.1\npool = 10.1.0.10-10.1.0.20\n"
		"auth = none\nipv6 = yes\nipv6_prefix_pool = 2001:db8:100:80::/60\n";

	ck_assert_int_eq(settings(text, &s), -1);
	ck_assert_msg(strstr(err, "t.conf:14: [lns b]: ipv6_prefix_pool "
			     "overlaps that of [lns a] (line 6)"), "%s", err);
}
END_TEST

static Suite *config_ipv6_suite(void)
{
	Suite *s = suite_create("config_ipv6");
	TCase *tc = tcase_create("config_ipv6");

	tcase_add_test(tc, defaults_without_pool);
	tcase_add_test(tc, all_keys);
	tcase_add_test(tc, refusals_name_line_and_reason);
	tcase_add_test(tc, settings_load_the_pool);
	tcase_add_test(tc, sections_must_not_share_prefixes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	log_init(LOG_EMERG, false, "test_config_ipv6");
	sr = srunner_create(config_ipv6_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
