// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel sessions: add, delete, modify, get, dump, and PPP transmit. */
#include <errno.h>
#include <stdio.h>

#include "internal.h"

static int session_reply_cb(const struct nlmsghdr *nlh, void *arg,
			    char *perr)
{
	return ctl_parse_session(nlh, arg, perr);
}

static int session_request(struct l2tpctl *h, uint8_t cmd,
			   const struct l2tpctl_session *s, bool add,
			   struct l2tpctl_session *out, const char *verb)
{
	struct l2tpctl_session reply = { 0 };
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *req;
	char what[64];
	int err;

	snprintf(what, sizeof(what), "%s session %u in tunnel %u", verb,
		 s->session_id, s->tunnel_id);
	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, cmd, NLM_F_ACK, ctl_next_seq(h));
	err = ctl_msg_session(req, s, add);
	if (err)
		return ctl_fail(h, err, what, "cannot encode the request");
	err = ctl_transact(h, req, out ? session_reply_cb : NULL, &reply, what);
	if (err || !out)
		return err;
	if (reply.session_id == 0)
		return ctl_fail(h, -EBADMSG, what, "the kernel sent no session");
	*out = reply;
	return 0;
}

int l2tpctl_kernel_session_add(struct l2tpctl *h,
			       const struct l2tpctl_session *session,
			       struct l2tpctl_session *out)
{
	return session_request(h, L2TPGW_CMD_SESSION_ADD, session, true, out,
			       "add");
}

int l2tpctl_kernel_session_modify(struct l2tpctl *h,
				  const struct l2tpctl_session *session)
{
	return session_request(h, L2TPGW_CMD_SESSION_MODIFY, session, false,
			       NULL, "modify");
}

int l2tpctl_kernel_session_del(struct l2tpctl *h, uint16_t tunnel_id,
			       uint16_t session_id)
{
	struct l2tpctl_session s = { .tunnel_id = tunnel_id,
				     .session_id = session_id };

	return session_request(h, L2TPGW_CMD_SESSION_DEL, &s, false, NULL,
			       "delete");
}

int l2tpctl_kernel_session_get(struct l2tpctl *h, uint16_t tunnel_id,
			       uint16_t session_id,
			       struct l2tpctl_session *out)
{
	struct l2tpctl_session s = { .tunnel_id = tunnel_id,
				     .session_id = session_id };
	struct l2tpctl_session reply;
	int err;

	err = session_request(h, L2TPGW_CMD_SESSION_GET, &s, false, &reply,
			      "get");
	if (!err && (reply.tunnel_id != tunnel_id ||
		     reply.session_id != session_id))
		return ctl_failf(h, -EBADMSG,
				 "get session %u in tunnel %u: the kernel answered for session %u in tunnel %u",
				 session_id, tunnel_id, reply.session_id,
				 reply.tunnel_id);
	if (!err && out)
		*out = reply;
	return err;
}

struct session_dump {
	l2tpctl_session_cb cb;
	void *arg;
};

static int session_dump_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	struct session_dump *d = arg;
	struct l2tpctl_session s;
	int err = ctl_parse_session(nlh, &s, perr);

	if (err)
		return err;
	err = d->cb(&s, d->arg);
	if (err < 0)
		snprintf(perr, CTL_PERR_SIZE, "stopped by the caller");
	return err;
}

int l2tpctl_kernel_session_dump(struct l2tpctl *h, uint16_t tunnel_id,
				l2tpctl_session_cb cb, void *arg)
{
	char buf[CTL_BUF_SIZE];
	struct session_dump d = { cb, arg };
	struct nlmsghdr *req;
	char what[64];
	int err;

	if (tunnel_id)
		snprintf(what, sizeof(what), "list sessions of tunnel %u",
			 tunnel_id);
	else
		snprintf(what, sizeof(what), "list sessions");
	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_SESSION_GET,
			    NLM_F_DUMP, ctl_next_seq(h));
	if (tunnel_id)
		mnl_attr_put_u16(req, L2TPGW_A_TUNNEL_ID, tunnel_id);
	return ctl_transact(h, req, session_dump_cb, &d, what);
}

int l2tpctl_kernel_ppp_xmit(struct l2tpctl *h, uint16_t tunnel_id,
			    uint16_t session_id, const void *frame,
			    size_t len)
{
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *req;
	char what[80];
	int err;

	snprintf(what, sizeof(what), "send PPP frame on session %u in tunnel %u",
		 session_id, tunnel_id);
	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_PPP_XMIT, NLM_F_ACK,
			    ctl_next_seq(h));
	err = ctl_msg_ppp_xmit(req, tunnel_id, session_id, frame, len);
	if (err)
		return ctl_failf(h, -EINVAL,
				 "%s: frame of %zu bytes must be 1..%d bytes",
				 what, len, L2TPCTL_PPP_FRAME_MAX);
	return ctl_transact(h, req, NULL, NULL, what);
}
