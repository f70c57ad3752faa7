/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PPP wire constants (RFC 1661, 1332, 1334, 1994, 2759, 1877, 5072) and the
 * bounds-checked byte accessors every PPP parser uses.
 */
#ifndef L2TPGW_PPP_PROTO_H
#define L2TPGW_PPP_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "wire.h"

#define PPP_IP		0x0021
#define PPP_IPV6	0x0057
#define PPP_IPCP	0x8021
#define PPP_IPV6CP	0x8057
#define PPP_LCP		0xc021
#define PPP_PAP		0xc023
#define PPP_CHAP	0xc223

/* Control packet codes (RFC 1661 section 5). */
enum {
	PPP_CONFREQ = 1,
	PPP_CONFACK = 2,
	PPP_CONFNAK = 3,
	PPP_CONFREJ = 4,
	PPP_TERMREQ = 5,
	PPP_TERMACK = 6,
	PPP_CODEREJ = 7,
	PPP_PROTREJ = 8,
	PPP_ECHOREQ = 9,
	PPP_ECHOREP = 10,
	PPP_DISCREQ = 11,
};

#define PPP_HDRLEN	4	/* code, identifier, length */
#define PPP_MAX_PACKET	1500	/* largest control packet we build */
#define PPP_MIN_MRU	128

/* CHAP algorithms in LCP option 3 (RFC 1994, RFC 2759). */
#define CHAP_MD5	5
#define CHAP_MSCHAPV2	0x81

/*
 * Walks a Configuration Options list.  Returns 1 with *type, *olen (whole
 * option, header included) and *val set, 0 at the end, -1 if the list is
 * malformed (option length < 2 or past the end).
 */
static inline int ppp_opt_next(const uint8_t *opts, size_t len, size_t *pos,
			       uint8_t *type, size_t *olen, const uint8_t **val)
{
	if (*pos >= len)
		return 0;
	if (len - *pos < 2 || opts[*pos + 1] < 2 ||
	    opts[*pos + 1] > len - *pos)
		return -1;
	*type = opts[*pos];
	*olen = opts[*pos + 1];
	*val = opts + *pos + 2;
	*pos += *olen;
	return 1;
}

/* A checked output buffer: writes past cap set overflow instead. */
struct ppp_buf {
	uint8_t *p;
	size_t len;
	size_t cap;
	int overflow;
};

static inline void ppp_buf_put(struct ppp_buf *b, const void *d, size_t n)
{
	if (b->overflow || n > b->cap - b->len) {
		b->overflow = 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		b->p[b->len + i] = ((const uint8_t *)d)[i];
	b->len += n;
}

static inline void ppp_buf_opt(struct ppp_buf *b, uint8_t type,
			       const void *val, size_t n)
{
	uint8_t h[2] = { type, (uint8_t)(n + 2) };

	ppp_buf_put(b, h, 2);
	ppp_buf_put(b, val, n);
}

#endif /* L2TPGW_PPP_PROTO_H */
