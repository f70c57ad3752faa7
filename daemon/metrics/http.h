/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The metrics endpoint's HTTP side: libmicrohttpd without threads, its
 * epoll descriptor watched by the daemon's loop and its timeouts on a
 * loop timer.  GET /metrics answers what render() writes at that moment;
 * any other path is 404, any other method 405.  Connections are bounded
 * in number and time (METRICS_HTTP_*), so a slow or idle client holds a
 * slot, never the loop.
 */
#ifndef L2TPGW_METRICS_HTTP_H
#define L2TPGW_METRICS_HTTP_H

#include <sys/socket.h>

#include "metrics/expo.h"

#define METRICS_HTTP_CONNECTIONS	16
#define METRICS_HTTP_TIMEOUT_S		10

struct loop;
struct metrics_http;

typedef void (*metrics_render_fn)(void *arg, struct expo_buf *b);

/* NULL with err ("metrics 127.0.0.1:9595: Address in use") on failure. */
struct metrics_http *metrics_http_start(struct loop *loop,
					const struct sockaddr *addr,
					metrics_render_fn render, void *arg,
					char *err, size_t errlen);
void metrics_http_free(struct metrics_http *h);

#endif /* L2TPGW_METRICS_HTTP_H */
