// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Users file parser.  One user per line:
 *
 *   name  secret  [address A.B.C.D | pool NAME]  [KEY=VALUE ...]
 *
 * with session_timeout=SECONDS, idle_timeout=SECONDS, rate_limit=RATE and
 * delegated_prefix=ADDR/LEN (48..64, for DHCPv6 prefix delegation) as keys.  RATE is Mikrotik-Rate-Limit's syntax (shaper/rate_parse.h);
 * quote the field when it has blanks.
 * Fields are separated by blanks; a field may be double-quoted, with \"
 * and \\ as the only escapes.  '#' starts a comment outside quotes.  A
 * secret "nt:" followed by 32 hex digits is an NT password hash.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ppp/mschapv2.h"
#include "aaa/users.h"
#include "addr/prefix_pool.h"
#include "dhcp6/dhcp6_prefix.h"
#include "shaper/rate_parse.h"

#define MAX_FIELDS 8
#define RATE_KEY "rate_limit"
#define PD_KEY "delegated_prefix"
#define FIELD_MAX 512

struct line_ctx {
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int fail(const struct line_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(const struct line_ctx *c, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%u: %s", c->file, c->line, what);
	return -1;
}

/* Splits one line into fields; returns the count or -1. */
static int split_line(const struct line_ctx *c, const char *s, size_t len,
		      char fields[MAX_FIELDS][FIELD_MAX])
{
	size_t i = 0;
	int n = 0;

	for (;;) {
		size_t o = 0;

		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i == len || s[i] == '#')
			return n;
		if (n == MAX_FIELDS)
			return fail(c, "too many fields (expected: name secret [address IP | pool NAME] [KEY=VALUE ...])");
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < len &&
				    (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				if (o + 1 >= FIELD_MAX)
					return fail(c, "field %d too long", n + 1);
				fields[n][o++] = s[i];
			}
			if (i == len)
				return fail(c, "unterminated quote in field %d", n + 1);
			i++;
			if (i < len && s[i] != ' ' && s[i] != '\t' &&
			    s[i] != '\r' && s[i] != '#')
				return fail(c, "text right after closing quote of field %d", n + 1);
		} else {
			for (; i < len && s[i] != ' ' && s[i] != '\t' &&
			     s[i] != '\r' && s[i] != '#'; i++) {
				if (s[i] == '"')
					return fail(c, "quote inside unquoted field %d", n + 1);
				if (o + 1 >= FIELD_MAX)
					return fail(c, "field %d too long", n + 1);
				fields[n][o++] = s[i];
			}
		}
		fields[n][o] = '\0';
		if (memchr(fields[n], '\0', o))
			return fail(c, "NUL byte in field %d", n + 1);
		n++;
	}
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int parse_secret(const struct line_ctx *c, const char *s,
			struct ppp_user *u)
{
	if (strncmp(s, "nt:", 3) == 0) {
		const char *h = s + 3;

		if (strlen(h) != 32)
			return fail(c, "NT hash for user \"%s\" must be 32 hex digits after \"nt:\"",
				    u->name);
		for (int i = 0; i < 16; i++) {
			int hi = hexval(h[2 * i]), lo = hexval(h[2 * i + 1]);

			if (hi < 0 || lo < 0)
				return fail(c, "NT hash for user \"%s\" has a non-hex digit",
					    u->name);
			u->nt_hash[i] = (uint8_t)(hi << 4 | lo);
		}
		u->kind = PPP_SECRET_NTHASH;
		return 0;
	}
	if (s[0] == '\0')
		return fail(c, "empty password for user \"%s\"", u->name);
	if (strlen(s) > USERS_SECRET_MAX)
		return fail(c, "password for user \"%s\" longer than %d bytes",
			    u->name, USERS_SECRET_MAX);
	if (mschapv2_nt_hash(s, strlen(s), u->nt_hash) < 0)
		return fail(c, "password for user \"%s\" is not valid UTF-8",
			    u->name);
	u->kind = PPP_SECRET_PLAIN;
	u->password_len = strlen(s);
	memcpy(u->password, s, u->password_len + 1);
	return 0;
}

/* "rate_limit=2M/4M": Mikrotik-Rate-Limit's syntax. */
static int parse_rate(const struct line_ctx *c, const char *v,
		      struct ppp_user *u)
{
	char why[200];

	if (rate_parse_mikrotik(v, strlen(v), &u->rate, why, sizeof(why)) < 0)
		return fail(c, "user \"%s\": " RATE_KEY ": %s", u->name, why);
	return 0;
}

/* "delegated_prefix=2001:db8:100::/56": a prefix a client router may use. */
static int parse_pd(const struct line_ctx *c, const char *v,
		    struct ppp_user *u)
{
	char why[200];
	unsigned len;

	if (prefix_pool_parse(v, u->delegated_prefix, &len, why,
			      sizeof(why)) < 0 ||
	    dhcp6_prefix_check(u->delegated_prefix, len, why,
			       sizeof(why)) < 0)
		return fail(c, "user \"%s\": " PD_KEY ": %s", u->name, why);
	u->delegated_prefix_len = (uint8_t)len;
	return 0;
}

/* "session_timeout=3600": 1 to 2^32-1 seconds; or rate_limit=RATE. */
static int parse_limit(const struct line_ctx *c, const char *f,
		       struct ppp_user *u)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "session_timeout", offsetof(struct ppp_user, session_timeout_s) },
		{ "idle_timeout", offsetof(struct ppp_user, idle_timeout_s) },
	};
	const char *eq = strchr(f, '=');
	unsigned long long v;
	char *end;
	size_t i;

	if (strlen(RATE_KEY) == (size_t)(eq - f) &&
	    !strncmp(f, RATE_KEY, (size_t)(eq - f)))
		return parse_rate(c, eq + 1, u);
	if (strlen(PD_KEY) == (size_t)(eq - f) &&
	    !strncmp(f, PD_KEY, (size_t)(eq - f)))
		return parse_pd(c, eq + 1, u);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == (size_t)(eq - f) &&
		    !strncmp(f, keys[i].key, (size_t)(eq - f)))
			break;
	if (i == sizeof(keys) / sizeof(keys[0]))
		return fail(c, "user \"%s\": unknown key \"%.*s\" (expected session_timeout, idle_timeout, rate_limit or delegated_prefix)",
			    u->name, (int)(eq - f), f);
	errno = 0;
	v = strtoull(eq + 1, &end, 10);
	if (eq[1] < '0' || eq[1] > '9' || *end || errno || !v ||
	    v > UINT32_MAX)
		return fail(c, "user \"%s\": %s: \"%s\" is not a number of seconds (1 to %u)",
			    u->name, keys[i].key, eq + 1, UINT32_MAX);
	*(uint32_t *)((char *)u + keys[i].off) = (uint32_t)v;
	return 0;
}

static int parse_addr(const struct line_ctx *c, int nf,
		      char f[MAX_FIELDS][FIELD_MAX], struct ppp_user *u)
{
	struct in_addr a;

	/* KEY=VALUE fields last, after the address if any. */
	while (nf > 2 && strchr(f[nf - 1], '=')) {
		if (parse_limit(c, f[nf - 1], u) < 0)
			return -1;
		nf--;
	}
	if (nf == 2)
		return 0;
	if (nf != 4)
		return fail(c, "user \"%s\": expected \"address IP\" or \"pool NAME\" after the secret",
			    u->name);
	if (strcmp(f[2], "address") == 0) {
		if (inet_pton(AF_INET, f[3], &a) != 1)
			return fail(c, "user \"%s\": \"%s\" is not an IPv4 address",
				    u->name, f[3]);
		u->addr = ntohl(a.s_addr);
		if (u->addr == 0 || u->addr == 0xffffffff ||
		    (u->addr >> 28) >= 0xe)
			return fail(c, "user \"%s\": %s cannot be a peer address",
				    u->name, f[3]);
		u->addr_kind = PPP_USER_ADDR_STATIC;
		return 0;
	}
	if (strcmp(f[2], "pool") == 0) {
		if (strlen(f[3]) > USERS_POOL_MAX)
			return fail(c, "user \"%s\": pool name longer than %d",
				    u->name, USERS_POOL_MAX);
		strcpy(u->pool, f[3]);
		u->addr_kind = PPP_USER_ADDR_POOL;
		return 0;
	}
	return fail(c, "user \"%s\": unknown keyword \"%s\" (expected address or pool)",
		    u->name, f[2]);
}

static int parse_line(const struct line_ctx *c, const char *s, size_t len,
		      struct ppp_user *u, bool *empty)
{
	char f[MAX_FIELDS][FIELD_MAX];
	int nf = split_line(c, s, len, f);

	*empty = nf == 0;
	if (nf <= 0)
		return nf;
	if (nf < 2)
		return fail(c, "user \"%s\" has no secret", f[0]);
	if (f[0][0] == '\0')
		return fail(c, "empty user name");
	if (strlen(f[0]) > USERS_NAME_MAX)
		return fail(c, "user name longer than %d bytes", USERS_NAME_MAX);
	memset(u, 0, sizeof(*u));
	strcpy(u->name, f[0]);
	u->line = c->line;
	if (parse_secret(c, f[1], u) < 0)
		return -1;
	return parse_addr(c, nf, f, u);
}

static int cmp_user(const void *a, const void *b)
{
	return strcmp(((const struct ppp_user *)a)->name,
		      ((const struct ppp_user *)b)->name);
}

int users_parse(const char *buf, size_t len, const char *filename,
		struct users_db **out, char *err, size_t errlen)
{
	struct line_ctx c = { .file = filename ? filename : "users",
			      .err = err, .errlen = errlen };
	struct users_db *db = calloc(1, sizeof(*db));
	size_t cap = 0, pos = 0;

	if (!db)
		return fail(&c, "out of memory");
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		bool empty;

		c.line++;
		if (db->n == cap) {
			struct ppp_user *nu;

			cap = cap ? cap * 2 : 16;
			nu = realloc(db->users, cap * sizeof(*nu));
			if (!nu)
				goto err_nomem;
			db->users = nu;
		}
		if (parse_line(&c, buf + pos, llen, &db->users[db->n], &empty) < 0)
			goto err_free;
		if (!empty)
			db->n++;
		pos += llen + 1;
	}
	if (db->n > 1)
		qsort(db->users, db->n, sizeof(*db->users), cmp_user);
	for (size_t i = 1; i < db->n; i++) {
		if (strcmp(db->users[i].name, db->users[i - 1].name) == 0) {
			const struct ppp_user *a = &db->users[i - 1];
			const struct ppp_user *b = &db->users[i];

			c.line = a->line > b->line ? a->line : b->line;
			fail(&c, "user \"%s\" already defined on line %u",
			     a->name, a->line < b->line ? a->line : b->line);
			goto err_free;
		}
	}
	*out = db;
	return 0;

err_nomem:
	fail(&c, "out of memory");
err_free:
	if (db->users && db->n < cap)	/* the half-parsed entry */
		explicit_bzero(&db->users[db->n], sizeof(*db->users));
	users_free(db);
	return -1;
}

int users_load(const char *path, struct users_db **out, char *err,
	       size_t errlen)
{
	FILE *fp = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;
	int r;

	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				free(buf);
				fclose(fp);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			buf = nb;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	r = users_parse(buf, len, path, out, err, errlen);
	explicit_bzero(buf, cap);
	free(buf);
	return r;
}

const struct ppp_user *users_find(const struct users_db *db, const char *name)
{
	size_t lo = 0, hi;

	if (!db || !name)
		return NULL;
	hi = db->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, db->users[mid].name);

		if (c == 0)
			return &db->users[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void users_free(struct users_db *db)
{
	if (!db)
		return;
	if (db->users)
		explicit_bzero(db->users, db->n * sizeof(*db->users));
	free(db->users);
	free(db);
}

size_t users_check_methods(const struct users_db *db, const char *filename,
			   const enum ppp_auth_method *methods, size_t n,
			   char *err, size_t errlen)
{
	const struct ppp_user *first = NULL;
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		if (methods[i] == PPP_AUTH_MSCHAPV2)
			return 0;
	for (size_t i = 0; db && i < db->n; i++) {
		if (db->users[i].kind != PPP_SECRET_NTHASH)
			continue;
		if (!first || db->users[i].line < first->line)
			first = &db->users[i];
		bad++;
	}
	if (first)
		snprintf(err, errlen,
			 "%s:%u: user \"%s\" has an NT-hash password, which only MS-CHAPv2 can check, "
			 "and MS-CHAPv2 is not offered: this user cannot log in",
			 filename ? filename : "users", first->line, first->name);
	return bad;
}
