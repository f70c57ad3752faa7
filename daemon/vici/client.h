/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A non-blocking VICI client for strongSwan's charon, driven by the
 * daemon's loop.
 *
 * It keeps two unix stream connections to the same socket: one for
 * commands, one for event registrations.  VICI has no request ids, so a
 * connection carries one command at a time and responses match requests
 * by order; keeping events on their own connection means a long command
 * (initiate waits for IKE) never delays a child-updown, and vice versa.
 *
 * The client is "up" when both connections are open and every registered
 * event is confirmed.  Then ops->connected runs, every time: at start and
 * after each reconnect, since a restarted charon has forgotten the
 * connections, credentials and registrations loaded before; the daemon
 * reloads its configuration there and resynchronises with list-sas.
 * When either connection fails, both are closed, ops->disconnected runs
 * (once per outage), and the client retries with exponential backoff.
 *
 * Commands issued while down are queued and sent once up.  A command that
 * was on the wire when the connection failed completes with -ECONNRESET
 * (charon may or may not have executed it).  A charon that stops
 * answering is detected by ops->response_timeout_ms, if set.
 *
 * Callbacks may issue commands and register events, but must not free the
 * client; vici_client_free() is for the owner, outside callbacks.
 */
#ifndef L2TPGW_VICI_CLIENT_H
#define L2TPGW_VICI_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "loop.h"
#include "vici/message.h"

#define VICI_DEFAULT_SOCKET	"/var/run/charon.vici"

struct vici_client;

struct vici_client_ops {
	/* Up (again): reload configuration here.  May be NULL. */
	void (*connected)(struct vici_client *c, void *ctx);
	/*
	 * charon became unreachable, or was not reachable at the first
	 * attempt; why reads "charon not reachable at PATH: REASON" or
	 * names the protocol error.  May be NULL.
	 */
	void (*disconnected)(struct vici_client *c, const char *why, void *ctx);
	uint32_t retry_min_ms;	/* first retry delay; 0: 500 ms */
	uint32_t retry_max_ms;	/* backoff cap; 0: 30 s */
	/*
	 * If charon has not answered a request within this time, the
	 * connection is treated as failed (a late answer could not be
	 * matched).  0: wait forever.  Keep it above the timeout of any
	 * initiate/terminate sent.
	 */
	uint32_t response_timeout_ms;
};

/*
 * Completion of a command.  err is 0 and res the response; or
 * -EREMOTEIO with res the response holding success=no (errstr: "charon
 * rejected load-conn: <errmsg>"); -EOPNOTSUPP (charon does not know the
 * command), -ENOENT (a streamed command's event is unknown), -EBADMSG
 * (malformed response), -ECONNRESET (connection lost while the command was
 * pending) or -ECANCELED (client freed) with res NULL.  errstr is NULL on
 * success.  res and errstr are valid only during the call.
 */
typedef void (*vici_response_cb)(struct vici_client *c, int err,
				 const struct vici_msg *res,
				 const char *errstr, void *arg);
/* An event; msg is valid only during the call. */
typedef void (*vici_event_cb)(struct vici_client *c, const char *event,
			      const struct vici_msg *msg, void *arg);

/*
 * path: the socket ("unix://" prefix allowed; NULL: VICI_DEFAULT_SOCKET).
 * ops is copied; ctx is passed to ops.  The first connection attempt runs
 * from the loop, not from here.  NULL with errno set (ENAMETOOLONG for a
 * path that does not fit a sockaddr_un, ENOMEM).
 */
struct vici_client *vici_client_new(struct loop *loop, const char *path,
				    const struct vici_client_ops *ops,
				    void *ctx);

/*
 * Queue command cmd with the message built in req (NULL: empty message);
 * the bytes are copied, so req may be released at once.  cb (may be NULL)
 * runs exactly once.  0, or a negative errno if the request cannot be
 * encoded (req->errstr or the log says why); cb is then not called.
 */
int vici_client_command(struct vici_client *c, const char *cmd,
			const struct vici_builder *req, vici_response_cb cb,
			void *arg);

/*
 * A command whose results stream as events named event (list-sas streams
 * "list-sa"): the client registers for event on the command connection,
 * delivers each event to event_cb until the response, then unregisters.
 */
int vici_client_command_stream(struct vici_client *c, const char *cmd,
			       const struct vici_builder *req,
			       const char *event, vici_event_cb event_cb,
			       vici_response_cb cb, void *arg);

/*
 * Deliver events named event (ike-updown, child-updown, ike-rekey,
 * child-rekey, ...) to cb for the client's lifetime, re-registering after
 * every reconnect.  0, -EEXIST if already registered, -ENOMEM, or
 * -ENAMETOOLONG.
 */
int vici_client_register(struct vici_client *c, const char *event,
			 vici_event_cb cb, void *arg);

bool vici_client_is_up(const struct vici_client *c);
const char *vici_client_path(const struct vici_client *c);
/* The reason of the last failure, "" if none yet. */
const char *vici_client_last_error(const struct vici_client *c);

/*
 * Close both connections; queued and pending commands complete with
 * -ECANCELED (their callbacks must not use the client).
 */
void vici_client_free(struct vici_client *c);

#endif /* L2TPGW_VICI_CLIENT_H */
