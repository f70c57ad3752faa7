// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI message codec against byte sequences written out by hand from the
 * strongSwan vici README: parse trees, builder output, lookups, and every
 * kind of malformed input.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vici/message.h"

/*
 * key1 = value1
 * section1 = { sub-section = { key2 = value2 }  list1 = [ item1, item2 ] }
 */
static const uint8_t readme_example[] = {
	3, 4, 'k', 'e', 'y', '1', 0, 6, 'v', 'a', 'l', 'u', 'e', '1',
	1, 8, 's', 'e', 'c', 't', 'i', 'o', 'n', '1',
	1, 11, 's', 'u', 'b', '-', 's', 'e', 'c', 't', 'i', 'o', 'n',
	3, 4, 'k', 'e', 'y', '2', 0, 6, 'v', 'a', 'l', 'u', 'e', '2',
	2,
	4, 5, 'l', 'i', 's', 't', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '1',
	5, 0, 5, 'i', 't', 'e', 'm', '2',
	6,
	2,
};

static struct vici_msg *parse_ok(const uint8_t *b, size_t len)
{
	char err[VICI_ERR_LEN];
	struct vici_msg *m = vici_msg_parse(b, len, err, sizeof(err));

	ck_assert_msg(m, "parse failed: %s", err);
	return m;
}

static void parse_bad(const uint8_t *b, size_t len, const char *want)
{
	char err[VICI_ERR_LEN];
	struct vici_msg *m = vici_msg_parse(b, len, err, sizeof(err));

	ck_assert_ptr_null(m);
	ck_assert_int_eq(errno, EBADMSG);
	ck_assert_str_eq(err, want);
}

START_TEST(readme_example_tree)
{
	struct vici_msg *m = parse_ok(readme_example, sizeof(readme_example));
	const struct vici_node *root = vici_msg_root(m), *n, *s1, *l;

	n = vici_node_first(m, root);
	ck_assert_int_eq(n->type, VICI_NODE_KV);
	ck_assert_str_eq(n->name, "key1");
	ck_assert_str_eq(n->value, "value1");
	ck_assert_int_eq(n->value_len, 6);
	s1 = vici_node_next(m, n);
	ck_assert_int_eq(s1->type, VICI_NODE_SECTION);
	ck_assert_str_eq(s1->name, "section1");
	ck_assert_ptr_null(vici_node_next(m, s1));

	ck_assert_str_eq(vici_msg_get(m, NULL, "section1.sub-section.key2"),
			 "value2");
	ck_assert_ptr_null(vici_msg_get(m, NULL, "section1.sub-section"));
	ck_assert_ptr_null(vici_msg_get(m, NULL, "section1.key2"));
	ck_assert_ptr_null(vici_msg_get(m, NULL, "key1.x"));

	l = vici_node_find(m, NULL, "section1.list1");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->type, VICI_NODE_LIST);
	n = vici_node_first(m, l);
	ck_assert_int_eq(n->type, VICI_NODE_ITEM);
	ck_assert_str_eq(n->value, "item1");
	n = vici_node_next(m, n);
	ck_assert_str_eq(n->value, "item2");
	ck_assert_ptr_null(vici_node_next(m, n));
	/* the list follows the sub-section inside section1 */
	n = vici_node_first(m, s1);
	ck_assert_str_eq(n->name, "sub-section");
	ck_assert_ptr_eq(vici_node_next(m, n), l);
	ck_assert_ptr_eq(vici_node_child(m, s1, "list1"), l);
	vici_msg_free(m);
}
END_TEST

START_TEST(builder_matches_readme_bytes)
{
	struct vici_builder b;
	const uint8_t *out;
	size_t len;

	vici_builder_init(&b);
	vici_add_kv_str(&b, "key1", "value1");
	vici_begin_section(&b, "section1");
	vici_begin_section(&b, "sub-section");
	vici_add_kv_fmt(&b, "key2", "value%d", 2);
	vici_end_section(&b);
	vici_begin_list(&b, "list1");
	vici_add_list_item_str(&b, "item1");
	vici_add_list_item(&b, "item2", 5);
	vici_end_list(&b);
	vici_end_section(&b);
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), 0);
	ck_assert_uint_eq(len, sizeof(readme_example));
	ck_assert_mem_eq(out, readme_example, len);
	vici_builder_release(&b);
}
END_TEST

START_TEST(empty_message_and_binary_values)
{
	static const uint8_t bin[] = { 0, 1, 0, 0xff };
	struct vici_builder b;
	struct vici_msg *m;
	const uint8_t *out;
	size_t len;

	m = parse_ok((const uint8_t *)"", 0);
	ck_assert_uint_eq(m->count, 1);
	ck_assert_ptr_null(vici_node_first(m, vici_msg_root(m)));
	vici_msg_free(m);

	vici_builder_init(&b);
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), 0);
	ck_assert_uint_eq(len, 0);
	vici_add_kv(&b, "blob", bin, sizeof(bin));
	vici_begin_list(&b, "empty");
	vici_end_list(&b);
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), 0);
	m = parse_ok(out, len);
	ck_assert_int_eq(vici_node_find(m, NULL, "blob")->value_len, 4);
	ck_assert_mem_eq(vici_node_find(m, NULL, "blob")->value, bin, 4);
	ck_assert_ptr_null(vici_node_first(m, vici_node_find(m, NULL, "empty")));
	vici_msg_free(m);
	vici_builder_release(&b);
}
END_TEST

/* Every prefix is invalid except those ending between complete elements at
 * the root: after key1 = value1, and the whole message. */
START_TEST(every_truncation_is_caught)
{
	char err[VICI_ERR_LEN];
	struct vici_msg *m;

	for (size_t len = 0; len <= sizeof(readme_example); len++) {
		m = vici_msg_parse(readme_example, len, err, sizeof(err));
		if (len == 0 || len == 14 || len == sizeof(readme_example))
			ck_assert_msg(m, "prefix %zu: %s", len, err);
		else
			ck_assert_msg(!m && err[0], "prefix %zu accepted", len);
		vici_msg_free(m);
	}
}
END_TEST

START_TEST(error_messages_name_what_and_where)
{
	static const uint8_t kv_trunc[] = {
		3, 1, 'a', 0, 1, 'x',
		3, 3, 'f', 'o', 'o', 0, 9, 'a', 'b',
	};
	static const uint8_t name_trunc[] = { 1, 5, 'a', 'b' };
	static const uint8_t unknown[] = { 3, 1, 'a', 0, 0, 7 };
	static const uint8_t zero[] = { 0 };
	static const uint8_t stray_end[] = { 2 };
	static const uint8_t item_outside[] = { 5, 0, 1, 'x' };
	static const uint8_t list_end_outside[] = { 6 };
	static const uint8_t kv_in_list[] = { 4, 1, 'l', 3, 1, 'k', 0, 0, 6 };
	static const uint8_t sec_in_list[] = { 4, 1, 'l', 1, 1, 's', 2, 6 };
	static const uint8_t nested_list[] = { 4, 1, 'l', 4, 1, 'm', 6, 6 };
	static const uint8_t end_in_list[] = { 1, 1, 's', 4, 1, 'l', 2 };
	static const uint8_t open_list[] = { 4, 2, 'l', 'x', 5, 0, 0 };
	static const uint8_t open_sec[] = { 1, 1, 's', 1, 1, 't', 2 };
	static const uint8_t nul_name[] = { 3, 2, 'a', 0, 0, 0 };
	static const uint8_t item_trunc[] = { 4, 1, 'l', 5, 0 };

	parse_bad(kv_trunc, sizeof(kv_trunc),
		  "vici: key-value 'foo' truncated at offset 6");
	parse_bad(name_trunc, sizeof(name_trunc),
		  "vici: section name truncated at offset 0");
	parse_bad(unknown, sizeof(unknown),
		  "vici: unknown element type 7 at offset 5");
	parse_bad(zero, sizeof(zero), "vici: unknown element type 0 at offset 0");
	parse_bad(stray_end, sizeof(stray_end),
		  "vici: section end without a section at offset 0");
	parse_bad(item_outside, sizeof(item_outside),
		  "vici: list item outside a list at offset 0");
	parse_bad(list_end_outside, sizeof(list_end_outside),
		  "vici: list end outside a list at offset 0");
	parse_bad(kv_in_list, sizeof(kv_in_list),
		  "vici: key-value 'k' inside a list at offset 3");
	parse_bad(sec_in_list, sizeof(sec_in_list),
		  "vici: section 's' inside a list at offset 3");
	parse_bad(nested_list, sizeof(nested_list),
		  "vici: list 'm' inside a list at offset 3");
	parse_bad(end_in_list, sizeof(end_in_list),
		  "vici: section end inside a list at offset 6");
	parse_bad(open_list, sizeof(open_list),
		  "vici: message ends inside list 'lx'");
	parse_bad(open_sec, sizeof(open_sec),
		  "vici: message ends with 1 section(s) open");
	parse_bad(nul_name, sizeof(nul_name),
		  "vici: key-value name with a NUL byte at offset 0");
	parse_bad(item_trunc, sizeof(item_trunc),
		  "vici: list item truncated at offset 3");
}
END_TEST

START_TEST(nesting_limit)
{
	uint8_t buf[4 * (VICI_MAX_DEPTH + 1)];
	char err[VICI_ERR_LEN];
	struct vici_msg *m;
	size_t n = 0;

	/* VICI_MAX_DEPTH levels are fine */
	for (int i = 0; i < VICI_MAX_DEPTH; i++) {
		buf[n++] = 1;
		buf[n++] = 1;
		buf[n++] = 'a' + i % 26;
	}
	for (int i = 0; i < VICI_MAX_DEPTH; i++)
		buf[n++] = 2;
	m = parse_ok(buf, n);
	vici_msg_free(m);

	/* one more is refused, with the offset of the offending section */
	n = 0;
	for (int i = 0; i <= VICI_MAX_DEPTH; i++) {
		buf[n++] = 1;
		buf[n++] = 1;
		buf[n++] = 'x';
	}
	m = vici_msg_parse(buf, n, err, sizeof(err));
	ck_assert_ptr_null(m);
	ck_assert_str_eq(err, "vici: section 'x' nested deeper than 32 at offset 96");
}
END_TEST

START_TEST(builder_errors_are_sticky)
{
	char longname[300];
	struct vici_builder b;
	const uint8_t *out;
	size_t len;

	vici_builder_init(&b);
	vici_add_list_item_str(&b, "x");
	vici_add_kv_str(&b, "k", "v");
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), -EINVAL);
	ck_assert_str_eq(b.errstr, "vici: list item outside a list");
	vici_builder_release(&b);

	vici_builder_init(&b);
	vici_begin_list(&b, "l");
	vici_add_kv_str(&b, "k", "v");
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), -EINVAL);
	ck_assert_str_eq(b.errstr, "vici: key-value 'k' inside a list");
	vici_builder_release(&b);

	vici_builder_init(&b);
	vici_begin_section(&b, "s");
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), -EINVAL);
	ck_assert_str_eq(b.errstr, "vici: message ends with 1 section(s) open");
	vici_builder_release(&b);

	vici_builder_init(&b);
	vici_end_section(&b);
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), -EINVAL);
	vici_builder_release(&b);

	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	vici_builder_init(&b);
	vici_add_kv_str(&b, longname, "v");
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), -ENAMETOOLONG);
	vici_builder_release(&b);

	vici_builder_init(&b);
	for (int i = 0; i <= VICI_MAX_DEPTH; i++)
		vici_begin_section(&b, "s");
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), -ELOOP);
	vici_builder_release(&b);

	vici_builder_init(&b);
	vici_add_kv(&b, "big", NULL, VICI_MAX_VALUE + 1);
	ck_assert_int_eq(vici_builder_finish(&b, &out, &len), -EMSGSIZE);
	vici_builder_release(&b);
}
END_TEST

START_TEST(numbers)
{
	static const uint8_t msg[] = {
		3, 3, 'd', 'e', 'c', 0, 2, '4', '2',
		3, 3, 'h', 'e', 'x', 0, 8, '0', '0', '0', '0', '0', '0', 'f', 'a',
		3, 3, 'n', 'e', 'g', 0, 2, '-', '1',
		3, 3, 's', 'p', 'c', 0, 2, ' ', '1',
		3, 3, 'b', 'i', 'g', 0, 3, '2', '5', '6',
		3, 3, 'j', 'n', 'k', 0, 2, '1', 'x',
		3, 3, 'e', 'm', 'p', 0, 0,
	};
	struct vici_msg *m = parse_ok(msg, sizeof(msg));
	uint64_t v = 0;

	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "dec", 10, 100, &v), 0);
	ck_assert_uint_eq(v, 42);
	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "hex", 16, UINT32_MAX, &v), 0);
	ck_assert_uint_eq(v, 0xfa);
	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "neg", 10, 100, &v), -EINVAL);
	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "spc", 10, 100, &v), -EINVAL);
	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "big", 10, 255, &v), -EINVAL);
	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "jnk", 10, 255, &v), -EINVAL);
	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "emp", 10, 255, &v), -EINVAL);
	ck_assert_int_eq(vici_msg_get_uint(m, NULL, "nope", 10, 255, &v), -ENOENT);
	vici_msg_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vici_message");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, readme_example_tree);
	tcase_add_test(tc, builder_matches_readme_bytes);
	tcase_add_test(tc, empty_message_and_binary_values);
	tcase_add_test(tc, every_truncation_is_caught);
	tcase_add_test(tc, error_messages_name_what_and_where);
	tcase_add_test(tc, nesting_limit);
	tcase_add_test(tc, builder_errors_are_sticky);
	tcase_add_test(tc, numbers);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
