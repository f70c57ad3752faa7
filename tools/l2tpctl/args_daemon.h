/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Argument parsing of l2tpctl's operator commands (those served by
 * l2tpgwd): pure functions from argv to structures, as in args.h.
 */
#ifndef L2TPCTL_ARGS_DAEMON_H
#define L2TPCTL_ARGS_DAEMON_H

#include <stddef.h>
#include <stdint.h>

#include "args.h"
#include "l2tpctl.h"

/* "ID": one tunnel id, 1..65535.  cmd names the command in messages. */
int args_tunnel_pos(const char *cmd, int argc, char **argv, uint16_t *id,
		    struct cli_error *e);
/* "[tunnel ID]": *tunnel_id 0 when not given. */
int args_session_filter(int argc, char **argv, uint16_t *tunnel_id,
			struct cli_error *e);
/*
 * Exactly one of "tunnel T id S", "user NAME", "address ADDR",
 * "interface IFNAME".
 */
int args_session_selector(const char *cmd, int argc, char **argv,
			  struct l2tpctl_daemon_selector *sel,
			  struct cli_error *e);
/* "NAME": a LAC name of 1..L2TPCTL_NAME_MAX-1 printable bytes. */
int args_lac_name(const char *cmd, int argc, char **argv,
		  char name[L2TPCTL_NAME_MAX], struct cli_error *e);

#endif /* L2TPCTL_ARGS_DAEMON_H */
