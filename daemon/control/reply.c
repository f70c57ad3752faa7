// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What handlers answer: the result of one request, shaped by its row in
 * l2tpgw/control_commands.h (an object, a list, or the one object asked
 * for).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "control/protocol.h"

int control_reply_init(struct control_reply *r, enum control_cmd cmd)
{
	memset(r, 0, sizeof(*r));
	r->kind = control_command(cmd)->reply;
	if (r->kind == CONTROL_REPLY_LIST)
		r->result = json_object_new_array();
	else if (r->kind == CONTROL_REPLY_OBJECT)
		r->result = json_object_new_object();
	return r->kind != CONTROL_REPLY_ONE && !r->result ? -ENOMEM : 0;
}

/* A listed object goes into the array; any other is the result. */
static int reply_add(struct control_reply *r, struct json_object *o)
{
	if (!o)
		return -ENOMEM;
	if (r->kind == CONTROL_REPLY_LIST) {
		if (json_object_array_add(r->result, o) < 0) {
			json_object_put(o);
			return -ENOMEM;
		}
		return 0;
	}
	json_object_put(r->result);
	r->result = o;
	return 0;
}

int control_reply_tunnel(const struct control_tunnel_info *t, void *reply)
{
	return reply_add(reply, control_tunnel_json(t));
}

int control_reply_session(const struct control_session_info *s, void *reply)
{
	return reply_add(reply, control_session_json(s));
}

int control_reply_status(struct control_reply *reply,
			 const struct control_status *st)
{
	return reply_add(reply, control_status_json(st));
}

int control_reply_stat(const char *name, uint64_t value, void *reply)
{
	struct control_reply *r = reply;
	struct json_object *v;

	/* Counters belong in an object (stats), not in a list or a show. */
	if (r->kind != CONTROL_REPLY_OBJECT)
		return -EINVAL;
	v = json_object_new_uint64(value);
	if (!v || json_object_object_add(r->result, name, v) < 0) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

void control_reply_subscribe(struct control_reply *reply)
{
	reply->subscribe = true;
}

static void no_session(const struct control_selector *sel, char *buf,
		       size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	switch (sel->kind) {
	case CONTROL_SEL_ID:
		snprintf(buf, size, "no session %u in tunnel %u",
			 sel->session_id, sel->tunnel_id);
		break;
	case CONTROL_SEL_USER:
		snprintf(buf, size, "no session of user \"%.200s\"", sel->user);
		break;
	case CONTROL_SEL_ADDRESS:
		if (!inet_ntop(sel->address.family, sel->address.addr, addr,
			       sizeof(addr)))
			snprintf(addr, sizeof(addr), "?");
		snprintf(buf, size, "no session with address %s", addr);
		break;
	case CONTROL_SEL_IFNAME:
		snprintf(buf, size, "no session on interface %s", sel->ifname);
		break;
	}
}

/* What req asked for does not exist. */
static int not_found(const struct control_request *req, char *err,
		     size_t errlen)
{
	switch (control_command(req->cmd)->args) {
	case CONTROL_ARGS_TUNNEL_ID:
		snprintf(err, errlen, "no tunnel %u", req->tunnel_id);
		break;
	case CONTROL_ARGS_SELECTOR:
		no_session(&req->sel, err, errlen);
		break;
	case CONTROL_ARGS_NAME:
		snprintf(err, errlen, "no \"%s\"", req->name);
		break;
	case CONTROL_ARGS_NONE:
	case CONTROL_ARGS_TUNNEL_FILTER:
		snprintf(err, errlen, "%s found nothing",
			 control_cmd_name(req->cmd));
		break;
	}
	return -ENOENT;
}

int control_reply_finish(struct control_reply *r,
			 const struct control_request *req,
			 struct json_object **result, char *err, size_t errlen)
{
	if (!r->result)
		return not_found(req, err, errlen);
	*result = r->result;
	r->result = NULL;
	return 0;
}

void control_reply_discard(struct control_reply *r)
{
	json_object_put(r->result);
	r->result = NULL;
}
