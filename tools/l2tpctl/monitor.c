// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl monitor: l2tpgwd's events as they happen, one line each (one
 * JSON document per line with -j), until interrupted.
 */
#include <errno.h>

#include "operator.h"

static void print_event_tunnel(struct printer *p,
			       const struct l2tpctl_daemon_tunnel *t)
{
	print_open_object(p, "tunnel");
	print_uint(p, "tunnel_id", " tunnel %llu", t->tunnel_id);
	print_uint(p, "peer_tunnel_id", NULL, t->peer_tunnel_id);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_PEER)
		print_addr(p, "peer", " peer %s", &t->peer);
	else
		print_null(p, "peer", NULL);
	print_uint(p, "peer_port", ":%llu", t->peer_port);
	print_string(p, "state", " %s", t->state);
	if (t->has & L2TPCTL_DAEMON_TUNNEL_HAS_LAC)
		print_string(p, "lac", " lac %s", t->lac);
	print_close(p);
}

static void print_event_session(struct printer *p,
				const struct l2tpctl_daemon_session *s)
{
	print_open_object(p, "session");
	print_uint(p, "tunnel_id", " tunnel %llu", s->tunnel_id);
	print_uint(p, "session_id", " session %llu", s->session_id);
	print_uint(p, "peer_tunnel_id", NULL, s->peer_tunnel_id);
	print_uint(p, "peer_session_id", NULL, s->peer_session_id);
	print_string(p, "state", " %s", s->state);
	if (s->has & L2TPCTL_DAEMON_SESSION_HAS_USER)
		print_string(p, "user", " user %s", s->user);
	if (s->has & L2TPCTL_DAEMON_SESSION_HAS_IFNAME)
		print_string(p, "ifname", " dev %s", s->ifname);
	if (s->has & L2TPCTL_DAEMON_SESSION_HAS_IPV4)
		print_addr(p, "peer_ipv4", " ipv4 %s", &s->peer_ipv4);
	/* session.down: the session's totals, read before it was deleted. */
	if (s->has & L2TPCTL_DAEMON_SESSION_HAS_STATS)
		print_text(p, " rx_bytes %llu tx_bytes %llu",
			   (unsigned long long)s->stats.rx_bytes,
			   (unsigned long long)s->stats.tx_bytes);
	print_daemon_counters(p, &s->stats,
			      s->has & L2TPCTL_DAEMON_SESSION_HAS_STATS, NULL);
	if (s->has & L2TPCTL_DAEMON_SESSION_HAS_CAUSE)
		print_string(p, "cause", " cause %s", s->cause);
	print_close(p);
}

static int print_event(const struct l2tpctl_daemon_event *ev, void *arg)
{
	struct printer *p = arg;

	print_open_object(p, NULL);
	print_string(p, "event", "%s", ev->event);
	print_uint(p, "time", NULL, (uint64_t)ev->time);
	if (ev->has & L2TPCTL_DAEMON_EVENT_HAS_TUNNEL)
		print_event_tunnel(p, &ev->tunnel);
	if (ev->has & L2TPCTL_DAEMON_EVENT_HAS_SESSION)
		print_event_session(p, &ev->session);
	if (ev->has & L2TPCTL_DAEMON_EVENT_HAS_REASON)
		print_string(p, "reason", " reason \"%s\"", ev->reason);
	else
		print_null(p, "reason", NULL);
	print_text(p, "\n");
	print_close(p);
	print_flush(p);
	fflush(p->out);
	return 0;
}

int cmd_monitor(struct cli *cli, int argc, char **argv)
{
	struct cli_error e;
	int err;

	if (args_none("monitor", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_daemon(cli))
		return EXIT_FAILED;
	err = l2tpctl_daemon_monitor(cli->h, print_event, &cli->p);
	if (err == -EINTR)
		return EXIT_OK;
	return cli_lib_fail(cli);
}
