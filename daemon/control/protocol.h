/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The control protocol's codec: request parsing and response building
 * (the framing and the command table are l2tpgw/control_commands.h,
 * shared with libl2tpctl).  Pure functions over buffers and plain
 * structures, so that Check and libFuzzer drive them without sockets.
 */
#ifndef L2TPGW_CONTROL_PROTOCOL_H
#define L2TPGW_CONTROL_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "control/control.h"

struct json_object;

/* Error texts: enough for a name and a value. */
#define CONTROL_ERR_SIZE	256

struct control_request {
	bool has_id;		/* set as soon as a valid id was read */
	uint64_t id;
	enum control_cmd cmd;
	uint16_t tunnel_id;	/* tunnel.show/delete; session.list (0: all) */
	struct control_selector sel;	/* session.show/delete */
	char name[CONTROL_NAME_MAX];	/* lac.* */
};

/* "tunnel.list", ...; NULL outside the table. */
const char *control_cmd_name(enum control_cmd cmd);

/*
 * What a handler answers (control_reply_*() in control.h): the result
 * being built, in the shape of the command's row.
 */
struct control_reply {
	enum control_reply_kind kind;
	struct json_object *result;	/* NULL: nothing emitted (ONE) */
	bool subscribe;			/* monitor: send events from now */
};

/*
 * Start the reply of cmd: an empty array or object, or nothing for
 * CONTROL_REPLY_ONE.  0 or -ENOMEM.
 */
int control_reply_init(struct control_reply *r, enum control_cmd cmd);
/*
 * End it: 0 with the result in *result (taken), or -ENOENT with err
 * naming what req asked for when a CONTROL_REPLY_ONE found nothing.
 */
int control_reply_finish(struct control_reply *r,
			 const struct control_request *req,
			 struct json_object **result, char *err, size_t errlen);
/* Drop whatever was built. */
void control_reply_discard(struct control_reply *r);

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
