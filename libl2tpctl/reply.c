// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Consuming the kernel's answer to one request: family messages, a
 * final NLMSG_ERROR (ack or error, with extended-ack TLVs) or, for dumps,
 * NLMSG_DONE.  A pure function over datagrams so that truncated and
 * malformed replies can be tested without a kernel.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

void ctl_reply_init(struct ctl_reply *r, uint32_t seq, uint32_t portid,
		    uint16_t msg_type, ctl_msg_cb cb, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->seq = seq;
	r->portid = portid;
	r->msg_type = msg_type;
	r->cb = cb;
	r->arg = arg;
}

/* The NLMSGERR_ATTR_MSG among the TLVs at payload offset off, if any. */
static void extack_at(const struct nlmsghdr *nlh, size_t off, char *detail,
		      size_t size)
{
	const struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    off >= nlh->nlmsg_len - MNL_NLMSG_HDRLEN)
		return;
	mnl_attr_for_each(a, nlh, off) {
		if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			return;
		snprintf(detail, size, "%s", mnl_attr_get_str(a));
		return;
	}
}

/* In an error, the TLVs follow the echoed request: its header only when
 * the kernel capped the echo (NLM_F_CAPPED), the whole request otherwise. */
static void extack_msg(const struct nlmsghdr *nlh, const struct nlmsgerr *e,
		       char *detail, size_t size)
{
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < sizeof(e->msg) ||
		    e->msg.nlmsg_len > nlh->nlmsg_len)
			return;
		off += MNL_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg);
	}
	extack_at(nlh, off, detail, size);
}

int ctl_parse_nlerr(const struct nlmsghdr *nlh, char *extack, size_t size,
		    char *perr)
{
	const struct nlmsgerr *e;

	extack[0] = '\0';
	perr[0] = '\0';
	if (nlh->nlmsg_type == NLMSG_DONE) {
		/* A dump's error, if any, comes as an int after the header. */
		int err;

		if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(int))
			return 0;
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err >= 0)
			return 0;
		extack_at(nlh, sizeof(err), extack, size);
		return err;
	}
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e)) {
		snprintf(perr, CTL_PERR_SIZE,
			 "malformed reply: truncated error message");
		return -EBADMSG;
	}
	e = mnl_nlmsg_get_payload(nlh);
	if (e->error > 0 || e->error < -4095) {
		snprintf(perr, CTL_PERR_SIZE, "malformed reply: error code %d",
			 e->error);
		return -EBADMSG;
	}
	if (e->error)
		extack_msg(nlh, e, extack, size);
	return e->error;
}

static int feed_one(struct ctl_reply *r, const struct nlmsghdr *nlh)
{
	char perr[CTL_PERR_SIZE];
	int err;

	if (nlh->nlmsg_seq != r->seq ||
	    (r->portid && nlh->nlmsg_pid && nlh->nlmsg_pid != r->portid))
		return 1;	/* a late answer to an abandoned request */
	switch (nlh->nlmsg_type) {
	case NLMSG_NOOP:
		return 1;
	case NLMSG_OVERRUN:
		snprintf(r->detail, sizeof(r->detail), "netlink overrun");
		return -ENOBUFS;
	case NLMSG_ERROR:
	case NLMSG_DONE:
		r->done = true;
		err = ctl_parse_nlerr(nlh, r->extack, sizeof(r->extack), perr);
		if (err < 0)
			snprintf(r->detail, sizeof(r->detail), "%s",
				 perr[0] ? perr : r->extack);
		return err < 0 ? err : 0;
	}
	if (nlh->nlmsg_type != r->msg_type || r->error || !r->cb)
		return 1;
	perr[0] = '\0';
	err = r->cb(nlh, r->arg, perr);
	if (err < 0) {
		r->error = err;
		snprintf(r->detail, sizeof(r->detail), "%s", perr);
	}
	return 1;
}

int ctl_reply_feed(struct ctl_reply *r, const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	size_t left = len;
	int ret;

	if (len > CTL_RECV_SIZE)
		return -EMSGSIZE;
	while (ctl_nlmsg_ok(nlh, left)) {
		ret = feed_one(r, nlh);
		if (ret < 0)
			return ret;
		if (ret == 0)
			return r->error;
		nlh = ctl_nlmsg_next(nlh, &left);
	}
	if (left > 0) {
		snprintf(r->detail, sizeof(r->detail),
			 "malformed reply: truncated netlink message");
		return -EBADMSG;
	}
	return 1;
}
