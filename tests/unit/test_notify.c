// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sd_notify for systemd (daemon/notify.c), on a virtual clock, received
 * on a datagram socket standing in for systemd's $NOTIFY_SOCKET: READY=1
 * then STATUS= and WATCHDOG=1 at start, WATCHDOG=1 at half the watchdog
 * interval, STATUS= only when a count changed and at most once a second,
 * RELOADING=1 with MONOTONIC_USEC= then READY=1, STOPPING=1; no watchdog
 * for another process's WATCHDOG_PID; nothing at all without
 * $NOTIFY_SOCKET.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "notify.h"

static struct notify_counts counts;
static char sock_path[108];
static int sock = -1;

static void fake_counts(void *arg, struct notify_counts *c)
{
	*c = counts;
}

static void setup(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	memset(&counts, 0, sizeof(counts));
	snprintf(sock_path, sizeof(sock_path), "/tmp/l2tpgw-notify-%ld.sock",
		 (long)getpid());
	unlink(sock_path);
	memcpy(sun.sun_path, sock_path, strlen(sock_path) + 1);
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(sock, 0);
	ck_assert_int_eq(bind(sock, (struct sockaddr *)&sun, sizeof(sun)), 0);
	setenv("NOTIFY_SOCKET", sock_path, 1);
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}

static void teardown(void)
{
	close(sock);
	unlink(sock_path);
}

/* The next message, or "" if none is waiting. */
static const char *next(void)
{
	static char buf[256];
	ssize_t n = recv(sock, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void watchdog_for_us(const char *usec)
{
	char pid[32];

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	setenv("WATCHDOG_USEC", usec, 1);
	setenv("WATCHDOG_PID", pid, 1);
}

START_TEST(status_lines)
{
	struct notify_counts c = { .tunnels = 12, .sessions = 340, .up = 337,
				   .negotiating = 3 };
	char buf[128];

	notify_status_format(buf, sizeof(buf), &c);
	ck_assert_str_eq(buf, "STATUS=12 tunnels, 340 sessions (337 up, "
			 "3 negotiating)");
	c = (struct notify_counts){ .tunnels = 1, .sessions = 1, .up = 1 };
	notify_status_format(buf, sizeof(buf), &c);
	ck_assert_str_eq(buf, "STATUS=1 tunnel, 1 session (1 up, "
			 "0 negotiating)");
}
END_TEST

START_TEST(ready_status_watchdog)
{
	struct loop *loop = loop_new_virtual(0);
	struct notifier *n;
	unsigned i;

	watchdog_for_us("2000000");
	counts.tunnels = 2;
	n = notifier_start_counts(loop, fake_counts, NULL);
	ck_assert_ptr_nonnull(n);
	ck_assert_str_eq(next(), "READY=1");
	ck_assert_str_eq(next(), "STATUS=2 tunnels, 0 sessions (0 up, "
			 "0 negotiating)");
	ck_assert_str_eq(next(), "WATCHDOG=1");
	ck_assert_str_eq(next(), "");
	/* Half of 2 s; nothing changed, so no STATUS=. */
	loop_advance(loop, 999);
	ck_assert_str_eq(next(), "");
	loop_advance(loop, 1);
	ck_assert_str_eq(next(), "WATCHDOG=1");
	ck_assert_str_eq(next(), "");
	for (i = 0; i < 5; i++) {
		loop_advance(loop, 1000);
		ck_assert_str_eq(next(), "WATCHDOG=1");
	}
	ck_assert_str_eq(next(), "");
	/* Changes within a second: one STATUS= with the last counts. */
	loop_advance(loop, 200);
	counts.sessions = 1;
	counts.negotiating = 1;
	loop_advance(loop, 300);
	counts.up = 1;
	counts.negotiating = 0;
	ck_assert_str_eq(next(), "");
	loop_advance(loop, 500);
	ck_assert_str_eq(next(), "STATUS=2 tunnels, 1 session (1 up, "
			 "0 negotiating)");
	ck_assert_str_eq(next(), "WATCHDOG=1");
	ck_assert_str_eq(next(), "");
	notifier_free(n);
	loop_advance(loop, 5000);
	ck_assert_str_eq(next(), "");
	loop_free(loop);
}
END_TEST

START_TEST(reload_and_stop)
{
	struct loop *loop = loop_new_virtual(0);
	struct notifier *n = notifier_start_counts(loop, fake_counts, NULL);
	const char *m;

	ck_assert_str_eq(next(), "READY=1");
	ck_assert_str_eq(next(), "STATUS=0 tunnels, 0 sessions (0 up, "
			 "0 negotiating)");
	ck_assert_str_eq(next(), "");
	notifier_reloading(n);
	m = next();
	ck_assert_msg(!strncmp(m, "RELOADING=1\nMONOTONIC_USEC=", 27) &&
		      strtoull(m + 27, NULL, 10) > 0, "%s", m);
	counts.tunnels = 1;
	notifier_reloaded(n);
	/* READY=1 alone: the new counts wait for the timer. */
	ck_assert_str_eq(next(), "READY=1");
	ck_assert_str_eq(next(), "");
	loop_advance(loop, 1000);
	ck_assert_str_eq(next(), "STATUS=1 tunnel, 0 sessions (0 up, "
			 "0 negotiating)");
	notifier_stopping(n);
	ck_assert_str_eq(next(), "STOPPING=1");
	ck_assert_str_eq(next(), "");
	notifier_free(n);
	loop_free(loop);
}
END_TEST

START_TEST(watchdog_of_another_process)
{
	struct loop *loop = loop_new_virtual(0);
	struct notifier *n;

	setenv("WATCHDOG_USEC", "2000000", 1);
	setenv("WATCHDOG_PID", "1", 1);
	n = notifier_start_counts(loop, fake_counts, NULL);
	ck_assert_str_eq(next(), "READY=1");
	next();
	loop_advance(loop, 3000);
	ck_assert_str_eq(next(), "");
	notifier_free(n);
	loop_free(loop);
}
END_TEST

START_TEST(not_under_systemd)
{
	struct loop *loop = loop_new_virtual(0);
	struct notifier *n;

	unsetenv("NOTIFY_SOCKET");
	watchdog_for_us("2000000");
	n = notifier_start_counts(loop, fake_counts, NULL);
	ck_assert_ptr_null(n);
	notifier_reloading(n);
	notifier_reloaded(n);
	notifier_stopping(n);
	notifier_free(n);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
	ck_assert_str_eq(next(), "");
	loop_free(loop);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	log_init(LOG_EMERG, false, "test_notify");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, status_lines);
	tcase_add_test(tc, ready_status_watchdog);
	tcase_add_test(tc, reload_and_stop);
	tcase_add_test(tc, watchdog_of_another_process);
	tcase_add_test(tc, not_under_systemd);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
