/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rate limits as operators write them, parsed into struct aaa_rate (rx:
 * from the client, tx: to the client).  Pure functions over a buffer
 * (not NUL-terminated), for unit tests and fuzzing; docs/radius.md,
 * "Rate limits", is the reference for every form.
 *
 *  - MikroTik's Mikrotik-Rate-Limit (vendor 14988, attribute 8), also
 *    the users file's rate_limit= value:
 *	rx-rate[/tx-rate] [rx-burst-rate[/tx-burst-rate]
 *	[rx-burst-threshold[/tx-burst-threshold]
 *	[rx-burst-time[/tx-burst-time] [priority] [rx-rate-min[/tx-rate-min]]]]]
 *    in bit/s with k, M or G (10^3, 10^6, 10^9); seen from the router,
 *    so rx is the client's upload.  Burst rate and time become the token
 *    bucket's size; threshold, priority and the minimum rates are
 *    checked and ignored.
 *  - accel-ppp's Filter-Id form: down[/up] in kbit/s, with K, M or G
 *    (x1, x1000, x10^6) and '/', '\' or ':' between; one value limits
 *    both ways.  Down is to the client (tx).
 *
 * Each returns 0 with *out filled, or -1 with what is wrong (naming the
 * form, the field and the text, escaped) in err; *out is then zero.
 */
#ifndef L2TPGW_SHAPER_RATE_PARSE_H
#define L2TPGW_SHAPER_RATE_PARSE_H

#include <stddef.h>

#include "aaa/rate.h"

int rate_parse_mikrotik(const char *s, size_t len, struct aaa_rate *out,
			char *err, size_t errlen);
int rate_parse_filter_id(const char *s, size_t len, struct aaa_rate *out,
			 char *err, size_t errlen);
/*
 * What a RADIUS reply grants, from its attributes as NUL-ended strings
 * (NULL or "": absent): Mikrotik-Rate-Limit wins over Filter-Id.  1 and
 * *out if one was there, 0 and a zero *out if neither, -1 with err if
 * the one that counts is bad.
 */
int rate_parse_radius(const char *mikrotik, const char *filter_id,
		      struct aaa_rate *out, char *err, size_t errlen);

#endif /* L2TPGW_SHAPER_RATE_PARSE_H */
