// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl tunnel list|show|delete: tunnels as l2tpgwd runs them. */
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "operator.h"

static void print_tunnel_fields(struct printer *p,
				const struct l2tpctl_daemon_tunnel *t)
{
	char age[32];

	print_uint(p, "tunnel_id", "tunnel %llu\n", t->tunnel_id);
	print_uint(p, "peer_tunnel_id", "  peer tunnel id: %llu\n",
		   t->peer_tunnel_id);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_PEER)
		print_addr(p, "peer", "  peer: %s", &t->peer);
	else
		print_null(p, "peer", "  peer: %s");
	print_uint(p, "peer_port", " port %llu\n", t->peer_port);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_LOCAL)
		print_addr(p, "local", "  local: %s\n", &t->local);
	else
		print_null(p, "local", "  local: %s\n");
	print_string(p, "state", "  state: %s\n", t->state);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_PEER_HOST)
		print_string(p, "peer_host", "  peer host name: %s\n",
			     t->peer_host);
	else
		print_null(p, "peer_host", "  peer host name: %s\n");
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_LAC)
		print_string(p, "lac", "  lac: %s\n", t->lac);
	else
		print_null(p, "lac", NULL);
	print_uint(p, "sessions", "  sessions: %llu\n", t->sessions);
	age_text(t->created_at, age, sizeof(age));
	print_text(p, "  up: %s\n", age);
	print_uint(p, "created_at", NULL, (uint64_t)t->created_at);
}

static int tunnel_show(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_daemon_tunnel t;
	struct cli_error e;
	uint16_t id;

	if (args_tunnel_pos("tunnel show", argc, argv, &id, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	if (l2tpctl_daemon_tunnel_show(cli->h, id, &t) < 0)
		return cli_lib_fail(cli);
	print_open_object(&cli->p, NULL);
	print_tunnel_fields(&cli->p, &t);
	if (t.has & L2TPCTL_DAEMON_TUNNEL_HAS_STATS)
		print_text(&cli->p, "  statistics:\n");
	print_daemon_counters(&cli->p, &t.stats,
			      t.has & L2TPCTL_DAEMON_TUNNEL_HAS_STATS, "    ");
	print_close(&cli->p);
	print_flush(&cli->p);
	return EXIT_OK;
}

static int tunnel_delete(struct cli *cli, int argc, char **argv)
{
	struct cli_error e;
	uint16_t id;

	if (args_tunnel_pos("tunnel delete", argc, argv, &id, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	if (l2tpctl_daemon_tunnel_delete(cli->h, id) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int collect_tunnel(const struct l2tpctl_daemon_tunnel *t, void *arg)
{
	return collect_push(arg, t);
}

static int by_tunnel_id(const void *a, const void *b)
{
	const struct l2tpctl_daemon_tunnel *x = a, *y = b;

	return (int)x->tunnel_id - (int)y->tunnel_id;
}

static void print_tunnel_row(struct printer *p,
			     const struct l2tpctl_daemon_tunnel *t,
			     const char *peer_fmt)
{
	char age[32];

	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "%-6llu ", t->tunnel_id);
	print_uint(p, "peer_tunnel_id", "%-7llu ", t->peer_tunnel_id);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_PEER)
		print_addr(p, "peer", peer_fmt, &t->peer);
	else
		print_null(p, "peer", peer_fmt);
	print_uint(p, "peer_port", "%-5llu ", t->peer_port);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_LOCAL)
		print_addr(p, "local", NULL, &t->local);
	else
		print_null(p, "local", NULL);
	print_string(p, "state", "%-14s ", t->state);
	print_uint(p, "sessions", "%-8llu ", t->sessions);
	age_text(t->created_at, age, sizeof(age));
	print_text(p, "%-8s ", age);
	print_uint(p, "created_at", NULL, (uint64_t)t->created_at);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_PEER_HOST)
		print_string(p, "peer_host", "%s", t->peer_host);
	else
		print_null(p, "peer_host", "%s");
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_LAC)
		print_string(p, "lac", " (lac %s)", t->lac);
	else
		print_null(p, "lac", NULL);
	print_text(p, "\n");
	print_daemon_counters(p, &t->stats,
			      t->has & L2TPCTL_DAEMON_TUNNEL_HAS_STATS, NULL);
	print_close(p);
}

static int tunnel_list(struct cli *cli, int argc, char **argv)
{
	struct collect tunnels = COLLECT_INIT(struct l2tpctl_daemon_tunnel);
	const struct l2tpctl_daemon_tunnel *t;
	char peer_fmt[16];
	struct cli_error e;
	int peer_w = 4;
	bool kernel;
	size_t i;

	if (args_none("tunnel list", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_daemon_or_kernel(cli, &kernel))
		return EXIT_FAILED;
	if (kernel)
		return cmd_kernel_tunnel(cli, 1, (char *[]){ "list", NULL });
	if (l2tpctl_daemon_tunnel_list(cli->h, collect_tunnel, &tunnels) < 0) {
		collect_free(&tunnels);
		return cli_lib_fail(cli);
	}
	qsort(tunnels.items, tunnels.n, tunnels.size, by_tunnel_id);
	t = tunnels.items;
	for (i = 0; i < tunnels.n; i++)
		if ((t[i].has & L2TPCTL_DAEMON_TUNNEL_HAS_PEER) &&
		    addr_width(&t[i].peer) > peer_w)
			peer_w = addr_width(&t[i].peer);
	snprintf(peer_fmt, sizeof(peer_fmt), "%%-%ds ", peer_w);
	print_text(&cli->p, "%-6s %-7s %-*s %-5s %-14s %-8s %-8s %s\n",
		   "TUNNEL", "PEER-ID", peer_w, "PEER", "PORT", "STATE",
		   "SESSIONS", "UP", "HOST");
	print_open_array(&cli->p, NULL);
	for (i = 0; i < tunnels.n; i++)
		print_tunnel_row(&cli->p, &t[i], peer_fmt);
	print_close(&cli->p);
	print_flush(&cli->p);
	collect_free(&tunnels);
	return EXIT_OK;
}

static const struct cmd tunnel_cmds[] = {
	{ "list", tunnel_list, "" },
	{ "show", tunnel_show, "ID" },
	{ "delete", tunnel_delete, "ID" },
	{ NULL, NULL, NULL },
};

int cmd_tunnel(struct cli *cli, int argc, char **argv)
{
	return cmd_dispatch(cli, tunnel_cmds, "tunnel", argc, argv);
}
