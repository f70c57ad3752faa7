// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway's RADIUS client (gateway_radius()): made from [radius] at
 * start, kept by a reload that leaves [radius] alone, given the new
 * settings by one that changes it (the same handle, its request sent
 * again), gone with [radius]; a reload whose client cannot be made is
 * refused and changes nothing.
 */
#include <arpa/inet.h>
#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gateway.h"
#include "loop.h"
#include "radius/client.h"

static struct loop *loop;
static int srv_fd;
static unsigned srv_port;
static char err[512];

static void setup(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(0x7f000001) };
	socklen_t alen = sizeof(a);

	loop = loop_new_virtual(1000);
	srv_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_eq(bind(srv_fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(srv_fd, (struct sockaddr *)&a, &alen), 0);
	srv_port = ntohs(a.sin_port);
}

static void teardown(void)
{
	close(srv_fd);
	loop_free(loop);
}

static struct gateway_settings *settings(const char *radius_keys)
{
	char text[512];
	struct config *c;
	struct gateway_settings *s;

	snprintf(text, sizeof(text), "[global]\nhost_name = gw-radius\n%s",
		 radius_keys);
	ck_assert_msg(config_parse(text, strlen(text), "t.conf", &c, err,
				   sizeof(err)) == 0, "%s", err);
	ck_assert_msg(gateway_settings_new(c, "t.conf", &s, err,
					   sizeof(err)) == 0, "%s", err);
	return s;
}

static const char *radius_section(const char *extra)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "[radius]\nauth_server = 127.0.0.1:%u\n"
		 "secret = s3\nnas_ip_address = 127.0.0.1\n%s", srv_port,
		 extra);
	return buf;
}

static struct gateway *gateway(struct gateway_settings *s)
{
	static const struct gateway_dataplane dp;
	struct gateway *gw = gateway_new(loop, s, &dp, NULL, NULL, NULL);

	gateway_settings_put(s);
	return gw;
}

/* gateway_reload takes its own reference to s. */
static int reload(struct gateway *gw, struct gateway_settings *s)
{
	int rc = gateway_reload(gw, s, err, sizeof(err));

	gateway_settings_put(s);
	return rc;
}

static int fill(void *arg, struct radius_builder *b, const char *secret,
		uint32_t delay_s)
{
	return radius_put_str(b, RA_USER_NAME, "alice");
}

static void done(void *arg, enum radius_outcome o,
		 const struct radius_packet *p)
{
	*(int *)arg = o + 1;
}

static bool server_got(const char *nas_identifier)
{
	struct pollfd pfd = { .fd = srv_fd, .events = POLLIN };
	uint8_t buf[RADIUS_MAX_LEN];
	struct radius_packet p;
	char s[64] = "";
	ssize_t n;

	if (poll(&pfd, 1, 1000) != 1)
		return false;
	n = recv(srv_fd, buf, sizeof(buf), 0);
	ck_assert_int_eq(radius_parse(buf, n, &p, err, sizeof(err)), 0);
	radius_attr_str(radius_find(&p, 0, RA_NAS_IDENTIFIER), s, sizeof(s));
	ck_assert_str_eq(s, nas_identifier);
	return true;
}

struct stat_want {
	const char *name;
	uint64_t value;
	bool seen;
};

static int find_stat(const char *name, uint64_t value, void *ctx)
{
	struct stat_want *w = ctx;

	if (!strcmp(name, w->name)) {
		w->seen = true;
		w->value = value;
	}
	return 0;
}

static struct stat_want stat_of(struct gateway *gw, const char *name)
{
	struct stat_want w = { .name = name };

	ck_assert_int_eq(gateway_stats(gw, find_stat, &w), 0);
	return w;
}

START_TEST(client_follows_the_settings)
{
	struct gateway *gw = gateway(settings(""));
	struct radius_client *first;
	int outcome = 0;

	ck_assert_ptr_nonnull(gw);
	ck_assert_ptr_null(gateway_radius(gw));
	ck_assert(!stat_of(gw, "radius_requests").seen);
	/* [radius] added by a reload. */
	ck_assert_msg(reload(gw, settings(radius_section(""))) == 0, "%s", err);
	first = gateway_radius(gw);
	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_nonnull(radius_send(first, RADIUS_AUTH,
					  RADIUS_ACCESS_REQUEST, fill, done,
					  &outcome, err, sizeof(err)));
	ck_assert(server_got("gw-radius"));	/* host_name */
	ck_assert_uint_eq(stat_of(gw, "radius_requests").value, 1);
	ck_assert_uint_eq(stat_of(gw, "radius_pending").value, 1);
	ck_assert(stat_of(gw, "radius_bad_authenticator").seen);
	/* The same [radius]: the same client, the request still waits. */
	ck_assert_int_eq(reload(gw, settings(radius_section(""))), 0);
	ck_assert_ptr_eq(gateway_radius(gw), first);
	ck_assert_int_eq(outcome, 0);
	/* Changed: the same client; its request goes again, as changed. */
	ck_assert_int_eq(reload(gw, settings(radius_section(
				"nas_identifier = n2\n"))), 0);
	ck_assert_ptr_eq(gateway_radius(gw), first);
	ck_assert(server_got("n2"));
	ck_assert_int_eq(outcome, 0);
	ck_assert_uint_eq(stat_of(gw, "radius_requests").value, 1);
	ck_assert_uint_eq(stat_of(gw, "radius_pending").value, 1);
	/* A client that cannot be made: the reload is refused. */
	ck_assert_int_eq(reload(gw, settings(
		"[radius]\nauth_server = 127.0.0.1\nsecret = s\n"
		"nas_ip_address = 192.0.2.77\n")), -1);
	ck_assert_msg(strstr(err, "source address (nas_ip_address)"), "%s",
		      err);
	ck_assert_ptr_eq(gateway_radius(gw), first);
	ck_assert_int_eq(outcome, 0);
	/* [radius] removed: the request ends. */
	ck_assert_int_eq(reload(gw, settings("")), 0);
	ck_assert_ptr_null(gateway_radius(gw));
	ck_assert_int_eq(outcome, RADIUS_CANCELLED + 1);
	gateway_free(gw);
}
END_TEST

START_TEST(settings_need_the_secrets_file)
{
	struct config *c;
	struct gateway_settings *s;
	static const char text[] = "[radius]\nauth_server = 192.0.2.1\n"
				   "secrets_file = /nonexistent/radius\n";

	ck_assert_int_eq(config_parse(text, strlen(text), "t.conf", &c, err,
				      sizeof(err)), 0);
	ck_assert_int_eq(gateway_settings_new(c, "t.conf", &s, err,
					      sizeof(err)), -1);
	ck_assert_str_eq(err, "radius secrets file /nonexistent/radius: No "
			 "such file or directory");
}
END_TEST

START_TEST(start_fails_without_its_client)
{
	ck_assert_ptr_null(gateway(settings(
		"[radius]\nauth_server = 127.0.0.1\nsecret = s\n"
		"nas_ip_address = 192.0.2.77\n")));
}
END_TEST

static Suite *gateway_radius_suite(void)
{
	Suite *s = suite_create("gateway_radius");
	TCase *tc = tcase_create("client");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, client_follows_the_settings);
	tcase_add_test(tc, settings_need_the_secrets_file);
	tcase_add_test(tc, start_fails_without_its_client);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gateway_radius_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
