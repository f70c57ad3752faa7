/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Calls still negotiating, against max_negotiating.  A call counts from
 * its ICRQ (admission_admit) until its PPP opens a network protocol
 * (admission_done) or it ends.  A mass reconnect then queues at the
 * clients, refused with CDN result 4 before costing anything, instead of
 * every call retransmitting while thousands negotiate at once.
 *
 * Two stages, because the control plane hands over no session for a call
 * until it is up: admitted calls are counted on their tunnel
 * (admission_tunnel.admitted) until session_up (admission_up), then on
 * the caller's session object until admission_done.  A call that ends
 * before it comes up (the kernel refused it, no ICCN in time, the peer's
 * CDN) is reported by nobody, so a tunnel's admitted calls are checked
 * against its sessions that exist and are not up: the sessions callback.
 * That check runs for the tunnel a call arrives on, and for every tunnel
 * with admitted calls when the limit is reached (at most every
 * ADMISSION_RECONCILE_MS): refusing a call never rests on a stale count.
 *
 * No I/O and no clock of its own: the gateway drives it, tests too.
 */
#ifndef L2TPGW_ADMISSION_H
#define L2TPGW_ADMISSION_H

#include <stdbool.h>
#include <stdint.h>

#define ADMISSION_RECONCILE_MS	100

struct admission_tunnel {
	unsigned admitted;	/* calls admitted, not up yet */
	unsigned established;	/* sessions between session_up and _down */
	/* On admission.admitting while admitted > 0. */
	struct admission_tunnel *next, **pprev;
};

struct admission {
	unsigned negotiating;	/* counted calls now */
	uint64_t refused;	/* calls refused over the limit, ever */
	uint64_t reconciled_ms;
	bool reconciled;	/* reconciled_ms is set */
	struct admission_tunnel *admitting;
	/* Sessions of t that exist now, up or not. */
	unsigned (*sessions)(struct admission_tunnel *t, void *arg);
	void *arg;
};

void admission_init(struct admission *a,
		    unsigned (*sessions)(struct admission_tunnel *t, void *arg),
		    void *arg);

/*
 * A new call on t, under limit (0: none) at now_ms.  true: admitted and
 * counted; false: refused (a->refused counts it).
 */
bool admission_admit(struct admission *a, struct admission_tunnel *t,
		     unsigned limit, uint64_t now_ms);
/*
 * A session of t came up.  counted: it is an incoming call, which
 * negotiates from now on; its admission moves to the caller's session
 * (a call admitted without admission_admit is counted here).
 */
void admission_up(struct admission *a, struct admission_tunnel *t,
		  bool counted);
/* A counted call opened a network protocol, or ended while negotiating. */
void admission_done(struct admission *a);
/* A session of t that came up has ended. */
void admission_down(struct admission *a, struct admission_tunnel *t);
/* An admitted call of t ended before coming up, and the caller knows. */
void admission_failed(struct admission *a, struct admission_tunnel *t);
/* Admitted calls of t that are gone free their place. */
void admission_reconcile(struct admission *a, struct admission_tunnel *t);
/* The same for every tunnel with admitted calls (for exact figures). */
void admission_reconcile_all(struct admission *a);
/* t is freed with whatever it had admitted. */
void admission_tunnel_gone(struct admission *a, struct admission_tunnel *t);

#endif /* L2TPGW_ADMISSION_H */
