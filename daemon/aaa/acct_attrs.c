// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One accounting record's attributes (RFC 2866 section 5), a pure
 * function of the record: what goes in each kind is RFC 2866's table in
 * section 5.13 with RFC 2869's Event-Timestamp and RFC 2867's tunnel
 * endpoints.  Octets over 2^32 carry into the Gigawords (RFC 2869 5.1).
 */
#include "aaa/acct.h"

#include <string.h>

#define NAS_PORT_TYPE_VIRTUAL	5	/* RFC 2865 section 5.41 */
#define SERVICE_TYPE_FRAMED	2
#define FRAMED_PROTOCOL_PPP	1
#define ACCT_AUTHENTIC_RADIUS	1
#define ACCT_AUTHENTIC_LOCAL	2

static int put_str_if(struct radius_builder *b, uint8_t type, const char *s)
{
	return s[0] ? radius_put_str(b, type, s) : 0;
}

static int put_counters(struct radius_builder *b, const struct acct_record *r)
{
	const struct acct_counters *c = &r->c;

	if (radius_put_u32(b, RA_ACCT_INPUT_OCTETS, (uint32_t)c->in_octets) ||
	    radius_put_u32(b, RA_ACCT_OUTPUT_OCTETS,
			   (uint32_t)c->out_octets) ||
	    radius_put_u32(b, RA_ACCT_INPUT_GIGAWORDS,
			   (uint32_t)(c->in_octets >> 32)) ||
	    radius_put_u32(b, RA_ACCT_OUTPUT_GIGAWORDS,
			   (uint32_t)(c->out_octets >> 32)) ||
	    radius_put_u32(b, RA_ACCT_INPUT_PACKETS,
			   (uint32_t)c->in_packets) ||
	    radius_put_u32(b, RA_ACCT_OUTPUT_PACKETS,
			   (uint32_t)c->out_packets) ||
	    radius_put_u32(b, RA_ACCT_SESSION_TIME, r->session_time_s))
		return -1;
	return 0;
}

/* RFC 4818 2: Reserved, Prefix-Length, the prefix's significant bytes. */
static int put_prefix(struct radius_builder *b,
		      const struct acct_session_data *sd)
{
	uint8_t v[18] = { 0, sd->delegated_prefix_len };
	size_t bytes = (sd->delegated_prefix_len + 7u) / 8u;

	memcpy(v + 2, sd->delegated_prefix, bytes > 16 ? 16 : bytes);
	return radius_put(b, RA_DELEGATED_IPV6_PREFIX, v,
			  2 + (bytes > 16 ? 16 : bytes));
}

static int put_session(struct radius_builder *b,
		       const struct acct_session_data *sd)
{
	unsigned i;

	if (put_str_if(b, RA_USER_NAME, sd->user) ||
	    radius_put_str(b, RA_ACCT_SESSION_ID, sd->acct_session_id) ||
	    radius_put_u32(b, RA_NAS_PORT, sd->nas_port) ||
	    radius_put_u32(b, RA_NAS_PORT_TYPE, NAS_PORT_TYPE_VIRTUAL) ||
	    put_str_if(b, RA_NAS_PORT_ID, sd->nas_port_id) ||
	    radius_put_u32(b, RA_SERVICE_TYPE, SERVICE_TYPE_FRAMED) ||
	    radius_put_u32(b, RA_FRAMED_PROTOCOL, FRAMED_PROTOCOL_PPP) ||
	    put_str_if(b, RA_CALLING_STATION_ID, sd->calling_station) ||
	    put_str_if(b, RA_TUNNEL_CLIENT_ENDPOINT, sd->tunnel_client) ||
	    put_str_if(b, RA_TUNNEL_SERVER_ENDPOINT, sd->tunnel_server) ||
	    radius_put_u32(b, RA_ACCT_AUTHENTIC, sd->radius_authentic ?
			   ACCT_AUTHENTIC_RADIUS : ACCT_AUTHENTIC_LOCAL))
		return -1;
	if (sd->framed_ip &&
	    radius_put_u32(b, RA_FRAMED_IP_ADDRESS, sd->framed_ip))
		return -1;
	if (sd->delegated_prefix_len && put_prefix(b, sd))
		return -1;
	for (i = 0; i < sd->n_class && i < AAA_CLASS_MAX; i++)
		if (radius_put(b, RA_CLASS, sd->class_val[i],
			       sd->class_len[i]))
			return -1;
	return 0;
}

int acct_attrs_fill(struct radius_builder *b, const struct acct_record *r,
		    uint32_t delay_s)
{
	if (radius_put_u32(b, RA_ACCT_STATUS_TYPE, r->status) ||
	    radius_put_u32(b, RA_EVENT_TIMESTAMP, r->event_time) ||
	    radius_put_u32(b, RA_ACCT_DELAY_TIME, delay_s))
		return -1;
	if (!r->sd)	/* Accounting-On, -Off: the NAS, no session */
		return radius_put_str(b, RA_ACCT_SESSION_ID,
				      r->nas_session_id);
	if (put_session(b, r->sd))
		return -1;
	if (r->status == RADIUS_ACCT_START)
		return 0;
	if (put_counters(b, r))
		return -1;
	if (r->status == RADIUS_ACCT_STOP &&
	    radius_put_u32(b, RA_ACCT_TERMINATE_CAUSE, r->cause))
		return -1;
	return 0;
}
