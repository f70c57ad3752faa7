// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hidden AVPs (RFC 2661 4.3) and tunnel authentication (4.2, AVP 13).
 * Expected values are computed here straight from the RFC's definitions
 * with nettle, independently of the code under test, and also pinned as
 * fixed hex vectors computed outside this project.
 */
#include <check.h>
#include <nettle/md5.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/challenge.h"
#include "l2tp/hidden.h"
#include "l2tp/message.h"

static const uint8_t secret[] = "hidden-key";
#define SECRET_LEN (sizeof(secret) - 1)
static const uint8_t rv[16] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
	0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
};

static void md5_of(uint8_t out[16], const uint8_t *a, size_t alen,
		   const uint8_t *b, size_t blen, const uint8_t *c, size_t clen)
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, alen, a);
	md5_update(&ctx, blen, b);
	md5_update(&ctx, clen, c);
	md5_digest(&ctx, 16, out);
}

static int unhex(const char *hex, uint8_t *out)
{
	int n = 0;

	for (; hex[0] && hex[1]; hex += 2)
		out[n++] = (uint8_t)strtoul((char[]){ hex[0], hex[1], 0 }, NULL,
					    16);
	return n;
}

START_TEST(hide_matches_rfc_definition)
{
	/* 40-byte value: three MD5 blocks, the last partial. */
	const uint8_t value[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	size_t vlen = sizeof(value) - 1;
	uint8_t plain[64], expect[64], out[64], b[16];
	uint8_t type_be[2] = { 0, 22 };
	size_t n, i, total = 2 + vlen;

	plain[0] = 0;
	plain[1] = (uint8_t)vlen;
	memcpy(plain + 2, value, vlen);
	/* b1 = MD5(type + secret + RV); bi = MD5(secret + c(i-1)). */
	md5_of(b, type_be, 2, secret, SECRET_LEN, rv, sizeof(rv));
	for (i = 0; i < total; i++) {
		if (i && i % 16 == 0)
			md5_of(b, secret, SECRET_LEN, expect + i - 16, 16, NULL, 0);
		expect[i] = plain[i] ^ b[i % 16];
	}
	n = l2tp_hidden_hide(22, secret, SECRET_LEN, rv, sizeof(rv), value,
			     vlen, NULL, 0, out);
	ck_assert_uint_eq(n, total);
	ck_assert_mem_eq(out, expect, total);
}
END_TEST

START_TEST(hide_fixed_vectors)
{
	uint8_t expect[64], out[64];
	const uint8_t sid[2] = { 0x12, 0x34 };
	const char *num = "0123456789abcdefghijklmnopqrstuvwxyz";
	int n;

	n = unhex("1592b3bc", expect);
	ck_assert_uint_eq(l2tp_hidden_hide(14, secret, SECRET_LEN, rv,
					   sizeof(rv), sid, 2, NULL, 0, out),
			  (size_t)n);
	ck_assert_mem_eq(out, expect, (size_t)n);
	n = unhex("02ac04cc54a47c6c7f1667f4e7f0659beed1d69c640baf2ed15eb1c9"
		  "3a5d27116d5731451dda", expect);
	ck_assert_uint_eq(l2tp_hidden_hide(22, secret, SECRET_LEN, rv,
					   sizeof(rv), (const uint8_t *)num,
					   strlen(num), NULL, 0, out),
			  (size_t)n);
	ck_assert_mem_eq(out, expect, (size_t)n);
}
END_TEST

START_TEST(reveal_round_trip_with_padding)
{
	const uint8_t value[] = "user@example.net";
	const uint8_t pad[21] = { 9, 9, 9 };
	uint8_t hidden[64], plain[64];
	const char *why;
	size_t n;
	int m;

	n = l2tp_hidden_hide(30, secret, SECRET_LEN, rv, 7, value, 16, pad,
			     sizeof(pad), hidden);
	ck_assert_uint_eq(n, 2 + 16 + sizeof(pad));
	m = l2tp_hidden_reveal(30, secret, SECRET_LEN, rv, 7, hidden, n, plain,
			       &why);
	ck_assert_int_eq(m, 16);
	ck_assert_mem_eq(plain, value, 16);
}
END_TEST

START_TEST(reveal_wrong_secret_fails)
{
	const uint8_t value[2] = { 0, 5 };
	uint8_t hidden[8], plain[8];
	const char *why = NULL;
	int m, tries, failures = 0;

	/*
	 * A wrong secret yields a random length prefix; over several random
	 * vectors it must be rejected (length beyond the AVP) almost always.
	 */
	for (tries = 0; tries < 16; tries++) {
		uint8_t v[4] = { (uint8_t)tries, 1, 2, 3 };

		l2tp_hidden_hide(14, secret, SECRET_LEN, v, 4, value, 2, NULL, 0,
				 hidden);
		m = l2tp_hidden_reveal(14, (const uint8_t *)"other", 5, v, 4,
				       hidden, 4, plain, &why);
		if (m < 0)
			failures++;
	}
	ck_assert_int_ge(failures, 14);
	ck_assert_ptr_nonnull(why);
	ck_assert_int_eq(l2tp_hidden_reveal(14, secret, SECRET_LEN, rv, 16,
					    hidden, 1, plain, &why), -1);
}
END_TEST

START_TEST(challenge_response_rfc_definition)
{
	uint8_t challenge[16], expect[16], got[16];
	const uint8_t s[] = "tunnel-secret";
	uint8_t id;
	int i;

	for (i = 0; i < 16; i++)
		challenge[i] = (uint8_t)(i + 1);
	for (id = 2; id <= 3; id++) {
		md5_of(expect, &id, 1, s, sizeof(s) - 1, challenge, 16);
		l2tp_challenge_response(id, s, sizeof(s) - 1, challenge, 16, got);
		ck_assert_mem_eq(got, expect, 16);
		ck_assert(l2tp_challenge_verify(id, s, sizeof(s) - 1, challenge,
						16, expect));
	}
	/* The identifier is the reply's message type: SCCRP != SCCCN. */
	l2tp_challenge_response(2, s, sizeof(s) - 1, challenge, 16, got);
	ck_assert(!l2tp_challenge_verify(3, s, sizeof(s) - 1, challenge, 16,
					 got));
	got[15] ^= 1;
	ck_assert(!l2tp_challenge_verify(2, s, sizeof(s) - 1, challenge, 16,
					 got));
}
END_TEST

START_TEST(challenge_response_fixed_vector)
{
	const uint8_t s[] = "tunnel-secret";
	uint8_t challenge[16], expect[16], got[16];
	int i;

	for (i = 0; i < 16; i++)
		challenge[i] = (uint8_t)(i + 1);
	unhex("bf0d06e751acde7564c67bbd960e516b", expect);
	l2tp_challenge_response(2, s, sizeof(s) - 1, challenge, 16, got);
	ck_assert_mem_eq(got, expect, 16);
	unhex("496a337a9b76268a38c929b88e43922e", expect);
	l2tp_challenge_response(3, s, sizeof(s) - 1, challenge, 16, got);
	ck_assert_mem_eq(got, expect, 16);
}
END_TEST

/* Hidden AVPs through the message codec, both directions. */
START_TEST(message_with_hidden_avps)
{
	struct l2tp_secret sec = { secret, SECRET_LEN };
	static struct l2tp_msg m, d;
	struct l2tp_decode_error err;
	uint8_t buf[512];
	const char *why;
	int n;

	memset(&m, 0, sizeof(m));
	m.type = L2TP_MSG_ICRQ;
	m.tunnel_id = 77;
	l2tp_avp_set(&m.avps, L2TP_AVP_ASSIGNED_SESSION_ID);
	m.avps.assigned_session_id = 0x4321;
	l2tp_avp_set(&m.avps, L2TP_AVP_CALL_SERIAL_NUMBER);
	m.avps.call_serial_number = 99;
	l2tp_avp_set(&m.avps, L2TP_AVP_CALLING_NUMBER);
	m.avps.calling_number = (struct l2tp_bytes){
		(const uint8_t *)"198.51.100.7", 12 };
	l2tp_avp_set(&m.avps, L2TP_AVP_RANDOM_VECTOR);
	m.avps.random_vector = (struct l2tp_bytes){ rv, sizeof(rv) };
	m.avps.hidden = L2TP_AVP_BIT(L2TP_AVP_ASSIGNED_SESSION_ID) |
			L2TP_AVP_BIT(L2TP_AVP_CALLING_NUMBER);
	n = l2tp_msg_encode(&m, &sec, buf, sizeof(buf), &why);
	ck_assert_int_gt(n, 0);
	/* The session id must not appear in clear. */
	ck_assert_ptr_null(memmem(buf, (size_t)n, "\x43\x21", 2));
	ck_assert_int_eq(l2tp_msg_decode(buf, (size_t)n, &sec, &d, &err), 0);
	ck_assert_uint_eq(d.avps.assigned_session_id, 0x4321);
	ck_assert_uint_eq(d.avps.call_serial_number, 99);
	ck_assert_uint_eq(d.avps.calling_number.len, 12);
	ck_assert_mem_eq(d.avps.calling_number.data, "198.51.100.7", 12);
	ck_assert_uint_eq(d.avps.hidden, m.avps.hidden);

	/* Without the secret the mandatory hidden AVP clears the session. */
	ck_assert_int_eq(l2tp_msg_decode(buf, (size_t)n, NULL, &d, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_SESSION);
	ck_assert_int_eq(err.avp_type, L2TP_AVP_ASSIGNED_SESSION_ID);

	/* Refuse to hide without a Random Vector. */
	m.avps.present &= ~L2TP_AVP_BIT(L2TP_AVP_RANDOM_VECTOR);
	m.avps.random_vector.len = 0;
	ck_assert_int_eq(l2tp_msg_encode(&m, &sec, buf, sizeof(buf), &why), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_hidden");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, hide_matches_rfc_definition);
	tcase_add_test(tc, hide_fixed_vectors);
	tcase_add_test(tc, reveal_round_trip_with_padding);
	tcase_add_test(tc, reveal_wrong_secret_fails);
	tcase_add_test(tc, challenge_response_rfc_definition);
	tcase_add_test(tc, challenge_response_fixed_vector);
	tcase_add_test(tc, message_with_hidden_avps);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
