// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The hook runner (hooks.h): spawn, read output, time out, reap, queue.
 */
#include "hooks/hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"
#include "log.h"
#include "loop.h"

/* Jobs watched at once while draining at shutdown. */
#define HOOKS_DRAIN_POLL	64

struct hook_job {
	struct hooks *h;
	struct hook_job *next, **pprev;	/* h->running, or h->queue */
	char tag[80];
	struct hook_env env;
	uint32_t timeout_ms;
	pid_t pid;
	int pidfd;
	int out;			/* read end of stdout+stderr, or -1 */
	struct timer timer;		/* timeout, then the SIGKILL grace */
	bool timed_out;
	char line[HOOK_LINE_MAX + 1];
	size_t line_len;
	unsigned lines;
};

struct hooks {
	struct loop *loop;
	unsigned max_running, max_queued;
	struct hook_job *running;
	struct hook_job *queue, **queue_tail;
	struct hooks_stats st;
};

struct hooks *hooks_new(struct loop *loop, unsigned max_running,
			unsigned max_queued)
{
	struct hooks *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->loop = loop;
	h->max_running = max_running ? max_running : HOOKS_DEFAULT_RUNNING;
	h->max_queued = max_queued ? max_queued : HOOKS_DEFAULT_QUEUED;
	h->queue_tail = &h->queue;
	return h;
}

void hooks_get_stats(const struct hooks *h, struct hooks_stats *st)
{
	*st = h->st;
}

/* A copy of env whose pointers point into the copy's own buffer. */
static void env_copy(struct hook_env *to, const struct hook_env *from)
{
	unsigned i;

	memcpy(to->buf, from->buf, from->used);
	to->used = from->used;
	to->n_env = from->n_env;
	to->n_argv = from->n_argv;
	for (i = 0; i < from->n_env; i++)
		to->envp[i] = to->buf + (from->envp[i] - from->buf);
	to->envp[i] = NULL;
	for (i = 0; i < from->n_argv; i++)
		to->argv[i] = to->buf + (from->argv[i] - from->buf);
	to->argv[i] = NULL;
}

static void job_unlink(struct hook_job *j)
{
	if (j->h->queue_tail == &j->next)
		j->h->queue_tail = j->pprev;
	*j->pprev = j->next;
	if (j->next)
		j->next->pprev = j->pprev;
}

static void log_line(struct hook_job *j)
{
	char shown[STR_ESCAPED_SIZE(HOOK_LINE_MAX)];

	if (j->lines < HOOK_LINES_MAX)
		log_info("%s: %s", j->tag, str_escape(shown, sizeof(shown),
						       j->line, j->line_len));
	else if (j->lines == HOOK_LINES_MAX)
		log_info("%s: more output not logged", j->tag);
	j->lines++;
	j->line_len = 0;
}

static void take_output(struct hook_job *j, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			log_line(j);
			continue;
		}
		j->line[j->line_len++] = buf[i];
		if (j->line_len == HOOK_LINE_MAX)
			log_line(j);
	}
}

static void close_output(struct hook_job *j)
{
	if (j->out < 0)
		return;
	if (j->line_len)
		log_line(j);
	loop_del_fd(j->h->loop, j->out);
	close(j->out);
	j->out = -1;
}

/* What is there now, at most 16 reads: others get their turn. */
static void read_output(struct hook_job *j)
{
	char buf[4096];
	ssize_t n;
	int i;

	for (i = 0; i < 16 && j->out >= 0; i++) {
		n = read(j->out, buf, sizeof(buf));
		if (n > 0) {
			take_output(j, buf, (size_t)n);
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		close_output(j);
	}
}

static void output_cb(struct loop *loop, int fd, uint32_t events, void *arg)
{
	read_output(arg);
}

static void start_next(struct hooks *h);

static void job_free(struct hook_job *j)
{
	struct hooks *h = j->h;

	close_output(j);
	if (j->pidfd >= 0) {
		loop_del_fd(h->loop, j->pidfd);
		close(j->pidfd);
	}
	timer_cancel(h->loop, &j->timer);
	job_unlink(j);
	free(j);
}

static void report_exit(struct hook_job *j, int status)
{
	struct hooks *h = j->h;

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		log_info("%s: %s done", j->tag, j->env.argv[0]);
		return;
	}
	if (!j->timed_out)
		h->st.failed++;
	if (WIFEXITED(status))
		log_warn("%s: %s exited with status %d", j->tag, j->env.argv[0],
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		log_warn("%s: %s killed by signal %d%s", j->tag,
			 j->env.argv[0], WTERMSIG(status),
			 j->timed_out ? " after its timeout" : "");
}

static void exit_cb(struct loop *loop, int fd, uint32_t events, void *arg)
{
	struct hook_job *j = arg;
	struct hooks *h = j->h;
	int status;
	pid_t r = waitpid(j->pid, &status, WNOHANG);

	if (r == 0)
		return;		/* not yet: spurious wake-up */
	if (r < 0)
		status = 0;	/* reaped by someone else: nothing to say */
	else
		report_exit(j, status);
	read_output(j);
	h->st.running--;
	job_free(j);
	start_next(h);
}

static void timeout_cb(struct loop *loop, struct timer *t, void *arg)
{
	struct hook_job *j = arg;

	if (!j->timed_out) {
		j->timed_out = true;
		j->h->st.timed_out++;
		log_warn("%s: %s still running after %u ms: terminating it",
			 j->tag, j->env.argv[0], j->timeout_ms);
		kill(-j->pid, SIGTERM);
		timer_arm(loop, &j->timer, HOOK_KILL_GRACE_MS);
		return;
	}
	log_warn("%s: %s: killing its process group", j->tag, j->env.argv[0]);
	kill(-j->pid, SIGKILL);
}

static int spawn(struct hook_job *j, int wfd)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	int rc;

	sigemptyset(&none);
	sigfillset(&all);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, wfd, 1);
	posix_spawn_file_actions_adddup2(&fa, wfd, 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	/* Its own group (killed whole), none of our blocked or ignored signals. */
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
				 POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&j->pid, j->env.argv[0], &fa, &attr, j->env.argv,
			 j->env.envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return -rc;
}

static int job_start(struct hook_job *j)
{
	struct hooks *h = j->h;
	int fds[2], rc;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	rc = spawn(j, fds[1]);
	close(fds[1]);
	if (rc < 0) {
		close(fds[0]);
		return rc;
	}
	h->st.started++;
	j->out = fds[0];
	fcntl(j->out, F_SETFL, O_NONBLOCK);
	if (loop_add_fd(h->loop, j->out, EPOLLIN, output_cb, j) < 0) {
		close(j->out);
		j->out = -1;
	}
	j->pidfd = (int)syscall(SYS_pidfd_open, j->pid, 0);
	if (j->pidfd < 0 ||
	    (rc = loop_add_fd(h->loop, j->pidfd, EPOLLIN, exit_cb, j)) < 0) {
		/* Kernels before 5.3: no way to wait without blocking. */
		log_err("%s: cannot watch process %d (%s): killed", j->tag,
			(int)j->pid, strerror(errno));
		kill(-j->pid, SIGKILL);
		waitpid(j->pid, NULL, 0);
		if (j->pidfd >= 0)
			close(j->pidfd);
		j->pidfd = -1;
		return -ECHILD;
	}
	timer_arm(h->loop, &j->timer, j->timeout_ms);
	log_debug("%s: %s started, pid %d", j->tag, j->env.argv[0],
		  (int)j->pid);
	return 0;
}

/* 0, or -errno: not started (logged, counted, j freed). */
static int run_or_drop(struct hook_job *j)
{
	struct hooks *h = j->h;
	int rc;

	j->next = h->running;
	if (j->next)
		j->next->pprev = &j->next;
	j->pprev = &h->running;
	h->running = j;
	h->st.running++;
	rc = job_start(j);
	if (rc == 0)
		return 0;
	h->st.failed++;
	log_err("%s: cannot run %s: %s", j->tag, j->env.argv[0],
		strerror(-rc));
	h->st.running--;
	job_free(j);
	return rc;
}

static void start_next(struct hooks *h)
{
	struct hook_job *j;

	while (h->queue && h->st.running < h->max_running) {
		j = h->queue;
		job_unlink(j);
		h->st.queued--;
		run_or_drop(j);
	}
}

int hooks_run(struct hooks *h, const char *tag, const struct hook_env *env,
	      uint32_t timeout_ms)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);
	struct hook_job *j;

	if (h->st.running >= h->max_running && h->st.queued >= h->max_queued) {
		h->st.dropped++;
		log_rl(&rl, LOG_WARNING, "%s: not run: %u hooks running and "
		       "%u waiting", tag, h->st.running, h->st.queued);
		return -ENOBUFS;
	}
	j = calloc(1, sizeof(*j));
	if (!j) {
		h->st.failed++;
		log_err("%s: cannot run it: out of memory", tag);
		return -ENOMEM;
	}
	j->h = h;
	j->out = j->pidfd = -1;
	j->timeout_ms = timeout_ms;
	snprintf(j->tag, sizeof(j->tag), "%s", tag);
	env_copy(&j->env, env);
	timer_init(&j->timer, timeout_cb, j);
	if (h->st.running < h->max_running)
		return run_or_drop(j);
	j->next = NULL;
	j->pprev = h->queue_tail;
	*h->queue_tail = j;
	h->queue_tail = &j->next;
	h->st.queued++;
	return 0;
}

/*
 * Only our own descriptors: the rest of the daemon (sockets, gateway) is
 * gone or going, so the loop itself must not run any more.
 */
void hooks_drain(struct hooks *h, uint32_t max_ms)
{
	uint64_t deadline = loop_now(h->loop) + max_ms, now;
	struct pollfd pfd[2 * HOOKS_DRAIN_POLL];
	struct hook_job *job[2 * HOOKS_DRAIN_POLL], *j;
	unsigned n, i;

	while ((h->running || h->queue) &&
	       (now = loop_now(h->loop)) < deadline) {
		n = 0;
		for (j = h->running; j && n + 2 <= 2 * HOOKS_DRAIN_POLL;
		     j = j->next) {
			pfd[n] = (struct pollfd){ .fd = j->pidfd,
						  .events = POLLIN };
			job[n++] = j;
			pfd[n] = (struct pollfd){ .fd = j->out,
						  .events = POLLIN };
			job[n++] = j;
		}
		if (poll(pfd, n, (int)(deadline - now < 100 ?
				       deadline - now : 100)) <= 0)
			continue;
		/* One event a round: handling it may free other jobs' slots. */
		for (i = 0; i < n; i++) {
			if (!pfd[i].revents)
				continue;
			if (i % 2 == 0)
				exit_cb(h->loop, pfd[i].fd, 0, job[i]);
			else
				read_output(job[i]);
			break;
		}
	}
}

int hooks_emit_stats(const struct hooks *h,
		     int (*emit)(const char *name, uint64_t value, void *ctx),
		     void *ctx)
{
	int rc;

	if ((rc = emit("hooks_started", h->st.started, ctx)) < 0 ||
	    (rc = emit("hooks_failed", h->st.failed, ctx)) < 0 ||
	    (rc = emit("hooks_timed_out", h->st.timed_out, ctx)) < 0 ||
	    (rc = emit("hooks_dropped", h->st.dropped, ctx)) < 0 ||
	    (rc = emit("hooks_running", h->st.running, ctx)) < 0 ||
	    (rc = emit("hooks_queued", h->st.queued, ctx)) < 0)
		return rc;
	return 0;
}

void hooks_free(struct hooks *h)
{
	unsigned left, dropped;

	if (!h)
		return;
	left = h->st.running;
	dropped = h->st.queued;
	while (h->queue)
		job_free(h->queue);
	while (h->running)
		job_free(h->running);
	if (left || dropped)
		log_notice("hooks: %u still running left to finish, %u "
			   "waiting not run", left, dropped);
	free(h);
}
