// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd.conf parser: a pure function from a buffer to a struct config.
 * Keys are described by one table per section kind; each value type has
 * one parser, and every error names file, line and key.
 */
#include "config.h"
#include "ifname.h"
#include "ppp/prefix_pool.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#define CONFIG_FILE_MAX		(1 << 20)
#define DEFAULT_PORT		1701

enum section_kind { SECT_NONE, SECT_GLOBAL, SECT_LNS, SECT_LAC, SECT_IPSEC };

enum value_kind {
	VAL_STRING,	/* into char[size] */
	VAL_SECRET,	/* char[size] + size_t length after it */
	VAL_BOOL,
	VAL_UINT,	/* unsigned, min..max */
	VAL_U16,
	VAL_DURATION,	/* "500ms", "2s" or seconds; stored in ms (u32) */
	VAL_LISTEN,	/* address list */
	VAL_PREFIXES,	/* CIDR list */
	VAL_PEER,	/* one address, optional port */
	VAL_LOG_LEVEL,
	VAL_AUTH,	/* PPP authentication methods, or "none" */
	VAL_IPV4,	/* one IPv4 address, host order */
	VAL_DNS,	/* one or two IPv4 addresses */
	VAL_PREFIX6,	/* IPv6 /48../64 prefix pool */
	VAL_DNS6,	/* one to RA_MAX_DNS IPv6 addresses */
	VAL_SOCKET,	/* absolute Unix socket path */
	VAL_GROUP,	/* group name or number, resolved to a gid */
	VAL_IFNAME,	/* device name, or pattern with one %d */
};

struct key_desc {
	const char *name;
	enum value_kind kind;
	size_t offset;
	size_t size;		/* strings */
	unsigned long min, max;
};

#define KEY(sect, n, k, field, mn, mx) \
	{ n, k, offsetof(struct sect, field), \
	  sizeof(((struct sect *)0)->field), mn, mx }

static const struct key_desc global_keys[] = {
	KEY(config_global, "host_name", VAL_STRING, host_name, 1, 0),
	KEY(config_global, "listen", VAL_LISTEN, listen, 0, 0),
	KEY(config_global, "port", VAL_U16, port, 1, 65535),
	KEY(config_global, "hello_interval", VAL_DURATION, hello_interval_ms,
	    1000, 3600000),
	KEY(config_global, "retransmit_initial", VAL_DURATION,
	    retransmit_initial_ms, 100, 60000),
	KEY(config_global, "retransmit_max", VAL_DURATION, retransmit_max_ms,
	    100, 300000),
	KEY(config_global, "retries", VAL_UINT, retries, 1, 100),
	KEY(config_global, "receive_window", VAL_U16, receive_window, 1, 1024),
	KEY(config_global, "max_tunnels", VAL_UINT, max_tunnels, 1, 65535),
	KEY(config_global, "max_sessions_per_tunnel", VAL_UINT,
	    max_sessions_per_tunnel, 1, 65535),
	KEY(config_global, "peer_tunnel_rate", VAL_UINT, peer_tunnel_rate, 1,
	    100000),
	KEY(config_global, "peer_tunnel_burst", VAL_UINT, peer_tunnel_burst, 1,
	    100000),
	KEY(config_global, "max_negotiating", VAL_UINT, max_negotiating, 0,
	    CONFIG_MAX_NEGOTIATING),
	KEY(config_global, "log_level", VAL_LOG_LEVEL, log_level, 0, 0),
	KEY(config_global, "control_socket", VAL_SOCKET, control_socket, 1, 0),
	KEY(config_global, "control_group", VAL_GROUP, control_group, 0, 0),
};

static const struct key_desc lns_keys[] = {
	KEY(config_lns, "secret", VAL_SECRET, secret, 1, 0),
	KEY(config_lns, "hide_avps", VAL_BOOL, hide_avps, 0, 0),
	KEY(config_lns, "peers", VAL_PREFIXES, peers, 0, 0),
	KEY(config_lns, "ifname", VAL_IFNAME, ifname, 1, 0),
	KEY(config_lns, "mtu", VAL_UINT, mtu, 576, 9000),
	KEY(config_lns, "auth", VAL_AUTH, auth, 0, 0),
	KEY(config_lns, "users", VAL_STRING, users, 1, 0),
	KEY(config_lns, "pool", VAL_STRING, pool, 1, 0),
	KEY(config_lns, "local_ip", VAL_IPV4, local_ip, 0, 0),
	KEY(config_lns, "dns", VAL_DNS, dns, 0, 0),
	KEY(config_lns, "ipv6", VAL_BOOL, ipv6, 0, 0),
	KEY(config_lns, "ipv6_prefix_pool", VAL_PREFIX6, ipv6_prefix_pool, 0,
	    0),
	KEY(config_lns, "ipv6_dns", VAL_DNS6, ra, 0, 0),
	KEY(config_lns, "ipv6_ra_interval", VAL_DURATION, ra.interval_ms,
	    RA_MIN_INTERVAL_MS, RA_MAX_INTERVAL_MS),
	KEY(config_lns, "ipv6_router_lifetime", VAL_DURATION,
	    ra.router_lifetime_ms, 0, RA_MAX_LIFETIME_MS),
	KEY(config_lns, "echo_interval", VAL_DURATION, echo_interval_ms, 0,
	    3600000),
	KEY(config_lns, "echo_failures", VAL_UINT, echo_failures, 1, 100),
};

static const struct key_desc lac_keys[] = {
	KEY(config_lac, "peer", VAL_PEER, peer, 0, 0),
	KEY(config_lac, "secret", VAL_SECRET, secret, 1, 0),
	KEY(config_lac, "hide_avps", VAL_BOOL, hide_avps, 0, 0),
	KEY(config_lac, "autostart", VAL_BOOL, autostart, 0, 0),
	KEY(config_lac, "sessions", VAL_UINT, sessions, 0, 65535),
	KEY(config_lac, "auth", VAL_AUTH, auth, 0, 0),
	KEY(config_lac, "user", VAL_STRING, user, 1, 0),
	KEY(config_lac, "password", VAL_SECRET, password, 1, 0),
	KEY(config_lac, "want_dns", VAL_BOOL, want_dns, 0, 0),
	KEY(config_lac, "ipv6", VAL_BOOL, ipv6, 0, 0),
	KEY(config_lac, "mtu", VAL_UINT, mtu, 576, 9000),
	KEY(config_lac, "echo_interval", VAL_DURATION, echo_interval_ms, 0,
	    3600000),
	KEY(config_lac, "echo_failures", VAL_UINT, echo_failures, 1, 100),
	KEY(config_lac, "ipsec", VAL_BOOL, ipsec, 0, 0),
};

static const struct key_desc ipsec_keys[] = {
	KEY(config_ipsec, "vici_socket", VAL_SOCKET, vici_socket, 1, 0),
	KEY(config_ipsec, "psk", VAL_SECRET, psk, 1, 0),
	KEY(config_ipsec, "cert", VAL_STRING, cert, 1, 0),
	KEY(config_ipsec, "key", VAL_STRING, key, 1, 0),
	KEY(config_ipsec, "ca", VAL_STRING, ca, 1, 0),
	KEY(config_ipsec, "local_id", VAL_STRING, local_id, 1, 0),
	KEY(config_ipsec, "ike_version", VAL_UINT, ike_version, 0, 2),
	KEY(config_ipsec, "ike_proposals", VAL_STRING, ike_proposals, 1, 0),
	KEY(config_ipsec, "esp_proposals", VAL_STRING, esp_proposals, 1, 0),
	KEY(config_ipsec, "dpd_delay", VAL_DURATION, dpd_delay_ms, 0,
	    3600000),
	KEY(config_ipsec, "enforce", VAL_BOOL, enforce, 0, 0),
};

#undef KEY

/* VAL_SECRET stores the length in the size_t right after the text. */
_Static_assert(offsetof(struct config_lns, secret_len) ==
	       offsetof(struct config_lns, secret) + CONFIG_SECRET_MAX,
	       "secret_len must follow secret");
_Static_assert(offsetof(struct config_lac, secret_len) ==
	       offsetof(struct config_lac, secret) + CONFIG_SECRET_MAX,
	       "secret_len must follow secret");
_Static_assert(offsetof(struct config_ipsec, psk_len) ==
	       offsetof(struct config_ipsec, psk) + CONFIG_SECRET_MAX,
	       "psk_len must follow psk");
_Static_assert(offsetof(struct config_lac, password_len) ==
	       offsetof(struct config_lac, password) + CONFIG_SECRET_MAX,
	       "password_len must follow password");

#define N_KEYS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_KEYS 24

struct parser {
	const char *file;
	unsigned line;
	char *err;
	size_t err_len;
	struct config *c;
	enum section_kind sect;
	void *obj;			/* struct being filled */
	const struct key_desc *keys;
	size_t n_keys;
	bool seen[MAX_KEYS];		/* keys set in this section */
	unsigned sect_line;
	bool global_seen;
};

static int perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int perr(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->line)
		n = snprintf(p->err, p->err_len, "%s:%u: ", p->file, p->line);
	else
		n = snprintf(p->err, p->err_len, "%s: ", p->file);
	if (n < 0 || (size_t)n >= p->err_len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->err_len - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static void set_defaults(struct config *c)
{
	struct config_global *g = &c->global;

	snprintf(g->host_name, sizeof(g->host_name), "l2tpgwd");
	g->port = DEFAULT_PORT;
	g->hello_interval_ms = 60000;
	g->retransmit_initial_ms = 1000;
	g->retransmit_max_ms = 8000;
	g->retries = 5;
	g->receive_window = 16;
	g->max_tunnels = 4096;
	g->max_sessions_per_tunnel = 1024;
	g->peer_tunnel_rate = 5;
	g->peer_tunnel_burst = 10;
	g->max_negotiating = CONFIG_DEFAULT_MAX_NEGOTIATING;
	g->log_level = LOG_INFO;
	g->control_group = (gid_t)-1;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

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
			return perr(p, "%s: \"%s\" is not one of pap, chap, "
				    "mschapv2 (or none alone)", k->name, tok);
		for (j = 0; j < out->n; j++)
			if (out->method[j] == names[i].m)
				return perr(p, "%s: \"%s\" listed twice",
					    k->name, tok);
		out->method[out->n++] = names[i].m;
	}
	if (!out->n)
		return perr(p, "%s: empty list", k->name);
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
			return perr(p, "%s: more than 2 servers", k->name);
		if (parse_ipv4(tok, &out->addr[out->n]) < 0 ||
		    !out->addr[out->n])
			return perr(p, "%s: \"%s\" is not an IPv4 address",
				    k->name, tok);
		out->n++;
	}
	if (!out->n)
		return perr(p, "%s: empty list", k->name);
	return 0;
}

static int parse_prefix6(struct parser *p, const struct key_desc *k,
			 const char *v, struct config_prefix *out)
{
	char e[160];
	unsigned len;

	if (prefix_pool_parse(v, out->addr, &len, e, sizeof(e)) < 0)
		return perr(p, "%s: %s", k->name, e);
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
			return perr(p, "%s: more than %u servers", k->name,
				    RA_MAX_DNS);
		if (inet_pton(AF_INET6, tok, a) != 1)
			return perr(p, "%s: \"%s\" is not an IPv6 address",
				    k->name, tok);
		if (a[0] == 0xff || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
		    IN6_IS_ADDR_UNSPECIFIED((struct in6_addr *)a) ||
		    IN6_IS_ADDR_LOOPBACK((struct in6_addr *)a))
			return perr(p, "%s: %s is not a unicast address "
				    "clients can reach", k->name, tok);
		out->n_dns++;
	}
	if (!out->n_dns)
		return perr(p, "%s: empty list", k->name);
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
			return perr(p, "%s: more than %u entries", k->name, max);
		if (one_item(tok, (uint8_t *)array + *count * item_size) < 0)
			return perr(p, "%s: \"%s\" is not a valid %s", k->name,
				    tok, k->kind == VAL_PREFIXES ?
				    "address or prefix" : "address");
		(*count)++;
	}
	if (!*count)
		return perr(p, "%s: empty list", k->name);
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

static int range_check(struct parser *p, const struct key_desc *k,
		       unsigned long n, const char *v)
{
	if (n < k->min || n > k->max)
		return perr(p, "%s: %s is out of range %lu..%lu", k->name, v,
			    k->min, k->max);
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
			perr(p, "%s: unterminated quote", k->name);
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
		return perr(p, "%s: \"%s\" is not an absolute path", k->name, v);
	if (n >= k->size)
		return perr(p, "%s: longer than %zu characters (a Unix socket "
			    "path)", k->name, k->size - 1);
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
		return perr(p, "%s: \"%s\": %s", k->name, v, why);
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
		return perr(p, "%s: empty value", k->name);
	if (parse_ulong(v, &n) == 0) {
		if (n >= (unsigned long)(gid_t)-1)
			return perr(p, "%s: %s is not a valid group id",
				    k->name, v);
		*gid = (gid_t)n;
		return 0;
	}
	errno = 0;
	gr = getgrnam(v);
	if (!gr)
		return perr(p, "%s: no group \"%s\"%s%s", k->name, v,
			    errno ? ": " : "", errno ? strerror(errno) : "");
	*gid = gr->gr_gid;
	return 0;
}

static int set_value(struct parser *p, const struct key_desc *k, char *v)
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
			return perr(p, "%s: empty value", k->name);
		if (n >= k->size)
			return perr(p, "%s: longer than %zu characters", k->name,
				    k->size - 1);
		memcpy(field, v, n + 1);
		if (k->kind == VAL_SECRET)
			memcpy(field + k->size, &n, sizeof(size_t));
		return 0;
	case VAL_BOOL:
		if (parse_bool(v, (bool *)field) < 0)
			return perr(p, "%s: \"%s\" is not yes or no", k->name, v);
		return 0;
	case VAL_UINT:
	case VAL_U16:
		if (parse_ulong(v, &n) < 0)
			return perr(p, "%s: \"%s\" is not a number", k->name, v);
		if (range_check(p, k, n, v) < 0)
			return -1;
		if (k->kind == VAL_U16)
			*(uint16_t *)field = (uint16_t)n;
		else
			*(unsigned *)field = (unsigned)n;
		return 0;
	case VAL_DURATION:
		if (parse_duration(v, &n) < 0)
			return perr(p, "%s: \"%s\" is not a duration (e.g. 2s, "
				    "500ms)", k->name, v);
		if (n < k->min || n > k->max)
			return perr(p, "%s: %s is out of range %lums..%lums",
				    k->name, v, k->min, k->max);
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
			return perr(p, "%s: \"%s\" is not an address", k->name, v);
		return 0;
	case VAL_LOG_LEVEL:
		if (parse_log_level(v, (int *)field) < 0)
			return perr(p, "%s: \"%s\" is not one of error, warning, "
				    "notice, info, debug", k->name, v);
		return 0;
	case VAL_AUTH:
		return parse_auth(p, k, v, (struct config_auth *)field);
	case VAL_IPV4:
		if (parse_ipv4(v, (uint32_t *)field) < 0 || !*(uint32_t *)field)
			return perr(p, "%s: \"%s\" is not an IPv4 address",
				    k->name, v);
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
	}
	return perr(p, "%s: internal error", k->name);
}

static const char *sect_label(const struct parser *p)
{
	switch (p->sect) {
	case SECT_GLOBAL:
		return "[global]";
	case SECT_LNS:
		return "[lns]";
	case SECT_LAC:
		return "[lac]";
	case SECT_IPSEC:
		return "[ipsec]";
	default:
		return "(no section)";
	}
}

static int parse_key(struct parser *p, char *line)
{
	char *eq = strchr(line, '=');
	char *key, *value;
	size_t i;

	if (!eq)
		return perr(p, "expected \"key = value\"");
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (p->sect == SECT_NONE)
		return perr(p, "%s: outside of any section", key);
	for (i = 0; i < p->n_keys; i++)
		if (!strcmp(p->keys[i].name, key))
			break;
	if (i == p->n_keys)
		return perr(p, "unknown key \"%s\" in %s", key, sect_label(p));
	if (p->seen[i])
		return perr(p, "%s: set twice in this section", key);
	p->seen[i] = true;
	if (!*value)
		return perr(p, "%s: no value", key);
	return set_value(p, &p->keys[i], value);
}

/* Proposals in a list of them; blanks and commas separate. */
static unsigned count_proposals(const char *list)
{
	unsigned n = 0;

	while (*list) {
		list += strspn(list, ", \t");
		if (!*list)
			break;
		n++;
		list += strcspn(list, ", \t");
	}
	return n;
}

static int check_proposals(struct parser *p, const char *key,
			   const char *list)
{
	unsigned n = count_proposals(list);

	if (n > CONFIG_IPSEC_MAX_PROPOSALS)
		return perr(p, "[ipsec]: %s lists %u proposals, at most %d",
			    key, n, CONFIG_IPSEC_MAX_PROPOSALS);
	return 0;
}

/* [ipsec]: one way to authenticate, files that exist, lists that fit. */
static int finish_ipsec(struct parser *p, struct config_ipsec *s)
{
	bool pubkey = s->cert[0] || s->key[0];
	unsigned line = p->line;

	p->line = p->sect_line;
	if (s->psk_len && pubkey)
		return perr(p, "[ipsec]: psk and cert/key are exclusive: "
			    "authenticate with one of them");
	if (!s->psk_len && !pubkey)
		return perr(p, "[ipsec]: needs psk, or cert and key");
	if (pubkey && (!s->cert[0] || !s->key[0]))
		return perr(p, "[ipsec]: %s without %s", s->cert[0] ? "cert" :
			    "key", s->cert[0] ? "key" : "cert");
	if (s->ca[0] && !pubkey)
		return perr(p, "[ipsec]: ca is for cert authentication");
	if (s->cert[0] && access(s->cert, R_OK) < 0)
		return perr(p, "[ipsec]: cert %s: %s", s->cert,
			    strerror(errno));
	if (s->key[0] && access(s->key, R_OK) < 0)
		return perr(p, "[ipsec]: key %s: %s", s->key, strerror(errno));
	if (s->ca[0] && access(s->ca, R_OK) < 0)
		return perr(p, "[ipsec]: ca %s: %s", s->ca, strerror(errno));
	if (check_proposals(p, "ike_proposals", s->ike_proposals) < 0 ||
	    check_proposals(p, "esp_proposals", s->esp_proposals) < 0)
		return -1;
	p->line = line;
	return 0;
}

/* Checks that need the whole section. */
static bool key_seen(const struct parser *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n_keys; i++)
		if (!strcmp(p->keys[i].name, name))
			return p->seen[i];
	return false;
}

/* RA settings only mean something with a prefix pool, and it with IPv6. */
static int finish_lns_ipv6(struct parser *p, struct config_lns *lns)
{
	static const char *const ra_keys[] = {
		"ipv6_dns", "ipv6_ra_interval", "ipv6_router_lifetime",
	};
	uint32_t lt = lns->ra.router_lifetime_ms;
	unsigned line = p->line;
	size_t i;

	p->line = p->sect_line;
	if (lns->ipv6_prefix_pool.len && !lns->ipv6)
		return perr(p, "[lns %s]: ipv6_prefix_pool needs ipv6 = yes",
			    lns->name);
	for (i = 0; i < sizeof(ra_keys) / sizeof(ra_keys[0]); i++)
		if (!lns->ipv6_prefix_pool.len && key_seen(p, ra_keys[i]))
			return perr(p, "[lns %s]: %s without ipv6_prefix_pool "
				    "(router advertisements are sent only "
				    "with a prefix)", lns->name, ra_keys[i]);
	/* RFC 4861 6.2.1: zero, or from the interval up to 9000 s. */
	if (lt && lt < lns->ra.interval_ms)
		return perr(p, "[lns %s]: ipv6_router_lifetime %ums is shorter "
			    "than ipv6_ra_interval %ums: clients would lose "
			    "the default route between advertisements",
			    lns->name, lt, lns->ra.interval_ms);
	p->line = line;
	return 0;
}

static int finish_section(struct parser *p)
{
	if (p->sect == SECT_IPSEC)
		return finish_ipsec(p, p->obj);
	if (p->sect == SECT_LAC) {
		struct config_lac *lac = p->obj;

		if (!lac->peer.len) {
			p->line = p->sect_line;
			return perr(p, "[lac %s]: no peer address", lac->name);
		}
		if (lac->hide_avps && !lac->secret_len) {
			p->line = p->sect_line;
			return perr(p, "[lac %s]: hide_avps needs a secret",
				    lac->name);
		}
	} else if (p->sect == SECT_LNS) {
		struct config_lns *lns = p->obj;

		if (lns->hide_avps && !lns->secret_len) {
			p->line = p->sect_line;
			return perr(p, "[lns %s]: hide_avps needs a secret",
				    lns->name);
		}
		if (finish_lns_ipv6(p, lns) < 0)
			return -1;
		if (!lns->n_peers) {
			/* Anyone, v4 and v6: the usual remote-access LNS. */
			lns->peers[0].family = AF_INET;
			lns->peers[1].family = AF_INET6;
			lns->n_peers = 2;
		}
	}
	return 0;
}

static bool name_ok(const char *name)
{
	const char *s;

	if (!*name || strlen(name) >= CONFIG_NAME_MAX)
		return false;
	for (s = name; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' &&
		    *s != '.')
			return false;
	return true;
}

static bool name_taken(const struct config *c, const char *name)
{
	unsigned i;

	for (i = 0; i < c->n_lns; i++)
		if (!strcmp(c->lns[i].name, name))
			return true;
	for (i = 0; i < c->n_lac; i++)
		if (!strcmp(c->lac[i].name, name))
			return true;
	return false;
}

static void *grow(void *array, unsigned n, size_t size)
{
	void *a = realloc(array, (n + 1) * size);

	if (a)
		memset((uint8_t *)a + n * size, 0, size);
	return a;
}

static void lns_defaults(struct config_lns *lns, unsigned line)
{
	lns->mtu = 1400;
	lns->auth.method[0] = PPP_AUTH_MSCHAPV2;
	lns->auth.method[1] = PPP_AUTH_CHAP_MD5;
	lns->auth.n = 2;
	lns->echo_interval_ms = 30000;
	lns->echo_failures = 4;
	lns->ra.interval_ms = RA_DEFAULT_INTERVAL_MS;
	lns->ra.router_lifetime_ms = RA_DEFAULT_LIFETIME_MS;
	lns->line = line;
}

static void lac_defaults(struct config_lac *lac, unsigned line)
{
	lac->autostart = true;
	lac->sessions = 1;
	lac->auth.method[0] = PPP_AUTH_MSCHAPV2;
	lac->auth.method[1] = PPP_AUTH_CHAP_MD5;
	lac->auth.method[2] = PPP_AUTH_PAP;
	lac->auth.n = 3;
	lac->mtu = 1400;
	lac->echo_interval_ms = 30000;
	lac->echo_failures = 4;
	lac->line = line;
}

static int open_section(struct parser *p, char *line)
{
	char *end = strchr(line, ']');
	char *kind, *name, *save = NULL;

	if (!end || trim(end + 1)[0])
		return perr(p, "malformed section header");
	*end = '\0';
	kind = strtok_r(line + 1, " \t", &save);
	name = strtok_r(NULL, " \t", &save);
	if (!kind)
		return perr(p, "empty section header");
	if (finish_section(p) < 0)
		return -1;
	memset(p->seen, 0, sizeof(p->seen));
	p->sect_line = p->line;
	if (strtok_r(NULL, " \t", &save))
		return perr(p, "[%s]: extra words in section header", kind);
	if (!strcmp(kind, "global")) {
		if (name)
			return perr(p, "[global] takes no name");
		if (p->global_seen)
			return perr(p, "[global] appears twice");
		p->global_seen = true;
		p->sect = SECT_GLOBAL;
		p->obj = &p->c->global;
		p->keys = global_keys;
		p->n_keys = N_KEYS(global_keys);
		return 0;
	}
	if (!strcmp(kind, "ipsec")) {
		if (name)
			return perr(p, "[ipsec] takes no name");
		if (p->c->ipsec.enabled)
			return perr(p, "[ipsec] appears twice");
		p->c->ipsec.enabled = true;
		p->c->ipsec.enforce = true;
		p->c->ipsec.dpd_delay_ms = 30000;
		p->c->ipsec.line = p->line;
		p->sect = SECT_IPSEC;
		p->obj = &p->c->ipsec;
		p->keys = ipsec_keys;
		p->n_keys = N_KEYS(ipsec_keys);
		return 0;
	}
	if (strcmp(kind, "lns") && strcmp(kind, "lac"))
		return perr(p, "unknown section [%s]", kind);
	if (!name || !name_ok(name))
		return perr(p, "[%s]: needs a name of letters, digits, '-', '_' "
			    "or '.' (at most %d)", kind, CONFIG_NAME_MAX - 1);
	if (name_taken(p->c, name))
		return perr(p, "[%s %s]: name already used", kind, name);
	if (!strcmp(kind, "lns")) {
		struct config_lns *a = grow(p->c->lns, p->c->n_lns, sizeof(*a));

		if (!a)
			return perr(p, "out of memory");
		p->c->lns = a;
		p->obj = &a[p->c->n_lns++];
		snprintf(((struct config_lns *)p->obj)->name, CONFIG_NAME_MAX,
			 "%s", name);
		snprintf(((struct config_lns *)p->obj)->ifname,
			 CONFIG_IFNAME_MAX, "l2tp%%d");
		lns_defaults(p->obj, p->line);
		p->sect = SECT_LNS;
		p->keys = lns_keys;
		p->n_keys = N_KEYS(lns_keys);
	} else {
		struct config_lac *a = grow(p->c->lac, p->c->n_lac, sizeof(*a));

		if (!a)
			return perr(p, "out of memory");
		p->c->lac = a;
		p->obj = &a[p->c->n_lac++];
		snprintf(((struct config_lac *)p->obj)->name, CONFIG_NAME_MAX,
			 "%s", name);
		lac_defaults(p->obj, p->line);
		p->sect = SECT_LAC;
		p->keys = lac_keys;
		p->n_keys = N_KEYS(lac_keys);
	}
	return 0;
}

static int parse_line(struct parser *p, char *raw)
{
	char *line = trim(raw);

	if (!*line || *line == '#' || *line == ';')
		return 0;
	if (*line == '[')
		return open_section(p, line);
	return parse_key(p, line);
}

static int check_global(struct parser *p)
{
	const struct config_global *g = &p->c->global;
	unsigned i;

	if (g->retransmit_max_ms < g->retransmit_initial_ms) {
		p->line = 0;
		return perr(p, "[global]: retransmit_max (%ums) below "
			    "retransmit_initial (%ums)", g->retransmit_max_ms,
			    g->retransmit_initial_ms);
	}
	/* Listen addresses without a port use the global port. */
	for (i = 0; i < g->n_listen; i++) {
		struct config_addr *a = &p->c->global.listen[i];

		if (a->ss.ss_family == AF_INET &&
		    !((struct sockaddr_in *)&a->ss)->sin_port)
			((struct sockaddr_in *)&a->ss)->sin_port = htons(g->port);
		else if (a->ss.ss_family == AF_INET6 &&
			 !((struct sockaddr_in6 *)&a->ss)->sin6_port)
			((struct sockaddr_in6 *)&a->ss)->sin6_port =
				htons(g->port);
	}
	return 0;
}

int config_parse(const char *buf, size_t len, const char *file,
		 struct config **out, char *err, size_t err_len)
{
	struct parser p = { .file = file ? file : "(config)", .err = err,
			    .err_len = err_len };
	char *copy, *line, *next;
	int rc = 0;

	*out = NULL;
	if (memchr(buf, '\0', len)) {
		snprintf(err, err_len, "%s: contains a NUL byte", p.file);
		return -1;
	}
	p.c = calloc(1, sizeof(*p.c));
	copy = malloc(len + 1);
	if (!p.c || !copy) {
		free(p.c);
		free(copy);
		snprintf(err, err_len, "%s: out of memory", p.file);
		return -1;
	}
	memcpy(copy, buf, len);
	copy[len] = '\0';
	set_defaults(p.c);
	for (line = copy; line && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p.line++;
		rc = parse_line(&p, line);
	}
	if (rc == 0)
		rc = finish_section(&p);
	if (rc == 0)
		rc = check_global(&p);

	/* The copy may hold secrets. */
	explicit_bzero(copy, len);
	free(copy);
	if (rc) {
		config_free(p.c);
		return -1;
	}
	*out = p.c;
	return 0;
}

int config_load(const char *path, struct config **out, char *err,
		size_t err_len)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_FILE_MAX) {
		snprintf(err, err_len, "%s: not a regular file of at most %d "
			 "bytes", path, CONFIG_FILE_MAX);
		close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(err, err_len, "%s: out of memory", path);
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	rc = config_parse(buf, got, path, out, err, err_len);
	explicit_bzero(buf, got);
	free(buf);
	return rc;
}

void config_free(struct config *c)
{
	if (!c)
		return;
	if (c->lns)
		explicit_bzero(c->lns, c->n_lns * sizeof(*c->lns));
	if (c->lac)
		explicit_bzero(c->lac, c->n_lac * sizeof(*c->lac));
	free(c->lns);
	free(c->lac);
	free(c);
}

static bool prefix_match(const struct config_prefix *pf, const uint8_t *addr)
{
	unsigned full = pf->len / 8, rest = pf->len % 8;

	if (memcmp(pf->addr, addr, full))
		return false;
	if (!rest)
		return true;
	return !((pf->addr[full] ^ addr[full]) & (uint8_t)(0xff << (8 - rest)));
}

bool config_lns_allows(const struct config_lns *lns,
		       const struct sockaddr *addr)
{
	const uint8_t *a;
	unsigned i;

	if (addr->sa_family == AF_INET)
		a = (const uint8_t *)&((const struct sockaddr_in *)addr)->sin_addr;
	else if (addr->sa_family == AF_INET6)
		a = ((const struct sockaddr_in6 *)addr)->sin6_addr.s6_addr;
	else
		return false;
	for (i = 0; i < lns->n_peers; i++)
		if (lns->peers[i].family == addr->sa_family &&
		    prefix_match(&lns->peers[i], a))
			return true;
	return false;
}
