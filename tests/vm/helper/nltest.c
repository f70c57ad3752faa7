// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgw-nltest: the l2tpgw generic netlink family as the VM scenarios
 * need it where "l2tpctl kernel" (which does every ordinary operation)
 * should not go.
 *
 *   l2tpgw-nltest raw-error CMD attr=value...
 *        expect failure; print "errno N: text" with the kernel's extack.
 *        Values are numbers, addresses, flags, or hex:BYTES for any attr.
 *   l2tpgw-nltest raw-error
 *        the same for each "CMD attr=value..." line of stdin, over one
 *        netlink socket (process starts are slow under TCG); stops at the
 *        first request that succeeds
 *   sock-hold, ppp-peer, udp-send: nltest_peer.c
 *   sccrq-flood: nltest_flood.c
 *   bulk-add, dump-check: nltest_bulk.c
 *   shaper: nltest_shaper.c
 *
 * Flags are numbers or names joined by '+': udp_csum, send_length
 * (tunnel); send_seq, recv_seq, lns, tx_acfc, tx_pfc, priority
 * (session); ipv4, ipv6 (protocols); ipsec (socket).  Exits 1 with the
 * kernel's extack message on any error.
 */
#include <stdlib.h>
#include <string.h>

#include "nltest.h"

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

#define RAW_LINE	4096
#define RAW_ARGS	64

/* One request from "CMD attr=value..." words; it must fail. */
static void raw_error(struct l2tpctl *h, int argc, char **argv)
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
}

static int cmd_raw_error(struct l2tpctl *h, int argc, char **argv)
{
	char line[RAW_LINE], *args[RAW_ARGS], *save, *w;
	int n;

	if (argc) {
		raw_error(h, argc, argv);
		return 0;
	}
	while (fgets(line, sizeof(line), stdin)) {
		n = 0;
		for (w = strtok_r(line, " \t\n", &save); w;
		     w = strtok_r(NULL, " \t\n", &save)) {
			if (n == RAW_ARGS)
				nlt_die("raw-error: line too long");
			args[n++] = w;
		}
		if (n == 0 || args[0][0] == '#')
			continue;
		raw_error(h, n, args);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct l2tpctl *h, int argc, char **argv);
} commands[] = {
	{ "raw-error", cmd_raw_error },
	{ "sock-hold", nlt_sock_hold },
	{ "ppp-peer", nlt_ppp_peer },
	{ "udp-send", nlt_udp_send },
	{ "sccrq-flood", nlt_sccrq_flood },
	{ "bulk-add", nlt_bulk_add },
	{ "dump-check", nlt_dump_check },
	{ "shaper", nlt_shaper },
};

static int run(struct l2tpctl *h, int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, argv[0]) == 0)
			return commands[i].fn(h, argc - 1, argv + 1);
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
