// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl kernel stats: the namespace's counters. */
#include "cli.h"

int cmd_kernel_stats(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_stats st;
	struct cli_error e;
	char fmt[64];
	unsigned int i;

	if (args_none("kernel stats", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_stats_get(cli->h, &st) < 0)
		return cli_lib_fail(cli);
	/* A flat object of counters: jq .rx_bad_header */
	print_open_object(&cli->p, NULL);
	for (i = 0; i < st.count && i < L2TPCTL_STATS_CAPACITY; i++) {
		const char *name = l2tpctl_stat_name(i);

		if (!name)
			continue;
		snprintf(fmt, sizeof(fmt), "%-20s %%llu\n", name);
		print_uint(&cli->p, name, fmt, st.counter[i]);
	}
	print_close(&cli->p);
	print_flush(&cli->p);
	return EXIT_OK;
}
