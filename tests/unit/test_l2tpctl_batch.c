// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "l2tpctl kernel batch": lines are split and dispatched like the command
 * line, comments and blank lines skipped, and the first failing line
 * stops the batch with its code and number.  None of these reach the
 * kernel: they fail (or end) before a command connects.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct run {
	int code;
	char *out;
	char *err;
};

/* Run "l2tpctl kernel batch ARGS" with input on standard input. */
static struct run batch(const char *input, int argc, char **argv)
{
	FILE *saved = stdin, *in;
	struct cli cli = { 0 };
	size_t olen, elen;
	struct run r;
	FILE *out = open_memstream(&r.out, &olen);

	cli.err = open_memstream(&r.err, &elen);
	in = fmemopen((void *)input, strlen(input), "r");
	ck_assert_ptr_nonnull(in);
	stdin = in;
	print_init(&cli.p, out, false, false);
	cli.h = l2tpctl_open();
	r.code = cmd_kernel_batch(&cli, argc, argv);
	print_discard(&cli.p);
	l2tpctl_close(cli.h);
	stdin = saved;
	fclose(in);
	fclose(out);
	fclose(cli.err);
	return r;
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

START_TEST(comments_and_blank_lines_only)
{
	struct run r = batch("# setup\n\n   \n\t# indented comment\n", 0, NULL);

	ck_assert_int_eq(r.code, EXIT_OK);
	ck_assert_str_eq(r.err, "");
	ck_assert_str_eq(r.out, "");
	run_free(&r);
}
END_TEST

START_TEST(unknown_command_names_line)
{
	struct run r = batch("# first\n\nbogus thing\nstats\n", 0, NULL);

	ck_assert_int_eq(r.code, EXIT_USAGE);
	ck_assert_msg(strstr(r.err, "unknown command \"bogus\" for \"kernel\""),
		      "%s", r.err);
	ck_assert_msg(strstr(r.err, "kernel batch: stopped at line 3"), "%s",
		      r.err);
	run_free(&r);
}
END_TEST

START_TEST(bad_value_stops_with_its_code)
{
	struct run r = batch("tunnel add id 0 peer-id 1 socket 1 peer 10.0.0.1\n",
			     0, NULL);

	ck_assert_int_eq(r.code, EXIT_FAILED);
	ck_assert_msg(strstr(r.err, "tunnel id"), "%s", r.err);
	ck_assert_msg(strstr(r.err, "stopped at line 1"), "%s", r.err);
	run_free(&r);
}
END_TEST

START_TEST(no_batch_within_a_batch)
{
	struct run r = batch("\nbatch\n", 0, NULL);

	ck_assert_int_eq(r.code, EXIT_USAGE);
	ck_assert_msg(strstr(r.err, "line 2: a batch cannot hold a batch"),
		      "%s", r.err);
	run_free(&r);
}
END_TEST

START_TEST(arguments_refused)
{
	char *argv[] = { "extra", NULL };
	struct run r = batch("", 1, argv);

	ck_assert_int_eq(r.code, EXIT_USAGE);
	ck_assert_msg(strstr(r.err, "kernel batch: unexpected argument \"extra\""),
		      "%s", r.err);
	run_free(&r);
}
END_TEST

START_TEST(too_many_words)
{
	char line[400] = "";
	struct run r;
	int i;

	for (i = 0; i < 65; i++)
		strcat(line, "w ");
	strcat(line, "\n");
	r = batch(line, 0, NULL);
	ck_assert_int_eq(r.code, EXIT_USAGE);
	ck_assert_msg(strstr(r.err, "line 1 has more than 64 words"), "%s",
		      r.err);
	run_free(&r);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tpctl_batch");
	TCase *tc = tcase_create("batch");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, comments_and_blank_lines_only);
	tcase_add_test(tc, unknown_command_names_line);
	tcase_add_test(tc, bad_value_stops_with_its_code);
	tcase_add_test(tc, no_batch_within_a_batch);
	tcase_add_test(tc, arguments_refused);
	tcase_add_test(tc, too_many_words);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
