// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Untrusted bytes made printable: see escape.h.
 */
#include "escape.h"

#include <string.h>

#define ELLIPSIS "..."

/* Bytes with a C name of their own. */
static const char *const named[256] = {
	['\\'] = "\\\\", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
};

/* The escaped form of one byte into e (4 bytes); returns its length. */
static size_t escape_byte(unsigned char c, char e[4])
{
	static const char hex[] = "0123456789abcdef";

	if (named[c]) {
		memcpy(e, named[c], 2);
		return 2;
	}
	if (c >= 0x20 && c <= 0x7e) {
		e[0] = (char)c;
		return 1;
	}
	e[0] = '\\';
	e[1] = 'x';
	e[2] = hex[c >> 4];
	e[3] = hex[c & 0xf];
	return 4;
}

/* Length of the whole escaped form of s[0..len). */
static size_t escaped_len(const unsigned char *s, size_t len)
{
	size_t n = 0;
	char e[4];

	for (size_t i = 0; i < len; i++)
		n += escape_byte(s[i], e);
	return n;
}

char *str_escape(char *out, size_t size, const void *src, size_t len)
{
	const unsigned char *s = src;
	size_t room, dots = 0, o = 0;

	if (!size)
		return out;
	room = size - 1;
	if (escaped_len(s, len) > room) {
		/* Cut: whole escapes, then as much of the ellipsis as fits. */
		dots = room < strlen(ELLIPSIS) ? room : strlen(ELLIPSIS);
		room -= dots;
	}
	for (size_t i = 0; i < len; i++) {
		char e[4];
		size_t n = escape_byte(s[i], e);

		if (n > room - o)
			break;
		memcpy(out + o, e, n);
		o += n;
	}
	memcpy(out + o, ELLIPSIS, dots);
	out[o + dots] = '\0';
	return out;
}

char *str_escape_cstr(char *out, size_t size, const char *s)
{
	return str_escape(out, size, s, s ? strlen(s) : 0);
}
