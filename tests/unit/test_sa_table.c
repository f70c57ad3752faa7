// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's table of L2TP CHILD_SAs: keyed by reqid, replaced by a
 * rekey, removed only by the CHILD_SA that owns the entry, and
 * resynchronised after charon restarts.
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
	ck_assert_int_eq(sa_table_update(t, &sa), 0);
	e = sa_table_find(t, 7);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->mark_out, 0x10);
	ck_assert_uint_eq(e->mark_in, 0x11);
	ck_assert_uint_eq(e->child_id, 70);
	ck_assert_str_eq(e->remote_host, "198.51.100.7");
	ck_assert_str_eq(e->conn, "l2tp");
	/* A rekey: same reqid and marks, a new CHILD_SA id. */
	sa.child_id = 71;
	ck_assert_int_eq(sa_table_update(t, &sa), 0);
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

	ck_assert_int_eq(sa_table_update(t, &sa), -EINVAL);
	sa = child(3, 1, 0);		/* no outbound mark: not ours */
	ck_assert_int_eq(sa_table_update(t, &sa), -EINVAL);
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
		ck_assert_int_eq(sa_table_update(t, &sa), 0);
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
		ck_assert_int_eq(sa_table_update(t, &sa), 0);
	}
	sa_table_resync_begin(t);
	/* charon still has 2 and 4; 5 is new. */
	sa = child(2, 2, 0x22);
	ck_assert_int_eq(sa_table_update(t, &sa), 0);
	sa = child(4, 4, 0x24);
	ck_assert_int_eq(sa_table_update(t, &sa), 0);
	sa = child(5, 5, 0x25);
	ck_assert_int_eq(sa_table_update(t, &sa), 0);
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
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
