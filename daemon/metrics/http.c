// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /metrics over HTTP (http.h).  libmicrohttpd runs in its "external
 * epoll" mode: no thread of its own; its epoll descriptor sits in the
 * loop, MHD_run() does whatever is ready without waiting, and
 * MHD_get_timeout() says when it must run again for its connection
 * timeouts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include <microhttpd.h>

#include "log.h"
#include "loop.h"
#include "metrics/http.h"

#define CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

struct metrics_http {
	struct loop *loop;
	struct MHD_Daemon *mhd;
	int epfd;
	struct timer timer;
	metrics_render_fn render;
	void *arg;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     const char *text, const char *allow)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
					    MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain; charset=utf-8");
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result serve_metrics(struct metrics_http *h,
				     struct MHD_Connection *c)
{
	struct expo_buf b = { 0 };
	struct MHD_Response *r;
	enum MHD_Result ret;

	h->render(h->arg, &b);
	if (b.err || !b.data) {
		expo_buf_free(&b);
		log_err("metrics: out of memory building the answer");
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
			     "out of memory\n", NULL);
	}
	r = MHD_create_response_from_buffer(b.len, b.data,
					    MHD_RESPMEM_MUST_FREE);
	if (!r) {
		expo_buf_free(&b);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, CONTENT_TYPE);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	static int seen;

	/* First call: headers only; answer on the second (no body read). */
	if (!*state) {
		*state = &seen;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;	/* a body is ignored, then refused */
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED,
			     "only GET /metrics\n", "GET, HEAD");
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, "only GET /metrics\n",
			     NULL);
	return serve_metrics(cls, c);
}

static void reschedule(struct metrics_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (MHD_get_timeout(h->mhd, &ms) == MHD_YES)
		timer_arm(h->loop, &h->timer, ms);
	else
		timer_cancel(h->loop, &h->timer);
}

static void run(struct metrics_http *h)
{
	if (MHD_run(h->mhd) != MHD_YES)
		log_warn("metrics: the HTTP server failed a round");
	reschedule(h);
}

static void on_epoll(struct loop *loop, int fd, uint32_t events, void *arg)
{
	run(arg);
}

static void on_timer(struct loop *loop, struct timer *t, void *arg)
{
	run(arg);
}

static void mhd_log(void *arg, const char *fmt, va_list ap)
{
	char line[256];
	size_t n;

	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	log_info("metrics: %s", line);
}

struct metrics_http *metrics_http_start(struct loop *loop,
					const struct sockaddr *addr,
					metrics_render_fn render, void *arg,
					char *err, size_t errlen)
{
	struct metrics_http *h = calloc(1, sizeof(*h));
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	int rc;

	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->loop = loop;
	h->render = render;
	h->arg = arg;
	timer_init(&h->timer, on_timer, h);
	if (addr->sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	h->mhd = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h,
		MHD_OPTION_SOCK_ADDR, addr,
		MHD_OPTION_CONNECTION_LIMIT,
		(unsigned int)METRICS_HTTP_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned int)METRICS_HTTP_TIMEOUT_S,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_END);
	if (!h->mhd) {
		snprintf(err, errlen, "cannot listen: %s", strerror(errno));
		goto fail;
	}
	info = MHD_get_daemon_info(h->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	h->epfd = info ? info->epoll_fd : -1;
	rc = h->epfd < 0 ? -EINVAL :
	     loop_add_fd(loop, h->epfd, EPOLLIN, on_epoll, h);
	if (rc < 0) {
		snprintf(err, errlen, "cannot watch its epoll: %s",
			 strerror(-rc));
		goto fail;
	}
	reschedule(h);
	return h;
fail:
	if (h->mhd)
		MHD_stop_daemon(h->mhd);
	free(h);
	return NULL;
}

void metrics_http_free(struct metrics_http *h)
{
	if (!h)
		return;
	timer_cancel(h->loop, &h->timer);
	loop_del_fd(h->loop, h->epfd);
	MHD_stop_daemon(h->mhd);
	free(h);
}
