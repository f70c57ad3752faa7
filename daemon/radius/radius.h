/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RADIUS packets (RFC 2865 authentication, RFC 2866 accounting, RFC 5176
 * dynamic authorization), encoded and decoded as pure functions over
 * buffers.  Message-Authenticator (RFC 3579 section 3.2, HMAC-MD5) goes on
 * every request we send and is required on every Access response we accept
 * (the BlastRADIUS fix).  The crypto is nettle's MD5 and HMAC-MD5.
 *
 * Why not radcli: docs/radius.md.  In short, Debian 12's radcli 1.2.11 sends
 * Message-Authenticator only with EAP, never checks it on responses, and
 * its request functions block; a gateway needs all three the other way.
 */
#ifndef L2TPGW_RADIUS_H
#define L2TPGW_RADIUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RADIUS_HDR_LEN		20
#define RADIUS_AUTH_LEN		16
#define RADIUS_MAX_LEN		4096
#define RADIUS_ATTR_MAX		253	/* value bytes of one attribute */
#define RADIUS_SECRET_MAX	128

enum radius_code {
	RADIUS_ACCESS_REQUEST = 1,
	RADIUS_ACCESS_ACCEPT = 2,
	RADIUS_ACCESS_REJECT = 3,
	RADIUS_ACCOUNTING_REQUEST = 4,
	RADIUS_ACCOUNTING_RESPONSE = 5,
	RADIUS_ACCESS_CHALLENGE = 11,
	RADIUS_DISCONNECT_REQUEST = 40,
	RADIUS_DISCONNECT_ACK = 41,
	RADIUS_DISCONNECT_NAK = 42,
	RADIUS_COA_REQUEST = 43,
	RADIUS_COA_ACK = 44,
	RADIUS_COA_NAK = 45,
};

/* Attribute types we use (RFC 2865, 2866, 2867, 2868, 2869, 3162, 4818, 5176). */
enum radius_attr_type {
	RA_USER_NAME = 1,
	RA_USER_PASSWORD = 2,
	RA_CHAP_PASSWORD = 3,
	RA_NAS_IP_ADDRESS = 4,
	RA_NAS_PORT = 5,
	RA_SERVICE_TYPE = 6,
	RA_FRAMED_PROTOCOL = 7,
	RA_FRAMED_IP_ADDRESS = 8,
	RA_FILTER_ID = 11,
	RA_FRAMED_MTU = 12,
	RA_REPLY_MESSAGE = 18,
	RA_STATE = 24,
	RA_CLASS = 25,
	RA_VENDOR_SPECIFIC = 26,
	RA_SESSION_TIMEOUT = 27,
	RA_IDLE_TIMEOUT = 28,
	RA_TERMINATION_ACTION = 29,
	RA_CALLED_STATION_ID = 30,
	RA_CALLING_STATION_ID = 31,
	RA_NAS_IDENTIFIER = 32,
	RA_PROXY_STATE = 33,
	RA_ACCT_STATUS_TYPE = 40,
	RA_ACCT_DELAY_TIME = 41,
	RA_ACCT_INPUT_OCTETS = 42,
	RA_ACCT_OUTPUT_OCTETS = 43,
	RA_ACCT_SESSION_ID = 44,
	RA_ACCT_AUTHENTIC = 45,
	RA_ACCT_SESSION_TIME = 46,
	RA_ACCT_INPUT_PACKETS = 47,
	RA_ACCT_OUTPUT_PACKETS = 48,
	RA_ACCT_TERMINATE_CAUSE = 49,
	RA_ACCT_INPUT_GIGAWORDS = 52,
	RA_ACCT_OUTPUT_GIGAWORDS = 53,
	RA_EVENT_TIMESTAMP = 55,
	RA_CHAP_CHALLENGE = 60,
	RA_NAS_PORT_TYPE = 61,
	RA_TUNNEL_TYPE = 64,
	RA_TUNNEL_MEDIUM_TYPE = 65,
	RA_TUNNEL_CLIENT_ENDPOINT = 66,
	RA_TUNNEL_SERVER_ENDPOINT = 67,
	RA_ACCT_TUNNEL_CONNECTION = 68,
	RA_MESSAGE_AUTHENTICATOR = 80,
	RA_ACCT_INTERIM_INTERVAL = 85,
	RA_NAS_PORT_ID = 87,
	RA_FRAMED_POOL = 88,
	RA_NAS_IPV6_ADDRESS = 95,
	RA_FRAMED_IPV6_PREFIX = 97,
	RA_ERROR_CAUSE = 101,
	RA_DELEGATED_IPV6_PREFIX = 123,
};

/* Vendor-Specific (type 26) vendors and their attributes. */
#define RADIUS_VENDOR_MICROSOFT	311
enum {
	RA_MS_CHAP_ERROR = 2,
	RA_MS_CHAP_CHALLENGE = 11,
	RA_MS_CHAP2_RESPONSE = 25,
	RA_MS_CHAP2_SUCCESS = 26,
};
#define RADIUS_VENDOR_MIKROTIK	14988
enum {
	RA_MIKROTIK_RATE_LIMIT = 8,
};

enum radius_acct_status {
	RADIUS_ACCT_START = 1,
	RADIUS_ACCT_STOP = 2,
	RADIUS_ACCT_INTERIM = 3,
	RADIUS_ACCT_ON = 7,
	RADIUS_ACCT_OFF = 8,
};

/* Acct-Terminate-Cause values (RFC 2866 section 5.10). */
enum radius_terminate_cause {
	RADIUS_TC_USER_REQUEST = 1,
	RADIUS_TC_LOST_CARRIER = 2,
	RADIUS_TC_LOST_SERVICE = 3,
	RADIUS_TC_IDLE_TIMEOUT = 4,
	RADIUS_TC_SESSION_TIMEOUT = 5,
	RADIUS_TC_ADMIN_RESET = 6,
	RADIUS_TC_ADMIN_REBOOT = 7,
	RADIUS_TC_PORT_ERROR = 8,
	RADIUS_TC_NAS_ERROR = 9,
	RADIUS_TC_NAS_REQUEST = 10,
	RADIUS_TC_NAS_REBOOT = 11,
	RADIUS_TC_PORT_UNNEEDED = 12,
	RADIUS_TC_PORT_PREEMPTED = 13,
	RADIUS_TC_PORT_SUSPENDED = 14,
	RADIUS_TC_SERVICE_UNAVAILABLE = 15,
	RADIUS_TC_CALLBACK = 16,
	RADIUS_TC_USER_ERROR = 17,
	RADIUS_TC_HOST_REQUEST = 18,
};

/* Error-Cause values (RFC 5176 section 3.5) we send. */
enum radius_error_cause {
	RADIUS_EC_RESIDUAL_CONTEXT_REMOVED = 201,
	RADIUS_EC_UNSUPPORTED_ATTRIBUTE = 401,
	RADIUS_EC_MISSING_ATTRIBUTE = 402,
	RADIUS_EC_NAS_ID_MISMATCH = 403,
	RADIUS_EC_INVALID_REQUEST = 404,
	RADIUS_EC_UNSUPPORTED_SERVICE = 405,
	RADIUS_EC_SESSION_CONTEXT_NOT_FOUND = 503,
	RADIUS_EC_SESSION_NOT_REMOVABLE = 504,
	RADIUS_EC_RESOURCES_UNAVAILABLE = 506,
};

/*
 * A packet being built: header and attributes in buf.  radius_put_*
 * return 0, or -1 when the attribute does not fit (the packet is then
 * unchanged).  radius_finish() fills Length, the Message-Authenticator if
 * one was reserved with radius_put_message_authenticator(), and the
 * authenticator the code needs (random for Access-Request, MD5 over the
 * packet for Accounting-Request, CoA and Disconnect and for responses).
 */
struct radius_builder {
	uint8_t buf[RADIUS_MAX_LEN];
	size_t len;
	size_t msg_auth_off;	/* 0: none reserved */
};

void radius_begin(struct radius_builder *b, uint8_t code, uint8_t id);
int radius_put(struct radius_builder *b, uint8_t type, const void *val,
	       size_t len);
int radius_put_u32(struct radius_builder *b, uint8_t type, uint32_t v);
int radius_put_str(struct radius_builder *b, uint8_t type, const char *s);
int radius_put_vsa(struct radius_builder *b, uint32_t vendor, uint8_t type,
		   const void *val, size_t len);
int radius_put_message_authenticator(struct radius_builder *b);
/* RFC 2865 section 5.2: the hidden User-Password for b's authenticator. */
int radius_put_user_password(struct radius_builder *b, const char *secret,
			     const uint8_t *pw, size_t pwlen);
/*
 * request_auth: NULL for a request (Access-Request: the 16 bytes already
 * in the header are kept, radius_begin() filled them at random; the other
 * requests: computed); for a response, the request's authenticator.
 * Returns the packet length.
 */
size_t radius_finish(struct radius_builder *b, const char *secret,
		     const uint8_t *request_auth);

/* One attribute of a received packet; vendor 0 for the standard ones. */
struct radius_attr {
	uint32_t vendor;
	uint8_t type;
	uint8_t len;
	const uint8_t *val;
};

#define RADIUS_MAX_ATTRS 128

struct radius_packet {
	uint8_t code;
	uint8_t id;
	uint16_t len;
	const uint8_t *auth;		/* 16 bytes inside the buffer */
	struct radius_attr attr[RADIUS_MAX_ATTRS];
	size_t nattr;
	bool has_msg_auth;
};

/*
 * Parses and checks the framing of buf (length field, attribute lengths,
 * Vendor-Specific split into its sub-attributes).  0, or -1 with what is
 * wrong in err.  Checks no authenticator.
 */
int radius_parse(const uint8_t *buf, size_t len, struct radius_packet *p,
		 char *err, size_t errlen);
/*
 * A response to the request whose authenticator is request_auth: checks
 * the Response Authenticator and the Message-Authenticator, which must be
 * present when require_msg_auth.  0, or -1 with the reason in err.
 */
int radius_verify_response(const uint8_t *buf, size_t len,
			   const struct radius_packet *p,
			   const uint8_t request_auth[RADIUS_AUTH_LEN],
			   const char *secret, bool require_msg_auth,
			   char *err, size_t errlen);
/*
 * A request whose authenticator is MD5 over the packet (Accounting,
 * CoA-Request, Disconnect-Request): checks it, and the
 * Message-Authenticator if present.  0, or -1 with the reason in err.
 */
int radius_verify_request(const uint8_t *buf, size_t len,
			  const struct radius_packet *p, const char *secret,
			  char *err, size_t errlen);

/* The first attribute of that vendor and type, or NULL. */
const struct radius_attr *radius_find(const struct radius_packet *p,
				      uint32_t vendor, uint8_t type);
/* Value as a 32-bit integer; false if the length is not 4. */
bool radius_attr_u32(const struct radius_attr *a, uint32_t *v);
/* Copies a text value, NUL-terminated; false if it holds a NUL or is too long. */
bool radius_attr_str(const struct radius_attr *a, char *out, size_t outlen);

/* The secret's User-Password hiding, both ways (RFC 2865 section 5.2). */
size_t radius_hide_password(const char *secret, const uint8_t auth[16],
			    const uint8_t *pw, size_t pwlen, uint8_t *out);
int radius_unhide_password(const char *secret, const uint8_t auth[16],
			   const uint8_t *in, size_t len, uint8_t *out,
			   size_t *outlen);

#endif /* L2TPGW_RADIUS_H */
