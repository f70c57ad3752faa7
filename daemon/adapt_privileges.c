// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's privileges: as whom it runs (privdrop.c), which files it
 * accepts secrets from (secrets.c) and who may use its control socket
 * (control/access.c), from the configuration.
 */
#include <stdio.h>

#include "control/access.h"
#include "daemon.h"
#include "log.h"
#include "privdrop.h"
#include "secrets.h"

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

int daemon_leave_root(struct daemon *d, const struct config *cfg)
{
	char err[256];

	if (privdrop_apply(&d->id, privdrop_caps(cfg), err, sizeof(err)) < 0) {
		log_err("leaving root: %s", err);
		return -1;
	}
	return 0;
}
