// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RADIUS accounting and the DAE listener around the gateway (daemon.h):
 * their configuration from [radius], their client and socket on the
 * loop, and the order they stop in.
 */
#include "daemon.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "aaa/acct.h"
#include "aaa/dae.h"
#include "log.h"
#include "loop.h"
#include "radius/client_config.h"

static int start_acct(struct daemon *d, const struct config *cfg)
{
	const struct config_radius *r = &cfg->radius;
	struct acct_config ac = {
		.interim_s = r->acct_interim_interval,
		.queue_max = r->acct_queue_max,
		.off_wait_ms = r->acct_off_wait_ms,
	};
	struct acct_ops ops;

	/* The gateway's client (gateway_radius), asked for at each record. */
	gateway_acct_ops(d->gw, &ops);
	d->acct = acct_new(d->loop, &ac, &ops);
	if (!d->acct) {
		log_err("radius accounting: %s", strerror(errno));
		return -1;
	}
	acct_on(d->acct);
	return 0;
}

static int dae_config_of(const struct config_radius *r, struct dae_config *dc)
{
	char err[256];
	unsigned i;

	memset(dc, 0, sizeof(*dc));
	dc->listen = r->dae_listen.addr[0].ss;
	dc->listen_len = r->dae_listen.addr[0].len;
	for (i = 0; i < r->dae_clients.n && i < DAE_MAX_CLIENTS; i++) {
		struct dae_client *cl = &dc->client[i];

		cl->addr = r->dae_clients.addr[i].ss;
		cl->addrlen = r->dae_clients.addr[i].len;
		if (radius_secret_of(r, &cl->addr, cl->secret,
				     sizeof(cl->secret), err,
				     sizeof(err)) < 0) {
			log_err("dae_clients: %s", err);
			return -1;
		}
	}
	dc->nclient = i;
	return 0;
}

static int start_dae(struct daemon *d, const struct config *cfg)
{
	struct dae_config dc;
	struct dae_ops ops;
	char err[256];
	int rc = 0;

	if (dae_config_of(&cfg->radius, &dc) < 0) {
		rc = -1;
		goto out;
	}
	gateway_dae_ops(d->gw, &ops);
	d->dae = dae_new(d->loop, &dc, &ops, err, sizeof(err));
	if (!d->dae) {
		log_err("dae_listen: %s", err);
		rc = -1;
	}
out:
	explicit_bzero(&dc, sizeof(dc));
	return rc;
}

/* Tunnel-Server-Endpoint: nas_ip_address, if given. */
static void server_endpoint(const struct config_radius *r, char *buf,
			    size_t len)
{
	const struct sockaddr_storage *ss = &r->nas_ip_address.ss;
	const void *a = ss->ss_family == AF_INET6 ?
		(const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)ss)->sin_addr;

	buf[0] = '\0';
	if (r->nas_ip_address.len &&
	    !inet_ntop(ss->ss_family, a, buf, (socklen_t)len))
		buf[0] = '\0';
}

int start_acct_dae(struct daemon *d, const struct config *cfg)
{
	const struct config_radius *r = &cfg->radius;
	char ep[INET6_ADDRSTRLEN];

	if (!r->enabled)
		return 0;
	if (r->acct.n && start_acct(d, cfg) < 0)
		return -1;
	if (r->dae_listen.n && start_dae(d, cfg) < 0)
		return -1;
	server_endpoint(r, ep, sizeof(ep));
	gateway_set_acct_dae(d->gw, d->acct, d->dae, ep);
	return 0;
}

void drain_acct_dae(struct daemon *d)
{
	if (d->gw)
		gateway_set_acct_dae(d->gw, d->acct, NULL, NULL);
	dae_free(d->dae);
	d->dae = NULL;
	if (!d->acct)
		return;
	/* After the drained sessions' Stops; acct_idle() is bounded. */
	acct_off(d->acct);
	while (!acct_idle(d->acct))
		loop_run_once(d->loop, 100);
}

void stop_acct(struct daemon *d)
{
	/*
	 * Stops of sessions the drain left went out once; the gateway's
	 * client, freed with it, cancelled them.
	 */
	acct_free(d->acct);
	d->acct = NULL;
}
