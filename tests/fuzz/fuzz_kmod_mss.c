// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: kmod/mss.c, the module's TCP MSS clamping, built for
 * the host through tests/kshim.  The first three bytes choose the
 * session (family, tcp_mss, MTU, whether the checksum is partial); the
 * rest is the IP packet, in an exact-size buffer so that any read past it
 * is an ASan report.  Checked: what is found lies inside the TCP header
 * inside the buffer, SHORT asks for more than it had, a clamp leaves the
 * option at the limit (found again as fitting) and the one's complement
 * sum of the segment as it was.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kshim.h"
#include "mss.c"

KSHIM_GLOBALS;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const u16 tcp_mss_choice[4] = { L2TPGW_TCP_MSS_AUTO, 1300, 88, 65534 };

static u16 segment_sum(const u8 *p, unsigned int from, unsigned int to)
{
	u32 sum = 0;
	unsigned int i;

	for (i = from; i + 1 < to; i += 2)
		sum += (u32)(p[i] << 8 | p[i + 1]);
	if ((to - from) & 1)
		sum += (u32)(p[to - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff ? 0 : (u16)sum;
}

static void check_clamp(u8 *pkt, unsigned int len,
			const struct l2tpgw_mss_cfg *cfg,
			const struct l2tpgw_mss_pos *pos, bool partial)
{
	u16 before = segment_sum(pkt, pos->tcp, len);
	struct l2tpgw_mss_pos again;

	l2tpgw_mss_clamp(pkt, pos, partial);
	if (l2tpgw_mss_find(pkt, len, cfg, &again) != L2TPGW_MSS_FITS ||
	    again.opt != pos->opt || again.mss != pos->limit)
		abort();
	if (!partial && segment_sum(pkt, pos->tcp, len) != before)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct l2tpgw_mss_cfg cfg;
	struct l2tpgw_mss_pos pos;
	unsigned int len;
	bool partial;
	u8 *pkt;

	if (size < 3 || size > 65535 + 3)
		return 0;
	cfg.ipv6 = data[0] & 1;
	partial = data[0] & 2;
	cfg.tcp_mss = tcp_mss_choice[(data[0] >> 2) & 3];
	cfg.mtu = 68 + get_unaligned_be16(data + 1) % (65535 - 68 + 1);
	len = (unsigned int)size - 3;
	pkt = malloc(len ? len : 1);
	if (!pkt)
		return 0;
	memcpy(pkt, data + 3, len);

	switch (l2tpgw_mss_find(pkt, len, &cfg, &pos)) {
	case L2TPGW_MSS_SHORT:
		if (pos.need <= len)
			abort();
		break;
	case L2TPGW_MSS_FITS:
	case L2TPGW_MSS_CLAMP:
		if (pos.opt < pos.tcp + 22 || pos.opt + 2 > len ||
		    pos.opt + 2 > pos.tcp + 60 ||
		    get_unaligned_be16(pkt + pos.opt) != pos.mss ||
		    pkt[pos.opt - 2] != L2TPGW_TCPOPT_MSS ||
		    !(pkt[pos.tcp + 13] & L2TPGW_TCP_SYN))
			abort();
		if (pos.mss > pos.limit)
			check_clamp(pkt, len, &cfg, &pos, partial);
		break;
	case L2TPGW_MSS_NOT_SYN:
	case L2TPGW_MSS_NO_OPTION:
	case L2TPGW_MSS_MALFORMED:
		break;
	default:
		abort();
	}
	free(pkt);
	return 0;
}
