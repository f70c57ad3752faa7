// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Module events ("events" multicast group) on a socket of their own, so
 * that notifications never interleave with the replies of requests made
 * on the same handle.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "internal.h"

int ctl_events_feed(const void *buf, size_t len, uint16_t family_id,
		    l2tpctl_event_cb cb, void *arg, char *perr)
{
	const struct nlmsghdr *nlh = buf;
	struct l2tpctl_event ev;
	size_t left = len;
	int err;

	while (ctl_nlmsg_ok(nlh, left)) {
		if (nlh->nlmsg_type == family_id) {
			err = ctl_parse_event(nlh, &ev, perr);
			if (err)
				return err;
			err = cb(&ev, arg);
			if (err)
				return err;
		} else if (nlh->nlmsg_type == GENL_ID_CTRL &&
			   ctl_parse_ctrl_event(nlh, &ev) == 1) {
			err = cb(&ev, arg);
			if (err)
				return err;
		}
		nlh = ctl_nlmsg_next(nlh, &left);
	}
	if (left > 0) {
		snprintf(perr, CTL_PERR_SIZE,
			 "malformed event: truncated netlink message");
		return -EBADMSG;
	}
	return 0;
}

static int join(struct l2tpctl *h, uint32_t group)
{
	int g = (int)group;

	if (mnl_socket_setsockopt(h->ev, NETLINK_ADD_MEMBERSHIP, &g,
				  sizeof(g)) < 0)
		return ctl_fail(h, -errno, "subscribe to events",
				"joining the multicast group failed");
	return 0;
}

int l2tpctl_kernel_event_fd(struct l2tpctl *h)
{
	int err;

	err = ctl_require(h);
	if (err)
		return err;
	if (h->ev)
		return mnl_socket_get_fd(h->ev);
	if (!h->events_group)
		return ctl_failf(h, -EOPNOTSUPP,
				 "subscribe to events: the module has no \"%s\" multicast group",
				 L2TPGW_MCGRP_EVENTS);
	err = ctl_socket_open(h, "subscribe to events", &h->ev);
	if (err)
		return err;
	err = join(h, h->events_group);
	if (err) {
		mnl_socket_close(h->ev);
		h->ev = NULL;
		return err;
	}
	return mnl_socket_get_fd(h->ev);
}

/*
 * The controller's only group, "notify", has the controller's family id
 * as its group id (genetlink.c assigns GENL_ID_CTRL to both).
 */
int l2tpctl_kernel_event_watch_module(struct l2tpctl *h)
{
	if (!h->ev)
		return ctl_failf(h, -ENOTCONN,
				 "watch the module: not subscribed (call l2tpctl_kernel_event_fd first)");
	return join(h, GENL_ID_CTRL);
}

int l2tpctl_kernel_reconnect(struct l2tpctl *h)
{
	int err;

	if (h->nl) {
		mnl_socket_close(h->nl);
		h->nl = NULL;
	}
	h->family_id = 0;
	h->events_group = 0;
	err = l2tpctl_kernel_connect(h);
	if (err || !h->ev)
		return err;
	if (!h->events_group)
		return ctl_failf(h, -EOPNOTSUPP,
				 "subscribe to events: the module has no \"%s\" multicast group",
				 L2TPGW_MCGRP_EVENTS);
	return join(h, h->events_group);
}

/*
 * Read and dispatch one datagram; flags is 0 (block) or MSG_DONTWAIT.
 * Returns 0, -EAGAIN when nothing is pending, a negative errno, or the
 * callback's non-zero value.
 */
static int event_read(struct l2tpctl *h, int flags, l2tpctl_event_cb cb,
		      void *arg)
{
	char buf[CTL_RECV_SIZE];
	char perr[CTL_PERR_SIZE];
	ssize_t n;
	int err;

	n = recv(mnl_socket_get_fd(h->ev), buf, sizeof(buf), flags);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return -EAGAIN;
	if (n < 0 && errno == ENOBUFS)
		return ctl_fail(h, -ENOBUFS, "read events",
				"events were lost; re-read the state with a dump");
	if (n < 0)
		return ctl_fail(h, -errno, "read events", NULL);
	perr[0] = '\0';
	err = ctl_events_feed(buf, (size_t)n, h->family_id, cb, arg, perr);
	if (err < 0)
		return ctl_fail(h, err, "read events",
				perr[0] ? perr : "stopped by the callback");
	return err;
}

int l2tpctl_kernel_event_dispatch(struct l2tpctl *h, l2tpctl_event_cb cb,
				  void *arg)
{
	int err;

	if (!h->ev)
		return ctl_failf(h, -ENOTCONN,
				 "read events: not subscribed (call l2tpctl_kernel_event_fd first)");
	do {
		err = event_read(h, MSG_DONTWAIT, cb, arg);
	} while (err == 0);
	return err == -EAGAIN ? 0 : err;
}

int l2tpctl_kernel_monitor(struct l2tpctl *h, l2tpctl_event_cb cb, void *arg)
{
	int err = l2tpctl_kernel_event_fd(h);

	if (err < 0)
		return err;
	do {
		err = event_read(h, 0, cb, arg);
	} while (err == 0 || err == -EAGAIN);
	return err;
}
