// SPDX-License-Identifier: GPL-2.0-or-later
/* The event loop: timer heap order, cancel/re-arm from callbacks, epoll. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loop.h"

struct rec {
	struct timer t;
	int id;
	uint64_t fired_at;
	int fired;
};

static int order[4096];
static int norder;

static void record_cb(struct loop *loop, struct timer *t, void *arg)
{
	struct rec *r = arg;

	r->fired++;
	r->fired_at = loop_now(loop);
	order[norder++] = r->id;
}

START_TEST(timers_fire_in_expiry_then_arming_order)
{
	struct loop *loop = loop_new_virtual(1000);
	struct rec r[4] = { { .id = 0 }, { .id = 1 }, { .id = 2 }, { .id = 3 } };

	norder = 0;
	for (int i = 0; i < 4; i++)
		timer_init(&r[i].t, record_cb, &r[i]);
	timer_arm(loop, &r[0].t, 30);
	timer_arm(loop, &r[1].t, 10);
	timer_arm(loop, &r[2].t, 30);
	timer_arm(loop, &r[3].t, 20);
	ck_assert_uint_eq(loop_timer_count(loop), 4);

	loop_advance(loop, 15);
	ck_assert_int_eq(norder, 1);
	ck_assert_int_eq(order[0], 1);
	ck_assert_uint_eq(r[1].fired_at, 1010);

	loop_advance(loop, 100);
	ck_assert_int_eq(norder, 4);
	ck_assert_int_eq(order[1], 3);
	ck_assert_int_eq(order[2], 0);	/* same expiry: armed first fires first */
	ck_assert_int_eq(order[3], 2);
	ck_assert_uint_eq(r[0].fired_at, 1030);
	ck_assert_uint_eq(loop_now(loop), 1115);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
	ck_assert(!timer_pending(&r[0].t));
	loop_free(loop);
}
END_TEST

START_TEST(cancel_and_rearm_move_a_timer)
{
	struct loop *loop = loop_new_virtual(0);
	struct rec a = { .id = 1 }, b = { .id = 2 };

	norder = 0;
	timer_init(&a.t, record_cb, &a);
	timer_init(&b.t, record_cb, &b);
	timer_arm(loop, &a.t, 10);
	timer_arm(loop, &b.t, 20);
	timer_cancel(loop, &a.t);
	timer_cancel(loop, &a.t);	/* idempotent */
	ck_assert(!timer_pending(&a.t));
	timer_arm(loop, &b.t, 50);	/* re-arm moves, never duplicates */
	ck_assert_uint_eq(loop_timer_count(loop), 1);
	loop_advance(loop, 49);
	ck_assert_int_eq(b.fired, 0);
	loop_advance(loop, 1);
	ck_assert_int_eq(b.fired, 1);
	ck_assert_int_eq(a.fired, 0);
	loop_free(loop);
}
END_TEST

struct periodic {
	struct timer t;
	int count;
};

static void periodic_cb(struct loop *loop, struct timer *t, void *arg)
{
	struct periodic *p = arg;

	if (++p->count < 5)
		timer_arm(loop, t, 100);
}

START_TEST(callback_may_rearm_its_own_timer)
{
	struct loop *loop = loop_new_virtual(0);
	struct periodic p = { 0 };

	timer_init(&p.t, periodic_cb, &p);
	timer_arm(loop, &p.t, 100);
	loop_advance(loop, 1000);
	ck_assert_int_eq(p.count, 5);
	ck_assert(!timer_pending(&p.t));
	loop_free(loop);
}
END_TEST

static void free_self_cb(struct loop *loop, struct timer *t, void *arg)
{
	int *freed = arg;

	free(t);
	(*freed)++;
}

START_TEST(callback_may_free_its_owner)
{
	struct loop *loop = loop_new_virtual(0);
	int freed = 0;

	for (int i = 0; i < 3; i++) {
		struct timer *t = malloc(sizeof(*t));

		timer_init(t, free_self_cb, &freed);
		timer_arm(loop, t, 5);
	}
	loop_advance(loop, 5);
	ck_assert_int_eq(freed, 3);
	loop_free(loop);
}
END_TEST

START_TEST(heap_keeps_order_for_many_random_timers)
{
	enum { N = 2000 };
	struct loop *loop = loop_new_virtual(0);
	struct rec *r = calloc(N, sizeof(*r));
	uint64_t last = 0;

	srand(42);
	norder = 0;
	for (int i = 0; i < N; i++) {
		r[i].id = i;
		timer_init(&r[i].t, record_cb, &r[i]);
		timer_arm(loop, &r[i].t, (uint64_t)(rand() % 10000));
	}
	/* Cancel every third one, re-arm every fifth. */
	for (int i = 0; i < N; i += 3)
		timer_cancel(loop, &r[i].t);
	for (int i = 0; i < N; i += 5)
		timer_arm(loop, &r[i].t, (uint64_t)(rand() % 10000));
	loop_advance(loop, 20000);
	for (int k = 0; k < norder; k++) {
		ck_assert_uint_ge(r[order[k]].fired_at, last);
		last = r[order[k]].fired_at;
	}
	for (int i = 0; i < N; i++) {
		int expected = (i % 5 == 0) || (i % 3 != 0);

		ck_assert_int_eq(r[i].fired, expected);
	}
	free(r);
	loop_free(loop);
}
END_TEST

static void readable_cb(struct loop *loop, int fd, uint32_t events, void *arg)
{
	int *got = arg;
	char c;

	if (read(fd, &c, 1) == 1)
		*got = c;
	loop_stop(loop);
}

START_TEST(epoll_dispatches_readable_descriptor)
{
	struct loop *loop = loop_new();
	int p[2], got = 0;

	ck_assert_ptr_nonnull(loop);
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(loop_add_fd(loop, p[0], EPOLLIN,
				     readable_cb, &got), 0);
	ck_assert_int_eq(loop_add_fd(loop, p[0], EPOLLIN, readable_cb, &got),
			 -EEXIST);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	ck_assert_int_eq(loop_run(loop), 0);
	ck_assert_int_eq(got, 'x');
	ck_assert_int_eq(loop_del_fd(loop, p[0]), 0);
	ck_assert_int_eq(loop_del_fd(loop, p[0]), -ENOENT);
	close(p[0]);
	close(p[1]);
	loop_free(loop);
}
END_TEST

static void stop_cb(struct loop *loop, struct timer *t, void *arg)
{
	*(uint64_t *)arg = loop_now(loop);
	loop_stop(loop);
}

START_TEST(real_clock_timer_fires_after_its_delay)
{
	struct loop *loop = loop_new();
	struct timer t;
	uint64_t start, fired = 0;

	timer_init(&t, stop_cb, &fired);
	start = loop_now(loop);
	timer_arm(loop, &t, 30);
	ck_assert_int_eq(loop_run(loop), 0);
	ck_assert_uint_ge(fired, start + 30);
	loop_free(loop);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loop");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, timers_fire_in_expiry_then_arming_order);
	tcase_add_test(tc, cancel_and_rearm_move_a_timer);
	tcase_add_test(tc, callback_may_rearm_its_own_timer);
	tcase_add_test(tc, callback_may_free_its_owner);
	tcase_add_test(tc, heap_keeps_order_for_many_random_timers);
	tcase_add_test(tc, epoll_dispatches_readable_descriptor);
	tcase_add_test(tc, real_clock_timer_fires_after_its_delay);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
