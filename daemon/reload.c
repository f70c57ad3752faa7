// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SIGHUP and l2tpctl reload, in two phases (reload.h).
 */
#include "reload.h"

#include <errno.h>
#include <stdio.h>

#include "control/access.h"
#include "control/control.h"
#include "daemon.h"
#include "gateway.h"
#include "ipsec/ipsec.h"
#include "log.h"
#include "notify.h"
#include "privdrop.h"
#include "secrets.h"

int reload_settings(const char *path, struct gateway *gw,
		    struct ipsec *ipsec, int *log_level,
		    struct control_access *access, char *msg, size_t msglen)
{
	struct gateway_settings *s;
	struct ipsec_reload *ir = NULL;
	struct gateway_reload *gr = NULL;

	/* Phase 1: check everything, change nothing. */
	if (gateway_settings_load(path, &s, msg, msglen) < 0)
		return -EINVAL;
	/* As whom we run now: root is gone (privdrop.h, secrets.h). */
	if (privdrop_reload_check(s->cfg, msg, msglen) < 0 ||
	    secrets_check_config(s->cfg, path, privdrop_current(), msg,
				 msglen) < 0)
		goto refused;
	if (!!ipsec != s->cfg->ipsec.enabled) {
		snprintf(msg, msglen, "[ipsec] cannot be %s while running: "
			 "restart l2tpgwd", ipsec ? "removed" : "added");
		goto refused;
	}
	if (ipsec) {
		ir = ipsec_reload_prepare(ipsec, s->cfg, msg, msglen);
		if (!ir)
			goto refused;
	}
	gr = gateway_reload_prepare(gw, s, msg, msglen);
	if (!gr)
		goto refused;
	/* Phase 2: apply all of it. */
	*log_level = s->cfg->global.log_level;
	if (access)
		daemon_control_access(access, &s->cfg->global);
	if (ir)
		ipsec_reload_apply(ipsec, ir);
	gateway_reload_apply(gw, gr, msg, msglen);
	gateway_settings_put(s);
	return 0;
refused:
	ipsec_reload_cancel(ir);
	gateway_settings_put(s);
	return -EINVAL;
}

/* SIGHUP and l2tpctl reload: all of the new configuration or none. */
int daemon_reload(struct daemon *d, char *err, size_t errlen)
{
	struct control_access access;
	char msg[512];
	int level, rc;

	notifier_reloading(d->notify);
	rc = reload_settings(d->config_path, d->gw, d->ipsec, &level, &access,
			     msg, sizeof(msg));
	notifier_reloaded(d->notify);
	if (rc < 0) {
		log_err("reload refused: %s", msg);
		snprintf(err, errlen, "%s", msg);
		return -EINVAL;
	}
	if (!d->debug)
		log_init(level, !d->foreground, "l2tpgwd");
	control_server_set_access(d->ctl, &access);
	log_notice("reloaded %s: %s", d->config_path, msg);
	reload_metrics(d, gateway_config(d->gw));
	control_server_publish(d->ctl, CONTROL_EVENT_RELOAD, msg);
	return 0;
}
