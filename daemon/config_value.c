// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd.conf values: one parser per value type (enum value_kind), each
 * error naming the key.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <sys/stat.h>

#include "config_parser.h"
#include "ifname.h"
#include "addr/prefix_pool.h"

/* VAL_SECRET stores the length in the size_t right after the text. */
#define LENGTH_FOLLOWS(sect, text, len) \
	_Static_assert(offsetof(struct sect, len) == \
		       offsetof(struct sect, text) + CONFIG_SECRET_MAX, \
		       #len " must follow " #text)
LENGTH_FOLLOWS(config_lns, secret, secret_len);
LENGTH_FOLLOWS(config_lac, secret, secret_len);
LENGTH_FOLLOWS(config_ipsec, psk, psk_len);
LENGTH_FOLLOWS(config_lac, password, password_len);
#undef LENGTH_FOLLOWS

static int parse_ulong(const char *v, unsigned long *out)
{
	char *end;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	*out = strtoul(v, &end, 10);
	if (errno || *end)
		return -1;
	return 0;
}

static int parse_duration(const char *v, unsigned long *ms)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)*v))
		return -1;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno)
		return -1;
	if (!strcmp(end, "ms")) {
		*ms = n;
	} else if (!*end || !strcmp(end, "s")) {
		if (n > ULONG_MAX / 1000)
			return -1;
		*ms = n * 1000;
	} else {
		return -1;
	}
	return 0;
}

/* "192.0.2.1", "2001:db8::1", "[2001:db8::1]:1701", "192.0.2.1:1701". */
static int parse_addr(const char *v, uint16_t default_port,
		      struct config_addr *a)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *port_s = NULL;
	unsigned long port = default_port;
	struct sockaddr_in *sin = (struct sockaddr_in *)&a->ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->ss;
	const char *colon = strchr(v, ':');

	memset(a, 0, sizeof(*a));
	if (v[0] == '[') {
		const char *close = strchr(v, ']');

		if (!close || (size_t)(close - v - 1) >= sizeof(host))
			return -1;
		memcpy(host, v + 1, (size_t)(close - v - 1));
		host[close - v - 1] = '\0';
		if (close[1] == ':')
			port_s = close + 2;
		else if (close[1])
			return -1;
	} else if (colon && !strchr(colon + 1, ':')) {
		if ((size_t)(colon - v) >= sizeof(host))
			return -1;
		memcpy(host, v, (size_t)(colon - v));
		host[colon - v] = '\0';
		port_s = colon + 1;
	} else {
		if (strlen(v) >= sizeof(host))
			return -1;
		strcpy(host, v);
	}
	if (port_s && (parse_ulong(port_s, &port) || port == 0 || port > 65535))
		return -1;
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		a->len = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		a->len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

static int parse_prefix(const char *v, struct config_prefix *pf)
{
	char host[INET6_ADDRSTRLEN];
	const char *slash = strchr(v, '/');
	size_t hl = slash ? (size_t)(slash - v) : strlen(v);
	unsigned long len;
	unsigned max;

	if (hl >= sizeof(host))
		return -1;
	memcpy(host, v, hl);
	host[hl] = '\0';
	memset(pf, 0, sizeof(*pf));
	if (inet_pton(AF_INET, host, pf->addr) == 1) {
		pf->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, host, pf->addr) == 1) {
		pf->family = AF_INET6;
		max = 128;
	} else {
		return -1;
	}
	len = max;
	if (slash && (parse_ulong(slash + 1, &len) || len > max))
		return -1;
	pf->len = (uint8_t)len;
	return 0;
}

static int parse_bool(const char *v, bool *b)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i])) {
			*b = true;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*b = false;
			return 0;
		}
	}
	return -1;
}

static int parse_log_level(const char *v, int *level)
{
	static const struct { const char *name; int level; } levels[] = {
		{ "error", LOG_ERR }, { "warning", LOG_WARNING },
		{ "notice", LOG_NOTICE }, { "info", LOG_INFO },
		{ "debug", LOG_DEBUG },
	};
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		if (!strcmp(v, levels[i].name)) {
			*level = levels[i].level;
			return 0;
		}
	}
	return -1;
}

static int parse_ipv4(const char *v, uint32_t *addr)
{
	struct in_addr a;

	if (inet_pton(AF_INET, v, &a) != 1)
		return -1;
	*addr = ntohl(a.s_addr);
	return 0;
}

/* "pap chap mschapv2" in the order given, each at most once; or "none". */
static int parse_auth(struct parser *p, const struct key_desc *k, char *v,
		      struct config_auth *out)
{
	static const struct {
		const char *name;
		enum ppp_auth_method m;
	} names[] = {
		{ "pap", PPP_AUTH_PAP },
		{ "chap", PPP_AUTH_CHAP_MD5 },
		{ "chap-md5", PPP_AUTH_CHAP_MD5 },
		{ "mschapv2", PPP_AUTH_MSCHAPV2 },
		{ "ms-chap-v2", PPP_AUTH_MSCHAPV2 },
	};
	char *save = NULL, *tok;
	unsigned i, j;

	memset(out, 0, sizeof(*out));
	if (!strcmp(v, "none"))
		return 0;
	for (tok = strtok_r(v, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		for (i = 0; i < N_KEYS(names); i++)
			if (!strcmp(names[i].name, tok))
				break;
		if (i == N_KEYS(names))
			return config_perr(p, "%s: \"%s\" is not one of pap, "
					   "chap, mschapv2 (or none alone)",
					   k->name, tok);
		for (j = 0; j < out->n; j++)
			if (out->method[j] == names[i].m)
				return config_perr(p, "%s: \"%s\" listed twice",
						   k->name, tok);
		out->method[out->n++] = names[i].m;
	}
	if (!out->n)
		return config_perr(p, "%s: empty list", k->name);
	return 0;
}

static int parse_dns(struct parser *p, const struct key_desc *k, char *v,
		     struct config_dns *out)
{
	char *save = NULL, *tok;

	memset(out, 0, sizeof(*out));
	for (tok = strtok_r(v, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (out->n == 2)
			return config_perr(p, "%s: more than 2 servers",
					   k->name);
		if (parse_ipv4(tok, &out->addr[out->n]) < 0 ||
		    !out->addr[out->n])
			return config_perr(p, "%s: \"%s\" is not an IPv4 "
					   "address", k->name, tok);
		out->n++;
	}
	if (!out->n)
		return config_perr(p, "%s: empty list", k->name);
	return 0;
}

static int parse_prefix6(struct parser *p, const struct key_desc *k,
			 const char *v, struct config_prefix *out)
{
	char e[160];
	unsigned len;

	if (prefix_pool_parse(v, out->addr, &len, e, sizeof(e)) < 0)
		return config_perr(p, "%s: %s", k->name, e);
	out->family = AF_INET6;
	out->len = (uint8_t)len;
	return 0;
}

/* RDNSS servers: global or ULA unicast, link-local would need a scope. */
static int parse_dns6(struct parser *p, const struct key_desc *k, char *v,
		      struct ra_config *out)
{
	char *save = NULL, *tok;

	out->n_dns = 0;
	for (tok = strtok_r(v, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		uint8_t *a = out->dns[out->n_dns];

		if (out->n_dns == RA_MAX_DNS)
			return config_perr(p, "%s: more than %u servers",
					   k->name, RA_MAX_DNS);
		if (inet_pton(AF_INET6, tok, a) != 1)
			return config_perr(p, "%s: \"%s\" is not an IPv6 "
					   "address", k->name, tok);
		if (a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
		    IN6_IS_ADDR_UNSPECIFIED((struct in6_addr *)a) ||
		    IN6_IS_ADDR_LOOPBACK((struct in6_addr *)a))
			return config_perr(p, "%s: %s is not a unicast address "
					   "clients can reach", k->name, tok);
		out->n_dns++;
	}
	if (!out->n_dns)
		return config_perr(p, "%s: empty list", k->name);
	return 0;
}

/* Whitespace- or comma-separated list, each item through one_item. */
static int parse_list(struct parser *p, const struct key_desc *k, char *v,
		      void *array, size_t item_size, unsigned max,
		      unsigned *count, int (*one_item)(const char *, void *))
{
	char *save = NULL, *tok;

	*count = 0;
	for (tok = strtok_r(v, " \t,", &save); tok;
	     tok = strtok_r(NULL, " \t,", &save)) {
		if (*count == max)
			return config_perr(p, "%s: more than %u entries",
					   k->name, max);
		if (one_item(tok, (uint8_t *)array + *count * item_size) < 0)
			return config_perr(p, "%s: \"%s\" is not a valid %s",
					   k->name, tok,
					   k->kind == VAL_PREFIXES ?
					   "address or prefix" : "address");
		(*count)++;
	}
	if (!*count)
		return config_perr(p, "%s: empty list", k->name);
	return 0;
}

static int listen_item(const char *v, void *out)
{
	return parse_addr(v, 0, out);
}

static int prefix_item(const char *v, void *out)
{
	return parse_prefix(v, out);
}

static int auth_server_item(const char *v, void *out)
{
	return parse_addr(v, CONFIG_RADIUS_AUTH_PORT, out);
}

static int acct_server_item(const char *v, void *out)
{
	return parse_addr(v, CONFIG_RADIUS_ACCT_PORT, out);
}

static int dae_item(const char *v, void *out)
{
	return parse_addr(v, CONFIG_RADIUS_DAE_PORT, out);
}

/* RADIUS servers, in order; k->min is the kind's port. */
static int parse_servers(struct parser *p, const struct key_desc *k, char *v,
			 struct config_radius_servers *s)
{
	return parse_list(p, k, v, s->addr, sizeof(s->addr[0]),
			  CONFIG_RADIUS_MAX_SERVERS, &s->n,
			  k->min == CONFIG_RADIUS_AUTH_PORT ? auth_server_item :
			  k->min == CONFIG_RADIUS_DAE_PORT ? dae_item :
			  acct_server_item);
}

/* An address alone: a port is refused rather than ignored. */
static int parse_address(struct parser *p, const struct key_desc *k,
			 char *v, struct config_addr *a)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&a->ss;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&a->ss;

	if (parse_addr(v, 0, a) < 0 ||
	    (a->ss.ss_family == AF_INET ? sin->sin_port : sin6->sin6_port))
		return config_perr(p, "%s: \"%s\" is not an IPv4 or IPv6 "
				   "address (without port)", k->name, v);
	return 0;
}

static int range_check(struct parser *p, const struct key_desc *k,
		       unsigned long n, const char *v)
{
	if (n < k->min || n > k->max)
		return config_perr(p, "%s: %s is out of range %lu..%lu",
				   k->name, v, k->min, k->max);
	return 0;
}

/* Strip one pair of double quotes, which keep spaces and '#'. */
static char *unquote(struct parser *p, const struct key_desc *k, char *v,
		     bool *bad)
{
	size_t n = strlen(v);

	*bad = false;
	if (n && v[0] == '"') {
		if (n < 2 || v[n - 1] != '"') {
			*bad = true;
			config_perr(p, "%s: unterminated quote", k->name);
			return v;
		}
		v[n - 1] = '\0';
		return v + 1;
	}
	return v;
}

/* An absolute path that fits a Unix socket address. */
static int parse_socket(struct parser *p, const struct key_desc *k, char *v,
			char *field)
{
	bool bad;
	size_t n;

	v = unquote(p, k, v, &bad);
	if (bad)
		return -1;
	n = strlen(v);
	if (v[0] != '/')
		return config_perr(p, "%s: \"%s\" is not an absolute path",
				   k->name, v);
	if (n >= k->size)
		return config_perr(p, "%s: longer than %zu characters (a Unix "
				   "socket path)", k->name, k->size - 1);
	memcpy(field, v, n + 1);
	return 0;
}

/* What the kernel takes as a device name; "%d" numbers the sessions. */
static int parse_ifname(struct parser *p, const struct key_desc *k, char *v,
			char *field)
{
	char why[80];
	bool bad;

	v = unquote(p, k, v, &bad);
	if (bad)
		return -1;
	if (ifname_pattern_check(v, why, sizeof(why)) < 0)
		return config_perr(p, "%s: \"%s\": %s", k->name, v, why);
	snprintf(field, k->size, "%s", v);
	return 0;
}

/* A group name, or a number; resolved now so a typo fails the load. */
static int parse_group(struct parser *p, const struct key_desc *k, char *v,
		       gid_t *gid)
{
	struct group *gr;
	unsigned long n;

	if (!v[0])
		return config_perr(p, "%s: empty value", k->name);
	if (parse_ulong(v, &n) == 0) {
		if (n >= (unsigned long)(gid_t)-1)
			return config_perr(p, "%s: %s is not a valid group id",
					   k->name, v);
		*gid = (gid_t)n;
		return 0;
	}
	errno = 0;
	gr = getgrnam(v);
	if (!gr)
		return config_perr(p, "%s: no group \"%s\"%s%s", k->name, v,
				   errno ? ": " : "",
				   errno ? strerror(errno) : "");
	*gid = gr->gr_gid;
	return 0;
}

/* MSS clamping: "auto" (from the session's MTU), "off", or an MSS. */
/*
 * A hook: checked when the file is loaded, so that a typo is an error of
 * the config rather than a failure at the first session.  It runs as the
 * daemon's user, which may not be root: any execute bit will do here.
 */
static int parse_script(struct parser *p, const struct key_desc *k,
			const char *v, char *out)
{
	struct stat st;

	if (v[0] != '/')
		return config_perr(p, "%s: \"%s\" is not an absolute path",
				   k->name, v);
	if (strlen(v) >= k->size)
		return config_perr(p, "%s: path longer than %zu bytes", k->name,
				   k->size - 1);
	if (stat(v, &st) < 0)
		return config_perr(p, "%s: %s: %s", k->name, v,
				   strerror(errno));
	if (!S_ISREG(st.st_mode))
		return config_perr(p, "%s: %s is not a regular file", k->name,
				   v);
	if (!(st.st_mode & 0111))
		return config_perr(p, "%s: %s is not executable", k->name, v);
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

static int parse_tcp_mss(struct parser *p, const struct key_desc *k,
			 const char *v, uint16_t *mss)
{
	unsigned long n;

	if (!strcmp(v, "auto")) {
		*mss = CONFIG_TCP_MSS_AUTO;
		return 0;
	}
	if (!strcmp(v, "off")) {
		*mss = CONFIG_TCP_MSS_OFF;
		return 0;
	}
	if (parse_ulong(v, &n) < 0)
		return config_perr(p, "%s: \"%s\" is not auto, off or a "
				   "number", k->name, v);
	if (range_check(p, k, n, v) < 0)
		return -1;
	*mss = (uint16_t)n;
	return 0;
}

/* The metrics endpoint: off, or where it listens (docs/metrics.md). */
void config_metrics_default(struct config_metrics *m)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&m->addr.ss;

	memset(m, 0, sizeof(*m));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin->sin_port = htons(CONFIG_METRICS_PORT);
	m->addr.len = sizeof(*sin);
}

static int parse_metrics(struct parser *p, const struct key_desc *k,
			 const char *v, struct config_metrics *m)
{
	m->set = true;
	if (!*v || !strcmp(v, "off")) {
		memset(&m->addr, 0, sizeof(m->addr));
		return 0;
	}
	if (parse_addr(v, CONFIG_METRICS_PORT, &m->addr) < 0)
		return config_perr(p, "%s: \"%s\" is not off or an address "
				   "with an optional port (127.0.0.1:%u, "
				   "[::1]:%u)", k->name, v,
				   CONFIG_METRICS_PORT, CONFIG_METRICS_PORT);
	return 0;
}

int config_set_value(struct parser *p, const struct key_desc *k, char *v)
{
	uint8_t *field = (uint8_t *)p->obj + k->offset;
	unsigned long n;
	bool bad;

	switch (k->kind) {
	case VAL_STRING:
	case VAL_SECRET:
		v = unquote(p, k, v, &bad);
		if (bad)
			return -1;
		n = strlen(v);
		if (n < k->min)
			return config_perr(p, "%s: empty value", k->name);
		if (n >= k->size)
			return config_perr(p, "%s: longer than %zu characters",
					   k->name, k->size - 1);
		memcpy(field, v, n + 1);
		if (k->kind == VAL_SECRET)
			memcpy(field + k->size, &n, sizeof(size_t));
		return 0;
	case VAL_BOOL:
		if (parse_bool(v, (bool *)field) < 0)
			return config_perr(p, "%s: \"%s\" is not yes or no",
					   k->name, v);
		return 0;
	case VAL_UINT:
	case VAL_U16:
		if (parse_ulong(v, &n) < 0)
			return config_perr(p, "%s: \"%s\" is not a number",
					   k->name, v);
		if (range_check(p, k, n, v) < 0)
			return -1;
		if (k->kind == VAL_U16)
			*(uint16_t *)field = (uint16_t)n;
		else
			*(unsigned *)field = (unsigned)n;
		return 0;
	case VAL_DURATION:
		if (parse_duration(v, &n) < 0)
			return config_perr(p, "%s: \"%s\" is not a duration "
					   "(e.g. 2s, 500ms)", k->name, v);
		if (n < k->min || n > k->max)
			return config_perr(p, "%s: %s is out of range "
					   "%lums..%lums", k->name, v, k->min,
					   k->max);
		*(uint32_t *)field = (uint32_t)n;
		return 0;
	case VAL_LISTEN:
		return parse_list(p, k, v, field, sizeof(struct config_addr),
				  CONFIG_MAX_LISTEN, &p->c->global.n_listen,
				  listen_item);
	case VAL_PREFIXES:
		return parse_list(p, k, v, field, sizeof(struct config_prefix),
				  CONFIG_MAX_PREFIXES,
				  &((struct config_lns *)p->obj)->n_peers,
				  prefix_item);
	case VAL_PEER:
		if (parse_addr(v, DEFAULT_PORT, (struct config_addr *)field) < 0)
			return config_perr(p, "%s: \"%s\" is not an address",
					   k->name, v);
		return 0;
	case VAL_LOG_LEVEL:
		if (parse_log_level(v, (int *)field) < 0)
			return config_perr(p, "%s: \"%s\" is not one of error, "
					   "warning, notice, info, debug",
					   k->name, v);
		return 0;
	case VAL_AUTH:
		return parse_auth(p, k, v, (struct config_auth *)field);
	case VAL_IPV4:
		if (parse_ipv4(v, (uint32_t *)field) < 0 || !*(uint32_t *)field)
			return config_perr(p, "%s: \"%s\" is not an IPv4 "
					   "address", k->name, v);
		return 0;
	case VAL_DNS:
		return parse_dns(p, k, v, (struct config_dns *)field);
	case VAL_PREFIX6:
		return parse_prefix6(p, k, v, (struct config_prefix *)field);
	case VAL_DNS6:
		return parse_dns6(p, k, v, (struct ra_config *)field);
	case VAL_SOCKET:
		return parse_socket(p, k, v, (char *)field);
	case VAL_GROUP:
		return parse_group(p, k, v, (gid_t *)field);
	case VAL_IFNAME:
		return parse_ifname(p, k, v, (char *)field);
	case VAL_TCP_MSS:
		return parse_tcp_mss(p, k, v, (uint16_t *)field);
	case VAL_SCRIPT:
		return parse_script(p, k, v, (char *)field);
	case VAL_METRICS:
		return parse_metrics(p, k, v, (struct config_metrics *)field);
	case VAL_SERVERS:
		return parse_servers(p, k, v,
				     (struct config_radius_servers *)field);
	case VAL_ADDRESS:
		return parse_address(p, k, v, (struct config_addr *)field);
	}
	return config_perr(p, "%s: internal error", k->name);
}
