// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd.conf checks that need more than one value: a section once all
 * its keys are read, [global] once the whole file is.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "config_parser.h"

/*
 * An error about key names its line; about a key that is missing, the
 * section's header.
 */
static void at_key(struct parser *p, const char *key)
{
	size_t i;

	p->line = p->sect_line;
	for (i = 0; i < p->n_keys; i++)
		if (!strcmp(p->keys[i].name, key) && p->seen[i])
			p->line = p->key_lines->line[i];
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

	if (n > CONFIG_IPSEC_MAX_PROPOSALS) {
		at_key(p, key);
		return config_perr(p, "[ipsec]: %s lists %u proposals, "
				   "at most %d", key, n,
				   CONFIG_IPSEC_MAX_PROPOSALS);
	}
	return 0;
}

/* A file the [ipsec] key names must be readable now. */
static int check_readable(struct parser *p, const char *key,
			  const char *path)
{
	if (!path[0] || access(path, R_OK) == 0)
		return 0;
	at_key(p, key);
	return config_perr(p, "[ipsec]: %s %s: %s", key, path,
			   strerror(errno));
}

/* [ipsec]: one way to authenticate, files that exist, lists that fit. */
static int finish_ipsec(struct parser *p, struct config_ipsec *s)
{
	bool pubkey = s->cert[0] || s->key[0];
	unsigned line = p->line;

	if (s->psk_len && pubkey) {
		at_key(p, s->cert[0] ? "cert" : "key");
		return config_perr(p, "[ipsec]: psk and cert/key are "
				   "exclusive: authenticate with one of them");
	}
	if (!s->psk_len && !pubkey) {
		p->line = p->sect_line;
		return config_perr(p, "[ipsec]: needs psk, or cert and key");
	}
	if (pubkey && (!s->cert[0] || !s->key[0])) {
		at_key(p, s->cert[0] ? "cert" : "key");
		return config_perr(p, "[ipsec]: %s without %s", s->cert[0] ?
				   "cert" : "key", s->cert[0] ? "key" : "cert");
	}
	if (s->ca[0] && !pubkey) {
		at_key(p, "ca");
		return config_perr(p, "[ipsec]: ca is for cert authentication");
	}
	if (check_readable(p, "cert", s->cert) < 0 ||
	    check_readable(p, "key", s->key) < 0 ||
	    check_readable(p, "ca", s->ca) < 0)
		return -1;
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

	if (lns->ipv6_prefix_pool.len && !lns->ipv6) {
		at_key(p, "ipv6_prefix_pool");
		return config_perr(p, "[lns %s]: ipv6_prefix_pool needs "
				   "ipv6 = yes", lns->name);
	}
	for (i = 0; i < sizeof(ra_keys) / sizeof(ra_keys[0]); i++)
		if (!lns->ipv6_prefix_pool.len && key_seen(p, ra_keys[i])) {
			at_key(p, ra_keys[i]);
			return config_perr(p, "[lns %s]: %s without "
					   "ipv6_prefix_pool (router "
					   "advertisements are sent only with "
					   "a prefix)", lns->name, ra_keys[i]);
		}
	/* RFC 4861 6.2.1: zero, or from the interval up to 9000 s. */
	if (lt && lt < lns->ra.interval_ms) {
		at_key(p, key_seen(p, "ipv6_router_lifetime") ?
		       "ipv6_router_lifetime" : "ipv6_ra_interval");
		return config_perr(p, "[lns %s]: ipv6_router_lifetime %ums is "
				   "shorter than ipv6_ra_interval %ums: "
				   "clients would lose the default route "
				   "between advertisements", lns->name, lt,
				   lns->ra.interval_ms);
	}
	p->line = line;
	return 0;
}

/*
 * follow_peer moves a tunnel on a control message whose Ns and Nr fit:
 * nothing an L2TPv2 peer sends after SCCCN proves the tunnel secret
 * (a HELLO or ZLB carries no hidden AVP), so a tunnel the secret
 * authenticated would move on an unauthenticated message; and a tunnel
 * under IPsec follows its SA instead.  docs/hostile-networks.md.
 */
static int check_follow_peer(struct parser *p, const char *sect,
			     const char *name, size_t secret_len, bool ipsec)
{
	const char *why = secret_len ? "the tunnel has a secret, which no "
		"L2TPv2 message after SCCCN can prove (use IPsec)" :
		"an IPsec tunnel follows its SA, not its source address";

	if (!secret_len && !ipsec)
		return 0;
	at_key(p, "follow_peer");
	return config_perr(p, "[%s %s]: follow_peer = yes refused: %s", sect,
			   name, why);
}

/* [radius]: the DAE listener, one address, and who may use it. */
static int finish_radius_dae(struct parser *p, const struct config_radius *r)
{
	if (r->dae_listen.n > 1) {
		at_key(p, "dae_listen");
		return config_perr(p, "[radius]: dae_listen: one address, "
				   "not %u", r->dae_listen.n);
	}
	if (r->dae_listen.n && !r->dae_clients.n) {
		at_key(p, "dae_listen");
		return config_perr(p, "[radius]: dae_listen without "
				   "dae_clients: nobody may use it");
	}
	if (!r->dae_listen.n && r->dae_clients.n) {
		at_key(p, "dae_clients");
		return config_perr(p, "[radius]: dae_clients without "
				   "dae_listen");
	}
	return 0;
}

/* [radius]: servers, and a secret for them (radius/config.c reads the file). */
static int finish_radius(struct parser *p, const struct config_radius *r)
{
	if (!r->auth.n && !r->acct.n) {
		p->line = p->sect_line;
		return config_perr(p, "[radius]: no auth_server or "
				   "acct_server");
	}
	if (r->auth.n + r->acct.n > CONFIG_RADIUS_MAX_SERVERS) {
		at_key(p, r->acct.n ? "acct_server" : "auth_server");
		return config_perr(p, "[radius]: auth_server and acct_server "
				   "list %u servers, at most %d in all",
				   r->auth.n + r->acct.n,
				   CONFIG_RADIUS_MAX_SERVERS);
	}
	if (!r->secret_len && !r->secrets_file[0]) {
		p->line = p->sect_line;
		return config_perr(p, "[radius]: needs secret or "
				   "secrets_file");
	}
	if (r->secrets_file[0] && r->secrets_file[0] != '/') {
		at_key(p, "secrets_file");
		return config_perr(p, "[radius]: secrets_file: \"%s\" is not "
				   "an absolute path", r->secrets_file);
	}
	return finish_radius_dae(p, r);
}

int config_finish_section(struct parser *p)
{
	if (p->sect == SECT_IPSEC)
		return finish_ipsec(p, p->obj);
	if (p->sect == SECT_RADIUS)
		return finish_radius(p, p->obj);
	if (p->sect == SECT_LAC) {
		struct config_lac *lac = p->obj;

		if (!lac->peer.len) {
			p->line = p->sect_line;
			return config_perr(p, "[lac %s]: no peer address",
					   lac->name);
		}
		if (lac->hide_avps && !lac->secret_len) {
			at_key(p, "hide_avps");
			return config_perr(p, "[lac %s]: hide_avps needs a "
					   "secret", lac->name);
		}
		if (lac->follow_peer &&
		    check_follow_peer(p, "lac", lac->name, lac->secret_len,
				      lac->ipsec) < 0)
			return -1;
	} else if (p->sect == SECT_LNS) {
		struct config_lns *lns = p->obj;

		if (lns->hide_avps && !lns->secret_len) {
			at_key(p, "hide_avps");
			return config_perr(p, "[lns %s]: hide_avps needs a "
					   "secret", lns->name);
		}
		if (lns->follow_peer &&
		    check_follow_peer(p, "lns", lns->name, lns->secret_len,
				      false) < 0)
			return -1;
		if (finish_lns_ipv6(p, lns) < 0)
			return -1;
		if (lns->auth_backend[0] &&
		    strcmp(lns->auth_backend, "users") &&
		    strcmp(lns->auth_backend, "radius")) {
			at_key(p, "auth_backend");
			return config_perr(p, "[lns %s]: auth_backend: \"%s\" "
					   "is neither users nor radius",
					   lns->name, lns->auth_backend);
		}
		if (!strcmp(lns->auth_backend, "users") && !lns->users[0]) {
			at_key(p, "auth_backend");
			return config_perr(p, "[lns %s]: auth_backend = users "
					   "needs a users file (users = PATH)",
					   lns->name);
		}
		if (!lns->n_peers) {
			/* Anyone, v4 and v6: the usual remote-access LNS. */
			lns->peers[0].family = AF_INET;
			lns->peers[1].family = AF_INET6;
			lns->n_peers = 2;
		}
	}
	return 0;
}

int config_check_global(struct parser *p)
{
	const struct config_global *g = &p->c->global;
	unsigned i;

	if (g->retransmit_max_ms < g->retransmit_initial_ms) {
		p->line = config_global_line(g, "retransmit_max");
		if (!p->line)
			p->line = config_global_line(g, "retransmit_initial");
		return config_perr(p, "[global]: retransmit_max (%ums) below "
				   "retransmit_initial (%ums)",
				   g->retransmit_max_ms,
				   g->retransmit_initial_ms);
	}
	if (g->max_unverified && g->max_unverified >= g->max_tunnels) {
		p->line = config_global_line(g, "max_unverified");
		return config_perr(p, "[global]: max_unverified (%u) must be "
				   "below max_tunnels (%u): established "
				   "tunnels need the rest", g->max_unverified,
				   g->max_tunnels);
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
