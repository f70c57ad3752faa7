/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The commands of l2tpgwd's control socket (docs/control-protocol.md),
 * one row each, and its framing.  The daemon (daemon/control/) parses
 * and dispatches requests through this table and libl2tpctl
 * (libl2tpctl/daemon_*.c) encodes them from it, so a command's name,
 * number and arguments cannot differ between the two.  Adding a command:
 * one row here, its handler in daemon/control/handlers.c, and the
 * library call that sends it.
 *
 * X(ID, name, args, reply, access, handler)
 *   ID       CONTROL_CMD_<ID>, the row's index
 *   name     the request's "cmd"
 *   args     CONTROL_ARGS_<args>: the members of "args" it takes
 *   reply    CONTROL_REPLY_<reply>: the shape of "result"
 *   access   READ (answers about state) or WRITE (changes it)
 *   handler  the daemon's function (control_handler_fn); the library
 *            ignores it
 */
#ifndef L2TPGW_CONTROL_COMMANDS_H
#define L2TPGW_CONTROL_COMMANDS_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CONTROL_COMMANDS(X)									\
	X(STATUS,         "status",         NONE,          OBJECT, READ,  handle_status)	\
	X(TUNNEL_LIST,    "tunnel.list",    NONE,          LIST,   READ,  handle_tunnel_list)	\
	X(TUNNEL_SHOW,    "tunnel.show",    TUNNEL_ID,     ONE,    READ,  handle_tunnel_show)	\
	X(TUNNEL_DELETE,  "tunnel.delete",  TUNNEL_ID,     OBJECT, WRITE, handle_tunnel_delete)	\
	X(SESSION_LIST,   "session.list",   TUNNEL_FILTER, LIST,   READ,  handle_session_list)	\
	X(SESSION_SHOW,   "session.show",   SELECTOR,      ONE,    READ,  handle_session_show)	\
	X(SESSION_DELETE, "session.delete", SELECTOR,      OBJECT, WRITE, handle_session_delete)	\
	X(LAC_CONNECT,    "lac.connect",    NAME,          OBJECT, WRITE, handle_lac_connect)	\
	X(LAC_DISCONNECT, "lac.disconnect", NAME,          OBJECT, WRITE, handle_lac_disconnect)	\
	X(STATS,          "stats",          NONE,          OBJECT, READ,  handle_stats)		\
	X(RELOAD,         "reload",         NONE,          OBJECT, WRITE, handle_reload)	\
	X(MONITOR,        "monitor",        NONE,          OBJECT, READ,  handle_monitor)

#define CONTROL_PROTOCOL_VERSION	1
/* Every message is a 32-bit big-endian length, then that much JSON. */
#define CONTROL_FRAME_HEADER		4
/* Largest response payload (a list of every session must fit). */
#define CONTROL_MAX_RESPONSE		(64 * 1024 * 1024)

/* Big-endian length prefix of a payload of len bytes. */
static inline void control_frame_header(uint8_t hdr[CONTROL_FRAME_HEADER],
					uint32_t len)
{
	hdr[0] = (uint8_t)(len >> 24);
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
}

/*
 * Find the first whole frame in buf.  Returns the bytes it occupies
 * (header included) and points *payload and *plen at its body; 0 when more
 * bytes are needed; -EMSGSIZE when the header announces more than max
 * (the stream cannot be resynchronised); -EBADMSG for an empty frame.
 * *plen is set to the announced length in both error cases.
 */
static inline ssize_t control_frame_next(const uint8_t *buf, size_t len,
					 size_t max, const uint8_t **payload,
					 size_t *plen)
{
	uint32_t n;

	if (len < CONTROL_FRAME_HEADER)
		return 0;
	n = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
	    (uint32_t)buf[2] << 8 | buf[3];
	*plen = n;
	if (n > max)
		return -EMSGSIZE;
	if (n == 0)
		return -EBADMSG;
	if (len - CONTROL_FRAME_HEADER < n)
		return 0;
	*payload = buf + CONTROL_FRAME_HEADER;
	return (ssize_t)(CONTROL_FRAME_HEADER + n);
}

enum control_cmd {
#define CONTROL_CMD_ENUM(id, name, args, reply, access, handler)	\
	CONTROL_CMD_##id,
	CONTROL_COMMANDS(CONTROL_CMD_ENUM)
#undef CONTROL_CMD_ENUM
	CONTROL_CMD_COUNT,
};

/* The kinds of "args"; ids are integers 1..65535. */
enum control_args_kind {
	CONTROL_ARGS_NONE,
	CONTROL_ARGS_TUNNEL_ID,		/* {"id": T} */
	CONTROL_ARGS_TUNNEL_FILTER,	/* none (every tunnel) or {"tunnel": T} */
	/* exactly one of {"tunnel": T, "id": S}, {"user": U},
	 * {"address": A}, {"ifname": I} */
	CONTROL_ARGS_SELECTOR,
	CONTROL_ARGS_NAME,		/* {"name": N}, a [lac] section */
};

/* The kinds of "result". */
enum control_reply_kind {
	CONTROL_REPLY_OBJECT,		/* an object, {} when nothing to say */
	CONTROL_REPLY_LIST,		/* an array of objects */
	CONTROL_REPLY_ONE,		/* the object asked for, or ENOENT */
};

struct control_command {
	const char *name;
	enum control_args_kind args;
	enum control_reply_kind reply;
	bool read_only;
};

#define CONTROL_READ_ONLY_READ	true
#define CONTROL_READ_ONLY_WRITE	false

/* The row of cmd; NULL outside the table. */
static inline const struct control_command *control_command(unsigned int cmd)
{
#define CONTROL_CMD_ROW(id, name, args, reply, access, handler)	\
	[CONTROL_CMD_##id] = { name, CONTROL_ARGS_##args,		\
			       CONTROL_REPLY_##reply,			\
			       CONTROL_READ_ONLY_##access },
	static const struct control_command rows[CONTROL_CMD_COUNT] = {
		CONTROL_COMMANDS(CONTROL_CMD_ROW)
	};
#undef CONTROL_CMD_ROW

	return cmd < CONTROL_CMD_COUNT ? &rows[cmd] : NULL;
}

#endif /* L2TPGW_CONTROL_COMMANDS_H */
