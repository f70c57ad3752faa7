// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The gateway's RADIUS client: made at start from [radius] (the settings'
 * radius_client_config), given the new servers and limits by a reload
 * that changes them (the same handle), and lent to authentication and
 * accounting through gateway_radius().
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
	if (gw->radius && r->client) {
		/* The same handle: requests go on with the new servers. */
		radius_client_take_over(gw->radius, r->client);
		log_info("radius: new servers or limits from the reload");
	} else if (gw->radius) {
		/* [radius] removed: requests end RADIUS_CANCELLED. */
		radius_client_free(gw->radius);
		gw->radius = NULL;
		log_info("radius: no [radius] since the reload");
	} else {
		gw->radius = r->client;
	}
	r->client = NULL;
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

/* The client's counters, "radius_*", when there is a client. */
int gw_radius_stats(const struct gateway *gw, control_stat_fn emit,
		    void *ctx)
{
	struct radius_client_stats st;
	int rc;

	if (!gw->radius)
		return 0;
	radius_client_stats(gw->radius, &st);
	if ((rc = emit("radius_requests", st.requests, ctx)) < 0 ||
	    (rc = emit("radius_retransmits", st.retransmits, ctx)) < 0 ||
	    (rc = emit("radius_answers", st.answers, ctx)) < 0 ||
	    (rc = emit("radius_unanswered", st.timeouts, ctx)) < 0 ||
	    (rc = emit("radius_failovers", st.failovers, ctx)) < 0 ||
	    (rc = emit("radius_bad_authenticator", st.bad_authenticator,
		       ctx)) < 0 ||
	    (rc = emit("radius_unknown_id", st.unknown_id, ctx)) < 0 ||
	    (rc = emit("radius_malformed", st.malformed, ctx)) < 0 ||
	    (rc = emit("radius_pending", st.pending, ctx)) < 0)
		return rc;
	return 0;
}
