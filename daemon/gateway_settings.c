// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Gateway settings: a configuration checked beyond its syntax, with the
 * users files and address pools of its [lns] sections loaded.  What
 * "l2tpgwd -n" runs, and what a reload builds before swapping.
 */
#include "gateway.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "addr/pool.h"
#include "addr/prefix_pool.h"
#include "aaa/users.h"
#include "radius/client_config.h"

static int serr(char *err, size_t errlen, const char *file, unsigned line,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int serr(char *err, size_t errlen, const char *file, unsigned line,
		const char *fmt, ...)
{
	int n = snprintf(err, errlen, "%s:%u: ", file, line);
	va_list ap;

	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * An SCCRQ is authenticated before we know its section: one secret for
 * every section (the first section's, compared with the others).
 */
static int check_one_secret(const struct config *c, const char *file,
			    char *err, size_t errlen)
{
	const char *first_name = NULL, *sec0 = NULL;
	size_t len0 = 0;
	bool hide0 = false, same;
	const char *key;
	unsigned i, n = c->n_lns + c->n_lac;

	for (i = 0; i < n; i++) {
		bool is_lns = i < c->n_lns;
		const struct config_lns *lns = is_lns ? &c->lns[i] : NULL;
		const struct config_lac *lac = is_lns ? NULL :
					       &c->lac[i - c->n_lns];
		const char *sec = is_lns ? lns->secret : lac->secret;
		size_t len = is_lns ? lns->secret_len : lac->secret_len;
		bool hide = is_lns ? lns->hide_avps : lac->hide_avps;

		if (!first_name) {
			first_name = is_lns ? lns->name : lac->name;
			sec0 = sec;
			len0 = len;
			hide0 = hide;
			continue;
		}
		same = len == len0 && !memcmp(sec, sec0, len);
		if (same && hide == hide0)
			continue;
		key = same ? "hide_avps" : "secret";
		return serr(err, errlen, file, is_lns ?
			    config_lns_line(lns, key) : config_lac_line(lac, key),
			    "[%s %s]: secret or hide_avps differs from section "
			    "\"%s\"; l2tpgwd keeps one tunnel secret for all "
			    "sections", is_lns ? "lns" : "lac",
			    is_lns ? lns->name : lac->name, first_name);
	}
	return 0;
}

static int load_pool(const struct config_lns *lns, const char *file,
		     struct pool_set *set, char *err, size_t errlen)
{
	char spec[CONFIG_POOL_MAX], e[256], *save = NULL, *tok;
	struct ppp_pool *p;

	if (!lns->pool[0])
		return 0;
	p = pool_new(lns->name);
	if (!p)
		return serr(err, errlen, file, config_lns_line(lns, "pool"),
			    "[lns %s]: out of memory", lns->name);
	snprintf(spec, sizeof(spec), "%s", lns->pool);
	for (tok = strtok_r(spec, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (pool_add_range(p, tok, e, sizeof(e)) < 0) {
			pool_free(p);
			return serr(err, errlen, file,
				    config_lns_line(lns, "pool"),
				    "[lns %s]: pool: %s", lns->name, e);
		}
	}
	if (pool_contains(p, lns->local_ip)) {
		pool_free(p);
		return serr(err, errlen, file, config_lns_line(lns, "local_ip"),
			    "[lns %s]: local_ip lies inside the pool",
			    lns->name);
	}
	if (pool_set_add(set, p, e, sizeof(e)) < 0)
		return serr(err, errlen, file, config_lns_line(lns, "pool"),
			    "[lns %s]: pool: %s", lns->name, e);
	return 0;
}

static int load_prefix_pool(const struct config_lns *lns, const char *file,
			    struct pool_set *set, char *err, size_t errlen)
{
	struct prefix_pool *pp;

	if (!lns->ipv6_prefix_pool.len)
		return 0;
	pp = prefix_pool_new(lns->ipv6_prefix_pool.addr,
			     lns->ipv6_prefix_pool.len);
	if (!pp)
		return serr(err, errlen, file,
			    config_lns_line(lns, "ipv6_prefix_pool"), "[lns %s]: "
			    "ipv6_prefix_pool: out of memory", lns->name);
	pool_set_set_prefixes(set, pp);
	return 0;
}

/* Two prefixes overlap when they agree on the shorter one's bits. */
static bool prefixes_overlap(const struct config_prefix *a,
			     const struct config_prefix *b)
{
	unsigned bits = a->len < b->len ? a->len : b->len, i;

	for (i = 0; i < bits; i++) {
		uint8_t m = (uint8_t)(0x80 >> (i % 8));

		if ((a->addr[i / 8] & m) != (b->addr[i / 8] & m))
			return false;
	}
	return true;
}

/* The same /64 given out by two sections would reach two clients. */
static int check_prefix_pools(const struct config *c, const char *file,
			      char *err, size_t errlen)
{
	unsigned i, j;

	for (i = 0; i < c->n_lns; i++)
		for (j = 0; j < i; j++) {
			const struct config_lns *a = &c->lns[j], *b = &c->lns[i];

			if (!a->ipv6_prefix_pool.len ||
			    !b->ipv6_prefix_pool.len ||
			    !prefixes_overlap(&a->ipv6_prefix_pool,
					      &b->ipv6_prefix_pool))
				continue;
			return serr(err, errlen, file,
				    config_lns_line(b, "ipv6_prefix_pool"),
				    "[lns %s]: ipv6_prefix_pool overlaps that "
				    "of [lns %s] (line %u): a prefix would "
				    "reach two clients", b->name, a->name,
				    config_lns_line(a, "ipv6_prefix_pool"));
		}
	return 0;
}

static const struct ppp_pool *section_pool(const struct gateway_settings *s,
					   unsigned i)
{
	return s->pools[i] ? pool_set_find(s->pools[i], s->cfg->lns[i].name) :
			     NULL;
}

/*
 * Once every [lns] is loaded: an address in two sections' pools would
 * reach two clients, and a local_ip in another section's pool would be
 * handed to a client while it is our end of other links.
 */
static int check_pools_apart(const struct gateway_settings *s, char *err,
			     size_t errlen)
{
	const struct config *c = s->cfg;
	unsigned i, j;

	for (i = 0; i < c->n_lns; i++) {
		const struct config_lns *b = &c->lns[i];
		const struct ppp_pool *pb = section_pool(s, i);

		for (j = 0; j < c->n_lns; j++) {
			const struct config_lns *a = &c->lns[j];
			const struct ppp_pool *pa = section_pool(s, j);
			char ip[INET_ADDRSTRLEN];
			struct in_addr in;

			if (j < i && pa && pb && pool_overlaps(pa, pb))
				return serr(err, errlen, s->file,
					    config_lns_line(b, "pool"),
					    "[lns %s]: pool overlaps that of "
					    "[lns %s] (line %u): an address "
					    "would reach two clients", b->name,
					    a->name, config_lns_line(a, "pool"));
			if (j == i || !pa || !pool_contains(pa, b->local_ip))
				continue;
			in.s_addr = htonl(b->local_ip);
			inet_ntop(AF_INET, &in, ip, sizeof(ip));
			return serr(err, errlen, s->file,
				    config_lns_line(b, "local_ip"),
				    "[lns %s]: local_ip %s lies inside the pool "
				    "of [lns %s] (line %u)", b->name, ip,
				    a->name, config_lns_line(a, "pool"));
		}
	}
	return 0;
}

static int load_lns(struct gateway_settings *s, unsigned i, char *err,
		    size_t errlen)
{
	const struct config_lns *lns = &s->cfg->lns[i];
	bool radius = gateway_lns_uses_radius(s->cfg, lns);
	char e[320];
	size_t bad;

	if (!lns->local_ip)
		return serr(err, errlen, s->file, lns->line, "[lns %s]: no "
			    "local_ip (our address on every PPP link)",
			    lns->name);
	if (lns->auth.n && !lns->users[0] && !radius)
		return serr(err, errlen, s->file, config_lns_line(lns, "auth"),
			    "[lns %s]: auth needs a users file (users = PATH, "
			    "or auth = none)", lns->name);
	if (radius && !(s->cfg->radius.enabled && s->cfg->radius.auth.n))
		return serr(err, errlen, s->file,
			    config_lns_line(lns, "auth_backend"),
			    "[lns %s]: auth_backend = radius needs a [radius] "
			    "section with auth_server", lns->name);
	if (radius && !lns->auth.n)
		return serr(err, errlen, s->file,
			    config_lns_line(lns, "auth_backend"),
			    "[lns %s]: auth_backend = radius with auth = none",
			    lns->name);
	/* Without a pool, RADIUS gives every address (Framed-IP-Address). */
	if (!lns->users[0] && !lns->pool[0] && !radius)
		return serr(err, errlen, s->file, lns->line, "[lns %s]: neither "
			    "users nor pool: no address to give peers",
			    lns->name);
	s->pools[i] = pool_set_new();
	if (!s->pools[i])
		return serr(err, errlen, s->file, lns->line, "[lns %s]: out of "
			    "memory", lns->name);
	if (load_pool(lns, s->file, s->pools[i], err, errlen) < 0)
		return -1;
	if (load_prefix_pool(lns, s->file, s->pools[i], err, errlen) < 0)
		return -1;
	if (!lns->users[0])
		return 0;
	if (users_load(lns->users, &s->users[i], e, sizeof(e)) < 0)
		return serr(err, errlen, s->file, config_lns_line(lns, "users"),
			    "[lns %s]: users: %s", lns->name, e);
	if (ppp_address_plan_check(s->users[i], lns->users, s->pools[i],
				   lns->pool[0] ? lns->name : NULL, e,
				   sizeof(e)) < 0)
		return serr(err, errlen, s->file, config_lns_line(lns, "users"),
			    "[lns %s]: %s", lns->name, e);
	bad = users_check_methods(s->users[i], lns->users, lns->auth.method,
				  lns->auth.n, e, sizeof(e));
	if (bad)
		log_warn("[lns %s]: %zu user(s) cannot log in with the methods "
			 "offered, e.g. %s", lns->name, bad, e);
	return 0;
}

static int check_lac(const struct config_lac *lac, const char *file,
		     char *err, size_t errlen)
{
	if (lac->auth.n && !lac->user[0])
		return serr(err, errlen, file, config_lac_line(lac, "auth"),
			    "[lac %s]: auth needs a user (or auth = none)",
			    lac->name);
	return 0;
}

int gateway_settings_new(struct config *cfg, const char *file,
			 struct gateway_settings **out, char *err,
			 size_t errlen)
{
	struct gateway_settings *s = calloc(1, sizeof(*s));
	unsigned i;

	*out = NULL;
	if (s) {
		s->users = calloc(cfg->n_lns + 1, sizeof(*s->users));
		s->pools = calloc(cfg->n_lns + 1, sizeof(*s->pools));
	}
	if (!s || !s->users || !s->pools) {
		if (s) {
			free(s->users);
			free(s->pools);
		}
		free(s);
		config_free(cfg);
		snprintf(err, errlen, "%s: out of memory", file);
		return -1;
	}
	s->cfg = cfg;
	s->refs = 1;
	snprintf(s->file, sizeof(s->file), "%s", file);
	if (check_one_secret(cfg, file, err, errlen) < 0)
		goto fail;
	if (check_prefix_pools(cfg, file, err, errlen) < 0)
		goto fail;
	for (i = 0; i < cfg->n_lns; i++)
		if (load_lns(s, i, err, errlen) < 0)
			goto fail;
	if (check_pools_apart(s, err, errlen) < 0)
		goto fail;
	for (i = 0; i < cfg->n_lac; i++)
		if (check_lac(&cfg->lac[i], file, err, errlen) < 0)
			goto fail;
	if (cfg->radius.enabled) {
		s->radius = calloc(1, sizeof(*s->radius));
		if (!s->radius) {
			snprintf(err, errlen, "%s: out of memory", file);
			goto fail;
		}
		if (radius_config_build(cfg, s->radius, err, errlen) < 0)
			goto fail;
	}
	*out = s;
	return 0;
fail:
	gateway_settings_put(s);
	return -1;
}

int gateway_settings_load(const char *path, struct gateway_settings **out,
			  char *err, size_t errlen)
{
	struct config *c;

	*out = NULL;
	if (config_load(path, &c, err, errlen) < 0)
		return -1;
	return gateway_settings_new(c, path, out, err, errlen);
}

void gateway_settings_put(struct gateway_settings *s)
{
	unsigned i;

	if (!s || --s->refs)
		return;
	for (i = 0; i < s->cfg->n_lns; i++) {
		users_free(s->users[i]);
		pool_set_free(s->pools[i]);
	}
	free(s->users);
	free(s->pools);
	if (s->radius)
		explicit_bzero(s->radius, sizeof(*s->radius));
	free(s->radius);
	config_free(s->cfg);
	free(s);
}

