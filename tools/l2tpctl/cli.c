// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every l2tpctl command shares: error reporting ("l2tpctl: " and the
 * message on the error stream, the exit code returned) and dispatch of a
 * subcommand by its exact name.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_fail(struct cli *cli, int code, const char *fmt, ...)
{
	va_list ap;

	print_discard(&cli->p);
	fputs("l2tpctl: ", cli->err);
	va_start(ap, fmt);
	vfprintf(cli->err, fmt, ap);
	va_end(ap);
	fputc('\n', cli->err);
	return code;
}

int cli_report(struct cli *cli, const struct cli_error *e)
{
	return cli_fail(cli, e->code, "%s", e->msg);
}

int cli_lib_fail(struct cli *cli)
{
	return cli_fail(cli, EXIT_FAILED, "%s", l2tpctl_errmsg(cli->h));
}

int cli_kernel(struct cli *cli)
{
	if (l2tpctl_kernel_connect(cli->h) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

void list_table(FILE *out, const struct cmd *table, const char *prefix)
{
	const struct cmd *c;

	for (c = table; c->name; c++)
		fprintf(out, "  l2tpctl %s%s%s%s%s\n", prefix, prefix[0] ? " " : "",
			c->name, c->help[0] ? " " : "", c->help);
}

int cmd_dispatch(struct cli *cli, const struct cmd *table, const char *prefix,
		 int argc, char **argv)
{
	const struct cmd *c;

	if (argc == 0 || strcmp(argv[0], "help") == 0) {
		FILE *out = argc == 0 ? cli->err : stdout;

		fprintf(out, "Usage:\n");
		list_table(out, table, prefix);
		return argc == 0 ? EXIT_USAGE : EXIT_OK;
	}
	for (c = table; c->name; c++)
		if (strcmp(c->name, argv[0]) == 0)
			return c->fn(cli, argc - 1, argv + 1);
	return cli_fail(cli, EXIT_USAGE,
			"unknown command \"%s\" for \"%s\" (try \"l2tpctl %s help\")",
			argv[0], prefix, prefix);
}
