/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A session's rate limits, whoever grants them (the users file, RADIUS,
 * a CoA): kept apart from aaa.h so that users.h can hold one too.
 */
#ifndef L2TPGW_AAA_RATE_H
#define L2TPGW_AAA_RATE_H

#include <stdint.h>

/* Per-direction rate limit; 0 bit/s: no limit that way. */
struct aaa_rate {
	uint64_t rx_bps;	/* from the client (ingress: policed) */
	uint64_t tx_bps;	/* to the client (egress: shaped) */
	uint32_t rx_burst;	/* bytes; 0: derived from the rate */
	uint32_t tx_burst;
};

#endif /* L2TPGW_AAA_RATE_H */
