// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RADIUS client against a real FreeRADIUS (Debian's freeradius,
 * started here on 127.0.0.1 with tests/radius/freeradius-conf): the
 * oracle for PAP and CHAP Access-Accept/Reject with Message-Authenticator
 * required both ways, and for an Accounting-Request, whose NAS-Identifier
 * and NAS-IP-Address FreeRADIUS logs.  Runs on the daemon's real loop.
 */
#include <arpa/inet.h>
#include <check.h>
#include <nettle/md5.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "loop.h"
#include "radius/client.h"
#include "radius/radius.h"

#define SECRET "fr-oracle-secret"

static char dir[] = "/tmp/l2tpgw-radius-XXXXXX";
static pid_t radiusd = -1;
static unsigned port;
static char err[256];

static bool file_has(const char *path, const char *text)
{
	char line[512];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

static void start_freeradius(void)
{
	char cmd[512], log[300];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	port = 20000 + getpid() % 20000;
	snprintf(cmd, sizeof(cmd), "tests/radius/freeradius-conf %s %u %s",
		 dir, port, SECRET);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(log, sizeof(log), "%s/log", dir);
	radiusd = fork();
	ck_assert_int_ge(radiusd, 0);
	if (radiusd == 0) {
		if (!freopen(log, "w", stdout) || !freopen(log, "a", stderr))
			_exit(126);
		execlp("freeradius", "freeradius", "-f", "-X", "-d", dir,
		       "-n", "radiusd", (char *)NULL);
		execl("/usr/sbin/freeradius", "freeradius", "-f", "-X", "-d",
		      dir, "-n", "radiusd", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !file_has(log, "Ready to process"); i++)
		usleep(50000);
	ck_assert_msg(file_has(log, "Ready to process"),
		      "FreeRADIUS did not start: see %s", log);
}

static void stop_freeradius(void)
{
	char cmd[300];

	if (radiusd > 0) {
		kill(radiusd, SIGTERM);
		waitpid(radiusd, NULL, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

struct result {
	bool done;
	enum radius_outcome o;
	uint8_t code;
	char reply[128];
	char class[64];
	uint32_t framed_ip;
};

struct user {
	const char *name, *password;
	bool chap;
};

static int fill_auth(void *arg, struct radius_builder *b, const char *secret,
		     uint32_t delay_s)
{
	const struct user *u = arg;
	uint8_t chal[16] = "0123456789abcdef", resp[17] = { 42 };
	struct md5_ctx ctx;

	if (radius_put_str(b, RA_USER_NAME, u->name) < 0)
		return -1;
	if (!u->chap)
		return radius_put_user_password(b, secret,
			(const uint8_t *)u->password, strlen(u->password));
	md5_init(&ctx);
	md5_update(&ctx, 1, resp);
	md5_update(&ctx, strlen(u->password), (const uint8_t *)u->password);
	md5_update(&ctx, sizeof(chal), chal);
	md5_digest(&ctx, 16, resp + 1);
	if (radius_put(b, RA_CHAP_CHALLENGE, chal, sizeof(chal)) < 0)
		return -1;
	return radius_put(b, RA_CHAP_PASSWORD, resp, sizeof(resp));
}

static int fill_acct(void *arg, struct radius_builder *b, const char *secret,
		     uint32_t delay_s)
{
	radius_put_str(b, RA_USER_NAME, "alice");
	radius_put_u32(b, RA_ACCT_STATUS_TYPE, RADIUS_ACCT_START);
	radius_put_str(b, RA_ACCT_SESSION_ID, "sess-0042");
	return radius_put_u32(b, RA_ACCT_DELAY_TIME, delay_s);
}

static struct result *pending_result;

static void done(void *arg, enum radius_outcome o,
		 const struct radius_packet *p)
{
	struct result *r = pending_result;
	const struct radius_attr *a;

	r->done = true;
	r->o = o;
	if (o != RADIUS_ANSWERED)
		return;
	r->code = p->code;
	if ((a = radius_find(p, 0, RA_REPLY_MESSAGE)))
		radius_attr_str(a, r->reply, sizeof(r->reply));
	if ((a = radius_find(p, 0, RA_CLASS)))
		radius_attr_str(a, r->class, sizeof(r->class));
	if ((a = radius_find(p, 0, RA_FRAMED_IP_ADDRESS)))
		radius_attr_u32(a, &r->framed_ip);
}

static void set_server(struct radius_server_config *s,
		       enum radius_server_kind kind, unsigned p,
		       const char *secret)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&s->addr;

	s->kind = kind;
	in->sin_family = AF_INET;
	in->sin_port = htons(p);
	in->sin_addr.s_addr = htonl(0x7f000001);
	s->addrlen = sizeof(*in);
	snprintf(s->secret, sizeof(s->secret), "%s", secret);
}

/* One request on a real loop, run until its callback. */
static struct result run(const char *secret, enum radius_server_kind kind,
			 uint8_t code, radius_fill_cb fill, void *arg)
{
	struct radius_client_config cfg = {
		.nserver = 2, .timeout_ms = 700, .retries = 1,
		.dead_time_s = 10, .max_pending = 10,
		.require_message_authenticator = true,
		.nas_identifier = "gw-oracle",
	};
	struct sockaddr_in *nas = (struct sockaddr_in *)&cfg.nas_addr;
	struct result res = { 0 };
	struct loop *loop = loop_new();
	struct radius_client *c;

	nas->sin_family = AF_INET;
	nas->sin_addr.s_addr = htonl(0x7f000001);
	set_server(&cfg.server[0], RADIUS_AUTH, port, secret);
	set_server(&cfg.server[1], RADIUS_ACCT, port + 1, secret);
	ck_assert_ptr_nonnull(loop);
	c = radius_client_new(loop, &cfg, err, sizeof(err));
	ck_assert_msg(c != NULL, "%s", err);
	pending_result = &res;
	ck_assert_msg(radius_send(c, kind, code, fill, done, arg, err,
				  sizeof(err)) != NULL, "%s", err);
	for (int i = 0; i < 100 && !res.done; i++)
		loop_run_once(loop, 100);
	radius_client_free(c);
	loop_free(loop);
	ck_assert(res.done);
	return res;
}

START_TEST(test_pap_accept)
{
	struct user u = { "alice", "wonderland", false };
	struct result r = run(SECRET, RADIUS_AUTH, RADIUS_ACCESS_REQUEST,
			      fill_auth, &u);

	ck_assert_int_eq(r.o, RADIUS_ANSWERED);
	ck_assert_uint_eq(r.code, RADIUS_ACCESS_ACCEPT);
	ck_assert_uint_eq(r.framed_ip, 0x0a090807);
	ck_assert_str_eq(r.class, "alice-class");
}
END_TEST

START_TEST(test_pap_reject)
{
	struct user bob = { "bob", "builder", false };
	struct user liar = { "alice", "looking-glass", false };
	struct result r = run(SECRET, RADIUS_AUTH, RADIUS_ACCESS_REQUEST,
			      fill_auth, &bob);

	ck_assert_int_eq(r.o, RADIUS_ANSWERED);
	ck_assert_uint_eq(r.code, RADIUS_ACCESS_REJECT);
	ck_assert_str_eq(r.reply, "bob is not welcome");
	r = run(SECRET, RADIUS_AUTH, RADIUS_ACCESS_REQUEST, fill_auth, &liar);
	ck_assert_uint_eq(r.code, RADIUS_ACCESS_REJECT);
}
END_TEST

START_TEST(test_chap_accept)
{
	struct user u = { "alice", "wonderland", true };
	struct user bad = { "alice", "wonderlanD", true };
	struct result r = run(SECRET, RADIUS_AUTH, RADIUS_ACCESS_REQUEST,
			      fill_auth, &u);

	ck_assert_uint_eq(r.code, RADIUS_ACCESS_ACCEPT);
	r = run(SECRET, RADIUS_AUTH, RADIUS_ACCESS_REQUEST, fill_auth, &bad);
	ck_assert_uint_eq(r.code, RADIUS_ACCESS_REJECT);
}
END_TEST

START_TEST(test_accounting_start)
{
	char path[300];
	struct result r = run(SECRET, RADIUS_ACCT, RADIUS_ACCOUNTING_REQUEST,
			      fill_acct, NULL);

	ck_assert_int_eq(r.o, RADIUS_ANSWERED);
	ck_assert_uint_eq(r.code, RADIUS_ACCOUNTING_RESPONSE);
	/* The NAS attributes the client added, as FreeRADIUS read them. */
	snprintf(path, sizeof(path), "%s/acct", dir);
	ck_assert(file_has(path, "Start alice sess-0042 0 gw-oracle "
			   "127.0.0.1"));
}
END_TEST

/* FreeRADIUS drops a request signed with another secret: no answer. */
START_TEST(test_wrong_secret_unanswered)
{
	struct user u = { "alice", "wonderland", false };
	struct result r = run("not-the-secret", RADIUS_AUTH,
			      RADIUS_ACCESS_REQUEST, fill_auth, &u);

	ck_assert_int_eq(r.o, RADIUS_NO_ANSWER);
}
END_TEST

static Suite *radius_freeradius_suite(void)
{
	Suite *s = suite_create("radius_freeradius");
	TCase *tc = tcase_create("freeradius");

	tcase_add_unchecked_fixture(tc, start_freeradius, stop_freeradius);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_pap_accept);
	tcase_add_test(tc, test_pap_reject);
	tcase_add_test(tc, test_chap_accept);
	tcase_add_test(tc, test_accounting_start);
	tcase_add_test(tc, test_wrong_secret_unanswered);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(radius_freeradius_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
