/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guard: nothing marked for an L2TP CHILD_SA leaves in the clear,
 * whatever charon does to its own policies.
 *
 * A tunnel bound to a CHILD_SA sends (the daemon's control through
 * sendmsg, the module's data through its route lookup) with the SA's
 * outbound mark, so that charon's outbound policy for that mark picks the
 * SA.  If that policy is gone (charon stopped, deleted the CHILD_SA, or
 * replaced it for a new peer address), the kernel would find no policy
 * and send the packet as it is.  For every such mark l2tpgwd installs its
 * own outbound policy: any address, that mark, action block, at a
 * priority far below charon's (numerically larger: the kernel prefers the
 * lowest).  While charon's policy exists and matches, it wins; anything
 * marked that it does not cover meets ours and is refused (EPERM to
 * sendmsg, an error from the module's route lookup).
 *
 * XFRM_GUARD_PRIORITY is also the tag of ours: at start the guard removes
 * every outbound block policy at that priority a previous l2tpgwd left.
 * Needs CAP_NET_ADMIN.  docs/ipsec.md, "Never in the clear".
 */
#ifndef L2TPGW_IPSEC_XFRM_GUARD_H
#define L2TPGW_IPSEC_XFRM_GUARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct nlmsghdr;
struct xfrm_guard;

/*
 * charon 5.9 puts its policies between about 180000 and 1200000 (its
 * base is 384 << 10, fallbacks get three times that); manual priorities
 * in swanctl.conf are the administrator's business and far smaller too.
 */
#define XFRM_GUARD_PRIORITY	0x7f001701u
/* How long a mark no SA holds any more stays guarded. */
#define XFRM_GUARD_GRACE_MS	5000
/* Room for any message the builders below produce. */
#define XFRM_GUARD_MSG_MAX	512

/*
 * Open the XFRM netlink socket and remove leftover policies of ours.
 * NULL with the reason in err.
 */
struct xfrm_guard *xfrm_guard_open(struct loop *loop, char *err,
				   size_t errlen);
/* Removes every policy of ours at once (the kernel tunnels are gone). */
void xfrm_guard_close(struct xfrm_guard *g);

/*
 * The CHILD_SA reqid sends with mark: guard mark for family (AF_INET,
 * AF_INET6, or AF_UNSPEC for both).  Idempotent per reqid; a new mark for
 * a known reqid moves its hold.  0, or -errno (the policy could not be
 * installed: nothing marked mark may be sent, the reqid holds nothing).
 */
int xfrm_guard_hold(struct xfrm_guard *g, uint32_t reqid, int family,
		    uint32_t mark);
/*
 * reqid holds no mark any more.  A mark without holders keeps its
 * policies XFRM_GUARD_GRACE_MS more, for the packets of tunnels closing;
 * a hold during that time keeps them for good.
 */
void xfrm_guard_release(struct xfrm_guard *g, uint32_t reqid);
/* Whether reqid holds mark (its packets cannot leave in the clear). */
bool xfrm_guard_covers(const struct xfrm_guard *g, uint32_t reqid,
		       uint32_t mark);
/* Marks with a policy installed, in grace included. */
unsigned xfrm_guard_mark_count(const struct xfrm_guard *g);

/*
 * The messages, pure functions over buf (XFRM_GUARD_MSG_MAX bytes) for
 * unit tests: the new policy of mark for family, its deletion, the dump
 * of every policy.  Each returns the message in buf.
 */
struct nlmsghdr *xfrm_guard_build_new(void *buf, int family, uint32_t mark,
				      uint32_t seq);
struct nlmsghdr *xfrm_guard_build_del(void *buf, int family, uint32_t mark,
				      uint32_t seq);
struct nlmsghdr *xfrm_guard_build_dump(void *buf, uint32_t seq);
/*
 * Whether a dumped policy (XFRM_MSG_NEWPOLICY) is one of ours: outbound,
 * block, XFRM_GUARD_PRIORITY, an exact mark.  If so, its family and mark.
 */
bool xfrm_guard_parse_ours(const struct nlmsghdr *nlh, int *family,
			   uint32_t *mark);

#endif /* L2TPGW_IPSEC_XFRM_GUARD_H */
