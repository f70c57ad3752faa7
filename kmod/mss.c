// SPDX-License-Identifier: GPL-2.0
/*
 * TCP MSS clamping: find the MSS option of a TCP SYN in an IPv4 or IPv6
 * packet, and lower it with an incremental checksum update.  Pure
 * functions over a buffer that starts at the IP header, so that the
 * host's unit tests and fuzz target drive them unchanged; clamp.c applies
 * them to a session's packets.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/l2tpgw.h>
#include <net/checksum.h>

#include "compat.h"
#include "mss.h"

#define L2TPGW_TCP_SYN		0x02
#define L2TPGW_TCPOPT_EOL	0
#define L2TPGW_TCPOPT_NOP	1
#define L2TPGW_TCPOPT_MSS	2
#define L2TPGW_TCPOLEN_MSS	4
#define L2TPGW_IPV6_MIN_MTU	1280u

/* The IP header's verdict when a TCP header follows: go on there. */
#define L2TPGW_MSS_IS_TCP	L2TPGW_MSS_CLAMP

/* The first @len bytes of a packet that ends at @end (by its IP header). */
struct l2tpgw_mss_buf {
	const u8 *p;
	unsigned int len;
	unsigned int end;
	unsigned int need;	/* what L2TPGW_MSS_SHORT asks for */
};

static bool l2tpgw_mss_have(const struct l2tpgw_mss_buf *b, unsigned int n)
{
	return n <= b->len && n <= b->end;
}

/* Why the first @n bytes are not there: past the packet, or the buffer. */
static enum l2tpgw_mss_verdict
l2tpgw_mss_missing(struct l2tpgw_mss_buf *b, unsigned int n)
{
	if (n > b->end)
		return L2TPGW_MSS_MALFORMED;
	b->need = n;
	return L2TPGW_MSS_SHORT;
}

/* Only a packet that is not a fragment, or is the first one, has TCP's. */
static enum l2tpgw_mss_verdict l2tpgw_mss_ip4(struct l2tpgw_mss_buf *b,
					      unsigned int *tcp)
{
	unsigned int ihl;

	if (b->len < 20)
		return l2tpgw_mss_missing(b, 20);
	ihl = (b->p[0] & 0x0f) * 4;
	b->end = get_unaligned_be16(b->p + 2);
	if (b->p[0] >> 4 != 4 || ihl < 20 || b->end < ihl)
		return L2TPGW_MSS_MALFORMED;
	if (b->p[9] != IPPROTO_TCP || (get_unaligned_be16(b->p + 6) & 0x1fff))
		return L2TPGW_MSS_NOT_SYN;
	*tcp = ihl;
	return L2TPGW_MSS_IS_TCP;
}

static bool l2tpgw_mss_exthdr(u8 next)
{
	return next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING ||
	       next == IPPROTO_DSTOPTS || next == IPPROTO_AH ||
	       next == IPPROTO_FRAGMENT;
}

/* Extension headers lead to TCP; a fragment header only at offset 0. */
static enum l2tpgw_mss_verdict l2tpgw_mss_ip6(struct l2tpgw_mss_buf *b,
					      unsigned int *tcp)
{
	unsigned int off = 40;
	const u8 *h;
	u16 payload;
	u8 next;

	if (b->len < 40)
		return l2tpgw_mss_missing(b, 40);
	if (b->p[0] >> 4 != 6)
		return L2TPGW_MSS_MALFORMED;
	payload = get_unaligned_be16(b->p + 4);
	if (payload)	/* else a jumbogram: no end known but the buffer's */
		b->end = 40 + payload;
	next = b->p[6];
	while (next != IPPROTO_TCP) {
		/* ESP, no next header, any other upper layer */
		if (!l2tpgw_mss_exthdr(next))
			return L2TPGW_MSS_NOT_SYN;
		/* Each extension header is at least 8 bytes long. */
		if (!l2tpgw_mss_have(b, off + 8))
			return l2tpgw_mss_missing(b, off + 8);
		h = b->p + off;
		if (next == IPPROTO_FRAGMENT) {
			if (get_unaligned_be16(h + 2) & 0xfff8)
				return L2TPGW_MSS_NOT_SYN;
			off += 8;
		} else if (next == IPPROTO_AH) {
			off += (h[1] + 2) * 4;
		} else {
			off += (h[1] + 1) * 8;
		}
		next = h[0];
	}
	*tcp = off;
	return L2TPGW_MSS_IS_TCP;
}

/*
 * The largest MSS a SYN may carry on the session.  An IPv6 link is never
 * below 1280 bytes (RFC 8200 5); a session's MTU is at least 68.
 */
static u16 l2tpgw_mss_limit(const struct l2tpgw_mss_cfg *cfg)
{
	if (cfg->tcp_mss != L2TPGW_TCP_MSS_AUTO)
		return cfg->ipv6 ? cfg->tcp_mss - 20 : cfg->tcp_mss;
	if (cfg->ipv6)
		return max(cfg->mtu, L2TPGW_IPV6_MIN_MTU) - 60;
	return cfg->mtu - 40;
}

/* The options of the TCP header at @tcp, @doff bytes long, are there. */
static enum l2tpgw_mss_verdict
l2tpgw_mss_options(const u8 *p, unsigned int tcp, unsigned int doff,
		   struct l2tpgw_mss_pos *pos)
{
	unsigned int i = tcp + 20, end = tcp + doff;
	u8 kind, olen;

	while (i < end) {
		kind = p[i];
		if (kind == L2TPGW_TCPOPT_EOL)
			break;
		if (kind == L2TPGW_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (end - i < 2)
			return L2TPGW_MSS_MALFORMED;
		olen = p[i + 1];
		if (olen < 2 || olen > end - i)
			return L2TPGW_MSS_MALFORMED;
		if (kind == L2TPGW_TCPOPT_MSS) {
			if (olen != L2TPGW_TCPOLEN_MSS)
				return L2TPGW_MSS_MALFORMED;
			pos->tcp = tcp;
			pos->opt = i + 2;
			pos->mss = get_unaligned_be16(p + i + 2);
			return pos->mss > pos->limit ? L2TPGW_MSS_CLAMP :
						       L2TPGW_MSS_FITS;
		}
		i += olen;
	}
	return L2TPGW_MSS_NO_OPTION;
}

static enum l2tpgw_mss_verdict l2tpgw_mss_tcp(struct l2tpgw_mss_buf *b,
					      unsigned int tcp,
					      struct l2tpgw_mss_pos *pos)
{
	unsigned int doff;

	if (!l2tpgw_mss_have(b, tcp + 14))
		return l2tpgw_mss_missing(b, tcp + 14);
	if (!(b->p[tcp + 13] & L2TPGW_TCP_SYN))
		return L2TPGW_MSS_NOT_SYN;
	doff = (b->p[tcp + 12] >> 4) * 4;
	if (doff < 20)
		return L2TPGW_MSS_MALFORMED;
	if (!l2tpgw_mss_have(b, tcp + doff))
		return l2tpgw_mss_missing(b, tcp + doff);
	return l2tpgw_mss_options(b->p, tcp, doff, pos);
}

/*
 * @buf holds the first @len bytes of an IPv4 or IPv6 packet (by
 * cfg->ipv6).  On L2TPGW_MSS_CLAMP and L2TPGW_MSS_FITS @pos says where the
 * MSS option is and what the limit is; on L2TPGW_MSS_SHORT pos->need is
 * how many bytes of the packet it takes to go on (which the IP header
 * says the packet has: one shorter than that is malformed).  A packet
 * that is TCP without SYN is let go once its flags are read.
 */
enum l2tpgw_mss_verdict l2tpgw_mss_find(const u8 *buf, unsigned int len,
					const struct l2tpgw_mss_cfg *cfg,
					struct l2tpgw_mss_pos *pos)
{
	struct l2tpgw_mss_buf b = { .p = buf, .len = len, .end = UINT_MAX };
	enum l2tpgw_mss_verdict v;
	unsigned int tcp;

	if (cfg->ipv6)
		v = l2tpgw_mss_ip6(&b, &tcp);
	else
		v = l2tpgw_mss_ip4(&b, &tcp);
	if (v == L2TPGW_MSS_IS_TCP) {
		pos->limit = l2tpgw_mss_limit(cfg);
		v = l2tpgw_mss_tcp(&b, tcp, pos);
	}
	if (v == L2TPGW_MSS_SHORT)
		pos->need = b.need;
	return v;
}

/*
 * The bytes of a 16-bit value as the TCP checksum sums them: in words
 * aligned on the TCP header, so a value at an odd offset counts swapped.
 */
static __be16 l2tpgw_mss_csum_word(u16 val, bool odd)
{
	return cpu_to_be16(odd ? (u16)(val << 8 | val >> 8) : val);
}

/*
 * Lowers the option found at @pos to the limit.  The TCP checksum is
 * updated unless it is @csum_partial: then the field holds only the
 * pseudo-header sum, and whoever completes it sums the new value.
 */
void l2tpgw_mss_clamp(u8 *buf, const struct l2tpgw_mss_pos *pos,
		      bool csum_partial)
{
	bool odd = (pos->opt - pos->tcp) & 1;

	put_unaligned_be16(pos->limit, buf + pos->opt);
	if (!csum_partial)
		csum_replace2((__sum16 *)(buf + pos->tcp + 16),
			      l2tpgw_mss_csum_word(pos->mss, odd),
			      l2tpgw_mss_csum_word(pos->limit, odd));
}
