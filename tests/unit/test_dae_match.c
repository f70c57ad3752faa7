// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 5176 request semantics, over parsed packets: which attributes a
 * Disconnect-Request and a CoA-Request may carry (401 otherwise), that
 * at least one session identification is given (402), that malformed
 * values are refused (404), and that every identification given must
 * match the session.  Also the Acct-Session-Id's form.
 */
#include <check.h>
#include <string.h>

#include "aaa/acct.h"
#include "aaa/dae.h"

struct pkt {
	struct radius_packet p;
	uint8_t vals[RADIUS_MAX_ATTRS][8];
};

static void pkt_init(struct pkt *k, uint8_t code)
{
	memset(k, 0, sizeof(*k));
	k->p.code = code;
	k->p.id = 7;
}

static void add(struct pkt *k, uint32_t vendor, uint8_t type,
		const void *val, size_t len)
{
	struct radius_attr *a = &k->p.attr[k->p.nattr++];

	a->vendor = vendor;
	a->type = type;
	a->len = (uint8_t)len;
	a->val = val;
}

static void add_str(struct pkt *k, uint8_t type, const char *s)
{
	add(k, 0, type, s, strlen(s));
}

static void add_u32(struct pkt *k, uint8_t type, uint32_t v)
{
	uint8_t *b = k->vals[k->p.nattr];

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
	add(k, 0, type, b, 4);
}

static uint32_t parse(struct pkt *k, struct dae_request *r)
{
	char err[128];

	return dae_request_parse(&k->p, r, err, sizeof(err));
}

START_TEST(test_disconnect_by_user)
{
	struct dae_request r;
	struct pkt k;

	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	add_str(&k, RA_NAS_IDENTIFIER, "gw1");
	add_u32(&k, RA_EVENT_TIMESTAMP, 1700000000);
	add(&k, 0, RA_PROXY_STATE, "xy", 2);
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(r.has_user);
	ck_assert_str_eq(r.user, "alice");
	ck_assert(!r.has_session_id && !r.has_framed_ip && !r.has_nas_port_id);
	ck_assert(r.has_event_time);
	ck_assert_uint_eq(r.event_time, 1700000000);
}
END_TEST

START_TEST(test_no_identification_is_402)
{
	struct dae_request r;
	struct pkt k;

	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_NAS_IDENTIFIER, "gw1");
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_MISSING_ATTRIBUTE);
	pkt_init(&k, RADIUS_COA_REQUEST);
	add_u32(&k, RA_SESSION_TIMEOUT, 60);
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_MISSING_ATTRIBUTE);
}
END_TEST

START_TEST(test_unsupported_attribute_is_401)
{
	struct dae_request r;
	struct pkt k;

	/* Idle-Timeout is not ours to change. */
	pkt_init(&k, RADIUS_COA_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	add_u32(&k, RA_IDLE_TIMEOUT, 60);
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_UNSUPPORTED_ATTRIBUTE);
	/* An unknown vendor's. */
	pkt_init(&k, RADIUS_COA_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	add(&k, 9, 1, "x", 1);
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_UNSUPPORTED_ATTRIBUTE);
	/* Authorization changes have no place in a Disconnect-Request. */
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	add_u32(&k, RA_SESSION_TIMEOUT, 60);
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_UNSUPPORTED_ATTRIBUTE);
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	add_str(&k, RA_FILTER_ID, "1M/1M");
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_UNSUPPORTED_ATTRIBUTE);
}
END_TEST

START_TEST(test_malformed_value_is_404)
{
	struct dae_request r;
	struct pkt k;

	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add(&k, 0, RA_FRAMED_IP_ADDRESS, "\x0a\x00\x00", 3);
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_INVALID_REQUEST);
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add(&k, 0, RA_USER_NAME, "a\0b", 3);
	ck_assert_uint_eq(parse(&k, &r), RADIUS_EC_INVALID_REQUEST);
}
END_TEST

START_TEST(test_coa_changes)
{
	struct dae_request r;
	struct pkt k;

	pkt_init(&k, RADIUS_COA_REQUEST);
	add_str(&k, RA_ACCT_SESSION_ID, "5F3A1B2C-0001-0002-00000001");
	add_u32(&k, RA_SESSION_TIMEOUT, 120);
	add_u32(&k, RA_ACCT_INTERIM_INTERVAL, 30);
	add(&k, RADIUS_VENDOR_MIKROTIK, RA_MIKROTIK_RATE_LIMIT, "2M/4M", 5);
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(r.has_session_timeout && r.session_timeout_s == 120);
	ck_assert(r.has_interim && r.interim_s == 30);
	ck_assert_int_eq(r.rate_kind, DAE_RATE_MIKROTIK);
	ck_assert_str_eq(r.rate, "2M/4M");
	pkt_init(&k, RADIUS_COA_REQUEST);
	add_str(&k, RA_NAS_PORT_ID, "ppp7");
	add_str(&k, RA_FILTER_ID, "1000/2000");
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert_int_eq(r.rate_kind, DAE_RATE_FILTER_ID);
	ck_assert_str_eq(r.rate, "1000/2000");
}
END_TEST

START_TEST(test_not_a_dae_code)
{
	struct dae_request r;
	struct pkt k;

	pkt_init(&k, RADIUS_ACCOUNTING_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	ck_assert_uint_ne(parse(&k, &r), 0);
}
END_TEST

static const struct dae_session_view alice = {
	.user = "alice",
	.acct_session_id = "S1",
	.nas_port_id = "ppp3",
	.framed_ip = 0x0a000005,
};

START_TEST(test_every_identification_must_match)
{
	struct dae_request r;
	struct pkt k;

	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	add_u32(&k, RA_FRAMED_IP_ADDRESS, 0x0a000005);
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(dae_match(&r, &alice));
	/* The same user, another address: not this session. */
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_USER_NAME, "alice");
	add_u32(&k, RA_FRAMED_IP_ADDRESS, 0x0a000006);
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(!dae_match(&r, &alice));
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_ACCT_SESSION_ID, "S1");
	add_str(&k, RA_NAS_PORT_ID, "ppp3");
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(dae_match(&r, &alice));
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_NAS_PORT_ID, "ppp4");
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(!dae_match(&r, &alice));
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_USER_NAME, "Alice");
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(!dae_match(&r, &alice));
}
END_TEST

START_TEST(test_session_without_address)
{
	const struct dae_session_view v = { .user = "bob" };
	struct dae_request r;
	struct pkt k;

	/* Framed-IP-Address 0 never matches a session that has none. */
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_u32(&k, RA_FRAMED_IP_ADDRESS, 0);
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(!dae_match(&r, &v));
	/* Nor does a name when the session has no user yet. */
	pkt_init(&k, RADIUS_DISCONNECT_REQUEST);
	add_str(&k, RA_ACCT_SESSION_ID, "S9");
	ck_assert_uint_eq(parse(&k, &r), 0);
	ck_assert(!dae_match(&r, &v));
}
END_TEST

START_TEST(test_acct_session_id_form)
{
	char a[ACCT_SESSION_ID_LEN], b[ACCT_SESSION_ID_LEN];

	acct_session_id_format(a, 0x5f3a1b2c, 1, 2, 1);
	ck_assert_str_eq(a, "5F3A1B2C-0001-0002-00000001");
	acct_session_id_format(a, 0xffffffff, 0xffff, 0xffff, 0xffffffff);
	ck_assert_uint_eq(strlen(a), 27);
	/* The same ids again (a session id reused): another serial. */
	acct_session_id_make(a, 3, 4);
	acct_session_id_make(b, 3, 4);
	ck_assert_str_ne(a, b);
}
END_TEST

static Suite *dae_match_suite(void)
{
	Suite *s = suite_create("dae_match");
	TCase *tc = tcase_create("rfc5176");

	tcase_add_test(tc, test_disconnect_by_user);
	tcase_add_test(tc, test_no_identification_is_402);
	tcase_add_test(tc, test_unsupported_attribute_is_401);
	tcase_add_test(tc, test_malformed_value_is_404);
	tcase_add_test(tc, test_coa_changes);
	tcase_add_test(tc, test_not_a_dae_code);
	tcase_add_test(tc, test_every_identification_must_match);
	tcase_add_test(tc, test_session_without_address);
	tcase_add_test(tc, test_acct_session_id_form);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dae_match_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
