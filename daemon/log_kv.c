// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * key=value log fields: see log_kv.h for the format.
 */
#include "log_kv.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

#define CUT_MARK " ..."

static bool bare_ok(const char *v)
{
	const unsigned char *c;

	if (!*v)
		return false;
	for (c = (const unsigned char *)v; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f || *c == '"' || *c == '\\' ||
		    *c == '=')
			return false;
	return true;
}

/*
 * The escaped form of c inside quotes into e: str_escape's (escape.h),
 * and the quote itself backslashed.  Its length.
 */
static size_t quote_byte(unsigned char c, char e[5])
{
	if (c == '"') {
		memcpy(e, "\\\"", 3);
		return 2;
	}
	str_escape(e, 5, &c, 1);
	return strlen(e);
}

int kv_quote(char *out, size_t size, const char *value)
{
	const unsigned char *c;
	size_t o = 0, n;
	char e[5];

	if (bare_ok(value)) {
		n = strlen(value);
		if (n >= size)
			return -1;
		memcpy(out, value, n + 1);
		return (int)n;
	}
	if (size < 3)
		return -1;
	out[o++] = '"';
	for (c = (const unsigned char *)value; *c; c++) {
		n = quote_byte(*c, e);
		if (o + n + 2 > size)
			return -1;
		memcpy(out + o, e, n);
		o += n;
	}
	out[o++] = '"';
	out[o] = '\0';
	return (int)o;
}

void kv_init(struct kv_line *l, char *buf, size_t size)
{
	l->buf = buf;
	l->size = size;
	l->len = 0;
	l->cut = false;
	buf[0] = '\0';
}

void kv_text(struct kv_line *l, const char *text)
{
	size_t n = strlen(text), sep = l->len ? 1 : 0;

	if (l->cut || l->len + sep + n + strlen(CUT_MARK) + 1 > l->size)
		return;
	if (sep)
		l->buf[l->len] = ' ';
	memcpy(l->buf + l->len + sep, text, n + 1);
	l->len += sep + n;
}

void kv_add(struct kv_line *l, const char *key, const char *value)
{
	size_t klen = strlen(key), room, sep = l->len ? 1 : 0;
	int n;

	if (l->cut)
		return;
	/* Keep room for the cut mark whatever comes next. */
	room = l->size - l->len - strlen(CUT_MARK) - 1;
	if (l->size < l->len + strlen(CUT_MARK) + 1 || sep + klen + 1 >= room)
		goto cut;
	n = kv_quote(l->buf + l->len + sep + klen + 1,
		     room - sep - klen - 1 + 1, value ? value : "");
	if (n < 0)
		goto cut;
	if (sep)
		l->buf[l->len] = ' ';
	memcpy(l->buf + l->len + sep, key, klen);
	l->buf[l->len + sep + klen] = '=';
	l->len += sep + klen + 1 + (size_t)n;
	return;
cut:
	l->buf[l->len] = '\0';
	memcpy(l->buf + l->len, CUT_MARK, strlen(CUT_MARK) + 1);
	l->len += strlen(CUT_MARK);
	l->cut = true;
}

void kv_add_u64(struct kv_line *l, const char *key, uint64_t value)
{
	char v[24];

	snprintf(v, sizeof(v), "%" PRIu64, value);
	kv_add(l, key, v);
}
