// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/mss.c built for the host (tests/kshim): finding the MSS option of a
 * TCP SYN in IPv4 and IPv6 packets (IHL, fragments, extension headers),
 * the limit a session puts on it, malformed headers and options left
 * alone, and the incremental checksum update, checked against a checksum
 * computed here from scratch over the pseudo-header and segment.
 */
#include <check.h>
#include <string.h>

#include "kshim.h"
#include "mss.c"

KSHIM_GLOBALS;

#define SYN	0x02
#define ACK	0x10

static const u8 src6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const u8 dst6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 2 };

/* A Linux SYN's options: MSS 1460, SACK permitted, timestamps, WS 7. */
static const u8 linux_opts[20] = {
	0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x01,
	0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

static u32 sum16(u32 sum, const u8 *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (u32)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (u32)(p[n - 1] << 8);
	return sum;
}

static u16 fold(u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

/* RFC 793/8200 pseudo-header plus segment; 0xffff when it is right. */
static u16 tcp_sum(const u8 *pkt, bool ipv6, unsigned int tcp,
		   unsigned int end)
{
	u32 sum = 6 + (end - tcp);

	if (ipv6) {
		sum = sum16(sum, pkt + 8, 32);
	} else {
		sum = sum16(sum, pkt + 12, 8);
	}
	return fold(sum16(sum, pkt + tcp, end - tcp));
}

static void tcp_fill_csum(u8 *pkt, bool ipv6, unsigned int tcp,
			  unsigned int end)
{
	pkt[tcp + 16] = pkt[tcp + 17] = 0;
	put_unaligned_be16((u16)~tcp_sum(pkt, ipv6, tcp, end), pkt + tcp + 16);
	ck_assert_uint_eq(tcp_sum(pkt, ipv6, tcp, end), 0xffff);
}

/* A TCP header at @tcp with @opts (a multiple of 4 bytes) and 3 bytes
 * of payload; returns the end of the segment.
 */
static unsigned int tcp_build(u8 *pkt, unsigned int tcp, u8 flags,
			      const u8 *opts, unsigned int olen)
{
	u8 *t = pkt + tcp;

	memset(t, 0, 20);
	put_unaligned_be16(40000, t);
	put_unaligned_be16(80, t + 2);
	t[4] = 0x12;
	t[7] = 0x34;
	t[12] = (u8)((20 + olen) / 4) << 4;
	t[13] = flags;
	put_unaligned_be16(64240, t + 14);
	memcpy(t + 20, opts, olen);
	memcpy(t + 20 + olen, "abc", 3);
	return tcp + 20 + olen + 3;
}

/* IPv4 with @ihl bytes of header (options zero) and the TCP above. */
static unsigned int ip4_build(u8 *pkt, unsigned int ihl, u8 flags,
			      const u8 *opts, unsigned int olen)
{
	unsigned int end;

	memset(pkt, 0, ihl);
	pkt[0] = 0x40 | (u8)(ihl / 4);
	pkt[8] = 64;
	pkt[9] = 6;
	memcpy(pkt + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	end = tcp_build(pkt, ihl, flags, opts, olen);
	put_unaligned_be16((u16)end, pkt + 2);
	tcp_fill_csum(pkt, false, ihl, end);
	return end;
}

/* IPv6 with the extension headers @ext (chained by @first and their own
 * next-header bytes, the last one saying TCP) and the TCP above.
 */
static unsigned int ip6_build(u8 *pkt, u8 first, const u8 *ext,
			      unsigned int elen, u8 flags, const u8 *opts,
			      unsigned int olen)
{
	unsigned int end;

	memset(pkt, 0, 40);
	pkt[0] = 0x60;
	pkt[6] = elen ? first : 6;
	pkt[7] = 64;
	memcpy(pkt + 8, src6, 16);
	memcpy(pkt + 24, dst6, 16);
	memcpy(pkt + 40, ext, elen);
	end = tcp_build(pkt, 40 + elen, flags, opts, olen);
	put_unaligned_be16((u16)(end - 40), pkt + 4);
	tcp_fill_csum(pkt, true, 40 + elen, end);
	return end;
}

static const struct l2tpgw_mss_cfg auto4 = { L2TPGW_TCP_MSS_AUTO, 1400, false };
static const struct l2tpgw_mss_cfg auto6 = { L2TPGW_TCP_MSS_AUTO, 1400, true };

static enum l2tpgw_mss_verdict find(const u8 *pkt, unsigned int len,
				    const struct l2tpgw_mss_cfg *cfg,
				    struct l2tpgw_mss_pos *pos)
{
	memset(pos, 0xa5, sizeof(*pos));
	return l2tpgw_mss_find(pkt, len, cfg, pos);
}

/* Clamp and check: only the option and the checksum changed, rightly. */
static void clamp_and_check(u8 *pkt, unsigned int end,
			    const struct l2tpgw_mss_cfg *cfg, u16 want)
{
	struct l2tpgw_mss_pos pos;
	u8 before[256];

	memcpy(before, pkt, end);
	ck_assert_int_eq(find(pkt, end, cfg, &pos), L2TPGW_MSS_CLAMP);
	ck_assert_uint_eq(pos.limit, want);
	l2tpgw_mss_clamp(pkt, &pos, false);
	ck_assert_uint_eq(get_unaligned_be16(pkt + pos.opt), want);
	ck_assert_uint_eq(tcp_sum(pkt, cfg->ipv6, pos.tcp, end), 0xffff);
	ck_assert_int_ne(memcmp(pkt + pos.tcp + 16, before + pos.tcp + 16, 2),
			 0);
	ck_assert_int_eq(memcmp(pkt, before, pos.tcp + 16), 0);
	ck_assert_int_eq(memcmp(pkt + pos.tcp + 18, before + pos.tcp + 18,
				pos.opt - pos.tcp - 18), 0);
	ck_assert_int_eq(memcmp(pkt + pos.opt + 2, before + pos.opt + 2,
				end - pos.opt - 2), 0);
	/* Once is enough: the packet now fits. */
	ck_assert_int_eq(find(pkt, end, cfg, &pos), L2TPGW_MSS_FITS);
	ck_assert_uint_eq(pos.mss, want);
}

START_TEST(ipv4_syn_clamped)
{
	u8 pkt[128];
	unsigned int end = ip4_build(pkt, 20, SYN, linux_opts, 20);
	struct l2tpgw_mss_pos pos;

	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_CLAMP);
	ck_assert_uint_eq(pos.tcp, 20);
	ck_assert_uint_eq(pos.opt, 42);
	ck_assert_uint_eq(pos.mss, 1460);
	/* 1400 - 20 (IPv4) - 20 (TCP) */
	clamp_and_check(pkt, end, &auto4, 1360);
	ck_assert_uint_eq(pkt[42], 0x05);
	ck_assert_uint_eq(pkt[43], 0x50);
}
END_TEST

START_TEST(ipv4_syn_ack_and_header_options)
{
	struct l2tpgw_mss_cfg cfg = auto4;
	u8 pkt[128];
	unsigned int end;

	end = ip4_build(pkt, 20, SYN | ACK, linux_opts, 20);
	clamp_and_check(pkt, end, &auto4, 1360);
	/* IHL 6: the TCP header is after 24 bytes. */
	end = ip4_build(pkt, 24, SYN, linux_opts, 20);
	cfg.mtu = 1492;
	clamp_and_check(pkt, end, &cfg, 1452);
}
END_TEST

START_TEST(csum_partial_left_to_the_stack)
{
	u8 pkt[128];
	unsigned int end = ip4_build(pkt, 20, SYN, linux_opts, 20);
	struct l2tpgw_mss_pos pos;

	/* The field holds the pseudo-header sum; it must not move. */
	put_unaligned_be16(0x1234, pkt + 36);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_CLAMP);
	l2tpgw_mss_clamp(pkt, &pos, true);
	ck_assert_uint_eq(get_unaligned_be16(pkt + 36), 0x1234);
	ck_assert_uint_eq(get_unaligned_be16(pkt + 42), 1360);
}
END_TEST

START_TEST(odd_offset_option)
{
	/* NOP first: the MSS value sits at an odd offset in the header. */
	static const u8 opts[8] = { 0x01, 0x02, 0x04, 0x05, 0xb4,
				    0x01, 0x01, 0x00 };
	static const u8 opts3[8] = { 0x01, 0x01, 0x01, 0x02, 0x04, 0xff,
				     0xff, 0x00 };
	u8 pkt[128];
	unsigned int end = ip4_build(pkt, 20, SYN, opts, 8);

	clamp_and_check(pkt, end, &auto4, 1360);
	end = ip4_build(pkt, 20, SYN, opts3, 8);
	clamp_and_check(pkt, end, &auto4, 1360);
	end = ip6_build(pkt, 0, NULL, 0, SYN, opts, 8);
	clamp_and_check(pkt, end, &auto6, 1340);
}
END_TEST

START_TEST(fixed_limit)
{
	struct l2tpgw_mss_cfg cfg = { 1300, 1400, false };
	u8 pkt[128];
	unsigned int end = ip4_build(pkt, 20, SYN, linux_opts, 20);

	clamp_and_check(pkt, end, &cfg, 1300);
	/* IPv6 gets 20 less: the same path MTU. */
	cfg.ipv6 = true;
	end = ip6_build(pkt, 0, NULL, 0, SYN, linux_opts, 20);
	clamp_and_check(pkt, end, &cfg, 1280);
}
END_TEST

START_TEST(not_syn_untouched)
{
	static const u8 flags[] = { ACK, 0x01, 0x04, 0x18, 0x11, 0x00 };
	struct l2tpgw_mss_pos pos;
	unsigned int i, end;
	u8 pkt[128];

	for (i = 0; i < sizeof(flags); i++) {
		end = ip4_build(pkt, 20, flags[i], linux_opts, 20);
		ck_assert_int_eq(find(pkt, end, &auto4, &pos),
				 L2TPGW_MSS_NOT_SYN);
		end = ip6_build(pkt, 0, NULL, 0, flags[i], linux_opts, 20);
		ck_assert_int_eq(find(pkt, end, &auto6, &pos),
				 L2TPGW_MSS_NOT_SYN);
	}
	/* Not TCP at all. */
	end = ip4_build(pkt, 20, SYN, linux_opts, 20);
	pkt[9] = 17;
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_NOT_SYN);
	/* A non-SYN needs only its flags: IP header and 14 bytes of TCP. */
	end = ip4_build(pkt, 20, ACK, linux_opts, 20);
	ck_assert_int_eq(find(pkt, 34, &auto4, &pos), L2TPGW_MSS_NOT_SYN);
}
END_TEST

START_TEST(lower_mss_untouched)
{
	u8 opts[4] = { 0x02, 0x04, 0x04, 0xb0 };	/* 1200 */
	struct l2tpgw_mss_pos pos;
	u8 pkt[128], copy[128];
	unsigned int end = ip4_build(pkt, 20, SYN, opts, 4);

	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_FITS);
	ck_assert_uint_eq(pos.mss, 1200);
	/* Exactly the limit fits too. */
	put_unaligned_be16(1360, opts + 2);
	end = ip4_build(pkt, 20, SYN, opts, 4);
	memcpy(copy, pkt, end);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_FITS);
	ck_assert_int_eq(memcmp(pkt, copy, end), 0);
	put_unaligned_be16(1361, opts + 2);
	end = ip4_build(pkt, 20, SYN, opts, 4);
	clamp_and_check(pkt, end, &auto4, 1360);
}
END_TEST

START_TEST(no_mss_option)
{
	static const u8 sack_ws[8] = { 0x01, 0x01, 0x04, 0x02,
				       0x01, 0x03, 0x03, 0x07 };
	/* What follows End of Option List is not an option. */
	static const u8 after_eol[8] = { 0x01, 0x00, 0x02, 0x04,
					 0x05, 0xb4, 0x00, 0x00 };
	struct l2tpgw_mss_pos pos;
	u8 pkt[128];
	unsigned int end;

	end = ip4_build(pkt, 20, SYN, NULL, 0);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_NO_OPTION);
	end = ip4_build(pkt, 20, SYN, sack_ws, 8);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_NO_OPTION);
	end = ip4_build(pkt, 20, SYN, after_eol, 8);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_NO_OPTION);
}
END_TEST

START_TEST(malformed_options)
{
	static const u8 bad[][8] = {
		{ 0x01, 0x08, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x00 }, /* len 0 */
		{ 0x08, 0x01, 0x02, 0x04, 0x05, 0xb4, 0x00, 0x00 }, /* len 1 */
		{ 0x08, 0x0a, 0x02, 0x04, 0x05, 0xb4, 0x00, 0x00 }, /* past */
		{ 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x08 }, /* no len */
		{ 0x02, 0x03, 0x05, 0xb4, 0x00, 0x00, 0x00, 0x00 }, /* MSS 3 */
		{ 0x02, 0x06, 0x05, 0xb4, 0x00, 0x00, 0x00, 0x00 }, /* MSS 6 */
		{ 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x02, 0x04 }, /* past */
	};
	struct l2tpgw_mss_pos pos;
	u8 pkt[128], copy[128];
	unsigned int i, end;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		end = ip4_build(pkt, 20, SYN, bad[i], 8);
		memcpy(copy, pkt, end);
		ck_assert_msg(find(pkt, end, &auto4, &pos) ==
			      L2TPGW_MSS_MALFORMED, "options %u", i);
		ck_assert_int_eq(memcmp(pkt, copy, end), 0);
	}
}
END_TEST

START_TEST(malformed_headers)
{
	struct l2tpgw_mss_pos pos;
	unsigned int end;
	u8 pkt[128];

	end = ip4_build(pkt, 20, SYN, linux_opts, 20);
	/* Data offset below 5, or beyond the packet. */
	pkt[32] = 0x40;
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	pkt[32] = 0xf0;
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	pkt[32] = 0xa0;
	/* A TCP header cut by the IP total length. */
	put_unaligned_be16(30, pkt + 2);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	put_unaligned_be16(50, pkt + 2);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	/* Total length below the header; IHL below 5; not version 4. */
	put_unaligned_be16(19, pkt + 2);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	put_unaligned_be16((u16)end, pkt + 2);
	pkt[0] = 0x44;
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	pkt[0] = 0x65;
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	pkt[0] = 0x45;
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_CLAMP);
	/* An IPv6 packet handed over as IPv4, and the other way round. */
	end = ip6_build(pkt, 0, NULL, 0, SYN, linux_opts, 20);
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_MALFORMED);
	end = ip4_build(pkt, 20, SYN, linux_opts, 20);
	ck_assert_int_eq(find(pkt, end, &auto6, &pos), L2TPGW_MSS_MALFORMED);
}
END_TEST

START_TEST(short_buffer_asks_for_more)
{
	struct l2tpgw_mss_pos pos;
	u8 pkt[128];
	unsigned int end = ip4_build(pkt, 20, SYN, linux_opts, 20);

	ck_assert_int_eq(find(pkt, 10, &auto4, &pos), L2TPGW_MSS_SHORT);
	ck_assert_uint_eq(pos.need, 20);
	ck_assert_int_eq(find(pkt, 30, &auto4, &pos), L2TPGW_MSS_SHORT);
	ck_assert_uint_eq(pos.need, 34);
	ck_assert_int_eq(find(pkt, 34, &auto4, &pos), L2TPGW_MSS_SHORT);
	ck_assert_uint_eq(pos.need, 60);
	ck_assert_int_eq(find(pkt, 60, &auto4, &pos), L2TPGW_MSS_CLAMP);
	ck_assert_uint_lt(60, end);
	end = ip6_build(pkt, 0, NULL, 0, SYN, linux_opts, 20);
	ck_assert_int_eq(find(pkt, 39, &auto6, &pos), L2TPGW_MSS_SHORT);
	ck_assert_uint_eq(pos.need, 40);
	ck_assert_int_eq(find(pkt, 50, &auto6, &pos), L2TPGW_MSS_SHORT);
	ck_assert_uint_eq(pos.need, 54);
}
END_TEST

START_TEST(fragments_untouched_but_the_first)
{
	static const u8 frag6[8] = { 6, 0, 0x00, 0x01, 0, 0, 0, 1 };
	struct l2tpgw_mss_pos pos;
	u8 pkt[128], ext[8];
	unsigned int end;

	end = ip4_build(pkt, 20, SYN, linux_opts, 20);
	put_unaligned_be16(0x0001, pkt + 6);		/* offset 8 bytes */
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_NOT_SYN);
	put_unaligned_be16(0x2000, pkt + 6);		/* MF, offset 0 */
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_CLAMP);
	put_unaligned_be16(0x4000, pkt + 6);		/* DF */
	ck_assert_int_eq(find(pkt, end, &auto4, &pos), L2TPGW_MSS_CLAMP);

	/* IPv6: the first fragment (M set, offset 0) is clamped. */
	end = ip6_build(pkt, 44, frag6, 8, SYN, linux_opts, 20);
	clamp_and_check(pkt, end, &auto6, 1340);
	memcpy(ext, frag6, 8);
	put_unaligned_be16(0x0008, ext + 2);		/* offset 8 bytes */
	end = ip6_build(pkt, 44, ext, 8, SYN, linux_opts, 20);
	ck_assert_int_eq(find(pkt, end, &auto6, &pos), L2TPGW_MSS_NOT_SYN);
}
END_TEST

START_TEST(ipv6_extension_headers)
{
	/* Hop-by-hop (8 bytes), destination options (16), AH (16). */
	static const u8 ext[40] = {
		60, 0, 1, 4, 0, 0, 0, 0,
		51, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		6, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0,
	};
	struct l2tpgw_mss_cfg cfg = auto6;
	struct l2tpgw_mss_pos pos;
	unsigned int end;
	u8 pkt[160];

	end = ip6_build(pkt, 0, NULL, 0, SYN, linux_opts, 20);
	/* 1400 - 40 (IPv6) - 20 (TCP) */
	clamp_and_check(pkt, end, &auto6, 1340);
	end = ip6_build(pkt, 0, ext, 40, SYN | ACK, linux_opts, 20);
	ck_assert_int_eq(find(pkt, end, &auto6, &pos), L2TPGW_MSS_CLAMP);
	ck_assert_uint_eq(pos.tcp, 80);
	clamp_and_check(pkt, end, &auto6, 1340);
	/* Cut inside the extension headers, by the payload length. */
	put_unaligned_be16(20, pkt + 4);
	ck_assert_int_eq(find(pkt, end, &auto6, &pos), L2TPGW_MSS_MALFORMED);
	/* ESP, UDP, no next header: not ours to read. */
	end = ip6_build(pkt, 0, NULL, 0, SYN, linux_opts, 20);
	pkt[6] = 50;
	ck_assert_int_eq(find(pkt, end, &auto6, &pos), L2TPGW_MSS_NOT_SYN);
	pkt[6] = 17;
	ck_assert_int_eq(find(pkt, end, &auto6, &pos), L2TPGW_MSS_NOT_SYN);
	pkt[6] = 59;
	ck_assert_int_eq(find(pkt, end, &auto6, &pos), L2TPGW_MSS_NOT_SYN);
	/* An MTU below IPv6's minimum is taken as 1280. */
	cfg.mtu = 1000;
	end = ip6_build(pkt, 0, NULL, 0, SYN, linux_opts, 20);
	clamp_and_check(pkt, end, &cfg, 1220);
	cfg.ipv6 = false;
	end = ip4_build(pkt, 20, SYN, linux_opts, 20);
	clamp_and_check(pkt, end, &cfg, 960);
}
END_TEST

static Suite *mss_suite(void)
{
	Suite *s = suite_create("kmod_mss");
	TCase *tc = tcase_create("mss");

	tcase_add_test(tc, ipv4_syn_clamped);
	tcase_add_test(tc, ipv4_syn_ack_and_header_options);
	tcase_add_test(tc, csum_partial_left_to_the_stack);
	tcase_add_test(tc, odd_offset_option);
	tcase_add_test(tc, fixed_limit);
	tcase_add_test(tc, not_syn_untouched);
	tcase_add_test(tc, lower_mss_untouched);
	tcase_add_test(tc, no_mss_option);
	tcase_add_test(tc, malformed_options);
	tcase_add_test(tc, malformed_headers);
	tcase_add_test(tc, short_buffer_asks_for_more);
	tcase_add_test(tc, fragments_untouched_but_the_first);
	tcase_add_test(tc, ipv6_extension_headers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(mss_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
