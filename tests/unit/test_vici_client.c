// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VICI client against a fake charon: a unix socket in a temp dir,
 * served by this file through the same loop.  The fake speaks from
 * hand-written bytes (not our encoder) and plays:
 *
 *   version      -> { daemon = charon }
 *   load-conn    -> { success = no  errmsg = bad proposal }
 *   list-sas     -> two "list-sa" events, a "child-updown" on the event
 *                   connection in between, then {}
 *   split        -> { daemon = charon }, written in two halves 30 ms apart
 *   hold         -> no answer
 *   anything else-> CMD_UNKNOWN
 *   register "bogus" -> EVENT_UNKNOWN, other registrations -> EVENT_CONFIRM
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "vici/client.h"
#include "vici/packet.h"

#define MAXCONN 8

struct fake {
	struct loop *loop;
	char dir[64], path[128];
	int lfd;
	int fds[MAXCONN];
	struct vici_reader rd[MAXCONN];
	int nconn;
	char log[64][64];	/* "conn: type name" of what clients sent */
	int nlog;
	struct timer split_timer;	/* writes the rest of a split packet */
	int split_fd;
	uint8_t split_buf[512];
	size_t split_len;
};

static struct fake fk;

/* { daemon = charon } */
static const uint8_t msg_version[] = {
	3, 6, 'd', 'a', 'e', 'm', 'o', 'n', 0, 6, 'c', 'h', 'a', 'r', 'o', 'n',
};
/* { success = no  errmsg = bad proposal } */
static const uint8_t msg_rejected[] = {
	3, 7, 's', 'u', 'c', 'c', 'e', 's', 's', 0, 2, 'n', 'o',
	3, 6, 'e', 'r', 'r', 'm', 's', 'g', 0, 12,
	'b', 'a', 'd', ' ', 'p', 'r', 'o', 'p', 'o', 's', 'a', 'l',
};
/* { l2tp = { uniqueid = 7 } } */
static const uint8_t msg_list_sa[] = {
	1, 4, 'l', '2', 't', 'p',
	3, 8, 'u', 'n', 'i', 'q', 'u', 'e', 'i', 'd', 0, 1, '7',
	2,
};
/* { up = yes } */
static const uint8_t msg_up[] = { 3, 2, 'u', 'p', 0, 3, 'y', 'e', 's' };

static void fake_send(int fd, uint8_t type, const char *name,
		      const uint8_t *msg, size_t len, size_t first_part)
{
	uint8_t buf[512];
	size_t n = 4, nlen = name ? strlen(name) : 0;
	size_t seg = 1 + (name ? 1 + nlen : 0) + len;

	buf[0] = 0;
	buf[1] = 0;
	buf[2] = seg >> 8;
	buf[3] = seg;
	buf[n++] = type;
	if (name) {
		buf[n++] = nlen;
		memcpy(buf + n, name, nlen);
		n += nlen;
	}
	memcpy(buf + n, msg, len);
	n += len;
	if (!first_part)
		first_part = n;
	ck_assert_int_eq(write(fd, buf, first_part), (ssize_t)first_part);
	if (first_part < n) {
		/* the rest goes out later, so the client sees a partial read */
		memcpy(fk.split_buf, buf + first_part, n - first_part);
		fk.split_len = n - first_part;
		fk.split_fd = fd;
	}
}

static void split_cb(struct loop *loop, struct timer *t, void *arg)
{
	ck_assert_int_eq(write(fk.split_fd, fk.split_buf, fk.split_len),
			 (ssize_t)fk.split_len);
}

static void fake_log(int i, const struct vici_packet *p)
{
	ck_assert_int_lt(fk.nlog, 60);
	snprintf(fk.log[fk.nlog++], 64, "%d: %s %.40s", i,
		 vici_packet_type_name(p->type), p->name);
}

static int find_event_conn(void)
{
	/* the client opens the command connection first, then events */
	return fk.nconn >= 2 ? fk.fds[fk.nconn - 1] : -1;
}

static void fake_packet(int i, const struct vici_packet *p)
{
	int fd = fk.fds[i];

	fake_log(i, p);
	switch (p->type) {
	case VICI_EVENT_REGISTER:
		fake_send(fd, strcmp(p->name, "bogus") ? VICI_EVENT_CONFIRM
						       : VICI_EVENT_UNKNOWN,
			  NULL, NULL, 0, 0);
		return;
	case VICI_EVENT_UNREGISTER:
		fake_send(fd, VICI_EVENT_CONFIRM, NULL, NULL, 0, 0);
		return;
	case VICI_CMD_REQUEST:
		break;
	default:
		ck_abort_msg("fake: unexpected packet type %u", p->type);
	}
	if (!strcmp(p->name, "version")) {
		fake_send(fd, VICI_CMD_RESPONSE, NULL, msg_version,
			  sizeof(msg_version), 0);
	} else if (!strcmp(p->name, "load-conn")) {
		fake_send(fd, VICI_CMD_RESPONSE, NULL, msg_rejected,
			  sizeof(msg_rejected), 0);
	} else if (!strcmp(p->name, "list-sas")) {
		fake_send(fd, VICI_EVENT, "list-sa", msg_list_sa,
			  sizeof(msg_list_sa), 0);
		fake_send(find_event_conn(), VICI_EVENT, "child-updown", msg_up,
			  sizeof(msg_up), 0);
		fake_send(fd, VICI_EVENT, "list-sa", msg_list_sa,
			  sizeof(msg_list_sa), 0);
		fake_send(fd, VICI_CMD_RESPONSE, NULL, NULL, 0, 0);
	} else if (!strcmp(p->name, "hold")) {
		return;
	} else if (!strcmp(p->name, "split")) {
		fake_send(fd, VICI_CMD_RESPONSE, NULL, msg_version,
			  sizeof(msg_version), 11);
		timer_arm(fk.loop, &fk.split_timer, 30);
	} else {
		fake_send(fd, VICI_CMD_UNKNOWN, NULL, NULL, 0, 0);
	}
}

static void fake_close(int i)
{
	if (fk.fds[i] < 0)
		return;
	loop_del_fd(fk.loop, fk.fds[i]);
	close(fk.fds[i]);
	fk.fds[i] = -1;
}

static void fake_conn_io(struct loop *loop, int fd, uint32_t events,
			 void *arg)
{
	int i = (int)(intptr_t)arg;
	uint8_t buf[4096];
	const uint8_t *seg;
	struct vici_packet p;
	size_t seg_len, off;
	ssize_t n, used;

	n = read(fd, buf, sizeof(buf));
	if (n <= 0) {
		fake_close(i);
		return;
	}
	for (off = 0; off < (size_t)n; off += used) {
		used = vici_reader_feed(&fk.rd[i], buf + off, n - off, &seg,
					&seg_len, NULL, 0);
		ck_assert_int_gt(used, 0);
		if (seg) {
			ck_assert_int_eq(vici_packet_parse(seg, seg_len, &p,
							   NULL, 0), 0);
			fake_packet(i, &p);
		}
	}
}

static void fake_accept(struct loop *loop, int fd, uint32_t events, void *arg)
{
	int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	ck_assert_int_ge(c, 0);
	ck_assert_int_lt(fk.nconn, MAXCONN);
	fk.fds[fk.nconn] = c;
	vici_reader_init(&fk.rd[fk.nconn]);
	ck_assert_int_eq(loop_add_fd(loop, c, EPOLLIN, fake_conn_io,
				     (void *)(intptr_t)fk.nconn), 0);
	fk.nconn++;
}

static void fake_listen(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	strcpy(sun.sun_path, fk.path);
	fk.lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_ge(fk.lfd, 0);
	ck_assert_int_eq(bind(fk.lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(fk.lfd, 8), 0);
	ck_assert_int_eq(loop_add_fd(fk.loop, fk.lfd, EPOLLIN, fake_accept,
				     NULL), 0);
}

static void fake_stop_listening(void)
{
	loop_del_fd(fk.loop, fk.lfd);
	close(fk.lfd);
	unlink(fk.path);
	fk.lfd = -1;
}

static void setup(void)
{
	memset(&fk, 0, sizeof(fk));
	log_init(LOG_ERR, false, "test_vici_client");
	fk.loop = loop_new();
	ck_assert_ptr_nonnull(fk.loop);
	strcpy(fk.dir, "/tmp/vici-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fk.dir));
	snprintf(fk.path, sizeof(fk.path), "%s/charon.vici", fk.dir);
	for (int i = 0; i < MAXCONN; i++)
		fk.fds[i] = -1;
	fk.lfd = -1;
	timer_init(&fk.split_timer, split_cb, NULL);
}

static void teardown(void)
{
	for (int i = 0; i < fk.nconn; i++) {
		fake_close(i);
		vici_reader_release(&fk.rd[i]);
	}
	if (fk.lfd >= 0)
		fake_stop_listening();
	timer_cancel(fk.loop, &fk.split_timer);
	rmdir(fk.dir);
	loop_free(fk.loop);
}

/* ---- client side ------------------------------------------------------ */

struct rec {
	int connected, disconnected;
	char why[256];
	char order[16][160];
	int norder;
	int events[4];	/* list-sa, child-updown, ike-updown */
};

static struct rec rec;

static void on_connected(struct vici_client *c, void *ctx)
{
	rec.connected++;
}

static void on_disconnected(struct vici_client *c, const char *why, void *ctx)
{
	rec.disconnected++;
	snprintf(rec.why, sizeof(rec.why), "%s", why);
}

static const struct vici_client_ops ops = {
	.connected = on_connected,
	.disconnected = on_disconnected,
	.retry_min_ms = 20,
	.retry_max_ms = 80,
};

static void on_response(struct vici_client *c, int err,
			const struct vici_msg *res, const char *errstr,
			void *arg)
{
	const char *d = res ? vici_msg_get(res, NULL, "daemon") : NULL;

	ck_assert_int_lt(rec.norder, 16);
	snprintf(rec.order[rec.norder++], 160, "%s %d %s %s",
		 (const char *)arg, err, d ? d : "-", errstr ? errstr : "-");
}

static void on_event(struct vici_client *c, const char *event,
		     const struct vici_msg *msg, void *arg)
{
	uint64_t id;

	if (!strcmp(event, "list-sa")) {
		ck_assert_int_eq(vici_msg_get_uint(msg, NULL, "l2tp.uniqueid",
						   10, UINT32_MAX, &id), 0);
		ck_assert_uint_eq(id, 7);
		/* streamed events arrive before the response */
		ck_assert_int_eq(rec.norder, 0);
		rec.events[0]++;
	} else if (!strcmp(event, "child-updown")) {
		ck_assert_str_eq(vici_msg_get(msg, NULL, "up"), "yes");
		rec.events[1]++;
	} else {
		ck_abort_msg("unexpected event %s", event);
	}
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run the loop until *counter reaches want, failing after 2 s. */
static void run_until(const int *counter, int want)
{
	uint64_t deadline = now_ms() + 2000;

	while (*counter < want) {
		ck_assert_msg(now_ms() < deadline, "timed out (%d < %d)",
			      *counter, want);
		loop_run_once(fk.loop, 10);
	}
}

static void run_for(int ms)
{
	uint64_t end = now_ms() + ms;

	while (now_ms() < end)
		loop_run_once(fk.loop, 5);
}

START_TEST(ordered_responses_and_errors)
{
	struct vici_client *c;
	struct vici_builder b;

	memset(&rec, 0, sizeof(rec));
	fake_listen();
	c = vici_client_new(fk.loop, fk.path, &ops, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(vici_client_register(c, "child-updown", on_event,
					      NULL), 0);
	ck_assert_int_eq(vici_client_register(c, "child-updown", on_event,
					      NULL), -EEXIST);
	/* queued before the connection exists */
	ck_assert_int_eq(vici_client_command(c, "version", NULL, on_response,
					     "version"), 0);
	vici_builder_init(&b);
	vici_begin_section(&b, "l2tp");
	vici_add_kv_str(&b, "version", "0");
	vici_end_section(&b);
	ck_assert_int_eq(vici_client_command(c, "load-conn", &b, on_response,
					     "load-conn"), 0);
	vici_builder_release(&b);
	ck_assert_int_eq(vici_client_command(c, "frobnicate", NULL,
					     on_response, "frobnicate"), 0);
	run_until(&rec.norder, 3);
	ck_assert_int_eq(rec.connected, 1);
	ck_assert(vici_client_is_up(c));
	ck_assert_str_eq(rec.order[0], "version 0 charon -");
	ck_assert_str_eq(rec.order[1],
			 "load-conn -121 - charon rejected load-conn: bad proposal");
	ck_assert_str_eq(rec.order[2],
			 "frobnicate -95 - charon does not know command 'frobnicate'");
	/* the event registration came first, on the second connection */
	ck_assert_str_eq(fk.log[0], "1: event-register child-updown");
	ck_assert_str_eq(fk.log[1], "0: cmd-request version");

	/* a builder error is reported at once and nothing is sent */
	vici_builder_init(&b);
	vici_begin_list(&b, "open");
	ck_assert_int_eq(vici_client_command(c, "load-conn", &b, on_response,
					     "x"), -EINVAL);
	vici_builder_release(&b);
	vici_client_free(c);
}
END_TEST

START_TEST(streamed_command_with_interleaved_event)
{
	struct vici_client *c;

	memset(&rec, 0, sizeof(rec));
	fake_listen();
	c = vici_client_new(fk.loop, fk.path, &ops, NULL);
	ck_assert_int_eq(vici_client_register(c, "child-updown", on_event,
					      NULL), 0);
	ck_assert_int_eq(vici_client_command_stream(c, "list-sas", NULL,
						    "list-sa", on_event,
						    on_response, "list-sas"),
			 0);
	ck_assert_int_eq(vici_client_command(c, "split", NULL, on_response,
					     "split"), 0);
	run_until(&rec.norder, 2);
	ck_assert_int_eq(rec.events[0], 2);
	ck_assert_int_eq(rec.events[1], 1);
	ck_assert_str_eq(rec.order[0], "list-sas 0 - -");
	ck_assert_str_eq(rec.order[1], "split 0 charon -");
	/* register, command, unregister, then the next command */
	ck_assert_str_eq(fk.log[1], "0: event-register list-sa");
	ck_assert_str_eq(fk.log[2], "0: cmd-request list-sas");
	ck_assert_str_eq(fk.log[3], "0: event-unregister list-sa");
	ck_assert_str_eq(fk.log[4], "0: cmd-request split");

	/* an unknown stream event fails the command, not the connection */
	ck_assert_int_eq(vici_client_command_stream(c, "list-sas", NULL,
						    "bogus", on_event,
						    on_response, "bogus"), 0);
	ck_assert_int_eq(vici_client_command(c, "version", NULL, on_response,
					     "version"), 0);
	run_until(&rec.norder, 4);
	ck_assert_str_eq(rec.order[2],
			 "bogus -2 - charon has no event 'bogus' to stream list-sas");
	ck_assert_str_eq(rec.order[3], "version 0 charon -");
	ck_assert_int_eq(rec.connected, 1);
	vici_client_free(c);
}
END_TEST

START_TEST(server_restart_reconnects)
{
	struct vici_client *c;
	int regs = 0;

	memset(&rec, 0, sizeof(rec));
	fake_listen();
	c = vici_client_new(fk.loop, fk.path, &ops, NULL);
	ck_assert_int_eq(vici_client_register(c, "ike-updown", on_event,
					      NULL), 0);
	run_until(&rec.connected, 1);

	/* charon restarts: connections drop, the socket goes away a while */
	fake_stop_listening();
	for (int i = 0; i < fk.nconn; i++)
		fake_close(i);
	run_until(&rec.disconnected, 1);
	ck_assert(!vici_client_is_up(c));
	ck_assert_msg(strstr(rec.why, "closed the"), "why: %s", rec.why);
	/* commands issued meanwhile wait for the new connection */
	ck_assert_int_eq(vici_client_command(c, "version", NULL, on_response,
					     "version"), 0);
	run_for(100);
	ck_assert_int_eq(rec.disconnected, 1);	/* once per outage */
	ck_assert_int_eq(rec.norder, 0);
	fake_listen();
	run_until(&rec.connected, 2);
	run_until(&rec.norder, 1);
	ck_assert_str_eq(rec.order[0], "version 0 charon -");
	for (int i = 0; i < fk.nlog; i++)
		regs += !strcmp(fk.log[i] + 3, "event-register ike-updown");
	ck_assert_int_eq(regs, 2);
	vici_client_free(c);
}
END_TEST

START_TEST(absent_socket_then_charon_starts)
{
	char want[256];
	struct vici_client *c;

	memset(&rec, 0, sizeof(rec));
	c = vici_client_new(fk.loop, fk.path, &ops, NULL);
	ck_assert_int_eq(vici_client_command(c, "version", NULL, on_response,
					     "version"), 0);
	run_until(&rec.disconnected, 1);
	snprintf(want, sizeof(want),
		 "vici: charon not reachable at %s: No such file or directory",
		 fk.path);
	ck_assert_str_eq(rec.why, want);
	ck_assert_str_eq(vici_client_last_error(c), want);
	fake_listen();
	run_until(&rec.norder, 1);
	ck_assert_int_eq(rec.connected, 1);
	ck_assert_str_eq(rec.order[0], "version 0 charon -");
	vici_client_free(c);
}
END_TEST

START_TEST(protocol_error_fails_pending_then_free_cancels)
{
	/* a segment length of 1 MiB: over charon's (and our) limit */
	static const uint8_t huge[] = { 0x00, 0x10, 0x00, 0x00 };
	struct vici_client *c;
	char want[256];

	memset(&rec, 0, sizeof(rec));
	fake_listen();
	c = vici_client_new(fk.loop, fk.path, &ops, NULL);
	run_until(&rec.connected, 1);
	ck_assert_int_eq(vici_client_command(c, "hold", NULL, on_response,
					     "hold"), 0);
	ck_assert_int_eq(vici_client_command(c, "version", NULL, on_response,
					     "version"), 0);
	run_for(30);
	ck_assert_int_eq(rec.norder, 0);
	ck_assert_int_eq(write(fk.fds[0], huge, sizeof(huge)), 4);
	run_until(&rec.disconnected, 1);
	snprintf(want, sizeof(want),
		 "vici: segment of 1048576 bytes exceeds the 524288-byte limit from charon at %s",
		 fk.path);
	ck_assert_str_eq(rec.why, want);
	/* the command on the wire failed; the queued one survives */
	ck_assert_int_eq(rec.norder, 1);
	snprintf(want, sizeof(want), "hold -104 - %.200s", rec.why);
	ck_assert_str_eq(rec.order[0], want);
	run_until(&rec.norder, 2);
	ck_assert_int_eq(rec.connected, 2);
	ck_assert_str_eq(rec.order[1], "version 0 charon -");

	ck_assert_int_eq(vici_client_command(c, "hold", NULL, on_response,
					     "hold"), 0);
	ck_assert_int_eq(vici_client_command(c, "version", NULL, on_response,
					     "queued"), 0);
	run_for(30);
	vici_client_free(c);
	ck_assert_int_eq(rec.norder, 4);
	ck_assert_str_eq(rec.order[2], "hold -125 - vici: client closed");
	ck_assert_str_eq(rec.order[3], "queued -125 - vici: client closed");
}
END_TEST

START_TEST(unknown_event_and_unsolicited_packets)
{
	static const uint8_t bad_event[] = {
		/* EVENT "child-updown" whose message ends inside a section */
		0, 0, 0, 17, 7, 12, 'c', 'h', 'i', 'l', 'd', '-', 'u', 'p',
		'd', 'o', 'w', 'n', 1, 1, 'x',
	};
	struct vici_client *c;
	char want[256];

	memset(&rec, 0, sizeof(rec));
	fake_listen();
	c = vici_client_new(fk.loop, fk.path, &ops, NULL);
	/* charon lacks this event: logged, and the client still comes up */
	ck_assert_int_eq(vici_client_register(c, "bogus", on_event, NULL), 0);
	ck_assert_int_eq(vici_client_register(c, "child-updown", on_event,
					      NULL), 0);
	run_until(&rec.connected, 1);
	/* a malformed event is dropped; the connection stays */
	ck_assert_int_eq(write(fk.fds[1], bad_event, sizeof(bad_event)),
			 (ssize_t)sizeof(bad_event));
	run_for(30);
	ck_assert_int_eq(rec.events[1], 0);
	ck_assert_int_eq(rec.disconnected, 0);
	/* a response nobody asked for breaks the request/response order */
	fake_send(fk.fds[0], VICI_CMD_RESPONSE, NULL, NULL, 0, 0);
	run_until(&rec.disconnected, 1);
	snprintf(want, sizeof(want),
		 "vici: unexpected cmd-response packet from charon at %s on the command connection",
		 fk.path);
	ck_assert_str_eq(rec.why, want);
	run_until(&rec.connected, 2);
	vici_client_free(c);
}
END_TEST

START_TEST(silent_charon_times_out)
{
	struct vici_client_ops timed = ops;
	struct vici_client *c;
	char want[256];

	memset(&rec, 0, sizeof(rec));
	timed.response_timeout_ms = 50;
	fake_listen();
	c = vici_client_new(fk.loop, fk.path, &timed, NULL);
	/* answered commands are unaffected; the unanswered one fails */
	ck_assert_int_eq(vici_client_command_stream(c, "list-sas", NULL,
						    "list-sa", on_event,
						    on_response, "list-sas"),
			 0);
	ck_assert_int_eq(vici_client_command(c, "hold", NULL, on_response,
					     "hold"), 0);
	run_until(&rec.disconnected, 1);
	snprintf(want, sizeof(want),
		 "vici: charon at %s did not answer command 'hold' within 50 ms",
		 fk.path);
	ck_assert_str_eq(rec.why, want);
	ck_assert_int_eq(rec.norder, 2);
	ck_assert_str_eq(rec.order[0], "list-sas 0 - -");
	ck_assert_int_eq(strncmp(rec.order[1], "hold -104 ", 10), 0);
	run_until(&rec.connected, 2);
	vici_client_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vici_client");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, ordered_responses_and_errors);
	tcase_add_test(tc, streamed_command_with_interleaved_event);
	tcase_add_test(tc, server_restart_reconnects);
	tcase_add_test(tc, absent_socket_then_charon_starts);
	tcase_add_test(tc, protocol_error_fails_pending_then_free_cancels);
	tcase_add_test(tc, unknown_event_and_unsolicited_packets);
	tcase_add_test(tc, silent_charon_times_out);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
