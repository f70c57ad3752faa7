// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl's commands in the daemon: one handler per row of
 * l2tpgw/control_commands.h.  The server has parsed and checked the
 * arguments; a handler passes them to the gateway and its answer back
 * through the reply.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "control/handlers.h"
#include "control/protocol.h"
#include "gateway.h"
#include "l2tp/l2tp.h"
#include "dhcp6/dhcp6_server.h"
#include "ra/ra_server.h"

static int handle_status(void *arg, const struct control_request *req,
			 struct control_reply *reply, char *err, size_t errlen)
{
	const struct control_target *t = arg;
	int64_t now = (int64_t)time(NULL);
	struct gateway_tunnel_counts tc;
	struct control_status st;

	memset(&st, 0, sizeof(st));
	st.version = t->version;
	st.started_at = t->started_at;
	st.uptime_s = now > t->started_at ? (uint64_t)(now - t->started_at) :
		      0;
	gateway_tunnel_counts(t->gw, &tc);
	st.tunnels = tc.total;
	st.tunnels_established = tc.established;
	st.tunnels_negotiating = tc.negotiating;
	st.tunnels_closing = tc.closing;
	st.sessions = gateway_session_count(t->gw);
	st.dataplane_up = !t->dataplane_up || t->dataplane_up(t->dataplane_arg);
	return control_reply_status(reply, &st);
}

static int handle_tunnel_list(void *arg, const struct control_request *req,
			      struct control_reply *reply, char *err,
			      size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_tunnel_list(t->gw, control_reply_tunnel, reply);
}

static int handle_tunnel_show(void *arg, const struct control_request *req,
			      struct control_reply *reply, char *err,
			      size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_tunnel_show(t->gw, req->tunnel_id, control_reply_tunnel,
				   reply, err, errlen);
}

static int handle_tunnel_delete(void *arg, const struct control_request *req,
				struct control_reply *reply, char *err,
				size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_tunnel_delete(t->gw, req->tunnel_id, err, errlen);
}

static int handle_session_list(void *arg, const struct control_request *req,
			       struct control_reply *reply, char *err,
			       size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_session_list(t->gw, req->tunnel_id,
				    control_reply_session, reply, err, errlen);
}

static int handle_session_show(void *arg, const struct control_request *req,
			       struct control_reply *reply, char *err,
			       size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_session_show(t->gw, &req->sel, control_reply_session,
				    reply, err, errlen);
}

static int handle_session_delete(void *arg, const struct control_request *req,
				 struct control_reply *reply, char *err,
				 size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_session_delete(t->gw, &req->sel, err, errlen);
}

static int handle_lac_connect(void *arg, const struct control_request *req,
			      struct control_reply *reply, char *err,
			      size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_lac_connect(t->gw, req->name, err, errlen);
}

static int handle_lac_disconnect(void *arg, const struct control_request *req,
				 struct control_reply *reply, char *err,
				 size_t errlen)
{
	const struct control_target *t = arg;

	return gateway_lac_disconnect(t->gw, req->name, err, errlen);
}

static int handle_stats(void *arg, const struct control_request *req,
			struct control_reply *reply, char *err, size_t errlen)
{
	const struct control_target *t = arg;
	int rc = gateway_stats(t->gw, control_reply_stat, reply);

	if (rc == 0 && t->ra)
		rc = ra_server_report(t->ra, control_reply_stat, reply);
	if (rc == 0 && t->dhcp6)
		rc = dhcp6_server_report(t->dhcp6, control_reply_stat, reply);
	return rc;
}

static int handle_reload(void *arg, const struct control_request *req,
			 struct control_reply *reply, char *err, size_t errlen)
{
	const struct control_target *t = arg;

	return t->reload(t->reload_arg, err, errlen);
}

static int handle_monitor(void *arg, const struct control_request *req,
			  struct control_reply *reply, char *err, size_t errlen)
{
	control_reply_subscribe(reply);
	return 0;
}

const struct control_provider control_handlers = {
	.handler = {
#define CONTROL_HANDLER(id, name, args, reply, access, handler)	\
		[CONTROL_CMD_##id] = handler,
		CONTROL_COMMANDS(CONTROL_HANDLER)
#undef CONTROL_HANDLER
	},
};
