/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * l2tpgw: the contract between the l2tpgw.ko data plane and user space.
 *
 * Generic netlink family "l2tpgw" (L2TPGW_GENL_NAME), version
 * L2TPGW_GENL_VERSION, with one multicast group "events"
 * (L2TPGW_MCGRP_EVENTS).  Everything that crosses the kernel/user boundary
 * is described here; nothing else does.
 *
 * Objects
 * -------
 * socket   A UDP socket (IPv4 or IPv6) on which the module has set UDP
 *          encapsulation.  One socket serves every tunnel on its local
 *          address.  Either owned by a user-space process (attached by file
 *          descriptor; the module takes no file reference, so closing the
 *          last descriptor detaches it and removes all its tunnels), or
 *          created and owned by the module itself (attached by local
 *          address and port, for static configurations; lives until
 *          detached or until its network namespace goes away).  Named by a
 *          u32 id chosen by the module.  Flags (enum l2tpgw_sock_flag) say
 *          whether everything on it must have arrived through IPsec.
 *
 * tunnel   An L2TPv2 tunnel: local tunnel id (unique per namespace),
 *          peer tunnel id, peer address and port, the socket it uses, and
 *          an skb mark stamped on every packet sent for it (used to select
 *          the tunnel's own IPsec SA), and the reqid of the SA its traffic
 *          must arrive through.
 *
 * session  A PPP session inside a tunnel: local session id (unique in its
 *          tunnel), peer session id, and a point-to-point net device of
 *          type ARPHRD_PPP that carries its IPv4/IPv6 traffic.
 *
 * Receive path
 * ------------
 * The module looks at every datagram arriving on an attached socket:
 *  - control messages (T bit set) go up to the socket unchanged;
 *  - data messages for a tunnel id the module does not know go up to the
 *    socket unchanged (the daemon may own them) and are counted in the
 *    socket's L2TPGW_STAT_RX_PASSED_UP;
 *  - data messages for a known tunnel are checked (source address and port
 *    must equal the tunnel's peer; header well formed; session known);
 *    failures are dropped and counted by cause;
 *  - PPP frames of a session whose protocol is IPv4 (0x0021) or IPv6
 *    (0x0057) and is enabled on the session (L2TPGW_A_SESSION_PROTOCOLS)
 *    are delivered on the session's net device;
 *  - every other PPP frame of a known session (LCP, authentication, NCPs,
 *    CCP, unknown protocols, and IP while its protocol is not enabled) is
 *    a PPP control frame: it goes up to the socket unchanged, L2TP header
 *    included, so the daemon reads L2TP control and PPP control from one
 *    descriptor.  Its sequence number (if any) has been consumed by the
 *    module's receive sequencing first.  On a module-owned socket nobody
 *    reads, such frames are dropped and counted instead.
 *
 * IPsec enforcement
 * -----------------
 * Linux does not run the inbound XFRM policy check for a UDP encapsulation
 * socket before its encap_rcv sees the datagram, so data messages the
 * module consumes would never meet a policy.  On a socket with
 * L2TPGW_SOCK_F_IPSEC the module enforces it itself.  The SA a datagram
 * arrived through is the last XFRM state of its security path (none: it
 * arrived in the clear).
 *  - A tunnel with a non-zero L2TPGW_A_IPSEC_REQID is bound to that SA.  A
 *    data message (PPP control frames included) for it that arrived in the
 *    clear is dropped and counted in the tunnel's
 *    L2TPGW_STAT_RX_UNPROTECTED; one that arrived through an SA with
 *    another reqid is dropped and counted in L2TPGW_STAT_RX_WRONG_SA:
 *    several clients behind one NAT all look like NATIP:1701 once
 *    decrypted, and only the SA tells them apart.  A tunnel with reqid 0
 *    is not checked (l2tpgwd creates such tunnels only for peers in the
 *    clear, when its configuration allows them).
 *  - A tunnel bound to an SA never sends in the clear, on any socket: if
 *    the route lookup for its mark fails with EPERM (l2tpgwd's block
 *    policy for the mark: no policy of charon's covers the packet any
 *    more) or finds no XFRM bundle (no policy at all), the packet is
 *    dropped and counted in the session's L2TPGW_STAT_TX_NO_SA.  Other
 *    lookup failures, and every failure of a tunnel with reqid 0, count
 *    in L2TPGW_STAT_TX_NO_ROUTE.
 *  - Every datagram the module passes up on such a socket (control
 *    messages, unknown tunnels, PPP control frames) carries in skb->mark
 *    L2TPGW_RCVMARK_IPSEC | (reqid & 0x7fffffff) if it arrived through an
 *    SA, or 0 if it arrived in the clear.  The daemon reads it with
 *    SO_RCVMARK (Linux 5.19+) and applies the same rules to control.
 *    The top bit is set because the UDP stack still runs the inbound policy
 *    check on passed-up datagrams, looking policies up by this very mark:
 *    charon's "%unique" marks are small integers, so a bare reqid could
 *    equal the mark of another client's inbound policy, whose template
 *    (that client's SA) the datagram does not match, and it would be
 *    dropped.  charon never allocates a mark with the top bit set.
 * Sockets without L2TPGW_SOCK_F_IPSEC do none of this and leave the mark
 * alone.
 *
 * TCP MSS clamping
 * ----------------
 * A TCP SYN or SYN-ACK crossing a session in either direction (sent on
 * its device, or received from its peer) whose MSS option is larger than
 * the session's limit has it lowered to the limit, its TCP checksum
 * updated, and is counted in the session's L2TPGW_STAT_TCP_MSS_CLAMPED:
 * hosts on 1500-byte LANs on both sides then send segments that fit the
 * session without relying on path MTU discovery.  L2TPGW_A_TCP_MSS sets
 * the limit: L2TPGW_TCP_MSS_AUTO (the default) follows the device's MTU
 * as it is when the packet passes (MTU - 40 for IPv4, MTU - 60 for IPv6
 * with the MTU taken as at least 1280, the IPv6 minimum); 0 turns
 * clamping off; any other value N (L2TPGW_TCP_MSS_MIN or more) is the
 * IPv4 MSS, and IPv6 gets N - 20 (the same path MTU, N + 40).  Only IPv4
 * packets that are not fragments or are first fragments, and IPv6
 * packets whose extension headers lead to TCP (a first fragment
 * included), are looked at; a SYN whose headers or options are malformed
 * is passed on untouched.
 *
 * PPP control frames from the daemon
 * ----------------------------------
 * The daemon never writes L2TP data messages to the socket itself; it sends
 * L2TPGW_CMD_PPP_XMIT with the PPP frame (protocol field first, no HDLC
 * address/control).  The module adds address/control per the session's
 * flags, the L2TP header with the session's own Ns/Nr when sequencing is
 * on, the tunnel's mark and route, so data and control frames share one
 * sequence space.  No descriptor or process per session is needed.
 *
 * Commands (request attributes; "→" is the reply)
 * ------------------------------------------------
 * L2TPGW_CMD_SOCK_ATTACH      CAP_NET_ADMIN.
 *     Either SOCK_FD (a bound UDP socket of the caller), or SOCK_FAMILY +
 *     SOCK_LOCAL_ADDR + SOCK_LOCAL_PORT (the module creates the socket).
 *     Optional SOCK_FLAGS.
 *     → SOCK_ID and the socket's attributes.
 * L2TPGW_CMD_SOCK_MODIFY      CAP_NET_ADMIN.  SOCK_ID, SOCK_FLAGS.
 *     → the socket.
 * L2TPGW_CMD_SOCK_DETACH      CAP_NET_ADMIN.  SOCK_ID.  Removes its tunnels.
 * L2TPGW_CMD_SOCK_GET         SOCK_ID → one socket (with SOCK_FLAGS and
 *     STATS); dump: all sockets.
 * L2TPGW_CMD_TUNNEL_ADD       CAP_NET_ADMIN.  SOCK_ID, TUNNEL_ID,
 *     PEER_TUNNEL_ID, PEER_ADDR, PEER_PORT; optional LOCAL_ADDR (source
 *     address to use, default: chosen by route), MARK, TUNNEL_FLAGS,
 *     IPSEC_REQID.
 *     → the tunnel.
 * L2TPGW_CMD_TUNNEL_DEL       CAP_NET_ADMIN.  TUNNEL_ID.  Removes sessions.
 * L2TPGW_CMD_TUNNEL_MODIFY    CAP_NET_ADMIN.  TUNNEL_ID and any of
 *     PEER_TUNNEL_ID, PEER_ADDR, PEER_PORT, LOCAL_ADDR, MARK,
 *     TUNNEL_FLAGS, IPSEC_REQID.
 * L2TPGW_CMD_TUNNEL_GET       TUNNEL_ID → one tunnel with STATS;
 *     dump: all tunnels of the namespace (resumable).
 * L2TPGW_CMD_SESSION_ADD      CAP_NET_ADMIN.  TUNNEL_ID, SESSION_ID,
 *     PEER_SESSION_ID; optional IFNAME (default "l2tp%d"), MTU (default:
 *     what fits a 1500-byte path unfragmented, 1456 on an IPv4 socket and
 *     1436 on an IPv6 one), SESSION_FLAGS, PROTOCOLS, REORDER_WINDOW,
 *     REORDER_TIMEOUT, TCP_MSS (default L2TPGW_TCP_MSS_AUTO).
 *     → the session with its IFINDEX and IFNAME.
 * L2TPGW_CMD_SESSION_DEL      CAP_NET_ADMIN.  TUNNEL_ID, SESSION_ID.
 * L2TPGW_CMD_SESSION_MODIFY   CAP_NET_ADMIN.  TUNNEL_ID, SESSION_ID and any
 *     of PEER_SESSION_ID, MTU, SESSION_FLAGS, PROTOCOLS, REORDER_WINDOW,
 *     REORDER_TIMEOUT, TCP_MSS.
 * L2TPGW_CMD_SESSION_GET      TUNNEL_ID + SESSION_ID → one session with
 *     STATS; dump: all sessions, or those of TUNNEL_ID if given
 *     (resumable across any number of objects).
 * L2TPGW_CMD_PPP_XMIT         CAP_NET_ADMIN.  TUNNEL_ID, SESSION_ID,
 *     PPP_FRAME.  Sends one PPP control frame on the session.
 * L2TPGW_CMD_STATS_GET        → the namespace's global STATS (packets the
 *     module saw before any tunnel could be found, creations refused by a
 *     limit) and its LIMITS (enum l2tpgw_limit).
 *
 * Events (multicast group "events", sent by the module)
 * -----------------------------------------------------
 * L2TPGW_CMD_TUNNEL_DEL and L2TPGW_CMD_SESSION_DEL are also sent as events
 * whenever an object goes away, with its ids and L2TPGW_A_CAUSE saying why
 * (enum l2tpgw_cause); SOCK_DETACH likewise.
 *
 * Counters
 * --------
 * L2TPGW_A_STATS is a nest of u64 attributes (enum l2tpgw_stat).  Tunnels
 * and sessions report the same set; a drop is counted on the most specific
 * object known when it happens (session, else tunnel, else socket, else
 * namespace), so that every datagram seen is accounted exactly once.
 *
 * Errors are negative errnos with an extack message naming the attribute
 * and what was wrong with it.  Each command accepts exactly the attributes
 * listed for it above (a dump those of its GET); any other attribute is
 * refused with EINVAL and "NAME: attribute not accepted by this command",
 * rather than silently ignored.
 */
#ifndef _UAPI_LINUX_L2TPGW_H
#define _UAPI_LINUX_L2TPGW_H

#include <linux/types.h>

#define L2TPGW_GENL_NAME	"l2tpgw"
#define L2TPGW_GENL_VERSION	1
#define L2TPGW_MCGRP_EVENTS	"events"

#define L2TPGW_DEFAULT_IFNAME	"l2tp%d"

enum l2tpgw_cmd {
	L2TPGW_CMD_UNSPEC,
	L2TPGW_CMD_SOCK_ATTACH,
	L2TPGW_CMD_SOCK_DETACH,
	L2TPGW_CMD_SOCK_GET,
	L2TPGW_CMD_TUNNEL_ADD,
	L2TPGW_CMD_TUNNEL_DEL,
	L2TPGW_CMD_TUNNEL_MODIFY,
	L2TPGW_CMD_TUNNEL_GET,
	L2TPGW_CMD_SESSION_ADD,
	L2TPGW_CMD_SESSION_DEL,
	L2TPGW_CMD_SESSION_MODIFY,
	L2TPGW_CMD_SESSION_GET,
	L2TPGW_CMD_PPP_XMIT,
	L2TPGW_CMD_STATS_GET,
	L2TPGW_CMD_SOCK_MODIFY,

	__L2TPGW_CMD_MAX
};
#define L2TPGW_CMD_MAX (__L2TPGW_CMD_MAX - 1)

enum l2tpgw_attr {
	L2TPGW_A_UNSPEC,
	L2TPGW_A_PAD,			/* for 64-bit alignment */
	L2TPGW_A_SOCK_ID,		/* u32 */
	L2TPGW_A_SOCK_FD,		/* s32, request only */
	L2TPGW_A_SOCK_FAMILY,		/* u16: AF_INET or AF_INET6 */
	L2TPGW_A_SOCK_LOCAL_ADDR,	/* binary: 4 or 16 bytes */
	L2TPGW_A_SOCK_LOCAL_PORT,	/* u16, host order */
	L2TPGW_A_SOCK_OWNED,		/* flag: created by the module */
	L2TPGW_A_TUNNEL_ID,		/* u16, 1..65535 */
	L2TPGW_A_PEER_TUNNEL_ID,	/* u16, 1..65535 */
	L2TPGW_A_PEER_ADDR,		/* binary: 4 or 16 bytes (socket family) */
	L2TPGW_A_PEER_PORT,		/* u16, host order, non-zero */
	L2TPGW_A_LOCAL_ADDR,		/* binary: 4 or 16 bytes */
	L2TPGW_A_MARK,			/* u32 skb mark for packets sent */
	L2TPGW_A_TUNNEL_FLAGS,		/* u32, enum l2tpgw_tunnel_flag */
	L2TPGW_A_SESSION_ID,		/* u16, 1..65535 */
	L2TPGW_A_PEER_SESSION_ID,	/* u16, 1..65535 */
	L2TPGW_A_IFNAME,		/* string, < IFNAMSIZ, may hold one %d */
	L2TPGW_A_IFINDEX,		/* u32, reply only */
	L2TPGW_A_MTU,			/* u32, 68..65535 */
	L2TPGW_A_SESSION_FLAGS,		/* u32, enum l2tpgw_session_flag */
	L2TPGW_A_PROTOCOLS,		/* u32, enum l2tpgw_protocol bits */
	L2TPGW_A_REORDER_WINDOW,	/* u16: 0 = deliver in order, no queue */
	L2TPGW_A_REORDER_TIMEOUT,	/* u32 ms: give up waiting for a gap */
	L2TPGW_A_PPP_FRAME,		/* binary: protocol field first */
	L2TPGW_A_STATS,			/* nest of enum l2tpgw_stat, u64 each */
	L2TPGW_A_CAUSE,			/* u32, enum l2tpgw_cause, events only */
	L2TPGW_A_SOCK_FLAGS,		/* u32, enum l2tpgw_sock_flag */
	L2TPGW_A_IPSEC_REQID,		/* u32, 0 = not bound to an SA */
	L2TPGW_A_LIMITS,		/* nest of enum l2tpgw_limit, u64 each;
					 * STATS_GET reply only
					 */
	L2TPGW_A_TCP_MSS,		/* u16: 0 = off, L2TPGW_TCP_MSS_AUTO,
					 * or L2TPGW_TCP_MSS_MIN..65534
					 */

	__L2TPGW_A_MAX
};
#define L2TPGW_A_MAX (__L2TPGW_A_MAX - 1)

/* The largest L2TPGW_A_REORDER_WINDOW (frames) and L2TPGW_A_REORDER_TIMEOUT
 * (ms) the module accepts.
 */
#define L2TPGW_REORDER_WINDOW_MAX	4096
#define L2TPGW_REORDER_TIMEOUT_MAX	60000

/* L2TPGW_A_TCP_MSS: the limit follows the session's MTU; the smallest
 * fixed limit (Linux's own TCP_MIN_MSS).
 */
#define L2TPGW_TCP_MSS_AUTO		0xffff
#define L2TPGW_TCP_MSS_MIN		88

enum l2tpgw_sock_flag {
	/* Every datagram on this socket must have arrived through IPsec. */
	L2TPGW_SOCK_F_IPSEC		= 1 << 0,
};

/* Top bit of the skb mark of datagrams passed up on an IPsec socket that
 * arrived through an SA; the low 31 bits are the SA's reqid.
 */
#define L2TPGW_RCVMARK_IPSEC	0x80000000u

enum l2tpgw_tunnel_flag {
	/* Set UDP checksums on transmit (IPv4; IPv6 always checksums). */
	L2TPGW_TUNNEL_F_UDP_CSUM	= 1 << 0,
	/* Include the Length field in data messages sent (L bit). */
	L2TPGW_TUNNEL_F_SEND_LENGTH	= 1 << 1,
};

enum l2tpgw_session_flag {
	/* Send Ns/Nr in data messages (S bit). */
	L2TPGW_SESSION_F_SEND_SEQ	= 1 << 0,
	/* Drop data messages that arrive without sequence numbers. */
	L2TPGW_SESSION_F_RECV_SEQ	= 1 << 1,
	/* We are the LNS: we decide sequencing, the peer follows. */
	L2TPGW_SESSION_F_LNS		= 1 << 2,
	/* Omit PPP address/control (ACFC negotiated by the peer). */
	L2TPGW_SESSION_F_TX_ACFC	= 1 << 3,
	/* Send one-byte protocol fields where allowed (PFC negotiated). */
	L2TPGW_SESSION_F_TX_PFC		= 1 << 4,
	/* Set the P (priority) bit on the data messages we send. */
	L2TPGW_SESSION_F_PRIORITY	= 1 << 5,
};

enum l2tpgw_protocol {
	L2TPGW_PROTO_IPV4		= 1 << 0,	/* PPP 0x0021 */
	L2TPGW_PROTO_IPV6		= 1 << 1,	/* PPP 0x0057 */
};

enum l2tpgw_cause {
	L2TPGW_CAUSE_UNSPEC,
	L2TPGW_CAUSE_USER,		/* deleted by a netlink request */
	L2TPGW_CAUSE_SOCK_CLOSED,	/* its socket was closed */
	L2TPGW_CAUSE_NETNS_EXIT,	/* its namespace is going away */
	L2TPGW_CAUSE_TUNNEL_DEL,	/* session: its tunnel went away */
	L2TPGW_CAUSE_DEV_DEL,		/* session: its net device was deleted */
};

enum l2tpgw_stat {
	L2TPGW_STAT_UNSPEC,
	L2TPGW_STAT_PAD,
	L2TPGW_STAT_RX_PACKETS,		/* data frames delivered to the device */
	L2TPGW_STAT_RX_BYTES,
	L2TPGW_STAT_TX_PACKETS,		/* data messages sent */
	L2TPGW_STAT_TX_BYTES,
	L2TPGW_STAT_RX_CTRL_PACKETS,	/* PPP control frames passed up */
	L2TPGW_STAT_TX_CTRL_PACKETS,	/* PPP control frames sent (PPP_XMIT) */
	L2TPGW_STAT_RX_PASSED_UP,	/* datagrams handed to the socket */
	L2TPGW_STAT_RX_BAD_HEADER,	/* truncated, wrong version, bad flags */
	L2TPGW_STAT_RX_BAD_LENGTH,	/* Length field or offset out of range */
	L2TPGW_STAT_RX_UNKNOWN_SESSION,	/* tunnel known, session not */
	L2TPGW_STAT_RX_WRONG_PEER,	/* source address/port not the peer's */
	L2TPGW_STAT_RX_SEQ_MISSING,	/* no Ns while RECV_SEQ is required */
	L2TPGW_STAT_RX_SEQ_DISCARD,	/* old or duplicate Ns */
	L2TPGW_STAT_RX_REORDER_TIMEOUT,	/* gaps skipped after the timeout */
	L2TPGW_STAT_RX_REORDER_OVERFLOW,/* beyond the reorder window */
	L2TPGW_STAT_RX_OOS_PACKETS,	/* arrived out of sequence, queued */
	L2TPGW_STAT_RX_PROTO_DISABLED,	/* IP frame while its NCP is closed */
	L2TPGW_STAT_RX_BAD_PPP,		/* PPP header truncated or malformed */
	L2TPGW_STAT_RX_NOT_READ,	/* control frame on an owned socket */
	L2TPGW_STAT_RX_DROPPED,		/* the stack refused the frame */
	L2TPGW_STAT_TX_NO_ROUTE,	/* no route (or XFRM refused) to peer */
	L2TPGW_STAT_TX_DROPPED,		/* no headroom, too big, or stack err */
	L2TPGW_STAT_RX_UNPROTECTED,	/* in clear for a tunnel bound to an SA */
	L2TPGW_STAT_RX_WRONG_SA,	/* through an SA not the tunnel's reqid */
	L2TPGW_STAT_TX_NO_SA,		/* bound to an SA, none to send through */
	L2TPGW_STAT_RX_REORDER_NOMEM,	/* not queued: namespace's reorder
					 * memory (max_reorder_bytes) full
					 */
	L2TPGW_STAT_LIMIT_REFUSED,	/* namespace: creations refused by
					 * max_sockets/tunnels/sessions
					 */
	L2TPGW_STAT_TCP_MSS_CLAMPED,	/* SYNs whose MSS option was lowered
					 * (both directions)
					 */
	L2TPGW_STAT_TX_GSO_PACKETS,	/* super-packets sent as UDP-tunnel
					 * GSO (also in tx_packets, once)
					 */
	L2TPGW_STAT_TX_GSO_SEGS,	/* wire frames those super-packets
					 * were cut into
					 */
	L2TPGW_STAT_RX_GRO_PACKETS,	/* super-packets delivered after GRO
					 * merged frames (also in rx_packets)
					 */
	L2TPGW_STAT_RX_GRO_SEGS,	/* wire frames those super-packets
					 * were merged from
					 */

	__L2TPGW_STAT_MAX
};
#define L2TPGW_STAT_MAX (__L2TPGW_STAT_MAX - 1)

/*
 * What a namespace holds and what it may hold (L2TPGW_A_LIMITS).  A limit
 * of 0 means none: namespaces owned by the initial user namespace are
 * bounded only by the id spaces; the others take the module parameters
 * max_sockets, max_tunnels, max_sessions and max_reorder_bytes as they
 * were when the namespace was created.  docs/netlink.md explains.
 */
enum l2tpgw_limit {
	L2TPGW_LIMIT_UNSPEC,
	L2TPGW_LIMIT_PAD,
	L2TPGW_LIMIT_SOCKETS,		/* sockets attached now */
	L2TPGW_LIMIT_SOCKETS_MAX,
	L2TPGW_LIMIT_TUNNELS,		/* tunnels now */
	L2TPGW_LIMIT_TUNNELS_MAX,
	L2TPGW_LIMIT_SESSIONS,		/* sessions (net devices) now */
	L2TPGW_LIMIT_SESSIONS_MAX,
	L2TPGW_LIMIT_REORDER_BYTES,	/* skb truesize waiting in reorder
					 * queues now
					 */
	L2TPGW_LIMIT_REORDER_BYTES_MAX,

	__L2TPGW_LIMIT_MAX
};
#define L2TPGW_LIMIT_MAX (__L2TPGW_LIMIT_MAX - 1)

#endif /* _UAPI_LINUX_L2TPGW_H */
