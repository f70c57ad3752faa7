// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway's RADIUS client: made at start from [radius] (the settings'
 * radius_client_config), made again by a reload that changes it, and
 * lent to authentication and accounting through gateway_radius().
 */
#include "gateway/internal.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "radius/client.h"

struct radius_client *gateway_radius(const struct gateway *gw)
{
	return gw->radius;
}

/* s's client, or NULL when s has no [radius] (then 0) or it failed. */
static int make_client(struct gateway *gw, const struct gateway_settings *s,
		       struct radius_client **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!s->radius)
		return 0;
	*out = radius_client_new(gw->loop, s->radius, err, errlen);
	return *out ? 0 : -1;
}

int gw_radius_start(struct gateway *gw, const struct gateway_settings *s)
{
	char err[256];

	if (make_client(gw, s, &gw->radius, err, sizeof(err)) < 0) {
		log_err("%s", err);
		return -1;
	}
	if (gw->radius)
		log_info("radius: %u server(s)", s->radius->nserver);
	return 0;
}

static bool same_config(const struct gateway_settings *a,
			const struct gateway_settings *b)
{
	if (!a->radius || !b->radius)
		return a->radius == b->radius;
	return !memcmp(a->radius, b->radius, sizeof(*a->radius));
}

int gw_radius_prepare(struct gateway *gw, const struct gateway_settings *s,
		      struct gw_radius_reload *r, char *msg, size_t msglen)
{
	r->changed = !same_config(gw->set, s);
	r->client = NULL;
	if (!r->changed)
		return 0;
	return make_client(gw, s, &r->client, msg, msglen);
}

void gw_radius_apply(struct gateway *gw, struct gw_radius_reload *r)
{
	if (!r->changed)
		return;
	/* Requests in flight end RADIUS_CANCELLED: callers send again. */
	radius_client_free(gw->radius);
	gw->radius = r->client;
	r->client = NULL;
	log_info("radius: client rebuilt by the reload (%s)",
		 gw->radius ? "new servers or limits" : "no [radius]");
}

void gw_radius_cancel(struct gw_radius_reload *r)
{
	radius_client_free(r->client);
	r->client = NULL;
}

void gw_radius_stop(struct gateway *gw)
{
	radius_client_free(gw->radius);
	gw->radius = NULL;
}
