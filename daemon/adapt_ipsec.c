// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPsec: charon's CHILD_SAs (ipsec/ipsec.c) bind the gateway's tunnels
 * (struct gateway_ipsec), and the module enforces it on every socket.
 */
#include <linux/l2tpgw.h>
#include <string.h>

#include "daemon.h"
#include "ipsec/ipsec.h"
#include "kernel.h"
#include "log.h"
#include "udp.h"

static const struct ipsec_sa *gi_find(void *arg, uint32_t reqid)
{
	struct daemon *d = arg;

	return ipsec_find(d->ipsec, reqid);
}

static const struct ipsec_sa *gi_lac_sa(void *arg, const char *lac)
{
	struct daemon *d = arg;

	return ipsec_lac_sa(d->ipsec, lac);
}

static int gi_initiate(void *arg, const char *lac)
{
	struct daemon *d = arg;

	return ipsec_initiate(d->ipsec, lac);
}

static void ipsec_sa_up(void *arg, const struct ipsec_sa *sa)
{
	struct daemon *d = arg;

	gateway_ipsec_sa_up(d->gw, sa);
}

static void ipsec_sa_down(void *arg, const struct ipsec_sa *sa,
			  const char *why)
{
	struct daemon *d = arg;
	unsigned n = gateway_ipsec_sa_down(d->gw, sa->reqid, why);

	if (n)
		log_notice("ipsec: %u tunnel%s of %s (CHILD_SA #%u) closed: %s",
			   n, n == 1 ? "" : "s", sa->remote_host, sa->child_id,
			   why);
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

/* Tunnels of the SA follow it; nothing of old is released here. */
static void ipsec_sa_moved(void *arg, const struct ipsec_sa *old,
			   const struct ipsec_sa *sa)
{
	struct daemon *d = arg;
	unsigned n = gateway_ipsec_sa_moved(d->gw, old, sa);

	if (n)
		log_notice("ipsec: %u tunnel%s of CHILD_SA #%u re-bound to %s "
			   "(reqid %u)", n, n == 1 ? "" : "s", sa->child_id,
			   sa->remote_host, sa->reqid);
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
