// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPsec: charon's CHILD_SAs (ipsec/ipsec.c) bind the gateway's tunnels
 * (struct gateway_ipsec), the module enforces it on every socket, and the
 * guard (ipsec/xfrm_guard.c) keeps whatever is marked for an SA from
 * leaving in the clear.  An SA whose mark the guard does not hold is
 * unknown to the gateway: no tunnel binds to it.
 */
#include <linux/l2tpgw.h>
#include <string.h>
#include <sys/socket.h>

#include "daemon.h"
#include "ipsec/ipsec.h"
#include "ipsec/xfrm_guard.h"
#include "kernel.h"
#include "log.h"
#include "udp.h"

/* sa, if the guard holds its mark; NULL if its packets could leak. */
static const struct ipsec_sa *guarded(const struct daemon *d,
				      const struct ipsec_sa *sa)
{
	if (sa && !xfrm_guard_covers(d->guard, sa->reqid, sa->mark_out))
		return NULL;
	return sa;
}

static const struct ipsec_sa *gi_find(void *arg, uint32_t reqid)
{
	struct daemon *d = arg;

	return guarded(d, ipsec_find(d->ipsec, reqid));
}

static const struct ipsec_sa *gi_lac_sa(void *arg, const char *lac)
{
	struct daemon *d = arg;

	return guarded(d, ipsec_lac_sa(d->ipsec, lac));
}

static int gi_initiate(void *arg, const char *lac)
{
	struct daemon *d = arg;

	return ipsec_initiate(d->ipsec, lac);
}

static void tunnels_closed(const struct ipsec_sa *sa, unsigned n,
			   const char *why)
{
	if (n)
		log_notice("ipsec: %u tunnel%s of %s (CHILD_SA #%u) closed: %s",
			   n, n == 1 ? "" : "s", sa->remote_host, sa->child_id,
			   why);
}

/*
 * Before the gateway hears of it, and before any datagram through it can
 * be admitted (the gateway finds only guarded SAs): no tunnel is ever
 * bound to an SA whose packets could leave in the clear.
 */
static void ipsec_sa_up(void *arg, const struct ipsec_sa *sa)
{
	static const char why[] = "its mark cannot be guarded";
	struct daemon *d = arg;
	int family = strchr(sa->remote_host, ':') ? AF_INET6 : AF_INET;
	int rc;

	rc = xfrm_guard_hold(d->guard, sa->reqid, family, sa->mark_out);
	if (rc < 0) {
		log_err("ipsec: CHILD_SA %s #%u from %s (reqid %u) carries no "
			"L2TP: cannot install the guard policy of its outbound "
			"mark %#x: %s", sa->conn, sa->child_id, sa->remote_host,
			sa->reqid, sa->mark_out, strerror(-rc));
		tunnels_closed(sa, gateway_ipsec_sa_down(d->gw, sa->reqid, why),
			       why);
		return;
	}
	gateway_ipsec_sa_up(d->gw, sa);
}

/* The guard outlives the tunnels it protected by a grace period. */
static void ipsec_sa_down(void *arg, const struct ipsec_sa *sa,
			  const char *why)
{
	struct daemon *d = arg;

	tunnels_closed(sa, gateway_ipsec_sa_down(d->gw, sa->reqid, why), why);
	xfrm_guard_release(d->guard, sa->reqid);
}

int ipsec_enforce_sockets(struct daemon *d)
{
	struct l2tp_addr local;
	uint32_t id;
	unsigned i;
	int rc;

	for (i = 0; i < udp_count(d->udp); i++) {
		udp_local(d->udp, i, &local, &id);
		rc = kernel_sock_set_flags(d->k, id, L2TPGW_SOCK_F_IPSEC);
		if (rc < 0) {
			log_err("[ipsec]: socket %u: the module refuses IPsec "
				"enforcement: %s", id, kernel_last_error(d->k)[0] ?
				kernel_last_error(d->k) : strerror(-rc));
			return -1;
		}
	}
	return 0;
}

/*
 * Tunnels of the SA follow it.  sa_up(sa) came first, so the guard already
 * holds the new reqid's mark; the old reqid's hold goes only after the
 * tunnels moved.  If the new mark could not be guarded, the tunnels cannot
 * follow: they are closed as if the SA had gone.
 */
static void ipsec_sa_moved(void *arg, const struct ipsec_sa *old,
			   const struct ipsec_sa *sa)
{
	static const char why[] = "its new mark cannot be guarded";
	struct daemon *d = arg;
	unsigned n;

	if (!xfrm_guard_covers(d->guard, sa->reqid, sa->mark_out)) {
		tunnels_closed(old, gateway_ipsec_sa_down(d->gw, old->reqid,
							  why), why);
		if (old->reqid != sa->reqid)
			xfrm_guard_release(d->guard, old->reqid);
		return;
	}
	n = gateway_ipsec_sa_moved(d->gw, old, sa);
	if (n)
		log_notice("ipsec: %u tunnel%s of CHILD_SA #%u re-bound to %s "
			   "(reqid %u)", n, n == 1 ? "" : "s", sa->child_id,
			   sa->remote_host, sa->reqid);
	if (old->reqid != sa->reqid)
		xfrm_guard_release(d->guard, old->reqid);
}

/*
 * Every UDP socket enforces IPsec in the module and reports each control
 * datagram's SA; then charon learns our connections.
 */
int start_ipsec(struct daemon *d, const struct config *cfg)
{
	static const struct ipsec_ops ops = {
		.sa_up = ipsec_sa_up, .sa_down = ipsec_sa_down,
		.sa_moved = ipsec_sa_moved,
	};
	struct gateway_ipsec gi = {
		.find = gi_find, .lac_sa = gi_lac_sa, .initiate = gi_initiate,
		.arg = d, .enforce = cfg->ipsec.enforce,
	};
	char err[256];

	if (ipsec_enforce_sockets(d) < 0)
		return -1;
	d->guard = xfrm_guard_open(d->loop, err, sizeof(err));
	if (!d->guard) {
		log_err("%s; without it a tunnel could send in the clear",
			err);
		return -1;
	}
	d->ipsec = ipsec_new(d->loop, cfg, &ops, d, err, sizeof(err));
	if (!d->ipsec) {
		log_err("%s", err);
		return -1;
	}
	gateway_set_ipsec(d->gw, &gi);
	log_info("ipsec: L2TP %s through charon at %s",
		 cfg->ipsec.enforce ? "only" : "also",
		 cfg->ipsec.vici_socket[0] ? cfg->ipsec.vici_socket :
		 "its default socket");
	return 0;
}
