// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DAE listener (dae.h): one UDP socket on the loop; each datagram
 * gets exactly one verdict, dropped (and counted) or answered.
 */
#include "aaa/dae.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "log.h"

struct dae_dup {
	bool used;
	struct sockaddr_storage from;
	uint8_t id;
	uint8_t auth[RADIUS_AUTH_LEN];
	uint64_t expires;
	size_t len;
	uint8_t reply[RADIUS_MAX_LEN];
};

struct dae {
	struct loop *loop;
	int fd;
	struct dae_config cfg;
	struct dae_ops ops;
	struct dae_dup dup[DAE_DUP_SLOTS];
	unsigned dup_next;
	struct dae_stats st;
};

/* What one request did to the sessions it names. */
struct dae_walk {
	struct dae *d;
	const struct dae_request *r;
	unsigned matched;
	uint32_t cause;
};

static bool same_host(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return false;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->sa_family == AF_INET6)
		return !memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
			       &((const struct sockaddr_in6 *)b)->sin6_addr,
			       sizeof(struct in6_addr));
	return false;
}

static uint16_t port_of(const struct sockaddr *a)
{
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_port;
	if (a->sa_family == AF_INET6)
		return ((const struct sockaddr_in6 *)a)->sin6_port;
	return 0;
}

static bool same_source(const struct sockaddr *a, const struct sockaddr *b)
{
	return same_host(a, b) && port_of(a) == port_of(b);
}

static const char *host_str(const struct sockaddr *a, char *buf, size_t len)
{
	const void *p = a->sa_family == AF_INET6 ?
		(const void *)&((const struct sockaddr_in6 *)a)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)a)->sin_addr;

	if (!inet_ntop(a->sa_family, p, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

static const struct dae_client *client_of(const struct dae *d,
					  const struct sockaddr *from)
{
	unsigned i;

	for (i = 0; i < d->cfg.nclient; i++)
		if (same_host((const struct sockaddr *)&d->cfg.client[i].addr,
			      from))
			return &d->cfg.client[i];
	return NULL;
}

size_t dae_reply_build(struct radius_builder *b,
		       const struct radius_packet *p, uint32_t error_cause,
		       const char *secret)
{
	uint8_t code = p->code + (error_cause ? 2 : 1);	/* ACK, NAK */
	size_t i;

	radius_begin(b, code, p->id);
	if (error_cause)
		radius_put_u32(b, RA_ERROR_CAUSE, error_cause);
	/* RFC 5176 section 3: Proxy-State back, in order. */
	for (i = 0; i < p->nattr; i++)
		if (!p->attr[i].vendor && p->attr[i].type == RA_PROXY_STATE)
			radius_put(b, RA_PROXY_STATE, p->attr[i].val,
				   p->attr[i].len);
	radius_put_message_authenticator(b);
	return radius_finish(b, secret, p->auth);
}

static struct dae_dup *dup_find(struct dae *d, const struct radius_packet *p,
				const struct sockaddr *from)
{
	uint64_t now = loop_now(d->loop);
	unsigned i;

	for (i = 0; i < DAE_DUP_SLOTS; i++) {
		struct dae_dup *c = &d->dup[i];

		if (c->used && c->expires > now && c->id == p->id &&
		    !memcmp(c->auth, p->auth, RADIUS_AUTH_LEN) &&
		    same_source((const struct sockaddr *)&c->from, from))
			return c;
	}
	return NULL;
}

static void dup_keep(struct dae *d, const struct radius_packet *p,
		     const struct sockaddr *from, socklen_t fromlen,
		     const struct radius_builder *b, size_t len)
{
	struct dae_dup *c = &d->dup[d->dup_next++ % DAE_DUP_SLOTS];

	c->used = true;
	memset(&c->from, 0, sizeof(c->from));
	memcpy(&c->from, from, fromlen);
	c->id = p->id;
	memcpy(c->auth, p->auth, RADIUS_AUTH_LEN);
	c->expires = loop_now(d->loop) + DAE_DUP_MS;
	c->len = len;
	memcpy(c->reply, b->buf, len);
}

static void visit(void *ctx, void *owner, const struct dae_session_view *v)
{
	struct dae_walk *w = ctx;
	struct dae *d = w->d;
	uint32_t cause;

	if (!dae_match(w->r, v))
		return;
	w->matched++;
	if (w->r->code == RADIUS_DISCONNECT_REQUEST) {
		d->st.disconnected++;
		d->ops.disconnect(d->ops.arg, owner);	/* may free owner */
		return;
	}
	cause = d->ops.coa(d->ops.arg, owner, w->r);
	if (cause)
		w->cause = cause;
}

/* The sessions r names, acted on: 0 or the Error-Cause. */
static uint32_t act(struct dae *d, const struct dae_request *r,
		    unsigned *matched)
{
	struct dae_walk w = { .d = d, .r = r };

	d->ops.foreach(d->ops.arg, visit, &w);
	*matched = w.matched;
	if (!w.matched)
		return RADIUS_EC_SESSION_CONTEXT_NOT_FOUND;
	return w.cause;
}

static bool event_time_ok(const struct dae_request *r)
{
	int64_t skew = (int64_t)time(NULL) - (int64_t)r->event_time;

	return !r->has_event_time ||
	       (skew <= DAE_EVENT_WINDOW_S && skew >= -DAE_EVENT_WINDOW_S);
}

static void log_verdict(const struct radius_packet *p, const char *host,
			const struct dae_request *r, uint32_t cause,
			unsigned matched, const char *err)
{
	char user[STR_ESCAPED_SIZE(RADIUS_ATTR_MAX)];

	str_escape_cstr(user, sizeof(user), r->has_user ? r->user : "-");
	log_notice("DAE %s id %u from %s user %s: %s%.0u%s%s (%u session%s)",
		   p->code == RADIUS_COA_REQUEST ? "CoA-Request" :
		   "Disconnect-Request", p->id, host, user,
		   cause ? "NAK Error-Cause " : "ACK", cause,
		   err[0] ? ": " : "", err, matched, matched == 1 ? "" : "s");
}

static size_t request(struct dae *d, const struct dae_client *cl,
		      const struct radius_packet *p, const char *host,
		      const struct sockaddr *from, socklen_t fromlen,
		      uint8_t *out)
{
	struct radius_builder b;
	struct dae_request r;
	unsigned matched = 0;
	char err[128] = "";
	uint32_t cause;
	size_t len;

	d->st.requests++;
	cause = dae_request_parse(p, &r, err, sizeof(err));
	if (!event_time_ok(&r)) {
		d->st.stale++;
		log_warn("DAE request id %u from %s dropped: Event-Timestamp "
			 "%u is more than %u s away", p->id, host, r.event_time,
			 DAE_EVENT_WINDOW_S);
		return 0;
	}
	if (!cause) {
		cause = act(d, &r, &matched);
		if (cause == RADIUS_EC_SESSION_CONTEXT_NOT_FOUND)
			snprintf(err, sizeof(err), "no such session");
	}
	log_verdict(p, host, &r, cause, matched, err);
	if (cause)
		d->st.naks++;
	else
		d->st.acks++;
	len = dae_reply_build(&b, p, cause, cl->secret);
	dup_keep(d, p, from, fromlen, &b, len);
	memcpy(out, b.buf, len);
	return len;
}

size_t dae_answer(struct dae *d, const uint8_t *buf, size_t len,
		  const struct sockaddr *from, socklen_t fromlen,
		  uint8_t out[RADIUS_MAX_LEN])
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	const struct dae_client *cl = client_of(d, from);
	struct radius_packet p;
	struct dae_dup *dup;
	char host[INET6_ADDRSTRLEN], err[128];

	host_str(from, host, sizeof(host));
	if (!cl) {
		d->st.unknown_client++;
		log_rl(&rl, LOG_WARNING, "DAE: datagram from %s dropped: "
		       "not a dae_client", host);
		return 0;
	}
	if (radius_parse(buf, len, &p, err, sizeof(err)) < 0 ||
	    (p.code != RADIUS_DISCONNECT_REQUEST &&
	     p.code != RADIUS_COA_REQUEST && snprintf(err, sizeof(err),
			"code %u is no DAE request", p.code))) {
		d->st.malformed++;
		log_rl(&rl, LOG_WARNING, "DAE: datagram from %s dropped: %s",
		       host, err);
		return 0;
	}
	if (radius_verify_request(buf, len, &p, cl->secret, err,
				  sizeof(err)) < 0) {
		d->st.bad_authenticator++;
		log_rl(&rl, LOG_WARNING, "DAE: request id %u from %s "
		       "dropped: %s", p.id, host, err);
		return 0;
	}
	dup = dup_find(d, &p, from);
	if (dup) {
		d->st.duplicates++;
		memcpy(out, dup->reply, dup->len);
		return dup->len;
	}
	return request(d, cl, &p, host, from, fromlen, out);
}

static void readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	struct dae *d = arg;
	struct sockaddr_storage from;
	uint8_t buf[RADIUS_MAX_LEN], out[RADIUS_MAX_LEN];
	socklen_t fromlen;
	size_t len;
	ssize_t n;

	(void)loop;
	(void)events;
	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0)
			return;		/* EAGAIN: all read */
		len = dae_answer(d, buf, (size_t)n, (struct sockaddr *)&from,
				 fromlen, out);
		if (len && sendto(fd, out, len, 0, (struct sockaddr *)&from,
				  fromlen) < 0)
			log_rl(&rl, LOG_WARNING, "DAE: reply not sent: %s",
			       strerror(errno));
	}
}

struct dae *dae_new(struct loop *loop, const struct dae_config *cfg,
		    const struct dae_ops *ops, char *err, size_t errlen)
{
	const struct sockaddr *at = (const struct sockaddr *)&cfg->listen;
	struct dae *d = calloc(1, sizeof(*d));
	int rc;

	if (!d) {
		snprintf(err, errlen, "DAE: out of memory");
		return NULL;
	}
	d->loop = loop;
	d->cfg = *cfg;
	d->ops = *ops;
	d->fd = -1;
	if (!at->sa_family)
		return d;	/* tests call dae_answer() */
	d->fd = socket(at->sa_family, SOCK_DGRAM | SOCK_NONBLOCK |
		       SOCK_CLOEXEC, 0);
	if (d->fd < 0 || bind(d->fd, at, cfg->listen_len) < 0) {
		snprintf(err, errlen, "DAE listener: %s", strerror(errno));
		goto err_free;
	}
	rc = loop_add_fd(loop, d->fd, EPOLLIN, readable, d);
	if (rc < 0) {
		snprintf(err, errlen, "DAE listener: %s", strerror(-rc));
		goto err_free;
	}
	return d;
err_free:
	if (d->fd >= 0)
		close(d->fd);
	free(d);
	return NULL;
}

void dae_free(struct dae *d)
{
	if (!d)
		return;
	if (d->fd >= 0) {
		loop_del_fd(d->loop, d->fd);
		close(d->fd);
	}
	free(d);
}

void dae_get_stats(const struct dae *d, struct dae_stats *s)
{
	*s = d->st;
}
