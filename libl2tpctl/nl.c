// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The handle's generic netlink socket: opening it, resolving the family,
 * and one request/reply exchange at a time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"

struct l2tpctl *l2tpctl_open(void)
{
	return calloc(1, sizeof(struct l2tpctl));
}

void l2tpctl_close(struct l2tpctl *h)
{
	if (!h)
		return;
	if (h->nl)
		mnl_socket_close(h->nl);
	if (h->ev)
		mnl_socket_close(h->ev);
	ctl_daemon_free(h->daemon);
	free(h);
}

uint32_t ctl_next_seq(struct l2tpctl *h)
{
	return ++h->seq;
}

int ctl_require(struct l2tpctl *h)
{
	if (h->nl)
		return 0;
	return ctl_failf(h, -ENOTCONN,
			 "not connected to the kernel (call l2tpctl_kernel_connect first)");
}

/* Ask for extended acks and for errors that do not echo the request. */
static void set_ack_options(struct mnl_socket *nl)
{
	int on = 1;

	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &on, sizeof(on));
}

int ctl_socket_open(struct l2tpctl *h, const char *what,
		    struct mnl_socket **out)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	int err;

	if (!nl)
		return ctl_fail(h, -errno, what,
				"cannot open generic netlink socket");
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = ctl_fail(h, -errno, what,
			       "cannot bind generic netlink socket");
		mnl_socket_close(nl);
		return err;
	}
	set_ack_options(nl);
	*out = nl;
	return 0;
}

static int exchange(struct l2tpctl *h, struct mnl_socket *nl,
		    struct nlmsghdr *req, struct ctl_reply *r, const char *what)
{
	char buf[CTL_RECV_SIZE];
	int ret = 1;	/* 1: more of the reply to read */
	ssize_t n;

	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		return ctl_fail(h, -errno, what, "sending the request failed");
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ctl_fail(h, -errno, what,
					"receiving the reply failed");
		}
		if (n == 0)
			return ctl_fail(h, -EBADMSG, what, "empty reply");
		ret = ctl_reply_feed(r, buf, (size_t)n);
	} while (ret > 0);
	if (ret < 0) {
		ctl_fail(h, ret, what, r->detail);
		memcpy(h->extack, r->extack, sizeof(h->extack));
		return ret;
	}
	ctl_clear_error(h);
	return 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	struct l2tpctl *h = arg;

	return ctl_parse_family(nlh, &h->family_id, &h->events_group, perr);
}

int l2tpctl_kernel_connect(struct l2tpctl *h)
{
	char buf[CTL_BUF_SIZE];
	struct ctl_reply r;
	struct nlmsghdr *req;
	int err;

	if (h->nl)
		return 0;
	err = ctl_socket_open(h, "connect to l2tpgw", &h->nl);
	if (err)
		return err;
	req = ctl_msg_getfamily(buf, ctl_next_seq(h));
	ctl_reply_init(&r, req->nlmsg_seq, mnl_socket_get_portid(h->nl),
		       GENL_ID_CTRL, family_cb, h);
	err = exchange(h, h->nl, req, &r, "resolve generic netlink family");
	if (err == 0 && h->family_id == 0)
		err = ctl_fail(h, -EBADMSG, "resolve generic netlink family",
			       "no family id in the reply");
	if (err == -ENOENT)
		ctl_failf(h, err,
			  "l2tpgw kernel module not loaded (generic netlink family \"%s\" not found)",
			  L2TPGW_GENL_NAME);
	if (err) {
		mnl_socket_close(h->nl);
		h->nl = NULL;
	}
	return err;
}

int ctl_transact(struct l2tpctl *h, struct nlmsghdr *req, ctl_msg_cb cb,
		 void *arg, const char *what)
{
	struct ctl_reply r;

	ctl_reply_init(&r, req->nlmsg_seq, mnl_socket_get_portid(h->nl),
		       h->family_id, cb, arg);
	return exchange(h, h->nl, req, &r, what);
}
