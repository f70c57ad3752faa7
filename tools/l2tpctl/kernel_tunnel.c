// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl kernel tunnel add|del|modify|show|list */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "collect.h"

static int tunnel_add(struct cli *cli, int argc, char **argv)
{
	struct tunnel_args a;
	struct cli_error e;

	if (args_tunnel_add(argc, argv, &a, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_tunnel_add(cli->h, &a.t, NULL) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int tunnel_del(struct cli *cli, int argc, char **argv)
{
	struct cli_error e;
	uint16_t id;

	if (args_tunnel_id("kernel tunnel del", argc, argv, &id, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_tunnel_del(cli->h, id) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int tunnel_modify(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_tunnel cur;
	struct tunnel_args a;
	struct cli_error e;

	if (args_tunnel_modify(argc, argv, &a, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	/* The module replaces flags as a whole: change only the named ones. */
	if (a.t.has & L2TPCTL_TUNNEL_HAS_FLAGS) {
		if (l2tpctl_kernel_tunnel_get(cli->h, a.t.tunnel_id, &cur) < 0)
			return cli_lib_fail(cli);
		a.t.flags = flagset_apply(cur.flags, &a.flags);
	}
	if (l2tpctl_kernel_tunnel_modify(cli->h, &a.t) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static void print_tunnel_flags(struct printer *p, uint32_t flags)
{
	print_bool(p, "udp_csum", "  udp-csum: %s\n",
		   flags & L2TPGW_TUNNEL_F_UDP_CSUM);
	print_bool(p, "send_length", "  send-length: %s\n",
		   flags & L2TPGW_TUNNEL_F_SEND_LENGTH);
}

static int tunnel_show(struct cli *cli, int argc, char **argv)
{
	struct printer *p = &cli->p;
	struct l2tpctl_tunnel t;
	struct cli_error e;
	uint16_t id;

	if (args_tunnel_id("kernel tunnel show", argc, argv, &id, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_tunnel_get(cli->h, id, &t) < 0)
		return cli_lib_fail(cli);
	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "tunnel %llu\n", t.tunnel_id);
	if (t.has & L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID)
		print_uint(p, "peer_tunnel_id", "  peer tunnel id: %llu\n",
			   t.peer_tunnel_id);
	if (t.has & L2TPCTL_TUNNEL_HAS_SOCK_ID)
		print_uint(p, "sock_id", "  socket: %llu\n", t.sock_id);
	if (t.has & L2TPCTL_TUNNEL_HAS_PEER)
		print_addr(p, "peer", "  peer: %s\n", &t.peer);
	if (t.has & L2TPCTL_TUNNEL_HAS_PEER_PORT)
		print_uint(p, "peer_port", "  peer port: %llu\n", t.peer_port);
	if (t.has & L2TPCTL_TUNNEL_HAS_LOCAL)
		print_addr(p, "local", "  local: %s\n", &t.local);
	if (t.has & L2TPCTL_TUNNEL_HAS_MARK)
		print_uint(p, "mark", "  mark: 0x%llx\n", t.mark);
	if (t.has & L2TPCTL_TUNNEL_HAS_IPSEC_REQID)
		print_uint(p, "ipsec_reqid", "  ipsec reqid: %llu\n",
			   t.ipsec_reqid);
	if (t.has & L2TPCTL_TUNNEL_HAS_FLAGS)
		print_tunnel_flags(p, t.flags);
	if (t.has & L2TPCTL_TUNNEL_HAS_STATS) {
		print_text(p, "  statistics:\n");
		print_stats(p, &t.stats, "    ");
	}
	print_close(p);
	print_flush(p);
	return EXIT_OK;
}

static int collect_tunnel(const struct l2tpctl_tunnel *t, void *arg)
{
	return collect_push(arg, t);
}

static int by_tunnel_id(const void *a, const void *b)
{
	const struct l2tpctl_tunnel *x = a, *y = b;

	return (int)x->tunnel_id - (int)y->tunnel_id;
}

/* Text: "udp-csum,send-length" or "-". */
static void flags_text(uint32_t flags, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s",
		 flags & L2TPGW_TUNNEL_F_UDP_CSUM ? "udp-csum" : "",
		 (flags & L2TPGW_TUNNEL_F_UDP_CSUM) &&
		 (flags & L2TPGW_TUNNEL_F_SEND_LENGTH) ? "," : "",
		 flags & L2TPGW_TUNNEL_F_SEND_LENGTH ? "send-length" : "");
	if (!buf[0])
		snprintf(buf, size, "-");
}

struct tunnel_cols {
	char peer_fmt[16];
	char local_fmt[16];
};

static void print_tunnel_row(struct printer *p, const struct l2tpctl_tunnel *t,
			     const struct tunnel_cols *cols)
{
	char flags[32];

	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "%-6llu ", t->tunnel_id);
	if (t->has & L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID)
		print_uint(p, "peer_tunnel_id", "%-7llu ", t->peer_tunnel_id);
	else
		print_null(p, "peer_tunnel_id", "%-7s ");
	if (t->has & L2TPCTL_TUNNEL_HAS_SOCK_ID)
		print_uint(p, "sock_id", "%-6llu ", t->sock_id);
	else
		print_null(p, "sock_id", "%-6s ");
	if (t->has & L2TPCTL_TUNNEL_HAS_PEER)
		print_addr(p, "peer", cols->peer_fmt, &t->peer);
	else
		print_null(p, "peer", cols->peer_fmt);
	if (t->has & L2TPCTL_TUNNEL_HAS_PEER_PORT)
		print_uint(p, "peer_port", "%-5llu ", t->peer_port);
	else
		print_null(p, "peer_port", "%-5s ");
	if (t->has & L2TPCTL_TUNNEL_HAS_LOCAL)
		print_addr(p, "local", cols->local_fmt, &t->local);
	else
		print_null(p, "local", cols->local_fmt);
	if (t->has & L2TPCTL_TUNNEL_HAS_MARK)
		print_uint(p, "mark", "0x%-8llx ", t->mark);
	else
		print_null(p, "mark", "%-10s ");
	flags_text(t->flags, flags, sizeof(flags));
	print_text(p, "%s\n", flags);
	print_bool(p, "udp_csum", NULL, t->flags & L2TPGW_TUNNEL_F_UDP_CSUM);
	print_bool(p, "send_length", NULL,
		   t->flags & L2TPGW_TUNNEL_F_SEND_LENGTH);
	if (t->has & L2TPCTL_TUNNEL_HAS_IPSEC_REQID)
		print_uint(p, "ipsec_reqid", NULL, t->ipsec_reqid);
	if (t->has & L2TPCTL_TUNNEL_HAS_STATS)
		print_stats(p, &t->stats, NULL);
	print_close(p);
}

static int tunnel_list(struct cli *cli, int argc, char **argv)
{
	struct collect tunnels = COLLECT_INIT(struct l2tpctl_tunnel);
	const struct l2tpctl_tunnel *t;
	struct tunnel_cols cols;
	int peer_w = 4, local_w = 5;
	struct cli_error e;
	size_t i;

	if (args_none("kernel tunnel list", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_tunnel_dump(cli->h, collect_tunnel, &tunnels) < 0) {
		collect_free(&tunnels);
		return cli_lib_fail(cli);
	}
	qsort(tunnels.items, tunnels.n, tunnels.size, by_tunnel_id);
	t = tunnels.items;
	for (i = 0; i < tunnels.n; i++) {
		if ((t[i].has & L2TPCTL_TUNNEL_HAS_PEER) &&
		    addr_width(&t[i].peer) > peer_w)
			peer_w = addr_width(&t[i].peer);
		if ((t[i].has & L2TPCTL_TUNNEL_HAS_LOCAL) &&
		    addr_width(&t[i].local) > local_w)
			local_w = addr_width(&t[i].local);
	}
	snprintf(cols.peer_fmt, sizeof(cols.peer_fmt), "%%-%ds ", peer_w);
	snprintf(cols.local_fmt, sizeof(cols.local_fmt), "%%-%ds ", local_w);
	print_text(&cli->p, "%-6s %-7s %-6s %-*s %-5s %-*s %-10s %s\n",
		   "TUNNEL", "PEER-ID", "SOCKET", peer_w, "PEER", "PORT",
		   local_w, "LOCAL", "MARK", "FLAGS");
	print_open_array(&cli->p, NULL);
	for (i = 0; i < tunnels.n; i++)
		print_tunnel_row(&cli->p, &t[i], &cols);
	print_close(&cli->p);
	print_flush(&cli->p);
	collect_free(&tunnels);
	return EXIT_OK;
}

static const struct cmd tunnel_cmds[] = {
	{ "add", tunnel_add,
	  "id TID peer-id PTID socket SID peer ADDR [peer-port PORT] [local ADDR] [mark MARK] [reqid REQID] [udp-csum on|off] [send-length on|off]" },
	{ "del", tunnel_del, "id TID" },
	{ "modify", tunnel_modify,
	  "id TID [peer-id PTID] [peer ADDR] [peer-port PORT] [mark MARK] [reqid REQID] [udp-csum on|off] [send-length on|off]" },
	{ "show", tunnel_show, "id TID" },
	{ "list", tunnel_list, "" },
	{ NULL, NULL, NULL },
};

int cmd_kernel_tunnel(struct cli *cli, int argc, char **argv)
{
	return cmd_dispatch(cli, tunnel_cmds, "kernel tunnel", argc, argv);
}
