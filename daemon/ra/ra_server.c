// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Router Advertisement scheduling per session device, and Router
 * Solicitations demultiplexed to them by ifindex.
 */
#include "ra/ra_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "ra/ra_socket.h"

#define RA_BUCKETS	1024u	/* power of two */
#define RX_MAX		65536u	/* any IPv6 payload short of a jumbogram */

struct ra_entry {
	struct ra_server *rs;
	uint16_t tunnel_id, session_id;
	int ifindex;
	char name[48];			/* "session T/S ifname" for logs */
	uint8_t src[16];		/* fe80::<our interface id> */
	uint8_t pkt[RA_MAX_SIZE];
	size_t len;
	uint32_t interval_ms;
	unsigned initial_left;		/* initial RAs still to send */
	uint64_t last_sent_ms;		/* 0: none yet */
	bool joined;			/* ff02::2 on the device */
	struct timer timer;
	struct log_ratelimit rl;
	struct ra_entry *next_if, **pprev_if;
	struct ra_entry *next_id, **pprev_id;
};

struct ra_server {
	struct loop *loop;
	struct ra_io io;
	int fd;				/* -1 with a test's io */
	struct ra_entry *by_if[RA_BUCKETS];
	struct ra_entry *by_id[RA_BUCKETS];
	uint64_t rng;
	struct log_ratelimit rl;	/* solicitations on unknown links */
	struct ra_server_stats st;
	uint8_t rx[RX_MAX];
};

static unsigned if_bucket(int ifindex)
{
	return (unsigned)ifindex & (RA_BUCKETS - 1);
}

static unsigned id_bucket(uint16_t tid, uint16_t sid)
{
	return ((unsigned)tid * 2654435761u ^ sid) & (RA_BUCKETS - 1);
}

/* xorshift64: jitter only, nothing secret. */
static uint32_t jitter_rand(struct ra_server *rs)
{
	rs->rng ^= rs->rng << 13;
	rs->rng ^= rs->rng >> 7;
	rs->rng ^= rs->rng << 17;
	return (uint32_t)(rs->rng >> 32);
}

static struct ra_entry *find_if(const struct ra_server *rs, int ifindex)
{
	struct ra_entry *e = rs->by_if[if_bucket(ifindex)];

	while (e && e->ifindex != ifindex)
		e = e->next_if;
	return e;
}

static struct ra_entry *find_id(const struct ra_server *rs, uint16_t tid,
				uint16_t sid)
{
	struct ra_entry *e = rs->by_id[id_bucket(tid, sid)];

	while (e && (e->tunnel_id != tid || e->session_id != sid))
		e = e->next_id;
	return e;
}

static void entry_link(struct ra_server *rs, struct ra_entry *e)
{
	struct ra_entry **h = &rs->by_if[if_bucket(e->ifindex)];

	e->next_if = *h;
	if (*h)
		(*h)->pprev_if = &e->next_if;
	e->pprev_if = h;
	*h = e;
	h = &rs->by_id[id_bucket(e->tunnel_id, e->session_id)];
	e->next_id = *h;
	if (*h)
		(*h)->pprev_id = &e->next_id;
	e->pprev_id = h;
	*h = e;
	rs->st.links++;
}

static void entry_free(struct ra_entry *e)
{
	struct ra_server *rs = e->rs;

	timer_cancel(rs->loop, &e->timer);
	*e->pprev_if = e->next_if;
	if (e->next_if)
		e->next_if->pprev_if = e->pprev_if;
	*e->pprev_id = e->next_id;
	if (e->next_id)
		e->next_id->pprev_id = e->pprev_id;
	/* The device may be gone already, and its memberships with it. */
	if (e->joined && rs->fd >= 0)
		ra_socket_all_routers(rs->fd, e->ifindex, false);
	rs->st.links--;
	free(e);
}

/* Next unsolicited RA: initial ones fast, then 0.75..1 x interval. */
static uint64_t next_delay(struct ra_entry *e)
{
	uint32_t lo;

	if (e->initial_left)
		return RA_INITIAL_INTERVAL_MS;
	lo = e->interval_ms / 4 * 3;
	return lo + jitter_rand(e->rs) % (e->interval_ms - lo + 1);
}

/* Sends one RA; false if the device is gone and e was freed. */
static bool send_ra(struct ra_entry *e)
{
	struct ra_server *rs = e->rs;
	int rc = rs->io.send(rs->io.arg, e->ifindex, e->src, e->pkt, e->len);

	if (rc == -ENODEV || rc == -ENXIO) {
		log_info("%s: device gone, no more router advertisements",
			 e->name);
		entry_free(e);
		return false;
	}
	if (rc < 0) {
		rs->st.ra_send_errors++;
		log_rl(&e->rl, LOG_WARNING, "%s: router advertisement: %s",
		       e->name, strerror(-rc));
	} else {
		rs->st.ra_sent++;
	}
	e->last_sent_ms = loop_now(rs->loop);
	if (e->initial_left)
		e->initial_left--;
	return true;
}

static void ra_fire(struct loop *loop, struct timer *t, void *arg)
{
	struct ra_entry *e = arg;

	(void)t;
	if (send_ra(e))
		timer_arm(loop, &e->timer, next_delay(e));
}

static int build(const struct ra_link *l, struct ra_entry *e)
{
	const struct ra_config *c = l->cfg;
	struct ra_message m = {
		.cur_hop_limit = 64,
		.router_lifetime_s = (uint16_t)(c->router_lifetime_ms / 1000),
		.has_prefix = true,
		.prefix_len = 64,
		.valid_lifetime_s = RA_VALID_LIFETIME_S,
		.preferred_lifetime_s = RA_PREFERRED_LIFETIME_S,
		.mtu = l->mtu,
		.n_dns = c->n_dns,
		/* RFC 8106 5.1: at least the interval; 3x rides out a loss. */
		.dns_lifetime_s = 3 * (c->interval_ms / 1000),
	};
	int n;

	memcpy(m.prefix, l->prefix, 8);
	memcpy(m.dns, c->dns, sizeof(m.dns));
	n = ra_build(&m, e->pkt, sizeof(e->pkt));
	if (n < 0)
		return n;
	e->len = (size_t)n;
	return 0;
}

int ra_server_link_up(struct ra_server *rs, const struct ra_link *l)
{
	struct ra_entry *e, *old;
	char a[INET6_ADDRSTRLEN];
	int rc;

	if (l->ifindex <= 0 || !l->cfg || !l->cfg->interval_ms)
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->rs = rs;
	e->tunnel_id = l->tunnel_id;
	e->session_id = l->session_id;
	e->ifindex = l->ifindex;
	snprintf(e->name, sizeof(e->name), "session %u/%u %s", l->tunnel_id,
		 l->session_id, l->ifname ? l->ifname : "?");
	e->src[0] = 0xfe;
	e->src[1] = 0x80;
	memcpy(e->src + 8, l->local_ifid, 8);
	e->interval_ms = l->cfg->interval_ms;
	e->initial_left = RA_INITIAL_COUNT;
	e->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(3, 10000);
	timer_init(&e->timer, ra_fire, e);
	rc = build(l, e);
	if (rc < 0) {
		free(e);
		return rc;
	}
	old = find_id(rs, l->tunnel_id, l->session_id);
	if (old)
		entry_free(old);
	old = find_if(rs, l->ifindex);
	if (old)
		entry_free(old);
	if (rs->fd >= 0) {
		rc = ra_socket_all_routers(rs->fd, e->ifindex, true);
		e->joined = rc == 0;
		if (rc < 0)
			log_rl(&rs->rl, LOG_WARNING, "%s: joining ff02::2: %s; "
			       "router solicitations go unanswered, periodic "
			       "advertisements still reach the client",
			       e->name, strerror(-rc));
	}
	entry_link(rs, e);
	log_info("%s: advertising %s/64 every %us", e->name,
		 inet_ntop(AF_INET6, l->prefix, a, sizeof(a)),
		 e->interval_ms / 1000);
	ra_fire(rs->loop, &e->timer, e);
	return 0;
}

void ra_server_link_down(struct ra_server *rs, uint16_t tunnel_id,
			 uint16_t session_id)
{
	struct ra_entry *e = find_id(rs, tunnel_id, session_id);

	if (!e)
		return;
	log_info("%s: session's IPv6 down, no more router advertisements",
		 e->name);
	entry_free(e);
}

static void solicited(struct ra_entry *e)
{
	struct ra_server *rs = e->rs;
	uint64_t now = loop_now(rs->loop), at = now;

	if (e->last_sent_ms && now < e->last_sent_ms + RA_MIN_DELAY_MS)
		at = e->last_sent_ms + RA_MIN_DELAY_MS;
	/* Only ever earlier: the answer replaces the next unsolicited RA. */
	if (!timer_pending(&e->timer) || at < e->timer.expires)
		timer_arm_at(rs->loop, &e->timer, at);
}

void ra_server_input(struct ra_server *rs, int ifindex, const uint8_t src[16],
		     int hop_limit, const uint8_t *buf, size_t len)
{
	static const uint8_t unspec[16];
	struct ra_entry *e = find_if(rs, ifindex);
	struct rs_info info;
	enum rs_verdict v;

	if (!e) {
		/* The box's other interfaces: not ours to answer. */
		rs->st.rs_other_device++;
		return;
	}
	rs->st.rs_received++;
	v = rs_parse(buf, len, hop_limit, !memcmp(src, unspec, 16), &info);
	if (v != RS_OK) {
		rs->st.rs_dropped++;
		rs->st.rs_dropped_by[v]++;
		log_rl(&e->rl, LOG_INFO, "%s: router solicitation dropped: %s",
		       e->name, rs_verdict_name(v));
		return;
	}
	if (log_enabled(LOG_DEBUG)) {
		char a[INET6_ADDRSTRLEN];

		log_rl(&e->rl, LOG_DEBUG, "%s: router solicitation from %s: "
		       "answering", e->name, inet_ntop(AF_INET6, src, a,
						       sizeof(a)));
	}
	solicited(e);
}

static void readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct ra_server *rs = arg;
	uint8_t src[16];
	int ifindex, hop_limit;
	unsigned budget = 64;	/* then let the loop serve the others */
	ssize_t n;

	(void)loop;
	(void)events;
	while (budget--) {
		n = ra_socket_recv(fd, rs->rx, sizeof(rs->rx), &ifindex, src,
				   &hop_limit);
		if (n < 0) {
			if (n != -EAGAIN && n != -EINTR)
				log_rl(&rs->rl, LOG_WARNING, "router "
				       "solicitations: %s", strerror((int)-n));
			return;
		}
		ra_server_input(rs, ifindex, src, hop_limit, rs->rx,
				(size_t)n);
	}
}

static int socket_send(void *arg, int ifindex, const uint8_t src[16],
		       const uint8_t *pkt, size_t len)
{
	struct ra_server *rs = arg;

	return ra_socket_send(rs->fd, ifindex, src, pkt, len);
}

struct ra_server *ra_server_new(struct loop *loop, const struct ra_io *io,
				char *err, size_t errlen)
{
	struct ra_server *rs = calloc(1, sizeof(*rs));
	struct timespec ts;

	if (!rs) {
		snprintf(err, errlen, "router advertisements: out of memory");
		return NULL;
	}
	rs->loop = loop;
	rs->fd = -1;
	rs->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(5, 10000);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	rs->rng = ((uint64_t)ts.tv_nsec << 20 ^ (uint64_t)getpid()) | 1;
	if (io) {
		rs->io = *io;
		return rs;
	}
	rs->fd = ra_socket_open(err, errlen);
	if (rs->fd < 0) {
		free(rs);
		return NULL;
	}
	if (loop_add_fd(loop, rs->fd, EPOLLIN, readable, rs) < 0) {
		snprintf(err, errlen, "router advertisements: event loop: %s",
			 strerror(errno));
		close(rs->fd);
		free(rs);
		return NULL;
	}
	rs->io.send = socket_send;
	rs->io.arg = rs;
	return rs;
}

void ra_server_free(struct ra_server *rs)
{
	unsigned i;

	if (!rs)
		return;
	for (i = 0; i < RA_BUCKETS; i++)
		while (rs->by_if[i])
			entry_free(rs->by_if[i]);
	if (rs->fd >= 0) {
		loop_del_fd(rs->loop, rs->fd);
		close(rs->fd);
	}
	free(rs);
}

void ra_server_stats(const struct ra_server *rs, struct ra_server_stats *out)
{
	*out = rs->st;
}

int ra_server_report(const struct ra_server *rs,
		     int (*emit)(const char *name, uint64_t value, void *ctx),
		     void *ctx)
{
	static const char *const dropped[RS_VERDICT_MAX] = {
		[RS_TRUNCATED] = "rs_dropped_truncated",
		[RS_NOT_SOLICIT] = "rs_dropped_not_solicit",
		[RS_BAD_CODE] = "rs_dropped_bad_code",
		[RS_BAD_HOP_LIMIT] = "rs_dropped_hop_limit",
		[RS_BAD_OPTION] = "rs_dropped_bad_option",
		[RS_SLLA_UNSPEC] = "rs_dropped_slla_unspec",
	};
	const struct ra_server_stats *st = &rs->st;
	unsigned v;
	int rc;

	if ((rc = emit("ra_links", st->links, ctx)) < 0 ||
	    (rc = emit("ra_sent", st->ra_sent, ctx)) < 0 ||
	    (rc = emit("ra_send_errors", st->ra_send_errors, ctx)) < 0 ||
	    (rc = emit("rs_received", st->rs_received, ctx)) < 0 ||
	    (rc = emit("rs_dropped", st->rs_dropped, ctx)) < 0)
		return rc;
	for (v = RS_OK + 1; v < RS_VERDICT_MAX; v++)
		if ((rc = emit(dropped[v], st->rs_dropped_by[v], ctx)) < 0)
			return rc;
	return emit("rs_other_device", st->rs_other_device, ctx);
}
