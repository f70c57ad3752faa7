// SPDX-License-Identifier: GPL-2.0-or-later
/* DHCPv6 prefix delegation messages: parse a client's, build ours. */
#include "dhcp6/dhcp6_msg.h"

#include <errno.h>
#include <string.h>

#define IA_PD_FIXED	12	/* IAID, T1, T2 */
#define IAPREFIX_FIXED	25	/* preferred, valid, length, prefix */

/* Which identifiers each client type must carry (RFC 8415 16.2-16.12). */
enum { NEED = 1, FORBID = 2, MAY = 0 };
static const struct {
	uint8_t client_id, server_id;
} id_rules[] = {
	[DHCP6_SOLICIT] = { NEED, FORBID },
	[DHCP6_REQUEST] = { NEED, NEED },
	[DHCP6_CONFIRM] = { NEED, FORBID },
	[DHCP6_RENEW] = { NEED, NEED },
	[DHCP6_REBIND] = { NEED, FORBID },
	[DHCP6_RELEASE] = { NEED, NEED },
	[DHCP6_DECLINE] = { NEED, NEED },
	[DHCP6_INFORMATION_REQUEST] = { MAY, MAY },
};

static bool is_client_type(unsigned t)
{
	return t == DHCP6_SOLICIT || t == DHCP6_REQUEST ||
	       t == DHCP6_CONFIRM || t == DHCP6_RENEW || t == DHCP6_REBIND ||
	       t == DHCP6_RELEASE || t == DHCP6_DECLINE ||
	       t == DHCP6_INFORMATION_REQUEST;
}

const char *dhcp6_verdict_name(enum dhcp6_verdict v)
{
	static const char *const names[DHCP6_VERDICT_MAX] = {
		[DHCP6_OK] = "ok",
		[DHCP6_TRUNCATED] = "truncated",
		[DHCP6_NOT_CLIENT_TYPE] = "not a client message type",
		[DHCP6_BAD_DUID] = "identifier of a bad length",
		[DHCP6_DUPLICATE_ID] = "identifier given twice",
		[DHCP6_BAD_IA_PD] = "IA_PD or IA Prefix too short",
		[DHCP6_NO_CLIENT_ID] = "no Client Identifier",
		[DHCP6_UNEXPECTED_SERVER_ID] = "Server Identifier not allowed",
		[DHCP6_NO_SERVER_ID] = "no Server Identifier",
	};

	return (unsigned)v < DHCP6_VERDICT_MAX ? names[v] : "?";
}

const char *dhcp6_type_name(unsigned type)
{
	static const char *const names[] = {
		[DHCP6_SOLICIT] = "Solicit",
		[DHCP6_ADVERTISE] = "Advertise",
		[DHCP6_REQUEST] = "Request",
		[DHCP6_CONFIRM] = "Confirm",
		[DHCP6_RENEW] = "Renew",
		[DHCP6_REBIND] = "Rebind",
		[DHCP6_REPLY] = "Reply",
		[DHCP6_RELEASE] = "Release",
		[DHCP6_DECLINE] = "Decline",
		[DHCP6_RECONFIGURE] = "Reconfigure",
		[DHCP6_INFORMATION_REQUEST] = "Information-request",
		[DHCP6_RELAY_FORW] = "Relay-forward",
		[DHCP6_RELAY_REPL] = "Relay-reply",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "unknown";
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * Steps over one option of [*pos, end): its code, data and length.
 * false at the end; *bad when one runs past it.
 */
static bool next_option(const uint8_t *buf, size_t end, size_t *pos,
			uint16_t *code, const uint8_t **data, size_t *len,
			bool *bad)
{
	if (*pos == end)
		return false;
	if (end - *pos < 4 || get16(buf + *pos + 2) > end - *pos - 4) {
		*bad = true;
		return false;
	}
	*code = get16(buf + *pos);
	*len = get16(buf + *pos + 2);
	*data = buf + *pos + 4;
	*pos += 4 + *len;
	return true;
}

static enum dhcp6_verdict parse_ia_pd(const uint8_t *d, size_t len,
				      struct dhcp6_ia_pd_req *ia)
{
	const uint8_t *sd;
	size_t pos = IA_PD_FIXED, sl;
	uint16_t code;
	bool bad = false;

	if (len < IA_PD_FIXED)
		return DHCP6_BAD_IA_PD;
	memset(ia, 0, sizeof(*ia));
	ia->iaid = get32(d);
	ia->t1_s = get32(d + 4);
	ia->t2_s = get32(d + 8);
	while (next_option(d, len, &pos, &code, &sd, &sl, &bad)) {
		if (code != DHCP6_OPT_IAPREFIX || ia->has_hint)
			continue;
		if (sl < IAPREFIX_FIXED)
			return DHCP6_BAD_IA_PD;
		ia->has_hint = true;
		ia->hint.preferred_s = get32(sd);
		ia->hint.valid_s = get32(sd + 4);
		ia->hint.len = sd[8];
		memcpy(ia->hint.prefix, sd + 9, 16);
	}
	return bad ? DHCP6_TRUNCATED : DHCP6_OK;
}

static enum dhcp6_verdict take_duid(const uint8_t *d, size_t len,
				    const uint8_t **id, size_t *id_len)
{
	if (*id)
		return DHCP6_DUPLICATE_ID;
	if (len < DHCP6_DUID_MIN || len > DHCP6_DUID_MAX)
		return DHCP6_BAD_DUID;
	*id = d;
	*id_len = len;
	return DHCP6_OK;
}

static enum dhcp6_verdict take_option(uint16_t code, const uint8_t *d,
				      size_t len, struct dhcp6_request *r)
{
	switch (code) {
	case DHCP6_OPT_CLIENTID:
		return take_duid(d, len, &r->client_id, &r->client_id_len);
	case DHCP6_OPT_SERVERID:
		return take_duid(d, len, &r->server_id, &r->server_id_len);
	case DHCP6_OPT_RAPID_COMMIT:
		r->rapid_commit = true;
		return DHCP6_OK;
	case DHCP6_OPT_IA_NA:
	case DHCP6_OPT_IA_TA:
		r->has_ia_addr = true;
		return DHCP6_OK;
	case DHCP6_OPT_IA_PD:
		if (r->n_ia_pd == DHCP6_IA_PD_MAX)
			return len < IA_PD_FIXED ? DHCP6_BAD_IA_PD : DHCP6_OK;
		return parse_ia_pd(d, len, &r->ia_pd[r->n_ia_pd++]);
	default:
		return DHCP6_OK;	/* ORO, Elapsed Time, ...: not needed */
	}
}

static enum dhcp6_verdict check_ids(const struct dhcp6_request *r)
{
	if (id_rules[r->type].client_id == NEED && !r->client_id)
		return DHCP6_NO_CLIENT_ID;
	if (id_rules[r->type].server_id == NEED && !r->server_id)
		return DHCP6_NO_SERVER_ID;
	if (id_rules[r->type].server_id == FORBID && r->server_id)
		return DHCP6_UNEXPECTED_SERVER_ID;
	return DHCP6_OK;
}

enum dhcp6_verdict dhcp6_parse(const uint8_t *buf, size_t len,
			       struct dhcp6_request *out)
{
	enum dhcp6_verdict v = DHCP6_OK;
	const uint8_t *d;
	size_t pos = 4, dl;
	uint16_t code;
	bool bad = false;

	memset(out, 0, sizeof(*out));
	if (len < 4)
		return DHCP6_TRUNCATED;
	if (!is_client_type(buf[0]))
		return DHCP6_NOT_CLIENT_TYPE;
	out->type = buf[0];
	out->xid = (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	while (v == DHCP6_OK &&
	       next_option(buf, len, &pos, &code, &d, &dl, &bad))
		v = take_option(code, d, dl, out);
	if (v == DHCP6_OK && bad)
		v = DHCP6_TRUNCATED;
	return v != DHCP6_OK ? v : check_ids(out);
}

/* --- building -------------------------------------------------------- */

struct out {
	uint8_t *buf;
	size_t cap, len;
	bool full;
};

static uint8_t *reserve(struct out *o, size_t n)
{
	uint8_t *p;

	if (o->full || o->cap - o->len < n) {
		o->full = true;
		return NULL;
	}
	p = o->buf + o->len;
	o->len += n;
	return p;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* An option header; its length is set by option_end. */
static size_t option_begin(struct out *o, uint16_t code)
{
	uint8_t *p = reserve(o, 4);

	if (p)
		put16(p, code);
	return o->len;
}

static void option_end(struct out *o, size_t start)
{
	if (!o->full)
		put16(o->buf + start - 2, (uint16_t)(o->len - start));
}

static void put_bytes(struct out *o, const void *data, size_t len)
{
	uint8_t *p = reserve(o, len);

	if (p && len)
		memcpy(p, data, len);
}

static void put_option(struct out *o, uint16_t code, const void *data,
		       size_t len)
{
	size_t at = option_begin(o, code);

	put_bytes(o, data, len);
	option_end(o, at);
}

static void put_status(struct out *o, uint16_t status, const char *msg)
{
	size_t at = option_begin(o, DHCP6_OPT_STATUS_CODE);
	uint8_t *p = reserve(o, 2);

	if (p)
		put16(p, status);
	if (msg)
		put_bytes(o, msg, strlen(msg));
	option_end(o, at);
}

static void put_ia_pd(struct out *o, const struct dhcp6_ia_pd_reply *ia)
{
	size_t at = option_begin(o, DHCP6_OPT_IA_PD), pat;
	uint8_t *p = reserve(o, IA_PD_FIXED);

	if (p) {
		put32(p, ia->iaid);
		put32(p + 4, ia->t1_s);
		put32(p + 8, ia->t2_s);
	}
	if (ia->has_prefix) {
		pat = option_begin(o, DHCP6_OPT_IAPREFIX);
		p = reserve(o, IAPREFIX_FIXED);
		if (p) {
			put32(p, ia->prefix.preferred_s);
			put32(p + 4, ia->prefix.valid_s);
			p[8] = ia->prefix.len;
			memcpy(p + 9, ia->prefix.prefix, 16);
		}
		option_end(o, pat);
	}
	if (ia->has_status)
		put_status(o, ia->status, ia->status_msg);
	option_end(o, at);
}

static bool reply_valid(const struct dhcp6_reply *r)
{
	return (r->type == DHCP6_ADVERTISE || r->type == DHCP6_REPLY) &&
	       r->xid <= 0xffffff && r->n_ia_pd <= DHCP6_IA_PD_MAX &&
	       r->server_id && r->server_id_len >= DHCP6_DUID_MIN &&
	       r->server_id_len <= DHCP6_DUID_MAX &&
	       r->client_id_len <= DHCP6_DUID_MAX;
}

int dhcp6_build(const struct dhcp6_reply *r, uint8_t *buf, size_t cap)
{
	struct out o = { .buf = buf, .cap = cap };
	uint8_t *p = reserve(&o, 4);
	unsigned i;

	if (!reply_valid(r))
		return -EINVAL;
	if (p) {
		p[0] = r->type;
		p[1] = (uint8_t)(r->xid >> 16);
		put16(p + 2, (uint16_t)r->xid);
	}
	put_option(&o, DHCP6_OPT_SERVERID, r->server_id, r->server_id_len);
	if (r->client_id)
		put_option(&o, DHCP6_OPT_CLIENTID, r->client_id,
			   r->client_id_len);
	if (r->rapid_commit)
		put_option(&o, DHCP6_OPT_RAPID_COMMIT, NULL, 0);
	if (r->has_preference)
		put_option(&o, DHCP6_OPT_PREFERENCE, &r->preference, 1);
	if (r->has_status)
		put_status(&o, r->status, r->status_msg);
	for (i = 0; i < r->n_ia_pd; i++)
		put_ia_pd(&o, &r->ia_pd[i]);
	return o.full ? -ENOSPC : (int)o.len;
}

int dhcp6_duid_ll(uint16_t hwtype, const uint8_t *lladdr, size_t alen,
		  uint8_t duid[DHCP6_DUID_MAX])
{
	if (alen + 4 > DHCP6_DUID_MAX)
		return -EINVAL;
	put16(duid, 3);
	put16(duid + 2, hwtype);
	memcpy(duid + 4, lladdr, alen);
	return (int)(alen + 4);
}
