// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl's output layer: the same print calls give the text form and the
 * JSON form (compact, pretty, one document per line for monitor).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "print.h"
#include "cli.h"

static char *out;
static size_t outlen;

static FILE *capture(void)
{
	FILE *f = open_memstream(&out, &outlen);

	ck_assert_ptr_nonnull(f);
	return f;
}

static const char *finish(FILE *f)
{
	fclose(f);
	return out;
}

/* A tunnel-like record printed once, whatever the mode. */
static void emit(struct printer *p)
{
	struct l2tpctl_addr peer = { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8,
						 [15] = 2 } };

	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "tunnel %llu\n", 5);
	print_addr(p, "peer", "  peer: %s\n", &peer);
	print_uint(p, "mark", "  mark: 0x%llx\n", 0xff00);
	print_bool(p, "udp_csum", "  udp-csum: %s\n", true);
	print_null(p, "local", "  local: %s\n");
	print_text(p, "  (text only)\n");
	print_open_array(p, "protocols");
	print_string(p, NULL, NULL, "ipv4");
	print_string(p, NULL, NULL, "ipv6");
	print_close(p);
	print_uint(p, "big", NULL, 18446744073709551615ull);
	print_close(p);
	print_flush(p);
}

START_TEST(text_output)
{
	FILE *f = capture();
	struct printer p;

	print_init(&p, f, false, false);
	emit(&p);
	ck_assert_str_eq(finish(f),
			 "tunnel 5\n"
			 "  peer: 2001:db8::2\n"
			 "  mark: 0xff00\n"
			 "  udp-csum: on\n"
			 "  local: -\n"
			 "  (text only)\n");
	free(out);
}
END_TEST

START_TEST(json_output)
{
	FILE *f = capture();
	struct printer p;

	print_init(&p, f, true, false);
	emit(&p);
	ck_assert_str_eq(finish(f),
			 "{\"tunnel_id\":5,\"peer\":\"2001:db8::2\",\"mark\":65280,"
			 "\"udp_csum\":true,\"local\":null,"
			 "\"protocols\":[\"ipv4\",\"ipv6\"],"
			 "\"big\":18446744073709551615}\n");
	free(out);
}
END_TEST

START_TEST(pretty_json_output)
{
	FILE *f = capture();
	struct printer p;

	/* -p alone implies JSON. */
	print_init(&p, f, false, true);
	print_open_array(&p, NULL);
	print_open_object(&p, NULL);
	print_uint(&p, "sock_id", "%llu", 1);
	print_close(&p);
	print_close(&p);
	print_flush(&p);
	ck_assert_str_eq(finish(f),
			 "[\n"
			 "  {\n"
			 "    \"sock_id\": 1\n"
			 "  }\n"
			 "]\n");
	free(out);
}
END_TEST

START_TEST(empty_list_is_empty_array)
{
	FILE *f = capture();
	struct printer p;

	print_init(&p, f, true, false);
	print_open_array(&p, NULL);
	print_close(&p);
	print_flush(&p);
	ck_assert_str_eq(finish(f), "[]\n");
	free(out);
}
END_TEST

START_TEST(one_document_per_event_line)
{
	FILE *f = capture();
	struct printer p;
	int i;

	print_init(&p, f, true, false);
	for (i = 1; i <= 2; i++) {
		print_open_object(&p, NULL);
		print_string(&p, "event", "%s", "tunnel_del");
		print_uint(&p, "tunnel_id", " tunnel %llu", (uint64_t)i);
		print_close(&p);
		print_flush(&p);
	}
	ck_assert_str_eq(finish(f),
			 "{\"event\":\"tunnel_del\",\"tunnel_id\":1}\n"
			 "{\"event\":\"tunnel_del\",\"tunnel_id\":2}\n");
	free(out);
}
END_TEST

START_TEST(discard_prints_nothing)
{
	FILE *f = capture();
	struct printer p;

	print_init(&p, f, true, false);
	print_open_object(&p, NULL);
	print_uint(&p, "tunnel_id", NULL, 1);
	print_discard(&p);
	print_flush(&p);
	ck_assert_str_eq(finish(f), "");
	free(out);
}
END_TEST

/* Strings from peers: escaped in text, exact in JSON. */
START_TEST(strings_escaped_in_text_exact_in_json)
{
	static const char user[] = "eve\x1b]0;pwned\x07\r\n\\";
	char longer[600];
	struct printer p;
	FILE *f;

	f = capture();
	print_init(&p, f, false, false);
	print_string(&p, "user", "  user: %s\n", user);
	ck_assert_str_eq(finish(f), "  user: eve\\x1b]0;pwned\\x07\\r\\n\\\\\n");
	free(out);
	ck_assert_uint_eq(print_string_width(user), strlen("eve\\x1b]0;pwned\\x07\\r\\n\\\\"));
	ck_assert_uint_eq(print_string_width("carol"), 5);

	/* Longer than the printer's own buffer: still whole, still escaped. */
	memset(longer, '\t', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	f = capture();
	print_init(&p, f, false, false);
	print_string(&p, "user", "%s", longer);
	finish(f);
	ck_assert_uint_eq(strlen(out), 2 * (sizeof(longer) - 1));
	ck_assert_ptr_null(strchr(out, '\t'));
	free(out);

	f = capture();
	print_init(&p, f, true, false);
	print_open_object(&p, NULL);
	print_string(&p, "user", "  user: %s\n", user);
	print_close(&p);
	print_flush(&p);
	ck_assert_str_eq(finish(f),
			 "{\"user\":\"eve\\u001b]0;pwned\\u0007\\r\\n\\\\\"}\n");
	free(out);
}
END_TEST

START_TEST(stats_text_and_json)
{
	struct l2tpctl_stats st = { .count = L2TPGW_STAT_MAX + 1 };
	struct printer p;
	FILE *f;

	st.counter[L2TPGW_STAT_RX_PACKETS] = 7;
	st.counter[L2TPGW_STAT_TX_DROPPED] = 1ull << 33;

	f = capture();
	print_init(&p, f, false, false);
	print_stats(&p, &st, "    ");
	finish(f);
	ck_assert_ptr_nonnull(strstr(out, "    rx_packets: 7\n    rx_bytes: 0\n"));
	ck_assert_ptr_nonnull(strstr(out, "    tx_dropped: 8589934592\n"));
	ck_assert_ptr_null(strstr(out, "pad"));
	ck_assert_ptr_null(strstr(out, "unspec"));
	free(out);

	f = capture();
	print_init(&p, f, true, false);
	print_open_object(&p, NULL);
	print_stats(&p, &st, NULL);
	print_close(&p);
	print_flush(&p);
	finish(f);
	ck_assert_ptr_nonnull(strstr(out, "{\"stats\":{\"rx_packets\":7,\"rx_bytes\":0,"));
	ck_assert_ptr_nonnull(strstr(out, "\"tx_dropped\":8589934592,\"rx_unprotected\":0,\"rx_wrong_sa\":0,\"tx_no_sa\":0,\"rx_reorder_nomem\":0,\"limit_refused\":0,\"tcp_mss_clamped\":0,\"tx_gso_packets\":0,\"tx_gso_segs\":0,\"rx_gro_packets\":0,\"rx_gro_segs\":0}}\n"));
	free(out);
}
END_TEST

static Suite *print_suite(void)
{
	Suite *s = suite_create("l2tpctl_print");
	TCase *tc = tcase_create("print");

	tcase_add_test(tc, text_output);
	tcase_add_test(tc, json_output);
	tcase_add_test(tc, pretty_json_output);
	tcase_add_test(tc, empty_list_is_empty_array);
	tcase_add_test(tc, one_document_per_event_line);
	tcase_add_test(tc, discard_prints_nothing);
	tcase_add_test(tc, strings_escaped_in_text_exact_in_json);
	tcase_add_test(tc, stats_text_and_json);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(print_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
