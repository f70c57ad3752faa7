// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Control protocol: frames and requests.  Validation is strict (unknown
 * members are refused, not ignored) so that a typo in a script fails
 * loudly instead of acting on a different object than intended.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "control/protocol.h"

const char *control_cmd_name(enum control_cmd cmd)
{
	const struct control_command *row = control_command(cmd);

	return row ? row->name : NULL;
}

/* --- member validation ----------------------------------------------------- */

struct parse {
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct parse *p, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, p->errlen, fmt, ap);
	va_end(ap);
	return err;
}

static const char *type_name(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:	return "null";
	case json_type_boolean:	return "a boolean";
	case json_type_double:	return "a fraction";
	case json_type_int:	return "an integer";
	case json_type_object:	return "an object";
	case json_type_array:	return "an array";
	case json_type_string:	return "a string";
	}
	return "of unknown type";
}

static int get_uint(struct parse *p, struct json_object *o, const char *what,
		    uint64_t min, uint64_t max, uint64_t *out)
{
	int64_t v;

	if (!json_object_is_type(o, json_type_int))
		return fail(p, -EINVAL, "\"%s\" must be an integer %llu..%llu, not %s",
			    what, (unsigned long long)min,
			    (unsigned long long)max, type_name(o));
	/* json-c keeps integers above INT64_MAX as unsigned. */
	v = json_object_get_int64(o);
	if (v < 0 || (uint64_t)v < min || (uint64_t)v > max ||
	    (v == INT64_MAX && json_object_get_uint64(o) != (uint64_t)INT64_MAX))
		return fail(p, -EINVAL, "\"%s\" must be %llu..%llu, not %s",
			    what, (unsigned long long)min,
			    (unsigned long long)max,
			    json_object_to_json_string(o));
	*out = (uint64_t)v;
	return 0;
}

static int get_id16(struct parse *p, struct json_object *o, const char *what,
		    uint16_t *out)
{
	uint64_t v;
	int ret = get_uint(p, o, what, 1, 65535, &v);

	if (!ret)
		*out = (uint16_t)v;
	return ret;
}

/* A non-empty string without control characters, shorter than size. */
static int get_string(struct parse *p, struct json_object *o, const char *what,
		      char *out, size_t size)
{
	const char *s;
	size_t n, i;

	if (!json_object_is_type(o, json_type_string))
		return fail(p, -EINVAL, "\"%s\" must be a string, not %s", what,
			    type_name(o));
	s = json_object_get_string(o);
	n = (size_t)json_object_get_string_len(o);
	if (n == 0 || n >= size)
		return fail(p, -EINVAL, "\"%s\" must be 1..%zu bytes long, not %zu",
			    what, size - 1, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return fail(p, -EINVAL,
				    "\"%s\" must not contain control characters (byte %zu)",
				    what, i);
	memcpy(out, s, n + 1);
	return 0;
}

static int get_address(struct parse *p, struct json_object *o,
		       const char *what, struct control_addr *a)
{
	char buf[64];
	int ret = get_string(p, o, what, buf, sizeof(buf));

	if (ret)
		return ret;
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, a->addr) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, a->addr) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return fail(p, -EINVAL, "\"%s\" must be an IPv4 or IPv6 address, not \"%s\"",
		    what, buf);
}

/* --- arguments per command -------------------------------------------------- */

/* Bits of the argument members a command accepts. */
enum {
	ARG_TUNNEL	= 1 << 0,
	ARG_ID		= 1 << 1,
	ARG_USER	= 1 << 2,
	ARG_ADDRESS	= 1 << 3,
	ARG_IFNAME	= 1 << 4,
	ARG_NAME	= 1 << 5,
};

static const struct {
	const char *key;
	unsigned int bit;
} arg_keys[] = {
	{ "tunnel",	ARG_TUNNEL },
	{ "id",		ARG_ID },
	{ "user",	ARG_USER },
	{ "address",	ARG_ADDRESS },
	{ "ifname",	ARG_IFNAME },
	{ "name",	ARG_NAME },
};

#define SELECTOR_ARGS	(ARG_TUNNEL | ARG_ID | ARG_USER | ARG_ADDRESS | ARG_IFNAME)

/* The members each kind of arguments accepts. */
static const unsigned int kind_args[] = {
	[CONTROL_ARGS_NONE]		= 0,
	[CONTROL_ARGS_TUNNEL_ID]	= ARG_ID,
	[CONTROL_ARGS_TUNNEL_FILTER]	= ARG_TUNNEL,
	[CONTROL_ARGS_SELECTOR]		= SELECTOR_ARGS,
	[CONTROL_ARGS_NAME]		= ARG_NAME,
};

static unsigned int arg_bit(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(arg_keys) / sizeof(arg_keys[0]); i++)
		if (strcmp(arg_keys[i].key, key) == 0)
			return arg_keys[i].bit;
	return 0;
}

static int parse_selector(struct parse *p, struct json_object *args,
			  unsigned int given, struct control_selector *sel)
{
	struct json_object *v;
	unsigned int kinds;
	int ret = 0;

	kinds = !!(given & (ARG_TUNNEL | ARG_ID)) + !!(given & ARG_USER) +
		!!(given & ARG_ADDRESS) + !!(given & ARG_IFNAME);
	if (kinds != 1)
		return fail(p, -EINVAL,
			    "give exactly one of \"tunnel\"+\"id\", \"user\", \"address\" or \"ifname\"");
	if (given & (ARG_TUNNEL | ARG_ID)) {
		if (!(given & ARG_TUNNEL) || !(given & ARG_ID))
			return fail(p, -EINVAL,
				    "\"tunnel\" and \"id\" must be given together");
		sel->kind = CONTROL_SEL_ID;
		json_object_object_get_ex(args, "tunnel", &v);
		ret = get_id16(p, v, "tunnel", &sel->tunnel_id);
		if (!ret) {
			json_object_object_get_ex(args, "id", &v);
			ret = get_id16(p, v, "id", &sel->session_id);
		}
	} else if (given & ARG_USER) {
		sel->kind = CONTROL_SEL_USER;
		json_object_object_get_ex(args, "user", &v);
		ret = get_string(p, v, "user", sel->user, sizeof(sel->user));
	} else if (given & ARG_ADDRESS) {
		sel->kind = CONTROL_SEL_ADDRESS;
		json_object_object_get_ex(args, "address", &v);
		ret = get_address(p, v, "address", &sel->address);
	} else {
		sel->kind = CONTROL_SEL_IFNAME;
		json_object_object_get_ex(args, "ifname", &v);
		ret = get_string(p, v, "ifname", sel->ifname,
				 sizeof(sel->ifname));
	}
	return ret;
}

static int parse_args(struct parse *p, struct json_object *args,
		      struct control_request *req)
{
	const struct control_command *row = control_command(req->cmd);
	unsigned int allowed = kind_args[row->args], given = 0, bit;
	const char *cmd = row->name;
	struct json_object *v;

	if (args) {
		if (!json_object_is_type(args, json_type_object))
			return fail(p, -EINVAL, "\"args\" must be an object, not %s",
				    type_name(args));
		json_object_object_foreach(args, key, val) {
			(void)val;
			bit = arg_bit(key);
			if (!(bit & allowed))
				return fail(p, -EINVAL,
					    "%s does not take argument \"%s\"",
					    cmd, key);
			given |= bit;
		}
	}
	switch (row->args) {
	case CONTROL_ARGS_TUNNEL_ID:
		if (!(given & ARG_ID))
			return fail(p, -EINVAL, "%s needs argument \"id\"", cmd);
		json_object_object_get_ex(args, "id", &v);
		return get_id16(p, v, "id", &req->tunnel_id);
	case CONTROL_ARGS_TUNNEL_FILTER:
		if (!(given & ARG_TUNNEL))
			return 0;
		json_object_object_get_ex(args, "tunnel", &v);
		return get_id16(p, v, "tunnel", &req->tunnel_id);
	case CONTROL_ARGS_SELECTOR:
		return parse_selector(p, args, given, &req->sel);
	case CONTROL_ARGS_NAME:
		if (!(given & ARG_NAME))
			return fail(p, -EINVAL, "%s needs argument \"name\"", cmd);
		json_object_object_get_ex(args, "name", &v);
		return get_string(p, v, "name", req->name, sizeof(req->name));
	case CONTROL_ARGS_NONE:
		break;
	}
	return 0;
}

/* --- the request ---------------------------------------------------------- */

static int parse_cmd(struct parse *p, struct json_object *o,
		     enum control_cmd *cmd)
{
	char name[32];
	int i, ret;

	if (!o)
		return fail(p, -EINVAL, "missing \"cmd\"");
	ret = get_string(p, o, "cmd", name, sizeof(name));
	if (ret == -EINVAL && json_object_is_type(o, json_type_string))
		return fail(p, -EOPNOTSUPP, "unknown command (too long)");
	if (ret)
		return ret;
	for (i = 0; i < CONTROL_CMD_COUNT; i++) {
		if (strcmp(control_cmd_name((enum control_cmd)i), name) == 0) {
			*cmd = (enum control_cmd)i;
			return 0;
		}
	}
	return fail(p, -EOPNOTSUPP, "unknown command \"%s\"", name);
}

static int parse_version(struct parse *p, struct json_object *o)
{
	if (!o)
		return fail(p, -EINVAL, "missing \"version\" (this l2tpgwd speaks %d)",
			    CONTROL_PROTOCOL_VERSION);
	if (!json_object_is_type(o, json_type_int))
		return fail(p, -EINVAL, "\"version\" must be an integer, not %s",
			    type_name(o));
	if (json_object_get_int64(o) != CONTROL_PROTOCOL_VERSION)
		return fail(p, -EPROTONOSUPPORT,
			    "protocol version %s is not supported (this l2tpgwd speaks %d)",
			    json_object_to_json_string(o),
			    CONTROL_PROTOCOL_VERSION);
	return 0;
}

static int parse_object(struct parse *p, struct json_object *root,
			struct control_request *req)
{
	struct json_object *id = NULL, *version = NULL, *cmd = NULL;
	struct json_object *args = NULL;
	int ret;

	if (!json_object_is_type(root, json_type_object))
		return fail(p, -EINVAL, "a request must be a JSON object, not %s",
			    type_name(root));
	json_object_object_foreach(root, key, val) {
		if (strcmp(key, "id") == 0)
			id = val;
		else if (strcmp(key, "version") == 0)
			version = val;
		else if (strcmp(key, "cmd") == 0)
			cmd = val;
		else if (strcmp(key, "args") == 0)
			args = val;
		else
			return fail(p, -EINVAL, "unknown member \"%s\"", key);
	}
	/* The id first, so that every later error can be matched to it. */
	if (!id)
		return fail(p, -EINVAL, "missing \"id\"");
	ret = get_uint(p, id, "id", 0, UINT32_MAX, &req->id);
	if (ret)
		return ret;
	req->has_id = true;
	ret = parse_version(p, version);
	if (!ret)
		ret = parse_cmd(p, cmd, &req->cmd);
	if (!ret)
		ret = parse_args(p, args, req);
	return ret;
}

int control_request_parse(const uint8_t *buf, size_t len,
			  struct control_request *req, char *err,
			  size_t errlen)
{
	struct parse p = { err, errlen };
	struct json_tokener *tok;
	struct json_object *root;
	enum json_tokener_error jerr;
	size_t used;
	int ret;

	memset(req, 0, sizeof(*req));
	if (len > INT32_MAX)
		return fail(&p, -EMSGSIZE, "request too large");
	if (memchr(buf, '\0', len))
		return fail(&p, -EBADMSG, "malformed JSON: NUL byte at offset %zu",
			    (size_t)((const uint8_t *)memchr(buf, '\0', len) - buf));
	tok = json_tokener_new();
	if (!tok)
		return fail(&p, -ENOMEM, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, (const char *)buf, (int)len);
	jerr = json_tokener_get_error(tok);
	used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!root) {
		if (jerr == json_tokener_continue)
			return fail(&p, -EBADMSG, "malformed JSON: truncated");
		return fail(&p, -EBADMSG, "malformed JSON at offset %zu: %s",
			    used, json_tokener_error_desc(jerr));
	}
	/* Only blanks may follow the object. */
	for (; used < len; used++) {
		if (!strchr(" \t\r\n", buf[used])) {
			json_object_put(root);
			return fail(&p, -EBADMSG,
				    "malformed JSON: data after the object at offset %zu",
				    used);
		}
	}
	ret = parse_object(&p, root, req);
	json_object_put(root);
	return ret;
}
