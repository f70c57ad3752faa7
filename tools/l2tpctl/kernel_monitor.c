// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl kernel monitor: print the module's events until interrupted,
 * one line each (one JSON document per line with -j).  Once subscribed it
 * says so on stderr.  The module leaving and returning are events too
 * ("module_gone", "module_back"); after its return the monitor follows
 * the new module's events.
 */
#include <errno.h>

#include "cli.h"

static int print_module_event(struct cli *cli, const struct l2tpctl_event *ev)
{
	struct printer *p = &cli->p;
	bool back = ev->module == L2TPCTL_MODULE_BACK;

	print_open_object(p, NULL);
	print_string(p, "event", "%s", back ? "module_back" : "module_gone");
	print_text(p, "\n");
	print_close(p);
	print_flush(p);
	fflush(p->out);
	/* Its events group is new: join it, or report why not. */
	return back ? l2tpctl_kernel_reconnect(cli->h) : 0;
}

static int print_event(const struct l2tpctl_event *ev, void *arg)
{
	struct cli *cli = arg;
	struct printer *p = &cli->p;

	if (ev->has & L2TPCTL_EVENT_HAS_MODULE)
		return print_module_event(cli, ev);
	print_open_object(p, NULL);
	print_string(p, "event", "%s", l2tpctl_cmd_name(ev->cmd));
	if (ev->has & L2TPCTL_EVENT_HAS_SOCK_ID)
		print_uint(p, "sock_id", " socket %llu", ev->sock_id);
	if (ev->has & L2TPCTL_EVENT_HAS_TUNNEL_ID)
		print_uint(p, "tunnel_id", " tunnel %llu", ev->tunnel_id);
	if (ev->has & L2TPCTL_EVENT_HAS_SESSION_ID)
		print_uint(p, "session_id", " session %llu", ev->session_id);
	if (ev->has & L2TPCTL_EVENT_HAS_IFNAME)
		print_string(p, "ifname", " dev %s", ev->ifname);
	if (ev->has & L2TPCTL_EVENT_HAS_CAUSE)
		print_string(p, "cause", " cause %s",
			     l2tpctl_cause_name(ev->cause));
	print_text(p, "\n");
	print_close(p);
	print_flush(p);
	fflush(p->out);
	return 0;
}

int cmd_kernel_monitor(struct cli *cli, int argc, char **argv)
{
	struct cli_error e;
	int err;

	if (args_none("kernel monitor", argc, argv, &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	/* Subscribe first, so that a script can wait for this line on
	 * stderr before it causes the events it watches for. */
	if (l2tpctl_kernel_event_fd(cli->h) < 0 ||
	    l2tpctl_kernel_event_watch_module(cli->h) < 0)
		return cli_lib_fail(cli);
	fprintf(cli->err, "l2tpctl: listening for kernel events\n");
	fflush(cli->err);
	err = l2tpctl_kernel_monitor(cli->h, print_event, cli);
	if (err == -EINTR)
		return EXIT_OK;
	return cli_lib_fail(cli);
}
