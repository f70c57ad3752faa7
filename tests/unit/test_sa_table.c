// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's table of L2TP CHILD_SAs: keyed by reqid, replaced by a
 * rekey, removed only by the CHILD_SA that owns the entry,
 * resynchronised after charon restarts, and telling a CHILD_SA that moved
 * (new reqid or new remote host) from one that is new or gone.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/sa_table.h"

static struct vici_child_sa child(uint32_t reqid, uint32_t child_id,
				  uint32_t mark_out)
{
	struct vici_child_sa sa;

	memset(&sa, 0, sizeof(sa));
	sa.up = true;
	sa.reqid = reqid;
	sa.child_id = child_id;
	sa.ike_id = child_id + 1000;
	sa.mark_in = mark_out + 1;
	sa.mark_out = mark_out;
	sa.ike_version = 1;
	snprintf(sa.child_name, sizeof(sa.child_name), "l2tp");
	snprintf(sa.remote_host, sizeof(sa.remote_host), "198.51.100.%u",
		 reqid % 250);
	sa.remote_port = 4500;
	return sa;
}

START_TEST(update_find_replace)
{
	struct sa_table *t = sa_table_new();
	struct vici_child_sa sa = child(7, 70, 0x10);
	const struct ipsec_sa *e;

	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_null(sa_table_find(t, 7));
	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	e = sa_table_find(t, 7);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->mark_out, 0x10);
	ck_assert_uint_eq(e->mark_in, 0x11);
	ck_assert_uint_eq(e->child_id, 70);
	ck_assert_str_eq(e->remote_host, "198.51.100.7");
	ck_assert_str_eq(e->conn, "l2tp");
	/* A rekey: same reqid and marks, a new CHILD_SA id. */
	sa.child_id = 71;
	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_CHANGED);
	ck_assert_uint_eq(sa_table_count(t), 1);
	ck_assert_uint_eq(sa_table_find(t, 7)->child_id, 71);
	/* The old CHILD_SA's delete must not remove the new one. */
	ck_assert(!sa_table_remove(t, 7, 70));
	ck_assert_ptr_nonnull(sa_table_find(t, 7));
	ck_assert(sa_table_remove(t, 7, 71));
	ck_assert_ptr_null(sa_table_find(t, 7));
	ck_assert_uint_eq(sa_table_count(t), 0);
	sa_table_free(t);
}
END_TEST

START_TEST(refuses_unusable)
{
	struct sa_table *t = sa_table_new();
	struct vici_child_sa sa = child(0, 1, 5);

	ck_assert_int_eq(sa_table_update(t, &sa, NULL), -EINVAL);
	sa = child(3, 1, 0);		/* no outbound mark: not ours */
	ck_assert_int_eq(sa_table_update(t, &sa, NULL), -EINVAL);
	ck_assert_uint_eq(sa_table_count(t), 0);
	sa_table_free(t);
}
END_TEST

static int sum_reqids(const struct ipsec_sa *sa, void *arg)
{
	*(uint64_t *)arg += sa->reqid;
	return 0;
}

START_TEST(many_entries)
{
	struct sa_table *t = sa_table_new();
	struct vici_child_sa sa;
	uint64_t sum = 0;
	uint32_t i, n = 20000;

	for (i = 1; i <= n; i++) {
		sa = child(i, i, i | 0x100000);
		ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	}
	ck_assert_uint_eq(sa_table_count(t), n);
	for (i = 1; i <= n; i++) {
		const struct ipsec_sa *e = sa_table_find(t, i);

		ck_assert_ptr_nonnull(e);
		ck_assert_uint_eq(e->mark_out, i | 0x100000);
	}
	ck_assert_ptr_null(sa_table_find(t, n + 1));
	ck_assert_int_eq(sa_table_walk(t, sum_reqids, &sum), 0);
	ck_assert_uint_eq(sum, (uint64_t)n * (n + 1) / 2);
	for (i = 1; i <= n; i += 2)
		ck_assert(sa_table_remove(t, i, i));
	ck_assert_uint_eq(sa_table_count(t), n / 2);
	ck_assert_ptr_null(sa_table_find(t, 1));
	ck_assert_ptr_nonnull(sa_table_find(t, 2));
	sa_table_free(t);
}
END_TEST

struct gone_log {
	uint32_t reqids[8];
	unsigned n;
};

static void record_gone(const struct ipsec_sa *sa, void *arg)
{
	struct gone_log *g = arg;

	ck_assert_uint_lt(g->n, 8);
	g->reqids[g->n++] = sa->reqid;
}

START_TEST(resync_drops_what_charon_forgot)
{
	struct sa_table *t = sa_table_new();
	struct gone_log g = { .n = 0 };
	struct vici_child_sa sa;
	uint32_t i;

	for (i = 1; i <= 4; i++) {
		sa = child(i, i, 0x20 + i);
		ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	}
	sa_table_resync_begin(t);
	/* charon still has 2 and 4; 5 is new. */
	sa = child(2, 2, 0x22);
	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_SAME);
	sa = child(4, 4, 0x24);
	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_SAME);
	sa = child(5, 5, 0x25);
	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	ck_assert_uint_eq(sa_table_resync_end(t, record_gone, &g), 2);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.reqids[0] + g.reqids[1], 1 + 3);
	ck_assert_uint_eq(sa_table_count(t), 3);
	ck_assert_ptr_null(sa_table_find(t, 1));
	ck_assert_ptr_null(sa_table_find(t, 3));
	ck_assert(!sa_table_find(t, 5)->stale);
	/* A resync with nothing stale removes nothing. */
	g.n = 0;
	ck_assert_uint_eq(sa_table_resync_end(t, record_gone, &g), 0);
	ck_assert_uint_eq(g.n, 0);
	sa_table_free(t);
}
END_TEST

/* charon moved the CHILD_SA: same unique id and marks, another reqid. */
START_TEST(moved_to_a_new_reqid)
{
	struct sa_table *t = sa_table_new();
	struct gone_log g = { .n = 0 };
	struct vici_child_sa sa = child(1, 3, 0x30), other = child(2, 4, 0x40);
	struct ipsec_sa was;
	const struct ipsec_sa *e;

	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	ck_assert_int_eq(sa_table_update(t, &other, NULL), SA_TABLE_NEW);
	sa_table_resync_begin(t);
	sa.reqid = 5;
	snprintf(sa.remote_host, sizeof(sa.remote_host), "203.0.113.9");
	memset(&was, 0, sizeof(was));
	ck_assert_int_eq(sa_table_update(t, &sa, &was), SA_TABLE_MOVED);
	ck_assert_uint_eq(was.reqid, 1);
	ck_assert_uint_eq(was.child_id, 3);
	ck_assert_str_eq(was.remote_host, "198.51.100.1");
	/* One entry, under its new reqid, with its new host. */
	ck_assert_ptr_null(sa_table_find(t, 1));
	e = sa_table_find(t, 5);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->child_id, 3);
	ck_assert_uint_eq(e->mark_out, 0x30);
	ck_assert_str_eq(e->remote_host, "203.0.113.9");
	ck_assert_uint_eq(sa_table_count(t), 2);
	/* Listed again as it is now: nothing more to do. */
	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_SAME);
	/* Moved, not gone: the resync drops only what charon forgot. */
	ck_assert_uint_eq(sa_table_resync_end(t, record_gone, &g), 1);
	ck_assert_uint_eq(g.n, 1);
	ck_assert_uint_eq(g.reqids[0], 2);
	ck_assert_ptr_nonnull(sa_table_find(t, 5));
	/* Its down event names the new reqid; the old one names nothing. */
	ck_assert(!sa_table_remove(t, 1, 3));
	ck_assert(sa_table_remove(t, 5, 3));
	ck_assert_uint_eq(sa_table_count(t), 0);
	sa_table_free(t);
}
END_TEST

/* Same reqid, another remote host: moved; another port only: changed. */
START_TEST(same_reqid_new_host)
{
	struct sa_table *t = sa_table_new();
	struct vici_child_sa sa = child(7, 70, 0x10);
	struct ipsec_sa was;

	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	sa.remote_port = 36000;
	ck_assert_int_eq(sa_table_update(t, &sa, &was), SA_TABLE_CHANGED);
	ck_assert_uint_eq(sa_table_find(t, 7)->remote_port, 36000);
	snprintf(sa.remote_host, sizeof(sa.remote_host), "2001:db8::7");
	ck_assert_int_eq(sa_table_update(t, &sa, &was), SA_TABLE_MOVED);
	ck_assert_uint_eq(was.reqid, 7);
	ck_assert_str_eq(was.remote_host, "198.51.100.7");
	ck_assert_uint_eq(was.remote_port, 36000);
	ck_assert_str_eq(sa_table_find(t, 7)->remote_host, "2001:db8::7");
	ck_assert_uint_eq(sa_table_count(t), 1);
	sa_table_free(t);
}
END_TEST

/*
 * After a new epoch (charon may have restarted), unique ids are not
 * trusted: a CHILD_SA with an old one's id is another, and one taking an
 * old reqid for another host replaces the old one, which is gone.
 */
START_TEST(no_move_across_epochs)
{
	struct sa_table *t = sa_table_new();
	struct gone_log g = { .n = 0 };
	struct vici_child_sa sa = child(1, 3, 0x30), reuse;
	struct ipsec_sa was;

	ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	sa_table_new_epoch(t);
	sa_table_resync_begin(t);
	reuse = child(2, 3, 0x31);	/* the same unique id, a new SA */
	ck_assert_int_eq(sa_table_update(t, &reuse, NULL), SA_TABLE_NEW);
	ck_assert_ptr_nonnull(sa_table_find(t, 1));
	ck_assert_uint_eq(sa_table_resync_end(t, record_gone, &g), 1);
	ck_assert_uint_eq(g.reqids[0], 1);
	ck_assert_uint_eq(sa_table_count(t), 1);

	/* reqid 2 given to another client after another restart */
	sa_table_new_epoch(t);
	reuse = child(2, 3, 0x31);
	snprintf(reuse.remote_host, sizeof(reuse.remote_host), "192.0.2.99");
	ck_assert_int_eq(sa_table_update(t, &reuse, &was), SA_TABLE_REPLACED);
	ck_assert_uint_eq(was.reqid, 2);
	ck_assert_str_eq(was.remote_host, "198.51.100.2");
	ck_assert_str_eq(sa_table_find(t, 2)->remote_host, "192.0.2.99");
	/* within one epoch, another CHILD_SA on the reqid: replaced too */
	reuse.child_id = 9;
	snprintf(reuse.remote_host, sizeof(reuse.remote_host), "192.0.2.98");
	ck_assert_int_eq(sa_table_update(t, &reuse, &was), SA_TABLE_REPLACED);
	ck_assert_uint_eq(was.child_id, 3);
	sa_table_free(t);
}
END_TEST

/* Moves keep both indexes right while the table grows. */
START_TEST(many_moves)
{
	struct sa_table *t = sa_table_new();
	struct vici_child_sa sa;
	uint32_t i, n = 3000;

	for (i = 1; i <= n; i++) {
		sa = child(i, i + 100000, i | 0x100000);
		ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_NEW);
	}
	for (i = 1; i <= n; i += 3) {
		sa = child(i + n, i + 100000, i | 0x100000);
		snprintf(sa.remote_host, sizeof(sa.remote_host), "192.0.2.1");
		ck_assert_int_eq(sa_table_update(t, &sa, NULL), SA_TABLE_MOVED);
	}
	ck_assert_uint_eq(sa_table_count(t), n);
	for (i = 1; i <= n; i++) {
		uint32_t reqid = i % 3 == 1 ? i + n : i;

		ck_assert_ptr_null(sa_table_find(t, i % 3 == 1 ? i : i + n));
		ck_assert_uint_eq(sa_table_find(t, reqid)->child_id, i + 100000);
		ck_assert(sa_table_remove(t, reqid, i + 100000));
	}
	ck_assert_uint_eq(sa_table_count(t), 0);
	sa_table_free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sa_table");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, update_find_replace);
	tcase_add_test(tc, refuses_unusable);
	tcase_add_test(tc, many_entries);
	tcase_add_test(tc, resync_drops_what_charon_forgot);
	tcase_add_test(tc, moved_to_a_new_reqid);
	tcase_add_test(tc, same_reqid_new_host);
	tcase_add_test(tc, no_move_across_epochs);
	tcase_add_test(tc, many_moves);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
