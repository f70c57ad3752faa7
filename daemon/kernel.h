/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's side of the l2tpgw module (include/uapi/linux/l2tpgw.h):
 * attach UDP sockets, create and delete tunnels and sessions, send PPP
 * control frames.  kernel_l2tp_ops plugs it into the L2TP control plane
 * (struct l2tp_kernel_ops, arg = the struct kernel *).
 *
 * libl2tpctl, the one client of the generic netlink family, builds, sends
 * and parses every message; this adapter translates the control plane's
 * objects into its requests and logs what the module refuses.  Requests
 * are synchronous: the module answers at once, and the control plane needs
 * the answer (a session refused by the kernel is refused to the peer).
 * The translation is split out as pure functions so that unit tests check
 * the attributes without a module.
 */
#ifndef L2TPGW_KERNEL_H
#define L2TPGW_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp/l2tp.h"
#include "l2tpctl.h"

struct kernel;

/*
 * Session device defaults used by kernel_l2tp_ops.session_add.  The
 * daemon passes concrete names (struct ifnames numbers its patterns): a
 * pattern makes the module's dev_alloc_name() walk every device of the
 * namespace.  A name in use fails the add with -EEXIST.
 */
struct kernel_session_defaults {
	const char *ifname;	/* NULL: the module's "l2tp%d" */
	uint32_t mtu;		/* 0: the module's default */
	/* L2TPGW_A_TCP_MSS, always sent: 0 off, 65535 auto, or the MSS */
	uint16_t tcp_mss;
};

/*
 * Open a netlink socket and resolve the "l2tpgw" family.  NULL on failure,
 * with the reason in err; errno ENOENT means the module is not loaded.
 */
struct kernel *kernel_open(char *err, size_t err_len);
void kernel_close(struct kernel *k);
void kernel_set_session_defaults(struct kernel *k,
				 const struct kernel_session_defaults *d);

/* Hand a bound UDP socket to the module.  0 and *sock_id, or -errno. */
int kernel_sock_attach(struct kernel *k, int fd, uint32_t *sock_id);
/* enum l2tpgw_sock_flag bits (L2TPGW_SOCK_F_IPSEC).  0 or -errno. */
int kernel_sock_set_flags(struct kernel *k, uint32_t sock_id, uint32_t flags);
/* One PPP control frame (protocol field first) on a session. */
int kernel_ppp_xmit(struct kernel *k, uint16_t tunnel_id, uint16_t session_id,
		    const uint8_t *frame, size_t len);

/*
 * Enable data protocols (enum l2tpgw_protocol bits) and set the MTU
 * (0: unchanged) of a session.  0 or -errno.
 */
int kernel_session_modify(struct kernel *k, uint16_t tunnel_id,
			  uint16_t session_id, uint32_t protocols,
			  uint32_t mtu);
/* The ifindex of a session's net device.  0 and *ifindex, or -errno. */
int kernel_session_ifindex(struct kernel *k, uint16_t tunnel_id,
			   uint16_t session_id, uint32_t *ifindex);

/*
 * Move a tunnel to another peer address and port, SA (reqid) and mark, in
 * one modify the module applies atomically (sessions stay).  First its
 * rx_wrong_sa counter is read into *rx_wrong_sa (left alone if it cannot
 * be).  0 or -errno (logged, with the module's reason).
 */
int kernel_tunnel_rebind(struct kernel *k, uint16_t tunnel_id,
			 const struct l2tp_addr *peer, uint64_t *rx_wrong_sa);

/*
 * The module's events (kernel_events.h).  kernel_event_fd subscribes to
 * them and to the module's own coming and going: a descriptor to poll,
 * or -errno (logged).  kernel_events_read dispatches what is pending:
 * 0, or -ENOBUFS when events were lost (re-read with kernel_dump_keys),
 * or another -errno (kernel_errmsg says what).
 */
int kernel_event_fd(struct kernel *k);
int kernel_events_read(struct kernel *k, l2tpctl_event_cb cb, void *arg);
const char *kernel_errmsg(const struct kernel *k);
/* An event of our own delete: true once per delete made here. */
bool kernel_event_own(struct kernel *k, const struct l2tpctl_event *ev);

/*
 * The module was unloaded: every request fails with -ENODEV (adds are
 * logged, deletes are no-ops) until kernel_reconnect resolves the family
 * again (0, or -errno logged).  Sockets must then be attached anew.
 */
void kernel_set_gone(struct kernel *k);
bool kernel_gone(const struct kernel *k);
int kernel_reconnect(struct kernel *k);

/* Tunnel and session keys (kev_key) as the module has them now. */
struct kernel_keys {
	uint32_t *key;
	size_t n, cap;
};
int kernel_keys_add(struct kernel_keys *keys, uint16_t tunnel_id,
		    uint16_t session_id);
int kernel_dump_keys(struct kernel *k, struct kernel_keys *tunnels,
		     struct kernel_keys *sessions);

/* The last error's extended-ack text from the module, "" if none. */
const char *kernel_last_error(const struct kernel *k);

/*
 * The netlink handle of the module for the daemon's other readers
 * (kernel_counters.c), or NULL while the module is gone.
 */
struct l2tpctl *kernel_handle(struct kernel *k);

/*
 * Per-session counters (kernel_counters.c).  kernel_counters_of folds a
 * session's enum l2tpgw_stat set into what the control socket shows:
 * packets and bytes each way, and the frames the module dropped on it
 * each way as rx_errors and tx_errors.
 */
struct control_counters;
void kernel_counters_of(const struct l2tpctl_stats *st,
			struct control_counters *c);
/* One session's: 0, or -errno (-ENOENT: the module has no such session). */
int kernel_session_counters(struct kernel *k, uint16_t tunnel_id,
			    uint16_t session_id, struct control_counters *c);
/*
 * Every session's (tunnel_id 0) or one tunnel's, in one dump: fn for
 * each (0 to go on).  0 or -errno.
 */
typedef int (*kernel_counters_fn)(void *arg, uint16_t tunnel_id,
				  uint16_t session_id,
				  const struct control_counters *c);
int kernel_counters_dump(struct kernel *k, uint16_t tunnel_id,
			 kernel_counters_fn fn, void *arg);

extern const struct l2tp_kernel_ops kernel_l2tp_ops;

/*
 * The requests behind kernel_l2tp_ops' tunnel_add and session_add, as
 * libl2tpctl takes them.  d may be NULL (the module's defaults).
 */
void kernel_tunnel_request(const struct l2tp_tunnel_info *ti,
			   struct l2tpctl_tunnel *t);
/* The request behind kernel_tunnel_rebind. */
void kernel_tunnel_rebind_request(uint16_t tunnel_id,
				  const struct l2tp_addr *peer,
				  struct l2tpctl_tunnel *t);
void kernel_session_request(const struct l2tp_session_info *si,
			    const struct kernel_session_defaults *d,
			    struct l2tpctl_session *s);

#endif /* L2TPGW_KERNEL_H */
