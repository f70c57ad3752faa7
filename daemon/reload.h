/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reload: all of the new configuration or none.
 *
 *  1. check, with no side effect: parse and load the file (config, users,
 *     pools), check it against what cannot change while running (the
 *     gateway's listen, host_name, secret, timers; [ipsec] present or
 *     not, its socket and enforcement), read the IPsec credentials and
 *     build every request charon is to get;
 *  2. apply, only if all of 1 passed, and nothing in it can fail:
 *     charon first (a [lac] the gateway dials may need its new
 *     connection), then the gateway (kernel objects of [lac] sections
 *     changed or removed, the running settings).
 */
#ifndef L2TPGW_RELOAD_H
#define L2TPGW_RELOAD_H

#include <stddef.h>

struct gateway;
struct ipsec;

struct control_access;

/*
 * Reload gw and ipsec (NULL: no [ipsec] running) from the file at path.
 * 0 with a summary in msg, the new log level in *log_level and the
 * control socket's new rules in *access (unless NULL); -EINVAL with the
 * reason in msg, and nothing changed.  Refused as well: a change of user
 * or group, and secrets files others may read (privdrop.h, secrets.h).
 */
int reload_settings(const char *path, struct gateway *gw,
		    struct ipsec *ipsec, int *log_level,
		    struct control_access *access, char *msg, size_t msglen);

#endif /* L2TPGW_RELOAD_H */
