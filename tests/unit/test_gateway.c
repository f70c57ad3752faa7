// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Two gateways back to back on one virtual clock:
 *
 *	LAC gw (192.0.2.2, sock 2) ◄── datagram queue ──► LNS gw (192.0.2.1, sock 1)
 *
 * Control datagrams go through the send hooks; PPP frames through a fake
 * ppp_xmit that wraps them in an L2TP data header addressed with the peer
 * ids the fake kernel learnt from tunnel_add/session_add, as the module
 * does.  Everything is queued and pumped, so neither side is re-entered.
 * The fake kernel holds device names as the module does: a name in use
 * (by one of its sessions or by another device) is refused with EEXIST,
 * and deleting a tunnel deletes its sessions with it.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/l2tpgw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "fake_charon.h"
#include "gateway.h"
#include "ipsec/ipsec.h"
#include "ipsec/sa_table.h"
#include "log.h"
#include "log_capture.h"
#include "aaa/dae.h"
#include "loop.h"
#include "addr/pool.h"
#include "addr/prefix_pool.h"
#include "reload.h"

#define MAX_OBJ 16
#define MAX_FOREIGN 12
#define QLEN 256

struct fake_session {
	bool used;
	uint16_t tid, sid, peer_sid;
	char ifname[IF_NAMESIZE];
	uint32_t protocols;
	uint16_t mtu;
	uint32_t local_ip, peer_ip;
	bool has_prefix;
	uint8_t prefix[16];
	struct control_counters counters;	/* what the module counted */
};

struct fake_tunnel {
	bool used;
	uint16_t tid, peer_tid;
	uint32_t mark, reqid;
	struct l2tp_addr peer;		/* as added or last re-bound */
};

struct side {
	const char *label;
	struct gateway *gw;
	struct side *other;
	uint32_t sock;
	struct l2tp_addr addr;
	struct fake_tunnel tunnels[MAX_OBJ];
	struct fake_session sessions[MAX_OBJ];
	unsigned links_up;
	unsigned hellos_sent;
	unsigned sent;			/* datagrams, control or data */
	bool defaults_set;
	char def_ifname[IF_NAMESIZE];	/* "" for the module's default */
	uint32_t def_mtu;
	uint16_t def_tcp_mss;
	const char *foreign[MAX_FOREIGN];	/* other devices' names */
	unsigned session_downs;		/* dataplane session_down calls */
	uint16_t last_down_sid;
	bool drop_ppp;			/* PPP frames it sends are lost */
	uint32_t last_mark;		/* of the last control datagram sent */
	int send_err;			/* what sending returns (not sent) */
	unsigned kernel_calls;		/* every one but reading counters */
	unsigned rebinds;		/* tunnel_rebind calls */
	int rebind_error;		/* what tunnel_rebind answers */
	uint64_t rx_wrong_sa;		/* what the module counted */
	unsigned counter_reads;		/* session_counters calls */
	unsigned counter_dumps;		/* counters_dump calls */
	unsigned rate_calls;		/* session_rate calls */
	struct aaa_rate last_rate;	/* ... the last one's rate */
	char rate_ifname[IF_NAMESIZE];	/* ... and device */
	int rate_err;			/* what session_rate answers */
};

struct datagram {
	struct side *to;
	struct l2tp_addr from;
	uint8_t buf[2048];
	size_t len;
};

static struct loop *loop;
static struct side lns, lac;
static struct datagram queue[QLEN];
static unsigned q_head, q_tail;
static char users_path[64];
static struct log_capture captured;
static char *const logbuf = captured.text;
static uint32_t rnd_state = 12345;
static const char *extra_keys = "";	/* appended to both sections */
static const char *lns_keys = "";	/* appended to the [lns] only */
static const char *lac_keys = "";	/* appended to the [lac] only */

/* If set, the LAC's PAP Authenticate-Requests carry this user name. */
static const char *pap_user;

/* If set, the LAC's ICCN is kept here instead of sent (a late ICCN). */
static bool hold_iccn;
static struct datagram held_iccn;


static void test_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--) {
		rnd_state = rnd_state * 1103515245u + 12345u;
		*p++ = (uint8_t)(rnd_state >> 16);
	}
}

static void enqueue(struct side *to, const struct l2tp_addr *from,
		    const uint8_t *pkt, size_t len)
{
	struct datagram *d = &queue[q_tail % QLEN];

	ck_assert_uint_lt(q_tail - q_head, QLEN);
	ck_assert_uint_le(len, sizeof(d->buf));
	d->to = to;
	d->from = *from;
	memcpy(d->buf, pkt, len);
	d->len = len;
	q_tail++;
}

static void pump(void)
{
	while (q_head != q_tail) {
		struct datagram d = queue[q_head % QLEN];

		q_head++;
		gateway_input(d.to->gw, d.to->sock, &d.from, d.buf, d.len);
	}
}

/* Pump and advance the clock in 10 ms steps for ms milliseconds. */
static void run_for(uint64_t ms)
{
	uint64_t t;

	for (t = 0; t < ms; t += 10) {
		pump();
		loop_advance(loop, 10);
	}
	pump();
}

static int send_cb(void *arg, uint32_t sock, const struct l2tp_addr *peer,
		   const uint8_t *pkt, size_t len)
{
	struct side *me = arg;

	ck_assert_uint_eq(sock, me->sock);
	ck_assert_int_eq(peer->sa.sa_family, AF_INET);
	ck_assert_int_eq(peer->sin.sin_addr.s_addr,
			 me->other->addr.sin.sin_addr.s_addr);
	/* Control message, Length present: the first AVP is Message Type. */
	if (len >= 20 && (pkt[0] & 0x80) && pkt[16] == 0 && pkt[17] == 0 &&
	    pkt[18] == 0 && pkt[19] == 6)
		me->hellos_sent++;
	me->last_mark = peer->mark;
	if (me->send_err)
		return me->send_err;
	me->sent++;
	if (hold_iccn && me == &lac && len >= 20 && (pkt[0] & 0x80) &&
	    pkt[18] == 0 && pkt[19] == 12 && len <= sizeof(held_iccn.buf)) {
		held_iccn.to = me->other;
		held_iccn.from = me->addr;
		memcpy(held_iccn.buf, pkt, len);
		held_iccn.len = len;
		hold_iccn = false;
		return 0;
	}
	enqueue(me->other, &me->addr, pkt, len);
	return 0;
}

static int k_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	struct side *me = arg;
	unsigned i;

	me->kernel_calls++;
	for (i = 0; i < MAX_OBJ; i++)
		if (!me->tunnels[i].used) {
			me->tunnels[i] = (struct fake_tunnel){
				true, ti->tunnel_id, ti->peer_tunnel_id,
				ti->peer->mark, ti->peer->sa_reqid, *ti->peer };
			return 0;
		}
	return -ENOSPC;
}

static void k_tunnel_del(void *arg, uint16_t tid)
{
	struct side *me = arg;
	unsigned i;

	me->kernel_calls++;
	for (i = 0; i < MAX_OBJ; i++) {
		if (me->tunnels[i].used && me->tunnels[i].tid == tid)
			me->tunnels[i].used = false;
		if (me->sessions[i].used && me->sessions[i].tid == tid)
			me->sessions[i].used = false;
	}
}

static bool name_in_use(const struct side *me, const char *name)
{
	unsigned i;

	for (i = 0; i < MAX_OBJ; i++)
		if (me->sessions[i].used && !strcmp(me->sessions[i].ifname, name))
			return true;
	for (i = 0; i < MAX_FOREIGN && me->foreign[i]; i++)
		if (!strcmp(me->foreign[i], name))
			return true;
	return false;
}

static int k_session_add(void *arg, const struct l2tp_session_info *si)
{
	struct side *me = arg;
	unsigned i;

	me->kernel_calls++;
	/* The daemon names devices itself: never a pattern, never unnamed. */
	ck_assert(me->defaults_set);
	ck_assert_msg(me->def_ifname[0] && !strchr(me->def_ifname, '%'),
		      "device name \"%s\"", me->def_ifname);
	if (name_in_use(me, me->def_ifname))
		return -EEXIST;
	for (i = 0; i < MAX_OBJ; i++)
		if (!me->sessions[i].used) {
			me->sessions[i] = (struct fake_session){
				.used = true, .tid = si->tunnel_id,
				.sid = si->session_id,
				.peer_sid = si->peer_session_id };
			snprintf(me->sessions[i].ifname, IF_NAMESIZE, "%s",
				 me->def_ifname);
			return 0;
		}
	return -ENOSPC;
}

static struct fake_session *find_session(struct side *me, uint16_t tid,
					 uint16_t sid)
{
	unsigned i;

	for (i = 0; i < MAX_OBJ; i++)
		if (me->sessions[i].used && me->sessions[i].tid == tid &&
		    me->sessions[i].sid == sid)
			return &me->sessions[i];
	return NULL;
}

static struct fake_tunnel *find_tunnel(struct side *me, uint16_t tid)
{
	unsigned i;

	for (i = 0; i < MAX_OBJ; i++)
		if (me->tunnels[i].used && me->tunnels[i].tid == tid)
			return &me->tunnels[i];
	return NULL;
}

static void k_session_del(void *arg, uint16_t tid, uint16_t sid)
{
	struct fake_session *s = find_session(arg, tid, sid);

	((struct side *)arg)->kernel_calls++;
	if (s)
		s->used = false;
}

/* The module's counters: read, unlike every other call, freely. */
static int k_session_counters(void *arg, uint16_t tid, uint16_t sid,
			      struct control_counters *c)
{
	struct side *me = arg;
	struct fake_session *s = find_session(me, tid, sid);

	me->counter_reads++;
	if (!s)
		return -ENOENT;
	*c = s->counters;
	return 0;
}

static int k_counters_dump(void *arg, uint16_t tid, gateway_counters_fn fn,
			   void *fn_arg)
{
	struct side *me = arg;
	unsigned i;
	int rc;

	me->counter_dumps++;
	for (i = 0; i < MAX_OBJ; i++) {
		struct fake_session *s = &me->sessions[i];

		if (!s->used || (tid && s->tid != tid))
			continue;
		rc = fn(fn_arg, s->tid, s->sid, &s->counters);
		if (rc)
			return rc;
	}
	return 0;
}

static unsigned count_sessions(const struct side *me)
{
	unsigned i, n = 0;

	for (i = 0; i < MAX_OBJ; i++)
		n += me->sessions[i].used;
	return n;
}

static unsigned count_tunnels(const struct side *me)
{
	unsigned i, n = 0;

	for (i = 0; i < MAX_OBJ; i++)
		n += me->tunnels[i].used;
	return n;
}

static const struct l2tp_kernel_ops fake_l2tp_ops = {
	.tunnel_add = k_tunnel_add,
	.tunnel_del = k_tunnel_del,
	.session_add = k_session_add,
	.session_del = k_session_del,
};

/*
 * A PAP Authenticate-Request (protocol C023 onwards) rewritten into out
 * with pap_user as its Peer-ID, the password kept; its length, or 0 if
 * frame is something else.
 */
static size_t rewrite_pap_user(const uint8_t *frame, size_t len,
			       uint8_t *out)
{
	size_t ulen = strlen(pap_user), plen, total;
	const uint8_t *pw;

	if (len < 8 || frame[0] != 0xc0 || frame[1] != 0x23 || frame[2] != 1)
		return 0;
	pw = frame + 7 + frame[6];
	ck_assert(pw < frame + len);
	plen = pw[0];
	total = 4 + 1 + ulen + 1 + plen;
	out[0] = 0xc0;
	out[1] = 0x23;
	out[2] = 1;
	out[3] = frame[3];
	out[4] = (uint8_t)(total >> 8);
	out[5] = (uint8_t)total;
	out[6] = (uint8_t)ulen;
	memcpy(out + 7, pap_user, ulen);
	out[7 + ulen] = (uint8_t)plen;
	memcpy(out + 8 + ulen, pw + 1, plen);
	return 2 + total;
}

/* As the module: L2TP data header with the peer's ids, FF 03, frame. */
static int k_ppp_xmit(void *arg, uint16_t tid, uint16_t sid,
		      const uint8_t *frame, size_t len)
{
	struct side *me = arg;
	struct fake_tunnel *t = find_tunnel(me, tid);
	struct fake_session *s = find_session(me, tid, sid);
	uint8_t pkt[2048], rewritten[600];
	size_t n;

	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_le(len + 8, sizeof(pkt));
	me->kernel_calls++;
	if (me->drop_ppp)
		return 0;
	if (me == &lac && pap_user &&
	    (n = rewrite_pap_user(frame, len, rewritten))) {
		frame = rewritten;
		len = n;
	}
	pkt[0] = 0x00;
	pkt[1] = 0x02;
	pkt[2] = (uint8_t)(t->peer_tid >> 8);
	pkt[3] = (uint8_t)t->peer_tid;
	pkt[4] = (uint8_t)(s->peer_sid >> 8);
	pkt[5] = (uint8_t)s->peer_sid;
	pkt[6] = 0xff;
	pkt[7] = 0x03;
	memcpy(pkt + 8, frame, len);
	enqueue(me->other, &me->addr, pkt, len + 8);
	return 0;
}

static int k_link_up(void *arg, const struct gateway_link *l,
		     char ifname[IF_NAMESIZE])
{
	struct side *me = arg;
	struct fake_session *s = find_session(me, l->tunnel_id, l->session_id);

	ck_assert_ptr_nonnull(s);
	me->kernel_calls++;
	s->protocols = l->protocols;
	s->mtu = l->mtu;
	if (l->proto == 0x0021) {
		s->local_ip = l->ncp->local_ip;
		s->peer_ip = l->ncp->peer_ip;
	} else {
		s->has_prefix = l->ncp->has_prefix;
		memcpy(s->prefix, l->ncp->prefix, 16);
	}
	snprintf(ifname, IF_NAMESIZE, "%s", s->ifname);
	me->links_up++;
	return 0;
}

static int k_session_rate(void *arg, uint32_t ifindex, const char *ifname,
			  const struct aaa_rate *rate)
{
	struct side *me = arg;

	me->rate_calls++;
	me->last_rate = *rate;
	snprintf(me->rate_ifname, IF_NAMESIZE, "%s", ifname);
	return me->rate_err;
}

static void k_session_defaults(void *arg, const char *ifname, uint32_t mtu,
			       uint16_t tcp_mss)
{
	struct side *me = arg;

	me->kernel_calls++;
	me->defaults_set = true;
	snprintf(me->def_ifname, sizeof(me->def_ifname), "%s",
		 ifname ? ifname : "");
	me->def_mtu = mtu;
	me->def_tcp_mss = tcp_mss;
}

static int k_link_down(void *arg, uint16_t tid, uint16_t sid,
		       uint32_t protocols)
{
	struct fake_session *s = find_session(arg, tid, sid);

	ck_assert_ptr_nonnull(s);
	((struct side *)arg)->kernel_calls++;
	s->protocols = protocols;
	return 0;
}

static void k_session_down(void *arg, uint16_t tid, uint16_t sid)
{
	struct side *me = arg;

	me->session_downs++;
	me->last_down_sid = sid;
}

/* As the module's one modify: peer, port, mark and reqid together. */
static int k_tunnel_rebind(void *arg, uint16_t tid,
			   const struct l2tp_addr *peer, uint64_t *rx_wrong_sa)
{
	struct side *me = arg;
	struct fake_tunnel *t = find_tunnel(me, tid);

	me->kernel_calls++;
	me->rebinds++;
	if (!t)
		return -ENOENT;
	*rx_wrong_sa = me->rx_wrong_sa;
	if (me->rebind_error)
		return me->rebind_error;
	t->peer = *peer;
	t->mark = peer->mark;
	t->reqid = peer->sa_reqid;
	return 0;
}

static struct gateway_settings *settings(const char *text)
{
	struct gateway_settings *s;
	struct config *c;
	char err[512];

	ck_assert_msg(config_parse(text, strlen(text), "t.conf", &c, err,
				   sizeof(err)) == 0, "%s", err);
	ck_assert_msg(gateway_settings_new(c, "t.conf", &s, err,
					   sizeof(err)) == 0, "%s", err);
	return s;
}

static void side_init(struct side *me, struct side *other, const char *label,
		      uint32_t sock, const char *ip)
{
	memset(me, 0, sizeof(*me));
	me->label = label;
	me->other = other;
	me->sock = sock;
	me->addr.sin.sin_family = AF_INET;
	me->addr.sin.sin_port = htons(1701);
	inet_pton(AF_INET, ip, &me->addr.sin.sin_addr);
	me->addr.len = sizeof(struct sockaddr_in);
}

static void start_settings(struct side *me, struct gateway_settings *s)
{
	struct gateway_dataplane dp = {
		.l2tp = &fake_l2tp_ops, .l2tp_arg = me,
		.ppp_xmit = k_ppp_xmit, .link_up = k_link_up,
		.link_down = k_link_down, .session_down = k_session_down,
		.tunnel_rebind = k_tunnel_rebind,
		.session_defaults = k_session_defaults,
		.session_counters = k_session_counters,
		.counters_dump = k_counters_dump,
		.session_rate = k_session_rate, .arg = me,
	};

	me->gw = gateway_new(loop, s, &dp, send_cb, me, test_random);
	ck_assert_ptr_nonnull(me->gw);
	gateway_settings_put(s);
	gateway_set_lac_socket(me->gw, AF_INET, me->sock);
}

static void start(struct side *me, const char *conf)
{
	start_settings(me, settings(conf));
}

static void setup(void)
{
	FILE *f;
	int fd;

	loop = loop_new_virtual(1000);
	q_head = q_tail = 0;
	extra_keys = "";
	lns_keys = "";
	lac_keys = "";
	pap_user = NULL;
	log_capture_start(&captured);
	snprintf(users_path, sizeof(users_path), "/tmp/gwusersXXXXXX");
	fd = mkstemp(users_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f, "alice secret-a\nbob secret-b address 10.1.0.99\n"
		"carol secret-c rate_limit=1M/2M\n");
	fclose(f);
	side_init(&lns, &lac, "lns", 1, "192.0.2.1");
	side_init(&lac, &lns, "lac", 2, "192.0.2.2");
}

static void teardown(void)
{
	gateway_free(lac.gw);
	gateway_free(lns.gw);
	lac.gw = lns.gw = NULL;
	loop_free(loop);
	unlink(users_path);
	log_capture_stop();
}

static void start_lns(const char *auth)
{
	char conf[768];

	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lns\nhello_interval = 10s\n"
		 "[lns ra]\nauth = %s\nusers = %s\npool = 10.1.0.10-10.1.0.20\n"
		 "local_ip = 10.1.0.1\ndns = 10.1.0.53\necho_interval = 0\n"
		 "ifname = ra%%d\nmtu = 1380\ntcp_mss = 1300\n%s%s",
		 auth, users_path, extra_keys, lns_keys);
	start(&lns, conf);
}

/* The usual [lns ra] with extra [global] keys. */
static void start_lns_global(const char *global_keys)
{
	char conf[768];

	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lns\nhello_interval = 10s\n%s"
		 "[lns ra]\nauth = pap\nusers = %s\npool = 10.1.0.10-10.1.0.20\n"
		 "local_ip = 10.1.0.1\necho_interval = 0\nifname = ra%%d\n",
		 global_keys, users_path);
	start(&lns, conf);
}

static void start_lac(const char *auth, const char *user, const char *pw)
{
	char conf[768];

	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lac\n"
		 "[lac up]\npeer = 192.0.2.1\nauth = %s\nuser = %s\n"
		 "password = %s\nwant_dns = yes\necho_interval = 0\n%s%s", auth,
		 user, pw, extra_keys, lac_keys);
	start(&lac, conf);
}

static void bring_up(const char *auth, const char *user, const char *pw)
{
	start_lns(auth);
	start_lac(auth, user, pw);
	gateway_start(lac.gw);
	run_for(5000);
}

static const char *const methods[] = { "pap", "chap", "mschapv2" };

START_TEST(session_comes_up_and_tears_down)
{
	const char *m = methods[_i];
	struct fake_session *ls = NULL, *cs = NULL;
	unsigned i;

	bring_up(m, "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1,
		      "%s: LNS not up; log:\n%s", m, logbuf);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
	for (i = 0; i < MAX_OBJ; i++) {
		if (lns.sessions[i].used)
			ls = &lns.sessions[i];
		if (lac.sessions[i].used)
			cs = &lac.sessions[i];
	}
	ck_assert_ptr_nonnull(ls);
	ck_assert_ptr_nonnull(cs);
	ck_assert_uint_eq(ls->protocols, L2TPGW_PROTO_IPV4);
	ck_assert_uint_eq(cs->protocols, L2TPGW_PROTO_IPV4);
	ck_assert_uint_eq(ls->local_ip, 0x0a010001);
	ck_assert_uint_ge(ls->peer_ip, 0x0a01000a);
	ck_assert_uint_le(ls->peer_ip, 0x0a010014);
	ck_assert_uint_eq(cs->local_ip, ls->peer_ip);
	ck_assert_uint_eq(cs->peer_ip, ls->local_ip);
	ck_assert_ptr_nonnull(strstr(logbuf, "user alice up: ifname l2tp"));
	/* Each side's device named and sized by its own section. */
	ck_assert(lns.defaults_set);
	ck_assert_str_eq(lns.def_ifname, "ra0");
	ck_assert_str_eq(ls->ifname, "ra0");
	ck_assert_uint_eq(lns.def_mtu, 1380);
	ck_assert_uint_eq(lns.def_tcp_mss, 1300);
	ck_assert(lac.defaults_set);
	ck_assert_str_eq(lac.def_ifname, "l2tp0");
	ck_assert_uint_eq(lac.def_mtu, 1400);
	ck_assert_uint_eq(lac.def_tcp_mss, CONFIG_TCP_MSS_AUTO);
	/* Link MTU: the peer's MRU capped by ours, so 1380 on both ends. */
	ck_assert_uint_eq(ls->mtu, 1380);
	ck_assert_uint_eq(cs->mtu, 1380);
	ck_assert_ptr_nonnull(strstr(logbuf, "dns 10.1.0.53"));

	/* The LAC leaves: StopCCN, both sides drop sessions and kernel state. */
	gateway_shutdown(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(gateway_session_count(lac.gw), 0);
	ck_assert_uint_eq(count_sessions(&lns), 0);
	ck_assert_uint_eq(count_sessions(&lac), 0);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_eq(count_tunnels(&lac), 0);
}
END_TEST

START_TEST(ipv6cp_opens_too)
{
	unsigned i, n = 0;

	extra_keys = "ipv6 = yes\n";
	bring_up("chap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", logbuf);
	for (i = 0; i < MAX_OBJ; i++) {
		if (!lns.sessions[i].used)
			continue;
		ck_assert_uint_eq(lns.sessions[i].protocols,
				  L2TPGW_PROTO_IPV4 | L2TPGW_PROTO_IPV6);
		n++;
	}
	ck_assert_uint_eq(n, 1);
	/* One link_up per protocol on each side. */
	ck_assert_uint_eq(lns.links_up, 2);
	ck_assert_uint_eq(lac.links_up, 2);
	ck_assert_ptr_nonnull(strstr(logbuf, "user alice IPv6 up: ifname"));
}
END_TEST

START_TEST(static_address_from_users_file)
{
	struct fake_session *ls = NULL;
	unsigned i;

	bring_up("chap", "bob", "secret-b");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", logbuf);
	for (i = 0; i < MAX_OBJ; i++)
		if (lns.sessions[i].used)
			ls = &lns.sessions[i];
	ck_assert_uint_eq(ls->peer_ip, 0x0a010063);
}
END_TEST

START_TEST(wrong_password_gets_cdn)
{
	/* No call placed again (its jittered delay could fall on the checks). */
	lac_keys = "redial_calls = no\n";
	bring_up("pap", "alice", "wrong");
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 0);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(count_sessions(&lns), 0);
	ck_assert_msg(strstr(logbuf, "user alice failed to authenticate"),
		      "%s", logbuf);
	/* The LNS sent CDN result 2 (general error); the LAC's session went. */
	ck_assert_msg(strstr(logbuf, "user alice down: CDN result 2"), "%s",
		      logbuf);
	ck_assert_uint_eq(count_sessions(&lac), 0);
	/* The tunnel stays up for other calls. */
	ck_assert_uint_eq(count_tunnels(&lns), 1);
}
END_TEST

/* A user name with a newline and an escape sequence: logged escaped. */
START_TEST(hostile_pap_user_logged_escaped)
{
	pap_user = "eve\n\x1b[31mtest: info: user root up";
	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 0);
	ck_assert_msg(captured.raw_control == 0, "%u raw control bytes:\n%s",
		      captured.raw_control, logbuf);
	ck_assert_msg(strstr(logbuf, "PAP: unknown user \"eve\\n\\x1b[31mtest: "
			     "info: user root up\""), "%s", logbuf);
	ck_assert_msg(strstr(logbuf, "user eve\\n\\x1b[31mtest: info: user "
			     "root up failed to authenticate"), "%s", logbuf);
	ck_assert_msg(strstr(logbuf, "user eve\\n\\x1b[31mtest: info: user "
			     "root up down: CDN result 2"), "%s", logbuf);
}
END_TEST

static uint64_t stat_of(struct gateway *gw, const char *name);

/*
 * A peer no [lns] section allows gets nothing back, not even a StopCCN:
 * its SCCRQ is dropped before a tunnel exists, and counted.
 */
START_TEST(peer_not_allowed_is_refused)
{
	char conf[512];
	int i;

	snprintf(conf, sizeof(conf),
		 "[lns ra]\npeers = 198.51.100.0/24\nauth = pap\nusers = %s\n"
		 "pool = 10.1.0.10-10.1.0.20\nlocal_ip = 10.1.0.1\n",
		 users_path);
	start(&lns, conf);
	start_lac("pap", "alice", "secret-a");
	gateway_start(lac.gw);
	for (i = 0; i < 60; i++) {
		run_for(1000);
		ck_assert_uint_eq(stat_of(lns.gw, "tunnels"), 0);
	}
	ck_assert_msg(lns.sent == 0, "the LNS sent %u datagrams:\n%s",
		      lns.sent, logbuf);
	ck_assert_uint_eq(lns.kernel_calls, 0);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	/* Every retransmission of the SCCRQ is dropped and counted. */
	ck_assert_uint_ge(stat_of(lns.gw, "sccrq_refused_not_allowed"), 2);
	ck_assert_msg(strstr(logbuf, "SCCRQ dropped: no [lns] section accepts "
			     "this peer"), "%s", logbuf);
	ck_assert_msg(strstr(logbuf, "peer 192.0.2."), "%s", logbuf);
}
END_TEST

/*
 * The LAC's first LCP Configure-Request overtakes its ICCN (delayed
 * 500 ms in the network, less than the LAC's retransmission timeout): the
 * LNS holds it and answers it when the ICCN comes,
 * so LCP, authentication and IPCP are done long before the LAC's LCP
 * restart timer (3 s) would repeat it.
 */
START_TEST(lcp_before_iccn_answered)
{
	unsigned i;

	hold_iccn = true;
	held_iccn.len = 0;
	start_lns("pap");
	start_lac("pap", "alice", "secret-a");
	gateway_start(lac.gw);
	for (i = 0; i < 500 && !held_iccn.len; i++)
		run_for(10);
	ck_assert_uint_ne(held_iccn.len, 0);
	run_for(500);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 0);
	enqueue(held_iccn.to, &held_iccn.from, held_iccn.buf, held_iccn.len);
	run_for(1500);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", logbuf);
	ck_assert_msg(strstr(logbuf, "PPP frame received before the call "
			     "connected fed to PPP"), "%s", logbuf);
}
END_TEST

/*
 * A live session with no control traffic: the LNS's HELLO goes every
 * hello_interval (10 s) after the last control message it received (the
 * LAC's acknowledgement of the previous HELLO, 200 ms later): 3 in 31 s,
 * never held back by the session's data.  The LAC (60 s) never needs
 * its own: the LNS's HELLOs reach it.
 */
START_TEST(hello_every_interval_after_control)
{
	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	run_for(1000);
	lns.hellos_sent = lac.hellos_sent = 0;
	run_for(31000);
	ck_assert_uint_eq(lns.hellos_sent, 3);
	ck_assert_uint_eq(lac.hellos_sent, 0);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
}
END_TEST

/*
 * A flood of frames of a junk PPP protocol on a live session, as if from
 * the LAC: the LNS Protocol-Rejects the first ones only (ppp/replies.c),
 * and counts the rest in ppp_protocol_rejects_withheld.
 */
START_TEST(junk_protocol_rejects_bounded)
{
	uint8_t pkt[] = { 0x00, 0x02, 0, 0, 0, 0, 0xff, 0x03, 0x0e, 0x05,
			  'j', 'u', 'n', 'k' };
	struct fake_session *cs = NULL;
	struct fake_tunnel *ct;
	unsigned i, before;

	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	for (i = 0; i < MAX_OBJ; i++)
		if (lac.sessions[i].used)
			cs = &lac.sessions[i];
	ck_assert_ptr_nonnull(cs);
	ct = find_tunnel(&lac, cs->tid);
	ck_assert_ptr_nonnull(ct);
	put_be16(pkt + 2, ct->peer_tid);
	put_be16(pkt + 4, cs->peer_sid);
	ck_assert_uint_eq(stat_of(lns.gw, "ppp_protocol_rejects_withheld"), 0);
	before = q_tail;
	for (i = 0; i < 100; i++)
		gateway_input(lns.gw, lns.sock, &lac.addr, pkt, sizeof(pkt));
	ck_assert_uint_eq(q_tail - before,
			  ppp_reply_burst(PPP_REPLY_PROTOCOL_REJECT));
	ck_assert_uint_eq(stat_of(lns.gw, "ppp_protocol_rejects_withheld"),
			  100 - ppp_reply_burst(PPP_REPLY_PROTOCOL_REJECT));
	ck_assert_uint_eq(stat_of(lns.gw, "ppp_echo_replies_withheld"), 0);
	run_for(2000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
}
END_TEST

START_TEST(reload_keeps_sessions_and_refuses_fixed_changes)
{
	struct gateway_settings *s;
	char msg[256], conf[512];

	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	s = settings("[global]\nhost_name = other\n[lns ra]\nauth = none\n"
		     "pool = 10.9.0.1-10.9.0.9\nlocal_ip = 10.9.0.254\n");
	ck_assert_int_eq(gateway_reload(lns.gw, s, msg, sizeof(msg)), -1);
	ck_assert_ptr_nonnull(strstr(msg, "host_name changed"));
	gateway_settings_put(s);

	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lns\nhello_interval = 10s\n"
		 "[lns ra]\nauth = chap\nusers = %s\npool = 10.1.0.10-10.1.0.20\n"
		 "local_ip = 10.1.0.1\n", users_path);
	s = settings(conf);
	ck_assert_msg(gateway_reload(lns.gw, s, msg, sizeof(msg)) == 0, "%s",
		      msg);
	gateway_settings_put(s);
	ck_assert_ptr_nonnull(strstr(msg, "1 session(s) keep"));
	run_for(2000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
}
END_TEST

/*
 * The LNS's IPv6CP delegates a /64 to the data plane; a reload reserves
 * it in the new settings' pool, so no new session is given it twice.
 */
START_TEST(reload_carries_delegated_prefixes)
{
	struct gateway_settings *s;
	struct prefix_pool *pp;
	uint8_t want[16], got[16];
	char msg[256], conf[512];
	unsigned i, n = 0;

	extra_keys = "ipv6 = yes\n";
	lns_keys = "ipv6_prefix_pool = 2001:db8:100::/64\n";
	bring_up("pap", "alice", "secret-a");
	inet_pton(AF_INET6, "2001:db8:100::", want);
	for (i = 0; i < MAX_OBJ; i++) {
		if (!lns.sessions[i].used)
			continue;
		ck_assert(lns.sessions[i].has_prefix);
		ck_assert_mem_eq(lns.sessions[i].prefix, want, 16);
		n++;
	}
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_nonnull(strstr(logbuf, "IPv6 up: ifname l2tp"));
	ck_assert_ptr_nonnull(strstr(logbuf, "prefix 2001:db8:100::/64"));
	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lns\nhello_interval = 10s\n"
		 "[lns ra]\nauth = pap\nusers = %s\npool = 10.1.0.10-10.1.0.20\n"
		 "local_ip = 10.1.0.1\nipv6 = yes\n"
		 "ipv6_prefix_pool = 2001:db8:100::/64\n", users_path);
	s = settings(conf);
	ck_assert_msg(gateway_reload(lns.gw, s, msg, sizeof(msg)) == 0, "%s",
		      msg);
	pp = pool_set_prefixes(s->pools[0]);
	ck_assert_ptr_nonnull(pp);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 1);
	ck_assert_int_eq(prefix_pool_alloc(pp, got), -ENOSPC);
	/* Once the session is gone, the new pool has its /64 back. */
	gateway_shutdown(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(prefix_pool_in_use(pp), 0);
	ck_assert_int_eq(prefix_pool_alloc(pp, got), 0);
	ck_assert_mem_eq(got, want, 16);
	gateway_settings_put(s);
}
END_TEST

/* [lns ra] and [lns rb] whose prefix pools are ra_pool and rb_pool. */
static struct gateway_settings *two_sections(const char *ra_pool,
					     const char *rb_pool)
{
	char conf[768];

	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lns\nhello_interval = 10s\n"
		 "[lns ra]\nauth = pap\nusers = %s\npool = 10.1.0.10-10.1.0.20\n"
		 "local_ip = 10.1.0.1\nipv6 = yes\nipv6_prefix_pool = %s\n"
		 "[lns rb]\npeers = 198.51.100.0/24\nauth = pap\nusers = %s\n"
		 "pool = 10.2.0.10-10.2.0.20\nlocal_ip = 10.2.0.1\nipv6 = yes\n"
		 "ipv6_prefix_pool = %s\n", users_path, ra_pool, users_path,
		 rb_pool);
	return settings(conf);
}

/* Can a session of s's section i be given p (a Framed-IPv6-Prefix)? */
static int claimable(struct gateway_settings *s, unsigned i, const uint8_t *p)
{
	int r = pool_set_claim_prefix(s->pools[i], p);

	if (r == 0)
		pool_set_release_prefix(s->pools[i], p);
	return r;
}

/*
 * A /64 that lies outside every pool of the new settings, as a
 * Framed-IPv6-Prefix does: the session keeps it across reloads, no
 * section of the settings of the day gives it to another session (each
 * reload moves the claim to the newest settings), and they have it back
 * once the session is gone.
 */
START_TEST(reload_claims_prefixes_outside_the_new_pools)
{
	struct gateway_settings *s1, *s2;
	uint8_t held[16];
	char msg[256];
	unsigned i;

	extra_keys = "ipv6 = yes\n";
	lns_keys = "ipv6_prefix_pool = 2001:db8:100::/64\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", logbuf);
	inet_pton(AF_INET6, "2001:db8:100::", held);
	s1 = two_sections("2001:db8:200::/64", "2001:db8:300::/64");
	ck_assert_msg(gateway_reload(lns.gw, s1, msg, sizeof(msg)) == 0, "%s",
		      msg);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(claimable(s1, i, held), -EBUSY);
	s2 = two_sections("2001:db8:400::/64", "2001:db8:500::/64");
	ck_assert_msg(gateway_reload(lns.gw, s2, msg, sizeof(msg)) == 0, "%s",
		      msg);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(claimable(s1, i, held), 0);
		ck_assert_int_eq(claimable(s2, i, held), -EBUSY);
	}
	run_for(2000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	for (i = 0; i < MAX_OBJ; i++)
		if (lns.sessions[i].used) {
			ck_assert(lns.sessions[i].has_prefix);
			ck_assert_mem_eq(lns.sessions[i].prefix, held, 16);
		}
	gateway_shutdown(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	for (i = 0; i < 2; i++)
		ck_assert_int_eq(claimable(s2, i, held), 0);
	ck_assert_ptr_null(strstr(logbuf, "held by another session"));
	gateway_settings_put(s1);
	gateway_settings_put(s2);
}
END_TEST

START_TEST(settings_errors_name_file_and_line)
{
	struct gateway_settings *s;
	struct config *c;
	char err[512];
	const char *text = "[lns a]\nlocal_ip = 10.0.0.1\npool = 10.0.0.5\n"
			   "secret = x\n\n[lac b]\npeer = 192.0.2.9\n"
			   "secret = y\nauth = none\n";

	ck_assert_int_eq(config_parse(text, strlen(text), "g.conf", &c, err,
				      sizeof(err)), 0);
	ck_assert_int_eq(gateway_settings_new(c, "g.conf", &s, err,
					      sizeof(err)), -1);
	ck_assert_msg(strstr(err, "g.conf:8: [lac b]: secret or hide_avps "
			     "differs"), "%s", err);

	text = "[lns a]\nauth = pap\nlocal_ip = 10.0.0.1\n";
	ck_assert_int_eq(config_parse(text, strlen(text), "g.conf", &c, err,
				      sizeof(err)), 0);
	ck_assert_int_eq(gateway_settings_new(c, "g.conf", &s, err,
					      sizeof(err)), -1);
	ck_assert_msg(strstr(err, "g.conf:2: [lns a]: auth needs a users file"),
		      "%s", err);

	text = "[lns a]\nauth = none\nlocal_ip = 10.0.0.1\npool = 10.0.0.0/30 "
	       "10.0.0.2\n";
	ck_assert_int_eq(config_parse(text, strlen(text), "g.conf", &c, err,
				      sizeof(err)), 0);
	ck_assert_int_eq(gateway_settings_new(c, "g.conf", &s, err,
					      sizeof(err)), -1);
	ck_assert_msg(strstr(err, "g.conf:4: [lns a]: pool:"), "%s", err);

	text = "[lns a]\nauth = none\nlocal_ip = 10.0.0.1\n";
	ck_assert_int_eq(config_parse(text, strlen(text), "g.conf", &c, err,
				      sizeof(err)), 0);
	ck_assert_int_eq(gateway_settings_new(c, "g.conf", &s, err,
					      sizeof(err)), -1);
	ck_assert_msg(strstr(err, "neither users nor pool"), "%s", err);

	text = "[lns a]\nauth = pap\nusers = /nonexistent/users\n"
	       "local_ip = 10.0.0.1\n";
	ck_assert_int_eq(config_parse(text, strlen(text), "g.conf", &c, err,
				      sizeof(err)), 0);
	ck_assert_int_eq(gateway_settings_new(c, "g.conf", &s, err,
					      sizeof(err)), -1);
	ck_assert_msg(strstr(err, "g.conf:3: [lns a]: users: "
			     "/nonexistent/users"), "%s", err);
}
END_TEST

/* --- session devices and calls negotiating ---------------------------------- */

static const struct fake_session *session_named(const struct side *me,
						const char *name)
{
	unsigned i;

	for (i = 0; i < MAX_OBJ; i++)
		if (me->sessions[i].used && !strcmp(me->sessions[i].ifname, name))
			return &me->sessions[i];
	return NULL;
}

static uint16_t lac_tunnel_id(void)
{
	unsigned i;

	for (i = 0; i < MAX_OBJ; i++)
		if (lac.tunnels[i].used)
			return lac.tunnels[i].tid;
	ck_abort_msg("the LAC has no tunnel");
	return 0;
}

/* One more call from the LAC on its tunnel. */
static void lac_place_call(void)
{
	struct l2tp_tunnel *t = l2tp_tunnel_find(gateway_ctx(lac.gw),
						 lac_tunnel_id());

	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(l2tp_session_open_incoming(t, NULL));
}

/*
 * Each side numbers its devices itself, lowest free number first, and
 * a number comes back when its session ends.
 */
START_TEST(session_devices_numbered_by_the_daemon)
{
	struct control_selector sel = { .kind = CONTROL_SEL_IFNAME };
	const struct fake_session *fs;
	char err[256];

	lac_keys = "sessions = 3\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 3, "%s", logbuf);
	ck_assert_ptr_nonnull(session_named(&lns, "ra0"));
	ck_assert_ptr_nonnull(session_named(&lns, "ra1"));
	ck_assert_ptr_nonnull(session_named(&lns, "ra2"));
	ck_assert_ptr_nonnull(session_named(&lac, "l2tp0"));
	ck_assert_ptr_nonnull(session_named(&lac, "l2tp2"));

	fs = session_named(&lns, "ra1");
	snprintf(sel.ifname, sizeof(sel.ifname), "ra1");
	ck_assert_int_eq(gateway_session_delete(lns.gw, &sel, err,
						sizeof(err)), 0);
	ck_assert_uint_eq(lns.session_downs, 1);
	ck_assert_uint_eq(lns.last_down_sid, fs->sid);
	run_for(400);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 2);
	ck_assert_ptr_null(session_named(&lns, "ra1"));

	/* The LAC places its lost call again: it takes the freed number. */
	run_for(3000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 3, "%s", logbuf);
	ck_assert_ptr_nonnull(session_named(&lns, "ra1"));
	ck_assert_ptr_null(session_named(&lns, "ra3"));
	ck_assert_ptr_nonnull(strstr(logbuf, "user alice up: ifname ra1"));
}
END_TEST

/* A name another device has is skipped, and stays skipped. */
START_TEST(foreign_device_names_are_skipped)
{
	lns.foreign[0] = "ra0";
	lns.foreign[1] = "ra2";
	lac_keys = "sessions = 2\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 2, "%s", logbuf);
	ck_assert_ptr_nonnull(session_named(&lns, "ra1"));
	ck_assert_ptr_nonnull(session_named(&lns, "ra3"));
	ck_assert_ptr_nonnull(strstr(logbuf, "device ra0 exists but is not "
					     "ours"));
	ck_assert_ptr_nonnull(strstr(logbuf, "device ra2 exists but is not "
					     "ours"));
	/* The other device went; its number is not tried again. */
	lns.foreign[0] = NULL;
	logbuf[0] = '\0';
	lac_place_call();
	run_for(3000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 3, "%s", logbuf);
	ck_assert_ptr_nonnull(session_named(&lns, "ra4"));
	ck_assert_ptr_null(strstr(logbuf, "exists but is not ours"));
}
END_TEST

/* Too many taken names in a row: the call fails, saying why. */
START_TEST(no_free_device_name_fails_the_call)
{
	static const char *const taken[] = { "ra0", "ra1", "ra2", "ra3",
					     "ra4", "ra5", "ra6", "ra7" };
	unsigned i;

	lac_keys = "redial_calls = no\n";
	for (i = 0; i < 8; i++)
		lns.foreign[i] = taken[i];
	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(count_sessions(&lns), 0);
	ck_assert_msg(strstr(logbuf, "no device name: 8 names of ifname ra%d "
				     "in a row belong to other devices"),
		      "%s", logbuf);
	/* The LAC's call was refused; the tunnel stays. */
	ck_assert_uint_eq(count_sessions(&lac), 0);
	ck_assert_uint_eq(count_tunnels(&lns), 1);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 0);
}
END_TEST

/* A fixed name serves one session at a time. */
START_TEST(fixed_ifname_serves_one_session)
{
	char conf[768];

	snprintf(conf, sizeof(conf),
		 "[global]\nhost_name = lns\nhello_interval = 10s\n"
		 "[lns ra]\nauth = pap\nusers = %s\npool = 10.1.0.10-10.1.0.20\n"
		 "local_ip = 10.1.0.1\necho_interval = 0\nifname = wan0\n",
		 users_path);
	start(&lns, conf);
	lac_keys = "sessions = 2\n";
	start_lac("pap", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(5000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	ck_assert_ptr_nonnull(session_named(&lns, "wan0"));
	ck_assert_msg(strstr(logbuf, "device wan0 exists: an ifname without %d "
				     "names one session at a time"),
		      "%s", logbuf);
}
END_TEST

/*
 * A tunnel going releases what each of its sessions held, whether the
 * control plane deletes its sessions one by one or the tunnel alone.
 */
START_TEST(tunnel_teardown_releases_every_session)
{
	lac_keys = "sessions = 3\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 3, "%s", logbuf);
	gateway_shutdown(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_eq(count_sessions(&lns), 0);
	ck_assert_uint_eq(lns.session_downs, 3);
	ck_assert_uint_eq(lac.session_downs, 3);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);

	/* A new LAC: its calls get the same names again. */
	gateway_free(lac.gw);
	start_lac("pap", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(5000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 3, "%s", logbuf);
	ck_assert_ptr_nonnull(session_named(&lns, "ra0"));
	ck_assert_ptr_nonnull(session_named(&lns, "ra2"));
	ck_assert_ptr_null(session_named(&lns, "ra3"));
}
END_TEST

struct session_listing {
	struct control_session_info si[MAX_OBJ];
	unsigned n;
};

static int keep_session(const struct control_session_info *si, void *ctx)
{
	struct session_listing *l = ctx;

	ck_assert_uint_lt(l->n, MAX_OBJ);
	l->si[l->n++] = *si;
	return 0;
}

static int keep_tunnel(const struct control_tunnel_info *ti, void *ctx)
{
	*(struct control_tunnel_info *)ctx = *ti;
	return 0;
}

static void set_counters(struct fake_session *s, uint64_t base)
{
	s->counters = (struct control_counters){
		.rx_packets = base + 1, .rx_bytes = base + 2,
		.tx_packets = base + 3, .tx_bytes = base + 4,
		.rx_errors = base + 5, .tx_errors = base + 6,
	};
}

/*
 * The module's per-session counters: a listing reads them all in one
 * dump, a tunnel sums its sessions', and a session's down line carries
 * what the module had just before its delete, whether it goes alone or
 * with its tunnel.
 */
START_TEST(session_counters_listed_and_final)
{
	struct session_listing l = { .n = 0 };
	struct control_tunnel_info ti;
	uint16_t sid;
	struct fake_session *fs[2] = { NULL, NULL };
	char err[128], want[160];
	unsigned i, n = 0;

	lac_keys = "sessions = 2\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 2, "%s", logbuf);
	for (i = 0; i < MAX_OBJ && n < 2; i++)
		if (lns.sessions[i].used)
			fs[n++] = &lns.sessions[i];
	/* Both ends report their sessions up, naming their section. */
	ck_assert_msg(strstr(logbuf, "user=alice ifname=ra0 local=10.1.0.1 "),
		      "%s", logbuf);
	ck_assert_msg(strstr(logbuf, " client=192.0.2.2:1701 lns=ra"), "%s",
		      logbuf);
	ck_assert_msg(strstr(logbuf, " client=192.0.2.1:1701 lac=up"), "%s",
		      logbuf);
	set_counters(fs[0], 1000);
	set_counters(fs[1], 2000);
	lns.counter_dumps = lns.counter_reads = 0;
	ck_assert_int_eq(gateway_session_list(lns.gw, 0, keep_session, &l, err,
					      sizeof(err)), 0);
	ck_assert_uint_eq(lns.counter_dumps, 1);
	ck_assert_uint_eq(lns.counter_reads, 0);
	ck_assert_uint_eq(l.n, 2);
	for (i = 0; i < 2; i++) {
		sid = l.si[i].session_id;
		ck_assert(l.si[i].has_counters);
		ck_assert_uint_eq(l.si[i].counters.rx_bytes,
				  (sid == fs[0]->sid ? 1002 : 2002));
		ck_assert_uint_eq(l.si[i].counters.tx_errors,
				  (sid == fs[0]->sid ? 1006 : 2006));
	}
	ck_assert_int_eq(gateway_tunnel_show(lns.gw, fs[0]->tid, keep_tunnel,
					     &ti, err, sizeof(err)), 0);
	ck_assert(ti.has_counters);
	ck_assert_uint_eq(ti.counters.rx_bytes, 1002 + 2002);
	ck_assert_uint_eq(ti.counters.tx_packets, 1003 + 2003);
	ck_assert_uint_eq(lns.counter_dumps, 2);

	/* Counted on since the listing: the delete reads the last ones. */
	set_counters(fs[0], 5000);
	{
		struct control_selector sel = { .kind = CONTROL_SEL_ID,
						.tunnel_id = fs[0]->tid,
						.session_id = fs[0]->sid };

		snprintf(want, sizeof(want), "session down tunnel=%u "
			 "session=%u user=alice ", fs[0]->tid, fs[0]->sid);
		ck_assert_int_eq(gateway_session_delete(lns.gw, &sel, err,
							sizeof(err)), 0);
	}
	run_for(1000);
	ck_assert_msg(strstr(logbuf, want), "%s", logbuf);
	ck_assert_msg(strstr(strstr(logbuf, want), "rx_bytes=5002 tx_bytes=5004 "
			     "rx_packets=5001 tx_packets=5003 rx_errors=5005 "
			     "tx_errors=5006 cause=admin-reset reason=\"CDN "
			     "result 3 (disconnected by operator)\""), "%s",
		      logbuf);

	/* The other goes with its tunnel: read before the tunnel's delete. */
	set_counters(fs[1], 7000);
	snprintf(want, sizeof(want), "session down tunnel=%u session=%u "
		 "user=alice ", fs[1]->tid, fs[1]->sid);
	gateway_shutdown(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(count_sessions(&lns), 0);
	ck_assert_msg(strstr(logbuf, want), "%s", logbuf);
	ck_assert_msg(strstr(strstr(logbuf, want), "rx_bytes=7002 "), "%s",
		      logbuf);
}
END_TEST

struct stat_value {
	const char *name;
	uint64_t value;
	bool found;
};

static int find_stat(const char *name, uint64_t value, void *ctx)
{
	struct stat_value *v = ctx;

	if (!strcmp(name, v->name)) {
		v->value = value;
		v->found = true;
	}
	return 0;
}

static uint64_t stat_of(struct gateway *gw, const char *name)
{
	struct stat_value v = { .name = name };

	ck_assert_int_eq(gateway_stats(gw, find_stat, &v), 0);
	ck_assert_msg(v.found, "no stat %s", name);
	return v.value;
}

static uint64_t setups_in_histogram(struct gateway *gw)
{
	const struct gateway_tally *t = gateway_tally(gw);
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i <= GATEWAY_SETUP_BUCKETS; i++)
		n += t->setup_bucket[i];
	return n;
}

/*
 * A user's rate_limit reaches the data plane once, when the session's
 * first NCP opens, naming its device; session list shows it; a CoA's
 * gateway_session_set_rate replaces or removes it, and a refusal keeps
 * what was there.  A user without rate_limit gets no call.
 */
START_TEST(session_rate_from_users_file)
{
	struct session_listing l = { .n = 0 };
	struct aaa_rate none = { 0 }, faster = { .rx_bps = 5000000,
						 .tx_bps = 10000000 };
	char err[128], want[32];
	uint16_t tid, sid;

	bring_up("pap", "carol", "secret-c");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", logbuf);
	ck_assert_uint_eq(lns.rate_calls, 1);
	ck_assert_uint_eq(lac.rate_calls, 0);
	ck_assert_str_eq(lns.rate_ifname, "ra0");
	ck_assert_uint_eq(lns.last_rate.rx_bps, 1000000);
	ck_assert_uint_eq(lns.last_rate.tx_bps, 2000000);
	ck_assert_msg(strstr(logbuf, "user carol: rate limit on ra0: "
			     "rx 1000000 bit/s tx 2000000 bit/s"), "%s", logbuf);
	ck_assert_int_eq(gateway_session_list(lns.gw, 0, keep_session, &l, err,
					      sizeof(err)), 0);
	ck_assert_uint_eq(l.n, 1);
	ck_assert(l.si[0].has_rate);
	ck_assert_uint_eq(l.si[0].rate_rx_bps, 1000000);
	ck_assert_uint_eq(l.si[0].rate_tx_bps, 2000000);
	tid = l.si[0].tunnel_id;
	sid = l.si[0].session_id;

	ck_assert_int_eq(gateway_session_set_rate(lns.gw, tid, sid, &faster,
						  err, sizeof(err)), 0);
	ck_assert_uint_eq(lns.rate_calls, 2);
	ck_assert_uint_eq(lns.last_rate.tx_bps, 10000000);
	lns.rate_err = -EPERM;
	ck_assert_int_eq(gateway_session_set_rate(lns.gw, tid, sid, &none,
						  err, sizeof(err)), -EPERM);
	ck_assert_msg(strstr(err, "rate limits on ra0: "), "%s", err);
	ck_assert_msg(strstr(logbuf, "user carol: rate limits on ra0 not "
			     "applied: "), "%s", logbuf);
	l.n = 0;
	gateway_session_list(lns.gw, 0, keep_session, &l, err, sizeof(err));
	ck_assert(l.si[0].has_rate);
	ck_assert_uint_eq(l.si[0].rate_rx_bps, 5000000);
	lns.rate_err = 0;
	ck_assert_int_eq(gateway_session_set_rate(lns.gw, tid, sid, &none,
						  err, sizeof(err)), 0);
	l.n = 0;
	gateway_session_list(lns.gw, 0, keep_session, &l, err, sizeof(err));
	ck_assert(!l.si[0].has_rate);
	ck_assert_int_eq(gateway_session_set_rate(lns.gw, tid, sid + 1, &none,
						  err, sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "no session %u/%u", tid, sid + 1);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(session_without_rate_limit)
{
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", logbuf);
	ck_assert_uint_eq(lns.rate_calls, 0);
}
END_TEST

/*
 * What /metrics and l2tpctl stats count (gateway/tally.c): the LNS's
 * authentication by method, never the LAC's; setups with their latency
 * on the virtual clock, then teardowns.
 */
START_TEST(tally_auth_setups_and_teardowns)
{
	const char *m = methods[_i];
	char key[64];
	unsigned i;

	bring_up(m, "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", logbuf);
	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof(key), "auth_%s_succeeded", methods[i]);
		ck_assert_uint_eq(stat_of(lns.gw, key), i == (unsigned)_i);
		ck_assert_uint_eq(stat_of(lac.gw, key), 0);
		snprintf(key, sizeof(key), "auth_%s_failed", methods[i]);
		ck_assert_uint_eq(stat_of(lns.gw, key), 0);
	}
	ck_assert_uint_eq(stat_of(lns.gw, "sessions_set_up"), 1);
	ck_assert_uint_eq(stat_of(lac.gw, "sessions_set_up"), 1);
	ck_assert_uint_eq(setups_in_histogram(lns.gw), 1);
	/* The fake link has no delay: ICRQ to IPCP open within 50 ms. */
	ck_assert_uint_le(stat_of(lns.gw, "session_setup_ms_total"), 50);
	ck_assert_uint_eq(gateway_tally(lns.gw)->setup_bucket[0], 1);
	ck_assert_uint_eq(gateway_tally(lns.gw)->setup_ms_total,
			  stat_of(lns.gw, "session_setup_ms_total"));
	ck_assert_uint_eq(stat_of(lns.gw, "sessions_torn_down"), 0);
	gateway_shutdown(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(stat_of(lns.gw, "sessions_torn_down"), 1);
	ck_assert_uint_eq(stat_of(lns.gw, "session_setups_failed"), 0);
	ck_assert_uint_eq(stat_of(lns.gw, "sessions_set_up"), 1);
}
END_TEST

START_TEST(tally_auth_failure)
{
	uint64_t failed;

	/* One call, not placed again: a redial's jittered delay could fall
	 * on the checks and leave a call in setup. */
	lac_keys = "redial_calls = no\n";
	bring_up("chap", "alice", "wrong");
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	failed = stat_of(lns.gw, "auth_chap_failed");
	ck_assert_uint_eq(failed, 1);
	ck_assert_uint_eq(stat_of(lns.gw, "auth_chap_succeeded"), 0);
	ck_assert_uint_eq(stat_of(lns.gw, "sessions_set_up"), 0);
	ck_assert_uint_eq(stat_of(lns.gw, "session_setups_failed"), failed);
	ck_assert_uint_eq(setups_in_histogram(lns.gw), 0);
}
END_TEST

/* An incoming call counts from its ICRQ until an NCP opens on it. */
START_TEST(calls_negotiating_until_network_phase)
{
	lac_keys = "sessions = 2\n";
	/* The LAC's PPP frames are lost: the LNS's LCP gets no answer. */
	lac.drop_ppp = true;
	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_count(lns.gw), 2);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 0);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 2);
	ck_assert_uint_eq(stat_of(lns.gw, "calls_negotiating"), 2);
	ck_assert_uint_eq(stat_of(lns.gw, "calls_refused_negotiating"), 0);
	/* The LAC's own calls are not the LNS's business. */
	ck_assert_uint_eq(gateway_negotiating_count(lac.gw), 0);

	lac.drop_ppp = false;
	run_for(10000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 2, "%s", logbuf);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 0);
	ck_assert_uint_eq(stat_of(lns.gw, "calls_negotiating"), 0);
}
END_TEST

/* The LAC's PPP frames pass again: the LNS's n calls reach IPCP. */
static void calls_reach_network_phase(unsigned n)
{
	lac.drop_ppp = false;
	run_for(10000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), n);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 0);
}

/*
 * max_negotiating through the control plane: an ICRQ beyond the limit is
 * answered with CDN result 4 (l2tp_hooks.session_admit) and counted; once
 * a call reaches the network phase the next one is admitted.
 */
/* The LAC places 3 calls, the LNS admits 2 (max_negotiating); after 2 s. */
static void three_calls_two_admitted(const char *more_lac_keys)
{
	extra_keys = "";
	lns_keys = "";
	lac_keys = more_lac_keys;
	lac.drop_ppp = true;	/* calls stay negotiating */
	start_lns_global("max_negotiating = 2\n");
	start_lac("pap", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(2000);
}

START_TEST(call_beyond_max_negotiating_is_refused)
{
	/* The LAC places the refused call itself: lac_redials_... below. */
	three_calls_two_admitted("sessions = 3\nredial_calls = no\n");
	ck_assert_uint_eq(gateway_session_count(lns.gw), 2);
	ck_assert_uint_eq(count_sessions(&lns), 2);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 2);
	ck_assert_uint_eq(stat_of(lns.gw, "calls_refused_negotiating"), 1);
	ck_assert_msg(strstr(logbuf, "call refused: 2 calls negotiating, "
				     "max_negotiating = 2"), "%s", logbuf);
	/* The LAC's third call got the CDN. */
	ck_assert_uint_eq(count_sessions(&lac), 2);
	ck_assert_msg(strstr(logbuf, "result 4"), "%s", logbuf);

	/* Both reach IPCP: room again. */
	calls_reach_network_phase(2);
	lac_place_call();
	run_for(5000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 3, "%s", logbuf);
	ck_assert_uint_eq(stat_of(lns.gw, "calls_refused_negotiating"), 1);
}
END_TEST

/*
 * The LNS with global_keys; the LAC's [lac up] places up_keys' calls and
 * [lac up2] two more, on a second tunnel; their PPP frames are lost, so
 * every call admitted stays negotiating.  The LNS's stats after 2 s.
 */
static const struct l2tp_ctx_stats *two_tunnels_negotiating(
	const char *global_keys, const char *up_keys)
{
	static char keys[256];

	snprintf(keys, sizeof(keys), "%sredial_calls = no\n"
		 "[lac up2]\npeer = 192.0.2.1\nauth = pap\nuser = alice\n"
		 "password = secret-a\necho_interval = 0\nsessions = 2\n"
		 "redial_calls = no\n", up_keys);
	lac_keys = keys;
	lac.drop_ppp = true;
	start_lns_global(global_keys);
	start_lac("pap", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(2000);
	ck_assert_uint_eq(stat_of(lns.gw, "tunnels"), 2);
	return l2tp_ctx_stats(gateway_ctx(lns.gw));
}

/*
 * One call refused, counted in counter and not in other, logged with the
 * LAC's address and why.
 */
static void refused_once(const char *counter, const char *other,
			 const char *why, const struct l2tp_ctx_stats *st)
{
	char line[160];

	ck_assert_uint_eq(stat_of(lns.gw, counter), 1);
	ck_assert_uint_eq(stat_of(lns.gw, other), 0);
	ck_assert_uint_eq(st->calls_refused_admission, 1);
	snprintf(line, sizeof(line), "(peer 192.0.2.2): call refused: %s",
		 why);
	ck_assert_msg(strstr(logbuf, line), "%s", logbuf);
}

/*
 * The up calls reach IPCP, then more calls are placed on the LAC's first
 * tunnel and all are admitted: counter and the LNS's refusals stay at 1.
 */
static void room_again(unsigned up, unsigned more, const char *counter,
		       const struct l2tp_ctx_stats *st)
{
	unsigned i;

	calls_reach_network_phase(up);
	for (i = 0; i < more; i++)
		lac_place_call();
	run_for(5000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == up + more, "%s",
		      logbuf);
	ck_assert_uint_eq(stat_of(lns.gw, counter), 1);
	ck_assert_uint_eq(st->calls_refused_admission, 1);
}

/*
 * max_negotiating_per_tunnel: one tunnel's calls beyond its share get CDN
 * result 4 and are counted apart, while another tunnel's calls are still
 * admitted; the slots come back when the calls reach the network phase.
 */
START_TEST(tunnel_beyond_its_share_is_refused)
{
	const struct l2tp_ctx_stats *st = two_tunnels_negotiating(
		"max_negotiating = 8\nmax_negotiating_per_tunnel = 2\n",
		"sessions = 3\n");

	/* Two of up's three calls, both of up2's. */
	ck_assert_msg(gateway_session_count(lns.gw) == 4, "%s", logbuf);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 4);
	ck_assert_uint_eq(count_sessions(&lac), 4);
	refused_once("calls_refused_tunnel_share", "calls_refused_negotiating",
		     "2 calls negotiating on the tunnel, "
		     "max_negotiating_per_tunnel = 2", st);
	ck_assert_msg(strstr(logbuf, "result 4"), "%s", logbuf);

	/* All four reach IPCP: their tunnel has room again. */
	room_again(4, 2, "calls_refused_tunnel_share", st);
}
END_TEST

/*
 * max_negotiating_per_peer: the calls of all the tunnels from one address
 * count together; beyond the share they are refused and counted apart.
 */
START_TEST(peer_beyond_its_share_is_refused)
{
	const struct l2tp_ctx_stats *st = two_tunnels_negotiating(
		"max_negotiating_per_tunnel = 2\nmax_negotiating_per_peer = 3\n",
		"sessions = 2\n");

	ck_assert_msg(gateway_session_count(lns.gw) == 3, "%s", logbuf);
	refused_once("calls_refused_peer_share", "calls_refused_tunnel_share",
		     "3 calls negotiating from the peer, "
		     "max_negotiating_per_peer = 3", st);

	/* The three reach IPCP: the peer has room again. */
	room_again(3, 1, "calls_refused_peer_share", st);
}
END_TEST

/* A call that fails gives its tunnel's slot back. */
START_TEST(failed_call_gives_its_tunnel_slot_back)
{
	const struct l2tp_ctx_stats *st;

	lac_keys = "sessions = 2\nredial_calls = no\n";
	lac.drop_ppp = true;
	start_lns_global("max_negotiating_per_tunnel = 1\n");
	start_lac("pap", "alice", "wrong");
	gateway_start(lac.gw);
	run_for(2000);
	st = l2tp_ctx_stats(gateway_ctx(lns.gw));
	ck_assert_uint_eq(gateway_session_count(lns.gw), 1);
	ck_assert_uint_eq(stat_of(lns.gw, "calls_refused_tunnel_share"), 1);
	ck_assert_uint_eq(st->calls_refused_admission, 1);

	/* The call fails authentication and ends. */
	lac.drop_ppp = false;
	run_for(10000);
	ck_assert_msg(gateway_session_count(lns.gw) == 0, "%s", logbuf);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 0);
	lac.drop_ppp = true;
	lac_place_call();
	run_for(2000);
	/* Admitted: the tunnel's slot came back. */
	ck_assert_msg(gateway_session_count(lns.gw) == 1, "%s", logbuf);
	ck_assert_uint_eq(st->calls_refused_admission, 1);
	ck_assert_uint_eq(stat_of(lns.gw, "calls_refused_tunnel_share"), 1);
}
END_TEST

/* A call whose PPP fails stops counting when it ends. */
START_TEST(failed_call_stops_counting)
{
	lac_keys = "redial_calls = no\n";
	bring_up("pap", "alice", "wrong");
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(gateway_negotiating_count(lns.gw), 0);
}
END_TEST

/* --- operator commands ------------------------------------------------------ */

#define MAX_SEEN 8

struct seen {
	unsigned n;
	struct control_tunnel_info t[MAX_SEEN];
	struct control_session_info s[MAX_SEEN];
	char lac[MAX_SEEN][CONFIG_NAME_MAX];
	char user[MAX_SEEN][64];
	char ifname[MAX_SEEN][IF_NAMESIZE];
	char stat_names[256];
	uint64_t sessions_stat;
};

static int seen_tunnel(const struct control_tunnel_info *t, void *ctx)
{
	struct seen *w = ctx;

	ck_assert_uint_lt(w->n, MAX_SEEN);
	w->t[w->n] = *t;
	snprintf(w->lac[w->n], sizeof(w->lac[0]), "%s", t->lac ? t->lac : "");
	w->n++;
	return 0;
}

static int seen_session(const struct control_session_info *s, void *ctx)
{
	struct seen *w = ctx;

	ck_assert_uint_lt(w->n, MAX_SEEN);
	w->s[w->n] = *s;
	snprintf(w->user[w->n], sizeof(w->user[0]), "%s",
		 s->user ? s->user : "");
	snprintf(w->ifname[w->n], sizeof(w->ifname[0]), "%s",
		 s->ifname ? s->ifname : "");
	w->n++;
	return 0;
}

static int seen_stat(const char *name, uint64_t value, void *ctx)
{
	struct seen *w = ctx;
	size_t used = strlen(w->stat_names);

	snprintf(w->stat_names + used, sizeof(w->stat_names) - used, "%s ",
		 name);
	if (!strcmp(name, "sessions"))
		w->sessions_stat = value;
	return 0;
}

static const struct fake_session *only_session(const struct side *me)
{
	const struct fake_session *found = NULL;
	unsigned i;

	for (i = 0; i < MAX_OBJ; i++) {
		if (!me->sessions[i].used)
			continue;
		ck_assert_ptr_null(found);
		found = &me->sessions[i];
	}
	ck_assert_ptr_nonnull(found);
	return found;
}

/* A selector of kind k naming the only session of the LNS. */
static struct control_selector selector_for(enum control_selector_kind k,
					    const struct fake_session *fs)
{
	struct control_selector sel = { .kind = k };
	uint32_t a = htonl(fs->peer_ip);

	sel.tunnel_id = fs->tid;
	sel.session_id = fs->sid;
	snprintf(sel.user, sizeof(sel.user), "alice");
	sel.address.family = AF_INET;
	memcpy(sel.address.addr, &a, 4);
	snprintf(sel.ifname, sizeof(sel.ifname), "%s", fs->ifname);
	return sel;
}

START_TEST(operator_lists_and_shows)
{
	struct seen w = { 0 };
	const struct fake_session *fs;
	struct control_selector sel;
	char err[256];
	uint32_t peer;
	int k;

	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "log:\n%s",
		      logbuf);
	fs = only_session(&lns);

	ck_assert_int_eq(gateway_tunnel_list(lns.gw, seen_tunnel, &w), 0);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.t[0].tunnel_id, fs->tid);
	ck_assert_uint_ne(w.t[0].peer_tunnel_id, 0);
	ck_assert_int_eq(w.t[0].peer.family, AF_INET);
	ck_assert_mem_eq(w.t[0].peer.addr, &lac.addr.sin.sin_addr, 4);
	ck_assert_uint_eq(w.t[0].peer_port, 1701);
	ck_assert_str_eq(w.lac[0], "");
	ck_assert_uint_eq(w.t[0].sessions, 1);
	ck_assert_int_gt(w.t[0].created_at, 0);
	/* The LAC side names its section. */
	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(gateway_tunnel_list(lac.gw, seen_tunnel, &w), 0);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_str_eq(w.lac[0], "up");

	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(gateway_tunnel_show(lns.gw, fs->tid, seen_tunnel, &w,
					     err, sizeof(err)), 0);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(gateway_tunnel_show(lns.gw, (uint16_t)(fs->tid + 1),
					     seen_tunnel, &w, err,
					     sizeof(err)), -ENOENT);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_ptr_nonnull(strstr(err, "no tunnel "));

	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(gateway_session_list(lns.gw, 0, seen_session, &w, err,
					      sizeof(err)), 0);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.s[0].tunnel_id, fs->tid);
	ck_assert_uint_eq(w.s[0].session_id, fs->sid);
	ck_assert_uint_eq(w.s[0].peer_session_id, fs->peer_sid);
	ck_assert_str_eq(w.user[0], "alice");
	ck_assert_str_eq(w.s[0].state, "up");
	ck_assert(w.s[0].has_ipv4);
	memcpy(&peer, w.s[0].peer_ipv4, 4);
	ck_assert_uint_eq(ntohl(peer), fs->peer_ip);
	memcpy(&peer, w.s[0].local_ipv4, 4);
	ck_assert_uint_eq(ntohl(peer), 0x0a010001);
	ck_assert(!w.s[0].has_ipv6);
	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(gateway_session_list(lns.gw, fs->tid, seen_session,
					      &w, err, sizeof(err)), 0);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_int_eq(gateway_session_list(lns.gw, (uint16_t)(fs->tid + 1),
					      seen_session, &w, err,
					      sizeof(err)), -ENOENT);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_ptr_nonnull(strstr(err, "no tunnel "));

	/* Every selector finds the session, exactly once. */
	for (k = CONTROL_SEL_ID; k <= CONTROL_SEL_IFNAME; k++) {
		memset(&w, 0, sizeof(w));
		sel = selector_for((enum control_selector_kind)k, fs);
		ck_assert_msg(gateway_session_show(lns.gw, &sel, seen_session,
						   &w, err, sizeof(err)) == 0,
			      "selector %d: %s", k, err);
		ck_assert_uint_eq(w.n, 1);
		ck_assert_uint_eq(w.s[0].session_id, fs->sid);
		ck_assert_str_eq(w.ifname[0], sel.ifname);
	}

	/* Unknown objects: ENOENT naming what was asked for. */
	sel = selector_for(CONTROL_SEL_USER, fs);
	snprintf(sel.user, sizeof(sel.user), "mallory");
	ck_assert_int_eq(gateway_session_show(lns.gw, &sel, seen_session, &w,
					      err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "no session of user \"mallory\"");
	sel = selector_for(CONTROL_SEL_ADDRESS, fs);
	inet_pton(AF_INET, "10.9.9.9", sel.address.addr);
	ck_assert_int_eq(gateway_session_delete(lns.gw, &sel, err,
						sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "no session with peer address 10.9.9.9");
	sel = selector_for(CONTROL_SEL_IFNAME, fs);
	snprintf(sel.ifname, sizeof(sel.ifname), "eth9");
	ck_assert_int_eq(gateway_session_show(lns.gw, &sel, seen_session, &w,
					      err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "no session on interface eth9");
	sel = selector_for(CONTROL_SEL_ID, fs);
	sel.session_id++;
	ck_assert_int_eq(gateway_session_delete(lns.gw, &sel, err,
						sizeof(err)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "no session "));
	ck_assert_ptr_nonnull(strstr(err, " in tunnel "));
	sel = selector_for(CONTROL_SEL_ID, fs);
	sel.tunnel_id++;
	ck_assert_int_eq(gateway_session_show(lns.gw, &sel, seen_session, &w,
					      err, sizeof(err)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "no tunnel "));
	ck_assert_int_eq(gateway_tunnel_delete(lns.gw, (uint16_t)(fs->tid + 1),
					       err, sizeof(err)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "no tunnel "));
	ck_assert_uint_eq(gateway_session_count(lns.gw), 1);

	/* [lac] sections. */
	ck_assert_int_eq(gateway_lac_connect(lns.gw, "hq", err, sizeof(err)),
			 -ENOENT);
	ck_assert_str_eq(err, "no [lac hq] in the configuration");
	ck_assert_int_eq(gateway_lac_disconnect(lac.gw, "hq", err,
						sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "no [lac hq] in the configuration");
	ck_assert_int_eq(gateway_lac_connect(lac.gw, "up", err, sizeof(err)),
			 -EALREADY);
	ck_assert_ptr_nonnull(strstr(err, "[lac up] already has tunnel"));

	memset(&w, 0, sizeof(w));
	ck_assert_int_eq(gateway_stats(lns.gw, seen_stat, &w), 0);
	ck_assert_uint_eq(w.sessions_stat, 1);
	ck_assert_ptr_nonnull(strstr(w.stat_names, "tunnels "));
	ck_assert_ptr_nonnull(strstr(w.stat_names, "sessions_up "));
}
END_TEST

/* session delete by each selector: CDN to the peer, both sides drop it. */
START_TEST(operator_deletes_session_by_each_selector)
{
	struct control_selector sel;
	char err[256];

	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "log:\n%s",
		      logbuf);
	sel = selector_for((enum control_selector_kind)_i, only_session(&lns));
	ck_assert_msg(gateway_session_delete(lns.gw, &sel, err,
					     sizeof(err)) == 0, "%s", err);
	/* Gone from the LNS at once, from the LAC when the CDN arrives. */
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(count_sessions(&lns), 0);
	/* Before the LAC's redial (0.5 to 1 s later). */
	run_for(400);
	ck_assert_uint_eq(gateway_session_count(lac.gw), 0);
	ck_assert_uint_eq(count_sessions(&lac), 0);
	ck_assert_ptr_nonnull(strstr(logbuf, "disconnected by operator"));
	ck_assert_ptr_nonnull(strstr(logbuf, "CDN result 3"));
	/* The tunnel stays. */
	ck_assert_uint_eq(count_tunnels(&lns), 1);
	ck_assert_int_eq(gateway_session_delete(lns.gw, &sel, err,
						sizeof(err)), -ENOENT);
	/* The LNS's operator is not the LAC's: it places its call again. */
	run_for(3000);
	ck_assert_msg(gateway_session_up_count(lac.gw) == 1, "%s", logbuf);
	ck_assert_uint_eq(stat_of(lac.gw, "lac_call_redials"), 1);
	ck_assert_msg(strstr(logbuf, "[lac up]: tunnel ") &&
		      strstr(logbuf, "lost (CDN result 3): placing it again in"),
		      "%s", strstr(logbuf, "[lac up]: tunnel ") ?
		      strstr(logbuf, "[lac up]: tunnel ") : "no [lac up] line");
}
END_TEST

/*
 * A [lac] keeps its calls: one refused in setup by the LNS (CDN to its
 * ICRQ: no hook tells of it) is found missing by the next count (10 s)
 * and placed again after the backoff; the LAC's own operator deleting a
 * call is final.
 */
START_TEST(lac_redials_a_refused_call)
{
	struct control_selector sel;
	char err[256];

	three_calls_two_admitted("sessions = 3\n");
	ck_assert_uint_eq(stat_of(lns.gw, "calls_refused_negotiating"), 1);
	ck_assert_uint_eq(count_sessions(&lac), 2);
	lac.drop_ppp = false;
	run_for(8000);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 2);
	ck_assert_uint_eq(stat_of(lac.gw, "lac_call_redials"), 0);
	run_for(4000);
	ck_assert_msg(gateway_session_up_count(lac.gw) == 3, "%s", logbuf);
	ck_assert_uint_eq(stat_of(lac.gw, "lac_call_redials"), 1);
	ck_assert_msg(strstr(logbuf, "a call lost (failed in call setup)") &&
		      strstr(logbuf, "redialled 1 lost call(s), now 3 of 3"),
		      "%s", logbuf);

	/* Our operator's delete is final. */
	sel = selector_for(CONTROL_SEL_ID, session_named(&lac, "l2tp1"));
	ck_assert_int_eq(gateway_session_delete(lac.gw, &sel, err,
						sizeof(err)), 0);
	run_for(30000);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 2);
	ck_assert_uint_eq(stat_of(lac.gw, "lac_call_redials"), 1);
	ck_assert_msg(strstr(logbuf, "deleted by operator: not placed again, "
				     "2 call(s) kept"), "%s", logbuf);
}
END_TEST

/*
 * A call that keeps failing (the LNS refuses the password) is placed
 * again after 0.5-1 s, 1-2 s, 2-4 s, 4-8 s, 8-16 s ...: four to six
 * times in 40 s, not once a second.  (With redial_calls = no, never: the
 * admission tests above rely on it.)
 */
START_TEST(lac_redial_backs_off)
{
	uint64_t n;

	bring_up("pap", "alice", "wrong");
	run_for(35000);
	n = stat_of(lac.gw, "lac_call_redials");
	ck_assert_msg(n >= 4 && n <= 6, "%llu redials\n%s",
		      (unsigned long long)n, logbuf);
	/* The tunnel stays throughout. */
	ck_assert_uint_eq(count_tunnels(&lac), 1);
}
END_TEST

START_TEST(operator_tunnel_and_lac_commands)
{
	char err[256];
	uint16_t tid;

	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lac.gw) == 1, "log:\n%s",
		      logbuf);
	/* disconnect closes the [lac] tunnel and does not redial it. */
	ck_assert_int_eq(gateway_lac_disconnect(lac.gw, "up", err,
						sizeof(err)), 0);
	run_for(20000);
	ck_assert_uint_eq(count_tunnels(&lac), 0);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_int_eq(gateway_lac_disconnect(lac.gw, "up", err,
						sizeof(err)), -ENOTCONN);
	ck_assert_str_eq(err, "[lac up] is not connected");
	/* connect dials again. */
	ck_assert_int_eq(gateway_lac_connect(lac.gw, "up", err, sizeof(err)),
			 0);
	run_for(5000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "log:\n%s",
		      logbuf);
	tid = only_session(&lns)->tid;
	/* tunnel delete from the LNS: StopCCN, both sides drop everything. */
	ck_assert_int_eq(gateway_tunnel_delete(lns.gw, tid, err, sizeof(err)),
			 0);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(gateway_session_count(lac.gw), 0);
	ck_assert_uint_eq(count_sessions(&lac), 0);
	ck_assert_ptr_nonnull(strstr(logbuf, "closed by operator"));
}
END_TEST

/* --- IPsec -------------------------------------------------------------- */

static struct ipsec_sa fake_sas[2] = {
	{ .reqid = 7, .mark_out = 0x77, .conn = "l2tpgw" },
	{ .reqid = 8, .mark_out = 0x88, .conn = "l2tpgw" },
};
static unsigned n_fake_sas;

static const struct ipsec_sa *fake_find(void *arg, uint32_t reqid)
{
	unsigned i;

	for (i = 0; i < n_fake_sas; i++)
		if (fake_sas[i].reqid == reqid)
			return &fake_sas[i];
	return NULL;
}

static const struct ipsec_sa *fake_lac_sa(void *arg, const char *name)
{
	return NULL;
}

static int fake_initiate(void *arg, const char *name)
{
	return -ENOENT;
}

static void lns_with_ipsec(bool enforce)
{
	struct gateway_ipsec gi = {
		.find = fake_find, .lac_sa = fake_lac_sa,
		.initiate = fake_initiate, .enforce = enforce,
	};

	n_fake_sas = 2;
	start_lns("mschapv2");
	gateway_set_ipsec(lns.gw, &gi);
}

struct stat_want {
	const char *name;
	uint64_t value;
	bool found;
};

static int stat_pick(const char *name, uint64_t value, void *ctx)
{
	struct stat_want *w = ctx;

	if (!strcmp(name, w->name)) {
		w->value = value;
		w->found = true;
	}
	return 0;
}

static uint64_t lns_stat(const char *name)
{
	struct stat_want w = { name, 0, false };

	ck_assert_int_eq(gateway_stats(lns.gw, stat_pick, &w), 0);
	ck_assert_msg(w.found, "no stat %s", name);
	return w.value;
}

START_TEST(ipsec_tunnel_bound_to_its_sa)
{
	lac.addr.sa_reqid = 7;		/* what the module reports for it */
	lns_with_ipsec(true);
	start_lac("mschapv2", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	ck_assert_uint_eq(count_tunnels(&lns), 1);
	/* the kernel tunnel is bound to the SA and sends with its mark */
	ck_assert_uint_eq(lns.tunnels[0].reqid, 7);
	ck_assert_uint_eq(lns.tunnels[0].mark, 0x77);
	/* and so is our control traffic */
	ck_assert_uint_eq(lns.last_mark, 0x77);
	ck_assert_uint_eq(lns_stat("ipsec_cleartext_dropped"), 0);

	/* Control for that tunnel through another (known) SA is refused. */
	lac.addr.sa_reqid = 8;
	gateway_lac_disconnect(lac.gw, "up", logbuf, 0);
	run_for(1000);
	ck_assert_uint_ge(lns_stat("ipsec_wrong_sa_dropped"), 1);
	ck_assert_uint_eq(count_tunnels(&lns), 1);
	ck_assert(strstr(logbuf, "dropped: it belongs to CHILD_SA 7"));

	/* Another SA going leaves it alone. */
	ck_assert_uint_eq(gateway_ipsec_sa_down(lns.gw, 8, "other"), 0);
	ck_assert_uint_eq(count_tunnels(&lns), 1);
	/* The SA goes: the tunnel goes, without a word to the peer. */
	ck_assert_uint_eq(gateway_ipsec_sa_down(lns.gw, 7, "test"), 1);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_eq(count_sessions(&lns), 0);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(lns_stat("ipsec_tunnels_lost_sa"), 1);
	ck_assert_uint_eq(gateway_ipsec_sa_down(lns.gw, 7, "again"), 0);
}
END_TEST

/*
 * Control for a bound tunnel that cannot go: its SA gone (not sent), or
 * the kernel refusing it (EPERM: the guard's block policy).  Counted.
 */
START_TEST(ipsec_refused_control_counted)
{
	struct gateway_ipsec gi = {
		.find = fake_find, .lac_sa = fake_lac_sa,
		.initiate = fake_initiate, .enforce = true,
	};
	uint64_t refused;

	lac.addr.sa_reqid = 7;
	n_fake_sas = 2;
	/* A HELLO, then a retransmission every second for long. */
	start_lns_global("retries = 50\nretransmit_max = 1s\n");
	gateway_set_ipsec(lns.gw, &gi);
	start_lac("pap", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(count_tunnels(&lns), 1);
	ck_assert_uint_eq(lns_stat("ipsec_tx_no_sa"), 0);

	/* A failure that is not for lack of an SA is not counted. */
	lns.send_err = -ENOBUFS;
	lns.hellos_sent = 0;
	run_for(12000);
	ck_assert_uint_ge(lns.hellos_sent, 1);
	ck_assert_uint_eq(lns_stat("ipsec_tx_no_sa"), 0);

	/* charon's policy gone: the kernel refuses the marked datagram. */
	lns.send_err = -EPERM;
	run_for(3000);
	refused = lns_stat("ipsec_tx_no_sa");
	ck_assert_uint_ge(refused, 1);
	ck_assert_msg(strstr(logbuf, "control not sent (CHILD_SA 7, mark 0x77): "
			     "no IPsec policy of its CHILD_SA covers it"),
		      "log:\n%s", logbuf);

	/* The SA gone: not even tried. */
	lns.send_err = 0;
	n_fake_sas = 0;
	lns.sent = 0;
	run_for(3000);
	ck_assert_uint_eq(lns.sent, 0);
	ck_assert_uint_gt(lns_stat("ipsec_tx_no_sa"), refused);
	ck_assert(strstr(logbuf, "control not sent (CHILD_SA 7, mark 0x77): "
			 "its CHILD_SA is gone"));
}
END_TEST

START_TEST(ipsec_cleartext_and_unknown_sa_refused)
{
	lns_with_ipsec(true);
	start_lac("mschapv2", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(2000);			/* in the clear */
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_ge(lns_stat("ipsec_cleartext_dropped"), 1);
	ck_assert(strstr(logbuf, "L2TP in the clear dropped: IPsec is required"));

	lac.addr.sa_reqid = 99;		/* an SA charon never reported */
	run_for(8000);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_ge(lns_stat("ipsec_unknown_sa_dropped"), 1);
}
END_TEST

START_TEST(ipsec_not_enforced_accepts_cleartext)
{
	lns_with_ipsec(false);
	start_lac("mschapv2", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	ck_assert_uint_eq(lns.tunnels[0].reqid, 0);
	ck_assert_uint_eq(lns.tunnels[0].mark, 0);
	ck_assert_uint_eq(lns_stat("ipsec_cleartext_dropped"), 0);
}
END_TEST

/* The client's CHILD_SA as charon reports it, and where it moves to. */
static void client_sa_moves(struct ipsec_sa *old, struct ipsec_sa *moved)
{
	*old = fake_sas[0];
	old->child_id = 3;
	snprintf(old->remote_host, sizeof(old->remote_host), "192.0.2.2");
	*moved = *old;
	moved->reqid = 9;
	moved->mark_out = 0x99;
	snprintf(moved->remote_host, sizeof(moved->remote_host), "192.0.2.3");
}

/* The client's session up, its tunnel bound to the SA of reqid 7. */
static void client_up_through_sa_7(void)
{
	lac.addr.sa_reqid = 7;
	lns_with_ipsec(true);
	start_lac("mschapv2", "alice", "secret-a");
	gateway_start(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
}

/* A ZLB acknowledgement for tunnel tid. */
static void zlb_for(uint8_t zlb[12], uint16_t tid)
{
	memset(zlb, 0, 12);
	zlb[0] = 0xc8;
	zlb[1] = 0x02;
	zlb[3] = 12;
	put_be16(zlb + 4, tid);
}

/*
 * The client's NAT address changes: charon moves its CHILD_SA to the new
 * address under a new reqid.  The tunnel follows: the kernel gets the new
 * peer, reqid and mark in one modify, the control plane takes what comes
 * from the new address through the new SA and no longer what comes from
 * the old address, and the tunnel is found under its new reqid.
 */
START_TEST(ipsec_tunnel_follows_its_moved_sa)
{
	struct ipsec_sa old, moved;
	struct l2tp_addr old_addr;
	const struct l2tp_ctx_stats *cs;
	uint64_t unknown, wrong;
	uint8_t zlb[12];
	struct fake_tunnel *ft;
	char line[160];
	uint16_t tid, sid;

	client_up_through_sa_7();
	tid = lns.tunnels[0].tid;
	sid = only_session(&lns)->sid;
	client_sa_moves(&old, &moved);
	old_addr = lac.addr;

	/* charon has moved it; the client speaks from its new address. */
	fake_sas[0] = moved;
	inet_pton(AF_INET, "192.0.2.3", &lac.addr.sin.sin_addr);
	lac.addr.sa_reqid = 9;
	lns.rx_wrong_sa = 5;
	ck_assert_uint_eq(gateway_ipsec_sa_moved(lns.gw, &old, &moved), 1);
	ft = find_tunnel(&lns, tid);
	ck_assert_ptr_nonnull(ft);
	ck_assert_uint_eq(lns.rebinds, 1);
	ck_assert_uint_eq(ft->reqid, 9);
	ck_assert_uint_eq(ft->mark, 0x99);
	ck_assert_uint_eq(ft->peer.sin.sin_addr.s_addr,
			  lac.addr.sin.sin_addr.s_addr);
	ck_assert_uint_eq(ntohs(ft->peer.sin.sin_port), 1701);
	ck_assert_uint_eq(lns_stat("ipsec_rebinds"), 1);
	ck_assert_uint_eq(lns_stat("ipsec_rebind_wrong_sa_dropped"), 5);
	snprintf(line, sizeof(line), "tunnel %u: follows CHILD_SA #3: "
		 "192.0.2.2:1701 SA 7 -> 192.0.2.3:1701 SA 9", tid);
	ck_assert_msg(strstr(logbuf, line), "no '%s' in:\n%s", line, logbuf);
	/* Told again: nothing left under reqid 7, nothing counted twice. */
	ck_assert_uint_eq(gateway_ipsec_sa_moved(lns.gw, &old, &moved), 0);
	ck_assert_uint_eq(lns.rebinds, 1);

	/*
	 * From the new address through the new SA: its HELLOs go there with
	 * the new mark (send_cb checks the address) and the answers are the
	 * tunnel's; a minute on, nothing was refused and the call is up.
	 */
	wrong = lns_stat("ipsec_wrong_sa_dropped");
	lns.hellos_sent = 0;
	run_for(60000);
	ck_assert_uint_ge(lns.hellos_sent, 1);
	ck_assert_uint_eq(lns.last_mark, 0x99);
	ck_assert_uint_eq(lns_stat("ipsec_wrong_sa_dropped"), wrong);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	ck_assert_uint_eq(only_session(&lns)->sid, sid);
	ck_assert_uint_eq(lns.tunnels[0].tid, tid);

	/* The old address, even through the new SA, is no longer its peer. */
	cs = l2tp_ctx_stats(gateway_ctx(lns.gw));
	unknown = cs->ctl_unknown_tunnel;
	old_addr.sa_reqid = 9;
	zlb_for(zlb, tid);
	gateway_input(lns.gw, lns.sock, &old_addr, zlb, sizeof(zlb));
	ck_assert_uint_eq(cs->ctl_unknown_tunnel, unknown + 1);

	/* Filed under its new reqid: the old one's end leaves it alone. */
	ck_assert_uint_eq(gateway_ipsec_sa_down(lns.gw, 7, "old"), 0);
	ck_assert_uint_eq(count_tunnels(&lns), 1);
	ck_assert_uint_eq(gateway_ipsec_sa_down(lns.gw, 9, "new"), 1);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_eq(lns_stat("ipsec_tunnels_lost_sa"), 1);
}
END_TEST

/* The module refuses the move: that tunnel cannot work and is dropped. */
START_TEST(ipsec_rebind_refused_drops_the_tunnel)
{
	struct ipsec_sa old, moved;

	client_up_through_sa_7();
	client_sa_moves(&old, &moved);
	fake_sas[0] = moved;
	lns.rebind_error = -EINVAL;
	lns.rx_wrong_sa = 2;
	ck_assert_uint_eq(gateway_ipsec_sa_moved(lns.gw, &old, &moved), 0);
	ck_assert_uint_eq(lns.rebinds, 1);
	ck_assert_uint_eq(count_tunnels(&lns), 0);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	ck_assert_uint_eq(lns_stat("ipsec_rebinds"), 0);
	ck_assert_uint_eq(lns_stat("ipsec_rebind_wrong_sa_dropped"), 2);
	ck_assert_uint_eq(lns_stat("ipsec_tunnels_lost_sa"), 1);
	ck_assert(strstr(logbuf, "cannot follow CHILD_SA #3 from "
			 "192.0.2.2:1701 SA 7 to 192.0.2.3: Invalid argument"));
}
END_TEST

/* Our [lac]'s SA, for the LAC gateway. */
static struct ipsec_sa lac_sa_now = {
	.reqid = 21, .child_id = 4, .mark_out = 0x21,
	.conn = IPSEC_LAC_CONN_PREFIX "up", .remote_host = "192.0.2.1",
};

static const struct ipsec_sa *lac_find(void *arg, uint32_t reqid)
{
	return reqid == lac_sa_now.reqid ? &lac_sa_now : NULL;
}

static const struct ipsec_sa *lac_sa_of(void *arg, const char *name)
{
	return &lac_sa_now;
}

/* A tunnel we opened through our CHILD_SA follows it just the same. */
START_TEST(ipsec_lac_tunnel_follows_its_moved_sa)
{
	struct gateway_ipsec gi = {
		.find = lac_find, .lac_sa = lac_sa_of,
		.initiate = fake_initiate, .enforce = true,
	};
	struct ipsec_sa old = lac_sa_now;
	struct fake_tunnel *ft;

	lac_keys = "ipsec = yes\n[ipsec]\npsk = test-psk\n";
	lns.addr.sa_reqid = 21;		/* what reaches us from the LNS */
	start_lns("mschapv2");
	start_lac("mschapv2", "alice", "secret-a");
	gateway_set_ipsec(lac.gw, &gi);
	gateway_start(lac.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
	ck_assert_uint_eq(lac.tunnels[0].reqid, 21);
	/* Our own address moved (MOBIKE): new reqid, same peer. */
	lac_sa_now.reqid = 22;
	lac_sa_now.mark_out = 0x22;
	lns.addr.sa_reqid = 22;
	ck_assert_uint_eq(gateway_ipsec_sa_moved(lac.gw, &old, &lac_sa_now),
			  1);
	ft = &lac.tunnels[0];
	ck_assert_uint_eq(ft->reqid, 22);
	ck_assert_uint_eq(ft->mark, 0x22);
	ck_assert_uint_eq(ft->peer.sin.sin_addr.s_addr,
			  lns.addr.sin.sin_addr.s_addr);
	lac.last_mark = 0;
	run_for(30000);
	ck_assert_uint_eq(lac.last_mark, 0x22);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
	ck_assert_uint_eq(stat_of(lac.gw, "ipsec_rebinds"), 1);
}
END_TEST

/* --- reload: all of the new configuration or none ---------------------------- */

/*
 * The LAC side runs [ipsec] against a fake charon.  The VICI client needs
 * descriptors, so it has a real loop of its own; the gateways stay on the
 * virtual clock.
 */
static struct loop *rloop;
static struct fake_charon *charon;
static struct ipsec *lac_ipsec;
static char conf_path[64];

/* A HELLO for tunnel tid with these sequence numbers. */
static void hello_for(uint8_t msg[20], uint16_t tid, uint16_t ns, uint16_t nr)
{
	static const uint8_t avp[8] = { 0x80, 0x08, 0, 0, 0, 0, 0, 6 };

	zlb_for(msg, tid);
	msg[3] = 20;
	put_be16(msg + 8, ns);
	put_be16(msg + 10, nr);
	memcpy(msg + 12, avp, sizeof(avp));
}

/*
 * The client's up with the LNS's given [lns] keys; its NAT's port then
 * changes to 40000.  Before that, from port 40000: a HELLO with Ns and
 * Nr half the space away, and a data packet with the tunnel's and the
 * session's ids; neither moves the tunnel.  Returns the tunnel's id.
 */
static uint16_t nat_port_changes(const char *keys)
{
	uint8_t hello[20], data[10] = { 0x00, 0x02 };
	const struct l2tp_ctx_stats *cs;
	struct l2tp_addr from;
	uint64_t unknown;
	uint16_t tid;

	lns_keys = keys;
	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	tid = lns.tunnels[0].tid;
	from = lac.addr;
	from.sin.sin_port = htons(40000);
	hello_for(hello, tid, 30000, 30000);
	gateway_input(lns.gw, lns.sock, &from, hello, sizeof(hello));
	cs = l2tp_ctx_stats(gateway_ctx(lns.gw));
	unknown = cs->data_unknown_session;
	put_be16(data + 2, tid);
	put_be16(data + 4, only_session(&lns)->sid);
	memcpy(data + 6, (uint8_t[]){ 0xff, 0x03, 0xc0, 0x21 }, 4);
	gateway_input(lns.gw, lns.sock, &from, data, sizeof(data));
	ck_assert_uint_eq(cs->data_unknown_session, unknown + 1);
	ck_assert_uint_eq(lns.rebinds, 0);
	ck_assert_uint_eq(lns_stat("peer_moves"), 0);
	ck_assert_uint_eq(ntohs(find_tunnel(&lns, tid)->peer.sin.sin_port),
			  1701);
	lac.addr.sin.sin_port = htons(40000);
	return tid;
}

/*
 * follow_peer = yes: the spoofs are refused and counted; the client's
 * next control message (its ZLB for our HELLO) moves the tunnel, in the
 * module and in the control plane, and the call carries on there.
 */
START_TEST(cleartext_tunnel_follows_its_peer_on_request)
{
	uint16_t tid = nat_port_changes("follow_peer = yes\n");
	uint16_t sid = only_session(&lns)->sid;
	char line[128];

	ck_assert_uint_eq(lns_stat("peer_move_refused"), 1);
	snprintf(line, sizeof(line), "tunnel %u: control message from "
		 "192.0.2.2:40000 (Ns 30000, Nr 30000;", tid);
	ck_assert_msg(strstr(logbuf, line), "no '%s' in:\n%s", line, logbuf);
	ck_assert(strstr(logbuf, "not followed: its Ns is not the tunnel's"));
	run_for(15000);
	ck_assert_uint_eq(lns.rebinds, 1);
	ck_assert_uint_eq(ntohs(find_tunnel(&lns, tid)->peer.sin.sin_port),
			  40000);
	ck_assert_uint_eq(ntohs(l2tp_tunnel_peer(l2tp_tunnel_find(
		gateway_ctx(lns.gw), tid))->sin.sin_port), 40000);
	ck_assert_uint_eq(lns_stat("peer_moves"), 1);
	snprintf(line, sizeof(line), "tunnel %u: follows its peer: "
		 "192.0.2.2:1701 -> 192.0.2.2:40000", tid);
	ck_assert_msg(strstr(logbuf, line), "no '%s' in:\n%s", line, logbuf);
	/* A minute of HELLOs later: the same call, moved once. */
	run_for(60000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	ck_assert_uint_eq(only_session(&lns)->sid, sid);
	ck_assert_uint_eq(lns_stat("peer_moves"), 1);
	ck_assert_uint_eq(lns.rebinds, 1);
}
END_TEST

/* follow_peer off: the client's messages from port 40000 are not its. */
START_TEST(cleartext_tunnel_stays_without_follow_peer)
{
	uint16_t tid = nat_port_changes("");
	char line[128];

	ck_assert_uint_eq(lns_stat("peer_move_refused"), 0);
	run_for(60000);
	ck_assert_uint_eq(lns.rebinds, 0);
	ck_assert_uint_eq(lns_stat("peer_moves"), 0);
	snprintf(line, sizeof(line), "tunnel %u: control message from "
		 "192.0.2.2:40000, not its peer 192.0.2.2:1701: not followed "
		 "(follow_peer is off)", tid);
	ck_assert_msg(strstr(logbuf, line), "no '%s' in:\n%s", line, logbuf);
	/* Its acknowledgements never count: the LNS gives the tunnel up. */
	ck_assert_ptr_null(find_tunnel(&lns, tid));
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
}
END_TEST

/* [lac] follow_peer = yes: its LNS answers from a new port; it follows. */
START_TEST(lac_tunnel_follows_its_lns_on_request)
{
	uint16_t tid;
	char line[128];

	lac_keys = "follow_peer = yes\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
	tid = lac.tunnels[0].tid;
	lns.addr.sin.sin_port = htons(40001);
	run_for(15000);
	ck_assert_uint_eq(lac.rebinds, 1);
	ck_assert_uint_eq(ntohs(find_tunnel(&lac, tid)->peer.sin.sin_port),
			  40001);
	snprintf(line, sizeof(line), "tunnel %u: follows its peer: "
		 "192.0.2.1:1701 -> 192.0.2.1:40001", tid);
	ck_assert_msg(strstr(logbuf, line), "no '%s' in:\n%s", line, logbuf);
	run_for(60000);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
	ck_assert_uint_eq(lac.rebinds, 1);
}
END_TEST

static void reload_setup(void)
{
	int fd;

	setup();
	rloop = loop_new();
	ck_assert_ptr_nonnull(rloop);
	charon = fake_charon_new(rloop);
	snprintf(conf_path, sizeof(conf_path), "/tmp/gwconfXXXXXX");
	fd = mkstemp(conf_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void reload_teardown(void)
{
	teardown();
	ipsec_free(lac_ipsec);
	lac_ipsec = NULL;
	fake_charon_free(charon);
	loop_free(rloop);
	unlink(conf_path);
}

static void write_lac_conf(const char *host, const char *psk,
			   const char *enforce, const char *more)
{
	FILE *f = fopen(conf_path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "[global]\nhost_name = %s\n"
		"[ipsec]\nvici_socket = %s\npsk = %s\nenforce = %s\n"
		"[lac up]\npeer = 192.0.2.1\nauth = pap\nuser = alice\n"
		"password = secret-a\necho_interval = 0\n%s", host,
		fake_charon_path(charon), psk, enforce, more);
	fclose(f);
	/* It holds secrets: others may not read it (daemon/secrets.h). */
	ck_assert_int_eq(chmod(conf_path, 0600), 0);
}

static void run_real(uint64_t ms)
{
	uint64_t end = loop_now(rloop) + ms;

	while (loop_now(rloop) < end)
		loop_run_once(rloop, 10);
}

/* Run the real loop until charon got n commands cmd, 5 s at most. */
static void wait_charon(const char *cmd, unsigned n)
{
	unsigned t;

	for (t = 0; t < 500 && fake_charon_count(charon, cmd) < n; t++)
		run_real(10);
}

/* What charon has been asked to load so far. */
static unsigned charon_loads(void)
{
	return fake_charon_count(charon, "load-shared") +
	       fake_charon_count(charon, "load-conn");
}

START_TEST(reload_applies_all_or_nothing)
{
	static const struct ipsec_ops no_ops;
	static const char changed[] = "mtu = 1300\n"
		"[lac two]\npeer = 192.0.2.1\nauth = pap\nuser = bob\n"
		"password = secret-b\nautostart = no\nipsec = yes\n";
	struct gateway_settings *s;
	char msg[512];
	unsigned calls, loads;
	uint64_t t;
	int level = -1;

	start_lns("pap");
	write_lac_conf("lac", "first-psk", "no", "");
	ck_assert_msg(gateway_settings_load(conf_path, &s, msg,
					    sizeof(msg)) == 0, "%s", msg);
	lac_ipsec = ipsec_new(rloop, s->cfg, &no_ops, NULL, msg, sizeof(msg));
	ck_assert_msg(lac_ipsec, "%s", msg);
	start_settings(&lac, s);
	gateway_start(lac.gw);
	run_for(5000);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
	for (t = 0; t < 5000 && !ipsec_charon_up(lac_ipsec); t += 10)
		run_real(10);
	ck_assert_msg(ipsec_charon_up(lac_ipsec), "log:\n%s", logbuf);
	wait_charon("load-conn", 1);
	/* the PSK and the "l2tpgw" connection */
	ck_assert_uint_eq(fake_charon_count(charon, "load-shared"), 1);
	ck_assert_uint_eq(fake_charon_count(charon, "load-conn"), 1);
	loads = charon_loads();
	calls = lac.kernel_calls;

	/* charon would take its part; the gateway refuses a new host_name. */
	write_lac_conf("lac-renamed", "second-psk", "no", changed);
	ck_assert_int_eq(reload_settings(conf_path, lac.gw, lac_ipsec, &level, NULL,
					 msg, sizeof(msg)), -EINVAL);
	ck_assert_str_eq(msg, "host_name changed; restart l2tpgwd to apply");
	/* [ipsec] refuses a change of enforcement; the gateway would not. */
	write_lac_conf("lac", "second-psk", "yes", changed);
	ck_assert_int_eq(reload_settings(conf_path, lac.gw, lac_ipsec, &level, NULL,
					 msg, sizeof(msg)), -EINVAL);
	ck_assert_str_eq(msg, "[ipsec] vici_socket and enforce cannot change "
			 "while running");
	run_real(200);
	run_for(1000);
	ck_assert_uint_eq(charon_loads(), loads);
	ck_assert_uint_eq(lac.kernel_calls, calls);
	ck_assert_uint_eq(count_tunnels(&lac), 1);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
	ck_assert_uint_eq(stat_of(lac.gw, "lac_sections"), 1);
	ck_assert_int_eq(level, -1);

	/* Accepted: charon, the kernel and the running settings, all three. */
	write_lac_conf("lac", "second-psk", "no", changed);
	ck_assert_msg(reload_settings(conf_path, lac.gw, lac_ipsec, &level, NULL,
				      msg, sizeof(msg)) == 0, "%s", msg);
	ck_assert_msg(strstr(msg, "[lac up] changed"), "%s", msg);
	ck_assert_ptr_nonnull(strstr(msg, "[lac two] added"));
	ck_assert_int_eq(level, LOG_INFO);
	ck_assert_uint_eq(stat_of(lac.gw, "lac_sections"), 2);
	/* the changed [lac]'s tunnel leaves the kernel at once */
	ck_assert_uint_gt(lac.kernel_calls, calls);
	ck_assert_uint_eq(count_tunnels(&lac), 0);
	wait_charon("load-conn", 3);
	/* the new PSK, "l2tpgw" and "l2tpgw-lac-two" */
	ck_assert_uint_eq(fake_charon_count(charon, "load-shared"), 2);
	ck_assert_uint_eq(fake_charon_count(charon, "load-conn"), 3);
	/* and the changed [lac] dials again with its new settings */
	run_for(5000);
	ck_assert_uint_eq(count_tunnels(&lac), 1);
	ck_assert_uint_eq(gateway_session_up_count(lac.gw), 1);
}
END_TEST

/* --- session limits and end causes (gateway/session_limits.c) ----------- */

/* The end of the log, short enough for a Check message. */
static const char *log_tail(void)
{
	size_t n = strlen(logbuf);

	return n > 3000 ? logbuf + n - 3000 : logbuf;
}

/* The session down line of a section ("lns=ra ", "lac=up ") into out. */
static const char *down_line(const char *section, char *out, size_t len)
{
	const char *p = logbuf, *end;
	size_t n;

	while ((p = strstr(p, "session down "))) {
		end = strchr(p, '\n');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n < len && memmem(p, n, section, strlen(section))) {
			memcpy(out, p, n);
			out[n] = '\0';
			return out;
		}
		p += n;
	}
	return NULL;
}

static void assert_cause(const char *section, const char *cause)
{
	char line[1024], want[64];

	ck_assert_msg(down_line(section, line, sizeof(line)),
		      "no down line for %s; log:\n%s", section, log_tail());
	snprintf(want, sizeof(want), " cause=%s ", cause);
	ck_assert_msg(strstr(line, want), "want%s in: %s", want, line);
}

static int keep_session_info(const struct control_session_info *si,
			     void *ctx)
{
	*(struct control_session_info *)ctx = *si;
	return 0;
}

static void write_users(const char *text)
{
	FILE *f = fopen(users_path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/*
 * [lns] session_timeout: the session ends that long after its network
 * phase opened, with LCP Terminate-Request (the LAC's PPP sees its peer
 * terminate) and then the CDN.
 */
START_TEST(session_timeout_ends_the_session)
{
	struct control_session_info si;
	struct control_selector sel = { .kind = CONTROL_SEL_USER,
					.user = "alice" };
	char err[128];

	lns_keys = "session_timeout = 15s\n";
	lac_keys = "redial_calls = no\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	ck_assert_int_eq(gateway_session_show(lns.gw, &sel, keep_session_info,
					      &si, err, sizeof(err)), 0);
	ck_assert(si.has_limits);
	ck_assert_uint_gt(si.session_left_s, 9);
	ck_assert_uint_le(si.session_left_s, 15);
	ck_assert_uint_eq(si.idle_timeout_s, 0);
	logbuf[0] = '\0';
	run_for(9000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	ck_assert_ptr_null(strstr(logbuf, "session down"));
	run_for(5000);
	ck_assert_msg(gateway_session_count(lns.gw) == 0, "%s", log_tail());
	ck_assert_ptr_nonnull(strstr(logbuf, "session timeout (15 s)"));
	assert_cause("lns=ra ", "session-timeout");
	assert_cause("lac=up ", "user-request");
	/* LCP Terminate-Request went first, then the CDN. */
	ck_assert_ptr_nonnull(strstr(logbuf, "LCP Opened -> Closing on Close"));
}
END_TEST

/* dae_ops' visit: the session of user ctx->user. */
struct dae_find {
	const char *user;
	void *owner;
};

static void dae_find_visit(void *ctx, void *owner,
			   const struct dae_session_view *v)
{
	struct dae_find *f = ctx;

	if (v->user && !strcmp(v->user, f->user))
		f->owner = owner;
}

/*
 * What a CoA-Request changes through the gateway's dae_ops: a
 * Mikrotik-Rate-Limit and a Filter-Id replace the device's limits (the
 * shaper's parsers, the data plane's session_rate), a rate we cannot
 * read is an invalid request and changes nothing, a Session-Timeout ends
 * the session that long after the CoA with cause session-timeout.
 */
START_TEST(coa_changes_rate_and_session_timeout)
{
	struct dae_request r;
	struct dae_ops ops;
	struct dae_find f = { .user = "carol" };

	lac_keys = "redial_calls = no\n";
	bring_up("pap", "carol", "secret-c");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	gateway_dae_ops(lns.gw, &ops);
	ops.foreach(ops.arg, dae_find_visit, &f);
	ck_assert_ptr_nonnull(f.owner);

	memset(&r, 0, sizeof(r));
	r.code = RADIUS_COA_REQUEST;
	r.rate_kind = DAE_RATE_MIKROTIK;
	snprintf(r.rate, sizeof(r.rate), "3M/6M");
	ck_assert_uint_eq(ops.coa(ops.arg, f.owner, &r), 0);
	ck_assert_uint_eq(lns.rate_calls, 2);
	ck_assert_uint_eq(lns.last_rate.rx_bps, 3000000);
	ck_assert_uint_eq(lns.last_rate.tx_bps, 6000000);

	/* accel-ppp's Filter-Id: down/up in kbit/s. */
	r.rate_kind = DAE_RATE_FILTER_ID;
	snprintf(r.rate, sizeof(r.rate), "2000/1000");
	ck_assert_uint_eq(ops.coa(ops.arg, f.owner, &r), 0);
	ck_assert_uint_eq(lns.rate_calls, 3);
	ck_assert_uint_eq(lns.last_rate.tx_bps, 2000000);
	ck_assert_uint_eq(lns.last_rate.rx_bps, 1000000);

	snprintf(r.rate, sizeof(r.rate), "fast");
	ck_assert_uint_eq(ops.coa(ops.arg, f.owner, &r),
			  RADIUS_EC_INVALID_REQUEST);
	ck_assert_uint_eq(lns.rate_calls, 3);
	ck_assert_msg(strstr(logbuf, "CoA rate refused"), "%s", log_tail());

	memset(&r, 0, sizeof(r));
	r.code = RADIUS_COA_REQUEST;
	r.has_session_timeout = true;
	r.session_timeout_s = 6;
	ck_assert_uint_eq(ops.coa(ops.arg, f.owner, &r), 0);
	logbuf[0] = '\0';
	run_for(4000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	run_for(5000);
	ck_assert_msg(gateway_session_count(lns.gw) == 0, "%s", log_tail());
	assert_cause("lns=ra ", "session-timeout");
}
END_TEST

/* A DAE Disconnect-Request ends the session as admin-reset. */
START_TEST(dae_disconnect_is_admin_reset)
{
	struct dae_ops ops;
	struct dae_find f = { .user = "alice" };

	lac_keys = "redial_calls = no\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	gateway_dae_ops(lns.gw, &ops);
	ops.foreach(ops.arg, dae_find_visit, &f);
	ck_assert_ptr_nonnull(f.owner);
	logbuf[0] = '\0';
	ops.disconnect(ops.arg, f.owner);
	run_for(3000);
	ck_assert_msg(gateway_session_count(lns.gw) == 0, "%s", log_tail());
	assert_cause("lns=ra ", "admin-reset");
}
END_TEST

/*
 * A user's idle_timeout (users file) over no section default: traffic
 * (the module's packet counters moving) keeps the session, 10 s without
 * any ends it, never before; every round reads all counters in one dump.
 */
START_TEST(idle_timeout_from_the_module_counters)
{
	struct fake_session *fs;
	unsigned i;

	write_users("alice secret-a idle_timeout=10\n");
	lac_keys = "redial_calls = no\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	fs = (struct fake_session *)only_session(&lns);
	lns.counter_dumps = 0;
	/* Busy for 20 s, rx one round and tx the next. */
	for (i = 1; i <= 10; i++) {
		if (i % 2)
			fs->counters.rx_packets += 3;
		else
			fs->counters.tx_packets += 2;
		run_for(2000);
	}
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	/* Rounds every 10 s / 4: 8 in 20 s, one dump each. */
	ck_assert_uint_ge(lns.counter_dumps, 7);
	ck_assert_uint_le(lns.counter_dumps, 9);
	logbuf[0] = '\0';
	/* 7 s + the 2 s since the last packet: not idle for 10 s yet. */
	run_for(7000);
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	run_for(8000);
	ck_assert_msg(gateway_session_count(lns.gw) == 0, "%s", log_tail());
	assert_cause("lns=ra ", "idle-timeout");
	assert_cause("lac=up ", "user-request");
	/* No round left once the last limited session went. */
	i = lns.counter_dumps;
	run_for(60000);
	ck_assert_uint_eq(lns.counter_dumps, i);
}
END_TEST

/*
 * The section's default applies to users without their own; a user's
 * own replaces it.
 */
START_TEST(user_limit_replaces_the_section_default)
{
	write_users("alice secret-a session_timeout=30\n");
	lns_keys = "session_timeout = 10s\nidle_timeout = 100s\n";
	lac_keys = "redial_calls = no\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	ck_assert_ptr_nonnull(strstr(logbuf, "session timeout 30 s, idle "
				     "timeout 100 s"));
	run_for(20000);
	ck_assert_uint_eq(gateway_session_up_count(lns.gw), 1);
	run_for(15000);
	ck_assert_msg(gateway_session_count(lns.gw) == 0, "%s", log_tail());
	assert_cause("lns=ra ", "session-timeout");
}
END_TEST

/*
 * Each end names its own cause: the side that deletes a session says
 * admin-reset, its peer (CDN) user-request; the side that shuts down
 * nas-reboot, its peer (StopCCN) user-request.
 */
START_TEST(end_causes_of_each_side)
{
	struct control_selector sel = { .kind = CONTROL_SEL_ID };
	const struct fake_session *cs;
	char err[128];
	unsigned i;

	lac_keys = "sessions = 2\n";
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 2, "%s", log_tail());
	for (i = 0, cs = NULL; i < MAX_OBJ && !cs; i++)
		if (lac.sessions[i].used)
			cs = &lac.sessions[i];
	sel.tunnel_id = cs->tid;
	sel.session_id = cs->sid;
	logbuf[0] = '\0';
	ck_assert_int_eq(gateway_session_delete(lac.gw, &sel, err,
						sizeof(err)), 0);
	run_for(2000);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 1);
	assert_cause("lac=up ", "admin-reset");
	assert_cause("lns=ra ", "user-request");
	logbuf[0] = '\0';
	gateway_shutdown(lns.gw);
	run_for(3000);
	ck_assert_uint_eq(gateway_session_count(lac.gw), 0);
	assert_cause("lns=ra ", "nas-reboot");
	assert_cause("lac=up ", "user-request");
}
END_TEST

/* A reload removing a [lac] section ends its sessions: admin-reboot. */
START_TEST(reload_removing_the_lac_is_admin_reboot)
{
	struct gateway_settings *set;
	char msg[256];

	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lac.gw) == 1, "%s", log_tail());
	logbuf[0] = '\0';
	set = settings("[global]\nhost_name = lac\n");
	ck_assert_msg(gateway_reload(lac.gw, set, msg, sizeof(msg)) == 0, "%s",
		      msg);
	gateway_settings_put(set);
	ck_assert_ptr_nonnull(strstr(msg, "[lac up] removed"));
	run_for(3000);
	ck_assert_uint_eq(gateway_session_count(lns.gw), 0);
	assert_cause("lac=up ", "admin-reboot");
	assert_cause("lns=ra ", "user-request");
}
END_TEST

/* The peer silent: its tunnel is lost, its sessions lost-carrier. */
START_TEST(lost_tunnel_is_lost_carrier)
{
	bring_up("pap", "alice", "secret-a");
	ck_assert_msg(gateway_session_up_count(lns.gw) == 1, "%s", log_tail());
	logbuf[0] = '\0';
	lac.send_err = -ENETUNREACH;
	run_for(120000);
	ck_assert_msg(gateway_session_count(lns.gw) == 0, "%s", log_tail());
	assert_cause("lns=ra ", "lost-carrier");
}
END_TEST

static Suite *gateway_suite(void)
{
	Suite *s = suite_create("gateway");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, session_comes_up_and_tears_down, 0, 3);
	tcase_add_loop_test(tc, tally_auth_setups_and_teardowns, 0, 3);
	tcase_add_test(tc, tally_auth_failure);
	tcase_add_test(tc, ipv6cp_opens_too);
	tcase_add_test(tc, static_address_from_users_file);
	tcase_add_test(tc, wrong_password_gets_cdn);
	tcase_add_test(tc, hostile_pap_user_logged_escaped);
	tcase_add_test(tc, peer_not_allowed_is_refused);
	tcase_add_test(tc, hello_every_interval_after_control);
	tcase_add_test(tc, lcp_before_iccn_answered);
	tcase_add_test(tc, junk_protocol_rejects_bounded);
	tcase_add_test(tc, reload_keeps_sessions_and_refuses_fixed_changes);
	tcase_add_test(tc, reload_carries_delegated_prefixes);
	tcase_add_test(tc, reload_claims_prefixes_outside_the_new_pools);
	tcase_add_test(tc, settings_errors_name_file_and_line);
	tcase_add_test(tc, session_devices_numbered_by_the_daemon);
	tcase_add_test(tc, foreign_device_names_are_skipped);
	tcase_add_test(tc, no_free_device_name_fails_the_call);
	tcase_add_test(tc, fixed_ifname_serves_one_session);
	tcase_add_test(tc, tunnel_teardown_releases_every_session);
	tcase_add_test(tc, session_counters_listed_and_final);
	tcase_add_test(tc, session_rate_from_users_file);
	tcase_add_test(tc, session_without_rate_limit);
	tcase_add_test(tc, session_timeout_ends_the_session);
	tcase_add_test(tc, coa_changes_rate_and_session_timeout);
	tcase_add_test(tc, dae_disconnect_is_admin_reset);
	tcase_add_test(tc, idle_timeout_from_the_module_counters);
	tcase_add_test(tc, user_limit_replaces_the_section_default);
	tcase_add_test(tc, end_causes_of_each_side);
	tcase_add_test(tc, reload_removing_the_lac_is_admin_reboot);
	tcase_add_test(tc, lost_tunnel_is_lost_carrier);
	tcase_add_test(tc, calls_negotiating_until_network_phase);
	tcase_add_test(tc, failed_call_stops_counting);
	tcase_add_test(tc, call_beyond_max_negotiating_is_refused);
	tcase_add_test(tc, tunnel_beyond_its_share_is_refused);
	tcase_add_test(tc, peer_beyond_its_share_is_refused);
	tcase_add_test(tc, failed_call_gives_its_tunnel_slot_back);
	tcase_add_test(tc, lac_redials_a_refused_call);
	tcase_add_test(tc, lac_redial_backs_off);
	tcase_add_test(tc, operator_lists_and_shows);
	tcase_add_loop_test(tc, operator_deletes_session_by_each_selector,
			    CONTROL_SEL_ID, CONTROL_SEL_IFNAME + 1);
	tcase_add_test(tc, operator_tunnel_and_lac_commands);
	tcase_add_test(tc, ipsec_tunnel_bound_to_its_sa);
	tcase_add_test(tc, ipsec_refused_control_counted);
	tcase_add_test(tc, ipsec_cleartext_and_unknown_sa_refused);
	tcase_add_test(tc, ipsec_not_enforced_accepts_cleartext);
	tcase_add_test(tc, ipsec_tunnel_follows_its_moved_sa);
	tcase_add_test(tc, ipsec_rebind_refused_drops_the_tunnel);
	tcase_add_test(tc, ipsec_lac_tunnel_follows_its_moved_sa);
	tcase_add_test(tc, cleartext_tunnel_follows_its_peer_on_request);
	tcase_add_test(tc, cleartext_tunnel_stays_without_follow_peer);
	tcase_add_test(tc, lac_tunnel_follows_its_lns_on_request);
	suite_add_tcase(s, tc);
	tc = tcase_create("reload");
	tcase_add_checked_fixture(tc, reload_setup, reload_teardown);
	tcase_add_test(tc, reload_applies_all_or_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gateway_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
