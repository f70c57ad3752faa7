// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway's data plane (struct gateway_dataplane) on the real kernel:
 * the l2tpgw module for sessions and PPP frames, rtnetlink for the
 * session devices and their rate limits, the RA server for delegated
 * prefixes, the DHCPv6 server for prefix delegation.
 */
#include <errno.h>
#include <linux/l2tpgw.h>
#include <net/if.h>
#include <string.h>

#include "daemon.h"
#include "dhcp6/dhcp6_server.h"
#include "dhcp6/dhcp6_socket.h"
#include "kernel.h"
#include "log.h"
#include "netdev.h"
#include "ra/ra_server.h"
#include "shaper/shaper.h"

static int dp_ppp_xmit(void *arg, uint16_t tid, uint16_t sid,
		       const uint8_t *frame, size_t len)
{
	struct daemon *d = arg;

	return kernel_ppp_xmit(d->k, tid, sid, frame, len);
}

/*
 * The peer's delegated /64: routed to its device, then advertised so the
 * client configures a global address by SLAAC.  A failure here leaves
 * IPv6 link-local only (logged), never the session's IPv4.
 */
static void dp_advertise(struct daemon *d, const struct gateway_link *l,
			 int ifindex, const char *ifname)
{
	struct ra_link ra = {
		.tunnel_id = l->tunnel_id, .session_id = l->session_id,
		.ifindex = ifindex, .ifname = ifname, .mtu = l->mtu,
		.cfg = l->ncp->ra,
	};
	int rc;

	if (!d->ra || !l->ncp->ra) {
		log_warn("session %u/%u %s: no router advertisements (%s): "
			 "IPv6 stays link-local only", l->tunnel_id,
			 l->session_id, ifname, !d->ra ? "no raw ICMPv6 socket" :
			 "no settings for them");
		return;
	}
	if (netdev_add_route6(d->nd, ifindex, ifname, l->ncp->prefix, 64) < 0)
		return;
	memcpy(ra.local_ifid, l->ncp->local_ifid, 8);
	memcpy(ra.prefix, l->ncp->prefix, 16);
	rc = ra_server_link_up(d->ra, &ra);
	if (rc < 0)
		log_err("session %u/%u %s: router advertisements: %s",
			l->tunnel_id, l->session_id, ifname, strerror(-rc));
}

/*
 * Every IPv6 session is served by DHCPv6: the one granted a delegated
 * prefix gets it, the others NoPrefixAvail.
 */
static void dp_delegate(struct daemon *d, const struct gateway_link *l,
			int ifindex, const char *ifname)
{
	const struct ppp_ncp_result *r = l->ncp;
	struct dhcp6_link dl = {
		.tunnel_id = l->tunnel_id, .session_id = l->session_id,
		.ifindex = ifindex, .ifname = ifname, .user = r->user,
		.has_prefix = r->has_delegated,
		.prefix_len = r->delegated_len,
		.has_own64 = r->has_prefix,
	};
	int rc;

	if (!r->serve_pd)
		return;
	if (!d->dhcp6) {
		if (r->has_delegated)
			log_warn("session %u/%u %s: user \"%s\": no DHCPv6 "
				 "server running (see the start-up log): no "
				 "prefix delegation", l->tunnel_id,
				 l->session_id, ifname, r->user ? r->user : "");
		return;
	}
	memcpy(dl.prefix, r->delegated, 16);
	memcpy(dl.own64, r->prefix, 16);
	rc = dhcp6_server_link_up(d->dhcp6, &dl);
	if (rc < 0)
		log_err("session %u/%u %s: DHCPv6: %s", l->tunnel_id,
			l->session_id, ifname, strerror(-rc));
}

static int dp_link_up(void *arg, const struct gateway_link *l,
		      char ifname[IF_NAMESIZE])
{
	struct daemon *d = arg;
	struct netdev_link nl = { .mtu = l->mtu };
	uint32_t ifindex;
	int rc;

	rc = kernel_session_ifindex(d->k, l->tunnel_id, l->session_id,
				    &ifindex);
	if (rc < 0) {
		log_err("session %u/%u: no net device: %s", l->tunnel_id,
			l->session_id, strerror(-rc));
		return rc;
	}
	if (l->proto == PPP_IP) {
		nl.ipv4 = true;
		nl.local_ip = l->ncp->local_ip;
		nl.peer_ip = l->ncp->peer_ip;
	} else {
		nl.ipv6 = true;
		memcpy(nl.local_ifid, l->ncp->local_ifid, 8);
		memcpy(nl.peer_ifid, l->ncp->peer_ifid, 8);
	}
	/* Addresses before the protocol: no packet reaches a bare device. */
	rc = netdev_configure(d->nd, (int)ifindex, &nl, ifname);
	if (rc < 0)
		return rc;
	rc = kernel_session_modify(d->k, l->tunnel_id, l->session_id,
				   l->protocols, l->mtu);
	if (rc == 0 && l->proto == PPP_IPV6 && l->ncp->has_prefix)
		dp_advertise(d, l, (int)ifindex, ifname);
	if (rc == 0 && l->proto == PPP_IPV6)
		dp_delegate(d, l, (int)ifindex, ifname);
	return rc;
}

static int dp_link_down(void *arg, uint16_t tid, uint16_t sid,
			uint32_t protocols)
{
	struct daemon *d = arg;

	if (d->ra && !(protocols & L2TPGW_PROTO_IPV6))
		ra_server_link_down(d->ra, tid, sid);
	if (d->dhcp6 && !(protocols & L2TPGW_PROTO_IPV6))
		dhcp6_server_link_down(d->dhcp6, tid, sid);
	return kernel_session_modify(d->k, tid, sid, protocols, 0);
}

/* Its device went with it: stop advertising there. */
static void dp_session_down(void *arg, uint16_t tid, uint16_t sid)
{
	struct daemon *d = arg;

	if (d->ra)
		ra_server_link_down(d->ra, tid, sid);
	if (d->dhcp6)
		dhcp6_server_link_down(d->dhcp6, tid, sid);
}

static int dp_tunnel_rebind(void *arg, uint16_t tid,
			    const struct l2tp_addr *peer, uint64_t *rx_wrong_sa)
{
	struct daemon *d = arg;

	return kernel_tunnel_rebind(d->k, tid, peer, rx_wrong_sa);
}

static int dp_session_counters(void *arg, uint16_t tid, uint16_t sid,
			       struct control_counters *c)
{
	struct daemon *d = arg;

	return kernel_session_counters(d->k, tid, sid, c);
}

static int dp_counters_dump(void *arg, uint16_t tid, gateway_counters_fn fn,
			    void *fn_arg)
{
	struct daemon *d = arg;

	return kernel_counters_dump(d->k, tid, fn, fn_arg);
}

static int dp_session_rate(void *arg, uint32_t ifindex, const char *ifname,
			   const struct aaa_rate *rate)
{
	struct daemon *d = arg;

	if (!d->shaper)
		return -EOPNOTSUPP;
	if (!ifindex)
		ifindex = if_nametoindex(ifname);
	if (!ifindex)
		return -ENODEV;
	return shaper_apply(d->shaper, (int)ifindex, ifname, rate);
}

/* The config's tcp_mss is the module's L2TPGW_A_TCP_MSS, passed as is. */
_Static_assert(CONFIG_TCP_MSS_OFF == 0 &&
	       CONFIG_TCP_MSS_AUTO == L2TPGW_TCP_MSS_AUTO &&
	       CONFIG_TCP_MSS_MIN == L2TPGW_TCP_MSS_MIN,
	       "tcp_mss: config and UAPI disagree");

static void dp_session_defaults(void *arg, const char *ifname, uint32_t mtu,
				uint16_t tcp_mss)
{
	struct daemon *d = arg;
	struct kernel_session_defaults def = {
		.ifname = ifname, .mtu = mtu, .tcp_mss = tcp_mss,
	};

	kernel_set_session_defaults(d->k, &def);
}

void daemon_dataplane(struct daemon *d, struct gateway_dataplane *dp)
{
	*dp = (struct gateway_dataplane){
		.l2tp = &kernel_l2tp_ops, .l2tp_arg = d->k,
		.ppp_xmit = dp_ppp_xmit, .link_up = dp_link_up,
		.link_down = dp_link_down, .session_down = dp_session_down,
		.tunnel_rebind = dp_tunnel_rebind,
		.session_defaults = dp_session_defaults,
		.session_counters = dp_session_counters,
		.counters_dump = dp_counters_dump,
		.session_rate = dp_session_rate, .arg = d,
	};
}

int start_ra(struct daemon *d, const struct config *cfg)
{
	char err[256];
	unsigned i;

	d->ra = ra_server_new(d->loop, NULL, err, sizeof(err));
	if (d->ra)
		return 0;
	for (i = 0; i < cfg->n_lns; i++)
		if (cfg->lns[i].ipv6_prefix_pool.len) {
			log_err("[lns %s]: ipv6_prefix_pool: %s",
				cfg->lns[i].name, err);
			return -1;
		}
	log_warn("%s", err);
	return 0;
}

static int dhcp6_route(void *arg, int ifindex, const char *ifname,
		       const uint8_t prefix[16], unsigned len, bool add)
{
	struct daemon *d = arg;

	return add ? netdev_add_route6(d->nd, ifindex, ifname, prefix, len) :
		     netdev_del_route6(d->nd, ifindex, ifname, prefix, len);
}

void start_dhcp6(struct daemon *d, const struct config *cfg)
{
	struct dhcp6_io io = { .route = dhcp6_route, .arg = d };
	uint8_t duid[DHCP6_DUID_MAX];
	char err[256];
	unsigned i;
	int n;

	for (i = 0; i < cfg->n_lns && !cfg->lns[i].ipv6; i++)
		;
	if (i == cfg->n_lns)
		return;
	n = dhcp6_socket_duid(duid);
	d->dhcp6 = dhcp6_server_new(d->loop, &io, duid, (size_t)n, err,
				    sizeof(err));
	if (!d->dhcp6)
		log_warn("%s: no DHCPv6 prefix delegation", err);
}
