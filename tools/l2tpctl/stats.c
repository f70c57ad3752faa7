// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl stats: l2tpgwd's counters, or the module's when the daemon is
 * not running.
 */
#include <stdio.h>

#include "operator.h"

static int print_stat(const char *name, uint64_t value, void *arg)
{
	char fmt[64];

	snprintf(fmt, sizeof(fmt), "%-28s %%llu\n", name);
	print_uint(arg, name, fmt, value);
	return 0;
}

int cmd_stats(struct cli *cli, int argc, char **argv)
{
	struct cli_error e;
	bool kernel;

	if (args_none("stats", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_daemon_or_kernel(cli, &kernel))
		return EXIT_FAILED;
	if (kernel)
		return cmd_kernel_stats(cli, 0, argv);
	/* A flat object, as "kernel stats": jq .tunnels_established */
	print_open_object(&cli->p, NULL);
	if (l2tpctl_daemon_stats(cli->h, print_stat, &cli->p) < 0)
		return cli_lib_fail(cli);
	print_close(&cli->p);
	print_flush(&cli->p);
	return EXIT_OK;
}
