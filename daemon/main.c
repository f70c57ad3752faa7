// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd: the L2TP/PPP control plane of l2tpgw.
 *
 *	l2tpgwd [-c FILE] [-n] [-f] [-d] [-p PIDFILE]
 *
 * Start-up order, undone in reverse at exit: settings (config, users,
 * pools), the module's netlink family, rtnetlink, the loop and signals,
 * the gateway, the UDP sockets; then the [lac] sections dial out.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/l2tpgw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "control/control.h"
#include "control/handlers.h"
#include "gateway.h"
#include "ipsec/ipsec.h"
#include "kernel.h"
#include "log.h"
#include "loop.h"
#include "netdev.h"
#include "ra/ra_server.h"
#include "udp.h"

#define DEFAULT_CONFIG	"/etc/l2tpgwd.conf"
#define SHUTDOWN_GRACE_MS 2000
/* The Makefile may pass the release (-DL2TPGWD_VERSION=\"x.y.z\"). */
#ifndef L2TPGWD_VERSION
#define L2TPGWD_VERSION "0.1.0"
#endif

struct daemon {
	const char *config_path;
	const char *pidfile;
	bool foreground;
	bool debug;
	struct loop *loop;
	struct kernel *k;
	struct netdev *nd;
	struct ra_server *ra;		/* NULL: no raw socket, no RAs */
	struct gateway *gw;
	struct udp_set *udp;
	struct control_server *ctl;
	struct ipsec *ipsec;		/* NULL: no [ipsec] */
	int64_t started_at;
	int sigfd;
	bool stopping;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: l2tpgwd [-c FILE] [-n] [-f] [-d] [-p PIDFILE]\n"
		"  -c FILE     configuration (default " DEFAULT_CONFIG ")\n"
		"  -n          check the configuration, users file and pools; "
		"exit\n"
		"  -f          stay in the foreground, log to stderr\n"
		"  -d          debug logging\n"
		"  -p PIDFILE  write the process id there\n");
}

/* --- the real data plane: module + rtnetlink -------------------------------- */

static int dp_ppp_xmit(void *arg, uint16_t tid, uint16_t sid,
		       const uint8_t *frame, size_t len)
{
	struct daemon *d = arg;

	return kernel_ppp_xmit(d->k, tid, sid, frame, len);
}

/*
 * The peer's delegated /64: routed to its device, then advertised so the
 * client configures a global address by SLAAC.  A failure here leaves
 * IPv6 link-local only (logged), never the session's IPv4.
 */
static void dp_advertise(struct daemon *d, const struct gateway_link *l,
			 int ifindex, const char *ifname)
{
	struct ra_link ra = {
		.tunnel_id = l->tunnel_id, .session_id = l->session_id,
		.ifindex = ifindex, .ifname = ifname, .mtu = l->mtu,
		.cfg = l->ncp->ra,
	};
	int rc;

	if (!d->ra || !l->ncp->ra) {
		log_warn("session %u/%u %s: no router advertisements (%s): "
			 "IPv6 stays link-local only", l->tunnel_id,
			 l->session_id, ifname, !d->ra ? "no raw ICMPv6 socket" :
			 "no settings for them");
		return;
	}
	if (netdev_add_route6(d->nd, ifindex, ifname, l->ncp->prefix, 64) < 0)
		return;
	memcpy(ra.local_ifid, l->ncp->local_ifid, 8);
	memcpy(ra.prefix, l->ncp->prefix, 16);
	rc = ra_server_link_up(d->ra, &ra);
	if (rc < 0)
		log_err("session %u/%u %s: router advertisements: %s",
			l->tunnel_id, l->session_id, ifname, strerror(-rc));
}

static int dp_link_up(void *arg, const struct gateway_link *l,
		      char ifname[IF_NAMESIZE])
{
	struct daemon *d = arg;
	struct netdev_link nl = { .mtu = l->mtu };
	uint32_t ifindex;
	int rc;

	rc = kernel_session_ifindex(d->k, l->tunnel_id, l->session_id,
				    &ifindex);
	if (rc < 0) {
		log_err("session %u/%u: no net device: %s", l->tunnel_id,
			l->session_id, strerror(-rc));
		return rc;
	}
	if (l->proto == PPP_IP) {
		nl.ipv4 = true;
		nl.local_ip = l->ncp->local_ip;
		nl.peer_ip = l->ncp->peer_ip;
	} else {
		nl.ipv6 = true;
		memcpy(nl.local_ifid, l->ncp->local_ifid, 8);
		memcpy(nl.peer_ifid, l->ncp->peer_ifid, 8);
	}
	/* Addresses before the protocol: no packet reaches a bare device. */
	rc = netdev_configure(d->nd, (int)ifindex, &nl, ifname);
	if (rc < 0)
		return rc;
	rc = kernel_session_modify(d->k, l->tunnel_id, l->session_id,
				   l->protocols, l->mtu);
	if (rc == 0 && l->proto == PPP_IPV6 && l->ncp->has_prefix)
		dp_advertise(d, l, (int)ifindex, ifname);
	return rc;
}

static int dp_link_down(void *arg, uint16_t tid, uint16_t sid,
			uint32_t protocols)
{
	struct daemon *d = arg;

	if (d->ra && !(protocols & L2TPGW_PROTO_IPV6))
		ra_server_link_down(d->ra, tid, sid);
	return kernel_session_modify(d->k, tid, sid, protocols, 0);
}

/* Its device went with it: stop advertising there. */
static void dp_session_down(void *arg, uint16_t tid, uint16_t sid)
{
	struct daemon *d = arg;

	if (d->ra)
		ra_server_link_down(d->ra, tid, sid);
}

static int dp_tunnel_rx(void *arg, uint16_t tid, uint64_t *rx)
{
	struct daemon *d = arg;

	return kernel_tunnel_rx_packets(d->k, tid, rx);
}

static void dp_session_defaults(void *arg, const char *ifname, uint32_t mtu)
{
	struct daemon *d = arg;
	struct kernel_session_defaults def = { .ifname = ifname, .mtu = mtu };

	kernel_set_session_defaults(d->k, &def);
}

static int attach_sock(void *arg, int fd, uint32_t *id)
{
	return kernel_sock_attach(arg, fd, id);
}

static void udp_rx(void *arg, uint32_t id, const struct l2tp_addr *from,
		   const uint8_t *buf, size_t len)
{
	struct daemon *d = arg;

	gateway_input(d->gw, id, from, buf, len);
}

/* --- IPsec: charon's CHILD_SAs bind tunnels ------------------------------------ */

static const struct ipsec_sa *gi_find(void *arg, uint32_t reqid)
{
	struct daemon *d = arg;

	return ipsec_find(d->ipsec, reqid);
}

static const struct ipsec_sa *gi_lac_sa(void *arg, const char *lac)
{
	struct daemon *d = arg;

	return ipsec_lac_sa(d->ipsec, lac);
}

static int gi_initiate(void *arg, const char *lac)
{
	struct daemon *d = arg;

	return ipsec_initiate(d->ipsec, lac);
}

static void ipsec_sa_up(void *arg, const struct ipsec_sa *sa)
{
	struct daemon *d = arg;

	gateway_ipsec_sa_up(d->gw, sa);
}

static void ipsec_sa_down(void *arg, const struct ipsec_sa *sa,
			  const char *why)
{
	struct daemon *d = arg;
	unsigned n = gateway_ipsec_sa_down(d->gw, sa->reqid, why);

	if (n)
		log_notice("ipsec: %u tunnel%s of %s (CHILD_SA #%u) closed: %s",
			   n, n == 1 ? "" : "s", sa->remote_host, sa->child_id,
			   why);
}

/*
 * Every UDP socket enforces IPsec in the module and reports each control
 * datagram's SA; then charon learns our connections.
 */
static int start_ipsec(struct daemon *d, const struct config *cfg)
{
	static const struct ipsec_ops ops = {
		.sa_up = ipsec_sa_up, .sa_down = ipsec_sa_down,
	};
	struct gateway_ipsec gi = {
		.find = gi_find, .lac_sa = gi_lac_sa, .initiate = gi_initiate,
		.arg = d, .enforce = cfg->ipsec.enforce,
	};
	struct l2tp_addr local;
	char err[256];
	uint32_t id;
	unsigned i;
	int rc;

	for (i = 0; i < udp_count(d->udp); i++) {
		udp_local(d->udp, i, &local, &id);
		rc = kernel_sock_set_flags(d->k, id, L2TPGW_SOCK_F_IPSEC);
		if (rc < 0) {
			log_err("[ipsec]: socket %u: the module refuses IPsec "
				"enforcement: %s", id, kernel_last_error(d->k)[0] ?
				kernel_last_error(d->k) : strerror(-rc));
			return -1;
		}
	}
	d->ipsec = ipsec_new(d->loop, cfg, &ops, d, err, sizeof(err));
	if (!d->ipsec) {
		log_err("%s", err);
		return -1;
	}
	gateway_set_ipsec(d->gw, &gi);
	log_info("ipsec: L2TP %s through charon at %s",
		 cfg->ipsec.enforce ? "only" : "also",
		 cfg->ipsec.vici_socket[0] ? cfg->ipsec.vici_socket :
		 "its default socket");
	return 0;
}

/* --- signals ------------------------------------------------------------------ */

/* SIGHUP and l2tpctl reload: all of the new configuration or none. */
static int reload(struct daemon *d, char *err, size_t errlen)
{
	struct gateway_settings *s;
	char msg[512];
	int level, rc = 0;

	if (gateway_settings_load(d->config_path, &s, err, errlen) < 0) {
		log_err("reload refused: %s", err);
		return -EINVAL;
	}
	level = s->cfg->global.log_level;
	if (!!d->ipsec != s->cfg->ipsec.enabled) {
		snprintf(err, errlen, "[ipsec] cannot be %s while running: "
			 "restart l2tpgwd", d->ipsec ? "removed" : "added");
		log_err("reload refused: %s", err);
		gateway_settings_put(s);
		return -EINVAL;
	}
	if (d->ipsec && ipsec_reload(d->ipsec, s->cfg, msg, sizeof(msg)) < 0) {
		log_err("reload refused: %s", msg);
		snprintf(err, errlen, "%s", msg);
		gateway_settings_put(s);
		return -EINVAL;
	}
	if (gateway_reload(d->gw, s, msg, sizeof(msg)) < 0) {
		log_err("reload refused: %s", msg);
		snprintf(err, errlen, "%s", msg);
		rc = -EINVAL;
	} else {
		if (!d->debug)
			log_init(level, !d->foreground, "l2tpgwd");
		log_notice("reloaded %s: %s", d->config_path, msg);
		control_server_publish(d->ctl, CONTROL_EVENT_RELOAD, msg);
	}
	gateway_settings_put(s);
	return rc;
}

/* --- the control socket: l2tpctl's commands ---------------------------------- */

static int ctl_reload(void *arg, char *err, size_t errlen)
{
	struct daemon *d = arg;

	if (d->stopping) {
		snprintf(err, errlen, "l2tpgwd is shutting down");
		return -ESHUTDOWN;
	}
	return reload(d, err, errlen);
}

/* What the handlers of control/handlers.c act on: one daemon a process. */
static struct control_target *ctl_target(struct daemon *d)
{
	static struct control_target t;

	t = (struct control_target){
		.gw = d->gw, .ra = d->ra, .version = L2TPGWD_VERSION,
		.started_at = d->started_at,
		.reload = ctl_reload, .reload_arg = d,
	};
	return &t;
}

static void on_signal(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct daemon *d = arg;
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			if (!d->stopping) {
				char err[512];

				reload(d, err, sizeof(err));
			}
			break;
		case SIGTERM:
		case SIGINT:
			if (d->stopping)
				break;
			log_notice("signal %u: shutting down", si.ssi_signo);
			d->stopping = true;
			gateway_shutdown(d->gw);
			loop_stop(loop);
			break;
		default:
			break;
		}
	}
}

static int setup_signals(struct daemon *d)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	d->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sigfd < 0)
		return -errno;
	return loop_add_fd(d->loop, d->sigfd, EPOLLIN, on_signal, d);
}

/* --- start-up and shutdown ----------------------------------------------------- */

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "%ld\n", (long)getpid());
	if (fclose(f) != 0)
		return -errno;
	return 0;
}

/*
 * Router Advertisements need a raw socket: fatal only when a section
 * delegates prefixes now; otherwise a reload adding one says so per
 * session (no RAs, link-local only).
 */
static int start_ra(struct daemon *d, const struct config *cfg)
{
	char err[256];
	unsigned i;

	d->ra = ra_server_new(d->loop, NULL, err, sizeof(err));
	if (d->ra)
		return 0;
	for (i = 0; i < cfg->n_lns; i++)
		if (cfg->lns[i].ipv6_prefix_pool.len) {
			log_err("[lns %s]: ipv6_prefix_pool: %s",
				cfg->lns[i].name, err);
			return -1;
		}
	log_warn("%s", err);
	return 0;
}

static int start(struct daemon *d, struct gateway_settings *s)
{
	struct gateway_dataplane dp = {
		.l2tp = &kernel_l2tp_ops, .l2tp_arg = d->k,
		.ppp_xmit = dp_ppp_xmit, .link_up = dp_link_up,
		.link_down = dp_link_down, .session_down = dp_session_down,
		.tunnel_rx_packets = dp_tunnel_rx,
		.session_defaults = dp_session_defaults, .arg = d,
	};
	struct control_server_config ccfg = { 0 };
	char err[256];
	uint32_t id;
	int rc;

	d->started_at = (int64_t)time(NULL);
	d->nd = netdev_open(err, sizeof(err));
	if (!d->nd) {
		log_err("%s", err);
		return -1;
	}
	d->loop = loop_new();
	if (!d->loop) {
		log_err("event loop: %s", strerror(errno));
		return -1;
	}
	rc = setup_signals(d);
	if (rc < 0) {
		log_err("signals: %s", strerror(-rc));
		return -1;
	}
	if (start_ra(d, s->cfg) < 0)
		return -1;
	/* Datagrams are read only once the loop runs, after gateway_new. */
	d->udp = udp_open(d->loop, &s->cfg->global, attach_sock, d->k, udp_rx,
			  d, err, sizeof(err));
	if (!d->udp) {
		log_err("%s", err);
		return -1;
	}
	d->gw = gateway_new(d->loop, s, &dp, udp_send, d->udp, NULL);
	if (!d->gw) {
		log_err("gateway: %s", strerror(errno));
		return -1;
	}
	if (udp_socket_for_family(d->udp, AF_INET, &id) == 0)
		gateway_set_lac_socket(d->gw, AF_INET, id);
	if (udp_socket_for_family(d->udp, AF_INET6, &id) == 0)
		gateway_set_lac_socket(d->gw, AF_INET6, id);
	if (s->cfg->ipsec.enabled && start_ipsec(d, s->cfg) < 0)
		return -1;
	gateway_start(d->gw);
	ccfg.path = s->cfg->global.control_socket[0] ?
		    s->cfg->global.control_socket : NULL;
	ccfg.group = s->cfg->global.control_group;
	d->ctl = control_server_new(d->loop, &ccfg, &control_handlers,
				    ctl_target(d));
	if (!d->ctl) {
		log_err("control socket %s: %s", ccfg.path ? ccfg.path :
			CONTROL_DEFAULT_PATH, strerror(errno));
		return -1;
	}
	gateway_set_control(d->gw, d->ctl);
	return 0;
}

/* StopCCN to every peer, a moment for them to arrive, then tear down. */
static void drain(struct daemon *d)
{
	uint64_t deadline = loop_now(d->loop) + SHUTDOWN_GRACE_MS;

	while (!gateway_idle(d->gw) && loop_now(d->loop) < deadline)
		loop_run_once(d->loop, 100);
}

static void stop(struct daemon *d)
{
	if (d->gw) {
		if (d->udp)
			drain(d);
		gateway_free(d->gw);
	}
	/* After the gateway, which asks it about SAs until the end. */
	ipsec_free(d->ipsec);
	/* After the gateway: its last events went out; before the loop. */
	control_server_free(d->ctl);
	udp_close(d->udp);
	/* After the gateway, whose teardown may still stop advertising. */
	ra_server_free(d->ra);
	if (d->loop && d->sigfd >= 0) {
		loop_del_fd(d->loop, d->sigfd);
		close(d->sigfd);
	}
	loop_free(d->loop);
	netdev_close(d->nd);
	kernel_close(d->k);
	if (d->pidfile)
		unlink(d->pidfile);
}

static int check_only(const char *path)
{
	struct gateway_settings *s;
	char err[512];

	if (gateway_settings_load(path, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("%s: OK (%u [lns], %u [lac])\n", path, s->cfg->n_lns,
	       s->cfg->n_lac);
	gateway_settings_put(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon d = { .config_path = DEFAULT_CONFIG, .sigfd = -1 };
	struct gateway_settings *s;
	bool check = false;
	char err[512];
	int opt, rc = 1;

	while ((opt = getopt(argc, argv, "c:nfdp:h")) != -1) {
		switch (opt) {
		case 'c':
			d.config_path = optarg;
			break;
		case 'n':
			check = true;
			break;
		case 'f':
			d.foreground = true;
			break;
		case 'd':
			d.debug = true;
			break;
		case 'p':
			d.pidfile = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "l2tpgwd: unexpected argument \"%s\"\n",
			argv[optind]);
		usage(stderr);
		return 1;
	}
	log_init(d.debug ? LOG_DEBUG : LOG_INFO, false, "l2tpgwd");
	if (check)
		return check_only(d.config_path);
	if (gateway_settings_load(d.config_path, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "l2tpgwd: %s\n", err);
		return 1;
	}
	d.k = kernel_open(err, sizeof(err));
	if (!d.k) {
		if (errno == ENOENT)
			fprintf(stderr, "l2tpgwd: l2tpgw kernel module not "
				"loaded: modprobe l2tpgw\n");
		else
			fprintf(stderr, "l2tpgwd: %s\n", err);
		gateway_settings_put(s);
		return 1;
	}
	if (!d.foreground && daemon(0, 0) < 0) {
		fprintf(stderr, "l2tpgwd: daemon: %s\n", strerror(errno));
		goto out;
	}
	log_init(d.debug ? LOG_DEBUG : s->cfg->global.log_level,
		 !d.foreground, "l2tpgwd");
	if (d.pidfile && write_pidfile(d.pidfile) < 0) {
		log_err("pidfile %s: %s", d.pidfile, strerror(errno));
		d.pidfile = NULL;
		goto out;
	}
	if (start(&d, s) < 0)
		goto out;
	log_notice("started: %u [lns], %u [lac] section(s)", s->cfg->n_lns,
		   s->cfg->n_lac);
	if (loop_run(d.loop) < 0)
		log_err("event loop failed: %s", strerror(errno));
	else
		rc = 0;
out:
	stop(&d);
	gateway_settings_put(s);
	if (rc == 0)
		log_notice("stopped");
	return rc;
}
