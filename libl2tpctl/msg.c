// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Building l2tpgw requests.  Pure functions over a CTL_BUF_SIZE buffer:
 * the caller owns the buffer, nothing here does I/O.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "internal.h"

struct nlmsghdr *ctl_msg_start(void *buf, uint16_t family_id, uint8_t cmd,
			       uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = L2TPGW_GENL_VERSION;
	return nlh;
}

static int put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t v)
{
	return mnl_attr_put_u16_check(nlh, CTL_BUF_SIZE, type, v) ? 0 : -EMSGSIZE;
}

static int put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	return mnl_attr_put_u32_check(nlh, CTL_BUF_SIZE, type, v) ? 0 : -EMSGSIZE;
}

int ctl_put_addr(struct nlmsghdr *nlh, uint16_t type,
		 const struct l2tpctl_addr *a)
{
	size_t len;

	if (a->family == AF_INET)
		len = 4;
	else if (a->family == AF_INET6)
		len = 16;
	else
		return -EAFNOSUPPORT;
	return mnl_attr_put_check(nlh, CTL_BUF_SIZE, type, len, a->addr) ?
	       0 : -EMSGSIZE;
}

/* Fields sent for an add regardless of has bits: the required ones. */
#define TUNNEL_ADD_REQUIRED (L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID | \
			     L2TPCTL_TUNNEL_HAS_SOCK_ID | \
			     L2TPCTL_TUNNEL_HAS_PEER | \
			     L2TPCTL_TUNNEL_HAS_PEER_PORT)

int ctl_msg_tunnel(struct nlmsghdr *nlh, const struct l2tpctl_tunnel *t,
		   bool add)
{
	uint32_t has = t->has | (add ? TUNNEL_ADD_REQUIRED : 0);
	int err;

	if (!add)
		has &= ~(uint32_t)(L2TPCTL_TUNNEL_HAS_SOCK_ID |
				   L2TPCTL_TUNNEL_HAS_LOCAL);
	err = put_u16(nlh, L2TPGW_A_TUNNEL_ID, t->tunnel_id);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_SOCK_ID))
		err = put_u32(nlh, L2TPGW_A_SOCK_ID, t->sock_id);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID))
		err = put_u16(nlh, L2TPGW_A_PEER_TUNNEL_ID, t->peer_tunnel_id);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_PEER))
		err = ctl_put_addr(nlh, L2TPGW_A_PEER_ADDR, &t->peer);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_PEER_PORT))
		err = put_u16(nlh, L2TPGW_A_PEER_PORT, t->peer_port);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_LOCAL))
		err = ctl_put_addr(nlh, L2TPGW_A_LOCAL_ADDR, &t->local);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_MARK))
		err = put_u32(nlh, L2TPGW_A_MARK, t->mark);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_FLAGS))
		err = put_u32(nlh, L2TPGW_A_TUNNEL_FLAGS, t->flags);
	if (!err && (has & L2TPCTL_TUNNEL_HAS_IPSEC_REQID))
		err = put_u32(nlh, L2TPGW_A_IPSEC_REQID, t->ipsec_reqid);
	return err;
}

int ctl_msg_session(struct nlmsghdr *nlh, const struct l2tpctl_session *s,
		    bool add)
{
	uint32_t has = s->has;
	int err;

	if (add)
		has |= L2TPCTL_SESSION_HAS_PEER_SESSION_ID;
	else
		has &= ~(uint32_t)L2TPCTL_SESSION_HAS_IFNAME;
	if ((has & L2TPCTL_SESSION_HAS_IFNAME) &&
	    !memchr(s->ifname, '\0', sizeof(s->ifname)))
		return -EINVAL;
	err = put_u16(nlh, L2TPGW_A_TUNNEL_ID, s->tunnel_id);
	if (!err)
		err = put_u16(nlh, L2TPGW_A_SESSION_ID, s->session_id);
	if (!err && (has & L2TPCTL_SESSION_HAS_PEER_SESSION_ID))
		err = put_u16(nlh, L2TPGW_A_PEER_SESSION_ID, s->peer_session_id);
	if (!err && (has & L2TPCTL_SESSION_HAS_IFNAME))
		err = mnl_attr_put_strz_check(nlh, CTL_BUF_SIZE, L2TPGW_A_IFNAME,
					      s->ifname) ? 0 : -EMSGSIZE;
	if (!err && (has & L2TPCTL_SESSION_HAS_MTU))
		err = put_u32(nlh, L2TPGW_A_MTU, s->mtu);
	if (!err && (has & L2TPCTL_SESSION_HAS_FLAGS))
		err = put_u32(nlh, L2TPGW_A_SESSION_FLAGS, s->flags);
	if (!err && (has & L2TPCTL_SESSION_HAS_PROTOCOLS))
		err = put_u32(nlh, L2TPGW_A_PROTOCOLS, s->protocols);
	if (!err && (has & L2TPCTL_SESSION_HAS_REORDER_WINDOW))
		err = put_u16(nlh, L2TPGW_A_REORDER_WINDOW, s->reorder_window);
	if (!err && (has & L2TPCTL_SESSION_HAS_REORDER_TIMEOUT))
		err = put_u32(nlh, L2TPGW_A_REORDER_TIMEOUT,
			      s->reorder_timeout_ms);
	if (!err && (has & L2TPCTL_SESSION_HAS_TCP_MSS))
		err = put_u16(nlh, L2TPGW_A_TCP_MSS, s->tcp_mss);
	return err;
}

int ctl_msg_sock_create(struct nlmsghdr *nlh, const struct l2tpctl_addr *a,
			uint16_t port)
{
	int err;

	if (a->family != AF_INET && a->family != AF_INET6)
		return -EAFNOSUPPORT;
	err = put_u16(nlh, L2TPGW_A_SOCK_FAMILY, (uint16_t)a->family);
	if (!err)
		err = ctl_put_addr(nlh, L2TPGW_A_SOCK_LOCAL_ADDR, a);
	if (!err)
		err = put_u16(nlh, L2TPGW_A_SOCK_LOCAL_PORT, port);
	return err;
}

int ctl_msg_sock(struct nlmsghdr *nlh, uint32_t sock_id, const uint32_t *flags)
{
	int err = put_u32(nlh, L2TPGW_A_SOCK_ID, sock_id);

	if (!err && flags)
		err = put_u32(nlh, L2TPGW_A_SOCK_FLAGS, *flags);
	return err;
}

int ctl_msg_ppp_xmit(struct nlmsghdr *nlh, uint16_t tunnel_id,
		     uint16_t session_id, const void *frame, size_t len)
{
	int err;

	if (len == 0 || len > L2TPCTL_PPP_FRAME_MAX)
		return -EINVAL;
	err = put_u16(nlh, L2TPGW_A_TUNNEL_ID, tunnel_id);
	if (!err)
		err = put_u16(nlh, L2TPGW_A_SESSION_ID, session_id);
	if (!err)
		err = mnl_attr_put_check(nlh, CTL_BUF_SIZE, L2TPGW_A_PPP_FRAME,
					 len, frame) ? 0 : -EMSGSIZE;
	return err;
}
