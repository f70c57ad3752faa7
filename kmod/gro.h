/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _L2TPGW_GRO_H
#define _L2TPGW_GRO_H

#include <net/udp_tunnel.h>

void l2tpgw_gro_setup(struct udp_tunnel_sock_cfg *cfg);

#endif /* _L2TPGW_GRO_H */
