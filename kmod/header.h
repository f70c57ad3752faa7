/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_HEADER_H
#define _L2TPGW_HEADER_H

#include <linux/types.h>

/* L2TPv2 header bits (RFC 2661 section 3.1), first 16 bits in host order. */
#define L2TPGW_HDR_T		0x8000
#define L2TPGW_HDR_L		0x4000
#define L2TPGW_HDR_S		0x0800
#define L2TPGW_HDR_O		0x0200
#define L2TPGW_HDR_P		0x0100
#define L2TPGW_HDR_VER_MASK	0x000f
#define L2TPGW_HDR_VER2		2

/* Flags, Length, Tunnel ID, Session ID, Ns, Nr, Offset Size. */
#define L2TPGW_HDR_MAX_FIXED	14
/* What we send at most: flags, Length, ids, Ns, Nr. */
#define L2TPGW_HDR_MAX_TX	12
/* Address, control and a two-byte protocol. */
#define L2TPGW_PPP_MAX_HDR	4

#define L2TPGW_PPP_IP		0x0021
#define L2TPGW_PPP_IPV6		0x0057

enum l2tpgw_hdr_verdict {
	L2TPGW_HDR_OK,		/* a well-formed data message */
	L2TPGW_HDR_UP,		/* control, not version 2, or no ids: not ours */
	L2TPGW_HDR_TRUNCATED,	/* ids present, rest of the header missing */
	L2TPGW_HDR_BAD_LENGTH,	/* Length or Offset Size inconsistent */
};

struct l2tpgw_hdr {
	u16 flags;
	u16 tunnel_id;
	u16 session_id;
	u16 ns;
	/* Bytes up to the PPP frame, offset padding included. */
	unsigned int hdr_len;
	/* Bytes of the L2TP message (the Length field if present). */
	unsigned int msg_len;
};

enum l2tpgw_hdr_verdict l2tpgw_hdr_parse(const u8 *buf, unsigned int len,
					 struct l2tpgw_hdr *hdr);
int l2tpgw_ppp_parse(const u8 *buf, unsigned int len, u16 *proto);

struct l2tpgw_hdr_tx {
	u16 tunnel_id;
	u16 session_id;
	u16 ns;
	bool length;
	bool seq;
	bool priority;
};

unsigned int l2tpgw_hdr_tx_len(const struct l2tpgw_hdr_tx *tx);
void l2tpgw_hdr_build(u8 *buf, const struct l2tpgw_hdr_tx *tx,
		      unsigned int msg_len);
unsigned int l2tpgw_ppp_hdr_len(u16 proto, bool acfc, bool pfc);
void l2tpgw_ppp_build(u8 *buf, u16 proto, bool acfc, bool pfc);

#endif /* _L2TPGW_HEADER_H */
