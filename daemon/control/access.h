/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who may run which control command, by the peer's SO_PEERCRED and
 * SO_PEERGROUPS.  The commands' table (l2tpgw/control_commands.h) marks
 * each READ (answers about state) or WRITE (changes it):
 *
 *	root, l2tpgwd's own user, admin_group    every command
 *	monitor_group                            READ commands
 *	anyone else                              none
 *
 * admin_group unset: control_group's members are admins (as before
 * these keys).  A group counts when it is the peer's primary group or one
 * of its supplementary groups.
 */
#ifndef L2TPGW_CONTROL_ACCESS_H
#define L2TPGW_CONTROL_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CONTROL_PEER_GROUPS_MAX	64
#define CONTROL_GROUP_NAME_MAX	64

/* A connected client, as the kernel vouches for it. */
struct control_peer {
	bool known;			/* SO_PEERCRED answered */
	pid_t pid;
	uid_t uid;
	gid_t gid;
	gid_t groups[CONTROL_PEER_GROUPS_MAX];	/* supplementary */
	unsigned ngroups;
};

struct control_access {
	uid_t self;			/* the daemon's user */
	gid_t admin;			/* (gid_t)-1: none */
	gid_t monitor;			/* (gid_t)-1: none */
	char admin_name[CONTROL_GROUP_NAME_MAX];	/* for messages */
	char monitor_name[CONTROL_GROUP_NAME_MAX];
};

/* May peer run a command (read_only: a READ one)?  Pure. */
bool control_access_allows(const struct control_access *a,
			   const struct control_peer *p, bool read_only);

/*
 * Why not, for the client: "permission denied: 'reload' needs root or
 * group l2tpgw-admin".
 */
void control_access_denial(const struct control_access *a, const char *cmd,
			   bool read_only, char *buf, size_t len);

/* The peer of a connected Unix socket; p->known false when unknown. */
void control_peer_read(int fd, struct control_peer *p);

/*
 * From the configuration's groups: admin (or else control), monitor, the
 * daemon's uid; names looked up for the messages.
 */
void control_access_init(struct control_access *a, uid_t self, gid_t admin,
			 gid_t control, gid_t monitor);

#endif /* L2TPGW_CONTROL_ACCESS_H */
