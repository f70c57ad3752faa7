// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd.conf's [radius] section: every key, its errors (file:line and
 * key), the secrets file (syntax, lookup, mode) and the client
 * configuration radius_config_build() makes of it.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"
#include "privdrop.h"
#include "radius/client_config.h"
#include "secrets.h"

static char err[512];

static unsigned port_of(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET6 ?
	       ntohs(((const struct sockaddr_in6 *)a)->sin6_port) :
	       ntohs(((const struct sockaddr_in *)a)->sin_port);
}

static const char *host_of(const struct sockaddr_storage *a)
{
	static char buf[INET6_ADDRSTRLEN];

	if (a->ss_family == AF_INET6)
		return inet_ntop(AF_INET6,
				 &((const struct sockaddr_in6 *)a)->sin6_addr,
				 buf, sizeof(buf));
	return inet_ntop(AF_INET, &((const struct sockaddr_in *)a)->sin_addr,
			 buf, sizeof(buf));
}

START_TEST(defaults_and_values)
{
	struct config *c = config_parse_ok("");

	ck_assert(!c->radius.enabled);
	config_free(c);
	c = config_parse_ok("[radius]\nauth_server = 192.0.2.1\nsecret = s\n");
	ck_assert(c->radius.enabled);
	ck_assert_uint_eq(c->radius.auth.n, 1);
	ck_assert_uint_eq(port_of(&c->radius.auth.addr[0].ss), 1812);
	ck_assert_uint_eq(c->radius.acct.n, 0);
	ck_assert_uint_eq(c->radius.timeout_ms, 3000);
	ck_assert_uint_eq(c->radius.retries, 2);
	ck_assert_uint_eq(c->radius.dead_time_ms, 60000);
	ck_assert_uint_eq(c->radius.max_pending, 4096);
	ck_assert(c->radius.require_message_authenticator);
	config_free(c);
	c = config_parse_ok("[global]\nhost_name = gw7\n"
			    "[radius]\n"
			    "auth_server = 192.0.2.1:1645, [2001:db8::2]\n"
			    "acct_server = 192.0.2.1 192.0.2.3:1646\n"
			    "secret = \"s p\"\n"
			    "timeout = 500ms\nretries = 0\ndead_time = 0\n"
			    "max_pending = 10\nnas_identifier = gw7-nas\n"
			    "nas_ip_address = 2001:db8::7\n"
			    "require_message_authenticator = no\n");
	ck_assert_uint_eq(c->radius.auth.n, 2);
	ck_assert_uint_eq(port_of(&c->radius.auth.addr[0].ss), 1645);
	ck_assert_str_eq(host_of(&c->radius.auth.addr[1].ss), "2001:db8::2");
	ck_assert_uint_eq(port_of(&c->radius.auth.addr[1].ss), 1812);
	ck_assert_uint_eq(c->radius.acct.n, 2);
	ck_assert_uint_eq(port_of(&c->radius.acct.addr[0].ss), 1813);
	ck_assert_uint_eq(port_of(&c->radius.acct.addr[1].ss), 1646);
	ck_assert_str_eq(c->radius.secret, "s p");
	ck_assert_uint_eq(c->radius.timeout_ms, 500);
	ck_assert_uint_eq(c->radius.retries, 0);
	ck_assert_uint_eq(c->radius.dead_time_ms, 0);
	ck_assert_uint_eq(c->radius.max_pending, 10);
	ck_assert_str_eq(c->radius.nas_identifier, "gw7-nas");
	ck_assert_str_eq(host_of(&c->radius.nas_ip_address.ss), "2001:db8::7");
	ck_assert(!c->radius.require_message_authenticator);
	config_free(c);
}
END_TEST

static const struct {
	const char *text, *err;
} bad[] = {
	{ "[radius]\nauth_server = radius.example\nsecret = s\n",
	  "t.conf:2: auth_server: \"radius.example\" is not a valid address" },
	{ "[radius]\nsecret = s\nacct_server = 192.0.2.1:0\n",
	  "t.conf:3: acct_server: \"192.0.2.1:0\" is not a valid address" },
	{ "[radius]\nsecret = s\nauth_server = 1.1.1.1 1.1.1.2 1.1.1.3 "
	  "1.1.1.4 1.1.1.5 1.1.1.6 1.1.1.7 1.1.1.8 1.1.1.9\n",
	  "t.conf:3: auth_server: more than 8 entries" },
	{ "[radius]\nsecret = s\nauth_server = 1.1.1.1 1.1.1.2 1.1.1.3 "
	  "1.1.1.4 1.1.1.5\nacct_server = 1.1.1.1 1.1.1.2 1.1.1.3 1.1.1.4\n",
	  "t.conf:4: [radius]: auth_server and acct_server list 9 servers, "
	  "at most 8 in all" },
	{ "[radius]\nauth_server = 192.0.2.1\n\n",
	  "t.conf:1: [radius]: needs secret or secrets_file" },
	{ "[radius]\nsecret = s\n",
	  "t.conf:1: [radius]: no auth_server or acct_server" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecrets_file = radius.secrets\n",
	  "t.conf:3: [radius]: secrets_file: \"radius.secrets\" is not an "
	  "absolute path" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\ntimeout = 50ms\n",
	  "t.conf:4: timeout: 50ms is out of range 100ms..60000ms" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\ntimeout = soon\n",
	  "t.conf:4: timeout: \"soon\" is not a duration" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\nretries = 11\n",
	  "t.conf:4: retries: 11 is out of range 0..10" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\ndead_time = 2h\n",
	  "t.conf:4: dead_time: \"2h\" is not a duration" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\nmax_pending = 0\n",
	  "t.conf:4: max_pending: 0 is out of range 1..1000000" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\n"
	  "nas_ip_address = 192.0.2.9:1812\n",
	  "t.conf:4: nas_ip_address: \"192.0.2.9:1812\" is not an IPv4 or "
	  "IPv6 address (without port)" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\n"
	  "nas_ip_address = gw\n",
	  "t.conf:4: nas_ip_address: \"gw\" is not an IPv4 or IPv6 address" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\n"
	  "require_message_authenticator = maybe\n",
	  "t.conf:4: require_message_authenticator: \"maybe\" is not yes or "
	  "no" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\n"
	  "nas_identifier = \"\"\n",
	  "t.conf:4: nas_identifier: empty value" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\nsecret = t\n",
	  "t.conf:4: secret: set twice" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\nport = 1\n",
	  "t.conf:4: unknown key \"port\" in [radius]" },
	{ "[radius x]\n", "t.conf:1: [radius] takes no name" },
	{ "[radius]\nauth_server = 192.0.2.1\nsecret = s\n[radius]\n",
	  "t.conf:4: [radius] appears twice" },
};

START_TEST(bad_values)
{
	config_parse_fails(bad[_i].text, bad[_i].err);
}
END_TEST

static void make_file(char *path, const char *text, mode_t mode)
{
	int fd;

	strcpy(path, "/tmp/l2tpgw-radius-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static struct config *parse_with_file(const char *fmt, const char *path)
{
	char text[1024];

	snprintf(text, sizeof(text), fmt, path);
	return config_parse_ok(text);
}

START_TEST(build_client_config)
{
	struct radius_client_config rc;
	struct config *c;
	char path[64];

	make_file(path, "# servers\n\n192.0.2.1   first secret \n"
		  "2001:db8::2\tv6-secret\n192.0.2.1 shadowed\n", 0600);
	c = parse_with_file("[global]\nhost_name = gw7\n[radius]\n"
			    "auth_server = 192.0.2.1, [2001:db8::2]:1645\n"
			    "acct_server = 192.0.2.5 192.0.2.1:1646\n"
			    "secret = fallback\nsecrets_file = %s\n"
			    "timeout = 1500ms\nretries = 4\ndead_time = 90s\n"
			    "max_pending = 77\nnas_ip_address = 192.0.2.200\n",
			    path);
	ck_assert_msg(radius_config_build(c, &rc, err, sizeof(err)) == 0, "%s",
		      err);
	ck_assert_uint_eq(rc.nserver, 4);
	ck_assert_int_eq(rc.server[0].kind, RADIUS_AUTH);
	ck_assert_str_eq(rc.server[0].secret, "first secret");
	ck_assert_int_eq(rc.server[1].kind, RADIUS_AUTH);
	ck_assert_uint_eq(port_of(&rc.server[1].addr), 1645);
	ck_assert_uint_eq(rc.server[1].addrlen, sizeof(struct sockaddr_in6));
	ck_assert_str_eq(rc.server[1].secret, "v6-secret");
	ck_assert_int_eq(rc.server[2].kind, RADIUS_ACCT);
	ck_assert_str_eq(rc.server[2].secret, "fallback");
	ck_assert_str_eq(rc.server[3].secret, "first secret");
	ck_assert_uint_eq(port_of(&rc.server[3].addr), 1646);
	ck_assert_uint_eq(rc.timeout_ms, 1500);
	ck_assert_uint_eq(rc.retries, 4);
	ck_assert_uint_eq(rc.dead_time_s, 90);
	ck_assert_uint_eq(rc.max_pending, 77);
	ck_assert(rc.require_message_authenticator);
	ck_assert_str_eq(rc.nas_identifier, "gw7");	/* host_name */
	ck_assert_str_eq(host_of(&rc.nas_addr), "192.0.2.200");
	config_free(c);
	unlink(path);
}
END_TEST

START_TEST(build_errors)
{
	struct radius_client_config rc;
	struct config *c;
	char path[64], want[256];

	/* No line for 192.0.2.5 and no fallback secret. */
	make_file(path, "192.0.2.1 s1\n", 0600);
	c = parse_with_file("[radius]\nauth_server = 192.0.2.1\n"
			    "acct_server = 192.0.2.5\nsecrets_file = %s\n",
			    path);
	ck_assert_int_eq(radius_config_build(c, &rc, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "radius: no secret for acct server "
		 "192.0.2.5:1813: not in secrets_file %s, and no [radius] "
		 "secret", path);
	ck_assert_str_eq(err, want);
	config_free(c);
	unlink(path);
	/* The file is gone. */
	c = parse_with_file("[radius]\nauth_server = 192.0.2.1\n"
			    "secrets_file = %s\n", path);
	ck_assert_int_eq(radius_config_build(c, &rc, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "No such file") && strstr(err, path), "%s",
		      err);
	config_free(c);
}
END_TEST

static const struct {
	const char *text, *err;
} bad_secrets[] = {
	{ "192.0.2.1\n", "s:1: no secret after the address" },
	{ "# c\nradius.example s\n",
	  "s:2: \"radius.example\" is not an IPv4 or IPv6 address" },
	{ "192.0.2.1:1812 s\n",
	  "s:1: \"192.0.2.1:1812\" is not an IPv4 or IPv6 address" },
	{ "192.0.2.9 ok\n192.0.2.1 "
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
	  "s:2: secret longer than 128 characters" },
};

START_TEST(secrets_file_syntax)
{
	struct sockaddr_storage a = { 0 };
	char secret[RADIUS_SECRET_MAX + 1];

	a.ss_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1",
		  &((struct sockaddr_in *)&a)->sin_addr);
	ck_assert_int_eq(radius_secrets_lookup(bad_secrets[_i].text,
					       strlen(bad_secrets[_i].text),
					       "s", &a, secret, sizeof(secret),
					       err, sizeof(err)), -1);
	ck_assert_str_eq(err, bad_secrets[_i].err);
}
END_TEST

START_TEST(secrets_file_lookup)
{
	static const char file[] = "192.0.2.10 ten\n  \n192.0.2.1 one\r\n";
	struct sockaddr_storage a = { 0 };
	char secret[RADIUS_SECRET_MAX + 1];

	a.ss_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1",
		  &((struct sockaddr_in *)&a)->sin_addr);
	ck_assert_int_eq(radius_secrets_lookup(file, strlen(file), "s", &a,
					       secret, sizeof(secret), err,
					       sizeof(err)), 1);
	ck_assert_str_eq(secret, "one");
	inet_pton(AF_INET, "192.0.2.2",
		  &((struct sockaddr_in *)&a)->sin_addr);
	ck_assert_int_eq(radius_secrets_lookup(file, strlen(file), "s", &a,
					       secret, sizeof(secret), err,
					       sizeof(err)), 0);
}
END_TEST

/* The secrets file and a configuration holding a secret: modes checked. */
START_TEST(secrets_modes)
{
	char conf[64], secrets[64], text[256], want[256];
	struct config *c;

	make_file(secrets, "192.0.2.1 s\n", 0644);
	snprintf(text, sizeof(text), "[radius]\nauth_server = 192.0.2.1\n"
		 "secrets_file = %s\n", secrets);
	make_file(conf, text, 0644);
	ck_assert_int_eq(config_load(conf, &c, err, sizeof(err)), 0);
	ck_assert_int_eq(secrets_check_config(c, conf, privdrop_current(),
					      err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "radius secrets file %s: mode 0644 is "
		 "accessible to others; it holds secrets: chmod 0600", secrets);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(chmod(secrets, 0600), 0);
	ck_assert_int_eq(secrets_check_config(c, conf, privdrop_current(),
					      err, sizeof(err)), 0);
	config_free(c);
	unlink(conf);
	/* secret = in the configuration: then it must be private too. */
	make_file(conf, "[radius]\nauth_server = 192.0.2.1\nsecret = s\n",
		  0644);
	ck_assert_int_eq(config_load(conf, &c, err, sizeof(err)), 0);
	ck_assert_int_eq(secrets_check_config(c, conf, privdrop_current(),
					      err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "configuration") && strstr(err, "mode 0644"),
		      "%s", err);
	config_free(c);
	unlink(conf);
	unlink(secrets);
}
END_TEST

static Suite *config_radius_suite(void)
{
	Suite *s = suite_create("config_radius");
	TCase *tc = tcase_create("radius");

	tcase_add_test(tc, defaults_and_values);
	tcase_add_loop_test(tc, bad_values, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, build_client_config);
	tcase_add_test(tc, build_errors);
	tcase_add_loop_test(tc, secrets_file_syntax, 0,
			    sizeof(bad_secrets) / sizeof(bad_secrets[0]));
	tcase_add_test(tc, secrets_file_lookup);
	tcase_add_test(tc, secrets_modes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_radius_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
