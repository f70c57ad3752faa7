/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The CHILD_SAs charon has installed for L2TP, as the daemon knows them
 * from VICI events, keyed by reqid.
 *
 * Why the reqid: charon gives each L2TP CHILD_SA its own XFRM marks
 * (%unique) and so its own reqid, which it keeps across rekeying and when
 * IKEv1 reauthentication moves the CHILD_SA to a new IKE_SA.  The module
 * reports the reqid of the SA every control datagram came through (its
 * receive mark), and checks it on every data packet, so the reqid is what
 * ties an L2TP tunnel to its SA; the SA's outbound mark is what the
 * tunnel's packets carry so that the kernel picks that SA to send.
 *
 * Pure bookkeeping, no I/O: unit-tested on its own.
 */
#ifndef L2TPGW_IPSEC_SA_TABLE_H
#define L2TPGW_IPSEC_SA_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "vici/conn.h"

struct ipsec_sa {
	uint32_t reqid;
	uint32_t child_id;		/* charon's CHILD_SA unique id */
	uint32_t ike_id;		/* its IKE_SA's (changes on reauth) */
	uint32_t mark_in, mark_out;
	uint8_t ike_version;
	bool encap;			/* NAT-T */
	char conn[VICI_MAX_NAME + 1];	/* the CHILD_SA config name */
	char remote_host[VICI_HOST_LEN];
	uint16_t remote_port;		/* IKE port, 4500 behind NAT */
	bool stale;			/* not seen in the running resync */
};

struct sa_table;

struct sa_table *sa_table_new(void);
void sa_table_free(struct sa_table *t);

/*
 * Record an installed CHILD_SA (child-updown up, child-rekey's new SA, a
 * list-sa entry).  An entry with the same reqid is replaced.  0, -EINVAL
 * for reqid 0 or a CHILD_SA without an outbound mark (not one of ours:
 * without it the kernel cannot pick the SA), or -ENOMEM.
 */
int sa_table_update(struct sa_table *t, const struct vici_child_sa *sa);
/*
 * A CHILD_SA went away (child-updown down).  Removes the entry only if
 * child_id still names it (a rekey may have replaced it with a newer
 * CHILD_SA of the same reqid).  true if removed.
 */
bool sa_table_remove(struct sa_table *t, uint32_t reqid, uint32_t child_id);
const struct ipsec_sa *sa_table_find(const struct sa_table *t, uint32_t reqid);
unsigned sa_table_count(const struct sa_table *t);

/*
 * Resynchronisation after (re)connecting to charon: begin marks every
 * entry stale, sa_table_update clears the mark of those list-sas reports,
 * and end removes those still stale, calling gone for each first.
 * Returns how many were removed.
 */
void sa_table_resync_begin(struct sa_table *t);
unsigned sa_table_resync_end(struct sa_table *t,
			     void (*gone)(const struct ipsec_sa *sa, void *arg),
			     void *arg);

/* Every entry, in no particular order; stop early by returning non-zero. */
int sa_table_walk(const struct sa_table *t,
		  int (*cb)(const struct ipsec_sa *sa, void *arg), void *arg);

#endif /* L2TPGW_IPSEC_SA_TABLE_H */
