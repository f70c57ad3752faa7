// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Signals through a signalfd on the loop: SIGHUP reloads, SIGTERM and
 * SIGINT shut down.
 */
#include <errno.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "daemon.h"
#include "loop.h"
#include "notify.h"

static void on_signal(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct daemon *d = arg;
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			if (!d->stopping) {
				char err[512];

				daemon_reload(d, err, sizeof(err));
			}
			break;
		case SIGTERM:
		case SIGINT:
			if (d->stopping)
				break;
			log_notice("signal %u: shutting down", si.ssi_signo);
			d->stopping = true;
			notifier_stopping(d->notify);
			gateway_shutdown(d->gw);
			loop_stop(loop);
			break;
		default:
			break;
		}
	}
}

int setup_signals(struct daemon *d)
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
