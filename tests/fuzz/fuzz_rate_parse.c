// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the rate limit strings a RADIUS server sends
 * (shaper/rate_parse.h): Mikrotik-Rate-Limit and Filter-Id.
 *
 * Input: byte 0 picks the form (even: Mikrotik, odd: Filter-Id), the rest
 * is the attribute's value, not NUL-terminated.  Either a rate comes back
 * and err is untouched, or -1 with a message that is printable ASCII and
 * a zero rate.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "shaper/rate_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct aaa_rate r, zero = { 0 };
	char err[256] = "";
	int rc;

	if (size < 1)
		return 0;
	rc = (data[0] & 1 ? rate_parse_filter_id : rate_parse_mikrotik)(
		(const char *)data + 1, size - 1, &r, err, sizeof(err));
	if (rc == 0) {
		if (err[0])
			abort();
		return 0;
	}
	if (rc != -1 || !err[0] || memcmp(&r, &zero, sizeof(r)))
		abort();
	for (size_t i = 0; err[i]; i++)
		if (err[i] < 0x20 || err[i] > 0x7e)
			abort();
	return 0;
}
