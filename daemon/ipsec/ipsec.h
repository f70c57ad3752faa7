/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * L2TP/IPsec through charon: what the daemon loads into charon over VICI,
 * and the CHILD_SAs it learns back.
 *
 * At start, and every time the VICI client (re)connects, the daemon loads
 * its credentials (a PSK, or certificate, key and CA) and its connections:
 * "l2tpgw", the responder for L2TP/IPsec clients (transport mode, UDP
 * 1701, IKEv1 and/or IKEv2), and "l2tpgw-lac-NAME" for every [lac] with
 * ipsec = yes.  Then list-sas tells which CHILD_SAs of ours still exist:
 * after charon restarts, none do, and tunnels bound to the old ones are
 * closed (ops->sa_down).  child-updown and child-rekey keep the table
 * current between; ike-update (an IKE_SA moving to new endpoints) is
 * followed by a list-sas of that IKE_SA, which finds its CHILD_SAs moved
 * (ops->sa_moved); and a complete list-sas every IPSEC_RESYNC_MS catches
 * whatever no event told.  docs/ipsec.md describes the whole arrangement.
 */
#ifndef L2TPGW_IPSEC_H
#define L2TPGW_IPSEC_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "ipsec/sa_table.h"

struct loop;
struct ipsec;

/* The names of the CHILD_SAs (and IKE configs) l2tpgwd loads. */
#define IPSEC_LNS_CONN		"l2tpgw"
#define IPSEC_LAC_CONN_PREFIX	"l2tpgw-lac-"
/* How often the table is checked against all of charon's SAs. */
#define IPSEC_RESYNC_MS		60000

struct ipsec_ops {
	/* A CHILD_SA of ours is installed (new, rekeyed, or found again). */
	void (*sa_up)(void *arg, const struct ipsec_sa *sa);
	/*
	 * It is gone (deleted, expired, or missing after charon restarted):
	 * tunnels bound to it cannot send or receive any more.  sa is valid
	 * only during the call.
	 */
	void (*sa_down)(void *arg, const struct ipsec_sa *sa, const char *why);
	/*
	 * The CHILD_SA old described is now new: the same CHILD_SA of charon
	 * under a new reqid (its traffic selectors followed the peer to a new
	 * address) or with a new remote host.  sa_up(new) has just been
	 * called; sa_down(old) never is.  old->reqid may equal new->reqid.
	 * Both are valid only during the call.  NULL: sa_down(old) instead.
	 */
	void (*sa_moved)(void *arg, const struct ipsec_sa *old,
			 const struct ipsec_sa *new);
};

/*
 * Start talking to charon (the first attempt runs from the loop).  cfg is
 * read now and on ipsec_reload; cfg->ipsec.enabled must be set.  NULL with
 * the reason in err.
 */
struct ipsec *ipsec_new(struct loop *loop, const struct config *cfg,
			const struct ipsec_ops *ops, void *arg, char *err,
			size_t errlen);
void ipsec_free(struct ipsec *ip);

/*
 * A reload, in two phases so that a refused one leaves charon untouched.
 * prepare checks cfg (the VICI socket and enforcement cannot change while
 * running), reads the credentials and builds every request charon is to
 * get (credentials, connections, the connection of a [lac] no longer
 * there unloaded), sending nothing: NULL with the reason in msg.  apply
 * installs it and sends the requests if charon is up (else they go when
 * it is back); cancel drops it (NULL: nothing).  Either consumes it.
 */
struct ipsec_reload;
struct ipsec_reload *ipsec_reload_prepare(const struct ipsec *ip,
					  const struct config *cfg, char *msg,
					  size_t msglen);
void ipsec_reload_apply(struct ipsec *ip, struct ipsec_reload *r);
void ipsec_reload_cancel(struct ipsec_reload *r);

/* The CHILD_SA with this reqid, if charon has it installed. */
const struct ipsec_sa *ipsec_find(const struct ipsec *ip, uint32_t reqid);
/* The installed CHILD_SA of a [lac] section, if any. */
const struct ipsec_sa *ipsec_lac_sa(const struct ipsec *ip, const char *lac);
/*
 * Ask charon to bring up the CHILD_SA of [lac] lac; ops->sa_up reports it.
 * 0, or -errno (not configured for IPsec, or the request cannot be sent).
 */
int ipsec_initiate(struct ipsec *ip, const char *lac);

bool ipsec_charon_up(const struct ipsec *ip);
unsigned ipsec_sa_count(const struct ipsec *ip);

#endif /* L2TPGW_IPSEC_H */
