// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Control commands by the peer's credentials (access.h).
 */
#include "control/access.h"

#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static bool in_group(const struct control_peer *p, gid_t g)
{
	unsigned i;

	if (g == (gid_t)-1)
		return false;
	if (p->gid == g)
		return true;
	for (i = 0; i < p->ngroups; i++)
		if (p->groups[i] == g)
			return true;
	return false;
}

bool control_access_allows(const struct control_access *a,
			   const struct control_peer *p, bool read_only)
{
	if (!p->known)
		return false;
	if (p->uid == 0 || p->uid == a->self || in_group(p, a->admin))
		return true;
	return read_only && in_group(p, a->monitor);
}

void control_access_denial(const struct control_access *a, const char *cmd,
			   bool read_only, char *buf, size_t len)
{
	int n = snprintf(buf, len, "permission denied: '%s' needs root", cmd);

	if (n < 0 || (size_t)n >= len)
		return;
	if (a->admin != (gid_t)-1 && read_only && a->monitor != (gid_t)-1)
		snprintf(buf + n, len - (size_t)n, ", group %s or group %s",
			 a->admin_name, a->monitor_name);
	else if (a->admin != (gid_t)-1)
		snprintf(buf + n, len - (size_t)n, " or group %s",
			 a->admin_name);
	else if (read_only && a->monitor != (gid_t)-1)
		snprintf(buf + n, len - (size_t)n, " or group %s",
			 a->monitor_name);
}

void control_peer_read(int fd, struct control_peer *p)
{
	gid_t groups[CONTROL_PEER_GROUPS_MAX];
	struct ucred cred;
	socklen_t len = sizeof(cred);

	memset(p, 0, sizeof(*p));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    len != sizeof(cred))
		return;
	p->known = true;
	p->pid = cred.pid;
	p->uid = cred.uid;
	p->gid = cred.gid;
	/* Too many groups (ERANGE): only the primary one counts. */
	len = sizeof(groups);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0) {
		p->ngroups = len / sizeof(gid_t);
		memcpy(p->groups, groups, p->ngroups * sizeof(gid_t));
	}
}

static void group_name(gid_t g, char *buf, size_t len)
{
	struct group *gr = g == (gid_t)-1 ? NULL : getgrgid(g);

	if (gr)
		snprintf(buf, len, "%s", gr->gr_name);
	else
		snprintf(buf, len, "%u", (unsigned)g);
}

void control_access_init(struct control_access *a, uid_t self, gid_t admin,
			 gid_t control, gid_t monitor)
{
	memset(a, 0, sizeof(*a));
	a->self = self;
	a->admin = admin != (gid_t)-1 ? admin : control;
	a->monitor = monitor;
	group_name(a->admin, a->admin_name, sizeof(a->admin_name));
	group_name(a->monitor, a->monitor_name, sizeof(a->monitor_name));
}
