// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel objects: the control plane's tunnel and session adds and
 * deletes, with the session's device named by the gateway.
 */
#include "gateway/internal.h"

#include <errno.h>
#include <string.h>

#include "ifname.h"
#include "log.h"

int gw_kop_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	struct gateway *gw = arg;

	return gw->dp.l2tp->tunnel_add(gw->dp.l2tp_arg, ti);
}

void gw_kop_tunnel_del(void *arg, uint16_t tunnel_id)
{
	struct gateway *gw = arg;

	gw->dp.l2tp->tunnel_del(gw->dp.l2tp_arg, tunnel_id);
}

/* The device name pattern and MTU of a tunnel's sessions, by section. */
static const char *session_pattern(struct gateway *gw, struct gw_tunnel *gt,
				   uint32_t *mtu)
{
	const struct config *c = gw->set->cfg;
	const struct config_lac *lac;

	if (gt->lac[0]) {
		gw_lac_of(gw, gt);
		lac = gw_lac_config(gw->set, gt->lac, gt->lac_idx);
		*mtu = lac ? lac->mtu : 0;
		return LAC_IFNAME;
	}
	*mtu = c->lns[gt->lns].mtu;
	return c->lns[gt->lns].ifname;
}

/*
 * Name the device ourselves: the lowest free number of the section's
 * pattern.  A name someone else's device has (EEXIST) keeps its number
 * taken, so it is not tried again, and the next one is.
 */
static int add_named(struct gateway *gw, struct gw_session *s,
		     const char *pattern, uint32_t mtu,
		     const struct l2tp_session_info *si)
{
	unsigned tries;
	int rc;

	for (tries = 1;; tries++) {
		rc = ifnames_get(gw->ifnames, pattern, s->ifname, &s->ifref);
		if (rc < 0) {
			log_err("%s: no device name left for ifname %s: %s",
				s->name, pattern, rc == -ENOSPC ?
				"every number is in use" : strerror(-rc));
			return rc;
		}
		if (gw->dp.session_defaults)
			gw->dp.session_defaults(gw->dp.arg, s->ifname, mtu);
		rc = gw->dp.l2tp->session_add(gw->dp.l2tp_arg, si);
		if (rc != -EEXIST)
			return rc;
		if (!s->ifref.alloc) {
			log_err("%s: device %s exists: an ifname without %%d "
				"names one session at a time", s->name,
				s->ifname);
			return rc;
		}
		log_notice("%s: device %s exists but is not ours; its number "
			   "stays skipped", s->name, s->ifname);
		s->ifref.alloc = NULL;
		if (tries == IFNAME_TRIES) {
			log_err("%s: no device name: %u names of ifname %s in a "
				"row belong to other devices", s->name, tries,
				pattern);
			return rc;
		}
	}
}

int gw_kop_session_add(void *arg, const struct l2tp_session_info *si)
{
	struct gateway *gw = arg;
	struct gw_tunnel *gt = gw->by_id[si->tunnel_id];
	struct gw_session *s;
	const char *pattern;
	uint32_t mtu;
	int rc;

	/* A tunnel being refused carries no call. */
	if (!gt || (!gt->lac[0] &&
		    (gt->lns < 0 || (unsigned)gt->lns >= gw->set->cfg->n_lns)))
		return -EPERM;
	if (gw->adding) {
		log_err("%s: added to the kernel but never reported up",
			gw->adding->name);
		gw_session_release(gw->adding);
		gw->adding = NULL;
	}
	s = gw_session_new(gw, si);
	if (!s)
		return -ENOMEM;
	pattern = session_pattern(gw, gt, &mtu);
	rc = add_named(gw, s, pattern, mtu, si);
	if (rc < 0) {
		gw_session_release(s);
		return rc;
	}
	gw->adding = s;
	return 0;
}

void gw_kop_session_del(void *arg, uint16_t tunnel_id, uint16_t session_id)
{
	struct gateway *gw = arg;

	gw->dp.l2tp->session_del(gw->dp.l2tp_arg, tunnel_id, session_id);
}
