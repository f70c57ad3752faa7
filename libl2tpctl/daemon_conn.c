// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Connections to l2tpgwd's control socket: one for requests, answered
 * in order, and one for a monitor subscription, so that events never
 * interleave with the answers a caller waits for.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "daemon_internal.h"

void ctl_daemon_free(struct ctl_daemon *d)
{
	if (!d)
		return;
	if (d->fd >= 0)
		close(d->fd);
	if (d->ev_fd >= 0)
		close(d->ev_fd);
	free(d->in.buf);
	free(d->ev.buf);
	free(d);
}

int ctld_require(struct l2tpctl *h)
{
	if (h->daemon && h->daemon->fd >= 0)
		return 0;
	return ctl_failf(h, -ENOTCONN,
			 "not connected to l2tpgwd (call l2tpctl_daemon_connect first)");
}

static int open_socket(struct l2tpctl *h, const char *path, int *out)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, err;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return ctl_fail(h, -errno, "control socket", NULL);
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		err = -errno;
		close(fd);
		if (err == -ENOENT || err == -ECONNREFUSED)
			return ctl_failf(h, err,
					 "l2tpgwd not running (no control socket at %s)",
					 path);
		if (err == -EACCES)
			return ctl_failf(h, err,
					 "control socket %s: permission denied (root or the socket's group needed)",
					 path);
		return ctl_fail(h, err, path, NULL);
	}
	*out = fd;
	return 0;
}

int l2tpctl_daemon_connect(struct l2tpctl *h, const char *path)
{
	struct ctl_daemon *d;
	int err;

	ctl_clear_error(h);
	if (h->daemon && h->daemon->fd >= 0)
		return 0;
	if (!path)
		path = L2TPCTL_DAEMON_SOCKET;
	if (!*path || strlen(path) >= sizeof(d->path))
		return ctl_failf(h, -ENAMETOOLONG,
				 "invalid control socket path \"%s\": must be 1..%zu bytes",
				 path, sizeof(d->path) - 1);
	d = h->daemon;
	if (!d) {
		d = calloc(1, sizeof(*d));
		if (!d)
			return ctl_fail(h, -ENOMEM, "l2tpgwd", NULL);
		d->fd = d->ev_fd = -1;
	}
	memcpy(d->path, path, strlen(path) + 1);
	h->daemon = d;
	err = open_socket(h, path, &d->fd);
	return err;
}

static int stream_reserve(struct ctld_stream *s, size_t more)
{
	size_t cap = s->cap ? s->cap : 4096;
	uint8_t *p;

	if (s->len + more <= s->cap)
		return 0;
	while (cap < s->len + more)
		cap *= 2;
	p = realloc(s->buf, cap);
	if (!p)
		return -ENOMEM;
	s->buf = p;
	s->cap = cap;
	return 0;
}

/* Read what is there (or wait up to timeout_ms); 0, -EAGAIN or -errno. */
static int stream_read(int fd, struct ctld_stream *s, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int ret;

	if (timeout_ms) {
		ret = poll(&pfd, 1, timeout_ms);
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return -ETIMEDOUT;
	}
	if (stream_reserve(s, 65536))
		return -ENOMEM;
	n = recv(fd, s->buf + s->len, s->cap - s->len, MSG_DONTWAIT);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if (n == 0)
		return -ECONNRESET;
	s->len += (size_t)n;
	return 0;
}

static int send_all(int fd, const uint8_t *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int remaining_ms(const struct timespec *deadline)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000LL +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 1 ? 1 : (int)ms;
}

/* Send a request on fd and read its answer from s. */
static int transact(int fd, struct ctld_stream *s, uint32_t id,
		    enum control_cmd cmd, const struct ctld_args *args,
		    struct json_object **result, char *msg, size_t msglen)
{
	struct timespec deadline;
	const uint8_t *payload;
	uint8_t *req;
	size_t len, plen;
	ssize_t n;
	int ret;

	ret = ctld_request_encode(id, cmd, args, &req, &len, msg, msglen);
	if (ret)
		return ret;
	ret = send_all(fd, req, len);
	free(req);
	if (ret)
		return ret;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += L2TPCTL_DAEMON_TIMEOUT_MS / 1000;
	for (;;) {
		while ((n = ctld_frame_next(s, &payload, &plen)) > 0) {
			ret = ctld_response_parse(payload, plen, id, result,
						  msg, msglen);
			ctld_stream_consume(s, (size_t)n);
			if (ret <= 0)
				return ret;
		}
		if (n < 0) {
			snprintf(msg, msglen,
				 "l2tpgwd sent a frame of invalid length %zu",
				 plen);
			return -EBADMSG;
		}
		ret = stream_read(fd, s, remaining_ms(&deadline));
		if (ret == -EINTR || ret == -EAGAIN)
			continue;
		if (ret)
			return ret;
	}
}

/* After a broken exchange the stream is out of step: start afresh. */
static void drop_connection(struct ctl_daemon *d)
{
	close(d->fd);
	d->fd = -1;
	d->in.len = 0;
}

int ctld_call(struct l2tpctl *h, enum control_cmd cmd,
	      const struct ctld_args *args, struct json_object **result,
	      const char *what)
{
	struct ctl_daemon *d = h->daemon;
	char msg[CTL_ERRMSG_SIZE] = "";
	int ret;

	*result = NULL;
	ctl_clear_error(h);
	ret = ctld_require(h);
	if (ret)
		return ret;
	ret = transact(d->fd, &d->in, ++d->next_id, cmd, args, result, msg,
		       sizeof(msg));
	if (ret == 0)
		return 0;
	if (ret == -ETIMEDOUT) {
		drop_connection(d);
		return ctl_failf(h, ret, "%s: l2tpgwd did not answer within %d s",
				 what, L2TPCTL_DAEMON_TIMEOUT_MS / 1000);
	}
	if (ret == -ECONNRESET || ret == -EPIPE) {
		drop_connection(d);
		return ctl_failf(h, ret, "%s: l2tpgwd closed the connection%s%s",
				 what, msg[0] ? ": " : "", msg);
	}
	if (ret == -EBADMSG && msg[0])
		drop_connection(d);
	if (msg[0])
		return ctl_failf(h, ret, "%s: %s", what, msg);
	return ctl_fail(h, ret, what, NULL);
}

/* --- events ------------------------------------------------------------------ */

int l2tpctl_daemon_event_fd(struct l2tpctl *h)
{
	struct ctl_daemon *d = h->daemon;
	struct json_object *result = NULL;
	char msg[CTL_ERRMSG_SIZE] = "";
	int fd, ret;

	ctl_clear_error(h);
	if (!d || !d->path[0])
		return ctld_require(h);
	if (d->ev_fd >= 0)
		return d->ev_fd;
	ret = open_socket(h, d->path, &fd);
	if (ret)
		return ret;
	d->ev.len = 0;
	ret = transact(fd, &d->ev, 1, CONTROL_CMD_MONITOR, NULL, &result, msg,
		       sizeof(msg));
	json_object_put(result);
	if (ret) {
		close(fd);
		if (msg[0])
			return ctl_failf(h, ret, "monitor: %s", msg);
		return ctl_fail(h, ret, "monitor", NULL);
	}
	d->ev_fd = fd;
	return fd;
}

static int dispatch_pending(struct l2tpctl *h, l2tpctl_daemon_event_cb cb,
			    void *arg)
{
	struct ctl_daemon *d = h->daemon;
	struct l2tpctl_daemon_event ev;
	char msg[CTL_ERRMSG_SIZE];
	const uint8_t *payload;
	size_t plen;
	ssize_t n;
	int ret;

	while ((n = ctld_frame_next(&d->ev, &payload, &plen)) > 0) {
		ret = ctld_parse_event(payload, plen, &ev, msg, sizeof(msg));
		ctld_stream_consume(&d->ev, (size_t)n);
		if (ret < 0)
			return ctl_failf(h, ret, "monitor: %s", msg);
		if (ret == 0 && (ret = cb(&ev, arg)) != 0)
			return ret;
	}
	if (n < 0)
		return ctl_failf(h, -EBADMSG,
				 "monitor: l2tpgwd sent a frame of invalid length %zu",
				 plen);
	return 0;
}

static int monitor_lost(struct l2tpctl *h, int err)
{
	struct ctl_daemon *d = h->daemon;

	close(d->ev_fd);
	d->ev_fd = -1;
	if (err == -ECONNRESET)
		return ctl_failf(h, err, "monitor: l2tpgwd closed the connection");
	return ctl_fail(h, err, "monitor", NULL);
}

int l2tpctl_daemon_event_dispatch(struct l2tpctl *h,
				  l2tpctl_daemon_event_cb cb, void *arg)
{
	struct ctl_daemon *d = h->daemon;
	int ret;

	ctl_clear_error(h);
	if (!d || d->ev_fd < 0)
		return ctl_failf(h, -ENOTCONN,
				 "monitor: not subscribed (call l2tpctl_daemon_event_fd first)");
	/* Events that came with the subscription's answer go first. */
	ret = dispatch_pending(h, cb, arg);
	while (!ret) {
		ret = stream_read(d->ev_fd, &d->ev, 0);
		if (ret == -EAGAIN)
			return 0;
		if (ret == -EINTR) {
			ret = 0;
			continue;
		}
		if (ret)
			return monitor_lost(h, ret);
		ret = dispatch_pending(h, cb, arg);
	}
	return ret;
}

int l2tpctl_daemon_monitor(struct l2tpctl *h, l2tpctl_daemon_event_cb cb,
			   void *arg)
{
	struct pollfd pfd;
	int fd, ret;

	fd = l2tpctl_daemon_event_fd(h);
	if (fd < 0)
		return fd;
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (;;) {
		ret = l2tpctl_daemon_event_dispatch(h, cb, arg);
		if (ret)
			return ret;
		if (poll(&pfd, 1, -1) < 0)
			return ctl_fail(h, -errno, "monitor", NULL);
	}
}
