/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The running daemon: what main.c starts and stops, and the adapters that
 * connect its parts (each in a file named by what it adapts):
 *
 *	adapt_dataplane.c  the gateway's data plane: module and rtnetlink
 *	adapt_udp.c        the UDP sockets: attached to the module, read
 *	                   into the gateway
 *	adapt_ipsec.c      charon's CHILD_SAs into the gateway, their
 *	                   marks guarded (ipsec/xfrm_guard.c)
 *	adapt_events.c     the module's events into the gateway: objects
 *	                   deleted under us, the module leaving and returning
 *	reload.c           SIGHUP and l2tpctl reload, in two phases
 *	signals.c          SIGHUP, SIGTERM, SIGINT through a signalfd
 *	adapt_metrics.c    the Prometheus endpoint (metrics/)
 *	adapt_acct.c       RADIUS accounting and the DAE listener (aaa/)
 */
#ifndef L2TPGW_DAEMON_H
#define L2TPGW_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "control/access.h"
#include "control/handlers.h"
#include "gateway.h"
#include "privdrop.h"

struct daemon {
	const char *config_path;
	const char *pidfile;
	bool foreground;
	bool debug;
	struct loop *loop;
	struct kernel *k;
	struct netdev *nd;
	struct shaper *shaper;		/* NULL: sessions never rate-limited */
	struct ra_server *ra;		/* NULL: no raw socket, no RAs */
	struct dhcp6_server *dhcp6;	/* NULL: no DHCPv6 prefix delegation */
	struct gateway *gw;
	struct udp_set *udp;
	struct control_server *ctl;
	struct control_target ctl_target;	/* what the control handlers act on */
	struct ipsec *ipsec;		/* NULL: no [ipsec] */
	struct xfrm_guard *guard;	/* with ipsec: its marks' policies */
	struct notifier *notify;	/* NULL: not under systemd */
	struct privdrop_id id;		/* whom we become after start */
	struct control_access ctl_access;	/* who may run which command */
	struct hooks *hooks;		/* the sections' up/down scripts */
	int64_t started_at;
	int sigfd;
	int evfd;			/* the module's events, -1: none */
	bool stopping;
	struct metrics_http *metrics;	/* NULL: metrics off */
	struct config_addr metrics_at;	/* where it listens (len 0: off) */
	struct l2tpctl *metrics_kernel;	/* its netlink socket, or NULL */
	/* adapt_acct.c: RADIUS accounting and DAE, NULL when off. */
	struct acct *acct;
	struct dae *dae;
};

/* adapt_dataplane.c: the module and rtnetlink behind the gateway. */
void daemon_dataplane(struct daemon *d, struct gateway_dataplane *dp);
/*
 * Router Advertisements need a raw socket: fatal only when a section
 * delegates prefixes now; otherwise a reload adding one says so per
 * session (no RAs, link-local only).
 */
int start_ra(struct daemon *d, const struct config *cfg);
/*
 * The DHCPv6 prefix delegation server, when a section runs IPv6: never
 * fatal (port 547 may be another server's); sessions granted a delegated
 * prefix then say they cannot have it.
 */
void start_dhcp6(struct daemon *d, const struct config *cfg);

/* adapt_udp.c: udp_open's hooks (arg: the kernel, the daemon). */
int attach_sock(void *arg, int fd, uint32_t *id);
void udp_rx(void *arg, uint32_t id, const struct l2tp_addr *from,
	    const uint8_t *buf, size_t len);
/* The gateway's LAC tunnels leave from the socket of their family. */
void lac_sockets(struct daemon *d);

/* adapt_ipsec.c */
int start_ipsec(struct daemon *d, const struct config *cfg);
/* Every UDP socket enforces IPsec in the module: 0, or -1 logged. */
int ipsec_enforce_sockets(struct daemon *d);

/*
 * adapt_events.c: the module's events into the gateway.  Without them
 * (the subscription failed, logged) the daemon runs blind but runs.
 */
void start_kernel_events(struct daemon *d);
void stop_kernel_events(struct daemon *d);
/* Is the module there (false between its unload and its return)? */
bool daemon_dataplane_up(void *arg);

/*
 * adapt_privileges.c: whom the daemon runs as and whom it serves.
 * daemon_privileges_check: the user/group of cfg into *id and its
 * secrets files' modes (secrets.h); 0, or -1 with err.
 */
int daemon_privileges_check(const struct config *cfg, const char *path,
			    struct privdrop_id *id, char *err, size_t errlen);
/* The control socket's rules from g, as whom we run now. */
void daemon_control_access(struct control_access *a,
			   const struct config_global *g);
/* The control server's configuration; access must outlive the server. */
void daemon_control_config(const struct config_global *g,
			   const struct privdrop_id *id,
			   struct control_access *access,
			   struct control_server_config *ccfg);
/* Become d->id with the capabilities cfg needs; 0, or -1 logged. */
int daemon_leave_root(struct daemon *d, const struct config *cfg);

/* reload.c: SIGHUP and l2tpctl reload.  0, or -EINVAL with err. */
int daemon_reload(struct daemon *d, char *err, size_t errlen);

/*
 * adapt_metrics.c: /metrics per metrics_listen.  -1 (logged) if an
 * address the configuration names cannot be bound; the default's failure
 * is a warning.  A reload that changes metrics_listen moves the endpoint
 * (its failure to bind is logged and leaves it off).
 */
int start_metrics(struct daemon *d, const struct config *cfg);
void reload_metrics(struct daemon *d, const struct config *cfg);
void stop_metrics(struct daemon *d);

/*
 * adapt_acct.c: with [radius] acct_server, accounting of the gateway's
 * sessions through the gateway's RADIUS client (Accounting-On now); with
 * dae_listen, the DAE listener.  -1
 * (logged) if either cannot start.  drain_acct_dae once the gateway is
 * drained, before it is freed: DAE closed, Accounting-Off after the
 * sessions' Stops, answers waited for acct_off_wait at most; stop_acct
 * after the gateway is freed.  Their configuration is the one at start.
 */
int start_acct_dae(struct daemon *d, const struct config *cfg);
void drain_acct_dae(struct daemon *d);
void stop_acct(struct daemon *d);

/* signals.c */
int setup_signals(struct daemon *d);

#endif /* L2TPGW_DAEMON_H */
