// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DAE listener over buffers (RFC 5176): a Disconnect-Request by
 * User-Name ends every session of that user and is ACKed; an unknown
 * user gets NAK with Error-Cause 503; none of the identification
 * attributes, NAK 402; an attribute we do not act on, NAK 401 (and
 * nothing changed); a wrong secret, a tampered Message-Authenticator, a
 * stranger's address or a stale Event-Timestamp are dropped unanswered;
 * replies carry the right Response Authenticator and Message-Authenticator
 * and echo Proxy-State; a retransmission is answered from the cache
 * without acting twice.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <nettle/md5.h>

#include "aaa/dae.h"
#include "loop.h"

#define SECRET "dae-secret"

struct fake_session {
	const char *user, *id, *ifname;
	uint32_t ip;
	bool ended;
	unsigned coas;
	uint32_t interim;
};

static struct fake_session sessions[3];
static uint32_t coa_cause;

static void fake_foreach(void *arg, dae_visit_fn visit, void *ctx)
{
	unsigned i;

	(void)arg;
	for (i = 0; i < 3; i++) {
		struct dae_session_view v = {
			sessions[i].user, sessions[i].id, sessions[i].ifname,
			sessions[i].ip,
		};

		if (!sessions[i].ended)
			visit(ctx, &sessions[i], &v);
	}
}

static void fake_disconnect(void *arg, void *owner)
{
	(void)arg;
	((struct fake_session *)owner)->ended = true;
}

static uint32_t fake_coa(void *arg, void *owner, const struct dae_request *r)
{
	struct fake_session *s = owner;

	(void)arg;
	if (coa_cause)
		return coa_cause;
	s->coas++;
	if (r->has_interim)
		s->interim = r->interim_s;
	return 0;
}

static struct loop *loop;
static struct dae *dae;
static struct sockaddr_in client, stranger;

static void setup(void)
{
	struct dae_config cfg = { 0 };
	const struct dae_ops ops = {
		fake_foreach, fake_disconnect, fake_coa, NULL,
	};
	struct sockaddr_in *c = (struct sockaddr_in *)&cfg.client[0].addr;
	char err[128];

	sessions[0] = (struct fake_session){ .user = "alice", .id = "S1",
		.ifname = "ppp0", .ip = 0x0a000005 };
	sessions[1] = (struct fake_session){ .user = "bob", .id = "S2",
		.ifname = "ppp1", .ip = 0x0a000006 };
	sessions[2] = (struct fake_session){ .user = "alice", .id = "S3",
		.ifname = "ppp2", .ip = 0x0a000007 };
	coa_cause = 0;
	c->sin_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", &c->sin_addr);
	cfg.client[0].addrlen = sizeof(*c);
	snprintf(cfg.client[0].secret, sizeof(cfg.client[0].secret), SECRET);
	cfg.nclient = 1;
	client = *c;
	client.sin_port = htons(40000);	/* any source port will do */
	stranger = client;
	inet_pton(AF_INET, "192.0.2.11", &stranger.sin_addr);
	loop = loop_new_virtual(1000);
	dae = dae_new(loop, &cfg, &ops, err, sizeof(err));
	ck_assert_msg(dae != NULL, "%s", err);
}

static void teardown(void)
{
	dae_free(dae);
	loop_free(loop);
}

static struct radius_builder req;
static size_t req_len;

static void begin(uint8_t code, uint8_t id)
{
	radius_begin(&req, code, id);
}

static void finish(const char *secret, bool msg_auth)
{
	if (msg_auth)
		ck_assert_int_eq(radius_put_message_authenticator(&req), 0);
	req_len = radius_finish(&req, secret, NULL);
}

/* The Request Authenticator again with secret (RFC 5176 section 2.3). */
static void resign(const char *secret)
{
	struct md5_ctx md5;

	memset(req.buf + 4, 0, RADIUS_AUTH_LEN);
	md5_init(&md5);
	md5_update(&md5, req_len, req.buf);
	md5_update(&md5, strlen(secret), (const uint8_t *)secret);
	md5_digest(&md5, RADIUS_AUTH_LEN, req.buf + 4);
}

static uint8_t reply[RADIUS_MAX_LEN];
static struct radius_packet rp;

/* Sends req from `from`; the reply's code, or 0 when dropped. */
static uint8_t send_from(const struct sockaddr_in *from)
{
	char err[128];
	size_t len;

	len = dae_answer(dae, req.buf, req_len,
			 (const struct sockaddr *)from, sizeof(*from), reply);
	if (!len)
		return 0;
	ck_assert_int_eq(radius_parse(reply, len, &rp, err, sizeof(err)), 0);
	ck_assert_uint_eq(rp.id, req.buf[1]);
	/* Response Authenticator over the request's, and M-A, right. */
	ck_assert_msg(radius_verify_response(reply, len, &rp, req.buf + 4,
					     SECRET, true, err,
					     sizeof(err)) == 0, "%s", err);
	return rp.code;
}

static uint8_t send_req(void)
{
	return send_from(&client);
}

static uint32_t error_cause(void)
{
	uint32_t v;

	ck_assert(radius_attr_u32(radius_find(&rp, 0, RA_ERROR_CAUSE), &v));
	return v;
}

START_TEST(test_disconnect_by_user_name)
{
	struct dae_stats st;

	begin(RADIUS_DISCONNECT_REQUEST, 1);
	radius_put_str(&req, RA_USER_NAME, "alice");
	radius_put(&req, RA_PROXY_STATE, "ps1", 3);
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_DISCONNECT_ACK);
	ck_assert_ptr_null(radius_find(&rp, 0, RA_ERROR_CAUSE));
	ck_assert_ptr_nonnull(radius_find(&rp, 0, RA_PROXY_STATE));
	ck_assert(sessions[0].ended && sessions[2].ended);
	ck_assert(!sessions[1].ended);
	dae_get_stats(dae, &st);
	ck_assert_uint_eq(st.disconnected, 2);
	ck_assert_uint_eq(st.acks, 1);
}
END_TEST

START_TEST(test_unknown_user_is_503)
{
	begin(RADIUS_DISCONNECT_REQUEST, 2);
	radius_put_str(&req, RA_USER_NAME, "mallory");
	finish(SECRET, false);
	ck_assert_uint_eq(send_req(), RADIUS_DISCONNECT_NAK);
	ck_assert_uint_eq(error_cause(), RADIUS_EC_SESSION_CONTEXT_NOT_FOUND);
	/* Every attribute given must match: alice is not on 10.0.0.6. */
	begin(RADIUS_DISCONNECT_REQUEST, 3);
	radius_put_str(&req, RA_USER_NAME, "alice");
	radius_put_u32(&req, RA_FRAMED_IP_ADDRESS, 0x0a000006);
	finish(SECRET, false);
	ck_assert_uint_eq(send_req(), RADIUS_DISCONNECT_NAK);
	ck_assert_uint_eq(error_cause(), RADIUS_EC_SESSION_CONTEXT_NOT_FOUND);
	ck_assert(!sessions[0].ended && !sessions[1].ended &&
		  !sessions[2].ended);
}
END_TEST

START_TEST(test_by_session_id_ip_port)
{
	begin(RADIUS_DISCONNECT_REQUEST, 4);
	radius_put_str(&req, RA_ACCT_SESSION_ID, "S3");
	radius_put_str(&req, RA_NAS_PORT_ID, "ppp2");
	radius_put_u32(&req, RA_FRAMED_IP_ADDRESS, 0x0a000007);
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_DISCONNECT_ACK);
	ck_assert(!sessions[0].ended && sessions[2].ended);
}
END_TEST

START_TEST(test_missing_and_unsupported)
{
	begin(RADIUS_DISCONNECT_REQUEST, 5);
	radius_put_str(&req, RA_NAS_IDENTIFIER, "gw1");
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_DISCONNECT_NAK);
	ck_assert_uint_eq(error_cause(), RADIUS_EC_MISSING_ATTRIBUTE);
	begin(RADIUS_COA_REQUEST, 6);
	radius_put_str(&req, RA_USER_NAME, "bob");
	radius_put_u32(&req, RA_IDLE_TIMEOUT, 30);
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_COA_NAK);
	ck_assert_uint_eq(error_cause(), RADIUS_EC_UNSUPPORTED_ATTRIBUTE);
	ck_assert_uint_eq(sessions[1].coas, 0);
}
END_TEST

START_TEST(test_coa_applied_or_refused)
{
	begin(RADIUS_COA_REQUEST, 7);
	radius_put_str(&req, RA_USER_NAME, "bob");
	radius_put_u32(&req, RA_ACCT_INTERIM_INTERVAL, 60);
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_COA_ACK);
	ck_assert_uint_eq(sessions[1].coas, 1);
	ck_assert_uint_eq(sessions[1].interim, 60);
	/* The owner could not apply it: NAK with its cause. */
	coa_cause = RADIUS_EC_UNSUPPORTED_SERVICE;
	begin(RADIUS_COA_REQUEST, 8);
	radius_put_str(&req, RA_USER_NAME, "bob");
	radius_put_vsa(&req, RADIUS_VENDOR_MIKROTIK, RA_MIKROTIK_RATE_LIMIT,
		       "1M/2M", 5);
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_COA_NAK);
	ck_assert_uint_eq(error_cause(), RADIUS_EC_UNSUPPORTED_SERVICE);
}
END_TEST

START_TEST(test_dropped_unanswered)
{
	struct dae_stats st;

	/* Wrong secret. */
	begin(RADIUS_DISCONNECT_REQUEST, 9);
	radius_put_str(&req, RA_USER_NAME, "alice");
	finish("not-the-secret", false);
	ck_assert_uint_eq(send_req(), 0);
	/* Right authenticator, Message-Authenticator of another secret. */
	begin(RADIUS_DISCONNECT_REQUEST, 10);
	radius_put_str(&req, RA_USER_NAME, "alice");
	finish("not-the-secret", true);
	resign(SECRET);
	ck_assert_uint_eq(send_req(), 0);
	/* From an address that is no dae_client. */
	begin(RADIUS_DISCONNECT_REQUEST, 11);
	radius_put_str(&req, RA_USER_NAME, "alice");
	finish(SECRET, true);
	ck_assert_uint_eq(send_from(&stranger), 0);
	/* An Event-Timestamp an hour old: a replay. */
	begin(RADIUS_DISCONNECT_REQUEST, 12);
	radius_put_str(&req, RA_USER_NAME, "alice");
	radius_put_u32(&req, RA_EVENT_TIMESTAMP, (uint32_t)time(NULL) - 3600);
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), 0);
	/* Not a DAE code. */
	begin(RADIUS_ACCOUNTING_REQUEST, 13);
	radius_put_str(&req, RA_USER_NAME, "alice");
	finish(SECRET, false);
	ck_assert_uint_eq(send_req(), 0);
	ck_assert(!sessions[0].ended && !sessions[2].ended);
	dae_get_stats(dae, &st);
	ck_assert_uint_eq(st.bad_authenticator, 2);
	ck_assert_uint_eq(st.unknown_client, 1);
	ck_assert_uint_eq(st.stale, 1);
	ck_assert_uint_eq(st.malformed, 1);
	ck_assert_uint_eq(st.acks + st.naks, 0);
	/* A fresh Event-Timestamp is fine. */
	begin(RADIUS_DISCONNECT_REQUEST, 14);
	radius_put_str(&req, RA_USER_NAME, "bob");
	radius_put_u32(&req, RA_EVENT_TIMESTAMP, (uint32_t)time(NULL));
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_DISCONNECT_ACK);
}
END_TEST

START_TEST(test_duplicate_from_cache)
{
	uint8_t first[RADIUS_MAX_LEN];
	struct dae_stats st;
	size_t len;

	begin(RADIUS_COA_REQUEST, 15);
	radius_put_str(&req, RA_USER_NAME, "bob");
	radius_put_u32(&req, RA_ACCT_INTERIM_INTERVAL, 30);
	finish(SECRET, true);
	ck_assert_uint_eq(send_req(), RADIUS_COA_ACK);
	len = rp.len;
	memcpy(first, reply, len);
	ck_assert_uint_eq(send_req(), RADIUS_COA_ACK);
	ck_assert(!memcmp(first, reply, len));
	ck_assert_uint_eq(sessions[1].coas, 1);	/* applied once */
	dae_get_stats(dae, &st);
	ck_assert_uint_eq(st.duplicates, 1);
	/* Past the window it is a new request. */
	loop_advance(loop, DAE_DUP_MS);
	ck_assert_uint_eq(send_req(), RADIUS_COA_ACK);
	ck_assert_uint_eq(sessions[1].coas, 2);
}
END_TEST

static Suite *dae_suite(void)
{
	Suite *s = suite_create("dae");
	TCase *tc = tcase_create("listener");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_disconnect_by_user_name);
	tcase_add_test(tc, test_unknown_user_is_503);
	tcase_add_test(tc, test_by_session_id_ip_port);
	tcase_add_test(tc, test_missing_and_unsupported);
	tcase_add_test(tc, test_coa_applied_or_refused);
	tcase_add_test(tc, test_dropped_unanswered);
	tcase_add_test(tc, test_duplicate_from_cache);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dae_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
