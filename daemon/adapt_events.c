// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module's events (kernel_events.h) into the gateway, so that what
 * l2tpgwd reports stays what the kernel has:
 *
 *  - a session or tunnel deleted by someone else (ip link del, l2tpctl
 *    kernel ...) is closed towards its peer (CDN, StopCCN) and logged;
 *  - a socket detached by someone else is attached again (its tunnels
 *    went with it, each reported on its own);
 *  - the module unloaded (rmmod succeeds under a running daemon: the
 *    module holds no reference for our sockets and gives them back as
 *    plain UDP sockets): every tunnel is closed with a StopCCN from those
 *    sockets, logged once; requests fail with ENODEV meanwhile.  When the
 *    module is loaded again, the family is resolved anew, the sockets
 *    attached again and tunnels accepted again;
 *  - events lost (ENOBUFS): the module's tunnels and sessions are dumped
 *    and ours that it lacks are closed as if their events had come.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "daemon.h"
#include "kernel.h"
#include "kernel_events.h"
#include "log.h"
#include "loop.h"
#include "udp.h"

bool daemon_dataplane_up(void *arg)
{
	struct daemon *d = arg;

	return !kernel_gone(d->k);
}

/* Attach socket id (0: all) again, with IPsec enforcement if configured. */
static void reattach(struct daemon *d, uint32_t id)
{
	udp_reattach(d->udp, id, attach_sock, d->k);
	if (d->ipsec)
		ipsec_enforce_sockets(d);
	lac_sockets(d);
}

static void module_gone(struct daemon *d, const char *why)
{
	unsigned tunnels, sessions;

	if (kernel_gone(d->k))
		return;
	kernel_set_gone(d->k);
	gateway_kernel_gone(d->gw, why, &tunnels, &sessions);
	log_warn("kernel: %s: %u tunnel(s) and %u session(s) dropped; no "
		 "data plane until it is loaded again", why, tunnels,
		 sessions);
}

static void module_back(struct daemon *d)
{
	if (!kernel_gone(d->k))
		return;
	if (kernel_reconnect(d->k) < 0)
		return;
	reattach(d, 0);
	log_notice("kernel: the l2tpgw module is back: sockets attached "
		   "again, accepting tunnels");
}

static void sock_gone(struct daemon *d, const struct l2tpctl_event *ev)
{
	/* Closed by us (at exit) or its namespace dying: nothing to do. */
	if (ev->cause != L2TPGW_CAUSE_USER || !udp_has_id(d->udp, ev->sock_id))
		return;
	log_notice("socket %u: detached from the l2tpgw module by another "
		   "program: attaching it again", ev->sock_id);
	reattach(d, ev->sock_id);
}

static int on_event(const struct l2tpctl_event *ev, void *arg)
{
	struct daemon *d = arg;
	struct kev_verdict v;

	if (kernel_event_own(d->k, ev))
		return 0;
	kev_classify(ev, &v);
	switch (v.action) {
	case KEV_IGNORE:
		break;
	case KEV_SESSION_GONE:
		gateway_kernel_session_gone(d->gw, ev->tunnel_id,
					    ev->session_id, v.why);
		break;
	case KEV_TUNNEL_GONE:
		gateway_kernel_tunnel_gone(d->gw, ev->tunnel_id, v.can_send,
					   v.why);
		break;
	case KEV_SOCK_GONE:
		sock_gone(d, ev);
		break;
	case KEV_MODULE_GONE:
		module_gone(d, v.why);
		break;
	case KEV_MODULE_BACK:
		module_back(d);
		break;
	}
	return 0;
}

static int add_key(void *arg, uint16_t tunnel_id, uint16_t session_id)
{
	return kernel_keys_add(arg, tunnel_id, session_id);
}

static void key_gone(uint32_t key, void *arg)
{
	struct daemon *d = arg;
	uint16_t tid = key >> 16, sid = key & 0xffff;
	const char *why = "missing from the kernel after lost events";

	if (sid)
		gateway_kernel_session_gone(d->gw, tid, sid, why);
	else
		gateway_kernel_tunnel_gone(d->gw, tid, true, why);
}

/*
 * Events were lost: compare what the module has with what we hold.
 * Tunnels first: a tunnel closed takes its sessions along.
 */
static void resync(struct daemon *d)
{
	struct kernel_keys kt = { 0 }, ks = { 0 }, ours = { 0 };
	size_t i, tunnels = 0, n;

	int rc;

	if (kernel_gone(d->k))
		return;
	rc = kernel_dump_keys(d->k, &kt, &ks);
	/* Its family is unknown: the module left while we were not told. */
	if (rc == -ENOENT)
		module_gone(d, "the l2tpgw kernel module is gone");
	if (rc < 0 || gateway_kernel_keys(d->gw, add_key, &ours) < 0)
		goto out;
	for (i = 0; i < ours.n; i++)
		if (!(ours.key[i] & 0xffff))
			ours.key[tunnels++] = ours.key[i];
	n = kev_missing(ours.key, tunnels, kt.key, kt.n, key_gone, d);
	free(ours.key);
	ours = (struct kernel_keys){ 0 };
	if (gateway_kernel_keys(d->gw, add_key, &ours) < 0)
		goto out;
	for (i = 0, tunnels = 0; i < ours.n; i++)
		if (ours.key[i] & 0xffff)
			ours.key[tunnels++] = ours.key[i];
	n += kev_missing(ours.key, tunnels, ks.key, ks.n, key_gone, d);
	log_notice("kernel: events lost; state read again: %zu tunnel(s) "
		   "and %zu session(s) in the module, %zu of ours missing",
		   kt.n, ks.n, n);
out:
	free(kt.key);
	free(ks.key);
	free(ours.key);
}

static void readable(struct loop *loop, int fd, uint32_t events, void *arg)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	struct daemon *d = arg;
	int rc = kernel_events_read(d->k, on_event, d);

	if (rc == -ENOBUFS) {
		log_warn("kernel: events lost (the event socket overflowed)");
		resync(d);
	} else if (rc < 0) {
		/* The error is consumed with the read: no busy loop. */
		log_rl(&rl, LOG_ERR, "kernel: %s", kernel_errmsg(d->k));
		resync(d);
	}
}

void start_kernel_events(struct daemon *d)
{
	int fd = kernel_event_fd(d->k);
	int rc;

	d->evfd = -1;
	if (fd < 0) {
		log_warn("kernel: not following the module's events: objects "
			 "deleted under l2tpgwd go unnoticed");
		return;
	}
	rc = loop_add_fd(d->loop, fd, EPOLLIN, readable, d);
	if (rc < 0) {
		log_err("kernel: events: epoll: %s", strerror(-rc));
		return;
	}
	d->evfd = fd;
}

void stop_kernel_events(struct daemon *d)
{
	if (d->loop && d->evfd >= 0)
		loop_del_fd(d->loop, d->evfd);
	d->evfd = -1;
}
