// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgw-nltest: a UDP socket of our own.
 *
 *   sock-hold --addr A --port P [--dump FILE] [--marks]
 *        binds a UDP socket, attaches it by descriptor, prints the id,
 *        then keeps it open until killed, appending what goes up to FILE,
 *        one hex line per datagram, prefixed by "mark=0x... " with
 *        --marks (read by SO_RCVMARK)
 *   udp-send --bind A:P --to A:P MARK:HEX...
 *        UDP datagrams from a plain socket, each with its SO_MARK (which
 *        selects an XFRM policy)
 *   ppp-peer --addr A --port P --tunnel T --peer-tunnel T --session S
 *            --peer-session S --peer A --local-ip IP
 *        the PPP control plane a daemon would run, minimally: attaches its
 *        own socket, adds the tunnel and a session without any protocol,
 *        answers LCP and IPCP through PPP_XMIT from the control frames the
 *        module passes up, and when IPCP is open enables IPv4 on the
 *        session and prints "ipcp open".  Echo-Requests are answered,
 *        other protocols rejected.  No authentication, no options of its
 *        own besides the IP address: just enough for a real pppd.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nltest.h"

#ifndef SO_RCVMARK
#define SO_RCVMARK	75	/* asm-generic/socket.h, Linux 6.0 */
#endif

unsigned int nlt_sockaddr(const char *text, void *ss)
{
	struct sockaddr_in6 *s6 = ss;
	struct sockaddr_in *s4 = ss;
	char host[64];
	const char *colon = strrchr(text, ':');
	size_t n;

	if (!colon || (n = (size_t)(colon - text)) >= sizeof(host))
		nlt_die("invalid address:port \"%s\"", text);
	memcpy(host, text, n);
	host[n] = '\0';
	if (host[0] == '[' && n > 2 && host[n - 1] == ']') {
		memmove(host, host + 1, n - 2);
		host[n - 2] = '\0';
	}
	memset(ss, 0, sizeof(struct sockaddr_in6));
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)nlt_num("port", colon + 1,
						       UINT16_MAX));
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) != 1)
		nlt_die("invalid address \"%s\"", host);
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons((uint16_t)nlt_num("port", colon + 1, UINT16_MAX));
	return sizeof(*s6);
}

/* A UDP socket bound to addr:port (v6-only for an IPv6 address). */
static int bound_udp(const char *addr, const char *port)
{
	struct sockaddr_in6 ss;
	char text[80];
	unsigned int len;
	int fd, on = 1;

	snprintf(text, sizeof(text), "%s%s%s:%s", strchr(addr, ':') ? "[" : "",
		 addr, strchr(addr, ':') ? "]" : "", port);
	len = nlt_sockaddr(text, &ss);
	fd = socket(ss.sin6_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		nlt_die("socket: %s", strerror(errno));
	if (ss.sin6_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		nlt_die("bind %s: %s", text, strerror(errno));
	return fd;
}

static uint32_t attach(struct l2tpctl *h, int fd)
{
	uint32_t id;

	if (l2tpctl_kernel_sock_attach_fd(h, fd, &id) < 0)
		nlt_die("%s", l2tpctl_errmsg(h));
	return id;
}

static uint32_t rcvmark(struct msghdr *m)
{
	struct cmsghdr *c;
	uint32_t mark;

	for (c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_MARK) {
			memcpy(&mark, CMSG_DATA(c), sizeof(mark));
			return mark;
		}
	}
	nlt_die("no SO_MARK control message with SO_RCVMARK");
}

int nlt_sock_hold(struct l2tpctl *h, int argc, char **argv)
{
	static const char *const names[] = { "addr", "port", "dump", NULL };
	static const char *const bools[] = { "marks", NULL };
	static uint8_t data[65536];
	char cbuf[CMSG_SPACE(sizeof(uint32_t))];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct nlt_opts o;
	FILE *out = NULL;
	int fd, on = 1;
	ssize_t n, i;

	nlt_parse_opts("sock-hold", argc, argv, names, bools, &o, NULL, 0);
	fd = bound_udp(nlt_need("sock-hold", &o, "addr"),
		       nlt_need("sock-hold", &o, "port"));
	if (o.flag[0])
		setsockopt(fd, SOL_SOCKET, SO_RCVMARK, &on, sizeof(on));
	printf("%u\n", attach(h, fd));
	fflush(stdout);
	if (nlt_opt(&o, "dump")) {
		out = fopen(nlt_opt(&o, "dump"), "a");
		if (!out)
			nlt_die("%s: %s", nlt_opt(&o, "dump"), strerror(errno));
		setvbuf(out, NULL, _IOLBF, 0);
	}
	for (;;) {
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		n = recvmsg(fd, &m, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			nlt_die("recvmsg: %s", strerror(errno));
		}
		if (!out)
			continue;
		if (o.flag[0])
			fprintf(out, "mark=0x%08x ", rcvmark(&m));
		for (i = 0; i < n; i++)
			fprintf(out, "%02x", data[i]);
		fputc('\n', out);
	}
}

int nlt_udp_send(struct l2tpctl *h, int argc, char **argv)
{
	static const char *const names[] = { "bind", "to", NULL };
	struct sockaddr_in6 local, to;
	unsigned int local_len, to_len;
	uint8_t payload[2048];
	char *pos[64], *colon;
	struct nlt_opts o;
	uint32_t mark;
	int fd, npos, i;
	size_t len;

	npos = nlt_parse_opts("udp-send", argc, argv, names, NULL, &o, pos, 64);
	local_len = nlt_sockaddr(nlt_need("udp-send", &o, "bind"), &local);
	to_len = nlt_sockaddr(nlt_need("udp-send", &o, "to"), &to);
	fd = socket(to.sin6_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&local, local_len) < 0)
		nlt_die("udp-send: bind: %s", strerror(errno));
	for (i = 0; i < npos; i++) {
		colon = strchr(pos[i], ':');
		if (!colon)
			nlt_die("udp-send: \"%s\" is not MARK:HEX", pos[i]);
		*colon = '\0';
		mark = (uint32_t)nlt_num("mark", pos[i], UINT32_MAX);
		len = nlt_hex("datagram", colon + 1, payload, sizeof(payload));
		if (setsockopt(fd, SOL_SOCKET, SO_MARK, &mark,
			       sizeof(mark)) < 0 ||
		    sendto(fd, payload, len, 0, (struct sockaddr *)&to,
			   to_len) < 0)
			nlt_die("udp-send: %s", strerror(errno));
	}
	close(fd);
	return 0;
}

/* --- ppp-peer ------------------------------------------------------------- */

#define PPP_LCP		0xc021
#define PPP_IPCP	0x8021

enum { CONF_REQ = 1, CONF_ACK, CONF_NAK, CONF_REJ, TERM_REQ, TERM_ACK,
       PROT_REJ = 8, ECHO_REQ, ECHO_REP };

struct peer {
	struct l2tpctl *h;
	uint16_t tunnel, session;
	uint8_t local_ip[4];
	bool lcp_acked, lcp_ours, ipcp_acked, ipcp_ours, ipcp_sent, open;
	uint8_t ident;
};

static void peer_send(struct peer *p, uint16_t proto, uint8_t code,
		      uint8_t ident, const uint8_t *body, size_t len)
{
	uint8_t frame[L2TPCTL_PPP_FRAME_MAX];

	if (len + 6 > sizeof(frame))
		return;
	frame[0] = proto >> 8;
	frame[1] = proto & 0xff;
	frame[2] = code;
	frame[3] = ident;
	frame[4] = (uint8_t)((len + 4) >> 8);
	frame[5] = (uint8_t)(len + 4);
	if (len)
		memcpy(frame + 6, body, len);
	if (l2tpctl_kernel_ppp_xmit(p->h, p->tunnel, p->session, frame,
				    len + 6) < 0)
		nlt_die("%s", l2tpctl_errmsg(p->h));
}

static void peer_request(struct peer *p, uint16_t proto, const uint8_t *body,
			 size_t len)
{
	p->ident++;
	peer_send(p, proto, CONF_REQ, p->ident, body, len);
}

static void ipcp_request(struct peer *p)
{
	uint8_t opt[6] = { 3, 6 };

	memcpy(opt + 2, p->local_ip, 4);
	peer_request(p, PPP_IPCP, opt, sizeof(opt));
	p->ipcp_sent = true;
}

static void lcp(struct peer *p, uint8_t code, uint8_t ident,
		const uint8_t *body, size_t len)
{
	uint8_t echo[L2TPCTL_PPP_FRAME_MAX];

	if (code == CONF_REQ) {
		peer_send(p, PPP_LCP, CONF_ACK, ident, body, len);
		p->lcp_acked = true;
		if (!p->lcp_ours)
			peer_request(p, PPP_LCP, NULL, 0);
	} else if (code == CONF_ACK) {
		p->lcp_ours = true;
	} else if (code == ECHO_REQ) {
		memset(echo, 0, 4);
		if (len > 4 && len <= sizeof(echo))
			memcpy(echo + 4, body + 4, len - 4);
		peer_send(p, PPP_LCP, ECHO_REP, ident, echo, len > 4 ? len : 4);
	} else if (code == TERM_REQ) {
		peer_send(p, PPP_LCP, TERM_ACK, ident, NULL, 0);
	}
	if (p->lcp_acked && p->lcp_ours && !p->ipcp_sent)
		ipcp_request(p);
}

static void ipcp(struct peer *p, uint8_t code, uint8_t ident,
		 const uint8_t *body, size_t len)
{
	struct l2tpctl_session s = {
		.has = L2TPCTL_SESSION_HAS_PROTOCOLS,
		.tunnel_id = p->tunnel,
		.session_id = p->session,
		.protocols = L2TPGW_PROTO_IPV4,
	};

	if (code == CONF_REQ) {
		peer_send(p, PPP_IPCP, CONF_ACK, ident, body, len);
		p->ipcp_acked = true;
	} else if (code == CONF_ACK) {
		p->ipcp_ours = true;
	} else if (code == CONF_NAK) {
		ipcp_request(p);
	}
	if (p->ipcp_acked && p->ipcp_ours && !p->open) {
		if (l2tpctl_kernel_session_modify(p->h, &s) < 0)
			nlt_die("%s", l2tpctl_errmsg(p->h));
		p->open = true;
		printf("ipcp open\n");
	}
}

static void peer_frame(struct peer *p, uint16_t proto, const uint8_t *payload,
		       size_t len)
{
	uint8_t rej[L2TPCTL_PPP_FRAME_MAX];
	size_t body_len;

	if (len < 4)
		return;
	body_len = (size_t)(payload[2] << 8 | payload[3]);
	body_len = body_len < 4 ? 0 : body_len - 4;
	if (body_len > len - 4)
		body_len = len - 4;
	printf("rx proto 0x%04x code %d\n", proto, payload[0]);
	if (proto == PPP_LCP) {
		lcp(p, payload[0], payload[1], payload + 4, body_len);
	} else if (proto == PPP_IPCP) {
		ipcp(p, payload[0], payload[1], payload + 4, body_len);
	} else if (len + 2 <= sizeof(rej)) {
		rej[0] = proto >> 8;
		rej[1] = proto & 0xff;
		memcpy(rej + 2, payload, len);
		p->ident++;
		peer_send(p, PPP_LCP, PROT_REJ, p->ident, rej, len + 2);
	}
}

/* An L2TPv2 data message of our session: its PPP protocol and payload. */
static void peer_datagram(struct peer *p, const uint8_t *d, size_t n)
{
	size_t pos = 2;
	uint16_t flags, proto;

	if (n < 6)
		return;
	flags = (uint16_t)(d[0] << 8 | d[1]);
	if (flags & 0x8000)
		return;
	pos += (flags & 0x4000) ? 2 : 0;
	if (pos + 4 > n || (d[pos + 2] << 8 | d[pos + 3]) != p->session)
		return;
	pos += 4 + ((flags & 0x0800) ? 4 : 0);
	if ((flags & 0x0200) && pos + 2 <= n)
		pos += 2 + (size_t)(d[pos] << 8 | d[pos + 1]);
	if (pos + 2 <= n && d[pos] == 0xff && d[pos + 1] == 0x03)
		pos += 2;
	if (pos >= n)
		return;
	if (d[pos] & 1) {
		peer_frame(p, d[pos], d + pos + 1, n - pos - 1);
		return;
	}
	if (pos + 2 > n)
		return;
	proto = (uint16_t)(d[pos] << 8 | d[pos + 1]);
	peer_frame(p, proto, d + pos + 2, n - pos - 2);
}

int nlt_ppp_peer(struct l2tpctl *h, int argc, char **argv)
{
	static const char *const names[] = {
		"addr", "port", "tunnel", "peer-tunnel", "session",
		"peer-session", "peer", "local-ip", NULL,
	};
	static uint8_t data[65536];
	struct l2tpctl_session s = { 0 }, out;
	struct l2tpctl_tunnel t = { 0 };
	struct peer p = { .h = h, .ident = 1 };
	struct nlt_opts o;
	int fd, i;
	ssize_t n;

	nlt_parse_opts("ppp-peer", argc, argv, names, NULL, &o, NULL, 0);
	for (i = 0; names[i]; i++)
		nlt_need("ppp-peer", &o, names[i]);
	if (inet_pton(AF_INET, nlt_opt(&o, "local-ip"), p.local_ip) != 1)
		nlt_die("ppp-peer: invalid --local-ip");
	p.tunnel = (uint16_t)nlt_num("tunnel", nlt_opt(&o, "tunnel"), 65535);
	p.session = (uint16_t)nlt_num("session", nlt_opt(&o, "session"), 65535);
	fd = bound_udp(nlt_opt(&o, "addr"), nlt_opt(&o, "port"));
	t.sock_id = attach(h, fd);
	t.tunnel_id = p.tunnel;
	t.peer_tunnel_id = (uint16_t)nlt_num("peer tunnel",
					     nlt_opt(&o, "peer-tunnel"), 65535);
	t.peer_port = (uint16_t)nlt_num("port", nlt_opt(&o, "port"), 65535);
	t.peer.family = AF_INET;
	if (inet_pton(AF_INET, nlt_opt(&o, "peer"), t.peer.addr) != 1)
		nlt_die("ppp-peer: invalid --peer");
	if (l2tpctl_kernel_tunnel_add(h, &t, NULL) < 0)
		nlt_die("%s", l2tpctl_errmsg(h));
	s.tunnel_id = p.tunnel;
	s.session_id = p.session;
	s.peer_session_id = (uint16_t)nlt_num("peer session",
					      nlt_opt(&o, "peer-session"), 65535);
	if (l2tpctl_kernel_session_add(h, &s, &out) < 0)
		nlt_die("%s", l2tpctl_errmsg(h));
	printf("session %s\n", out.ifname);
	for (;;) {
		n = recv(fd, data, sizeof(data), 0);
		if (n < 0 && errno != EINTR)
			nlt_die("recv: %s", strerror(errno));
		if (n > 0)
			peer_datagram(&p, data, (size_t)n);
	}
}
