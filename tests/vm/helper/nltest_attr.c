// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgw-nltest: attributes by name, requests built from text values, and
 * the request/reply exchange through libl2tpctl's message layer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "nltest.h"

static const struct {
	const char *name;
	enum nlt_type kind;
} attrs[L2TPGW_A_MAX + 1] = {
	[L2TPGW_A_SOCK_ID]		= { "sock_id", NLT_U32 },
	[L2TPGW_A_SOCK_FD]		= { "sock_fd", NLT_S32 },
	[L2TPGW_A_SOCK_FAMILY]		= { "sock_family", NLT_U16 },
	[L2TPGW_A_SOCK_LOCAL_ADDR]	= { "sock_local_addr", NLT_ADDR },
	[L2TPGW_A_SOCK_LOCAL_PORT]	= { "sock_local_port", NLT_U16 },
	[L2TPGW_A_SOCK_OWNED]		= { "sock_owned", NLT_FLAG },
	[L2TPGW_A_TUNNEL_ID]		= { "tunnel_id", NLT_U16 },
	[L2TPGW_A_PEER_TUNNEL_ID]	= { "peer_tunnel_id", NLT_U16 },
	[L2TPGW_A_PEER_ADDR]		= { "peer_addr", NLT_ADDR },
	[L2TPGW_A_PEER_PORT]		= { "peer_port", NLT_U16 },
	[L2TPGW_A_LOCAL_ADDR]		= { "local_addr", NLT_ADDR },
	[L2TPGW_A_MARK]			= { "mark", NLT_U32 },
	[L2TPGW_A_TUNNEL_FLAGS]		= { "tunnel_flags", NLT_FLAGS },
	[L2TPGW_A_SESSION_ID]		= { "session_id", NLT_U16 },
	[L2TPGW_A_PEER_SESSION_ID]	= { "peer_session_id", NLT_U16 },
	[L2TPGW_A_IFNAME]		= { "ifname", NLT_STR },
	[L2TPGW_A_IFINDEX]		= { "ifindex", NLT_U32 },
	[L2TPGW_A_MTU]			= { "mtu", NLT_U32 },
	[L2TPGW_A_SESSION_FLAGS]	= { "session_flags", NLT_FLAGS },
	[L2TPGW_A_PROTOCOLS]		= { "protocols", NLT_FLAGS },
	[L2TPGW_A_REORDER_WINDOW]	= { "reorder_window", NLT_U16 },
	[L2TPGW_A_REORDER_TIMEOUT]	= { "reorder_timeout", NLT_U32 },
	[L2TPGW_A_PPP_FRAME]		= { "ppp_frame", NLT_BIN },
	[L2TPGW_A_STATS]		= { "stats", NLT_NEST },
	[L2TPGW_A_CAUSE]		= { "cause", NLT_U32 },
	[L2TPGW_A_SOCK_FLAGS]		= { "sock_flags", NLT_FLAGS },
	[L2TPGW_A_IPSEC_REQID]		= { "ipsec_reqid", NLT_U32 },
	[L2TPGW_A_TCP_MSS]		= { "tcp_mss", NLT_U16 },
};

/* Flag names of every flag attribute, in one namespace as the scenarios
 * write them ("send_seq+lns"). */
static const struct {
	const char *name;
	uint32_t value;
} flag_names[] = {
	{ "udp_csum", L2TPGW_TUNNEL_F_UDP_CSUM },
	{ "send_length", L2TPGW_TUNNEL_F_SEND_LENGTH },
	{ "send_seq", L2TPGW_SESSION_F_SEND_SEQ },
	{ "recv_seq", L2TPGW_SESSION_F_RECV_SEQ },
	{ "lns", L2TPGW_SESSION_F_LNS },
	{ "tx_acfc", L2TPGW_SESSION_F_TX_ACFC },
	{ "tx_pfc", L2TPGW_SESSION_F_TX_PFC },
	{ "priority", L2TPGW_SESSION_F_PRIORITY },
	{ "ipv4", L2TPGW_PROTO_IPV4 },
	{ "ipv6", L2TPGW_PROTO_IPV6 },
	{ "ipsec", L2TPGW_SOCK_F_IPSEC },
};

void nlt_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("l2tpgw-nltest: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

int nlt_attr_by_name(const char *name)
{
	int i;

	for (i = 0; i <= L2TPGW_A_MAX; i++)
		if (attrs[i].name && strcmp(attrs[i].name, name) == 0)
			return i;
	return -1;
}

int nlt_cmd_by_name(const char *name)
{
	int i;

	for (i = 1; i <= L2TPGW_CMD_MAX; i++)
		if (strcmp(l2tpctl_cmd_name((uint8_t)i), name) == 0)
			return i;
	return -1;
}

unsigned long nlt_num(const char *what, const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (!*s || *end || errno || v > max || *s == '-')
		nlt_die("invalid %s \"%s\"", what, s);
	return v;
}

static uint32_t parse_flags(const char *what, const char *s)
{
	char copy[256], *name, *save;
	uint32_t v = 0;
	size_t i;

	if (*s >= '0' && *s <= '9')
		return (uint32_t)nlt_num(what, s, UINT32_MAX);
	snprintf(copy, sizeof(copy), "%s", s);
	for (name = strtok_r(copy, "+", &save); name;
	     name = strtok_r(NULL, "+", &save)) {
		for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
			if (strcmp(flag_names[i].name, name) == 0)
				break;
		if (i == sizeof(flag_names) / sizeof(flag_names[0]))
			nlt_die("unknown flag \"%s\" in %s", name, what);
		v |= flag_names[i].value;
	}
	return v;
}

size_t nlt_hex(const char *what, const char *s, uint8_t *out, size_t cap)
{
	size_t n = strlen(s) / 2, i;
	unsigned int byte;

	if (strlen(s) % 2 || n > cap)
		nlt_die("invalid %s \"%s\"", what, s);
	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &byte) != 1)
			nlt_die("invalid %s \"%s\"", what, s);
		out[i] = (uint8_t)byte;
	}
	return n;
}

static struct nlt_attr *add_attr(struct nlt_req *r, uint16_t type)
{
	struct nlt_attr *a;

	if (r->n == NLT_MAX_ATTRS)
		nlt_die("too many attributes");
	a = &r->a[r->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->kind = attrs[type].kind;
	return a;
}

void nlt_put_u32(struct nlt_req *r, uint16_t type, uint32_t v)
{
	add_attr(r, type)->u = v;
}

/* "hex:..." gives any attribute raw bytes (malformed requests). */
void nlt_put(struct nlt_req *r, const char *name, const char *value)
{
	int type = nlt_attr_by_name(name);
	struct nlt_attr *a;

	if (type < 0)
		nlt_die("unknown attribute \"%s\"", name);
	a = add_attr(r, (uint16_t)type);
	if (strncmp(value, "hex:", 4) == 0) {
		a->kind = NLT_BIN;
		a->len = nlt_hex(name, value + 4, a->bin, sizeof(a->bin));
		return;
	}
	switch (a->kind) {
	case NLT_U16:
		a->u = (uint32_t)nlt_num(name, value, UINT16_MAX);
		break;
	case NLT_U32:
		a->u = (uint32_t)nlt_num(name, value, UINT32_MAX);
		break;
	case NLT_S32:
		a->u = (uint32_t)strtol(value, NULL, 0);
		break;
	case NLT_FLAGS:
		a->u = parse_flags(name, value);
		break;
	case NLT_STR:
		a->str = value;
		break;
	case NLT_ADDR:
		a->kind = NLT_BIN;
		if (inet_pton(AF_INET, value, a->bin) == 1)
			a->len = 4;
		else if (inet_pton(AF_INET6, value, a->bin) == 1)
			a->len = 16;
		else
			nlt_die("invalid %s \"%s\"", name, value);
		break;
	case NLT_BIN:
		a->len = nlt_hex(name, value, a->bin, sizeof(a->bin));
		break;
	default:
		nlt_die("attribute \"%s\" takes no value", name);
	}
}

struct nlmsghdr *nlt_encode(const struct nlt_req *r, void *buf,
			    uint16_t family, uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = ctl_msg_start(buf, family, r->cmd, flags, seq);
	const struct nlt_attr *a;
	unsigned int i;
	bool ok = true;

	for (i = 0; i < r->n && ok; i++) {
		a = &r->a[i];
		switch (a->kind) {
		case NLT_U16:
			ok = mnl_attr_put_u16_check(nlh, CTL_BUF_SIZE, a->type,
						    (uint16_t)a->u);
			break;
		case NLT_STR:
			ok = mnl_attr_put_strz_check(nlh, CTL_BUF_SIZE,
						     a->type, a->str);
			break;
		case NLT_BIN:
			ok = mnl_attr_put_check(nlh, CTL_BUF_SIZE, a->type,
						a->len, a->bin);
			break;
		default:
			ok = mnl_attr_put_u32_check(nlh, CTL_BUF_SIZE, a->type,
						    a->u);
		}
	}
	if (!ok)
		nlt_die("request too large");
	return nlh;
}

int nlt_request(struct l2tpctl *h, const struct nlt_req *r, bool dump,
		ctl_msg_cb cb, void *arg)
{
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *nlh;

	nlh = nlt_encode(r, buf, h->family_id, dump ? NLM_F_DUMP : NLM_F_ACK,
			 ctl_next_seq(h));
	return ctl_transact(h, nlh, cb, arg, l2tpctl_cmd_name(r->cmd));
}
