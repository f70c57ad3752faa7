// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control protocol codec: frame reassembly, request validation with
 * the exact error each bad input gets, and the JSON of responses.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "control/protocol.h"
#include "daemon_internal.h"

static struct control_request req;
static char err[CONTROL_ERR_SIZE];

static int parse(const char *text)
{
	return control_request_parse((const uint8_t *)text, strlen(text), &req,
				     err, sizeof(err));
}

/* Parse text and expect failure ret with a message containing what. */
#define ck_refused(text, ret, what)					\
	do {								\
		ck_assert_int_eq(parse(text), ret);			\
		ck_assert_msg(strstr(err, what), "message \"%s\" lacks \"%s\"", \
			      err, what);				\
	} while (0)

static int parse_len_ok(const uint8_t *buf, size_t len)
{
	return control_request_parse(buf, len, &req, err, sizeof(err));
}

START_TEST(frame_needs_header_and_body)
{
	uint8_t buf[16] = { 0, 0, 0, 3, 'a', 'b', 'c', 0, 0 };
	const uint8_t *payload;
	size_t plen;

	for (size_t n = 0; n < 7; n++)
		ck_assert_int_eq(control_frame_next(buf, n, 100, &payload, &plen), 0);
	ck_assert_int_eq(control_frame_next(buf, 7, 100, &payload, &plen), 7);
	ck_assert_uint_eq(plen, 3);
	ck_assert(payload == buf + 4);
	/* Trailing bytes of the next frame are left alone. */
	ck_assert_int_eq(control_frame_next(buf, 9, 100, &payload, &plen), 7);
}
END_TEST

START_TEST(frame_split_at_every_byte_reassembles)
{
	const char *body = "{\"id\":1,\"version\":1,\"cmd\":\"status\"}";
	uint8_t stream[128], acc[128];
	size_t len = strlen(body), total = len + 4, have = 0, frames = 0;
	const uint8_t *payload;
	size_t plen;
	ssize_t n;

	control_frame_header(stream, (uint32_t)len);
	memcpy(stream + 4, body, len);
	for (size_t i = 0; i < total; i++) {
		acc[have++] = stream[i];	/* one byte per read */
		n = control_frame_next(acc, have, 1024, &payload, &plen);
		ck_assert_int_ge(n, 0);
		if (n > 0) {
			ck_assert_int_eq(i, total - 1);
			ck_assert_int_eq(parse_len_ok(payload, plen), 0);
			frames++;
		}
	}
	ck_assert_uint_eq(frames, 1);
}
END_TEST

START_TEST(frame_oversized_and_empty_are_refused)
{
	uint8_t big[4], empty[4] = { 0 };
	const uint8_t *payload;
	size_t plen;

	control_frame_header(big, 65537);
	ck_assert_int_eq(control_frame_next(big, 4, 65536, &payload, &plen),
			 -EMSGSIZE);
	ck_assert_uint_eq(plen, 65537);
	control_frame_header(big, 0xffffffffu);
	ck_assert_int_eq(control_frame_next(big, 4, 65536, &payload, &plen),
			 -EMSGSIZE);
	ck_assert_int_eq(control_frame_next(empty, 4, 65536, &payload, &plen),
			 -EBADMSG);
}
END_TEST

START_TEST(valid_requests_parse)
{
	ck_assert_int_eq(parse("{\"id\":7,\"version\":1,\"cmd\":\"tunnel.list\"}"), 0);
	ck_assert(req.has_id);
	ck_assert_uint_eq(req.id, 7);
	ck_assert_int_eq(req.cmd, CONTROL_CMD_TUNNEL_LIST);

	ck_assert_int_eq(parse("{\"cmd\":\"tunnel.show\",\"args\":{\"id\":17},\"version\":1,\"id\":0}"), 0);
	ck_assert_int_eq(req.cmd, CONTROL_CMD_TUNNEL_SHOW);
	ck_assert_uint_eq(req.tunnel_id, 17);

	ck_assert_int_eq(parse("{\"id\":1,\"version\":1,\"cmd\":\"session.list\",\"args\":{}}"), 0);
	ck_assert_uint_eq(req.tunnel_id, 0);
	ck_assert_int_eq(parse("{\"id\":1,\"version\":1,\"cmd\":\"session.list\",\"args\":{\"tunnel\":65535}}"), 0);
	ck_assert_uint_eq(req.tunnel_id, 65535);

	ck_assert_int_eq(parse("{\"id\":2,\"version\":1,\"cmd\":\"session.delete\",\"args\":{\"tunnel\":3,\"id\":4}}"), 0);
	ck_assert_int_eq(req.sel.kind, CONTROL_SEL_ID);
	ck_assert_uint_eq(req.sel.tunnel_id, 3);
	ck_assert_uint_eq(req.sel.session_id, 4);

	ck_assert_int_eq(parse("{\"id\":2,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"user\":\"alice@corp\"}}"), 0);
	ck_assert_int_eq(req.sel.kind, CONTROL_SEL_USER);
	ck_assert_str_eq(req.sel.user, "alice@corp");

	ck_assert_int_eq(parse("{\"id\":2,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"address\":\"10.1.2.3\"}}"), 0);
	ck_assert_int_eq(req.sel.kind, CONTROL_SEL_ADDRESS);
	ck_assert_int_eq(req.sel.address.family, AF_INET);
	ck_assert_uint_eq(req.sel.address.addr[3], 3);

	ck_assert_int_eq(parse("{\"id\":2,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"ifname\":\"l2tp5\"}}"), 0);
	ck_assert_int_eq(req.sel.kind, CONTROL_SEL_IFNAME);
	ck_assert_str_eq(req.sel.ifname, "l2tp5");

	ck_assert_int_eq(parse(" {\"id\":4294967295,\"version\":1,\"cmd\":\"lac.connect\",\"args\":{\"name\":\"hq\"}}\n"), 0);
	ck_assert_uint_eq(req.id, 4294967295u);
	ck_assert_str_eq(req.name, "hq");

	for (int c = 0; c < CONTROL_CMD_COUNT; c++)
		ck_assert_ptr_nonnull(control_cmd_name((enum control_cmd)c));
	ck_assert_ptr_null(control_cmd_name(CONTROL_CMD_COUNT));
}
END_TEST

/* libl2tpctl's request of cmd, parsed by the daemon into req. */
static void library_to_daemon(enum control_cmd cmd, const struct ctld_args *a)
{
	const uint8_t *payload = NULL;
	uint8_t *buf;
	size_t len, plen = 0;

	ck_assert_int_eq(ctld_request_encode(7, cmd, a, &buf, &len, err,
					     sizeof(err)), 0);
	ck_assert_int_eq(control_frame_next(buf, len, CONTROL_MAX_REQUEST,
					    &payload, &plen), (ssize_t)len);
	ck_assert_msg(control_request_parse(payload, plen, &req, err,
					    sizeof(err)) == 0,
		      "%s: %s", control_cmd_name(cmd), err);
	free(buf);
	ck_assert_int_eq(req.cmd, cmd);
}

/* Every row, every kind of argument: what the library sends, the daemon
 * reads as the same command with the same arguments. */
START_TEST(library_requests_parse_in_the_daemon)
{
	struct l2tpctl_daemon_selector sel[] = {
		{ .kind = L2TPCTL_DAEMON_SEL_ID, .tunnel_id = 3, .session_id = 4 },
		{ .kind = L2TPCTL_DAEMON_SEL_USER, .user = "alice" },
		{ .kind = L2TPCTL_DAEMON_SEL_ADDRESS,
		  .address = { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 } } },
		{ .kind = L2TPCTL_DAEMON_SEL_IFNAME, .ifname = "l2tp3-4" },
	};
	struct ctld_args a = { .tunnel_id = 17, .name = "hq" };

	for (int c = 0; c < CONTROL_CMD_COUNT; c++) {
		switch (control_command((unsigned int)c)->args) {
		case CONTROL_ARGS_NONE:
			library_to_daemon((enum control_cmd)c, NULL);
			break;
		case CONTROL_ARGS_TUNNEL_ID:
		case CONTROL_ARGS_TUNNEL_FILTER:
			library_to_daemon((enum control_cmd)c, &a);
			ck_assert_uint_eq(req.tunnel_id, 17);
			break;
		case CONTROL_ARGS_NAME:
			library_to_daemon((enum control_cmd)c, &a);
			ck_assert_str_eq(req.name, "hq");
			break;
		case CONTROL_ARGS_SELECTOR:
			for (size_t i = 0; i < 4; i++) {
				a.sel = &sel[i];
				library_to_daemon((enum control_cmd)c, &a);
				ck_assert_int_eq(req.sel.kind, (int)sel[i].kind);
			}
			ck_assert_str_eq(req.sel.ifname, "l2tp3-4");
			break;
		}
	}
	a.sel = &sel[0];
	library_to_daemon(CONTROL_CMD_SESSION_SHOW, &a);
	ck_assert_uint_eq(req.sel.tunnel_id, 3);
	ck_assert_uint_eq(req.sel.session_id, 4);
	a.sel = &sel[2];
	library_to_daemon(CONTROL_CMD_SESSION_DELETE, &a);
	ck_assert_int_eq(memcmp(req.sel.address.addr, sel[2].address.addr, 16), 0);
	a.tunnel_id = 0;
	library_to_daemon(CONTROL_CMD_SESSION_LIST, &a);
	ck_assert_uint_eq(req.tunnel_id, 0);
}
END_TEST

START_TEST(malformed_json_is_refused)
{
	ck_refused("{\"id\":1,", -EBADMSG, "malformed JSON");
	ck_refused("{\"id\":1 \"cmd\":2}", -EBADMSG, "malformed JSON");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"status\"} x", -EBADMSG,
		   "malformed JSON at offset 36");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"status\"}{}", -EBADMSG,
		   "malformed JSON");
	ck_refused("{\"id\":1,}", -EBADMSG, "malformed JSON");
	ck_assert_int_eq(control_request_parse((const uint8_t *)"{\"id\":1\0}", 9,
					       &req, err, sizeof(err)), -EBADMSG);
	ck_assert(strstr(err, "NUL byte at offset 7"));
	ck_refused("[1,2]", -EINVAL, "must be a JSON object, not an array");
	ck_refused("\"status\"", -EINVAL, "not a string");
}
END_TEST

START_TEST(wrong_types_name_the_member)
{
	ck_refused("{\"id\":\"1\",\"version\":1,\"cmd\":\"status\"}", -EINVAL,
		   "\"id\" must be an integer 0..4294967295, not a string");
	ck_assert(!req.has_id);
	ck_refused("{\"id\":-1,\"version\":1,\"cmd\":\"status\"}", -EINVAL,
		   "\"id\" must be 0..4294967295, not -1");
	ck_refused("{\"id\":1.5,\"version\":1,\"cmd\":\"status\"}", -EINVAL,
		   "not a fraction");
	ck_refused("{\"id\":18446744073709551615,\"version\":1,\"cmd\":\"status\"}",
		   -EINVAL, "\"id\" must be 0..4294967295");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":5}", -EINVAL,
		   "\"cmd\" must be a string, not an integer");
	ck_assert(req.has_id);
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":{\"id\":\"17\"}}",
		   -EINVAL, "\"id\" must be an integer 1..65535, not a string");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":{\"id\":0}}",
		   -EINVAL, "\"id\" must be 1..65535, not 0");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":{\"id\":65536}}",
		   -EINVAL, "not 65536");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":[17]}",
		   -EINVAL, "\"args\" must be an object, not an array");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"address\":\"10.0.0.256\"}}",
		   -EINVAL, "\"address\" must be an IPv4 or IPv6 address, not \"10.0.0.256\"");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"ifname\":\"0123456789abcdef\"}}",
		   -EINVAL, "\"ifname\" must be 1..15 bytes long, not 16");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"session.show\",\"args\":{\"user\":\"a\\nb\"}}",
		   -EINVAL, "control characters");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"lac.connect\",\"args\":{\"name\":\"\"}}",
		   -EINVAL, "\"name\" must be 1..63 bytes long, not 0");
}
END_TEST

START_TEST(missing_and_unknown_members)
{
	ck_refused("{\"version\":1,\"cmd\":\"status\"}", -EINVAL, "missing \"id\"");
	ck_refused("{\"id\":1,\"cmd\":\"status\"}", -EINVAL, "missing \"version\"");
	ck_refused("{\"id\":1,\"version\":1}", -EINVAL, "missing \"cmd\"");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"status\",\"extra\":1}",
		   -EINVAL, "unknown member \"extra\"");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"tunnel.show\"}", -EINVAL,
		   "tunnel.show needs argument \"id\"");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"status\",\"args\":{\"id\":1}}",
		   -EINVAL, "status does not take argument \"id\"");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"tunnel.list\",\"args\":{\"tunel\":1}}",
		   -EINVAL, "tunnel.list does not take argument \"tunel\"");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"session.delete\",\"args\":{}}",
		   -EINVAL, "give exactly one of");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"session.delete\",\"args\":{\"tunnel\":1}}",
		   -EINVAL, "\"tunnel\" and \"id\" must be given together");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"session.delete\",\"args\":{\"user\":\"a\",\"ifname\":\"x\"}}",
		   -EINVAL, "give exactly one of");
	ck_refused("{\"id\":1,\"version\":1,\"cmd\":\"lac.disconnect\"}", -EINVAL,
		   "lac.disconnect needs argument \"name\"");
}
END_TEST

START_TEST(unknown_command_and_version_mismatch)
{
	ck_refused("{\"id\":9,\"version\":1,\"cmd\":\"tunnel.frobnicate\"}",
		   -EOPNOTSUPP, "unknown command \"tunnel.frobnicate\"");
	ck_assert(req.has_id);
	ck_assert_uint_eq(req.id, 9);
	ck_refused("{\"id\":9,\"version\":1,\"cmd\":\"Status\"}", -EOPNOTSUPP,
		   "unknown command \"Status\"");
	ck_refused("{\"id\":9,\"version\":2,\"cmd\":\"status\"}",
		   -EPROTONOSUPPORT,
		   "protocol version 2 is not supported (this l2tpgwd speaks 1)");
	ck_assert_uint_eq(req.id, 9);
	ck_refused("{\"id\":9,\"version\":\"1\",\"cmd\":\"status\"}", -EINVAL,
		   "\"version\" must be an integer, not a string");
}
END_TEST

static struct json_object *parse_json(const char *text)
{
	struct json_object *o = json_tokener_parse(text);

	ck_assert_ptr_nonnull(o);
	return o;
}

START_TEST(responses_carry_id_errno_and_text)
{
	struct json_object *r, *o, *v;
	const char *text;
	size_t len;

	ck_assert_int_eq(parse("{\"id\":5,\"version\":1,\"cmd\":\"tunnel.show\",\"args\":{\"id\":17}}"), 0);
	r = control_response_error(&req, -ENOENT, "no tunnel 17");
	text = control_json_text(r, &len);
	ck_assert_str_eq(text, "{\"id\":5,\"ok\":false,\"errno\":2,\"error\":\"no tunnel 17\"}");
	ck_assert_uint_eq(len, strlen(text));
	json_object_put(r);

	r = control_response_error(NULL, -EMSGSIZE, "");
	o = parse_json(control_json_text(r, &len));
	ck_assert(json_object_object_get_ex(o, "id", &v) && v == NULL);
	ck_assert(json_object_object_get_ex(o, "error", &v));
	ck_assert_str_eq(json_object_get_string(v), strerror(EMSGSIZE));
	json_object_put(o);
	json_object_put(r);

	r = control_response_ok(&req, json_object_new_array());
	ck_assert_str_eq(control_json_text(r, &len),
			 "{\"id\":5,\"ok\":true,\"result\":[]}");
	json_object_put(r);
}
END_TEST

START_TEST(objects_have_stable_keys)
{
	struct control_session_info s = {
		.tunnel_id = 3, .session_id = 4, .peer_tunnel_id = 30,
		.peer_session_id = 40, .state = "established",
		.user = "alice", .ifname = "l2tp3-4", .ifindex = 12,
		.has_ipv4 = true, .local_ipv4 = { 10, 0, 0, 1 },
		.peer_ipv4 = { 10, 0, 0, 2 }, .has_ipv6 = true,
		.local_ifid = { 0, 0, 0, 0, 0, 0, 0, 1 },
		.peer_ifid = { 2, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55 },
		.created_at = 1700000000, .has_counters = true,
		.counters = { .rx_packets = 1, .rx_bytes = 2, .tx_packets = 3,
			      .tx_bytes = UINT64_MAX },
	};
	struct control_tunnel_info t = {
		.tunnel_id = 3, .peer_tunnel_id = 30,
		.peer = { AF_INET6 }, .peer_port = 1701, .state = "established",
		.sessions = 1, .created_at = 1700000000,
	};
	struct json_object *o;
	size_t len;

	t.peer.addr[15] = 1;
	o = control_session_json(&s);
	ck_assert_str_eq(control_json_text(o, &len),
		"{\"tunnel_id\":3,\"session_id\":4,\"peer_tunnel_id\":30,"
		"\"peer_session_id\":40,\"state\":\"established\",\"user\":\"alice\","
		"\"ifname\":\"l2tp3-4\",\"ifindex\":12,\"local_ipv4\":\"10.0.0.1\","
		"\"peer_ipv4\":\"10.0.0.2\",\"local_ifid\":\"::1\","
		"\"peer_ifid\":\"::211:22ff:fe33:4455\",\"created_at\":1700000000,"
		"\"stats\":{\"rx_packets\":1,\"rx_bytes\":2,\"tx_packets\":3,"
		"\"tx_bytes\":18446744073709551615,\"rx_errors\":0,\"tx_errors\":0},"
		"\"rate_limit\":null}");
	json_object_put(o);
	s.has_rate = true;
	s.rate_rx_bps = 2000000;
	s.has_counters = false;
	o = control_session_json(&s);
	ck_assert(strstr(control_json_text(o, &len),
			 "\"stats\":null,\"rate_limit\":{\"rx_bps\":2000000,"
			 "\"tx_bps\":0}}"));
	json_object_put(o);
	o = control_tunnel_json(&t);
	ck_assert_str_eq(control_json_text(o, &len),
		"{\"tunnel_id\":3,\"peer_tunnel_id\":30,\"peer\":\"::1\","
		"\"peer_port\":1701,\"local\":null,\"state\":\"established\","
		"\"peer_host\":null,\"lac\":null,\"sessions\":1,"
		"\"created_at\":1700000000,\"stats\":null}");
	json_object_put(o);
	o = control_event_json(CONTROL_EVENT_TUNNEL_DOWN, 5, &t, NULL, "StopCCN");
	ck_assert(strncmp(control_json_text(o, &len),
			  "{\"event\":\"tunnel.down\",\"time\":5,\"reason\":\"StopCCN\",\"tunnel\":{\"tunnel_id\":3,",
			  70) == 0);
	json_object_put(o);
	ck_assert_str_eq(control_event_name(CONTROL_EVENT_SESSION_UP), "session.up");
	ck_assert_ptr_null(control_event_name(CONTROL_EVENT_MAX + 1));
}
END_TEST

START_TEST(sockaddr_conversion)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(1701) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(4500) };
	struct sockaddr_un_like { sa_family_t family; } other = { AF_UNIX };
	struct control_addr a;
	uint16_t port;

	inet_pton(AF_INET, "192.0.2.7", &sin.sin_addr);
	control_addr_from_sockaddr((struct sockaddr *)&sin, &a, &port);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(a.addr[3], 7);
	ck_assert_uint_eq(port, 1701);

	inet_pton(AF_INET6, "2001:db8::9", &sin6.sin6_addr);
	control_addr_from_sockaddr((struct sockaddr *)&sin6, &a, &port);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_uint_eq(a.addr[15], 9);
	ck_assert_uint_eq(port, 4500);

	inet_pton(AF_INET6, "::ffff:198.51.100.1", &sin6.sin6_addr);
	control_addr_from_sockaddr((struct sockaddr *)&sin6, &a, NULL);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(a.addr[0], 198);
	ck_assert_uint_eq(a.addr[3], 1);

	control_addr_from_sockaddr((struct sockaddr *)&other, &a, &port);
	ck_assert_int_eq(a.family, 0);
	ck_assert_uint_eq(port, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("control_protocol");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, frame_needs_header_and_body);
	tcase_add_test(tc, frame_split_at_every_byte_reassembles);
	tcase_add_test(tc, frame_oversized_and_empty_are_refused);
	tcase_add_test(tc, valid_requests_parse);
	tcase_add_test(tc, library_requests_parse_in_the_daemon);
	tcase_add_test(tc, malformed_json_is_refused);
	tcase_add_test(tc, wrong_types_name_the_member);
	tcase_add_test(tc, missing_and_unknown_members);
	tcase_add_test(tc, unknown_command_and_version_mismatch);
	tcase_add_test(tc, responses_carry_id_errno_and_text);
	tcase_add_test(tc, objects_have_stable_keys);
	tcase_add_test(tc, sockaddr_conversion);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
