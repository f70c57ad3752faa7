// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RADIUS client of [radius] (radius/client.h) on the daemon's loop,
 * handed to the gateway for the sections that authenticate with it.
 */
#include <stdlib.h>

#include "daemon.h"
#include "log.h"
#include "radius/client.h"
#include "radius/client_config.h"

int start_radius(struct daemon *d, const struct config *cfg)
{
	char err[320];

	if (!cfg->radius.enabled)
		return 0;
	d->radius_cfg = malloc(sizeof(*d->radius_cfg));
	if (!d->radius_cfg) {
		log_err("[radius]: out of memory");
		return -1;
	}
	if (radius_config_build(cfg, d->radius_cfg, err, sizeof(err)) < 0) {
		log_err("%s", err);
		return -1;
	}
	d->radius = radius_client_new(d->loop, d->radius_cfg, err,
				      sizeof(err));
	if (!d->radius) {
		log_err("%s", err);
		return -1;
	}
	gateway_set_radius_auth(d->gw, d->radius, d->radius_cfg);
	return 0;
}

void stop_radius(struct daemon *d)
{
	radius_client_free(d->radius);
	d->radius = NULL;
	free(d->radius_cfg);
	d->radius_cfg = NULL;
}
