// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's privileges: as whom it runs (privdrop.c), which files it
 * accepts secrets from (secrets.c) and who may use its control socket
 * (control/access.c), from the configuration.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "control/access.h"
#include "daemon.h"
#include "log.h"
#include "privdrop.h"
#include "secrets.h"
#include "vici/client.h"

int daemon_privileges_check(const struct config *cfg, const char *path,
			    struct privdrop_id *id, char *err, size_t errlen)
{
	if (privdrop_resolve(&cfg->global, id, err, errlen) < 0)
		return -1;
	return secrets_check_config(cfg, path, id, err, errlen);
}

void daemon_control_access(struct control_access *a,
			   const struct config_global *g)
{
	control_access_init(a, privdrop_current()->uid, g->admin_group,
			    g->control_group, g->monitor_group);
}

void daemon_control_config(const struct config_global *g,
			   const struct privdrop_id *id,
			   struct control_access *access,
			   struct control_server_config *ccfg)
{
	control_access_init(access, id->uid, g->admin_group, g->control_group,
			    g->monitor_group);
	ccfg->path = g->control_socket[0] ? g->control_socket : NULL;
	ccfg->group = g->control_group;
	ccfg->owner = id->drop ? id->uid : (uid_t)-1;
	/* Two groups need the socket: SO_PEERCRED tells them apart. */
	ccfg->open_mode = g->control_group == (gid_t)-1 &&
			  (g->admin_group != (gid_t)-1 ||
			   g->monitor_group != (gid_t)-1);
	ccfg->access = access;
}

/*
 * charon's VICI socket must stay reachable as id: charon recreates it
 * when it restarts, and l2tpgwd then reconnects without root.  charon
 * gives its sockets its own group (charon.group in strongswan.conf).
 */
static void check_vici(const struct config_ipsec *ipsec,
		       const struct privdrop_id *id)
{
	const char *path = ipsec->vici_socket[0] ? ipsec->vici_socket :
			   VICI_DEFAULT_SOCKET;
	struct stat st;

	if (!ipsec->enabled || !id->drop || stat(path, &st) < 0)
		return;
	if ((st.st_uid == id->uid && st.st_mode & S_IWUSR) ||
	    (st.st_gid == id->gid && st.st_mode & S_IWGRP) ||
	    st.st_mode & S_IWOTH)
		return;
	log_warn("ipsec: charon's socket %s (uid %u gid %u mode %04o) is "
		 "closed to user %s: l2tpgwd could not reconnect after a "
		 "restart of charon; set charon { group = %s } in "
		 "strongswan.conf", path, (unsigned)st.st_uid,
		 (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777), id->user,
		 id->group);
}

int daemon_leave_root(struct daemon *d, const struct config *cfg)
{
	char err[256];

	check_vici(&cfg->ipsec, &d->id);
	if (privdrop_apply(&d->id, privdrop_caps(cfg), err, sizeof(err)) < 0) {
		log_err("leaving root: %s", err);
		return -1;
	}
	return 0;
}
