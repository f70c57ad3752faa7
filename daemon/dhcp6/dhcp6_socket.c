// SPDX-License-Identifier: GPL-2.0-or-later
/* UDP socket for the DHCPv6 server, and the gateway's DUID. */
#include "dhcp6/dhcp6_socket.h"

#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ip6sock.h"
#include "log.h"

static const struct in6_addr all_servers = {
	.s6_addr = { 0xff, 0x02, [13] = 0x01, [15] = 0x02 } };

static int set_int(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof(v));
}

int dhcp6_socket_open(char *err, size_t errlen)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(DHCP6_SERVER_PORT),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	int fd;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "DHCPv6: UDP socket: %s",
			 strerror(errno));
		return -1;
	}
	if (set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) < 0 ||
	    set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) < 0 ||
	    set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0) < 0 ||
	    set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1) < 0) {
		snprintf(err, errlen, "DHCPv6: socket options: %s",
			 strerror(errno));
		close(fd);
		return -1;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(err, errlen, "DHCPv6: binding [::]:%u: %s",
			 DHCP6_SERVER_PORT, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int dhcp6_socket_send(int fd, int ifindex, const uint8_t dst[16],
		      const uint8_t *pkt, size_t len)
{
	struct sockaddr_in6 sa = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(DHCP6_CLIENT_PORT),
		.sin6_scope_id = (uint32_t)ifindex,
	};

	memcpy(&sa.sin6_addr, dst, 16);
	if (sendto(fd, pkt, len, MSG_DONTWAIT, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return -errno;
	return 0;
}

ssize_t dhcp6_socket_recv(int fd, uint8_t *buf, size_t cap, int *ifindex,
			  uint8_t src[16])
{
	return ip6sock_recv(fd, buf, cap, ifindex, src, NULL);
}

int dhcp6_socket_membership(int fd, int ifindex, bool join)
{
	return ip6sock_membership(fd, ifindex, &all_servers, join);
}

/* The lowest ifindex's Ethernet address into mac; false if none has one. */
static bool first_ether(uint8_t mac[6])
{
	static const uint8_t zero[6];
	struct ifaddrs *ifa, *i;
	int best = 0;

	if (getifaddrs(&ifa) < 0)
		return false;
	for (i = ifa; i; i = i->ifa_next) {
		const struct sockaddr_ll *ll = (void *)i->ifa_addr;

		if (!ll || ll->sll_family != AF_PACKET ||
		    ll->sll_hatype != ARPHRD_ETHER || ll->sll_halen != 6 ||
		    !memcmp(ll->sll_addr, zero, 6) ||
		    (best && ll->sll_ifindex >= best))
			continue;
		best = ll->sll_ifindex;
		memcpy(mac, ll->sll_addr, 6);
	}
	freeifaddrs(ifa);
	return best != 0;
}

/* /etc/machine-id's first 48 bits, marked locally administered unicast. */
static void machine_mac(uint8_t mac[6])
{
	unsigned v[6] = { 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f }, i;
	FILE *f = fopen("/etc/machine-id", "re");

	if (f) {
		if (fscanf(f, "%2x%2x%2x%2x%2x%2x", &v[0], &v[1], &v[2], &v[3],
			   &v[4], &v[5]) != 6)
			log_warn("DHCPv6: /etc/machine-id unreadable: server "
				 "DUID from a fixed address");
		fclose(f);
	}
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	mac[0] = (uint8_t)((mac[0] | 0x02) & ~0x01);
}

int dhcp6_socket_duid(uint8_t duid[DHCP6_DUID_MAX])
{
	uint8_t mac[6];

	if (!first_ether(mac))
		machine_mac(mac);
	return dhcp6_duid_ll(ARPHRD_ETHER, mac, sizeof(mac), duid);
}
