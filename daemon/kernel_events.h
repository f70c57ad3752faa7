/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the daemon makes of the module's events (docs/netlink.md, Events),
 * as pure functions over them so that unit tests drive every case:
 *
 *	SESSION_DEL user|dev_del    the session was deleted under us: CDN
 *	SESSION_DEL other causes    ignored: its tunnel's event follows
 *	TUNNEL_DEL                  the tunnel was deleted under us: StopCCN
 *	                            if its socket still sends, else dropped
 *	SOCK_DETACH                 one of our sockets lost the data plane
 *	module gone / back          (the controller) drop all / attach again
 *
 * The daemon's own deletes come back as events too (cause "user").  The
 * ledger remembers them in the order they were made, which is the order
 * the module reports them in, so that each is recognised and skipped
 * once: an object deleted by the daemon is never closed a second time,
 * even if a new object took its ids before the event was read.
 */
#ifndef L2TPGW_KERNEL_EVENTS_H
#define L2TPGW_KERNEL_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tpctl.h"

enum kev_action {
	KEV_IGNORE,
	KEV_SESSION_GONE,
	KEV_TUNNEL_GONE,
	KEV_SOCK_GONE,
	KEV_MODULE_GONE,
	KEV_MODULE_BACK,
};

struct kev_verdict {
	enum kev_action action;
	/* TUNNEL_GONE: our socket still sends, so a StopCCN can leave. */
	bool can_send;
	/* Why, for the log and the CDN/StopCCN message; never NULL. */
	const char *why;
};

void kev_classify(const struct l2tpctl_event *ev, struct kev_verdict *v);

/* Deletes made by the daemon whose events have not been read yet. */
#define KEV_LEDGER_MAX	65536

struct kev_ledger {
	uint32_t *keys;		/* ring of kev_key()s */
	size_t head, n, cap;
	uint64_t overflows;	/* oldest entries forgotten when full */
};

/* A tunnel's key has session 0 (session ids start at 1). */
static inline uint32_t kev_key(uint16_t tunnel_id, uint16_t session_id)
{
	return (uint32_t)tunnel_id << 16 | session_id;
}

/* The daemon deleted this object; 0 or -ENOMEM (then it is forgotten). */
int kev_ledger_note(struct kev_ledger *l, uint16_t tunnel_id,
		    uint16_t session_id);
/*
 * Is ev the event of a delete the daemon made?  Then it is taken off the
 * ledger, with any older entries whose events can no longer come.
 */
bool kev_ledger_own(struct kev_ledger *l, const struct l2tpctl_event *ev);
/* Events were lost (ENOBUFS): what the ledger waits for may never come. */
void kev_ledger_clear(struct kev_ledger *l);
void kev_ledger_free(struct kev_ledger *l);

/*
 * Reconciliation after lost events: sorts both key arrays in place and
 * calls gone() for every key of ours the kernel no longer has.  Returns
 * how many.
 */
size_t kev_missing(uint32_t *ours, size_t n_ours, uint32_t *kernel,
		   size_t n_kernel, void (*gone)(uint32_t key, void *arg),
		   void *arg);

#endif /* L2TPGW_KERNEL_EVENTS_H */
