// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * UDP sockets of the daemon, read in batches.
 */
#include "udp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/l2tpgw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

#define UDP_BATCH	32
/* Control messages above 8 KiB are refused anyway; room for a full one. */
#define UDP_BUF		9000
/*
 * Thousands of peers may retransmit at once (after an outage, a restart):
 * a deep receive queue absorbs the burst instead of dropping it.
 */
#define UDP_RCVBUF	(4 << 20)

/* Linux 5.19; glibc 2.36 does not name it yet. */
#ifndef SO_RCVMARK
#define SO_RCVMARK	75
#endif
#define MARK_CMSG_SPACE	CMSG_SPACE(sizeof(uint32_t))

struct udp_sock {
	struct udp_set *set;
	int fd;
	uint32_t id;
	/* The id before a re-attach: tunnels closing still send by it. */
	uint32_t old_id;
	struct l2tp_addr local;
	struct log_ratelimit rl;
};

struct udp_set {
	struct loop *loop;
	udp_rx_fn rx;
	void *rx_arg;
	struct udp_sock socks[CONFIG_MAX_LISTEN];
	unsigned n;
	/* Shared receive batch: the loop is single-threaded. */
	struct mmsghdr msgs[UDP_BATCH];
	struct iovec iov[UDP_BATCH];
	struct sockaddr_storage from[UDP_BATCH];
	/* SO_MARK: the module's note of the IPsec SA (SO_RCVMARK) */
	union {
		struct cmsghdr align;
		uint8_t buf[MARK_CMSG_SPACE];
	} ctrl[UDP_BATCH];
	uint8_t bufs[UDP_BATCH][UDP_BUF];
};

/*
 * On a socket the module enforces IPsec on, it marks each datagram it
 * passes up with the reqid of the SA it came through (see
 * L2TPGW_RCVMARK_IPSEC); 0 means it came in the clear.
 */
static uint32_t rx_sa_reqid(struct msghdr *h)
{
	struct cmsghdr *c;
	uint32_t mark;

	for (c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SO_MARK ||
		    c->cmsg_len < CMSG_LEN(sizeof(mark)))
			continue;
		memcpy(&mark, CMSG_DATA(c), sizeof(mark));
		return mark & L2TPGW_RCVMARK_IPSEC ?
		       mark & ~L2TPGW_RCVMARK_IPSEC : 0;
	}
	return 0;
}

static const char *addr_str(const struct l2tp_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];
	bool v6 = a->sa.sa_family == AF_INET6;

	inet_ntop(a->sa.sa_family, v6 ? (const void *)&a->sin6.sin6_addr :
		  (const void *)&a->sin.sin_addr, ip, sizeof(ip));
	snprintf(buf, len, v6 ? "[%s]:%u" : "%s:%u", ip,
		 ntohs(v6 ? a->sin6.sin6_port : a->sin.sin_port));
	return buf;
}

static void udp_readable(struct loop *loop, int fd, uint32_t events,
			 void *arg)
{
	struct udp_sock *s = arg;
	struct udp_set *u = s->set;
	struct l2tp_addr from;
	int i, n;

	for (i = 0; i < UDP_BATCH; i++) {
		u->iov[i].iov_base = u->bufs[i];
		u->iov[i].iov_len = UDP_BUF;
		memset(&u->msgs[i].msg_hdr, 0, sizeof(u->msgs[i].msg_hdr));
		u->msgs[i].msg_hdr.msg_iov = &u->iov[i];
		u->msgs[i].msg_hdr.msg_iovlen = 1;
		u->msgs[i].msg_hdr.msg_name = &u->from[i];
		u->msgs[i].msg_hdr.msg_namelen = sizeof(u->from[i]);
		u->msgs[i].msg_hdr.msg_control = u->ctrl[i].buf;
		u->msgs[i].msg_hdr.msg_controllen = sizeof(u->ctrl[i].buf);
	}
	n = recvmmsg(fd, u->msgs, UDP_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			log_rl(&s->rl, LOG_WARNING, "socket %u: receive: %s",
			       s->id, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		struct msghdr *h = &u->msgs[i].msg_hdr;

		if (h->msg_flags & MSG_TRUNC) {
			log_rl(&s->rl, LOG_NOTICE, "socket %u: datagram above "
			       "%u bytes dropped", s->id, UDP_BUF);
			continue;
		}
		memset(&from, 0, sizeof(from));
		if (h->msg_namelen > sizeof(from.sin6))
			continue;
		memcpy(&from.sa, h->msg_name, h->msg_namelen);
		from.len = h->msg_namelen;
		if (from.sa.sa_family != AF_INET &&
		    from.sa.sa_family != AF_INET6)
			continue;
		from.sa_reqid = rx_sa_reqid(h);
		u->rx(u->rx_arg, s->id, &from, u->bufs[i], u->msgs[i].msg_len);
	}
}

static int open_one(struct udp_set *u, const struct config_addr *a,
		    udp_attach_fn attach, void *attach_arg, char *err,
		    size_t errlen)
{
	struct udp_sock *s = &u->socks[u->n];
	char name[64];
	int one = 1, rcvbuf = UDP_RCVBUF, fd, rc;

	memset(&s->local, 0, sizeof(s->local));
	memcpy(&s->local.sa, &a->ss, a->len);
	s->local.len = a->len;
	addr_str(&s->local, name, sizeof(name));
	fd = socket(a->ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0) {
		snprintf(err, errlen, "listen %s: socket: %s", name,
			 strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* FORCE passes rmem_max with CAP_NET_ADMIN, which we have anyway. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* Best effort: without it (before Linux 5.19) IPsec peers are
	 * refused, since their SA cannot be known. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVMARK, &one, sizeof(one)) < 0)
		log_debug("listen %s: SO_RCVMARK: %s", name, strerror(errno));
	/* The IPv4 wildcard has its own socket. */
	if (a->ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, &s->local.sa, s->local.len) < 0) {
		snprintf(err, errlen, "listen %s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	rc = attach(attach_arg, fd, &s->id);
	if (rc < 0) {
		snprintf(err, errlen, "listen %s: attaching to the l2tpgw "
			 "module: %s", name, strerror(-rc));
		close(fd);
		return -1;
	}
	rc = loop_add_fd(u->loop, fd, EPOLLIN, udp_readable, s);
	if (rc < 0) {
		snprintf(err, errlen, "listen %s: epoll: %s", name,
			 strerror(-rc));
		close(fd);
		return -1;
	}
	s->fd = fd;
	s->set = u;
	s->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(5, 1000);
	u->n++;
	log_info("listening on %s (socket %u)", name, s->id);
	return 0;
}

static void wildcard(struct config_addr *a, int family, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&a->ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		a->len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		a->len = sizeof(*sin6);
	}
}

struct udp_set *udp_open(struct loop *loop, const struct config_global *g,
			 udp_attach_fn attach, void *attach_arg, udp_rx_fn rx,
			 void *rx_arg, char *err, size_t errlen)
{
	struct udp_set *u = calloc(1, sizeof(*u));
	struct config_addr any[2];
	const struct config_addr *list = g->listen;
	unsigned i, n = g->n_listen;

	if (!u) {
		snprintf(err, errlen, "udp: out of memory");
		return NULL;
	}
	u->loop = loop;
	u->rx = rx;
	u->rx_arg = rx_arg;
	if (!n) {
		wildcard(&any[0], AF_INET, g->port);
		wildcard(&any[1], AF_INET6, g->port);
		list = any;
		n = 2;
	}
	for (i = 0; i < n; i++) {
		if (open_one(u, &list[i], attach, attach_arg, err, errlen) < 0) {
			udp_close(u);
			return NULL;
		}
	}
	return u;
}

void udp_close(struct udp_set *u)
{
	unsigned i;

	if (!u)
		return;
	for (i = 0; i < u->n; i++) {
		loop_del_fd(u->loop, u->socks[i].fd);
		close(u->socks[i].fd);
	}
	free(u);
}

static struct udp_sock *by_id(struct udp_set *u, uint32_t id)
{
	unsigned i;

	for (i = 0; i < u->n; i++)
		if (u->socks[i].id == id)
			return &u->socks[i];
	for (i = 0; i < u->n; i++)
		if (u->socks[i].old_id == id)
			return &u->socks[i];
	return NULL;
}

bool udp_has_id(const struct udp_set *u, uint32_t id)
{
	unsigned i;

	for (i = 0; i < u->n; i++)
		if (u->socks[i].id == id)
			return true;
	return false;
}

int udp_reattach(struct udp_set *u, uint32_t id, udp_attach_fn attach,
		 void *attach_arg)
{
	struct udp_sock *s;
	char name[64];
	uint32_t new_id;
	int rc, err = 0;
	unsigned i;

	for (i = 0; i < u->n; i++) {
		s = &u->socks[i];
		if (id && s->id != id)
			continue;
		addr_str(&s->local, name, sizeof(name));
		rc = attach(attach_arg, s->fd, &new_id);
		if (rc < 0) {
			log_err("listen %s: attaching to the l2tpgw module "
				"again: %s", name, strerror(-rc));
			err = rc;
			continue;
		}
		if (new_id == s->id)
			log_notice("listening on %s (socket %u again)", name,
				   new_id);
		else
			log_notice("listening on %s (socket %u, was %u)", name,
				   new_id, s->id);
		s->old_id = s->id;
		s->id = new_id;
	}
	return err;
}

int udp_send(void *arg, uint32_t id, const struct l2tp_addr *peer,
	     const uint8_t *pkt, size_t len)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(10, 1000);
	struct udp_set *u = arg;
	struct udp_sock *s = by_id(u, id);
	struct iovec iov = { (void *)pkt, len };
	union {
		struct cmsghdr align;
		uint8_t buf[MARK_CMSG_SPACE];
	} ctrl;
	struct msghdr m = {
		.msg_name = (void *)&peer->sa, .msg_namelen = peer->len,
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct cmsghdr *c;
	char name[64];

	if (!s) {
		log_rl(&rl, LOG_ERR, "udp: send on unknown socket %u", id);
		return -ENOENT;
	}
	/* The mark selects the peer's own IPsec SA (its outbound policy). */
	if (peer->mark) {
		memset(&ctrl, 0, sizeof(ctrl));
		m.msg_control = ctrl.buf;
		m.msg_controllen = sizeof(ctrl.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SO_MARK;
		c->cmsg_len = CMSG_LEN(sizeof(uint32_t));
		memcpy(CMSG_DATA(c), &peer->mark, sizeof(uint32_t));
	}
	if (sendmsg(s->fd, &m, 0) >= 0)
		return 0;
	/* A marked datagram refused is the caller's to count and log. */
	if (errno != EPERM || !peer->mark)
		log_rl(&s->rl, LOG_WARNING, "socket %u: send to %s: %s", id,
		       addr_str(peer, name, sizeof(name)), strerror(errno));
	return -errno;
}

int udp_socket_for_family(const struct udp_set *u, int family, uint32_t *id)
{
	unsigned i;

	for (i = 0; i < u->n; i++)
		if (u->socks[i].local.sa.sa_family == family) {
			*id = u->socks[i].id;
			return 0;
		}
	return -ENOENT;
}

unsigned udp_count(const struct udp_set *u)
{
	return u->n;
}

int udp_local(const struct udp_set *u, unsigned i, struct l2tp_addr *out,
	      uint32_t *id)
{
	socklen_t len = sizeof(out->sin6);

	if (i >= u->n)
		return -ENOENT;
	memset(out, 0, sizeof(*out));
	if (getsockname(u->socks[i].fd, &out->sa, &len) < 0)
		return -errno;
	out->len = len;
	*id = u->socks[i].id;
	return 0;
}
