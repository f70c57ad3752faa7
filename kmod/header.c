// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 data message and PPP frame headers.  Pure functions over buffers:
 * the receive path hands them the linear head of a datagram, the transmit
 * path the room it pushed.
 */
#include <linux/kernel.h>

#include "compat.h"
#include "header.h"

#define PPP_ADDRESS	0xff
#define PPP_CONTROL	0x03

/*
 * @buf holds at least min(@len, L2TPGW_HDR_MAX_FIXED) bytes of a datagram
 * of @len bytes that starts with the L2TP header.  Offset padding is never
 * read, only checked against @len.
 */
enum l2tpgw_hdr_verdict l2tpgw_hdr_parse(const u8 *buf, unsigned int len,
					 struct l2tpgw_hdr *hdr)
{
	unsigned int pos = 2, ids_end;

	if (len < 2)
		return L2TPGW_HDR_UP;
	hdr->flags = get_unaligned_be16(buf);
	if (hdr->flags & L2TPGW_HDR_T)
		return L2TPGW_HDR_UP;
	if ((hdr->flags & L2TPGW_HDR_VER_MASK) != L2TPGW_HDR_VER2)
		return L2TPGW_HDR_UP;

	ids_end = (hdr->flags & L2TPGW_HDR_L) ? 8 : 6;
	if (len < ids_end)
		return L2TPGW_HDR_UP;
	hdr->msg_len = len;
	if (hdr->flags & L2TPGW_HDR_L) {
		hdr->msg_len = get_unaligned_be16(buf + pos);
		pos += 2;
	}
	hdr->tunnel_id = get_unaligned_be16(buf + pos);
	hdr->session_id = get_unaligned_be16(buf + pos + 2);
	pos += 4;

	hdr->ns = 0;
	if (hdr->flags & L2TPGW_HDR_S) {
		if (len < pos + 4)
			return L2TPGW_HDR_TRUNCATED;
		/* Nr is reserved in data messages and ignored (3.1). */
		hdr->ns = get_unaligned_be16(buf + pos);
		pos += 4;
	}
	if (hdr->flags & L2TPGW_HDR_O) {
		if (len < pos + 2)
			return L2TPGW_HDR_TRUNCATED;
		pos += 2 + get_unaligned_be16(buf + pos);
	}
	hdr->hdr_len = pos;

	if (hdr->msg_len > len || hdr->msg_len < ids_end)
		return L2TPGW_HDR_BAD_LENGTH;
	if (pos > hdr->msg_len)
		return (hdr->flags & L2TPGW_HDR_O) ? L2TPGW_HDR_BAD_LENGTH :
						     L2TPGW_HDR_TRUNCATED;
	return L2TPGW_HDR_OK;
}

/*
 * Returns the length of the address/control and protocol fields at the
 * start of the PPP frame in @buf (@len bytes), or -EINVAL.  Address and
 * control may be absent (ACFC), the protocol one byte long (PFC); a
 * protocol's low byte is always odd and its high byte even (RFC 1661 2).
 */
int l2tpgw_ppp_parse(const u8 *buf, unsigned int len, u16 *proto)
{
	unsigned int pos = 0;

	if (len >= 2 && buf[0] == PPP_ADDRESS && buf[1] == PPP_CONTROL)
		pos = 2;
	if (len < pos + 1)
		return -EINVAL;
	if (buf[pos] & 1) {
		*proto = buf[pos];
		return pos + 1;
	}
	if (len < pos + 2 || !(buf[pos + 1] & 1))
		return -EINVAL;
	*proto = get_unaligned_be16(buf + pos);
	return pos + 2;
}

unsigned int l2tpgw_hdr_tx_len(const struct l2tpgw_hdr_tx *tx)
{
	return 6 + (tx->length ? 2 : 0) + (tx->seq ? 4 : 0);
}

/* @msg_len is the whole message: this header and the PPP frame after it. */
void l2tpgw_hdr_build(u8 *buf, const struct l2tpgw_hdr_tx *tx,
		      unsigned int msg_len)
{
	u16 flags = L2TPGW_HDR_VER2;
	unsigned int pos = 2;

	if (tx->length)
		flags |= L2TPGW_HDR_L;
	if (tx->seq)
		flags |= L2TPGW_HDR_S;
	if (tx->priority)
		flags |= L2TPGW_HDR_P;
	put_unaligned_be16(flags, buf);
	if (tx->length) {
		put_unaligned_be16(msg_len, buf + pos);
		pos += 2;
	}
	put_unaligned_be16(tx->tunnel_id, buf + pos);
	put_unaligned_be16(tx->session_id, buf + pos + 2);
	pos += 4;
	if (tx->seq) {
		put_unaligned_be16(tx->ns, buf + pos);
		put_unaligned_be16(0, buf + pos + 2);
	}
}

static bool l2tpgw_ppp_compressible(u16 proto, bool pfc)
{
	/* RFC 1661 6.5: only protocols below 0x100, never LCP's. */
	return pfc && proto < 0x100;
}

unsigned int l2tpgw_ppp_hdr_len(u16 proto, bool acfc, bool pfc)
{
	/* RFC 1661 6.6: LCP frames always carry address and control. */
	bool ac = !acfc || proto == 0xc021;

	return (ac ? 2 : 0) + (l2tpgw_ppp_compressible(proto, pfc) ? 1 : 2);
}

void l2tpgw_ppp_build(u8 *buf, u16 proto, bool acfc, bool pfc)
{
	unsigned int pos = 0;

	if (!acfc || proto == 0xc021) {
		buf[0] = PPP_ADDRESS;
		buf[1] = PPP_CONTROL;
		pos = 2;
	}
	if (l2tpgw_ppp_compressible(proto, pfc))
		buf[pos] = proto;
	else
		put_unaligned_be16(proto, buf + pos);
}
