// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl kernel stats: the namespace's counters and limits. */
#include "cli.h"

static void print_named(struct printer *p, unsigned int count,
			const char *(*name_of)(unsigned int),
			const uint64_t *value)
{
	char fmt[64];
	unsigned int i;

	for (i = 0; i < count; i++) {
		const char *name = name_of(i);

		if (!name)
			continue;
		snprintf(fmt, sizeof(fmt), "%-20s %%llu\n", name);
		print_uint(p, name, fmt, value[i]);
	}
}

int cmd_kernel_stats(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_limits lim;
	struct l2tpctl_stats st;
	struct cli_error e;

	if (args_none("kernel stats", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_stats_get(cli->h, &st) < 0 ||
	    l2tpctl_kernel_limits_get(cli->h, &lim) < 0)
		return cli_lib_fail(cli);
	/* A flat object of counters, then limits: jq .rx_bad_header */
	print_open_object(&cli->p, NULL);
	print_named(&cli->p, st.count < L2TPCTL_STATS_CAPACITY ?
			     st.count : L2TPCTL_STATS_CAPACITY,
		    l2tpctl_stat_name, st.counter);
	print_named(&cli->p, lim.count < L2TPCTL_LIMITS_CAPACITY ?
			     lim.count : L2TPCTL_LIMITS_CAPACITY,
		    l2tpctl_limit_name, lim.value);
	print_close(&cli->p);
	print_flush(&cli->p);
	return EXIT_OK;
}
