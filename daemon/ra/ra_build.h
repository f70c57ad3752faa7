/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Router Advertisements and Router Solicitations (RFC 4861 section 4.1,
 * 4.2, 6.1.1) with the RDNSS option (RFC 8106 section 5.1), as pure
 * functions over buffers.  The ICMPv6 checksum is left zero: a raw
 * IPPROTO_ICMPV6 socket has the kernel fill it in on send and verify it
 * on receive, so neither function sees the pseudo-header.
 */
#ifndef L2TPGW_RA_RA_BUILD_H
#define L2TPGW_RA_RA_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ND_ROUTER_SOLICIT_TYPE	133
#define ND_ROUTER_ADVERT_TYPE	134
#define ND_HOP_LIMIT		255	/* RFC 4861 6.1: on-link proof */
#define RA_MAX_DNS		3
/* Header, one prefix, MTU and RDNSS with RA_MAX_DNS servers. */
#define RA_MAX_SIZE		(16 + 32 + 8 + 8 + 16 * RA_MAX_DNS)

struct ra_message {
	uint8_t cur_hop_limit;		/* 0: unspecified */
	uint16_t router_lifetime_s;	/* 0: not a default router */
	bool has_prefix;		/* on-link + autonomous */
	uint8_t prefix[16];
	uint8_t prefix_len;
	uint32_t valid_lifetime_s;
	uint32_t preferred_lifetime_s;
	uint32_t mtu;			/* 0: no MTU option */
	uint8_t dns[RA_MAX_DNS][16];
	unsigned n_dns;			/* 0: no RDNSS option */
	uint32_t dns_lifetime_s;
};

/* The advertisement into buf: its length, or -EMSGSIZE / -EINVAL. */
int ra_build(const struct ra_message *m, uint8_t *buf, size_t cap);

/* Why a solicitation was refused (RFC 4861 6.1.1), for counters. */
enum rs_verdict {
	RS_OK = 0,
	RS_TRUNCATED,		/* shorter than the 8-byte header */
	RS_NOT_SOLICIT,		/* another ICMPv6 type */
	RS_BAD_CODE,		/* code not 0 */
	RS_BAD_HOP_LIMIT,	/* not 255: not from the link */
	RS_BAD_OPTION,		/* zero length or past the end */
	RS_SLLA_UNSPEC,		/* source-link-layer option from :: */
	RS_VERDICT_MAX
};

struct rs_info {
	bool has_slla;		/* a source link-layer address option */
};

/*
 * One Router Solicitation as received on a raw socket (ICMPv6 header
 * first) with the IPv6 hop limit it arrived with and whether its source
 * was the unspecified address.  RS_OK and *out, or the verdict.
 */
enum rs_verdict rs_parse(const uint8_t *buf, size_t len, int hop_limit,
			 bool src_unspecified, struct rs_info *out);
const char *rs_verdict_name(enum rs_verdict v);

#endif /* L2TPGW_RA_RA_BUILD_H */
