// SPDX-License-Identifier: GPL-2.0-or-later
/* Socket addresses to the control protocol's plain address form. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "control/control.h"

void control_addr_from_sockaddr(const struct sockaddr *sa,
				struct control_addr *a, uint16_t *port)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
	uint16_t p = 0;

	memset(a, 0, sizeof(*a));
	if (sa && sa->sa_family == AF_INET) {
		a->family = AF_INET;
		memcpy(a->addr, &sin->sin_addr, 4);
		p = ntohs(sin->sin_port);
	} else if (sa && sa->sa_family == AF_INET6) {
		/* v4-mapped peers of a dual-stack socket read as IPv4. */
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			a->family = AF_INET;
			memcpy(a->addr, sin6->sin6_addr.s6_addr + 12, 4);
		} else {
			a->family = AF_INET6;
			memcpy(a->addr, &sin6->sin6_addr, 16);
		}
		p = ntohs(sin6->sin6_port);
	}
	if (port)
		*port = p;
}
