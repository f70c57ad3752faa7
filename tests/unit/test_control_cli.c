// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl's operator commands: argument parsing (every refusal names
 * the argument), and the whole path CLI -> libl2tpctl -> control server
 * -> provider on a server thread, output checked in text and JSON.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control/control.h"
#include "control/protocol.h"
#include "log.h"
#include "loop.h"
#include "operator.h"

static struct cli_error e;

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
#define ck_msg(text) ck_assert_msg(strstr(e.msg, text), "\"%s\" lacks \"%s\"", e.msg, text)

/* --- argument parsing ----------------------------------------------------------- */

START_TEST(tunnel_id_positional)
{
	uint16_t id;

	ck_assert_int_eq(args_tunnel_pos("tunnel show", 1, ARGV("17"), &id, &e), EXIT_OK);
	ck_assert_uint_eq(id, 17);
	ck_assert_int_eq(args_tunnel_pos("tunnel show", 0, ARGV(NULL), &id, &e), EXIT_USAGE);
	ck_msg("tunnel show: missing the tunnel id");
	ck_assert_int_eq(args_tunnel_pos("tunnel delete", 2, ARGV("1", "2"), &id, &e), EXIT_USAGE);
	ck_msg("tunnel delete: unexpected argument \"2\"");
	ck_assert_int_eq(args_tunnel_pos("tunnel show", 1, ARGV("0"), &id, &e), EXIT_FAILED);
	ck_msg("invalid tunnel id \"0\": must be 1..65535");
	ck_assert_int_eq(args_tunnel_pos("tunnel show", 1, ARGV("12a"), &id, &e), EXIT_FAILED);
	ck_msg("invalid tunnel id \"12a\"");
}
END_TEST

START_TEST(session_filter)
{
	uint16_t tid = 9;

	ck_assert_int_eq(args_session_filter(0, ARGV(NULL), &tid, &e), EXIT_OK);
	ck_assert_uint_eq(tid, 0);
	ck_assert_int_eq(args_session_filter(2, ARGV("tunnel", "5"), &tid, &e), EXIT_OK);
	ck_assert_uint_eq(tid, 5);
	ck_assert_int_eq(args_session_filter(1, ARGV("tunnel"), &tid, &e), EXIT_USAGE);
	ck_msg("missing value after \"tunnel\"");
	ck_assert_int_eq(args_session_filter(2, ARGV("user", "x"), &tid, &e), EXIT_USAGE);
	ck_msg("unknown argument \"user\"");
	ck_assert_int_eq(args_session_filter(2, ARGV("tunnel", "70000"), &tid, &e), EXIT_FAILED);
	ck_msg("invalid tunnel id \"70000\"");
}
END_TEST

START_TEST(session_selectors)
{
	struct l2tpctl_daemon_selector sel;

	ck_assert_int_eq(args_session_selector("session show", 4,
			 ARGV("tunnel", "3", "id", "4"), &sel, &e), EXIT_OK);
	ck_assert_int_eq(sel.kind, L2TPCTL_DAEMON_SEL_ID);
	ck_assert_uint_eq(sel.tunnel_id, 3);
	ck_assert_uint_eq(sel.session_id, 4);
	ck_assert_int_eq(args_session_selector("session show", 4,
			 ARGV("id", "4", "tunnel", "3"), &sel, &e), EXIT_OK);
	ck_assert_int_eq(args_session_selector("session show", 2,
			 ARGV("user", "DOMAIN\\bob smith"), &sel, &e), EXIT_OK);
	ck_assert_str_eq(sel.user, "DOMAIN\\bob smith");
	ck_assert_int_eq(args_session_selector("session delete", 2,
			 ARGV("address", "10.0.0.9"), &sel, &e), EXIT_OK);
	ck_assert_int_eq(sel.kind, L2TPCTL_DAEMON_SEL_ADDRESS);
	ck_assert_int_eq(args_session_selector("session delete", 2,
			 ARGV("interface", "l2tp1-5"), &sel, &e), EXIT_OK);
	ck_assert_str_eq(sel.ifname, "l2tp1-5");

	ck_assert_int_eq(args_session_selector("session show", 0, ARGV(NULL), &sel, &e), EXIT_USAGE);
	ck_msg("session show: name the session");
	ck_assert_int_eq(args_session_selector("session show", 2,
			 ARGV("tunnel", "3"), &sel, &e), EXIT_USAGE);
	ck_msg("\"tunnel\" and \"id\" must be given together");
	ck_assert_int_eq(args_session_selector("session show", 4,
			 ARGV("user", "a", "interface", "x"), &sel, &e), EXIT_USAGE);
	ck_msg("give only one of");
	ck_assert_int_eq(args_session_selector("session show", 4,
			 ARGV("user", "a", "user", "b"), &sel, &e), EXIT_USAGE);
	ck_msg("\"user\" given twice");
	ck_assert_int_eq(args_session_selector("session show", 1,
			 ARGV("user"), &sel, &e), EXIT_USAGE);
	ck_msg("missing value after \"user\"");
	ck_assert_int_eq(args_session_selector("session show", 2,
			 ARGV("usr", "a"), &sel, &e), EXIT_USAGE);
	ck_msg("session show: unknown argument \"usr\"");
	ck_assert_int_eq(args_session_selector("session show", 2,
			 ARGV("address", "10.0.0"), &sel, &e), EXIT_FAILED);
	ck_msg("invalid session address \"10.0.0\"");
	ck_assert_int_eq(args_session_selector("session show", 2,
			 ARGV("interface", "a-very-long-ifname"), &sel, &e), EXIT_FAILED);
	ck_msg("invalid interface name \"a-very-long-ifname\": must be 1..15 characters");
	ck_assert_int_eq(args_session_selector("session show", 2,
			 ARGV("user", ""), &sel, &e), EXIT_FAILED);
	ck_msg("invalid user name \"\"");
	ck_assert_int_eq(args_session_selector("session show", 4,
			 ARGV("tunnel", "1", "id", "x"), &sel, &e), EXIT_FAILED);
	ck_msg("invalid session id \"x\"");
}
END_TEST

START_TEST(lac_names)
{
	char name[L2TPCTL_NAME_MAX];

	ck_assert_int_eq(args_lac_name("lac connect", 1, ARGV("hq"), name, &e), EXIT_OK);
	ck_assert_str_eq(name, "hq");
	ck_assert_int_eq(args_lac_name("lac connect", 0, ARGV(NULL), name, &e), EXIT_USAGE);
	ck_msg("lac connect: missing the LAC name");
	ck_assert_int_eq(args_lac_name("lac connect", 2, ARGV("a", "b"), name, &e), EXIT_USAGE);
	ck_msg("unexpected argument \"b\"");
	ck_assert_int_eq(args_lac_name("lac disconnect", 1, ARGV("a b"), name, &e), EXIT_FAILED);
	ck_msg("invalid LAC name \"a b\": must not contain blanks");
}
END_TEST

/* --- end to end ------------------------------------------------------------------ */

static const struct control_tunnel_info tunnel = {
	.tunnel_id = 7, .peer_tunnel_id = 70, .peer = { 2, { 198, 51, 100, 7 } },
	.peer_port = 1701, .state = "established", .peer_host = "branch-lac",
	.sessions = 1,
};

static const struct control_session_info session = {
	.tunnel_id = 7, .session_id = 8, .peer_tunnel_id = 70,
	.peer_session_id = 80, .state = "network", .user = "carol",
	.ifname = "l2tp7-8", .ifindex = 4, .has_ipv4 = true,
	.local_ipv4 = { 10, 9, 0, 1 }, .peer_ipv4 = { 10, 9, 0, 8 },
	.has_counters = true, .counters = { .rx_bytes = 1000, .tx_bytes = 2000 },
};

/* The handlers' common parameters. */
#define HANDLER_ARGS	void *arg, const struct control_request *req, \
			struct control_reply *reply, char *err, size_t errlen

static int e2e_tunnel_list(HANDLER_ARGS)
{
	return control_reply_tunnel(&tunnel, reply);
}

/* What session list serves: session, or a test's own. */
static const struct control_session_info *served = &session;

static int e2e_session_list(HANDLER_ARGS)
{
	return control_reply_session(served, reply);
}

static int e2e_session_delete(HANDLER_ARGS)
{
	const struct control_selector *sel = &req->sel;

	if (sel->kind == CONTROL_SEL_USER && !strcmp(sel->user, "carol"))
		return 0;
	snprintf(err, errlen, "no session of user \"%s\"", sel->user);
	return -ENOENT;
}

static int e2e_reload(HANDLER_ARGS)
{
	snprintf(err, errlen, "/etc/l2tpgw/l2tpgwd.conf:12: unknown key \"poool\"");
	return -EINVAL;
}

static const struct control_provider e2e_provider = { .handler = {
	[CONTROL_CMD_TUNNEL_LIST] = e2e_tunnel_list,
	[CONTROL_CMD_SESSION_LIST] = e2e_session_list,
	[CONTROL_CMD_SESSION_DELETE] = e2e_session_delete,
	[CONTROL_CMD_RELOAD] = e2e_reload,
} };

static char dir[] = "/tmp/l2tpctl-cli-XXXXXX";
static char path[80];
static struct loop *loop;
static struct control_server *srv;
static pthread_t thread;
static atomic_bool stop;

static void *daemon_main(void *arg)
{
	while (!atomic_load(&stop))
		loop_run_once(loop, 10);
	return NULL;
}

static void quiet(int level, const char *line, void *arg)
{
}

static void e2e_setup(void)
{
	struct control_server_config cfg = { .path = path, .group = (gid_t)-1 };

	log_set_sink(quiet, NULL);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/control.sock", dir);
	loop = loop_new();
	srv = control_server_new(loop, &cfg, &e2e_provider, NULL);
	ck_assert_ptr_nonnull(srv);
	atomic_store(&stop, false);
	ck_assert_int_eq(pthread_create(&thread, NULL, daemon_main, NULL), 0);
}

static void e2e_teardown(void)
{
	atomic_store(&stop, true);
	pthread_join(thread, NULL);
	control_server_free(srv);
	loop_free(loop);
	rmdir(dir);
	strcpy(dir, "/tmp/l2tpctl-cli-XXXXXX");
	log_set_sink(NULL, NULL);
}

struct run {
	int code;
	char *out;
	char *err;
};

/* Run "l2tpctl [-j] OBJECT ARGS" in-process; frees nothing (tests). */
static struct run run(bool json, int (*fn)(struct cli *, int, char **),
		      int argc, char **argv)
{
	struct run r;
	size_t olen, elen;
	FILE *out = open_memstream(&r.out, &olen);
	FILE *err = open_memstream(&r.err, &elen);
	struct cli cli = { .err = err, .socket_path = path };

	print_init(&cli.p, out, json, false);
	cli.h = l2tpctl_open();
	r.code = fn(&cli, argc, argv);
	print_discard(&cli.p);
	l2tpctl_close(cli.h);
	fclose(out);
	fclose(err);
	return r;
}

START_TEST(session_list_text_and_json)
{
	struct run r;

	r = run(false, cmd_session, 1, ARGV("list"));
	ck_assert_int_eq(r.code, EXIT_OK);
	ck_assert_msg(strstr(r.out, "TUNNEL SESSION STATE"), "%s", r.out);
	ck_assert_msg(strstr(r.out, "7      8       network      carol l2tp7-8         10.9.0.8        -        1000         2000"),
		      "%s", r.out);
	free(r.out);
	free(r.err);

	r = run(true, cmd_session, 1, ARGV("list"));
	ck_assert_int_eq(r.code, EXIT_OK);
	ck_assert_msg(strstr(r.out, "[{\"tunnel_id\":7,\"session_id\":8,\"peer_tunnel_id\":70,\"peer_session_id\":80,\"state\":\"network\",\"user\":\"carol\",\"ifname\":\"l2tp7-8\",\"ifindex\":4,\"local_ipv4\":\"10.9.0.1\",\"peer_ipv4\":\"10.9.0.8\",\"local_ifid\":null,\"peer_ifid\":null,\"created_at\":0,\"stats\":{\"rx_packets\":0,\"rx_bytes\":1000,"),
		      "%s", r.out);
	free(r.out);
	free(r.err);
}
END_TEST

/* A peer's user name reaches the terminal escaped, and JSON exact. */
START_TEST(session_list_escapes_hostile_user)
{
	struct control_session_info hostile = session;
	struct run r;

	hostile.user = "eve\x1b[31m\nl2tpgwd: forged";
	served = &hostile;
	r = run(false, cmd_session, 1, ARGV("list"));
	served = &session;
	ck_assert_int_eq(r.code, EXIT_OK);
	ck_assert_msg(!strchr(r.out, '\x1b'), "%s", r.out);
	ck_assert_msg(strstr(r.out, " eve\\x1b[31m\\nl2tpgwd: forged l2tp7-8 "),
		      "%s", r.out);
	/* Header and one row, nothing more. */
	ck_assert_ptr_null(strchr(strchr(strchr(r.out, '\n') + 1, '\n') + 1,
				  '\n'));
	free(r.out);
	free(r.err);

	served = &hostile;
	r = run(true, cmd_session, 1, ARGV("list"));
	served = &session;
	ck_assert_int_eq(r.code, EXIT_OK);
	ck_assert_msg(strstr(r.out, "\"user\":\"eve\\u001b[31m\\nl2tpgwd: forged\""),
		      "%s", r.out);
	free(r.out);
	free(r.err);
}
END_TEST

START_TEST(tunnel_list_text)
{
	struct run r = run(false, cmd_tunnel, 1, ARGV("list"));

	ck_assert_int_eq(r.code, EXIT_OK);
	ck_assert_msg(strstr(r.out, "7      70      198.51.100.7 1701  established    1        -        branch-lac\n"),
		      "%s", r.out);
	free(r.out);
	free(r.err);
}
END_TEST

START_TEST(errors_reach_stderr_with_exit_codes)
{
	struct run r;

	r = run(false, cmd_session, 3, ARGV("delete", "user", "dave"));
	ck_assert_int_eq(r.code, EXIT_FAILED);
	ck_assert_str_eq(r.err, "l2tpctl: session delete: no session of user \"dave\"\n");
	free(r.out);
	free(r.err);

	r = run(false, cmd_session, 3, ARGV("delete", "user", "carol"));
	ck_assert_int_eq(r.code, EXIT_OK);
	ck_assert_str_eq(r.err, "");
	free(r.out);
	free(r.err);

	r = run(false, cmd_reload, 0, ARGV(NULL));
	ck_assert_int_eq(r.code, EXIT_FAILED);
	ck_assert_str_eq(r.err, "l2tpctl: reload: /etc/l2tpgw/l2tpgwd.conf:12: unknown key \"poool\"\n");
	free(r.out);
	free(r.err);

	r = run(false, cmd_tunnel, 1, ARGV("delete"));
	ck_assert_int_eq(r.code, EXIT_USAGE);
	ck_assert_str_eq(r.err, "l2tpctl: tunnel delete: missing the tunnel id\n");
	free(r.out);
	free(r.err);

	r = run(false, cmd_status, 0, ARGV(NULL));
	ck_assert_int_eq(r.code, EXIT_FAILED);
	ck_assert_str_eq(r.err, "l2tpctl: status: status is not supported by this l2tpgwd\n");
	free(r.out);
	free(r.err);

	r = run(false, cmd_lac, 1, ARGV("reconnect"));
	ck_assert_int_eq(r.code, EXIT_USAGE);
	ck_assert(strstr(r.err, "unknown command \"reconnect\" for \"lac\""));
	free(r.out);
	free(r.err);
}
END_TEST

START_TEST(daemon_down_falls_back_or_fails_clearly)
{
	const char *fallback = "l2tpctl: l2tpgwd not running; showing kernel state\n";
	struct run r;

	snprintf(path, sizeof(path), "%s/absent.sock", dir);
	r = run(false, cmd_reload, 0, ARGV(NULL));
	ck_assert_int_eq(r.code, EXIT_FAILED);
	ck_assert_msg(strstr(r.err, "l2tpctl: l2tpgwd not running (no control socket at /tmp/l2tpctl-cli-"),
		      "%s", r.err);
	free(r.out);
	free(r.err);

	/* Listings say so, then try the module (absent on a test host too). */
	r = run(false, cmd_tunnel, 1, ARGV("list"));
	ck_assert_msg(strncmp(r.err, fallback, strlen(fallback)) == 0, "%s", r.err);
	free(r.out);
	free(r.err);
	snprintf(path, sizeof(path), "%s/control.sock", dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("control_cli");
	TCase *args = tcase_create("args"), *e2e = tcase_create("end_to_end");
	SRunner *sr;
	int failed;

	tcase_add_test(args, tunnel_id_positional);
	tcase_add_test(args, session_filter);
	tcase_add_test(args, session_selectors);
	tcase_add_test(args, lac_names);
	suite_add_tcase(s, args);
	tcase_add_checked_fixture(e2e, e2e_setup, e2e_teardown);
	tcase_set_timeout(e2e, 30);
	tcase_add_test(e2e, session_list_text_and_json);
	tcase_add_test(e2e, session_list_escapes_hostile_user);
	tcase_add_test(e2e, tunnel_list_text);
	tcase_add_test(e2e, errors_reach_stderr_with_exit_codes);
	tcase_add_test(e2e, daemon_down_falls_back_or_fails_clearly);
	suite_add_tcase(s, e2e);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
