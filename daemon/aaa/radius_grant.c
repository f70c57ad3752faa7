// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An Access-Accept's attributes as a grant (radius_verifier.h): a pure
 * function over the parsed packet.  Every attribute of the wrong form is
 * skipped with a log line; nothing else is lost.
 */
#include <arpa/inet.h>
#include <string.h>

#include "escape.h"
#include "log.h"
#include "aaa/radius_verifier.h"
#include "shaper/rate_parse.h"

/* Framed-IP-Address values that mean "no address from RADIUS". */
#define FRAMED_IP_USER_CHOOSES	0xffffffffu
#define FRAMED_IP_NAS_CHOOSES	0xfffffffeu

static void bad(const char *who, const char *what, const struct radius_attr *a)
{
	log_warn("%s: RADIUS Access-Accept: %s of %u bytes ignored", who, what,
		 a->len);
}

/* RFC 3162 2.3 / RFC 4818: reserved, prefix length, 0..16 prefix bytes. */
static bool ipv6_prefix(const struct radius_attr *a, uint8_t out[16],
			uint8_t *len)
{
	size_t bytes;

	if (a->len < 2 || a->len > 18 || a->val[1] > 128)
		return false;
	bytes = (a->val[1] + 7u) / 8u;
	if (a->len - 2u < bytes)
		return false;
	memset(out, 0, 16);
	memcpy(out, a->val + 2, a->len - 2u > 16 ? 16 : a->len - 2u);
	/* Bits past the length must not count. */
	for (unsigned i = a->val[1]; i < 128; i++)
		out[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
	*len = a->val[1];
	return true;
}

static void u32_attr(const struct radius_attr *a, uint32_t *out,
		     const char *what, const char *who)
{
	if (!radius_attr_u32(a, out))
		bad(who, what, a);
}

static void str_attr(const struct radius_attr *a, char *out, size_t size,
		     const char *what, const char *who)
{
	if (!radius_attr_str(a, out, size)) {
		bad(who, what, a);
		out[0] = '\0';
	}
}

static void standard(const struct radius_attr *a, struct aaa_grant *g,
		     const char *who, bool *has_ip)
{
	uint32_t v;

	switch (a->type) {
	case RA_FRAMED_IP_ADDRESS:
		if (!radius_attr_u32(a, &v)) {
			bad(who, "Framed-IP-Address", a);
		} else if (v != FRAMED_IP_USER_CHOOSES &&
			   v != FRAMED_IP_NAS_CHOOSES && v) {
			g->addr_kind = PPP_USER_ADDR_STATIC;
			g->addr = v;
			*has_ip = true;
		}
		break;
	case RA_FRAMED_POOL:
		if (*has_ip)
			break;		/* the address wins over the pool */
		str_attr(a, g->pool, sizeof(g->pool), "Framed-Pool", who);
		if (g->pool[0])
			g->addr_kind = PPP_USER_ADDR_POOL;
		break;
	case RA_FRAMED_IPV6_PREFIX:
		g->has_ipv6_prefix = ipv6_prefix(a, g->ipv6_prefix,
						 &g->ipv6_prefix_len);
		if (!g->has_ipv6_prefix)
			bad(who, "Framed-IPv6-Prefix", a);
		break;
	case RA_DELEGATED_IPV6_PREFIX:
		g->has_delegated_prefix =
			ipv6_prefix(a, g->delegated_prefix,
				    &g->delegated_prefix_len);
		if (!g->has_delegated_prefix)
			bad(who, "Delegated-IPv6-Prefix", a);
		break;
	case RA_SESSION_TIMEOUT:
		u32_attr(a, &g->session_timeout_s, "Session-Timeout", who);
		break;
	case RA_IDLE_TIMEOUT:
		u32_attr(a, &g->idle_timeout_s, "Idle-Timeout", who);
		break;
	case RA_ACCT_INTERIM_INTERVAL:
		u32_attr(a, &g->interim_interval_s, "Acct-Interim-Interval",
			 who);
		break;
	case RA_FRAMED_MTU:
		/* RFC 2865 5.12: 64 to 65535. */
		if (!radius_attr_u32(a, &v) || v < 64 || v > 65535)
			bad(who, "Framed-MTU", a);
		else
			g->mtu = (uint16_t)v;
		break;
	case RA_CLASS:
		if (g->n_class >= AAA_CLASS_MAX) {
			log_warn("%s: RADIUS Access-Accept: Class beyond the "
				 "first %d ignored", who, AAA_CLASS_MAX);
			break;
		}
		g->class_len[g->n_class] = a->len;
		memcpy(g->class_val[g->n_class], a->val, a->len);
		g->n_class++;
		break;
	case RA_FILTER_ID:
		str_attr(a, g->filter_id, sizeof(g->filter_id), "Filter-Id",
			 who);
		break;
	default:
		break;
	}
}

void radius_grant_parse(const struct radius_packet *p, struct aaa_grant *g,
			const char *who)
{
	bool has_ip = false;
	char err[320];

	memset(g, 0, sizeof(*g));
	g->from_radius = true;
	/* Framed-IP-Address first: it wins over Framed-Pool in any order. */
	for (size_t i = 0; i < p->nattr; i++)
		if (!p->attr[i].vendor &&
		    p->attr[i].type == RA_FRAMED_IP_ADDRESS)
			standard(&p->attr[i], g, who, &has_ip);
	for (size_t i = 0; i < p->nattr; i++) {
		const struct radius_attr *a = &p->attr[i];

		if (!a->vendor && a->type != RA_FRAMED_IP_ADDRESS)
			standard(a, g, who, &has_ip);
		else if (a->vendor == RADIUS_VENDOR_MIKROTIK &&
			 a->type == RA_MIKROTIK_RATE_LIMIT)
			str_attr(a, g->rate_limit_str,
				 sizeof(g->rate_limit_str),
				 "Mikrotik-Rate-Limit", who);
	}
	if (rate_parse_radius(g->rate_limit_str, g->filter_id, &g->rate, err,
			      sizeof(err)) < 0)
		log_warn("%s: RADIUS Access-Accept: rate limit ignored: %s",
			 who, err);
}
