// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libl2tpctl's daemon calls against a fake l2tpgwd: a thread serving a
 * Unix socket with scripted answers, recording each request it gets.
 * Also the codec's pure functions directly.
 */
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "daemon_internal.h"
#include "l2tpctl.h"

/* --- the fake daemon ------------------------------------------------------------ */

#define MAX_SCRIPT 4

static char sock_dir[] = "/tmp/l2tpctl-test-XXXXXX";
static char sock_path[96];
static int listen_fd = -1;
static pthread_t server;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Frames to answer the next request with; "%u" is replaced by its id.
 * "CLOSE" hangs up instead. */
static const char *script[MAX_SCRIPT];
static char last_request[4096];

static int read_full(int fd, void *buf, size_t len)
{
	size_t have = 0;
	ssize_t n;

	while (have < len) {
		n = read(fd, (char *)buf + have, len - have);
		if (n <= 0)
			return -1;
		have += (size_t)n;
	}
	return 0;
}

static void send_text(int fd, const char *text)
{
	uint8_t hdr[4];
	size_t n = strlen(text);

	hdr[0] = (uint8_t)(n >> 24);
	hdr[1] = (uint8_t)(n >> 16);
	hdr[2] = (uint8_t)(n >> 8);
	hdr[3] = (uint8_t)n;
	if (write(fd, hdr, 4) != 4 || write(fd, text, n) != (ssize_t)n)
		return;
}

/* Serve one connection until it closes or a script says CLOSE. */
static void serve(int fd)
{
	char buf[4096], reply[8192];
	uint8_t hdr[4];
	uint32_t len;
	struct json_object *req, *id;

	for (;;) {
		if (read_full(fd, hdr, 4))
			return;
		len = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 |
		      (uint32_t)hdr[2] << 8 | hdr[3];
		if (len >= sizeof(buf) || read_full(fd, buf, len))
			return;
		buf[len] = '\0';
		req = json_tokener_parse(buf);
		json_object_object_get_ex(req, "id", &id);
		pthread_mutex_lock(&lock);
		snprintf(last_request, sizeof(last_request), "%s", buf);
		for (int i = 0; i < MAX_SCRIPT && script[i]; i++) {
			if (!strcmp(script[i], "CLOSE")) {
				pthread_mutex_unlock(&lock);
				json_object_put(req);
				return;
			}
			snprintf(reply, sizeof(reply), script[i],
				 (unsigned int)json_object_get_int64(id));
			send_text(fd, reply);
		}
		pthread_mutex_unlock(&lock);
		json_object_put(req);
	}
}

static void *connection_main(void *arg)
{
	int fd = (int)(intptr_t)arg;

	serve(fd);
	close(fd);
	return NULL;
}

/* A thread per connection: the library holds two (requests, monitor). */
static void *server_main(void *arg)
{
	pthread_t t;
	int fd;

	while ((fd = accept(listen_fd, NULL, NULL)) >= 0) {
		if (pthread_create(&t, NULL, connection_main, (void *)(intptr_t)fd)) {
			close(fd);
			continue;
		}
		pthread_detach(t);
	}
	return NULL;
}

static void set_script(const char *a, const char *b, const char *c)
{
	pthread_mutex_lock(&lock);
	script[0] = a;
	script[1] = b;
	script[2] = c;
	script[3] = NULL;
	pthread_mutex_unlock(&lock);
}

static const char *request(void)
{
	static char copy[4096];

	pthread_mutex_lock(&lock);
	memcpy(copy, last_request, sizeof(copy));
	pthread_mutex_unlock(&lock);
	return copy;
}

static void start_server(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	ck_assert_ptr_nonnull(mkdtemp(sock_dir));
	snprintf(sock_path, sizeof(sock_path), "%s/control.sock", sock_dir);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock_path);
	listen_fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(listen_fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(listen_fd, 4), 0);
	ck_assert_int_eq(pthread_create(&server, NULL, server_main, NULL), 0);
}

static struct l2tpctl *h;

static void setup(void)
{
	start_server();
	h = l2tpctl_open();
	ck_assert_int_eq(l2tpctl_daemon_connect(h, sock_path), 0);
}

static void teardown(void)
{
	l2tpctl_close(h);
	shutdown(listen_fd, SHUT_RDWR);
	close(listen_fd);
	pthread_join(server, NULL);
	unlink(sock_path);
	rmdir(sock_dir);
	strcpy(sock_dir, "/tmp/l2tpctl-test-XXXXXX");
}

#define TUNNEL1 "{\"tunnel_id\":1,\"peer_tunnel_id\":11,\"peer\":\"192.0.2.1\"," \
	"\"peer_port\":1701,\"local\":null,\"state\":\"established\"," \
	"\"peer_host\":\"lac1\",\"lac\":null,\"sessions\":2,\"created_at\":5," \
	"\"stats\":{\"rx_packets\":1,\"rx_bytes\":18446744073709551615," \
	"\"tx_packets\":3,\"tx_bytes\":4,\"rx_errors\":0,\"tx_errors\":0}}"
#define TUNNEL2 "{\"tunnel_id\":2,\"peer_tunnel_id\":0,\"peer\":\"2001:db8::1\"," \
	"\"peer_port\":1701,\"state\":\"wait-ctl-reply\",\"lac\":\"hq\",\"stats\":null}"
#define SESSION1 "{\"tunnel_id\":1,\"session_id\":5,\"peer_tunnel_id\":11," \
	"\"peer_session_id\":55,\"state\":\"established\",\"user\":\"alice\"," \
	"\"ifname\":\"l2tp1-5\",\"ifindex\":9,\"local_ipv4\":\"10.0.0.1\"," \
	"\"peer_ipv4\":\"10.0.0.5\",\"local_ifid\":\"::1\"," \
	"\"peer_ifid\":\"::211:22ff:fe33:4455\",\"created_at\":7,\"stats\":null}"

#define SESSION_RATE "{\"tunnel_id\":1,\"session_id\":5,\"created_at\":7," \
	"\"rate_limit\":{\"rx_bps\":2000000,\"tx_bps\":0}}"
#define SESSION_BAD_RATE "{\"tunnel_id\":1,\"session_id\":5," \
	"\"rate_limit\":{\"rx_bps\":2000000}}"

/* --- tests ---------------------------------------------------------------------- */

START_TEST(connect_without_daemon_says_so)
{
	struct l2tpctl *x = l2tpctl_open();
	char path[80];
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	snprintf(path, sizeof(path), "%s/nothing.sock", sock_dir);
	ck_assert_int_eq(l2tpctl_daemon_connect(x, path), -ENOENT);
	ck_assert_msg(strstr(l2tpctl_errmsg(x), "l2tpgwd not running (no control socket at "),
		      "%s", l2tpctl_errmsg(x));
	ck_assert(strstr(l2tpctl_errmsg(x), path));

	/* A socket file nobody listens on any more. */
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(l2tpctl_daemon_connect(x, path), -ECONNREFUSED);
	ck_assert(strstr(l2tpctl_errmsg(x), "l2tpgwd not running"));
	close(fd);
	unlink(path);

	ck_assert_int_eq(l2tpctl_daemon_reload(x), -ENOTCONN);
	ck_assert(strstr(l2tpctl_errmsg(x), "not connected to l2tpgwd"));
	l2tpctl_close(x);
}
END_TEST

START_TEST(request_encoding)
{
	struct ctld_args args = { .tunnel_id = 17 };
	struct json_object *o, *v;
	struct json_tokener *tok;
	char msg[64];
	uint8_t *buf;
	size_t len;

	ck_assert_int_eq(ctld_request_encode(42, CONTROL_CMD_TUNNEL_SHOW, &args,
					     &buf, &len, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(len, 4 + ((size_t)buf[2] << 8 | buf[3]));
	ck_assert_uint_eq(buf[0], 0);
	tok = json_tokener_new();
	o = json_tokener_parse_ex(tok, (char *)buf + 4, (int)len - 4);
	json_tokener_free(tok);
	ck_assert_ptr_nonnull(o);
	ck_assert(json_object_object_get_ex(o, "version", &v));
	ck_assert_int_eq(json_object_get_int(v), 1);
	ck_assert(json_object_object_get_ex(o, "id", &v));
	ck_assert_int_eq(json_object_get_int(v), 42);
	ck_assert(json_object_object_get_ex(o, "cmd", &v));
	ck_assert_str_eq(json_object_get_string(v), "tunnel.show");
	ck_assert(json_object_object_get_ex(o, "args", &v));
	ck_assert_str_eq(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN),
			 "{\"id\":17}");
	free(buf);
	json_object_put(o);
}
END_TEST

static int count_tunnel(const struct l2tpctl_daemon_tunnel *t, void *arg)
{
	struct l2tpctl_daemon_tunnel *out = arg;

	out[t->tunnel_id - 1] = *t;
	return 0;
}

START_TEST(tunnel_list_parses_every_field)
{
	struct l2tpctl_daemon_tunnel t[2];

	memset(t, 0, sizeof(t));
	set_script("{\"id\":%u,\"ok\":true,\"result\":[" TUNNEL1 "," TUNNEL2 "]}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_tunnel_list(h, count_tunnel, t), 0);
	ck_assert(strstr(request(), "\"cmd\":\"tunnel.list\""));
	ck_assert(!strstr(request(), "args"));
	ck_assert_uint_eq(t[0].peer_tunnel_id, 11);
	ck_assert_int_eq(t[0].peer.family, AF_INET);
	ck_assert_uint_eq(t[0].peer.addr[3], 1);
	ck_assert(!(t[0].has & L2TPCTL_DAEMON_TUNNEL_HAS_LOCAL));
	ck_assert_str_eq(t[0].state, "established");
	ck_assert_str_eq(t[0].peer_host, "lac1");
	ck_assert(!(t[0].has & L2TPCTL_DAEMON_TUNNEL_HAS_LAC));
	ck_assert(t[0].has & L2TPCTL_DAEMON_TUNNEL_HAS_STATS);
	ck_assert_uint_eq(t[0].stats.rx_bytes, UINT64_MAX);
	ck_assert_uint_eq(t[0].sessions, 2);
	ck_assert_int_eq(t[1].peer.family, AF_INET6);
	ck_assert_str_eq(t[1].lac, "hq");
	ck_assert(!(t[1].has & L2TPCTL_DAEMON_TUNNEL_HAS_STATS));
}
END_TEST

START_TEST(daemon_errors_keep_errno_and_text)
{
	struct l2tpctl_daemon_tunnel t;

	set_script("{\"id\":%u,\"ok\":false,\"errno\":2,\"error\":\"no tunnel 17\"}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_tunnel_show(h, 17, &t), -ENOENT);
	ck_assert_str_eq(l2tpctl_errmsg(h), "tunnel 17: no tunnel 17");
	ck_assert(strstr(request(), "\"args\":{\"id\":17}"));

	set_script("{\"id\":%u,\"ok\":false,\"errno\":95,\"error\":\"reload is not supported by this l2tpgwd\"}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_reload(h), -EOPNOTSUPP);
	ck_assert_str_eq(l2tpctl_errmsg(h),
			 "reload: reload is not supported by this l2tpgwd");
	/* The connection stays usable. */
	set_script("{\"id\":%u,\"ok\":true,\"result\":{}}", NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_reload(h), 0);
	ck_assert_str_eq(l2tpctl_errmsg(h), "");
}
END_TEST

START_TEST(sessions_by_every_selector)
{
	struct l2tpctl_daemon_selector sel = { .kind = L2TPCTL_DAEMON_SEL_USER,
					       .user = "alice" };
	struct l2tpctl_daemon_session s;

	set_script("{\"id\":%u,\"ok\":true,\"result\":" SESSION1 "}", NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_session_show(h, &sel, &s), 0);
	ck_assert(strstr(request(), "\"cmd\":\"session.show\",\"args\":{\"user\":\"alice\"}"));
	ck_assert_uint_eq(s.peer_session_id, 55);
	ck_assert_str_eq(s.ifname, "l2tp1-5");
	ck_assert(s.has & L2TPCTL_DAEMON_SESSION_HAS_IPV4);
	ck_assert_uint_eq(s.peer_ipv4.addr[3], 5);
	ck_assert(s.has & L2TPCTL_DAEMON_SESSION_HAS_IPV6);
	ck_assert_uint_eq(s.local_ifid[7], 1);
	ck_assert_uint_eq(s.peer_ifid[0], 2);
	ck_assert_uint_eq(s.peer_ifid[7], 0x55);
	ck_assert_int_eq(s.created_at, 7);
	/* No "rate_limit" (an older daemon): none. */
	ck_assert(!(s.has & L2TPCTL_DAEMON_SESSION_HAS_RATE));

	set_script("{\"id\":%u,\"ok\":true,\"result\":" SESSION_RATE "}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_session_show(h, &sel, &s), 0);
	ck_assert(s.has & L2TPCTL_DAEMON_SESSION_HAS_RATE);
	ck_assert_uint_eq(s.rate_rx_bps, 2000000);
	ck_assert_uint_eq(s.rate_tx_bps, 0);
	set_script("{\"id\":%u,\"ok\":true,\"result\":" SESSION_BAD_RATE "}",
		   NULL, NULL);
	ck_assert_int_lt(l2tpctl_daemon_session_show(h, &sel, &s), 0);
	ck_assert_msg(strstr(l2tpctl_errmsg(h), "\"tx_bps\" is missing"), "%s",
		      l2tpctl_errmsg(h));

	set_script("{\"id\":%u,\"ok\":true,\"result\":{}}", NULL, NULL);
	sel = (struct l2tpctl_daemon_selector){ .kind = L2TPCTL_DAEMON_SEL_ID,
						.tunnel_id = 3, .session_id = 4 };
	ck_assert_int_eq(l2tpctl_daemon_session_delete(h, &sel), 0);
	ck_assert(strstr(request(), "\"args\":{\"tunnel\":3,\"id\":4}"));
	sel = (struct l2tpctl_daemon_selector){ .kind = L2TPCTL_DAEMON_SEL_ADDRESS,
						.address = { AF_INET, { 10, 0, 0, 5 } } };
	ck_assert_int_eq(l2tpctl_daemon_session_delete(h, &sel), 0);
	ck_assert(strstr(request(), "\"args\":{\"address\":\"10.0.0.5\"}"));
	sel = (struct l2tpctl_daemon_selector){ .kind = L2TPCTL_DAEMON_SEL_IFNAME,
						.ifname = "ppp0" };
	ck_assert_int_eq(l2tpctl_daemon_session_delete(h, &sel), 0);
	ck_assert(strstr(request(), "\"args\":{\"ifname\":\"ppp0\"}"));
	/* Refused before anything is sent. */
	sel.kind = L2TPCTL_DAEMON_SEL_ADDRESS;
	sel.address.family = 0;
	ck_assert_int_eq(l2tpctl_daemon_session_delete(h, &sel), -EINVAL);
	ck_assert(strstr(l2tpctl_errmsg(h), "invalid session address"));
	ck_assert_int_eq(l2tpctl_daemon_lac_connect(h, ""), -EINVAL);
	ck_assert(strstr(l2tpctl_errmsg(h), "invalid LAC name"));
	ck_assert_int_eq(l2tpctl_daemon_lac_disconnect(h, "hq"), 0);
	ck_assert(strstr(request(), "\"cmd\":\"lac.disconnect\",\"args\":{\"name\":\"hq\"}"));
}
END_TEST

START_TEST(malformed_answers_are_errors)
{
	struct l2tpctl_daemon_tunnel t;
	struct l2tpctl_daemon_status st;

	set_script("{\"id\":%u,\"ok\":true,\"result\":{\"tunnel_id\":\"1\"}}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_tunnel_show(h, 1, &t), -EBADMSG);
	ck_assert_msg(strstr(l2tpctl_errmsg(h),
			     "tunnel member \"tunnel_id\" is not an integer"),
		      "%s", l2tpctl_errmsg(h));
	set_script("{\"id\":%u,\"ok\":true,\"result\":{\"tunnel_id\":70000}}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_tunnel_show(h, 1, &t), -EBADMSG);
	ck_assert(strstr(l2tpctl_errmsg(h), "out of range (70000)"));
	set_script("{\"id\":%u,\"ok\":true,\"result\":{\"peer\":\"x\",\"tunnel_id\":1}}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_tunnel_show(h, 1, &t), -EBADMSG);
	ck_assert(strstr(l2tpctl_errmsg(h), "\"peer\" is not an address"));
	set_script("{\"id\":%u,\"ok\":true,\"result\":[]}", NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_status(h, &st), -EBADMSG);
	ck_assert(strstr(l2tpctl_errmsg(h), "status is not a JSON object"));
	set_script("{\"id\":%u,\"ok\":\"yes\"}", NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_reload(h), -EBADMSG);
	ck_assert(strstr(l2tpctl_errmsg(h), "\"ok\" is not a boolean"));
	/* A newer daemon's extra members are fine. */
	ck_assert_int_eq(l2tpctl_daemon_connect(h, sock_path), 0);
	set_script("{\"id\":%u,\"ok\":true,\"result\":{\"version\":\"9\",\"future\":[1]},\"more\":1}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_status(h, &st), 0);
	ck_assert_str_eq(st.version, "9");
}
END_TEST

START_TEST(answers_to_others_and_events_are_skipped)
{
	struct l2tpctl_daemon_status st;

	set_script("{\"event\":\"session.up\",\"time\":1}",
		   "{\"id\":999999,\"ok\":true,\"result\":{}}",
		   "{\"id\":%u,\"ok\":true,\"result\":{\"version\":\"0.1.0\",\"tunnels\":3,\"sessions\":4,\"uptime\":60,\"memory_bytes\":1000,\"memory_per_session\":250}}");
	ck_assert_int_eq(l2tpctl_daemon_status(h, &st), 0);
	ck_assert_str_eq(st.version, "0.1.0");
	ck_assert_uint_eq(st.sessions, 4);
	ck_assert(st.has & L2TPCTL_DAEMON_STATUS_HAS_MEMORY);
	ck_assert_uint_eq(st.memory_per_session, 250);
}
END_TEST

START_TEST(hang_up_is_reported_and_reconnect_works)
{
	set_script("CLOSE", NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_reload(h), -ECONNRESET);
	ck_assert(strstr(l2tpctl_errmsg(h), "reload: l2tpgwd closed the connection"));
	ck_assert_int_eq(l2tpctl_daemon_reload(h), -ENOTCONN);
	ck_assert_int_eq(l2tpctl_daemon_connect(h, sock_path), 0);
	set_script("{\"id\":%u,\"ok\":true,\"result\":{}}", NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_reload(h), 0);
}
END_TEST

struct stat_seen {
	int n;
	char names[4][32];
	uint64_t values[4];
};

static int record_stat(const char *name, uint64_t value, void *arg)
{
	struct stat_seen *s = arg;

	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", name);
	s->values[s->n++] = value;
	return s->n == 2 ? -ECANCELED : 0;
}

START_TEST(stats_in_order_and_callback_stops)
{
	struct stat_seen seen = { 0 };

	set_script("{\"id\":%u,\"ok\":true,\"result\":{\"tunnels_established\":3,\"sessions_established\":4,\"auth_failures\":5}}",
		   NULL, NULL);
	ck_assert_int_eq(l2tpctl_daemon_stats(h, record_stat, &seen), -ECANCELED);
	ck_assert_int_eq(seen.n, 2);
	ck_assert_str_eq(seen.names[0], "tunnels_established");
	ck_assert_uint_eq(seen.values[1], 4);
}
END_TEST

struct ev_seen {
	int n;
	struct l2tpctl_daemon_event ev[4];
};

static int record_event(const struct l2tpctl_daemon_event *ev, void *arg)
{
	struct ev_seen *s = arg;

	s->ev[s->n++] = *ev;
	return 0;
}

START_TEST(monitor_delivers_events)
{
	struct ev_seen seen = { 0 };
	struct pollfd pfd;
	int fd;

	set_script("{\"id\":%u,\"ok\":true,\"result\":{}}",
		   "{\"event\":\"session.up\",\"time\":9,\"reason\":null,\"session\":" SESSION1 "}",
		   "{\"event\":\"tunnel.down\",\"time\":10,\"reason\":\"StopCCN result 1\",\"tunnel\":" TUNNEL2 "}");
	fd = l2tpctl_daemon_event_fd(h);
	ck_assert_int_ge(fd, 0);
	ck_assert(strstr(request(), "\"cmd\":\"monitor\""));
	ck_assert_int_eq(l2tpctl_daemon_event_fd(h), fd);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	while (seen.n < 2) {
		ck_assert_int_eq(l2tpctl_daemon_event_dispatch(h, record_event, &seen), 0);
		if (seen.n < 2)
			ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
	}
	ck_assert_str_eq(seen.ev[0].event, "session.up");
	ck_assert(seen.ev[0].has & L2TPCTL_DAEMON_EVENT_HAS_SESSION);
	ck_assert(!(seen.ev[0].has & L2TPCTL_DAEMON_EVENT_HAS_REASON));
	ck_assert_str_eq(seen.ev[0].session.user, "alice");
	ck_assert_str_eq(seen.ev[1].event, "tunnel.down");
	ck_assert_str_eq(seen.ev[1].reason, "StopCCN result 1");
	ck_assert_str_eq(seen.ev[1].tunnel.lac, "hq");
}
END_TEST

START_TEST(response_classifier)
{
	struct json_object *res = NULL;
	char msg[128];
	const char *ev = "{\"event\":\"reload\"}";
	const char *nullid = "{\"id\":null,\"ok\":false,\"errno\":90,\"error\":\"request of 9 bytes exceeds\"}";
	const char *junk = "{\"id\":1,";

	ck_assert_int_eq(ctld_response_parse((const uint8_t *)ev, strlen(ev), 1,
					     &res, msg, sizeof(msg)), 1);
	ck_assert_int_eq(ctld_response_parse((const uint8_t *)nullid, strlen(nullid),
					     1, &res, msg, sizeof(msg)), -EMSGSIZE);
	ck_assert_str_eq(msg, "request of 9 bytes exceeds");
	ck_assert_int_eq(ctld_response_parse((const uint8_t *)junk, strlen(junk), 1,
					     &res, msg, sizeof(msg)), -EBADMSG);
	ck_assert(strstr(msg, "malformed JSON from l2tpgwd"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("libl2tpctl_daemon");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, connect_without_daemon_says_so);
	tcase_add_test(tc, request_encoding);
	tcase_add_test(tc, tunnel_list_parses_every_field);
	tcase_add_test(tc, daemon_errors_keep_errno_and_text);
	tcase_add_test(tc, sessions_by_every_selector);
	tcase_add_test(tc, malformed_answers_are_errors);
	tcase_add_test(tc, answers_to_others_and_events_are_skipped);
	tcase_add_test(tc, hang_up_is_reported_and_reconnect_works);
	tcase_add_test(tc, stats_in_order_and_callback_stops);
	tcase_add_test(tc, monitor_delivers_events);
	tcase_add_test(tc, response_classifier);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
