// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Checks across [lns] sections, and the line every error names: pools
 * of two sections must not share an address (IPv4 ranges, IPv6 prefix
 * pools), no local_ip may lie in any section's pool, and each refusal
 * names the offending key's own line, not its section's header.  A
 * gateway with several sections that keep apart still loads.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_check.h"
#include "gateway.h"
#include "log.h"

static char err[512];

/* Lines 1-5 and 7-11; each key's line is what a refusal must name. */
#define LNS_A(pool, local) \
	"[lns a]\n" \
	"auth = none\n" \
	"local_ip = " local "\n" \
	"pool = " pool "\n" \
	"ipv6 = yes\n\n"
#define LNS_B(pool, local) \
	"[lns b]\n" \
	"auth = none\n" \
	"peers = 192.0.2.0/24\n" \
	"pool = " pool "\n" \
	"local_ip = " local "\n"

static int settings(const char *text, struct gateway_settings **s)
{
	struct config *c = config_parse_ok(text);

	err[0] = '\0';
	return gateway_settings_new(c, "t.conf", s, err, sizeof(err));
}

static void settings_fail(const char *text, const char *expect)
{
	struct gateway_settings *s = NULL;

	ck_assert_int_eq(settings(text, &s), -1);
	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(err, expect), "error \"%s\" lacks \"%s\"", err,
		      expect);
}

START_TEST(sections_apart_load)
{
	struct gateway_settings *s;

	ck_assert_msg(settings(LNS_A("10.0.0.10-10.0.0.20", "10.0.0.1")
			       LNS_B("10.0.1.0/24", "10.0.0.1"), &s) == 0,
		      "%s", err);
	ck_assert_uint_eq(s->cfg->n_lns, 2);
	gateway_settings_put(s);
	/* Adjacent ranges share no address. */
	ck_assert_msg(settings(LNS_A("10.0.0.10-10.0.0.20", "10.0.0.1")
			       LNS_B("10.0.0.21-10.0.0.30", "10.0.0.2"),
			       &s) == 0, "%s", err);
	gateway_settings_put(s);
}
END_TEST

START_TEST(ipv4_pools_overlap)
{
	settings_fail(LNS_A("10.0.0.10-10.0.0.20", "10.0.0.1")
		      LNS_B("10.0.0.16/28", "10.1.0.1"),
		      "t.conf:10: [lns b]: pool overlaps that of [lns a] "
		      "(line 4): an address would reach two clients");
	/* One address in common, in the second range of a list. */
	settings_fail(LNS_A("10.0.0.10-10.0.0.20", "10.0.0.1")
		      LNS_B("10.2.0.0/24, 10.0.0.20", "10.1.0.1"),
		      "t.conf:10: [lns b]: pool overlaps that of [lns a]");
}
END_TEST

START_TEST(local_ip_in_a_pool)
{
	/* Its own pool: the local_ip line, not the header's. */
	settings_fail(LNS_A("10.0.0.0/24", "10.0.0.7"),
		      "t.conf:3: [lns a]: local_ip lies inside the pool");
	/* Another section's pool, after it ... */
	settings_fail(LNS_A("10.0.0.10-10.0.0.20", "10.0.0.1")
		      LNS_B("10.1.0.0/24", "10.0.0.15"),
		      "t.conf:11: [lns b]: local_ip 10.0.0.15 lies inside the "
		      "pool of [lns a] (line 4)");
	/* ... or before it. */
	settings_fail(LNS_A("10.0.0.10-10.0.0.20", "10.1.0.9")
		      LNS_B("10.1.0.0/24", "10.0.0.1"),
		      "t.conf:3: [lns a]: local_ip 10.1.0.9 lies inside the "
		      "pool of [lns b] (line 10)");
}
END_TEST

START_TEST(ipv6_prefix_pools_overlap)
{
	settings_fail(LNS_A("10.0.0.10-10.0.0.20", "10.0.0.1")
		      "ipv6_prefix_pool = 2001:db8:100::/56\n\n"
		      "[lns b]\nauth = none\npool = 10.0.1.0/24\n"
		      "local_ip = 10.0.0.1\nipv6 = yes\n"
		      "ipv6_prefix_pool = 2001:db8:100:f0::/60\n",
		      "t.conf:14: [lns b]: ipv6_prefix_pool overlaps that of "
		      "[lns a] (line 7): a prefix would reach two clients");
}
END_TEST

/* Errors found once a section or the file is read name the key's line. */
START_TEST(key_lines_not_headers)
{
	config_parse_fails("[global]\nport = 1701\nretransmit_max = 1s\n"
			   "retransmit_initial = 2s\n",
			   "t.conf:3: [global]: retransmit_max (1000ms) below");
	config_parse_fails("[lns a]\nlocal_ip = 10.0.0.1\nhide_avps = yes\n",
			   "t.conf:3: [lns a]: hide_avps needs a secret");
	config_parse_fails("[lac a]\npeer = 192.0.2.1\nhide_avps = yes\n",
			   "t.conf:3: [lac a]: hide_avps needs a secret");
	config_parse_fails("[ipsec]\npsk = x\ncert = /etc/hostname\n",
			   "t.conf:3: [ipsec]: psk and cert/key are exclusive");
	config_parse_fails("[ipsec]\nlocal_id = gw\nkey = /etc/hostname\n",
			   "t.conf:3: [ipsec]: key without cert");
	config_parse_fails("[ipsec]\npsk = x\nlocal_id = gw\n"
			   "ca = /etc/hostname\n",
			   "t.conf:4: [ipsec]: ca is for cert authentication");
	config_parse_fails("[ipsec]\ncert = /etc/hostname\n"
			   "key = /nonexistent/k.pem\n",
			   "t.conf:3: [ipsec]: key /nonexistent/k.pem: No such");
	/* A key that is missing: the header is all there is to name. */
	config_parse_fails("\n[lac a]\nsecret = s\n",
			   "t.conf:2: [lac a]: no peer address");
	settings_fail("[lac a]\npeer = 192.0.2.1\nipsec = yes\nauth = pap\n",
		      "t.conf:4: [lac a]: auth needs a user");
}
END_TEST

static Suite *config_sections_suite(void)
{
	Suite *s = suite_create("config_sections");
	TCase *tc = tcase_create("config_sections");

	tcase_add_test(tc, sections_apart_load);
	tcase_add_test(tc, ipv4_pools_overlap);
	tcase_add_test(tc, local_ip_in_a_pool);
	tcase_add_test(tc, ipv6_prefix_pools_overlap);
	tcase_add_test(tc, key_lines_not_headers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	log_init(LOG_EMERG, false, "test_config_sections");
	sr = srunner_create(config_sections_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
