/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_MSS_H
#define _L2TPGW_MSS_H

#include <linux/types.h>

enum l2tpgw_mss_verdict {
	L2TPGW_MSS_NOT_SYN,	/* not TCP, a later fragment, or no SYN */
	L2TPGW_MSS_NO_OPTION,	/* a SYN without an MSS option */
	L2TPGW_MSS_FITS,	/* a SYN whose MSS is within the limit */
	L2TPGW_MSS_CLAMP,	/* a SYN whose MSS is not: see the pos */
	L2TPGW_MSS_SHORT,	/* the buffer ends before the TCP options do */
	L2TPGW_MSS_MALFORMED,	/* IP or TCP header or options inconsistent */
};

/* Where a SYN's MSS option is, as offsets from the IP header. */
struct l2tpgw_mss_pos {
	unsigned int tcp;	/* the TCP header */
	unsigned int opt;	/* the MSS option's value */
	u16 mss;		/* that value */
	u16 limit;		/* what it may be at most */
	unsigned int need;	/* L2TPGW_MSS_SHORT: bytes it takes */
};

/* The clamping of a session: L2TPGW_A_TCP_MSS (not 0) and its MTU. */
struct l2tpgw_mss_cfg {
	u16 tcp_mss;
	unsigned int mtu;
	bool ipv6;		/* the packet's family */
};

enum l2tpgw_mss_verdict l2tpgw_mss_find(const u8 *buf, unsigned int len,
					const struct l2tpgw_mss_cfg *cfg,
					struct l2tpgw_mss_pos *pos);
void l2tpgw_mss_clamp(u8 *buf, const struct l2tpgw_mss_pos *pos,
		      bool csum_partial);

#endif /* _L2TPGW_MSS_H */
