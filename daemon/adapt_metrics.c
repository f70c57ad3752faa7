// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The metrics endpoint (docs/metrics.md): metrics/http.c serves what
 * metrics/collect.c gathers from the gateway and, over a netlink socket
 * of its own, the module.
 */
#include <arpa/inet.h>
#include <stdio.h>

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

int start_metrics(struct daemon *d, const struct config *cfg)
{
	const struct config_metrics *m = &cfg->global.metrics;
	char err[160], at[INET6_ADDRSTRLEN + 8];

	if (!m->addr.len) {
		log_info("metrics: off");
		return 0;
	}
	where(&m->addr, at, sizeof(at));
	d->metrics_kernel = l2tpctl_open();
	if (d->metrics_kernel && l2tpctl_kernel_connect(d->metrics_kernel)) {
		log_warn("metrics: the module's counters will be missing: %s",
			 l2tpctl_errmsg(d->metrics_kernel));
		l2tpctl_close(d->metrics_kernel);
		d->metrics_kernel = NULL;
	}
	d->metrics = metrics_http_start(d->loop,
					(const struct sockaddr *)&m->addr.ss,
					render, d, err, sizeof(err));
	if (d->metrics) {
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

void stop_metrics(struct daemon *d)
{
	metrics_http_free(d->metrics);
	d->metrics = NULL;
	l2tpctl_close(d->metrics_kernel);
	d->metrics_kernel = NULL;
}
