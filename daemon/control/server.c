// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket server: accepts clients on the daemon's loop, reads
 * framed requests, answers them through the provider and pushes events
 * to monitor subscribers.
 *
 * Nothing here blocks.  Each client has a bounded input buffer (one
 * request) and an output queue; while the queue is above max_output the
 * client's requests are not read (it must first read its answers), and
 * an event that would overflow it drops the client; so does a queue that
 * has not moved for stall_ms.  So a stuck client costs at most
 * max_output + one response of memory for a bounded time, and never
 * delays anyone.
 *
 * Provider calls may publish events (deleting a tunnel brings its
 * sessions down), which may drop clients.  Clients are therefore only
 * marked dead during dispatch and freed when the outermost entry point
 * returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "control/access.h"
#include "control/protocol.h"
#include "log.h"
#include "loop.h"

struct control_client {
	struct control_server *srv;
	struct control_client *next;
	int fd;
	unsigned int serial;	/* for log messages */
	bool dead;
	bool closing;		/* flush the queue, then close */
	bool monitor;
	uint32_t events;	/* what the loop watches */
	struct timer stall;	/* armed while output waits for the client */
	uint8_t *in;		/* one request at most */
	size_t in_len;
	uint8_t *out;
	size_t out_off, out_len, out_cap;
	struct control_peer peer;	/* SO_PEERCRED, SO_PEERGROUPS */
};

struct control_server {
	struct loop *loop;
	const struct control_provider *prov;
	void *arg;
	int listen_fd;
	char *path;		/* unlinked on free; NULL if unbound */
	size_t max_clients, max_output, max_request;
	uint32_t stall_ms;
	struct control_client *clients;
	size_t nclients;
	unsigned int serial;
	int depth;		/* entry points on the stack */
	bool restricted;	/* access applies; else whoever connects */
	struct control_access access;
};

/* --- client lifetime ---------------------------------------------------------- */

static void client_kill(struct control_client *c, const char *why)
{
	if (c->dead)
		return;
	if (why)
		log_info("control client %u: %s; disconnecting", c->serial, why);
	c->dead = true;
	timer_cancel(c->srv->loop, &c->stall);
	loop_del_fd(c->srv->loop, c->fd);
	close(c->fd);
	c->fd = -1;
	c->srv->nclients--;
}

static void client_free(struct control_client *c)
{
	free(c->in);
	free(c->out);
	free(c);
}

/* Free dead clients once no entry point is using them any more. */
static void server_leave(struct control_server *srv)
{
	struct control_client **pp = &srv->clients, *c;

	if (--srv->depth > 0)
		return;
	while ((c = *pp)) {
		if (c->dead) {
			*pp = c->next;
			client_free(c);
		} else {
			pp = &c->next;
		}
	}
}

static void client_watch(struct control_client *c)
{
	uint32_t ev = 0;

	if (c->dead)
		return;
	if (!c->closing && c->out_len - c->out_off <= c->srv->max_output)
		ev |= EPOLLIN;
	if (c->out_len > c->out_off)
		ev |= EPOLLOUT;
	if (ev != c->events && loop_mod_fd(c->srv->loop, c->fd, ev) == 0)
		c->events = ev;
}

/* --- output ------------------------------------------------------------------ */

static int queue_reserve(struct control_client *c, size_t more)
{
	size_t need, cap;
	uint8_t *p;

	if (c->out_off && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	need = c->out_len + more;
	if (need <= c->out_cap)
		return 0;
	if (c->out_off) {
		memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
		c->out_len -= c->out_off;
		c->out_off = 0;
		need = c->out_len + more;
		if (need <= c->out_cap)
			return 0;
	}
	cap = c->out_cap ? c->out_cap : 4096;
	while (cap < need)
		cap *= 2;
	p = realloc(c->out, cap);
	if (!p)
		return -ENOMEM;
	c->out = p;
	c->out_cap = cap;
	return 0;
}

/* Queue one framed message; the caller decides about limits. */
static int queue_json(struct control_client *c, struct json_object *msg)
{
	const char *text;
	size_t len;

	if (!msg)
		return -ENOMEM;
	text = control_json_text(msg, &len);
	if (!text || len > CONTROL_MAX_RESPONSE)
		return text ? -EMSGSIZE : -ENOMEM;
	if (queue_reserve(c, CONTROL_FRAME_HEADER + len))
		return -ENOMEM;
	control_frame_header(c->out + c->out_len, (uint32_t)len);
	memcpy(c->out + c->out_len + CONTROL_FRAME_HEADER, text, len);
	c->out_len += CONTROL_FRAME_HEADER + len;
	return 0;
}

static void client_flush(struct control_client *c)
{
	size_t before = c->out_off;
	ssize_t n;

	while (!c->dead && c->out_len > c->out_off) {
		n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			client_kill(c, "write failed");
			return;
		}
		c->out_off += (size_t)n;
	}
	if (c->dead)
		return;
	/* The stall clock restarts whenever the client takes some output. */
	if (c->out_off == c->out_len) {
		c->out_off = c->out_len = 0;
		timer_cancel(c->srv->loop, &c->stall);
	} else if (c->out_off != before || !timer_pending(&c->stall)) {
		timer_arm(c->srv->loop, &c->stall, c->srv->stall_ms);
	}
	if (c->closing && c->out_len == 0) {
		client_kill(c, NULL);
		return;
	}
	client_watch(c);
}

static void client_stalled(struct loop *loop, struct timer *t, void *arg)
{
	struct control_client *c = arg;
	struct control_server *srv = c->srv;

	srv->depth++;
	client_kill(c, "not reading its answers");
	server_leave(srv);
}

static void send_reply(struct control_client *c,
		       const struct control_request *req,
		       struct json_object *msg)
{
	char text[CONTROL_ERR_SIZE];
	int err = queue_json(c, msg);

	json_object_put(msg);
	if (err == -EMSGSIZE) {
		snprintf(text, sizeof(text),
			 "response exceeds the limit of %d bytes",
			 CONTROL_MAX_RESPONSE);
		log_warn("control client %u: %s", c->serial, text);
		err = queue_json(c, msg = control_response_error(req, err, text));
		json_object_put(msg);
	}
	if (err)
		client_kill(c, "out of memory queueing a response");
}

/* --- requests ------------------------------------------------------------------ */

/* Run req; returns 0 with *result set, or a negative errno with err. */
static int run_request(struct control_client *c,
		       const struct control_request *req,
		       struct json_object **result, char *err, size_t errlen)
{
	control_handler_fn handler = c->srv->prov->handler[req->cmd];
	struct control_reply reply;
	int ret;

	err[0] = '\0';
	ret = control_reply_init(&reply, req->cmd);
	if (!ret)
		ret = handler ? handler(c->srv->arg, req, &reply, err, errlen) :
			-EOPNOTSUPP;
	if (!ret)
		ret = control_reply_finish(&reply, req, result, err, errlen);
	if (ret) {
		control_reply_discard(&reply);
		if (!err[0] && ret == -EOPNOTSUPP)
			snprintf(err, errlen, "%s is not supported by this l2tpgwd",
				 control_cmd_name(req->cmd));
		return ret;
	}
	c->monitor |= reply.subscribe;
	return 0;
}

/* May c run cmd?  If not, err says why and a line is logged. */
static bool allowed(struct control_client *c, unsigned int cmd, char *err,
		    size_t errlen)
{
	static struct log_ratelimit rl;
	const struct control_server *srv = c->srv;
	bool read_only = control_command(cmd)->read_only;

	if (!srv->restricted ||
	    control_access_allows(&srv->access, &c->peer, read_only))
		return true;
	control_access_denial(&srv->access, control_cmd_name(cmd), read_only,
			      err, errlen);
	log_rl(&rl, LOG_WARNING, "control client %u (uid %u gid %u pid %d): "
	       "%s refused: not root%s%s", c->serial, (unsigned)c->peer.uid,
	       (unsigned)c->peer.gid, (int)c->peer.pid, control_cmd_name(cmd),
	       srv->access.admin != (gid_t)-1 ? " nor in group " : "",
	       srv->access.admin != (gid_t)-1 ? srv->access.admin_name : "");
	return false;
}

static void handle_request(struct control_client *c, const uint8_t *buf,
			   size_t len)
{
	struct control_request req;
	struct json_object *result = NULL;
	char err[CONTROL_ERR_SIZE];
	int ret;

	ret = control_request_parse(buf, len, &req, err, sizeof(err));
	if (ret) {
		log_debug("control client %u: bad request: %s", c->serial, err);
	} else if (!allowed(c, req.cmd, err, sizeof(err))) {
		ret = -EACCES;
	} else {
		log_debug("control client %u: %s", c->serial,
			  control_cmd_name(req.cmd));
		ret = run_request(c, &req, &result, err, sizeof(err));
		/* Only what changes state is worth noting when it fails. */
		if (ret)
			log_msg(control_command(req.cmd)->read_only ?
				LOG_DEBUG : LOG_INFO,
				"control client %u: %s failed: %s", c->serial,
				control_cmd_name(req.cmd), err);
	}
	if (c->dead)
		return;
	if (ret)
		send_reply(c, &req, control_response_error(&req, ret, err));
	else
		send_reply(c, &req, control_response_ok(&req, result));
}

/* Answer a framing error, which ends the connection. */
static void frame_error(struct control_client *c, int err, size_t announced)
{
	char msg[CONTROL_ERR_SIZE];

	if (err == -EMSGSIZE)
		snprintf(msg, sizeof(msg),
			 "request of %zu bytes exceeds the limit of %zu bytes",
			 announced, c->srv->max_request);
	else
		snprintf(msg, sizeof(msg), "empty frame");
	log_info("control client %u: %s", c->serial, msg);
	send_reply(c, NULL, control_response_error(NULL, err, msg));
	c->closing = true;
}

static void process_input(struct control_client *c)
{
	const uint8_t *payload;
	size_t plen, off = 0;
	ssize_t n;

	while (!c->dead && !c->closing &&
	       c->out_len - c->out_off <= c->srv->max_output) {
		n = control_frame_next(c->in + off, c->in_len - off,
				       c->srv->max_request, &payload, &plen);
		if (n == 0)
			break;
		if (n < 0) {
			frame_error(c, (int)n, plen);
			break;
		}
		handle_request(c, payload, plen);
		off += (size_t)n;
	}
	if (c->dead)
		return;
	memmove(c->in, c->in + off, c->in_len - off);
	c->in_len -= off;
}

static void client_read(struct control_client *c)
{
	size_t cap = CONTROL_FRAME_HEADER + c->srv->max_request;
	ssize_t n;

	if (!c->in && !(c->in = malloc(cap))) {
		client_kill(c, "out of memory");
		return;
	}
	/* A whole request is waiting for the output queue to drain. */
	if (c->in_len == cap)
		return;
	n = recv(c->fd, c->in + c->in_len, cap - c->in_len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return;
	if (n <= 0) {
		client_kill(c, n < 0 ? "read failed" : NULL);
		return;
	}
	c->in_len += (size_t)n;
	process_input(c);
}

static void client_event(struct loop *loop, int fd, uint32_t events,
			 void *arg)
{
	struct control_client *c = arg;
	struct control_server *srv = c->srv;

	srv->depth++;
	if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN))
		client_kill(c, NULL);
	if (!c->dead && (events & EPOLLOUT))
		client_flush(c);
	if (!c->dead && (events & EPOLLIN) && !c->closing)
		client_read(c);
	/* Requests held back by a full queue can go on once it drained. */
	if (!c->dead && !c->closing && c->in_len &&
	    c->out_len - c->out_off <= srv->max_output)
		process_input(c);
	if (!c->dead)
		client_flush(c);
	server_leave(srv);
}

int control_server_adopt(struct control_server *srv, int fd)
{
	struct control_client *c;
	int flags, err;

	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return -ENOMEM;
	}
	c->srv = srv;
	c->fd = fd;
	c->serial = ++srv->serial;
	c->events = EPOLLIN;
	timer_init(&c->stall, client_stalled, c);
	err = loop_add_fd(srv->loop, fd, EPOLLIN, client_event, c);
	if (err) {
		close(fd);
		free(c);
		return err;
	}
	c->next = srv->clients;
	srv->clients = c;
	srv->nclients++;
	control_peer_read(fd, &c->peer);
	if (c->peer.known)
		log_debug("control client %u: connected (pid %d uid %u)",
			  c->serial, (int)c->peer.pid,
			  (unsigned int)c->peer.uid);
	return 0;
}

void control_server_set_access(struct control_server *srv,
			       const struct control_access *access)
{
	srv->restricted = access;
	if (access)
		srv->access = *access;
}

/* Tell a client over the limit why, best effort, and hang up. */
static void refuse(struct control_server *srv, int fd)
{
	static struct log_ratelimit rl;
	struct json_object *msg;
	char text[CONTROL_ERR_SIZE];
	const char *s;
	uint8_t hdr[CONTROL_FRAME_HEADER];
	size_t len;

	snprintf(text, sizeof(text), "too many control clients (limit %zu)",
		 srv->max_clients);
	log_rl(&rl, LOG_WARNING,
	       "control socket: %s", text);
	msg = control_response_error(NULL, -EUSERS, text);
	s = msg ? control_json_text(msg, &len) : NULL;
	if (s) {
		control_frame_header(hdr, (uint32_t)len);
		if (send(fd, hdr, sizeof(hdr), MSG_NOSIGNAL | MSG_DONTWAIT) ==
		    (ssize_t)sizeof(hdr))
			(void)!send(fd, s, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	}
	json_object_put(msg);
	close(fd);
}

static void listen_event(struct loop *loop, int fd, uint32_t events,
			 void *arg)
{
	struct control_server *srv = arg;
	int cfd;

	srv->depth++;
	for (;;) {
		cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_warn("control socket %s: accept: %s",
					 srv->path, strerror(errno));
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;
		}
		if (srv->nclients >= srv->max_clients)
			refuse(srv, cfd);
		else if (control_server_adopt(srv, cfd) < 0)
			log_warn("control socket %s: cannot serve a client",
				 srv->path);
	}
	server_leave(srv);
}

/* --- events -------------------------------------------------------------------- */

static void publish(struct control_server *srv, struct json_object *msg)
{
	struct control_client *c;
	const char *text;
	size_t len;

	if (!msg || !(text = control_json_text(msg, &len))) {
		log_warn("control socket: out of memory building an event");
		json_object_put(msg);
		return;
	}
	srv->depth++;
	for (c = srv->clients; c; c = c->next) {
		if (c->dead || !c->monitor || c->closing)
			continue;
		if (c->out_len - c->out_off + CONTROL_FRAME_HEADER + len >
		    srv->max_output) {
			client_kill(c, "monitor fell behind (event queue full)");
			continue;
		}
		if (queue_json(c, msg)) {
			client_kill(c, "out of memory queueing an event");
			continue;
		}
		client_flush(c);
	}
	json_object_put(msg);
	server_leave(srv);
}

void control_server_publish_tunnel(struct control_server *srv,
				   enum control_event ev,
				   const struct control_tunnel_info *t,
				   const char *reason)
{
	if (srv)
		publish(srv, control_event_json(ev, time(NULL), t, NULL, reason));
}

void control_server_publish_session(struct control_server *srv,
				    enum control_event ev,
				    const struct control_session_info *s,
				    const char *reason)
{
	if (srv)
		publish(srv, control_event_json(ev, time(NULL), NULL, s, reason));
}

void control_server_publish(struct control_server *srv, enum control_event ev,
			    const char *reason)
{
	if (srv)
		publish(srv, control_event_json(ev, time(NULL), NULL, NULL,
						reason));
}

/* --- the server ---------------------------------------------------------------- */

struct control_server *control_server_new_unbound(struct loop *loop,
						  const struct control_server_config *cfg,
						  const struct control_provider *provider,
						  void *arg)
{
	struct control_server *srv = calloc(1, sizeof(*srv));

	if (!srv)
		return NULL;
	srv->loop = loop;
	srv->prov = provider;
	srv->arg = arg;
	srv->listen_fd = -1;
	srv->max_clients = cfg && cfg->max_clients ? cfg->max_clients :
			   CONTROL_DEFAULT_MAX_CLIENTS;
	srv->max_output = cfg && cfg->max_output ? cfg->max_output :
			  CONTROL_DEFAULT_MAX_OUTPUT;
	srv->max_request = cfg && cfg->max_request ? cfg->max_request :
			   CONTROL_MAX_REQUEST;
	srv->stall_ms = cfg && cfg->stall_ms ? cfg->stall_ms :
			CONTROL_DEFAULT_STALL_MS;
	control_server_set_access(srv, cfg ? cfg->access : NULL);
	return srv;
}

/*
 * A socket file already at path: if something accepts on it, another
 * daemon owns it; if nothing does, it is left over and may be replaced.
 */
static int check_stale(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) == 0)
		err = -EADDRINUSE;
	else if (errno == ECONNREFUSED)
		err = unlink(sun->sun_path) ? -errno : 0;
	else if (errno != ENOENT)
		err = -errno;
	close(fd);
	return err;
}

/* A directory we create goes to owner, who unlinks the socket at exit. */
static int make_parent(const char *path, uid_t owner)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0)
		return errno == EEXIST ? 0 : -errno;
	if (owner && owner != (uid_t)-1 && chown(dir, owner, (gid_t)-1) < 0)
		return -errno;
	return 0;
}

static int bind_socket(struct control_server *srv, const char *path,
		       const struct control_server_config *cfg)
{
	gid_t group = cfg ? cfg->group : (gid_t)-1;
	uid_t owner = cfg && cfg->owner ? cfg->owner : (uid_t)-1;
	mode_t mode = cfg && cfg->open_mode ? 0666 : 0660;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	err = make_parent(path, owner);
	if (!err)
		err = check_stale(&sun);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Never visible with wider permissions than 0660, not even briefly. */
	old = umask(0117);
	err = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ? -errno : 0;
	umask(old);
	if (err)
		goto err_close;
	if (chmod(path, mode) < 0 ||
	    ((group != (gid_t)-1 || owner != (uid_t)-1) &&
	     chown(path, owner, group) < 0) ||
	    listen(fd, 16) < 0) {
		err = -errno;
		goto err_unlink;
	}
	srv->listen_fd = fd;
	return 0;
err_unlink:
	unlink(path);
err_close:
	close(fd);
	return err;
}

struct control_server *control_server_new(struct loop *loop,
					  const struct control_server_config *cfg,
					  const struct control_provider *provider,
					  void *arg)
{
	const char *path = cfg && cfg->path ? cfg->path : CONTROL_DEFAULT_PATH;
	struct control_server *srv;
	int err;

	srv = control_server_new_unbound(loop, cfg, provider, arg);
	if (!srv)
		goto err;
	srv->path = strdup(path);
	if (!srv->path) {
		err = -ENOMEM;
		goto err_free;
	}
	err = bind_socket(srv, path, cfg);
	if (err) {
		log_err("control socket %s: %s%s", path, strerror(-err),
			err == -EADDRINUSE ? " (another l2tpgwd is running)" : "");
		goto err_free;
	}
	err = loop_add_fd(loop, srv->listen_fd, EPOLLIN, listen_event, srv);
	if (err) {
		log_err("control socket %s: %s", path, strerror(-err));
		goto err_unbind;
	}
	log_info("control socket %s: listening", path);
	return srv;
err_unbind:
	close(srv->listen_fd);
	unlink(path);
err_free:
	free(srv->path);
	free(srv);
	errno = -err;
	return NULL;
err:
	errno = ENOMEM;
	return NULL;
}

void control_server_free(struct control_server *srv)
{
	struct control_client *c;

	if (!srv)
		return;
	for (c = srv->clients; c; c = c->next)
		client_kill(c, NULL);
	srv->depth = 1;
	server_leave(srv);
	if (srv->listen_fd >= 0) {
		loop_del_fd(srv->loop, srv->listen_fd);
		close(srv->listen_fd);
		unlink(srv->path);
	}
	free(srv->path);
	free(srv);
}

size_t control_server_client_count(const struct control_server *srv)
{
	return srv->nclients;
}
