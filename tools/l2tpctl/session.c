// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl session list|show|delete: sessions as l2tpgwd runs them. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"
#include "operator.h"

/* An interface identifier as IPv6 "::a:b:c:d" notation's low half. */
static void ifid_text(const uint8_t ifid[8], char *buf, size_t size)
{
	snprintf(buf, size, "%02x%02x:%02x%02x:%02x%02x:%02x%02x", ifid[0],
		 ifid[1], ifid[2], ifid[3], ifid[4], ifid[5], ifid[6], ifid[7]);
}

static void print_ifid(struct printer *p, const char *key, const char *fmt,
		       bool has, const uint8_t ifid[8])
{
	char buf[24];

	if (!has) {
		print_null(p, key, fmt);
		return;
	}
	ifid_text(ifid, buf, sizeof(buf));
	print_string(p, key, fmt, buf);
}

static void print_opt_string(struct printer *p, const char *key,
			     const char *fmt, bool has, const char *v)
{
	if (has)
		print_string(p, key, fmt, v);
	else
		print_null(p, key, fmt);
}

static void print_opt_addr(struct printer *p, const char *key,
			   const char *fmt, bool has,
			   const struct l2tpctl_addr *a)
{
	if (has)
		print_addr(p, key, fmt, a);
	else
		print_null(p, key, fmt);
}

/* bit/s as "2 Mbit/s", "1.5 Mbit/s", "512 kbit/s"; 0 is "unlimited". */
const char *rate_text(uint64_t bps, char *buf, size_t len)
{
	static const struct {
		uint64_t unit;
		const char *name;
	} units[] = {
		{ 1000000000, "Gbit/s" }, { 1000000, "Mbit/s" },
		{ 1000, "kbit/s" }, { 1, "bit/s" },
	};
	size_t i = 0;

	if (!bps) {
		snprintf(buf, len, "unlimited");
		return buf;
	}
	while (bps < units[i].unit)
		i++;
	if (bps % units[i].unit == 0)
		snprintf(buf, len, "%llu %s",
			 (unsigned long long)(bps / units[i].unit),
			 units[i].name);
	else
		snprintf(buf, len, "%.3g %s", (double)bps / units[i].unit,
			 units[i].name);
	return buf;
}

/* "rate_limit": {"rx_bps", "tx_bps"} or null; text only if limited. */
static void print_rate_limit(struct printer *p,
			     const struct l2tpctl_daemon_session *s)
{
	char rx[32], tx[32];

	if (!(s->has & L2TPCTL_DAEMON_SESSION_HAS_RATE)) {
		print_null(p, "rate_limit", NULL);
		return;
	}
	print_text(p, "  rate-limit: rx %s tx %s\n",
		   rate_text(s->rate_rx_bps, rx, sizeof(rx)),
		   rate_text(s->rate_tx_bps, tx, sizeof(tx)));
	print_open_object(p, "rate_limit");
	print_uint(p, "rx_bps", NULL, s->rate_rx_bps);
	print_uint(p, "tx_bps", NULL, s->rate_tx_bps);
	print_close(p);
}

static int session_show(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_daemon_selector sel;
	struct l2tpctl_daemon_session s;
	struct printer *p = &cli->p;
	struct cli_error e;
	bool v4, v6;
	char age[32];

	if (args_session_selector("session show", argc, argv, &sel, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	if (l2tpctl_daemon_session_show(cli->h, &sel, &s) < 0)
		return cli_lib_fail(cli);
	v4 = s.has & L2TPCTL_DAEMON_SESSION_HAS_IPV4;
	v6 = s.has & L2TPCTL_DAEMON_SESSION_HAS_IPV6;
	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "tunnel %llu", s.tunnel_id);
	print_uint(p, "session_id", " session %llu\n", s.session_id);
	print_uint(p, "peer_tunnel_id", "  peer ids: tunnel %llu",
		   s.peer_tunnel_id);
	print_uint(p, "peer_session_id", " session %llu\n", s.peer_session_id);
	print_string(p, "state", "  state: %s\n", s.state);
	print_opt_string(p, "user", "  user: %s\n",
			 s.has & L2TPCTL_DAEMON_SESSION_HAS_USER, s.user);
	print_opt_string(p, "ifname", "  interface: %s",
			 s.has & L2TPCTL_DAEMON_SESSION_HAS_IFNAME, s.ifname);
	print_uint(p, "ifindex", " (index %llu)\n", s.ifindex);
	print_opt_addr(p, "local_ipv4", "  ipv4: local %s", v4, &s.local_ipv4);
	print_opt_addr(p, "peer_ipv4", " peer %s\n", v4, &s.peer_ipv4);
	print_ifid(p, "local_ifid", "  ipv6 ifid: local %s", v6, s.local_ifid);
	print_ifid(p, "peer_ifid", " peer %s\n", v6, s.peer_ifid);
	age_text(s.created_at, age, sizeof(age));
	print_text(p, "  up: %s\n", age);
	print_uint(p, "created_at", NULL, (uint64_t)s.created_at);
	print_rate_limit(p, &s);
	if (s.has & L2TPCTL_DAEMON_SESSION_HAS_STATS)
		print_text(p, "  statistics:\n");
	print_daemon_counters(p, &s.stats,
			      s.has & L2TPCTL_DAEMON_SESSION_HAS_STATS, "    ");
	print_close(p);
	print_flush(p);
	return EXIT_OK;
}

static int session_delete(struct cli *cli, int argc, char **argv)
{
	struct l2tpctl_daemon_selector sel;
	struct cli_error e;

	if (args_session_selector("session delete", argc, argv, &sel, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	if (l2tpctl_daemon_session_delete(cli->h, &sel) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

static int collect_session(const struct l2tpctl_daemon_session *s, void *arg)
{
	return collect_push(arg, s);
}

static int by_ids(const void *a, const void *b)
{
	const struct l2tpctl_daemon_session *x = a, *y = b;

	if (x->tunnel_id != y->tunnel_id)
		return (int)x->tunnel_id - (int)y->tunnel_id;
	return (int)x->session_id - (int)y->session_id;
}

struct session_cols {
	int user_w;
	char user_fmt[16];
};

static void print_session_row(struct printer *p,
			      const struct l2tpctl_daemon_session *s,
			      const struct session_cols *cols)
{
	bool v4 = s->has & L2TPCTL_DAEMON_SESSION_HAS_IPV4;
	bool v6 = s->has & L2TPCTL_DAEMON_SESSION_HAS_IPV6;
	char age[32];

	print_open_object(p, NULL);
	print_uint(p, "tunnel_id", "%-6llu ", s->tunnel_id);
	print_uint(p, "session_id", "%-7llu ", s->session_id);
	print_uint(p, "peer_tunnel_id", NULL, s->peer_tunnel_id);
	print_uint(p, "peer_session_id", NULL, s->peer_session_id);
	print_string(p, "state", "%-12s ", s->state);
	print_opt_string(p, "user", cols->user_fmt,
			 s->has & L2TPCTL_DAEMON_SESSION_HAS_USER, s->user);
	print_opt_string(p, "ifname", "%-15s ",
			 s->has & L2TPCTL_DAEMON_SESSION_HAS_IFNAME, s->ifname);
	print_uint(p, "ifindex", NULL, s->ifindex);
	print_opt_addr(p, "local_ipv4", NULL, v4, &s->local_ipv4);
	print_opt_addr(p, "peer_ipv4", "%-15s ", v4, &s->peer_ipv4);
	print_ifid(p, "local_ifid", NULL, v6, s->local_ifid);
	print_ifid(p, "peer_ifid", NULL, v6, s->peer_ifid);
	age_text(s->created_at, age, sizeof(age));
	print_text(p, "%-8s ", age);
	print_uint(p, "created_at", NULL, (uint64_t)s->created_at);
	if (s->has & L2TPCTL_DAEMON_SESSION_HAS_STATS) {
		print_text(p, "%-12llu %llu", (unsigned long long)s->stats.rx_bytes,
			   (unsigned long long)s->stats.tx_bytes);
	} else {
		print_text(p, "%-12s -", "-");
	}
	print_text(p, "\n");
	print_daemon_counters(p, &s->stats,
			      s->has & L2TPCTL_DAEMON_SESSION_HAS_STATS, NULL);
	print_close(p);
}

/* The module's sessions instead, with the same filter. */
static int kernel_session_list(struct cli *cli, int argc, char **argv)
{
	char *kargv[4] = { "list", NULL, NULL, NULL };
	int i;

	for (i = 0; i < argc && i < 2; i++)
		kargv[i + 1] = argv[i];
	return cmd_kernel_session(cli, argc + 1, kargv);
}

static int session_list(struct cli *cli, int argc, char **argv)
{
	struct collect sessions = COLLECT_INIT(struct l2tpctl_daemon_session);
	const struct l2tpctl_daemon_session *s;
	struct session_cols cols = { .user_w = 4 };
	struct cli_error e;
	uint16_t tid;
	bool kernel;
	size_t i;

	if (args_session_filter(argc, argv, &tid, &e))
		return cli_report(cli, &e);
	if (cli_daemon_or_kernel(cli, &kernel))
		return EXIT_FAILED;
	if (kernel)
		return kernel_session_list(cli, argc, argv);
	if (l2tpctl_daemon_session_list(cli->h, tid, collect_session,
					&sessions) < 0) {
		collect_free(&sessions);
		return cli_lib_fail(cli);
	}
	qsort(sessions.items, sessions.n, sessions.size, by_ids);
	s = sessions.items;
	for (i = 0; i < sessions.n; i++)
		if (print_string_width(s[i].user) > (size_t)cols.user_w)
			cols.user_w = (int)print_string_width(s[i].user);
	if (cols.user_w > 32)
		cols.user_w = 32;
	snprintf(cols.user_fmt, sizeof(cols.user_fmt), "%%-%ds ", cols.user_w);
	print_text(&cli->p, "%-6s %-7s %-12s %-*s %-15s %-15s %-8s %-12s %s\n",
		   "TUNNEL", "SESSION", "STATE", cols.user_w, "USER",
		   "INTERFACE", "PEER-IPV4", "UP", "RX-BYTES", "TX-BYTES");
	print_open_array(&cli->p, NULL);
	for (i = 0; i < sessions.n; i++)
		print_session_row(&cli->p, &s[i], &cols);
	print_close(&cli->p);
	print_flush(&cli->p);
	collect_free(&sessions);
	return EXIT_OK;
}

static const struct cmd session_cmds[] = {
	{ "list", session_list, "[tunnel ID]" },
	{ "show", session_show,
	  "tunnel ID id ID | user NAME | address ADDR | interface IFNAME" },
	{ "delete", session_delete,
	  "tunnel ID id ID | user NAME | address ADDR | interface IFNAME" },
	{ NULL, NULL, NULL },
};

int cmd_session(struct cli *cli, int argc, char **argv)
{
	return cmd_dispatch(cli, session_cmds, "session", argc, argv);
}
