// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * [radius]'s accounting and DAE keys: their defaults and values, each bad
 * value refused with file:line and the key, and the DAE clients' secrets
 * (secrets file line, else [radius] secret).
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"
#include "radius/client_config.h"

#define BASE "[radius]\nacct_server = 192.0.2.1\nsecret = s\n"

static unsigned port_of(const struct sockaddr_storage *a)
{
	return ntohs(((const struct sockaddr_in *)a)->sin_port);
}

START_TEST(defaults)
{
	struct config *c = config_parse_ok(BASE);

	ck_assert_uint_eq(c->radius.acct_interim_interval, 0);
	ck_assert_uint_eq(c->radius.acct_queue_max, 10000);
	ck_assert_uint_eq(c->radius.acct_off_wait_ms, 3000);
	ck_assert_uint_eq(c->radius.dae_listen.n, 0);
	ck_assert_uint_eq(c->radius.dae_clients.n, 0);
	config_free(c);
}
END_TEST

START_TEST(values)
{
	struct config *c = config_parse_ok(BASE
		"acct_interim_interval = 300\nacct_queue_max = 50\n"
		"acct_off_wait = 500ms\ndae_listen = 192.0.2.9\n"
		"dae_clients = 192.0.2.1, 192.0.2.2:1700\n");

	ck_assert_uint_eq(c->radius.acct_interim_interval, 300);
	ck_assert_uint_eq(c->radius.acct_queue_max, 50);
	ck_assert_uint_eq(c->radius.acct_off_wait_ms, 500);
	ck_assert_uint_eq(c->radius.dae_listen.n, 1);
	ck_assert_uint_eq(port_of(&c->radius.dae_listen.addr[0].ss), 3799);
	ck_assert_uint_eq(c->radius.dae_clients.n, 2);
	config_free(c);
	c = config_parse_ok(BASE "dae_listen = [2001:db8::1]:4000\n"
			    "dae_clients = 2001:db8::2\n");
	ck_assert_uint_eq(c->radius.dae_listen.addr[0].ss.ss_family,
			  AF_INET6);
	config_free(c);
}
END_TEST

static const struct {
	const char *text, *err;
} bad[] = {
	{ BASE "acct_interim_interval = 86401\n",
	  "t.conf:4: acct_interim_interval: 86401 is out of range 0..86400" },
	{ BASE "acct_interim_interval = -1\n",
	  "t.conf:4: acct_interim_interval:" },
	{ BASE "acct_queue_max = 0\n",
	  "t.conf:4: acct_queue_max: 0 is out of range 1..1000000" },
	{ BASE "acct_off_wait = 61s\n",
	  "t.conf:4: acct_off_wait: 61s is out of range 0ms..60000ms" },
	{ BASE "acct_off_wait = later\n",
	  "t.conf:4: acct_off_wait: \"later\" is not a duration" },
	{ BASE "dae_listen = coa.example\ndae_clients = 192.0.2.1\n",
	  "t.conf:4: dae_listen: \"coa.example\" is not a valid address" },
	{ BASE "dae_listen = 192.0.2.9 192.0.2.10\ndae_clients = 192.0.2.1\n",
	  "t.conf:4: [radius]: dae_listen: one address, not 2" },
	{ BASE "dae_listen = 192.0.2.9\n",
	  "t.conf:4: [radius]: dae_listen without dae_clients" },
	{ BASE "dae_clients = 192.0.2.1\n",
	  "t.conf:4: [radius]: dae_clients without dae_listen" },
	{ BASE "dae_listen = 192.0.2.9\ndae_clients = 192.0.2.300\n",
	  "t.conf:5: dae_clients: \"192.0.2.300\" is not a valid address" },
	{ BASE "dae_listen = 192.0.2.9\ndae_listen = 192.0.2.8\n",
	  "t.conf:5: dae_listen: set twice" },
};

START_TEST(bad_values)
{
	config_parse_fails(bad[_i].text, bad[_i].err);
}
END_TEST

START_TEST(dae_client_secrets)
{
	char path[] = "/tmp/l2tpgw-test-dae-XXXXXX", secret[64], err[256];
	struct config *c;
	FILE *f;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("# DAE clients\n192.0.2.7 from-the-file\n", f);
	fclose(f);
	snprintf(err, sizeof(err), BASE "secrets_file = %s\n"
		 "dae_listen = 192.0.2.9\ndae_clients = 192.0.2.7 192.0.2.8\n",
		 path);
	c = config_parse_ok(err);
	ck_assert_int_eq(radius_secret_of(&c->radius,
					  &c->radius.dae_clients.addr[0].ss,
					  secret, sizeof(secret), err,
					  sizeof(err)), 0);
	ck_assert_str_eq(secret, "from-the-file");
	/* Not in the file: [radius] secret. */
	ck_assert_int_eq(radius_secret_of(&c->radius,
					  &c->radius.dae_clients.addr[1].ss,
					  secret, sizeof(secret), err,
					  sizeof(err)), 0);
	ck_assert_str_eq(secret, "s");
	/* Neither: refused, naming the client. */
	c->radius.secret_len = 0;
	ck_assert_int_eq(radius_secret_of(&c->radius,
					  &c->radius.dae_clients.addr[1].ss,
					  secret, sizeof(secret), err,
					  sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "192.0.2.8"));
	config_free(c);
	unlink(path);
}
END_TEST

static Suite *config_acct_dae_suite(void)
{
	Suite *s = suite_create("config_acct_dae");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, values);
	tcase_add_loop_test(tc, bad_values, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, dae_client_secrets);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_acct_dae_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
