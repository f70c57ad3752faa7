// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * siphash24() against the reference vectors: key 00..0f, message 00..n-1
 * (the paper, appendix A, gives n = 15; the others are from the reference
 * implementation's vectors.h, read as little-endian 64-bit values).
 */
#include <check.h>
#include <stdint.h>

#include "siphash.h"

START_TEST(reference_vectors)
{
	static const struct {
		size_t len;
		uint64_t want;
	} v[] = {
		{ 0, 0x726fdb47dd0e0e31ull },
		{ 1, 0x74f839c593dc67fdull },
		{ 7, 0xab0200f58b01d137ull },
		{ 8, 0x93f5f5799a932462ull },
		{ 15, 0xa129ca6149be45e5ull },	/* the paper's example */
		{ 16, 0x3f2acc7f57c29bdbull },
		{ 17, 0x699ae9f52cbe4794ull },
		{ 63, 0x958a324ceb064572ull },
	};
	uint8_t key[SIPHASH_KEY_LEN], msg[64];
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)i;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(siphash24(key, msg, v[i].len) == v[i].want,
			      "length %zu", v[i].len);
}
END_TEST

START_TEST(the_key_changes_the_hash)
{
	uint8_t k1[SIPHASH_KEY_LEN] = { 0 }, k2[SIPHASH_KEY_LEN] = { 1 };

	ck_assert(siphash24(k1, "192.0.2", 7) != siphash24(k2, "192.0.2", 7));
}
END_TEST

static Suite *siphash_suite(void)
{
	Suite *s = suite_create("siphash");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reference_vectors);
	tcase_add_test(tc, the_key_changes_the_hash);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(siphash_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
