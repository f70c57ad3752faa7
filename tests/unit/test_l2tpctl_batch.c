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

/* Each input, the code it ends with, and what the error stream says. */
static const struct {
	const char *input;
	int code;
	const char *err[2];
} cases[] = {
	{ "# setup\n\n   \n\t# indented comment\n", EXIT_OK, { NULL } },
	{ "# first\n\nbogus thing\nstats\n", EXIT_USAGE,
	  { "unknown command \"bogus\" for \"kernel\"",
	    "kernel batch: stopped at line 3" } },
	{ "tunnel add id 0 peer-id 1 socket 1 peer 10.0.0.1\n", EXIT_FAILED,
	  { "tunnel id", "stopped at line 1" } },
	{ "\nbatch\n", EXIT_USAGE,
	  { "line 2: a batch cannot hold a batch" } },
	{ "w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w "
	  "w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w w\n",
	  EXIT_USAGE, { "line 1 has more than 64 words" } },
};

START_TEST(batch_input)
{
	struct run r = batch(cases[_i].input, 0, NULL);
	size_t k;

	ck_assert_int_eq(r.code, cases[_i].code);
	if (cases[_i].code == EXIT_OK)
		ck_assert_str_eq(r.err, "");
	for (k = 0; k < 2 && cases[_i].err[k]; k++)
		ck_assert_msg(strstr(r.err, cases[_i].err[k]), "%s", r.err);
	ck_assert_str_eq(r.out, "");
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

int main(void)
{
	Suite *s = suite_create("l2tpctl_batch");
	TCase *tc = tcase_create("batch");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, batch_input, 0,
			    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, arguments_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
