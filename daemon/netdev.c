// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session net devices over rtnetlink, with libnl-route-3 (links) and
 * libnl-3 messages (addresses).
 */
#include "netdev.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

struct netdev {
	struct nl_sock *sk;
};

struct netdev *netdev_open(char *err, size_t errlen)
{
	struct netdev *nd = calloc(1, sizeof(*nd));
	int rc;

	if (!nd) {
		snprintf(err, errlen, "rtnetlink: out of memory");
		return NULL;
	}
	nd->sk = nl_socket_alloc();
	if (!nd->sk) {
		free(nd);
		snprintf(err, errlen, "rtnetlink: out of memory");
		return NULL;
	}
	rc = nl_connect(nd->sk, NETLINK_ROUTE);
	if (rc < 0) {
		snprintf(err, errlen, "rtnetlink: %s", nl_geterror(rc));
		nl_socket_free(nd->sk);
		free(nd);
		return NULL;
	}
	return nd;
}

void netdev_close(struct netdev *nd)
{
	if (!nd)
		return;
	nl_socket_free(nd->sk);
	free(nd);
}

/* libnl errors are its own codes; the callers want an errno. */
static int nl_to_errno(int rc)
{
	switch (-rc) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_OBJ_NOTFOUND:
	case NLE_NODEV:
		return -ENODEV;
	case NLE_PERM:
		return -EPERM;
	case NLE_INVAL:
	case NLE_RANGE:
		return -EINVAL;
	default:
		return -EIO;
	}
}

static int link_up(struct netdev *nd, int ifindex, uint32_t mtu,
		   char ifname[IF_NAMESIZE])
{
	struct rtnl_link *cur = NULL, *chg = NULL;
	int rc;

	rc = rtnl_link_get_kernel(nd->sk, ifindex, NULL, &cur);
	if (rc < 0) {
		log_err("netdev ifindex %d: %s", ifindex, nl_geterror(rc));
		return nl_to_errno(rc);
	}
	snprintf(ifname, IF_NAMESIZE, "%s", rtnl_link_get_name(cur));
	chg = rtnl_link_alloc();
	if (!chg) {
		rtnl_link_put(cur);
		return -ENOMEM;
	}
	if (mtu)
		rtnl_link_set_mtu(chg, mtu);
	rtnl_link_set_flags(chg, IFF_UP);
	rc = rtnl_link_change(nd->sk, cur, chg, 0);
	if (rc < 0)
		log_err("netdev %s: setting mtu %u and up: %s", ifname, mtu,
			nl_geterror(rc));
	rtnl_link_put(chg);
	rtnl_link_put(cur);
	return rc < 0 ? nl_to_errno(rc) : 0;
}

/*
 * RTM_NEWADDR in peer form, built by hand: libnl's rtnl_addr_set_peer()
 * refuses IPv6 peers, and pppd-style point-to-point links need them.
 */
static int add_addr(struct netdev *nd, int ifindex, const char *ifname,
		    int family, const void *local, const void *peer)
{
	struct ifaddrmsg ifa = {
		.ifa_family = (uint8_t)family,
		.ifa_prefixlen = family == AF_INET ? 32 : 128,
		.ifa_scope = RT_SCOPE_UNIVERSE,
		.ifa_index = (uint32_t)ifindex,
	};
	int alen = family == AF_INET ? 4 : 16;
	char ls[INET6_ADDRSTRLEN], ps[INET6_ADDRSTRLEN];
	struct nl_msg *msg;
	int rc;

	/*
	 * A link-local address is link-scoped, whatever the prefix.  IPv6CP
	 * already made the identifiers unique on this link, so no DAD: the
	 * address is usable at once, as the source of our first RA.
	 */
	if (family == AF_INET6) {
		ifa.ifa_scope = RT_SCOPE_LINK;
		ifa.ifa_flags = IFA_F_NODAD;
	}
	msg = nlmsg_alloc_simple(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
	if (!msg)
		return -ENOMEM;
	rc = nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
	if (rc == 0)
		rc = nla_put(msg, IFA_LOCAL, alen, local);
	if (rc == 0)
		rc = nla_put(msg, IFA_ADDRESS, alen, peer);
	if (rc < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	/* Sends, waits for the ack, frees msg. */
	rc = nl_send_sync(nd->sk, msg);
	if (rc < 0)
		log_err("netdev %s: adding %s peer %s: %s", ifname,
			inet_ntop(family, local, ls, sizeof(ls)),
			inet_ntop(family, peer, ps, sizeof(ps)),
			nl_geterror(rc));
	return rc < 0 ? nl_to_errno(rc) : 0;
}

static void link_local(uint8_t out[16], const uint8_t ifid[8])
{
	memset(out, 0, 16);
	out[0] = 0xfe;
	out[1] = 0x80;
	memcpy(out + 8, ifid, 8);
}

int netdev_configure(struct netdev *nd, int ifindex,
		     const struct netdev_link *l, char ifname[IF_NAMESIZE])
{
	int rc = link_up(nd, ifindex, l->mtu, ifname);

	if (rc < 0)
		return rc;
	if (l->ipv4) {
		uint32_t lo = htonl(l->local_ip), pe = htonl(l->peer_ip);

		rc = add_addr(nd, ifindex, ifname, AF_INET, &lo, &pe);
		if (rc < 0)
			return rc;
	}
	if (l->ipv6) {
		uint8_t lo[16], pe[16];

		link_local(lo, l->local_ifid);
		link_local(pe, l->peer_ifid);
		rc = add_addr(nd, ifindex, ifname, AF_INET6, lo, pe);
	}
	return rc;
}

static int route6(struct netdev *nd, int cmd, int flags, int ifindex,
		  const char *ifname, const uint8_t prefix[16], unsigned plen)
{
	struct rtmsg rtm = {
		.rtm_family = AF_INET6,
		.rtm_dst_len = (uint8_t)plen,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = RTPROT_STATIC,
		.rtm_scope = RT_SCOPE_UNIVERSE,
		.rtm_type = RTN_UNICAST,
	};
	uint32_t oif = (uint32_t)ifindex;
	char ps[INET6_ADDRSTRLEN];
	struct nl_msg *msg;
	int rc;

	msg = nlmsg_alloc_simple(cmd, flags);
	if (!msg)
		return -ENOMEM;
	rc = nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO);
	if (rc == 0)
		rc = nla_put(msg, RTA_DST, 16, prefix);
	if (rc == 0)
		rc = nla_put_u32(msg, RTA_OIF, oif);
	if (rc < 0) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	rc = nl_send_sync(nd->sk, msg);
	/* A route gone with its device is no failure to remove it. */
	if (rc < 0 && (cmd == RTM_NEWROUTE || nl_to_errno(rc) != -ESRCH))
		log_err("netdev %s: route %s/%u: %s", ifname,
			inet_ntop(AF_INET6, prefix, ps, sizeof(ps)), plen,
			nl_geterror(rc));
	return rc < 0 ? nl_to_errno(rc) : 0;
}

int netdev_add_route6(struct netdev *nd, int ifindex, const char *ifname,
		      const uint8_t prefix[16], unsigned plen)
{
	return route6(nd, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, ifindex,
		      ifname, prefix, plen);
}

int netdev_del_route6(struct netdev *nd, int ifindex, const char *ifname,
		      const uint8_t prefix[16], unsigned plen)
{
	return route6(nd, RTM_DELROUTE, 0, ifindex, ifname, prefix, plen);
}
