// SPDX-License-Identifier: LGPL-2.1-or-later
/* The daemon calls: one request each, answers turned into structures. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "daemon_internal.h"

/* A malformed answer: record it against what and return -EBADMSG. */
static int bad_answer(struct l2tpctl *h, const char *what, const char *msg)
{
	return ctl_failf(h, -EBADMSG, "%s: unexpected answer from l2tpgwd: %s",
			 what, msg);
}

/* Run cmd and discard the result. */
static int call_simple(struct l2tpctl *h, enum control_cmd cmd,
		       const struct ctld_args *args, const char *what)
{
	struct json_object *result;
	int ret;

	ret = ctld_call(h, cmd, args, &result, what);
	json_object_put(result);
	return ret;
}

int l2tpctl_daemon_status(struct l2tpctl *h, struct l2tpctl_daemon_status *out)
{
	struct json_object *result;
	char msg[CTL_ERRMSG_SIZE];
	int ret;

	ret = ctld_call(h, CONTROL_CMD_STATUS, NULL, &result, "status");
	if (ret)
		return ret;
	ret = ctld_parse_status(result, out, msg, sizeof(msg));
	json_object_put(result);
	return ret ? bad_answer(h, "status", msg) : 0;
}

typedef int (*item_fn)(struct json_object *o, void *item, char *msg,
		       size_t msglen);

/* Feed every element of an array result through parse and then cb. */
static int each_item(struct l2tpctl *h, struct json_object *result,
		     const char *what, item_fn parse, void *item,
		     int (*cb)(const void *item, void *arg), void *arg)
{
	char msg[CTL_ERRMSG_SIZE];
	size_t i, n;
	int ret;

	if (!json_object_is_type(result, json_type_array))
		return bad_answer(h, what, "the result is not an array");
	n = json_object_array_length(result);
	for (i = 0; i < n; i++) {
		ret = parse(json_object_array_get_idx(result, i), item, msg,
			    sizeof(msg));
		if (ret)
			return bad_answer(h, what, msg);
		ret = cb(item, arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int parse_tunnel(struct json_object *o, void *item, char *msg,
			size_t msglen)
{
	return ctld_parse_tunnel(o, item, msg, msglen);
}

static int parse_session(struct json_object *o, void *item, char *msg,
			 size_t msglen)
{
	return ctld_parse_session(o, item, msg, msglen);
}

struct typed_cb {
	l2tpctl_daemon_tunnel_cb tunnel;
	l2tpctl_daemon_session_cb session;
	void *arg;
};

static int call_tunnel_cb(const void *item, void *arg)
{
	const struct typed_cb *t = arg;

	return t->tunnel(item, t->arg);
}

static int call_session_cb(const void *item, void *arg)
{
	const struct typed_cb *t = arg;

	return t->session(item, t->arg);
}

int l2tpctl_daemon_tunnel_list(struct l2tpctl *h, l2tpctl_daemon_tunnel_cb cb,
			       void *arg)
{
	struct typed_cb t = { .tunnel = cb, .arg = arg };
	struct l2tpctl_daemon_tunnel item;
	struct json_object *result;
	int ret;

	ret = ctld_call(h, CONTROL_CMD_TUNNEL_LIST, NULL, &result, "tunnel list");
	if (ret)
		return ret;
	ret = each_item(h, result, "tunnel list", parse_tunnel, &item,
			call_tunnel_cb, &t);
	json_object_put(result);
	return ret;
}

int l2tpctl_daemon_tunnel_show(struct l2tpctl *h, uint16_t tunnel_id,
			       struct l2tpctl_daemon_tunnel *out)
{
	struct ctld_args args = { .tunnel_id = tunnel_id };
	char what[32], msg[CTL_ERRMSG_SIZE];
	struct json_object *result;
	int ret;

	snprintf(what, sizeof(what), "tunnel %u", tunnel_id);
	ret = ctld_call(h, CONTROL_CMD_TUNNEL_SHOW, &args, &result, what);
	if (ret)
		return ret;
	ret = ctld_parse_tunnel(result, out, msg, sizeof(msg));
	json_object_put(result);
	return ret ? bad_answer(h, what, msg) : 0;
}

int l2tpctl_daemon_tunnel_delete(struct l2tpctl *h, uint16_t tunnel_id)
{
	struct ctld_args args = { .tunnel_id = tunnel_id };
	char what[40];

	snprintf(what, sizeof(what), "delete tunnel %u", tunnel_id);
	return call_simple(h, CONTROL_CMD_TUNNEL_DELETE, &args, what);
}

int l2tpctl_daemon_session_list(struct l2tpctl *h, uint16_t tunnel_id,
				l2tpctl_daemon_session_cb cb, void *arg)
{
	struct typed_cb t = { .session = cb, .arg = arg };
	struct ctld_args args = { .tunnel_id = tunnel_id };
	struct l2tpctl_daemon_session item;
	struct json_object *result;
	int ret;

	ret = ctld_call(h, CONTROL_CMD_SESSION_LIST, &args, &result,
			"session list");
	if (ret)
		return ret;
	ret = each_item(h, result, "session list", parse_session, &item,
			call_session_cb, &t);
	json_object_put(result);
	return ret;
}

int l2tpctl_daemon_session_show(struct l2tpctl *h,
				const struct l2tpctl_daemon_selector *sel,
				struct l2tpctl_daemon_session *out)
{
	struct ctld_args args = { .sel = sel };
	struct json_object *result;
	char msg[CTL_ERRMSG_SIZE];
	int ret;

	ret = ctld_call(h, CONTROL_CMD_SESSION_SHOW, &args, &result,
			"session show");
	if (ret)
		return ret;
	ret = ctld_parse_session(result, out, msg, sizeof(msg));
	json_object_put(result);
	return ret ? bad_answer(h, "session show", msg) : 0;
}

int l2tpctl_daemon_session_delete(struct l2tpctl *h,
				  const struct l2tpctl_daemon_selector *sel)
{
	struct ctld_args args = { .sel = sel };

	return call_simple(h, CONTROL_CMD_SESSION_DELETE, &args,
			   "session delete");
}

static int lac_call(struct l2tpctl *h, enum control_cmd cmd, const char *verb,
		    const char *name)
{
	struct ctld_args args = { .name = name };
	char what[L2TPCTL_NAME_MAX + 32];

	ctl_clear_error(h);
	if (!name || !*name || strlen(name) >= L2TPCTL_NAME_MAX)
		return ctl_failf(h, -EINVAL,
				 "lac %s: invalid LAC name: must be 1..%d bytes",
				 verb, L2TPCTL_NAME_MAX - 1);
	snprintf(what, sizeof(what), "lac %s %s", verb, name);
	return call_simple(h, cmd, &args, what);
}

int l2tpctl_daemon_lac_connect(struct l2tpctl *h, const char *name)
{
	return lac_call(h, CONTROL_CMD_LAC_CONNECT, "connect", name);
}

int l2tpctl_daemon_lac_disconnect(struct l2tpctl *h, const char *name)
{
	return lac_call(h, CONTROL_CMD_LAC_DISCONNECT, "disconnect", name);
}

int l2tpctl_daemon_stats(struct l2tpctl *h, l2tpctl_daemon_stat_cb cb,
			 void *arg)
{
	struct json_object *result;
	int ret;

	ret = ctld_call(h, CONTROL_CMD_STATS, NULL, &result, "stats");
	if (ret)
		return ret;
	if (!json_object_is_type(result, json_type_object)) {
		json_object_put(result);
		return bad_answer(h, "stats", "the result is not an object");
	}
	json_object_object_foreach(result, name, v) {
		int64_t n = json_object_get_int64(v);
		uint64_t value = n == INT64_MAX ? json_object_get_uint64(v) :
			(uint64_t)n;

		if (!json_object_is_type(v, json_type_int) || n < 0) {
			ret = bad_answer(h, "stats", "a counter is not a non-negative integer");
			break;
		}
		ret = cb(name, value, arg);
		if (ret)
			break;
	}
	json_object_put(result);
	return ret;
}

int l2tpctl_daemon_reload(struct l2tpctl *h)
{
	return call_simple(h, CONTROL_CMD_RELOAD, NULL, "reload");
}
