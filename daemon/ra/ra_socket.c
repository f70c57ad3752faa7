// SPDX-License-Identifier: GPL-2.0-or-later
/* Raw ICMPv6 socket for Router Advertisements and Solicitations. */
#include "ra/ra_socket.h"

#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ip6sock.h"
#include "ra/ra_build.h"

static const struct in6_addr all_nodes = {
	.s6_addr = { 0xff, 0x02, [15] = 0x01 } };
static const struct in6_addr all_routers = {
	.s6_addr = { 0xff, 0x02, [15] = 0x02 } };

static int set_int(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof(v));
}

int ra_socket_open(char *err, size_t errlen)
{
	struct icmp6_filter filt;
	int fd;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    IPPROTO_ICMPV6);
	if (fd < 0) {
		snprintf(err, errlen, "router advertisements: raw ICMPv6 "
			 "socket: %s", strerror(errno));
		return -1;
	}
	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(ND_ROUTER_SOLICIT, &filt);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt,
		       sizeof(filt)) < 0 ||
	    set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) < 0 ||
	    set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) < 0 ||
	    set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, ND_HOP_LIMIT) < 0 ||
	    set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ND_HOP_LIMIT) < 0 ||
	    set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0) < 0) {
		snprintf(err, errlen, "router advertisements: socket options: "
			 "%s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int ra_socket_send(int fd, int ifindex, const uint8_t src[16],
		   const uint8_t *pkt, size_t len)
{
	struct sockaddr_in6 dst = {
		.sin6_family = AF_INET6,
		.sin6_addr = all_nodes,
		.sin6_scope_id = (uint32_t)ifindex,
	};
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} c;
	struct iovec iov = { .iov_base = (void *)pkt, .iov_len = len };
	struct msghdr msg = {
		.msg_name = &dst, .msg_namelen = sizeof(dst),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = c.buf, .msg_controllen = sizeof(c.buf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
	struct in6_pktinfo pi = { .ipi6_ifindex = (unsigned)ifindex };

	memset(c.buf, 0, sizeof(c.buf));
	memcpy(&pi.ipi6_addr, src, 16);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	if (sendmsg(fd, &msg, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

ssize_t ra_socket_recv(int fd, uint8_t *buf, size_t cap, int *ifindex,
		       uint8_t src[16], int *hop_limit)
{
	/* A truncated solicitation is malformed; the parser says so. */
	return ip6sock_recv(fd, buf, cap, ifindex, src, hop_limit);
}

int ra_socket_all_routers(int fd, int ifindex, bool join)
{
	return ip6sock_membership(fd, ifindex, &all_routers, join);
}
