// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * metrics_listen: on 127.0.0.1:9595 by default, off, an address with or
 * without a port, IPv6; bad values refused naming file, line and key.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_check.h"

static void assert_v4(const struct config_metrics *m, const char *host,
		      uint16_t port)
{
	const struct sockaddr_in *sin = (const void *)&m->addr.ss;
	char buf[INET_ADDRSTRLEN];

	ck_assert_uint_eq(m->addr.len, sizeof(*sin));
	ck_assert_int_eq(sin->sin_family, AF_INET);
	ck_assert_str_eq(inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf)),
			 host);
	ck_assert_uint_eq(ntohs(sin->sin_port), port);
}

START_TEST(default_is_localhost_9595)
{
	struct config *c = config_parse_ok("[global]\nport = 1701\n");

	assert_v4(&c->global.metrics, "127.0.0.1", 9595);
	ck_assert(!c->global.metrics.set);
	config_free(c);
}
END_TEST

START_TEST(addresses)
{
	struct config *c;
	const struct sockaddr_in6 *sin6;
	char buf[INET6_ADDRSTRLEN];

	c = config_parse_ok("[global]\nmetrics_listen = 192.0.2.1:9100\n");
	assert_v4(&c->global.metrics, "192.0.2.1", 9100);
	ck_assert(c->global.metrics.set);
	config_free(c);
	c = config_parse_ok("[global]\nmetrics_listen = 127.0.0.1\n");
	assert_v4(&c->global.metrics, "127.0.0.1", 9595);
	config_free(c);
	c = config_parse_ok("[global]\nmetrics_listen = [::1]:9000\n");
	sin6 = (const void *)&c->global.metrics.addr.ss;
	ck_assert_int_eq(sin6->sin6_family, AF_INET6);
	ck_assert_str_eq(inet_ntop(AF_INET6, &sin6->sin6_addr, buf,
				   sizeof(buf)), "::1");
	ck_assert_uint_eq(ntohs(sin6->sin6_port), 9000);
	config_free(c);
}
END_TEST

START_TEST(off_and_empty)
{
	struct config *c;

	c = config_parse_ok("[global]\nmetrics_listen = off\n");
	ck_assert_uint_eq(c->global.metrics.addr.len, 0);
	ck_assert(c->global.metrics.set);
	config_free(c);
	c = config_parse_ok("[global]\nmetrics_listen =\n");
	ck_assert_uint_eq(c->global.metrics.addr.len, 0);
	config_free(c);
	/* Other keys still need a value. */
	config_parse_fails("[global]\nhost_name =\n",
			   "t.conf:2: host_name: no value");
}
END_TEST

START_TEST(bad_values)
{
	static const char *const bad[] = {
		"localhost:9595", "127.0.0.1:0", "127.0.0.1:65536",
		"127.0.0.1:http", "no", "9595", "[::1", "1.2.3.4:9595 x",
	};
	char text[128], expect[160];
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text),
			 "[global]\n# metrics\nmetrics_listen = %s\n", bad[i]);
		snprintf(expect, sizeof(expect), "t.conf:3: metrics_listen: "
			 "\"%s\" is not off or an address", bad[i]);
		config_parse_fails(text, expect);
	}
	config_parse_fails("[global]\nmetrics_listen = off\n"
			   "metrics_listen = 127.0.0.1\n",
			   "t.conf:3: metrics_listen: set twice");
	config_parse_fails("[lns a]\nmetrics_listen = 127.0.0.1\n",
			   "t.conf:2: unknown key \"metrics_listen\" in [lns");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config_metrics");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, default_is_localhost_9595);
	tcase_add_test(tc, addresses);
	tcase_add_test(tc, off_and_empty);
	tcase_add_test(tc, bad_values);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
