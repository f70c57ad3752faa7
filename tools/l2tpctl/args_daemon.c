// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Arguments of the operator commands.  Like args.c: exact keywords, one
 * value each, no repeats, and every refusal names the argument.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "args_daemon.h"

int args_tunnel_pos(const char *cmd, int argc, char **argv, uint16_t *id,
		    struct cli_error *e)
{
	uint32_t v;
	int ret;

	if (argc == 0)
		return cli_error(e, EXIT_USAGE, "%s: missing the tunnel id", cmd);
	if (argc > 1)
		return cli_error(e, EXIT_USAGE, "%s: unexpected argument \"%s\"",
				 cmd, argv[1]);
	ret = parse_u32_range("tunnel id", argv[0], 1, 65535, &v, e);
	if (!ret)
		*id = (uint16_t)v;
	return ret;
}

int args_session_filter(int argc, char **argv, uint16_t *tunnel_id,
			struct cli_error *e)
{
	uint32_t v;
	int ret;

	*tunnel_id = 0;
	if (argc == 0)
		return EXIT_OK;
	if (strcmp(argv[0], "tunnel") != 0)
		return cli_error(e, EXIT_USAGE,
				 "session list: unknown argument \"%s\" (only \"tunnel ID\")",
				 argv[0]);
	if (argc < 2)
		return cli_error(e, EXIT_USAGE,
				 "session list: missing value after \"tunnel\"");
	if (argc > 2)
		return cli_error(e, EXIT_USAGE,
				 "session list: unexpected argument \"%s\"",
				 argv[2]);
	ret = parse_u32_range("tunnel id", argv[1], 1, 65535, &v, e);
	if (!ret)
		*tunnel_id = (uint16_t)v;
	return ret;
}

/* 1..size-1 printable bytes without blanks; what names it. */
static int parse_word(const char *what, const char *s, char *out, size_t size,
		      struct cli_error *e)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= size)
		return cli_error(e, EXIT_FAILED,
				 "invalid %s \"%s\": must be 1..%zu characters",
				 what, s, size - 1);
	for (i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]))
			return cli_error(e, EXIT_FAILED,
					 "invalid %s \"%s\": must not contain blanks or control characters",
					 what, s);
	memcpy(out, s, n + 1);
	return EXIT_OK;
}

enum { SEL_TUNNEL, SEL_ID, SEL_USER, SEL_ADDRESS, SEL_INTERFACE, SEL_COUNT };

static const char *const sel_keywords[SEL_COUNT] = {
	[SEL_TUNNEL]	= "tunnel",
	[SEL_ID]	= "id",
	[SEL_USER]	= "user",
	[SEL_ADDRESS]	= "address",
	[SEL_INTERFACE]	= "interface",
};

static int sel_value(int k, const char *val,
		     struct l2tpctl_daemon_selector *sel, struct cli_error *e)
{
	uint32_t v;
	int ret;

	switch (k) {
	case SEL_TUNNEL:
	case SEL_ID:
		ret = parse_u32_range(k == SEL_ID ? "session id" : "tunnel id",
				      val, 1, 65535, &v, e);
		if (!ret && k == SEL_ID)
			sel->session_id = (uint16_t)v;
		else if (!ret)
			sel->tunnel_id = (uint16_t)v;
		return ret;
	case SEL_USER:
		/* User names may hold blanks (RADIUS, Windows domains). */
		if (!*val || strlen(val) >= sizeof(sel->user))
			return cli_error(e, EXIT_FAILED,
					 "invalid user name \"%s\": must be 1..%zu characters",
					 val, sizeof(sel->user) - 1);
		memcpy(sel->user, val, strlen(val) + 1);
		return EXIT_OK;
	case SEL_ADDRESS:
		return parse_addr("session address", val, &sel->address, e);
	default:
		return parse_word("interface name", val, sel->ifname,
				  sizeof(sel->ifname), e);
	}
}

int args_session_selector(const char *cmd, int argc, char **argv,
			  struct l2tpctl_daemon_selector *sel,
			  struct cli_error *e)
{
	unsigned int seen = 0;
	int i, k, ret;

	memset(sel, 0, sizeof(*sel));
	if (argc == 0)
		return cli_error(e, EXIT_USAGE,
				 "%s: name the session: tunnel ID id ID, user NAME, address ADDR or interface IFNAME",
				 cmd);
	for (i = 0; i < argc; i += 2) {
		for (k = 0; k < SEL_COUNT; k++)
			if (strcmp(argv[i], sel_keywords[k]) == 0)
				break;
		if (k == SEL_COUNT)
			return cli_error(e, EXIT_USAGE,
					 "%s: unknown argument \"%s\"", cmd,
					 argv[i]);
		if (seen & (1u << k))
			return cli_error(e, EXIT_USAGE, "%s: \"%s\" given twice",
					 cmd, argv[i]);
		if (i + 1 >= argc)
			return cli_error(e, EXIT_USAGE,
					 "%s: missing value after \"%s\"", cmd,
					 argv[i]);
		ret = sel_value(k, argv[i + 1], sel, e);
		if (ret)
			return ret;
		seen |= 1u << k;
	}
	if (seen == (1u << SEL_TUNNEL | 1u << SEL_ID)) {
		sel->kind = L2TPCTL_DAEMON_SEL_ID;
	} else if (seen == 1u << SEL_USER) {
		sel->kind = L2TPCTL_DAEMON_SEL_USER;
	} else if (seen == 1u << SEL_ADDRESS) {
		sel->kind = L2TPCTL_DAEMON_SEL_ADDRESS;
	} else if (seen == 1u << SEL_INTERFACE) {
		sel->kind = L2TPCTL_DAEMON_SEL_IFNAME;
	} else if ((seen & (1u << SEL_TUNNEL | 1u << SEL_ID)) &&
		   !(seen & ~(1u << SEL_TUNNEL | 1u << SEL_ID))) {
		return cli_error(e, EXIT_USAGE,
				 "%s: \"tunnel\" and \"id\" must be given together",
				 cmd);
	} else {
		return cli_error(e, EXIT_USAGE,
				 "%s: give only one of tunnel+id, user, address or interface",
				 cmd);
	}
	return EXIT_OK;
}

int args_lac_name(const char *cmd, int argc, char **argv,
		  char name[L2TPCTL_NAME_MAX], struct cli_error *e)
{
	if (argc == 0)
		return cli_error(e, EXIT_USAGE, "%s: missing the LAC name", cmd);
	if (argc > 1)
		return cli_error(e, EXIT_USAGE, "%s: unexpected argument \"%s\"",
				 cmd, argv[1]);
	return parse_word("LAC name", argv[0], name, L2TPCTL_NAME_MAX, e);
}
