/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpctl's operator commands: tunnels, sessions, LACs, counters and
 * events as l2tpgwd knows them, over its control socket.
 */
#ifndef L2TPCTL_OPERATOR_H
#define L2TPCTL_OPERATOR_H

#include <stdbool.h>

#include "args_daemon.h"
#include "cli.h"

/* Connect to l2tpgwd (cli->socket_path); prints why not.  0 or EXIT_FAILED. */
int cli_daemon(struct cli *cli);
/*
 * Connect to l2tpgwd, or, when it is not running, say so on stderr and
 * set *kernel so the caller shows the module's state instead.  0 or
 * EXIT_FAILED (another failure, already printed).
 */
int cli_daemon_or_kernel(struct cli *cli, bool *kernel);

/* Shared printers (operator.c). */
void print_daemon_counters(struct printer *p,
			   const struct l2tpctl_daemon_counters *c,
			   bool has, const char *indent);
/* "3d04h", "12m07s", ...: the time since a Unix time. */
void age_text(int64_t since, char *buf, size_t size);
/* bit/s for people: "2 Mbit/s", "1.5 Mbit/s"; 0 is "unlimited" (session.c). */
const char *rate_text(uint64_t bps, char *buf, size_t len);
/* "10.0.0.1" or "-" when the address is unset. */
void addr_text(const struct l2tpctl_addr *a, char *buf, size_t size);

int cmd_tunnel(struct cli *cli, int argc, char **argv);
int cmd_session(struct cli *cli, int argc, char **argv);
int cmd_lac(struct cli *cli, int argc, char **argv);
int cmd_stats(struct cli *cli, int argc, char **argv);
int cmd_monitor(struct cli *cli, int argc, char **argv);
int cmd_reload(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);

#endif /* L2TPCTL_OPERATOR_H */
