// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * L2TPv2 AVP values: one table row per attribute (RFC 2661 4.4, RFC 3145)
 * saying how its value is laid out, its length limits, the M bit it
 * carries and whether it may be hidden.  Decoding and encoding are driven
 * by the table; only the few structured values have their own code.
 */
#include "l2tp/avp.h"

#include <string.h>

#include "wire.h"

enum avp_kind {
	KIND_NONE,	/* not an assigned attribute */
	KIND_U16,
	KIND_U32,
	KIND_BYTES,	/* opaque */
	KIND_STRING,	/* text: trailing NULs stripped on decode */
	KIND_FIXED,	/* exactly max_len bytes into an array */
	KIND_EMPTY,	/* no value */
	KIND_RESULT,
	KIND_Q931,
	KIND_PROXY_ID,
	KIND_CALL_ERRORS,
	KIND_ACCM,
	KIND_PPP_DISCONNECT,
};

struct avp_desc {
	const char *name;
	enum avp_kind kind;
	size_t offset;		/* into struct l2tp_avps */
	uint16_t min_len;
	uint16_t max_len;
	bool mandatory;
	bool hideable;
};

#define F(field) offsetof(struct l2tp_avps, field)
#define ROW(t, n, k, f, mn, mx, m, h) \
	[t] = { .name = n, .kind = k, .offset = F(f), .min_len = mn, \
		.max_len = mx, .mandatory = m, .hideable = h }

static const struct avp_desc avp_table[L2TP_AVP_TYPE_COUNT] = {
	ROW(L2TP_AVP_MESSAGE_TYPE, "Message Type", KIND_U16, message_type,
	    2, 2, true, false),
	ROW(L2TP_AVP_RESULT_CODE, "Result Code", KIND_RESULT, result,
	    2, L2TP_AVP_MAX_VALUE, true, true),
	ROW(L2TP_AVP_PROTOCOL_VERSION, "Protocol Version", KIND_U16,
	    protocol_version, 2, 2, true, false),
	ROW(L2TP_AVP_FRAMING_CAPS, "Framing Capabilities", KIND_U32,
	    framing_caps, 4, 4, true, true),
	ROW(L2TP_AVP_BEARER_CAPS, "Bearer Capabilities", KIND_U32,
	    bearer_caps, 4, 4, true, true),
	ROW(L2TP_AVP_TIE_BREAKER, "Tie Breaker", KIND_FIXED, tie_breaker,
	    8, 8, false, false),
	ROW(L2TP_AVP_FIRMWARE_REVISION, "Firmware Revision", KIND_U16,
	    firmware_revision, 2, 2, false, true),
	ROW(L2TP_AVP_HOST_NAME, "Host Name", KIND_STRING, host_name,
	    1, L2TP_AVP_MAX_VALUE, true, false),
	ROW(L2TP_AVP_VENDOR_NAME, "Vendor Name", KIND_STRING, vendor_name,
	    0, L2TP_AVP_MAX_VALUE, false, true),
	ROW(L2TP_AVP_ASSIGNED_TUNNEL_ID, "Assigned Tunnel ID", KIND_U16,
	    assigned_tunnel_id, 2, 2, true, true),
	ROW(L2TP_AVP_RECEIVE_WINDOW_SIZE, "Receive Window Size", KIND_U16,
	    receive_window_size, 2, 2, true, false),
	ROW(L2TP_AVP_CHALLENGE, "Challenge", KIND_BYTES, challenge,
	    1, L2TP_AVP_MAX_VALUE, true, true),
	ROW(L2TP_AVP_Q931_CAUSE, "Q.931 Cause Code", KIND_Q931, q931_cause,
	    3, L2TP_AVP_MAX_VALUE, true, false),
	ROW(L2TP_AVP_CHALLENGE_RESPONSE, "Challenge Response", KIND_FIXED,
	    challenge_response, 16, 16, true, true),
	ROW(L2TP_AVP_ASSIGNED_SESSION_ID, "Assigned Session ID", KIND_U16,
	    assigned_session_id, 2, 2, true, true),
	ROW(L2TP_AVP_CALL_SERIAL_NUMBER, "Call Serial Number", KIND_U32,
	    call_serial_number, 4, 4, true, true),
	ROW(L2TP_AVP_MINIMUM_BPS, "Minimum BPS", KIND_U32, minimum_bps,
	    4, 4, true, true),
	ROW(L2TP_AVP_MAXIMUM_BPS, "Maximum BPS", KIND_U32, maximum_bps,
	    4, 4, true, true),
	ROW(L2TP_AVP_BEARER_TYPE, "Bearer Type", KIND_U32, bearer_type,
	    4, 4, true, true),
	ROW(L2TP_AVP_FRAMING_TYPE, "Framing Type", KIND_U32, framing_type,
	    4, 4, true, true),
	ROW(L2TP_AVP_CALLED_NUMBER, "Called Number", KIND_STRING,
	    called_number, 0, L2TP_AVP_MAX_VALUE, true, true),
	ROW(L2TP_AVP_CALLING_NUMBER, "Calling Number", KIND_STRING,
	    calling_number, 0, L2TP_AVP_MAX_VALUE, true, true),
	ROW(L2TP_AVP_SUB_ADDRESS, "Sub-Address", KIND_STRING, sub_address,
	    0, L2TP_AVP_MAX_VALUE, true, true),
	ROW(L2TP_AVP_TX_CONNECT_SPEED, "Connect Speed", KIND_U32,
	    tx_connect_speed, 4, 4, true, true),
	ROW(L2TP_AVP_PHYSICAL_CHANNEL_ID, "Physical Channel ID", KIND_U32,
	    physical_channel_id, 4, 4, false, true),
	ROW(L2TP_AVP_INITIAL_RX_LCP_CONFREQ, "Initial Received LCP CONFREQ",
	    KIND_BYTES, initial_rx_lcp_confreq, 0, L2TP_AVP_MAX_VALUE, false,
	    true),
	ROW(L2TP_AVP_LAST_TX_LCP_CONFREQ, "Last Sent LCP CONFREQ",
	    KIND_BYTES, last_tx_lcp_confreq, 0, L2TP_AVP_MAX_VALUE, false,
	    true),
	ROW(L2TP_AVP_LAST_RX_LCP_CONFREQ, "Last Received LCP CONFREQ",
	    KIND_BYTES, last_rx_lcp_confreq, 0, L2TP_AVP_MAX_VALUE, false,
	    true),
	ROW(L2TP_AVP_PROXY_AUTHEN_TYPE, "Proxy Authen Type", KIND_U16,
	    proxy_authen_type, 2, 2, false, true),
	ROW(L2TP_AVP_PROXY_AUTHEN_NAME, "Proxy Authen Name", KIND_STRING,
	    proxy_authen_name, 0, L2TP_AVP_MAX_VALUE, false, true),
	ROW(L2TP_AVP_PROXY_AUTHEN_CHALLENGE, "Proxy Authen Challenge",
	    KIND_BYTES, proxy_authen_challenge, 1, L2TP_AVP_MAX_VALUE, false,
	    true),
	ROW(L2TP_AVP_PROXY_AUTHEN_ID, "Proxy Authen ID", KIND_PROXY_ID,
	    proxy_authen_id, 2, 2, false, true),
	ROW(L2TP_AVP_PROXY_AUTHEN_RESPONSE, "Proxy Authen Response",
	    KIND_BYTES, proxy_authen_response, 0, L2TP_AVP_MAX_VALUE, false,
	    true),
	ROW(L2TP_AVP_CALL_ERRORS, "Call Errors", KIND_CALL_ERRORS,
	    call_errors, 26, 26, true, true),
	ROW(L2TP_AVP_ACCM, "ACCM", KIND_ACCM, accm, 10, 10, true, true),
	ROW(L2TP_AVP_RANDOM_VECTOR, "Random Vector", KIND_BYTES,
	    random_vector, 1, L2TP_AVP_MAX_VALUE, true, false),
	ROW(L2TP_AVP_PRIVATE_GROUP_ID, "Private Group ID", KIND_BYTES,
	    private_group_id, 0, L2TP_AVP_MAX_VALUE, false, true),
	ROW(L2TP_AVP_RX_CONNECT_SPEED, "Rx Connect Speed", KIND_U32,
	    rx_connect_speed, 4, 4, false, true),
	[L2TP_AVP_SEQUENCING_REQUIRED] = { .name = "Sequencing Required",
		.kind = KIND_EMPTY, .mandatory = true, .hideable = false },
	ROW(L2TP_AVP_PPP_DISCONNECT_CAUSE, "PPP Disconnect Cause Code",
	    KIND_PPP_DISCONNECT, ppp_disconnect_cause, 5, L2TP_AVP_MAX_VALUE,
	    false, true),
};

#undef ROW
#undef F

static const struct avp_desc *desc_of(uint16_t type)
{
	if (type >= L2TP_AVP_TYPE_COUNT || avp_table[type].kind == KIND_NONE)
		return NULL;
	return &avp_table[type];
}

bool l2tp_avp_known(uint16_t type)
{
	return desc_of(type) != NULL;
}

const char *l2tp_avp_name(uint16_t type)
{
	const struct avp_desc *d = desc_of(type);

	return d ? d->name : "unknown AVP";
}

bool l2tp_avp_mandatory(uint16_t type)
{
	const struct avp_desc *d = desc_of(type);

	return d && d->mandatory;
}

bool l2tp_avp_hideable(uint16_t type)
{
	const struct avp_desc *d = desc_of(type);

	return d && d->hideable;
}

int l2tp_avp_next(const uint8_t *buf, size_t len, size_t *off,
		  struct l2tp_avp_raw *avp, const char **why)
{
	size_t rest = len - *off;
	uint16_t word, avp_len;

	if (rest < L2TP_AVP_HDR_LEN) {
		*why = "truncated AVP header";
		return -1;
	}
	word = get_be16(buf + *off);
	avp_len = word & L2TP_AVP_LEN_MASK;
	if (avp_len < L2TP_AVP_HDR_LEN) {
		*why = "AVP length below 6";
		return -1;
	}
	if (avp_len > rest) {
		*why = "AVP length beyond end of message";
		return -1;
	}
	avp->flags = word & ~L2TP_AVP_LEN_MASK;
	avp->vendor = get_be16(buf + *off + 2);
	avp->type = get_be16(buf + *off + 4);
	avp->value = buf + *off + L2TP_AVP_HDR_LEN;
	avp->len = avp_len - L2TP_AVP_HDR_LEN;
	*off += avp_len;
	return 0;
}

static struct l2tp_bytes strip_nuls(const uint8_t *v, size_t len)
{
	/* Apple sends Host Name and other strings NUL-terminated. */
	while (len && v[len - 1] == '\0')
		len--;
	return (struct l2tp_bytes){ .data = len ? v : NULL,
				    .len = (uint16_t)len };
}

/*
 * Apple clients have sent Result and Error codes in little-endian order.
 * Every defined code is below 256, so a value whose low byte is zero and
 * high byte is not can only be a byte-swapped small code.
 */
static uint16_t unswap_code(uint16_t v)
{
	if (v > 0xff && (v & 0xff) == 0)
		return v >> 8;
	return v;
}

static void decode_result(struct l2tp_result_code *r, const uint8_t *v,
			  size_t len)
{
	memset(r, 0, sizeof(*r));
	r->result = unswap_code(get_be16(v));
	/* Android mtpd sends the 2-byte form; a lone 3rd byte is ignored. */
	if (len >= 4) {
		r->error = unswap_code(get_be16(v + 2));
		r->has_error = true;
		/* MikroTik pads the message with NULs (8-byte values). */
		r->message = strip_nuls(v + 4, len - 4);
	}
}

int l2tp_avp_decode_value(struct l2tp_avps *a, uint16_t type,
			  const uint8_t *value, size_t len, const char **why)
{
	const struct avp_desc *d = desc_of(type);
	uint8_t *field;

	if (!d) {
		*why = "unknown attribute";
		return -1;
	}
	if (len < d->min_len || len > d->max_len ||
	    (d->kind == KIND_EMPTY && len != 0)) {
		*why = "value length is wrong";
		return -1;
	}
	field = (uint8_t *)a + d->offset;
	switch (d->kind) {
	case KIND_U16: {
		uint16_t v = get_be16(value);

		memcpy(field, &v, sizeof(v));
		break;
	}
	case KIND_U32: {
		uint32_t v = get_be32(value);

		memcpy(field, &v, sizeof(v));
		break;
	}
	case KIND_BYTES: {
		struct l2tp_bytes b = { .data = len ? value : NULL,
					.len = (uint16_t)len };

		memcpy(field, &b, sizeof(b));
		break;
	}
	case KIND_STRING: {
		struct l2tp_bytes b = strip_nuls(value, len);

		memcpy(field, &b, sizeof(b));
		break;
	}
	case KIND_FIXED:
		memcpy(field, value, len);
		break;
	case KIND_EMPTY:
		break;
	case KIND_RESULT:
		decode_result(&a->result, value, len);
		break;
	case KIND_Q931:
		a->q931_cause.cause = get_be16(value);
		a->q931_cause.msg = value[2];
		a->q931_cause.advisory = strip_nuls(value + 3, len - 3);
		break;
	case KIND_PROXY_ID:
		/* First octet reserved, second the CHAP/PAP identifier. */
		a->proxy_authen_id = value[1];
		break;
	case KIND_CALL_ERRORS: {
		struct l2tp_call_errors *ce = &a->call_errors;

		ce->crc = get_be32(value + 2);
		ce->framing = get_be32(value + 6);
		ce->hardware_overruns = get_be32(value + 10);
		ce->buffer_overruns = get_be32(value + 14);
		ce->timeouts = get_be32(value + 18);
		ce->alignment = get_be32(value + 22);
		break;
	}
	case KIND_ACCM:
		a->accm.send = get_be32(value + 2);
		a->accm.recv = get_be32(value + 6);
		break;
	case KIND_PPP_DISCONNECT: {
		struct l2tp_ppp_disconnect_cause *pd = &a->ppp_disconnect_cause;

		pd->code = get_be16(value);
		pd->protocol = get_be16(value + 2);
		pd->direction = value[4];
		pd->message = strip_nuls(value + 5, len - 5);
		break;
	}
	case KIND_NONE:
		*why = "unknown attribute";
		return -1;
	}
	l2tp_avp_set(a, type);
	return 0;
}

static int put_bytes(uint8_t *out, size_t room, const struct l2tp_bytes *b,
		     const char **why)
{
	if (b->len > room) {
		*why = "value too long for one AVP";
		return -1;
	}
	if (b->len)
		memcpy(out, b->data, b->len);
	return b->len;
}

int l2tp_avp_encode_value(const struct l2tp_avps *a, uint16_t type,
			  uint8_t *out, const char **why)
{
	const struct avp_desc *d = desc_of(type);
	const uint8_t *field;
	int n;

	if (!d) {
		*why = "unknown attribute";
		return -1;
	}
	field = (const uint8_t *)a + d->offset;
	switch (d->kind) {
	case KIND_U16: {
		uint16_t v;

		memcpy(&v, field, sizeof(v));
		put_be16(out, v);
		return 2;
	}
	case KIND_U32: {
		uint32_t v;

		memcpy(&v, field, sizeof(v));
		put_be32(out, v);
		return 4;
	}
	case KIND_BYTES:
	case KIND_STRING: {
		struct l2tp_bytes b;

		memcpy(&b, field, sizeof(b));
		n = put_bytes(out, L2TP_AVP_MAX_VALUE, &b, why);
		if (n >= 0 && n < d->min_len) {
			*why = "value shorter than the RFC allows";
			return -1;
		}
		return n;
	}
	case KIND_FIXED:
		memcpy(out, field, d->max_len);
		return d->max_len;
	case KIND_EMPTY:
		return 0;
	case KIND_RESULT:
		put_be16(out, a->result.result);
		if (!a->result.has_error && !a->result.message.len)
			return 2;
		put_be16(out + 2, a->result.error);
		n = put_bytes(out + 4, L2TP_AVP_MAX_VALUE - 4,
			      &a->result.message, why);
		return n < 0 ? -1 : 4 + n;
	case KIND_Q931:
		put_be16(out, a->q931_cause.cause);
		out[2] = a->q931_cause.msg;
		n = put_bytes(out + 3, L2TP_AVP_MAX_VALUE - 3,
			      &a->q931_cause.advisory, why);
		return n < 0 ? -1 : 3 + n;
	case KIND_PROXY_ID:
		out[0] = 0;
		out[1] = a->proxy_authen_id;
		return 2;
	case KIND_CALL_ERRORS: {
		const struct l2tp_call_errors *ce = &a->call_errors;

		put_be16(out, 0);
		put_be32(out + 2, ce->crc);
		put_be32(out + 6, ce->framing);
		put_be32(out + 10, ce->hardware_overruns);
		put_be32(out + 14, ce->buffer_overruns);
		put_be32(out + 18, ce->timeouts);
		put_be32(out + 22, ce->alignment);
		return 26;
	}
	case KIND_ACCM:
		put_be16(out, 0);
		put_be32(out + 2, a->accm.send);
		put_be32(out + 6, a->accm.recv);
		return 10;
	case KIND_PPP_DISCONNECT: {
		const struct l2tp_ppp_disconnect_cause *pd =
			&a->ppp_disconnect_cause;

		put_be16(out, pd->code);
		put_be16(out + 2, pd->protocol);
		out[4] = pd->direction;
		n = put_bytes(out + 5, L2TP_AVP_MAX_VALUE - 5, &pd->message,
			      why);
		return n < 0 ? -1 : 5 + n;
	}
	case KIND_NONE:
		break;
	}
	*why = "unknown attribute";
	return -1;
}

static const char *const stopccn_results[] = {
	[L2TP_STOPCCN_GENERAL_CLEAR] = "general request to clear control connection",
	[L2TP_STOPCCN_GENERAL_ERROR] = "general error",
	[L2TP_STOPCCN_ALREADY_EXISTS] = "control channel already exists",
	[L2TP_STOPCCN_NOT_AUTHORIZED] = "requester is not authorized",
	[L2TP_STOPCCN_BAD_PROTOCOL_VERSION] = "protocol version not supported",
	[L2TP_STOPCCN_SHUTTING_DOWN] = "requester is being shut down",
	[L2TP_STOPCCN_FSM_ERROR] = "finite state machine error",
};

static const char *const cdn_results[] = {
	[L2TP_CDN_LOST_CARRIER] = "lost carrier",
	[L2TP_CDN_GENERAL_ERROR] = "general error",
	[L2TP_CDN_ADMIN] = "administrative reasons",
	[L2TP_CDN_TEMP_NO_FACILITIES] = "temporary lack of facilities",
	[L2TP_CDN_PERM_NO_FACILITIES] = "permanent lack of facilities",
	[L2TP_CDN_INVALID_DESTINATION] = "invalid destination",
	[L2TP_CDN_NO_CARRIER] = "no carrier detected",
	[L2TP_CDN_BUSY] = "busy signal",
	[L2TP_CDN_NO_DIAL_TONE] = "no dial tone",
	[L2TP_CDN_TIMEOUT] = "call not established in time",
	[L2TP_CDN_NO_FRAMING] = "no appropriate framing",
};

static const char *const error_names[] = {
	[L2TP_ERR_NONE] = "no general error",
	[L2TP_ERR_NO_CONTROL_CONNECTION] = "no control connection",
	[L2TP_ERR_BAD_LENGTH] = "length is wrong",
	[L2TP_ERR_BAD_VALUE] = "field out of range or reserved field non-zero",
	[L2TP_ERR_NO_RESOURCES] = "insufficient resources",
	[L2TP_ERR_BAD_SESSION_ID] = "invalid session id",
	[L2TP_ERR_VENDOR] = "vendor-specific error",
	[L2TP_ERR_TRY_ANOTHER] = "try another LNS",
	[L2TP_ERR_UNKNOWN_MANDATORY_AVP] = "unknown mandatory AVP",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const char *l2tp_result_name(uint16_t message_type, uint16_t result)
{
	/* StopCCN is message type 4; every other carrier uses CDN codes. */
	if (message_type == 4) {
		if (result < ARRAY_LEN(stopccn_results) && stopccn_results[result])
			return stopccn_results[result];
	} else if (result < ARRAY_LEN(cdn_results) && cdn_results[result]) {
		return cdn_results[result];
	}
	return "unknown result code";
}

const char *l2tp_error_name(uint16_t error)
{
	if (error < ARRAY_LEN(error_names))
		return error_names[error];
	return "unknown error code";
}
