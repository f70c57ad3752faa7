// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sessions' rate limits: what the users file grants when a session comes
 * up, and what a CoA changes later, put on the session's device through
 * the data plane (shaper/shaper.h on the real kernel).
 */
#include "gateway/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

static bool rate_none(const struct aaa_rate *r)
{
	return !r->rx_bps && !r->tx_bps;
}

static int put_rate(struct gw_session *s, const struct aaa_rate *rate)
{
	struct gateway *gw = s->gw;
	char user[GW_USER_SHOWN];
	int rc;

	if (!gw->dp.session_rate)
		return -EOPNOTSUPP;
	rc = gw->dp.session_rate(gw->dp.arg, s->ifindex, s->ifname, rate);
	if (rc < 0) {
		log_err("%s user %s: rate limits on %s not applied: %s",
			s->name, gw_user_shown(s, user), s->ifname,
			strerror(-rc));
		return rc;
	}
	s->rate = *rate;
	s->has_rate = !rate_none(rate);
	log_info("%s user %s: rate limit on %s: rx %llu bit/s tx %llu bit/s",
		 s->name, gw_user_shown(s, user), s->ifname,
		 (unsigned long long)rate->rx_bps,
		 (unsigned long long)rate->tx_bps);
	return 0;
}

/*
 * What the session's authentication granted: the users file entry's
 * rate_limit, or RADIUS's Mikrotik-Rate-Limit / Filter-Id.
 */
void gw_session_rate_up(struct gw_session *s)
{
	const struct aaa_grant *g = gw_session_grant(s);

	if (!g || rate_none(&g->rate) || !s->ifname[0])
		return;
	put_rate(s, &g->rate);
}

int gateway_session_set_rate(struct gateway *gw, uint16_t tunnel_id,
			     uint16_t session_id, const struct aaa_rate *rate,
			     char *err, size_t errlen)
{
	struct gw_session *s = gw_session_by_id(gw, tunnel_id, session_id);
	int rc;

	if (!s) {
		snprintf(err, errlen, "no session %u/%u", tunnel_id,
			 session_id);
		return -ENOENT;
	}
	if (!s->protocols || !s->ifname[0]) {
		snprintf(err, errlen, "%s: no device up yet", s->name);
		return -EAGAIN;
	}
	rc = put_rate(s, rate);
	if (rc < 0)
		snprintf(err, errlen, "%s: rate limits on %s: %s", s->name,
			 s->ifname, strerror(-rc));
	return rc;
}
