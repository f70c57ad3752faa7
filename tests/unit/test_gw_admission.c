// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * max_negotiating: calls admitted up to the limit, refused beyond it,
 * admitted again once one reaches the network phase or ends, whether it
 * ends after coming up or before (unreported by the control plane, found
 * by comparing a tunnel's admitted calls with its sessions).
 */
#include <check.h>
#include <stddef.h>

#include "admission.h"

/* A tunnel as the gateway sees it: the control plane's session count. */
struct tun {
	struct admission_tunnel adm;
	unsigned sessions;
};

static unsigned sessions_of(struct admission_tunnel *t, void *arg)
{
	return ((struct tun *)((char *)t - offsetof(struct tun, adm)))->sessions;
}

static struct admission a;
static struct tun t1, t2;
static uint64_t now;

static void setup(void)
{
	admission_init(&a, sessions_of, NULL);
	t1 = (struct tun){ 0 };
	t2 = (struct tun){ 0 };
	now = 1000;
}

/* An ICRQ: admitted, and the control plane then holds a session for it. */
static bool call(struct tun *t, unsigned limit)
{
	if (!admission_admit(&a, &t->adm, limit, now))
		return false;
	t->sessions++;
	return true;
}

START_TEST(admits_up_to_the_limit_and_refuses_beyond)
{
	ck_assert(call(&t1, 3));
	ck_assert(call(&t1, 3));
	ck_assert(call(&t2, 3));
	ck_assert_uint_eq(a.negotiating, 3);
	ck_assert(!call(&t1, 3));
	ck_assert(!call(&t2, 3));
	ck_assert_uint_eq(a.refused, 2);
	ck_assert_uint_eq(a.negotiating, 3);
	/* A refused call leaves no session: the counts stay exact. */
	ck_assert_uint_eq(t1.sessions, 2);
}
END_TEST

START_TEST(limit_zero_admits_everything)
{
	unsigned i;

	for (i = 0; i < 5000; i++)
		ck_assert(call(&t1, 0));
	ck_assert_uint_eq(a.negotiating, 5000);
	ck_assert_uint_eq(a.refused, 0);
}
END_TEST

START_TEST(network_phase_frees_a_place)
{
	ck_assert(call(&t1, 2));
	ck_assert(call(&t1, 2));
	ck_assert(!call(&t1, 2));
	/* Both come up (ICCN): still negotiating PPP. */
	admission_up(&a, &t1.adm, true);
	admission_up(&a, &t1.adm, true);
	ck_assert_uint_eq(a.negotiating, 2);
	ck_assert_uint_eq(t1.adm.admitted, 0);
	ck_assert(!call(&t1, 2));
	/* One opens IPCP. */
	admission_done(&a);
	ck_assert_uint_eq(a.negotiating, 1);
	ck_assert(call(&t1, 2));
	ck_assert(!call(&t1, 2));
}
END_TEST

START_TEST(session_ending_while_negotiating_frees_a_place)
{
	ck_assert(call(&t1, 1));
	admission_up(&a, &t1.adm, true);
	ck_assert(!call(&t2, 1));
	/* Its PPP fails (authentication): the session goes. */
	admission_done(&a);
	admission_down(&a, &t1.adm);
	t1.sessions--;
	ck_assert(call(&t2, 1));
}
END_TEST

START_TEST(call_gone_before_coming_up_frees_a_place)
{
	ck_assert(call(&t1, 2));
	ck_assert(call(&t2, 2));
	/* t1's call never got its ICCN: the control plane dropped it. */
	t1.sessions--;
	/* Found at the next call on another tunnel, once the limit is hit. */
	ck_assert(call(&t2, 2));
	ck_assert_uint_eq(a.negotiating, 2);
	ck_assert_uint_eq(t1.adm.admitted, 0);
	ck_assert_uint_eq(t2.adm.admitted, 2);
	ck_assert_uint_eq(a.refused, 0);
}
END_TEST

START_TEST(established_sessions_are_not_taken_for_pending_calls)
{
	/* Two calls up and in the network phase, one still before ICCN. */
	ck_assert(call(&t1, 2));
	ck_assert(call(&t1, 2));
	admission_up(&a, &t1.adm, true);
	admission_up(&a, &t1.adm, true);
	admission_done(&a);
	admission_done(&a);
	ck_assert(call(&t1, 2));
	ck_assert(call(&t1, 2));
	ck_assert_uint_eq(a.negotiating, 2);
	/* Four sessions, two up: both admitted calls are still there. */
	admission_reconcile(&a, &t1.adm);
	ck_assert_uint_eq(t1.adm.admitted, 2);
	ck_assert_uint_eq(a.negotiating, 2);
	ck_assert(!call(&t1, 2));
	/* One of the pending two is dropped before ICCN. */
	t1.sessions--;
	ck_assert(call(&t1, 2));
}
END_TEST

START_TEST(full_check_at_most_every_interval)
{
	ck_assert(call(&t1, 1));
	ck_assert(!call(&t2, 1));	/* full check at now */
	t1.sessions--;			/* t1's call is gone, unnoticed */
	now += ADMISSION_RECONCILE_MS - 1;
	ck_assert(!call(&t2, 1));
	now += 1;
	ck_assert(call(&t2, 1));
	ck_assert_uint_eq(a.refused, 2);
}
END_TEST

START_TEST(tunnel_gone_frees_its_calls)
{
	ck_assert(call(&t1, 2));
	ck_assert(call(&t1, 2));
	ck_assert(!call(&t2, 2));
	admission_tunnel_gone(&a, &t1.adm);
	ck_assert_uint_eq(a.negotiating, 0);
	ck_assert_ptr_null(a.admitting);
	ck_assert(call(&t2, 2));
	ck_assert(call(&t2, 2));
}
END_TEST

START_TEST(calls_not_admitted_here_are_counted_when_up)
{
	/* Sessions that came up without admission_admit (a LAC's are not
	 * counted; an incoming one is). */
	admission_up(&a, &t1.adm, false);
	ck_assert_uint_eq(a.negotiating, 0);
	admission_up(&a, &t1.adm, true);
	ck_assert_uint_eq(a.negotiating, 1);
	ck_assert_uint_eq(t1.adm.established, 2);
	admission_done(&a);
	admission_done(&a);		/* never below zero */
	ck_assert_uint_eq(a.negotiating, 0);
}
END_TEST

START_TEST(failure_known_to_the_caller_frees_a_place_at_once)
{
	ck_assert(call(&t1, 1));
	/* The kernel refused the session: the caller says so. */
	admission_failed(&a, &t1.adm);
	t1.sessions--;
	ck_assert_uint_eq(a.negotiating, 0);
	ck_assert_ptr_null(a.admitting);
	admission_failed(&a, &t1.adm);	/* nothing admitted: no change */
	ck_assert_uint_eq(a.negotiating, 0);
	ck_assert(call(&t2, 1));
}
END_TEST

START_TEST(reconcile_all_makes_the_count_exact)
{
	ck_assert(call(&t1, 0));
	ck_assert(call(&t2, 0));
	ck_assert(call(&t2, 0));
	t1.sessions--;
	t2.sessions--;
	ck_assert_uint_eq(a.negotiating, 3);
	admission_reconcile_all(&a);
	ck_assert_uint_eq(a.negotiating, 1);
	ck_assert_uint_eq(t2.adm.admitted, 1);
}
END_TEST

static Suite *admission_suite(void)
{
	Suite *s = suite_create("gw_admission");
	TCase *tc = tcase_create("max_negotiating");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, admits_up_to_the_limit_and_refuses_beyond);
	tcase_add_test(tc, limit_zero_admits_everything);
	tcase_add_test(tc, network_phase_frees_a_place);
	tcase_add_test(tc, session_ending_while_negotiating_frees_a_place);
	tcase_add_test(tc, call_gone_before_coming_up_frees_a_place);
	tcase_add_test(tc, established_sessions_are_not_taken_for_pending_calls);
	tcase_add_test(tc, full_check_at_most_every_interval);
	tcase_add_test(tc, tunnel_gone_frees_its_calls);
	tcase_add_test(tc, calls_not_admitted_here_are_counted_when_up);
	tcase_add_test(tc, failure_known_to_the_caller_frees_a_place_at_once);
	tcase_add_test(tc, reconcile_all_makes_the_count_exact);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(admission_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
