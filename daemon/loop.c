// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * epoll + binary min-heap timers.  See loop.h for the contract.
 *
 * Timers that expire at the same millisecond fire in arming order (the
 * seq tie-breaker), which keeps protocol behaviour deterministic under the
 * virtual clock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

#define LOOP_MAX_EVENTS 64

struct fd_watch {
	int fd;
	loop_fd_cb cb;
	void *arg;
};

struct loop {
	int epfd;		/* -1 for a virtual loop */
	bool stop;
	uint64_t vnow;		/* virtual clock, ms */
	uint64_t next_seq;

	struct timer **heap;
	size_t heap_len;
	size_t heap_cap;

	/* fd -> watch, indexed by descriptor number */
	struct fd_watch **watch;
	size_t watch_cap;
};

static bool timer_before(const struct timer *a, const struct timer *b)
{
	if (a->expires != b->expires)
		return a->expires < b->expires;
	return a->seq < b->seq;
}

static void heap_set(struct loop *loop, size_t i, struct timer *t)
{
	loop->heap[i] = t;
	t->heap_index = i;
}

static void heap_sift_up(struct loop *loop, size_t i)
{
	struct timer *t = loop->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!timer_before(t, loop->heap[parent]))
			break;
		heap_set(loop, i, loop->heap[parent]);
		i = parent;
	}
	heap_set(loop, i, t);
}

static void heap_sift_down(struct loop *loop, size_t i)
{
	struct timer *t = loop->heap[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= loop->heap_len)
			break;
		if (child + 1 < loop->heap_len &&
		    timer_before(loop->heap[child + 1], loop->heap[child]))
			child++;
		if (!timer_before(loop->heap[child], t))
			break;
		heap_set(loop, i, loop->heap[child]);
		i = child;
	}
	heap_set(loop, i, t);
}

static void heap_remove(struct loop *loop, struct timer *t)
{
	size_t i = t->heap_index;
	struct timer *last = loop->heap[--loop->heap_len];

	t->heap_index = SIZE_MAX;
	if (last == t)
		return;
	heap_set(loop, i, last);
	heap_sift_up(loop, i);
	heap_sift_down(loop, last->heap_index);
}

static int heap_reserve(struct loop *loop)
{
	size_t cap;
	struct timer **heap;

	if (loop->heap_len < loop->heap_cap)
		return 0;
	cap = loop->heap_cap ? loop->heap_cap * 2 : 64;
	heap = realloc(loop->heap, cap * sizeof(*heap));
	if (!heap)
		return -ENOMEM;
	loop->heap = heap;
	loop->heap_cap = cap;
	return 0;
}

static struct loop *loop_alloc(void)
{
	struct loop *loop = calloc(1, sizeof(*loop));

	if (!loop)
		return NULL;
	loop->epfd = -1;
	return loop;
}

struct loop *loop_new(void)
{
	struct loop *loop = loop_alloc();

	if (!loop)
		return NULL;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0) {
		int err = errno;

		free(loop);
		errno = err;
		return NULL;
	}
	return loop;
}

struct loop *loop_new_virtual(uint64_t start_ms)
{
	struct loop *loop = loop_alloc();

	if (loop)
		loop->vnow = start_ms;
	return loop;
}

void loop_free(struct loop *loop)
{
	if (!loop)
		return;
	for (size_t i = 0; i < loop->heap_len; i++)
		loop->heap[i]->heap_index = SIZE_MAX;
	for (size_t i = 0; i < loop->watch_cap; i++)
		free(loop->watch[i]);
	if (loop->epfd >= 0)
		close(loop->epfd);
	free(loop->watch);
	free(loop->heap);
	free(loop);
}

uint64_t loop_now(const struct loop *loop)
{
	struct timespec ts;

	if (loop->epfd < 0)
		return loop->vnow;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int watch_reserve(struct loop *loop, int fd)
{
	size_t cap = loop->watch_cap;
	struct fd_watch **w;

	if ((size_t)fd < cap)
		return 0;
	while (cap <= (size_t)fd)
		cap = cap ? cap * 2 : 64;
	w = realloc(loop->watch, cap * sizeof(*w));
	if (!w)
		return -ENOMEM;
	memset(w + loop->watch_cap, 0, (cap - loop->watch_cap) * sizeof(*w));
	loop->watch = w;
	loop->watch_cap = cap;
	return 0;
}

int loop_add_fd(struct loop *loop, int fd, uint32_t events, loop_fd_cb cb,
		void *arg)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };
	struct fd_watch *w;
	int err;

	if (fd < 0 || !cb)
		return -EINVAL;
	if (loop->epfd < 0)
		return -EOPNOTSUPP;
	err = watch_reserve(loop, fd);
	if (err)
		return err;
	if (loop->watch[fd])
		return -EEXIST;
	w = malloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	*w = (struct fd_watch){ .fd = fd, .cb = cb, .arg = arg };
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		err = -errno;
		free(w);
		return err;
	}
	loop->watch[fd] = w;
	return 0;
}

int loop_mod_fd(struct loop *loop, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.fd = fd };

	if (fd < 0 || (size_t)fd >= loop->watch_cap || !loop->watch[fd])
		return -ENOENT;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_MOD, fd, &ev) < 0)
		return -errno;
	return 0;
}

int loop_del_fd(struct loop *loop, int fd)
{
	if (fd < 0 || (size_t)fd >= loop->watch_cap || !loop->watch[fd])
		return -ENOENT;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, fd, NULL);
	free(loop->watch[fd]);
	loop->watch[fd] = NULL;
	return 0;
}

void timer_init(struct timer *t, timer_cb cb, void *arg)
{
	*t = (struct timer){ .heap_index = SIZE_MAX, .cb = cb, .arg = arg };
}

bool timer_pending(const struct timer *t)
{
	return t->heap_index != SIZE_MAX;
}

void timer_arm_at(struct loop *loop, struct timer *t, uint64_t at_ms)
{
	if (timer_pending(t))
		heap_remove(loop, t);
	/*
	 * The heap only grows by one slot per armed timer; if that fails we
	 * cannot keep the promise to fire, so treat it as fatal rather than
	 * silently losing a retransmission or keepalive.
	 */
	if (heap_reserve(loop) < 0)
		abort();
	t->expires = at_ms;
	t->seq = loop->next_seq++;
	loop->heap_len++;
	heap_set(loop, loop->heap_len - 1, t);
	heap_sift_up(loop, loop->heap_len - 1);
}

void timer_arm(struct loop *loop, struct timer *t, uint64_t delay_ms)
{
	timer_arm_at(loop, t, loop_now(loop) + delay_ms);
}

void timer_cancel(struct loop *loop, struct timer *t)
{
	if (timer_pending(t))
		heap_remove(loop, t);
}

size_t loop_timer_count(const struct loop *loop)
{
	return loop->heap_len;
}

/* Fire every timer due at or before now, earliest first. */
static void fire_due(struct loop *loop, uint64_t now)
{
	while (loop->heap_len > 0 && loop->heap[0]->expires <= now) {
		struct timer *t = loop->heap[0];

		heap_remove(loop, t);
		t->cb(loop, t, t->arg);
	}
}

static int next_timeout(struct loop *loop, int max_wait_ms)
{
	uint64_t now, delta;

	if (loop->heap_len == 0)
		return max_wait_ms;
	now = loop_now(loop);
	if (loop->heap[0]->expires <= now)
		return 0;
	delta = loop->heap[0]->expires - now;
	if (max_wait_ms >= 0 && delta > (uint64_t)max_wait_ms)
		return max_wait_ms;
	return delta > 60000 ? 60000 : (int)delta;
}

int loop_run_once(struct loop *loop, int max_wait_ms)
{
	struct epoll_event ev[LOOP_MAX_EVENTS];
	int n;

	if (loop->epfd < 0)
		return -EOPNOTSUPP;
	n = epoll_wait(loop->epfd, ev, LOOP_MAX_EVENTS,
		       next_timeout(loop, max_wait_ms));
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		return -errno;
	}
	for (int i = 0; i < n; i++) {
		int fd = ev[i].data.fd;
		struct fd_watch *w;

		/* An earlier callback in this batch may have removed it. */
		if ((size_t)fd >= loop->watch_cap || !loop->watch[fd])
			continue;
		w = loop->watch[fd];
		w->cb(loop, fd, ev[i].events, w->arg);
	}
	fire_due(loop, loop_now(loop));
	return 0;
}

int loop_run(struct loop *loop)
{
	loop->stop = false;
	while (!loop->stop) {
		int err = loop_run_once(loop, -1);

		if (err)
			return err;
	}
	return 0;
}

void loop_stop(struct loop *loop)
{
	loop->stop = true;
}

void loop_advance(struct loop *loop, uint64_t ms)
{
	uint64_t target = loop->vnow + ms;

	/* Step to each expiry so callbacks see the time they fired at. */
	while (loop->heap_len > 0 && loop->heap[0]->expires <= target) {
		if (loop->heap[0]->expires > loop->vnow)
			loop->vnow = loop->heap[0]->expires;
		fire_due(loop, loop->vnow);
	}
	loop->vnow = target;
}
