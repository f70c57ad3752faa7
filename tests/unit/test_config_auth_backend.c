// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [lns] auth_backend: its values and errors (file:line, key), and which
 * verifier a section gets with and without the key (users file, RADIUS
 * when [radius] has auth servers), as gateway_settings_new() checks it.
 */
#include <check.h>
#include <string.h>

#include "config.h"
#include "config_check.h"
#include "gateway.h"
#include "log.h"

START_TEST(test_bad_values)
{
	config_parse_fails("[lns a]\nauth_backend = ldap\n",
			   "t.conf:2: [lns a]: auth_backend: \"ldap\" is "
			   "neither users nor radius");
	config_parse_fails("[lns a]\nlocal_ip = 10.0.0.1\nauth_backend = users\n",
			   "t.conf:3: [lns a]: auth_backend = users needs a "
			   "users file (users = PATH)");
	config_parse_fails("[lns a]\nauth_backend =\n", "t.conf:2: auth_backend");
}
END_TEST

static int settings(const char *text, char *err, size_t errlen)
{
	struct gateway_settings *s;
	struct config *c = config_parse_ok(text);
	int rc = gateway_settings_new(c, "t.conf", &s, err, errlen);

	if (rc == 0)
		gateway_settings_put(s);
	return rc;
}

START_TEST(test_radius_needs_auth_servers)
{
	char err[512];

	ck_assert_int_eq(settings("[lns a]\nlocal_ip = 10.0.0.1\nauth = pap\n"
				  "auth_backend = radius\n", err,
				  sizeof(err)), -1);
	ck_assert_msg(strstr(err, "t.conf:4: [lns a]: auth_backend = radius "
			     "needs a [radius] section with auth_server"),
		      "%s", err);
	ck_assert_int_eq(settings("[radius]\nacct_server = 192.0.2.1\n"
				  "secret = s\n[lns a]\nlocal_ip = 10.0.0.1\n"
				  "auth = pap\nauth_backend = radius\n", err,
				  sizeof(err)), -1);
	ck_assert_msg(strstr(err, "needs a [radius] section with auth_server"),
		      "%s", err);
	ck_assert_int_eq(settings("[radius]\nauth_server = 192.0.2.1\n"
				  "secret = s\n[lns a]\nlocal_ip = 10.0.0.1\n"
				  "auth = none\nauth_backend = radius\n", err,
				  sizeof(err)), -1);
	ck_assert_msg(strstr(err, "t.conf:7: [lns a]: auth_backend = radius "
			     "with auth = none"), "%s", err);
}
END_TEST

START_TEST(test_radius_without_pool_or_users)
{
	char err[512];

	/* Explicit, and by default when [radius] has auth servers. */
	ck_assert_msg(settings("[radius]\nauth_server = 192.0.2.1\nsecret = s\n"
			       "[lns a]\nlocal_ip = 10.0.0.1\nauth = pap\n"
			       "auth_backend = radius\n", err,
			       sizeof(err)) == 0, "%s", err);
	ck_assert_msg(settings("[radius]\nauth_server = 192.0.2.1\nsecret = s\n"
			       "[lns a]\nlocal_ip = 10.0.0.1\nauth = chap\n",
			       err, sizeof(err)) == 0, "%s", err);
	/* No [radius]: a users file is needed, as before. */
	ck_assert_int_eq(settings("[lns a]\nlocal_ip = 10.0.0.1\nauth = pap\n",
				  err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "auth needs a users file"), "%s", err);
}
END_TEST

START_TEST(test_which_backend)
{
	struct config *c = config_parse_ok(
		"[radius]\nauth_server = 192.0.2.1\nsecret = s\n"
		"[lns file]\nusers = /etc/l2tpgw/users\nauth = pap\n"
		"[lns rad]\nauth = pap\n"
		"[lns both]\nusers = /etc/l2tpgw/users\nauth = pap\n"
		"auth_backend = radius\n"
		"[lns open]\nauth = none\npool = 10.0.0.0/24\n");
	struct config *n = config_parse_ok(
		"[lns rad]\nauth = pap\n");

	ck_assert(!gateway_lns_uses_radius(c, &c->lns[0]));
	ck_assert(gateway_lns_uses_radius(c, &c->lns[1]));
	ck_assert(gateway_lns_uses_radius(c, &c->lns[2]));
	ck_assert(!gateway_lns_uses_radius(c, &c->lns[3]));
	ck_assert(!gateway_lns_uses_radius(n, &n->lns[0]));
	config_free(c);
	config_free(n);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("config_auth_backend");
	TCase *tc = tcase_create("auth_backend");

	log_init(LOG_EMERG, false, "test_config_auth_backend");
	tcase_add_test(tc, test_bad_values);
	tcase_add_test(tc, test_radius_needs_auth_servers);
	tcase_add_test(tc, test_radius_without_pool_or_users);
	tcase_add_test(tc, test_which_backend);
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
