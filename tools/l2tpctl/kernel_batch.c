// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl kernel batch: "kernel" commands read from standard input, one a
 * line, over one netlink socket (like "ip -batch -"): a script that adds
 * hundreds of objects pays for one process start, not hundreds.  Blank
 * lines and lines starting with '#' are skipped; words are separated by
 * blanks (no quoting).  The first command that fails ends the batch with
 * its exit code, and the message names the line.
 */
#include <string.h>

#include "cli.h"

#define BATCH_LINE_MAX	4096
#define BATCH_WORDS_MAX	64

/* Split line into words in place; -1 when there are too many. */
static int split_words(char *line, char **words)
{
	char *save, *w;
	int n = 0;

	for (w = strtok_r(line, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		if (n == BATCH_WORDS_MAX)
			return -1;
		words[n++] = w;
	}
	return n;
}

int cmd_kernel_batch(struct cli *cli, int argc, char **argv)
{
	char line[BATCH_LINE_MAX], *words[BATCH_WORDS_MAX];
	unsigned long lineno = 0;
	struct cli_error e;
	int n, ret;

	if (args_none("kernel batch", argc, argv, &e))
		return cli_report(cli, &e);
	while (fgets(line, sizeof(line), stdin)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(stdin))
			return cli_fail(cli, EXIT_USAGE,
					"kernel batch: line %lu is longer than %d bytes",
					lineno, BATCH_LINE_MAX - 2);
		n = split_words(line, words);
		if (n < 0)
			return cli_fail(cli, EXIT_USAGE,
					"kernel batch: line %lu has more than %d words",
					lineno, BATCH_WORDS_MAX);
		if (n == 0 || words[0][0] == '#')
			continue;
		if (strcmp(words[0], "batch") == 0)
			return cli_fail(cli, EXIT_USAGE,
					"kernel batch: line %lu: a batch cannot hold a batch",
					lineno);
		ret = cmd_dispatch(cli, kernel_cmds, "kernel", n, words);
		fflush(cli->p.out);
		if (ret != EXIT_OK)
			return cli_fail(cli, ret, "kernel batch: stopped at line %lu",
					lineno);
	}
	return EXIT_OK;
}
