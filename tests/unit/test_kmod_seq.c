// SPDX-License-Identifier: GPL-2.0
/*
 * kmod/seq.c built for the host (tests/kshim, tests/kshim/kseq.h): receive
 * sequencing of a session.  Frames ahead of the next Ns wait in order, old
 * and duplicate ones are dropped, Ns wraps at 65535, a gap is given up on
 * queue overflow (window edge) or timeout, PPP control frames take their
 * Ns without waiting, and a peer that restarted its Ns is followed.
 */
#include <check.h>
#include <string.h>

#include "kseq.h"
#include "seq.c"

KSHIM_GLOBALS;

/* Ns of the data frames handed on, in order. */
static u16 got[64];
static unsigned int n_got;

void l2tpgw_rx_deliver(struct l2tpgw_session *s, struct sk_buff *skb)
{
	ck_assert_int_eq(s->reorder.lock.held, 0);
	ck_assert_uint_lt(n_got, 64);
	got[n_got++] = (u16)(skb->id - 1);
	kfree_skb(skb);
}

static struct l2tpgw_session sess;

static void setup(u16 window, u32 timeout_ms)
{
	n_got = 0;
	kshim_alloc_fail = false;
	kseq_session_init(&sess, window, timeout_ms);
}

static void data(u16 ns)
{
	struct sk_buff *skb = alloc_skb(0, GFP_ATOMIC);

	ck_assert_ptr_nonnull(skb);
	skb->id = (unsigned long)ns + 1;
	l2tpgw_reorder_data(&sess, skb, ns);
	ck_assert_int_eq(sess.reorder.lock.held, 0);
	ck_assert_int_eq(kshim_bh_disabled, 0);
}

static u64 stat(enum l2tpgw_stat idx)
{
	return sess.stats_mem.cnt[idx];
}

static void expect(const u16 *ns, unsigned int n)
{
	unsigned int i;

	ck_assert_uint_eq(n_got, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(got[i] == ns[i], "frame %u: Ns %u, want %u", i,
			      got[i], ns[i]);
}

#define EXPECT(...) do { \
	static const u16 want[] = { __VA_ARGS__ }; \
	expect(want, sizeof(want) / sizeof(want[0])); \
} while (0)

static void teardown(void)
{
	l2tpgw_reorder_destroy(&sess.reorder);
	ck_assert(!timer_pending(&sess.reorder.timer));
	ck_assert_int_eq(kshim_skb_live, 0);
}

START_TEST(test_in_order)
{
	setup(16, 1000);
	data(10);
	data(11);
	data(12);
	EXPECT(10, 11, 12);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 0);
	ck_assert(!timer_pending(&sess.reorder.timer));
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_OOS_PACKETS), 0);
	teardown();
}
END_TEST

START_TEST(test_reorder)
{
	setup(16, 1000);
	data(1);
	data(4);
	data(3);
	EXPECT(1);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 2);
	ck_assert(timer_pending(&sess.reorder.timer));
	data(2);
	EXPECT(1, 2, 3, 4);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_OOS_PACKETS), 2);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 0);
	teardown();
}
END_TEST

START_TEST(test_old_and_duplicate)
{
	setup(16, 1000);
	data(1);
	data(3);
	data(3);	/* the same Ns waiting already */
	data(1);	/* already handed on */
	data(0);	/* before the first */
	EXPECT(1);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 3);
	ck_assert_int_eq(kshim_skb_live, 1);
	data(2);
	EXPECT(1, 2, 3);
	teardown();
}
END_TEST

START_TEST(test_wrap)
{
	setup(16, 1000);
	data(65534);
	data(65535);
	data(0);
	data(1);
	EXPECT(65534, 65535, 0, 1);
	/* Reordered across the wrap: 0 after 1 and 65535 after both. */
	setup(16, 1000);
	data(65534);
	data(1);
	data(0);
	data(65535);
	EXPECT(65534, 65535, 0, 1);
	/* 65535 is old once 0 was handed on. */
	data(65535);
	EXPECT(65534, 65535, 0, 1);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 1);
	teardown();
}
END_TEST

START_TEST(test_window_edge)
{
	setup(3, 0);
	data(65533);
	data(65535);
	data(0);
	data(1);	/* three waiting: the window is full, not exceeded */
	EXPECT(65533);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 3);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_REORDER_OVERFLOW), 0);
	ck_assert(!timer_pending(&sess.reorder.timer));	/* no timeout */
	data(3);	/* a fourth: 65534 is given up */
	EXPECT(65533, 65535, 0, 1);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_REORDER_OVERFLOW), 1);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 1);
	data(65534);	/* too late */
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 1);
	data(2);
	EXPECT(65533, 65535, 0, 1, 2, 3);
	teardown();
}
END_TEST

START_TEST(test_far_ahead)
{
	/* Up to 32767 ahead of the next Ns (101) waits; one more is old. */
	setup(4, 0);
	data(100);
	data(101 + 32767);
	EXPECT(100);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 1);
	data((u16)(101 + 32768));
	EXPECT(100);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 1);
	teardown();
}
END_TEST

START_TEST(test_timeout)
{
	unsigned long start = (unsigned long)-10;	/* jiffies wrap too */

	jiffies = start;
	setup(8, 100);	/* 25 jiffies at HZ 250 */
	data(0);
	data(2);
	data(4);
	ck_assert(timer_pending(&sess.reorder.timer));
	jiffies = start + 24;
	ck_assert(!kshim_timer_fire(&sess.reorder.timer));
	EXPECT(0);
	jiffies = start + 25;
	ck_assert(kshim_timer_fire(&sess.reorder.timer));
	/* Both gaps waited the timeout: 1 and 3 are given up. */
	EXPECT(0, 2, 4);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_REORDER_TIMEOUT), 2);
	ck_assert(!timer_pending(&sess.reorder.timer));
	data(1);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 1);
	/* A later frame waits its own timeout, from when it came. */
	data(7);
	jiffies += 10;
	data(9);
	jiffies += 15;
	ck_assert(kshim_timer_fire(&sess.reorder.timer));
	EXPECT(0, 2, 4, 7);
	ck_assert(timer_pending(&sess.reorder.timer));
	ck_assert_uint_eq(sess.reorder.timer.expires, jiffies + 10);
	teardown();
}
END_TEST

START_TEST(test_control_takes_ns)
{
	setup(8, 1000);
	data(0);
	/* Early control frame: its Ns waits as a placeholder. */
	ck_assert(l2tpgw_reorder_consume(&sess, 2));
	EXPECT(0);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 1);
	data(3);
	data(1);
	EXPECT(0, 1, 3);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 0);
	/* Old or repeated control Ns: drop the frame. */
	ck_assert(!l2tpgw_reorder_consume(&sess, 2));
	ck_assert(l2tpgw_reorder_consume(&sess, 4));
	data(5);
	EXPECT(0, 1, 3, 5);
	/* No memory for a placeholder: the gap waits for the timeout. */
	kshim_alloc_fail = true;
	ck_assert(l2tpgw_reorder_consume(&sess, 7));
	kshim_alloc_fail = false;
	data(8);
	data(6);
	EXPECT(0, 1, 3, 5, 6);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 1);
	teardown();
}
END_TEST

START_TEST(test_peer_restart)
{
	unsigned int i;

	setup(8, 1000);
	data(1000);
	data(1002);
	/* Seven old frames are dropped; the eighth restarts the sequence. */
	for (i = 0; i < 7; i++)
		data(5 + i);
	EXPECT(1000);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 7);
	data(12);
	EXPECT(1000, 1002, 12);
	data(13);
	EXPECT(1000, 1002, 12, 13);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 0);
	/* A fresh frame in between starts the count again. */
	for (i = 0; i < 7; i++)
		data(1);
	data(14);
	data(2);
	EXPECT(1000, 1002, 12, 13, 14);
	teardown();
}
END_TEST

START_TEST(test_no_window)
{
	setup(0, 1000);
	data(0);
	data(2);
	data(1);
	EXPECT(0, 2);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 1);
	ck_assert(!timer_pending(&sess.reorder.timer));
	teardown();
}
END_TEST

/*
 * The namespace's reorder memory: each waiting frame is charged its
 * truesize, one that would exceed the limit is dropped (its Ns stays a
 * gap) and counted, and delivery or destroy gives the bytes back.
 */
START_TEST(test_reorder_memory_limit)
{
	struct l2tpgw_reorder_mem mem = { .max = 2 * KSHIM_SKB_OVERHEAD };

	setup(16, 1000);
	sess.reorder.mem = &mem;
	data(1);
	ck_assert_int_eq(atomic_long_read(&mem.bytes), 0);
	data(3);
	data(4);
	ck_assert_int_eq(atomic_long_read(&mem.bytes), 2 * KSHIM_SKB_OVERHEAD);
	data(5);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_REORDER_NOMEM), 1);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 2);
	ck_assert_int_eq(atomic_long_read(&mem.bytes), 2 * KSHIM_SKB_OVERHEAD);
	data(2);
	EXPECT(1, 2, 3, 4);
	ck_assert_int_eq(atomic_long_read(&mem.bytes), 0);
	data(7);
	ck_assert_int_eq(atomic_long_read(&mem.bytes), KSHIM_SKB_OVERHEAD);
	l2tpgw_reorder_destroy(&sess.reorder);
	ck_assert_int_eq(atomic_long_read(&mem.bytes), 0);
	ck_assert_int_eq(kshim_skb_live, 0);
	sess.reorder.mem = NULL;
}
END_TEST

/*
 * A MODIFY that shrinks the window below what waits gives up the gaps in
 * Ns order until the queue fits, as an overflow does; to 0, all of them.
 * What is handed on later stays in order.
 */
START_TEST(test_window_shrinks)
{
	setup(8, 0);
	data(0);
	data(2);
	data(4);
	data(6);
	data(8);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 4);
	l2tpgw_reorder_set(&sess, 2, -1);
	EXPECT(0, 2, 4);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 2);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_REORDER_OVERFLOW), 2);
	l2tpgw_reorder_set(&sess, 0, -1);
	EXPECT(0, 2, 4, 6, 8);
	ck_assert_uint_eq(skb_queue_len(&sess.reorder.queue), 0);
	/* Without a window frames pass at once, none behind the others. */
	data(7);
	data(10);
	data(9);
	EXPECT(0, 2, 4, 6, 8, 10);
	ck_assert_uint_eq(stat(L2TPGW_STAT_RX_SEQ_DISCARD), 2);
	teardown();
}
END_TEST

/* A new timeout applies to the frames that already wait. */
START_TEST(test_timeout_changes)
{
	unsigned long start = 1000;

	jiffies = start;
	setup(8, 0);
	data(0);
	data(2);
	ck_assert(!timer_pending(&sess.reorder.timer));
	l2tpgw_reorder_set(&sess, -1, 100);	/* 25 jiffies */
	ck_assert(timer_pending(&sess.reorder.timer));
	jiffies = start + 25;
	ck_assert(kshim_timer_fire(&sess.reorder.timer));
	EXPECT(0, 2);
	data(4);
	l2tpgw_reorder_set(&sess, -1, 0);
	ck_assert(!timer_pending(&sess.reorder.timer));
	ck_assert_uint_eq(sess.reorder.window, 8);
	teardown();
}
END_TEST

START_TEST(test_destroy_purges)
{
	setup(8, 1000);
	data(0);
	data(5);
	data(6);
	ck_assert(l2tpgw_reorder_consume(&sess, 3));
	ck_assert_int_eq(kshim_skb_live, 3);
	teardown();
	EXPECT(0);
}
END_TEST

static Suite *seq_suite(void)
{
	Suite *s = suite_create("kmod_seq");
	TCase *tc = tcase_create("seq");

	tcase_add_test(tc, test_in_order);
	tcase_add_test(tc, test_reorder);
	tcase_add_test(tc, test_old_and_duplicate);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_window_edge);
	tcase_add_test(tc, test_far_ahead);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_control_takes_ns);
	tcase_add_test(tc, test_peer_restart);
	tcase_add_test(tc, test_no_window);
	tcase_add_test(tc, test_destroy_purges);
	tcase_add_test(tc, test_window_shrinks);
	tcase_add_test(tc, test_timeout_changes);
	tcase_add_test(tc, test_reorder_memory_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(seq_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
