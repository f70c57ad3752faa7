// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The daemon calls' codec: requests out, responses and events in.  The
 * daemon's messages are checked as strictly as the kernel's: a member of
 * the wrong type is an error naming it, never a silent zero.  Members
 * the library does not know are ignored, so a newer daemon can add some.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "daemon_internal.h"

__attribute__((format(printf, 3, 4)))
static int bad(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
	return -EBADMSG;
}

/* --- requests ------------------------------------------------------------------- */

/* {key: v}; NULL when out of memory. v is taken. */
static struct json_object *one_member(const char *key, struct json_object *v)
{
	struct json_object *a = json_object_new_object();

	if (!a || json_object_object_add(a, key, v)) {
		json_object_put(a);
		json_object_put(v);
		return NULL;
	}
	return a;
}

/* {"tunnel", "id"}, {"user"}, {"address"} or {"ifname"} in *out. */
static int selector_args(const struct l2tpctl_daemon_selector *sel,
			 struct json_object **out, char *msg, size_t msglen)
{
	char addr[INET6_ADDRSTRLEN];

	switch (sel->kind) {
	case L2TPCTL_DAEMON_SEL_ID:
		*out = one_member("tunnel", json_object_new_int(sel->tunnel_id));
		if (*out && json_object_object_add(*out, "id",
				json_object_new_int(sel->session_id))) {
			json_object_put(*out);
			*out = NULL;
		}
		break;
	case L2TPCTL_DAEMON_SEL_USER:
		*out = one_member("user", json_object_new_string(sel->user));
		break;
	case L2TPCTL_DAEMON_SEL_ADDRESS:
		if ((sel->address.family != AF_INET &&
		     sel->address.family != AF_INET6) ||
		    !inet_ntop(sel->address.family, sel->address.addr, addr,
			       sizeof(addr))) {
			snprintf(msg, msglen, "invalid session address (family %d)",
				 sel->address.family);
			return -EINVAL;
		}
		*out = one_member("address", json_object_new_string(addr));
		break;
	case L2TPCTL_DAEMON_SEL_IFNAME:
		*out = one_member("ifname", json_object_new_string(sel->ifname));
		break;
	default:
		snprintf(msg, msglen, "invalid session selector kind %d",
			 (int)sel->kind);
		return -EINVAL;
	}
	return *out ? 0 : -ENOMEM;
}

/*
 * The "args" of cmd in *out (NULL: none to send).  0, -ENOMEM, or -EINVAL
 * for an invalid selector.
 */
static int encode_args(enum control_cmd cmd, const struct ctld_args *a,
		       struct json_object **out, char *msg, size_t msglen)
{
	static const struct ctld_args none;

	*out = NULL;
	if (!a)
		a = &none;
	switch (control_command(cmd)->args) {
	case CONTROL_ARGS_NONE:
		return 0;
	case CONTROL_ARGS_TUNNEL_FILTER:
		if (!a->tunnel_id)
			return 0;
		*out = one_member("tunnel", json_object_new_int(a->tunnel_id));
		break;
	case CONTROL_ARGS_TUNNEL_ID:
		*out = one_member("id", json_object_new_int(a->tunnel_id));
		break;
	case CONTROL_ARGS_NAME:
		*out = one_member("name", json_object_new_string(a->name));
		break;
	case CONTROL_ARGS_SELECTOR:
		return selector_args(a->sel, out, msg, msglen);
	}
	return *out ? 0 : -ENOMEM;
}

int ctld_request_encode(uint32_t id, enum control_cmd cmd,
			const struct ctld_args *args, uint8_t **out,
			size_t *len, char *msg, size_t msglen)
{
	struct json_object *req, *a;
	const char *text;
	size_t n;
	int err;

	err = encode_args(cmd, args, &a, msg, msglen);
	if (err)
		return err;
	err = -ENOMEM;
	req = json_object_new_object();
	if (!req)
		goto out;
	if (json_object_object_add(req, "id", json_object_new_uint64(id)) ||
	    json_object_object_add(req, "version",
				   json_object_new_int(CONTROL_PROTOCOL_VERSION)) ||
	    json_object_object_add(req, "cmd",
				   json_object_new_string(control_command(cmd)->name)))
		goto out;
	if (a && json_object_object_add(req, "args", json_object_get(a)))
		goto out;
	text = json_object_to_json_string_length(req,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
			&n);
	if (!text || !(*out = malloc(CONTROL_FRAME_HEADER + n)))
		goto out;
	control_frame_header(*out, (uint32_t)n);
	memcpy(*out + CONTROL_FRAME_HEADER, text, n);
	*len = CONTROL_FRAME_HEADER + n;
	err = 0;
out:
	json_object_put(a);
	json_object_put(req);
	return err;
}

/* --- frames ------------------------------------------------------------------- */

ssize_t ctld_frame_next(const struct ctld_stream *s, const uint8_t **payload,
			size_t *plen)
{
	ssize_t n = control_frame_next(s->buf, s->len, CONTROL_MAX_RESPONSE,
				       payload, plen);

	return n < 0 ? -EBADMSG : n;
}

void ctld_stream_consume(struct ctld_stream *s, size_t n)
{
	memmove(s->buf, s->buf + n, s->len - n);
	s->len -= n;
}

/* --- members ---------------------------------------------------------------------- */

struct get {
	struct json_object *obj;
	const char *where;	/* "tunnel", "session", ... for messages */
	char *msg;
	size_t msglen;
	int err;
};

/* The member key: NULL when absent or JSON null. */
static struct json_object *member(struct get *g, const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(g->obj, key, &v);
	return v;
}

static bool want(struct get *g, struct json_object *v, const char *key,
		 enum json_type type, const char *type_text)
{
	if (g->err)
		return false;
	if (!v)
		return false;
	if (!json_object_is_type(v, type)) {
		g->err = bad(g->msg, g->msglen, "%s member \"%s\" is not %s",
			     g->where, key, type_text);
		return false;
	}
	return true;
}

static void get_u64(struct get *g, const char *key, uint64_t max,
		    uint64_t *out, bool required)
{
	struct json_object *v = member(g, key);
	int64_t i;

	if (!v && required && !g->err)
		g->err = bad(g->msg, g->msglen, "%s member \"%s\" is missing",
			     g->where, key);
	if (!want(g, v, key, json_type_int, "an integer"))
		return;
	i = json_object_get_int64(v);
	if (i == INT64_MAX)
		*out = json_object_get_uint64(v);
	else if (i >= 0)
		*out = (uint64_t)i;
	if (i < 0 || *out > max)
		g->err = bad(g->msg, g->msglen,
			     "%s member \"%s\" is out of range (%s)", g->where,
			     key, json_object_to_json_string(v));
}

static void get_u32(struct get *g, const char *key, uint64_t max,
		    uint32_t *out, bool required)
{
	uint64_t v = 0;

	get_u64(g, key, max, &v, required);
	*out = (uint32_t)v;
}

static void get_u16(struct get *g, const char *key, uint16_t *out,
		    bool required)
{
	uint64_t v = 0;

	get_u64(g, key, UINT16_MAX, &v, required);
	*out = (uint16_t)v;
}

static void get_i64(struct get *g, const char *key, int64_t *out)
{
	struct json_object *v = member(g, key);

	if (want(g, v, key, json_type_int, "an integer"))
		*out = json_object_get_int64(v);
}

/* Sets has_bit in *has when present (not null). */
static void get_str(struct get *g, const char *key, char *out, size_t size,
		    uint32_t *has, uint32_t has_bit)
{
	struct json_object *v = member(g, key);

	if (!want(g, v, key, json_type_string, "a string"))
		return;
	if ((size_t)json_object_get_string_len(v) >= size) {
		g->err = bad(g->msg, g->msglen,
			     "%s member \"%s\" is longer than %zu bytes",
			     g->where, key, size - 1);
		return;
	}
	memcpy(out, json_object_get_string(v),
	       (size_t)json_object_get_string_len(v) + 1);
	if (has)
		*has |= has_bit;
}

static bool get_addr(struct get *g, const char *key, struct l2tpctl_addr *a)
{
	char buf[INET6_ADDRSTRLEN];
	uint32_t has = 0;

	get_str(g, key, buf, sizeof(buf), &has, 1);
	if (!has)
		return false;
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, a->addr) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, buf, a->addr) == 1)
		a->family = AF_INET6;
	else
		g->err = bad(g->msg, g->msglen,
			     "%s member \"%s\" is not an address (\"%s\")",
			     g->where, key, buf);
	return !g->err;
}

static bool get_ifid(struct get *g, const char *key, uint8_t ifid[8])
{
	struct l2tpctl_addr a;

	if (!get_addr(g, key, &a))
		return false;
	if (a.family != AF_INET6) {
		g->err = bad(g->msg, g->msglen,
			     "%s member \"%s\" is not an interface identifier",
			     g->where, key);
		return false;
	}
	memcpy(ifid, a.addr + 8, 8);
	return true;
}

static void get_counters(struct get *g, struct l2tpctl_daemon_counters *c,
			 uint32_t *has, uint32_t has_bit)
{
	struct json_object *v = member(g, "stats");
	struct get sub;

	if (!want(g, v, "stats", json_type_object, "an object"))
		return;
	sub = (struct get){ v, g->where, g->msg, g->msglen, 0 };
	get_u64(&sub, "rx_packets", UINT64_MAX, &c->rx_packets, false);
	get_u64(&sub, "rx_bytes", UINT64_MAX, &c->rx_bytes, false);
	get_u64(&sub, "tx_packets", UINT64_MAX, &c->tx_packets, false);
	get_u64(&sub, "tx_bytes", UINT64_MAX, &c->tx_bytes, false);
	get_u64(&sub, "rx_errors", UINT64_MAX, &c->rx_errors, false);
	get_u64(&sub, "tx_errors", UINT64_MAX, &c->tx_errors, false);
	g->err = sub.err;
	if (!g->err)
		*has |= has_bit;
}

static int need_object(struct json_object *o, const char *where, char *msg,
		       size_t msglen)
{
	if (!json_object_is_type(o, json_type_object))
		return bad(msg, msglen, "%s is not a JSON object", where);
	return 0;
}

/* --- objects ------------------------------------------------------------------- */

int ctld_parse_status(struct json_object *o, struct l2tpctl_daemon_status *st,
		      char *msg, size_t msglen)
{
	struct get g = { o, "status", msg, msglen, 0 };

	memset(st, 0, sizeof(*st));
	if (need_object(o, "status", msg, msglen))
		return -EBADMSG;
	get_u32(&g, "protocol_version", UINT32_MAX, &st->protocol_version,
		false);
	get_str(&g, "version", st->version, sizeof(st->version), NULL, 0);
	get_i64(&g, "started_at", &st->started_at);
	get_u64(&g, "uptime", UINT64_MAX, &st->uptime, false);
	get_u32(&g, "tunnels", UINT32_MAX, &st->tunnels, false);
	get_u32(&g, "sessions", UINT32_MAX, &st->sessions, false);
	/* Daemons before them do not send these. */
	if (member(&g, "tunnels_established")) {
		get_u32(&g, "tunnels_established", UINT32_MAX,
			&st->tunnels_established, true);
		get_u32(&g, "tunnels_negotiating", UINT32_MAX,
			&st->tunnels_negotiating, true);
		get_u32(&g, "tunnels_closing", UINT32_MAX,
			&st->tunnels_closing, true);
		get_str(&g, "dataplane", st->dataplane, sizeof(st->dataplane),
			NULL, 0);
		st->has |= L2TPCTL_DAEMON_STATUS_HAS_TUNNEL_STATES;
	}
	if (member(&g, "memory_bytes")) {
		get_u64(&g, "memory_bytes", UINT64_MAX, &st->memory_bytes, true);
		get_u64(&g, "memory_per_session", UINT64_MAX,
			&st->memory_per_session, false);
		st->has |= L2TPCTL_DAEMON_STATUS_HAS_MEMORY;
	}
	return g.err;
}

int ctld_parse_tunnel(struct json_object *o, struct l2tpctl_daemon_tunnel *t,
		      char *msg, size_t msglen)
{
	struct get g = { o, "tunnel", msg, msglen, 0 };

	memset(t, 0, sizeof(*t));
	if (need_object(o, "tunnel", msg, msglen))
		return -EBADMSG;
	get_u16(&g, "tunnel_id", &t->tunnel_id, true);
	get_u16(&g, "peer_tunnel_id", &t->peer_tunnel_id, false);
	if (get_addr(&g, "peer", &t->peer))
		t->has |= L2TPCTL_DAEMON_TUNNEL_HAS_PEER;
	get_u16(&g, "peer_port", &t->peer_port, false);
	if (get_addr(&g, "local", &t->local))
		t->has |= L2TPCTL_DAEMON_TUNNEL_HAS_LOCAL;
	get_str(&g, "state", t->state, sizeof(t->state), NULL, 0);
	get_str(&g, "peer_host", t->peer_host, sizeof(t->peer_host), &t->has,
		L2TPCTL_DAEMON_TUNNEL_HAS_PEER_HOST);
	get_str(&g, "lac", t->lac, sizeof(t->lac), &t->has,
		L2TPCTL_DAEMON_TUNNEL_HAS_LAC);
	get_u32(&g, "sessions", UINT32_MAX, &t->sessions, false);
	get_i64(&g, "created_at", &t->created_at);
	get_counters(&g, &t->stats, &t->has, L2TPCTL_DAEMON_TUNNEL_HAS_STATS);
	return g.err;
}

/* "rate_limit": an object, or null / absent (none, an older daemon). */
static void get_rate(struct get *g, struct l2tpctl_daemon_session *s)
{
	struct json_object *v = member(g, "rate_limit");
	struct get sub;

	if (!want(g, v, "rate_limit", json_type_object, "an object"))
		return;
	sub = (struct get){ v, g->where, g->msg, g->msglen, 0 };
	get_u64(&sub, "rx_bps", UINT64_MAX, &s->rate_rx_bps, true);
	get_u64(&sub, "tx_bps", UINT64_MAX, &s->rate_tx_bps, true);
	g->err = sub.err;
	if (!g->err)
		s->has |= L2TPCTL_DAEMON_SESSION_HAS_RATE;
}

int ctld_parse_session(struct json_object *o, struct l2tpctl_daemon_session *s,
		       char *msg, size_t msglen)
{
	struct get g = { o, "session", msg, msglen, 0 };
	bool v4, v6;

	memset(s, 0, sizeof(*s));
	if (need_object(o, "session", msg, msglen))
		return -EBADMSG;
	get_u16(&g, "tunnel_id", &s->tunnel_id, true);
	get_u16(&g, "session_id", &s->session_id, true);
	get_u16(&g, "peer_tunnel_id", &s->peer_tunnel_id, false);
	get_u16(&g, "peer_session_id", &s->peer_session_id, false);
	get_str(&g, "state", s->state, sizeof(s->state), NULL, 0);
	get_str(&g, "user", s->user, sizeof(s->user), &s->has,
		L2TPCTL_DAEMON_SESSION_HAS_USER);
	get_str(&g, "ifname", s->ifname, sizeof(s->ifname), &s->has,
		L2TPCTL_DAEMON_SESSION_HAS_IFNAME);
	get_u32(&g, "ifindex", UINT32_MAX, &s->ifindex, false);
	v4 = get_addr(&g, "local_ipv4", &s->local_ipv4);
	v4 = get_addr(&g, "peer_ipv4", &s->peer_ipv4) && v4;
	if (v4)
		s->has |= L2TPCTL_DAEMON_SESSION_HAS_IPV4;
	v6 = get_ifid(&g, "local_ifid", s->local_ifid);
	v6 = get_ifid(&g, "peer_ifid", s->peer_ifid) && v6;
	if (v6)
		s->has |= L2TPCTL_DAEMON_SESSION_HAS_IPV6;
	get_i64(&g, "created_at", &s->created_at);
	get_counters(&g, &s->stats, &s->has, L2TPCTL_DAEMON_SESSION_HAS_STATS);
	get_rate(&g, s);
	return g.err;
}

/* --- messages ------------------------------------------------------------------- */

static struct json_object *parse_json(const uint8_t *buf, size_t len,
				      char *msg, size_t msglen)
{
	struct json_tokener *tok;
	struct json_object *o;

	if (len > INT32_MAX || memchr(buf, '\0', len)) {
		bad(msg, msglen, "malformed message from l2tpgwd");
		return NULL;
	}
	tok = json_tokener_new();
	if (!tok) {
		snprintf(msg, msglen, "out of memory");
		return NULL;
	}
	o = json_tokener_parse_ex(tok, (const char *)buf, (int)len);
	if (!o)
		bad(msg, msglen, "malformed JSON from l2tpgwd: %s",
		    json_tokener_error_desc(json_tokener_get_error(tok)));
	else if (!json_object_is_type(o, json_type_object)) {
		bad(msg, msglen, "message from l2tpgwd is not a JSON object");
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

int ctld_response_parse(const uint8_t *buf, size_t len, uint32_t id,
			struct json_object **result, char *msg, size_t msglen)
{
	struct json_object *o, *v;
	struct get g;
	uint64_t rid = 0, err = 0;
	int ret;

	o = parse_json(buf, len, msg, msglen);
	if (!o)
		return -EBADMSG;
	g = (struct get){ o, "response", msg, msglen, 0 };
	if (member(&g, "event") || !member(&g, "id")) {
		/* An error about the framing itself has a null id. */
		if (json_object_object_get_ex(o, "id", &v) && !v &&
		    json_object_object_get_ex(o, "ok", NULL))
			goto matched;
		json_object_put(o);
		return 1;
	}
	get_u64(&g, "id", UINT32_MAX, &rid, true);
	if (g.err || rid != id) {
		json_object_put(o);
		return g.err ? g.err : 1;
	}
matched:
	v = member(&g, "ok");
	if (!want(&g, v, "ok", json_type_boolean, "a boolean")) {
		json_object_put(o);
		return g.err ? g.err : bad(msg, msglen,
					   "response member \"ok\" is missing");
	}
	if (json_object_get_boolean(v)) {
		*result = json_object_get(member(&g, "result"));
		json_object_put(o);
		return 0;
	}
	get_u64(&g, "errno", 4095, &err, true);
	msg[0] = '\0';
	if (!g.err)
		get_str(&g, "error", msg, msglen, NULL, 0);
	ret = g.err ? g.err : err ? -(int)err : -EIO;
	json_object_put(o);
	return ret;
}

int ctld_parse_event(const uint8_t *buf, size_t len,
		     struct l2tpctl_daemon_event *ev, char *msg, size_t msglen)
{
	struct json_object *o, *v;
	struct get g;
	int err = 0;

	memset(ev, 0, sizeof(*ev));
	o = parse_json(buf, len, msg, msglen);
	if (!o)
		return -EBADMSG;
	g = (struct get){ o, "event", msg, msglen, 0 };
	if (!member(&g, "event")) {
		json_object_put(o);
		return 1;
	}
	get_str(&g, "event", ev->event, sizeof(ev->event), NULL, 0);
	get_i64(&g, "time", &ev->time);
	get_str(&g, "reason", ev->reason, sizeof(ev->reason), &ev->has,
		L2TPCTL_DAEMON_EVENT_HAS_REASON);
	err = g.err;
	if (!err && (v = member(&g, "tunnel"))) {
		err = ctld_parse_tunnel(v, &ev->tunnel, msg, msglen);
		ev->has |= L2TPCTL_DAEMON_EVENT_HAS_TUNNEL;
	}
	if (!err && (v = member(&g, "session"))) {
		err = ctld_parse_session(v, &ev->session, msg, msglen);
		ev->has |= L2TPCTL_DAEMON_EVENT_HAS_SESSION;
	}
	json_object_put(o);
	return err;
}
