// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/header.c built for the host (tests/kshim): the L2TPv2 data header
 * parser on the layouts of RFC 2661 3.1 (L, S, O bits, Offset Size,
 * Length), the PPP header parser (ACFC, PFC) and the builders.
 */
#include <check.h>
#include <string.h>

#include "kshim.h"
#include "header.c"

KSHIM_GLOBALS;

static enum l2tpgw_hdr_verdict parse(const u8 *buf, unsigned int len,
				     struct l2tpgw_hdr *h)
{
	memset(h, 0xa5, sizeof(*h));
	return l2tpgw_hdr_parse(buf, len, h);
}

START_TEST(test_plain)
{
	/* No L, S, O: flags, Tunnel ID, Session ID, then PPP. */
	static const u8 m[] = { 0x00, 0x02, 0x12, 0x34, 0x56, 0x78,
				0xff, 0x03, 0x00, 0x21 };
	struct l2tpgw_hdr h;

	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_OK);
	ck_assert_uint_eq(h.flags, 0x0002);
	ck_assert_uint_eq(h.tunnel_id, 0x1234);
	ck_assert_uint_eq(h.session_id, 0x5678);
	ck_assert_uint_eq(h.ns, 0);
	ck_assert_uint_eq(h.hdr_len, 6);
	ck_assert_uint_eq(h.msg_len, sizeof(m));
	/* The ids alone: an empty PPP frame is still a data message. */
	ck_assert_int_eq(parse(m, 6, &h), L2TPGW_HDR_OK);
	ck_assert_uint_eq(h.hdr_len, 6);
}
END_TEST

START_TEST(test_length)
{
	/* L: Length after the flags; bytes past it are not the message. */
	u8 m[] = { 0x40, 0x02, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x02,
		   0x00, 0x21, 0xee, 0xee };
	struct l2tpgw_hdr h;

	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_OK);
	ck_assert_uint_eq(h.tunnel_id, 1);
	ck_assert_uint_eq(h.session_id, 2);
	ck_assert_uint_eq(h.hdr_len, 8);
	ck_assert_uint_eq(h.msg_len, 10);
	/* Length exactly the datagram, and the header alone. */
	ck_assert_int_eq(parse(m, 10, &h), L2TPGW_HDR_OK);
	m[3] = 8;
	ck_assert_int_eq(parse(m, 8, &h), L2TPGW_HDR_OK);
	/* Length beyond the datagram, or shorter than the ids. */
	m[3] = 13;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_BAD_LENGTH);
	m[3] = 7;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_BAD_LENGTH);
	m[3] = 0;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_BAD_LENGTH);
	/* Ids cut off: not parsed as ours. */
	ck_assert_int_eq(parse(m, 7, &h), L2TPGW_HDR_UP);
}
END_TEST

START_TEST(test_sequence)
{
	/* S: Ns and Nr after the ids; Nr is ignored in data messages. */
	u8 m[] = { 0x08, 0x02, 0x00, 0x07, 0x00, 0x09, 0xff, 0xff,
		   0x12, 0x34, 0x21 };
	struct l2tpgw_hdr h;

	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_OK);
	ck_assert_uint_eq(h.ns, 65535);
	ck_assert_uint_eq(h.hdr_len, 10);
	ck_assert_uint_eq(h.msg_len, sizeof(m));
	/* Ns/Nr cut off after the ids. */
	ck_assert_int_eq(parse(m, 9, &h), L2TPGW_HDR_TRUNCATED);
	ck_assert_int_eq(parse(m, 6, &h), L2TPGW_HDR_TRUNCATED);
	ck_assert_int_eq(parse(m, 10, &h), L2TPGW_HDR_OK);
}
END_TEST

START_TEST(test_all_bits_offset)
{
	/* L, S, O and P: Offset Size after Nr, then the padding. */
	u8 m[] = { 0x4b, 0x02, 0x00, 0x16, 0xab, 0xcd, 0xef, 0x01,
		   0x00, 0x05, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00,
		   0x00, 0xff, 0x03, 0xc0, 0x21 };
	struct l2tpgw_hdr h;

	/* Length one past the datagram. */
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_BAD_LENGTH);
	m[3] = sizeof(m);
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_OK);
	ck_assert_uint_eq(h.flags & L2TPGW_HDR_P, L2TPGW_HDR_P);
	ck_assert_uint_eq(h.tunnel_id, 0xabcd);
	ck_assert_uint_eq(h.session_id, 0xef01);
	ck_assert_uint_eq(h.ns, 5);
	ck_assert_uint_eq(h.hdr_len, 14 + 3);
	ck_assert_uint_eq(h.msg_len, sizeof(m));
	/* Padding reaching exactly the end: an empty frame. */
	m[13] = 7;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_OK);
	ck_assert_uint_eq(h.hdr_len, sizeof(m));
	/* Padding beyond Length: inconsistent, not merely short. */
	m[13] = 8;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_BAD_LENGTH);
	m[12] = 0xff;
	m[13] = 0xff;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_BAD_LENGTH);
	/* Offset Size itself cut off, whatever Length says. */
	m[3] = sizeof(m);
	ck_assert_int_eq(parse(m, 13, &h), L2TPGW_HDR_TRUNCATED);
	m[3] = 13;
	ck_assert_int_eq(parse(m, 13, &h), L2TPGW_HDR_TRUNCATED);
}
END_TEST

START_TEST(test_offset_without_length)
{
	/* O without L or S: Offset Size right after the ids. */
	u8 m[] = { 0x02, 0x02, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01,
		   0x00, 0x21 };
	struct l2tpgw_hdr h;

	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_OK);
	ck_assert_uint_eq(h.hdr_len, 9);
	ck_assert_int_eq(parse(m, 7, &h), L2TPGW_HDR_TRUNCATED);
	m[7] = 3;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_BAD_LENGTH);
}
END_TEST

START_TEST(test_not_ours)
{
	u8 m[] = { 0xc8, 0x02, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x00,
		   0x00, 0x00, 0x00, 0x00 };
	struct l2tpgw_hdr h;

	/* Control (T), other versions, too short for flags or ids. */
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_UP);
	m[0] = 0x00;
	m[1] = 0x03;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_UP);
	m[1] = 0x01;
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_UP);
	m[1] = 0x12;	/* version 2 in the low nibble, reserved bits */
	ck_assert_int_eq(parse(m, sizeof(m), &h), L2TPGW_HDR_OK);
	m[1] = 0x02;
	ck_assert_int_eq(parse(m, 0, &h), L2TPGW_HDR_UP);
	ck_assert_int_eq(parse(m, 1, &h), L2TPGW_HDR_UP);
	ck_assert_int_eq(parse(m, 5, &h), L2TPGW_HDR_UP);
}
END_TEST

START_TEST(test_ppp_parse)
{
	static const struct {
		u8 b[4];
		unsigned int len;
		int ret;
		u16 proto;
	} c[] = {
		{ { 0xff, 0x03, 0x00, 0x21 }, 4, 4, 0x0021 },
		{ { 0xff, 0x03, 0x21 }, 3, 3, 0x0021 },	/* PFC */
		{ { 0x00, 0x57 }, 2, 2, 0x0057 },	/* ACFC */
		{ { 0x21 }, 1, 1, 0x0021 },		/* both */
		{ { 0xc0, 0x21 }, 2, 2, 0xc021 },
		{ { 0xff, 0x03 }, 2, -EINVAL, 0 },	/* no protocol */
		{ { 0xff, 0x03, 0x00 }, 3, -EINVAL, 0 },
		{ { 0x00, 0x20 }, 2, -EINVAL, 0 },	/* low byte even */
		{ { 0x00 }, 1, -EINVAL, 0 },
		{ { 0 }, 0, -EINVAL, 0 },
		/* ff 03 not as address/control but as a protocol: odd. */
		{ { 0xff }, 1, 1, 0x00ff },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		u16 proto = 0;

		ck_assert_msg(l2tpgw_ppp_parse(c[i].b, c[i].len, &proto) ==
			      c[i].ret, "case %u", i);
		if (c[i].ret > 0)
			ck_assert_uint_eq(proto, c[i].proto);
	}
}
END_TEST

START_TEST(test_build_round_trip)
{
	unsigned int bits;

	for (bits = 0; bits < 8; bits++) {
		struct l2tpgw_hdr_tx tx = {
			.tunnel_id = 0xfffe, .session_id = 1, .ns = 65535,
			.length = bits & 1, .seq = bits & 2,
			.priority = bits & 4,
		};
		unsigned int n = l2tpgw_hdr_tx_len(&tx);
		u8 buf[L2TPGW_HDR_MAX_TX + 1] = { 0 };
		struct l2tpgw_hdr h;

		ck_assert_uint_le(n, L2TPGW_HDR_MAX_TX);
		l2tpgw_hdr_build(buf, &tx, n + 1);
		ck_assert_int_eq(parse(buf, n + 1, &h), L2TPGW_HDR_OK);
		ck_assert_uint_eq(h.hdr_len, n);
		ck_assert_uint_eq(h.msg_len, n + 1);
		ck_assert_uint_eq(h.tunnel_id, 0xfffe);
		ck_assert_uint_eq(h.session_id, 1);
		ck_assert_uint_eq(h.ns, tx.seq ? 65535 : 0);
		ck_assert_uint_eq(!!(h.flags & L2TPGW_HDR_P), tx.priority);
	}
}
END_TEST

START_TEST(test_ppp_build)
{
	static const u16 protos[] = { 0x0021, 0x0057, 0x80fd, 0xc021, 0xc223 };
	unsigned int i, fl;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++) {
		for (fl = 0; fl < 4; fl++) {
			bool acfc = fl & 1, pfc = fl & 2;
			unsigned int n = l2tpgw_ppp_hdr_len(protos[i], acfc, pfc);
			u8 buf[L2TPGW_PPP_MAX_HDR] = { 0 };
			u16 proto = 0;

			ck_assert_uint_le(n, L2TPGW_PPP_MAX_HDR);
			l2tpgw_ppp_build(buf, protos[i], acfc, pfc);
			ck_assert_int_eq(l2tpgw_ppp_parse(buf, n, &proto), n);
			ck_assert_uint_eq(proto, protos[i]);
		}
	}
	/* LCP keeps address and control; only protocols < 0x100 shrink. */
	ck_assert_uint_eq(l2tpgw_ppp_hdr_len(0xc021, true, true), 4);
	ck_assert_uint_eq(l2tpgw_ppp_hdr_len(0x0021, true, true), 1);
	ck_assert_uint_eq(l2tpgw_ppp_hdr_len(0x0021, false, true), 3);
	ck_assert_uint_eq(l2tpgw_ppp_hdr_len(0x8021, true, true), 2);
}
END_TEST

static Suite *header_suite(void)
{
	Suite *s = suite_create("kmod_header");
	TCase *tc = tcase_create("header");

	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_length);
	tcase_add_test(tc, test_sequence);
	tcase_add_test(tc, test_all_bits_offset);
	tcase_add_test(tc, test_offset_without_length);
	tcase_add_test(tc, test_not_ours);
	tcase_add_test(tc, test_ppp_parse);
	tcase_add_test(tc, test_build_round_trip);
	tcase_add_test(tc, test_ppp_build);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(header_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
