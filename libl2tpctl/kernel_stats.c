// SPDX-License-Identifier: LGPL-2.1-or-later
/* Namespace-wide counters of the module. */
#include <errno.h>

#include "internal.h"

static int stats_reply_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	return ctl_parse_global_stats(nlh, arg, perr);
}

int l2tpctl_kernel_stats_get(struct l2tpctl *h, struct l2tpctl_stats *out)
{
	char buf[CTL_BUF_SIZE];
	struct l2tpctl_stats st = { 0 };
	struct nlmsghdr *req;
	int err;

	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_STATS_GET, NLM_F_ACK,
			    ctl_next_seq(h));
	err = ctl_transact(h, req, stats_reply_cb, &st, "get namespace statistics");
	if (!err && st.count == 0)
		err = ctl_fail(h, -EBADMSG, "get namespace statistics",
			       "the kernel sent no statistics");
	if (!err && out)
		*out = st;
	return err;
}
