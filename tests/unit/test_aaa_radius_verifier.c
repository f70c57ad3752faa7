// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RADIUS as a verifier (aaa/radius_verifier.h) on a virtual loop, against
 * a fake server on 127.0.0.1: the Access-Request for PAP, CHAP-MD5 and
 * MS-CHAPv2 with the session's attributes; an Access-Accept as the grant
 * and MS-CHAP2-Success as the S= string; a reject's Reply-Message; no
 * answer refused with a log line naming the user and the servers; a
 * cancelled verification never answered; and the grant parser alone on
 * attributes of the wrong form.
 */
#include <arpa/inet.h>
#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "log_capture.h"
#include "loop.h"
#include "aaa/radius_verifier.h"
#include "ppp/mschapv2.h"
#include "radius/client.h"
#include "radius/radius.h"

#define SECRET "t0ps3cret"

static struct loop *loop;
static int sfd;
static struct sockaddr_in saddr, from;
static uint8_t rbuf[RADIUS_MAX_LEN];
static size_t rlen;
static struct radius_packet rp;
static struct radius_client_config cfg;
static struct radius_client *client;
static struct radius_verifier rv;
static struct aaa_verifier v;
static struct log_capture logs;
static char err[256];

/* The verdict, copied. */
static int calls;
static enum auth_result result;
static bool has_grant;
static struct aaa_grant grant;
static char message[256], success[64];

static const struct aaa_session_info info = {
	.ifname = "ppp7",
	.nas_port = 0x00010002,
	.calling_station = "198.51.100.9",
	.tunnel_client = "198.51.100.9",
	.tunnel_server = "203.0.113.1",
	.acct_session_id = "5F00AA0000000001",
	.log_name = "session 1/2",
};

static void on_verdict(void *arg, const struct aaa_verdict *vd)
{
	calls++;
	result = vd->result;
	has_grant = vd->grant != NULL;
	if (vd->grant)
		grant = *vd->grant;
	snprintf(message, sizeof(message), "%s",
		 vd->message ? vd->message : "");
	snprintf(success, sizeof(success), "%s",
		 vd->mschap2_success ? vd->mschap2_success : "");
}

static void setup(void)
{
	socklen_t alen = sizeof(saddr);
	struct sockaddr_in *nas = (struct sockaddr_in *)&cfg.nas_addr;

	log_init(LOG_DEBUG, false, "test_aaa_radius_verifier");
	log_capture_start(&logs);
	loop = loop_new_virtual(1000000);
	sfd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(sfd, 0);
	saddr = (struct sockaddr_in){ .sin_family = AF_INET,
				      .sin_addr.s_addr = htonl(0x7f000001) };
	ck_assert_int_eq(bind(sfd, (struct sockaddr *)&saddr, sizeof(saddr)),
			 0);
	ck_assert_int_eq(getsockname(sfd, (struct sockaddr *)&saddr, &alen),
			 0);
	memset(&cfg, 0, sizeof(cfg));
	cfg.nserver = 1;
	cfg.server[0].kind = RADIUS_AUTH;
	memcpy(&cfg.server[0].addr, &saddr, sizeof(saddr));
	cfg.server[0].addrlen = sizeof(saddr);
	strcpy(cfg.server[0].secret, SECRET);
	cfg.timeout_ms = 1000;
	cfg.retries = 1;
	cfg.dead_time_s = 30;
	cfg.max_pending = 100;
	cfg.require_message_authenticator = true;
	strcpy(cfg.nas_identifier, "gw-test");
	nas->sin_family = AF_INET;
	nas->sin_addr.s_addr = htonl(0x7f000001);
	client = radius_client_new(loop, &cfg, err, sizeof(err));
	ck_assert_msg(client != NULL, "%s", err);
	radius_verifier_init(&rv, client, &cfg);
	v = radius_verifier(&rv);
	calls = 0;
	has_grant = false;
}

static void teardown(void)
{
	radius_client_free(client);
	close(sfd);
	loop_free(loop);
	log_capture_stop();
}

static bool server_recv(void)
{
	struct pollfd pfd = { .fd = sfd, .events = POLLIN };
	socklen_t alen = sizeof(from);
	ssize_t n;

	if (poll(&pfd, 1, 200) != 1)
		return false;
	n = recvfrom(sfd, rbuf, sizeof(rbuf), 0, (struct sockaddr *)&from,
		     &alen);
	ck_assert_int_gt(n, 0);
	rlen = (size_t)n;
	ck_assert_msg(radius_parse(rbuf, rlen, &rp, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_int_eq(rp.code, RADIUS_ACCESS_REQUEST);
	return true;
}

/* Answers the request with b's attributes (begun by reply_begin). */
static void reply_begin(struct radius_builder *b, uint8_t code)
{
	radius_begin(b, code, rp.id);
}

static void reply_send(struct radius_builder *b)
{
	radius_put_message_authenticator(b);
	radius_finish(b, SECRET, rp.auth);
	ck_assert_int_eq(sendto(sfd, b->buf, b->len, 0,
				(struct sockaddr *)&from, sizeof(from)),
			 (ssize_t)b->len);
	usleep(20000);
	radius_client_input(client);
}

static const struct radius_attr *need(uint32_t vendor, uint8_t type)
{
	const struct radius_attr *a = radius_find(&rp, vendor, type);

	ck_assert_msg(a != NULL, "attribute %u/%u missing", vendor, type);
	return a;
}

static void need_u32(uint8_t type, uint32_t want)
{
	uint32_t got;

	ck_assert(radius_attr_u32(need(0, type), &got));
	ck_assert_uint_eq(got, want);
}

static void need_str(uint8_t type, const char *want)
{
	char got[256];

	ck_assert(radius_attr_str(need(0, type), got, sizeof(got)));
	ck_assert_str_eq(got, want);
}

/* What every Access-Request carries about the session. */
static void check_session_attributes(const char *user)
{
	static const uint8_t l2tp[4] = { 0, 0, 0, 3 }, ipv4[4] = { 0, 0, 0, 1 };
	const struct radius_attr *a;

	need_str(RA_USER_NAME, user);
	need_u32(RA_SERVICE_TYPE, 2);
	need_u32(RA_FRAMED_PROTOCOL, 1);
	need_u32(RA_NAS_PORT_TYPE, 5);
	need_u32(RA_NAS_PORT, 0x00010002);
	need_str(RA_NAS_PORT_ID, "ppp7");
	need_str(RA_CALLING_STATION_ID, "198.51.100.9");
	need_str(RA_TUNNEL_CLIENT_ENDPOINT, "198.51.100.9");
	need_str(RA_TUNNEL_SERVER_ENDPOINT, "203.0.113.1");
	need_str(RA_ACCT_SESSION_ID, "5F00AA0000000001");
	need_str(RA_NAS_IDENTIFIER, "gw-test");
	a = need(0, RA_TUNNEL_TYPE);
	ck_assert_uint_eq(a->len, 4);
	ck_assert_mem_eq(a->val, l2tp, 4);
	a = need(0, RA_TUNNEL_MEDIUM_TYPE);
	ck_assert_uint_eq(a->len, 4);
	ck_assert_mem_eq(a->val, ipv4, 4);
	ck_assert(rp.has_msg_auth);
}

static struct aaa_pending *verify_pap(const char *user, const char *pw)
{
	struct aaa_credentials c = {
		.method = PPP_AUTH_PAP, .user = user,
		.password = (const uint8_t *)pw, .password_len = strlen(pw),
	};

	return v.ops->verify(v.priv, &c, &info, on_verdict, NULL);
}

START_TEST(test_pap_accept_grants)
{
	static const uint8_t pfx6[] = { 0, 64, 0x20, 0x01, 0x0d, 0xb8, 0, 1,
					0, 2 };
	static const uint8_t deleg[] = { 0, 56, 0x20, 0x01, 0x0d, 0xb8, 0xff,
					 0, 0x12, 0x34 };
	struct radius_builder b;
	uint8_t pw[128];
	size_t pwlen;

	ck_assert_ptr_nonnull(verify_pap("alice", "wonderland"));
	ck_assert_int_eq(calls, 0);
	ck_assert(server_recv());
	check_session_attributes("alice");
	ck_assert_int_eq(radius_unhide_password(SECRET, rp.auth,
						need(0, RA_USER_PASSWORD)->val,
						need(0, RA_USER_PASSWORD)->len,
						pw, &pwlen), 0);
	ck_assert_uint_eq(pwlen, 10);
	ck_assert_mem_eq(pw, "wonderland", 10);

	reply_begin(&b, RADIUS_ACCESS_ACCEPT);
	radius_put_str(&b, RA_FRAMED_POOL, "ignored-with-address");
	radius_put_u32(&b, RA_FRAMED_IP_ADDRESS, 0xc0000263);
	radius_put(&b, RA_FRAMED_IPV6_PREFIX, pfx6, sizeof(pfx6));
	radius_put(&b, RA_DELEGATED_IPV6_PREFIX, deleg, sizeof(deleg));
	radius_put_u32(&b, RA_SESSION_TIMEOUT, 3600);
	radius_put_u32(&b, RA_IDLE_TIMEOUT, 300);
	radius_put_u32(&b, RA_ACCT_INTERIM_INTERVAL, 60);
	radius_put_u32(&b, RA_FRAMED_MTU, 1400);
	radius_put_str(&b, RA_CLASS, "class-one");
	radius_put_str(&b, RA_CLASS, "class-two");
	radius_put_str(&b, RA_CLASS, "class-three");
	radius_put_str(&b, RA_FILTER_ID, "2048/1024");
	radius_put_vsa(&b, RADIUS_VENDOR_MIKROTIK, RA_MIKROTIK_RATE_LIMIT,
		       "10M/20M", 7);
	radius_put_str(&b, RA_REPLY_MESSAGE, "Welcome");
	reply_send(&b);

	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(result, AUTH_OK);
	ck_assert(has_grant);
	ck_assert(grant.from_radius);
	ck_assert_int_eq(grant.addr_kind, PPP_USER_ADDR_STATIC);
	ck_assert_uint_eq(grant.addr, 0xc0000263);
	ck_assert(grant.has_ipv6_prefix);
	ck_assert_uint_eq(grant.ipv6_prefix_len, 64);
	ck_assert_mem_eq(grant.ipv6_prefix, pfx6 + 2, 8);
	ck_assert(grant.has_delegated_prefix);
	ck_assert_uint_eq(grant.delegated_prefix_len, 56);
	/* Only the first 56 bits: the rest of the byte given is cleared. */
	ck_assert_uint_eq(grant.delegated_prefix[6], 0x12);
	ck_assert_uint_eq(grant.delegated_prefix[7], 0);
	ck_assert_uint_eq(grant.session_timeout_s, 3600);
	ck_assert_uint_eq(grant.idle_timeout_s, 300);
	ck_assert_uint_eq(grant.interim_interval_s, 60);
	ck_assert_uint_eq(grant.mtu, 1400);
	ck_assert_uint_eq(grant.n_class, AAA_CLASS_MAX);
	ck_assert_uint_eq(grant.class_len[1], 9);
	ck_assert_mem_eq(grant.class_val[1], "class-two", 9);
	ck_assert_str_eq(grant.filter_id, "2048/1024");
	ck_assert_str_eq(grant.rate_limit_str, "10M/20M");
	/* Mikrotik-Rate-Limit wins over Filter-Id; rx is from the client. */
	ck_assert_uint_eq(grant.rate.rx_bps, 10000000);
	ck_assert_uint_eq(grant.rate.tx_bps, 20000000);
	ck_assert_str_eq(message, "Welcome");
	ck_assert_uint_eq(rv.accepts, 1);
}
END_TEST

START_TEST(test_pap_reject_message)
{
	struct radius_builder b;

	verify_pap("bob", "nope");
	ck_assert(server_recv());
	reply_begin(&b, RADIUS_ACCESS_REJECT);
	radius_put_str(&b, RA_REPLY_MESSAGE, "Your account is disabled");
	reply_send(&b);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(result, AUTH_BAD_CREDENTIALS);
	ck_assert(!has_grant);
	ck_assert_str_eq(message, "Your account is disabled");
	ck_assert_msg(strstr(logs.text, "session 1/2: RADIUS rejected user "
			     "\"bob\": \"Your account is disabled\""), "%s",
		      logs.text);
}
END_TEST

START_TEST(test_chap_md5_request)
{
	static const uint8_t chal[16] = "ABCDEFGHIJKLMNOP";
	uint8_t resp[16];
	struct aaa_credentials c = {
		.method = PPP_AUTH_CHAP_MD5, .user = "carol", .chap_id = 0x42,
		.challenge = chal, .challenge_len = 16, .response = resp,
		.response_len = 16,
	};
	const struct radius_attr *a;
	struct radius_builder b;

	chap_md5_response(0x42, "pw", 2, chal, 16, resp);
	ck_assert_ptr_nonnull(v.ops->verify(v.priv, &c, &info, on_verdict,
					    NULL));
	ck_assert(server_recv());
	check_session_attributes("carol");
	a = need(0, RA_CHAP_PASSWORD);
	ck_assert_uint_eq(a->len, 17);
	ck_assert_uint_eq(a->val[0], 0x42);
	ck_assert_mem_eq(a->val + 1, resp, 16);
	a = need(0, RA_CHAP_CHALLENGE);
	ck_assert_uint_eq(a->len, 16);
	ck_assert_mem_eq(a->val, chal, 16);
	ck_assert_ptr_null(radius_find(&rp, 0, RA_USER_PASSWORD));
	reply_begin(&b, RADIUS_ACCESS_ACCEPT);
	radius_put_str(&b, RA_FRAMED_POOL, "gold");
	reply_send(&b);
	ck_assert_int_eq(result, AUTH_OK);
	ck_assert_int_eq(grant.addr_kind, PPP_USER_ADDR_POOL);
	ck_assert_str_eq(grant.pool, "gold");
}
END_TEST

/* _i 0: MS-CHAP2-Success given; 1: missing (refused all the same). */
START_TEST(test_mschapv2_request_and_success)
{
	static const uint8_t chal[16] = "0123456789ABCDEF";
	uint8_t resp[49], hash[16];
	char s_eq[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	uint8_t ms_success[1 + MSCHAPV2_AUTH_RESPONSE_LEN];
	struct aaa_credentials c = {
		.method = PPP_AUTH_MSCHAPV2, .user = "dave", .chap_id = 7,
		.challenge = chal, .challenge_len = 16, .response = resp,
		.response_len = 49,
	};
	const struct radius_attr *a;
	struct radius_builder b;

	memcpy(resp, "peer-challenge!!", 16);
	memset(resp + 16, 0, 8);
	mschapv2_nt_hash("secret", 6, hash);
	mschapv2_nt_response(chal, resp, "dave", 4, hash, resp + 24);
	resp[48] = 0;
	v.ops->verify(v.priv, &c, &info, on_verdict, NULL);
	ck_assert(server_recv());
	check_session_attributes("dave");
	a = need(RADIUS_VENDOR_MICROSOFT, RA_MS_CHAP_CHALLENGE);
	ck_assert_uint_eq(a->len, 16);
	ck_assert_mem_eq(a->val, chal, 16);
	a = need(RADIUS_VENDOR_MICROSOFT, RA_MS_CHAP2_RESPONSE);
	ck_assert_uint_eq(a->len, 50);
	ck_assert_uint_eq(a->val[0], 7);		/* Ident */
	ck_assert_uint_eq(a->val[1], 0);		/* Flags */
	ck_assert_mem_eq(a->val + 2, resp, 16);	/* Peer-Challenge */
	ck_assert_mem_eq(a->val + 26, resp + 24, 24);	/* Response */

	mschapv2_authenticator_response(hash, resp + 24, resp, chal, "dave",
					4, s_eq);
	ms_success[0] = 7;
	memcpy(ms_success + 1, s_eq, MSCHAPV2_AUTH_RESPONSE_LEN);
	reply_begin(&b, RADIUS_ACCESS_ACCEPT);
	if (_i == 0)
		radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT, RA_MS_CHAP2_SUCCESS,
			       ms_success, sizeof(ms_success));
	reply_send(&b);
	ck_assert_int_eq(calls, 1);
	if (_i == 0) {
		ck_assert_int_eq(result, AUTH_OK);
		ck_assert_str_eq(success, s_eq);
	} else {
		ck_assert_int_eq(result, AUTH_BAD_CREDENTIALS);
		ck_assert_ptr_nonnull(strstr(logs.text, "without a usable "
					     "MS-CHAP2-Success"));
	}
}
END_TEST

START_TEST(test_no_answer_refused_and_logged)
{
	char want[128];

	verify_pap("erin", "pw");
	ck_assert(server_recv());
	loop_advance(loop, 1000);
	ck_assert(server_recv());		/* the retry */
	ck_assert_int_eq(calls, 0);
	loop_advance(loop, 1000);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(result, AUTH_BAD_CREDENTIALS);
	ck_assert_str_eq(message, "");
	snprintf(want, sizeof(want), "session 1/2: user \"erin\" refused: no "
		 "answer from the RADIUS authentication servers (127.0.0.1 "
		 "port %u)", ntohs(saddr.sin_port));
	ck_assert_msg(strstr(logs.text, want), "%s", logs.text);
	ck_assert_uint_eq(rv.no_answer, 1);
}
END_TEST

START_TEST(test_cancel_never_answers)
{
	struct aaa_pending *p = verify_pap("frank", "pw");
	struct radius_builder b;

	ck_assert_ptr_nonnull(p);
	ck_assert(server_recv());
	v.ops->cancel(v.priv, p);
	ck_assert_int_eq(calls, 0);
	reply_begin(&b, RADIUS_ACCESS_ACCEPT);
	reply_send(&b);
	loop_advance(loop, 5000);
	ck_assert_int_eq(calls, 0);
}
END_TEST

/* Credentials RADIUS cannot carry: refused at once, from inside verify. */
START_TEST(test_password_too_long_refused_at_once)
{
	char pw[200];

	memset(pw, 'x', sizeof(pw) - 1);
	pw[sizeof(pw) - 1] = '\0';
	ck_assert_ptr_null(verify_pap("gina", pw));
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(result, AUTH_BAD_CREDENTIALS);
	ck_assert(!server_recv());
}
END_TEST

/* The parser alone: bad forms skipped and logged, the rest kept. */
START_TEST(test_grant_parse_bad_attributes)
{
	static const uint8_t short_ip[3] = { 1, 2, 3 };
	static const uint8_t bad6[] = { 0, 129, 0x20, 0x01 };
	static const uint8_t trunc6[] = { 0, 64, 0x20, 0x01 };
	static const uint8_t nul_pool[] = { 'a', 0, 'b' };
	struct radius_builder b;
	struct radius_packet p;
	struct aaa_grant g;

	radius_begin(&b, RADIUS_ACCESS_ACCEPT, 1);
	radius_put(&b, RA_FRAMED_IP_ADDRESS, short_ip, sizeof(short_ip));
	radius_put(&b, RA_FRAMED_POOL, nul_pool, sizeof(nul_pool));
	radius_put(&b, RA_FRAMED_IPV6_PREFIX, bad6, sizeof(bad6));
	radius_put(&b, RA_DELEGATED_IPV6_PREFIX, trunc6, sizeof(trunc6));
	radius_put_u32(&b, RA_FRAMED_MTU, 20);
	radius_put_u32(&b, RA_SESSION_TIMEOUT, 77);
	radius_finish(&b, SECRET, rbuf);
	ck_assert_int_eq(radius_parse(b.buf, b.len, &p, err, sizeof(err)), 0);
	radius_grant_parse(&p, &g, "who");
	ck_assert_int_eq(g.addr_kind, PPP_USER_ADDR_DEFAULT);
	ck_assert(!g.has_ipv6_prefix);
	ck_assert(!g.has_delegated_prefix);
	ck_assert_uint_eq(g.mtu, 0);
	ck_assert_uint_eq(g.session_timeout_s, 77);
	ck_assert_ptr_nonnull(strstr(logs.text, "who: RADIUS Access-Accept: "
				     "Framed-IP-Address of 3 bytes ignored"));
	ck_assert_ptr_nonnull(strstr(logs.text, "Framed-Pool of 3 bytes"));
	ck_assert_ptr_nonnull(strstr(logs.text, "Framed-IPv6-Prefix of 4"));
	ck_assert_ptr_nonnull(strstr(logs.text, "Delegated-IPv6-Prefix of 4"));
	ck_assert_ptr_nonnull(strstr(logs.text, "Framed-MTU of 4"));

	/* "The NAS should select": the section's pool, not an address. */
	radius_begin(&b, RADIUS_ACCESS_ACCEPT, 2);
	radius_put_u32(&b, RA_FRAMED_IP_ADDRESS, 0xfffffffe);
	radius_put_str(&b, RA_FRAMED_POOL, "silver");
	radius_finish(&b, SECRET, rbuf);
	ck_assert_int_eq(radius_parse(b.buf, b.len, &p, err, sizeof(err)), 0);
	radius_grant_parse(&p, &g, "who");
	ck_assert_int_eq(g.addr_kind, PPP_USER_ADDR_POOL);
	ck_assert_str_eq(g.pool, "silver");
}
END_TEST

static Suite *rv_suite(void)
{
	Suite *s = suite_create("aaa_radius_verifier");
	TCase *tc = tcase_create("verifier");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pap_accept_grants);
	tcase_add_test(tc, test_pap_reject_message);
	tcase_add_test(tc, test_chap_md5_request);
	tcase_add_loop_test(tc, test_mschapv2_request_and_success, 0, 2);
	tcase_add_test(tc, test_no_answer_refused_and_logged);
	tcase_add_test(tc, test_cancel_never_answers);
	tcase_add_test(tc, test_password_too_long_refused_at_once);
	tcase_add_test(tc, test_grant_parse_bad_attributes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rv_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
