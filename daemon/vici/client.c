// SPDX-License-Identifier: GPL-2.0-or-later
/* Non-blocking VICI client on the daemon loop; see client.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "escape.h"
#include "log.h"
#include "vici/client.h"
#include "vici/packet.h"

#define RETRY_MIN_MS	500
#define RETRY_MAX_MS	30000

/*
 * One request/reply pair on a connection.  A streamed command is three
 * consecutive exchanges (register, command, unregister) that succeed or
 * fail together: group_left counts the members that follow.
 */
enum xchg_kind { XCHG_COMMAND, XCHG_REGISTER, XCHG_UNREGISTER };

struct xchg {
	struct xchg *next;
	enum xchg_kind kind;
	unsigned int group_left;
	char name[VICI_MAX_NAME + 1];		/* command or event */
	char stream[VICI_MAX_NAME + 1];		/* COMMAND: streamed event */
	uint8_t *pkt;
	size_t pkt_len;
	vici_response_cb cb;
	vici_event_cb stream_cb;
	void *arg;
};

struct vici_conn {
	struct vici_client *client;
	const char *role;		/* "command" or "event", for logs */
	int fd;				/* -1 when closed */
	struct vici_reader rd;
	struct xchg *head, *tail;	/* head is the only one on the wire */
	size_t sent;			/* bytes of head->pkt written */
	uint64_t gen;			/* bumped on close: stale-read guard */
	struct timer answer;		/* head sent, no answer yet */
};

struct registration {
	struct registration *next;
	char name[VICI_MAX_NAME + 1];
	vici_event_cb cb;
	void *arg;
};

struct vici_client {
	struct loop *loop;
	char *path;
	struct vici_client_ops ops;
	void *ctx;
	struct vici_conn cmd, ev;
	struct registration *regs;
	struct timer retry;
	uint32_t backoff_ms;
	bool up;
	bool outage_reported;	/* disconnected() ran for this outage */
	char last_error[256];
};

static void conn_io(struct loop *loop, int fd, uint32_t events, void *arg);
static void client_fail(struct vici_client *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- exchanges -------------------------------------------------------- */

static struct xchg *xchg_new(enum xchg_kind kind, unsigned int type,
			     const char *name, const uint8_t *msg,
			     size_t msg_len)
{
	char err[VICI_ERR_LEN];
	struct xchg *x;

	if (strlen(name) > VICI_MAX_NAME) {
		log_err("vici: name '%.32s...' too long", name);
		errno = ENAMETOOLONG;
		return NULL;
	}
	x = calloc(1, sizeof(*x));
	if (!x)
		return NULL;
	x->kind = kind;
	strcpy(x->name, name);
	x->pkt = vici_packet_encode(type, name, msg, msg_len, &x->pkt_len,
				    err, sizeof(err));
	if (!x->pkt) {
		int e = errno;

		log_err("%s", err);
		free(x);
		errno = e;
		return NULL;
	}
	return x;
}

static void xchg_free(struct xchg *x)
{
	free(x->pkt);
	free(x);
}

static void conn_enqueue(struct vici_conn *k, struct xchg *x)
{
	if (k->tail)
		k->tail->next = x;
	else
		k->head = x;
	k->tail = x;
}

static struct xchg *conn_pop(struct vici_conn *k)
{
	struct xchg *x = k->head;

	if (!x)
		return NULL;
	k->head = x->next;
	if (!k->head)
		k->tail = NULL;
	k->sent = 0;
	timer_cancel(k->client->loop, &k->answer);
	x->next = NULL;
	return x;
}

/* Complete the head exchange and the rest of its group with err. */
static void conn_fail_head(struct vici_conn *k, int err, const char *why)
{
	struct vici_client *c = k->client;
	unsigned int left = k->head ? k->head->group_left + 1 : 0;
	struct xchg *x;

	while (left-- && (x = conn_pop(k))) {
		if (x->kind == XCHG_COMMAND && x->cb)
			x->cb(c, err, NULL, why, x->arg);
		xchg_free(x);
	}
}

/* ---- writing ---------------------------------------------------------- */

static void conn_flush(struct vici_conn *k)
{
	struct xchg *x = k->head;
	ssize_t n;

	if (k->fd < 0 || !x || k->sent == x->pkt_len)
		return;
	while (k->sent < x->pkt_len) {
		n = send(k->fd, x->pkt + k->sent, x->pkt_len - k->sent,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			loop_mod_fd(k->client->loop, k->fd,
				    EPOLLIN | EPOLLOUT);
			return;
		}
		if (n < 0) {
			client_fail(k->client,
				    "vici: sending %s '%s' to charon at %s: %s",
				    k->role, x->name, k->client->path,
				    strerror(errno));
			return;
		}
		k->sent += n;
	}
	loop_mod_fd(k->client->loop, k->fd, EPOLLIN);
	if (k->client->ops.response_timeout_ms)
		timer_arm(k->client->loop, &k->answer,
			  k->client->ops.response_timeout_ms);
}

static void answer_timeout_cb(struct loop *loop, struct timer *t, void *arg)
{
	struct vici_conn *k = arg;

	(void)loop;
	(void)t;
	client_fail(k->client,
		    "vici: charon at %s did not answer %s '%s' within %u ms",
		    k->client->path, k->role, k->head ? k->head->name : "?",
		    k->client->ops.response_timeout_ms);
}

/* ---- connection lifecycle --------------------------------------------- */

static void conn_close(struct vici_conn *k)
{
	if (k->fd >= 0) {
		loop_del_fd(k->client->loop, k->fd);
		close(k->fd);
		k->fd = -1;
	}
	k->gen++;
	vici_reader_reset(&k->rd);
	k->sent = 0;
	timer_cancel(k->client->loop, &k->answer);
}

static int conn_open(struct vici_conn *k)
{
	struct vici_client *c = k->client;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, ret;

	strcpy(sun.sun_path, c->path);	/* length checked in _new */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/*
	 * A unix stream connect completes or fails at once; EAGAIN means
	 * charon's backlog is full, which the retry handles like absence.
	 */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ret = loop_add_fd(c->loop, fd, EPOLLIN, conn_io, k);
	if (ret) {
		close(fd);
		return ret;
	}
	k->fd = fd;
	return 0;
}

static void client_check_up(struct vici_client *c)
{
	if (c->up || c->cmd.fd < 0 || c->ev.fd < 0 || c->ev.head)
		return;
	c->up = true;
	c->outage_reported = false;
	c->backoff_ms = c->ops.retry_min_ms;
	c->last_error[0] = '\0';
	log_info("vici: connected to charon at %s", c->path);
	if (c->ops.connected)
		c->ops.connected(c, c->ctx);
	conn_flush(&c->cmd);
}

static void client_register_all(struct vici_client *c)
{
	struct registration *r;
	struct xchg *x;

	for (r = c->regs; r; r = r->next) {
		x = xchg_new(XCHG_REGISTER, VICI_EVENT_REGISTER, r->name,
			     NULL, 0);
		if (!x) {
			client_fail(c, "vici: out of memory registering '%s'",
				    r->name);
			return;
		}
		conn_enqueue(&c->ev, x);
	}
	conn_flush(&c->ev);
}

static void client_connect(struct vici_client *c)
{
	int ret;

	ret = conn_open(&c->cmd);
	if (!ret)
		ret = conn_open(&c->ev);
	if (ret) {
		client_fail(c, "vici: charon not reachable at %s: %s%s", c->path,
			    strerror(-ret), ret == -EACCES ? " (l2tpgwd's "
			    "group must be charon's: charon.group in "
			    "strongswan.conf)" : "");
		return;
	}
	client_register_all(c);
	if (c->ev.fd >= 0)
		client_check_up(c);
}

static void retry_cb(struct loop *loop, struct timer *t, void *arg)
{
	(void)loop;
	(void)t;
	client_connect(arg);
}

/*
 * Close both connections and schedule a retry.  Exchanges on the wire
 * fail; commands not yet sent wait for the next connection.
 */
static void client_fail(struct vici_client *c, const char *fmt, ...)
{
	bool on_wire;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->last_error, sizeof(c->last_error), fmt, ap);
	va_end(ap);

	/*
	 * The head fails if any of it (or of its stream group: the
	 * registration the command relies on) reached charon.  Close first,
	 * so commands its callback issues are queued, not sent on the dying
	 * connection.
	 */
	on_wire = c->cmd.head && (c->cmd.sent || c->cmd.head->stream_cb ||
				  c->cmd.head->kind == XCHG_UNREGISTER);
	conn_close(&c->cmd);
	conn_close(&c->ev);
	c->up = false;
	while (c->ev.head)
		xchg_free(conn_pop(&c->ev));
	if (on_wire)
		conn_fail_head(&c->cmd, -ECONNRESET, c->last_error);

	if (!c->outage_reported) {
		log_warn("%s; retrying", c->last_error);
		c->outage_reported = true;
		if (c->ops.disconnected)
			c->ops.disconnected(c, c->last_error, c->ctx);
	} else {
		log_debug("%s; retrying in %u ms", c->last_error,
			  c->backoff_ms);
	}
	timer_arm(c->loop, &c->retry, c->backoff_ms);
	c->backoff_ms = c->backoff_ms >= c->ops.retry_max_ms / 2
				? c->ops.retry_max_ms : c->backoff_ms * 2;
}

/* ---- received packets ------------------------------------------------- */

static bool head_awaits(struct vici_conn *k, enum xchg_kind kind)
{
	return k->head && k->head->kind == kind && k->sent == k->head->pkt_len;
}

static void deliver_response(struct vici_conn *k, const struct vici_packet *p)
{
	struct vici_client *c = k->client;
	char err[VICI_ERR_LEN + VICI_MAX_NAME + 64];
	char perr[VICI_ERR_LEN];
	struct xchg *x = conn_pop(k);
	struct vici_msg *m;
	const char *ok, *msg;

	m = vici_msg_parse(p->msg, p->msg_len, perr, sizeof(perr));
	if (!m) {
		snprintf(err, sizeof(err), "%s (response to %s)", perr,
			 x->name);
		log_err("%s", err);
		if (x->cb)
			x->cb(c, -EBADMSG, NULL, err, x->arg);
	} else {
		ok = vici_msg_get(m, NULL, "success");
		if (ok && strcmp(ok, "yes")) {
			msg = vici_msg_get(m, NULL, "errmsg");
			/* It may quote what a client sent charon. */
			str_escape_cstr(perr, sizeof(perr), msg);
			snprintf(err, sizeof(err), "charon rejected %s: %s",
				 x->name, perr[0] ? perr : "no reason given");
			if (x->cb)
				x->cb(c, -EREMOTEIO, m, err, x->arg);
		} else if (x->cb) {
			x->cb(c, 0, m, NULL, x->arg);
		}
		vici_msg_free(m);
	}
	xchg_free(x);
}

/* A packet's name escaped for a log line. */
#define NAME_SHOWN STR_ESCAPED_SIZE(VICI_MAX_NAME)
static const char *name_shown(const struct vici_packet *p,
			      char out[NAME_SHOWN])
{
	return str_escape_cstr(out, NAME_SHOWN, p->name);
}

static void deliver_event(struct vici_client *c, const char *what,
			  const struct vici_packet *p, vici_event_cb cb,
			  void *arg)
{
	static struct log_ratelimit rl;
	char perr[VICI_ERR_LEN], shown[NAME_SHOWN];
	struct vici_msg *m;

	m = vici_msg_parse(p->msg, p->msg_len, perr, sizeof(perr));
	if (!m) {
		log_rl(&rl, LOG_WARNING, "%s (%s event '%s')", perr, what,
		       name_shown(p, shown));
		return;
	}
	cb(c, p->name, m, arg);
	vici_msg_free(m);
}

static void cmd_packet(struct vici_conn *k, const struct vici_packet *p)
{
	struct vici_client *c = k->client;
	char err[VICI_MAX_NAME * 2 + 64], shown[NAME_SHOWN];
	struct xchg *x = k->head;

	switch (p->type) {
	case VICI_CMD_RESPONSE:
		if (!head_awaits(k, XCHG_COMMAND))
			break;
		deliver_response(k, p);
		goto next;
	case VICI_CMD_UNKNOWN:
		if (!head_awaits(k, XCHG_COMMAND))
			break;
		snprintf(err, sizeof(err), "charon does not know command '%s'",
			 x->name);
		log_err("vici: %s", err);
		conn_fail_head(k, -EOPNOTSUPP, err);
		goto next;
	case VICI_EVENT_CONFIRM:
		if (!head_awaits(k, XCHG_REGISTER) &&
		    !head_awaits(k, XCHG_UNREGISTER))
			break;
		xchg_free(conn_pop(k));
		goto next;
	case VICI_EVENT_UNKNOWN:
		if (!head_awaits(k, XCHG_REGISTER) &&
		    !head_awaits(k, XCHG_UNREGISTER))
			break;
		snprintf(err, sizeof(err),
			 "charon has no event '%s' to stream %s", x->name,
			 x->next ? x->next->name : "a command");
		log_err("vici: %s", err);
		conn_fail_head(k, -ENOENT, err);
		goto next;
	case VICI_EVENT:
		if (x && x->kind == XCHG_COMMAND && x->stream_cb &&
		    !strcmp(x->stream, p->name)) {
			/* a long stream is progress, not a hang */
			if (c->ops.response_timeout_ms)
				timer_arm(c->loop, &k->answer,
					  c->ops.response_timeout_ms);
			deliver_event(c, "streamed", p, x->stream_cb, x->arg);
		} else {
			log_debug("vici: ignoring event '%s' on the command connection",
				  name_shown(p, shown));
		}
		return;
	}
	client_fail(c, "vici: unexpected %s packet from charon at %s on the command connection",
		    vici_packet_type_name(p->type), c->path);
	return;
next:
	conn_flush(k);
}

static void ev_packet(struct vici_conn *k, const struct vici_packet *p)
{
	struct vici_client *c = k->client;
	struct registration *r;
	char shown[NAME_SHOWN];

	switch (p->type) {
	case VICI_EVENT:
		for (r = c->regs; r; r = r->next)
			if (!strcmp(r->name, p->name)) {
				deliver_event(c, "registered", p, r->cb,
					      r->arg);
				return;
			}
		log_debug("vici: ignoring unregistered event '%s'",
			  name_shown(p, shown));
		return;
	case VICI_EVENT_CONFIRM:
	case VICI_EVENT_UNKNOWN:
		if (!head_awaits(k, XCHG_REGISTER))
			break;
		if (p->type == VICI_EVENT_UNKNOWN)
			log_err("vici: charon at %s has no event '%s'; its events will not be seen",
				c->path, k->head->name);
		xchg_free(conn_pop(k));
		conn_flush(k);
		client_check_up(c);
		return;
	}
	client_fail(c, "vici: unexpected %s packet from charon at %s on the event connection",
		    vici_packet_type_name(p->type), c->path);
}

static void conn_segment(struct vici_conn *k, const uint8_t *seg, size_t len)
{
	char err[VICI_ERR_LEN];
	struct vici_packet p;

	if (vici_packet_parse(seg, len, &p, err, sizeof(err))) {
		client_fail(k->client, "%s from charon at %s", err,
			    k->client->path);
		return;
	}
	if (k == &k->client->cmd)
		cmd_packet(k, &p);
	else
		ev_packet(k, &p);
}

static void conn_read(struct vici_conn *k)
{
	struct vici_client *c = k->client;
	uint64_t gen = k->gen;
	char err[VICI_ERR_LEN];
	const uint8_t *seg;
	uint8_t buf[16384];
	size_t seg_len, off;
	ssize_t n, used;

	for (;;) {
		n = recv(k->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			client_fail(c, "vici: charon at %s closed the %s connection%s%s",
				    c->path, k->role, n ? ": " : "",
				    n ? strerror(errno) : "");
			return;
		}
		for (off = 0; off < (size_t)n; off += used) {
			used = vici_reader_feed(&k->rd, buf + off, n - off,
						&seg, &seg_len, err,
						sizeof(err));
			if (used < 0) {
				client_fail(c, "%s from charon at %s", err,
					    c->path);
				return;
			}
			if (seg)
				conn_segment(k, seg, seg_len);
			if (k->gen != gen)
				return;
		}
	}
}

static void conn_io(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct vici_conn *k = arg;
	uint64_t gen = k->gen;

	(void)loop;
	(void)fd;
	if (events & EPOLLOUT)
		conn_flush(k);
	if (k->gen == gen && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		conn_read(k);
}

/* ---- public ----------------------------------------------------------- */

static void conn_init(struct vici_conn *k, struct vici_client *c,
		      const char *role)
{
	k->client = c;
	k->role = role;
	k->fd = -1;
	vici_reader_init(&k->rd);
	timer_init(&k->answer, answer_timeout_cb, k);
}

struct vici_client *vici_client_new(struct loop *loop, const char *path,
				    const struct vici_client_ops *ops,
				    void *ctx)
{
	struct vici_client *c;

	if (!path)
		path = VICI_DEFAULT_SOCKET;
	if (!strncmp(path, "unix://", 7))
		path += 7;
	if (!*path ||
	    strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
		log_err("vici: socket path '%s' is empty or too long", path);
		errno = ENAMETOOLONG;
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->path = strdup(path);
	if (!c->path) {
		free(c);
		return NULL;
	}
	c->loop = loop;
	if (ops)
		c->ops = *ops;
	if (!c->ops.retry_min_ms)
		c->ops.retry_min_ms = RETRY_MIN_MS;
	if (!c->ops.retry_max_ms)
		c->ops.retry_max_ms = RETRY_MAX_MS;
	if (c->ops.retry_max_ms < c->ops.retry_min_ms)
		c->ops.retry_max_ms = c->ops.retry_min_ms;
	c->backoff_ms = c->ops.retry_min_ms;
	c->ctx = ctx;
	conn_init(&c->cmd, c, "command");
	conn_init(&c->ev, c, "event");
	timer_init(&c->retry, retry_cb, c);
	timer_arm(loop, &c->retry, 0);
	return c;
}

static int finish_req(const struct vici_builder *req, const char *cmd,
		      const uint8_t **msg, size_t *len)
{
	struct vici_builder copy;
	int ret;

	*msg = NULL;
	*len = 0;
	if (!req)
		return 0;
	/* finish only checks and reports; it does not change the bytes */
	copy = *req;
	ret = vici_builder_finish(&copy, msg, len);
	if (ret)
		log_err("vici: %s request: %s", cmd, copy.errstr);
	return ret;
}

int vici_client_command(struct vici_client *c, const char *cmd,
			const struct vici_builder *req, vici_response_cb cb,
			void *arg)
{
	const uint8_t *msg;
	struct xchg *x;
	size_t len;
	int ret;

	ret = finish_req(req, cmd, &msg, &len);
	if (ret)
		return ret;
	x = xchg_new(XCHG_COMMAND, VICI_CMD_REQUEST, cmd, msg, len);
	if (!x)
		return -errno;
	x->cb = cb;
	x->arg = arg;
	conn_enqueue(&c->cmd, x);
	if (c->up)
		conn_flush(&c->cmd);
	return 0;
}

int vici_client_command_stream(struct vici_client *c, const char *cmd,
			       const struct vici_builder *req,
			       const char *event, vici_event_cb event_cb,
			       vici_response_cb cb, void *arg)
{
	struct xchg *reg, *x, *unreg;
	const uint8_t *msg;
	size_t len;
	int ret;

	ret = finish_req(req, cmd, &msg, &len);
	if (ret)
		return ret;
	reg = xchg_new(XCHG_REGISTER, VICI_EVENT_REGISTER, event, NULL, 0);
	x = xchg_new(XCHG_COMMAND, VICI_CMD_REQUEST, cmd, msg, len);
	unreg = xchg_new(XCHG_UNREGISTER, VICI_EVENT_UNREGISTER, event,
			 NULL, 0);
	if (!reg || !x || !unreg) {
		ret = errno ? -errno : -ENOMEM;
		if (reg)
			xchg_free(reg);
		if (x)
			xchg_free(x);
		if (unreg)
			xchg_free(unreg);
		return ret;
	}
	reg->group_left = 2;
	x->group_left = 1;
	strcpy(x->stream, event);
	x->stream_cb = event_cb;
	x->cb = cb;
	x->arg = arg;
	conn_enqueue(&c->cmd, reg);
	conn_enqueue(&c->cmd, x);
	conn_enqueue(&c->cmd, unreg);
	if (c->up)
		conn_flush(&c->cmd);
	return 0;
}

int vici_client_register(struct vici_client *c, const char *event,
			 vici_event_cb cb, void *arg)
{
	struct registration *r, **tail;
	struct xchg *x;

	if (strlen(event) > VICI_MAX_NAME)
		return -ENAMETOOLONG;
	for (tail = &c->regs; *tail; tail = &(*tail)->next)
		if (!strcmp((*tail)->name, event))
			return -EEXIST;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	strcpy(r->name, event);
	r->cb = cb;
	r->arg = arg;
	if (c->ev.fd >= 0) {
		x = xchg_new(XCHG_REGISTER, VICI_EVENT_REGISTER, event, NULL, 0);
		if (!x) {
			free(r);
			return -ENOMEM;
		}
		conn_enqueue(&c->ev, x);
	}
	*tail = r;
	if (c->ev.fd >= 0)
		conn_flush(&c->ev);
	return 0;
}

bool vici_client_is_up(const struct vici_client *c)
{
	return c->up;
}

const char *vici_client_path(const struct vici_client *c)
{
	return c->path;
}

const char *vici_client_last_error(const struct vici_client *c)
{
	return c->last_error;
}

void vici_client_free(struct vici_client *c)
{
	struct registration *r;

	if (!c)
		return;
	timer_cancel(c->loop, &c->retry);
	conn_close(&c->cmd);
	conn_close(&c->ev);
	while (c->cmd.head)
		conn_fail_head(&c->cmd, -ECANCELED, "vici: client closed");
	while (c->ev.head)
		xchg_free(conn_pop(&c->ev));
	while ((r = c->regs)) {
		c->regs = r->next;
		free(r);
	}
	vici_reader_release(&c->cmd.rd);
	vici_reader_release(&c->ev.rd);
	free(c->path);
	free(c);
}
