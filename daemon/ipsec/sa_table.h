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
 * The reqid is not forever, though: when the peer's address changes
 * (NAT mapping, MOBIKE), charon keeps the CHILD_SA object, with its
 * unique id and its marks, and gives it a new reqid matching its new
 * traffic selectors.  So entries are also found by CHILD_SA unique id,
 * and an update tells a CHILD_SA that moved from one that is new.
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

/* What sa_table_update found for the CHILD_SA it recorded. */
enum sa_table_change {
	SA_TABLE_NEW,		/* nothing known of its reqid or CHILD_SA */
	SA_TABLE_SAME,		/* known as it is */
	/*
	 * Same reqid and remote host, something else changed: a rekey (a
	 * new CHILD_SA id), the marks, or only the remote (IKE) port.
	 */
	SA_TABLE_CHANGED,
	/*
	 * Tunnels bound to what the entry was must follow: the same CHILD_SA
	 * (unique id, recorded since the last sa_table_new_epoch) now under
	 * another reqid, or the same reqid with another remote host.  The
	 * entry as it was is copied to *was, and is gone from the table.
	 */
	SA_TABLE_MOVED,
	/*
	 * Another CHILD_SA took the reqid for another remote host (charon
	 * restarted and reused it): the one in *was is gone.
	 */
	SA_TABLE_REPLACED,
};

/*
 * Record an installed CHILD_SA (child-updown up, child-rekey's new SA, a
 * list-sa entry).  An entry with the same reqid is replaced; one with the
 * same CHILD_SA unique id and another reqid is moved to the new reqid.
 * An enum sa_table_change (*was set for SA_TABLE_MOVED and
 * SA_TABLE_REPLACED; was may be NULL),
 * -EINVAL for reqid 0 or a CHILD_SA without an outbound mark (not one of
 * ours: without it the kernel cannot pick the SA), or -ENOMEM.
 */
int sa_table_update(struct sa_table *t, const struct vici_child_sa *sa,
		    struct ipsec_sa *was);
/*
 * charon may have restarted (the VICI connection came back): unique ids
 * recorded so far may name other CHILD_SAs now, so none of them is taken
 * for a move until it is recorded again.
 */
void sa_table_new_epoch(struct sa_table *t);
/*
 * A CHILD_SA went away (child-updown down).  Removes the entry only if
 * child_id still names it (a rekey may have replaced it with a newer
 * CHILD_SA of the same reqid).  true if removed.
 */
bool sa_table_remove(struct sa_table *t, uint32_t reqid, uint32_t child_id);
const struct ipsec_sa *sa_table_find(const struct sa_table *t, uint32_t reqid);
unsigned sa_table_count(const struct sa_table *t);

/*
 * Resynchronisation with a complete list-sas (after (re)connecting to
 * charon, and periodically): begin marks every entry stale,
 * sa_table_update clears the mark of those list-sas reports (a moved one
 * under its new reqid), and end removes those still stale, calling gone
 * for each first.  Returns how many were removed.
 */
void sa_table_resync_begin(struct sa_table *t);
unsigned sa_table_resync_end(struct sa_table *t,
			     void (*gone)(const struct ipsec_sa *sa, void *arg),
			     void *arg);

/* Every entry, in no particular order; stop early by returning non-zero. */
int sa_table_walk(const struct sa_table *t,
		  int (*cb)(const struct ipsec_sa *sa, void *arg), void *arg);

#endif /* L2TPGW_IPSEC_SA_TABLE_H */
