/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VICI transport and packet layers (strongSwan vici README, "Transport
 * protocol" and "Packet layer").
 *
 * On the stream every segment is a 32-bit big-endian length (not counting
 * itself) and that many bytes; charon refuses segments over 512 KiB, and so
 * do we.  A segment is one packet: a type byte, for named types (CMD_REQUEST,
 * EVENT_REGISTER, EVENT_UNREGISTER, EVENT) a name8 (1-byte length, bytes),
 * then the message (message.h) filling the rest of the segment.
 */
#ifndef L2TPGW_VICI_PACKET_H
#define L2TPGW_VICI_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vici/message.h"

enum vici_packet_type {
	VICI_CMD_REQUEST = 0,
	VICI_CMD_RESPONSE = 1,
	VICI_CMD_UNKNOWN = 2,
	VICI_EVENT_REGISTER = 3,
	VICI_EVENT_UNREGISTER = 4,
	VICI_EVENT_CONFIRM = 5,
	VICI_EVENT_UNKNOWN = 6,
	VICI_EVENT = 7,
};

#define VICI_MAX_SEGMENT	(512 * 1024)

/* "cmd-request", ... or "unknown" */
const char *vici_packet_type_name(unsigned int type);
bool vici_packet_type_named(unsigned int type);

/* A decoded packet; name and msg point into the segment it came from. */
struct vici_packet {
	uint8_t type;
	char name[VICI_MAX_NAME + 1];	/* "" for unnamed types */
	const uint8_t *msg;
	size_t msg_len;
};

/*
 * Decode one segment (without its length prefix).  0, or -EBADMSG with err
 * describing the problem (unknown type, truncated or NUL-containing name).
 */
int vici_packet_parse(const uint8_t *seg, size_t len, struct vici_packet *p,
		      char *err, size_t errlen);

/*
 * Encode a complete segment, length prefix included, into a malloc'd
 * buffer the caller frees.  name is required for named types and ignored
 * otherwise; msg may be NULL for an empty message.  NULL with errno set
 * (ENAMETOOLONG, EMSGSIZE over VICI_MAX_SEGMENT, EINVAL, ENOMEM) and err
 * filled on failure.
 */
uint8_t *vici_packet_encode(unsigned int type, const char *name,
			    const uint8_t *msg, size_t msg_len,
			    size_t *out_len, char *err, size_t errlen);

/* Incremental reassembly of segments from a byte stream. */
struct vici_reader {
	uint8_t hdr[4];
	size_t hdr_have;
	uint8_t *buf;		/* segment being assembled, malloc'd */
	size_t need;		/* its length once the header is complete */
	size_t have;
	size_t cap;
};

void vici_reader_init(struct vici_reader *r);
/* Forget any partial segment (after a reconnect); keeps the buffer. */
void vici_reader_reset(struct vici_reader *r);
void vici_reader_release(struct vici_reader *r);

/*
 * Consume bytes of data[0..len).  Returns how many were consumed; if that
 * completed a segment, *seg and *seg_len describe it (valid until the next
 * call) and the caller handles it before feeding the rest.  Otherwise
 * *seg is NULL and all of data was consumed.  A negative errno (EMSGSIZE:
 * a length over VICI_MAX_SEGMENT; EBADMSG: a zero length; ENOMEM) means
 * the stream is unusable; err says why.
 */
ssize_t vici_reader_feed(struct vici_reader *r, const uint8_t *data,
			 size_t len, const uint8_t **seg, size_t *seg_len,
			 char *err, size_t errlen);

#endif /* L2TPGW_VICI_PACKET_H */
