/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The UDP socket on [::]:547 DHCPv6 messages from every session's client
 * arrive on and answers leave from, and the server's DUID.
 */
#ifndef L2TPGW_DHCP6_DHCP6_SOCKET_H
#define L2TPGW_DHCP6_DHCP6_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dhcp6/dhcp6_msg.h"

/* Non-blocking, bound to [::]:547, IPV6_RECVPKTINFO: fd, or -1 with err. */
int dhcp6_socket_open(char *err, size_t errlen);
/* To dst port 546 on ifindex.  0 or a negative errno. */
int dhcp6_socket_send(int fd, int ifindex, const uint8_t dst[16],
		      const uint8_t *pkt, size_t len);
/* One datagram: its length, or a negative errno (-EAGAIN: none left). */
ssize_t dhcp6_socket_recv(int fd, uint8_t *buf, size_t cap, int *ifindex,
			  uint8_t src[16]);
/* Membership of ff02::1:2 (All_DHCP_Relay_Agents_and_Servers). */
int dhcp6_socket_membership(int fd, int ifindex, bool join);
/*
 * The gateway's DUID-LL (RFC 8415 11.4), stable across restarts: the
 * Ethernet address of the interface with the lowest ifindex that has
 * one; without any, one made of /etc/machine-id's first 48 bits (marked
 * locally administered).  Its length.
 */
int dhcp6_socket_duid(uint8_t duid[DHCP6_DUID_MAX]);

#endif /* L2TPGW_DHCP6_DHCP6_SOCKET_H */
