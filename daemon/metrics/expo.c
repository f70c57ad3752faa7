// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Prometheus text format (expo.h): HELP and TYPE once per family,
 * label values escaped (backslash, double quote, newline), histograms
 * with cumulative buckets, _sum and _count.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/expo.h"

static bool reserve(struct expo_buf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (b->err)
		return false;
	while (cap - b->len <= more)
		cap *= 2;
	if (cap == b->cap)
		return true;
	p = realloc(b->data, cap);
	if (!p) {
		b->err = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

static void put(struct expo_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void puts_(struct expo_buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3)))
putf(struct expo_buf *b, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* in_label: also '"' (label values); HELP text escapes '\' and '\n' only. */
static void put_escaped(struct expo_buf *b, const char *s, bool in_label)
{
	for (; *s; s++) {
		if (*s == '\\')
			puts_(b, "\\\\");
		else if (*s == '\n')
			puts_(b, "\\n");
		else if (*s == '"' && in_label)
			puts_(b, "\\\"");
		else
			put(b, s, 1);
	}
}

static void put_header(struct expo_buf *b, const char *name,
		       const char *help, const char *type)
{
	putf(b, "# HELP %s ", name);
	put_escaped(b, help, false);
	putf(b, "\n# TYPE %s %s\n", name, type);
}

static void put_labels(struct expo_buf *b, const struct expo_label *l,
		       unsigned n, const char *le)
{
	unsigned i;

	if (!n && !le)
		return;
	puts_(b, "{");
	for (i = 0; i < n; i++) {
		putf(b, "%s%s=\"", i ? "," : "", l[i].name);
		put_escaped(b, l[i].value, true);
		puts_(b, "\"");
	}
	if (le)
		putf(b, "%sle=\"%s\"", n ? "," : "", le);
	puts_(b, "}");
}

void expo_family(struct expo_buf *b, const struct expo_family *f)
{
	unsigned i;

	put_header(b, f->name, f->help,
		   f->type == EXPO_COUNTER ? "counter" : "gauge");
	for (i = 0; i < f->n_samples; i++) {
		const struct expo_sample *s = &f->samples[i];

		puts_(b, f->name);
		put_labels(b, s->label, s->n_labels < EXPO_MAX_LABELS ?
			   s->n_labels : EXPO_MAX_LABELS, NULL);
		putf(b, " %" PRIu64 "\n", s->value);
	}
}

void expo_ms_as_seconds(char *out, size_t len, uint64_t ms)
{
	char frac[8];
	int n;

	n = snprintf(frac, sizeof(frac), "%03u", (unsigned)(ms % 1000));
	while (n > 0 && frac[n - 1] == '0')
		frac[--n] = '\0';
	snprintf(out, len, "%" PRIu64 "%s%s", ms / 1000, n ? "." : "", frac);
}

void expo_histogram(struct expo_buf *b, const struct expo_histogram *h)
{
	uint64_t cum = 0;
	char le[32];
	unsigned i;

	put_header(b, h->name, h->help, "histogram");
	for (i = 0; i <= h->n_bounds; i++) {
		cum += h->bucket[i];
		if (i < h->n_bounds)
			expo_ms_as_seconds(le, sizeof(le), h->bound_ms[i]);
		else
			snprintf(le, sizeof(le), "+Inf");
		putf(b, "%s_bucket", h->name);
		put_labels(b, NULL, 0, le);
		putf(b, " %" PRIu64 "\n", cum);
	}
	expo_ms_as_seconds(le, sizeof(le), h->sum_ms);
	putf(b, "%s_sum %s\n", h->name, le);
	putf(b, "%s_count %" PRIu64 "\n", h->name, cum);
}

void expo_buf_free(struct expo_buf *b)
{
	free(b->data);
	*b = (struct expo_buf){ 0 };
}
