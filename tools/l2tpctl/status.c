// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl status: is l2tpgwd up, since when, and how loaded. */
#include "operator.h"

int cmd_status(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_daemon_status st;
	struct printer *p = &cli->p;
	struct cli_error e;
	char up[32];

	if (args_none("status", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	if (l2tpctl_daemon_status(cli->h, &st) < 0)
		return cli_lib_fail(cli);
	print_open_object(p, NULL);
	print_string(p, "version", "l2tpgwd %s", st.version);
	print_uint(p, "protocol_version", " (control protocol %llu)\n",
		   st.protocol_version);
	age_text(st.started_at, up, sizeof(up));
	print_text(p, "  up: %s\n", up);
	print_uint(p, "started_at", NULL, (uint64_t)st.started_at);
	print_uint(p, "uptime", NULL, st.uptime);
	print_uint(p, "tunnels", "  tunnels: %llu", st.tunnels);
	if (st.has & L2TPCTL_DAEMON_STATUS_HAS_TUNNEL_STATES) {
		print_uint(p, "tunnels_established", " (%llu established",
			   st.tunnels_established);
		print_uint(p, "tunnels_negotiating", ", %llu negotiating",
			   st.tunnels_negotiating);
		print_uint(p, "tunnels_closing", ", %llu closing)",
			   st.tunnels_closing);
	}
	print_text(p, "\n");
	print_uint(p, "sessions", "  sessions: %llu\n", st.sessions);
	if (st.has & L2TPCTL_DAEMON_STATUS_HAS_TUNNEL_STATES)
		print_string(p, "dataplane", "  data plane: %s\n",
			     st.dataplane);
	if (st.has & L2TPCTL_DAEMON_STATUS_HAS_MEMORY) {
		print_uint(p, "memory_bytes", "  memory: %llu bytes",
			   st.memory_bytes);
		print_uint(p, "memory_per_session", " (%llu per session)\n",
			   st.memory_per_session);
	} else {
		print_null(p, "memory_bytes", NULL);
		print_null(p, "memory_per_session", NULL);
	}
	print_close(p);
	print_flush(p);
	return EXIT_OK;
}
