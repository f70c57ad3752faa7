/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control protocol's codec: framing, request parsing and response
 * building.  Pure functions over buffers and plain structures, so that
 * Check and libFuzzer drive them without sockets.
 */
#ifndef L2TPGW_CONTROL_PROTOCOL_H
#define L2TPGW_CONTROL_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "control/control.h"

struct json_object;

#define CONTROL_FRAME_HEADER	4
/* Error texts: enough for a name and a value. */
#define CONTROL_ERR_SIZE	256

enum control_cmd {
	CONTROL_CMD_STATUS,
	CONTROL_CMD_TUNNEL_LIST,
	CONTROL_CMD_TUNNEL_SHOW,
	CONTROL_CMD_TUNNEL_DELETE,
	CONTROL_CMD_SESSION_LIST,
	CONTROL_CMD_SESSION_SHOW,
	CONTROL_CMD_SESSION_DELETE,
	CONTROL_CMD_LAC_CONNECT,
	CONTROL_CMD_LAC_DISCONNECT,
	CONTROL_CMD_STATS,
	CONTROL_CMD_RELOAD,
	CONTROL_CMD_MONITOR,
	CONTROL_CMD_COUNT,
};

struct control_request {
	bool has_id;		/* set as soon as a valid id was read */
	uint64_t id;
	enum control_cmd cmd;
	uint16_t tunnel_id;	/* tunnel.show/delete; session.list (0: all) */
	struct control_selector sel;	/* session.show/delete */
	char name[CONTROL_NAME_MAX];	/* lac.* */
};

/* "tunnel.list", ...; NULL outside the enum. */
const char *control_cmd_name(enum control_cmd cmd);

/*
 * Find the first whole frame in buf.  Returns the bytes it occupies
 * (header included) and points *payload and *plen at its body; 0 when more
 * bytes are needed; -EMSGSIZE when the header announces more than max
 * (the stream cannot be resynchronised); -EBADMSG for an empty frame.
 * *plen is set to the announced length in both error cases.
 */
ssize_t control_frame_next(const uint8_t *buf, size_t len, size_t max,
			   const uint8_t **payload, size_t *plen);
/* Big-endian length prefix of a payload of len bytes. */
void control_frame_header(uint8_t hdr[CONTROL_FRAME_HEADER], uint32_t len);

/*
 * Parse and validate one request payload.  Returns 0, or a negative errno
 * with err naming the offending member and what it must be:
 * -EBADMSG malformed JSON, -EINVAL bad member or value,
 * -EPROTONOSUPPORT other version, -EOPNOTSUPP unknown command.
 * req->has_id/id are valid even on error, once the id itself parsed.
 */
int control_request_parse(const uint8_t *buf, size_t len,
			  struct control_request *req, char *err,
			  size_t errlen);

/* Responses and events; NULL only when out of memory. result is taken. */
struct json_object *control_response_ok(const struct control_request *req,
					struct json_object *result);
/* err is a negative errno. */
struct json_object *control_response_error(const struct control_request *req,
					   int err, const char *msg);

struct json_object *control_tunnel_json(const struct control_tunnel_info *t);
struct json_object *control_session_json(const struct control_session_info *s);
struct json_object *control_status_json(const struct control_status *st);
struct json_object *control_event_json(enum control_event ev, int64_t time,
				       const struct control_tunnel_info *t,
				       const struct control_session_info *s,
				       const char *reason);

/*
 * The compact JSON text of obj; *len its length.  The string belongs to
 * obj.  NULL when out of memory.
 */
const char *control_json_text(struct json_object *obj, size_t *len);

#endif /* L2TPGW_CONTROL_PROTOCOL_H */
