// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel tunnels: add, delete, modify, get, dump. */
#include <errno.h>
#include <stdio.h>

#include "internal.h"

static int tunnel_reply_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	return ctl_parse_tunnel(nlh, arg, perr);
}

static int tunnel_request(struct l2tpctl *h, uint8_t cmd,
			  const struct l2tpctl_tunnel *t, bool add,
			  struct l2tpctl_tunnel *out, const char *verb)
{
	struct l2tpctl_tunnel reply = { 0 };
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *req;
	char what[64];
	int err;

	snprintf(what, sizeof(what), "%s tunnel %u", verb, t->tunnel_id);
	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, cmd, NLM_F_ACK, ctl_next_seq(h));
	err = ctl_msg_tunnel(req, t, add);
	if (err)
		return ctl_fail(h, err, what, "cannot encode the request");
	err = ctl_transact(h, req, out ? tunnel_reply_cb : NULL, &reply, what);
	if (err || !out)
		return err;
	if (reply.tunnel_id == 0)
		return ctl_fail(h, -EBADMSG, what, "the kernel sent no tunnel");
	*out = reply;
	return 0;
}

int l2tpctl_kernel_tunnel_add(struct l2tpctl *h,
			      const struct l2tpctl_tunnel *tunnel,
			      struct l2tpctl_tunnel *out)
{
	return tunnel_request(h, L2TPGW_CMD_TUNNEL_ADD, tunnel, true, out,
			      "add");
}

int l2tpctl_kernel_tunnel_modify(struct l2tpctl *h,
				 const struct l2tpctl_tunnel *tunnel)
{
	return tunnel_request(h, L2TPGW_CMD_TUNNEL_MODIFY, tunnel, false, NULL,
			      "modify");
}

int l2tpctl_kernel_tunnel_del(struct l2tpctl *h, uint16_t tunnel_id)
{
	struct l2tpctl_tunnel t = { .tunnel_id = tunnel_id };

	return tunnel_request(h, L2TPGW_CMD_TUNNEL_DEL, &t, false, NULL,
			      "delete");
}

int l2tpctl_kernel_tunnel_get(struct l2tpctl *h, uint16_t tunnel_id,
			      struct l2tpctl_tunnel *out)
{
	struct l2tpctl_tunnel t = { .tunnel_id = tunnel_id };
	struct l2tpctl_tunnel reply;
	int err;

	/* The reply must be about the tunnel asked for, not another. */

	err = tunnel_request(h, L2TPGW_CMD_TUNNEL_GET, &t, false, &reply,
			     "get");
	if (!err && reply.tunnel_id != tunnel_id)
		return ctl_failf(h, -EBADMSG,
				 "get tunnel %u: the kernel answered for tunnel %u",
				 tunnel_id, reply.tunnel_id);
	if (!err && out)
		*out = reply;
	return err;
}

struct tunnel_dump {
	l2tpctl_tunnel_cb cb;
	void *arg;
};

static int tunnel_dump_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	struct tunnel_dump *d = arg;
	struct l2tpctl_tunnel t;
	int err = ctl_parse_tunnel(nlh, &t, perr);

	if (err)
		return err;
	err = d->cb(&t, d->arg);
	if (err < 0)
		snprintf(perr, CTL_PERR_SIZE, "stopped by the caller");
	return err;
}

int l2tpctl_kernel_tunnel_dump(struct l2tpctl *h, l2tpctl_tunnel_cb cb,
			       void *arg)
{
	char buf[CTL_BUF_SIZE];
	struct tunnel_dump d = { cb, arg };
	struct nlmsghdr *req;
	int err;

	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_TUNNEL_GET,
			    NLM_F_DUMP, ctl_next_seq(h));
	return ctl_transact(h, req, tunnel_dump_cb, &d, "list tunnels");
}
