// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl: control and inspect l2tpgw.
 *
 *   l2tpctl [-j] [-p] [-s SOCKET] OBJECT COMMAND [ARGS]
 *
 * Exit codes: 0 success, 1 an invalid value or a failed operation,
 * 2 a usage error (unknown or missing keyword or command).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "operator.h"

static int cmd_kernel(struct cli *cli, int argc, char **argv)
{
	return cmd_dispatch(cli, kernel_cmds, "kernel", argc, argv);
}

static const struct cmd objects[] = {
	{ "tunnel", cmd_tunnel, "list|show|delete ..." },
	{ "session", cmd_session, "list|show|delete ..." },
	{ "lac", cmd_lac, "connect|disconnect NAME" },
	{ "stats", cmd_stats, "" },
	{ "monitor", cmd_monitor, "" },
	{ "reload", cmd_reload, "" },
	{ "status", cmd_status, "" },
	{ "kernel", cmd_kernel,
	  "socket|tunnel|session|ppp-send|stats|monitor|batch ..." },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: l2tpctl [-j] [-p] [-s SOCKET] OBJECT COMMAND [ARGS]\n"
		"  -j, --json     JSON output\n"
		"  -p, --pretty   pretty-printed JSON output (implies -j)\n"
		"  -s, --socket   l2tpgwd's control socket (default "
		L2TPCTL_DAEMON_SOCKET ")\n"
		"  -h, --help     this help\n"
		"  -V, --version  print the version\n"
		"Objects:\n");
	list_table(out, objects, "");
	fprintf(out, "  l2tpctl tunnel help\n  l2tpctl session help\n"
		"  l2tpctl kernel help\n");
}

static int run_object(struct cli *cli, int argc, char **argv)
{
	const struct cmd *c;

	if (argc == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[0], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	for (c = objects; c->name; c++)
		if (strcmp(c->name, argv[0]) == 0)
			return c->fn(cli, argc - 1, argv + 1);
	return cli_fail(cli, EXIT_USAGE,
			"unknown object \"%s\" (try \"l2tpctl help\")", argv[0]);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json",    no_argument, NULL, 'j' },
		{ "pretty",  no_argument, NULL, 'p' },
		{ "socket",  required_argument, NULL, 's' },
		{ "help",    no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, pretty = false;
	struct cli cli = { .err = stderr };
	int c, ret;

	/* "+": options only before the object, so values may start with '-'. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jps:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'p':
			pretty = true;
			break;
		case 's':
			cli.socket_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("l2tpctl %s\n", L2TPGW_VERSION);
			return EXIT_OK;
		default:
			if (optopt == 's')
				fprintf(stderr,
					"l2tpctl: option \"-s\" needs the control socket path\n");
			else if (optopt)
				fprintf(stderr,
					"l2tpctl: unknown option \"-%c\" (try \"l2tpctl -h\")\n",
					optopt);
			else
				fprintf(stderr,
					"l2tpctl: unknown option \"%s\" (try \"l2tpctl -h\")\n",
					argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	print_init(&cli.p, stdout, json, pretty);
	cli.h = l2tpctl_open();
	if (!cli.h) {
		fprintf(stderr, "l2tpctl: out of memory\n");
		return EXIT_FAILED;
	}
	ret = run_object(&cli, argc - optind, argv + optind);
	print_discard(&cli.p);
	l2tpctl_close(cli.h);
	if (fflush(stdout) != 0 && ret == EXIT_OK) {
		fprintf(stderr, "l2tpctl: writing the output failed\n");
		ret = EXIT_FAILED;
	}
	return ret;
}
