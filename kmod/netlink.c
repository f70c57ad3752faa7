// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "l2tpgw": configuration requests, dumps that
 * resume by object id, and removal events.  Requests that change state
 * take rtnl_lock (sessions are net devices) and then the namespace's lock.
 */
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "compat.h"
#include "netlink.h"
#include "netns.h"
#include "session.h"
#include "socket.h"
#include "tunnel.h"
#include "tx.h"

#define L2TPGW_TUNNEL_F_ALL (L2TPGW_TUNNEL_F_UDP_CSUM | \
			     L2TPGW_TUNNEL_F_SEND_LENGTH)
#define L2TPGW_SESSION_F_ALL (L2TPGW_SESSION_F_SEND_SEQ | \
			      L2TPGW_SESSION_F_RECV_SEQ | \
			      L2TPGW_SESSION_F_LNS | \
			      L2TPGW_SESSION_F_TX_ACFC | \
			      L2TPGW_SESSION_F_TX_PFC | \
			      L2TPGW_SESSION_F_PRIORITY)
#define L2TPGW_PROTO_ALL (L2TPGW_PROTO_IPV4 | L2TPGW_PROTO_IPV6)
#define L2TPGW_SOCK_F_ALL L2TPGW_SOCK_F_IPSEC

static struct netlink_range_validation l2tpgw_mtu_range = {
	.min = IPV4_MIN_MTU,
	.max = 65535,
};

static struct netlink_range_validation l2tpgw_reorder_timeout_range = {
	.max = L2TPGW_REORDER_TIMEOUT_MAX,
};

/* How each attribute is validated wherever a command accepts it. */
static const struct nla_policy l2tpgw_policy[L2TPGW_A_MAX + 1] = {
	[L2TPGW_A_SOCK_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[L2TPGW_A_SOCK_FD] = NLA_POLICY_MIN(NLA_S32, 0),
	[L2TPGW_A_SOCK_FAMILY] = { .type = NLA_U16 },
	[L2TPGW_A_SOCK_LOCAL_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[L2TPGW_A_SOCK_LOCAL_PORT] = { .type = NLA_U16 },
	[L2TPGW_A_SOCK_OWNED] = { .type = NLA_FLAG },
	[L2TPGW_A_TUNNEL_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPGW_A_PEER_TUNNEL_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPGW_A_PEER_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[L2TPGW_A_PEER_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPGW_A_LOCAL_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[L2TPGW_A_MARK] = { .type = NLA_U32 },
	[L2TPGW_A_TUNNEL_FLAGS] = NLA_POLICY_MASK(NLA_U32, L2TPGW_TUNNEL_F_ALL),
	[L2TPGW_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPGW_A_PEER_SESSION_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[L2TPGW_A_IFNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[L2TPGW_A_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &l2tpgw_mtu_range),
	[L2TPGW_A_SESSION_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, L2TPGW_SESSION_F_ALL),
	[L2TPGW_A_PROTOCOLS] = NLA_POLICY_MASK(NLA_U32, L2TPGW_PROTO_ALL),
	[L2TPGW_A_REORDER_WINDOW] =
		NLA_POLICY_MAX(NLA_U16, L2TPGW_REORDER_WINDOW_MAX),
	[L2TPGW_A_REORDER_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &l2tpgw_reorder_timeout_range),
	[L2TPGW_A_PPP_FRAME] = { .type = NLA_BINARY },
	[L2TPGW_A_SOCK_FLAGS] = NLA_POLICY_MASK(NLA_U32, L2TPGW_SOCK_F_ALL),
	[L2TPGW_A_IPSEC_REQID] = { .type = NLA_U32 },
	[L2TPGW_A_TCP_MSS] = { .type = NLA_U16 },
};

#define L2TPGW_ATTR(a) BIT_ULL(L2TPGW_A_##a)

/*
 * The attributes each command accepts.  Any other one is refused before
 * the command runs, naming it: a caller that sends an attribute the
 * command would ignore has a bug that silence would hide.
 */
static const u64 l2tpgw_cmd_attrs[L2TPGW_CMD_MAX + 1] = {
	[L2TPGW_CMD_SOCK_ATTACH] = L2TPGW_ATTR(SOCK_FD) |
		L2TPGW_ATTR(SOCK_FAMILY) | L2TPGW_ATTR(SOCK_LOCAL_ADDR) |
		L2TPGW_ATTR(SOCK_LOCAL_PORT) | L2TPGW_ATTR(SOCK_FLAGS),
	[L2TPGW_CMD_SOCK_DETACH] = L2TPGW_ATTR(SOCK_ID),
	[L2TPGW_CMD_SOCK_MODIFY] = L2TPGW_ATTR(SOCK_ID) |
		L2TPGW_ATTR(SOCK_FLAGS),
	[L2TPGW_CMD_SOCK_GET] = L2TPGW_ATTR(SOCK_ID),
	[L2TPGW_CMD_TUNNEL_ADD] = L2TPGW_ATTR(SOCK_ID) |
		L2TPGW_ATTR(TUNNEL_ID) | L2TPGW_ATTR(PEER_TUNNEL_ID) |
		L2TPGW_ATTR(PEER_ADDR) | L2TPGW_ATTR(PEER_PORT) |
		L2TPGW_ATTR(LOCAL_ADDR) | L2TPGW_ATTR(MARK) |
		L2TPGW_ATTR(TUNNEL_FLAGS) | L2TPGW_ATTR(IPSEC_REQID),
	[L2TPGW_CMD_TUNNEL_DEL] = L2TPGW_ATTR(TUNNEL_ID),
	[L2TPGW_CMD_TUNNEL_MODIFY] = L2TPGW_ATTR(TUNNEL_ID) |
		L2TPGW_ATTR(PEER_TUNNEL_ID) | L2TPGW_ATTR(PEER_ADDR) |
		L2TPGW_ATTR(PEER_PORT) | L2TPGW_ATTR(LOCAL_ADDR) |
		L2TPGW_ATTR(MARK) | L2TPGW_ATTR(TUNNEL_FLAGS) |
		L2TPGW_ATTR(IPSEC_REQID),
	[L2TPGW_CMD_TUNNEL_GET] = L2TPGW_ATTR(TUNNEL_ID),
	[L2TPGW_CMD_SESSION_ADD] = L2TPGW_ATTR(TUNNEL_ID) |
		L2TPGW_ATTR(SESSION_ID) | L2TPGW_ATTR(PEER_SESSION_ID) |
		L2TPGW_ATTR(IFNAME) | L2TPGW_ATTR(MTU) |
		L2TPGW_ATTR(SESSION_FLAGS) | L2TPGW_ATTR(PROTOCOLS) |
		L2TPGW_ATTR(REORDER_WINDOW) | L2TPGW_ATTR(REORDER_TIMEOUT) |
		L2TPGW_ATTR(TCP_MSS),
	[L2TPGW_CMD_SESSION_DEL] = L2TPGW_ATTR(TUNNEL_ID) |
		L2TPGW_ATTR(SESSION_ID),
	[L2TPGW_CMD_SESSION_MODIFY] = L2TPGW_ATTR(TUNNEL_ID) |
		L2TPGW_ATTR(SESSION_ID) | L2TPGW_ATTR(PEER_SESSION_ID) |
		L2TPGW_ATTR(MTU) | L2TPGW_ATTR(SESSION_FLAGS) |
		L2TPGW_ATTR(PROTOCOLS) | L2TPGW_ATTR(REORDER_WINDOW) |
		L2TPGW_ATTR(REORDER_TIMEOUT) | L2TPGW_ATTR(TCP_MSS),
	[L2TPGW_CMD_SESSION_GET] = L2TPGW_ATTR(TUNNEL_ID) |
		L2TPGW_ATTR(SESSION_ID),
	[L2TPGW_CMD_PPP_XMIT] = L2TPGW_ATTR(TUNNEL_ID) |
		L2TPGW_ATTR(SESSION_ID) | L2TPGW_ATTR(PPP_FRAME),
	[L2TPGW_CMD_STATS_GET] = 0,
};

#define L2TPGW_REFUSED(a) \
	[L2TPGW_A_##a] = #a ": attribute not accepted by this command"

static const char *const l2tpgw_refused[L2TPGW_A_MAX + 1] = {
	L2TPGW_REFUSED(PAD),
	L2TPGW_REFUSED(SOCK_ID),
	L2TPGW_REFUSED(SOCK_FD),
	L2TPGW_REFUSED(SOCK_FAMILY),
	L2TPGW_REFUSED(SOCK_LOCAL_ADDR),
	L2TPGW_REFUSED(SOCK_LOCAL_PORT),
	L2TPGW_REFUSED(SOCK_OWNED),
	L2TPGW_REFUSED(TUNNEL_ID),
	L2TPGW_REFUSED(PEER_TUNNEL_ID),
	L2TPGW_REFUSED(PEER_ADDR),
	L2TPGW_REFUSED(PEER_PORT),
	L2TPGW_REFUSED(LOCAL_ADDR),
	L2TPGW_REFUSED(MARK),
	L2TPGW_REFUSED(TUNNEL_FLAGS),
	L2TPGW_REFUSED(SESSION_ID),
	L2TPGW_REFUSED(PEER_SESSION_ID),
	L2TPGW_REFUSED(IFNAME),
	L2TPGW_REFUSED(IFINDEX),
	L2TPGW_REFUSED(MTU),
	L2TPGW_REFUSED(SESSION_FLAGS),
	L2TPGW_REFUSED(PROTOCOLS),
	L2TPGW_REFUSED(REORDER_WINDOW),
	L2TPGW_REFUSED(REORDER_TIMEOUT),
	L2TPGW_REFUSED(PPP_FRAME),
	L2TPGW_REFUSED(STATS),
	L2TPGW_REFUSED(CAUSE),
	L2TPGW_REFUSED(SOCK_FLAGS),
	L2TPGW_REFUSED(IPSEC_REQID),
	L2TPGW_REFUSED(LIMITS),
	L2TPGW_REFUSED(TCP_MSS),
};

/* Filled from the two tables above at init, one per command. */
static struct nla_policy
l2tpgw_cmd_policy[L2TPGW_CMD_MAX + 1][L2TPGW_A_MAX + 1] __ro_after_init;

static struct genl_family l2tpgw_family;

enum l2tpgw_mcgrp { L2TPGW_MCGRP_EVENTS_ID };

static const struct genl_multicast_group l2tpgw_mcgrps[] = {
	[L2TPGW_MCGRP_EVENTS_ID] = { .name = L2TPGW_MCGRP_EVENTS },
};

/* A missing attribute is reported by name. */
#define L2TPGW_REQUIRE(info, attr) ({					\
	struct genl_info *__req_info = (info);				\
	bool __missing = GENL_REQ_ATTR_CHECK(__req_info, attr);		\
	if (__missing)							\
		NL_SET_ERR_MSG(__req_info->extack,			\
			       "missing attribute " #attr);		\
	__missing;							\
})

static struct l2tpgw_net *l2tpgw_nl_lock(struct genl_info *info)
{
	struct l2tpgw_net *ln = l2tpgw_net(genl_info_net(info));

	rtnl_lock();
	mutex_lock(&ln->lock);
	return ln;
}

static void l2tpgw_nl_unlock(struct l2tpgw_net *ln)
{
	mutex_unlock(&ln->lock);
	rtnl_unlock();
}

/* --- replies and events -------------------------------------------------- */

static int l2tpgw_put_addr(struct sk_buff *msg, int attr, sa_family_t family,
			   const struct in6_addr *addr)
{
	return nla_put(msg, attr, family == AF_INET ? 4 : 16, addr);
}

static int l2tpgw_fill_sock(struct sk_buff *msg, struct l2tpgw_sock *ls)
{
	struct l2tpgw_sock_addr local;

	l2tpgw_sock_local(ls, &local);
	if (nla_put_u32(msg, L2TPGW_A_SOCK_ID, ls->id) ||
	    nla_put_u16(msg, L2TPGW_A_SOCK_FAMILY, local.family) ||
	    l2tpgw_put_addr(msg, L2TPGW_A_SOCK_LOCAL_ADDR, local.family,
			    &local.addr) ||
	    nla_put_u16(msg, L2TPGW_A_SOCK_LOCAL_PORT, local.port) ||
	    nla_put_u32(msg, L2TPGW_A_SOCK_FLAGS, READ_ONCE(ls->flags)) ||
	    (ls->owned && nla_put_flag(msg, L2TPGW_A_SOCK_OWNED)))
		return -EMSGSIZE;
	return l2tpgw_stats_put(msg, ls->stats);
}

static int l2tpgw_fill_tunnel(struct sk_buff *msg, struct l2tpgw_tunnel *t)
{
	struct l2tpgw_tunnel_cfg cfg;

	l2tpgw_tunnel_get_cfg(t, &cfg);
	if (nla_put_u16(msg, L2TPGW_A_TUNNEL_ID, t->id) ||
	    nla_put_u32(msg, L2TPGW_A_SOCK_ID, t->sock->id) ||
	    nla_put_u16(msg, L2TPGW_A_PEER_TUNNEL_ID, cfg.peer_tunnel_id) ||
	    l2tpgw_put_addr(msg, L2TPGW_A_PEER_ADDR, t->family, &cfg.peer) ||
	    nla_put_u16(msg, L2TPGW_A_PEER_PORT, cfg.peer_port) ||
	    (cfg.has_local &&
	     l2tpgw_put_addr(msg, L2TPGW_A_LOCAL_ADDR, t->family,
			     &cfg.local)) ||
	    nla_put_u32(msg, L2TPGW_A_MARK, cfg.mark) ||
	    nla_put_u32(msg, L2TPGW_A_TUNNEL_FLAGS, cfg.flags) ||
	    nla_put_u32(msg, L2TPGW_A_IPSEC_REQID, cfg.ipsec_reqid))
		return -EMSGSIZE;
	return l2tpgw_stats_put(msg, t->stats);
}

static int l2tpgw_fill_session_ids(struct sk_buff *msg,
				   struct l2tpgw_session *s)
{
	if (nla_put_u16(msg, L2TPGW_A_TUNNEL_ID, s->tunnel->id) ||
	    nla_put_u16(msg, L2TPGW_A_SESSION_ID, s->id) ||
	    nla_put_string(msg, L2TPGW_A_IFNAME, s->dev->name) ||
	    nla_put_u32(msg, L2TPGW_A_IFINDEX, s->dev->ifindex))
		return -EMSGSIZE;
	return 0;
}

static int l2tpgw_fill_session(struct sk_buff *msg, struct l2tpgw_session *s)
{
	if (l2tpgw_fill_session_ids(msg, s) ||
	    nla_put_u16(msg, L2TPGW_A_PEER_SESSION_ID, READ_ONCE(s->peer_id)) ||
	    nla_put_u32(msg, L2TPGW_A_MTU, READ_ONCE(s->dev->mtu)) ||
	    nla_put_u32(msg, L2TPGW_A_SESSION_FLAGS, READ_ONCE(s->flags)) ||
	    nla_put_u32(msg, L2TPGW_A_PROTOCOLS, READ_ONCE(s->protocols)) ||
	    nla_put_u16(msg, L2TPGW_A_REORDER_WINDOW,
			READ_ONCE(s->reorder.window)) ||
	    nla_put_u32(msg, L2TPGW_A_REORDER_TIMEOUT,
			READ_ONCE(s->reorder.timeout_ms)) ||
	    nla_put_u16(msg, L2TPGW_A_TCP_MSS, READ_ONCE(s->tcp_mss)))
		return -EMSGSIZE;
	return l2tpgw_stats_put(msg, s->stats);
}

typedef int (*l2tpgw_fill_t)(struct sk_buff *msg, void *obj);

static int l2tpgw_nl_put(struct sk_buff *msg, u32 portid, u32 seq, int flags,
			 u8 cmd, l2tpgw_fill_t fill, void *obj)
{
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &l2tpgw_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (fill(msg, obj)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/* Build the reply to @info under the lock; send it after unlocking. */
static struct sk_buff *l2tpgw_nl_reply(struct genl_info *info,
				       l2tpgw_fill_t fill, void *obj)
{
	struct sk_buff *msg;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return ERR_PTR(-ENOMEM);
	ret = l2tpgw_nl_put(msg, info->snd_portid, info->snd_seq, 0,
			    info->genlhdr->cmd, fill, obj);
	if (ret) {
		nlmsg_free(msg);
		return ERR_PTR(ret);
	}
	return msg;
}

static int l2tpgw_nl_send(struct genl_info *info, struct sk_buff *msg,
			  int ret)
{
	if (ret) {
		if (!IS_ERR_OR_NULL(msg))
			nlmsg_free(msg);
		return ret;
	}
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	return genlmsg_reply(msg, info);
}

static void l2tpgw_notify(struct net *net, u8 cmd, l2tpgw_fill_t fill,
			  void *obj, enum l2tpgw_cause cause)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&l2tpgw_family, net, L2TPGW_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &l2tpgw_family, 0, cmd);
	if (!hdr || fill(msg, obj) ||
	    nla_put_u32(msg, L2TPGW_A_CAUSE, cause)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&l2tpgw_family, net, msg, 0,
				L2TPGW_MCGRP_EVENTS_ID, GFP_KERNEL);
}

static int l2tpgw_fill_sock_id(struct sk_buff *msg, void *obj)
{
	struct l2tpgw_sock *ls = obj;

	return nla_put_u32(msg, L2TPGW_A_SOCK_ID, ls->id);
}

static int l2tpgw_fill_tunnel_id(struct sk_buff *msg, void *obj)
{
	struct l2tpgw_tunnel *t = obj;

	if (nla_put_u16(msg, L2TPGW_A_TUNNEL_ID, t->id) ||
	    nla_put_u32(msg, L2TPGW_A_SOCK_ID, t->sock->id))
		return -EMSGSIZE;
	return 0;
}

static int l2tpgw_fill_session_ids_cb(struct sk_buff *msg, void *obj)
{
	return l2tpgw_fill_session_ids(msg, obj);
}

void l2tpgw_notify_sock(struct l2tpgw_sock *ls, enum l2tpgw_cause cause)
{
	l2tpgw_notify(ls->ln->net, L2TPGW_CMD_SOCK_DETACH, l2tpgw_fill_sock_id,
		      ls, cause);
}

void l2tpgw_notify_tunnel(struct l2tpgw_tunnel *t, enum l2tpgw_cause cause)
{
	l2tpgw_notify(t->ln->net, L2TPGW_CMD_TUNNEL_DEL, l2tpgw_fill_tunnel_id,
		      t, cause);
}

void l2tpgw_notify_session(struct l2tpgw_session *s, enum l2tpgw_cause cause)
{
	l2tpgw_notify(s->tunnel->ln->net, L2TPGW_CMD_SESSION_DEL,
		      l2tpgw_fill_session_ids_cb, s, cause);
}

static int l2tpgw_fill_sock_cb(struct sk_buff *msg, void *obj)
{
	return l2tpgw_fill_sock(msg, obj);
}

static int l2tpgw_fill_tunnel_cb(struct sk_buff *msg, void *obj)
{
	return l2tpgw_fill_tunnel(msg, obj);
}

static int l2tpgw_fill_session_cb(struct sk_buff *msg, void *obj)
{
	return l2tpgw_fill_session(msg, obj);
}

static int l2tpgw_fill_net_cb(struct sk_buff *msg, void *obj)
{
	struct l2tpgw_net *ln = obj;
	int ret;

	ret = l2tpgw_stats_put(msg, ln->stats);
	if (!ret)
		ret = l2tpgw_net_limits_put(msg, ln);
	return ret;
}

/* --- attribute helpers --------------------------------------------------- */

static int l2tpgw_nl_addr(struct genl_info *info, int attr,
			  sa_family_t family, struct in6_addr *addr)
{
	const struct nlattr *nla = info->attrs[attr];
	int len = family == AF_INET ? 4 : 16;

	if (nla_len(nla) != len) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "address length does not match the socket's family");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(nla), len);
	return 0;
}

static int l2tpgw_nl_peer_addr(struct genl_info *info, sa_family_t family,
			       struct in6_addr *addr)
{
	const struct nlattr *nla = info->attrs[L2TPGW_A_PEER_ADDR];
	bool bad;
	int ret;

	ret = l2tpgw_nl_addr(info, L2TPGW_A_PEER_ADDR, family, addr);
	if (ret)
		return ret;
	if (family == AF_INET) {
		__be32 a;

		memcpy(&a, addr, sizeof(a));
		bad = ipv4_is_zeronet(a) || ipv4_is_multicast(a) ||
		      ipv4_is_lbcast(a);
	} else {
		bad = ipv6_addr_any(addr) || ipv6_addr_is_multicast(addr);
	}
	if (bad) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "peer address must be a unicast address");
		return -EINVAL;
	}
	return 0;
}

static struct l2tpgw_tunnel *l2tpgw_nl_tunnel(struct l2tpgw_net *ln,
					      struct genl_info *info)
{
	struct l2tpgw_tunnel *t;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_TUNNEL_ID))
		return ERR_PTR(-EINVAL);
	t = l2tpgw_tunnel_find(ln, nla_get_u16(info->attrs[L2TPGW_A_TUNNEL_ID]));
	if (!t) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[L2TPGW_A_TUNNEL_ID],
				    "no tunnel with this id");
		return ERR_PTR(-ENOENT);
	}
	return t;
}

static struct l2tpgw_session *l2tpgw_nl_session(struct l2tpgw_net *ln,
						struct genl_info *info)
{
	struct l2tpgw_session *s;
	struct l2tpgw_tunnel *t;

	t = l2tpgw_nl_tunnel(ln, info);
	if (IS_ERR(t))
		return ERR_CAST(t);
	if (L2TPGW_REQUIRE(info, L2TPGW_A_SESSION_ID))
		return ERR_PTR(-EINVAL);
	s = l2tpgw_session_find(t,
				nla_get_u16(info->attrs[L2TPGW_A_SESSION_ID]));
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[L2TPGW_A_SESSION_ID],
				    "no session with this id in the tunnel");
		return ERR_PTR(-ENOENT);
	}
	return s;
}

/* --- sockets ------------------------------------------------------------- */

static int l2tpgw_nl_sock_local(struct genl_info *info,
				struct l2tpgw_sock_addr *local)
{
	struct nlattr **attrs = info->attrs;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_FAMILY) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_LOCAL_ADDR) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_LOCAL_PORT))
		return -EINVAL;
	local->family = nla_get_u16(attrs[L2TPGW_A_SOCK_FAMILY]);
	if (local->family != AF_INET &&
	    !(IS_ENABLED(CONFIG_IPV6) && local->family == AF_INET6)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[L2TPGW_A_SOCK_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	local->port = nla_get_u16(attrs[L2TPGW_A_SOCK_LOCAL_PORT]);
	return l2tpgw_nl_addr(info, L2TPGW_A_SOCK_LOCAL_ADDR, local->family,
			      &local->addr);
}

static int l2tpgw_nl_sock_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_sock_addr local;
	struct sk_buff *msg = NULL;
	struct l2tpgw_sock *ls;
	struct l2tpgw_net *ln;
	u32 flags = 0;
	int ret;

	if (info->attrs[L2TPGW_A_SOCK_FLAGS])
		flags = nla_get_u32(info->attrs[L2TPGW_A_SOCK_FLAGS]);
	if (!info->attrs[L2TPGW_A_SOCK_FD]) {
		ret = l2tpgw_nl_sock_local(info, &local);
		if (ret)
			return ret;
	}
	ln = l2tpgw_nl_lock(info);
	if (ln->dying)
		ret = -ENODEV;
	else if (info->attrs[L2TPGW_A_SOCK_FD])
		ret = l2tpgw_sock_attach_fd(ln,
					    nla_get_s32(info->attrs[L2TPGW_A_SOCK_FD]),
					    flags, info->extack, &ls);
	else
		ret = l2tpgw_sock_create(ln, &local, flags, info->extack, &ls);
	if (!ret)
		msg = l2tpgw_nl_reply(info, l2tpgw_fill_sock_cb, ls);
	l2tpgw_nl_unlock(ln);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_sock_detach(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_sock *ls;
	struct l2tpgw_net *ln;
	LIST_HEAD(dev_kill_list);
	int ret = 0;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_ID))
		return -EINVAL;
	ln = l2tpgw_nl_lock(info);
	ls = l2tpgw_sock_find(ln, nla_get_u32(info->attrs[L2TPGW_A_SOCK_ID]));
	if (ls) {
		l2tpgw_sock_detach(ls, L2TPGW_CAUSE_USER, &dev_kill_list);
		unregister_netdevice_many(&dev_kill_list);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[L2TPGW_A_SOCK_ID],
				    "no socket with this id");
		ret = -ENOENT;
	}
	l2tpgw_nl_unlock(ln);
	return ret;
}

static int l2tpgw_nl_sock_modify(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = NULL;
	struct l2tpgw_sock *ls;
	struct l2tpgw_net *ln;
	int ret = 0;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_ID) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_FLAGS))
		return -EINVAL;
	ln = l2tpgw_net(genl_info_net(info));
	mutex_lock(&ln->lock);
	ls = l2tpgw_sock_find(ln, nla_get_u32(info->attrs[L2TPGW_A_SOCK_ID]));
	if (ls) {
		l2tpgw_sock_set_flags(ls,
				      nla_get_u32(info->attrs[L2TPGW_A_SOCK_FLAGS]));
		msg = l2tpgw_nl_reply(info, l2tpgw_fill_sock_cb, ls);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[L2TPGW_A_SOCK_ID],
				    "no socket with this id");
		ret = -ENOENT;
	}
	mutex_unlock(&ln->lock);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_sock_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_net *ln = l2tpgw_net(genl_info_net(info));
	struct sk_buff *msg = NULL;
	struct l2tpgw_sock *ls;
	int ret = 0;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_ID))
		return -EINVAL;
	mutex_lock(&ln->lock);
	ls = l2tpgw_sock_find(ln, nla_get_u32(info->attrs[L2TPGW_A_SOCK_ID]));
	if (ls) {
		msg = l2tpgw_nl_reply(info, l2tpgw_fill_sock_cb, ls);
	} else {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[L2TPGW_A_SOCK_ID],
				    "no socket with this id");
		ret = -ENOENT;
	}
	mutex_unlock(&ln->lock);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_sock_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct l2tpgw_net *ln = l2tpgw_net(sock_net(skb->sk));
	struct l2tpgw_sock *ls;
	unsigned long id;

	mutex_lock(&ln->lock);
	xa_for_each_start(&ln->socks, id, ls, cb->args[0]) {
		if (l2tpgw_nl_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  L2TPGW_CMD_SOCK_GET, l2tpgw_fill_sock_cb, ls))
			break;
		cb->args[0] = id + 1;
	}
	mutex_unlock(&ln->lock);
	return skb->len;
}

/* --- tunnels ------------------------------------------------------------- */

/* Apply the optional tunnel attributes of @info to @cfg. */
static int l2tpgw_nl_tunnel_cfg(struct genl_info *info, sa_family_t family,
				struct l2tpgw_tunnel_cfg *cfg)
{
	struct nlattr **attrs = info->attrs;
	int ret;

	if (attrs[L2TPGW_A_PEER_TUNNEL_ID])
		cfg->peer_tunnel_id = nla_get_u16(attrs[L2TPGW_A_PEER_TUNNEL_ID]);
	if (attrs[L2TPGW_A_PEER_ADDR]) {
		ret = l2tpgw_nl_peer_addr(info, family, &cfg->peer);
		if (ret)
			return ret;
	}
	if (attrs[L2TPGW_A_PEER_PORT])
		cfg->peer_port = nla_get_u16(attrs[L2TPGW_A_PEER_PORT]);
	if (attrs[L2TPGW_A_LOCAL_ADDR]) {
		ret = l2tpgw_nl_addr(info, L2TPGW_A_LOCAL_ADDR, family,
				     &cfg->local);
		if (ret)
			return ret;
		cfg->has_local = !ipv6_addr_any(&cfg->local);
	}
	if (attrs[L2TPGW_A_MARK])
		cfg->mark = nla_get_u32(attrs[L2TPGW_A_MARK]);
	if (attrs[L2TPGW_A_TUNNEL_FLAGS])
		cfg->flags = nla_get_u32(attrs[L2TPGW_A_TUNNEL_FLAGS]);
	if (attrs[L2TPGW_A_IPSEC_REQID])
		cfg->ipsec_reqid = nla_get_u32(attrs[L2TPGW_A_IPSEC_REQID]);
	return 0;
}

static int l2tpgw_nl_tunnel_add(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_tunnel_cfg cfg = {};
	struct sk_buff *msg = NULL;
	struct l2tpgw_tunnel *t;
	struct l2tpgw_sock *ls;
	struct l2tpgw_net *ln;
	int ret;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_SOCK_ID) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_TUNNEL_ID) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_PEER_TUNNEL_ID) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_PEER_ADDR) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_PEER_PORT))
		return -EINVAL;
	ln = l2tpgw_nl_lock(info);
	ls = l2tpgw_sock_find(ln, nla_get_u32(info->attrs[L2TPGW_A_SOCK_ID]));
	if (!ls) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[L2TPGW_A_SOCK_ID],
				    "no socket with this id");
		ret = -ENOENT;
		goto out;
	}
	ret = l2tpgw_nl_tunnel_cfg(info, l2tpgw_sock_family(ls), &cfg);
	if (ret)
		goto out;
	ret = l2tpgw_tunnel_add(ln, ls,
				nla_get_u16(info->attrs[L2TPGW_A_TUNNEL_ID]),
				&cfg, info->extack, &t);
	if (!ret)
		msg = l2tpgw_nl_reply(info, l2tpgw_fill_tunnel_cb, t);
out:
	l2tpgw_nl_unlock(ln);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_tunnel_del(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_tunnel *t;
	struct l2tpgw_net *ln;
	LIST_HEAD(dev_kill_list);
	int ret = 0;

	ln = l2tpgw_nl_lock(info);
	t = l2tpgw_nl_tunnel(ln, info);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
	} else {
		l2tpgw_tunnel_del(t, L2TPGW_CAUSE_USER, &dev_kill_list);
		unregister_netdevice_many(&dev_kill_list);
	}
	l2tpgw_nl_unlock(ln);
	return ret;
}

static int l2tpgw_nl_tunnel_modify(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_tunnel_cfg cfg;
	struct sk_buff *msg = NULL;
	struct l2tpgw_tunnel *t;
	struct l2tpgw_net *ln;
	int ret;

	ln = l2tpgw_nl_lock(info);
	t = l2tpgw_nl_tunnel(ln, info);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out;
	}
	l2tpgw_tunnel_get_cfg(t, &cfg);
	ret = l2tpgw_nl_tunnel_cfg(info, t->family, &cfg);
	if (ret)
		goto out;
	l2tpgw_tunnel_modify(t, &cfg);
	msg = l2tpgw_nl_reply(info, l2tpgw_fill_tunnel_cb, t);
out:
	l2tpgw_nl_unlock(ln);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_tunnel_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_net *ln = l2tpgw_net(genl_info_net(info));
	struct sk_buff *msg = NULL;
	struct l2tpgw_tunnel *t;
	int ret = 0;

	mutex_lock(&ln->lock);
	t = l2tpgw_nl_tunnel(ln, info);
	if (IS_ERR(t))
		ret = PTR_ERR(t);
	else
		msg = l2tpgw_nl_reply(info, l2tpgw_fill_tunnel_cb, t);
	mutex_unlock(&ln->lock);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_tunnel_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct l2tpgw_net *ln = l2tpgw_net(sock_net(skb->sk));
	struct l2tpgw_tunnel *t;
	unsigned long id;

	mutex_lock(&ln->lock);
	xa_for_each_start(&ln->tunnels, id, t, cb->args[0]) {
		if (l2tpgw_nl_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  L2TPGW_CMD_TUNNEL_GET, l2tpgw_fill_tunnel_cb,
				  t))
			break;
		cb->args[0] = id + 1;
	}
	mutex_unlock(&ln->lock);
	return skb->len;
}

/* --- sessions ------------------------------------------------------------ */

/* 0 (off), L2TPGW_TCP_MSS_AUTO, or a fixed MSS no TCP stack goes below. */
static int l2tpgw_nl_tcp_mss(struct genl_info *info, u16 *tcp_mss)
{
	const struct nlattr *nla = info->attrs[L2TPGW_A_TCP_MSS];

	*tcp_mss = nla_get_u16(nla);
	if (*tcp_mss && *tcp_mss < L2TPGW_TCP_MSS_MIN) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "TCP_MSS: 0, 65535 (auto) or at least 88");
		return -EINVAL;
	}
	return 0;
}

static int l2tpgw_nl_session_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct l2tpgw_session_cfg cfg = { .tcp_mss = L2TPGW_TCP_MSS_AUTO };
	struct sk_buff *msg = NULL;
	struct l2tpgw_session *s;
	struct l2tpgw_tunnel *t;
	struct l2tpgw_net *ln;
	int ret;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_SESSION_ID) ||
	    L2TPGW_REQUIRE(info, L2TPGW_A_PEER_SESSION_ID))
		return -EINVAL;
	cfg.peer_id = nla_get_u16(attrs[L2TPGW_A_PEER_SESSION_ID]);
	if (attrs[L2TPGW_A_IFNAME])
		cfg.ifname = nla_data(attrs[L2TPGW_A_IFNAME]);
	if (attrs[L2TPGW_A_MTU])
		cfg.mtu = nla_get_u32(attrs[L2TPGW_A_MTU]);
	if (attrs[L2TPGW_A_SESSION_FLAGS])
		cfg.flags = nla_get_u32(attrs[L2TPGW_A_SESSION_FLAGS]);
	if (attrs[L2TPGW_A_PROTOCOLS])
		cfg.protocols = nla_get_u32(attrs[L2TPGW_A_PROTOCOLS]);
	if (attrs[L2TPGW_A_REORDER_WINDOW])
		cfg.reorder_window = nla_get_u16(attrs[L2TPGW_A_REORDER_WINDOW]);
	if (attrs[L2TPGW_A_REORDER_TIMEOUT])
		cfg.reorder_timeout = nla_get_u32(attrs[L2TPGW_A_REORDER_TIMEOUT]);
	if (attrs[L2TPGW_A_TCP_MSS] && l2tpgw_nl_tcp_mss(info, &cfg.tcp_mss))
		return -EINVAL;

	ln = l2tpgw_nl_lock(info);
	t = l2tpgw_nl_tunnel(ln, info);
	if (IS_ERR(t)) {
		ret = PTR_ERR(t);
		goto out;
	}
	ret = l2tpgw_session_add(t, nla_get_u16(attrs[L2TPGW_A_SESSION_ID]),
				 &cfg, info->extack, &s);
	if (!ret)
		msg = l2tpgw_nl_reply(info, l2tpgw_fill_session_cb, s);
out:
	l2tpgw_nl_unlock(ln);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_session_del(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_session *s;
	struct l2tpgw_net *ln;
	LIST_HEAD(dev_kill_list);
	int ret = 0;

	ln = l2tpgw_nl_lock(info);
	s = l2tpgw_nl_session(ln, info);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
	} else {
		l2tpgw_session_del(s, L2TPGW_CAUSE_USER, &dev_kill_list);
		unregister_netdevice_many(&dev_kill_list);
	}
	l2tpgw_nl_unlock(ln);
	return ret;
}

/* A MODIFY of the reorder window and/or timeout. */
static void l2tpgw_nl_set_reorder(struct l2tpgw_session *s,
				  struct nlattr **attrs)
{
	s64 timeout = -1;
	int window = -1;

	if (attrs[L2TPGW_A_REORDER_WINDOW])
		window = nla_get_u16(attrs[L2TPGW_A_REORDER_WINDOW]);
	if (attrs[L2TPGW_A_REORDER_TIMEOUT])
		timeout = nla_get_u32(attrs[L2TPGW_A_REORDER_TIMEOUT]);
	l2tpgw_reorder_set(s, window, timeout);
}

static int l2tpgw_nl_set_mtu(struct l2tpgw_session *s, struct genl_info *info)
{
	const struct nlattr *nla = info->attrs[L2TPGW_A_MTU];
	u32 mtu = nla_get_u32(nla);
	int ret;

	if (mtu > s->dev->max_mtu) {
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "MTU larger than the encapsulation allows");
		return -EINVAL;
	}
	ret = dev_set_mtu(s->dev, mtu);
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, nla,
				    "the device refused the MTU");
	return ret;
}

static int l2tpgw_nl_session_modify(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct sk_buff *msg = NULL;
	struct l2tpgw_session *s;
	struct l2tpgw_net *ln;
	u16 tcp_mss = 0;
	int ret = 0;

	ln = l2tpgw_nl_lock(info);
	s = l2tpgw_nl_session(ln, info);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out;
	}
	if (attrs[L2TPGW_A_TCP_MSS]) {
		ret = l2tpgw_nl_tcp_mss(info, &tcp_mss);
		if (ret)
			goto out;
	}
	if (attrs[L2TPGW_A_MTU]) {
		ret = l2tpgw_nl_set_mtu(s, info);
		if (ret)
			goto out;
	}
	if (attrs[L2TPGW_A_TCP_MSS])
		WRITE_ONCE(s->tcp_mss, tcp_mss);
	if (attrs[L2TPGW_A_PEER_SESSION_ID])
		WRITE_ONCE(s->peer_id,
			   nla_get_u16(attrs[L2TPGW_A_PEER_SESSION_ID]));
	if (attrs[L2TPGW_A_SESSION_FLAGS])
		l2tpgw_session_set_flags(s,
					 nla_get_u32(attrs[L2TPGW_A_SESSION_FLAGS]));
	if (attrs[L2TPGW_A_PROTOCOLS])
		WRITE_ONCE(s->protocols, nla_get_u32(attrs[L2TPGW_A_PROTOCOLS]));
	if (attrs[L2TPGW_A_REORDER_WINDOW] || attrs[L2TPGW_A_REORDER_TIMEOUT])
		l2tpgw_nl_set_reorder(s, attrs);
	msg = l2tpgw_nl_reply(info, l2tpgw_fill_session_cb, s);
out:
	l2tpgw_nl_unlock(ln);
	return l2tpgw_nl_send(info, msg, ret);
}

static int l2tpgw_nl_session_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_net *ln = l2tpgw_net(genl_info_net(info));
	struct sk_buff *msg = NULL;
	struct l2tpgw_session *s;
	int ret = 0;

	mutex_lock(&ln->lock);
	s = l2tpgw_nl_session(ln, info);
	if (IS_ERR(s))
		ret = PTR_ERR(s);
	else
		msg = l2tpgw_nl_reply(info, l2tpgw_fill_session_cb, s);
	mutex_unlock(&ln->lock);
	return l2tpgw_nl_send(info, msg, ret);
}

/* Resumes at (args[0], args[1]) = (tunnel id, session id). */
static int l2tpgw_nl_session_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	const struct nlattr *only =
		l2tpgw_compat_dump_attrs(cb)[L2TPGW_A_TUNNEL_ID];
	struct l2tpgw_net *ln = l2tpgw_net(sock_net(skb->sk));
	unsigned long tid_max = ULONG_MAX, tid, sid;
	struct l2tpgw_session *s;
	struct l2tpgw_tunnel *t;

	if (only) {
		tid = nla_get_u16(only);
		if (cb->args[0] < tid)
			cb->args[0] = tid;
		tid_max = tid;
	}
	mutex_lock(&ln->lock);
	xa_for_each_range(&ln->tunnels, tid, t, cb->args[0], tid_max) {
		/* The tunnel the last part stopped in was deleted since: its
		 * session cursor means nothing in the next one.
		 */
		if (tid != cb->args[0])
			cb->args[1] = 0;
		xa_for_each_start(&t->sessions, sid, s, cb->args[1]) {
			if (l2tpgw_nl_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, NLM_F_MULTI,
					  L2TPGW_CMD_SESSION_GET,
					  l2tpgw_fill_session_cb, s))
				goto out;
			cb->args[0] = tid;
			cb->args[1] = sid + 1;
		}
		cb->args[0] = tid + 1;
		cb->args[1] = 0;
	}
out:
	mutex_unlock(&ln->lock);
	return skb->len;
}

/* --- PPP control frames and namespace counters --------------------------- */

static int l2tpgw_nl_ppp_xmit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *frame = info->attrs[L2TPGW_A_PPP_FRAME];
	struct l2tpgw_session *s;
	struct l2tpgw_net *ln;
	int ret;

	if (L2TPGW_REQUIRE(info, L2TPGW_A_PPP_FRAME))
		return -EINVAL;
	ln = l2tpgw_net(genl_info_net(info));
	mutex_lock(&ln->lock);
	s = l2tpgw_nl_session(ln, info);
	if (IS_ERR(s)) {
		ret = PTR_ERR(s);
		goto out;
	}
	ret = l2tpgw_tx_ppp(s, nla_data(frame), nla_len(frame));
	if (ret == -EINVAL)
		NL_SET_ERR_MSG_ATTR(info->extack, frame,
				    "PPP protocol field is malformed");
	else if (ret == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack, "no route to the tunnel's peer");
out:
	mutex_unlock(&ln->lock);
	return ret;
}

static int l2tpgw_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct l2tpgw_net *ln = l2tpgw_net(genl_info_net(info));

	return l2tpgw_nl_send(info, l2tpgw_nl_reply(info, l2tpgw_fill_net_cb,
						    ln), 0);
}

/* .policy and .maxattr are set by l2tpgw_cmd_policies_init(). */
static struct genl_ops l2tpgw_ops[] __ro_after_init = {
	{
		.cmd = L2TPGW_CMD_SOCK_ATTACH,
		.doit = l2tpgw_nl_sock_attach,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_SOCK_DETACH,
		.doit = l2tpgw_nl_sock_detach,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_SOCK_MODIFY,
		.doit = l2tpgw_nl_sock_modify,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_SOCK_GET,
		.doit = l2tpgw_nl_sock_get,
		.dumpit = l2tpgw_nl_sock_dump,
	}, {
		.cmd = L2TPGW_CMD_TUNNEL_ADD,
		.doit = l2tpgw_nl_tunnel_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_TUNNEL_DEL,
		.doit = l2tpgw_nl_tunnel_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_TUNNEL_MODIFY,
		.doit = l2tpgw_nl_tunnel_modify,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_TUNNEL_GET,
		.doit = l2tpgw_nl_tunnel_get,
		.dumpit = l2tpgw_nl_tunnel_dump,
	}, {
		.cmd = L2TPGW_CMD_SESSION_ADD,
		.doit = l2tpgw_nl_session_add,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_SESSION_DEL,
		.doit = l2tpgw_nl_session_del,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_SESSION_MODIFY,
		.doit = l2tpgw_nl_session_modify,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_SESSION_GET,
		.doit = l2tpgw_nl_session_get,
		.dumpit = l2tpgw_nl_session_dump,
	}, {
		.cmd = L2TPGW_CMD_PPP_XMIT,
		.doit = l2tpgw_nl_ppp_xmit,
		.flags = GENL_UNS_ADMIN_PERM,
	}, {
		.cmd = L2TPGW_CMD_STATS_GET,
		.doit = l2tpgw_nl_stats_get,
	},
};

static struct genl_family l2tpgw_family __ro_after_init = {
	.name = L2TPGW_GENL_NAME,
	.version = L2TPGW_GENL_VERSION,
	.maxattr = L2TPGW_A_MAX,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = l2tpgw_ops,
	.n_ops = ARRAY_SIZE(l2tpgw_ops),
	.mcgrps = l2tpgw_mcgrps,
	.n_mcgrps = ARRAY_SIZE(l2tpgw_mcgrps),
};

static void __init l2tpgw_cmd_policies_init(void)
{
	struct nla_policy *policy;
	unsigned int i, attr;
	u64 accepted;

	BUILD_BUG_ON(L2TPGW_A_MAX >= 64);
	for (i = 0; i < ARRAY_SIZE(l2tpgw_ops); i++) {
		policy = l2tpgw_cmd_policy[l2tpgw_ops[i].cmd];
		accepted = l2tpgw_cmd_attrs[l2tpgw_ops[i].cmd];
		for (attr = 1; attr <= L2TPGW_A_MAX; attr++) {
			/* Members of the union are const: no assignment. */
			if (accepted & BIT_ULL(attr)) {
				memcpy(&policy[attr], &l2tpgw_policy[attr],
				       sizeof(*policy));
			} else {
				policy[attr].type = NLA_REJECT;
				policy[attr].reject_message = l2tpgw_refused[attr];
			}
		}
		l2tpgw_ops[i].policy = policy;
		l2tpgw_ops[i].maxattr = L2TPGW_A_MAX;
	}
}

int __init l2tpgw_genl_register(void)
{
	l2tpgw_cmd_policies_init();
	return genl_register_family(&l2tpgw_family);
}

void l2tpgw_genl_unregister(void)
{
	genl_unregister_family(&l2tpgw_family);
}
