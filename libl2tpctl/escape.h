/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Escaping of untrusted bytes before they reach a log line or a terminal.
 *
 * Everything a peer sends (user names, host and vendor names, Result Code
 * and Q.931 messages, identities from charon) goes through str_escape()
 * before it is printed, by the daemon and by l2tpctl alike: a name cannot
 * forge a log line with a newline, nor drive an operator's terminal with
 * an escape sequence.
 *
 * Printable ASCII (0x20..0x7e) is kept as is, except the backslash, which
 * doubles; \n, \r and \t keep their C names; every other byte, NUL and
 * UTF-8 included, becomes \xHH.  So a plain name prints exactly as it is,
 * and the escaped form is unambiguous.
 *
 * Not part of the library's API: the daemon and the tool link it from the
 * static archive.
 */
#ifndef L2TPGW_ESCAPE_H
#define L2TPGW_ESCAPE_H

#include <stddef.h>

/* Output room for any input of n bytes: 4 per byte and the NUL. */
#define STR_ESCAPED_SIZE(n) (4 * (n) + 1)

/*
 * Writes the escaped form of src[0..len) into out (size bytes, NUL
 * included) and returns out.  An escaped form that does not fit ends in
 * "..." after the last whole escape that does, so nothing printed is ever
 * half an escape.  size 0 writes nothing; src may be NULL when len is 0.
 */
char *str_escape(char *out, size_t size, const void *src, size_t len);

/* str_escape() of a NUL-terminated string (NULL prints as ""). */
char *str_escape_cstr(char *out, size_t size, const char *s);

#endif /* L2TPGW_ESCAPE_H */
