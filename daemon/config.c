// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd.conf parser: a pure function from a buffer to a struct config.
 * Keys are described by one table per section kind; each value type has
 * one parser (config_value.c), checks that need a whole section are in
 * config_validate.c, and every error names file, line and key.  This
 * file reads lines, sections and keys.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "config_parser.h"

#define CONFIG_FILE_MAX		(1 << 20)

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
	KEY(config_global, "source_prefix4", VAL_UINT, source_prefix4, 1, 32),
	KEY(config_global, "source_prefix6", VAL_UINT, source_prefix6, 1, 128),
	KEY(config_global, "max_unverified", VAL_UINT, max_unverified, 1,
	    65534),
	KEY(config_global, "max_unverified_per_source", VAL_UINT,
	    max_unverified_per_source, 1, 65535),
	KEY(config_global, "max_negotiating", VAL_UINT, max_negotiating, 0,
	    CONFIG_MAX_NEGOTIATING),
	KEY(config_global, "max_negotiating_per_tunnel", VAL_UINT,
	    max_negotiating_per_tunnel, 0, CONFIG_MAX_NEGOTIATING),
	KEY(config_global, "max_negotiating_per_peer", VAL_UINT,
	    max_negotiating_per_peer, 0, CONFIG_MAX_NEGOTIATING),
	KEY(config_global, "log_level", VAL_LOG_LEVEL, log_level, 0, 0),
	KEY(config_global, "control_socket", VAL_SOCKET, control_socket, 1, 0),
	KEY(config_global, "control_group", VAL_GROUP, control_group, 0, 0),
	/* Privileges (docs/l2tpgwd.md): whom l2tpgwd runs as, who may ask. */
	KEY(config_global, "user", VAL_STRING, user, 1, 0),
	KEY(config_global, "group", VAL_STRING, group, 1, 0),
	KEY(config_global, "admin_group", VAL_GROUP, admin_group, 0, 0),
	KEY(config_global, "monitor_group", VAL_GROUP, monitor_group, 0, 0),
	KEY(config_global, "metrics_listen", VAL_METRICS, metrics, 0, 0),
};

/* What [lns] and [lac] both have: the tunnel's secret and the PPP link. */
#define TUNNEL_KEYS(sect) \
	KEY(sect, "secret", VAL_SECRET, secret, 1, 0), \
	KEY(sect, "hide_avps", VAL_BOOL, hide_avps, 0, 0), \
	KEY(sect, "follow_peer", VAL_BOOL, follow_peer, 0, 0), \
	KEY(sect, "mtu", VAL_UINT, mtu, 576, 9000), \
	KEY(sect, "auth", VAL_AUTH, auth, 0, 0), \
	KEY(sect, "ipv6", VAL_BOOL, ipv6, 0, 0), \
	KEY(sect, "echo_interval", VAL_DURATION, echo_interval_ms, 0, \
	    3600000), \
	KEY(sect, "echo_failures", VAL_UINT, echo_failures, 1, 100), \
	KEY(sect, "tcp_mss", VAL_TCP_MSS, tcp_mss, CONFIG_TCP_MSS_MIN, \
	    CONFIG_TCP_MSS_AUTO - 1), \
	KEY(sect, "up_script", VAL_SCRIPT, hooks.up, 1, 0), \
	KEY(sect, "down_script", VAL_SCRIPT, hooks.down, 1, 0), \
	KEY(sect, "hook_timeout", VAL_DURATION, hooks.timeout_ms, 100, \
	    3600000)

static const struct key_desc lns_keys[] = {
	TUNNEL_KEYS(config_lns),
	KEY(config_lns, "peers", VAL_PREFIXES, peers, 0, 0),
	KEY(config_lns, "ifname", VAL_IFNAME, ifname, 1, 0),
	KEY(config_lns, "users", VAL_STRING, users, 1, 0),
	KEY(config_lns, "auth_backend", VAL_STRING, auth_backend, 1, 0),
	KEY(config_lns, "pool", VAL_STRING, pool, 1, 0),
	KEY(config_lns, "local_ip", VAL_IPV4, local_ip, 0, 0),
	KEY(config_lns, "dns", VAL_DNS, dns, 0, 0),
	KEY(config_lns, "ipv6_prefix_pool", VAL_PREFIX6, ipv6_prefix_pool, 0,
	    0),
	KEY(config_lns, "ipv6_dns", VAL_DNS6, ra, 0, 0),
	KEY(config_lns, "ipv6_ra_interval", VAL_DURATION, ra.interval_ms,
	    RA_MIN_INTERVAL_MS, RA_MAX_INTERVAL_MS),
	KEY(config_lns, "ipv6_router_lifetime", VAL_DURATION,
	    ra.router_lifetime_ms, 0, RA_MAX_LIFETIME_MS),
};

static const struct key_desc lac_keys[] = {
	TUNNEL_KEYS(config_lac),
	KEY(config_lac, "peer", VAL_PEER, peer, 0, 0),
	KEY(config_lac, "autostart", VAL_BOOL, autostart, 0, 0),
	KEY(config_lac, "sessions", VAL_UINT, sessions, 0, 65535),
	KEY(config_lac, "redial_calls", VAL_BOOL, redial_calls, 0, 0),
	KEY(config_lac, "user", VAL_STRING, user, 1, 0),
	KEY(config_lac, "password", VAL_SECRET, password, 1, 0),
	KEY(config_lac, "want_dns", VAL_BOOL, want_dns, 0, 0),
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

static const struct key_desc radius_keys[] = {
	KEY(config_radius, "auth_server", VAL_SERVERS, auth,
	    CONFIG_RADIUS_AUTH_PORT, 0),
	KEY(config_radius, "acct_server", VAL_SERVERS, acct,
	    CONFIG_RADIUS_ACCT_PORT, 0),
	KEY(config_radius, "secret", VAL_SECRET, secret, 1, 0),
	KEY(config_radius, "secrets_file", VAL_STRING, secrets_file, 1, 0),
	KEY(config_radius, "timeout", VAL_DURATION, timeout_ms, 100, 60000),
	KEY(config_radius, "retries", VAL_UINT, retries, 0, 10),
	KEY(config_radius, "dead_time", VAL_DURATION, dead_time_ms, 0,
	    3600000),
	KEY(config_radius, "max_pending", VAL_UINT, max_pending, 1, 1000000),
	KEY(config_radius, "nas_identifier", VAL_STRING, nas_identifier, 1, 0),
	KEY(config_radius, "nas_ip_address", VAL_ADDRESS, nas_ip_address, 0,
	    0),
	KEY(config_radius, "require_message_authenticator", VAL_BOOL,
	    require_message_authenticator, 0, 0),
	/* Accounting and dynamic authorization (RFC 2866, RFC 5176). */
	KEY(config_radius, "acct_interim_interval", VAL_UINT,
	    acct_interim_interval, 0, 86400),
	KEY(config_radius, "acct_queue_max", VAL_UINT, acct_queue_max, 1,
	    1000000),
	KEY(config_radius, "acct_off_wait", VAL_DURATION, acct_off_wait_ms, 0,
	    60000),
	KEY(config_radius, "dae_listen", VAL_SERVERS, dae_listen,
	    CONFIG_RADIUS_DAE_PORT, 0),
	KEY(config_radius, "dae_clients", VAL_SERVERS, dae_clients,
	    CONFIG_RADIUS_DAE_PORT, 0),
};

#undef TUNNEL_KEYS
#undef KEY

_Static_assert(MAX_KEYS <= CONFIG_SECTION_KEYS, "config_key_lines too short");
_Static_assert(N_KEYS(global_keys) <= MAX_KEYS &&
	       N_KEYS(lns_keys) <= MAX_KEYS && N_KEYS(lac_keys) <= MAX_KEYS &&
	       N_KEYS(ipsec_keys) <= MAX_KEYS &&
	       N_KEYS(radius_keys) <= MAX_KEYS,
	       "struct parser: seen[] too short");

static unsigned key_line(const struct key_desc *keys, size_t n_keys,
			 const struct config_key_lines *kl, const char *key,
			 unsigned header)
{
	size_t i;

	for (i = 0; i < n_keys; i++)
		if (!strcmp(keys[i].name, key))
			return kl->line[i] ? kl->line[i] : header;
	return header;
}

unsigned config_global_line(const struct config_global *g, const char *key)
{
	return key_line(global_keys, N_KEYS(global_keys), &g->key_lines, key,
			0);
}

unsigned config_lns_line(const struct config_lns *lns, const char *key)
{
	return key_line(lns_keys, N_KEYS(lns_keys), &lns->key_lines, key,
			lns->line);
}

unsigned config_lac_line(const struct config_lac *lac, const char *key)
{
	return key_line(lac_keys, N_KEYS(lac_keys), &lac->key_lines, key,
			lac->line);
}

unsigned config_ipsec_line(const struct config_ipsec *s, const char *key)
{
	return key_line(ipsec_keys, N_KEYS(ipsec_keys), &s->key_lines, key,
			s->line);
}

unsigned config_radius_line(const struct config_radius *r, const char *key)
{
	return key_line(radius_keys, N_KEYS(radius_keys), &r->key_lines, key,
			r->line);
}

int config_perr(struct parser *p, const char *fmt, ...)
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
	g->source_prefix4 = 24;
	g->source_prefix6 = 56;
	g->max_negotiating = CONFIG_DEFAULT_MAX_NEGOTIATING;
	g->log_level = LOG_INFO;
	g->control_group = (gid_t)-1;
	g->admin_group = (gid_t)-1;
	g->monitor_group = (gid_t)-1;
	config_metrics_default(&g->metrics);
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
	case SECT_RADIUS:
		return "[radius]";
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
		return config_perr(p, "expected \"key = value\"");
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (p->sect == SECT_NONE)
		return config_perr(p, "%s: outside of any section", key);
	for (i = 0; i < p->n_keys; i++)
		if (!strcmp(p->keys[i].name, key))
			break;
	if (i == p->n_keys)
		return config_perr(p, "unknown key \"%s\" in %s", key,
				   sect_label(p));
	if (p->seen[i])
		return config_perr(p, "%s: set twice in this section", key);
	p->seen[i] = true;
	p->key_lines->line[i] = p->line;
	if (!*value && p->keys[i].kind != VAL_METRICS)	/* empty: off */
		return config_perr(p, "%s: no value", key);
	return config_set_value(p, &p->keys[i], value);
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
	lns->tcp_mss = CONFIG_TCP_MSS_AUTO;
	lns->hooks.timeout_ms = CONFIG_HOOK_TIMEOUT_MS;
	lns->ra.interval_ms = RA_DEFAULT_INTERVAL_MS;
	lns->ra.router_lifetime_ms = RA_DEFAULT_LIFETIME_MS;
	lns->line = line;
}

static void lac_defaults(struct config_lac *lac, unsigned line)
{
	lac->autostart = true;
	lac->redial_calls = true;
	lac->sessions = 1;
	lac->auth.method[0] = PPP_AUTH_MSCHAPV2;
	lac->auth.method[1] = PPP_AUTH_CHAP_MD5;
	lac->auth.method[2] = PPP_AUTH_PAP;
	lac->auth.n = 3;
	lac->mtu = 1400;
	lac->echo_interval_ms = 30000;
	lac->echo_failures = 4;
	lac->tcp_mss = CONFIG_TCP_MSS_AUTO;
	lac->hooks.timeout_ms = CONFIG_HOOK_TIMEOUT_MS;
	lac->line = line;
}

static int open_section(struct parser *p, char *line)
{
	char *end = strchr(line, ']');
	char *kind, *name, *save = NULL;

	if (!end || trim(end + 1)[0])
		return config_perr(p, "malformed section header");
	*end = '\0';
	kind = strtok_r(line + 1, " \t", &save);
	name = strtok_r(NULL, " \t", &save);
	if (!kind)
		return config_perr(p, "empty section header");
	if (config_finish_section(p) < 0)
		return -1;
	memset(p->seen, 0, sizeof(p->seen));
	p->sect_line = p->line;
	if (strtok_r(NULL, " \t", &save))
		return config_perr(p, "[%s]: extra words in section header",
				   kind);
	if (!strcmp(kind, "global")) {
		if (name)
			return config_perr(p, "[global] takes no name");
		if (p->global_seen)
			return config_perr(p, "[global] appears twice");
		p->global_seen = true;
		p->sect = SECT_GLOBAL;
		p->obj = &p->c->global;
		p->key_lines = &p->c->global.key_lines;
		p->keys = global_keys;
		p->n_keys = N_KEYS(global_keys);
		return 0;
	}
	if (!strcmp(kind, "ipsec")) {
		if (name)
			return config_perr(p, "[ipsec] takes no name");
		if (p->c->ipsec.enabled)
			return config_perr(p, "[ipsec] appears twice");
		p->c->ipsec.enabled = true;
		p->c->ipsec.enforce = true;
		p->c->ipsec.dpd_delay_ms = 30000;
		p->c->ipsec.line = p->line;
		p->sect = SECT_IPSEC;
		p->obj = &p->c->ipsec;
		p->key_lines = &p->c->ipsec.key_lines;
		p->keys = ipsec_keys;
		p->n_keys = N_KEYS(ipsec_keys);
		return 0;
	}
	if (!strcmp(kind, "radius")) {
		struct config_radius *r = &p->c->radius;

		if (name)
			return config_perr(p, "[radius] takes no name");
		if (r->enabled)
			return config_perr(p, "[radius] appears twice");
		r->enabled = true;
		r->timeout_ms = 3000;
		r->retries = 2;
		r->dead_time_ms = 60000;
		r->max_pending = 4096;
		r->require_message_authenticator = true;
		r->acct_queue_max = 10000;
		r->acct_off_wait_ms = 3000;
		r->line = p->line;
		p->sect = SECT_RADIUS;
		p->obj = r;
		p->key_lines = &r->key_lines;
		p->keys = radius_keys;
		p->n_keys = N_KEYS(radius_keys);
		return 0;
	}
	if (strcmp(kind, "lns") && strcmp(kind, "lac"))
		return config_perr(p, "unknown section [%s]", kind);
	if (!name || !name_ok(name))
		return config_perr(p, "[%s]: needs a name of letters, digits, "
				   "'-', '_' or '.' (at most %d)", kind,
				   CONFIG_NAME_MAX - 1);
	if (name_taken(p->c, name))
		return config_perr(p, "[%s %s]: name already used", kind, name);
	if (!strcmp(kind, "lns")) {
		struct config_lns *a = grow(p->c->lns, p->c->n_lns, sizeof(*a));

		if (!a)
			return config_perr(p, "out of memory");
		p->c->lns = a;
		p->obj = &a[p->c->n_lns++];
		snprintf(((struct config_lns *)p->obj)->name, CONFIG_NAME_MAX,
			 "%s", name);
		snprintf(((struct config_lns *)p->obj)->ifname,
			 CONFIG_IFNAME_MAX, "l2tp%%d");
		lns_defaults(p->obj, p->line);
		p->sect = SECT_LNS;
		p->key_lines = &((struct config_lns *)p->obj)->key_lines;
		p->keys = lns_keys;
		p->n_keys = N_KEYS(lns_keys);
	} else {
		struct config_lac *a = grow(p->c->lac, p->c->n_lac, sizeof(*a));

		if (!a)
			return config_perr(p, "out of memory");
		p->c->lac = a;
		p->obj = &a[p->c->n_lac++];
		snprintf(((struct config_lac *)p->obj)->name, CONFIG_NAME_MAX,
			 "%s", name);
		lac_defaults(p->obj, p->line);
		p->sect = SECT_LAC;
		p->key_lines = &((struct config_lac *)p->obj)->key_lines;
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
		rc = config_finish_section(&p);
	if (rc == 0)
		rc = config_check_global(&p);

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

/* Three quarters of max_negotiating, at least 1; 0 without it. */
static unsigned share_default(const struct config_global *g)
{
	return g->max_negotiating - g->max_negotiating / 4;
}

unsigned config_negotiating_per_tunnel(const struct config_global *g)
{
	return g->max_negotiating_per_tunnel ? g->max_negotiating_per_tunnel :
					       share_default(g);
}

unsigned config_negotiating_per_peer(const struct config_global *g)
{
	return g->max_negotiating_per_peer ? g->max_negotiating_per_peer :
					     share_default(g);
}

void config_free(struct config *c)
{
	if (!c)
		return;
	explicit_bzero(&c->radius, sizeof(c->radius));
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
