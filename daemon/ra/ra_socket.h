/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The raw ICMPv6 socket Router Advertisements go out of and Router
 * Solicitations come in on, for every session device at once.
 */
#ifndef L2TPGW_RA_RA_SOCKET_H
#define L2TPGW_RA_RA_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Non-blocking, RS only, hop limit 255 out: fd, or -1 with err. */
int ra_socket_open(char *err, size_t errlen);
/* To ff02::1 on ifindex from src.  0 or a negative errno. */
int ra_socket_send(int fd, int ifindex, const uint8_t src[16],
		   const uint8_t *pkt, size_t len);
/* One message: its length, or a negative errno (-EAGAIN: none left). */
ssize_t ra_socket_recv(int fd, uint8_t *buf, size_t cap, int *ifindex,
		       uint8_t src[16], int *hop_limit);
/*
 * Membership of ff02::2 (all-routers) on ifindex: solicitations are sent
 * there, and a device only accepts the multicast groups it has joined.
 */
int ra_socket_all_routers(int fd, int ifindex, bool join);

#endif /* L2TPGW_RA_RA_SOCKET_H */
