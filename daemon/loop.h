/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's one event loop: epoll for descriptors, a binary min-heap of
 * timers.  Arming, cancelling and firing a timer is O(log n) in the number
 * of armed timers; nothing scans all tunnels or sessions.
 *
 * Timers are embedded in their owners (struct timer inside a tunnel,
 * session, ...), so arming never allocates.  A timer callback may re-arm or
 * cancel any timer, and may free the object that embeds the firing timer.
 *
 * Time is milliseconds of CLOCK_MONOTONIC, or of a virtual clock for unit
 * tests (loop_new_virtual + loop_advance), so protocol code is driven the
 * same way in both.
 */
#ifndef L2TPGW_LOOP_H
#define L2TPGW_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct timer;

typedef void (*loop_fd_cb)(struct loop *loop, int fd, uint32_t events,
			   void *arg);
typedef void (*timer_cb)(struct loop *loop, struct timer *t, void *arg);

struct timer {
	uint64_t expires;	/* absolute ms on the loop's clock */
	uint64_t seq;		/* arming order: ties fire first-armed first */
	size_t heap_index;	/* position in the heap, SIZE_MAX if idle */
	timer_cb cb;
	void *arg;
};

/* A loop on CLOCK_MONOTONIC.  NULL with errno set on failure. */
struct loop *loop_new(void);
/* A loop whose clock only moves by loop_advance(); no epoll is used. */
struct loop *loop_new_virtual(uint64_t start_ms);
/* Frees the loop; descriptors are not closed, armed timers are forgotten. */
void loop_free(struct loop *loop);

/* Current time on the loop's clock, in ms. */
uint64_t loop_now(const struct loop *loop);

/* Watch fd for EPOLL* events; 0 or a negative errno. */
int loop_add_fd(struct loop *loop, int fd, uint32_t events, loop_fd_cb cb,
		void *arg);
int loop_mod_fd(struct loop *loop, int fd, uint32_t events);
/* Stop watching fd (before closing it); 0 or a negative errno. */
int loop_del_fd(struct loop *loop, int fd);

void timer_init(struct timer *t, timer_cb cb, void *arg);
/* (Re)arm t to fire delay_ms from now. */
void timer_arm(struct loop *loop, struct timer *t, uint64_t delay_ms);
/* Arm t to fire at absolute time at_ms (fires at once if already past). */
void timer_arm_at(struct loop *loop, struct timer *t, uint64_t at_ms);
void timer_cancel(struct loop *loop, struct timer *t);
bool timer_pending(const struct timer *t);
/* Number of armed timers (for statistics and tests). */
size_t loop_timer_count(const struct loop *loop);

/*
 * Run until loop_stop(): wait for descriptors, fire due timers.
 * 0 after loop_stop(), or a negative errno if epoll failed.
 */
int loop_run(struct loop *loop);
/* Run one iteration waiting at most max_wait_ms (-1: until something). */
int loop_run_once(struct loop *loop, int max_wait_ms);
void loop_stop(struct loop *loop);

/* Virtual clock only: move time forward by ms, firing due timers in order. */
void loop_advance(struct loop *loop, uint64_t ms);

#endif /* L2TPGW_LOOP_H */
