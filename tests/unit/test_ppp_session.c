// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Two PPP sessions, an LNS (server) and a LAC (client), wired back to
 * back through their send callbacks on a virtual clock: LCP, each
 * authentication method, IPCP with address and DNS, IPv6CP; failures
 * (wrong password, dead peer, empty pool) and hostile input.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "addr/pool.h"
#include "ppp/ppp.h"
#include "addr/prefix_pool.h"
#include "aaa/users.h"
#include "aaa/users_verifier.h"
#include "later_verifier.h"
#include "log_capture.h"
#include "ra/ra_config.h"

#define QMAX 64
#define FMAX 1600

struct side {
	struct ppp_session *s;
	struct side *peer;
	uint8_t q[QMAX][FMAX];
	size_t qlen[QMAX];
	int nq;
	bool cut;		/* frames sent by this side are lost */
	bool ff03;		/* prefix sent frames with FF 03 */
	int auth_ok;		/* -1 none yet */
	bool granted;		/* auth_done had a grant */
	struct aaa_grant grant;
	char user[64];
	int v4_up, v6_up, v4_down, v6_down;
	struct ppp_ncp_result v4, v6;
	int fin_reason, fin_count;
	char fin_msg[160];
	/* Everything this side sent, for inspection. */
	uint8_t log[256][FMAX];
	size_t loglen[256];
	int nlog;
	bool free_on_finish;
	/* A frame held back, to be sent after this side's next one. */
	uint8_t held[FMAX];
	size_t held_len;
};

/* One fault on the wire: frame number fault_at (both sides counted). */
enum fault { FAULT_NONE, FAULT_DROP, FAULT_DUP, FAULT_SWAP };
static enum fault fault;
static int fault_at, frames_sent;

static struct loop *loop;
static struct users_db *users;
static struct aaa_verifier users_v;
static struct pool_set *pools;

static const char users_text[] =
	"# test users\n"
	"alice  secret\n"
	"bob    nt:8846F7EAEE8FB117AD06BDD830B7586C   # \"password\"\n"
	"carol  \"pass word\"  address 10.9.9.9\n"
	"dave   dpw pool small\n";

static void queue_frame(struct side *sd, const uint8_t *frame, size_t len)
{
	size_t off = sd->ff03 ? 2 : 0;

	ck_assert_int_lt(sd->nq, QMAX);
	sd->q[sd->nq][0] = 0xff;
	sd->q[sd->nq][1] = 0x03;
	memcpy(sd->q[sd->nq] + off, frame, len);
	sd->qlen[sd->nq++] = len + off;
}

static void w_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct side *sd = ctx;
	size_t off = sd->ff03 ? 2 : 0;

	ck_assert_uint_le(len + off, FMAX);
	if (sd->nlog < 256) {
		memcpy(sd->log[sd->nlog], frame, len);
		sd->loglen[sd->nlog++] = len;
	}
	if (sd->cut || !sd->peer)
		return;
	if (fault != FAULT_NONE && frames_sent++ == fault_at) {
		if (fault == FAULT_DROP)
			return;
		if (fault == FAULT_SWAP) {
			memcpy(sd->held, frame, len);
			sd->held_len = len;
			return;
		}
		queue_frame(sd, frame, len);	/* FAULT_DUP */
	}
	queue_frame(sd, frame, len);
	if (sd->held_len) {
		/* Overtaken by the frame just sent. */
		len = sd->held_len;
		sd->held_len = 0;
		queue_frame(sd, sd->held, len);
	}
}

static void w_auth_done(void *ctx, const char *user, bool ok,
			const struct aaa_grant *g)
{
	struct side *sd = ctx;

	sd->granted = g != NULL;
	if (g)
		sd->grant = *g;
	sd->auth_ok = ok;
	snprintf(sd->user, sizeof(sd->user), "%s", user);
}

static void w_ncp_up(void *ctx, int proto, const struct ppp_ncp_result *r)
{
	struct side *sd = ctx;

	if (proto == PPP_IP) {
		sd->v4_up++;
		sd->v4 = *r;
	} else {
		ck_assert_int_eq(proto, PPP_IPV6);
		sd->v6_up++;
		sd->v6 = *r;
	}
}

static void w_ncp_down(void *ctx, int proto)
{
	struct side *sd = ctx;

	if (proto == PPP_IP)
		sd->v4_down++;
	else
		sd->v6_down++;
}

static void w_finished(void *ctx, int reason, const char *msg)
{
	struct side *sd = ctx;

	sd->fin_reason = reason;
	sd->fin_count++;
	snprintf(sd->fin_msg, sizeof(sd->fin_msg), "%s", msg);
	if (sd->free_on_finish) {
		ppp_session_free(sd->s);
		sd->s = NULL;
	}
}

static const struct ppp_ops wire_ops = {
	.send = w_send,
	.auth_done = w_auth_done,
	.ncp_up = w_ncp_up,
	.ncp_down = w_ncp_down,
	.finished = w_finished,
};

static uint32_t ip(const char *s)
{
	struct in_addr a;

	ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
	return ntohl(a.s_addr);
}

static void setup(void)
{
	char err[256];
	struct ppp_pool *p;

	log_init(LOG_EMERG, false, "test_ppp_session");
	fault = FAULT_NONE;
	loop = loop_new_virtual(0);
	ck_assert_int_eq(users_parse(users_text, strlen(users_text), "users",
				     &users, err, sizeof(err)), 0);
	users_v = users_verifier(users);
	pools = pool_set_new();
	p = pool_new("default");
	ck_assert_int_eq(pool_add_range(p, "10.0.0.0/29", err, sizeof(err)), 0);
	ck_assert_int_eq(pool_set_add(pools, p, err, sizeof(err)), 0);
	p = pool_new("small");
	ck_assert_int_eq(pool_add_range(p, "10.1.0.5", err, sizeof(err)), 0);
	ck_assert_int_eq(pool_set_add(pools, p, err, sizeof(err)), 0);
	ck_assert_msg(ppp_address_plan_check(users, "users", pools, "default",
					     err, sizeof(err)) == 0, "%s", err);
}

static void teardown(void)
{
	pool_set_free(pools);
	users_free(users);
	loop_free(loop);
}

static struct ppp_config server_cfg(void)
{
	struct ppp_config c = {
		.auth = { PPP_AUTH_MSCHAPV2, PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP },
		.n_auth = 3,
		.verifier = &users_v,
		.pools = pools,
		.default_pool = "default",
		.hostname = "lns",
		.ipv4 = true,
		.ipv6 = true,
		.echo_interval_ms = 10000,
		.echo_failures = 3,
		.fsm = { .restart_ms = 1000 },
	};

	c.local_ip = ip("10.255.0.1");
	c.dns[0] = ip("192.0.2.53");
	c.dns[1] = ip("192.0.2.54");
	return c;
}

static struct ppp_config client_cfg(enum ppp_auth_method m, const char *user,
				    const char *pw)
{
	struct ppp_config c = {
		.auth = { m },
		.n_auth = 1,
		.user = user,
		.password = pw,
		.want_dns = true,
		.ipv4 = true,
		.ipv6 = true,
		.mru = 1400,
		.fsm = { .restart_ms = 1000 },
	};

	return c;
}

static void init_side(struct side *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->auth_ok = -1;
}

static void connect_pair(struct side *srv, struct side *cli,
			 const struct ppp_config *scfg,
			 const struct ppp_config *ccfg)
{
	init_side(srv);
	init_side(cli);
	srv->peer = cli;
	cli->peer = srv;
	srv->s = ppp_session_new(loop, scfg, &wire_ops, srv, PPP_SERVER, "srv");
	cli->s = ppp_session_new(loop, ccfg, &wire_ops, cli, PPP_CLIENT, "cli");
	ck_assert_ptr_nonnull(srv->s);
	ck_assert_ptr_nonnull(cli->s);
}

/* Delivers one queued frame (a's first); false if both queues are empty. */
static bool pump_one(struct side *a, struct side *b)
{
	struct side *src = a->nq ? a : b;
	struct side *dst = src->peer;
	uint8_t f[FMAX];
	size_t len = src->qlen[0];

	if (!a->nq && !b->nq)
		return false;
	memcpy(f, src->q[0], len);
	memmove(src->q[0], src->q[1], sizeof(src->q[0]) * (QMAX - 1));
	memmove(src->qlen, src->qlen + 1, sizeof(src->qlen[0]) * (QMAX - 1));
	src->nq--;
	if (dst->s)
		ppp_session_input(dst->s, f, len);
	return true;
}

/* Delivers queued frames (each side in turn) until both queues are empty. */
static void pump(struct side *a, struct side *b)
{
	for (int n = 0; n < 10000 && pump_one(a, b); n++)
		;
	loop_advance(loop, 0);	/* deferred finished callbacks */
}

static void run_for(struct side *a, struct side *b, uint64_t ms)
{
	for (uint64_t t = 0; t < ms; t += 100) {
		pump(a, b);
		loop_advance(loop, 100);
	}
	pump(a, b);
}

static void free_pair(struct side *a, struct side *b)
{
	ppp_session_free(a->s);
	ppp_session_free(b->s);
}

static void bring_up(struct side *srv, struct side *cli)
{
	ppp_session_start(srv->s);
	ppp_session_start(cli->s);
	pump(srv, cli);
}

static const enum ppp_auth_method methods[] = {
	PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5, PPP_AUTH_MSCHAPV2,
};

START_TEST(test_full_negotiation)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(methods[_i], "alice", "secret");
	struct side srv, cli;

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.auth_ok, 1);
	ck_assert_str_eq(srv.user, "alice");
	ck_assert_int_eq(cli.auth_ok, 1);
	ck_assert_str_eq(ppp_session_phase(srv.s), "network");

	ck_assert_int_eq(srv.v4_up, 1);
	ck_assert_int_eq(cli.v4_up, 1);
	ck_assert_uint_eq(srv.v4.peer_ip, ip("10.0.0.1"));
	ck_assert_uint_eq(srv.v4.local_ip, ip("10.255.0.1"));
	ck_assert_uint_eq(cli.v4.local_ip, ip("10.0.0.1"));
	ck_assert_uint_eq(cli.v4.peer_ip, ip("10.255.0.1"));
	ck_assert_uint_eq(cli.v4.dns[0], ip("192.0.2.53"));
	ck_assert_uint_eq(cli.v4.dns[1], ip("192.0.2.54"));

	ck_assert_int_eq(srv.v6_up, 1);
	ck_assert_int_eq(cli.v6_up, 1);
	ck_assert_mem_eq(srv.v6.local_ifid, cli.v6.peer_ifid, 8);
	ck_assert_mem_eq(srv.v6.peer_ifid, cli.v6.local_ifid, 8);
	ck_assert(memcmp(srv.v6.local_ifid, srv.v6.peer_ifid, 8) != 0);

	/* The client asked for MRU 1400: the server's netdevice uses it. */
	ck_assert_uint_eq(ppp_session_mru(srv.s), 1400);
	ck_assert_uint_eq(ppp_session_mru(cli.s), 1400);

	/* Nothing is left pending while the link sits idle but for echo. */
	run_for(&srv, &cli, 60000);
	ck_assert_int_eq(srv.fin_count, 0);
	ck_assert_int_eq(cli.fin_count, 0);
	ck_assert_int_eq(srv.v4_up, 1);

	/* Orderly close from the client. */
	ppp_session_close(cli.s, "user request");
	run_for(&srv, &cli, 5000);
	ck_assert_int_eq(cli.fin_count, 1);
	ck_assert_int_eq(cli.fin_reason, PPP_FIN_LOCAL_CLOSE);
	ck_assert_int_eq(srv.fin_count, 1);
	ck_assert_int_eq(srv.fin_reason, PPP_FIN_PEER_TERMINATE);
	ck_assert_int_eq(srv.v4_down, 1);
	ck_assert_uint_eq(pool_in_use(pool_set_find(pools, "default")), 0);
	free_pair(&srv, &cli);
}
END_TEST

/* Finds the last frame of proto and code sent by a side. */
static const uint8_t *find_sent(const struct side *sd, uint16_t proto,
				uint8_t code, size_t *len)
{
	for (int i = sd->nlog - 1; i >= 0; i--) {
		if (sd->loglen[i] >= 6 && get_be16(sd->log[i]) == proto &&
		    sd->log[i][2] == code) {
			*len = sd->loglen[i];
			return sd->log[i];
		}
	}
	return NULL;
}

START_TEST(test_wrong_password)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(methods[_i], "alice", "wrong");
	struct side srv, cli;
	const uint8_t *f;
	size_t len;

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.auth_ok, 0);
	ck_assert_int_eq(cli.auth_ok, 0);
	ck_assert_int_eq(srv.v4_up, 0);
	if (methods[_i] == PPP_AUTH_MSCHAPV2) {
		char msg[128] = { 0 };

		f = find_sent(&srv, PPP_CHAP, 4, &len);
		ck_assert_ptr_nonnull(f);
		memcpy(msg, f + 6, len - 6 < 127 ? len - 6 : 127);
		ck_assert_msg(strncmp(msg, "E=691 R=0 C=", 12) == 0, "%s", msg);
		ck_assert_ptr_nonnull(strstr(msg, " V=3 M="));
	} else if (methods[_i] == PPP_AUTH_PAP) {
		ck_assert_ptr_nonnull(find_sent(&srv, PPP_PAP, 3, &len));
	} else {
		ck_assert_ptr_nonnull(find_sent(&srv, PPP_CHAP, 4, &len));
	}
	/* The Failure goes out before LCP's Terminate-Request. */
	ck_assert_ptr_nonnull(find_sent(&srv, PPP_LCP, PPP_TERMREQ, &len));
	run_for(&srv, &cli, 5000);
	ck_assert_int_eq(srv.fin_count, 1);
	ck_assert_int_eq(srv.fin_reason, PPP_FIN_AUTH_FAILED);
	ck_assert_int_eq(cli.fin_count, 1);
	ck_assert_uint_eq(pool_in_use(pool_set_find(pools, "default")), 0);
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_unknown_user)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_MSCHAPV2, "mallory", "x");
	struct side srv, cli;

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.auth_ok, 0);
	run_for(&srv, &cli, 5000);
	ck_assert_int_eq(srv.fin_reason, PPP_FIN_AUTH_FAILED);
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_nt_hash_user)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(methods[_i], "bob", "password");
	struct side srv, cli;

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	if (methods[_i] == PPP_AUTH_MSCHAPV2) {
		ck_assert_int_eq(srv.auth_ok, 1);
		ck_assert_int_eq(srv.v4_up, 1);
	} else {
		/* The hash cannot check a PAP password or a CHAP-MD5 hash. */
		ck_assert_int_eq(srv.auth_ok, 0);
		run_for(&srv, &cli, 5000);
		ck_assert_int_eq(srv.fin_reason, PPP_FIN_AUTH_FAILED);
		ck_assert_ptr_nonnull(strstr(srv.fin_msg, "NT-hash"));
	}
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_server_falls_back_on_nak)
{
	/* Server prefers PAP but the client only does MS-CHAPv2. */
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_MSCHAPV2, "alice", "secret");
	struct side srv, cli;

	sc.auth[0] = PPP_AUTH_PAP;
	sc.auth[1] = PPP_AUTH_MSCHAPV2;
	sc.n_auth = 2;
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.auth_ok, 1);

	/* A client that accepts none of ours: the server gives up. */
	free_pair(&srv, &cli);
	sc.n_auth = 1;
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	run_for(&srv, &cli, 10000);
	ck_assert_int_eq(srv.fin_count, 1);
	ck_assert_int_eq(srv.fin_reason, PPP_FIN_AUTH_FAILED);
	ck_assert_int_eq(srv.auth_ok, -1);
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_echo_failure_brings_session_down)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_CHAP_MD5, "alice", "secret");
	struct side srv, cli;

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.v4_up, 1);
	cli.cut = true;		/* the client vanishes without a word */
	/* 3 unanswered echoes 10 s apart, then Terminate (2 x 1 s). */
	run_for(&srv, &cli, 39000);
	ck_assert_int_eq(srv.fin_count, 0);
	run_for(&srv, &cli, 4000);
	ck_assert_int_eq(srv.fin_count, 1);
	ck_assert_int_eq(srv.fin_reason, PPP_FIN_ECHO_TIMEOUT);
	ck_assert_int_eq(srv.v4_down, 1);
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_pool_exhaustion_and_reuse)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "dave", "dpw");
	struct side s1, c1, s2, c2, s3, c3;

	sc.ipv6 = false;
	cc.ipv6 = false;
	connect_pair(&s1, &c1, &sc, &cc);
	bring_up(&s1, &c1);
	ck_assert_int_eq(s1.v4_up, 1);
	ck_assert_uint_eq(c1.v4.local_ip, ip("10.1.0.5"));

	connect_pair(&s2, &c2, &sc, &cc);
	bring_up(&s2, &c2);
	ck_assert_int_eq(s2.auth_ok, 1);
	ck_assert_int_eq(s2.v4_up, 0);
	run_for(&s2, &c2, 5000);
	ck_assert_int_eq(s2.fin_reason, PPP_FIN_NO_ADDRESS);
	free_pair(&s2, &c2);

	/* The first session's address comes back when it goes away. */
	free_pair(&s1, &c1);
	connect_pair(&s3, &c3, &sc, &cc);
	bring_up(&s3, &c3);
	ck_assert_int_eq(s3.v4_up, 1);
	ck_assert_uint_eq(c3.v4.local_ip, ip("10.1.0.5"));
	free_pair(&s3, &c3);
}
END_TEST

START_TEST(test_pool_exhaustion_ipv6_survives)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "dave", "dpw");
	struct side s1, c1, s2, c2;

	connect_pair(&s1, &c1, &sc, &cc);
	bring_up(&s1, &c1);
	ck_assert_int_eq(s1.v4_up, 1);
	connect_pair(&s2, &c2, &sc, &cc);
	bring_up(&s2, &c2);
	/* No IPv4 address left: IPv6 alone carries the session. */
	ck_assert_int_eq(s2.v4_up, 0);
	ck_assert_int_eq(s2.v6_up, 1);
	ck_assert_int_eq(ppp_session_fsm_state(s2.s, PPP_IPCP), FSM_CLOSED);
	/* The client's IPCP hears only Terminate-Ack and gives up. */
	run_for(&s2, &c2, 20000);
	ck_assert_int_eq(ppp_session_fsm_state(c2.s, PPP_IPCP), FSM_STOPPED);
	ck_assert_int_eq(s2.fin_count, 0);
	ck_assert_int_eq(c2.fin_count, 0);
	ck_assert_int_eq(c2.v6_up, 1);
	free_pair(&s2, &c2);
	free_pair(&s1, &c1);
}
END_TEST

/*
 * IPv6CP up on the server delegates a /64 from the section's prefix pool;
 * an exhausted pool leaves IPv6 up, link-local only; the /64 returns to
 * the pool with the session.
 */
START_TEST(test_ipv6_prefix_delegation)
{
	static const struct ra_config ra = { .interval_ms = 200000 };
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "dave", "dpw");
	struct side s1, c1, s2, c2, s3, c3;
	struct prefix_pool *pp;
	uint8_t base[16], want[16];
	unsigned len;
	char err[128];

	ck_assert_int_eq(prefix_pool_parse("2001:db8:100::/63", base, &len,
					   err, sizeof(err)), 0);
	pp = prefix_pool_new(base, len);
	ck_assert_ptr_nonnull(pp);
	pool_set_set_prefixes(pools, pp);
	sc.ra = &ra;
	sc.n_auth = 1;
	sc.auth[0] = PPP_AUTH_PAP;
	connect_pair(&s1, &c1, &sc, &cc);
	bring_up(&s1, &c1);
	ck_assert_int_eq(s1.v6_up, 1);
	ck_assert(s1.v6.has_prefix);
	ck_assert_mem_eq(s1.v6.prefix, base, 16);
	ck_assert_ptr_eq(s1.v6.ra, &ra);
	ck_assert(!c1.v6.has_prefix);	/* the client delegates nothing */
	connect_pair(&s2, &c2, &sc, &cc);
	bring_up(&s2, &c2);
	ck_assert(s2.v6.has_prefix);
	memcpy(want, base, 16);
	want[7] = 1;
	ck_assert_mem_eq(s2.v6.prefix, want, 16);
	/* Exhausted: IPv6 still opens, with link-local addresses only. */
	connect_pair(&s3, &c3, &sc, &cc);
	bring_up(&s3, &c3);
	ck_assert_int_eq(s3.v6_up, 1);
	ck_assert(!s3.v6.has_prefix);
	ck_assert_int_eq(s3.fin_count, 0);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 2);
	free_pair(&s3, &c3);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 2);
	free_pair(&s1, &c1);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	ck_assert(!prefix_pool_in_use_by(pp, base));
	connect_pair(&s1, &c1, &sc, &cc);
	bring_up(&s1, &c1);
	ck_assert(s1.v6.has_prefix);
	ck_assert_mem_eq(s1.v6.prefix, base, 16);
	/* Closing PPP takes IPv6CP down, which gives the /64 back. */
	ppp_session_close(s2.s, "test");
	run_for(&s2, &c2, 5000);
	ck_assert_int_eq(s2.fin_count, 1);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	free_pair(&s2, &c2);
	free_pair(&s1, &c1);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
}
END_TEST

START_TEST(test_static_address_once)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_MSCHAPV2, "carol", "pass word");
	struct side s1, c1, s2, c2;

	sc.ipv6 = false;
	connect_pair(&s1, &c1, &sc, &cc);
	bring_up(&s1, &c1);
	ck_assert_uint_eq(c1.v4.local_ip, ip("10.9.9.9"));
	/* A second login of the same user cannot share the address. */
	connect_pair(&s2, &c2, &sc, &cc);
	bring_up(&s2, &c2);
	ck_assert_int_eq(s2.v4_up, 0);
	run_for(&s2, &c2, 5000);
	ck_assert_int_eq(s2.fin_reason, PPP_FIN_NO_ADDRESS);
	free_pair(&s2, &c2);
	free_pair(&s1, &c1);
}
END_TEST

START_TEST(test_ipv6_only_peer_rejects_ipcp)
{
	/* A client without IPv4 Protocol-Rejects IPCP; IPv6 still opens. */
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "alice", "secret");
	struct side srv, cli;

	cc.ipv4 = false;
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.v6_up, 1);
	ck_assert_int_eq(srv.v4_up, 0);
	ck_assert_int_eq(ppp_session_fsm_state(srv.s, PPP_IPCP), FSM_STOPPED);
	ck_assert_int_eq(srv.fin_count, 0);
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_hdlc_header_accepted)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "alice", "secret");
	struct side srv, cli;

	connect_pair(&srv, &cli, &sc, &cc);
	cli.ff03 = true;
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.v4_up, 1);
	free_pair(&srv, &cli);
}
END_TEST

static int count_sent(const struct side *sd, uint16_t proto, uint8_t code)
{
	int n = 0;

	for (int i = 0; i < sd->nlog; i++)
		n += sd->loglen[i] >= 6 && get_be16(sd->log[i]) == proto &&
		     sd->log[i][2] == code;
	return n;
}

/* 1 if the first two frames of proto and code a side sent are equal. */
static int same_answers(const struct side *sd, uint16_t proto, uint8_t code)
{
	int i, first = -1;

	for (i = 0; i < sd->nlog; i++) {
		if (sd->loglen[i] < 6 || get_be16(sd->log[i]) != proto ||
		    sd->log[i][2] != code)
			continue;
		if (first < 0)
			first = i;
		else
			return sd->loglen[i] == sd->loglen[first] &&
			       !memcmp(sd->log[i], sd->log[first], sd->loglen[i]);
	}
	return 0;
}

/*
 * srv and cli negotiate until srv's authentication of alice (method m)
 * is done, no NCP open yet; the client's Request/Response goes to repeat.
 * Its length.
 */
static size_t until_auth_done(struct side *srv, struct side *cli,
			      enum ppp_auth_method m, uint8_t *repeat)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(m, "alice", "secret");
	uint16_t proto = m == PPP_AUTH_PAP ? PPP_PAP : PPP_CHAP;
	const uint8_t *f;
	size_t len;
	int n;

	sc.auth[0] = m;
	sc.n_auth = 1;
	connect_pair(srv, cli, &sc, &cc);
	ppp_session_start(srv->s);
	ppp_session_start(cli->s);
	for (n = 0; n < 1000 && srv->auth_ok < 0 && pump_one(srv, cli); n++)
		;
	ck_assert_int_eq(srv->auth_ok, 1);
	ck_assert_int_eq(srv->v4_up + srv->v6_up, 0);
	ck_assert_str_eq(ppp_session_user(srv->s), "alice");
	f = find_sent(cli, proto, m == PPP_AUTH_PAP ? 1 : 2, &len);
	ck_assert_ptr_nonnull(f);
	memcpy(repeat, f, len);
	return len;
}

/*
 * The authentication state answers a repeated Request/Response (the peer
 * lost our Ack/Success) with the same answer until an NCP opens; from
 * then on it is gone, and only the user name stays.
 */
START_TEST(test_auth_state_kept_until_ncp_opens)
{
	bool pap = methods[_i] == PPP_AUTH_PAP;
	uint16_t proto = pap ? PPP_PAP : PPP_CHAP;
	uint8_t ok = pap ? 2 : 3;	/* Ack/Success */
	struct ppp_session_stats st;
	struct side srv, cli;
	uint8_t repeat[FMAX];
	size_t len;
	int n;

	len = until_auth_done(&srv, &cli, methods[_i], repeat);
	/* Success lost: the repeat gets the same answer. */
	n = count_sent(&srv, proto, ok);
	ck_assert_int_eq(n, 1);
	loop_advance(loop, 0);
	ppp_session_input(srv.s, repeat, len);
	ck_assert_int_eq(count_sent(&srv, proto, ok), 2);
	ck_assert_int_eq(same_answers(&srv, proto, ok), 1);

	/* The NCPs open: the state goes, the name stays. */
	pump(&srv, &cli);
	ck_assert_int_eq(srv.v4_up, 1);
	ppp_session_stats(srv.s, &st);
	ppp_session_input(srv.s, repeat, len);
	ck_assert_int_eq(count_sent(&srv, proto, ok), 2);
	n = (int)st.rx_discarded;
	ppp_session_stats(srv.s, &st);
	ck_assert_int_eq((int)st.rx_discarded, n + 1);
	ck_assert_str_eq(ppp_session_user(srv.s), "alice");
	ck_assert_str_eq(ppp_session_user(cli.s), "alice");
	free_pair(&srv, &cli);
}
END_TEST

/*
 * A verifier answering 2 s later (RADIUS): its Framed-IP-Address is the
 * peer's address exactly, claimed once; its Framed-MTU caps the MTU; the
 * grant reaches auth_done.
 */
START_TEST(test_later_grant_static_address)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(methods[_i], "zed", "radpass");
	struct later_verifier lv;
	struct side srv, cli;

	later_verifier_init(&lv, loop, 2000, "radpass");
	lv.grant.addr_kind = PPP_USER_ADDR_STATIC;
	lv.grant.addr = ip("192.0.2.77");
	lv.grant.mtu = 1280;
	lv.grant.from_radius = true;
	sc.verifier = &lv.v;
	sc.ipv6 = false;
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.auth_ok, -1);
	ck_assert_str_eq(ppp_session_phase(srv.s), "authenticate");
	run_for(&srv, &cli, 3000);
	ck_assert_int_eq(lv.calls, 1);
	ck_assert_int_eq(srv.auth_ok, 1);
	ck_assert(srv.granted);
	ck_assert(srv.grant.from_radius);
	ck_assert_uint_eq(srv.grant.addr, ip("192.0.2.77"));
	ck_assert_int_eq(cli.auth_ok, 1);
	ck_assert_int_eq(srv.v4_up, 1);
	ck_assert_uint_eq(cli.v4.local_ip, ip("192.0.2.77"));
	ck_assert_uint_eq(ppp_session_mru(srv.s), 1280);
	ck_assert_uint_eq(pool_in_use(pool_set_find(pools, "default")), 0);
	free_pair(&srv, &cli);
	/* Released with the session: the next one may claim it. */
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	run_for(&srv, &cli, 3000);
	ck_assert_uint_eq(cli.v4.local_ip, ip("192.0.2.77"));
	free_pair(&srv, &cli);
	ck_assert_int_eq(lv.live, 0);
}
END_TEST

/*
 * A Framed-IP-Address inside the section's pool: taken out of it for the
 * session (never handed out dynamically meanwhile), refused to a second
 * session, free again when the first ends.
 */
START_TEST(test_later_grant_address_in_pool)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_CHAP_MD5, "zed", "radpass");
	struct ppp_pool *def = pool_set_find(pools, "default");
	struct later_verifier lv;
	struct side s1, c1, s2, c2;
	uint32_t a;

	later_verifier_init(&lv, loop, 100, "radpass");
	lv.grant.addr_kind = PPP_USER_ADDR_STATIC;
	lv.grant.addr = ip("10.0.0.3");
	sc.verifier = &lv.v;
	sc.ipv6 = false;
	connect_pair(&s1, &c1, &sc, &cc);
	bring_up(&s1, &c1);
	run_for(&s1, &c1, 1000);
	ck_assert_uint_eq(c1.v4.local_ip, ip("10.0.0.3"));
	ck_assert_uint_eq(pool_in_use(def), 1);
	for (size_t i = 1; i < pool_size(def); i++) {
		ck_assert_int_eq(pool_alloc(def, &a), 0);
		ck_assert_uint_ne(a, ip("10.0.0.3"));
	}
	ck_assert_int_eq(pool_alloc(def, &a), -ENOSPC);
	connect_pair(&s2, &c2, &sc, &cc);
	bring_up(&s2, &c2);
	run_for(&s2, &c2, 5000);
	ck_assert_int_eq(s2.v4_up, 0);
	ck_assert_int_eq(s2.fin_reason, PPP_FIN_NO_ADDRESS);
	free_pair(&s2, &c2);
	free_pair(&s1, &c1);
	ck_assert_int_eq(pool_claim(def, ip("10.0.0.3")), 0);
}
END_TEST

static void v6(const char *a, uint8_t out[16])
{
	ck_assert_int_eq(inet_pton(AF_INET6, a, out), 1);
}

/* The section's /63 (two /64s) for the Framed-IPv6-Prefix tests. */
static struct prefix_pool *two_64s(struct ppp_config *sc)
{
	static const struct ra_config ra = { .interval_ms = 200000 };
	struct prefix_pool *pp;
	uint8_t base[16];

	v6("2001:db8:100::", base);
	pp = prefix_pool_new(base, 63);
	ck_assert_ptr_nonnull(pp);
	pool_set_set_prefixes(pools, pp);
	sc->ra = &ra;
	sc->ipv4 = false;
	return pp;
}

/* A verifier granting p/len as Framed-IPv6-Prefix, 100 ms later. */
static void grant_v6(struct later_verifier *lv, struct ppp_config *sc,
		     const char *p, uint8_t len)
{
	later_verifier_init(lv, loop, 100, "radpass");
	lv->grant.has_ipv6_prefix = len > 0;
	v6(p, lv->grant.ipv6_prefix);
	lv->grant.ipv6_prefix_len = len;
	sc->verifier = &lv->v;
}

/* A session up, past the verifier's answer. */
static void dial(struct side *srv, struct side *cli,
		 const struct ppp_config *sc, const struct ppp_config *cc)
{
	connect_pair(srv, cli, sc, cc);
	bring_up(srv, cli);
	run_for(srv, cli, 1000);
}

/*
 * Framed-IPv6-Prefix outside the section's prefix pool: the peer's /64
 * exactly, the pool untouched; a second session granted the same /64
 * gets IPv6 link-local only; free again when the first ends.
 */
START_TEST(test_later_grant_ipv6_prefix)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "zed", "radpass");
	struct prefix_pool *pp = two_64s(&sc);
	struct later_verifier lv;
	struct side s1, c1, s2, c2;
	struct log_capture lc;
	uint8_t want[16];

	grant_v6(&lv, &sc, "2001:db8:77:5::", 64);
	dial(&s1, &c1, &sc, &cc);
	ck_assert_int_eq(s1.v6_up, 1);
	ck_assert(s1.v6.has_prefix);
	v6("2001:db8:77:5::", want);
	ck_assert_mem_eq(s1.v6.prefix, want, 16);
	ck_assert_ptr_eq(s1.v6.ra, sc.ra);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
	log_capture_start(&lc);
	dial(&s2, &c2, &sc, &cc);
	log_capture_stop();
	ck_assert_int_eq(s2.v6_up, 1);
	ck_assert(!s2.v6.has_prefix);
	ck_assert_int_eq(s2.fin_count, 0);
	ck_assert_msg(strstr(lc.text, "user \"zed\": Framed-IPv6-Prefix "
			     "2001:db8:77:5::/64 is in use by another "
			     "session"), "%s", lc.text);
	free_pair(&s2, &c2);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
	free_pair(&s1, &c1);
	dial(&s1, &c1, &sc, &cc);
	ck_assert(s1.v6.has_prefix);
	ck_assert_mem_eq(s1.v6.prefix, want, 16);
	free_pair(&s1, &c1);
	ck_assert_int_eq(pool_set_claim_prefix(pools, want), 0);
}
END_TEST

/*
 * Framed-IPv6-Prefix inside the section's prefix pool: claimed from it
 * (the pool hands it to nobody else meanwhile), given back with the
 * session, whether PPP closes or the session is freed.
 */
START_TEST(test_later_grant_ipv6_prefix_in_pool)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_CHAP_MD5, "zed", "radpass");
	struct prefix_pool *pp = two_64s(&sc);
	struct later_verifier lv;
	struct side s1, c1, s2, c2;
	uint8_t want[16], other[16], got[16];

	grant_v6(&lv, &sc, "2001:db8:100:1::", 64);
	dial(&s1, &c1, &sc, &cc);
	v6("2001:db8:100:1::", want);
	ck_assert(s1.v6.has_prefix);
	ck_assert_mem_eq(s1.v6.prefix, want, 16);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	ck_assert(prefix_pool_in_use_by(pp, want));
	/* The pool's other /64 is the only one left. */
	v6("2001:db8:100::", other);
	ck_assert_int_eq(prefix_pool_alloc(pp, got), 0);
	ck_assert_mem_eq(got, other, 16);
	ck_assert_int_eq(prefix_pool_alloc(pp, got), -ENOSPC);
	prefix_pool_release(pp, got);
	/* Users of the pool get the other /64. */
	sc.verifier = &users_v;
	cc = client_cfg(PPP_AUTH_PAP, "dave", "dpw");
	connect_pair(&s2, &c2, &sc, &cc);
	bring_up(&s2, &c2);
	ck_assert(s2.v6.has_prefix);
	ck_assert_mem_eq(s2.v6.prefix, other, 16);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 2);
	ppp_session_close(s1.s, "test");
	run_for(&s1, &c1, 5000);
	ck_assert_int_eq(s1.fin_count, 1);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	ck_assert(!prefix_pool_in_use_by(pp, want));
	free_pair(&s1, &c1);
	free_pair(&s2, &c2);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
	ck_assert_int_eq(prefix_pool_claim(pp, want), 0);
}
END_TEST

/*
 * A Framed-IPv6-Prefix SLAAC cannot use (not a /64, link-local,
 * multicast, ::/64) is refused with a line naming the user: IPv6 opens
 * link-local only, the session stays, the pool is untouched.
 */
START_TEST(test_later_grant_ipv6_prefix_refused)
{
	static const struct { const char *p; uint8_t len; const char *why; }
	bad[] = {
		{ "2001:db8:77::", 56, "2001:db8:77::/56 is not a /64" },
		{ "2001:db8:77:5::", 48, "is not a /64" },
		{ "2001:db8:77:5::", 128, "is not a /64" },
		{ "fe80::", 64, "fe80::/64 is multicast, link-local" },
		{ "ff0e::", 64, "multicast" },
		{ "::", 64, "::/64" },
	};
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "zed", "radpass");
	struct prefix_pool *pp = two_64s(&sc);
	struct later_verifier lv;
	struct log_capture lc;
	struct side srv, cli;

	grant_v6(&lv, &sc, bad[_i].p, bad[_i].len);
	log_capture_start(&lc);
	dial(&srv, &cli, &sc, &cc);
	log_capture_stop();
	ck_assert_int_eq(srv.v6_up, 1);
	ck_assert(!srv.v6.has_prefix);
	ck_assert_int_eq(srv.fin_count, 0);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
	ck_assert_msg(strstr(lc.text, "user \"zed\": Framed-IPv6-Prefix "
			     "refused: "), "%s", lc.text);
	ck_assert_msg(strstr(lc.text, bad[_i].why), "%s", lc.text);
	ck_assert_msg(strstr(lc.text, "IPv6 stays link-local only"), "%s",
		      lc.text);
	free_pair(&srv, &cli);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
}
END_TEST

/*
 * Delegated-IPv6-Prefix: kept for DHCPv6 prefix delegation and handed to
 * the data plane with IPv6CP's result (and to accounting); the /64 still
 * comes from the pool.
 */
START_TEST(test_later_grant_delegated_prefix_kept)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "zed", "radpass");
	struct prefix_pool *pp = two_64s(&sc);
	struct later_verifier lv;
	struct side srv, cli;
	uint8_t first[16], want[16], got[16], len = 0;

	grant_v6(&lv, &sc, "::", 0);
	lv.grant.has_delegated_prefix = true;
	v6("2001:db8:99::", lv.grant.delegated_prefix);
	lv.grant.delegated_prefix_len = 56;
	dial(&srv, &cli, &sc, &cc);
	v6("2001:db8:100::", first);
	v6("2001:db8:99::", want);
	ck_assert(srv.v6.has_prefix);
	ck_assert_mem_eq(srv.v6.prefix, first, 16);
	ck_assert(srv.v6.serve_pd);
	ck_assert(!cli.v6.serve_pd);	/* the client runs no server */
	ck_assert(!cli.v6.has_delegated);
	ck_assert(srv.v6.has_delegated);
	ck_assert_uint_eq(srv.v6.delegated_len, 56);
	ck_assert_mem_eq(srv.v6.delegated, want, 16);
	ck_assert_str_eq(srv.v6.user, "zed");
	ck_assert(ppp_session_delegated(srv.s, got, &len));
	ck_assert_uint_eq(len, 56);
	ck_assert_mem_eq(got, want, 16);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	free_pair(&srv, &cli);
}
END_TEST

/*
 * A delegated prefix that is no /48../64, not global, or overlaps the
 * session's Framed-IPv6-Prefix or the section's prefix pool is refused
 * with a log line naming user and prefix; the session comes up without
 * prefix delegation.
 */
START_TEST(test_later_grant_delegated_prefix_refused)
{
	static const struct {
		const char *p; uint8_t len; const char *framed; const char *why;
	} bad[] = {
		{ "2001:db8:99::", 40, NULL, "2001:db8:99::/40 refused: "
		  "prefix length /40 is not in /48../64" },
		{ "2001:db8:99::", 72, NULL, "not in /48../64" },
		{ "fe80::", 56, NULL, "multicast, link-local" },
		{ "2001:db8:100::", 56, NULL, "overlaps the IPv6 prefix pool "
		  "2001:db8:100::/63" },
		{ "2001:db8:5::", 48, "2001:db8:5:7::", "overlaps the "
		  "session's Framed-IPv6-Prefix" },
	};
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "zed", "radpass");
	struct later_verifier lv;
	struct log_capture lc;
	struct side srv, cli;
	uint8_t got[16], len;

	two_64s(&sc);
	grant_v6(&lv, &sc, bad[_i].framed ? bad[_i].framed : "::",
		 bad[_i].framed ? 64 : 0);
	lv.grant.has_delegated_prefix = true;
	v6(bad[_i].p, lv.grant.delegated_prefix);
	lv.grant.delegated_prefix_len = bad[_i].len;
	log_capture_start(&lc);
	dial(&srv, &cli, &sc, &cc);
	log_capture_stop();
	ck_assert_int_eq(srv.v6_up, 1);
	ck_assert_int_eq(srv.fin_count, 0);
	ck_assert(!srv.v6.has_delegated);
	ck_assert(!ppp_session_delegated(srv.s, got, &len));
	ck_assert_msg(strstr(lc.text, "user \"zed\": delegated prefix "),
		      "%s", lc.text);
	ck_assert_msg(strstr(lc.text, bad[_i].why), "%s", lc.text);
	ck_assert_msg(strstr(lc.text, "no prefix delegation for this "
			     "session"), "%s", lc.text);
	free_pair(&srv, &cli);
}
END_TEST

/* Framed-Pool: the address comes from that pool, not the default. */
START_TEST(test_later_grant_pool)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "zed", "radpass");
	struct later_verifier lv;
	struct side srv, cli;

	later_verifier_init(&lv, loop, 500, "radpass");
	lv.grant.addr_kind = PPP_USER_ADDR_POOL;
	snprintf(lv.grant.pool, sizeof(lv.grant.pool), "small");
	sc.verifier = &lv.v;
	sc.ipv6 = false;
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	run_for(&srv, &cli, 1000);
	ck_assert_int_eq(srv.v4_up, 1);
	ck_assert_uint_eq(cli.v4.local_ip, ip("10.1.0.5"));
	free_pair(&srv, &cli);
}
END_TEST

/*
 * The session goes while the verdict is due: closed, then freed (_i <
 * nm), or freed outright as when its tunnel goes.  The verification is
 * cancelled at once and nothing is called afterwards.
 */
START_TEST(test_gone_while_verifying)
{
	size_t nm = sizeof(methods) / sizeof(methods[0]);
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(methods[_i % nm], "zed", "radpass");
	struct later_verifier lv;
	struct side srv, cli;

	later_verifier_init(&lv, loop, 2000, "radpass");
	sc.verifier = &lv.v;
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(lv.live, 1);
	if ((size_t)_i < nm) {
		ppp_session_close(srv.s, "admin reset");
		ck_assert_int_eq(lv.cancels, 1);
		run_for(&srv, &cli, 500);
	}
	free_pair(&srv, &cli);
	srv.s = cli.s = NULL;
	ck_assert_int_eq(lv.cancels, 1);
	ck_assert_int_eq(lv.live, 0);
	loop_advance(loop, 10000);
	ck_assert_int_eq(lv.answers, 0);
	ck_assert_int_eq(srv.auth_ok, -1);
}
END_TEST

START_TEST(test_finished_may_free)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "alice", "secret");
	struct side srv, cli;

	connect_pair(&srv, &cli, &sc, &cc);
	srv.free_on_finish = cli.free_on_finish = true;
	bring_up(&srv, &cli);
	ppp_session_close(srv.s, "admin");
	run_for(&srv, &cli, 5000);
	ck_assert_ptr_null(srv.s);
	ck_assert_ptr_null(cli.s);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
}
END_TEST

START_TEST(test_session_size_bounded)
{
	/* Thousands of sessions per box: keep each one small. */
	ck_assert_uint_lt(ppp_session_size(), 8192);
}
END_TEST

START_TEST(test_close_before_start)
{
	struct ppp_config sc = server_cfg();
	struct side srv;

	init_side(&srv);
	srv.s = ppp_session_new(loop, &sc, &wire_ops, &srv, PPP_SERVER, "srv");
	ppp_session_close(srv.s, "tunnel went away");
	loop_advance(loop, 0);
	ck_assert_int_eq(srv.fin_count, 1);
	ck_assert_int_eq(srv.fin_reason, PPP_FIN_LOCAL_CLOSE);
	ppp_session_free(srv.s);
}
END_TEST

START_TEST(test_peer_never_answers)
{
	struct ppp_config sc = server_cfg();
	struct side srv;

	init_side(&srv);
	srv.s = ppp_session_new(loop, &sc, &wire_ops, &srv, PPP_SERVER, "srv");
	ppp_session_start(srv.s);
	loop_advance(loop, 10 * 1000 + 1);
	ck_assert_int_eq(srv.fin_count, 1);
	ck_assert_int_eq(srv.fin_reason, PPP_FIN_NEGOTIATION);
	ck_assert_int_eq(srv.nlog, 10);	/* Max-Configure requests */
	ppp_session_free(srv.s);
}
END_TEST

START_TEST(test_malformed_frames)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "alice", "secret");
	struct side srv, cli;
	struct ppp_session_stats st;
	static const uint8_t bad[][12] = {
		{ 0 },
		{ 0xff, 0x03 },
		{ 0x00, 0x00, 1, 1, 0, 4 },		/* even protocol */
		{ 0xc0, 0x21, 1, 1, 0, 200 },		/* LCP length too big */
		{ 0xc0, 0x21, 1, 1, 0, 9, 1, 9, 0, 0, 0, 0 }, /* option len 9 */
		{ 0xc0, 0x23, 1 },			/* PAP shorter than header */
		{ 0xc2, 0x23, 2, 0, 0, 6, 200, 0 },	/* CHAP value past end */
		{ 0x80, 0x21, 1, 1, 0, 10, 3, 2, 0, 0 },/* IPCP option len 2 */
	};
	static const size_t blen[] = { 0, 2, 6, 6, 12, 3, 8, 10 };
	uint8_t unk[] = { 0x80, 0xfd, 1, 1, 0, 4 };	/* CCP: not ours */
	const uint8_t *f;
	size_t len;

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.v4_up, 1);
	for (size_t i = 0; i < sizeof(blen) / sizeof(blen[0]); i++)
		ppp_session_input(srv.s, bad[i], blen[i]);
	ppp_session_stats(srv.s, &st);
	/*
	 * All counted: authentication is over (IPCP opened), so the PAP and
	 * CHAP frames are discarded unparsed, the rest are malformed.
	 */
	ck_assert_uint_eq(st.rx_malformed, sizeof(blen) / sizeof(blen[0]) - 2);
	ck_assert_uint_eq(st.rx_discarded, 2);
	ck_assert_int_eq(ppp_session_fsm_state(srv.s, PPP_LCP), FSM_OPENED);

	ppp_session_input(srv.s, unk, sizeof(unk));
	f = find_sent(&srv, PPP_LCP, PPP_PROTREJ, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(len, 2 + 4 + 2 + 4);
	ck_assert_uint_eq(get_be16(f + 6), 0x80fd);
	ck_assert_mem_eq(f + 8, unk + 2, 4);
	ppp_session_stats(srv.s, &st);
	ck_assert_uint_eq(st.protocol_rejects, 1);

	/* Unknown LCP code: Code-Reject, the link stays up. */
	uint8_t weird[] = { 0xc0, 0x21, 99, 5, 0, 4 };

	ppp_session_input(srv.s, weird, sizeof(weird));
	f = find_sent(&srv, PPP_LCP, PPP_CODEREJ, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f[6], 99);
	ck_assert_int_eq(ppp_session_fsm_state(srv.s, PPP_LCP), FSM_OPENED);
	pump(&srv, &cli);
	ck_assert_int_eq(srv.v4_up, 1);
	ck_assert_int_eq(srv.fin_count, 0);
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_echo_answered)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "alice", "secret");
	struct side srv, cli;
	uint8_t echo[] = { 0xc0, 0x21, PPP_ECHOREQ, 7, 0, 10, 0, 0, 0, 0, 'h', 'i' };
	const uint8_t *f;
	size_t len;

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ppp_session_input(srv.s, echo, sizeof(echo));
	f = find_sent(&srv, PPP_LCP, PPP_ECHOREP, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f[3], 7);
	ck_assert_uint_eq(len, sizeof(echo));
	ck_assert_mem_eq(f + 10, "hi", 2);
	ck_assert_uint_ne(get_be32(f + 6), 0);	/* our magic number */
	free_pair(&srv, &cli);
}
END_TEST

START_TEST(test_lcp_renegotiation)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_MSCHAPV2, "alice", "secret");
	struct side srv, cli;
	uint8_t req[] = { 0xc0, 0x21, PPP_CONFREQ, 200, 0, 14,
			  1, 4, 0x05, 0x78, 5, 6, 0x12, 0x34, 0x56, 0x78 };

	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	ck_assert_int_eq(srv.v4_up, 1);
	/* A Configure-Request on an open link restarts everything above. */
	ppp_session_input(srv.s, req, sizeof(req));
	ck_assert_int_eq(srv.v4_down, 1);
	ck_assert_uint_eq(pool_in_use(pool_set_find(pools, "default")), 0);
	pump(&srv, &cli);
	ck_assert_int_eq(srv.v4_up, 2);
	ck_assert_int_eq(cli.v4_up, 2);
	ck_assert_int_eq(srv.auth_ok, 1);
	ck_assert_uint_eq(pool_in_use(pool_set_find(pools, "default")), 1);
	ck_assert_int_eq(srv.fin_count, 0);
	free_pair(&srv, &cli);
	ck_assert_uint_eq(pool_in_use(pool_set_find(pools, "default")), 0);
}
END_TEST

START_TEST(test_disabled_protocol_rejected)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "alice", "secret");
	struct side srv, cli;
	uint8_t v6data[] = { 0x00, 0x57, 0x60, 0, 0, 0 };
	uint8_t v4data[] = { 0x21, 0x45, 0, 0, 20 };	/* PFC-compressed */
	const uint8_t *f;
	size_t len;

	sc.ipv6 = false;
	cc.ipv6 = false;
	connect_pair(&srv, &cli, &sc, &cc);
	bring_up(&srv, &cli);
	struct ppp_session_stats st;

	ppp_session_input(srv.s, v4data, sizeof(v4data));
	ppp_session_stats(srv.s, &st);
	ck_assert_uint_eq(st.rx_data, 1);
	ck_assert_uint_eq(st.protocol_rejects, 0);
	ppp_session_input(srv.s, v6data, sizeof(v6data));
	f = find_sent(&srv, PPP_LCP, PPP_PROTREJ, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(get_be16(f + 6), PPP_IPV6);
	ppp_session_stats(srv.s, &st);
	ck_assert_uint_eq(st.protocol_rejects, 1);
	free_pair(&srv, &cli);
}
END_TEST

/* n copies of frame into s, all at the same instant. */
static void flood(struct ppp_session *s, const uint8_t *frame, size_t len,
		  unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		ppp_session_input(s, frame, len);
}

/*
 * A PAP pair up, its buckets refilled since, and the server's frames cut
 * off (counted in its log only) for the flood to come.
 */
static void up_for_flood(struct side *srv, struct side *cli,
			 struct ppp_replies_withheld *total)
{
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(PPP_AUTH_PAP, "alice", "secret");

	sc.withheld_total = total;
	connect_pair(srv, cli, &sc, &cc);
	bring_up(srv, cli);
	ck_assert_int_eq(srv->v4_up, 1);
	run_for(srv, cli, 5000);
	srv->cut = true;
	srv->nlog = 0;
}

/* After the flood: the link stays (or comes back) up; frees the pair. */
static void still_up_after_flood(struct side *srv, struct side *cli)
{
	srv->cut = false;
	cli->nq = 0;
	run_for(srv, cli, 60000);
	ck_assert_int_eq(srv->fin_count, 0);
	ck_assert_int_eq(cli->fin_count, 0);
	ck_assert_int_eq(ppp_session_fsm_state(srv->s, PPP_LCP), FSM_OPENED);
	ck_assert_int_eq(ppp_session_fsm_state(srv->s, PPP_IPCP), FSM_OPENED);
	ck_assert_int_eq(ppp_session_fsm_state(cli->s, PPP_IPCP), FSM_OPENED);
	free_pair(srv, cli);
}

START_TEST(test_protocol_reject_flood_bounded)
{
	struct ppp_replies_withheld total = { 0 };
	enum ppp_reply_class c = PPP_REPLY_PROTOCOL_REJECT;
	uint8_t junk[] = { 0x0e, 0x05, 'j', 'u', 'n', 'k' };
	uint8_t echo[] = { 0xc0, 0x21, PPP_ECHOREQ, 9, 0, 8, 0, 0, 0, 0 };
	unsigned burst = ppp_reply_burst(c), iv = ppp_reply_interval_ms(c);
	struct side srv, cli;
	struct ppp_session_stats st;

	up_for_flood(&srv, &cli, &total);
	flood(srv.s, junk, sizeof(junk), 2000);
	/* RFC 1661's Protocol-Reject: the first ones go, then no more. */
	ck_assert_uint_eq(count_sent(&srv, PPP_LCP, PPP_PROTREJ), burst);
	ppp_session_stats(srv.s, &st);
	ck_assert_uint_eq(st.protocol_rejects, burst);
	ck_assert_uint_eq(st.withheld.n[c], 2000 - burst);
	ck_assert_uint_eq(total.n[c], 2000 - burst);
	/* Junk does not starve the replies the peer's keepalive needs. */
	ppp_session_input(srv.s, echo, sizeof(echo));
	ck_assert_uint_eq(count_sent(&srv, PPP_LCP, PPP_ECHOREP), 1);

	/* A second later the bucket has earned 1000 / iv rejects. */
	loop_advance(loop, 1000);
	srv.nlog = 0;
	flood(srv.s, junk, sizeof(junk), 100);
	ck_assert_uint_eq(count_sent(&srv, PPP_LCP, PPP_PROTREJ), 1000 / iv);
	ppp_session_stats(srv.s, &st);
	ck_assert_uint_eq(st.protocol_rejects, burst + 1000 / iv);
	ck_assert_uint_eq(total.n[c], 2100 - burst - 1000 / iv);
	ck_assert_uint_eq(st.withheld.n[PPP_REPLY_ECHO], 0);
	ck_assert_int_eq(srv.v4_down, 0);	/* the link never noticed */
	still_up_after_flood(&srv, &cli);
}
END_TEST

START_TEST(test_echo_and_code_reject_floods_bounded)
{
	uint8_t echo[] = { 0xc0, 0x21, PPP_ECHOREQ, 9, 0, 8, 0, 0, 0, 0 };
	uint8_t weird[] = { 0x80, 0x21, 99, 5, 0, 4 };	/* IPCP code 99 */
	struct side srv, cli;
	struct ppp_session_stats st;

	up_for_flood(&srv, &cli, NULL);
	flood(srv.s, echo, sizeof(echo), 500);
	flood(srv.s, weird, sizeof(weird), 500);
	ck_assert_uint_eq(count_sent(&srv, PPP_LCP, PPP_ECHOREP),
			  ppp_reply_burst(PPP_REPLY_ECHO));
	ck_assert_uint_eq(count_sent(&srv, PPP_IPCP, PPP_CODEREJ),
			  ppp_reply_burst(PPP_REPLY_CODE_REJECT));
	ppp_session_stats(srv.s, &st);
	ck_assert_uint_eq(st.withheld.n[PPP_REPLY_ECHO],
			  500 - ppp_reply_burst(PPP_REPLY_ECHO));
	ck_assert_uint_eq(st.withheld.n[PPP_REPLY_CODE_REJECT],
			  500 - ppp_reply_burst(PPP_REPLY_CODE_REJECT));
	ck_assert_uint_eq(st.withheld.n[PPP_REPLY_PROTOCOL_REJECT], 0);
	still_up_after_flood(&srv, &cli);
}
END_TEST

/*
 * A Configure-Request storm on IPCP: each gets one Ack/Nak/Reject, so the
 * replies are bounded too; the real peer's negotiation still converges,
 * a withheld reply being to it a packet lost.
 */
START_TEST(test_configure_request_storm_bounded)
{
	enum ppp_reply_class c = PPP_REPLY_NEGOTIATION;
	uint8_t req[] = { 0x80, 0x21, PPP_CONFREQ, 1, 0, 10, 3, 6, 0, 0, 0, 0 };
	struct side srv, cli;
	struct ppp_session_stats st;
	int replies;

	up_for_flood(&srv, &cli, NULL);
	flood(srv.s, req, sizeof(req), 200);
	replies = count_sent(&srv, PPP_IPCP, PPP_CONFACK) +
		  count_sent(&srv, PPP_IPCP, PPP_CONFNAK) +
		  count_sent(&srv, PPP_IPCP, PPP_CONFREJ);
	ck_assert_uint_eq(replies, ppp_reply_burst(c));
	ppp_session_stats(srv.s, &st);
	ck_assert_uint_eq(st.withheld.n[c], 200 - ppp_reply_burst(c));
	still_up_after_flood(&srv, &cli);
}
END_TEST

/*
 * Each repeat of a finished exchange is answered again: a flood of them
 * gets answers within the session's bucket, the rest held back; the link
 * still comes up.
 */
START_TEST(test_auth_repeats_bounded)
{
	bool pap = methods[_i] == PPP_AUTH_PAP;
	uint16_t proto = pap ? PPP_PAP : PPP_CHAP;
	uint8_t ok = pap ? 2 : 3;	/* Ack/Success */
	enum ppp_reply_class c = PPP_REPLY_NEGOTIATION;
	struct ppp_session_stats st;
	struct side srv, cli;
	uint8_t repeat[FMAX];
	size_t len;
	int answers;

	len = until_auth_done(&srv, &cli, methods[_i], repeat);
	srv.cut = true;
	srv.nlog = 0;
	flood(srv.s, repeat, len, 200);
	answers = count_sent(&srv, proto, ok);
	ppp_session_stats(srv.s, &st);
	ck_assert_int_ge(answers, 1);
	ck_assert_int_le(answers, (int)ppp_reply_burst(c));
	ck_assert_int_eq(answers + (int)st.withheld.n[c], 200);
	still_up_after_flood(&srv, &cli);
}
END_TEST

/*
 * A LAC's client and an LNS's server through a link that loses,
 * duplicates or swaps with the next one any single frame of the whole
 * setup (LCP, authentication, IPCP, IPv6CP), for every method: both ends
 * end up authenticated with both NCPs open, nothing finished.  A frame
 * duplicated or swapped may reopen an NCP once (RFC 1661: a
 * Configure-Request in Opened renegotiates): it must end open.
 */
START_TEST(test_any_single_fault_in_setup)
{
	static const char *const names[] = { "", "lost", "duplicated",
					     "swapped with the next" };
	struct ppp_config sc = server_cfg();
	struct ppp_config cc = client_cfg(methods[_i], "alice", "secret");
	struct side srv, cli;
	int total;

	/* How many frames a clean setup takes. */
	connect_pair(&srv, &cli, &sc, &cc);
	fault = FAULT_DROP;
	fault_at = -1;
	frames_sent = 0;
	bring_up(&srv, &cli);
	total = frames_sent;
	ck_assert_int_eq(cli.v4_up + cli.v6_up + srv.v4_up + srv.v6_up, 4);
	free_pair(&srv, &cli);
	ck_assert_int_ge(total, 16);
	for (enum fault f = FAULT_DROP; f <= FAULT_SWAP; f++) {
		for (int at = 0; at < total; at++) {
			connect_pair(&srv, &cli, &sc, &cc);
			fault = f;
			fault_at = at;
			frames_sent = 0;
			ppp_session_start(srv.s);
			ppp_session_start(cli.s);
			run_for(&srv, &cli, 12000);
			ck_assert_msg(srv.auth_ok == 1 && cli.auth_ok == 1 &&
				      srv.v4_up > srv.v4_down &&
				      cli.v4_up > cli.v4_down &&
				      srv.v6_up > srv.v6_down &&
				      cli.v6_up > cli.v6_down &&
				      !srv.fin_count && !cli.fin_count &&
				      !strcmp(ppp_session_phase(srv.s), "network") &&
				      !strcmp(ppp_session_phase(cli.s), "network"),
				      "%s, frame %d of %d %s: auth %d/%d, IPCP up %d/%d, IPv6CP up %d/%d, finished %d/%d",
				      ppp_auth_names[methods[_i]], at, total,
				      names[f], srv.auth_ok, cli.auth_ok,
				      srv.v4_up, cli.v4_up, srv.v6_up,
				      cli.v6_up, srv.fin_count, cli.fin_count);
			free_pair(&srv, &cli);
		}
	}
	fault = FAULT_NONE;
}
END_TEST

static Suite *session_suite(void)
{
	Suite *s = suite_create("ppp_session");
	TCase *tc = tcase_create("session");
	int nm = sizeof(methods) / sizeof(methods[0]);

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_full_negotiation, 0, nm);
	tcase_add_loop_test(tc, test_wrong_password, 0, nm);
	tcase_add_test(tc, test_unknown_user);
	tcase_add_loop_test(tc, test_nt_hash_user, 0, nm);
	tcase_add_test(tc, test_server_falls_back_on_nak);
	tcase_add_test(tc, test_echo_failure_brings_session_down);
	tcase_add_test(tc, test_pool_exhaustion_and_reuse);
	tcase_add_test(tc, test_pool_exhaustion_ipv6_survives);
	tcase_add_test(tc, test_ipv6_prefix_delegation);
	tcase_add_test(tc, test_static_address_once);
	tcase_add_loop_test(tc, test_later_grant_static_address, 0, nm);
	tcase_add_test(tc, test_later_grant_ipv6_prefix);
	tcase_add_test(tc, test_later_grant_ipv6_prefix_in_pool);
	tcase_add_loop_test(tc, test_later_grant_ipv6_prefix_refused, 0, 6);
	tcase_add_test(tc, test_later_grant_delegated_prefix_kept);
	tcase_add_loop_test(tc, test_later_grant_delegated_prefix_refused, 0,
			    5);
	tcase_add_test(tc, test_later_grant_pool);
	tcase_add_test(tc, test_later_grant_address_in_pool);
	tcase_add_loop_test(tc, test_gone_while_verifying, 0, 2 * nm);
	tcase_add_test(tc, test_ipv6_only_peer_rejects_ipcp);
	tcase_add_test(tc, test_hdlc_header_accepted);
	tcase_add_loop_test(tc, test_auth_state_kept_until_ncp_opens, 0, nm);
	tcase_add_test(tc, test_finished_may_free);
	tcase_add_test(tc, test_close_before_start);
	tcase_add_test(tc, test_session_size_bounded);
	tcase_add_test(tc, test_peer_never_answers);
	tcase_add_test(tc, test_malformed_frames);
	tcase_add_test(tc, test_echo_answered);
	tcase_add_test(tc, test_lcp_renegotiation);
	tcase_add_test(tc, test_disabled_protocol_rejected);
	tcase_add_test(tc, test_protocol_reject_flood_bounded);
	tcase_add_test(tc, test_echo_and_code_reject_floods_bounded);
	tcase_add_test(tc, test_configure_request_storm_bounded);
	tcase_add_loop_test(tc, test_auth_repeats_bounded, 0, nm);
	tcase_add_loop_test(tc, test_any_single_fault_in_setup, 0, nm);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(session_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
