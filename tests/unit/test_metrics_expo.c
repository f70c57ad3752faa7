// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Prometheus text the daemon serves (daemon/metrics/expo.c and the
 * gateway part of collect.c): escaping, histograms, and a golden output
 * of the stats-to-families table.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/collect.h"
#include "metrics/expo.h"

START_TEST(escapes_labels_and_help)
{
	struct expo_buf b = { 0 };
	struct expo_sample s = {
		.label = { { "user", "a\"b\\c\nd" }, { "m", "" } },
		.n_labels = 2, .value = 18446744073709551615ULL,
	};

	expo_family(&b, &(struct expo_family){
		.name = "x_total", .help = "one \\ two\nthree \"q\"",
		.type = EXPO_COUNTER, .samples = &s, .n_samples = 1 });
	ck_assert(!b.err);
	ck_assert_str_eq(b.data,
		"# HELP x_total one \\\\ two\\nthree \"q\"\n"
		"# TYPE x_total counter\n"
		"x_total{user=\"a\\\"b\\\\c\\nd\",m=\"\"} 18446744073709551615\n");
	expo_buf_free(&b);
}
END_TEST

START_TEST(gauge_without_labels)
{
	struct expo_buf b = { 0 };

	expo_family(&b, &(struct expo_family){
		.name = "g", .help = "h", .type = EXPO_GAUGE,
		.samples = &(struct expo_sample){ .value = 0 },
		.n_samples = 1 });
	ck_assert_str_eq(b.data, "# HELP g h\n# TYPE g gauge\ng 0\n");
	expo_buf_free(&b);
}
END_TEST

START_TEST(ms_as_seconds)
{
	static const struct { uint64_t ms; const char *s; } v[] = {
		{ 0, "0" }, { 50, "0.05" }, { 100, "0.1" }, { 250, "0.25" },
		{ 1000, "1" }, { 2500, "2.5" }, { 30000, "30" }, { 1, "0.001" },
		{ 123456, "123.456" },
	};
	char out[32];
	unsigned i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		expo_ms_as_seconds(out, sizeof(out), v[i].ms);
		ck_assert_str_eq(out, v[i].s);
	}
}
END_TEST

START_TEST(histogram_cumulative)
{
	static const uint32_t bounds[] = { 50, 1000, 2500 };
	static const uint64_t bucket[] = { 2, 0, 3, 1 };
	struct expo_buf b = { 0 };

	expo_histogram(&b, &(struct expo_histogram){
		.name = "h_seconds", .help = "x", .bound_ms = bounds,
		.n_bounds = 3, .bucket = bucket, .sum_ms = 40070 });
	ck_assert_str_eq(b.data,
		"# HELP h_seconds x\n"
		"# TYPE h_seconds histogram\n"
		"h_seconds_bucket{le=\"0.05\"} 2\n"
		"h_seconds_bucket{le=\"1\"} 2\n"
		"h_seconds_bucket{le=\"2.5\"} 5\n"
		"h_seconds_bucket{le=\"+Inf\"} 6\n"
		"h_seconds_sum 40.07\n"
		"h_seconds_count 6\n");
	expo_buf_free(&b);
}
END_TEST

START_TEST(buffer_grows)
{
	struct expo_buf b = { 0 };
	struct expo_sample s = { .label = { { "k", "" } }, .n_labels = 1 };
	char big[3000];
	unsigned i;

	memset(big, '"', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s.label[0].value = big;
	for (i = 0; i < 10; i++)
		expo_family(&b, &(struct expo_family){
			.name = "n", .help = "h", .type = EXPO_GAUGE,
			.samples = &s, .n_samples = 1 });
	ck_assert(!b.err);
	/* Every '"' doubled by its backslash, ten times. */
	ck_assert_uint_eq(b.len, 10 * (strlen("# HELP n h\n# TYPE n gauge\n"
					      "n{k=\"\"} 0\n") + 2 * 2999));
	ck_assert_uint_eq(strlen(b.data), b.len);
	expo_buf_free(&b);
}
END_TEST

static void add(struct metrics_stats *st, const char *name, uint64_t v)
{
	snprintf(st->item[st->n].name, sizeof(st->item[0].name), "%s", name);
	st->item[st->n++].value = v;
}

/* The table: renamed, labelled, derived; absent stats give no sample. */
START_TEST(gateway_golden)
{
	static struct metrics_stats st;
	struct expo_buf b = { 0 };

	st.n = 0;
	add(&st, "tunnels", 4);
	add(&st, "tunnels_established", 2);
	add(&st, "tunnels_negotiating", 1);
	add(&st, "tunnels_closing", 1);
	add(&st, "sessions", 5);
	add(&st, "sessions_up", 3);
	add(&st, "calls_negotiating", 1);
	add(&st, "sessions_set_up", 7);
	add(&st, "session_setups_failed", 2);
	add(&st, "sessions_torn_down", 4);
	add(&st, "auth_pap_succeeded", 6);
	add(&st, "auth_pap_failed", 1);
	add(&st, "auth_chap_succeeded", 0);
	add(&st, "auth_chap_failed", 0);
	add(&st, "auth_mschapv2_succeeded", 1);
	add(&st, "auth_mschapv2_failed", 2);
	add(&st, "ctl_bad_header", 9);
	add(&st, "unverified_rx_bytes", 100);
	add(&st, "unverified_tx_bytes", 90);
	add(&st, "not_in_the_table", 1);
	metrics_gateway_families(&st, &b);
	ck_assert(!b.err);
	ck_assert_str_eq(b.data,
"# HELP l2tpgw_tunnels Tunnels the control plane holds, by state\n"
"# TYPE l2tpgw_tunnels gauge\n"
"l2tpgw_tunnels{state=\"established\"} 2\n"
"l2tpgw_tunnels{state=\"negotiating\"} 1\n"
"l2tpgw_tunnels{state=\"closing\"} 1\n"
"# HELP l2tpgw_sessions Sessions with PPP attached: up (a network protocol "
"open) or setup (none open yet, or closing)\n"
"# TYPE l2tpgw_sessions gauge\n"
"l2tpgw_sessions{state=\"up\"} 3\n"
"l2tpgw_sessions{state=\"setup\"} 2\n"
"# HELP l2tpgw_calls_negotiating Incoming calls from ICRQ until an NCP "
"opens (max_negotiating)\n"
"# TYPE l2tpgw_calls_negotiating gauge\n"
"l2tpgw_calls_negotiating 1\n"
"# HELP l2tpgw_session_setups_total Sessions whose first network protocol "
"opened\n"
"# TYPE l2tpgw_session_setups_total counter\n"
"l2tpgw_session_setups_total 7\n"
"# HELP l2tpgw_session_setup_failures_total Sessions that ended before any "
"network protocol opened\n"
"# TYPE l2tpgw_session_setup_failures_total counter\n"
"l2tpgw_session_setup_failures_total 2\n"
"# HELP l2tpgw_session_teardowns_total Sessions that ended after a network "
"protocol had opened\n"
"# TYPE l2tpgw_session_teardowns_total counter\n"
"l2tpgw_session_teardowns_total 4\n"
"# HELP l2tpgw_auth_total PPP authentications of [lns] calls by method and "
"result\n"
"# TYPE l2tpgw_auth_total counter\n"
"l2tpgw_auth_total{method=\"pap\",result=\"success\"} 6\n"
"l2tpgw_auth_total{method=\"pap\",result=\"failure\"} 1\n"
"l2tpgw_auth_total{method=\"chap\",result=\"success\"} 0\n"
"l2tpgw_auth_total{method=\"chap\",result=\"failure\"} 0\n"
"l2tpgw_auth_total{method=\"mschapv2\",result=\"success\"} 1\n"
"l2tpgw_auth_total{method=\"mschapv2\",result=\"failure\"} 2\n"
"# HELP l2tpgw_control_rejected_total Control input refused, dropped or "
"answered less, by class (docs/hostile-networks.md)\n"
"# TYPE l2tpgw_control_rejected_total counter\n"
"l2tpgw_control_rejected_total{class=\"ctl_bad_header\"} 9\n"
"# HELP l2tpgw_unverified_bytes_total Bytes from and to peers not verified "
"yet (no SCCCN)\n"
"# TYPE l2tpgw_unverified_bytes_total counter\n"
"l2tpgw_unverified_bytes_total{direction=\"rx\"} 100\n"
"l2tpgw_unverified_bytes_total{direction=\"tx\"} 90\n");
	expo_buf_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("metrics_expo");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, escapes_labels_and_help);
	tcase_add_test(tc, gauge_without_labels);
	tcase_add_test(tc, ms_as_seconds);
	tcase_add_test(tc, histogram_cumulative);
	tcase_add_test(tc, buffer_grows);
	tcase_add_test(tc, gateway_golden);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
