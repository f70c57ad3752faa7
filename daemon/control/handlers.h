/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's handlers of the control commands, the last column of
 * l2tpgw/control_commands.h: each turns a parsed request into a call of
 * the gateway's operator functions (gateway_tunnel_list(), ...).
 */
#ifndef L2TPGW_CONTROL_HANDLERS_H
#define L2TPGW_CONTROL_HANDLERS_H

#include <stdbool.h>
#include <stdint.h>

#include "control/control.h"

struct gateway;
struct ra_server;

/* What the handlers act on: the server's arg, kept by the caller. */
struct control_target {
	struct gateway *gw;
	struct ra_server *ra;		/* NULL: no RAs to report */
	struct dhcp6_server *dhcp6;	/* NULL: no prefix delegation */
	const char *version;		/* the daemon's */
	int64_t started_at;		/* Unix time, seconds */
	/* Parse the configuration afresh and swap it in, or change nothing. */
	int (*reload)(void *arg, char *err, size_t errlen);
	void *reload_arg;
	/* Is the module there?  NULL: assumed so. */
	bool (*dataplane_up)(void *arg);
	void *dataplane_arg;
};

/* Every command's handler, for control_server_new(); arg: the target. */
extern const struct control_provider control_handlers;

#endif /* L2TPGW_CONTROL_HANDLERS_H */
