/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Dynamic authorization (RFC 5176): a UDP listener for Disconnect-Request
 * and CoA-Request from configured clients only, each with its secret.
 *
 * A request from any other address, with a wrong authenticator or
 * Message-Authenticator, or an Event-Timestamp outside the window is
 * dropped and counted, never answered.  A verified one is parsed
 * (dae_request_parse, pure): it names sessions by User-Name,
 * Acct-Session-Id, Framed-IP-Address and NAS-Port-Id (every one given
 * must match; none given: NAK 402; no session: NAK 503; an attribute we
 * do not act on: NAK 401).  Disconnect ends the sessions (Admin-Reset);
 * CoA applies Session-Timeout, Acct-Interim-Interval and a rate
 * (Mikrotik-Rate-Limit or Filter-Id) through the owner's hooks.
 * A retransmission (same source, Identifier and authenticator within
 * DAE_DUP_MS) gets the answer already sent, without acting twice.
 */
#ifndef L2TPGW_AAA_DAE_H
#define L2TPGW_AAA_DAE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "aaa/acct.h"
#include "loop.h"
#include "radius/radius.h"

#define DAE_PORT		3799
#define DAE_MAX_CLIENTS		16
#define DAE_EVENT_WINDOW_S	300
#define DAE_DUP_MS		5000
#define DAE_DUP_SLOTS		32

enum dae_rate_kind { DAE_RATE_NONE, DAE_RATE_MIKROTIK, DAE_RATE_FILTER_ID };

/* A request's identification and the changes it asks for. */
struct dae_request {
	uint8_t code;
	bool has_user, has_session_id, has_framed_ip, has_nas_port_id;
	char user[RADIUS_ATTR_MAX + 1];
	char acct_session_id[RADIUS_ATTR_MAX + 1];
	uint32_t framed_ip;			/* host order */
	char nas_port_id[RADIUS_ATTR_MAX + 1];
	bool has_event_time;
	uint32_t event_time;
	/* CoA-Request only */
	bool has_session_timeout;
	uint32_t session_timeout_s;
	bool has_interim;
	uint32_t interim_s;
	enum dae_rate_kind rate_kind;
	char rate[RADIUS_ATTR_MAX + 1];
};

/*
 * p (verified) into r.  0, or the Error-Cause to NAK with, and in err
 * which attribute is wrong.
 */
uint32_t dae_request_parse(const struct radius_packet *p,
			   struct dae_request *r, char *err, size_t errlen);

/* What a session offers to be matched by. */
struct dae_session_view {
	const char *user;
	const char *acct_session_id;
	const char *nas_port_id;
	uint32_t framed_ip;			/* host order, 0: none */
};

/* Every identification attribute r gives equals v's. */
bool dae_match(const struct dae_request *r, const struct dae_session_view *v);

/* The reply to p: ACK, or NAK with error_cause; Proxy-State echoed. */
size_t dae_reply_build(struct radius_builder *b,
		       const struct radius_packet *p, uint32_t error_cause,
		       const char *secret);

struct dae_client {
	struct sockaddr_storage addr;	/* port ignored */
	socklen_t addrlen;
	char secret[RADIUS_SECRET_MAX + 1];
};

struct dae_config {
	struct sockaddr_storage listen;	/* ss_family 0: no listener */
	socklen_t listen_len;
	struct dae_client client[DAE_MAX_CLIENTS];
	unsigned nclient;
};

typedef void (*dae_visit_fn)(void *ctx, void *owner,
			     const struct dae_session_view *v);

/* How the sessions' owner (the gateway) lets DAE find and change them. */
struct dae_ops {
	/* visit for every live session; visit may end that one. */
	void (*foreach)(void *arg, dae_visit_fn visit, void *ctx);
	/* Ends owner's session with Admin-Reset. */
	void (*disconnect)(void *arg, void *owner);
	/* Applies r's changes to owner: 0, or an Error-Cause. */
	uint32_t (*coa)(void *arg, void *owner, const struct dae_request *r);
	void *arg;
};

struct dae;

/* The listener, bound and on the loop; NULL with err. */
struct dae *dae_new(struct loop *loop, const struct dae_config *cfg,
		    const struct dae_ops *ops, char *err, size_t errlen);
void dae_free(struct dae *d);
/*
 * One datagram from `from`, acted on: the reply to send back into out,
 * its length, or 0 when it is dropped.  What the socket callback does
 * before sendto (and what unit tests drive).
 */
size_t dae_answer(struct dae *d, const uint8_t *buf, size_t len,
		  const struct sockaddr *from, socklen_t fromlen,
		  uint8_t out[RADIUS_MAX_LEN]);

struct dae_stats {
	uint64_t requests;		/* verified */
	uint64_t acks, naks;
	uint64_t duplicates;		/* answered from the cache */
	uint64_t unknown_client;	/* dropped */
	uint64_t bad_authenticator;	/* dropped */
	uint64_t malformed;		/* dropped */
	uint64_t stale;			/* Event-Timestamp outside the window */
	uint64_t disconnected;		/* sessions ended */
};
void dae_get_stats(const struct dae *d, struct dae_stats *s);

#endif /* L2TPGW_AAA_DAE_H */
