// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd: the L2TP/PPP control plane of l2tpgw.
 *
 *	l2tpgwd [-c FILE] [-n] [-f] [-d] [-p PIDFILE]
 *
 * Start-up order, undone in reverse at exit: settings (config, users,
 * pools; the modes of secrets files), the module's netlink family,
 * rtnetlink, the loop and signals, the gateway, the UDP sockets; then the
 * [lac] sections dial out, and the module's events are followed.  Then
 * root is left for [global] user (privdrop.h), before the loop runs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "control/control.h"
#include "daemon.h"
#include "gateway.h"
#include "hooks/hooks.h"
#include "ipsec/ipsec.h"
#include "ipsec/xfrm_guard.h"
#include "kernel.h"
#include "log.h"
#include "loop.h"
#include "netdev.h"
#include "shaper/shaper.h"
#include "notify.h"
#include "privdrop.h"
#include "dhcp6/dhcp6_server.h"
#include "ra/ra_server.h"
#include "secrets.h"
#include "udp.h"

#define DEFAULT_CONFIG	"/etc/l2tpgw/l2tpgwd.conf"
#define SHUTDOWN_GRACE_MS 2000

static void usage(FILE *f)
{
	fprintf(f,
		"usage: l2tpgwd [-c FILE] [-n] [-f] [-d] [-p PIDFILE] | -V\n"
		"  -c FILE     configuration (default " DEFAULT_CONFIG ")\n"
		"  -n          check the configuration, users file and pools; "
		"exit\n"
		"  -f          stay in the foreground, log to stderr\n"
		"  -d          debug logging\n"
		"  -p PIDFILE  write the process id there\n"
		"  -V          print the version; exit\n");
}

/* --- the control socket: l2tpctl's commands ---------------------------------- */

static int ctl_reload(void *arg, char *err, size_t errlen)
{
	struct daemon *d = arg;

	if (d->stopping) {
		snprintf(err, errlen, "l2tpgwd is shutting down");
		return -ESHUTDOWN;
	}
	return daemon_reload(d, err, errlen);
}

/* What the handlers of control/handlers.c act on. */
static struct control_target *ctl_target(struct daemon *d)
{
	d->ctl_target = (struct control_target){
		.gw = d->gw, .ra = d->ra, .dhcp6 = d->dhcp6, .version = L2TPGW_VERSION,
		.started_at = d->started_at,
		.reload = ctl_reload, .reload_arg = d,
		.dataplane_up = daemon_dataplane_up, .dataplane_arg = d,
	};
	return &d->ctl_target;
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
static int start(struct daemon *d, struct gateway_settings *s)
{
	struct gateway_dataplane dp;
	struct control_server_config ccfg = { 0 };
	char err[256];
	int rc;

	daemon_dataplane(d, &dp);
	d->started_at = (int64_t)time(NULL);
	d->nd = netdev_open(err, sizeof(err));
	if (!d->nd) {
		log_err("%s", err);
		return -1;
	}
	d->shaper = shaper_open(err, sizeof(err));
	if (!d->shaper)
		log_warn("%s: sessions will have no rate limits", err);
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
	start_dhcp6(d, s->cfg);
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
	d->hooks = hooks_new(d->loop, 0, 0);
	if (!d->hooks) {
		log_err("hooks: %s", strerror(errno));
		return -1;
	}
	gateway_set_hooks(d->gw, d->hooks);
	if (start_acct_dae(d, s->cfg) < 0)
		return -1;
	lac_sockets(d);
	if (s->cfg->ipsec.enabled && start_ipsec(d, s->cfg) < 0)
		return -1;
	gateway_start(d->gw);
	daemon_control_config(&s->cfg->global, &d->id, &d->ctl_access, &ccfg);
	d->ctl = control_server_new(d->loop, &ccfg, &control_handlers,
				    ctl_target(d));
	if (!d->ctl) {
		log_err("control socket %s: %s", ccfg.path ? ccfg.path :
			CONTROL_DEFAULT_PATH, strerror(errno));
		return -1;
	}
	gateway_set_control(d->gw, d->ctl);
	start_kernel_events(d);
	if (start_metrics(d, s->cfg) < 0)
		return -1;
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
		drain_acct_dae(d);
		gateway_free(d->gw);
	}
	stop_acct(d);
	/* The down scripts of the last sessions get a moment to finish. */
	if (d->hooks)
		hooks_drain(d->hooks, HOOKS_SHUTDOWN_MS);
	hooks_free(d->hooks);
	/* After the gateway, which asks it about SAs until the end. */
	ipsec_free(d->ipsec);
	/* After the gateway: the kernel tunnels it guarded are gone. */
	xfrm_guard_close(d->guard);
	/* After the gateway (no loop runs after it); before the loop. */
	stop_metrics(d);
	/* After the gateway: its last events went out; before the loop. */
	control_server_free(d->ctl);
	stop_kernel_events(d);
	udp_close(d->udp);
	/* After the gateway, whose teardown may still stop advertising. */
	ra_server_free(d->ra);
	dhcp6_server_free(d->dhcp6);
	/* After the drain, which its watchdog timer kept alive. */
	notifier_free(d->notify);
	if (d->loop && d->sigfd >= 0) {
		loop_del_fd(d->loop, d->sigfd);
		close(d->sigfd);
	}
	loop_free(d->loop);
	shaper_close(d->shaper);
	netdev_close(d->nd);
	kernel_close(d->k);
	if (d->pidfile)
		unlink(d->pidfile);
}

static int check_only(const char *path)
{
	struct gateway_settings *s;
	struct privdrop_id id;
	char err[512];

	if (gateway_settings_load(path, &s, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/* The user may exist only on the gateway: a warning here. */
	if (privdrop_resolve(&s->cfg->global, &id, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: warning: %s (l2tpgwd would not start "
			"here)\n", path, err);
		id = *privdrop_current();
	}
	if (secrets_check_config(s->cfg, path, &id, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		gateway_settings_put(s);
		return 1;
	}
	printf("%s: OK (%u [lns], %u [lac])\n", path, s->cfg->n_lns,
	       s->cfg->n_lac);
	gateway_settings_put(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon d = { .config_path = DEFAULT_CONFIG, .sigfd = -1,
			    .evfd = -1 };
	struct gateway_settings *s;
	bool check = false;
	char err[512];
	int opt, rc = 1;

	while ((opt = getopt(argc, argv, "c:nfdp:hV")) != -1) {
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
		case 'V':
			printf("l2tpgwd %s\n", L2TPGW_VERSION);
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
	if (daemon_privileges_check(s->cfg, d.config_path, &d.id, err,
				    sizeof(err)) < 0) {
		fprintf(stderr, "l2tpgwd: %s\n", err);
		gateway_settings_put(s);
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
	if (start(&d, s) < 0 || daemon_leave_root(&d, s->cfg) < 0)
		goto out;
	/* READY=1 once everything listens and root is left. */
	d.notify = notifier_start(d.loop, d.gw);
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
