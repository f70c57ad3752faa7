// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The UDP sockets (udp.c) to the module and the gateway: each socket is
 * attached to the module, each datagram the module passes up goes to
 * gateway_input.
 */
#include "daemon.h"
#include "kernel.h"
#include "udp.h"

int attach_sock(void *arg, int fd, uint32_t *id)
{
	return kernel_sock_attach(arg, fd, id);
}

void udp_rx(void *arg, uint32_t id, const struct l2tp_addr *from,
	    const uint8_t *buf, size_t len)
{
	struct daemon *d = arg;

	gateway_input(d->gw, id, from, buf, len);
}

void lac_sockets(struct daemon *d)
{
	uint32_t id;

	if (udp_socket_for_family(d->udp, AF_INET, &id) == 0)
		gateway_set_lac_socket(d->gw, AF_INET, id);
	if (udp_socket_for_family(d->udp, AF_INET6, &id) == 0)
		gateway_set_lac_socket(d->gw, AF_INET6, id);
}
