// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgw-nltest: 10^5 objects under TCG.
 *
 *   bulk-add --sock ID --peer A --tunnels N [--sessions M] [--per-tunnel K]
 *            [--first-tunnel F] [--report R]
 *        tunnels 1..N (peer ids equal, peer port 1701) and M sessions, K
 *        per tunnel (default 4) in tunnels F..F+M/K-1 (F is 1 unless
 *        given), named dT-S; many requests in flight on one socket;
 *        prints how long each kind took (and each R of them, to show a
 *        cost that grows with their number)
 *   dump-check (tunnels | sessions) --expect N [--churn K]
 *              [--churn-tunnels J]
 *        dumps twice: once whole (N objects, none twice), then after every
 *        Kth part deletes the object the dump resumes after and the next
 *        one it would reach; every object must come exactly once, save
 *        those deleted before they were reached.  With J (sessions): dumps
 *        whole again, then after every Jth part deletes the tunnel of the
 *        session it resumes after and that of the next session, sessions
 *        and all
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "nltest.h"

/* recv() into 1 MiB: the kernel sizes dump parts by the largest read. */
#define RECV_SIZE	(1 << 20)
#define BULK_RCVBUF	(64 << 20)
/* Every recvmsg() on a socket whose queue is under half its buffer builds
 * the next dump part, MSG_PEEK included: a small buffer keeps it to
 * exactly one part queued ahead of the one being read. */
#define DUMP_RCVBUF	4096

struct raw {
	struct l2tpctl *h;
	struct mnl_socket *nl;
	int fd;
	uint32_t seq;
	uint8_t *buf;
	size_t len;	/* of the last datagram in buf */
};

static void raw_open(struct raw *r, struct l2tpctl *h, int rcvbuf)
{
	r->h = h;
	r->seq = 0;
	if (ctl_socket_open(h, "open netlink socket", &r->nl) < 0)
		nlt_die("%s", l2tpctl_errmsg(h));
	r->fd = mnl_socket_get_fd(r->nl);
	if (setsockopt(r->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		nlt_die("SO_RCVBUFFORCE: %s", strerror(errno));
	r->buf = malloc(RECV_SIZE);
	if (!r->buf)
		nlt_die("out of memory");
}

/* One datagram into r->buf; flags as for recv(). 0 when none (EAGAIN). */
static size_t raw_recv(struct raw *r, int flags)
{
	ssize_t n;

	do
		n = recv(r->fd, r->buf, RECV_SIZE, flags);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN && (flags & MSG_DONTWAIT))
		return 0;
	if (n <= 0)
		nlt_die("netlink recv: %s", n ? strerror(errno) : "empty");
	return r->len = (size_t)n;
}

static void raw_send(struct raw *r, const void *buf, size_t len)
{
	if (send(r->fd, buf, len, 0) != (ssize_t)len)
		nlt_die("netlink send: %s", strerror(errno));
}

static int nlerr(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	return nlh->nlmsg_len >= sizeof(*nlh) + sizeof(int) ? -e->error : 0;
}

/* --- bulk-add ------------------------------------------------------------- */

struct batch {
	uint8_t *msgs;		/* encoded requests, back to back */
	size_t *off;		/* where each starts; off[n] = end */
	size_t n;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Send requests [first, last) with at most window in flight; each has
 * one reply on success, an error otherwise. */
static void pipeline(struct raw *r, const struct batch *b, size_t first,
		     size_t last, size_t window)
{
	const struct nlmsghdr *nlh;
	size_t sent = first, done = first, left, chunk;

	while (done < last) {
		if (sent < last && sent - done < window) {
			chunk = window - (sent - done);
			if (chunk > last - sent)
				chunk = last - sent;
			raw_send(r, b->msgs + b->off[sent],
				 b->off[sent + chunk] - b->off[sent]);
			sent += chunk;
			continue;
		}
		left = raw_recv(r, 0);
		for (nlh = (void *)r->buf; ctl_nlmsg_ok(nlh, left);
		     nlh = ctl_nlmsg_next(nlh, &left)) {
			if (nlh->nlmsg_type == NLMSG_ERROR && nlerr(nlh))
				nlt_die("bulk request %zu failed: errno %d",
					done + 1, nlerr(nlh));
			done++;
		}
	}
}

static void timed(struct raw *r, const struct batch *b, size_t window,
		  const char *what, size_t report)
{
	size_t step = report ? report : b->n, first, last;
	double start = now(), t0, secs;

	if (!b->n)
		return;
	for (first = 0; first < b->n; first += step) {
		last = first + step < b->n ? first + step : b->n;
		t0 = now();
		pipeline(r, b, first, last, window);
		if (report)
			printf("  %s %zu..%zu: %.2f ms each\n", what, first + 1,
			       last, 1000 * (now() - t0) / (double)(last - first));
	}
	secs = now() - start;
	printf("%zu %s added in %.1f s, %.2f ms each\n", b->n, what, secs,
	       1000 * secs / (double)b->n);
}

static void batch_init(struct batch *b, size_t n)
{
	b->n = 0;
	b->msgs = malloc(n * 128 + 1);
	b->off = malloc((n + 1) * sizeof(*b->off));
	if (!b->msgs || !b->off)
		nlt_die("out of memory");
	b->off[0] = 0;
}

static void batch_push(struct batch *b, struct raw *r, const struct nlt_req *q)
{
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *nlh;

	nlh = nlt_encode(q, buf, r->h->family_id, 0, ++r->seq);
	if (nlh->nlmsg_len > 128)
		nlt_die("bulk request too large");
	memcpy(b->msgs + b->off[b->n], nlh, nlh->nlmsg_len);
	b->off[b->n + 1] = b->off[b->n] + MNL_ALIGN(nlh->nlmsg_len);
	b->n++;
}

static void bulk_tunnels(struct raw *r, struct batch *b,
			 const struct nlt_opts *o, size_t tunnels)
{
	struct nlt_req q;
	char val[16];
	size_t i;

	for (i = 1; i <= tunnels; i++) {
		memset(&q, 0, sizeof(q));
		q.cmd = L2TPGW_CMD_TUNNEL_ADD;
		nlt_put(&q, "sock_id", nlt_need("bulk-add", o, "sock"));
		snprintf(val, sizeof(val), "%zu", i);
		nlt_put(&q, "tunnel_id", val);
		nlt_put(&q, "peer_tunnel_id", val);
		nlt_put(&q, "peer_addr", nlt_need("bulk-add", o, "peer"));
		nlt_put(&q, "peer_port", "1701");
		batch_push(b, r, &q);
	}
}

/* n sessions, k per tunnel from tunnel first on, named dT-S. */
static void bulk_sessions(struct raw *r, struct batch *b, size_t n, size_t k,
			  size_t first)
{
	struct nlt_req q;
	char name[32];
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&q, 0, sizeof(q));
		q.cmd = L2TPGW_CMD_SESSION_ADD;
		nlt_put_u32(&q, L2TPGW_A_TUNNEL_ID, (uint32_t)(first + i / k));
		nlt_put_u32(&q, L2TPGW_A_SESSION_ID, (uint32_t)(1 + i % k));
		nlt_put_u32(&q, L2TPGW_A_PEER_SESSION_ID, (uint32_t)(1 + i % k));
		snprintf(name, sizeof(name), "d%zu-%zu", first + i / k,
			 1 + i % k);
		nlt_put(&q, "ifname", name);
		batch_push(b, r, &q);
	}
}

static size_t opt_num(const struct nlt_opts *o, const char *name,
		      size_t dflt, size_t max)
{
	const char *v = nlt_opt(o, name);

	return v ? nlt_num(name, v, max) : dflt;
}

int nlt_bulk_add(struct l2tpctl *h, int argc, char **argv)
{
	static const char *const names[] = {
		"sock", "peer", "tunnels", "sessions", "per-tunnel",
		"first-tunnel", "report", NULL,
	};
	size_t tunnels, sessions, k, first, report;
	struct nlt_opts o;
	struct batch b;
	struct raw r;

	nlt_parse_opts("bulk-add", argc, argv, names, NULL, &o, NULL, 0);
	tunnels = nlt_num("tunnels", nlt_need("bulk-add", &o, "tunnels"), 65535);
	sessions = opt_num(&o, "sessions", 0, 1 << 24);
	k = opt_num(&o, "per-tunnel", 4, 65535);
	first = opt_num(&o, "first-tunnel", 1, 65535);
	report = opt_num(&o, "report", 0, 1 << 24);
	if (k == 0)
		nlt_die("bulk-add: --per-tunnel 0");
	raw_open(&r, h, BULK_RCVBUF);
	batch_init(&b, tunnels > sessions ? tunnels : sessions);
	bulk_tunnels(&r, &b, &o, tunnels);
	timed(&r, &b, 128, "tunnels", report);
	b.n = 0;
	bulk_sessions(&r, &b, sessions, k, first);
	timed(&r, &b, 32, "sessions", report);
	return 0;
}

/* --- dump-check ----------------------------------------------------------- */

/* A dumped object: tunnel id, or tunnel id << 16 | session id. */
struct obj {
	uint32_t key;
	bool in_pool;	/* may still be deleted */
	bool ahead;	/* deleted before the dump reached it */
};

struct keys {
	uint32_t *k;
	size_t n, cap;
};

static void keys_push(struct keys *ks, uint32_t key)
{
	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? 2 * ks->cap : 1024;
		ks->k = realloc(ks->k, ks->cap * sizeof(*ks->k));
		if (!ks->k)
			nlt_die("out of memory");
	}
	ks->k[ks->n++] = key;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static bool key_of(const struct nlmsghdr *nlh, bool sessions, uint32_t *key)
{
	const struct nlattr *tb[L2TPGW_A_MAX + 1];
	char perr[CTL_PERR_SIZE];

	if (ctl_parse_attrs(nlh, tb, perr) < 0)
		nlt_die("dump: %s", perr);
	if (!tb[L2TPGW_A_TUNNEL_ID] ||
	    (sessions && !tb[L2TPGW_A_SESSION_ID]))
		nlt_die("dump: object without its ids");
	*key = mnl_attr_get_u16(tb[L2TPGW_A_TUNNEL_ID]);
	if (sessions)
		*key = *key << 16 | mnl_attr_get_u16(tb[L2TPGW_A_SESSION_ID]);
	return true;
}

static void dump_start(struct raw *r, bool sessions)
{
	struct nlt_req q = { .cmd = sessions ? L2TPGW_CMD_SESSION_GET :
					       L2TPGW_CMD_TUNNEL_GET };
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *nlh;

	nlh = nlt_encode(&q, buf, r->h->family_id, NLM_F_DUMP, ++r->seq);
	raw_send(r, nlh, nlh->nlmsg_len);
}

/* The keys of the next part of a dump, appended to ks; false after the
 * last part (whose keys, if any, are appended too). */
static bool dump_part(struct raw *r, bool sessions, struct keys *ks)
{
	size_t left = raw_recv(r, 0);
	const struct nlmsghdr *nlh;
	uint32_t key;

	for (nlh = (void *)r->buf; ctl_nlmsg_ok(nlh, left);
	     nlh = ctl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_type == NLMSG_DONE)
			return false;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			nlt_die("dump failed: errno %d", nlerr(nlh));
		if (key_of(nlh, sessions, &key))
			keys_push(ks, key);
	}
	return true;
}

/*
 * The last object of the part the kernel has already queued.
 * netlink_recvmsg() builds the next part of a dump as soon as one is
 * read, so objects deleted now can only be missed by the part after it:
 * that part resumes after this key.
 */
static bool queued_last_key(struct raw *r, bool sessions, uint32_t *last)
{
	size_t left = raw_recv(r, MSG_PEEK | MSG_DONTWAIT);
	const struct nlmsghdr *nlh;
	bool found = false;

	for (nlh = (void *)r->buf; ctl_nlmsg_ok(nlh, left);
	     nlh = ctl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_type != NLMSG_DONE &&
		    nlh->nlmsg_type != NLMSG_ERROR)
			found = key_of(nlh, sessions, last);
	}
	return found;
}

/* The keys of one whole dump, sorted; there must be expect, each once. */
static void dump_whole(struct raw *r, bool sessions, size_t expect,
		       struct keys *ks)
{
	const char *what = sessions ? "sessions" : "tunnels";
	size_t i, dup = 0;

	ks->n = 0;
	dump_start(r, sessions);
	while (dump_part(r, sessions, ks))
		;
	qsort(ks->k, ks->n, sizeof(*ks->k), cmp_u32);
	for (i = 1; i < ks->n; i++)
		dup += ks->k[i] == ks->k[i - 1];
	if (dup)
		nlt_die("%zu %s dumped twice", dup, what);
	if (expect != (size_t)-1 && ks->n != expect)
		nlt_die("dumped %zu %s, expected %zu", ks->n, what, expect);
}

static void delete(struct raw *r, bool session, uint32_t key)
{
	struct nlt_req q = { .cmd = session ? L2TPGW_CMD_SESSION_DEL :
					      L2TPGW_CMD_TUNNEL_DEL };
	const struct nlmsghdr *nlh;
	char buf[CTL_BUF_SIZE];
	struct nlmsghdr *req;
	size_t left;

	nlt_put_u32(&q, L2TPGW_A_TUNNEL_ID, session ? key >> 16 : key);
	if (session) {
		nlt_put_u32(&q, L2TPGW_A_SESSION_ID, key & 0xffff);
	}
	req = nlt_encode(&q, buf, r->h->family_id, NLM_F_ACK, ++r->seq);
	raw_send(r, req, req->nlmsg_len);
	left = raw_recv(r, 0);
	for (nlh = (void *)r->buf; ctl_nlmsg_ok(nlh, left);
	     nlh = ctl_nlmsg_next(nlh, &left)) {
		if (nlh->nlmsg_type != NLMSG_ERROR)
			continue;
		if (nlerr(nlh))
			nlt_die("%s failed: errno %d", l2tpctl_cmd_name(q.cmd),
				nlerr(nlh));
		return;
	}
}

/* Index of the first object with a key above key (bisect_right). */
static size_t above(const struct obj *o, size_t n, uint32_t key)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o[mid].key <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first object of the pool at or after i; n when none. */
static size_t pool_from(const struct obj *o, size_t n, size_t i)
{
	while (i < n && !o[i].in_pool)
		i++;
	return i;
}

struct churn {
	struct raw *dumper, *deleter;
	bool sessions, by_tunnel;
	struct obj *o;		/* what the whole dump saw, sorted */
	size_t n;
	size_t parts, deleted, ahead;
};

static void gone(struct churn *c, size_t i, uint32_t resume)
{
	c->o[i].in_pool = false;
	if (c->o[i].key > resume) {
		c->o[i].ahead = true;
		c->ahead++;
	}
}

/* Delete the object the dump resumes after, if still there, and the
 * next one it would reach. */
static void delete_objects(struct churn *c, uint32_t resume)
{
	size_t i = above(c->o, c->n, resume), next = pool_from(c->o, c->n, i);
	size_t before = i;

	while (before > 0 && !c->o[before - 1].in_pool)
		before--;
	if (next < c->n) {
		delete(c->deleter, c->sessions, c->o[next].key);
		c->deleted++;
		gone(c, next, resume);
	}
	if (before > 0 && c->o[before - 1].key == resume) {
		delete(c->deleter, c->sessions, resume);
		c->deleted++;
		gone(c, before - 1, resume);
	}
}

/* Delete the tunnel of the session the dump resumes after and that of
 * the next session it would reach, with all their sessions. */
static void delete_tunnels(struct churn *c, uint32_t resume)
{
	uint32_t tunnels[2] = { resume >> 16, resume >> 16 };
	size_t i, t;

	i = pool_from(c->o, c->n, above(c->o, c->n, resume | 0xffff));
	if (i < c->n)
		tunnels[1] = c->o[i].key >> 16;
	for (t = 0; t < 2; t++) {
		if (t == 1 && tunnels[1] == tunnels[0])
			break;
		delete(c->deleter, false, tunnels[t]);
		c->deleted++;
		for (i = above(c->o, c->n, (tunnels[t] << 16) - 1);
		     i < c->n && c->o[i].key >> 16 == tunnels[t]; i++)
			if (c->o[i].in_pool)
				gone(c, i, resume);
	}
}

/* Dump again, deleting after every every-th part; every object must come
 * exactly once, save those deleted before they were reached.  Returns
 * how many were dumped. */
static size_t dump_churning(struct churn *c, size_t every)
{
	struct keys got = { 0 };
	size_t i, j, dup = 0, missing = 0, early = 0, before;
	uint32_t resume;
	bool more = true;

	c->parts = c->deleted = c->ahead = 0;
	dump_start(c->dumper, c->sessions);
	while (more) {
		before = got.n;
		more = dump_part(c->dumper, c->sessions, &got);
		c->parts++;
		if (!more || c->parts % every || got.n == before)
			continue;
		if (!queued_last_key(c->dumper, c->sessions, &resume))
			continue;
		if (c->by_tunnel)
			delete_tunnels(c, resume);
		else
			delete_objects(c, resume);
	}
	qsort(got.k, got.n, sizeof(*got.k), cmp_u32);
	for (i = 1; i < got.n; i++)
		dup += got.k[i] == got.k[i - 1];
	for (i = j = 0; i < c->n; i++) {
		while (j < got.n && got.k[j] < c->o[i].key)
			j++;
		if (j < got.n && got.k[j] == c->o[i].key)
			early += c->o[i].ahead;
		else if (!c->o[i].ahead)
			missing++;
	}
	if (dup || missing || early || got.n - dup + c->ahead - early != c->n)
		nlt_die("dump of %s while deleting %s: %zu objects, %zu twice, %zu missing, %zu deleted before reached",
			c->sessions ? "sessions" : "tunnels",
			c->by_tunnel ? "tunnels" :
			(c->sessions ? "sessions" : "tunnels"),
			got.n, dup, missing, early);
	free(got.k);
	return got.n;
}

static void objs_from(struct churn *c, const struct keys *ks)
{
	size_t i;

	free(c->o);
	c->n = ks->n;
	c->o = calloc(ks->n + 1, sizeof(*c->o));
	if (!c->o)
		nlt_die("out of memory");
	for (i = 0; i < ks->n; i++) {
		c->o[i].key = ks->k[i];
		c->o[i].in_pool = true;
	}
}

int nlt_dump_check(struct l2tpctl *h, int argc, char **argv)
{
	static const char *const names[] = {
		"expect", "churn", "churn-tunnels", NULL,
	};
	struct raw dumper, deleter;
	struct keys seen = { 0 }, busy = { 0 };
	struct churn c = { .dumper = &dumper, .deleter = &deleter };
	const char *what;
	size_t expect, churn, churn_tunnels, got, i, j;
	struct nlt_opts o;
	char *pos[1];

	if (nlt_parse_opts("dump-check", argc, argv, names, NULL, &o, pos,
			   1) != 1 ||
	    (strcmp(pos[0], "tunnels") && strcmp(pos[0], "sessions")))
		nlt_die("dump-check: tunnels or sessions?");
	what = pos[0];
	c.sessions = strcmp(what, "sessions") == 0;
	expect = nlt_num("expect", nlt_need("dump-check", &o, "expect"),
			 1 << 24);
	churn = nlt_opt(&o, "churn") ?
		nlt_num("churn", nlt_opt(&o, "churn"), 1 << 24) : 0;
	churn_tunnels = nlt_opt(&o, "churn-tunnels") ?
		nlt_num("churn-tunnels", nlt_opt(&o, "churn-tunnels"),
			1 << 24) : 0;
	raw_open(&dumper, h, DUMP_RCVBUF);
	raw_open(&deleter, h, BULK_RCVBUF);
	dump_whole(&dumper, c.sessions, expect, &seen);
	if (!churn) {
		printf("%s: %zu dumped whole\n", what, seen.n);
		return 0;
	}
	objs_from(&c, &seen);
	if (!c.sessions) {
		/* Deleting a tunnel takes its sessions: churn among the
		 * sessionless. */
		dump_whole(&dumper, true, (size_t)-1, &busy);
		for (i = j = 0; i < c.n; i++) {
			while (j < busy.n && busy.k[j] >> 16 < c.o[i].key)
				j++;
			if (j < busy.n && busy.k[j] >> 16 == c.o[i].key)
				c.o[i].in_pool = false;
		}
	}
	got = dump_churning(&c, churn);
	printf("%s: %zu dumped whole; then %zu parts while deleting %zu (%zu not yet reached): %zu dumped, each once\n",
	       what, seen.n, c.parts, c.deleted, c.ahead, got);
	if (!churn_tunnels)
		return 0;
	/* The session cursor is (tunnel, session): deleting the tunnel it
	 * stopped in must not make the dump skip into the next tunnel. */
	dump_whole(&dumper, c.sessions, seen.n - c.deleted, &seen);
	objs_from(&c, &seen);
	c.by_tunnel = true;
	got = dump_churning(&c, churn_tunnels);
	printf("%s: %zu dumped whole; then %zu parts while deleting %zu tunnels (%zu sessions not yet reached): %zu dumped, each once\n",
	       what, seen.n, c.parts, c.deleted, c.ahead, got);
	return 0;
}
