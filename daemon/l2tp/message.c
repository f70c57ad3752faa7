// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * L2TPv2 control message codec.  Liberal in what it accepts (documented
 * per case), canonical in what it writes.
 */
#include "l2tp/message.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "l2tp/hidden.h"
#include "wire.h"

#define B(t) L2TP_AVP_BIT(L2TP_AVP_##t)

struct msg_desc {
	const char *name;
	bool session;		/* scope of faults: session or tunnel */
	uint64_t required;	/* RFC 2661 section 6, enforced */
	/* RFC-mandatory but omitted by real clients: accepted, noted. */
	uint64_t tolerated;
};

static const struct msg_desc msg_table[L2TP_MSG_TYPE_COUNT] = {
	[L2TP_MSG_SCCRQ] = { "SCCRQ", false,
		B(PROTOCOL_VERSION) | B(HOST_NAME) | B(FRAMING_CAPS) |
		B(ASSIGNED_TUNNEL_ID), 0 },
	[L2TP_MSG_SCCRP] = { "SCCRP", false,
		B(PROTOCOL_VERSION) | B(HOST_NAME) | B(FRAMING_CAPS) |
		B(ASSIGNED_TUNNEL_ID), 0 },
	[L2TP_MSG_SCCCN] = { "SCCCN", false, 0, 0 },
	/*
	 * A StopCCN is honoured whatever it lacks: the peer is leaving, and
	 * refusing the notice would only leave a dead tunnel behind.
	 */
	[L2TP_MSG_STOPCCN] = { "StopCCN", false, 0,
		B(ASSIGNED_TUNNEL_ID) | B(RESULT_CODE) },
	[L2TP_MSG_HELLO] = { "HELLO", false, 0, 0 },
	[L2TP_MSG_OCRQ] = { "OCRQ", true,
		B(ASSIGNED_SESSION_ID) | B(CALL_SERIAL_NUMBER) |
		B(MINIMUM_BPS) | B(MAXIMUM_BPS) | B(BEARER_TYPE) |
		B(FRAMING_TYPE) | B(CALLED_NUMBER), 0 },
	[L2TP_MSG_OCRP] = { "OCRP", true, B(ASSIGNED_SESSION_ID), 0 },
	[L2TP_MSG_OCCN] = { "OCCN", true, B(FRAMING_TYPE),
		B(TX_CONNECT_SPEED) },
	/* Some Windows and router builds leave out Call Serial Number. */
	[L2TP_MSG_ICRQ] = { "ICRQ", true, B(ASSIGNED_SESSION_ID),
		B(CALL_SERIAL_NUMBER) },
	[L2TP_MSG_ICRP] = { "ICRP", true, B(ASSIGNED_SESSION_ID), 0 },
	/* Framing Type and Connect Speed mean nothing to a virtual call. */
	[L2TP_MSG_ICCN] = { "ICCN", true, 0,
		B(TX_CONNECT_SPEED) | B(FRAMING_TYPE) },
	/* Like StopCCN, a CDN is honoured whatever it lacks. */
	[L2TP_MSG_CDN] = { "CDN", true, 0,
		B(RESULT_CODE) | B(ASSIGNED_SESSION_ID) },
	[L2TP_MSG_WEN] = { "WEN", true, B(CALL_ERRORS), 0 },
	[L2TP_MSG_SLI] = { "SLI", true, B(ACCM), 0 },
};

bool l2tp_msg_type_known(uint16_t type)
{
	return type < L2TP_MSG_TYPE_COUNT && msg_table[type].name;
}

bool l2tp_msg_is_session(uint16_t type)
{
	return l2tp_msg_type_known(type) && msg_table[type].session;
}

const char *l2tp_msg_name(uint16_t type)
{
	if (type == L2TP_MSG_ZLB)
		return "ZLB";
	return l2tp_msg_type_known(type) ? msg_table[type].name : "unknown";
}

uint64_t l2tp_msg_required_avps(uint16_t type)
{
	if (!l2tp_msg_type_known(type))
		return 0;
	return B(MESSAGE_TYPE) | msg_table[type].required |
	       msg_table[type].tolerated;
}

int l2tp_header_decode(const uint8_t *buf, size_t len, struct l2tp_header *h,
		       const char **why)
{
	size_t off = 2;
	uint16_t word;

	memset(h, 0, sizeof(*h));
	if (len < 6) {
		*why = "datagram shorter than an L2TP header";
		return -1;
	}
	word = get_be16(buf);
	h->flags = word & ~L2TP_HDR_VER_MASK;
	h->version = word & L2TP_HDR_VER_MASK;
	if (word & L2TP_HDR_L) {
		h->length = get_be16(buf + off);
		off += 2;
	}
	if (len < off + 4) {
		*why = "datagram shorter than its L2TP header";
		return -1;
	}
	h->tunnel_id = get_be16(buf + off);
	h->session_id = get_be16(buf + off + 2);
	off += 4;
	if (word & L2TP_HDR_S) {
		if (len < off + 4) {
			*why = "datagram shorter than its L2TP header";
			return -1;
		}
		h->ns = get_be16(buf + off);
		h->nr = get_be16(buf + off + 2);
		off += 4;
	}
	if (word & L2TP_HDR_O) {
		if (len < off + 2) {
			*why = "datagram shorter than its L2TP header";
			return -1;
		}
		off += 2 + get_be16(buf + off);
	}
	if ((word & L2TP_HDR_L) && h->length > len) {
		*why = "L2TP length field beyond the datagram";
		return -1;
	}
	if (off > len || ((word & L2TP_HDR_L) && off > h->length)) {
		*why = "L2TP offset beyond the datagram";
		return -1;
	}
	h->hdr_len = (uint16_t)off;
	return 0;
}

static int fail(struct l2tp_decode_error *err, enum l2tp_fault fault,
		int avp_type, uint16_t vendor, uint16_t result, uint16_t error,
		const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static int fail(struct l2tp_decode_error *err, enum l2tp_fault fault,
		int avp_type, uint16_t vendor, uint16_t result, uint16_t error,
		const char *fmt, ...)
{
	va_list ap;

	err->fault = fault;
	err->avp_type = avp_type;
	err->avp_vendor = vendor;
	err->result = result;
	err->error = error;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
	return -1;
}

/* Faults reach as far as the message's scope (RFC 2661 4.1). */
static enum l2tp_fault scope_fault(uint16_t type)
{
	return l2tp_msg_is_session(type) ? L2TP_FAULT_SESSION :
					   L2TP_FAULT_TUNNEL;
}

/* "General error" in the scope's result code space (StopCCN or CDN). */
static uint16_t scope_result(uint16_t type)
{
	return l2tp_msg_is_session(type) ? L2TP_CDN_GENERAL_ERROR :
					   L2TP_STOPCCN_GENERAL_ERROR;
}

static int decode_header(const uint8_t *buf, size_t len, struct l2tp_msg *m,
			 size_t *msg_len, struct l2tp_decode_error *err)
{
	struct l2tp_header h;
	const char *why;

	*msg_len = 0;
	if (l2tp_header_decode(buf, len, &h, &why) < 0)
		return fail(err, L2TP_FAULT_DISCARD, -1, 0, 0, 0, "%s", why);
	if (h.version != L2TP_VERSION)
		return fail(err, L2TP_FAULT_DISCARD, -1, 0, 0, 0,
			    "L2TP version %u, expected 2", h.version);
	if (!(h.flags & L2TP_HDR_T))
		return fail(err, L2TP_FAULT_DISCARD, -1, 0, 0, 0,
			    "data message where control was expected");
	/* RFC 2661 3.1: control messages MUST carry length and sequence. */
	if (!(h.flags & L2TP_HDR_L) || !(h.flags & L2TP_HDR_S))
		return fail(err, L2TP_FAULT_DISCARD, -1, 0, 0, 0,
			    "control message without %s field",
			    (h.flags & L2TP_HDR_L) ? "Ns/Nr" : "length");
	if (h.length < h.hdr_len)
		return fail(err, L2TP_FAULT_DISCARD, -1, 0, 0, 0,
			    "control message length %u shorter than its header",
			    h.length);
	m->tunnel_id = h.tunnel_id;
	m->session_id = h.session_id;
	m->ns = h.ns;
	m->nr = h.nr;
	*msg_len = h.length;
	/* Offset padding, if a peer sends one, is skipped like the header. */
	return h.hdr_len;
}

/* Unknown, vendor-specific, reserved-bit or unrevealable AVP. */
static int unrecognized(struct l2tp_msg *m, const struct l2tp_avp_raw *avp,
			const char *what, struct l2tp_decode_error *err)
{
	if (!(avp->flags & L2TP_AVP_F_MANDATORY)) {
		m->avps.ignored_count++;
		return 0;
	}
	return fail(err, scope_fault(m->type), avp->type, avp->vendor,
		    scope_result(m->type),
		    L2TP_ERR_UNKNOWN_MANDATORY_AVP,
		    "%s: %s attribute %u (vendor %u) marked mandatory",
		    l2tp_msg_name(m->type), what, avp->type, avp->vendor);
}

static int reveal(struct l2tp_msg *m, const struct l2tp_avp_raw *avp,
		  const struct l2tp_secret *secret, const uint8_t **value,
		  size_t *len, struct l2tp_decode_error *err)
{
	const struct l2tp_bytes *rv = &m->avps.random_vector;
	uint8_t *out = m->scratch + m->scratch_used;
	const char *why;
	enum l2tp_fault fault = scope_fault(m->type);
	uint16_t result = scope_result(m->type);
	int n;

	if (!secret || !secret->len)
		return fail(err, fault, avp->type, 0, result, L2TP_ERR_VENDOR,
			    "%s: hidden %s but no secret is configured",
			    l2tp_msg_name(m->type), l2tp_avp_name(avp->type));
	if (!l2tp_avp_has(&m->avps, L2TP_AVP_RANDOM_VECTOR))
		return fail(err, fault, avp->type, 0, result, L2TP_ERR_BAD_VALUE,
			    "%s: hidden %s without a preceding Random Vector",
			    l2tp_msg_name(m->type), l2tp_avp_name(avp->type));
	if (avp->len > sizeof(m->scratch) - m->scratch_used)
		return fail(err, fault, avp->type, 0, result,
			    L2TP_ERR_NO_RESOURCES,
			    "%s: more than %zu bytes of hidden AVPs",
			    l2tp_msg_name(m->type), sizeof(m->scratch));
	n = l2tp_hidden_reveal(avp->type, secret->data, secret->len, rv->data,
			       rv->len, avp->value, avp->len, out, &why);
	if (n < 0)
		return fail(err, fault, avp->type, 0, result, L2TP_ERR_BAD_VALUE,
			    "%s: %s: %s", l2tp_msg_name(m->type),
			    l2tp_avp_name(avp->type), why);
	m->scratch_used += (size_t)n;
	*value = out;
	*len = (size_t)n;
	return 0;
}

static int decode_avp(struct l2tp_msg *m, const struct l2tp_avp_raw *avp,
		      const struct l2tp_secret *secret,
		      struct l2tp_decode_error *err)
{
	const uint8_t *value = avp->value;
	size_t len = avp->len;
	const char *why;

	/* RFC 2661 4.1: reserved bits set make an AVP unrecognized. */
	if (avp->flags & L2TP_AVP_F_RESERVED)
		return unrecognized(m, avp, "reserved bits set on", err);
	if (avp->vendor != L2TP_VENDOR_IETF)
		return unrecognized(m, avp, "vendor-specific", err);
	if (!l2tp_avp_known(avp->type))
		return unrecognized(m, avp, "unknown", err);
	if (avp->flags & L2TP_AVP_F_HIDDEN) {
		if (!l2tp_avp_hideable(avp->type) &&
		    !(avp->flags & L2TP_AVP_F_MANDATORY)) {
			/* Not ours to reveal and not needed: skip it. */
			m->avps.ignored_count++;
			return 0;
		}
		if (reveal(m, avp, secret, &value, &len, err) < 0)
			return -1;
		m->avps.hidden |= L2TP_AVP_BIT(avp->type);
	}
	if (l2tp_avp_decode_value(&m->avps, avp->type, value, len, &why) == 0)
		return 0;
	if (!(avp->flags & L2TP_AVP_F_MANDATORY)) {
		/* An optional AVP we cannot read costs nothing to drop. */
		m->avps.ignored_count++;
		return 0;
	}
	return fail(err, scope_fault(m->type), avp->type, 0,
		    scope_result(m->type), L2TP_ERR_BAD_LENGTH, "%s: %s (%zu bytes): %s",
		    l2tp_msg_name(m->type), l2tp_avp_name(avp->type), len, why);
}

static int decode_message_type(const uint8_t *buf, size_t len, size_t *off,
			       struct l2tp_msg *m,
			       struct l2tp_decode_error *err)
{
	struct l2tp_avp_raw avp;
	const char *why;

	if (l2tp_avp_next(buf, len, off, &avp, &why) < 0)
		return fail(err, L2TP_FAULT_DISCARD, L2TP_AVP_MESSAGE_TYPE, 0, 0,
			    0, "first AVP: %s", why);
	if (avp.vendor != L2TP_VENDOR_IETF ||
	    avp.type != L2TP_AVP_MESSAGE_TYPE || avp.len != 2 ||
	    (avp.flags & L2TP_AVP_F_HIDDEN))
		return fail(err, L2TP_FAULT_DISCARD, L2TP_AVP_MESSAGE_TYPE, 0, 0,
			    0, "first AVP is not a plain Message Type "
			    "(vendor %u type %u length %u)", avp.vendor,
			    avp.type, avp.len);
	m->type = get_be16(avp.value);
	m->avps.message_type = m->type;
	l2tp_avp_set(&m->avps, L2TP_AVP_MESSAGE_TYPE);
	if (l2tp_msg_type_known(m->type))
		return 0;
	/* RFC 2661 4.4.1: unknown type with M set clears the tunnel. */
	if (avp.flags & L2TP_AVP_F_MANDATORY)
		return fail(err, L2TP_FAULT_TUNNEL, L2TP_AVP_MESSAGE_TYPE, 0,
			    L2TP_STOPCCN_GENERAL_ERROR, L2TP_ERR_BAD_VALUE,
			    "unknown message type %u marked mandatory",
			    m->type);
	return fail(err, L2TP_FAULT_IGNORE, L2TP_AVP_MESSAGE_TYPE, 0, 0, 0,
		    "unknown message type %u ignored", m->type);
}

static int check_required(struct l2tp_msg *m, struct l2tp_decode_error *err)
{
	const struct msg_desc *d = &msg_table[m->type];
	uint64_t missing = d->required & ~m->avps.present;
	int type;

	m->missing_tolerated = d->tolerated & ~m->avps.present;
	if (!missing)
		return 0;
	type = __builtin_ctzll(missing);
	return fail(err, scope_fault(m->type), type, 0,
		    scope_result(m->type), L2TP_ERR_BAD_VALUE, "%s without %s AVP", d->name,
		    l2tp_avp_name((uint16_t)type));
}

int l2tp_msg_decode(const uint8_t *buf, size_t len,
		    const struct l2tp_secret *secret, struct l2tp_msg *m,
		    struct l2tp_decode_error *err)
{
	struct l2tp_avp_raw avp;
	size_t msg_len, off;
	const char *why;
	int hdr;

	memset(m, 0, offsetof(struct l2tp_msg, scratch));
	memset(err, 0, sizeof(*err));
	err->avp_type = -1;
	hdr = decode_header(buf, len, m, &msg_len, err);
	if (hdr < 0)
		return -1;
	off = (size_t)hdr;
	if (off == msg_len) {
		m->type = L2TP_MSG_ZLB;
		return 0;
	}
	if (decode_message_type(buf, msg_len, &off, m, err) < 0)
		return -1;
	while (off < msg_len) {
		if (l2tp_avp_next(buf, msg_len, &off, &avp, &why) < 0)
			return fail(err, scope_fault(m->type), -1, 0,
				    scope_result(m->type), L2TP_ERR_BAD_LENGTH, "%s: %s",
				    l2tp_msg_name(m->type), why);
		if (decode_avp(m, &avp, secret, err) < 0)
			return -1;
	}
	return check_required(m, err);
}

size_t l2tp_zlb_encode(uint16_t tunnel_id, uint16_t ns, uint16_t nr,
		       uint8_t out[L2TP_CTRL_HDR_LEN])
{
	put_be16(out, L2TP_CTRL_FLAGS);
	put_be16(out + 2, L2TP_CTRL_HDR_LEN);
	put_be16(out + 4, tunnel_id);
	put_be16(out + 6, 0);
	put_be16(out + 8, ns);
	put_be16(out + 10, nr);
	return L2TP_CTRL_HDR_LEN;
}

struct writer {
	uint8_t *out;
	size_t room;
	size_t len;
};

static int put_avp(struct writer *w, uint16_t type, bool mandatory,
		   bool hidden, const uint8_t *value, size_t value_len,
		   const char **why)
{
	size_t total = L2TP_AVP_HDR_LEN + value_len;
	uint16_t flags = (mandatory ? L2TP_AVP_F_MANDATORY : 0) |
			 (hidden ? L2TP_AVP_F_HIDDEN : 0);

	if (total > L2TP_AVP_MAX_LEN) {
		*why = "AVP longer than 1023 bytes";
		return -1;
	}
	if (total > w->room - w->len) {
		*why = "message does not fit the buffer";
		return -1;
	}
	put_be16(w->out + w->len, flags | (uint16_t)total);
	put_be16(w->out + w->len + 2, L2TP_VENDOR_IETF);
	put_be16(w->out + w->len + 4, type);
	if (value_len)
		memcpy(w->out + w->len + L2TP_AVP_HDR_LEN, value, value_len);
	w->len += total;
	return 0;
}

static int encode_avps(const struct l2tp_msg *m,
		       const struct l2tp_secret *secret, struct writer *w,
		       const char **why)
{
	const struct l2tp_avps *a = &m->avps;
	const struct l2tp_bytes *rv = &a->random_vector;
	uint8_t value[L2TP_AVP_MAX_VALUE], hidden[L2TP_AVP_MAX_VALUE + 2];
	bool rv_sent = false;
	uint16_t type;
	int n;

	for (type = 1; type < L2TP_AVP_TYPE_COUNT; type++) {
		bool hide = a->hidden & L2TP_AVP_BIT(type);

		if (!l2tp_avp_has(a, type) || type == L2TP_AVP_RANDOM_VECTOR)
			continue;
		n = l2tp_avp_encode_value(a, type, value, why);
		if (n < 0)
			return -1;
		if (hide && !rv_sent) {
			if (!secret || !secret->len || !rv->len) {
				*why = "hidden AVP without secret or Random Vector";
				return -1;
			}
			if (put_avp(w, L2TP_AVP_RANDOM_VECTOR, true, false,
				    rv->data, rv->len, why) < 0)
				return -1;
			rv_sent = true;
		}
		if (hide) {
			if (!l2tp_avp_hideable(type) ||
			    (size_t)n + 2 > L2TP_AVP_MAX_VALUE) {
				*why = "AVP cannot be hidden";
				return -1;
			}
			n = (int)l2tp_hidden_hide(type, secret->data,
						  secret->len, rv->data,
						  rv->len, value, (size_t)n,
						  NULL, 0, hidden);
		}
		if (put_avp(w, type, l2tp_avp_mandatory(type), hide,
			    hide ? hidden : value, (size_t)n, why) < 0)
			return -1;
	}
	/* A Random Vector asked for but used by nothing still goes out. */
	if (!rv_sent && l2tp_avp_has(a, L2TP_AVP_RANDOM_VECTOR))
		return put_avp(w, L2TP_AVP_RANDOM_VECTOR, true, false, rv->data,
			       rv->len, why);
	return 0;
}

int l2tp_msg_encode(const struct l2tp_msg *m, const struct l2tp_secret *secret,
		    uint8_t *out, size_t room, const char **why)
{
	struct writer w = { .out = out, .room = room };
	uint8_t type_be[2];
	uint64_t missing;

	if (room < L2TP_CTRL_HDR_LEN) {
		*why = "message does not fit the buffer";
		return -1;
	}
	if (m->type == L2TP_MSG_ZLB) {
		l2tp_zlb_encode(m->tunnel_id, m->ns, m->nr, out);
		put_be16(out + 6, m->session_id);
		return L2TP_CTRL_HDR_LEN;
	}
	if (!l2tp_msg_type_known(m->type)) {
		*why = "unknown message type";
		return -1;
	}
	missing = (l2tp_msg_required_avps(m->type) & ~B(MESSAGE_TYPE)) &
		  ~m->avps.present;
	if (missing) {
		*why = "a required AVP is missing";
		return -1;
	}
	if (room > L2TP_MAX_MSG_LEN)
		w.room = L2TP_MAX_MSG_LEN;
	w.len = L2TP_CTRL_HDR_LEN;
	put_be16(type_be, m->type);
	if (put_avp(&w, L2TP_AVP_MESSAGE_TYPE, true, false, type_be, 2, why) < 0)
		return -1;
	if (encode_avps(m, secret, &w, why) < 0)
		return -1;
	put_be16(out, L2TP_CTRL_FLAGS);
	put_be16(out + 2, (uint16_t)w.len);
	put_be16(out + 4, m->tunnel_id);
	put_be16(out + 6, m->session_id);
	put_be16(out + 8, m->ns);
	put_be16(out + 10, m->nr);
	return (int)w.len;
}
