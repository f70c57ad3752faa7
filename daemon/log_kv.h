/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * key=value fields for log lines that scripts parse (session up and
 * down, docs/l2tpgwd.md "Log format").  The format is stable:
 *
 *  - fields are separated by one space, keys are [a-z0-9_];
 *  - a value made only of printable ASCII other than space, '"', '\\' and
 *    '=' is written as is (alice, 10.0.0.5, [2001:db8::1]:1701);
 *  - any other value, and the empty one, is written in double quotes,
 *    with '"' as \", '\\' as \\, newline, CR and tab as \n, \r and \t, and
 *    every other byte outside 0x20..0x7e (UTF-8 included) as \xHH.
 *
 * So a value never contains an unescaped space or quote, a field never
 * spans lines, and "key=" always starts a field.  A line that would not
 * fit is cut before the field that does not fit, and ends in " ...".
 */
#ifndef L2TPGW_LOG_KV_H
#define L2TPGW_LOG_KV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kv_line {
	char *buf;
	size_t size;		/* of buf, NUL included */
	size_t len;
	bool cut;		/* a field did not fit: nothing more is added */
};

/* Start an empty line in buf (size > 4). */
void kv_init(struct kv_line *l, char *buf, size_t size);
/* Append trusted text as is, e.g. the line's leading words. */
void kv_text(struct kv_line *l, const char *text);
/* Append " key=value" (no space before the first field). */
void kv_add(struct kv_line *l, const char *key, const char *value);
void kv_add_u64(struct kv_line *l, const char *key, uint64_t value);
/* The value, quoted if needed, into out (size): its length, or -1. */
int kv_quote(char *out, size_t size, const char *value);

#endif /* L2TPGW_LOG_KV_H */
