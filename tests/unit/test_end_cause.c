// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session end causes (daemon/gateway/end_cause.h): each has its own
 * name, its Acct-Terminate-Cause is the RFC 2866 section 5.10 value, and
 * every PPP finish reason maps to the cause its path must report.
 */
#include <check.h>
#include <string.h>

#include "gateway/end_cause.h"
#include "ppp/ppp.h"

static const struct {
	enum session_end_cause cause;
	const char *name;
	unsigned radius;	/* RFC 2866 5.10, by number */
} table[] = {
	{ SESSION_END_USER_REQUEST, "user-request", 1 },
	{ SESSION_END_LOST_CARRIER, "lost-carrier", 2 },
	{ SESSION_END_IDLE_TIMEOUT, "idle-timeout", 4 },
	{ SESSION_END_SESSION_TIMEOUT, "session-timeout", 5 },
	{ SESSION_END_ADMIN_RESET, "admin-reset", 6 },
	{ SESSION_END_ADMIN_REBOOT, "admin-reboot", 7 },
	{ SESSION_END_PORT_ERROR, "port-error", 8 },
	{ SESSION_END_NAS_ERROR, "nas-error", 9 },
	{ SESSION_END_NAS_REQUEST, "nas-request", 10 },
	{ SESSION_END_NAS_REBOOT, "nas-reboot", 11 },
	{ SESSION_END_SERVICE_UNAVAILABLE, "service-unavailable", 15 },
	{ SESSION_END_USER_ERROR, "user-error", 17 },
};
#define N_TABLE (sizeof(table) / sizeof(table[0]))

START_TEST(names_and_radius_values)
{
	size_t i, j;

	/* Every cause but UNKNOWN is in the table, once. */
	ck_assert_uint_eq(N_TABLE, SESSION_END_NMAX - 1);
	for (i = 0; i < N_TABLE; i++) {
		ck_assert_str_eq(session_end_cause_name(table[i].cause),
				 table[i].name);
		ck_assert_uint_eq(session_end_cause_radius(table[i].cause),
				  table[i].radius);
		for (j = 0; j < i; j++)
			ck_assert_int_ne(table[i].cause, table[j].cause);
	}
}
END_TEST

START_TEST(unknown_and_out_of_range)
{
	ck_assert_str_eq(session_end_cause_name(SESSION_END_UNKNOWN),
			 "unknown");
	ck_assert_str_eq(session_end_cause_name(SESSION_END_NMAX), "unknown");
	ck_assert_str_eq(session_end_cause_name((enum session_end_cause)-1),
			 "unknown");
	ck_assert_uint_eq(session_end_cause_radius(SESSION_END_UNKNOWN),
			  RADIUS_TC_NAS_REQUEST);
	ck_assert_uint_eq(session_end_cause_radius(SESSION_END_NMAX + 3),
			  RADIUS_TC_NAS_REQUEST);
}
END_TEST

START_TEST(ppp_finish_reasons)
{
	static const struct {
		int reason;
		enum session_end_cause cause;
	} m[] = {
		{ PPP_FIN_PEER_TERMINATE, SESSION_END_USER_REQUEST },
		{ PPP_FIN_ECHO_TIMEOUT, SESSION_END_LOST_CARRIER },
		{ PPP_FIN_AUTH_FAILED, SESSION_END_USER_ERROR },
		{ PPP_FIN_LOOPBACK, SESSION_END_PORT_ERROR },
		{ PPP_FIN_NEGOTIATION, SESSION_END_SERVICE_UNAVAILABLE },
		{ PPP_FIN_NO_ADDRESS, SESSION_END_SERVICE_UNAVAILABLE },
		{ PPP_FIN_NCP_FAILED, SESSION_END_SERVICE_UNAVAILABLE },
		/* Ours: the closer gave its cause first; this is a fallback. */
		{ PPP_FIN_LOCAL_CLOSE, SESSION_END_NAS_REQUEST },
	};
	size_t i;

	ck_assert_uint_eq(sizeof(m) / sizeof(m[0]), PPP_FIN_NMAX - 1);
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		ck_assert_msg(session_end_cause_of_ppp(m[i].reason) == m[i].cause,
			      "%s", ppp_finish_reason_name(m[i].reason));
}
END_TEST

static Suite *end_cause_suite(void)
{
	Suite *s = suite_create("end_cause");
	TCase *tc = tcase_create("causes");

	tcase_add_test(tc, names_and_radius_values);
	tcase_add_test(tc, unknown_and_out_of_range);
	tcase_add_test(tc, ppp_finish_reasons);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(end_cause_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
