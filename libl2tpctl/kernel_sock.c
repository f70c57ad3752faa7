// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel sockets: attach (by fd or module-created), set flags, detach, get,
 * dump. */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "internal.h"

/* Socket ids are only "chosen by the module": 0 is not known to be
 * invalid, so whether a socket came back is tracked separately. */
struct sock_reply {
	struct l2tpctl_sock s;
	bool got;
};

static int sock_reply_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	struct sock_reply *r = arg;
	int err = ctl_parse_sock(nlh, &r->s, perr);

	r->got = !err;
	return err;
}

int l2tpctl_kernel_sock_attach_fd(struct l2tpctl *h, int fd,
				  uint32_t *sock_id)
{
	char buf[CTL_BUF_SIZE];
	struct sock_reply r = { .got = false };
	struct nlmsghdr *req;
	char what[64];
	int err;

	snprintf(what, sizeof(what), "attach socket fd %d", fd);
	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_SOCK_ATTACH,
			    NLM_F_ACK, ctl_next_seq(h));
	mnl_attr_put_u32(req, L2TPGW_A_SOCK_FD, (uint32_t)fd);
	err = ctl_transact(h, req, sock_reply_cb, &r, what);
	if (err)
		return err;
	if (!r.got)
		return ctl_fail(h, -EBADMSG, what, "the kernel sent no socket");
	if (sock_id)
		*sock_id = r.s.sock_id;
	return 0;
}

int l2tpctl_kernel_sock_create(struct l2tpctl *h,
			       const struct l2tpctl_addr *local,
			       uint16_t port, struct l2tpctl_sock *out)
{
	char buf[CTL_BUF_SIZE], addr[INET6_ADDRSTRLEN] = "?";
	struct sock_reply r = { .got = false };
	struct nlmsghdr *req;
	char what[96];
	int err;

	inet_ntop(local->family, local->addr, addr, sizeof(addr));
	snprintf(what, sizeof(what), "create socket on %s port %u", addr, port);
	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_SOCK_ATTACH,
			    NLM_F_ACK, ctl_next_seq(h));
	err = ctl_msg_sock_create(req, local, port);
	if (err)
		return ctl_fail(h, err, what, "bad local address");
	err = ctl_transact(h, req, sock_reply_cb, &r, what);
	if (err)
		return err;
	if (!r.got)
		return ctl_fail(h, -EBADMSG, what, "the kernel sent no socket");
	if (out)
		*out = r.s;
	return 0;
}

/*
 * A request naming one socket, which also sets its flags when flags is
 * not NULL; out (may be NULL) receives the socket the kernel answers.
 */
static int sock_id_request(struct l2tpctl *h, uint8_t cmd, uint32_t sock_id,
			   const uint32_t *flags, struct l2tpctl_sock *out,
			   const char *verb)
{
	struct sock_reply r = { .got = false };
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *req;
	char what[64];
	int err;

	snprintf(what, sizeof(what), "%s socket %u", verb, sock_id);
	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, cmd, NLM_F_ACK, ctl_next_seq(h));
	err = ctl_msg_sock(req, sock_id, flags);
	if (err)
		return ctl_fail(h, err, what, "cannot encode the request");
	err = ctl_transact(h, req, out ? sock_reply_cb : NULL, &r, what);
	if (err || !out)
		return err;
	if (!r.got)
		return ctl_fail(h, -EBADMSG, what, "the kernel sent no socket");
	*out = r.s;
	return 0;
}

int l2tpctl_kernel_sock_set_flags(struct l2tpctl *h, uint32_t sock_id,
				  uint32_t flags)
{
	return sock_id_request(h, L2TPGW_CMD_SOCK_MODIFY, sock_id, &flags,
			       NULL, "set flags of");
}

int l2tpctl_kernel_sock_detach(struct l2tpctl *h, uint32_t sock_id)
{
	return sock_id_request(h, L2TPGW_CMD_SOCK_DETACH, sock_id, NULL, NULL,
			       "detach");
}

int l2tpctl_kernel_sock_get(struct l2tpctl *h, uint32_t sock_id,
			    struct l2tpctl_sock *out)
{
	struct l2tpctl_sock s;
	int err = sock_id_request(h, L2TPGW_CMD_SOCK_GET, sock_id, NULL, &s,
				  "get");

	if (!err && out)
		*out = s;
	return err;
}

struct sock_dump {
	l2tpctl_sock_cb cb;
	void *arg;
};

static int sock_dump_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	struct sock_dump *d = arg;
	struct l2tpctl_sock s;
	int err = ctl_parse_sock(nlh, &s, perr);

	if (err)
		return err;
	err = d->cb(&s, d->arg);
	if (err < 0)
		snprintf(perr, CTL_PERR_SIZE, "stopped by the caller");
	return err;
}

int l2tpctl_kernel_sock_dump(struct l2tpctl *h, l2tpctl_sock_cb cb, void *arg)
{
	char buf[CTL_BUF_SIZE];
	struct sock_dump d = { cb, arg };
	struct nlmsghdr *req;
	int err;

	err = ctl_require(h);
	if (err)
		return err;
	req = ctl_msg_start(buf, h->family_id, L2TPGW_CMD_SOCK_GET,
			    NLM_F_DUMP, ctl_next_seq(h));
	return ctl_transact(h, req, sock_dump_cb, &d, "list sockets");
}
