// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI packet layer: segment framing against hand-written bytes, packet
 * headers, the 512 KiB limit, and reassembly from arbitrary splits.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vici/packet.h"

/* CMD_REQUEST "version" with an empty message */
static const uint8_t version_req[] = {
	0, 0, 0, 9, 0, 7, 'v', 'e', 'r', 's', 'i', 'o', 'n',
};
/* CMD_RESPONSE { daemon = charon } */
static const uint8_t version_resp[] = {
	0, 0, 0, 17, 1,
	3, 6, 'd', 'a', 'e', 'm', 'o', 'n', 0, 6, 'c', 'h', 'a', 'r', 'o', 'n',
};
/* EVENT "ike-updown" { up = yes } */
static const uint8_t ike_updown[] = {
	0, 0, 0, 21, 7, 10, 'i', 'k', 'e', '-', 'u', 'p', 'd', 'o', 'w', 'n',
	3, 2, 'u', 'p', 0, 3, 'y', 'e', 's',
};

/* EVENT_REGISTER "ike-updown" */
static const uint8_t register_ike_updown[] = {
	0, 0, 0, 12, 3, 10, 'i', 'k', 'e', '-', 'u', 'p', 'd', 'o', 'w', 'n',
};

START_TEST(encode_matches_hand_written)
{
	static const uint8_t msg[] = {
		3, 6, 'd', 'a', 'e', 'm', 'o', 'n', 0, 6, 'c', 'h', 'a', 'r', 'o', 'n',
	};
	char err[VICI_ERR_LEN];
	uint8_t *b;
	size_t len;

	b = vici_packet_encode(VICI_CMD_REQUEST, "version", NULL, 0, &len,
			       err, sizeof(err));
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(len, sizeof(version_req));
	ck_assert_mem_eq(b, version_req, len);
	free(b);

	/* unnamed types ignore the name */
	b = vici_packet_encode(VICI_CMD_RESPONSE, "ignored", msg, sizeof(msg),
			       &len, err, sizeof(err));
	ck_assert_uint_eq(len, sizeof(version_resp));
	ck_assert_mem_eq(b, version_resp, len);
	free(b);

	b = vici_packet_encode(VICI_EVENT_REGISTER, "ike-updown", NULL, 0,
			       &len, err, sizeof(err));
	ck_assert_uint_eq(len, sizeof(register_ike_updown));
	ck_assert_mem_eq(b, register_ike_updown, len);
	free(b);
}
END_TEST

START_TEST(parse_named_and_unnamed)
{
	struct vici_packet p;
	char err[VICI_ERR_LEN];

	ck_assert_int_eq(vici_packet_parse(version_req + 4,
					   sizeof(version_req) - 4, &p, err,
					   sizeof(err)), 0);
	ck_assert_int_eq(p.type, VICI_CMD_REQUEST);
	ck_assert_str_eq(p.name, "version");
	ck_assert_uint_eq(p.msg_len, 0);

	ck_assert_int_eq(vici_packet_parse(version_resp + 4,
					   sizeof(version_resp) - 4, &p, err,
					   sizeof(err)), 0);
	ck_assert_int_eq(p.type, VICI_CMD_RESPONSE);
	ck_assert_str_eq(p.name, "");
	ck_assert_uint_eq(p.msg_len, 16);
	ck_assert_ptr_eq(p.msg, version_resp + 5);

	ck_assert_int_eq(vici_packet_parse(ike_updown + 4,
					   sizeof(ike_updown) - 4, &p, err,
					   sizeof(err)), 0);
	ck_assert_int_eq(p.type, VICI_EVENT);
	ck_assert_str_eq(p.name, "ike-updown");
	ck_assert_uint_eq(p.msg_len, 9);
}
END_TEST

START_TEST(parse_rejects)
{
	static const uint8_t bad_type[] = { 8 };
	static const uint8_t no_name[] = { VICI_EVENT };
	static const uint8_t short_name[] = { VICI_EVENT_REGISTER, 5, 'a', 'b' };
	static const uint8_t nul_name[] = { VICI_EVENT, 2, 'a', 0 };
	struct vici_packet p;
	char err[VICI_ERR_LEN];

	ck_assert_int_eq(vici_packet_parse(bad_type, 1, &p, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: unknown packet type 8");
	ck_assert_int_eq(vici_packet_parse(no_name, 1, &p, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: event packet name truncated");
	ck_assert_int_eq(vici_packet_parse(short_name, sizeof(short_name), &p,
					   err, sizeof(err)), -EBADMSG);
	ck_assert_str_eq(err, "vici: event-register packet name truncated");
	ck_assert_int_eq(vici_packet_parse(nul_name, sizeof(nul_name), &p, err,
					   sizeof(err)), -EBADMSG);
	ck_assert_int_eq(vici_packet_parse(bad_type, 0, &p, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: empty packet");
}
END_TEST

START_TEST(encode_limits)
{
	char err[VICI_ERR_LEN], name[300];
	uint8_t *big, *b;
	size_t len;

	big = calloc(1, VICI_MAX_SEGMENT);
	/* exactly at the limit: type + name8 + "x" + message */
	b = vici_packet_encode(VICI_CMD_REQUEST, "x", big,
			       VICI_MAX_SEGMENT - 3, &len, err, sizeof(err));
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(len, 4 + VICI_MAX_SEGMENT);
	ck_assert_int_eq(b[1], 0x08);
	free(b);
	b = vici_packet_encode(VICI_CMD_REQUEST, "x", big,
			       VICI_MAX_SEGMENT - 2, &len, err, sizeof(err));
	ck_assert_ptr_null(b);
	ck_assert_int_eq(errno, EMSGSIZE);
	ck_assert_str_eq(err, "vici: cmd-request x of 524289 bytes exceeds the 524288-byte limit");
	free(big);

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	b = vici_packet_encode(VICI_EVENT_REGISTER, name, NULL, 0, &len, err,
			       sizeof(err));
	ck_assert_ptr_null(b);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	b = vici_packet_encode(VICI_EVENT, NULL, NULL, 0, &len, err, sizeof(err));
	ck_assert_ptr_null(b);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* Feed the three packets back to back, split at every possible point. */
START_TEST(reassembly_any_split)
{
	uint8_t stream[sizeof(version_req) + sizeof(version_resp) +
		       sizeof(ike_updown)];
	const uint8_t *seg;
	struct vici_reader r;
	char err[VICI_ERR_LEN];
	size_t seg_len, off, n = 0;
	ssize_t used;
	int got;

	memcpy(stream + n, version_req, sizeof(version_req));
	n += sizeof(version_req);
	memcpy(stream + n, version_resp, sizeof(version_resp));
	n += sizeof(version_resp);
	memcpy(stream + n, ike_updown, sizeof(ike_updown));
	n += sizeof(ike_updown);

	vici_reader_init(&r);
	for (size_t split = 0; split <= n; split++) {
		size_t bounds[3] = { split, n, n };
		size_t start = 0;

		got = 0;
		vici_reader_reset(&r);
		for (int part = 0; part < 2; part++) {
			for (off = start; off < bounds[part]; off += used) {
				used = vici_reader_feed(&r, stream + off,
							bounds[part] - off,
							&seg, &seg_len, err,
							sizeof(err));
				ck_assert_int_gt(used, 0);
				if (!seg)
					continue;
				switch (got++) {
				case 0:
					ck_assert_uint_eq(seg_len, 9);
					ck_assert_mem_eq(seg, version_req + 4, 9);
					break;
				case 1:
					ck_assert_uint_eq(seg_len, 17);
					ck_assert_mem_eq(seg, version_resp + 4, 17);
					break;
				case 2:
					ck_assert_uint_eq(seg_len, 21);
					ck_assert_mem_eq(seg, ike_updown + 4, 21);
					break;
				}
			}
			start = bounds[part];
		}
		ck_assert_int_eq(got, 3);
	}
	/* one byte at a time */
	vici_reader_reset(&r);
	got = 0;
	for (off = 0; off < n; off++) {
		used = vici_reader_feed(&r, stream + off, 1, &seg, &seg_len,
					err, sizeof(err));
		ck_assert_int_eq(used, 1);
		got += seg != NULL;
	}
	ck_assert_int_eq(got, 3);
	vici_reader_release(&r);
}
END_TEST

START_TEST(reassembly_limits)
{
	static const uint8_t too_big[] = { 0, 8, 0, 1, 0 };
	static const uint8_t at_limit[] = { 0, 8, 0, 0, 1 };
	static const uint8_t zero[] = { 0, 0, 0, 0 };
	struct vici_reader r;
	char err[VICI_ERR_LEN];
	const uint8_t *seg;
	size_t seg_len;

	vici_reader_init(&r);
	ck_assert_int_eq(vici_reader_feed(&r, too_big, sizeof(too_big), &seg,
					  &seg_len, err, sizeof(err)),
			 -EMSGSIZE);
	ck_assert_str_eq(err, "vici: segment of 524289 bytes exceeds the 524288-byte limit");
	vici_reader_reset(&r);
	ck_assert_int_eq(vici_reader_feed(&r, at_limit, sizeof(at_limit), &seg,
					  &seg_len, err, sizeof(err)), 5);
	ck_assert_ptr_null(seg);
	vici_reader_reset(&r);
	ck_assert_int_eq(vici_reader_feed(&r, zero, sizeof(zero), &seg,
					  &seg_len, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: zero-length segment");
	vici_reader_release(&r);
}
END_TEST

START_TEST(type_names)
{
	ck_assert_str_eq(vici_packet_type_name(VICI_EVENT_CONFIRM),
			 "event-confirm");
	ck_assert_str_eq(vici_packet_type_name(99), "unknown");
	ck_assert(vici_packet_type_named(VICI_EVENT_UNREGISTER));
	ck_assert(!vici_packet_type_named(VICI_EVENT_UNKNOWN));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vici_packet");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, encode_matches_hand_written);
	tcase_add_test(tc, parse_named_and_unnamed);
	tcase_add_test(tc, parse_rejects);
	tcase_add_test(tc, encode_limits);
	tcase_add_test(tc, reassembly_any_split);
	tcase_add_test(tc, reassembly_limits);
	tcase_add_test(tc, type_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
