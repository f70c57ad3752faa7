/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the daemon's per-device IPv6 sockets (Router Solicitations,
 * DHCPv6) share: a multicast group joined on one device, and datagrams
 * read with the device they arrived on.
 */
#ifndef L2TPGW_IP6SOCK_H
#define L2TPGW_IP6SOCK_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Joins (or leaves) group on ifindex.  0 or a negative errno. */
int ip6sock_membership(int fd, int ifindex, const struct in6_addr *group,
		       bool join);
/*
 * One datagram into buf, its source in src, the device it arrived on in
 * *ifindex (IPV6_RECVPKTINFO; 0 if not said) and, if hop_limit is not
 * NULL, its hop limit (IPV6_RECVHOPLIMIT; -1 if not said).  Its length
 * (cap when truncated: the parser finds what is missing), or a negative
 * errno (-EAGAIN: none left).
 */
ssize_t ip6sock_recv(int fd, uint8_t *buf, size_t cap, int *ifindex,
		     uint8_t src[16], int *hop_limit);

#endif /* L2TPGW_IP6SOCK_H */
