/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One call per field for both output styles: in text mode the printf
 * format is applied (a NULL format prints nothing), in JSON mode the
 * value is added under key to the object or array being built.
 */
#ifndef L2TPCTL_PRINT_H
#define L2TPCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define PRINT_MAX_DEPTH	8

struct json_object;

struct printer {
	FILE *out;
	bool json;
	bool pretty;
	int depth;
	struct json_object *stack[PRINT_MAX_DEPTH];
	struct json_object *root;
};

void print_init(struct printer *p, FILE *out, bool json, bool pretty);
/* Emit a finished JSON document (one line unless pretty); no-op in text. */
void print_flush(struct printer *p);
/* Drop anything unfinished (after an error). */
void print_discard(struct printer *p);

/* key is NULL inside arrays and for the document root. */
void print_open_object(struct printer *p, const char *key);
void print_open_array(struct printer *p, const char *key);
void print_close(struct printer *p);

/* fmt consumes an unsigned long long ("%llu", "0x%llx"). */
void print_uint(struct printer *p, const char *key, const char *fmt,
		uint64_t v);
/* Text: v is escaped (escape.h); JSON: the exact string. */
void print_string(struct printer *p, const char *key, const char *fmt,
		  const char *v);
/* Columns v takes in text output, counted up to 63. */
size_t print_string_width(const char *v);
/* Text: fmt gets "on" or "off". */
void print_bool(struct printer *p, const char *key, const char *fmt, bool v);
/* JSON null when absent; text: fmt gets "-". */
void print_null(struct printer *p, const char *key, const char *fmt);
/* Text only. */
__attribute__((format(printf, 2, 3)))
void print_text(struct printer *p, const char *fmt, ...);

#endif /* L2TPCTL_PRINT_H */
