// SPDX-License-Identifier: GPL-2.0-or-later
/* Per-device IPv6 socket helpers (ip6sock.h). */
#include "ip6sock.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

int ip6sock_membership(int fd, int ifindex, const struct in6_addr *group,
		       bool join)
{
	struct ipv6_mreq mr = {
		.ipv6mr_multiaddr = *group,
		.ipv6mr_interface = (unsigned)ifindex,
	};

	if (setsockopt(fd, IPPROTO_IPV6,
		       join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, &mr,
		       sizeof(mr)) < 0)
		return -errno;
	return 0;
}

ssize_t ip6sock_recv(int fd, uint8_t *buf, size_t cap, int *ifindex,
		     uint8_t src[16], int *hop_limit)
{
	struct sockaddr_in6 from;
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			    CMSG_SPACE(sizeof(int))];
	} c;
	struct iovec iov = { .iov_base = buf, .iov_len = cap };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = c.buf, .msg_controllen = sizeof(c.buf),
	};
	struct cmsghdr *cm;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return -errno;
	*ifindex = 0;
	if (hop_limit)
		*hop_limit = -1;
	memcpy(src, &from.sin6_addr, 16);
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_PKTINFO &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			*ifindex = (int)pi.ipi6_ifindex;
		} else if (hop_limit && cm->cmsg_type == IPV6_HOPLIMIT &&
			   cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			memcpy(hop_limit, CMSG_DATA(cm), sizeof(int));
		}
	}
	if (msg.msg_flags & MSG_TRUNC)
		return (ssize_t)cap;
	return n;
}
