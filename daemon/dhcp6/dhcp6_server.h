/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCPv6 prefix delegation (RFC 8415, IA_PD) on PPP session devices: a
 * session whose authentication granted a delegated prefix (RADIUS
 * Delegated-IPv6-Prefix, the users file's delegated_prefix=) hands it to
 * the client router behind it, which numbers its own networks from it.
 *
 * One UDP socket on [::]:547 serves every session; it joins
 * All_DHCP_Relay_Agents_and_Servers (ff02::1:2) on a session's device
 * when its IPv6CP opens, and IPV6_PKTINFO's ifindex says which session a
 * message is from, looked up in a hash.  A session without a delegated
 * prefix answers every IA_PD with NoPrefixAvail (RFC 8415 18.3.9,
 * 18.3.10), so its client stops asking.
 *
 * Per session: one binding (the client's DUID and IAID) and one timer
 * for the valid lifetime.  The prefix is routed to the session's device
 * once a Request (or a Solicit with Rapid Commit), Renew or Rebind
 * commits it, and unrouted by Release, by the valid lifetime running
 * out, and when the session's IPv6 goes down.  A prefix that overlaps
 * the session's own /64 or another session's delegated prefix is refused
 * when the link comes up, with a log line naming user and prefix; the
 * session goes on without one.
 */
#ifndef L2TPGW_DHCP6_DHCP6_SERVER_H
#define L2TPGW_DHCP6_DHCP6_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dhcp6/dhcp6_msg.h"

struct loop;
struct dhcp6_server;

#define DHCP6_PREFERRED_LIFETIME_S	14400u
#define DHCP6_VALID_LIFETIME_S		86400u
/* T1, T2 (RFC 8415 21.21): 0.5 and 0.8 times the preferred lifetime. */

/* A session whose IPv6CP just opened. */
struct dhcp6_link {
	uint16_t tunnel_id, session_id;
	int ifindex;
	const char *ifname;
	const char *user;		/* for logs; NULL: "" */
	bool has_prefix;		/* delegated: prefix/prefix_len */
	uint8_t prefix[16];
	uint8_t prefix_len;
	bool has_own64;			/* the session's SLAAC /64 */
	uint8_t own64[16];
};

/*
 * Where packets and routes go.  send NULL in dhcp6_server_new: the UDP
 * socket.  Tests pass their own and feed messages in dhcp6_server_input.
 * send: to dst port 546 on ifindex; route: add or delete prefix/len via
 * the device.  0 or a negative errno.
 */
struct dhcp6_io {
	int (*send)(void *arg, int ifindex, const uint8_t dst[16],
		    const uint8_t *pkt, size_t len);
	int (*route)(void *arg, int ifindex, const char *ifname,
		     const uint8_t prefix[16], unsigned len, bool add);
	void *arg;
};

struct dhcp6_server_stats {
	uint64_t links;			/* sessions served now */
	uint64_t delegated;		/* prefixes routed now */
	uint64_t received;		/* on a session device */
	uint64_t dropped;		/* malformed, by verdict below */
	uint64_t dropped_by[DHCP6_VERDICT_MAX];
	uint64_t not_for_us;		/* another server's Server Identifier */
	uint64_t ignored;		/* Confirm, Decline */
	uint64_t other_device;		/* on a device that is no session */
	uint64_t advertise_sent, reply_sent;
	uint64_t no_prefix_avail;	/* IA_PDs answered NoPrefixAvail */
	uint64_t send_errors;
	uint64_t refused;		/* prefixes refused at link up */
	uint64_t expired;		/* bindings whose lifetime ran out */
};

/*
 * duid: the server's (DUID-LL, dhcp6_socket_duid), copied.  NULL with the
 * reason in err (no socket, no port 547, no memory).
 */
struct dhcp6_server *dhcp6_server_new(struct loop *loop,
				      const struct dhcp6_io *io,
				      const uint8_t *duid, size_t duid_len,
				      char *err, size_t errlen);
void dhcp6_server_free(struct dhcp6_server *ds);

/*
 * Serve l->ifindex (replacing whatever was served there).  0, or
 * -ENOMEM/-EINVAL.  A refused prefix is not an error: the link is served
 * without one.
 */
int dhcp6_server_link_up(struct dhcp6_server *ds, const struct dhcp6_link *l);
/* Stop, unrouting its prefix; unknown sessions are ignored. */
void dhcp6_server_link_down(struct dhcp6_server *ds, uint16_t tunnel_id,
			    uint16_t session_id);

/* One UDP payload received on ifindex from src (16 bytes). */
void dhcp6_server_input(struct dhcp6_server *ds, int ifindex,
			const uint8_t src[16], const uint8_t *buf, size_t len);

void dhcp6_server_stats(const struct dhcp6_server *ds,
			struct dhcp6_server_stats *out);
/*
 * The counters as (name, value) pairs for the control socket's "stats":
 * dhcp6_links, dhcp6_delegated, dhcp6_received, dhcp6_dropped,
 * dhcp6_dropped_<reason> per verdict, dhcp6_not_for_us, dhcp6_ignored,
 * dhcp6_other_device, dhcp6_advertise_sent, dhcp6_reply_sent,
 * dhcp6_no_prefix_avail, dhcp6_send_errors, dhcp6_refused,
 * dhcp6_expired.  0, or emit's first negative return.
 */
int dhcp6_server_report(const struct dhcp6_server *ds,
			int (*emit)(const char *name, uint64_t value,
				    void *ctx),
			void *ctx);

#endif /* L2TPGW_DHCP6_DHCP6_SERVER_H */
