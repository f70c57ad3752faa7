// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rate limit strings (rate_parse.h): Mikrotik-Rate-Limit and the
 * users file's rate_limit=, accel-ppp's Filter-Id.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "shaper/rate_parse.h"

#define SHOWN_MAX	40	/* of the offending text, in err */
#define MT_FIELDS	6

struct suffix {
	char c;
	uint64_t mult;
};

/* MikroTik rates: bit/s. */
static const struct suffix mt_rate_suffix[] = {
	{ 'k', 1000 }, { 'K', 1000 }, { 'M', 1000000 },
	{ 'G', 1000000000 }, { 0, 0 },
};

/* MikroTik burst times: seconds, "8" or "8s". */
static const struct suffix mt_time_suffix[] = { { 's', 1 }, { 0, 0 } };

/* No suffix at all (priority). */
static const struct suffix no_suffix[] = { { 0, 0 } };

/* accel-ppp's Filter-Id: kbit/s (parse_integer in its shaper.c). */
static const struct suffix fid_suffix[] = {
	{ 'k', 1 }, { 'K', 1 }, { 'm', 1000 }, { 'M', 1000 },
	{ 'g', 1000000 }, { 'G', 1000000 }, { 0, 0 },
};

enum mt_kind { MT_RATE, MT_TIME, MT_PRIORITY };

/* Mikrotik-Rate-Limit's blank-separated fields, in order. */
static const struct mt_field {
	const char *name;
	enum mt_kind kind;
} mt_fields[MT_FIELDS] = {
	{ "rx-rate/tx-rate", MT_RATE },
	{ "rx-burst-rate/tx-burst-rate", MT_RATE },
	{ "rx-burst-threshold/tx-burst-threshold", MT_RATE },
	{ "rx-burst-time/tx-burst-time", MT_TIME },
	{ "priority", MT_PRIORITY },
	{ "rx-rate-min/tx-rate-min", MT_RATE },
};

struct text {
	const char *s;
	size_t len;
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* t as printable ASCII for err: '?' for anything else, "..." if cut. */
static const char *shown(struct text t, char out[SHOWN_MAX + 4])
{
	size_t i, n = t.len < SHOWN_MAX ? t.len : SHOWN_MAX;

	for (i = 0; i < n; i++)
		out[i] = t.s[i] >= 0x20 && t.s[i] < 0x7f ? t.s[i] : '?';
	strcpy(out + n, t.len > n ? "..." : "");
	return out;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A decimal number with at most one suffix of sfx, times its multiplier:
 * the whole of t.  -1 if anything else, or if it overflows 64 bits.
 */
static int number(struct text t, const struct suffix *sfx, uint64_t *out)
{
	uint64_t v = 0, mult = 1;
	size_t i = 0;

	for (; i < t.len && t.s[i] >= '0' && t.s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(t.s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i + 1 == t.len) {
		for (; sfx->c && sfx->c != t.s[i]; sfx++)
			;
		if (!sfx->c)
			return -1;
		mult = sfx->mult;
		i++;
	}
	if (i != t.len || (mult > 1 && v > UINT64_MAX / mult))
		return -1;
	*out = v * mult;
	return 0;
}

/* Splits t at the first of seps: head in *a, the rest in *b (or none). */
static bool split(struct text t, const char *seps, struct text *a,
		  struct text *b)
{
	for (size_t i = 0; i < t.len; i++)
		if (t.s[i] && strchr(seps, t.s[i])) {
			*a = (struct text){ t.s, i };
			*b = (struct text){ t.s + i + 1, t.len - i - 1 };
			return true;
		}
	*a = t;
	return false;
}

static const char *mt_expected(enum mt_kind k)
{
	switch (k) {
	case MT_RATE:
		return "a rate in bit/s, digits with an optional k, M or G";
	case MT_TIME:
		return "seconds, digits with an optional s";
	default:
		return "a priority from 1 to 8";
	}
}

/* One field (A[/B]; B defaults to A) into v[0] (rx) and v[1] (tx). */
static int mt_field(struct text t, const struct mt_field *f,
		    uint64_t v[2], char *err, size_t errlen)
{
	const struct suffix *sfx = f->kind == MT_RATE ? mt_rate_suffix :
		f->kind == MT_TIME ? mt_time_suffix : no_suffix;
	struct text a, b;
	char s1[SHOWN_MAX + 4], s2[SHOWN_MAX + 4];
	bool pair = f->kind != MT_PRIORITY && split(t, "/", &a, &b);

	if (!pair)
		a = t;
	if (number(a, sfx, &v[0]) < 0 || (pair && number(b, sfx, &v[1]) < 0) ||
	    (f->kind == MT_PRIORITY && (v[0] < 1 || v[0] > 8)))
		return fail(err, errlen,
			    "Mikrotik-Rate-Limit \"%s\": %s \"%s\" is not %s",
			    shown(t, s1), f->name,
			    shown(pair && number(a, sfx, &v[0]) == 0 ? b : a,
				  s2), mt_expected(f->kind));
	if (!pair)
		v[1] = v[0];
	return 0;
}

/*
 * MikroTik's burst: up to burst-rate until the average reaches the
 * threshold.  A token bucket holds what it may send above the rate in
 * one burst-time (1 s if not given).
 */
static uint32_t mt_burst(uint64_t rate, uint64_t burst_rate, uint64_t secs)
{
	uint64_t bytes;

	if (!rate || burst_rate <= rate)
		return 0;
	if (!secs)
		secs = 1;
	if ((burst_rate - rate) / 8 > UINT32_MAX / secs)
		return UINT32_MAX;
	bytes = (burst_rate - rate) / 8 * secs;
	return bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes;
}

int rate_parse_mikrotik(const char *s, size_t len, struct aaa_rate *out,
			char *err, size_t errlen)
{
	uint64_t v[MT_FIELDS][2] = { { 0 } };
	char s1[SHOWN_MAX + 4];
	size_t i = 0, n = 0;

	memset(out, 0, sizeof(*out));
	for (;;) {
		size_t start;

		while (i < len && is_blank(s[i]))
			i++;
		if (i == len)
			break;
		if (n == MT_FIELDS)
			return fail(err, errlen,
				    "Mikrotik-Rate-Limit \"%s\": more than %d fields",
				    shown((struct text){ s, len }, s1),
				    MT_FIELDS);
		for (start = i; i < len && !is_blank(s[i]); i++)
			;
		if (mt_field((struct text){ s + start, i - start },
			     &mt_fields[n], v[n], err, errlen) < 0)
			return -1;
		n++;
	}
	if (n == 0)
		return fail(err, errlen, "Mikrotik-Rate-Limit is empty");
	out->rx_bps = v[0][0];
	out->tx_bps = v[0][1];
	out->rx_burst = mt_burst(v[0][0], v[1][0], v[3][0]);
	out->tx_burst = mt_burst(v[0][1], v[1][1], v[3][1]);
	return 0;
}

int rate_parse_radius(const char *mikrotik, const char *filter_id,
		      struct aaa_rate *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	if (mikrotik && mikrotik[0])
		return rate_parse_mikrotik(mikrotik, strlen(mikrotik), out,
					   err, errlen) < 0 ? -1 : 1;
	if (filter_id && filter_id[0])
		return rate_parse_filter_id(filter_id, strlen(filter_id), out,
					    err, errlen) < 0 ? -1 : 1;
	return 0;
}

int rate_parse_filter_id(const char *s, size_t len, struct aaa_rate *out,
			 char *err, size_t errlen)
{
	struct text t = { s, len }, down, up;
	char s1[SHOWN_MAX + 4], s2[SHOWN_MAX + 4];
	uint64_t kd, ku;
	bool pair;

	memset(out, 0, sizeof(*out));
	while (t.len && is_blank(t.s[t.len - 1]))
		t.len--;
	if (t.len == 0)
		return fail(err, errlen, "Filter-Id rate is empty");
	if (memchr(t.s, ',', t.len))
		return fail(err, errlen,
			    "Filter-Id \"%s\": time ranges (\"N,rate\") are not supported",
			    shown(t, s1));
	pair = split(t, "/\\:", &down, &up);
	if (number(down, fid_suffix, &kd) < 0 ||
	    (pair && number(up, fid_suffix, &ku) < 0))
		return fail(err, errlen,
			    "Filter-Id \"%s\": \"%s\" is not a rate in kbit/s (digits with an optional K, M or G)",
			    shown(t, s1),
			    shown(number(down, fid_suffix, &kd) == 0 ? up :
				  down, s2));
	if (!pair)
		ku = kd;
	if (kd > UINT64_MAX / 1000 || ku > UINT64_MAX / 1000)
		return fail(err, errlen, "Filter-Id \"%s\": rate too large",
			    shown(t, s1));
	out->tx_bps = kd * 1000;
	out->rx_bps = ku * 1000;
	return 0;
}
