// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The metrics endpoint (docs/metrics.md): metrics/http.c serves what
 * metrics/collect.c gathers from the gateway and, over a netlink socket
 * of its own, the module.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "l2tpctl.h"
#include "log.h"
#include "metrics/collect.h"
#include "metrics/http.h"

static void render(void *arg, struct expo_buf *b)
{
	struct daemon *d = arg;

	metrics_collect(d->gw, d->metrics_kernel, b);
}

static const char *where(const struct config_addr *a, char *buf, size_t len)
{
	const struct sockaddr_in *sin = (const void *)&a->ss;
	const struct sockaddr_in6 *sin6 = (const void *)&a->ss;
	char host[INET6_ADDRSTRLEN] = "?";

	if (a->ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(sin6->sin6_port));
	} else {
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(sin->sin_port));
	}
	return buf;
}

/* The module's counters come over a netlink socket of the endpoint's own. */
static void open_kernel(struct daemon *d)
{
	d->metrics_kernel = l2tpctl_open();
	if (d->metrics_kernel && l2tpctl_kernel_connect(d->metrics_kernel)) {
		log_warn("metrics: the module's counters will be missing: %s",
			 l2tpctl_errmsg(d->metrics_kernel));
		l2tpctl_close(d->metrics_kernel);
		d->metrics_kernel = NULL;
	}
}

static void stop_http(struct daemon *d)
{
	metrics_http_free(d->metrics);
	d->metrics = NULL;
	memset(&d->metrics_at, 0, sizeof(d->metrics_at));
}

/* Listen at a instead of where we listened: 0, or -1 with err. */
static int listen_at(struct daemon *d, const struct config_addr *a,
		     char *err, size_t errlen)
{
	struct metrics_http *h;

	h = metrics_http_start(d->loop, (const struct sockaddr *)&a->ss,
			       render, d, err, errlen);
	if (!h)
		return -1;
	stop_http(d);
	d->metrics = h;
	d->metrics_at = *a;
	return 0;
}

int start_metrics(struct daemon *d, const struct config *cfg)
{
	const struct config_metrics *m = &cfg->global.metrics;
	char err[160], at[INET6_ADDRSTRLEN + 8];

	if (!m->addr.len) {
		log_info("metrics: off");
		return 0;
	}
	where(&m->addr, at, sizeof(at));
	open_kernel(d);
	if (listen_at(d, &m->addr, err, sizeof(err)) == 0) {
		log_info("metrics: http://%s/metrics", at);
		return 0;
	}
	/* Named in the file: the operator wants it.  The default: say so. */
	if (m->set) {
		log_err("metrics_listen %s: %s", at, err);
		return -1;
	}
	log_warn("metrics: default %s: %s; running without metrics "
		 "(metrics_listen sets another address, or off)", at, err);
	return 0;
}

void reload_metrics(struct daemon *d, const struct config *cfg)
{
	const struct config_addr *a = &cfg->global.metrics.addr;
	char err[160], at[INET6_ADDRSTRLEN + 8];

	if (a->len == d->metrics_at.len &&
	    !memcmp(&a->ss, &d->metrics_at.ss, a->len))
		return;
	if (!a->len) {
		stop_http(d);
		log_notice("metrics: off");
		return;
	}
	where(a, at, sizeof(at));
	if (!d->metrics_kernel)
		open_kernel(d);
	/*
	 * The new address may overlap the old one (0.0.0.0 and 127.0.0.1 on
	 * one port): the old one goes first if the new cannot bind beside it.
	 */
	if (listen_at(d, a, err, sizeof(err)) < 0) {
		stop_http(d);
		if (listen_at(d, a, err, sizeof(err)) < 0) {
			log_err("metrics_listen %s: %s; metrics off until a "
				"reload or restart", at, err);
			return;
		}
	}
	log_notice("metrics: now http://%s/metrics", at);
}

void stop_metrics(struct daemon *d)
{
	stop_http(d);
	l2tpctl_close(d->metrics_kernel);
	d->metrics_kernel = NULL;
}
