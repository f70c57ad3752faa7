/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * L2TPv2 control messages (RFC 2661 sections 3.1 and 6): header, the 14
 * message types, and which AVPs each must carry.
 *
 * l2tp_msg_decode() is a pure function over one datagram.  On failure it
 * says what was wrong (which AVP, why) and how far the damage reaches:
 * drop the datagram, ignore the message (but acknowledge it), or clear
 * the session or the whole tunnel with the result/error codes to send.
 */
#ifndef L2TPGW_L2TP_MESSAGE_H
#define L2TPGW_L2TP_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp/avp.h"

#define L2TP_VERSION		2
#define L2TP_CTRL_HDR_LEN	12
#define L2TP_MAX_MSG_LEN	65535

/* First header word: T L x x S x O P x x x x Ver(4). */
#define L2TP_HDR_T		0x8000
#define L2TP_HDR_L		0x4000
#define L2TP_HDR_S		0x0800
#define L2TP_HDR_O		0x0200
#define L2TP_HDR_P		0x0100
#define L2TP_HDR_VER_MASK	0x000f
/* What we send on every control message: T, L, S set, version 2. */
#define L2TP_CTRL_FLAGS		(L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S | \
				 L2TP_VERSION)

enum l2tp_msg_type {
	L2TP_MSG_ZLB = 0,	/* no Message Type AVP: acknowledgement only */
	L2TP_MSG_SCCRQ = 1,
	L2TP_MSG_SCCRP = 2,
	L2TP_MSG_SCCCN = 3,
	L2TP_MSG_STOPCCN = 4,
	L2TP_MSG_HELLO = 6,
	L2TP_MSG_OCRQ = 7,
	L2TP_MSG_OCRP = 8,
	L2TP_MSG_OCCN = 9,
	L2TP_MSG_ICRQ = 10,
	L2TP_MSG_ICRP = 11,
	L2TP_MSG_ICCN = 12,
	L2TP_MSG_CDN = 14,
	L2TP_MSG_WEN = 15,
	L2TP_MSG_SLI = 16,
	L2TP_MSG_TYPE_COUNT = 17
};

/*
 * Any L2TPv2 header, control or data, as needed to route a datagram
 * (l2tp_header_decode).  Absent optional fields read as zero.
 */
struct l2tp_header {
	uint16_t flags;		/* first word without the version */
	uint8_t version;
	uint16_t length;	/* 0 if L is clear */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t ns;
	uint16_t nr;
	uint16_t hdr_len;	/* bytes before the payload */
};

/* Room for revealed hidden values; more hidden data is refused. */
#define L2TP_MSG_SCRATCH	4096

struct l2tp_msg {
	uint16_t type;		/* enum l2tp_msg_type; 0 for a ZLB */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t ns;
	uint16_t nr;
	struct l2tp_avps avps;
	/* RFC-mandatory AVPs a known client omits and we tolerated. */
	uint64_t missing_tolerated;
	size_t scratch_used;
	uint8_t scratch[L2TP_MSG_SCRATCH];
};

enum l2tp_fault {
	L2TP_FAULT_NONE,
	/* Not a well-formed control message: drop, do not acknowledge. */
	L2TP_FAULT_DISCARD,
	/* Well formed but not for us to act on: acknowledge, then ignore. */
	L2TP_FAULT_IGNORE,
	/* Clear the session with CDN (result/error below). */
	L2TP_FAULT_SESSION,
	/* Clear the tunnel with StopCCN (result/error below). */
	L2TP_FAULT_TUNNEL,
};

struct l2tp_decode_error {
	enum l2tp_fault fault;
	int avp_type;		/* offending attribute, -1 if none */
	uint16_t avp_vendor;
	uint16_t result;	/* StopCCN or CDN result code to send */
	uint16_t error;		/* enum l2tp_error_code */
	char text[160];		/* what was wrong, for logs and the peer */
};

struct l2tp_secret {
	const uint8_t *data;
	size_t len;
};

/*
 * Parse the header of any L2TP datagram.  0, or -1 with *why set (too
 * short, length field beyond the datagram).  Version is not checked here.
 */
int l2tp_header_decode(const uint8_t *buf, size_t len, struct l2tp_header *h,
		       const char **why);

/*
 * Decode one control message.  secret (NULL or empty if none configured)
 * reveals hidden AVPs.  Returns 0, or -1 with *err filled in; header fields
 * of m (ids, ns, nr, type if known) are valid whenever the fault is not
 * L2TP_FAULT_DISCARD, so the caller can acknowledge and reply.
 */
int l2tp_msg_decode(const uint8_t *buf, size_t len,
		    const struct l2tp_secret *secret, struct l2tp_msg *m,
		    struct l2tp_decode_error *err);

/*
 * Encode m canonically: header with T/L/S, Message Type first, every other
 * present AVP in attribute order with the RFC's M bit.  AVPs flagged in
 * m->avps.hidden are hidden with secret, preceded by the Random Vector in
 * m->avps.random_vector (which must then be present and non-empty).
 * Refuses a message lacking an AVP its type requires.  Returns the length,
 * or -1 with *why set.
 */
int l2tp_msg_encode(const struct l2tp_msg *m, const struct l2tp_secret *secret,
		    uint8_t *out, size_t room, const char **why);

/* A ZLB acknowledgement (12 bytes). */
size_t l2tp_zlb_encode(uint16_t tunnel_id, uint16_t ns, uint16_t nr,
		       uint8_t out[L2TP_CTRL_HDR_LEN]);

/* Message types that belong to a session (ICRQ ... SLI). */
bool l2tp_msg_is_session(uint16_t type);
bool l2tp_msg_type_known(uint16_t type);
const char *l2tp_msg_name(uint16_t type);
/* AVPs that must be present in the message type (RFC 2661 section 6). */
uint64_t l2tp_msg_required_avps(uint16_t type);

#endif /* L2TPGW_L2TP_MESSAGE_H */
