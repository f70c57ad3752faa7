// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl kernel session add|del|modify|show|list */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "collect.h"

static const char *seq_name(uint32_t flags)
{
	bool tx = flags & L2TPGW_SESSION_F_SEND_SEQ;
	bool rx = flags & L2TPGW_SESSION_F_RECV_SEQ;

	return tx && rx ? "both" : tx ? "send" : rx ? "recv" : "off";
}

/* Text form of the protocols, as "protocols" accepts it. */
static const char *protocols_name(uint32_t protos)
{
	switch (protos & (L2TPGW_PROTO_IPV4 | L2TPGW_PROTO_IPV6)) {
	case L2TPGW_PROTO_IPV4:
		return "ipv4";
	case L2TPGW_PROTO_IPV6:
		return "ipv6";
	case L2TPGW_PROTO_IPV4 | L2TPGW_PROTO_IPV6:
		return "ipv4,ipv6";
	}
	return "none";
}

static void print_protocols(struct printer *p, const char *fmt,
			    uint32_t protos)
{
	print_text(p, fmt, protocols_name(protos));
	print_open_array(p, "protocols");
	if (protos & L2TPGW_PROTO_IPV4)
		print_string(p, NULL, NULL, "ipv4");
	if (protos & L2TPGW_PROTO_IPV6)
		print_string(p, NULL, NULL, "ipv6");
	print_close(p);
}

/* "auto", "off" or the fixed IPv4 MSS, as a string in JSON too. */
static void print_tcp_mss(struct printer *p, const char *fmt, uint16_t mss)
{
	char buf[8];

	if (mss == L2TPGW_TCP_MSS_AUTO)
		snprintf(buf, sizeof(buf), "auto");
	else if (!mss)
		snprintf(buf, sizeof(buf), "off");
	else
		snprintf(buf, sizeof(buf), "%u", mss);
	print_string(p, "tcp_mss", fmt, buf);
}

static int session_add(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_session s;
	struct session_args a;
	struct cli_error e;

	if (args_session_add(argc, argv, &a, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_session_add(cli->h, &a.s, &s) < 0)
		return cli_lib_fail(cli);
	/* Text: the device name alone, since "name" may hold a %d. */
	print_open_object(&cli->p, NULL);
	print_uint(&cli->p, "tunnel_id", NULL, s.tunnel_id);
	print_uint(&cli->p, "session_id", NULL, s.session_id);
	if (s.has & L2TPCTL_SESSION_HAS_IFNAME)
		print_string(&cli->p, "ifname", "%s\n", s.ifname);
	if (s.has & L2TPCTL_SESSION_HAS_IFINDEX)
		print_uint(&cli->p, "ifindex", NULL, s.ifindex);
	print_close(&cli->p);
	print_flush(&cli->p);
	return EXIT_OK;
}

static int session_del(struct cli *cli, int argc, char **argv)
{
	uint16_t tid, sid;
	struct cli_error e;

	if (args_session_ref("kernel session del", argc, argv, &tid, &sid, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_session_del(cli->h, tid, sid) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int session_modify(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_session cur;
	struct session_args a;
	struct cli_error e;

	if (args_session_modify(argc, argv, &a, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	/* The module replaces flags as a whole: change only the named ones. */
	if (a.s.has & L2TPCTL_SESSION_HAS_FLAGS) {
		if (l2tpctl_kernel_session_get(cli->h, a.s.tunnel_id,
					       a.s.session_id, &cur) < 0)
			return cli_lib_fail(cli);
		a.s.flags = flagset_apply(cur.flags, &a.flags);
	}
	if (l2tpctl_kernel_session_modify(cli->h, &a.s) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static void print_session_flags(struct printer *p, uint32_t flags,
				bool text)
{
	print_string(p, "seq", text ? "  seq: %s\n" : NULL, seq_name(flags));
	print_bool(p, "lns", text ? "  lns: %s\n" : NULL,
		   flags & L2TPGW_SESSION_F_LNS);
	print_bool(p, "acfc", text ? "  acfc: %s\n" : NULL,
		   flags & L2TPGW_SESSION_F_TX_ACFC);
	print_bool(p, "pfc", text ? "  pfc: %s\n" : NULL,
		   flags & L2TPGW_SESSION_F_TX_PFC);
	print_bool(p, "priority", text ? "  priority: %s\n" : NULL,
		   flags & L2TPGW_SESSION_F_PRIORITY);
}

static int session_show(struct cli *cli, int argc, char **argv)
{
	struct printer *p = &cli->p;
	struct l2tpctl_session s;
	uint16_t tid, sid;
	struct cli_error e;

	if (args_session_ref("kernel session show", argc, argv, &tid, &sid, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_session_get(cli->h, tid, sid, &s) < 0)
		return cli_lib_fail(cli);
	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "tunnel %llu", s.tunnel_id);
	print_uint(p, "session_id", " session %llu\n", s.session_id);
	if (s.has & L2TPCTL_SESSION_HAS_PEER_SESSION_ID)
		print_uint(p, "peer_session_id", "  peer session id: %llu\n",
			   s.peer_session_id);
	if (s.has & L2TPCTL_SESSION_HAS_IFNAME)
		print_string(p, "ifname", "  interface: %s\n", s.ifname);
	if (s.has & L2TPCTL_SESSION_HAS_IFINDEX)
		print_uint(p, "ifindex", "  ifindex: %llu\n", s.ifindex);
	if (s.has & L2TPCTL_SESSION_HAS_MTU)
		print_uint(p, "mtu", "  mtu: %llu\n", s.mtu);
	if (s.has & L2TPCTL_SESSION_HAS_FLAGS)
		print_session_flags(p, s.flags, true);
	if (s.has & L2TPCTL_SESSION_HAS_PROTOCOLS)
		print_protocols(p, "  protocols: %s\n", s.protocols);
	if (s.has & L2TPCTL_SESSION_HAS_REORDER_WINDOW)
		print_uint(p, "reorder_window", "  reorder window: %llu\n",
			   s.reorder_window);
	if (s.has & L2TPCTL_SESSION_HAS_REORDER_TIMEOUT)
		print_uint(p, "reorder_timeout_ms",
			   "  reorder timeout: %llu ms\n", s.reorder_timeout_ms);
	if (s.has & L2TPCTL_SESSION_HAS_TCP_MSS)
		print_tcp_mss(p, "  tcp mss clamp: %s\n", s.tcp_mss);
	if (s.has & L2TPCTL_SESSION_HAS_STATS) {
		print_text(p, "  statistics:\n");
		print_stats(p, &s.stats, "    ");
	}
	print_close(p);
	print_flush(p);
	return EXIT_OK;
}

static int collect_session(const struct l2tpctl_session *s, void *arg)
{
	return collect_push(arg, s);
}

static int by_ids(const void *a, const void *b)
{
	const struct l2tpctl_session *x = a, *y = b;

	if (x->tunnel_id != y->tunnel_id)
		return (int)x->tunnel_id - (int)y->tunnel_id;
	return (int)x->session_id - (int)y->session_id;
}

static void print_session_row(struct printer *p,
			      const struct l2tpctl_session *s)
{
	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "%-6llu ", s->tunnel_id);
	print_uint(p, "session_id", "%-7llu ", s->session_id);
	if (s->has & L2TPCTL_SESSION_HAS_PEER_SESSION_ID)
		print_uint(p, "peer_session_id", "%-7llu ", s->peer_session_id);
	else
		print_null(p, "peer_session_id", "%-7s ");
	if (s->has & L2TPCTL_SESSION_HAS_IFNAME)
		print_string(p, "ifname", "%-15s ", s->ifname);
	else
		print_null(p, "ifname", "%-15s ");
	if (s->has & L2TPCTL_SESSION_HAS_IFINDEX)
		print_uint(p, "ifindex", NULL, s->ifindex);
	if (s->has & L2TPCTL_SESSION_HAS_MTU)
		print_uint(p, "mtu", "%-5llu ", s->mtu);
	else
		print_null(p, "mtu", "%-5s ");
	print_text(p, "%-4s ", s->has & L2TPCTL_SESSION_HAS_FLAGS ?
		   seq_name(s->flags) : "-");
	if (s->has & L2TPCTL_SESSION_HAS_FLAGS)
		print_session_flags(p, s->flags, false);
	if (s->has & L2TPCTL_SESSION_HAS_PROTOCOLS)
		print_protocols(p, "%s", s->protocols);
	else
		print_text(p, "-");
	print_text(p, "\n");
	if (s->has & L2TPCTL_SESSION_HAS_REORDER_WINDOW)
		print_uint(p, "reorder_window", NULL, s->reorder_window);
	if (s->has & L2TPCTL_SESSION_HAS_REORDER_TIMEOUT)
		print_uint(p, "reorder_timeout_ms", NULL, s->reorder_timeout_ms);
	if (s->has & L2TPCTL_SESSION_HAS_TCP_MSS)
		print_tcp_mss(p, NULL, s->tcp_mss);
	if (s->has & L2TPCTL_SESSION_HAS_STATS)
		print_stats(p, &s->stats, NULL);
	print_close(p);
}

static int session_list(struct cli *cli, int argc, char **argv)
{
	struct collect sessions = COLLECT_INIT(struct l2tpctl_session);
	const struct l2tpctl_session *s;
	struct cli_error e;
	uint16_t tid;
	size_t i;

	if (args_session_list(argc, argv, &tid, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_session_dump(cli->h, tid, collect_session,
					&sessions) < 0) {
		collect_free(&sessions);
		return cli_lib_fail(cli);
	}
	qsort(sessions.items, sessions.n, sessions.size, by_ids);
	s = sessions.items;
	print_text(&cli->p, "%-6s %-7s %-7s %-15s %-5s %-4s %s\n", "TUNNEL",
		   "SESSION", "PEER-ID", "IFNAME", "MTU", "SEQ", "PROTOCOLS");
	print_open_array(&cli->p, NULL);
	for (i = 0; i < sessions.n; i++)
		print_session_row(&cli->p, &s[i]);
	print_close(&cli->p);
	print_flush(&cli->p);
	collect_free(&sessions);
	return EXIT_OK;
}

static const struct cmd session_cmds[] = {
	{ "add", session_add,
	  "tunnel TID id SID peer-id PSID [name IFNAME] [mtu N] [seq send|recv|both|off] [lns on|off] [acfc on|off] [pfc on|off] [priority on|off] [protocols ipv4,ipv6|none] [reorder-window N] [reorder-timeout MS] [tcp-mss auto|off|N]" },
	{ "del", session_del, "tunnel TID id SID" },
	{ "modify", session_modify,
	  "tunnel TID id SID [peer-id PSID] [mtu N] [seq ...] [lns on|off] [acfc on|off] [pfc on|off] [priority on|off] [protocols ...] [reorder-window N] [reorder-timeout MS] [tcp-mss auto|off|N]" },
	{ "show", session_show, "tunnel TID id SID" },
	{ "list", session_list, "[tunnel TID]" },
	{ NULL, NULL, NULL },
};

int cmd_kernel_session(struct cli *cli, int argc, char **argv)
{
	return cmd_dispatch(cli, session_cmds, "kernel session", argc, argv);
}
