// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The l2tpgw module as the daemon uses it, through libl2tpctl.
 */
#include "kernel.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel_events.h"
#include "log.h"

struct kernel {
	struct l2tpctl *h;	/* its netlink socket and error texts */
	struct kernel_session_defaults defaults;
	char ifname[L2TPCTL_IFNAMSIZ];	/* defaults.ifname points here */
	/* The module is unloaded: every request fails with ENODEV. */
	bool gone;
	/* Our deletes whose events are still to be read. */
	struct kev_ledger own;
};

static void log_refusal(const struct kernel *k, const char *what, int rc);

/* What every request answers while the module is away. */
static int gone(struct kernel *k, const char *what)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);

	if (what)
		log_rl(&rl, LOG_WARNING, "kernel: %s: the l2tpgw module is "
		       "not loaded", what);
	return -ENODEV;
}

static void put_addr(struct l2tpctl_addr *to, const struct l2tp_addr *a)
{
	to->family = a->sa.sa_family;
	if (a->sa.sa_family == AF_INET6)
		memcpy(to->addr, &a->sin6.sin6_addr, 16);
	else
		memcpy(to->addr, &a->sin.sin_addr, 4);
}

/* Where the tunnel's packets go and through which SA. */
static void put_peer(struct l2tpctl_tunnel *t, const struct l2tp_addr *peer)
{
	put_addr(&t->peer, peer);
	t->peer_port = ntohs(peer->sa.sa_family == AF_INET6 ?
			     peer->sin6.sin6_port : peer->sin.sin_port);
	/* IPsec: send through the peer's SA, accept only what came by it. */
	t->mark = peer->mark;
	if (peer->mark)
		t->has |= L2TPCTL_TUNNEL_HAS_MARK;
	t->ipsec_reqid = peer->sa_reqid;
	if (peer->sa_reqid)
		t->has |= L2TPCTL_TUNNEL_HAS_IPSEC_REQID;
}

void kernel_tunnel_request(const struct l2tp_tunnel_info *ti,
			   struct l2tpctl_tunnel *t)
{
	memset(t, 0, sizeof(*t));
	t->tunnel_id = ti->tunnel_id;
	t->peer_tunnel_id = ti->peer_tunnel_id;
	t->sock_id = ti->sock;
	put_peer(t, ti->peer);
}

void kernel_tunnel_rebind_request(uint16_t tunnel_id,
				  const struct l2tp_addr *peer,
				  struct l2tpctl_tunnel *t)
{
	memset(t, 0, sizeof(*t));
	t->tunnel_id = tunnel_id;
	put_peer(t, peer);
	/* All four at once, a zero mark or reqid included: one binding. */
	t->has |= L2TPCTL_TUNNEL_HAS_PEER | L2TPCTL_TUNNEL_HAS_PEER_PORT |
		  L2TPCTL_TUNNEL_HAS_MARK | L2TPCTL_TUNNEL_HAS_IPSEC_REQID;
}

/* The session's flags, as the control plane set them. */
static void put_session_flags(const struct l2tp_session_info *si,
			      struct l2tpctl_session *s)
{
	s->has |= L2TPCTL_SESSION_HAS_FLAGS;
	s->flags = 0;
	if (si->sequencing)
		s->flags |= L2TPGW_SESSION_F_SEND_SEQ | L2TPGW_SESSION_F_RECV_SEQ;
	if (si->lns)
		s->flags |= L2TPGW_SESSION_F_LNS;
}

void kernel_session_request(const struct l2tp_session_info *si,
			    const struct kernel_session_defaults *d,
			    struct l2tpctl_session *s)
{
	memset(s, 0, sizeof(*s));
	s->tunnel_id = si->tunnel_id;
	s->session_id = si->session_id;
	s->peer_session_id = si->peer_session_id;
	put_session_flags(si, s);
	if (d && d->ifname) {
		snprintf(s->ifname, sizeof(s->ifname), "%s", d->ifname);
		s->has |= L2TPCTL_SESSION_HAS_IFNAME;
	}
	if (d && d->mtu) {
		s->mtu = d->mtu;
		s->has |= L2TPCTL_SESSION_HAS_MTU;
	}
	if (d) {
		s->tcp_mss = d->tcp_mss;
		s->has |= L2TPCTL_SESSION_HAS_TCP_MSS;
	}
}

struct kernel *kernel_open(char *err, size_t err_len)
{
	struct kernel *k = calloc(1, sizeof(*k));
	int rc;

	if (k)
		k->h = l2tpctl_open();
	if (!k || !k->h) {
		free(k);
		snprintf(err, err_len, "netlink: out of memory");
		errno = ENOMEM;
		return NULL;
	}
	rc = l2tpctl_kernel_connect(k->h);
	if (rc) {
		snprintf(err, err_len, "%s", l2tpctl_errmsg(k->h));
		kernel_close(k);
		errno = -rc;
		return NULL;
	}
	return k;
}

void kernel_close(struct kernel *k)
{
	if (!k)
		return;
	l2tpctl_close(k->h);
	kev_ledger_free(&k->own);
	free(k);
}

bool kernel_gone(const struct kernel *k)
{
	return k->gone;
}

void kernel_set_gone(struct kernel *k)
{
	k->gone = true;
	kev_ledger_clear(&k->own);
}

int kernel_reconnect(struct kernel *k)
{
	int rc = l2tpctl_kernel_reconnect(k->h);

	if (rc)
		log_err("kernel: %s", l2tpctl_errmsg(k->h));
	else
		k->gone = false;
	return rc;
}

/*
 * Thousands of sessions going at once (a tunnel, a socket, a namespace)
 * are thousands of events: room for them, so that a burst is read rather
 * than lost and re-read with a dump.
 */
#define EVENT_RCVBUF	(4 << 20)

int kernel_event_fd(struct kernel *k)
{
	int fd = l2tpctl_kernel_event_fd(k->h);
	int size = EVENT_RCVBUF;

	if (fd < 0 || l2tpctl_kernel_event_watch_module(k->h) < 0) {
		log_err("kernel: %s", l2tpctl_errmsg(k->h));
		return fd < 0 ? fd : -EIO;
	}
	/* FORCE passes rmem_max with CAP_NET_ADMIN, which we have anyway. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return fd;
}

int kernel_events_read(struct kernel *k, l2tpctl_event_cb cb, void *arg)
{
	int rc = l2tpctl_kernel_event_dispatch(k->h, cb, arg);

	/* Lost events: the ledger may wait for some that never come. */
	if (rc == -ENOBUFS)
		kev_ledger_clear(&k->own);
	return rc;
}

const char *kernel_errmsg(const struct kernel *k)
{
	return l2tpctl_errmsg(k->h);
}

bool kernel_event_own(struct kernel *k, const struct l2tpctl_event *ev)
{
	return kev_ledger_own(&k->own, ev);
}

static int collect_tunnel(const struct l2tpctl_tunnel *t, void *arg)
{
	struct kernel_keys *keys = arg;

	return kernel_keys_add(keys, t->tunnel_id, 0);
}

static int collect_session(const struct l2tpctl_session *s, void *arg)
{
	struct kernel_keys *keys = arg;

	return kernel_keys_add(keys, s->tunnel_id, s->session_id);
}

int kernel_keys_add(struct kernel_keys *keys, uint16_t tunnel_id,
		    uint16_t session_id)
{
	uint32_t *k;

	if (keys->n == keys->cap) {
		k = realloc(keys->key, (keys->cap ? keys->cap * 2 : 256) *
			    sizeof(*k));
		if (!k)
			return -ENOMEM;
		keys->key = k;
		keys->cap = keys->cap ? keys->cap * 2 : 256;
	}
	keys->key[keys->n++] = kev_key(tunnel_id, session_id);
	return 0;
}

int kernel_dump_keys(struct kernel *k, struct kernel_keys *tunnels,
		     struct kernel_keys *sessions)
{
	int rc;

	if (k->gone)
		return gone(k, NULL);
	rc = l2tpctl_kernel_tunnel_dump(k->h, collect_tunnel, tunnels);
	if (rc == 0)
		rc = l2tpctl_kernel_session_dump(k->h, 0, collect_session,
						 sessions);
	if (rc)
		log_refusal(k, "reading the tunnels and sessions", rc);
	return rc;
}

void kernel_set_session_defaults(struct kernel *k,
				 const struct kernel_session_defaults *d)
{
	k->defaults.mtu = d->mtu;
	k->defaults.tcp_mss = d->tcp_mss;
	k->defaults.ifname = NULL;
	if (d->ifname) {
		snprintf(k->ifname, sizeof(k->ifname), "%s", d->ifname);
		k->defaults.ifname = k->ifname;
	}
}

struct l2tpctl *kernel_handle(struct kernel *k)
{
	return k->gone ? NULL : k->h;
}

const char *kernel_last_error(const struct kernel *k)
{
	return l2tpctl_kernel_extack(k->h);
}

static void log_refusal(const struct kernel *k, const char *what, int rc)
{
	const char *extack = kernel_last_error(k);

	log_err("kernel: %s: %s%s%s", what, strerror(-rc),
		extack[0] ? ": " : "", extack);
}

int kernel_sock_attach(struct kernel *k, int fd, uint32_t *sock_id)
{
	int rc;

	if (k->gone)
		return gone(k, "attaching a UDP socket");
	rc = l2tpctl_kernel_sock_attach_fd(k->h, fd, sock_id);
	if (rc)
		log_refusal(k, "attaching a UDP socket", rc);
	return rc;
}

int kernel_sock_set_flags(struct kernel *k, uint32_t sock_id, uint32_t flags)
{
	int rc;

	if (k->gone)
		return gone(k, "setting socket flags");
	rc = l2tpctl_kernel_sock_set_flags(k->h, sock_id, flags);
	if (rc)
		log_refusal(k, "setting socket flags", rc);
	return rc;
}

int kernel_ppp_xmit(struct kernel *k, uint16_t tunnel_id, uint16_t session_id,
		    const uint8_t *frame, size_t len)
{
	if (k->gone)
		return gone(k, NULL);
	return l2tpctl_kernel_ppp_xmit(k->h, tunnel_id, session_id, frame, len);
}

int kernel_session_modify(struct kernel *k, uint16_t tunnel_id,
			  uint16_t session_id, uint32_t protocols,
			  uint32_t mtu)
{
	struct l2tpctl_session s = {
		.has = L2TPCTL_SESSION_HAS_PROTOCOLS |
		       (mtu ? L2TPCTL_SESSION_HAS_MTU : 0),
		.tunnel_id = tunnel_id, .session_id = session_id,
		.protocols = protocols, .mtu = mtu,
	};
	int rc;

	if (k->gone)
		return gone(k, NULL);
	rc = l2tpctl_kernel_session_modify(k->h, &s);
	if (rc)
		log_refusal(k, "modifying a session", rc);
	return rc;
}

int kernel_session_ifindex(struct kernel *k, uint16_t tunnel_id,
			   uint16_t session_id, uint32_t *ifindex)
{
	struct l2tpctl_session s;
	int rc;

	if (k->gone)
		return gone(k, NULL);
	rc = l2tpctl_kernel_session_get(k->h, tunnel_id, session_id, &s);
	if (rc)
		return rc;
	if (!(s.has & L2TPCTL_SESSION_HAS_IFINDEX))
		return -EPROTO;
	*ifindex = s.ifindex;
	return 0;
}

int kernel_tunnel_rebind(struct kernel *k, uint16_t tunnel_id,
			 const struct l2tp_addr *peer, uint64_t *rx_wrong_sa)
{
	struct l2tpctl_tunnel t;
	char what[48];
	int rc;

	if (k->gone)
		return gone(k, "moving a tunnel");
	if (l2tpctl_kernel_tunnel_get(k->h, tunnel_id, &t) == 0 &&
	    (t.has & L2TPCTL_TUNNEL_HAS_STATS))
		*rx_wrong_sa = t.stats.counter[L2TPGW_STAT_RX_WRONG_SA];
	kernel_tunnel_rebind_request(tunnel_id, peer, &t);
	rc = l2tpctl_kernel_tunnel_modify(k->h, &t);
	if (rc) {
		snprintf(what, sizeof(what), "moving tunnel %u", tunnel_id);
		log_refusal(k, what, rc);
	}
	return rc;
}

static int ops_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	struct kernel *k = arg;
	struct l2tpctl_tunnel t;
	int rc;

	if (k->gone)
		return gone(k, "adding a tunnel");
	kernel_tunnel_request(ti, &t);
	rc = l2tpctl_kernel_tunnel_add(k->h, &t, NULL);
	if (rc)
		log_refusal(k, "adding a tunnel", rc);
	return rc;
}

static void ops_tunnel_del(void *arg, uint16_t tunnel_id)
{
	struct kernel *k = arg;
	int rc;

	if (k->gone)
		return;
	rc = l2tpctl_kernel_tunnel_del(k->h, tunnel_id);
	/* Its event will come back to us: not someone else's delete. */
	if (rc == 0)
		kev_ledger_note(&k->own, tunnel_id, 0);
	/* Already gone (socket closed, namespace exit) is fine. */
	if (rc && rc != -ENOENT)
		log_refusal(k, "deleting a tunnel", rc);
}

static int ops_session_add(void *arg, const struct l2tp_session_info *si)
{
	struct kernel *k = arg;
	struct l2tpctl_session s;
	int rc;

	if (k->gone)
		return gone(k, "adding a session");
	kernel_session_request(si, &k->defaults, &s);
	rc = l2tpctl_kernel_session_add(k->h, &s, NULL);
	/* A device name in use: the gateway takes the next one and says so. */
	if (rc && !(rc == -EEXIST && !strncmp(kernel_last_error(k), "IFNAME", 6)))
		log_refusal(k, "adding a session", rc);
	return rc;
}

static int ops_session_modify(void *arg, const struct l2tp_session_info *si)
{
	struct kernel *k = arg;
	struct l2tpctl_session s = {
		.tunnel_id = si->tunnel_id, .session_id = si->session_id,
	};
	int rc;

	if (k->gone)
		return gone(k, "modifying a session");
	put_session_flags(si, &s);
	rc = l2tpctl_kernel_session_modify(k->h, &s);
	if (rc)
		log_refusal(k, "modifying a session", rc);
	return rc;
}

static void ops_session_del(void *arg, uint16_t tunnel_id, uint16_t session_id)
{
	struct kernel *k = arg;
	int rc;

	if (k->gone)
		return;
	rc = l2tpctl_kernel_session_del(k->h, tunnel_id, session_id);
	if (rc == 0)
		kev_ledger_note(&k->own, tunnel_id, session_id);
	if (rc && rc != -ENOENT)
		log_refusal(k, "deleting a session", rc);
}

const struct l2tp_kernel_ops kernel_l2tp_ops = {
	.tunnel_add = ops_tunnel_add,
	.tunnel_del = ops_tunnel_del,
	.session_add = ops_session_add,
	.session_del = ops_session_del,
	.session_modify = ops_session_modify,
};
