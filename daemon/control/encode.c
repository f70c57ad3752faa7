// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Control protocol: responses, events and the JSON form of tunnels,
 * sessions and status.  Keys are snake_case and stable; an absent value
 * is JSON null rather than a missing key, so clients index without
 * guessing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "control/protocol.h"

static const char *const event_names[CONTROL_EVENT_MAX + 1] = {
	[CONTROL_EVENT_TUNNEL_UP]	= "tunnel.up",
	[CONTROL_EVENT_TUNNEL_DOWN]	= "tunnel.down",
	[CONTROL_EVENT_SESSION_UP]	= "session.up",
	[CONTROL_EVENT_SESSION_DOWN]	= "session.down",
	[CONTROL_EVENT_RELOAD]		= "reload",
};

const char *control_event_name(enum control_event ev)
{
	return (unsigned int)ev <= CONTROL_EVENT_MAX ? event_names[ev] : NULL;
}

/*
 * json-c's adders fail only when out of memory; the callers check the
 * finished object through this flag instead of at every member.
 */
struct builder {
	struct json_object *obj;
	bool failed;
};

static void add(struct builder *b, const char *key, struct json_object *v)
{
	if (b->failed)
		goto drop;
	/* Only JSON null may legitimately be a NULL object. */
	if (json_object_object_add(b->obj, key, v) < 0) {
		b->failed = true;
		goto drop;
	}
	return;
drop:
	json_object_put(v);
}

static void add_uint(struct builder *b, const char *key, uint64_t v)
{
	struct json_object *o = json_object_new_uint64(v);

	if (!o)
		b->failed = true;
	add(b, key, o);
}

static void add_int(struct builder *b, const char *key, int64_t v)
{
	struct json_object *o = json_object_new_int64(v);

	if (!o)
		b->failed = true;
	add(b, key, o);
}

/* NULL s becomes JSON null. */
static void add_string(struct builder *b, const char *key, const char *s)
{
	struct json_object *o = NULL;

	if (s && !(o = json_object_new_string(s)))
		b->failed = true;
	add(b, key, o);
}

static void add_addr(struct builder *b, const char *key,
		     const struct control_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if ((a->family != AF_INET && a->family != AF_INET6) ||
	    !inet_ntop(a->family, a->addr, buf, sizeof(buf)))
		add_string(b, key, NULL);
	else
		add_string(b, key, buf);
}

static void add_ipv4(struct builder *b, const char *key, bool has,
		     const uint8_t addr[4])
{
	struct control_addr a = { .family = has ? AF_INET : 0 };

	memcpy(a.addr, addr, 4);
	add_addr(b, key, &a);
}

/* An interface identifier as the low half of an IPv6 address: "::1:2:3:4". */
static void add_ifid(struct builder *b, const char *key, bool has,
		     const uint8_t ifid[8])
{
	struct control_addr a = { .family = has ? AF_INET6 : 0 };

	memcpy(a.addr + 8, ifid, 8);
	add_addr(b, key, &a);
}

static void add_counters(struct builder *b, bool has,
			 const struct control_counters *c)
{
	struct builder s = { json_object_new_object(), false };

	if (!has) {
		json_object_put(s.obj);
		add(b, "stats", NULL);
		return;
	}
	if (!s.obj) {
		b->failed = true;
		return;
	}
	add_uint(&s, "rx_packets", c->rx_packets);
	add_uint(&s, "rx_bytes", c->rx_bytes);
	add_uint(&s, "tx_packets", c->tx_packets);
	add_uint(&s, "tx_bytes", c->tx_bytes);
	add_uint(&s, "rx_errors", c->rx_errors);
	add_uint(&s, "tx_errors", c->tx_errors);
	if (s.failed)
		b->failed = true;
	add(b, "stats", s.obj);
}

static struct json_object *finish(struct builder *b)
{
	if (b->failed) {
		json_object_put(b->obj);
		return NULL;
	}
	return b->obj;
}

struct json_object *control_tunnel_json(const struct control_tunnel_info *t)
{
	struct builder b = { json_object_new_object(), false };

	if (!b.obj)
		return NULL;
	add_uint(&b, "tunnel_id", t->tunnel_id);
	add_uint(&b, "peer_tunnel_id", t->peer_tunnel_id);
	add_addr(&b, "peer", &t->peer);
	add_uint(&b, "peer_port", t->peer_port);
	add_addr(&b, "local", &t->local);
	add_string(&b, "state", t->state);
	add_string(&b, "peer_host", t->peer_host);
	add_string(&b, "lac", t->lac);
	add_uint(&b, "sessions", t->sessions);
	add_int(&b, "created_at", t->created_at);
	add_counters(&b, t->has_counters, &t->counters);
	return finish(&b);
}

/* "rate_limit": {"rx_bps", "tx_bps"} (0: that way unlimited), or null. */
static void add_rate(struct builder *b, const struct control_session_info *s)
{
	struct builder r = { json_object_new_object(), false };

	if (!s->has_rate) {
		json_object_put(r.obj);
		add(b, "rate_limit", NULL);
		return;
	}
	if (!r.obj) {
		b->failed = true;
		return;
	}
	add_uint(&r, "rx_bps", s->rate_rx_bps);
	add_uint(&r, "tx_bps", s->rate_tx_bps);
	add(b, "rate_limit", finish(&r));
}

struct json_object *control_session_json(const struct control_session_info *s)
{
	struct builder b = { json_object_new_object(), false };

	if (!b.obj)
		return NULL;
	add_uint(&b, "tunnel_id", s->tunnel_id);
	add_uint(&b, "session_id", s->session_id);
	add_uint(&b, "peer_tunnel_id", s->peer_tunnel_id);
	add_uint(&b, "peer_session_id", s->peer_session_id);
	add_string(&b, "state", s->state);
	add_string(&b, "user", s->user);
	add_string(&b, "ifname", s->ifname);
	add_uint(&b, "ifindex", s->ifindex);
	add_ipv4(&b, "local_ipv4", s->has_ipv4, s->local_ipv4);
	add_ipv4(&b, "peer_ipv4", s->has_ipv4, s->peer_ipv4);
	add_ifid(&b, "local_ifid", s->has_ipv6, s->local_ifid);
	add_ifid(&b, "peer_ifid", s->has_ipv6, s->peer_ifid);
	add_int(&b, "created_at", s->created_at);
	add_counters(&b, s->has_counters, &s->counters);
	add_rate(&b, s);
	return finish(&b);
}

struct json_object *control_status_json(const struct control_status *st)
{
	struct builder b = { json_object_new_object(), false };

	if (!b.obj)
		return NULL;
	add_uint(&b, "protocol_version", CONTROL_PROTOCOL_VERSION);
	add_string(&b, "version", st->version);
	add_int(&b, "started_at", st->started_at);
	add_uint(&b, "uptime", st->uptime_s);
	add_uint(&b, "tunnels", st->tunnels);
	add_uint(&b, "tunnels_established", st->tunnels_established);
	add_uint(&b, "tunnels_negotiating", st->tunnels_negotiating);
	add_uint(&b, "tunnels_closing", st->tunnels_closing);
	add_uint(&b, "sessions", st->sessions);
	add_string(&b, "dataplane", st->dataplane_up ? "up" : "gone");
	if (st->has_memory) {
		add_uint(&b, "memory_bytes", st->memory_bytes);
		add_uint(&b, "memory_per_session", st->memory_per_session);
	} else {
		add(&b, "memory_bytes", NULL);
		add(&b, "memory_per_session", NULL);
	}
	return finish(&b);
}

struct json_object *control_event_json(enum control_event ev, int64_t time,
				       const struct control_tunnel_info *t,
				       const struct control_session_info *s,
				       const char *reason)
{
	struct builder b = { json_object_new_object(), false };
	struct json_object *o;

	if (!b.obj)
		return NULL;
	add_string(&b, "event", control_event_name(ev));
	add_int(&b, "time", time);
	add_string(&b, "reason", reason);
	if (t) {
		o = control_tunnel_json(t);
		b.failed |= !o;
		add(&b, "tunnel", o);
	}
	if (s) {
		o = control_session_json(s);
		b.failed |= !o;
		add(&b, "session", o);
	}
	return finish(&b);
}

static void add_id(struct builder *b, const struct control_request *req)
{
	if (req && req->has_id)
		add_uint(b, "id", req->id);
	else
		add(b, "id", NULL);
}

struct json_object *control_response_ok(const struct control_request *req,
					struct json_object *result)
{
	struct builder b = { json_object_new_object(), false };

	if (!b.obj) {
		json_object_put(result);
		return NULL;
	}
	add_id(&b, req);
	add(&b, "ok", json_object_new_boolean(1));
	add(&b, "result", result);
	return finish(&b);
}

struct json_object *control_response_error(const struct control_request *req,
					   int err, const char *msg)
{
	struct builder b = { json_object_new_object(), false };

	if (!b.obj)
		return NULL;
	add_id(&b, req);
	add(&b, "ok", json_object_new_boolean(0));
	add_uint(&b, "errno", (uint64_t)(err < 0 ? -err : err));
	add_string(&b, "error", msg && *msg ? msg : strerror(err < 0 ? -err : err));
	return finish(&b);
}

const char *control_json_text(struct json_object *obj, size_t *len)
{
	return json_object_to_json_string_length(obj,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
			len);
}
