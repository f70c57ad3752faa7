// SPDX-License-Identifier: GPL-2.0-or-later
/* Text and JSON output behind one set of calls (see print.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "escape.h"
#include "print.h"

void print_init(struct printer *p, FILE *out, bool json, bool pretty)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->json = json || pretty;
	p->pretty = pretty;
}

static void attach(struct printer *p, const char *key, json_object *v)
{
	json_object *top;

	if (p->depth == 0) {
		if (p->root)
			json_object_put(p->root);
		p->root = v;
		return;
	}
	top = p->stack[p->depth - 1];
	if (json_object_is_type(top, json_type_array))
		json_object_array_add(top, v);
	else
		json_object_object_add(top, key ? key : "", v);
}

static void open_container(struct printer *p, const char *key,
			   json_object *v)
{
	if (!p->json)
		return;
	if (p->depth == PRINT_MAX_DEPTH) {
		/* A programming error; keep the output well formed. */
		json_object_put(v);
		return;
	}
	attach(p, key, v);
	p->stack[p->depth++] = v;
}

void print_open_object(struct printer *p, const char *key)
{
	if (p->json)
		open_container(p, key, json_object_new_object());
}

void print_open_array(struct printer *p, const char *key)
{
	if (p->json)
		open_container(p, key, json_object_new_array());
}

void print_close(struct printer *p)
{
	if (p->json && p->depth > 0)
		p->depth--;
}

void print_flush(struct printer *p)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	if (!p->json || !p->root || p->depth != 0)
		return;
	flags |= p->pretty ? JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED
			   : JSON_C_TO_STRING_PLAIN;
	fprintf(p->out, "%s\n", json_object_to_json_string_ext(p->root, flags));
	fflush(p->out);
	json_object_put(p->root);
	p->root = NULL;
}

void print_discard(struct printer *p)
{
	if (p->root)
		json_object_put(p->root);
	p->root = NULL;
	p->depth = 0;
}

void print_uint(struct printer *p, const char *key, const char *fmt,
		uint64_t v)
{
	if (p->json)
		attach(p, key, json_object_new_uint64(v));
	else if (fmt)
		fprintf(p->out, fmt, (unsigned long long)v);
}

/* v escaped as text output prints it, in buf or in memory of its own. */
static char *escaped(const char *v, char *buf, size_t len)
{
	size_t need = STR_ESCAPED_SIZE(strlen(v));
	char *out = need > len ? malloc(need) : NULL;

	if (out)
		return str_escape_cstr(out, need, v);
	/* No memory: a cut but still escaped value. */
	return str_escape_cstr(buf, len, v);
}

void print_string(struct printer *p, const char *key, const char *fmt,
		  const char *v)
{
	char buf[256], *shown;

	if (p->json) {
		attach(p, key, json_object_new_string(v));
		return;
	}
	if (!fmt)
		return;
	/* Names come from peers: never a raw control byte to a terminal. */
	shown = escaped(v, buf, sizeof(buf));
	fprintf(p->out, fmt, shown);
	if (shown != buf)
		free(shown);
}

size_t print_string_width(const char *v)
{
	char buf[64];

	return strlen(str_escape_cstr(buf, sizeof(buf), v));
}

void print_bool(struct printer *p, const char *key, const char *fmt, bool v)
{
	if (p->json)
		attach(p, key, json_object_new_boolean(v));
	else if (fmt)
		fprintf(p->out, fmt, v ? "on" : "off");
}

void print_null(struct printer *p, const char *key, const char *fmt)
{
	if (p->json)
		attach(p, key, NULL);
	else if (fmt)
		fprintf(p->out, fmt, "-");
}

void print_text(struct printer *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
}
