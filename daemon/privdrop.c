// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Leaving root with libcap-ng (privdrop.h).
 */
#include "privdrop.h"

#include <cap-ng.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* Which capabilities are worth naming: those privdrop_caps() may ask. */
static const struct {
	unsigned cap;
	const char *name;
} cap_names[] = {
	{ CAP_NET_ADMIN, "cap_net_admin" },
	{ CAP_NET_BIND_SERVICE, "cap_net_bind_service" },
	{ CAP_NET_RAW, "cap_net_raw" },
};

static struct privdrop_id current;
static uint64_t current_caps = ~UINT64_C(0);	/* root: all of them */

static uint16_t addr_port(const struct config_addr *a)
{
	if (a->ss.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&a->ss)->sin_port);
	if (a->ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&a->ss)->sin6_port);
	return 0;
}

uint64_t privdrop_caps(const struct config *c)
{
	uint64_t caps = PRIVDROP_CAP(CAP_NET_ADMIN);
	unsigned i;
	bool low = c->global.port < 1024;

	for (i = 0; i < c->global.n_listen; i++) {
		uint16_t port = addr_port(&c->global.listen[i]);

		if (port && port < 1024)
			low = true;
	}
	if (low)
		caps |= PRIVDROP_CAP(CAP_NET_BIND_SERVICE);
	return caps;
}

const char *privdrop_caps_text(uint64_t caps, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++)
		if (caps & PRIVDROP_CAP(cap_names[i].cap) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
					      n ? "," : "", cap_names[i].name);
	return buf;
}

static bool parse_id(const char *s, unsigned long *out)
{
	char *end;

	if (!*s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return !errno && !*end && *out < (unsigned long)(uid_t)-1;
}

static int resolve_user(const char *name, struct privdrop_id *id,
			bool *have_gid, char *err, size_t errlen)
{
	struct passwd *pw;
	unsigned long n;

	if (parse_id(name, &n)) {
		id->uid = (uid_t)n;
		errno = 0;
		pw = getpwuid(id->uid);
	} else {
		errno = 0;
		pw = getpwnam(name);
		if (!pw) {
			snprintf(err, errlen, "user: no user \"%s\"%s%s", name,
				 errno ? ": " : "", errno ? strerror(errno) : "");
			return -1;
		}
		id->uid = pw->pw_uid;
	}
	if (pw) {
		id->gid = pw->pw_gid;
		*have_gid = true;
	}
	snprintf(id->user, sizeof(id->user), "%s", pw ? pw->pw_name : name);
	return 0;
}

static int resolve_group(const char *name, struct privdrop_id *id, char *err,
			 size_t errlen)
{
	struct group *gr;
	unsigned long n;

	if (parse_id(name, &n)) {
		id->gid = (gid_t)n;
		errno = 0;
		gr = getgrgid(id->gid);
	} else {
		errno = 0;
		gr = getgrnam(name);
		if (!gr) {
			snprintf(err, errlen, "group: no group \"%s\"%s%s",
				 name, errno ? ": " : "",
				 errno ? strerror(errno) : "");
			return -1;
		}
		id->gid = gr->gr_gid;
	}
	snprintf(id->group, sizeof(id->group), "%s", gr ? gr->gr_name : name);
	return 0;
}

int privdrop_resolve(const struct config_global *g, struct privdrop_id *id,
		     char *err, size_t errlen)
{
	bool have_gid = false;
	struct group *gr;

	if (!g->user[0]) {
		if (g->group[0]) {
			snprintf(err, errlen, "group: needs user (whom "
				 "l2tpgwd runs as)");
			return -1;
		}
		*id = *privdrop_current();
		return 0;
	}
	memset(id, 0, sizeof(*id));
	if (resolve_user(g->user, id, &have_gid, err, errlen) < 0)
		return -1;
	if (id->uid == 0) {
		snprintf(err, errlen, "user: \"%s\" is root; leave user unset "
			 "to run as root", g->user);
		return -1;
	}
	if (g->group[0])
		return resolve_group(g->group, id, err, errlen) < 0 ? -1 :
		       (id->drop = true, 0);
	if (!have_gid) {
		snprintf(err, errlen, "user: %s is not in the user database: "
			 "name its group (group = NAME or number)", g->user);
		return -1;
	}
	gr = getgrgid(id->gid);
	if (gr)
		snprintf(id->group, sizeof(id->group), "%s", gr->gr_name);
	else
		snprintf(id->group, sizeof(id->group), "%u",
			 (unsigned)id->gid);
	id->drop = true;
	return 0;
}

/* Do the process's ids and capability sets match what was asked? */
static int verify(const struct privdrop_id *id, uint64_t caps, char *err,
		  size_t errlen)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	unsigned cap;

	if (getresuid(&r, &e, &s) < 0 || getresgid(&gr, &ge, &gs) < 0 ||
	    r != id->uid || e != id->uid || s != id->uid ||
	    gr != id->gid || ge != id->gid || gs != id->gid ||
	    getgroups(0, NULL) != 0) {
		snprintf(err, errlen, "user %s: the process's ids did not "
			 "change", id->user);
		return -1;
	}
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_get_caps_process() < 0) {
		snprintf(err, errlen, "cannot read the process's capabilities");
		return -1;
	}
	for (cap = 0; cap <= CAP_LAST_CAP; cap++) {
		bool want = caps & PRIVDROP_CAP(cap);

		if (want != (capng_have_capability(CAPNG_EFFECTIVE, cap) > 0) ||
		    want != (capng_have_capability(CAPNG_PERMITTED, cap) > 0)) {
			snprintf(err, errlen, "capability %s: %s after the "
				 "change of user", capng_capability_to_name(cap),
				 want ? "lost" : "still held");
			return -1;
		}
	}
	return 0;
}

int privdrop_apply(const struct privdrop_id *id, uint64_t caps, char *err,
		   size_t errlen)
{
	capng_flags_t flags = CAPNG_DROP_SUPP_GRP;
	char text[128];
	unsigned cap;
	int rc;

	if (!id->drop) {
		log_warn("running as root with every capability: set user "
			 "(and group) in [global] to run as a dedicated user");
		return 0;
	}
	/* Emptying the bounding set needs CAP_SETPCAP, if we have it. */
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_get_caps_process() == 0 &&
	    capng_have_capability(CAPNG_PERMITTED, CAP_SETPCAP) > 0)
		flags |= CAPNG_CLEAR_BOUNDING;
	else
		log_notice("no CAP_SETPCAP: the capability bounding set stays "
			   "as given");
	capng_clear(CAPNG_SELECT_BOTH);
	for (cap = 0; cap <= CAP_LAST_CAP; cap++)
		if (caps & PRIVDROP_CAP(cap) &&
		    capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
				 cap) < 0) {
			snprintf(err, errlen, "capability %u: cannot keep it",
				 cap);
			return -1;
		}
	rc = capng_change_id((int)id->uid, (int)id->gid, flags);
	if (rc < 0) {
		snprintf(err, errlen, "cannot become user %s group %s "
			 "(libcap-ng step %d): %s", id->user, id->group, -rc,
			 strerror(errno));
		return -1;
	}
	if (verify(id, caps, err, errlen) < 0)
		return -1;
	current = *id;
	current_caps = caps;
	log_notice("running as user %s (%u) group %s (%u) with %s", id->user,
		   (unsigned)id->uid, id->group, (unsigned)id->gid,
		   privdrop_caps_text(caps, text, sizeof(text)));
	return 0;
}

const struct privdrop_id *privdrop_current(void)
{
	if (!current.drop) {
		current.uid = geteuid();
		current.gid = getegid();
	}
	return &current;
}

int privdrop_reload_check(const struct config *cfg, char *err, size_t errlen)
{
	struct privdrop_id id;
	uint64_t lost;
	char text[128];

	if (privdrop_resolve(&cfg->global, &id, err, errlen) < 0)
		return -1;
	privdrop_current();
	if (id.drop != current.drop || (id.drop && (id.uid != current.uid ||
						    id.gid != current.gid))) {
		snprintf(err, errlen, "user/group cannot change while running "
			 "(now %s/%s): restart l2tpgwd",
			 current.drop ? current.user : "root",
			 current.drop ? current.group : "root");
		return -1;
	}
	lost = privdrop_caps(cfg) & ~current_caps;
	if (lost) {
		snprintf(err, errlen, "needs %s, dropped at start (a UDP port "
			 "below 1024?): restart l2tpgwd",
			 privdrop_caps_text(lost, text, sizeof(text)));
		return -1;
	}
	return 0;
}
