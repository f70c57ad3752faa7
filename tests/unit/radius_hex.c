// SPDX-License-Identifier: GPL-2.0-or-later
#include <check.h>
#include <ctype.h>

#include "radius_hex.h"

static int nibble(char c)
{
	if (isdigit((unsigned char)c))
		return c - '0';
	c = tolower((unsigned char)c);
	ck_assert_msg(c >= 'a' && c <= 'f', "bad hex digit '%c'", c);
	return c - 'a' + 10;
}

size_t radius_hex(const char *hex, uint8_t *out, size_t outlen)
{
	size_t n = 0;

	while (*hex) {
		if (isspace((unsigned char)*hex)) {
			hex++;
			continue;
		}
		ck_assert_msg(hex[1] && n < outlen, "hex string too long");
		out[n++] = nibble(hex[0]) << 4 | nibble(hex[1]);
		hex += 2;
	}
	return n;
}
