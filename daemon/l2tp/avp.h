/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * L2TPv2 Attribute-Value Pairs (RFC 2661 section 4, RFC 3145).
 *
 * Decoding is a pure function over a buffer: values of variable length
 * point into the caller's buffer (or into the message's scratch area when
 * the AVP was hidden), so a decoded struct l2tp_avps lives no longer than
 * the datagram it came from.
 */
#ifndef L2TPGW_L2TP_AVP_H
#define L2TPGW_L2TP_AVP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_AVP_HDR_LEN	6
#define L2TP_AVP_MAX_LEN	1023	/* 10-bit length field */
#define L2TP_AVP_MAX_VALUE	(L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN)

#define L2TP_AVP_F_MANDATORY	0x8000
#define L2TP_AVP_F_HIDDEN	0x4000
#define L2TP_AVP_F_RESERVED	0x3c00
#define L2TP_AVP_LEN_MASK	0x03ff

#define L2TP_VENDOR_IETF	0
#define L2TP_VENDOR_MICROSOFT	311

enum l2tp_avp_type {
	L2TP_AVP_MESSAGE_TYPE = 0,
	L2TP_AVP_RESULT_CODE = 1,
	L2TP_AVP_PROTOCOL_VERSION = 2,
	L2TP_AVP_FRAMING_CAPS = 3,
	L2TP_AVP_BEARER_CAPS = 4,
	L2TP_AVP_TIE_BREAKER = 5,
	L2TP_AVP_FIRMWARE_REVISION = 6,
	L2TP_AVP_HOST_NAME = 7,
	L2TP_AVP_VENDOR_NAME = 8,
	L2TP_AVP_ASSIGNED_TUNNEL_ID = 9,
	L2TP_AVP_RECEIVE_WINDOW_SIZE = 10,
	L2TP_AVP_CHALLENGE = 11,
	L2TP_AVP_Q931_CAUSE = 12,
	L2TP_AVP_CHALLENGE_RESPONSE = 13,
	L2TP_AVP_ASSIGNED_SESSION_ID = 14,
	L2TP_AVP_CALL_SERIAL_NUMBER = 15,
	L2TP_AVP_MINIMUM_BPS = 16,
	L2TP_AVP_MAXIMUM_BPS = 17,
	L2TP_AVP_BEARER_TYPE = 18,
	L2TP_AVP_FRAMING_TYPE = 19,
	/* 20 is not assigned by RFC 2661 */
	L2TP_AVP_CALLED_NUMBER = 21,
	L2TP_AVP_CALLING_NUMBER = 22,
	L2TP_AVP_SUB_ADDRESS = 23,
	L2TP_AVP_TX_CONNECT_SPEED = 24,
	L2TP_AVP_PHYSICAL_CHANNEL_ID = 25,
	L2TP_AVP_INITIAL_RX_LCP_CONFREQ = 26,
	L2TP_AVP_LAST_TX_LCP_CONFREQ = 27,
	L2TP_AVP_LAST_RX_LCP_CONFREQ = 28,
	L2TP_AVP_PROXY_AUTHEN_TYPE = 29,
	L2TP_AVP_PROXY_AUTHEN_NAME = 30,
	L2TP_AVP_PROXY_AUTHEN_CHALLENGE = 31,
	L2TP_AVP_PROXY_AUTHEN_ID = 32,
	L2TP_AVP_PROXY_AUTHEN_RESPONSE = 33,
	L2TP_AVP_CALL_ERRORS = 34,
	L2TP_AVP_ACCM = 35,
	L2TP_AVP_RANDOM_VECTOR = 36,
	L2TP_AVP_PRIVATE_GROUP_ID = 37,
	L2TP_AVP_RX_CONNECT_SPEED = 38,
	L2TP_AVP_SEQUENCING_REQUIRED = 39,
	L2TP_AVP_PPP_DISCONNECT_CAUSE = 46,	/* RFC 3145 */
	L2TP_AVP_TYPE_COUNT = 47
};

/* Framing/Bearer Capabilities and Types (RFC 2661 4.4.3, 4.4.5). */
#define L2TP_FRAMING_SYNC	0x00000001
#define L2TP_FRAMING_ASYNC	0x00000002
#define L2TP_BEARER_DIGITAL	0x00000001
#define L2TP_BEARER_ANALOG	0x00000002

/* Result codes (RFC 2661 4.4.2). */
enum l2tp_stopccn_result {
	L2TP_STOPCCN_GENERAL_CLEAR = 1,
	L2TP_STOPCCN_GENERAL_ERROR = 2,
	L2TP_STOPCCN_ALREADY_EXISTS = 3,
	L2TP_STOPCCN_NOT_AUTHORIZED = 4,
	L2TP_STOPCCN_BAD_PROTOCOL_VERSION = 5,
	L2TP_STOPCCN_SHUTTING_DOWN = 6,
	L2TP_STOPCCN_FSM_ERROR = 7,
};

enum l2tp_cdn_result {
	L2TP_CDN_LOST_CARRIER = 1,
	L2TP_CDN_GENERAL_ERROR = 2,
	L2TP_CDN_ADMIN = 3,
	L2TP_CDN_TEMP_NO_FACILITIES = 4,
	L2TP_CDN_PERM_NO_FACILITIES = 5,
	L2TP_CDN_INVALID_DESTINATION = 6,
	L2TP_CDN_NO_CARRIER = 7,
	L2TP_CDN_BUSY = 8,
	L2TP_CDN_NO_DIAL_TONE = 9,
	L2TP_CDN_TIMEOUT = 10,
	L2TP_CDN_NO_FRAMING = 11,
};

enum l2tp_error_code {
	L2TP_ERR_NONE = 0,
	L2TP_ERR_NO_CONTROL_CONNECTION = 1,
	L2TP_ERR_BAD_LENGTH = 2,
	L2TP_ERR_BAD_VALUE = 3,
	L2TP_ERR_NO_RESOURCES = 4,
	L2TP_ERR_BAD_SESSION_ID = 5,
	L2TP_ERR_VENDOR = 6,
	L2TP_ERR_TRY_ANOTHER = 7,
	L2TP_ERR_UNKNOWN_MANDATORY_AVP = 8,
};

/* A variable-length value: points into the decoded buffer. */
struct l2tp_bytes {
	const uint8_t *data;
	uint16_t len;
};

struct l2tp_result_code {
	uint16_t result;
	uint16_t error;
	bool has_error;
	struct l2tp_bytes message;	/* trailing NULs removed */
};

/* RFC 2661 4.4.5 Q.931 Cause Code. */
struct l2tp_q931_cause {
	uint16_t cause;
	uint8_t msg;
	struct l2tp_bytes advisory;
};

/* RFC 3145 PPP Disconnect Cause Code. */
struct l2tp_ppp_disconnect_cause {
	uint16_t code;
	uint16_t protocol;
	uint8_t direction;
	struct l2tp_bytes message;
};

struct l2tp_call_errors {
	uint32_t crc;
	uint32_t framing;
	uint32_t hardware_overruns;
	uint32_t buffer_overruns;
	uint32_t timeouts;
	uint32_t alignment;
};

struct l2tp_accm {
	uint32_t send;
	uint32_t recv;
};

/*
 * Every AVP of RFC 2661 and RFC 3145.  `present` has bit (1 << type) set
 * for each AVP held; `hidden` marks those that were (on decode) or are to
 * be (on encode) hidden per RFC 2661 4.3.
 */
struct l2tp_avps {
	uint64_t present;
	uint64_t hidden;

	uint16_t message_type;
	struct l2tp_result_code result;
	uint16_t protocol_version;	/* version << 8 | revision */
	uint32_t framing_caps;
	uint32_t bearer_caps;
	uint8_t tie_breaker[8];
	uint16_t firmware_revision;
	struct l2tp_bytes host_name;
	struct l2tp_bytes vendor_name;
	uint16_t assigned_tunnel_id;
	uint16_t receive_window_size;
	struct l2tp_bytes challenge;
	struct l2tp_q931_cause q931_cause;
	uint8_t challenge_response[16];
	uint16_t assigned_session_id;
	uint32_t call_serial_number;
	uint32_t minimum_bps;
	uint32_t maximum_bps;
	uint32_t bearer_type;
	uint32_t framing_type;
	struct l2tp_bytes called_number;
	struct l2tp_bytes calling_number;
	struct l2tp_bytes sub_address;
	uint32_t tx_connect_speed;
	uint32_t physical_channel_id;
	struct l2tp_bytes initial_rx_lcp_confreq;
	struct l2tp_bytes last_tx_lcp_confreq;
	struct l2tp_bytes last_rx_lcp_confreq;
	uint16_t proxy_authen_type;
	struct l2tp_bytes proxy_authen_name;
	struct l2tp_bytes proxy_authen_challenge;
	uint8_t proxy_authen_id;
	struct l2tp_bytes proxy_authen_response;
	struct l2tp_call_errors call_errors;
	struct l2tp_accm accm;
	struct l2tp_bytes random_vector;
	struct l2tp_bytes private_group_id;
	uint32_t rx_connect_speed;
	/* sequencing_required has no value: presence is the information */
	struct l2tp_ppp_disconnect_cause ppp_disconnect_cause;

	/* Non-mandatory AVPs skipped: vendor-specific or unknown. */
	uint16_t ignored_count;
};

#define L2TP_AVP_BIT(type)	(UINT64_C(1) << (type))

static inline bool l2tp_avp_has(const struct l2tp_avps *a, unsigned type)
{
	return type < L2TP_AVP_TYPE_COUNT && (a->present & L2TP_AVP_BIT(type));
}

static inline void l2tp_avp_set(struct l2tp_avps *a, unsigned type)
{
	a->present |= L2TP_AVP_BIT(type);
}

/* One AVP as it appears on the wire. */
struct l2tp_avp_raw {
	uint16_t flags;		/* M, H and reserved bits */
	uint16_t vendor;
	uint16_t type;
	const uint8_t *value;
	uint16_t len;		/* of value */
};

/*
 * Split the next AVP off buf[*off..len).  0 on success (advancing *off),
 * -1 at a malformed header (length < 6 or beyond the buffer), with the
 * reason in *why.
 */
int l2tp_avp_next(const uint8_t *buf, size_t len, size_t *off,
		  struct l2tp_avp_raw *avp, const char **why);

/* Known IETF attribute (0-39 minus 20, and 46)? */
bool l2tp_avp_known(uint16_t type);
const char *l2tp_avp_name(uint16_t type);
/* The M bit we send and expect for the type (RFC 2661 4.4). */
bool l2tp_avp_mandatory(uint16_t type);
/* May the type be hidden?  (Message Type and Random Vector may not.) */
bool l2tp_avp_hideable(uint16_t type);

/*
 * Decode value (already revealed if it was hidden) of IETF attribute type
 * into a.  Liberal where real clients deviate (Result Code short or byte-
 * swapped, strings with trailing NULs).  0, or -1 with *why set.
 */
int l2tp_avp_decode_value(struct l2tp_avps *a, uint16_t type,
			  const uint8_t *value, size_t len, const char **why);

/*
 * Encode the value of type from a into out (room for L2TP_AVP_MAX_VALUE
 * bytes).  Returns its length, or -1 with *why set if a holds a value that
 * cannot be sent (too long, out of range).
 */
int l2tp_avp_encode_value(const struct l2tp_avps *a, uint16_t type,
			  uint8_t *out, const char **why);

const char *l2tp_result_name(uint16_t message_type, uint16_t result);
const char *l2tp_error_name(uint16_t error);

#endif /* L2TPGW_L2TP_AVP_H */
