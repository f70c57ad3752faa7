// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl kernel socket add|del|modify|show|list */
#include <stdlib.h>

#include "cli.h"
#include "collect.h"

/* The fields a list and "add" give only in JSON. */
static void print_sock_fields_json(struct printer *p,
				   const struct l2tpctl_sock *s)
{
	print_bool(p, "owned", NULL, s->owned);
	if (s->has & L2TPCTL_SOCK_HAS_FLAGS)
		print_bool(p, "ipsec", NULL, s->flags & L2TPGW_SOCK_F_IPSEC);
	if (s->has & L2TPCTL_SOCK_HAS_STATS)
		print_stats(p, &s->stats, NULL);
}

static void print_sock_fields(struct printer *p, const struct l2tpctl_sock *s)
{
	if (s->has & L2TPCTL_SOCK_HAS_LOCAL) {
		print_addr(p, "local", NULL, &s->local);
		print_uint(p, "local_port", NULL, s->local_port);
	}
	print_sock_fields_json(p, s);
}

static int socket_add(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_addr local;
	struct l2tpctl_sock s;
	struct cli_error e;
	uint16_t port = 0;

	if (args_socket_add(argc, argv, &local, &port, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_sock_create(cli->h, &local, port, &s) < 0)
		return cli_lib_fail(cli);
	/* Text: the id alone, for SID=$(l2tpctl kernel socket add ...). */
	print_open_object(&cli->p, NULL);
	print_uint(&cli->p, "sock_id", "%llu\n", s.sock_id);
	print_sock_fields(&cli->p, &s);
	print_close(&cli->p);
	print_flush(&cli->p);
	return EXIT_OK;
}

static int socket_del(struct cli *cli, int argc, char **argv)
{
	struct cli_error e;
	uint32_t id;

	if (args_socket_id("kernel socket del", argc, argv, &id, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_sock_detach(cli->h, id) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int socket_modify(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_sock cur;
	struct flagset flags;
	struct cli_error e;
	uint32_t id;

	if (args_socket_modify(argc, argv, &id, &flags, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	/* The module replaces flags as a whole: change only the named ones. */
	if (l2tpctl_kernel_sock_get(cli->h, id, &cur) < 0 ||
	    l2tpctl_kernel_sock_set_flags(cli->h, id,
					  flagset_apply(cur.flags, &flags)) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int socket_show(struct cli *cli, int argc, char **argv)
{
	struct printer *p = &cli->p;
	struct l2tpctl_sock s;
	struct cli_error e;
	uint32_t id;

	if (args_socket_id("kernel socket show", argc, argv, &id, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_sock_get(cli->h, id, &s) < 0)
		return cli_lib_fail(cli);
	print_open_object(p, NULL);
	print_uint(p, "sock_id", "socket %llu\n", s.sock_id);
	if (s.has & L2TPCTL_SOCK_HAS_LOCAL) {
		print_addr(p, "local", "  local: %s\n", &s.local);
		print_uint(p, "local_port", "  local port: %llu\n",
			   s.local_port);
	}
	print_bool(p, "owned", NULL, s.owned);
	print_text(p, "  owner: %s\n", s.owned ? "module" : "process");
	if (s.has & L2TPCTL_SOCK_HAS_FLAGS)
		print_bool(p, "ipsec", "  ipsec: %s\n",
			   s.flags & L2TPGW_SOCK_F_IPSEC);
	if (s.has & L2TPCTL_SOCK_HAS_STATS) {
		print_text(p, "  statistics:\n");
		print_stats(p, &s.stats, "    ");
	}
	print_close(p);
	print_flush(p);
	return EXIT_OK;
}

static int collect_sock(const struct l2tpctl_sock *s, void *arg)
{
	return collect_push(arg, s);
}

static int by_sock_id(const void *a, const void *b)
{
	const struct l2tpctl_sock *x = a, *y = b;

	return (x->sock_id > y->sock_id) - (x->sock_id < y->sock_id);
}

static void print_sock_row(struct printer *p, const struct l2tpctl_sock *s,
			   const char *addr_fmt)
{
	print_open_object(p, NULL);
	print_uint(p, "sock_id", "%-8llu ", s->sock_id);
	if (s->has & L2TPCTL_SOCK_HAS_LOCAL) {
		print_addr(p, "local", addr_fmt, &s->local);
		print_uint(p, "local_port", "%-6llu ", s->local_port);
	} else {
		print_null(p, "local", addr_fmt);
		print_null(p, "local_port", "%-6s ");
	}
	print_text(p, "%s\n", s->owned ? "module" : "process");
	print_sock_fields_json(p, s);
	print_close(p);
}

static int socket_list(struct cli *cli, int argc, char **argv)
{
	struct collect socks = COLLECT_INIT(struct l2tpctl_sock);
	const struct l2tpctl_sock *s;
	struct cli_error e;
	char addr_fmt[16];
	int width = 5;
	size_t i;

	if (args_none("kernel socket list", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_sock_dump(cli->h, collect_sock, &socks) < 0) {
		collect_free(&socks);
		return cli_lib_fail(cli);
	}
	s = socks.items;
	qsort(socks.items, socks.n, socks.size, by_sock_id);
	for (i = 0; i < socks.n; i++)
		if ((s[i].has & L2TPCTL_SOCK_HAS_LOCAL) &&
		    addr_width(&s[i].local) > width)
			width = addr_width(&s[i].local);
	snprintf(addr_fmt, sizeof(addr_fmt), "%%-%ds ", width);
	print_text(&cli->p, "%-8s %-*s %-6s %s\n", "SOCKET", width, "LOCAL",
		   "PORT", "OWNER");
	print_open_array(&cli->p, NULL);
	for (i = 0; i < socks.n; i++)
		print_sock_row(&cli->p, &s[i], addr_fmt);
	print_close(&cli->p);
	print_flush(&cli->p);
	collect_free(&socks);
	return EXIT_OK;
}

static const struct cmd socket_cmds[] = {
	{ "add",  socket_add,  "local ADDR port PORT" },
	{ "del",  socket_del,  "id SOCKET" },
	{ "modify", socket_modify, "id SOCKET ipsec on|off" },
	{ "show", socket_show, "id SOCKET" },
	{ "list", socket_list, "" },
	{ NULL, NULL, NULL },
};

int cmd_kernel_socket(struct cli *cli, int argc, char **argv)
{
	return cmd_dispatch(cli, socket_cmds, "kernel socket", argc, argv);
}
