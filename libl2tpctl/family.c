// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Resolving the "l2tpgw" generic netlink family through the controller:
 * its dynamic id and the id of its "events" multicast group.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

struct nlmsghdr *ctl_msg_getfamily(void *buf, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, L2TPGW_GENL_NAME);
	return nlh;
}

struct attrs {
	const struct nlattr **tb;
	uint16_t max;
};

/* Keep the last occurrence of each known type; length checks follow. */
static int collect_cb(const struct nlattr *a, void *data)
{
	struct attrs *at = data;
	uint16_t type = mnl_attr_get_type(a);

	if (type <= at->max)
		at->tb[type] = a;
	return MNL_CB_OK;
}

static int group_id(const struct nlattr *groups, uint32_t *id, char *perr)
{
	const struct nlattr *grp;

	*id = 0;
	mnl_attr_for_each_nested(grp, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { 0 };
		struct attrs at = { tb, CTRL_ATTR_MCAST_GRP_MAX };

		if (mnl_attr_parse_nested(grp, collect_cb, &at) != MNL_CB_OK)
			break;
		if (!tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID])
			continue;
		if (mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_NAME],
				      MNL_TYPE_NUL_STRING) < 0 ||
		    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_ID],
				      MNL_TYPE_U32) < 0) {
			snprintf(perr, CTL_PERR_SIZE,
				 "malformed controller reply: bad multicast group");
			return -EBADMSG;
		}
		if (strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			   L2TPGW_MCGRP_EVENTS) == 0) {
			*id = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
			return 0;
		}
	}
	return 0;
}

int ctl_parse_family(const struct nlmsghdr *nlh, uint16_t *family_id,
		     uint32_t *events_group, char *perr)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { 0 };
	struct attrs at = { tb, CTRL_ATTR_MAX };

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(struct genlmsghdr)) {
		snprintf(perr, CTL_PERR_SIZE,
			 "malformed controller reply: no genl header");
		return -EBADMSG;
	}
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), collect_cb, &at);
	if (!tb[CTRL_ATTR_FAMILY_ID] ||
	    mnl_attr_validate(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) < 0) {
		snprintf(perr, CTL_PERR_SIZE,
			 "malformed controller reply: no valid family id");
		return -EBADMSG;
	}
	*family_id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	*events_group = 0;
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		return group_id(tb[CTRL_ATTR_MCAST_GROUPS], events_group, perr);
	return 0;
}

/*
 * A controller notification ("notify" group): CTRL_CMD_NEWFAMILY or
 * CTRL_CMD_DELFAMILY naming our family becomes a module event.  Anything
 * else the controller says (other families, multicast groups) is not ours.
 */
int ctl_parse_ctrl_event(const struct nlmsghdr *nlh, struct l2tpctl_event *ev)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { 0 };
	struct attrs at = { tb, CTRL_ATTR_MAX };
	const struct genlmsghdr *g;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*g))
		return 0;
	g = mnl_nlmsg_get_payload(nlh);
	if (g->cmd != CTRL_CMD_NEWFAMILY && g->cmd != CTRL_CMD_DELFAMILY)
		return 0;
	if (mnl_attr_parse(nlh, sizeof(*g), collect_cb, &at) != MNL_CB_OK ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    mnl_attr_validate(tb[CTRL_ATTR_FAMILY_NAME],
			      MNL_TYPE_NUL_STRING) < 0 ||
	    strcmp(mnl_attr_get_str(tb[CTRL_ATTR_FAMILY_NAME]),
		   L2TPGW_GENL_NAME) != 0)
		return 0;
	memset(ev, 0, sizeof(*ev));
	ev->has = L2TPCTL_EVENT_HAS_MODULE;
	ev->module = g->cmd == CTRL_CMD_DELFAMILY ? L2TPCTL_MODULE_GONE :
		     L2TPCTL_MODULE_BACK;
	return 1;
}
