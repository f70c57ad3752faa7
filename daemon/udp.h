/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's UDP sockets: one per listen address (both wildcards when
 * none is configured), each handed to the module so that it carries the
 * data plane, and read here in recvmmsg batches for what the module passes
 * up (L2TP control messages and PPP control frames).  A socket is named by
 * the id the module gave it; the control plane uses that id everywhere.
 */
#ifndef L2TPGW_UDP_H
#define L2TPGW_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "l2tp/l2tp.h"

struct loop;
struct udp_set;

/* Give a bound socket to the data plane; 0 and *id, or -errno. */
typedef int (*udp_attach_fn)(void *arg, int fd, uint32_t *id);
/* One datagram received on socket id. */
typedef void (*udp_rx_fn)(void *arg, uint32_t id, const struct l2tp_addr *from,
			  const uint8_t *buf, size_t len);

/*
 * Bind and attach every listen address of g.  NULL with "what: why" in
 * err (e.g. "listen 192.0.2.1:1701: Address already in use").
 */
struct udp_set *udp_open(struct loop *loop, const struct config_global *g,
			 udp_attach_fn attach, void *attach_arg, udp_rx_fn rx,
			 void *rx_arg, char *err, size_t errlen);
/* Closing detaches the sockets (the module removes their tunnels). */
void udp_close(struct udp_set *u);

/*
 * A gateway_send_fn: arg is the struct udp_set.  Logs failures but EPERM
 * of a marked datagram, which the caller counts and logs (XFRM refused
 * it: no policy of its SA covers it).
 */
int udp_send(void *arg, uint32_t id, const struct l2tp_addr *peer,
	     const uint8_t *pkt, size_t len);

/*
 * Attach socket id (0: every socket) to the module again, after it lost
 * it (detached, or the module reloaded): each gets a new id, logged; the
 * old one still sends for tunnels closing.  0, or the last -errno.
 */
int udp_reattach(struct udp_set *u, uint32_t id, udp_attach_fn attach,
		 void *attach_arg);
/* Is id one of ours (as attached now)? */
bool udp_has_id(const struct udp_set *u, uint32_t id);

/* The first socket of family (AF_INET/AF_INET6): 0 and *id, or -ENOENT. */
int udp_socket_for_family(const struct udp_set *u, int family, uint32_t *id);
/* Local address of socket number i (0..udp_count-1), for logs and tests. */
unsigned udp_count(const struct udp_set *u);
int udp_local(const struct udp_set *u, unsigned i, struct l2tp_addr *out,
	      uint32_t *id);

#endif /* L2TPGW_UDP_H */
