// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv6 prefix delegation per session device: bindings, the answers
 * to each client message type, routes and lifetimes.
 */
#include "dhcp6/dhcp6_server.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "dhcp6/dhcp6_prefix.h"
#include "dhcp6/dhcp6_socket.h"
#include "log.h"
#include "loop.h"

#define BUCKETS		1024u	/* power of two */
#define RX_MAX		65536u

struct pd_link {
	struct dhcp6_server *ds;
	uint16_t tunnel_id, session_id;
	int ifindex;
	char ifname[24];
	char name[64];			/* "session T/S ifname" for logs */
	bool has_prefix;
	uint8_t prefix[16];
	uint8_t prefix_len;
	/* The binding: which client's IA_PD holds the prefix, if any. */
	bool bound, routed;
	uint32_t iaid;
	uint8_t duid[DHCP6_DUID_MAX];
	size_t duid_len;
	bool joined;			/* ff02::1:2 on the device */
	struct timer expiry;		/* valid lifetime */
	struct log_ratelimit rl;
	struct pd_link *next_if, *next_id, *next_48;
};

struct dhcp6_server {
	struct loop *loop;
	struct dhcp6_io io;
	int fd;				/* -1 with a test's send */
	uint8_t duid[DHCP6_DUID_MAX];
	size_t duid_len;
	struct pd_link *by_if[BUCKETS];
	struct pd_link *by_id[BUCKETS];
	/* Links with a prefix, by its first 48 bits: overlaps share them. */
	struct pd_link *by_48[BUCKETS];
	struct log_ratelimit rl;
	struct dhcp6_server_stats st;
	uint8_t rx[RX_MAX];
};

static struct pd_link **slot_if(struct dhcp6_server *ds, int ifindex)
{
	return &ds->by_if[(unsigned)ifindex & (BUCKETS - 1)];
}

static struct pd_link **slot_id(struct dhcp6_server *ds, uint16_t tid,
				uint16_t sid)
{
	return &ds->by_id[((unsigned)tid * 2654435761u ^ sid) & (BUCKETS - 1)];
}

static struct pd_link **slot_48(struct dhcp6_server *ds,
				const uint8_t prefix[16])
{
	unsigned h = 0, i;

	for (i = 0; i < 6; i++)
		h = h * 31 + prefix[i];
	return &ds->by_48[h & (BUCKETS - 1)];
}

static struct pd_link *find_if(struct dhcp6_server *ds, int ifindex)
{
	struct pd_link *l = *slot_if(ds, ifindex);

	while (l && l->ifindex != ifindex)
		l = l->next_if;
	return l;
}

static struct pd_link *find_id(struct dhcp6_server *ds, uint16_t tid,
			       uint16_t sid)
{
	struct pd_link *l = *slot_id(ds, tid, sid);

	while (l && (l->tunnel_id != tid || l->session_id != sid))
		l = l->next_id;
	return l;
}

/* Unlinks l from a chain threaded through the field at offset off. */
static void unchain(struct pd_link **head, struct pd_link *l, size_t off)
{
	struct pd_link **pp = head;

	while (*pp && *pp != l)
		pp = (struct pd_link **)((char *)*pp + off);
	if (*pp)
		*pp = *(struct pd_link **)((char *)l + off);
}

static void route(struct pd_link *l, bool add)
{
	struct dhcp6_server *ds = l->ds;
	char p[DHCP6_PREFIX_STR];
	int rc;

	if (l->routed == add)
		return;
	rc = ds->io.route ? ds->io.route(ds->io.arg, l->ifindex, l->ifname,
					 l->prefix, l->prefix_len, add) : 0;
	dhcp6_prefix_str(l->prefix, l->prefix_len, p, sizeof(p));
	/* Gone with the device already: nothing is left to undo. */
	if (rc < 0 && (add || (rc != -ENODEV && rc != -ESRCH))) {
		log_warn("%s: %s route to delegated prefix %s: %s", l->name,
			 add ? "adding" : "removing", p, strerror(-rc));
		if (add)
			return;
	}
	l->routed = add;
	if (add) {
		ds->st.delegated++;
		log_info("%s: delegated prefix %s routed to the client",
			 l->name, p);
	} else {
		ds->st.delegated--;
		log_info("%s: delegated prefix %s no longer routed", l->name,
			 p);
	}
}

static void unbind(struct pd_link *l)
{
	timer_cancel(l->ds->loop, &l->expiry);
	l->bound = false;
	route(l, false);
}

static void expired(struct loop *loop, struct timer *t, void *arg)
{
	struct pd_link *l = arg;

	(void)loop;
	(void)t;
	l->ds->st.expired++;
	log_info("%s: delegated prefix's valid lifetime ran out", l->name);
	unbind(l);
}

static void link_free(struct pd_link *l)
{
	struct dhcp6_server *ds = l->ds;

	unbind(l);
	unchain(slot_if(ds, l->ifindex), l, offsetof(struct pd_link, next_if));
	unchain(slot_id(ds, l->tunnel_id, l->session_id), l,
		offsetof(struct pd_link, next_id));
	if (l->has_prefix)
		unchain(slot_48(ds, l->prefix), l,
			offsetof(struct pd_link, next_48));
	/* The device may be gone already, and its memberships with it. */
	if (l->joined && ds->fd >= 0)
		dhcp6_socket_membership(ds->fd, l->ifindex, false);
	ds->st.links--;
	free(l);
}

/* Another session's delegated prefix overlapping l's, or NULL. */
static struct pd_link *overlapping(struct dhcp6_server *ds,
				   const struct dhcp6_link *l)
{
	struct pd_link *o = *slot_48(ds, l->prefix);

	for (; o; o = o->next_48)
		if ((o->tunnel_id != l->tunnel_id ||
		     o->session_id != l->session_id) &&
		    dhcp6_prefix_overlap(o->prefix, o->prefix_len, l->prefix,
					 l->prefix_len))
			return o;
	return NULL;
}

/* Whether l's delegated prefix may be handed out; logs why not. */
static bool prefix_acceptable(struct dhcp6_server *ds,
			      const struct dhcp6_link *l, const char *name)
{
	char p[DHCP6_PREFIX_STR], why[96];
	struct pd_link *o = NULL;

	if (!l->has_prefix)
		return false;
	dhcp6_prefix_str(l->prefix, l->prefix_len, p, sizeof(p));
	if (dhcp6_prefix_check(l->prefix, l->prefix_len, why,
			       sizeof(why)) == 0 &&
	    !(l->has_own64 && dhcp6_prefix_overlap(l->prefix, l->prefix_len,
						  l->own64, 64)) &&
	    !(o = overlapping(ds, l)))
		return true;
	if (o)
		snprintf(why, sizeof(why), "overlaps %s's delegated prefix",
			 o->name);
	else if (l->has_own64 && dhcp6_prefix_overlap(l->prefix, l->prefix_len,
						     l->own64, 64))
		snprintf(why, sizeof(why), "overlaps the session's own /64");
	ds->st.refused++;
	log_warn("%s: user \"%s\": delegated prefix %s refused: %s; no "
		 "prefix delegation for this session", name,
		 l->user ? l->user : "", p, why);
	return false;
}

int dhcp6_server_link_up(struct dhcp6_server *ds, const struct dhcp6_link *l)
{
	struct pd_link *n, *old;
	char p[DHCP6_PREFIX_STR];
	int rc;

	if (l->ifindex <= 0)
		return -EINVAL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	old = find_id(ds, l->tunnel_id, l->session_id);
	if (old)
		link_free(old);
	old = find_if(ds, l->ifindex);
	if (old)
		link_free(old);
	n->ds = ds;
	n->tunnel_id = l->tunnel_id;
	n->session_id = l->session_id;
	n->ifindex = l->ifindex;
	snprintf(n->ifname, sizeof(n->ifname), "%s",
		 l->ifname ? l->ifname : "");
	snprintf(n->name, sizeof(n->name), "session %u/%u %s", l->tunnel_id,
		 l->session_id, l->ifname ? l->ifname : "?");
	n->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(3, 10000);
	timer_init(&n->expiry, expired, n);
	n->has_prefix = prefix_acceptable(ds, l, n->name);
	if (n->has_prefix) {
		memcpy(n->prefix, l->prefix, 16);
		n->prefix_len = l->prefix_len;
		n->next_48 = *slot_48(ds, n->prefix);
		*slot_48(ds, n->prefix) = n;
	}
	n->next_if = *slot_if(ds, n->ifindex);
	*slot_if(ds, n->ifindex) = n;
	n->next_id = *slot_id(ds, n->tunnel_id, n->session_id);
	*slot_id(ds, n->tunnel_id, n->session_id) = n;
	ds->st.links++;
	if (ds->fd >= 0) {
		rc = dhcp6_socket_membership(ds->fd, n->ifindex, true);
		n->joined = rc == 0;
		if (rc < 0)
			log_rl(&ds->rl, LOG_WARNING, "%s: joining ff02::1:2: "
			       "%s; DHCPv6 goes unanswered", n->name,
			       strerror(-rc));
	}
	if (n->has_prefix)
		log_info("%s: DHCPv6 prefix delegation of %s offered",
			 n->name, dhcp6_prefix_str(n->prefix, n->prefix_len,
						   p, sizeof(p)));
	return 0;
}

void dhcp6_server_link_down(struct dhcp6_server *ds, uint16_t tunnel_id,
			    uint16_t session_id)
{
	struct pd_link *l = find_id(ds, tunnel_id, session_id);

	if (l)
		link_free(l);
}

/* --- answers --------------------------------------------------------- */

static void send_reply(struct pd_link *l, const uint8_t dst[16],
		       const struct dhcp6_reply *r)
{
	struct dhcp6_server *ds = l->ds;
	uint8_t buf[DHCP6_MAX_SIZE];
	int n = dhcp6_build(r, buf, sizeof(buf)), rc;

	if (n < 0) {
		ds->st.send_errors++;
		log_rl(&l->rl, LOG_WARNING, "%s: DHCPv6 %s not built: %s",
		       l->name, dhcp6_type_name(r->type), strerror(-n));
		return;
	}
	rc = ds->fd >= 0 ? dhcp6_socket_send(ds->fd, l->ifindex, dst, buf,
					     (size_t)n) :
		ds->io.send(ds->io.arg, l->ifindex, dst, buf, (size_t)n);
	if (rc < 0) {
		ds->st.send_errors++;
		log_rl(&l->rl, LOG_WARNING, "%s: DHCPv6 %s: %s", l->name,
		       dhcp6_type_name(r->type), strerror(-rc));
		return;
	}
	if (r->type == DHCP6_ADVERTISE)
		ds->st.advertise_sent++;
	else
		ds->st.reply_sent++;
}

/* Which of q's IA_PDs gets the prefix: the bound one, else the first. */
static int holder(const struct pd_link *l, const struct dhcp6_request *q)
{
	unsigned i;

	if (!l->has_prefix || !q->n_ia_pd)
		return -1;
	for (i = 0; l->bound && i < q->n_ia_pd; i++)
		if (q->ia_pd[i].iaid == l->iaid)
			return (int)i;
	return 0;
}

/* r's IA_PDs for q's: the prefix in one, NoPrefixAvail in the others. */
static int fill_ia_pds(struct pd_link *l, const struct dhcp6_request *q,
		       struct dhcp6_reply *r)
{
	int h = holder(l, q);
	unsigned i;

	r->n_ia_pd = q->n_ia_pd;
	for (i = 0; i < q->n_ia_pd; i++) {
		struct dhcp6_ia_pd_reply *ia = &r->ia_pd[i];

		ia->iaid = q->ia_pd[i].iaid;
		if ((int)i != h) {
			ia->has_status = true;
			ia->status = DHCP6_NO_PREFIX_AVAIL;
			ia->status_msg = "no prefix delegated to this session";
			l->ds->st.no_prefix_avail++;
			continue;
		}
		ia->t1_s = DHCP6_PREFERRED_LIFETIME_S / 2;
		ia->t2_s = DHCP6_PREFERRED_LIFETIME_S / 5 * 4;
		ia->has_prefix = true;
		ia->prefix.preferred_s = DHCP6_PREFERRED_LIFETIME_S;
		ia->prefix.valid_s = DHCP6_VALID_LIFETIME_S;
		ia->prefix.len = l->prefix_len;
		memcpy(ia->prefix.prefix, l->prefix, 16);
	}
	return h;
}

/* The prefix is the client's (IA_PD number h of q) from now on. */
static void commit(struct pd_link *l, const struct dhcp6_request *q, int h)
{
	if (h < 0)
		return;
	l->bound = true;
	l->iaid = q->ia_pd[h].iaid;
	l->duid_len = q->client_id_len;
	memcpy(l->duid, q->client_id, q->client_id_len);
	timer_arm(l->ds->loop, &l->expiry, DHCP6_VALID_LIFETIME_S * 1000ull);
	route(l, true);
}

static bool same_client(const struct pd_link *l,
			const struct dhcp6_request *q)
{
	return l->bound && q->client_id_len == l->duid_len &&
	       !memcmp(q->client_id, l->duid, l->duid_len);
}

static void answer(struct pd_link *l, const uint8_t src[16],
		   const struct dhcp6_request *q)
{
	struct dhcp6_server *ds = l->ds;
	struct dhcp6_reply r = {
		.type = DHCP6_REPLY, .xid = q->xid,
		.client_id = q->client_id, .client_id_len = q->client_id_len,
		.server_id = ds->duid, .server_id_len = ds->duid_len,
	};
	int h;

	switch (q->type) {
	case DHCP6_SOLICIT:
		if (!q->n_ia_pd) {
			/* Addresses only: none here (18.3.9). */
			r.type = DHCP6_ADVERTISE;
			r.has_status = true;
			r.status = DHCP6_NO_ADDRS_AVAIL;
			r.status_msg = "only prefix delegation here";
			break;
		}
		h = fill_ia_pds(l, q, &r);
		if (q->rapid_commit && h >= 0) {
			r.rapid_commit = true;
			commit(l, q, h);
			break;
		}
		/* The only server on a point-to-point link: take it now. */
		r.type = DHCP6_ADVERTISE;
		r.has_preference = true;
		r.preference = 255;
		break;
	case DHCP6_REQUEST:
	case DHCP6_RENEW:
	case DHCP6_REBIND:
		commit(l, q, fill_ia_pds(l, q, &r));
		break;
	case DHCP6_RELEASE:
		if (same_client(l, q) && holder(l, q) >= 0 &&
		    q->ia_pd[holder(l, q)].iaid == l->iaid) {
			log_info("%s: client released its delegated prefix",
				 l->name);
			unbind(l);
		}
		r.has_status = true;
		r.status = DHCP6_SUCCESS;
		r.status_msg = "released";
		break;
	case DHCP6_INFORMATION_REQUEST:
		break;
	default:	/* Confirm, Decline: addresses, none served here */
		ds->st.ignored++;
		return;
	}
	send_reply(l, src, &r);
}

void dhcp6_server_input(struct dhcp6_server *ds, int ifindex,
			const uint8_t src[16], const uint8_t *buf, size_t len)
{
	struct pd_link *l = find_if(ds, ifindex);
	struct dhcp6_request q;
	enum dhcp6_verdict v;

	if (!l) {
		ds->st.other_device++;	/* the box's other interfaces */
		return;
	}
	ds->st.received++;
	v = dhcp6_parse(buf, len, &q);
	if (v != DHCP6_OK) {
		ds->st.dropped++;
		ds->st.dropped_by[v]++;
		log_rl(&l->rl, LOG_INFO, "%s: DHCPv6 message dropped: %s",
		       l->name, dhcp6_verdict_name(v));
		return;
	}
	if (q.server_id && (q.server_id_len != ds->duid_len ||
			    memcmp(q.server_id, ds->duid, ds->duid_len))) {
		ds->st.not_for_us++;
		return;
	}
	if (log_enabled(LOG_DEBUG))
		log_rl(&l->rl, LOG_DEBUG, "%s: DHCPv6 %s with %u IA_PD",
		       l->name, dhcp6_type_name(q.type), q.n_ia_pd);
	answer(l, src, &q);
}

/* --- the socket ------------------------------------------------------ */

static void readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct dhcp6_server *ds = arg;
	unsigned budget = 64;	/* then let the loop serve the others */
	uint8_t src[16];
	int ifindex;
	ssize_t n;

	(void)loop;
	(void)events;
	while (budget--) {
		n = dhcp6_socket_recv(fd, ds->rx, sizeof(ds->rx), &ifindex,
				      src);
		if (n < 0) {
			if (n != -EAGAIN && n != -EINTR)
				log_rl(&ds->rl, LOG_WARNING, "DHCPv6: %s",
				       strerror((int)-n));
			return;
		}
		dhcp6_server_input(ds, ifindex, src, ds->rx, (size_t)n);
	}
}

struct dhcp6_server *dhcp6_server_new(struct loop *loop,
				      const struct dhcp6_io *io,
				      const uint8_t *duid, size_t duid_len,
				      char *err, size_t errlen)
{
	struct dhcp6_server *ds;

	if (duid_len < DHCP6_DUID_MIN || duid_len > DHCP6_DUID_MAX) {
		snprintf(err, errlen, "DHCPv6: server DUID of %zu bytes",
			 duid_len);
		return NULL;
	}
	ds = calloc(1, sizeof(*ds));
	if (!ds) {
		snprintf(err, errlen, "DHCPv6: out of memory");
		return NULL;
	}
	ds->loop = loop;
	ds->fd = -1;
	ds->io = *io;
	memcpy(ds->duid, duid, duid_len);
	ds->duid_len = duid_len;
	ds->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(5, 10000);
	if (io->send)
		return ds;
	ds->fd = dhcp6_socket_open(err, errlen);
	if (ds->fd < 0) {
		free(ds);
		return NULL;
	}
	if (loop_add_fd(loop, ds->fd, EPOLLIN, readable, ds) < 0) {
		snprintf(err, errlen, "DHCPv6: event loop: %s",
			 strerror(errno));
		close(ds->fd);
		free(ds);
		return NULL;
	}
	return ds;
}

void dhcp6_server_free(struct dhcp6_server *ds)
{
	unsigned i;

	if (!ds)
		return;
	for (i = 0; i < BUCKETS; i++)
		while (ds->by_if[i])
			link_free(ds->by_if[i]);
	if (ds->fd >= 0) {
		loop_del_fd(ds->loop, ds->fd);
		close(ds->fd);
	}
	free(ds);
}

void dhcp6_server_stats(const struct dhcp6_server *ds,
			struct dhcp6_server_stats *out)
{
	*out = ds->st;
}

int dhcp6_server_report(const struct dhcp6_server *ds,
			int (*emit)(const char *name, uint64_t value,
				    void *ctx),
			void *ctx)
{
	static const char *const dropped[DHCP6_VERDICT_MAX] = {
		[DHCP6_TRUNCATED] = "dhcp6_dropped_truncated",
		[DHCP6_NOT_CLIENT_TYPE] = "dhcp6_dropped_not_client_type",
		[DHCP6_BAD_DUID] = "dhcp6_dropped_bad_duid",
		[DHCP6_DUPLICATE_ID] = "dhcp6_dropped_duplicate_id",
		[DHCP6_BAD_IA_PD] = "dhcp6_dropped_bad_ia_pd",
		[DHCP6_NO_CLIENT_ID] = "dhcp6_dropped_no_client_id",
		[DHCP6_UNEXPECTED_SERVER_ID] =
			"dhcp6_dropped_unexpected_server_id",
		[DHCP6_NO_SERVER_ID] = "dhcp6_dropped_no_server_id",
	};
	const struct dhcp6_server_stats *st = &ds->st;
	const struct {
		const char *name;
		uint64_t v;
	} rows[] = {
		{ "dhcp6_links", st->links },
		{ "dhcp6_delegated", st->delegated },
		{ "dhcp6_received", st->received },
		{ "dhcp6_dropped", st->dropped },
		{ "dhcp6_not_for_us", st->not_for_us },
		{ "dhcp6_ignored", st->ignored },
		{ "dhcp6_other_device", st->other_device },
		{ "dhcp6_advertise_sent", st->advertise_sent },
		{ "dhcp6_reply_sent", st->reply_sent },
		{ "dhcp6_no_prefix_avail", st->no_prefix_avail },
		{ "dhcp6_send_errors", st->send_errors },
		{ "dhcp6_refused", st->refused },
		{ "dhcp6_expired", st->expired },
	};
	unsigned i;
	int rc;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if ((rc = emit(rows[i].name, rows[i].v, ctx)) < 0)
			return rc;
	for (i = DHCP6_OK + 1; i < DHCP6_VERDICT_MAX; i++)
		if ((rc = emit(dropped[i], st->dropped_by[i], ctx)) < 0)
			return rc;
	return 0;
}
