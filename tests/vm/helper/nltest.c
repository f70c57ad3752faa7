// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgw-nltest: the l2tpgw generic netlink family as the VM scenarios
 * need it, beyond what "l2tpctl kernel" offers an operator.
 *
 *   l2tpgw-nltest sock-add --addr A --port P [--flags F]   prints the id
 *   l2tpgw-nltest sock-modify ID --flags F
 *   l2tpgw-nltest sock-del ID
 *   l2tpgw-nltest sock-get ID | tunnel-get T    "name value" per attribute
 *   l2tpgw-nltest tunnel-add --sock ID --id T --peer-id T --peer A
 *                            --peer-port P [--local A] [--mark M]
 *                            [--flags F] [--reqid R]
 *   l2tpgw-nltest tunnel-modify --id T [the same but --sock and --local]
 *   l2tpgw-nltest tunnel-del T
 *   l2tpgw-nltest session-add --tunnel T --id S --peer-id S [--ifname N]
 *                  [--mtu M] [--flags F] [--protocols F] [--window N]
 *                  [--timeout MS]                     prints the ifname
 *   l2tpgw-nltest session-modify --tunnel T --id S [the same]
 *   l2tpgw-nltest session-del T S
 *   l2tpgw-nltest ppp-send T S HEX         one PPP frame, protocol first
 *   l2tpgw-nltest stats (net | sock ID | tunnel T | session T S)
 *                                          "name value" per counter
 *   l2tpgw-nltest counters OBJ...          "OBJ name value" for each OBJ
 *                  of net, sock:ID, tunnel:T, session:T:S
 *   l2tpgw-nltest count (socks | tunnels | sessions [T])  objects dumped
 *   l2tpgw-nltest monitor N                "listening", then N events
 *   l2tpgw-nltest raw-error CMD attr=value...
 *        expect failure; print "errno N: text" with the kernel's extack.
 *        Values are numbers, addresses, flags, or hex:BYTES for any attr.
 *   l2tpgw-nltest batch                    one command per line of stdin,
 *        one netlink socket (process starts are slow under TCG); stops at
 *        the first error
 *   sock-hold, ppp-peer, udp-send: nltest_peer.c
 *   bulk-add, dump-check: nltest_bulk.c
 *
 * Flags are numbers or names joined by '+': udp_csum, send_length
 * (tunnel); send_seq, recv_seq, lns, tx_acfc, tx_pfc, priority
 * (session); ipv4, ipv6 (protocols); ipsec (socket).  Exits 1 with the
 * kernel's extack message on any error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>

#include "nltest.h"

#define BATCH_LINE	4096
#define BATCH_ARGS	64

const char *nlt_opt(const struct nlt_opts *o, const char *name)
{
	int i;

	for (i = 0; o->names[i]; i++)
		if (strcmp(o->names[i], name) == 0)
			return o->val[i];
	return NULL;
}

const char *nlt_need(const char *cmd, const struct nlt_opts *o,
		     const char *name)
{
	const char *v = nlt_opt(o, name);

	if (!v)
		nlt_die("%s: missing --%s", cmd, name);
	return v;
}

static int opt_index(const char *const *names, const char *name)
{
	int i;

	for (i = 0; names && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int nlt_parse_opts(const char *cmd, int argc, char **argv,
		   const char *const *names, const char *const *bools,
		   struct nlt_opts *o, char **pos, int maxpos)
{
	int i, k, npos = 0;

	memset(o, 0, sizeof(*o));
	o->names = names;
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) != 0) {
			if (npos == maxpos)
				nlt_die("%s: unexpected argument \"%s\"", cmd,
					argv[i]);
			pos[npos++] = argv[i];
			continue;
		}
		k = opt_index(bools, argv[i] + 2);
		if (k >= 0) {
			o->flag[k] = true;
			continue;
		}
		k = opt_index(names, argv[i] + 2);
		if (k < 0)
			nlt_die("%s: unknown option \"%s\"", cmd, argv[i]);
		if (i + 1 == argc)
			nlt_die("%s: missing value after \"%s\"", cmd, argv[i]);
		o->val[k] = argv[++i];
	}
	return npos;
}

/* Options of tunnel-add/modify and session-add/modify, and their attrs. */
static const char *const tunnel_opts[] = {
	"id", "sock", "peer-id", "peer", "peer-port", "local", "mark",
	"flags", "reqid", NULL,
};
static const char *const tunnel_attrs[] = {
	"tunnel_id", "sock_id", "peer_tunnel_id", "peer_addr", "peer_port",
	"local_addr", "mark", "tunnel_flags", "ipsec_reqid",
};
static const char *const session_opts[] = {
	"tunnel", "id", "peer-id", "ifname", "mtu", "flags", "protocols",
	"window", "timeout", NULL,
};
static const char *const session_attrs[] = {
	"tunnel_id", "session_id", "peer_session_id", "ifname", "mtu",
	"session_flags", "protocols", "reorder_window", "reorder_timeout",
};

static void put_opts(struct nlt_req *r, const struct nlt_opts *o,
		     const char *const *attr_names)
{
	int i;

	for (i = 0; o->names[i]; i++)
		if (o->val[i])
			nlt_put(r, attr_names[i], o->val[i]);
}

static int print_attr_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	const char *key = arg;
	const struct nlattr *a;
	const char *name;
	char text[64];

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		uint16_t type = mnl_attr_get_type(a) & NLA_TYPE_MASK;

		name = nlt_attr_name(type);
		if (key) {
			if (name && strcmp(name, key) == 0)
				printf("%s\n", type == L2TPGW_A_IFNAME ?
				       mnl_attr_get_str(a) :
				       (snprintf(text, sizeof(text), "%u",
						 mnl_attr_get_u32(a)), text));
			continue;
		}
		if (!name || type == L2TPGW_A_STATS)
			continue;
		switch (mnl_attr_get_payload_len(a)) {
		case 0:
			printf("%s 1\n", name);
			break;
		case 2:
			printf("%s %u\n", name, mnl_attr_get_u16(a));
			break;
		case 4:
			if (type == L2TPGW_A_SOCK_LOCAL_ADDR ||
			    type == L2TPGW_A_PEER_ADDR ||
			    type == L2TPGW_A_LOCAL_ADDR) {
				inet_ntop(AF_INET, mnl_attr_get_payload(a),
					  text, sizeof(text));
				printf("%s %s\n", name, text);
			} else {
				printf("%s %u\n", name, mnl_attr_get_u32(a));
			}
			break;
		case 16:
			inet_ntop(AF_INET6, mnl_attr_get_payload(a), text,
				  sizeof(text));
			printf("%s %s\n", name, text);
			break;
		default:
			printf("%s %s\n", name, mnl_attr_get_str(a));
		}
	}
	return 0;
}

/* sock-add, tunnel-add, session-add and their -modify, from options. */
static int cmd_object(struct l2tpctl *h, uint8_t cmd, const char *name,
		      int argc, char **argv)
{
	static const char *const sock_opts[] = { "addr", "port", "flags", NULL };
	struct nlt_req r = { .cmd = cmd };
	const char *print = NULL;
	struct nlt_opts o;
	char *pos[1];
	int npos;

	switch (cmd) {
	case L2TPGW_CMD_SOCK_ATTACH:
		nlt_parse_opts(name, argc, argv, sock_opts, NULL, &o, pos, 0);
		nlt_put(&r, "sock_family",
			strchr(nlt_need(name, &o, "addr"), ':') ? "10" : "2");
		nlt_put(&r, "sock_local_addr", nlt_opt(&o, "addr"));
		nlt_put(&r, "sock_local_port", nlt_need(name, &o, "port"));
		if (nlt_opt(&o, "flags"))
			nlt_put(&r, "sock_flags", nlt_opt(&o, "flags"));
		print = "sock_id";
		break;
	case L2TPGW_CMD_SOCK_MODIFY:
		npos = nlt_parse_opts(name, argc, argv, sock_opts + 2, NULL,
				      &o, pos, 1);
		if (npos != 1)
			nlt_die("%s: which socket?", name);
		nlt_put(&r, "sock_id", pos[0]);
		nlt_put(&r, "sock_flags", nlt_need(name, &o, "flags"));
		break;
	case L2TPGW_CMD_TUNNEL_ADD:
	case L2TPGW_CMD_TUNNEL_MODIFY:
		nlt_parse_opts(name, argc, argv, tunnel_opts, NULL, &o, pos, 0);
		nlt_need(name, &o, "id");
		put_opts(&r, &o, tunnel_attrs);
		break;
	default:
		nlt_parse_opts(name, argc, argv, session_opts, NULL, &o, pos, 0);
		nlt_need(name, &o, "tunnel");
		nlt_need(name, &o, "id");
		put_opts(&r, &o, session_attrs);
		if (cmd == L2TPGW_CMD_SESSION_ADD)
			print = "ifname";
	}
	nlt_do(h, &r, false, print_attr_cb, (void *)print);
	return 0;
}

/* Commands naming their objects by position: "tunnel-del 10". */
static const struct {
	const char *name;
	uint8_t cmd;
	const char *keys[2];
} by_id[] = {
	{ "sock-del", L2TPGW_CMD_SOCK_DETACH, { "sock_id" } },
	{ "sock-get", L2TPGW_CMD_SOCK_GET, { "sock_id" } },
	{ "tunnel-get", L2TPGW_CMD_TUNNEL_GET, { "tunnel_id" } },
	{ "tunnel-del", L2TPGW_CMD_TUNNEL_DEL, { "tunnel_id" } },
	{ "session-del", L2TPGW_CMD_SESSION_DEL, { "tunnel_id", "session_id" } },
	{ "stats net", L2TPGW_CMD_STATS_GET, { NULL } },
	{ "stats sock", L2TPGW_CMD_SOCK_GET, { "sock_id" } },
	{ "stats tunnel", L2TPGW_CMD_TUNNEL_GET, { "tunnel_id" } },
	{ "stats session", L2TPGW_CMD_SESSION_GET, { "tunnel_id", "session_id" } },
};

static int by_id_index(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(by_id) / sizeof(by_id[0]); i++)
		if (strcmp(by_id[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void id_request(struct nlt_req *r, int k, int argc, char **argv)
{
	int nkeys = by_id[k].keys[0] ? (by_id[k].keys[1] ? 2 : 1) : 0;
	int i;

	if (argc != nkeys)
		nlt_die("%s: takes %d id(s)", by_id[k].name, nkeys);
	r->cmd = by_id[k].cmd;
	for (i = 0; i < nkeys; i++)
		nlt_put(r, by_id[k].keys[i], argv[i]);
}

static int stats_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	nlt_print_stats(nlh, arg);
	return 0;
}

/* "stats ..." prints counters, "...-get" attributes, deletions nothing. */
static int cmd_by_id(struct l2tpctl *h, int k, int argc, char **argv)
{
	const char *name = by_id[k].name;
	struct nlt_req r = { 0 };

	id_request(&r, k, argc, argv);
	if (strncmp(name, "stats", 5) == 0)
		nlt_do(h, &r, false, stats_cb, "");
	else if (strstr(name, "-get"))
		nlt_do(h, &r, false, print_attr_cb, NULL);
	else
		nlt_do(h, &r, false, NULL, NULL);
	return 0;
}

static int cmd_stats(struct l2tpctl *h, int argc, char **argv)
{
	char name[32];
	int k;

	if (argc < 1)
		nlt_die("stats: of what?");
	snprintf(name, sizeof(name), "stats %s", argv[0]);
	k = by_id_index(name);
	if (k < 0)
		nlt_die("stats: unknown object \"%s\"", argv[0]);
	return cmd_by_id(h, k, argc - 1, argv + 1);
}

/* counters net sock:1 session:20:200 ... */
static int cmd_counters(struct l2tpctl *h, int argc, char **argv)
{
	char copy[64], name[32], prefix[80], *ids[4], *w, *save;
	struct nlt_req r;
	int i, n, k;

	for (i = 0; i < argc; i++) {
		snprintf(copy, sizeof(copy), "%s", argv[i]);
		n = 0;
		for (w = strtok_r(copy, ":", &save); w && n < 4;
		     w = strtok_r(NULL, ":", &save))
			ids[n++] = w;
		if (n == 0 || n == 4)
			nlt_die("counters: bad object \"%s\"", argv[i]);
		snprintf(name, sizeof(name), "stats %s", ids[0]);
		k = by_id_index(name);
		if (k < 0)
			nlt_die("counters: bad object \"%s\"", argv[i]);
		memset(&r, 0, sizeof(r));
		id_request(&r, k, n - 1, ids + 1);
		snprintf(prefix, sizeof(prefix), "%s ", argv[i]);
		nlt_do(h, &r, false, stats_cb, prefix);
	}
	return 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	++*(unsigned long *)arg;
	return 0;
}

static int cmd_count(struct l2tpctl *h, int argc, char **argv)
{
	struct nlt_req r = { 0 };
	unsigned long n = 0;

	if (argc < 1 || argc > 2)
		nlt_die("count: socks, tunnels or sessions [T]");
	if (strcmp(argv[0], "socks") == 0)
		r.cmd = L2TPGW_CMD_SOCK_GET;
	else if (strcmp(argv[0], "tunnels") == 0)
		r.cmd = L2TPGW_CMD_TUNNEL_GET;
	else if (strcmp(argv[0], "sessions") == 0)
		r.cmd = L2TPGW_CMD_SESSION_GET;
	else
		nlt_die("count: unknown objects \"%s\"", argv[0]);
	if (argc == 2)
		nlt_put(&r, "tunnel_id", argv[1]);
	nlt_do(h, &r, true, count_cb, &n);
	printf("%lu\n", n);
	return 0;
}

static int ppp_send(struct l2tpctl *h, int argc, char **argv)
{
	uint8_t frame[L2TPCTL_PPP_FRAME_MAX];
	size_t len;

	if (argc != 3)
		nlt_die("ppp-send: T S HEX");
	len = nlt_hex("frame", argv[2], frame, sizeof(frame));
	if (l2tpctl_kernel_ppp_xmit(h, (uint16_t)nlt_num("tunnel", argv[0],
							 UINT16_MAX),
				    (uint16_t)nlt_num("session", argv[1],
						      UINT16_MAX),
				    frame, len) < 0)
		nlt_die("%s", l2tpctl_errmsg(h));
	return 0;
}

static int print_event(const struct l2tpctl_event *ev, void *arg)
{
	unsigned long *left = arg;

	printf("%s", l2tpctl_cmd_name(ev->cmd));
	if (ev->has & L2TPCTL_EVENT_HAS_SOCK_ID)
		printf(" sock_id=%u", ev->sock_id);
	if (ev->has & L2TPCTL_EVENT_HAS_TUNNEL_ID)
		printf(" tunnel_id=%u", ev->tunnel_id);
	if (ev->has & L2TPCTL_EVENT_HAS_SESSION_ID)
		printf(" session_id=%u", ev->session_id);
	if (ev->has & L2TPCTL_EVENT_HAS_IFNAME)
		printf(" ifname=%s", ev->ifname);
	if (ev->has & L2TPCTL_EVENT_HAS_CAUSE)
		printf(" cause=%u", ev->cause);
	printf("\n");
	return --*left ? 0 : 1;
}

static int cmd_monitor(struct l2tpctl *h, int argc, char **argv)
{
	unsigned long left;
	struct pollfd p;
	int err;

	if (argc != 1)
		nlt_die("monitor: how many events?");
	left = nlt_num("count", argv[0], 1000000);
	p.fd = l2tpctl_kernel_event_fd(h);
	if (p.fd < 0)
		nlt_die("%s", l2tpctl_errmsg(h));
	p.events = POLLIN;
	printf("listening\n");
	while (left) {
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			nlt_die("poll: %s", strerror(errno));
		err = l2tpctl_kernel_event_dispatch(h, print_event, &left);
		if (err < 0)
			nlt_die("%s", l2tpctl_errmsg(h));
	}
	return 0;
}

static int cmd_raw_error(struct l2tpctl *h, int argc, char **argv)
{
	struct nlt_req r = { 0 };
	char name[64];
	const char *eq;
	int cmd, i, err;

	if (argc < 1 || (cmd = nlt_cmd_by_name(argv[0])) < 0)
		nlt_die("raw-error: unknown command \"%s\"",
			argc ? argv[0] : "");
	r.cmd = (uint8_t)cmd;
	for (i = 1; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq || eq - argv[i] >= (int)sizeof(name))
			nlt_die("raw-error: \"%s\" is not attr=value", argv[i]);
		snprintf(name, sizeof(name), "%.*s", (int)(eq - argv[i]),
			 argv[i]);
		nlt_put(&r, name, eq + 1);
	}
	err = nlt_request(h, &r, false, NULL, NULL);
	if (err == 0)
		nlt_die("%s succeeded but was expected to fail", argv[0]);
	printf("errno %d: %s\n", -err, l2tpctl_errmsg(h));
	return 0;
}

static int run(struct l2tpctl *h, int argc, char **argv);

static int cmd_batch(struct l2tpctl *h, int argc, char **argv)
{
	char line[BATCH_LINE], *args[BATCH_ARGS], *save, *w;
	int n;

	if (argc)
		nlt_die("batch: takes its commands on stdin");
	while (fgets(line, sizeof(line), stdin)) {
		n = 0;
		for (w = strtok_r(line, " \t\n", &save); w;
		     w = strtok_r(NULL, " \t\n", &save)) {
			if (n == BATCH_ARGS)
				nlt_die("batch: line too long");
			args[n++] = w;
		}
		if (n == 0 || args[0][0] == '#')
			continue;
		if (strcmp(args[0], "batch") == 0)
			nlt_die("batch: not within a batch");
		run(h, n, args);
		fflush(stdout);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct l2tpctl *h, int argc, char **argv);
	uint8_t cmd;	/* for cmd_object */
} commands[] = {
	{ "sock-add", NULL, L2TPGW_CMD_SOCK_ATTACH },
	{ "sock-modify", NULL, L2TPGW_CMD_SOCK_MODIFY },
	{ "tunnel-add", NULL, L2TPGW_CMD_TUNNEL_ADD },
	{ "tunnel-modify", NULL, L2TPGW_CMD_TUNNEL_MODIFY },
	{ "session-add", NULL, L2TPGW_CMD_SESSION_ADD },
	{ "session-modify", NULL, L2TPGW_CMD_SESSION_MODIFY },
	{ "ppp-send", ppp_send, 0 },
	{ "stats", cmd_stats, 0 },
	{ "counters", cmd_counters, 0 },
	{ "count", cmd_count, 0 },
	{ "monitor", cmd_monitor, 0 },
	{ "raw-error", cmd_raw_error, 0 },
	{ "batch", cmd_batch, 0 },
	{ "sock-hold", nlt_sock_hold, 0 },
	{ "ppp-peer", nlt_ppp_peer, 0 },
	{ "udp-send", nlt_udp_send, 0 },
	{ "bulk-add", nlt_bulk_add, 0 },
	{ "dump-check", nlt_dump_check, 0 },
};

static int run(struct l2tpctl *h, int argc, char **argv)
{
	size_t i;
	int k;

	k = by_id_index(argv[0]);
	if (k >= 0)
		return cmd_by_id(h, k, argc - 1, argv + 1);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, argv[0]) != 0)
			continue;
		if (commands[i].fn)
			return commands[i].fn(h, argc - 1, argv + 1);
		return cmd_object(h, commands[i].cmd, argv[0], argc - 1,
				  argv + 1);
	}
	nlt_die("unknown command \"%s\" (see the head of nltest.c)", argv[0]);
}

int main(int argc, char **argv)
{
	struct l2tpctl *h;

	if (argc < 2)
		nlt_die("usage: l2tpgw-nltest COMMAND [ARGS] (see nltest.c)");
	/* Lines, not blocks: spawned instances are read while they run. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	h = l2tpctl_open();
	if (!h)
		nlt_die("out of memory");
	if (l2tpctl_kernel_connect(h) < 0)
		nlt_die("%s", l2tpctl_errmsg(h));
	run(h, argc - 1, argv + 1);
	l2tpctl_close(h);
	return 0;
}
