// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel objects: the control plane's tunnel and session adds and
 * deletes, with the session's device named by the gateway; and the
 * objects the kernel lost without us (the module's events).
 */
#include "gateway/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The device name pattern, MTU and tcp_mss of a tunnel's sessions. */
static const char *session_pattern(struct gateway *gw, struct gw_tunnel *gt,
				   uint32_t *mtu, uint16_t *tcp_mss)
{
	const struct config *c = gw->set->cfg;
	const struct config_lac *lac;

	if (gt->lac[0]) {
		gw_lac_of(gw, gt);
		lac = gw_lac_config(gw->set, gt->lac, gt->lac_idx);
		*mtu = lac ? lac->mtu : 0;
		*tcp_mss = lac ? lac->tcp_mss : CONFIG_TCP_MSS_AUTO;
		return LAC_IFNAME;
	}
	*mtu = c->lns[gt->lns].mtu;
	*tcp_mss = c->lns[gt->lns].tcp_mss;
	return c->lns[gt->lns].ifname;
}

/*
 * Name the device ourselves: the lowest free number of the section's
 * pattern.  A name someone else's device has (EEXIST) keeps its number
 * taken, so it is not tried again, and the next one is.
 */
static int add_named(struct gateway *gw, struct gw_session *s,
		     const char *pattern, uint32_t mtu, uint16_t tcp_mss,
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
			gw->dp.session_defaults(gw->dp.arg, s->ifname, mtu,
						tcp_mss);
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
	uint16_t tcp_mss;
	uint32_t mtu;
	int rc;

	/* A tunnel being refused carries no call. */
	if (!gt || (!gt->lac[0] &&
		    (gt->lns < 0 || (unsigned)gt->lns >= gw->set->cfg->n_lns)))
		return -EPERM;
	if (gw->adding) {
		log_err("%s: added to the kernel but never reported added",
			gw->adding->name);
		gw_session_release(gw->adding);
		gw->adding = NULL;
	}
	s = gw_session_new(gw, si);
	if (!s)
		return -ENOMEM;
	pattern = session_pattern(gw, gt, &mtu, &tcp_mss);
	rc = add_named(gw, s, pattern, mtu, tcp_mss, si);
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
	struct l2tp_tunnel *t = l2tp_tunnel_find(gw->ctx, tunnel_id);
	struct l2tp_session *ls = t ? l2tp_session_find(t, session_id) : NULL;
	struct gw_session *s = ls ? gw_session_of(ls) : NULL;

	/* Its totals go with it: read them while the module has them. */
	if (s && s->announced)
		gw_session_counters_final(s);

	gw->dp.l2tp->session_del(gw->dp.l2tp_arg, tunnel_id, session_id);
}

int gw_kop_session_modify(void *arg, const struct l2tp_session_info *si)
{
	struct gateway *gw = arg;

	if (!gw->dp.l2tp->session_modify)
		return 0;
	return gw->dp.l2tp->session_modify(gw->dp.l2tp_arg, si);
}

/* --- objects removed under us (the module's events) ------------------------ */

bool gateway_kernel_session_gone(struct gateway *gw, uint16_t tunnel_id,
				 uint16_t session_id, const char *why)
{
	struct l2tp_tunnel *t = l2tp_tunnel_find(gw->ctx, tunnel_id);
	struct l2tp_session *ls = t ? l2tp_session_find(t, session_id) : NULL;
	struct gw_session *s = ls ? gw_session_of(ls) : NULL;
	char user[GW_USER_SHOWN];

	/* A call in setup has its kernel session too: it goes the same way. */
	if (!s)
		return false;
	gw->kernel_sessions_lost++;
	log_notice("%s user %s dev %s: %s: closing it (CDN)", s->name,
		   gw_user_shown(s, user), s->ifname[0] ? s->ifname : "-",
		   why);
	snprintf(s->close_msg, sizeof(s->close_msg), "%s", why);
	/* Its device or kernel session deleted by hand, outside l2tpgwd. */
	gw_session_end_cause(s, SESSION_END_ADMIN_RESET);
	timer_cancel(gw->loop, &s->close_timer);
	/* Frees s; its kernel session is gone, the delete finds nothing. */
	l2tp_session_close(ls, L2TP_CDN_ADMIN, 0, why);
	return true;
}

/* Only a tunnel the module knew: established, not already closing. */
static struct gw_tunnel *kernel_tunnel(struct gateway *gw, uint16_t id)
{
	struct gw_tunnel *gt = gw->by_id[id];

	return gt && l2tp_tunnel_established(gt->t) ? gt : NULL;
}

static void drop_tunnel(struct gw_tunnel *gt, bool can_send, const char *why,
			enum session_end_cause cause)
{
	snprintf(gt->close_reason, sizeof(gt->close_reason), "%s", why);
	gt->end_cause = cause;
	if (can_send)
		l2tp_tunnel_close(gt->t, L2TP_STOPCCN_GENERAL_ERROR, 0, why);
	else
		l2tp_tunnel_abort(gt->t, why);
}

bool gateway_kernel_tunnel_gone(struct gateway *gw, uint16_t tunnel_id,
				bool can_send, const char *why)
{
	struct gw_tunnel *gt = kernel_tunnel(gw, tunnel_id);

	if (!gt)
		return false;
	gw->kernel_tunnels_lost++;
	log_notice("tunnel %u: %s: %s (%u session(s))", tunnel_id, why,
		   can_send ? "closing it (StopCCN)" : "dropped",
		   l2tp_tunnel_session_count(gt->t));
	/* Deleted by hand while its socket stays; else the socket went. */
	drop_tunnel(gt, can_send, why, can_send ? SESSION_END_ADMIN_RESET :
		    SESSION_END_NAS_ERROR);
	return true;
}

void gateway_kernel_gone(struct gateway *gw, const char *why,
			 unsigned *tunnels, unsigned *sessions)
{
	struct gw_tunnel *gt;
	uint16_t *ids;
	unsigned n = 0, i;

	*tunnels = 0;
	*sessions = gw->n_sessions;
	gw->kernel_unloads++;
	for (gt = gw->tunnels; gt; gt = gt->next)
		n++;
	ids = calloc(n ? n : 1, sizeof(*ids));
	if (!ids) {
		log_err("kernel: out of memory dropping the tunnels");
		return;
	}
	n = 0;
	for (gt = gw->tunnels; gt; gt = gt->next)
		if (l2tp_tunnel_established(gt->t))
			ids[n++] = gt->id;
	/* By id: closing one may free others' state, never the list walk. */
	for (i = 0; i < n; i++) {
		gt = kernel_tunnel(gw, ids[i]);
		if (!gt)
			continue;
		/* Our own sockets still send: the peers hear of it. */
		drop_tunnel(gt, true, why, SESSION_END_NAS_ERROR);
		++*tunnels;
	}
	free(ids);
}

int gateway_kernel_keys(struct gateway *gw,
			int (*add)(void *arg, uint16_t tunnel_id,
				   uint16_t session_id),
			void *arg)
{
	struct gw_tunnel *gt;
	struct gw_session *s;
	int rc;

	for (gt = gw->tunnels; gt; gt = gt->next)
		if (l2tp_tunnel_established(gt->t) &&
		    (rc = add(arg, gt->id, 0)) < 0)
			return rc;
	for (s = gw->sessions; s; s = s->next)
		if ((rc = add(arg, s->tunnel_id, s->session_id)) < 0)
			return rc;
	/* Calls not connected yet have theirs too. */
	for (s = gw->setup; s; s = s->next)
		if ((rc = add(arg, s->tunnel_id, s->session_id)) < 0)
			return rc;
	return 0;
}
