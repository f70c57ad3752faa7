// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control server on a real loop against a fake provider: clients are
 * socketpairs adopted by the server, or connections to a socket in a
 * temporary directory.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-c/json.h>

#include "control/access.h"
#include "control/control.h"
#include "control/protocol.h"
#include "log.h"
#include "loop.h"

/* --- the fake daemon ---------------------------------------------------------- */

struct fake {
	int deleted_tunnel;
	struct control_selector deleted_sel;
	int session_deletes;
	char connected[CONTROL_NAME_MAX];
	struct control_server *srv;	/* publish from inside a call */
};

static const struct control_tunnel_info tunnels[] = {
	{ .tunnel_id = 1, .peer_tunnel_id = 11, .peer = { AF_INET, { 192, 0, 2, 1 } },
	  .peer_port = 1701, .state = "established", .sessions = 1,
	  .created_at = 1700000000 },
	{ .tunnel_id = 2, .peer_tunnel_id = 22, .peer = { AF_INET, { 192, 0, 2, 2 } },
	  .peer_port = 1701, .state = "wait-ctl-conn", .lac = "hq" },
};

static const struct control_session_info sessions[] = {
	{ .tunnel_id = 1, .session_id = 5, .peer_tunnel_id = 11,
	  .peer_session_id = 55, .state = "established", .user = "alice",
	  .ifname = "l2tp1-5", .ifindex = 9, .has_ipv4 = true,
	  .local_ipv4 = { 10, 0, 0, 1 }, .peer_ipv4 = { 10, 0, 0, 5 } },
};

/* The handlers' common parameters. */
#define HANDLER_ARGS	void *arg, const struct control_request *req, \
			struct control_reply *reply, char *err, size_t errlen

static int fake_tunnel_list(HANDLER_ARGS)
{
	for (size_t i = 0; i < 2; i++) {
		int ret = control_reply_tunnel(&tunnels[i], reply);

		if (ret)
			return ret;
	}
	return 0;
}

static int fake_tunnel_show(HANDLER_ARGS)
{
	for (size_t i = 0; i < 2; i++)
		if (tunnels[i].tunnel_id == req->tunnel_id)
			return control_reply_tunnel(&tunnels[i], reply);
	return 0;	/* the server reports "no tunnel N" */
}

static int fake_tunnel_delete(HANDLER_ARGS)
{
	struct fake *f = arg;

	if (req->tunnel_id != 1) {
		snprintf(err, errlen, "no tunnel %u", req->tunnel_id);
		return -ENOENT;
	}
	f->deleted_tunnel = req->tunnel_id;
	/* Deleting brings sessions down: events from inside the call. */
	control_server_publish_session(f->srv, CONTROL_EVENT_SESSION_DOWN,
				       &sessions[0], "tunnel deleted");
	return 0;
}

static int fake_session_list(HANDLER_ARGS)
{
	if (req->tunnel_id && req->tunnel_id != 1)
		return 0;
	return control_reply_session(&sessions[0], reply);
}

static int fake_session_show(HANDLER_ARGS)
{
	const struct control_selector *sel = &req->sel;

	if ((sel->kind == CONTROL_SEL_USER && !strcmp(sel->user, "alice")) ||
	    (sel->kind == CONTROL_SEL_ID && sel->tunnel_id == 1 &&
	     sel->session_id == 5))
		return control_reply_session(&sessions[0], reply);
	return 0;
}

static int fake_session_delete(HANDLER_ARGS)
{
	struct fake *f = arg;

	f->deleted_sel = req->sel;
	f->session_deletes++;
	return 0;
}

static int fake_lac_connect(HANDLER_ARGS)
{
	struct fake *f = arg;

	if (strcmp(req->name, "hq")) {
		snprintf(err, errlen, "no LAC \"%s\" in the configuration",
			 req->name);
		return -ENOENT;
	}
	snprintf(f->connected, sizeof(f->connected), "%s", req->name);
	return 0;
}

static int fake_stats(HANDLER_ARGS)
{
	int ret = control_reply_stat("tunnels_established", 3, reply);

	return ret ? ret : control_reply_stat("sessions_established", 4, reply);
}

static int fake_status(HANDLER_ARGS)
{
	struct control_status st = {
		.version = "0.1.0", .tunnels = 2, .sessions = 1,
	};

	return control_reply_status(reply, &st);
}

static int fake_monitor(HANDLER_ARGS)
{
	control_reply_subscribe(reply);
	return 0;
}

/* No reload, no lac_disconnect: they must answer -EOPNOTSUPP. */
static const struct control_provider provider = { .handler = {
	[CONTROL_CMD_STATUS] = fake_status,
	[CONTROL_CMD_TUNNEL_LIST] = fake_tunnel_list,
	[CONTROL_CMD_TUNNEL_SHOW] = fake_tunnel_show,
	[CONTROL_CMD_TUNNEL_DELETE] = fake_tunnel_delete,
	[CONTROL_CMD_SESSION_LIST] = fake_session_list,
	[CONTROL_CMD_SESSION_SHOW] = fake_session_show,
	[CONTROL_CMD_SESSION_DELETE] = fake_session_delete,
	[CONTROL_CMD_LAC_CONNECT] = fake_lac_connect,
	[CONTROL_CMD_STATS] = fake_stats,
	[CONTROL_CMD_MONITOR] = fake_monitor,
} };

/* --- test harness ---------------------------------------------------------------- */

static struct loop *loop;
static struct control_server *srv;
static struct fake fake;

static void quiet(int level, const char *line, void *arg)
{
}

static void setup_with(const struct control_server_config *cfg)
{
	memset(&fake, 0, sizeof(fake));
	log_set_sink(quiet, NULL);
	loop = loop_new();
	ck_assert_ptr_nonnull(loop);
	srv = control_server_new_unbound(loop, cfg, &provider, &fake);
	ck_assert_ptr_nonnull(srv);
	fake.srv = srv;
}

static void setup(void)
{
	setup_with(NULL);
}

static void teardown(void)
{
	control_server_free(srv);
	loop_free(loop);
	log_set_sink(NULL, NULL);
}

/* A new client; returns our end. */
static int client(void)
{
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	ck_assert_int_eq(control_server_adopt(srv, sv[1]), 0);
	return sv[0];
}

static void spin(int rounds)
{
	for (int i = 0; i < rounds; i++)
		loop_run_once(loop, 5);
}

static void send_raw(int fd, const void *buf, size_t len)
{
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
}

static void send_frame(int fd, const char *text)
{
	uint8_t hdr[4];

	control_frame_header(hdr, (uint32_t)strlen(text));
	send_raw(fd, hdr, 4);
	send_raw(fd, text, strlen(text));
}

/* Read one frame, running the loop meanwhile; NULL on EOF. */
static struct json_object *recv_frame(int fd)
{
	static uint8_t buf[1 << 20];
	uint8_t hdr[4];
	size_t need, have = 0;
	ssize_t n;

	for (int tries = 0; tries < 400; tries++) {
		spin(1);
		n = recv(fd, hdr + have, 4 - have, MSG_DONTWAIT);
		if (n == 0)
			return NULL;
		if (n > 0)
			have += (size_t)n;
		if (have == 4)
			break;
	}
	ck_assert_uint_eq(have, 4);
	need = (size_t)hdr[0] << 24 | (size_t)hdr[1] << 16 |
	       (size_t)hdr[2] << 8 | hdr[3];
	ck_assert_uint_lt(need, sizeof(buf));
	for (have = 0; have < need;) {
		spin(1);
		n = recv(fd, buf + have, need - have, MSG_DONTWAIT);
		ck_assert(n != 0);
		if (n > 0)
			have += (size_t)n;
	}
	buf[need] = '\0';
	return json_tokener_parse((const char *)buf);
}

static struct json_object *call(int fd, const char *text)
{
	struct json_object *r;

	send_frame(fd, text);
	r = recv_frame(fd);
	ck_assert_ptr_nonnull(r);
	return r;
}

static const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no \"%s\" in %s",
		      key, json_object_to_json_string(o));
	return json_object_get_string(v);
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

static void ck_error(struct json_object *r, int err, const char *text)
{
	ck_assert_str_eq(get_str(r, "ok"), "false");
	ck_assert_int_eq(json_object_get_int(get(r, "errno")), err);
	ck_assert_msg(strstr(get_str(r, "error"), text), "\"%s\" lacks \"%s\"",
		      get_str(r, "error"), text);
}

/* Nothing arrives on fd within a few loop rounds. */
static void ck_silent(int fd)
{
	char c;

	spin(5);
	ck_assert_int_eq(recv(fd, &c, 1, MSG_DONTWAIT), -1);
	ck_assert_int_eq(errno, EAGAIN);
}

/* --- tests ------------------------------------------------------------------------ */

START_TEST(lists_and_shows)
{
	int fd = client();
	struct json_object *r, *res;

	r = call(fd, "{\"id\":1,\"version\":1,\"cmd\":\"tunnel.list\"}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	ck_assert_int_eq(json_object_get_int(get(r, "id")), 1);
	res = get(r, "result");
	ck_assert_uint_eq(json_object_array_length(res), 2);
	ck_assert_str_eq(get_str(json_object_array_get_idx(res, 1), "lac"), "hq");
	json_object_put(r);

	r = call(fd, "{\"id\":2,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":{\"id\":1}}");
	ck_assert_str_eq(get_str(get(r, "result"), "peer"), "192.0.2.1");
	json_object_put(r);

	r = call(fd, "{\"id\":3,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":{\"id\":17}}");
	ck_error(r, ENOENT, "no tunnel 17");
	ck_assert_int_eq(json_object_get_int(get(r, "id")), 3);
	json_object_put(r);

	r = call(fd, "{\"id\":4,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"user\":\"alice\"}}");
	ck_assert_str_eq(get_str(get(r, "result"), "peer_ipv4"), "10.0.0.5");
	json_object_put(r);

	r = call(fd, "{\"id\":5,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"ifname\":\"ppp9\"}}");
	ck_error(r, ENOENT, "no session on interface ppp9");
	json_object_put(r);

	r = call(fd, "{\"id\":6,\"version\":1,\"cmd\":\"session.list\",\"args\":{\"tunnel\":2}}");
	ck_assert_uint_eq(json_object_array_length(get(r, "result")), 0);
	json_object_put(r);

	r = call(fd, "{\"id\":7,\"version\":1,\"cmd\":\"stats\"}");
	ck_assert_int_eq(json_object_get_int(get(get(r, "result"), "sessions_established")), 4);
	json_object_put(r);

	r = call(fd, "{\"id\":8,\"version\":1,\"cmd\":\"status\"}");
	ck_assert_str_eq(get_str(get(r, "result"), "version"), "0.1.0");
	ck_assert_int_eq(json_object_get_int(get(get(r, "result"), "protocol_version")), 1);
	json_object_put(r);
	close(fd);
}
END_TEST

START_TEST(actions_reach_the_provider)
{
	int fd = client();
	struct json_object *r;

	r = call(fd, "{\"id\":1,\"version\":1,\"cmd\":\"tunnel.delete\",\"args\":{\"id\":1}}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	ck_assert_int_eq(fake.deleted_tunnel, 1);
	json_object_put(r);

	r = call(fd, "{\"id\":2,\"version\":1,\"cmd\":\"tunnel.delete\",\"args\":{\"id\":9}}");
	ck_error(r, ENOENT, "no tunnel 9");
	json_object_put(r);

	r = call(fd, "{\"id\":3,\"version\":1,\"cmd\":\"session.delete\",\"args\":{\"address\":\"10.0.0.5\"}}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	ck_assert_int_eq(fake.deleted_sel.kind, CONTROL_SEL_ADDRESS);
	ck_assert_uint_eq(fake.deleted_sel.address.addr[3], 5);
	json_object_put(r);

	r = call(fd, "{\"id\":4,\"version\":1,\"cmd\":\"lac.connect\",\"args\":{\"name\":\"branch\"}}");
	ck_error(r, ENOENT, "no LAC \"branch\" in the configuration");
	json_object_put(r);
	r = call(fd, "{\"id\":5,\"version\":1,\"cmd\":\"lac.connect\",\"args\":{\"name\":\"hq\"}}");
	ck_assert_str_eq(fake.connected, "hq");
	json_object_put(r);

	r = call(fd, "{\"id\":6,\"version\":1,\"cmd\":\"reload\"}");
	ck_error(r, EOPNOTSUPP, "reload is not supported by this l2tpgwd");
	json_object_put(r);
	close(fd);
}
END_TEST

static char logged[1024];

static void keep_log(int level, const char *line, void *arg)
{
	if (level <= LOG_INFO)
		snprintf(logged + strlen(logged), sizeof(logged) - strlen(logged),
			 "%s\n", line);
}

/* A change that fails is worth a log line; a query that finds nothing is
 * only an answer (the table's read-only column). */
START_TEST(failed_changes_are_logged_failed_queries_not)
{
	int fd = client();

	logged[0] = '\0';
	log_set_sink(keep_log, NULL);
	json_object_put(call(fd, "{\"id\":1,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":{\"id\":9}}"));
	json_object_put(call(fd, "{\"id\":2,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"user\":\"bob\"}}"));
	ck_assert_str_eq(logged, "");
	json_object_put(call(fd, "{\"id\":3,\"version\":1,\"cmd\":\"tunnel.delete\",\"args\":{\"id\":9}}"));
	ck_assert_msg(strstr(logged, ": tunnel.delete failed: no tunnel 9\n"),
		      "%s", logged);
	close(fd);
}
END_TEST

START_TEST(bad_requests_get_errors_and_the_connection_lives)
{
	int fd = client();
	struct json_object *r;

	r = call(fd, "{\"id\":1,");
	ck_error(r, EBADMSG, "malformed JSON");
	ck_assert_ptr_null(get(r, "id"));
	json_object_put(r);

	r = call(fd, "{\"id\":2,\"version\":1,\"cmd\":\"nope\"}");
	ck_error(r, EOPNOTSUPP, "unknown command \"nope\"");
	ck_assert_int_eq(json_object_get_int(get(r, "id")), 2);
	json_object_put(r);

	r = call(fd, "{\"id\":3,\"version\":3,\"cmd\":\"status\"}");
	ck_error(r, EPROTONOSUPPORT, "protocol version 3");
	json_object_put(r);

	r = call(fd, "{\"id\":4,\"version\":1,\"cmd\":\"status\"}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	close(fd);
}
END_TEST

START_TEST(requests_split_and_batched)
{
	const char *a = "{\"id\":1,\"version\":1,\"cmd\":\"status\"}";
	const char *b = "{\"id\":2,\"version\":1,\"cmd\":\"stats\"}";
	uint8_t stream[256];
	size_t la = strlen(a), lb = strlen(b), n = 0;
	struct json_object *r;
	int fd = client();

	control_frame_header(stream, (uint32_t)la);
	memcpy(stream + 4, a, la);
	n = 4 + la;
	control_frame_header(stream + n, (uint32_t)lb);
	memcpy(stream + n + 4, b, lb);
	n += 4 + lb;
	/* One byte per read for the first, the rest in one go. */
	for (size_t i = 0; i < 4 + la - 1; i++) {
		send_raw(fd, stream + i, 1);
		spin(1);
	}
	ck_silent(fd);
	send_raw(fd, stream + 4 + la - 1, n - (4 + la - 1));
	r = recv_frame(fd);
	ck_assert_int_eq(json_object_get_int(get(r, "id")), 1);
	json_object_put(r);
	r = recv_frame(fd);
	ck_assert_int_eq(json_object_get_int(get(r, "id")), 2);
	json_object_put(r);
	close(fd);
}
END_TEST

START_TEST(oversized_request_ends_only_that_client)
{
	int bad = client(), good = client();
	struct json_object *r;
	uint8_t hdr[4];

	ck_assert_uint_eq(control_server_client_count(srv), 2);
	control_frame_header(hdr, CONTROL_MAX_REQUEST + 1);
	send_raw(bad, hdr, 4);
	r = recv_frame(bad);
	ck_error(r, EMSGSIZE, "request of 65537 bytes exceeds the limit of 65536 bytes");
	json_object_put(r);
	ck_assert_ptr_null(recv_frame(bad));	/* then EOF */
	ck_assert_uint_eq(control_server_client_count(srv), 1);

	r = call(good, "{\"id\":1,\"version\":1,\"cmd\":\"status\"}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	close(bad);
	close(good);
}
END_TEST

START_TEST(monitor_receives_events_others_do_not)
{
	int mon = client(), other = client();
	struct json_object *r, *ev;

	r = call(mon, "{\"id\":1,\"version\":1,\"cmd\":\"monitor\"}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);

	control_server_publish_tunnel(srv, CONTROL_EVENT_TUNNEL_UP, &tunnels[0], NULL);
	ev = recv_frame(mon);
	ck_assert_str_eq(get_str(ev, "event"), "tunnel.up");
	ck_assert_int_eq(json_object_get_int(get(get(ev, "tunnel"), "tunnel_id")), 1);
	ck_assert_ptr_null(get(ev, "reason"));
	json_object_put(ev);

	/* Events published during a request come before its answer. */
	r = call(other, "{\"id\":2,\"version\":1,\"cmd\":\"tunnel.delete\",\"args\":{\"id\":1}}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	ev = recv_frame(mon);
	ck_assert_str_eq(get_str(ev, "event"), "session.down");
	ck_assert_str_eq(get_str(ev, "reason"), "tunnel deleted");
	ck_assert_str_eq(get_str(get(ev, "session"), "user"), "alice");
	json_object_put(ev);

	control_server_publish(srv, CONTROL_EVENT_RELOAD, "configuration reloaded");
	ev = recv_frame(mon);
	ck_assert_str_eq(get_str(ev, "event"), "reload");
	json_object_put(ev);
	ck_silent(other);
	close(mon);
	close(other);
}
END_TEST

START_TEST(slow_monitor_is_dropped_others_continue)
{
	struct control_server_config cfg = { .max_output = 8192 };
	int slow, fast;
	struct json_object *r;
	int sz = 4096, i;

	teardown();
	setup_with(&cfg);
	slow = client();
	fast = client();
	setsockopt(slow, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	r = call(slow, "{\"id\":1,\"version\":1,\"cmd\":\"monitor\"}");
	json_object_put(r);
	r = call(fast, "{\"id\":1,\"version\":1,\"cmd\":\"monitor\"}");
	json_object_put(r);
	/* slow never reads; fast drains as it goes. */
	for (i = 0; i < 5000 && control_server_client_count(srv) == 2; i++) {
		control_server_publish_session(srv, CONTROL_EVENT_SESSION_UP,
					       &sessions[0], "lcp opened");
		r = recv_frame(fast);
		ck_assert_ptr_nonnull(r);
		json_object_put(r);
	}
	ck_assert_int_lt(i, 5000);
	ck_assert_uint_eq(control_server_client_count(srv), 1);
	control_server_publish_session(srv, CONTROL_EVENT_SESSION_DOWN,
				       &sessions[0], "lcp closed");
	r = recv_frame(fast);
	ck_assert_str_eq(get_str(r, "event"), "session.down");
	json_object_put(r);
	close(slow);
	close(fast);
}
END_TEST

START_TEST(client_not_reading_is_dropped_after_the_stall_time)
{
	struct control_server_config cfg = { .stall_ms = 100 };
	struct json_object *r;
	int slow, other, i;

	teardown();
	setup_with(&cfg);
	slow = client();
	other = client();
	r = call(slow, "{\"id\":1,\"version\":1,\"cmd\":\"monitor\"}");
	json_object_put(r);
	/* Fill the socket buffer well below max_output; slow never reads. */
	for (i = 0; i < 5000; i++)
		control_server_publish_session(srv, CONTROL_EVENT_SESSION_UP,
					       &sessions[0], NULL);
	ck_assert_uint_eq(control_server_client_count(srv), 2);
	spin(40);	/* 5 ms each, more than the stall time */
	ck_assert_uint_eq(control_server_client_count(srv), 1);
	r = call(other, "{\"id\":2,\"version\":1,\"cmd\":\"status\"}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	close(slow);
	close(other);
}
END_TEST

START_TEST(client_that_hangs_up_is_forgotten)
{
	int fd = client();

	ck_assert_uint_eq(control_server_client_count(srv), 1);
	send_frame(fd, "{\"id\":1,\"version\":1,\"cmd\":\"status\"}");
	close(fd);
	spin(10);
	ck_assert_uint_eq(control_server_client_count(srv), 0);
	/* Publishing to nobody is fine. */
	control_server_publish(srv, CONTROL_EVENT_RELOAD, NULL);
}
END_TEST

static int connect_path(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

START_TEST(listening_socket_mode_stale_and_busy)
{
	char dir[] = "/tmp/l2tpgw-control-XXXXXX", path[80], sub[80];
	struct control_server_config cfg = { .path = path, .group = (gid_t)-1 };
	struct control_server *a, *b;
	struct json_object *r;
	struct stat st;
	int fd, stale;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/run/control.sock", dir);
	/* A stale socket file: bound, then its owner died. */
	snprintf(sub, sizeof(sub), "%s/run", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	stale = socket(AF_UNIX, SOCK_STREAM, 0);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	ck_assert_int_eq(bind(stale, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(stale);

	a = control_server_new(loop, &cfg, &provider, &fake);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_int_eq(st.st_mode & 0777, 0660);

	b = control_server_new(loop, &cfg, &provider, &fake);
	ck_assert_ptr_null(b);
	ck_assert_int_eq(errno, EADDRINUSE);

	fd = connect_path(path);
	ck_assert_int_ge(fd, 0);
	r = call(fd, "{\"id\":1,\"version\":1,\"cmd\":\"status\"}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	close(fd);

	control_server_free(a);
	ck_assert_int_eq(stat(path, &st), -1);	/* unlinked */
	rmdir(sub);
	rmdir(dir);
}
END_TEST

START_TEST(too_many_clients_are_told_why)
{
	char dir[] = "/tmp/l2tpgw-control-XXXXXX", path[80];
	struct control_server_config cfg = { .path = path, .group = (gid_t)-1,
					     .max_clients = 1 };
	struct control_server *a;
	struct json_object *r;
	int one, two;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/c.sock", dir);
	a = control_server_new(loop, &cfg, &provider, &fake);
	ck_assert_ptr_nonnull(a);
	one = connect_path(path);
	spin(3);
	two = connect_path(path);
	r = recv_frame(two);
	ck_assert_ptr_nonnull(r);
	ck_error(r, EUSERS, "too many control clients (limit 1)");
	json_object_put(r);
	r = call(one, "{\"id\":1,\"version\":1,\"cmd\":\"status\"}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	close(one);
	close(two);
	control_server_free(a);
	rmdir(dir);
}
END_TEST

/*
 * A client that is not root: as root, a child takes uid and gid 65534,
 * makes the socketpair (whose credentials are its own) and hands both
 * ends back; otherwise we are not root already.  *uid and *gid: its ids.
 */
static int client_not_root(uid_t *uid, gid_t *gid)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(2 * sizeof(int))];
	} c;
	struct iovec iov = { .iov_base = (char[1]){ 0 }, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = c.buf,
			      .msg_controllen = sizeof(c.buf) };
	int ch[2], sv[2], status;
	pid_t pid;

	if (geteuid() != 0) {
		*uid = geteuid();
		*gid = getegid();
		return client();
	}
	*uid = 65534;
	*gid = 65534;
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, ch), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534) ||
		    socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			_exit(1);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(2 * sizeof(int));
		memcpy(CMSG_DATA(cm), sv, sizeof(sv));
		_exit(sendmsg(ch[1], &msg, 0) == 1 ? 0 : 1);
	}
	close(ch[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(status, 0);
	ck_assert_int_eq(recvmsg(ch[0], &msg, 0), 1);
	close(ch[0]);
	memcpy(sv, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(sv));
	ck_assert_int_eq(control_server_adopt(srv, sv[1]), 0);
	return sv[0];
}

/* SO_PEERCRED decides: READ commands for the monitor group, WRITE ones
 * for the admin group; a refusal never reaches the provider. */
START_TEST(commands_by_peer_credentials)
{
	struct control_access rules;
	struct json_object *r;
	uid_t uid;
	gid_t gid;
	int fd;
	char want[64];

	fd = client_not_root(&uid, &gid);
	control_access_init(&rules, uid + 1, (gid_t)-1, (gid_t)-1, gid);
	snprintf(rules.admin_name, sizeof(rules.admin_name), "gw-admin");
	rules.admin = gid + 1;
	control_server_set_access(srv, &rules);
	logged[0] = '\0';
	log_set_sink(keep_log, NULL);

	r = call(fd, "{\"id\":1,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"user\":\"alice\"}}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	r = call(fd, "{\"id\":2,\"version\":1,\"cmd\":\"session.delete\",\"args\":{\"user\":\"alice\"}}");
	ck_error(r, EACCES, "permission denied: 'session.delete' needs root "
		 "or group gw-admin");
	json_object_put(r);
	ck_assert_int_eq(fake.session_deletes, 0);
	snprintf(want, sizeof(want), "(uid %u gid %u pid ", (unsigned)uid,
		 (unsigned)gid);
	ck_assert_msg(strstr(logged, want) &&
		      strstr(logged, "session.delete refused"), "%s", logged);

	/* Not a monitor any more: no reading either. */
	rules.monitor = gid + 2;
	control_server_set_access(srv, &rules);
	r = call(fd, "{\"id\":3,\"version\":1,\"cmd\":\"stats\"}");
	ck_error(r, EACCES, "permission denied: 'stats' needs root");
	json_object_put(r);

	/* An admin now: the change goes through. */
	rules.admin = gid;
	control_server_set_access(srv, &rules);
	r = call(fd, "{\"id\":4,\"version\":1,\"cmd\":\"session.delete\",\"args\":{\"user\":\"alice\"}}");
	ck_assert_str_eq(get_str(r, "ok"), "true");
	json_object_put(r);
	ck_assert_int_eq(fake.session_deletes, 1);
	close(fd);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("control_server");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, lists_and_shows);
	tcase_add_test(tc, actions_reach_the_provider);
	tcase_add_test(tc, failed_changes_are_logged_failed_queries_not);
	tcase_add_test(tc, bad_requests_get_errors_and_the_connection_lives);
	tcase_add_test(tc, requests_split_and_batched);
	tcase_add_test(tc, oversized_request_ends_only_that_client);
	tcase_add_test(tc, monitor_receives_events_others_do_not);
	tcase_add_test(tc, slow_monitor_is_dropped_others_continue);
	tcase_add_test(tc, client_not_reading_is_dropped_after_the_stall_time);
	tcase_add_test(tc, client_that_hangs_up_is_forgotten);
	tcase_add_test(tc, listening_socket_mode_stale_and_busy);
	tcase_add_test(tc, too_many_clients_are_told_why);
	tcase_add_test(tc, commands_by_peer_credentials);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
