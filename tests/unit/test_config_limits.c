// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd.conf keys that bound what sessions may cost: max_negotiating
 * ([global]) and the session device name pattern (ifname, [lns]).
 */
#include <check.h>
#include <string.h>

#include "config.h"
#include "config_check.h"

START_TEST(max_negotiating_default_zero_and_value)
{
	struct config *c = config_parse_ok("");

	ck_assert_uint_eq(c->global.max_negotiating, 1000);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 0\n");
	ck_assert_uint_eq(c->global.max_negotiating, 0);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 250\n");
	ck_assert_uint_eq(c->global.max_negotiating, 250);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 1000000\n");
	ck_assert_uint_eq(c->global.max_negotiating, 1000000);
	config_free(c);
}
END_TEST

START_TEST(max_negotiating_errors_name_file_and_line)
{
	config_parse_fails("[global]\nmax_negotiating = many\n",
			   "t.conf:2: max_negotiating: \"many\" is not a number");
	config_parse_fails("[global]\n\nmax_negotiating = -1\n",
			   "t.conf:3: max_negotiating: \"-1\" is not a number");
	config_parse_fails("[global]\nmax_negotiating = 10.5\n",
			   "t.conf:2: max_negotiating: \"10.5\" is not a number");
	config_parse_fails("[global]\nmax_negotiating = 1000001\n",
			   "t.conf:2: max_negotiating: 1000001 is out of range "
			   "0..1000000");
	config_parse_fails("[global]\nmax_negotiating =\n",
			   "t.conf:2: max_negotiating: no value");
	config_parse_fails("[global]\nmax_negotiating = 5\nmax_negotiating = 6\n",
			   "t.conf:3: max_negotiating: set twice");
	config_parse_fails("[lns a]\nmax_negotiating = 5\n",
			   "t.conf:2: unknown key \"max_negotiating\" in [lns]");
}
END_TEST

START_TEST(max_unverified_keys)
{
	struct config *c = config_parse_ok("");

	ck_assert_uint_eq(c->global.max_unverified, 0);	/* l2tp's default */
	ck_assert_uint_eq(c->global.max_unverified_per_source, 0);
	config_free(c);
	c = config_parse_ok("[global]\nmax_tunnels = 100\n"
			    "max_unverified = 99\nmax_unverified_per_source = 4\n");
	ck_assert_uint_eq(c->global.max_unverified, 99);
	ck_assert_uint_eq(c->global.max_unverified_per_source, 4);
	config_free(c);
	config_parse_fails("[global]\nmax_tunnels = 100\nmax_unverified = 100\n",
			   "t.conf:3: [global]: max_unverified (100) must be below "
			   "max_tunnels (100): established tunnels need the rest");
	config_parse_fails("[global]\nmax_unverified = 5000\n",
			   "t.conf:2: [global]: max_unverified (5000) must be below "
			   "max_tunnels (4096): established tunnels need the rest");
	config_parse_fails("[global]\nmax_unverified_per_source = 0\n",
			   "t.conf:2: max_unverified_per_source: 0 is out of "
			   "range 1..65535");
}
END_TEST

START_TEST(ifname_patterns_and_fixed_names)
{
	struct config *c = config_parse_ok(
		"[lns a]\n"
		"[lns b]\nifname = ppp%d-in\n"
		"[lns c]\nifname = wan0\n"
		"[lns d]\nifname = \"ra%d\"\n");

	ck_assert_str_eq(c->lns[0].ifname, "l2tp%d");
	ck_assert_str_eq(c->lns[1].ifname, "ppp%d-in");
	ck_assert_str_eq(c->lns[2].ifname, "wan0");
	ck_assert_str_eq(c->lns[3].ifname, "ra%d");
	config_free(c);
}
END_TEST

START_TEST(ifname_errors_name_file_and_line)
{
	config_parse_fails("[lns a]\nifname = ra%d%d\n",
			   "t.conf:2: ifname: \"ra%d%d\": takes one %d for the "
			   "session number and no other '%'");
	config_parse_fails("[lns a]\nifname = ra%s\n",
			   "t.conf:2: ifname: \"ra%s\": takes one %d");
	config_parse_fails("[lns a]\n\nifname = 100%\n",
			   "t.conf:3: ifname: \"100%\": takes one %d");
	config_parse_fails("[lns a]\nifname = a/b%d\n",
			   "t.conf:2: ifname: \"a/b%d\": a device name cannot "
			   "contain '/'");
	config_parse_fails("[lns a]\nifname = \"r a%d\"\n",
			   "t.conf:2: ifname: \"r a%d\": a device name cannot "
			   "contain ' '");
	config_parse_fails("[lns a]\nifname = ..\n",
			   "t.conf:2: ifname: \"..\": \"..\" is not a device name");
	config_parse_fails("[lns a]\nifname = abcdefghijklmnop\n",
			   "t.conf:2: ifname: \"abcdefghijklmnop\": longer than "
			   "15 characters");
	config_parse_fails("[lns a]\nifname =\n", "t.conf:2: ifname: no value");
}
END_TEST

/*
 * max_negotiating_per_tunnel and _per_peer: absent or 0, max_negotiating less a quarter
 * (at least 1; no limit without max_negotiating); else its value.
 */
START_TEST(negotiating_per_tunnel_default_and_value)
{
	struct config *c = config_parse_ok("[global]\n");

	ck_assert_uint_eq(c->global.max_negotiating_per_tunnel, 0);
	ck_assert_uint_eq(config_negotiating_per_tunnel(&c->global), 750);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 2\n"
			    "max_negotiating_per_tunnel = 0\n");
	ck_assert_uint_eq(config_negotiating_per_tunnel(&c->global), 2);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 1\n");
	ck_assert_uint_eq(config_negotiating_per_tunnel(&c->global), 1);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 0\n");
	ck_assert_uint_eq(config_negotiating_per_tunnel(&c->global), 0);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating_per_tunnel = 8\n");
	ck_assert_uint_eq(c->global.max_negotiating_per_tunnel, 8);
	ck_assert_uint_eq(config_negotiating_per_tunnel(&c->global), 8);
	ck_assert_uint_eq(config_negotiating_per_peer(&c->global), 750);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 0\n"
			    "max_negotiating_per_peer = 9\n");
	ck_assert_uint_eq(config_negotiating_per_tunnel(&c->global), 0);
	ck_assert_uint_eq(config_negotiating_per_peer(&c->global), 9);
	config_free(c);
	c = config_parse_ok("[global]\nmax_negotiating = 2\n");
	ck_assert_uint_eq(config_negotiating_per_peer(&c->global), 2);
	config_free(c);
}
END_TEST

START_TEST(negotiating_per_tunnel_errors_name_key_and_value)
{
	config_parse_fails("[global]\nmax_negotiating_per_tunnel = some\n",
			   "t.conf:2: max_negotiating_per_tunnel: \"some\" is "
			   "not a number");
	config_parse_fails("[global]\nmax_negotiating_per_tunnel = -3\n",
			   "t.conf:2: max_negotiating_per_tunnel: \"-3\" is "
			   "not a number");
	config_parse_fails("[global]\nmax_negotiating_per_tunnel = 1000001\n",
			   "t.conf:2: max_negotiating_per_tunnel: 1000001 is "
			   "out of range");
	config_parse_fails("[global]\nmax_negotiating_per_peer = 1.5\n",
			   "t.conf:2: max_negotiating_per_peer: \"1.5\" is "
			   "not a number");
	config_parse_fails("[global]\nmax_negotiating_per_peer = 2000000\n",
			   "t.conf:2: max_negotiating_per_peer: 2000000 is "
			   "out of range");
	config_parse_fails("[lns a]\nmax_negotiating_per_tunnel = 5\n",
			   "t.conf:2: unknown key "
			   "\"max_negotiating_per_tunnel\" in [lns]");
}
END_TEST

START_TEST(session_limits_default_none_and_values)
{
	struct config *c = config_parse_ok("[lns a]\n");

	ck_assert_uint_eq(c->lns[0].session_timeout_ms, 0);
	ck_assert_uint_eq(c->lns[0].idle_timeout_ms, 0);
	config_free(c);
	c = config_parse_ok("[lns a]\nsession_timeout = 86400\n"
			    "idle_timeout = 10s\n");
	ck_assert_uint_eq(c->lns[0].session_timeout_ms, 86400000);
	ck_assert_uint_eq(c->lns[0].idle_timeout_ms, 10000);
	config_free(c);
	c = config_parse_ok("[lns a]\nsession_timeout = 0\n"
			    "idle_timeout = 4294967s\n");
	ck_assert_uint_eq(c->lns[0].session_timeout_ms, 0);
	ck_assert_uint_eq(c->lns[0].idle_timeout_ms, 4294967000u);
	config_free(c);
}
END_TEST

START_TEST(session_limits_errors_name_file_and_line)
{
	config_parse_fails("[lns a]\nsession_timeout = 1h\n",
			   "t.conf:2: session_timeout: \"1h\" is not a "
			   "duration");
	config_parse_fails("[lns a]\n\nidle_timeout = -10\n",
			   "t.conf:3: idle_timeout: \"-10\" is not a "
			   "duration");
	config_parse_fails("[lns a]\nidle_timeout = 4294968s\n",
			   "t.conf:2: idle_timeout: 4294968s is out of range");
	config_parse_fails("[lns a]\nsession_timeout =\n",
			   "t.conf:2: session_timeout: no value");
	config_parse_fails("[lns a]\nidle_timeout = 5\nidle_timeout = 6\n",
			   "t.conf:3: idle_timeout: set twice");
	config_parse_fails("[lac a]\npeer = 192.0.2.1\nidle_timeout = 5\n",
			   "t.conf:3: unknown key \"idle_timeout\" in [lac]");
	config_parse_fails("[global]\nsession_timeout = 5\n",
			   "t.conf:2: unknown key \"session_timeout\" in "
			   "[global]");
}
END_TEST

static Suite *config_limits_suite(void)
{
	Suite *s = suite_create("config_limits");
	TCase *tc = tcase_create("limits");

	tcase_add_test(tc, max_negotiating_default_zero_and_value);
	tcase_add_test(tc, max_negotiating_errors_name_file_and_line);
	tcase_add_test(tc, max_unverified_keys);
	tcase_add_test(tc, negotiating_per_tunnel_default_and_value);
	tcase_add_test(tc, negotiating_per_tunnel_errors_name_key_and_value);
	tcase_add_test(tc, ifname_patterns_and_fixed_names);
	tcase_add_test(tc, ifname_errors_name_file_and_line);
	tcase_add_test(tc, session_limits_default_none_and_values);
	tcase_add_test(tc, session_limits_errors_name_file_and_line);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_limits_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
