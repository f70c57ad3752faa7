// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl lac connect|disconnect NAME: the configured outgoing tunnels. */
#include "operator.h"

static int lac_run(struct cli *cli, int argc, char **argv, const char *cmd,
		   int (*call)(struct l2tpctl *h, const char *name))
{
	char name[L2TPCTL_NAME_MAX];
	struct cli_error e;

	if (args_lac_name(cmd, argc, argv, name, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	if (call(cli->h, name) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int lac_connect(struct cli *cli, int argc, char **argv)
{
	return lac_run(cli, argc, argv, "lac connect",
		       l2tpctl_daemon_lac_connect);
}

static int lac_disconnect(struct cli *cli, int argc, char **argv)
{
	return lac_run(cli, argc, argv, "lac disconnect",
		       l2tpctl_daemon_lac_disconnect);
}

static const struct cmd lac_cmds[] = {
	{ "connect", lac_connect, "NAME" },
	{ "disconnect", lac_disconnect, "NAME" },
	{ NULL, NULL, NULL },
};

int cmd_lac(struct cli *cli, int argc, char **argv)
{
	return cmd_dispatch(cli, lac_cmds, "lac", argc, argv);
}
