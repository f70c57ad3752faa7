// SPDX-License-Identifier: LGPL-2.1-or-later
/* Namespace-wide counters and limits of the module. */
#include <errno.h>

#include "internal.h"

static int stats_reply_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	return ctl_parse_global_stats(nlh, arg, perr);
}

static int limits_reply_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	return ctl_parse_limits(nlh, arg, perr);
}

static int stats_request(struct l2tpctl *h, ctl_msg_cb cb, void *arg)
{
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *req;
	int err;

	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_STATS_GET, NLM_F_ACK,
			    ctl_next_seq(h));
	return ctl_transact(h, req, cb, arg, "get namespace statistics");
}

int l2tpctl_kernel_stats_get(struct l2tpctl *h, struct l2tpctl_stats *out)
{
	struct l2tpctl_stats st = { 0 };
	int err;

	err = stats_request(h, stats_reply_cb, &st);
	if (!err && st.count == 0)
		err = ctl_fail(h, -EBADMSG, "get namespace statistics",
			       "the kernel sent no statistics");
	if (!err && out)
		*out = st;
	return err;
}

int l2tpctl_kernel_limits_get(struct l2tpctl *h, struct l2tpctl_limits *out)
{
	struct l2tpctl_limits lim = { 0 };
	int err;

	err = stats_request(h, limits_reply_cb, &lim);
	if (!err && out)
		*out = lim;
	return err;
}
