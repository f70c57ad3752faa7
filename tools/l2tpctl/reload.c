// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl reload: have l2tpgwd re-read its configuration (all or nothing). */
#include "operator.h"

int cmd_reload(struct cli *cli, int argc, char **argv)
{
	struct cli_error e;

	if (args_none("reload", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	if (l2tpctl_daemon_reload(cli->h) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}
