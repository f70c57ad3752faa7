// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Parsing of l2tpgw messages from the kernel into the library's plain
 * structures.  Every attribute is checked against its UAPI type and
 * length before use; a message that does not fit is rejected as a whole
 * with a description of the first problem, never half-applied.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "internal.h"

enum ctl_atype { A_NONE, A_U16, A_U32, A_S32, A_FLAG, A_ADDR, A_STRING,
		 A_BINARY, A_NEST };

static const enum ctl_atype attr_type[L2TPGW_A_MAX + 1] = {
	[L2TPGW_A_PAD]			= A_BINARY,
	[L2TPGW_A_SOCK_ID]		= A_U32,
	[L2TPGW_A_SOCK_FD]		= A_S32,
	[L2TPGW_A_SOCK_FAMILY]		= A_U16,
	[L2TPGW_A_SOCK_LOCAL_ADDR]	= A_ADDR,
	[L2TPGW_A_SOCK_LOCAL_PORT]	= A_U16,
	[L2TPGW_A_SOCK_OWNED]		= A_FLAG,
	[L2TPGW_A_TUNNEL_ID]		= A_U16,
	[L2TPGW_A_PEER_TUNNEL_ID]	= A_U16,
	[L2TPGW_A_PEER_ADDR]		= A_ADDR,
	[L2TPGW_A_PEER_PORT]		= A_U16,
	[L2TPGW_A_LOCAL_ADDR]		= A_ADDR,
	[L2TPGW_A_MARK]			= A_U32,
	[L2TPGW_A_TUNNEL_FLAGS]		= A_U32,
	[L2TPGW_A_SESSION_ID]		= A_U16,
	[L2TPGW_A_PEER_SESSION_ID]	= A_U16,
	[L2TPGW_A_IFNAME]		= A_STRING,
	[L2TPGW_A_IFINDEX]		= A_U32,
	[L2TPGW_A_MTU]			= A_U32,
	[L2TPGW_A_SESSION_FLAGS]	= A_U32,
	[L2TPGW_A_PROTOCOLS]		= A_U32,
	[L2TPGW_A_REORDER_WINDOW]	= A_U16,
	[L2TPGW_A_REORDER_TIMEOUT]	= A_U32,
	[L2TPGW_A_PPP_FRAME]		= A_BINARY,
	[L2TPGW_A_STATS]		= A_NEST,
	[L2TPGW_A_CAUSE]		= A_U32,
	[L2TPGW_A_SOCK_FLAGS]		= A_U32,
	[L2TPGW_A_IPSEC_REQID]		= A_U32,
	[L2TPGW_A_LIMITS]		= A_NEST,
	[L2TPGW_A_TCP_MSS]		= A_U16,
};

static int attr_ok(const struct nlattr *a, enum ctl_atype t)
{
	uint16_t len = mnl_attr_get_payload_len(a);
	const char *s;

	switch (t) {
	case A_U16:
		return len == sizeof(uint16_t);
	case A_U32:
	case A_S32:
		return len == sizeof(uint32_t);
	case A_FLAG:
		return len == 0;
	case A_ADDR:
		return len == 4 || len == 16;
	case A_STRING:
		s = mnl_attr_get_payload(a);
		return len > 0 && len <= L2TPCTL_IFNAMSIZ &&
		       memchr(s, '\0', len) != NULL && s[0] != '\0';
	case A_NEST:
	case A_BINARY:
	case A_NONE:
		return 1;
	}
	return 0;
}

struct parse_ctx {
	const struct nlattr **tb;
	char *perr;
};

static int parse_attr_cb(const struct nlattr *a, void *data)
{
	struct parse_ctx *ctx = data;
	uint16_t type = mnl_attr_get_type(a);

	/* Attributes of a newer module: ignore, the contract is additive. */
	if (type > L2TPGW_A_MAX)
		return MNL_CB_OK;
	if (!attr_ok(a, attr_type[type])) {
		snprintf(ctx->perr, CTL_PERR_SIZE,
			 "malformed reply: attribute %u has bad length %u",
			 type, mnl_attr_get_payload_len(a));
		return MNL_CB_ERROR;
	}
	if (ctx->tb[type]) {
		snprintf(ctx->perr, CTL_PERR_SIZE,
			 "malformed reply: attribute %u repeated", type);
		return MNL_CB_ERROR;
	}
	ctx->tb[type] = a;
	return MNL_CB_OK;
}

/*
 * mnl_attr_parse stops at the first attribute whose header does not fit
 * in what is left, without saying so; trailing garbage would then pass
 * unnoticed.  Walk the payload once more to require an exact fit.
 */
static int attrs_fill_exactly(const void *start, size_t len, char *perr)
{
	const struct nlattr *a = start;
	size_t left = len;

	while (left > 0) {
		if (left < sizeof(*a) || a->nla_len < sizeof(*a) ||
		    a->nla_len > left) {
			snprintf(perr, CTL_PERR_SIZE,
				 "malformed reply: truncated attribute");
			return -EBADMSG;
		}
		if ((size_t)MNL_ALIGN(a->nla_len) >= left)
			return 0;
		left -= (size_t)MNL_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + MNL_ALIGN(a->nla_len));
	}
	return 0;
}

int ctl_parse_attrs(const struct nlmsghdr *nlh,
		    const struct nlattr *tb[L2TPGW_A_MAX + 1], char *perr)
{
	struct parse_ctx ctx = { .tb = tb, .perr = perr };
	size_t hdrs = (size_t)MNL_NLMSG_HDRLEN +
		      MNL_ALIGN(sizeof(struct genlmsghdr));

	memset(tb, 0, sizeof(*tb) * (L2TPGW_A_MAX + 1));
	if (nlh->nlmsg_len < hdrs) {
		snprintf(perr, CTL_PERR_SIZE,
			 "malformed reply: message of %u bytes has no genl header",
			 nlh->nlmsg_len);
		return -EBADMSG;
	}
	if (attrs_fill_exactly((const char *)nlh + hdrs,
			       nlh->nlmsg_len - hdrs, perr) < 0)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), parse_attr_cb,
			   &ctx) != MNL_CB_OK)
		return -EBADMSG;
	return 0;
}

uint8_t ctl_genl_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	return g->cmd;
}

/* A nest of u64 indexed by an enum whose index 1 is padding. */
struct u64_nest_ctx {
	uint64_t *value;
	unsigned int max;	/* largest index known */
	char *perr;
};

static int parse_u64_cb(const struct nlattr *a, void *data)
{
	struct u64_nest_ctx *ctx = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type == 1 || type > ctx->max)
		return MNL_CB_OK;
	if (mnl_attr_get_payload_len(a) != sizeof(uint64_t)) {
		snprintf(ctx->perr, CTL_PERR_SIZE,
			 "malformed reply: counter %u has bad length %u",
			 type, mnl_attr_get_payload_len(a));
		return MNL_CB_ERROR;
	}
	ctx->value[type] = mnl_attr_get_u64(a);
	return MNL_CB_OK;
}

static int parse_u64_nest(const struct nlattr *nest, uint64_t *value,
			  unsigned int max, char *perr)
{
	struct u64_nest_ctx ctx = { .value = value, .max = max, .perr = perr };

	if (attrs_fill_exactly(mnl_attr_get_payload(nest),
			       mnl_attr_get_payload_len(nest), perr) < 0)
		return -EBADMSG;
	if (mnl_attr_parse_nested(nest, parse_u64_cb, &ctx) != MNL_CB_OK)
		return -EBADMSG;
	return 0;
}

int ctl_parse_stats(const struct nlattr *nest, struct l2tpctl_stats *st,
		    char *perr)
{
	memset(st, 0, sizeof(*st));
	st->count = L2TPGW_STAT_MAX + 1;
	return parse_u64_nest(nest, st->counter, L2TPGW_STAT_MAX, perr);
}

int ctl_parse_limits(const struct nlmsghdr *nlh, struct l2tpctl_limits *lim,
		     char *perr)
{
	const struct nlattr *tb[L2TPGW_A_MAX + 1];
	int err;

	memset(lim, 0, sizeof(*lim));
	err = ctl_parse_attrs(nlh, tb, perr);
	/* A module without limits: count stays 0. */
	if (err || !tb[L2TPGW_A_LIMITS])
		return err;
	lim->count = L2TPGW_LIMIT_MAX + 1;
	return parse_u64_nest(tb[L2TPGW_A_LIMITS], lim->value,
			      L2TPGW_LIMIT_MAX, perr);
}

int ctl_parse_addr(const struct nlattr *a, struct l2tpctl_addr *addr,
		   char *perr)
{
	uint16_t len = mnl_attr_get_payload_len(a);

	memset(addr, 0, sizeof(*addr));
	addr->family = len == 4 ? AF_INET : AF_INET6;
	memcpy(addr->addr, mnl_attr_get_payload(a), len);
	return 0;
}

static int require(const struct nlattr *const *tb, uint16_t type,
		   const char *name, char *perr)
{
	if (tb[type])
		return 0;
	snprintf(perr, CTL_PERR_SIZE, "malformed reply: no %s", name);
	return -EBADMSG;
}

int ctl_parse_sock(const struct nlmsghdr *nlh, struct l2tpctl_sock *s,
		   char *perr)
{
	const struct nlattr *tb[L2TPGW_A_MAX + 1];
	int err;

	memset(s, 0, sizeof(*s));
	err = ctl_parse_attrs(nlh, tb, perr);
	if (!err)
		err = require(tb, L2TPGW_A_SOCK_ID, "socket id", perr);
	if (err)
		return err;
	s->sock_id = mnl_attr_get_u32(tb[L2TPGW_A_SOCK_ID]);
	s->owned = tb[L2TPGW_A_SOCK_OWNED] != NULL;
	if (tb[L2TPGW_A_SOCK_LOCAL_ADDR] && tb[L2TPGW_A_SOCK_LOCAL_PORT]) {
		ctl_parse_addr(tb[L2TPGW_A_SOCK_LOCAL_ADDR], &s->local, perr);
		s->local_port = mnl_attr_get_u16(tb[L2TPGW_A_SOCK_LOCAL_PORT]);
		s->has |= L2TPCTL_SOCK_HAS_LOCAL;
	}
	if (tb[L2TPGW_A_SOCK_FLAGS]) {
		s->flags = mnl_attr_get_u32(tb[L2TPGW_A_SOCK_FLAGS]);
		s->has |= L2TPCTL_SOCK_HAS_FLAGS;
	}
	if (tb[L2TPGW_A_STATS]) {
		err = ctl_parse_stats(tb[L2TPGW_A_STATS], &s->stats, perr);
		if (err)
			return err;
		s->has |= L2TPCTL_SOCK_HAS_STATS;
	}
	return 0;
}

static int parse_id(const struct nlattr *const *tb, uint16_t type,
		    const char *name, uint16_t *id, char *perr)
{
	int err = require(tb, type, name, perr);

	if (err)
		return err;
	*id = mnl_attr_get_u16(tb[type]);
	if (*id == 0) {
		snprintf(perr, CTL_PERR_SIZE, "malformed reply: %s is 0", name);
		return -EBADMSG;
	}
	return 0;
}

int ctl_parse_tunnel(const struct nlmsghdr *nlh, struct l2tpctl_tunnel *t,
		     char *perr)
{
	const struct nlattr *tb[L2TPGW_A_MAX + 1];
	int err;

	memset(t, 0, sizeof(*t));
	err = ctl_parse_attrs(nlh, tb, perr);
	if (!err)
		err = parse_id(tb, L2TPGW_A_TUNNEL_ID, "tunnel id",
			       &t->tunnel_id, perr);
	if (err)
		return err;
	if (tb[L2TPGW_A_PEER_TUNNEL_ID]) {
		t->peer_tunnel_id = mnl_attr_get_u16(tb[L2TPGW_A_PEER_TUNNEL_ID]);
		t->has |= L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID;
	}
	if (tb[L2TPGW_A_SOCK_ID]) {
		t->sock_id = mnl_attr_get_u32(tb[L2TPGW_A_SOCK_ID]);
		t->has |= L2TPCTL_TUNNEL_HAS_SOCK_ID;
	}
	if (tb[L2TPGW_A_PEER_ADDR]) {
		ctl_parse_addr(tb[L2TPGW_A_PEER_ADDR], &t->peer, perr);
		t->has |= L2TPCTL_TUNNEL_HAS_PEER;
	}
	if (tb[L2TPGW_A_PEER_PORT]) {
		t->peer_port = mnl_attr_get_u16(tb[L2TPGW_A_PEER_PORT]);
		t->has |= L2TPCTL_TUNNEL_HAS_PEER_PORT;
	}
	if (tb[L2TPGW_A_LOCAL_ADDR]) {
		ctl_parse_addr(tb[L2TPGW_A_LOCAL_ADDR], &t->local, perr);
		t->has |= L2TPCTL_TUNNEL_HAS_LOCAL;
	}
	if (tb[L2TPGW_A_MARK]) {
		t->mark = mnl_attr_get_u32(tb[L2TPGW_A_MARK]);
		t->has |= L2TPCTL_TUNNEL_HAS_MARK;
	}
	if (tb[L2TPGW_A_TUNNEL_FLAGS]) {
		t->flags = mnl_attr_get_u32(tb[L2TPGW_A_TUNNEL_FLAGS]);
		t->has |= L2TPCTL_TUNNEL_HAS_FLAGS;
	}
	if (tb[L2TPGW_A_IPSEC_REQID]) {
		t->ipsec_reqid = mnl_attr_get_u32(tb[L2TPGW_A_IPSEC_REQID]);
		t->has |= L2TPCTL_TUNNEL_HAS_IPSEC_REQID;
	}
	if (tb[L2TPGW_A_STATS]) {
		err = ctl_parse_stats(tb[L2TPGW_A_STATS], &t->stats, perr);
		if (err)
			return err;
		t->has |= L2TPCTL_TUNNEL_HAS_STATS;
	}
	return 0;
}

static void session_optional(const struct nlattr *const *tb,
			     struct l2tpctl_session *s)
{
	if (tb[L2TPGW_A_PEER_SESSION_ID]) {
		s->peer_session_id = mnl_attr_get_u16(tb[L2TPGW_A_PEER_SESSION_ID]);
		s->has |= L2TPCTL_SESSION_HAS_PEER_SESSION_ID;
	}
	if (tb[L2TPGW_A_IFNAME]) {
		/* Validated NUL-terminated within L2TPCTL_IFNAMSIZ. */
		strcpy(s->ifname, mnl_attr_get_str(tb[L2TPGW_A_IFNAME]));
		s->has |= L2TPCTL_SESSION_HAS_IFNAME;
	}
	if (tb[L2TPGW_A_IFINDEX]) {
		s->ifindex = mnl_attr_get_u32(tb[L2TPGW_A_IFINDEX]);
		s->has |= L2TPCTL_SESSION_HAS_IFINDEX;
	}
	if (tb[L2TPGW_A_MTU]) {
		s->mtu = mnl_attr_get_u32(tb[L2TPGW_A_MTU]);
		s->has |= L2TPCTL_SESSION_HAS_MTU;
	}
	if (tb[L2TPGW_A_SESSION_FLAGS]) {
		s->flags = mnl_attr_get_u32(tb[L2TPGW_A_SESSION_FLAGS]);
		s->has |= L2TPCTL_SESSION_HAS_FLAGS;
	}
	if (tb[L2TPGW_A_PROTOCOLS]) {
		s->protocols = mnl_attr_get_u32(tb[L2TPGW_A_PROTOCOLS]);
		s->has |= L2TPCTL_SESSION_HAS_PROTOCOLS;
	}
	if (tb[L2TPGW_A_REORDER_WINDOW]) {
		s->reorder_window = mnl_attr_get_u16(tb[L2TPGW_A_REORDER_WINDOW]);
		s->has |= L2TPCTL_SESSION_HAS_REORDER_WINDOW;
	}
	if (tb[L2TPGW_A_REORDER_TIMEOUT]) {
		s->reorder_timeout_ms =
			mnl_attr_get_u32(tb[L2TPGW_A_REORDER_TIMEOUT]);
		s->has |= L2TPCTL_SESSION_HAS_REORDER_TIMEOUT;
	}
	if (tb[L2TPGW_A_TCP_MSS]) {
		s->tcp_mss = mnl_attr_get_u16(tb[L2TPGW_A_TCP_MSS]);
		s->has |= L2TPCTL_SESSION_HAS_TCP_MSS;
	}
}

int ctl_parse_session(const struct nlmsghdr *nlh, struct l2tpctl_session *s,
		      char *perr)
{
	const struct nlattr *tb[L2TPGW_A_MAX + 1];
	int err;

	memset(s, 0, sizeof(*s));
	err = ctl_parse_attrs(nlh, tb, perr);
	if (!err)
		err = parse_id(tb, L2TPGW_A_TUNNEL_ID, "tunnel id",
			       &s->tunnel_id, perr);
	if (!err)
		err = parse_id(tb, L2TPGW_A_SESSION_ID, "session id",
			       &s->session_id, perr);
	if (err)
		return err;
	session_optional(tb, s);
	if (tb[L2TPGW_A_STATS]) {
		err = ctl_parse_stats(tb[L2TPGW_A_STATS], &s->stats, perr);
		if (err)
			return err;
		s->has |= L2TPCTL_SESSION_HAS_STATS;
	}
	return 0;
}

int ctl_parse_event(const struct nlmsghdr *nlh, struct l2tpctl_event *ev,
		    char *perr)
{
	const struct nlattr *tb[L2TPGW_A_MAX + 1];
	int err;

	memset(ev, 0, sizeof(*ev));
	err = ctl_parse_attrs(nlh, tb, perr);
	if (err)
		return err;
	ev->cmd = ctl_genl_cmd(nlh);
	if (tb[L2TPGW_A_SOCK_ID]) {
		ev->sock_id = mnl_attr_get_u32(tb[L2TPGW_A_SOCK_ID]);
		ev->has |= L2TPCTL_EVENT_HAS_SOCK_ID;
	}
	if (tb[L2TPGW_A_TUNNEL_ID]) {
		ev->tunnel_id = mnl_attr_get_u16(tb[L2TPGW_A_TUNNEL_ID]);
		ev->has |= L2TPCTL_EVENT_HAS_TUNNEL_ID;
	}
	if (tb[L2TPGW_A_SESSION_ID]) {
		ev->session_id = mnl_attr_get_u16(tb[L2TPGW_A_SESSION_ID]);
		ev->has |= L2TPCTL_EVENT_HAS_SESSION_ID;
	}
	if (tb[L2TPGW_A_CAUSE]) {
		ev->cause = mnl_attr_get_u32(tb[L2TPGW_A_CAUSE]);
		ev->has |= L2TPCTL_EVENT_HAS_CAUSE;
	}
	if (tb[L2TPGW_A_IFNAME]) {
		/* Validated NUL-terminated within L2TPCTL_IFNAMSIZ. */
		strcpy(ev->ifname, mnl_attr_get_str(tb[L2TPGW_A_IFNAME]));
		ev->has |= L2TPCTL_EVENT_HAS_IFNAME;
	}
	return 0;
}

int ctl_parse_global_stats(const struct nlmsghdr *nlh,
			   struct l2tpctl_stats *st, char *perr)
{
	const struct nlattr *tb[L2TPGW_A_MAX + 1];
	int err;

	err = ctl_parse_attrs(nlh, tb, perr);
	if (!err)
		err = require(tb, L2TPGW_A_STATS, "statistics", perr);
	if (err)
		return err;
	return ctl_parse_stats(tb[L2TPGW_A_STATS], st, perr);
}
