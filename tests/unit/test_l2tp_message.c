// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Control message codec: all 14 message types round-trip, the encoder's
 * bytes are canonical, and every kind of malformed input gets the fault
 * scope RFC 2661 4.1 asks for.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/message.h"

static const uint16_t all_types[] = {
	L2TP_MSG_SCCRQ, L2TP_MSG_SCCRP, L2TP_MSG_SCCCN, L2TP_MSG_STOPCCN,
	L2TP_MSG_HELLO, L2TP_MSG_OCRQ, L2TP_MSG_OCRP, L2TP_MSG_OCCN,
	L2TP_MSG_ICRQ, L2TP_MSG_ICRP, L2TP_MSG_ICCN, L2TP_MSG_CDN,
	L2TP_MSG_WEN, L2TP_MSG_SLI,
};

static struct l2tp_msg msg, dec;
static struct l2tp_decode_error err;
static uint8_t buf[2048];

/* A message of the type carrying exactly the AVPs it requires. */
static void build(struct l2tp_msg *m, uint16_t type)
{
	uint64_t req = l2tp_msg_required_avps(type);
	struct l2tp_avps *a = &m->avps;

	memset(m, 0, sizeof(*m));
	m->type = type;
	m->tunnel_id = 0x1111;
	m->session_id = l2tp_msg_is_session(type) ? 0x2222 : 0;
	m->ns = 5;
	m->nr = 9;
	a->present = req & ~L2TP_AVP_BIT(L2TP_AVP_MESSAGE_TYPE);
	a->protocol_version = 0x0100;
	a->host_name = (struct l2tp_bytes){ (const uint8_t *)"lac", 3 };
	a->framing_caps = L2TP_FRAMING_SYNC;
	a->assigned_tunnel_id = 0x3333;
	a->result = (struct l2tp_result_code){ .result = 1 };
	a->assigned_session_id = 0x4444;
	a->call_serial_number = 1;
	a->minimum_bps = 1;
	a->maximum_bps = 2;
	a->bearer_type = 1;
	a->framing_type = 1;
	a->called_number = (struct l2tp_bytes){ (const uint8_t *)"1", 1 };
	a->tx_connect_speed = 1000;
	a->call_errors.crc = 5;
	a->accm = (struct l2tp_accm){ 1, 2 };
}

START_TEST(all_messages_round_trip)
{
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(all_types) / sizeof(all_types[0]); i++) {
		uint16_t t = all_types[i];
		int n;

		build(&msg, t);
		n = l2tp_msg_encode(&msg, NULL, buf, sizeof(buf), &why);
		ck_assert_msg(n > 0, "%s: %s", l2tp_msg_name(t), why);
		ck_assert_msg(l2tp_msg_decode(buf, (size_t)n, NULL, &dec, &err) == 0,
			      "%s: %s", l2tp_msg_name(t), err.text);
		ck_assert_uint_eq(dec.type, t);
		ck_assert_uint_eq(dec.tunnel_id, msg.tunnel_id);
		ck_assert_uint_eq(dec.session_id, msg.session_id);
		ck_assert_uint_eq(dec.ns, 5);
		ck_assert_uint_eq(dec.nr, 9);
		ck_assert_uint_eq(dec.avps.present, l2tp_msg_required_avps(t));
		ck_assert_uint_eq(dec.missing_tolerated, 0);
		ck_assert_uint_eq(dec.avps.ignored_count, 0);
		/* Re-encoding the decoded message gives the same bytes. */
		dec.avps.present &= ~L2TP_AVP_BIT(L2TP_AVP_MESSAGE_TYPE);
		{
			uint8_t again[2048];

			ck_assert_int_eq(l2tp_msg_encode(&dec, NULL, again,
							 sizeof(again), &why), n);
			ck_assert_mem_eq(again, buf, (size_t)n);
		}
	}
}
END_TEST

START_TEST(sccrq_canonical_bytes)
{
	static const uint8_t expect[] = {
		0xc8, 0x02, 0x00, 0x45, 0x00, 0x00, 0x00, 0x00,	/* hdr */
		0x00, 0x00, 0x00, 0x00,
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, /* type 1 */
		0x80, 0x08, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, /* ver 1.0 */
		0x80, 0x0a, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, /* framing */
		0x00, 0x03,
		0x00, 0x0e, 0x00, 0x00, 0x00, 0x05, 0x01, 0x02, /* tie */
		0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		0x80, 0x09, 0x00, 0x00, 0x00, 0x07, 'l', 'a', 'c', /* host */
		0x80, 0x08, 0x00, 0x00, 0x00, 0x09, 0x00, 0x07, /* tid */
	};
	const char *why;
	int n;

	build(&msg, L2TP_MSG_SCCRQ);
	msg.tunnel_id = 0;
	msg.ns = msg.nr = 0;
	msg.avps.framing_caps = 3;
	msg.avps.assigned_tunnel_id = 7;
	l2tp_avp_set(&msg.avps, L2TP_AVP_TIE_BREAKER);
	memcpy(msg.avps.tie_breaker, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	n = l2tp_msg_encode(&msg, NULL, buf, sizeof(buf), &why);
	ck_assert_int_eq(n, (int)sizeof(expect));
	ck_assert_mem_eq(buf, expect, sizeof(expect));
}
END_TEST

START_TEST(zlb)
{
	uint8_t z[12];

	ck_assert_uint_eq(l2tp_zlb_encode(0x0102, 3, 4, z), 12);
	ck_assert_mem_eq(z, "\xc8\x02\x00\x0c\x01\x02\x00\x00\x00\x03\x00\x04",
			 12);
	ck_assert_int_eq(l2tp_msg_decode(z, 12, NULL, &dec, &err), 0);
	ck_assert_uint_eq(dec.type, L2TP_MSG_ZLB);
	ck_assert_uint_eq(dec.ns, 3);
	ck_assert_uint_eq(dec.nr, 4);
}
END_TEST

/* Append an AVP by hand to an encoded message and fix the length. */
static size_t append_avp(uint8_t *m, size_t len, uint16_t flags,
			 uint16_t vendor, uint16_t type, const void *v,
			 size_t vlen)
{
	size_t total = 6 + vlen;

	m[len] = (uint8_t)((flags | total) >> 8);
	m[len + 1] = (uint8_t)(total & 0xff);
	m[len + 2] = (uint8_t)(vendor >> 8);
	m[len + 3] = (uint8_t)vendor;
	m[len + 4] = (uint8_t)(type >> 8);
	m[len + 5] = (uint8_t)type;
	memcpy(m + len + 6, v, vlen);
	len += total;
	m[2] = (uint8_t)(len >> 8);
	m[3] = (uint8_t)len;
	return len;
}

static size_t encoded(uint16_t type)
{
	const char *why;
	int n;

	build(&msg, type);
	n = l2tp_msg_encode(&msg, NULL, buf, sizeof(buf), &why);
	ck_assert_int_gt(n, 0);
	return (size_t)n;
}

START_TEST(unknown_mandatory_avp_scope)
{
	size_t n;

	/* In a tunnel message: StopCCN with error code 8. */
	n = append_avp(buf, encoded(L2TP_MSG_SCCRQ), 0x8000, 0, 99, "x", 1);
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_TUNNEL);
	ck_assert_int_eq(err.avp_type, 99);
	ck_assert_uint_eq(err.result, L2TP_STOPCCN_GENERAL_ERROR);
	ck_assert_uint_eq(err.error, L2TP_ERR_UNKNOWN_MANDATORY_AVP);
	ck_assert_uint_eq(dec.type, L2TP_MSG_SCCRQ);
	ck_assert_ptr_nonnull(strstr(err.text, "SCCRQ"));

	/* In a session message: CDN only. */
	n = append_avp(buf, encoded(L2TP_MSG_ICRQ), 0x8000, 9, 1, "xy", 2);
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_SESSION);
	ck_assert_uint_eq(err.avp_vendor, 9);
	ck_assert_uint_eq(err.result, L2TP_CDN_GENERAL_ERROR);
	ck_assert_uint_eq(dec.session_id, 0x2222);

	/* Reserved bit set makes even a known AVP unrecognized. */
	n = append_avp(buf, encoded(L2TP_MSG_HELLO), 0x8400, 0,
		       L2TP_AVP_FIRMWARE_REVISION, "\0\1", 2);
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_TUNNEL);
}
END_TEST

START_TEST(optional_unknown_avps_ignored)
{
	size_t n = encoded(L2TP_MSG_ICRQ);

	n = append_avp(buf, n, 0, 311, 1, "ms", 2);
	n = append_avp(buf, n, 0, 0, 45, "", 0);
	/* Malformed optional known AVP (Tie Breaker of 3 bytes). */
	n = append_avp(buf, n, 0, 0, L2TP_AVP_TIE_BREAKER, "abc", 3);
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), 0);
	ck_assert_uint_eq(dec.avps.ignored_count, 3);
	ck_assert(!l2tp_avp_has(&dec.avps, L2TP_AVP_TIE_BREAKER));
}
END_TEST

START_TEST(bad_mandatory_avp_length)
{
	size_t n = append_avp(buf, encoded(L2TP_MSG_SCCRQ), 0x8000, 0,
			      L2TP_AVP_RECEIVE_WINDOW_SIZE, "\0\0\4", 3);

	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_TUNNEL);
	ck_assert_int_eq(err.avp_type, L2TP_AVP_RECEIVE_WINDOW_SIZE);
	ck_assert_uint_eq(err.error, L2TP_ERR_BAD_LENGTH);
	ck_assert_ptr_nonnull(strstr(err.text, "Receive Window Size"));
}
END_TEST

START_TEST(missing_required_avp)
{
	const char *why;
	int n;

	build(&msg, L2TP_MSG_SCCRQ);
	msg.avps.present &= ~L2TP_AVP_BIT(L2TP_AVP_HOST_NAME);
	/* The encoder refuses it ... */
	ck_assert_int_eq(l2tp_msg_encode(&msg, NULL, buf, sizeof(buf), &why), -1);
	/* ... and the decoder names it. */
	n = (int)encoded(L2TP_MSG_HELLO);
	buf[19] = L2TP_MSG_SCCRQ;
	ck_assert_int_eq(l2tp_msg_decode(buf, (size_t)n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_TUNNEL);
	ck_assert_int_eq(err.avp_type, L2TP_AVP_PROTOCOL_VERSION);
	ck_assert_ptr_nonnull(strstr(err.text, "SCCRQ without Protocol Version"));
	/* OCRQ without Called Number clears just the session. */
	build(&msg, L2TP_MSG_OCRQ);
	msg.avps.present &= ~L2TP_AVP_BIT(L2TP_AVP_CALLED_NUMBER);
	msg.type = L2TP_MSG_OCRP;	/* encodable */
	n = l2tp_msg_encode(&msg, NULL, buf, sizeof(buf), &why);
	buf[19] = L2TP_MSG_OCRQ;
	ck_assert_int_eq(l2tp_msg_decode(buf, (size_t)n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_SESSION);
	ck_assert_int_eq(err.avp_type, L2TP_AVP_CALLED_NUMBER);
}
END_TEST

START_TEST(stopccn_and_cdn_tolerate_missing)
{
	/* A bare StopCCN and a bare CDN are still honoured. */
	size_t n = encoded(L2TP_MSG_HELLO);

	buf[19] = L2TP_MSG_STOPCCN;
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), 0);
	ck_assert_uint_eq(dec.missing_tolerated,
			  L2TP_AVP_BIT(L2TP_AVP_ASSIGNED_TUNNEL_ID) |
			  L2TP_AVP_BIT(L2TP_AVP_RESULT_CODE));
	buf[19] = L2TP_MSG_CDN;
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), 0);
}
END_TEST

START_TEST(unknown_message_type)
{
	size_t n = encoded(L2TP_MSG_HELLO);

	buf[19] = 5;	/* reserved type, M bit set */
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_TUNNEL);
	buf[12] &= 0x7f;	/* M bit clear: acknowledge and ignore */
	ck_assert_int_eq(l2tp_msg_decode(buf, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_IGNORE);
	ck_assert_uint_eq(dec.ns, 5);
}
END_TEST

START_TEST(malformed_headers_discarded)
{
	size_t n = encoded(L2TP_MSG_HELLO);
	uint8_t copy[64];

	/* Version 3. */
	memcpy(copy, buf, n);
	copy[1] = 3;
	ck_assert_int_eq(l2tp_msg_decode(copy, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_DISCARD);
	ck_assert_ptr_nonnull(strstr(err.text, "version 3"));
	/* Data message. */
	memcpy(copy, buf, n);
	copy[0] &= 0x7f;
	ck_assert_int_eq(l2tp_msg_decode(copy, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_DISCARD);
	/* Length beyond the datagram. */
	ck_assert_int_eq(l2tp_msg_decode(buf, n - 1, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_DISCARD);
	/* Too short for a header. */
	ck_assert_int_eq(l2tp_msg_decode(buf, 5, NULL, &dec, &err), -1);
	/* First AVP not Message Type. */
	memcpy(copy, buf, n);
	copy[17] = 1;
	ck_assert_int_eq(l2tp_msg_decode(copy, n, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_DISCARD);
	/* Truncated AVP inside: the tunnel's problem. */
	memcpy(copy, buf, n);
	copy[3] = (uint8_t)(n + 3);
	copy[n] = 0x80;
	copy[n + 1] = 0x08;
	copy[n + 2] = 0;
	ck_assert_int_eq(l2tp_msg_decode(copy, n + 3, NULL, &dec, &err), -1);
	ck_assert_int_eq(err.fault, L2TP_FAULT_TUNNEL);
	ck_assert_uint_eq(err.error, L2TP_ERR_BAD_LENGTH);
	/* Trailing bytes beyond the length field are ignored. */
	ck_assert_int_eq(l2tp_msg_decode(buf, n + 7, NULL, &dec, &err), 0);
}
END_TEST

START_TEST(header_decode_data)
{
	/* Data message: L and S set, offset of 2 bytes. */
	static const uint8_t d[] = { 0x4a, 0x02, 0x00, 0x10, 0x00, 0x07, 0x00,
				     0x08, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02,
				     0xaa, 0xbb };
	struct l2tp_header h;
	const char *why;

	ck_assert_int_eq(l2tp_header_decode(d, sizeof(d), &h, &why), 0);
	ck_assert_uint_eq(h.version, 2);
	ck_assert_uint_eq(h.tunnel_id, 7);
	ck_assert_uint_eq(h.session_id, 8);
	ck_assert_uint_eq(h.ns, 1);
	ck_assert_uint_eq(h.hdr_len, 16);
	/* Offset past the end. */
	ck_assert_int_eq(l2tp_header_decode(d, 14, &h, &why), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_message");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, all_messages_round_trip);
	tcase_add_test(tc, sccrq_canonical_bytes);
	tcase_add_test(tc, zlb);
	tcase_add_test(tc, unknown_mandatory_avp_scope);
	tcase_add_test(tc, optional_unknown_avps_ignored);
	tcase_add_test(tc, bad_mandatory_avp_length);
	tcase_add_test(tc, missing_required_avp);
	tcase_add_test(tc, stopccn_and_cdn_tolerate_missing);
	tcase_add_test(tc, unknown_message_type);
	tcase_add_test(tc, malformed_headers_discarded);
	tcase_add_test(tc, header_decode_data);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
