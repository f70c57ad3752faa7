/* SPDX-License-Identifier: GPL-2.0-or-later */
/* l2tpctl: what every subcommand file shares. */
#ifndef L2TPCTL_CLI_H
#define L2TPCTL_CLI_H

#include <stdio.h>

#include "args.h"
#include "print.h"
#include "l2tpctl.h"

struct cli {
	struct printer p;
	struct l2tpctl *h;	/* opened at start, connected on first use */
	FILE *err;
	const char *socket_path;	/* -s; NULL: the daemon's default */
};

struct cmd {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *help;	/* its arguments, for usage text */
};

/* Print "  l2tpctl PREFIX NAME HELP" for each entry of table. */
void list_table(FILE *out, const struct cmd *table, const char *prefix);

/*
 * Run the entry of table named argv[0] with the remaining arguments.
 * "help" (or nothing) lists the table.  prefix names the level, e.g.
 * "kernel tunnel".  Returns an exit code.
 */
int cmd_dispatch(struct cli *cli, const struct cmd *table, const char *prefix,
		 int argc, char **argv);

/* Print "l2tpctl: msg" and return code. */
__attribute__((format(printf, 3, 4)))
int cli_fail(struct cli *cli, int code, const char *fmt, ...);
/* Print e's message and return its code. */
int cli_report(struct cli *cli, const struct cli_error *e);
/* Print the library's message for the failed call; returns EXIT_FAILED. */
int cli_lib_fail(struct cli *cli);
/* Connect to the kernel; prints why not.  0 or EXIT_FAILED. */
int cli_kernel(struct cli *cli);

/* Shared printers (print_objects.c). */
void print_addr(struct printer *p, const char *key, const char *fmt,
		const struct l2tpctl_addr *a);
/* Counters as "stats": {...}; text: one "indent name: value" per line,
 * or nothing when indent is NULL (JSON-only, as in lists). */
void print_stats(struct printer *p, const struct l2tpctl_stats *st,
		 const char *indent);
/* Width for an address column holding a. */
int addr_width(const struct l2tpctl_addr *a);

extern const struct cmd kernel_cmds[];
int cmd_kernel_socket(struct cli *cli, int argc, char **argv);
int cmd_kernel_tunnel(struct cli *cli, int argc, char **argv);
int cmd_kernel_session(struct cli *cli, int argc, char **argv);
int cmd_kernel_ppp_send(struct cli *cli, int argc, char **argv);
int cmd_kernel_stats(struct cli *cli, int argc, char **argv);
int cmd_kernel_monitor(struct cli *cli, int argc, char **argv);
int cmd_kernel_batch(struct cli *cli, int argc, char **argv);

#endif /* L2TPCTL_CLI_H */
