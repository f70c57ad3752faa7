// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The UDP socket layer on loopback with a fake attach: every socket is
 * attached and named by the id it got, batches are read whole, oversized
 * datagrams are dropped, replies leave from the right socket, and a bind
 * failure names the address.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "loop.h"
#include "udp.h"

static uint32_t next_id;
static unsigned attached;
static unsigned received;
static uint32_t last_id;
static struct l2tp_addr last_from;
static uint8_t last_buf[16];
static size_t last_len;

static int fake_attach(void *arg, int fd, uint32_t *id)
{
	if (arg)
		return -ENOENT;
	attached++;
	*id = next_id++;
	return 0;
}

static void rx(void *arg, uint32_t id, const struct l2tp_addr *from,
	       const uint8_t *buf, size_t len)
{
	received++;
	last_id = id;
	last_from = *from;
	last_len = len;
	memcpy(last_buf, buf, len < sizeof(last_buf) ? len : sizeof(last_buf));
}

static void loopback(struct config_global *g, unsigned n)
{
	unsigned i;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < n; i++) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&g->listen[i].ss;

		sin->sin_family = AF_INET;
		inet_pton(AF_INET, "127.0.0.1", &sin->sin_addr);
		g->listen[i].len = sizeof(*sin);
	}
	g->n_listen = n;
}

static void setup(void)
{
	next_id = 100;
	attached = received = 0;
	log_init(LOG_ERR, false, "test");
}

static int client(struct sockaddr_in *me)
{
	socklen_t len = sizeof(*me);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(me, 0, sizeof(*me));
	me->sin_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.1", &me->sin_addr);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)me, sizeof(*me)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)me, &len), 0);
	return fd;
}

START_TEST(batch_is_read_and_named_by_socket)
{
	struct loop *loop = loop_new();
	struct config_global g;
	struct udp_set *u;
	struct l2tp_addr local;
	struct sockaddr_in me;
	char err[256];
	uint8_t pkt[4] = { 0xc8, 0x02, 0, 0 };
	uint8_t big[9100] = { 0 };
	uint32_t id;
	int fd, i;

	loopback(&g, 2);
	u = udp_open(loop, &g, fake_attach, NULL, rx, NULL, err, sizeof(err));
	ck_assert_msg(u != NULL, "%s", err);
	ck_assert_uint_eq(attached, 2);
	ck_assert_uint_eq(udp_count(u), 2);
	ck_assert_int_eq(udp_local(u, 1, &local, &id), 0);
	ck_assert_uint_eq(id, 101);
	fd = client(&me);
	/* More than one recvmmsg batch, plus one datagram too big to read. */
	ck_assert_int_eq(sendto(fd, big, sizeof(big), 0, &local.sa, local.len),
			 (ssize_t)sizeof(big));
	for (i = 0; i < 40; i++) {
		pkt[3] = (uint8_t)i;
		ck_assert_int_eq(sendto(fd, pkt, sizeof(pkt), 0, &local.sa,
					local.len), 4);
	}
	for (i = 0; i < 10 && received < 40; i++)
		loop_run_once(loop, 100);
	ck_assert_uint_eq(received, 40);
	ck_assert_uint_eq(last_id, 101);
	ck_assert_uint_eq(last_len, 4);
	ck_assert_uint_eq(last_buf[3], 39);
	ck_assert_int_eq(last_from.sa.sa_family, AF_INET);
	ck_assert_uint_eq(last_from.sin.sin_port, me.sin_port);

	/* A reply goes out of socket 101, i.e. from its local port. */
	udp_send(u, 101, &last_from, pkt, sizeof(pkt));
	{
		struct sockaddr_in src;
		socklen_t sl = sizeof(src);
		uint8_t in[8];

		ck_assert_int_eq(recvfrom(fd, in, sizeof(in), 0,
					  (struct sockaddr *)&src, &sl), 4);
		ck_assert_uint_eq(src.sin_port, local.sin.sin_port);
	}
	ck_assert_int_eq(udp_socket_for_family(u, AF_INET, &id), 0);
	ck_assert_uint_eq(id, 100);
	ck_assert_int_eq(udp_socket_for_family(u, AF_INET6, &id), -ENOENT);
	close(fd);
	udp_close(u);
	loop_free(loop);
}
END_TEST

START_TEST(errors_name_the_address)
{
	struct loop *loop = loop_new();
	struct config_global g;
	struct udp_set *u;
	struct sockaddr_in *sin;
	char err[256];

	loopback(&g, 1);
	sin = (struct sockaddr_in *)&g.listen[0].ss;
	inet_pton(AF_INET, "192.0.2.77", &sin->sin_addr);
	sin->sin_port = htons(1701);
	u = udp_open(loop, &g, fake_attach, NULL, rx, NULL, err, sizeof(err));
	ck_assert_ptr_null(u);
	ck_assert_msg(strstr(err, "listen 192.0.2.77:1701: "), "%s", err);

	/* The module refusing the socket is an error too, named the same. */
	loopback(&g, 1);
	u = udp_open(loop, &g, fake_attach, (void *)1, rx, NULL, err,
		     sizeof(err));
	ck_assert_ptr_null(u);
	ck_assert_msg(strstr(err, "listen 127.0.0.1:0: attaching to the "
			     "l2tpgw module"), "%s", err);
	loop_free(loop);
}
END_TEST

static Suite *udp_suite(void)
{
	Suite *s = suite_create("udp");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, batch_is_read_and_named_by_socket);
	tcase_add_test(tc, errors_name_the_address);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(udp_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
