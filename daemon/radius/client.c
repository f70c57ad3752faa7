// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The asynchronous RADIUS client (client.h).
 *
 * A request is sent to one server at a time.  Every try calls fill again
 * with a fresh Identifier, so each try is its own datagram (RFC 5080
 * section 2.2.1: Acct-Delay-Time changes); the tries already sent to that
 * server keep their Identifier and authenticator, so a slow server's
 * answer to an earlier try is still accepted.  A response is taken only
 * from the server's connected socket (the kernel drops datagrams from any
 * other source), for an Identifier in flight there, and only if its
 * authenticators verify with that server's secret.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "log.h"
#include "radius/client.h"

#define RADIUS_MAX_TRIES 11	/* config: retries <= 10 */
#define RADIUS_IDS 256

struct radius_try {
	uint8_t id;
	uint8_t auth[RADIUS_AUTH_LEN];
};

struct radius_request {
	struct radius_client *c;
	enum radius_server_kind kind;
	uint8_t code;
	radius_fill_cb fill;
	radius_done_cb done;
	void *arg;
	int server;		/* -1: waiting for an Identifier */
	uint32_t tried;		/* bit per server already given up on */
	unsigned ntry;		/* tries sent to server, in try[] */
	struct radius_try try[RADIUS_MAX_TRIES];
	uint64_t started;
	struct timer timer;
	struct radius_request *prev, *next;	/* c->requests or c->waiting */
};

struct radius_server {
	struct radius_client *c;
	struct radius_server_config cfg;
	int fd;
	char name[INET6_ADDRSTRLEN + 16];	/* "auth 192.0.2.1:1812" */
	struct radius_request *inflight[RADIUS_IDS];
	unsigned ninflight;
	uint8_t next_id;
	uint64_t dead_until;	/* loop ms; 0: alive */
	struct log_ratelimit rl;
};

struct radius_client {
	struct loop *loop;
	struct radius_client_config cfg;
	/* Each its own allocation: the loop's watch of its socket points at it. */
	struct radius_server *server[RADIUS_MAX_SERVERS];
	struct radius_request *requests;	/* sent, in flight */
	struct radius_request *waiting;		/* no Identifier free yet */
	struct radius_client_stats stats;
	unsigned busy;		/* callbacks running: free later */
	bool dying;
	struct radius_builder b;
	uint8_t rx[RADIUS_MAX_LEN + 1];
	struct radius_packet rxp;	/* rx parsed */
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static const char *kind_name(enum radius_server_kind k)
{
	return k == RADIUS_AUTH ? "auth" : "acct";
}

static void server_name(struct radius_server *s)
{
	const struct sockaddr_storage *a = &s->cfg.addr;
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;

	if (a->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)a;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		port = ntohs(in->sin_port);
	} else if (a->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)a;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		port = ntohs(in6->sin6_port);
	}
	snprintf(s->name, sizeof(s->name),
		 a->ss_family == AF_INET6 ? "%s [%s]:%u" : "%s %s:%u",
		 kind_name(s->cfg.kind), host, port);
}

static void list_add(struct radius_request **head, struct radius_request *r)
{
	r->prev = NULL;
	r->next = *head;
	if (*head)
		(*head)->prev = r;
	*head = r;
}

static void list_del(struct radius_request **head, struct radius_request *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		*head = r->next;
	if (r->next)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
}

/* Appended: the waiting list is first come, first served. */
static void list_append(struct radius_request **head,
			struct radius_request *r)
{
	struct radius_request **p = head, *last = NULL;

	while (*p) {
		last = *p;
		p = &(*p)->next;
	}
	r->prev = last;
	r->next = NULL;
	*p = r;
}

static bool server_alive(const struct radius_client *c,
			 const struct radius_server *s)
{
	return s->dead_until <= loop_now(c->loop);
}

/*
 * The next server of r's kind not yet given up on: live ones first, in
 * the configured order, then dead ones (a request tries every server
 * before it fails).  -1 if none is left.
 */
static int pick_server(const struct radius_client *c,
		       const struct radius_request *r)
{
	int dead = -1;

	for (unsigned i = 0; i < c->cfg.nserver; i++) {
		const struct radius_server *s = c->server[i];

		if (s->cfg.kind != r->kind || (r->tried & 1u << i))
			continue;
		if (server_alive(c, s))
			return i;
		if (dead < 0)
			dead = i;
	}
	return dead;
}

static int take_id(struct radius_server *s, struct radius_request *r)
{
	for (unsigned n = 0; n < RADIUS_IDS; n++) {
		uint8_t id = s->next_id++;

		if (!s->inflight[id]) {
			s->inflight[id] = r;
			s->ninflight++;
			return id;
		}
	}
	return -1;
}

/* Forgets r's tries at its server: their answers are no longer wanted. */
static void release_tries(struct radius_client *c, struct radius_request *r)
{
	struct radius_server *s;

	if (r->server < 0)
		return;
	s = c->server[r->server];
	for (unsigned i = 0; i < r->ntry; i++) {
		if (s->inflight[r->try[i].id] == r) {
			s->inflight[r->try[i].id] = NULL;
			s->ninflight--;
		}
	}
	r->ntry = 0;
}

/* NAS-Identifier, NAS-IP(v6)-Address and Message-Authenticator. */
static int put_nas(struct radius_client *c, struct radius_builder *b)
{
	const struct sockaddr_storage *a = &c->cfg.nas_addr;

	if (c->cfg.nas_identifier[0] &&
	    radius_put_str(b, RA_NAS_IDENTIFIER, c->cfg.nas_identifier) < 0)
		return -1;
	if (a->ss_family == AF_INET &&
	    radius_put(b, RA_NAS_IP_ADDRESS,
		       &((const struct sockaddr_in *)a)->sin_addr, 4) < 0)
		return -1;
	if (a->ss_family == AF_INET6 &&
	    radius_put(b, RA_NAS_IPV6_ADDRESS,
		       &((const struct sockaddr_in6 *)a)->sin6_addr, 16) < 0)
		return -1;
	return radius_put_message_authenticator(b);
}

/*
 * One try of r to its server: a new Identifier (or, all 256 in flight,
 * r's own oldest), fill, send.  -1 if fill failed.  A send that fails is
 * a lost datagram: the timer retries.
 */
static int send_try(struct radius_client *c, struct radius_request *r)
{
	struct radius_server *s = c->server[r->server];
	struct radius_builder *b = &c->b;
	uint32_t delay_s = (loop_now(c->loop) - r->started) / 1000;
	struct radius_try *t;
	int id = take_id(s, r);

	if (id < 0) {
		/* Recycle r's oldest try: its late answer will not verify. */
		id = r->try[0].id;
		memmove(r->try, r->try + 1, --r->ntry * sizeof(r->try[0]));
	} else if (r->ntry == RADIUS_MAX_TRIES) {
		s->inflight[r->try[0].id] = NULL;
		s->ninflight--;
		memmove(r->try, r->try + 1, --r->ntry * sizeof(r->try[0]));
	}
	radius_begin(b, r->code, id);
	if (r->fill(r->arg, b, s->cfg.secret, delay_s) < 0 ||
	    put_nas(c, b) < 0) {
		s->inflight[id] = NULL;
		s->ninflight--;
		return -1;
	}
	radius_finish(b, s->cfg.secret, NULL);
	t = &r->try[r->ntry++];
	t->id = id;
	memcpy(t->auth, b->buf + 4, RADIUS_AUTH_LEN);
	if (send(s->fd, b->buf, b->len, 0) < 0)
		log_rl(&s->rl, LOG_WARNING, "radius %s: send id %d: %s",
		       s->name, id, strerror(errno));
	timer_arm(c->loop, &r->timer, c->cfg.timeout_ms);
	return 0;
}

/* Moves r to the server pick_server() gives; -1 if none is left. */
static int start_on_server(struct radius_client *c, struct radius_request *r)
{
	int i = pick_server(c, r);

	if (i < 0)
		return -1;
	r->server = i;
	r->ntry = 0;
	return 0;
}

static void request_free(struct radius_client *c, struct radius_request *r)
{
	timer_cancel(c->loop, &r->timer);
	free(r);
}

/* Unlinks r from every table, then runs its callback and frees it. */
static void finish(struct radius_client *c, struct radius_request *r,
		   enum radius_outcome o, const struct radius_packet *p)
{
	release_tries(c, r);
	list_del(r->server >= 0 ? &c->requests : &c->waiting, r);
	timer_cancel(c->loop, &r->timer);
	c->stats.pending--;
	c->busy++;
	r->done(r->arg, o, p);
	c->busy--;
	request_free(c, r);
}

/*
 * r, on c->requests, has a server: its first try there.  With all 256
 * Identifiers of that server in flight, r waits for one instead.
 */
static void begin_on_server(struct radius_client *c, struct radius_request *r)
{
	if (c->server[r->server]->ninflight == RADIUS_IDS) {
		list_del(&c->requests, r);
		r->server = -1;
		list_append(&c->waiting, r);
		return;
	}
	if (send_try(c, r) == 0)
		return;
	log_warn("radius %s: request (code %u) could not be built; dropped",
		 c->server[r->server]->name, r->code);
	finish(c, r, RADIUS_NO_ANSWER, NULL);
}

/*
 * Identifiers were freed: the oldest waiting requests whose server has
 * one go.  Restarts from the head after each, as a callback may have
 * changed the list.
 */
static void dispatch_waiting(struct radius_client *c)
{
	struct radius_request *r = c->waiting;

	while (r && !c->dying) {
		int i = pick_server(c, r);

		if (i < 0) {	/* a reload left no server of its kind */
			c->stats.timeouts++;
			finish(c, r, RADIUS_NO_ANSWER, NULL);
			r = c->waiting;
			continue;
		}
		if (c->server[i]->ninflight == RADIUS_IDS) {
			r = r->next;
			continue;
		}
		list_del(&c->waiting, r);
		list_add(&c->requests, r);
		start_on_server(c, r);
		begin_on_server(c, r);
		r = c->waiting;
	}
}

static void server_dead(struct radius_client *c, struct radius_server *s)
{
	if (server_alive(c, s))
		log_warn("radius %s: no answer after %u tries; dead for %u s",
			 s->name, c->cfg.retries + 1, c->cfg.dead_time_s);
	s->dead_until = loop_now(c->loop) + (uint64_t)c->cfg.dead_time_s *
			1000 + 1;
}

static void close_servers(struct radius_client *c)
{
	for (unsigned i = 0; i < c->cfg.nserver; i++) {
		struct radius_server *s = c->server[i];

		if (s && s->fd >= 0) {
			loop_del_fd(c->loop, s->fd);
			close(s->fd);
		}
		free(s);
		c->server[i] = NULL;
	}
}

static void really_free(struct radius_client *c)
{
	close_servers(c);
	free(c);
}

/* The client is freed when the outermost callback returns. */
static void leave(struct radius_client *c)
{
	if (--c->busy == 0 && c->dying)
		really_free(c);
}

/* r's tries at its server went unanswered: the next server, or the end. */
static void fail_over(struct radius_client *c, struct radius_request *r)
{
	struct radius_server *s = c->server[r->server];

	server_dead(c, s);
	release_tries(c, r);
	r->tried |= 1u << r->server;
	if (start_on_server(c, r) < 0) {
		c->stats.timeouts++;
		log_warn("radius %s: request (code %u) unanswered by every "
			 "%s server", s->name, r->code, kind_name(r->kind));
		finish(c, r, RADIUS_NO_ANSWER, NULL);
		return;
	}
	c->stats.failovers++;
	log_notice("radius %s: failover to %s", s->name,
		   c->server[r->server]->name);
	begin_on_server(c, r);
}

static void on_timeout(struct loop *loop, struct timer *t, void *arg)
{
	struct radius_request *r = arg;
	struct radius_client *c = r->c;

	c->busy++;
	if (r->ntry < c->cfg.retries + 1) {
		c->stats.retransmits++;
		if (send_try(c, r) < 0)
			finish(c, r, RADIUS_NO_ANSWER, NULL);
	} else {
		fail_over(c, r);
	}
	dispatch_waiting(c);
	leave(c);
}

static bool code_answers(uint8_t request, uint8_t response)
{
	if (request == RADIUS_ACCESS_REQUEST)
		return response == RADIUS_ACCESS_ACCEPT ||
		       response == RADIUS_ACCESS_REJECT ||
		       response == RADIUS_ACCESS_CHALLENGE;
	return request == RADIUS_ACCOUNTING_REQUEST &&
	       response == RADIUS_ACCOUNTING_RESPONSE;
}

/* The try of r with that Identifier, or NULL. */
static const struct radius_try *find_try(const struct radius_request *r,
					 uint8_t id)
{
	for (unsigned i = 0; i < r->ntry; i++) {
		if (r->try[i].id == id)
			return &r->try[i];
	}
	return NULL;
}

/* One datagram from s: the verdict, then at most one request finished. */
static void receive_one(struct radius_client *c, struct radius_server *s,
			size_t len)
{
	struct radius_packet *p = &c->rxp;
	const struct radius_try *t;
	struct radius_request *r;
	char err[160];
	bool need_ma;

	if (radius_parse(c->rx, len, p, err, sizeof(err)) < 0) {
		c->stats.malformed++;
		log_rl(&s->rl, LOG_WARNING, "radius %s: malformed response "
		       "dropped: %s", s->name, err);
		return;
	}
	r = s->inflight[p->id];
	t = r ? find_try(r, p->id) : NULL;
	if (!t) {
		c->stats.unknown_id++;
		log_rl(&s->rl, LOG_INFO, "radius %s: response id %u (code %u) "
		       "to no request in flight; dropped", s->name, p->id,
		       p->code);
		return;
	}
	if (!code_answers(r->code, p->code)) {
		c->stats.malformed++;
		log_rl(&s->rl, LOG_WARNING, "radius %s: code %u does not "
		       "answer a request of code %u (id %u); dropped",
		       s->name, p->code, r->code, p->id);
		return;
	}
	need_ma = r->code == RADIUS_ACCESS_REQUEST &&
		  c->cfg.require_message_authenticator;
	if (radius_verify_response(c->rx, len, p, t->auth, s->cfg.secret,
				   need_ma, err, sizeof(err)) < 0) {
		c->stats.bad_authenticator++;
		log_rl(&s->rl, LOG_WARNING, "radius %s: response dropped: %s",
		       s->name, err);
		return;
	}
	c->stats.answers++;
	if (s->dead_until) {
		if (!server_alive(c, s))
			log_notice("radius %s: answering again", s->name);
		s->dead_until = 0;
	}
	finish(c, r, RADIUS_ANSWERED, p);
	dispatch_waiting(c);
}

static void read_server(struct radius_client *c, struct radius_server *s)
{
	for (int n = 0; n < 64 && !c->dying; n++) {
		ssize_t len = recv(s->fd, c->rx, sizeof(c->rx), 0);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_rl(&s->rl, LOG_INFO, "radius %s: %s",
				       s->name, strerror(errno));
			if (errno == ECONNREFUSED)
				continue;	/* ICMP: the timer decides */
			return;
		}
		if ((size_t)len > RADIUS_MAX_LEN) {
			c->stats.malformed++;
			log_rl(&s->rl, LOG_WARNING, "radius %s: datagram of "
			       "more than 4096 bytes dropped", s->name);
			continue;
		}
		receive_one(c, s, len);
	}
}

void radius_client_input(struct radius_client *c)
{
	c->busy++;
	for (unsigned i = 0; i < c->cfg.nserver && !c->dying; i++)
		read_server(c, c->server[i]);
	leave(c);
}

static void on_readable(struct loop *loop, int fd, uint32_t events,
			void *arg)
{
	struct radius_server *s = arg;
	struct radius_client *c = s->c;

	c->busy++;
	read_server(c, s);
	leave(c);
}

/* A connected socket: only the server's datagrams reach it. */
static int open_server(struct radius_client *c, struct radius_server *s,
		       char *err, size_t errlen)
{
	const struct sockaddr_storage *nas = &c->cfg.nas_addr;
	int family = s->cfg.addr.ss_family, rc;

	s->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		goto fail;
	if (nas->ss_family == family &&
	    bind(s->fd, (const struct sockaddr *)nas,
		 family == AF_INET ? sizeof(struct sockaddr_in) :
				     sizeof(struct sockaddr_in6)) < 0)
		goto fail_bind;
	if (connect(s->fd, (const struct sockaddr *)&s->cfg.addr,
		    s->cfg.addrlen) < 0)
		goto fail;
	rc = loop_add_fd(c->loop, s->fd, EPOLLIN, on_readable, s);
	if (rc < 0 && rc != -EOPNOTSUPP) {	/* virtual loop: tests poll */
		errno = -rc;
		goto fail;
	}
	return 0;
fail_bind:
	set_err(err, errlen, "radius %s: source address (nas_ip_address): "
		"%s", s->name, strerror(errno));
	return -1;
fail:
	set_err(err, errlen, "radius %s: socket: %s", s->name,
		strerror(errno));
	return -1;
}

static int check_config(const struct radius_client_config *cfg, char *err,
			size_t errlen)
{
	if (cfg->nserver > RADIUS_MAX_SERVERS) {
		set_err(err, errlen, "radius: %u servers, at most %d",
			cfg->nserver, RADIUS_MAX_SERVERS);
		return -1;
	}
	if (cfg->timeout_ms == 0 || cfg->retries >= RADIUS_MAX_TRIES ||
	    cfg->max_pending == 0) {
		set_err(err, errlen, "radius: timeout must be > 0, retries "
			"<= %d, max_pending > 0", RADIUS_MAX_TRIES - 1);
		return -1;
	}
	for (unsigned i = 0; i < cfg->nserver; i++) {
		int f = cfg->server[i].addr.ss_family;

		if ((f != AF_INET && f != AF_INET6) ||
		    !cfg->server[i].secret[0]) {
			set_err(err, errlen, "radius: server %u: no address "
				"or no secret", i + 1);
			return -1;
		}
	}
	return 0;
}

struct radius_client *radius_client_new(struct loop *loop,
					const struct radius_client_config *cfg,
					char *err, size_t errlen)
{
	struct radius_client *c;

	if (check_config(cfg, err, errlen) < 0)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		set_err(err, errlen, "radius: out of memory");
		return NULL;
	}
	c->loop = loop;
	c->cfg = *cfg;
	for (unsigned i = 0; i < cfg->nserver; i++) {
		struct radius_server *s = calloc(1, sizeof(*s));

		c->server[i] = s;
		if (!s) {
			set_err(err, errlen, "radius: out of memory");
			really_free(c);
			return NULL;
		}
		s->fd = -1;
		s->c = c;
		s->cfg = cfg->server[i];
		server_name(s);
		if (open_server(c, s, err, errlen) < 0) {
			really_free(c);
			return NULL;
		}
	}
	return c;
}

void radius_client_free(struct radius_client *c)
{
	if (!c || c->dying)
		return;
	c->dying = true;
	c->busy++;
	while (c->requests)
		finish(c, c->requests, RADIUS_CANCELLED, NULL);
	while (c->waiting)
		finish(c, c->waiting, RADIUS_CANCELLED, NULL);
	leave(c);
}

static bool has_kind(const struct radius_client *c,
		     enum radius_server_kind kind)
{
	for (unsigned i = 0; i < c->cfg.nserver; i++) {
		if (c->server[i]->cfg.kind == kind)
			return true;
	}
	return false;
}

struct radius_request *radius_send(struct radius_client *c,
				   enum radius_server_kind kind,
				   uint8_t code, radius_fill_cb fill,
				   radius_done_cb done, void *arg,
				   char *err, size_t errlen)
{
	struct radius_request *r;

	if (c->dying) {
		set_err(err, errlen, "radius: client shutting down");
		return NULL;
	}
	if (!has_kind(c, kind)) {
		set_err(err, errlen, "radius: no %s server configured",
			kind_name(kind));
		return NULL;
	}
	if (c->stats.pending >= c->cfg.max_pending) {
		set_err(err, errlen, "radius: queue full (%u requests "
			"pending, max_pending)", c->stats.pending);
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (!r) {
		set_err(err, errlen, "radius: out of memory");
		return NULL;
	}
	*r = (struct radius_request){ .c = c, .kind = kind, .code = code,
				      .fill = fill, .done = done, .arg = arg,
				      .server = -1,
				      .started = loop_now(c->loop) };
	timer_init(&r->timer, on_timeout, r);
	start_on_server(c, r);
	list_add(&c->requests, r);
	if (c->server[r->server]->ninflight == RADIUS_IDS) {
		list_del(&c->requests, r);
		r->server = -1;
		list_append(&c->waiting, r);
	} else if (send_try(c, r) < 0) {
		release_tries(c, r);
		list_del(&c->requests, r);
		request_free(c, r);
		set_err(err, errlen, "radius: request does not fit in a "
			"packet");
		return NULL;
	}
	c->stats.requests++;
	c->stats.pending++;
	return r;
}

void radius_cancel(struct radius_client *c, struct radius_request *r)
{
	c->busy++;
	finish(c, r, RADIUS_CANCELLED, NULL);
	dispatch_waiting(c);
	leave(c);
}

/* Every request of c back on the waiting list, in order, tried nowhere. */
static void requests_restart(struct radius_client *c)
{
	struct radius_request *r, *waiting = c->waiting;

	c->waiting = NULL;
	while ((r = c->requests)) {
		release_tries(c, r);
		timer_cancel(c->loop, &r->timer);
		list_del(&c->requests, r);
		r->server = -1;
		r->tried = 0;
		list_append(&c->waiting, r);
	}
	while ((r = waiting)) {
		list_del(&waiting, r);
		r->tried = 0;
		list_append(&c->waiting, r);
	}
}

void radius_client_take_over(struct radius_client *c,
			     struct radius_client *next)
{
	c->busy++;
	requests_restart(c);
	close_servers(c);
	c->cfg = next->cfg;
	for (unsigned i = 0; i < next->cfg.nserver; i++) {
		c->server[i] = next->server[i];
		c->server[i]->c = c;
		next->server[i] = NULL;
	}
	free(next);
	dispatch_waiting(c);
	leave(c);
}

void radius_client_stats(const struct radius_client *c,
			 struct radius_client_stats *s)
{
	*s = c->stats;
}
