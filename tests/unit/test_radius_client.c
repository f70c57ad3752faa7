// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RADIUS client (daemon/radius/client.h) on a virtual loop, against
 * fake servers: real UDP sockets on 127.0.0.1 that the test reads and
 * answers (or not).  Time moves only by loop_advance(), so retransmission,
 * failover and dead time are exact.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "radius/client.h"
#include "radius/radius.h"

#define SECRET "s3cret"

struct fake_server {
	int fd;
	struct sockaddr_in addr;
	/* the last request received */
	uint8_t buf[RADIUS_MAX_LEN];
	size_t len;
	struct radius_packet p;
	struct sockaddr_in from;
};

struct outcome {
	int calls;
	enum radius_outcome o;
	uint8_t code;
	char class[64];
};

static struct loop *loop;
static struct fake_server srv[3];
static struct radius_client_config cfg;
static char err[256];

static void server_open(struct fake_server *s)
{
	socklen_t alen = sizeof(s->addr);

	s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(s->fd, 0);
	s->addr = (struct sockaddr_in){ .sin_family = AF_INET,
					.sin_addr.s_addr = htonl(0x7f000001) };
	ck_assert_int_eq(bind(s->fd, (struct sockaddr *)&s->addr,
			      sizeof(s->addr)), 0);
	ck_assert_int_eq(getsockname(s->fd, (struct sockaddr *)&s->addr,
				     &alen), 0);
}

/* True if a request arrived within wait_ms; it is parsed into s. */
static bool server_recv(struct fake_server *s, int wait_ms)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	socklen_t alen = sizeof(s->from);
	ssize_t n;

	if (poll(&pfd, 1, wait_ms) != 1)
		return false;
	n = recvfrom(s->fd, s->buf, sizeof(s->buf), 0,
		     (struct sockaddr *)&s->from, &alen);
	ck_assert_int_gt(n, 0);
	s->len = n;
	ck_assert_msg(radius_parse(s->buf, s->len, &s->p, err,
				   sizeof(err)) == 0, "%s", err);
	return true;
}

/* Answers the last request with code, signed with secret. */
static void server_reply_from(struct fake_server *s, int fd, uint8_t code,
			      const char *secret, bool msg_auth,
			      const char *class)
{
	struct radius_builder b;

	radius_begin(&b, code, s->p.id);
	if (class)
		radius_put_str(&b, RA_CLASS, class);
	if (msg_auth)
		radius_put_message_authenticator(&b);
	radius_finish(&b, secret, s->p.auth);
	ck_assert_int_eq(sendto(fd, b.buf, b.len, 0,
				(struct sockaddr *)&s->from,
				sizeof(s->from)), (ssize_t)b.len);
}

static void server_reply(struct fake_server *s, uint8_t code,
			 const char *secret, bool msg_auth)
{
	server_reply_from(s, s->fd, code, secret, msg_auth, "c1");
}

/* Lets the answers reach the client's sockets, then reads them. */
static void client_input(struct radius_client *c)
{
	usleep(20000);
	radius_client_input(c);
}

static void add_server(enum radius_server_kind kind, struct fake_server *s,
		       const char *secret)
{
	struct radius_server_config *sc = &cfg.server[cfg.nserver++];

	sc->kind = kind;
	memcpy(&sc->addr, &s->addr, sizeof(s->addr));
	sc->addrlen = sizeof(s->addr);
	strcpy(sc->secret, secret);
}

static void setup(void)
{
	struct sockaddr_in *nas = (struct sockaddr_in *)&cfg.nas_addr;

	loop = loop_new_virtual(1000000);
	for (int i = 0; i < 3; i++)
		server_open(&srv[i]);
	memset(&cfg, 0, sizeof(cfg));
	cfg.timeout_ms = 1000;
	cfg.retries = 2;
	cfg.dead_time_s = 30;
	cfg.max_pending = 1000;
	cfg.require_message_authenticator = true;
	strcpy(cfg.nas_identifier, "gw-test");
	nas->sin_family = AF_INET;
	nas->sin_addr.s_addr = htonl(0x7f000001);
}

static void teardown(void)
{
	for (int i = 0; i < 3; i++)
		close(srv[i].fd);
	loop_free(loop);
}

static int fill_pap(void *arg, struct radius_builder *b, const char *secret,
		    uint32_t delay_s)
{
	if (radius_put_str(b, RA_USER_NAME, "alice") < 0)
		return -1;
	return radius_put_user_password(b, secret,
					(const uint8_t *)"wonderland", 10);
}

static int fill_acct(void *arg, struct radius_builder *b, const char *secret,
		     uint32_t delay_s)
{
	radius_put_u32(b, RA_ACCT_STATUS_TYPE, RADIUS_ACCT_START);
	radius_put_str(b, RA_ACCT_SESSION_ID, "s1");
	return radius_put_u32(b, RA_ACCT_DELAY_TIME, delay_s);
}

static void done(void *arg, enum radius_outcome o,
		 const struct radius_packet *p)
{
	struct outcome *out = arg;
	const struct radius_attr *a;

	out->calls++;
	out->o = o;
	if (o != RADIUS_ANSWERED)
		return;
	out->code = p->code;
	a = radius_find(p, 0, RA_CLASS);
	if (a)
		radius_attr_str(a, out->class, sizeof(out->class));
}

static struct radius_request *send_pap(struct radius_client *c,
				       struct outcome *out)
{
	return radius_send(c, RADIUS_AUTH, RADIUS_ACCESS_REQUEST, fill_pap,
			   done, out, err, sizeof(err));
}

static struct radius_client *client(void)
{
	struct radius_client *c = radius_client_new(loop, &cfg, err,
						    sizeof(err));

	ck_assert_msg(c != NULL, "%s", err);
	return c;
}

START_TEST(test_answered_with_nas_attributes)
{
	struct radius_client *c;
	struct radius_client_stats st;
	struct outcome out = { 0 };
	const struct radius_attr *a;
	uint8_t pw[128];
	size_t pwlen;
	char s[64];

	add_server(RADIUS_AUTH, &srv[0], SECRET);
	c = client();
	ck_assert_ptr_nonnull(send_pap(c, &out));
	ck_assert(server_recv(&srv[0], 1000));
	/* The client's additions, and a request FreeRADIUS would verify. */
	ck_assert(srv[0].p.has_msg_auth);
	ck_assert_int_eq(radius_verify_request(srv[0].buf, srv[0].len,
					       &srv[0].p, SECRET, err,
					       sizeof(err)), 0);
	ck_assert(radius_attr_str(radius_find(&srv[0].p, 0, RA_NAS_IDENTIFIER),
				  s, sizeof(s)));
	ck_assert_str_eq(s, "gw-test");
	a = radius_find(&srv[0].p, 0, RA_NAS_IP_ADDRESS);
	ck_assert_mem_eq(a->val, "\x7f\x00\x00\x01", 4);
	a = radius_find(&srv[0].p, 0, RA_USER_PASSWORD);
	ck_assert_int_eq(radius_unhide_password(SECRET, srv[0].p.auth, a->val,
						a->len, pw, &pwlen), 0);
	ck_assert_mem_eq(pw, "wonderland", pwlen);
	/* Sent from nas_ip_address. */
	ck_assert_uint_eq(srv[0].from.sin_addr.s_addr, htonl(0x7f000001));
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	ck_assert_int_eq(out.calls, 1);
	ck_assert_int_eq(out.o, RADIUS_ANSWERED);
	ck_assert_uint_eq(out.code, RADIUS_ACCESS_ACCEPT);
	ck_assert_str_eq(out.class, "c1");
	radius_client_stats(c, &st);
	ck_assert_uint_eq(st.requests, 1);
	ck_assert_uint_eq(st.answers, 1);
	ck_assert_uint_eq(st.pending, 0);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
	radius_client_free(c);
	ck_assert_int_eq(out.calls, 1);
}
END_TEST

/* A silent primary: retries, then the secondary; dead, then revived. */
START_TEST(test_failover_and_dead_time)
{
	struct radius_client *c;
	struct radius_client_stats st;
	struct outcome out = { 0 }, out2 = { 0 }, out3 = { 0 };
	uint8_t ids[3];

	add_server(RADIUS_AUTH, &srv[0], SECRET);
	add_server(RADIUS_AUTH, &srv[1], SECRET);
	c = client();
	ck_assert_ptr_nonnull(send_pap(c, &out));
	for (int i = 0; i < 3; i++) {
		ck_assert(server_recv(&srv[0], 1000));
		ids[i] = srv[0].p.id;
		ck_assert(!server_recv(&srv[1], 0));
		loop_advance(loop, 999);
		ck_assert(!server_recv(&srv[0], 0));
		loop_advance(loop, 1);
	}
	/* A new Identifier for every try. */
	ck_assert_uint_ne(ids[0], ids[1]);
	ck_assert_uint_ne(ids[1], ids[2]);
	ck_assert(!server_recv(&srv[0], 50));
	ck_assert(server_recv(&srv[1], 1000));
	ck_assert_int_eq(out.calls, 0);
	server_reply(&srv[1], RADIUS_ACCESS_REJECT, SECRET, true);
	client_input(c);
	ck_assert_int_eq(out.calls, 1);
	ck_assert_uint_eq(out.code, RADIUS_ACCESS_REJECT);
	radius_client_stats(c, &st);
	ck_assert_uint_eq(st.retransmits, 2);
	ck_assert_uint_eq(st.failovers, 1);
	ck_assert_uint_eq(st.timeouts, 0);

	/* The primary is dead: the next request goes to the secondary. */
	ck_assert_ptr_nonnull(send_pap(c, &out2));
	ck_assert(server_recv(&srv[1], 1000));
	ck_assert(!server_recv(&srv[0], 0));
	server_reply(&srv[1], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	ck_assert_int_eq(out2.calls, 1);

	/* After dead_time, the primary is tried again first. */
	loop_advance(loop, 30 * 1000 + 1);
	ck_assert_ptr_nonnull(send_pap(c, &out3));
	ck_assert(server_recv(&srv[0], 1000));
	ck_assert(!server_recv(&srv[1], 0));
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	ck_assert_int_eq(out3.calls, 1);
	ck_assert_uint_eq(out3.code, RADIUS_ACCESS_ACCEPT);
	radius_client_free(c);
}
END_TEST

START_TEST(test_no_server_answers)
{
	struct radius_client *c;
	struct radius_client_stats st;
	struct outcome out = { 0 };

	cfg.retries = 0;
	add_server(RADIUS_ACCT, &srv[0], SECRET);
	add_server(RADIUS_ACCT, &srv[1], SECRET);
	add_server(RADIUS_AUTH, &srv[2], SECRET);
	c = client();
	ck_assert_ptr_nonnull(radius_send(c, RADIUS_ACCT,
					  RADIUS_ACCOUNTING_REQUEST, fill_acct,
					  done, &out, err, sizeof(err)));
	loop_advance(loop, 1000);
	loop_advance(loop, 1000);
	ck_assert_int_eq(out.calls, 1);
	ck_assert_int_eq(out.o, RADIUS_NO_ANSWER);
	ck_assert(server_recv(&srv[0], 1000));
	ck_assert(server_recv(&srv[1], 1000));
	ck_assert(!server_recv(&srv[2], 50));	/* not an acct server */
	radius_client_stats(c, &st);
	ck_assert_uint_eq(st.timeouts, 1);
	ck_assert_uint_eq(st.failovers, 1);
	ck_assert_uint_eq(st.pending, 0);
	radius_client_free(c);
}
END_TEST

/* Wrong secret, no Message-Authenticator, another source: all ignored. */
START_TEST(test_forged_answers_ignored)
{
	struct radius_client *c;
	struct radius_client_stats st;
	struct outcome out = { 0 };

	add_server(RADIUS_AUTH, &srv[0], SECRET);
	c = client();
	ck_assert_ptr_nonnull(send_pap(c, &out));
	ck_assert(server_recv(&srv[0], 1000));
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, "wrong", true);
	client_input(c);
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, false);
	client_input(c);
	/* Correctly signed, but from another port: the kernel drops it. */
	server_reply_from(&srv[0], srv[1].fd, RADIUS_ACCESS_ACCEPT, SECRET,
			  true, "c1");
	client_input(c);
	/* An accounting answer to an Access-Request. */
	server_reply(&srv[0], RADIUS_ACCOUNTING_RESPONSE, SECRET, true);
	client_input(c);
	ck_assert_int_eq(out.calls, 0);
	radius_client_stats(c, &st);
	ck_assert_uint_eq(st.bad_authenticator, 2);
	ck_assert_uint_eq(st.malformed, 1);
	ck_assert_uint_eq(st.answers, 0);
	ck_assert_uint_eq(st.pending, 1);
	/* The real answer still gets through. */
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	ck_assert_int_eq(out.calls, 1);
	/* Now nothing waits for that Identifier. */
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	radius_client_stats(c, &st);
	ck_assert_uint_eq(st.unknown_id, 1);
	ck_assert_int_eq(out.calls, 1);
	radius_client_free(c);
}
END_TEST

START_TEST(test_message_authenticator_optional)
{
	struct radius_client *c;
	struct outcome out = { 0 }, acct = { 0 };

	cfg.require_message_authenticator = false;
	add_server(RADIUS_AUTH, &srv[0], SECRET);
	add_server(RADIUS_ACCT, &srv[1], SECRET);
	c = client();
	ck_assert_ptr_nonnull(send_pap(c, &out));
	ck_assert(server_recv(&srv[0], 1000));
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, false);
	client_input(c);
	ck_assert_int_eq(out.calls, 1);
	/* Accounting responses never need one (FreeRADIUS sends none). */
	ck_assert_ptr_nonnull(radius_send(c, RADIUS_ACCT,
					  RADIUS_ACCOUNTING_REQUEST, fill_acct,
					  done, &acct, err, sizeof(err)));
	ck_assert(server_recv(&srv[1], 1000));
	ck_assert_int_eq(radius_verify_request(srv[1].buf, srv[1].len,
					       &srv[1].p, SECRET, err,
					       sizeof(err)), 0);
	server_reply(&srv[1], RADIUS_ACCOUNTING_RESPONSE, SECRET, false);
	client_input(c);
	ck_assert_int_eq(acct.calls, 1);
	ck_assert_uint_eq(acct.code, RADIUS_ACCOUNTING_RESPONSE);
	radius_client_free(c);
}
END_TEST

/* Every try a fresh Acct-Delay-Time; an answer to an earlier try counts. */
START_TEST(test_acct_delay_time_and_late_answer)
{
	struct radius_client *c;
	struct outcome out = { 0 };
	struct fake_server first;
	uint32_t delay;

	cfg.timeout_ms = 2000;
	add_server(RADIUS_ACCT, &srv[0], SECRET);
	c = client();
	ck_assert_ptr_nonnull(radius_send(c, RADIUS_ACCT,
					  RADIUS_ACCOUNTING_REQUEST, fill_acct,
					  done, &out, err, sizeof(err)));
	for (uint32_t i = 0; i < 3; i++) {
		ck_assert(server_recv(&srv[0], 1000));
		if (i == 0)
			first = srv[0];
		ck_assert(radius_attr_u32(radius_find(&srv[0].p, 0,
						      RA_ACCT_DELAY_TIME),
					  &delay));
		ck_assert_uint_eq(delay, 2 * i);
		if (i < 2)
			loop_advance(loop, 2000);
	}
	first.p.auth = first.buf + 4;	/* the copy's own buffer */
	server_reply(&first, RADIUS_ACCOUNTING_RESPONSE, SECRET, false);
	client_input(c);
	ck_assert_int_eq(out.calls, 1);
	ck_assert_int_eq(out.o, RADIUS_ANSWERED);
	radius_client_free(c);
}
END_TEST

START_TEST(test_queue_full_and_no_server)
{
	struct radius_client *c;
	struct outcome out[3] = { 0 };

	cfg.max_pending = 2;
	add_server(RADIUS_AUTH, &srv[0], SECRET);
	c = client();
	ck_assert_ptr_nonnull(send_pap(c, &out[0]));
	ck_assert_ptr_nonnull(send_pap(c, &out[1]));
	ck_assert_ptr_null(send_pap(c, &out[2]));
	ck_assert_str_eq(err, "radius: queue full (2 requests pending, "
			 "max_pending)");
	ck_assert_ptr_null(radius_send(c, RADIUS_ACCT,
				       RADIUS_ACCOUNTING_REQUEST, fill_acct,
				       done, &out[2], err, sizeof(err)));
	ck_assert_str_eq(err, "radius: no acct server configured");
	ck_assert_int_eq(out[2].calls, 0);
	radius_client_free(c);
	ck_assert_int_eq(out[0].calls, 1);
	ck_assert_int_eq(out[0].o, RADIUS_CANCELLED);
	ck_assert_int_eq(out[1].o, RADIUS_CANCELLED);
}
END_TEST

START_TEST(test_cancel)
{
	struct radius_client *c;
	struct radius_client_stats st;
	struct outcome out = { 0 };
	struct radius_request *r;

	add_server(RADIUS_AUTH, &srv[0], SECRET);
	c = client();
	r = send_pap(c, &out);
	radius_cancel(c, r);
	ck_assert_int_eq(out.calls, 1);
	ck_assert_int_eq(out.o, RADIUS_CANCELLED);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
	/* Its answer is now unknown. */
	ck_assert(server_recv(&srv[0], 1000));
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	radius_client_stats(c, &st);
	ck_assert_uint_eq(st.unknown_id, 1);
	ck_assert_uint_eq(st.pending, 0);
	ck_assert_int_eq(out.calls, 1);
	radius_client_free(c);
}
END_TEST

/* 256 Identifiers per socket: the 257th request waits for one. */
START_TEST(test_identifier_exhaustion)
{
	static struct outcome out[300];
	struct radius_client *c;
	int received = 0;

	memset(out, 0, sizeof(out));
	cfg.timeout_ms = 60000;
	add_server(RADIUS_AUTH, &srv[0], SECRET);
	c = client();
	for (int i = 0; i < 300; i++)
		ck_assert_ptr_nonnull(send_pap(c, &out[i]));
	while (server_recv(&srv[0], 100))
		received++;
	ck_assert_int_eq(received, 256);
	/* Answer the last one received: one waiting request goes. */
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	ck_assert(server_recv(&srv[0], 1000));
	ck_assert(!server_recv(&srv[0], 50));
	radius_client_free(c);
	for (int i = 0; i < 300; i++)
		ck_assert_int_eq(out[i].calls, 1);
}
END_TEST

static struct radius_client *reentrant_client;

/* A callback that frees the client: the client goes when it returns. */
static void done_free(void *arg, enum radius_outcome o,
		      const struct radius_packet *p)
{
	done(arg, o, p);
	radius_client_free(reentrant_client);
}

START_TEST(test_free_from_callback)
{
	struct outcome out = { 0 }, other = { 0 };
	struct fake_server first;

	add_server(RADIUS_AUTH, &srv[0], SECRET);
	reentrant_client = client();
	ck_assert_ptr_nonnull(radius_send(reentrant_client, RADIUS_AUTH,
					  RADIUS_ACCESS_REQUEST, fill_pap,
					  done_free, &out, err, sizeof(err)));
	ck_assert_ptr_nonnull(send_pap(reentrant_client, &other));
	ck_assert(server_recv(&srv[0], 1000));
	first = srv[0];
	first.p.auth = first.buf + 4;
	ck_assert(server_recv(&srv[0], 1000));
	server_reply(&first, RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(reentrant_client);
	ck_assert_int_eq(out.calls, 1);
	ck_assert_int_eq(other.calls, 1);
	ck_assert_int_eq(other.o, RADIUS_CANCELLED);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
}
END_TEST

/* A reload's new servers: the same handle, its requests sent again there. */
START_TEST(test_take_over)
{
	struct radius_client *c, *next;
	struct radius_client_stats st;
	struct outcome auth = { 0 }, acct = { 0 };

	add_server(RADIUS_AUTH, &srv[0], SECRET);
	add_server(RADIUS_ACCT, &srv[2], SECRET);
	c = client();
	ck_assert_ptr_nonnull(send_pap(c, &auth));
	ck_assert_ptr_nonnull(radius_send(c, RADIUS_ACCT,
					  RADIUS_ACCOUNTING_REQUEST, fill_acct,
					  done, &acct, err, sizeof(err)));
	ck_assert(server_recv(&srv[0], 1000));
	ck_assert(server_recv(&srv[2], 1000));
	loop_advance(loop, 500);
	/* Now only an auth server, srv[1], with another secret. */
	cfg.nserver = 0;
	add_server(RADIUS_AUTH, &srv[1], "other");
	next = client();
	radius_client_take_over(c, next);
	/* The accounting request has no server of its kind left. */
	ck_assert_int_eq(acct.calls, 1);
	ck_assert_int_eq(acct.o, RADIUS_NO_ANSWER);
	ck_assert(server_recv(&srv[1], 1000));
	ck_assert_int_eq(radius_verify_request(srv[1].buf, srv[1].len,
					       &srv[1].p, "other", err,
					       sizeof(err)), 0);
	ck_assert(!server_recv(&srv[0], 50));
	/* The old server's answer is no longer wanted. */
	server_reply(&srv[0], RADIUS_ACCESS_ACCEPT, SECRET, true);
	client_input(c);
	ck_assert_int_eq(auth.calls, 0);
	server_reply(&srv[1], RADIUS_ACCESS_ACCEPT, "other", true);
	client_input(c);
	ck_assert_int_eq(auth.calls, 1);
	ck_assert_int_eq(auth.o, RADIUS_ANSWERED);
	radius_client_stats(c, &st);
	ck_assert_uint_eq(st.requests, 2);
	ck_assert_uint_eq(st.answers, 1);
	ck_assert_uint_eq(st.pending, 0);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
	radius_client_free(c);
}
END_TEST

START_TEST(test_bad_config)
{
	add_server(RADIUS_AUTH, &srv[0], "");
	ck_assert_ptr_null(radius_client_new(loop, &cfg, err, sizeof(err)));
	ck_assert_str_eq(err, "radius: server 1: no address or no secret");
	cfg.server[0].secret[0] = 'x';
	cfg.retries = 11;
	ck_assert_ptr_null(radius_client_new(loop, &cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "retries <= 10"));
	cfg.retries = 1;
	/* A source address not on this host. */
	((struct sockaddr_in *)&cfg.nas_addr)->sin_addr.s_addr =
		htonl(0xc0000201);
	ck_assert_ptr_null(radius_client_new(loop, &cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "source address (nas_ip_address)"));
}
END_TEST

static Suite *radius_client_suite(void)
{
	Suite *s = suite_create("radius_client");
	TCase *tc = tcase_create("client");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_answered_with_nas_attributes);
	tcase_add_test(tc, test_failover_and_dead_time);
	tcase_add_test(tc, test_no_server_answers);
	tcase_add_test(tc, test_forged_answers_ignored);
	tcase_add_test(tc, test_message_authenticator_optional);
	tcase_add_test(tc, test_acct_delay_time_and_late_answer);
	tcase_add_test(tc, test_queue_full_and_no_server);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_identifier_exhaustion);
	tcase_add_test(tc, test_free_from_callback);
	tcase_add_test(tc, test_take_over);
	tcase_add_test(tc, test_bad_config);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(radius_client_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
