// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VICI client and the L2TP/IPsec requests against the real charon
 * (Debian's strongswan-charon): a private charon with only the vici,
 * crypto and kernel-netlink plugins, its socket in a temp dir, IKE on
 * random ports.  charon must accept our load-shared and load-conn, so
 * this is the oracle for the key names and proposal syntax.
 *
 * Fails at once, saying so, when /usr/lib/ipsec/charon is absent: scripts/setup
 * installs it, so its absence is a broken setup, not a reason to pass.
 * charon keeps its pid file in /run, so only one such test runs at a time.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "vici/client.h"
#include "vici/conn.h"

#define CHARON "/usr/lib/ipsec/charon"

static char dir[64], sock[128];
static pid_t charon_pid;
static struct loop *loop;

static const char conf_fmt[] =
	"charon {\n"
	"  load_modular = yes\n"
	"  port = 0\n"
	"  port_nat_t = 0\n"
	"  install_routes = no\n"
	"  plugins {\n"
	"    vici { load = yes\n socket = unix://%s }\n"
	"    random { load = yes }\n nonce { load = yes }\n"
	"    aes { load = yes }\n sha1 { load = yes }\n sha2 { load = yes }\n"
	"    hmac { load = yes }\n gmp { load = yes }\n"
	"    pem { load = yes }\n pkcs1 { load = yes }\n x509 { load = yes }\n"
	"    pubkey { load = yes }\n kernel-netlink { load = yes }\n"
	"    socket-default { load = yes }\n"
	"  }\n"
	"  filelog { stderr { default = 0 } }\n"
	"}\n";

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void start_charon(void)
{
	char conf[160], env[200];
	struct stat st;
	uint64_t deadline;
	FILE *f;

	strcpy(dir, "/tmp/vici-charon-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/charon.vici", dir);
	snprintf(conf, sizeof(conf), "%s/strongswan.conf", dir);
	f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, conf_fmt, sock);
	fclose(f);
	snprintf(env, sizeof(env), "STRONGSWAN_CONF=%s", conf);

	charon_pid = fork();
	ck_assert_int_ge(charon_pid, 0);
	if (!charon_pid) {
		char *const argv[] = { CHARON, NULL };
		char *const envp[] = { env, NULL };

		execve(CHARON, argv, envp);
		_exit(127);
	}
	deadline = now_ms() + 5000;
	while (stat(sock, &st)) {
		ck_assert_msg(waitpid(charon_pid, NULL, WNOHANG) == 0,
			      "charon exited before opening %s (already running? see /run/charon.pid)",
			      sock);
		ck_assert_msg(now_ms() < deadline, "charon did not open %s",
			      sock);
		usleep(20000);
	}
}

static void stop_charon(void)
{
	char conf[160];

	kill(charon_pid, SIGTERM);
	waitpid(charon_pid, NULL, 0);
	snprintf(conf, sizeof(conf), "%s/strongswan.conf", dir);
	unlink(conf);
	unlink(sock);
	rmdir(dir);
}

struct result {
	int done;
	int err;
	char text[512];
	int events;
};

static void on_result(struct vici_client *c, int err,
		      const struct vici_msg *res, const char *errstr,
		      void *arg)
{
	struct result *r = arg;
	const struct vici_node *conns, *n;
	const char *v;
	size_t off = 0;

	r->err = err;
	r->text[0] = '\0';
	if (errstr)
		snprintf(r->text, sizeof(r->text), "%s", errstr);
	else if (res && (v = vici_msg_get(res, NULL, "daemon")))
		snprintf(r->text, sizeof(r->text), "%s", v);
	else if (res && (conns = vici_node_find(res, NULL, "conns")))
		for (n = vici_node_first(res, conns); n;
		     n = vici_node_next(res, n))
			off += snprintf(r->text + off, sizeof(r->text) - off,
					"%s ", n->value);
	r->done++;
}

static void on_event(struct vici_client *c, const char *event,
		     const struct vici_msg *msg, void *arg)
{
	((struct result *)arg)->events++;
}

static void run_until_done(struct result *r)
{
	uint64_t deadline = now_ms() + 5000;

	while (!r->done) {
		ck_assert_msg(now_ms() < deadline, "charon did not answer");
		loop_run_once(loop, 20);
	}
}

static void command(struct vici_client *c, const char *cmd,
		    struct vici_builder *b, struct result *r)
{
	memset(r, 0, sizeof(*r));
	ck_assert_int_eq(vici_client_command(c, cmd, b, on_result, r), 0);
	run_until_done(r);
}

START_TEST(real_charon_accepts_l2tp_config)
{
	static const char *const owners[] = { "%any", NULL };
	struct vici_l2tp_conn conn = { .name = "l2tp", .dpd_delay_s = 30 };
	struct vici_client *c;
	struct vici_builder b;
	struct result r, ev = { 0 };

	start_charon();
	loop = loop_new();
	c = vici_client_new(loop, sock, NULL, NULL);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(vici_client_register(c, "child-updown", on_event,
					      &ev), 0);
	ck_assert_int_eq(vici_client_register(c, "ike-updown", on_event,
					      &ev), 0);

	command(c, "version", NULL, &r);
	ck_assert_int_eq(r.err, 0);
	ck_assert_str_eq(r.text, "charon");
	ck_assert(vici_client_is_up(c));

	vici_builder_init(&b);
	ck_assert_int_eq(vici_build_load_shared_psk(&b, "l2tp-psk", "secret",
						    6, owners), 0);
	command(c, "load-shared", &b, &r);
	ck_assert_msg(r.err == 0, "load-shared: %s", r.text);

	ck_assert_int_eq(vici_build_load_conn(&b, &conn), 0);
	command(c, "load-conn", &b, &r);
	ck_assert_msg(r.err == 0, "load-conn: %s", r.text);

	command(c, "get-conns", NULL, &r);
	ck_assert_int_eq(r.err, 0);
	ck_assert_str_eq(r.text, "l2tp ");

	/* charon's own validation reaches us as a clear rejection */
	conn.name = "broken";
	conn.esp_proposals = (const char *const[]){ "no-such-cipher", NULL };
	ck_assert_int_eq(vici_build_load_conn(&b, &conn), 0);
	command(c, "load-conn", &b, &r);
	ck_assert_int_eq(r.err, -EREMOTEIO);
	ck_assert_msg(!strncmp(r.text, "charon rejected load-conn: ", 27),
		      "%s", r.text);

	ck_assert_int_eq(vici_build_list_sas(&b, NULL, true), 0);
	memset(&r, 0, sizeof(r));
	ck_assert_int_eq(vici_client_command_stream(c, "list-sas", &b,
						    "list-sa", on_event, on_result,
						    &r), 0);
	run_until_done(&r);
	ck_assert_int_eq(r.err, 0);
	ck_assert_int_eq(r.events, 0);	/* no SAs */

	ck_assert_int_eq(vici_build_unload_conn(&b, "l2tp"), 0);
	command(c, "unload-conn", &b, &r);
	ck_assert_msg(r.err == 0, "unload-conn: %s", r.text);

	command(c, "no-such-command", NULL, &r);
	ck_assert_int_eq(r.err, -EOPNOTSUPP);

	vici_builder_release(&b);
	vici_client_free(c);
	loop_free(loop);
	stop_charon();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vici_charon");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	if (access(CHARON, X_OK)) {
		fprintf(stderr, "%s not installed (run scripts/setup)\n", CHARON);
		return EXIT_FAILURE;
	}
	log_init(LOG_WARNING, false, "test_vici_charon");
	tcase_add_test(tc, real_charon_accepts_l2tp_config);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
