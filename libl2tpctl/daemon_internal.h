/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libl2tpctl internals of the daemon calls (docs/control-protocol.md).
 * The codec functions are pure, over buffers and json-c objects, so the
 * unit tests drive them without a daemon.  No name starts with l2tpctl_.
 */
#ifndef L2TPCTL_DAEMON_INTERNAL_H
#define L2TPCTL_DAEMON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "internal.h"
#include "l2tpgw/control_commands.h"

struct json_object;

/*
 * The arguments of a request: which members are sent is the args kind of
 * the command's row (l2tpgw/control_commands.h).
 */
struct ctld_args {
	uint16_t tunnel_id;	/* TUNNEL_ID; TUNNEL_FILTER, 0 for all */
	const struct l2tpctl_daemon_selector *sel;	/* SELECTOR */
	const char *name;	/* NAME */
};

/* A reassembly buffer for one stream of frames. */
struct ctld_stream {
	uint8_t *buf;
	size_t len, cap;
};

struct ctl_daemon {
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int fd;				/* requests, -1 if closed */
	int ev_fd;			/* monitor subscription, -1 if none */
	uint32_t next_id;
	struct ctld_stream in;		/* answers on fd */
	struct ctld_stream ev;		/* events on ev_fd */
};

/* --- daemon_codec.c ------------------------------------------------------------ */

/*
 * The framed request {"id", "version", "cmd", "args"} of cmd in a
 * malloc'ed buffer (*out, *len, header included).  args may be NULL for
 * a command without arguments.  0, -ENOMEM, or -EINVAL for an invalid
 * selector (msg says why).
 */
int ctld_request_encode(uint32_t id, enum control_cmd cmd,
			const struct ctld_args *args, uint8_t **out,
			size_t *len, char *msg, size_t msglen);

/*
 * The first whole frame of s: returns its size with the payload in
 * *payload and *plen, 0 if incomplete, -EBADMSG for a length of 0 or above
 * CONTROL_MAX_RESPONSE.
 */
ssize_t ctld_frame_next(const struct ctld_stream *s, const uint8_t **payload,
			size_t *plen);
/* Drop the first n bytes of s. */
void ctld_stream_consume(struct ctld_stream *s, size_t n);

/*
 * Classify a payload.  Returns:
 *  0  the response to id, successful; *result (owned by the caller, may
 *     be JSON null) is its "result";
 *  1  not the response to id (an event, or an answer to another id);
 *  <0 the daemon's error for id (its errno, negated; its text in msg),
 *     or -EBADMSG for a malformed message (the reason in msg).
 */
int ctld_response_parse(const uint8_t *buf, size_t len, uint32_t id,
			struct json_object **result, char *msg, size_t msglen);

/* JSON objects of the daemon to the public structures; 0 or -EBADMSG
 * with the offending member named in msg. */
int ctld_parse_status(struct json_object *o, struct l2tpctl_daemon_status *st,
		      char *msg, size_t msglen);
int ctld_parse_tunnel(struct json_object *o, struct l2tpctl_daemon_tunnel *t,
		      char *msg, size_t msglen);
int ctld_parse_session(struct json_object *o, struct l2tpctl_daemon_session *s,
		       char *msg, size_t msglen);
/* 0 and *ev filled when buf is an event, 1 when it is something else. */
int ctld_parse_event(const uint8_t *buf, size_t len,
		     struct l2tpctl_daemon_event *ev, char *msg, size_t msglen);

/* --- daemon_conn.c ------------------------------------------------------------- */

/* Send a request, wait for its answer.  *result as ctld_response_parse.
 * what names the operation in the handle's error message. */
int ctld_call(struct l2tpctl *h, enum control_cmd cmd,
	      const struct ctld_args *args, struct json_object **result,
	      const char *what);
/* Needs l2tpctl_daemon_connect first. */
int ctld_require(struct l2tpctl *h);

#endif /* L2TPCTL_DAEMON_INTERNAL_H */
