// SPDX-License-Identifier: GPL-2.0-or-later
/* Router Advertisement builder and Router Solicitation parser. */
#include "ra/ra_build.h"

#include <errno.h>
#include <string.h>

#define OPT_SLLA	1
#define OPT_PREFIX	3
#define OPT_MTU		5
#define OPT_RDNSS	25
#define PREFIX_FLAG_ONLINK	0x80
#define PREFIX_FLAG_AUTO	0x40

static uint8_t *put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
	return p + 2;
}

static uint8_t *put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
	return p + 4;
}

static size_t ra_length(const struct ra_message *m)
{
	return 16 + (m->has_prefix ? 32 : 0) + (m->mtu ? 8 : 0) +
	       (m->n_dns ? 8 + 16 * m->n_dns : 0);
}

int ra_build(const struct ra_message *m, uint8_t *buf, size_t cap)
{
	size_t len;
	uint8_t *p = buf;
	unsigned i;

	if (m->n_dns > RA_MAX_DNS || m->prefix_len > 128 ||
	    m->preferred_lifetime_s > m->valid_lifetime_s)
		return -EINVAL;
	len = ra_length(m);
	if (len > cap)
		return -EMSGSIZE;
	memset(buf, 0, len);
	*p++ = ND_ROUTER_ADVERT_TYPE;
	p += 3;				/* code 0, checksum by the kernel */
	*p++ = m->cur_hop_limit;
	p++;				/* M and O clear: SLAAC, no DHCPv6 */
	p = put16(p, m->router_lifetime_s);
	p += 8;				/* reachable time, retrans timer */
	if (m->has_prefix) {
		*p++ = OPT_PREFIX;
		*p++ = 4;
		*p++ = m->prefix_len;
		*p++ = PREFIX_FLAG_ONLINK | PREFIX_FLAG_AUTO;
		p = put32(p, m->valid_lifetime_s);
		p = put32(p, m->preferred_lifetime_s);
		p += 4;
		memcpy(p, m->prefix, 16);
		p += 16;
	}
	if (m->mtu) {
		*p++ = OPT_MTU;
		*p++ = 1;
		p += 2;
		p = put32(p, m->mtu);
	}
	if (m->n_dns) {
		*p++ = OPT_RDNSS;
		*p++ = (uint8_t)(1 + 2 * m->n_dns);
		p += 2;
		p = put32(p, m->dns_lifetime_s);
		for (i = 0; i < m->n_dns; i++, p += 16)
			memcpy(p, m->dns[i], 16);
	}
	return (int)(p - buf);
}

enum rs_verdict rs_parse(const uint8_t *buf, size_t len, int hop_limit,
			 bool src_unspecified, struct rs_info *out)
{
	size_t pos = 8;

	memset(out, 0, sizeof(*out));
	if (len < 8)
		return RS_TRUNCATED;
	if (buf[0] != ND_ROUTER_SOLICIT_TYPE)
		return RS_NOT_SOLICIT;
	if (buf[1] != 0)
		return RS_BAD_CODE;
	if (hop_limit != ND_HOP_LIMIT)
		return RS_BAD_HOP_LIMIT;
	while (pos < len) {
		size_t olen;

		if (len - pos < 2)
			return RS_BAD_OPTION;
		olen = (size_t)buf[pos + 1] * 8;
		if (!olen || olen > len - pos)
			return RS_BAD_OPTION;
		if (buf[pos] == OPT_SLLA)
			out->has_slla = true;
		pos += olen;
	}
	if (src_unspecified && out->has_slla)
		return RS_SLLA_UNSPEC;
	return RS_OK;
}

const char *rs_verdict_name(enum rs_verdict v)
{
	static const char *const names[RS_VERDICT_MAX] = {
		[RS_OK] = "ok",
		[RS_TRUNCATED] = "truncated",
		[RS_NOT_SOLICIT] = "not a router solicitation",
		[RS_BAD_CODE] = "code not 0",
		[RS_BAD_HOP_LIMIT] = "hop limit not 255",
		[RS_BAD_OPTION] = "malformed option",
		[RS_SLLA_UNSPEC] = "link-layer option from ::",
	};

	return (unsigned)v < RS_VERDICT_MAX ? names[v] : "unknown";
}
