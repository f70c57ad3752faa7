// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * str_escape(): untrusted bytes made printable for logs and terminals,
 * with every cut landing between whole escapes.
 */
#include <check.h>
#include <string.h>

#include "escape.h"

static void check_escape(const void *src, size_t len, size_t size,
			 const char *want)
{
	char out[256];

	memset(out, 'Z', sizeof(out));
	ck_assert_ptr_eq(str_escape(out, size, src, len), out);
	ck_assert_str_eq(out, want);
	/* Nothing written past size. */
	for (size_t i = size; i < sizeof(out); i++)
		ck_assert_msg(out[i] == 'Z', "byte %zu written (size %zu)", i,
			      size);
}

#define CHECK(lit, size, want) check_escape(lit, sizeof(lit) - 1, size, want)

START_TEST(plain_names_print_unchanged)
{
	CHECK("alice", 64, "alice");
	CHECK("bob@example.org", 64, "bob@example.org");
	CHECK(" !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~", 64,
	      " !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~");
	CHECK("", 64, "");
	check_escape(NULL, 0, 8, "");
}
END_TEST

START_TEST(control_characters_are_escaped)
{
	CHECK("a\nb", 64, "a\\nb");
	CHECK("a\r\tb", 64, "a\\r\\tb");
	CHECK("\x01\x1f\x7f", 64, "\\x01\\x1f\\x7f");
	CHECK("back\\slash", 64, "back\\\\slash");
	/* A forged second log line stays on the first one. */
	CHECK("bob\nl2tpgwd: notice: user root up", 64,
	      "bob\\nl2tpgwd: notice: user root up");
}
END_TEST

START_TEST(terminal_escape_sequences_are_escaped)
{
	CHECK("\x1b[31mred\x1b[0m", 64, "\\x1b[31mred\\x1b[0m");
	/* OSC 0 (set the window title), ended by BEL, and an 8-bit CSI. */
	CHECK("\x1b]0;pwned\x07", 64, "\\x1b]0;pwned\\x07");
	CHECK("\x9b" "2J", 64, "\\x9b2J");
}
END_TEST

START_TEST(nul_inside_is_escaped_not_a_terminator)
{
	static const char s[] = { 'a', '\0', 'b' };

	check_escape(s, sizeof(s), 64, "a\\x00b");
}
END_TEST

START_TEST(utf8_bytes_are_escaped_one_by_one)
{
	CHECK("caf\xc3\xa9", 64, "caf\\xc3\\xa9");
	CHECK("\xff\xfe", 64, "\\xff\\xfe");
}
END_TEST

START_TEST(exact_fit_is_not_cut)
{
	CHECK("abc", 4, "abc");
	CHECK("a\n", 4, "a\\n");
	CHECK("\x1b", 5, "\\x1b");
	/* Worst case: four bytes per byte. */
	char out[STR_ESCAPED_SIZE(3)];

	str_escape(out, sizeof(out), "\x80\x81\x82", 3);
	ck_assert_str_eq(out, "\\x80\\x81\\x82");
}
END_TEST

START_TEST(cut_ends_in_ellipsis_between_whole_escapes)
{
	CHECK("abcd", 4, "...");
	CHECK("abcde", 5, "a...");
	CHECK("abcdefgh", 8, "abcd...");
	/* "a\x1b" would need 5 bytes + NUL: the escape goes whole. */
	CHECK("ab\x1b" "cdef", 8, "ab...");
	CHECK("ab\x1b" "cdef", 9, "ab...");
	CHECK("ab\x1b" "cdef", 10, "ab\\x1b...");
	CHECK("ab\x1b" "cdef", 11, "ab\\x1bcdef");
	CHECK("a\nbcd", 6, "a...");
	CHECK("a\nbcdef", 8, "a\\nb...");
}
END_TEST

START_TEST(tiny_buffers_stay_terminated)
{
	CHECK("abc", 1, "");
	CHECK("abc", 2, ".");
	CHECK("abc", 3, "..");
	CHECK("\x1b", 2, ".");
	/* size 0 writes nothing at all. */
	char out[4] = "ZZZ";

	ck_assert_ptr_eq(str_escape(out, 0, "abc", 3), out);
	ck_assert_str_eq(out, "ZZZ");
}
END_TEST

START_TEST(every_byte_and_every_size)
{
	unsigned char all[256];
	char out[STR_ESCAPED_SIZE(256)];

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (size_t size = 1; size <= sizeof(out); size++) {
		memset(out, 'Z', sizeof(out));
		str_escape(out, size, all, sizeof(all));
		ck_assert_uint_lt(strlen(out), size);
		for (const char *p = out; *p; p++)
			ck_assert_msg(*p >= 0x20 && *p <= 0x7e,
				      "size %zu: byte 0x%02x printed", size,
				      (unsigned char)*p);
		if (size < sizeof(out))
			ck_assert_int_eq(out[size], 'Z');
	}
}
END_TEST

START_TEST(cstr_form)
{
	char out[32];

	ck_assert_str_eq(str_escape_cstr(out, sizeof(out), "x\ty"), "x\\ty");
	ck_assert_str_eq(str_escape_cstr(out, sizeof(out), NULL), "");
}
END_TEST

static Suite *escape_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("str_escape");

	tcase_add_test(tc, plain_names_print_unchanged);
	tcase_add_test(tc, control_characters_are_escaped);
	tcase_add_test(tc, terminal_escape_sequences_are_escaped);
	tcase_add_test(tc, nul_inside_is_escaped_not_a_terminator);
	tcase_add_test(tc, utf8_bytes_are_escaped_one_by_one);
	tcase_add_test(tc, exact_fit_is_not_cut);
	tcase_add_test(tc, cut_ends_in_ellipsis_between_whole_escapes);
	tcase_add_test(tc, tiny_buffers_stay_terminated);
	tcase_add_test(tc, every_byte_and_every_size);
	tcase_add_test(tc, cstr_form);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(escape_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
