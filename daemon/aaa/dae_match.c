// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a Disconnect-Request or CoA-Request asks for, and which sessions
 * it names: pure functions over a parsed packet (RFC 5176 sections 3
 * and 3.5).  The attributes we act on are a table; any other one gets
 * NAK with Unsupported-Attribute (401), as section 3.5 asks, rather than
 * being ignored: the server must not believe we applied it.
 */
#include "aaa/dae.h"

#include <stdio.h>
#include <string.h>

enum dae_use {
	USE_IGNORE,		/* identifies the NAS or the transaction */
	USE_USER,
	USE_SESSION_ID,
	USE_FRAMED_IP,
	USE_NAS_PORT_ID,
	USE_EVENT_TIME,
	USE_SESSION_TIMEOUT,	/* CoA only, from here on */
	USE_INTERIM,
	USE_FILTER_ID,
	USE_MIKROTIK_RATE,
};

struct dae_attr_rule {
	uint32_t vendor;
	uint8_t type;
	enum dae_use use;
};

static const struct dae_attr_rule rules[] = {
	{ 0, RA_USER_NAME, USE_USER },
	{ 0, RA_ACCT_SESSION_ID, USE_SESSION_ID },
	{ 0, RA_FRAMED_IP_ADDRESS, USE_FRAMED_IP },
	{ 0, RA_NAS_PORT_ID, USE_NAS_PORT_ID },
	{ 0, RA_EVENT_TIMESTAMP, USE_EVENT_TIME },
	{ 0, RA_NAS_IDENTIFIER, USE_IGNORE },
	{ 0, RA_NAS_IP_ADDRESS, USE_IGNORE },
	{ 0, RA_NAS_IPV6_ADDRESS, USE_IGNORE },
	{ 0, RA_MESSAGE_AUTHENTICATOR, USE_IGNORE },
	{ 0, RA_PROXY_STATE, USE_IGNORE },
	{ 0, RA_STATE, USE_IGNORE },
	{ 0, RA_SESSION_TIMEOUT, USE_SESSION_TIMEOUT },
	{ 0, RA_ACCT_INTERIM_INTERVAL, USE_INTERIM },
	{ 0, RA_FILTER_ID, USE_FILTER_ID },
	{ RADIUS_VENDOR_MIKROTIK, RA_MIKROTIK_RATE_LIMIT, USE_MIKROTIK_RATE },
};

static const struct dae_attr_rule *rule_of(const struct radius_attr *a)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].vendor == a->vendor && rules[i].type == a->type)
			return &rules[i];
	return NULL;
}

static bool attr_u32(const struct radius_attr *a, uint32_t *v)
{
	if (a->len != 4)
		return false;
	*v = (uint32_t)a->val[0] << 24 | (uint32_t)a->val[1] << 16 |
	     (uint32_t)a->val[2] << 8 | a->val[3];
	return true;
}

static bool attr_str(const struct radius_attr *a, char *out, size_t outlen)
{
	if (!a->len || a->len >= outlen || memchr(a->val, '\0', a->len))
		return false;
	memcpy(out, a->val, a->len);
	out[a->len] = '\0';
	return true;
}

/* One attribute into r: false if its value is malformed. */
static bool take(struct dae_request *r, enum dae_use use,
		 const struct radius_attr *a)
{
	switch (use) {
	case USE_IGNORE:
		return true;
	case USE_USER:
		return (r->has_user = attr_str(a, r->user, sizeof(r->user)));
	case USE_SESSION_ID:
		return (r->has_session_id = attr_str(a, r->acct_session_id,
					sizeof(r->acct_session_id)));
	case USE_FRAMED_IP:
		return (r->has_framed_ip = attr_u32(a, &r->framed_ip));
	case USE_NAS_PORT_ID:
		return (r->has_nas_port_id = attr_str(a, r->nas_port_id,
					sizeof(r->nas_port_id)));
	case USE_EVENT_TIME:
		return (r->has_event_time = attr_u32(a, &r->event_time));
	case USE_SESSION_TIMEOUT:
		return (r->has_session_timeout =
			attr_u32(a, &r->session_timeout_s));
	case USE_INTERIM:
		return (r->has_interim = attr_u32(a, &r->interim_s));
	case USE_FILTER_ID:
		r->rate_kind = DAE_RATE_FILTER_ID;
		return attr_str(a, r->rate, sizeof(r->rate));
	case USE_MIKROTIK_RATE:
		r->rate_kind = DAE_RATE_MIKROTIK;
		return attr_str(a, r->rate, sizeof(r->rate));
	}
	return false;
}

uint32_t dae_request_parse(const struct radius_packet *p,
			   struct dae_request *r, char *err, size_t errlen)
{
	const struct dae_attr_rule *rule;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->code = p->code;
	if (p->code != RADIUS_DISCONNECT_REQUEST &&
	    p->code != RADIUS_COA_REQUEST) {
		snprintf(err, errlen, "code %u is no DAE request", p->code);
		return RADIUS_EC_UNSUPPORTED_SERVICE;
	}
	for (i = 0; i < p->nattr; i++) {
		const struct radius_attr *a = &p->attr[i];

		rule = rule_of(a);
		if (!rule || (rule->use >= USE_SESSION_TIMEOUT &&
			      p->code == RADIUS_DISCONNECT_REQUEST)) {
			snprintf(err, errlen, "attribute %u%s%.0u unsupported",
				 a->type, a->vendor ? " of vendor " : "",
				 a->vendor);
			return RADIUS_EC_UNSUPPORTED_ATTRIBUTE;
		}
		if (!take(r, rule->use, a)) {
			snprintf(err, errlen, "attribute %u: bad value (%u "
				 "bytes)", a->type, a->len);
			return RADIUS_EC_INVALID_REQUEST;
		}
	}
	if (!r->has_user && !r->has_session_id && !r->has_framed_ip &&
	    !r->has_nas_port_id) {
		snprintf(err, errlen, "no User-Name, Acct-Session-Id, "
			 "Framed-IP-Address nor NAS-Port-Id");
		return RADIUS_EC_MISSING_ATTRIBUTE;
	}
	return 0;
}

static bool str_is(const char *have, const char *want)
{
	return have && !strcmp(have, want);
}

bool dae_match(const struct dae_request *r, const struct dae_session_view *v)
{
	if (r->has_user && !str_is(v->user, r->user))
		return false;
	if (r->has_session_id &&
	    !str_is(v->acct_session_id, r->acct_session_id))
		return false;
	if (r->has_nas_port_id && !str_is(v->nas_port_id, r->nas_port_id))
		return false;
	if (r->has_framed_ip && (!v->framed_ip || v->framed_ip != r->framed_ip))
		return false;
	return r->has_user || r->has_session_id || r->has_nas_port_id ||
	       r->has_framed_ip;
}
