// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * AVP value codec: every attribute of RFC 2661 (0-39) and RFC 3145 (46)
 * round-trips; lengths are checked per attribute; real-client variants of
 * Result Code and strings are accepted.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/avp.h"

static const uint8_t lcp[] = { 0x01, 0x01, 0x00, 0x0e, 0x01, 0x04, 0x05,
			       0xdc, 0x05, 0x06, 0x12, 0x34, 0x56, 0x78 };

#define BYTES(s) ((struct l2tp_bytes){ (const uint8_t *)(s), sizeof(s) - 1 })

/* A struct with every attribute set to a distinctive value. */
static void fill_all(struct l2tp_avps *a)
{
	unsigned t;

	memset(a, 0, sizeof(*a));
	a->message_type = 10;
	a->result = (struct l2tp_result_code){ 2, 6, true, BYTES("vendor says no") };
	a->protocol_version = 0x0100;
	a->framing_caps = L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC;
	a->bearer_caps = L2TP_BEARER_ANALOG;
	memcpy(a->tie_breaker, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8);
	a->firmware_revision = 0x0680;
	a->host_name = BYTES("lns1.example.net");
	a->vendor_name = BYTES("l2tpgw");
	a->assigned_tunnel_id = 0xbeef;
	a->receive_window_size = 16;
	a->challenge = BYTES("0123456789abcdef");
	a->q931_cause = (struct l2tp_q931_cause){ 16, 0x5a, BYTES("normal") };
	memcpy(a->challenge_response, "fedcba9876543210", 16);
	a->assigned_session_id = 0x1234;
	a->call_serial_number = 0xdeadbeef;
	a->minimum_bps = 9600;
	a->maximum_bps = 100000000;
	a->bearer_type = L2TP_BEARER_DIGITAL;
	a->framing_type = L2TP_FRAMING_SYNC;
	a->called_number = BYTES("5551234");
	a->calling_number = BYTES("203.0.113.9");
	a->sub_address = BYTES("12");
	a->tx_connect_speed = 10000000;
	a->physical_channel_id = 7;
	a->initial_rx_lcp_confreq = (struct l2tp_bytes){ lcp, sizeof(lcp) };
	a->last_tx_lcp_confreq = (struct l2tp_bytes){ lcp, 4 };
	a->last_rx_lcp_confreq = (struct l2tp_bytes){ lcp + 4, 6 };
	a->proxy_authen_type = 2;
	a->proxy_authen_name = BYTES("alice");
	a->proxy_authen_challenge = BYTES("chal");
	a->proxy_authen_id = 0x42;
	a->proxy_authen_response = BYTES("0123456789ABCDEF");
	a->call_errors = (struct l2tp_call_errors){ 1, 2, 3, 4, 5, 6 };
	a->accm = (struct l2tp_accm){ 0xffffffff, 0x000a0000 };
	a->random_vector = BYTES("random!!");
	a->private_group_id = BYTES("grp");
	a->rx_connect_speed = 2000000;
	a->ppp_disconnect_cause = (struct l2tp_ppp_disconnect_cause){
		3, 0xc021, 1, BYTES("peer refused") };
	for (t = 0; t < L2TP_AVP_TYPE_COUNT; t++)
		if (l2tp_avp_known((uint16_t)t))
			l2tp_avp_set(a, t);
}

static bool bytes_eq(struct l2tp_bytes x, struct l2tp_bytes y)
{
	return x.len == y.len && (!x.len || !memcmp(x.data, y.data, x.len));
}

START_TEST(every_avp_round_trips)
{
	struct l2tp_avps in, out;
	/* Decoded values point into the buffer: one per attribute. */
	static uint8_t bufs[L2TP_AVP_TYPE_COUNT][L2TP_AVP_MAX_VALUE];
	const char *why = NULL;
	unsigned t, known = 0;

	fill_all(&in);
	memset(&out, 0, sizeof(out));
	for (t = 0; t < L2TP_AVP_TYPE_COUNT; t++) {
		int n;

		if (!l2tp_avp_known((uint16_t)t))
			continue;
		known++;
		n = l2tp_avp_encode_value(&in, (uint16_t)t, bufs[t], &why);
		ck_assert_msg(n >= 0, "encode %s: %s", l2tp_avp_name(t), why);
		ck_assert_msg(l2tp_avp_decode_value(&out, (uint16_t)t, bufs[t],
						    (size_t)n, &why) == 0,
			      "decode %s: %s", l2tp_avp_name(t), why);
	}
	/* 0..39 without 20, and 46. */
	ck_assert_uint_eq(known, 40);
	ck_assert_uint_eq(out.present, in.present);
	ck_assert_uint_eq(out.message_type, in.message_type);
	ck_assert_uint_eq(out.result.result, 2);
	ck_assert_uint_eq(out.result.error, 6);
	ck_assert(bytes_eq(out.result.message, in.result.message));
	ck_assert_uint_eq(out.protocol_version, 0x0100);
	ck_assert_uint_eq(out.framing_caps, 3);
	ck_assert_uint_eq(out.bearer_caps, 2);
	ck_assert_mem_eq(out.tie_breaker, in.tie_breaker, 8);
	ck_assert_uint_eq(out.firmware_revision, 0x0680);
	ck_assert(bytes_eq(out.host_name, in.host_name));
	ck_assert(bytes_eq(out.vendor_name, in.vendor_name));
	ck_assert_uint_eq(out.assigned_tunnel_id, 0xbeef);
	ck_assert_uint_eq(out.receive_window_size, 16);
	ck_assert(bytes_eq(out.challenge, in.challenge));
	ck_assert_uint_eq(out.q931_cause.cause, 16);
	ck_assert_uint_eq(out.q931_cause.msg, 0x5a);
	ck_assert(bytes_eq(out.q931_cause.advisory, in.q931_cause.advisory));
	ck_assert_mem_eq(out.challenge_response, in.challenge_response, 16);
	ck_assert_uint_eq(out.assigned_session_id, 0x1234);
	ck_assert_uint_eq(out.call_serial_number, 0xdeadbeef);
	ck_assert_uint_eq(out.minimum_bps, 9600);
	ck_assert_uint_eq(out.maximum_bps, 100000000);
	ck_assert_uint_eq(out.bearer_type, 1);
	ck_assert_uint_eq(out.framing_type, 1);
	ck_assert(bytes_eq(out.called_number, in.called_number));
	ck_assert(bytes_eq(out.calling_number, in.calling_number));
	ck_assert(bytes_eq(out.sub_address, in.sub_address));
	ck_assert_uint_eq(out.tx_connect_speed, 10000000);
	ck_assert_uint_eq(out.physical_channel_id, 7);
	ck_assert(bytes_eq(out.initial_rx_lcp_confreq, in.initial_rx_lcp_confreq));
	ck_assert(bytes_eq(out.last_tx_lcp_confreq, in.last_tx_lcp_confreq));
	ck_assert(bytes_eq(out.last_rx_lcp_confreq, in.last_rx_lcp_confreq));
	ck_assert_uint_eq(out.proxy_authen_type, 2);
	ck_assert(bytes_eq(out.proxy_authen_name, in.proxy_authen_name));
	ck_assert(bytes_eq(out.proxy_authen_challenge, in.proxy_authen_challenge));
	ck_assert_uint_eq(out.proxy_authen_id, 0x42);
	ck_assert(bytes_eq(out.proxy_authen_response, in.proxy_authen_response));
	ck_assert_mem_eq(&out.call_errors, &in.call_errors,
			 sizeof(in.call_errors));
	ck_assert_uint_eq(out.accm.send, 0xffffffff);
	ck_assert_uint_eq(out.accm.recv, 0x000a0000);
	ck_assert(bytes_eq(out.random_vector, in.random_vector));
	ck_assert(bytes_eq(out.private_group_id, in.private_group_id));
	ck_assert_uint_eq(out.rx_connect_speed, 2000000);
	ck_assert_uint_eq(out.ppp_disconnect_cause.code, 3);
	ck_assert_uint_eq(out.ppp_disconnect_cause.protocol, 0xc021);
	ck_assert_uint_eq(out.ppp_disconnect_cause.direction, 1);
	ck_assert(bytes_eq(out.ppp_disconnect_cause.message,
			   in.ppp_disconnect_cause.message));
}
END_TEST

START_TEST(wire_layout_of_structured_values)
{
	struct l2tp_avps a;
	uint8_t buf[64];
	const char *why;

	fill_all(&a);
	ck_assert_int_eq(l2tp_avp_encode_value(&a, L2TP_AVP_ACCM, buf, &why), 10);
	ck_assert_mem_eq(buf, "\x00\x00\xff\xff\xff\xff\x00\x0a\x00\x00", 10);
	ck_assert_int_eq(l2tp_avp_encode_value(&a, L2TP_AVP_PROXY_AUTHEN_ID,
					       buf, &why), 2);
	ck_assert_mem_eq(buf, "\x00\x42", 2);
	ck_assert_int_eq(l2tp_avp_encode_value(&a, L2TP_AVP_Q931_CAUSE, buf,
					       &why), 9);
	ck_assert_mem_eq(buf, "\x00\x10\x5a" "normal", 9);
	ck_assert_int_eq(l2tp_avp_encode_value(&a, L2TP_AVP_CALL_ERRORS, buf,
					       &why), 26);
	ck_assert_mem_eq(buf, "\x00\x00\x00\x00\x00\x01\x00\x00\x00\x02", 10);
	ck_assert_int_eq(l2tp_avp_encode_value(&a, L2TP_AVP_PPP_DISCONNECT_CAUSE,
					       buf, &why), 17);
	ck_assert_mem_eq(buf, "\x00\x03\xc0\x21\x01" "peer refused", 17);
	/* Result Code without error code or message is the 2-byte form. */
	a.result = (struct l2tp_result_code){ .result = 1 };
	ck_assert_int_eq(l2tp_avp_encode_value(&a, L2TP_AVP_RESULT_CODE, buf,
					       &why), 2);
	ck_assert_int_eq(l2tp_avp_encode_value(&a, L2TP_AVP_SEQUENCING_REQUIRED,
					       buf, &why), 0);
}
END_TEST

/* Every fixed-size attribute refuses one byte more and one byte less. */
START_TEST(fixed_lengths_enforced)
{
	static const struct { uint16_t type; size_t len; } fixed[] = {
		{ L2TP_AVP_MESSAGE_TYPE, 2 }, { L2TP_AVP_PROTOCOL_VERSION, 2 },
		{ L2TP_AVP_FRAMING_CAPS, 4 }, { L2TP_AVP_BEARER_CAPS, 4 },
		{ L2TP_AVP_TIE_BREAKER, 8 }, { L2TP_AVP_FIRMWARE_REVISION, 2 },
		{ L2TP_AVP_ASSIGNED_TUNNEL_ID, 2 },
		{ L2TP_AVP_RECEIVE_WINDOW_SIZE, 2 },
		{ L2TP_AVP_CHALLENGE_RESPONSE, 16 },
		{ L2TP_AVP_ASSIGNED_SESSION_ID, 2 },
		{ L2TP_AVP_CALL_SERIAL_NUMBER, 4 }, { L2TP_AVP_MINIMUM_BPS, 4 },
		{ L2TP_AVP_MAXIMUM_BPS, 4 }, { L2TP_AVP_BEARER_TYPE, 4 },
		{ L2TP_AVP_FRAMING_TYPE, 4 }, { L2TP_AVP_TX_CONNECT_SPEED, 4 },
		{ L2TP_AVP_PHYSICAL_CHANNEL_ID, 4 },
		{ L2TP_AVP_PROXY_AUTHEN_TYPE, 2 },
		{ L2TP_AVP_PROXY_AUTHEN_ID, 2 }, { L2TP_AVP_CALL_ERRORS, 26 },
		{ L2TP_AVP_ACCM, 10 }, { L2TP_AVP_RX_CONNECT_SPEED, 4 },
		{ L2TP_AVP_SEQUENCING_REQUIRED, 0 },
	};
	uint8_t zero[32] = { 0 };
	struct l2tp_avps a;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		memset(&a, 0, sizeof(a));
		ck_assert_msg(l2tp_avp_decode_value(&a, fixed[i].type, zero,
						    fixed[i].len, &why) == 0,
			      "%s", l2tp_avp_name(fixed[i].type));
		ck_assert(l2tp_avp_has(&a, fixed[i].type));
		ck_assert_int_eq(l2tp_avp_decode_value(&a, fixed[i].type, zero,
						       fixed[i].len + 1, &why),
				 -1);
		if (fixed[i].len)
			ck_assert_int_eq(l2tp_avp_decode_value(&a, fixed[i].type,
							       zero,
							       fixed[i].len - 1,
							       &why), -1);
	}
	/* Minimums of the variable ones. */
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_RESULT_CODE, zero,
					       1, &why), -1);
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_Q931_CAUSE, zero,
					       2, &why), -1);
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_CHALLENGE, zero,
					       0, &why), -1);
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_HOST_NAME, zero,
					       0, &why), -1);
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_PPP_DISCONNECT_CAUSE,
					       zero, 4, &why), -1);
	ck_assert_int_eq(l2tp_avp_decode_value(&a, 20, zero, 0, &why), -1);
	ck_assert_int_eq(l2tp_avp_decode_value(&a, 40, zero, 0, &why), -1);
}
END_TEST

START_TEST(result_code_forms)
{
	struct l2tp_avps a;
	const char *why;

	/* Android mtpd: result only. */
	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_RESULT_CODE,
					       (const uint8_t *)"\x00\x01", 2,
					       &why), 0);
	ck_assert_uint_eq(a.result.result, 1);
	ck_assert(!a.result.has_error);
	/* MikroTik: 8 bytes, message of NULs. */
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_RESULT_CODE,
					       (const uint8_t *)"\x00\x02\x00\x06\0\0\0\0",
					       8, &why), 0);
	ck_assert_uint_eq(a.result.result, 2);
	ck_assert_uint_eq(a.result.error, 6);
	ck_assert_uint_eq(a.result.message.len, 0);
	/* Apple: little-endian result and error. */
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_RESULT_CODE,
					       (const uint8_t *)"\x03\x00\x02\x00", 4,
					       &why), 0);
	ck_assert_uint_eq(a.result.result, 3);
	ck_assert_uint_eq(a.result.error, 2);
	/* Full form with a message. */
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_RESULT_CODE,
					       (const uint8_t *)"\x00\x02\x00\x08oops", 8,
					       &why), 0);
	ck_assert_uint_eq(a.result.error, L2TP_ERR_UNKNOWN_MANDATORY_AVP);
	ck_assert_uint_eq(a.result.message.len, 4);
	ck_assert_str_eq(l2tp_result_name(4, 1),
			 "general request to clear control connection");
	ck_assert_str_eq(l2tp_result_name(14, 8), "busy signal");
	ck_assert_str_eq(l2tp_error_name(8), "unknown mandatory AVP");
}
END_TEST

START_TEST(strings_lose_trailing_nuls)
{
	struct l2tp_avps a;
	const char *why;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_HOST_NAME,
					       (const uint8_t *)"iPhone\0", 7, &why),
			 0);
	ck_assert_uint_eq(a.host_name.len, 6);
	ck_assert_mem_eq(a.host_name.data, "iPhone", 6);
	/* Opaque values keep every byte. */
	ck_assert_int_eq(l2tp_avp_decode_value(&a, L2TP_AVP_CHALLENGE,
					       (const uint8_t *)"ab\0", 3, &why), 0);
	ck_assert_uint_eq(a.challenge.len, 3);
}
END_TEST

START_TEST(avp_header_split)
{
	/* Two AVPs, then a truncated one. */
	static const uint8_t buf[] = {
		0x80, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x09, 0x01, 0x37, 0x00, 0x05, 0x41, 0x42, 0x43,
		0x00, 0x10, 0x00,
	};
	struct l2tp_avp_raw avp;
	const char *why;
	size_t off = 0;

	ck_assert_int_eq(l2tp_avp_next(buf, sizeof(buf), &off, &avp, &why), 0);
	ck_assert_uint_eq(avp.flags, L2TP_AVP_F_MANDATORY);
	ck_assert_uint_eq(avp.type, 0);
	ck_assert_uint_eq(avp.len, 2);
	ck_assert_int_eq(l2tp_avp_next(buf, sizeof(buf), &off, &avp, &why), 0);
	ck_assert_uint_eq(avp.vendor, L2TP_VENDOR_MICROSOFT);
	ck_assert_uint_eq(avp.type, 5);
	ck_assert_uint_eq(avp.len, 3);
	ck_assert_int_eq(l2tp_avp_next(buf, sizeof(buf), &off, &avp, &why), -1);
	ck_assert_uint_eq(off, 17);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_avp");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, every_avp_round_trips);
	tcase_add_test(tc, wire_layout_of_structured_values);
	tcase_add_test(tc, fixed_lengths_enforced);
	tcase_add_test(tc, result_code_forms);
	tcase_add_test(tc, strings_lose_trailing_nuls);
	tcase_add_test(tc, avp_header_split);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
