// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session events and hooks: the key=value format (log_kv.h), the session
 * up/down log line and hook environment (hooks/event.h), the config keys
 * up_script, down_script and hook_timeout, and the runner (hooks.h) on a
 * real loop: output logged, exit status, timeout killing the process
 * group, and the limit on hooks running at once.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"
#include "hooks/event.h"
#include "hooks/hooks.h"
#include "log_capture.h"
#include "log_kv.h"
#include "loop.h"

/* --- key=value ----------------------------------------------------------- */

static const char *quoted(const char *v)
{
	static char out[256];

	ck_assert_int_ge(kv_quote(out, sizeof(out), v), 0);
	return out;
}

START_TEST(kv_values)
{
	ck_assert_str_eq(quoted("alice"), "alice");
	ck_assert_str_eq(quoted("10.0.0.5"), "10.0.0.5");
	ck_assert_str_eq(quoted("[2001:db8::1]:1701"), "[2001:db8::1]:1701");
	ck_assert_str_eq(quoted(""), "\"\"");
	ck_assert_str_eq(quoted("alice smith"), "\"alice smith\"");
	ck_assert_str_eq(quoted("a\"b"), "\"a\\\"b\"");
	ck_assert_str_eq(quoted("a\\b"), "\"a\\\\b\"");
	ck_assert_str_eq(quoted("a=b"), "\"a=b\"");
	ck_assert_str_eq(quoted("x\ny\tz\r"), "\"x\\ny\\tz\\r\"");
	ck_assert_str_eq(quoted("\x1b[2J"), "\"\\x1b[2J\"");
	ck_assert_str_eq(quoted("j\xc3\xbcrgen"), "\"j\\xc3\\xbcrgen\"");
}
END_TEST

START_TEST(kv_line_and_cut)
{
	char buf[44];
	struct kv_line l;

	kv_init(&l, buf, sizeof(buf));
	kv_text(&l, "session up");
	kv_add(&l, "user", "bob smith");
	kv_add_u64(&l, "tunnel", 17);
	ck_assert_str_eq(buf, "session up user=\"bob smith\" tunnel=17");
	/* The next field does not fit: cut, marked, nothing added after. */
	kv_add(&l, "ifname", "l2tp1");
	ck_assert_str_eq(buf, "session up user=\"bob smith\" tunnel=17 ...");
	ck_assert(l.cut);
	kv_add(&l, "x", "y");
	ck_assert_str_eq(buf, "session up user=\"bob smith\" tunnel=17 ...");
	ck_assert_uint_lt(strlen(buf), sizeof(buf));
	/* A value too long for the buffer never leaves half an escape. */
	kv_init(&l, buf, sizeof(buf));
	kv_add(&l, "u", "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a");
	ck_assert_str_eq(buf, " ...");
}
END_TEST

/* --- the session event as a log line and a hook's environment ------------- */

static void alice(struct session_event *e, bool down)
{
	memset(e, 0, sizeof(*e));
	e->down = down;
	e->section = "ra";
	e->user = "alice";
	e->ifname = "ra3";
	strcpy(e->local_ip, "10.20.0.1");
	strcpy(e->peer_ip, "10.20.0.5");
	strcpy(e->client_addr, "203.0.113.7");
	e->client_port = 1701;
	e->tunnel_id = 11;
	e->session_id = 22;
	e->peer_tunnel_id = 33;
	e->peer_session_id = 44;
	if (!down)
		return;
	e->duration_s = 123;
	e->has_counters = true;
	e->counters = (struct control_counters){ .rx_packets = 10,
		.rx_bytes = 10280, .tx_packets = 9, .tx_bytes = 9252,
		.rx_errors = 1, .tx_errors = 2 };
	e->cause = "admin-reset";
	e->reason = "CDN result 3 (disconnected by operator)";
}

START_TEST(event_lines)
{
	struct session_event e;
	char line[SESSION_EVENT_LINE_MAX];

	alice(&e, false);
	session_event_line(&e, line, sizeof(line));
	ck_assert_str_eq(line, "session up tunnel=11 session=22 user=alice "
			 "ifname=ra3 local=10.20.0.1 peer=10.20.0.5 "
			 "client=203.0.113.7:1701 lns=ra");
	alice(&e, true);
	strcpy(e.peer_ipv6, "fe80::2");
	strcpy(e.local_ipv6, "fe80::1");
	strcpy(e.client_addr, "2001:db8::7");
	e.user = "eve \"x\"\n";
	e.lac = true;
	session_event_line(&e, line, sizeof(line));
	ck_assert_str_eq(line, "session down tunnel=11 session=22 "
			 "user=\"eve \\\"x\\\"\\n\" ifname=ra3 local=10.20.0.1 "
			 "peer=10.20.0.5 local6=fe80::1 peer6=fe80::2 "
			 "client=[2001:db8::7]:1701 lac=ra duration=123s "
			 "rx_bytes=10280 tx_bytes=9252 rx_packets=10 "
			 "tx_packets=9 rx_errors=1 tx_errors=2 "
			 "cause=admin-reset "
			 "reason=\"CDN result 3 (disconnected by operator)\"");
	/* Before IPCP, without a user: "-" rather than nothing. */
	memset(&e, 0, sizeof(e));
	e.section = "ra";
	session_event_line(&e, line, sizeof(line));
	ck_assert_str_eq(line, "session up tunnel=0 session=0 user=- "
			 "ifname=- lns=ra");
}
END_TEST

static const char *getenv_of(const struct hook_env *env, const char *name)
{
	size_t n = strlen(name);
	unsigned i;

	for (i = 0; i < env->n_env; i++)
		if (!strncmp(env->envp[i], name, n) && env->envp[i][n] == '=')
			return env->envp[i] + n + 1;
	return NULL;
}

START_TEST(event_env)
{
	struct session_event e;
	struct hook_env env;
	static const char *const up_args[] = {
		"/etc/l2tpgw/up", "ra3", "l2tp", "0", "10.20.0.1", "10.20.0.5",
		"ra", NULL,
	};
	unsigned i;

	alice(&e, false);
	ck_assert_int_eq(session_event_env(&e, "/etc/l2tpgw/up", &env), 0);
	for (i = 0; up_args[i]; i++)
		ck_assert_str_eq(env.argv[i], up_args[i]);
	ck_assert_ptr_null(env.argv[i]);
	ck_assert_ptr_null(env.envp[env.n_env]);
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_EVENT"), "up");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_USER"), "alice");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_IFNAME"), "ra3");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_LOCAL_IP"), "10.20.0.1");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_PEER_IP"), "10.20.0.5");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_CLIENT_ADDR"), "203.0.113.7");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_CLIENT_PORT"), "1701");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_TUNNEL_ID"), "11");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_SESSION_ID"), "22");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_PEER_TUNNEL_ID"), "33");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_PEER_SESSION_ID"), "44");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_SECTION"), "ra");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_ROLE"), "lns");
	ck_assert_ptr_nonnull(getenv_of(&env, "PATH"));
	/* Only what is known: no IPv6, no totals on up. */
	ck_assert_ptr_null(getenv_of(&env, "L2TPGW_PEER_IPV6"));
	ck_assert_ptr_null(getenv_of(&env, "L2TPGW_RX_BYTES"));
	ck_assert_ptr_null(getenv_of(&env, "L2TPGW_DURATION"));

	alice(&e, true);
	strcpy(e.peer_ipv6, "fe80::2");
	strcpy(e.local_ipv6, "fe80::1");
	strcpy(e.ipv6_prefix, "2001:db8:1::/64");
	ck_assert_int_eq(session_event_env(&e, "/etc/l2tpgw/down", &env), 0);
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_EVENT"), "down");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_PEER_IPV6"), "fe80::2");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_LOCAL_IPV6"), "fe80::1");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_IPV6_PREFIX"),
			 "2001:db8:1::/64");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_RX_BYTES"), "10280");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_TX_BYTES"), "9252");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_RX_PACKETS"), "10");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_TX_PACKETS"), "9");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_DURATION"), "123");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_CAUSE"), "admin-reset");
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_REASON"),
			 "CDN result 3 (disconnected by operator)");
	/* Totals unknown (the module went first): none rather than zeros. */
	e.has_counters = false;
	ck_assert_int_eq(session_event_env(&e, "/x", &env), 0);
	ck_assert_ptr_null(getenv_of(&env, "L2TPGW_RX_BYTES"));
	ck_assert_str_eq(getenv_of(&env, "L2TPGW_DURATION"), "123");
}
END_TEST

/* --- config keys ----------------------------------------------------------- */

static char script_dir[] = "/tmp/l2tpgw-test-hooks-XXXXXX";

/* A file in script_dir with mode; its path. */
static const char *make_file(const char *name, const char *text, mode_t mode)
{
	static char path[2][128];
	static int which;
	char *p = path[which++ & 1];
	FILE *f;

	snprintf(p, sizeof(path[0]), "%s/%s", script_dir, name);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(p, mode), 0);
	return p;
}

static void setup_dir(void)
{
	ck_assert_ptr_nonnull(mkdtemp(script_dir));
}

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", script_dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(script_dir, "/tmp/l2tpgw-test-hooks-XXXXXX");
}

START_TEST(config_keys)
{
	const char *ok = make_file("up", "#!/bin/sh\n", 0755);
	const char *plain = make_file("plain", "#!/bin/sh\n", 0644);
	struct config *c;
	char text[512];

	c = config_parse_ok("[lns a]\n[lac b]\npeer = 192.0.2.1\n");
	ck_assert_str_eq(c->lns[0].hooks.up, "");
	ck_assert_str_eq(c->lns[0].hooks.down, "");
	ck_assert_uint_eq(c->lns[0].hooks.timeout_ms, 10000);
	ck_assert_uint_eq(c->lac[0].hooks.timeout_ms, 10000);
	config_free(c);

	snprintf(text, sizeof(text), "[lns a]\nup_script = %s\n"
		 "down_script = %s\nhook_timeout = 2500ms\n"
		 "[lac b]\npeer = 192.0.2.1\ndown_script = %s\n"
		 "hook_timeout = 60\n", ok, ok, ok);
	c = config_parse_ok(text);
	ck_assert_str_eq(c->lns[0].hooks.up, ok);
	ck_assert_str_eq(c->lns[0].hooks.down, ok);
	ck_assert_uint_eq(c->lns[0].hooks.timeout_ms, 2500);
	ck_assert_str_eq(c->lac[0].hooks.up, "");
	ck_assert_str_eq(c->lac[0].hooks.down, ok);
	ck_assert_uint_eq(c->lac[0].hooks.timeout_ms, 60000);
	config_free(c);

	config_parse_fails("[lns a]\nup_script = up.sh\n",
		    "t.conf:2: up_script: \"up.sh\" is not an absolute path");
	config_parse_fails("[lns a]\n\ndown_script = /nonexistent/down\n",
		    "t.conf:3: down_script: /nonexistent/down: No such file "
		    "or directory");
	snprintf(text, sizeof(text), "[lns a]\nup_script = %s\n", plain);
	config_parse_fails(text, "t.conf:2: up_script: ");
	ck_assert_ptr_nonnull(strstr(config_check_err, "is not executable"));
	snprintf(text, sizeof(text), "[lac b]\npeer = 192.0.2.1\n"
		 "up_script = %s\n", script_dir);
	config_parse_fails(text, "t.conf:3: up_script: ");
	ck_assert_ptr_nonnull(strstr(config_check_err,
				     "is not a regular file"));
	config_parse_fails("[global]\nup_script = /bin/sh\n",
		    "t.conf:2: unknown key \"up_script\" in [global]");
	config_parse_fails("[lns a]\nhook_timeout = 99ms\n",
		    "t.conf:2: hook_timeout: 99ms is out of range "
		    "100ms..3600000ms");
	config_parse_fails("[lns a]\nhook_timeout = 2h\n",
		    "t.conf:2: hook_timeout: \"2h\" is not a duration");
	config_parse_fails("[lns a]\nhook_timeout = 3601\n",
		    "t.conf:2: hook_timeout: 3601 is out of range");
	config_parse_fails("[lns a]\nup_script =\n", "t.conf:2: up_script: "
		    "no value");
}
END_TEST

/* --- the runner on a real loop --------------------------------------------- */

static struct log_capture cap;

/* Run the loop until no hook runs or waits, at most max_ms. */
static void run_until_idle(struct loop *loop, struct hooks *h, int max_ms)
{
	uint64_t end = loop_now(loop) + (uint64_t)max_ms;
	struct hooks_stats st;

	for (;;) {
		hooks_get_stats(h, &st);
		if (!st.running && !st.queued)
			return;
		ck_assert_msg(loop_now(loop) < end, "hooks still running");
		loop_run_once(loop, 50);
	}
}

static void script_env(const char *path, struct hook_env *env)
{
	struct session_event e;

	alice(&e, true);
	ck_assert_int_eq(session_event_env(&e, path, env), 0);
}

START_TEST(runner_output_and_status)
{
	struct loop *loop = loop_new();
	struct hooks *h = hooks_new(loop, 0, 0);
	struct hooks_stats st;
	struct hook_env env;
	const char *good = make_file("good", "#!/bin/sh\n"
		"echo \"up $L2TPGW_USER on $1 rx=$L2TPGW_RX_BYTES\"\n"
		"printf 'to stderr \\033[2J\\n' >&2\n", 0755);
	const char *bad = make_file("bad", "#!/bin/sh\nexit 3\n", 0755);

	log_capture_start(&cap);
	script_env(good, &env);
	ck_assert_int_eq(hooks_run(h, "session 11/22 up hook", &env, 5000), 0);
	run_until_idle(loop, h, 5000);
	script_env(bad, &env);
	ck_assert_int_eq(hooks_run(h, "session 11/22 down hook", &env, 5000), 0);
	run_until_idle(loop, h, 5000);
	log_capture_stop();
	hooks_get_stats(h, &st);
	ck_assert_uint_eq(st.started, 2);
	ck_assert_uint_eq(st.failed, 1);
	ck_assert_uint_eq(st.timed_out, 0);
	ck_assert_ptr_nonnull(strstr(cap.text, "session 11/22 up hook: up "
				     "alice on ra3 rx=10280\n"));
	/* Escaped: a script cannot drive the operator's terminal. */
	ck_assert_ptr_nonnull(strstr(cap.text, "session 11/22 up hook: to "
				     "stderr \\x1b[2J\n"));
	ck_assert_uint_eq(cap.raw_control, 0);
	ck_assert_ptr_nonnull(strstr(cap.text, "exited with status 3"));
	hooks_free(h);
	loop_free(loop);
}
END_TEST

START_TEST(runner_timeout_kills_the_group)
{
	struct loop *loop = loop_new();
	struct hooks *h = hooks_new(loop, 0, 0);
	struct hooks_stats st;
	struct hook_env env;
	char pidfile[160], cmd[200];
	const char *hang;
	FILE *f;
	int child = 0;

	snprintf(pidfile, sizeof(pidfile), "%s/child.pid", script_dir);
	snprintf(cmd, sizeof(cmd), "#!/bin/sh\nsleep 100 &\necho $! >%s\n"
		 "wait\n", pidfile);
	hang = make_file("hang", cmd, 0755);
	log_capture_start(&cap);
	script_env(hang, &env);
	ck_assert_int_eq(hooks_run(h, "session 1/2 up hook", &env, 300), 0);
	run_until_idle(loop, h, 5000);
	log_capture_stop();
	hooks_get_stats(h, &st);
	ck_assert_uint_eq(st.started, 1);
	ck_assert_uint_eq(st.timed_out, 1);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_ptr_nonnull(strstr(cap.text, "still running after 300 ms"));
	f = fopen(pidfile, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%d", &child), 1);
	fclose(f);
	/* The script's child went with it (reaped by init or gone). */
	usleep(200000);
	snprintf(cmd, sizeof(cmd), "/proc/%d/cmdline", child);
	f = fopen(cmd, "r");
	if (f) {
		char text[64] = "";

		ck_assert_uint_eq(fread(text, 1, sizeof(text) - 1, f), 0);
		fclose(f);
	}
	hooks_free(h);
	loop_free(loop);
}
END_TEST

START_TEST(runner_limits_concurrency)
{
	struct loop *loop = loop_new();
	struct hooks *h = hooks_new(loop, 2, 3);
	struct hooks_stats st;
	struct hook_env env;
	const char *quick = make_file("quick", "#!/bin/sh\nsleep 0.1\n", 0755);
	int i;

	log_capture_start(&cap);
	script_env(quick, &env);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(hooks_run(h, "t", &env, 5000), 0);
	hooks_get_stats(h, &st);
	ck_assert_uint_eq(st.running, 2);
	ck_assert_uint_eq(st.queued, 3);
	/* The queue is full: the sixth is dropped and counted. */
	ck_assert_int_eq(hooks_run(h, "t", &env, 5000), -ENOBUFS);
	run_until_idle(loop, h, 10000);
	log_capture_stop();
	hooks_get_stats(h, &st);
	ck_assert_uint_eq(st.started, 5);
	ck_assert_uint_eq(st.dropped, 1);
	ck_assert_uint_eq(st.failed, 0);
	hooks_free(h);
	loop_free(loop);
}
END_TEST

START_TEST(runner_missing_program)
{
	struct loop *loop = loop_new();
	struct hooks *h = hooks_new(loop, 0, 0);
	struct hooks_stats st;
	struct hook_env env;

	log_capture_start(&cap);
	script_env("/nonexistent/hook", &env);
	ck_assert_int_eq(hooks_run(h, "t", &env, 5000), -ENOENT);
	run_until_idle(loop, h, 5000);
	log_capture_stop();
	hooks_get_stats(h, &st);
	ck_assert_uint_eq(st.failed, 1);
	ck_assert_ptr_nonnull(strstr(cap.text, "/nonexistent/hook"));
	hooks_free(h);
	loop_free(loop);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hooks");
	TCase *tc = tcase_create("core");
	TCase *files = tcase_create("files");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, kv_values);
	tcase_add_test(tc, kv_line_and_cut);
	tcase_add_test(tc, event_lines);
	tcase_add_test(tc, event_env);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(files, setup_dir, remove_dir);
	tcase_set_timeout(files, 30);
	tcase_add_test(files, config_keys);
	tcase_add_test(files, runner_output_and_status);
	tcase_add_test(files, runner_timeout_kills_the_group);
	tcase_add_test(files, runner_limits_concurrency);
	tcase_add_test(files, runner_missing_program);
	suite_add_tcase(s, files);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
