/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Router Advertisements on PPP session devices, so a standard client
 * (pppd, Windows, macOS) forms a global address from its delegated /64
 * by SLAAC and takes the LNS as its default router.
 *
 * One raw ICMPv6 socket serves every session: the kernel fills in and
 * checks the ICMPv6 checksum, ICMP6_FILTER lets only Router Solicitations
 * in, and IPV6_PKTINFO names the device a solicitation came from, looked
 * up in a hash by ifindex.  Per session: a pre-built advertisement and one
 * timer on the daemon's loop.  Schedule (RFC 4861 6.2.4, 6.2.6): one RA at
 * once, two more RA_INITIAL_INTERVAL_MS apart (so a client that set up
 * its link-local address after the first still gets one promptly), then
 * every 0.75..1 x interval, jittered so sessions that came up together do
 * not send together; a solicitation is answered at once, but never sooner
 * than 3 s after the previous RA on that link.  All RAs go to ff02::1 from
 * fe80::<our IPv6CP interface identifier> with hop limit 255.
 */
#ifndef L2TPGW_RA_RA_SERVER_H
#define L2TPGW_RA_RA_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "ra/ra_build.h"
#include "ra/ra_config.h"

struct loop;
struct ra_server;

#define RA_INITIAL_INTERVAL_MS	2000u	/* RFC 4861 allows up to 16 s */
#define RA_INITIAL_COUNT	3u
#define RA_MIN_DELAY_MS		3000u	/* MIN_DELAY_BETWEEN_RAS */
#define RA_VALID_LIFETIME_S	86400u
#define RA_PREFERRED_LIFETIME_S	14400u

/* A session whose IPv6CP just opened with a delegated /64. */
struct ra_link {
	uint16_t tunnel_id, session_id;
	int ifindex;
	const char *ifname;
	uint8_t local_ifid[8];		/* ours: the RA's source fe80::ID */
	uint8_t prefix[16];		/* the /64, low 64 bits zero */
	uint32_t mtu;			/* of the link; 0: no MTU option */
	const struct ra_config *cfg;	/* copied */
};

/*
 * Where packets go.  NULL in ra_server_new: the raw socket.  Tests pass
 * their own and feed solicitations through ra_server_input.
 * send: 0 or a negative errno; -ENODEV/-ENXIO mean the device is gone.
 */
struct ra_io {
	int (*send)(void *arg, int ifindex, const uint8_t src[16],
		    const uint8_t *pkt, size_t len);
	void *arg;
};

struct ra_server_stats {
	uint64_t links;			/* sessions advertised on now */
	uint64_t ra_sent;
	uint64_t ra_send_errors;
	uint64_t rs_received;		/* on a session device */
	uint64_t rs_dropped;		/* malformed, by verdict below */
	uint64_t rs_dropped_by[RS_VERDICT_MAX];
	uint64_t rs_other_device;	/* on a device that is no session */
};

/* NULL with the reason in err (no CAP_NET_RAW, no IPv6, no memory). */
struct ra_server *ra_server_new(struct loop *loop, const struct ra_io *io,
				char *err, size_t errlen);
void ra_server_free(struct ra_server *rs);

/*
 * Start advertising on l->ifindex (replacing whatever advertised there
 * before: an ifindex names one device at a time).  0 or -ENOMEM/-EINVAL.
 */
int ra_server_link_up(struct ra_server *rs, const struct ra_link *l);
/* Stop advertising for that session; unknown sessions are ignored. */
void ra_server_link_down(struct ra_server *rs, uint16_t tunnel_id,
			 uint16_t session_id);

/*
 * One ICMPv6 message received on ifindex from src (16 bytes) with the hop
 * limit it arrived with.  Malformed solicitations are counted and dropped.
 */
void ra_server_input(struct ra_server *rs, int ifindex, const uint8_t src[16],
		     int hop_limit, const uint8_t *buf, size_t len);

void ra_server_stats(const struct ra_server *rs, struct ra_server_stats *out);
/*
 * The same counters as (name, value) pairs for the control socket's
 * "stats": ra_links, ra_sent, ra_send_errors, rs_received, rs_dropped,
 * rs_dropped_<reason> per verdict, rs_other_device.  0, or emit's first
 * negative return.
 */
int ra_server_report(const struct ra_server *rs,
		     int (*emit)(const char *name, uint64_t value, void *ctx),
		     void *ctx);

#endif /* L2TPGW_RA_RA_SERVER_H */
