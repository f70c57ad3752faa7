// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: kmod/header.c, the module's L2TPv2 data header and PPP
 * header parsers, built for the host through tests/kshim.  The input is a
 * datagram as the receive path hands it over (an exact-size buffer, so
 * any read past it is an ASan report).  Checked: what the parser returns
 * as OK is consistent (header inside the message, message inside the
 * datagram), and what the builders make parses back to what was built.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kshim.h"
#include "header.c"

KSHIM_GLOBALS;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_parse(const u8 *buf, unsigned int len)
{
	struct l2tpgw_hdr h;
	u16 proto;
	int n;

	switch (l2tpgw_hdr_parse(buf, len, &h)) {
	case L2TPGW_HDR_OK:
		if (h.hdr_len < 6 || h.hdr_len > h.msg_len ||
		    h.msg_len > len || (h.flags & L2TPGW_HDR_T) ||
		    (!(h.flags & L2TPGW_HDR_S) && h.ns))
			abort();
		/* The PPP frame: what the receive path parses next. */
		n = l2tpgw_ppp_parse(buf + h.hdr_len,
				     h.msg_len - h.hdr_len, &proto);
		if (n != -EINVAL &&
		    (n < 1 || (unsigned int)n > h.msg_len - h.hdr_len ||
		     !(proto & 1)))
			abort();
		break;
	case L2TPGW_HDR_UP:
	case L2TPGW_HDR_TRUNCATED:
	case L2TPGW_HDR_BAD_LENGTH:
		break;
	default:
		abort();
	}
}

/* The first bytes choose a header to build; it must parse back. */
static void check_build(const u8 *d, size_t size)
{
	struct l2tpgw_hdr_tx tx;
	u8 buf[L2TPGW_HDR_MAX_TX + L2TPGW_PPP_MAX_HDR];
	struct l2tpgw_hdr h;
	unsigned int n, p;
	u16 proto, got;

	if (size < 9)
		return;
	tx = (struct l2tpgw_hdr_tx){
		.tunnel_id = get_unaligned_be16(d + 1),
		.session_id = get_unaligned_be16(d + 3),
		.ns = get_unaligned_be16(d + 5),
		.length = d[0] & 1, .seq = d[0] & 2, .priority = d[0] & 4,
	};
	/* A valid PPP protocol: low byte odd, high byte even. */
	proto = (get_unaligned_be16(d + 7) | 1) & 0xfeff;
	n = l2tpgw_hdr_tx_len(&tx);
	p = l2tpgw_ppp_hdr_len(proto, d[0] & 8, d[0] & 16);
	if (n > L2TPGW_HDR_MAX_TX || p > L2TPGW_PPP_MAX_HDR)
		abort();
	l2tpgw_hdr_build(buf, &tx, n + p);
	l2tpgw_ppp_build(buf + n, proto, d[0] & 8, d[0] & 16);
	if (l2tpgw_hdr_parse(buf, n + p, &h) != L2TPGW_HDR_OK ||
	    h.hdr_len != n || h.msg_len != n + p ||
	    h.tunnel_id != tx.tunnel_id || h.session_id != tx.session_id ||
	    h.ns != (tx.seq ? tx.ns : 0) ||
	    !!(h.flags & L2TPGW_HDR_P) != tx.priority)
		abort();
	if (l2tpgw_ppp_parse(buf + n, p, &got) != (int)p || got != proto)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65535)
		return 0;
	check_parse(data, size);
	check_build(data, size);
	return 0;
}
