// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session device name patterns and their number allocators (ifname.h).
 */
#include "ifname.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ifname_pattern {
	char pattern[IF_NAMESIZE];
	struct ifname_alloc alloc;
	struct ifname_pattern *next;
};

struct ifnames {
	/* A handful at most: one per distinct ifname ever configured. */
	struct ifname_pattern *patterns;
};

int ifname_pattern_check(const char *pattern, char *why, size_t whylen)
{
	size_t len = strlen(pattern);
	const char *pct = strchr(pattern, '%');
	const char *c;

	if (!len) {
		snprintf(why, whylen, "empty");
		return -1;
	}
	if (len >= IF_NAMESIZE) {
		snprintf(why, whylen, "longer than %d characters",
			 IF_NAMESIZE - 1);
		return -1;
	}
	if (!strcmp(pattern, ".") || !strcmp(pattern, "..")) {
		snprintf(why, whylen, "\"%s\" is not a device name", pattern);
		return -1;
	}
	for (c = pattern; *c; c++) {
		if (*c == '/' || *c == ':' || isspace((unsigned char)*c)) {
			snprintf(why, whylen, "a device name cannot contain "
				 "'%c'", *c == '/' || *c == ':' ? *c : ' ');
			return -1;
		}
	}
	if (pct && (pct[1] != 'd' || strchr(pct + 2, '%'))) {
		snprintf(why, whylen, "takes one %%d for the session number "
			 "and no other '%%'");
		return -1;
	}
	return 0;
}

bool ifname_pattern_numbered(const char *pattern)
{
	return strstr(pattern, "%d") != NULL;
}

unsigned ifname_pattern_numbers(const char *pattern)
{
	size_t fixed = strlen(pattern) - 2;
	unsigned n = 1, digits;

	if (!ifname_pattern_numbered(pattern) || fixed >= IF_NAMESIZE - 1)
		return 0;
	for (digits = (unsigned)(IF_NAMESIZE - 1 - fixed); digits; digits--) {
		if (n >= IFNAME_NUMBERS_MAX / 10)
			return IFNAME_NUMBERS_MAX;
		n *= 10;
	}
	return n;
}

int ifname_format(const char *pattern, unsigned n, char out[IF_NAMESIZE])
{
	const char *pct = strstr(pattern, "%d");
	int len;

	if (!pct) {
		len = snprintf(out, IF_NAMESIZE, "%s", pattern);
	} else {
		len = snprintf(out, IF_NAMESIZE, "%.*s%u%s",
			       (int)(pct - pattern), pattern, n, pct + 2);
	}
	return len < 0 || len >= IF_NAMESIZE ? -ENAMETOOLONG : 0;
}

struct ifnames *ifnames_new(void)
{
	return calloc(1, sizeof(struct ifnames));
}

void ifnames_free(struct ifnames *s)
{
	struct ifname_pattern *p, *next;

	if (!s)
		return;
	for (p = s->patterns; p; p = next) {
		next = p->next;
		ifname_alloc_destroy(&p->alloc);
		free(p);
	}
	free(s);
}

static struct ifname_pattern *find(const struct ifnames *s,
				   const char *pattern)
{
	struct ifname_pattern *p;

	for (p = s->patterns; p; p = p->next)
		if (!strcmp(p->pattern, pattern))
			return p;
	return NULL;
}

static struct ifname_pattern *find_or_add(struct ifnames *s,
					  const char *pattern)
{
	struct ifname_pattern *p = find(s, pattern);

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	snprintf(p->pattern, sizeof(p->pattern), "%s", pattern);
	ifname_alloc_init(&p->alloc, ifname_pattern_numbers(pattern));
	p->next = s->patterns;
	s->patterns = p;
	return p;
}

int ifnames_get(struct ifnames *s, const char *pattern,
		char out[IF_NAMESIZE], struct ifname_ref *ref)
{
	struct ifname_pattern *p;
	unsigned n;
	int rc;

	ref->alloc = NULL;
	ref->n = 0;
	if (!ifname_pattern_numbered(pattern))
		return ifname_format(pattern, 0, out);
	p = find_or_add(s, pattern);
	if (!p)
		return -ENOMEM;
	rc = ifname_alloc_get(&p->alloc, &n);
	if (rc < 0)
		return rc;
	rc = ifname_format(pattern, n, out);
	if (rc < 0) {
		ifname_alloc_put(&p->alloc, n);
		return rc;
	}
	ref->alloc = &p->alloc;
	ref->n = n;
	return 0;
}

void ifnames_put(struct ifname_ref *ref)
{
	if (ref->alloc)
		ifname_alloc_put(ref->alloc, ref->n);
	ref->alloc = NULL;
	ref->n = 0;
}

unsigned ifnames_count(const struct ifnames *s, const char *pattern)
{
	const struct ifname_pattern *p = find(s, pattern);

	return p ? p->alloc.count : 0;
}
