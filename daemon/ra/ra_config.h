/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What an [lns] section says about the Router Advertisements sent on its
 * sessions (docs/l2tpgwd.md, "IPv6 addressing").
 */
#ifndef L2TPGW_RA_RA_CONFIG_H
#define L2TPGW_RA_RA_CONFIG_H

#include <stdint.h>

#include "ra/ra_build.h"

#define RA_DEFAULT_INTERVAL_MS		200000u
#define RA_DEFAULT_LIFETIME_MS		1800000u
#define RA_MIN_INTERVAL_MS		4000u		/* RFC 4861 6.2.1 */
#define RA_MAX_INTERVAL_MS		1800000u
#define RA_MAX_LIFETIME_MS		9000000u

struct ra_config {
	uint32_t interval_ms;		/* MaxRtrAdvInterval */
	uint32_t router_lifetime_ms;	/* AdvDefaultLifetime; 0: none */
	uint8_t dns[RA_MAX_DNS][16];	/* RDNSS, RFC 8106 */
	unsigned n_dns;
};

#endif /* L2TPGW_RA_RA_CONFIG_H */
