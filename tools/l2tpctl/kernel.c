// SPDX-License-Identifier: GPL-2.0-or-later
/* "l2tpctl kernel ...": the module's objects, without the daemon. */
#include "cli.h"

const struct cmd kernel_cmds[] = {
	{ "socket",   cmd_kernel_socket,   "add|del|list ..." },
	{ "tunnel",   cmd_kernel_tunnel,   "add|del|modify|show|list ..." },
	{ "session",  cmd_kernel_session,  "add|del|modify|show|list ..." },
	{ "ppp-send", cmd_kernel_ppp_send, "tunnel TID id SID HEXBYTES" },
	{ "stats",    cmd_kernel_stats,    "" },
	{ "monitor",  cmd_kernel_monitor,  "" },
	{ "batch",    cmd_kernel_batch,    "(commands on standard input)" },
	{ NULL, NULL, NULL },
};
