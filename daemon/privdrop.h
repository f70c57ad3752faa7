/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Leaving root (docs/l2tpgwd.md, "Privileges").  l2tpgwd starts as root,
 * opens what needs root (sockets, the module's family, the control
 * socket, charon's VICI socket), then becomes [global] user/group and
 * keeps only the capabilities privdrop_caps() names in its permitted and
 * effective sets; the bounding set is emptied, supplementary groups
 * dropped.  Without "user =" it stays root, with a warning.
 */
#ifndef L2TPGW_PRIVDROP_H
#define L2TPGW_PRIVDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"

struct privdrop_id {
	bool drop;			/* false: stay root */
	uid_t uid;
	gid_t gid;
	char user[CONFIG_USER_MAX];	/* names, for logs */
	char group[CONFIG_USER_MAX];
};

/* Capability sets as bit masks: bit n is capability n (CAP_NET_ADMIN ...). */
#define PRIVDROP_CAP(n)	(UINT64_C(1) << (n))

/*
 * What the daemon needs after start: CAP_NET_ADMIN (the module's family,
 * rtnetlink, XFRM, SO_RCVBUFFORCE) and, when a UDP port below 1024 is
 * configured, CAP_NET_BIND_SERVICE (a reload may open new listen
 * addresses).  The raw ICMPv6 socket of RAs is opened before the change:
 * no CAP_NET_RAW.  A pure function of the configuration.
 */
uint64_t privdrop_caps(const struct config *c);

/*
 * [global] user and group to ids: numbers or names; group defaults to
 * the user's primary group (a numeric user needs a group).  0, or -1 with
 * err naming the key.
 */
int privdrop_resolve(const struct config_global *g, struct privdrop_id *id,
		     char *err, size_t errlen);

/*
 * Become id, keeping caps (permitted, effective); nothing when !id->drop.
 * Checked afterwards: the ids and capabilities are what was asked.  0, or
 * -1 with err.
 */
int privdrop_apply(const struct privdrop_id *id, uint64_t caps, char *err,
		   size_t errlen);

/*
 * The identity in effect since privdrop_apply (root before, or without
 * user =) and the capabilities kept.
 */
const struct privdrop_id *privdrop_current(void);

/*
 * Can a reload to cfg run as we are?  Its user and group must be the ones
 * in effect, and it must need no capability dropped at start.  0, or -1
 * with err.
 */
int privdrop_reload_check(const struct config *cfg, char *err, size_t errlen);

/* "cap_net_admin,cap_net_bind_service" into buf, for logs. */
const char *privdrop_caps_text(uint64_t caps, char *buf, size_t len);

#endif /* L2TPGW_PRIVDROP_H */
