/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-session rate limits on the session's net device, with tc over one
 * rtnetlink socket (libnl-route-3):
 *
 *   to the client (tx):   root qdisc tbf 1: rate TX burst TXB
 *   from the client (rx): qdisc ingress ffff: with a matchall filter
 *                         (prio SHAPER_PRIO) whose police action drops
 *                         what exceeds rate RX burst RXB
 *
 * accel-ppp's default limiters (tbf down, police up).  A burst of 0 is
 * derived from the rate as accel-ppp does (0.1 s of traffic for the tbf,
 * 1 s for the policer), never below SHAPER_MIN_BURST.  Rates above what
 * tc's 32-bit rates carry (34 Gbit/s) are clamped.
 *
 * Each call is a few synchronous rtnetlink requests on a local device:
 * quick, and the loop waits for nothing else.  Errors are logged naming
 * the device (callers name the session) and touch no other device.
 */
#ifndef L2TPGW_SHAPER_SHAPER_H
#define L2TPGW_SHAPER_SHAPER_H

#include <stddef.h>
#include <stdint.h>

#include "aaa/rate.h"

#define SHAPER_PRIO		49152	/* the policer's filter priority */
#define SHAPER_MIN_BURST	65536	/* bytes: a GRO'd packet fits */

struct shaper;

/* NULL with the reason in err. */
struct shaper *shaper_open(char *err, size_t errlen);
void shaper_close(struct shaper *sh);

/*
 * Puts rate on device ifindex (ifname for logs), replacing what an
 * earlier call put there; a direction of 0 bit/s gets its limiter
 * removed (if any).  Used when a session comes up and for a CoA.
 * 0 or a negative errno (the first failure; the other direction is
 * still tried).
 */
int shaper_apply(struct shaper *sh, int ifindex, const char *ifname,
		 const struct aaa_rate *rate);
/* Both limiters off: shaper_apply with a zero rate. */
int shaper_remove(struct shaper *sh, int ifindex, const char *ifname);

#endif /* L2TPGW_SHAPER_SHAPER_H */
