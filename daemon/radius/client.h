/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RADIUS client: requests sent asynchronously on the daemon's loop,
 * never blocking it.  Each server has its own UDP socket (up to 256
 * requests in flight, one per Identifier); a request is retransmitted
 * every timeout, and after retries without an answer goes to the next
 * server of its kind, the silent one being marked dead for dead_time.  At
 * most max_pending requests wait at once; past that radius_send() fails at
 * once and the caller decides (authentication: reject; accounting: keep
 * it in its own bounded retry queue).
 */
#ifndef L2TPGW_RADIUS_CLIENT_H
#define L2TPGW_RADIUS_CLIENT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "loop.h"
#include "radius/radius.h"

#define RADIUS_MAX_SERVERS 8

enum radius_server_kind { RADIUS_AUTH, RADIUS_ACCT };

struct radius_server_config {
	enum radius_server_kind kind;
	struct sockaddr_storage addr;	/* port included */
	socklen_t addrlen;
	char secret[RADIUS_SECRET_MAX + 1];
};

struct radius_client_config {
	struct radius_server_config server[RADIUS_MAX_SERVERS];
	unsigned nserver;		/* tried in this order */
	uint32_t timeout_ms;		/* per try */
	uint32_t retries;		/* tries per server after the first */
	uint32_t dead_time_s;		/* a server that never answered */
	uint32_t max_pending;
	bool require_message_authenticator;
	char nas_identifier[RADIUS_ATTR_MAX + 1];
	struct sockaddr_storage nas_addr;	/* NAS-IP(v6)-Address, source */
};

enum radius_outcome {
	RADIUS_ANSWERED,	/* p is the verified response */
	RADIUS_NO_ANSWER,	/* every server of the kind timed out */
	RADIUS_CANCELLED,	/* radius_cancel(), or the client freed */
};

struct radius_request;
/*
 * Called once per request from the loop.  p (and the buffer it points
 * into) lives only during the call.
 */
typedef void (*radius_done_cb)(void *arg, enum radius_outcome o,
			       const struct radius_packet *p);

struct radius_client;

struct radius_client *radius_client_new(struct loop *loop,
					const struct radius_client_config *c,
					char *err, size_t errlen);
void radius_client_free(struct radius_client *c);

/*
 * The attributes of a request, written into b by fill, which is called
 * again for every server it goes to and every retransmission (a new
 * Identifier, authenticator, User-Password hiding and Acct-Delay-Time):
 * fill must put every attribute but NAS-Identifier, NAS-IP-Address and
 * Message-Authenticator, which the client adds.  secret is the server's.
 * delay_s is how long the request has waited (for Acct-Delay-Time).
 */
typedef int (*radius_fill_cb)(void *arg, struct radius_builder *b,
			      const char *secret, uint32_t delay_s);

/*
 * Starts a request of code (Access-Request or Accounting-Request) to the
 * first live server of kind.  Returns a handle valid until done runs, or
 * NULL if the queue is full or no server of that kind is configured (err
 * says which).
 */
struct radius_request *radius_send(struct radius_client *c,
				   enum radius_server_kind kind,
				   uint8_t code, radius_fill_cb fill,
				   radius_done_cb done, void *arg,
				   char *err, size_t errlen);
/*
 * c takes the configuration and sockets of next (made by
 * radius_client_new() for a reload, so nothing here can fail) and next is
 * freed.  c stays the same handle: its counters go on, and its requests
 * start again on the new servers (fill called again, with the new
 * secret), or end RADIUS_NO_ANSWER when their kind has no server left.
 */
void radius_client_take_over(struct radius_client *c,
			     struct radius_client *next);

/* done runs at once with RADIUS_CANCELLED. */
void radius_cancel(struct radius_client *c, struct radius_request *r);

/*
 * Reads the responses waiting on every server's socket, as the loop does
 * when one is readable.  For a virtual loop (loop_new_virtual), which
 * watches no descriptor: tests call it after their fake server answered.
 */
void radius_client_input(struct radius_client *c);

struct radius_client_stats {
	uint64_t requests, retransmits, answers, timeouts, failovers;
	uint64_t bad_authenticator, unknown_id, malformed;
	uint32_t pending;
};
void radius_client_stats(const struct radius_client *c,
			 struct radius_client_stats *s);

#endif /* L2TPGW_RADIUS_CLIENT_H */
