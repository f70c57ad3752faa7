// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The state machine driver of l2tp/fsm.c on a toy machine (a door): which
 * row runs, what the action's result does to the state, what is logged,
 * and that nothing touches an object its action freed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/internal.h"

enum door_state { CLOSED, OPEN, LOCKED, DOOR_STATES };
enum door_event { PUSH, PULL, LOCK, KICK, DOOR_EVENTS };

static const char *const state_names[DOOR_STATES] = {
	[CLOSED] = "closed", [OPEN] = "open", [LOCKED] = "locked",
};

static const char *const event_names[DOOR_EVENTS] = {
	[PUSH] = "push", [PULL] = "pull", [LOCK] = "lock", [KICK] = "kick",
};

struct door {
	unsigned state;
	bool freed;		/* the action "freed" it */
	unsigned runs;		/* actions run */
	const char *last;	/* the last action run */
	const struct l2tp_event_arg *arg;
};

static char lines[16][256];
static unsigned n_lines;
static unsigned touched_after_free;	/* callbacks on a freed door */

static void sink(int level, const char *line, void *arg)
{
	if (n_lines < 16)
		snprintf(lines[n_lines], sizeof(lines[0]), "%s", line);
	n_lines++;
}

static struct door *ran(void *obj, const char *name,
			const struct l2tp_event_arg *arg)
{
	struct door *d = obj;

	d->runs++;
	d->last = name;
	d->arg = arg;
	return d;
}

static int act_open(void *obj, const struct l2tp_event_arg *arg)
{
	ran(obj, "open", arg);
	return 0;
}

static int act_open_too(void *obj, const struct l2tp_event_arg *arg)
{
	ran(obj, "open-too", arg);
	return 0;
}

/* Locks by itself and says so: the row's next state must not apply. */
static int act_jam(void *obj, const struct l2tp_event_arg *arg)
{
	ran(obj, "jam", arg)->state = LOCKED;
	return L2TP_FSM_STAY;
}

static int act_break(void *obj, const struct l2tp_event_arg *arg)
{
	ran(obj, "break", arg)->freed = true;
	return L2TP_FSM_FREED;
}

static int act_knock(void *obj, const struct l2tp_event_arg *arg)
{
	ran(obj, "knock", arg);
	return 0;
}

#define IN(x)	L2TP_FSM_IN(x)

static const struct l2tp_fsm_row rows[] = {
	{ IN(CLOSED), PUSH, act_open, OPEN },
	/* Shadowed by the row above in CLOSED, reached in OPEN. */
	{ IN(CLOSED) | IN(OPEN), PUSH, act_open_too, L2TP_FSM_SAME },
	{ IN(OPEN), PULL, l2tp_fsm_nothing, CLOSED },
	{ IN(CLOSED), LOCK, act_jam, OPEN },
	{ IN(LOCKED), KICK, act_break, CLOSED },
	{ IN(CLOSED), KICK, act_knock, L2TP_FSM_SAME },
};

static unsigned get_state(const void *obj)
{
	const struct door *d = obj;

	if (d->freed)
		touched_after_free++;
	return d->state;
}

static void set_state(void *obj, unsigned state)
{
	struct door *d = obj;

	if (d->freed)
		touched_after_free++;
	d->state = state;
}

static void name(const void *obj, char *buf, size_t len)
{
	const struct door *d = obj;

	if (d->freed)
		touched_after_free++;
	snprintf(buf, len, "door 7");
}

static const struct l2tp_fsm door_fsm = {
	.rows = rows,
	.n_rows = sizeof(rows) / sizeof(rows[0]),
	.state_names = state_names,
	.n_states = DOOR_STATES,
	.event_names = event_names,
	.n_events = DOOR_EVENTS,
	.get_state = get_state,
	.set_state = set_state,
	.name = name,
};

static void setup(void)
{
	n_lines = 0;
	touched_after_free = 0;
	log_init(LOG_DEBUG, false, "test");
	log_set_sink(sink, NULL);
}

static void teardown(void)
{
	log_set_sink(NULL, NULL);
}

START_TEST(row_runs_and_moves_to_next)
{
	struct door d = { .state = CLOSED };
	struct l2tp_event_arg arg = { 0 };

	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, PUSH, &arg), 0);
	ck_assert_uint_eq(d.state, OPEN);
	ck_assert_uint_eq(d.runs, 1);
	ck_assert_str_eq(d.last, "open");
	ck_assert_ptr_eq(d.arg, &arg);
	ck_assert_uint_eq(n_lines, 1);
	ck_assert_str_eq(lines[0], "door 7: closed -> open on push");
}
END_TEST

START_TEST(first_matching_row_wins)
{
	struct door d = { .state = OPEN };

	/* In OPEN only the second PUSH row applies; it keeps the state. */
	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, PUSH, NULL), 0);
	ck_assert_str_eq(d.last, "open-too");
	ck_assert_uint_eq(d.state, OPEN);
	ck_assert_uint_eq(n_lines, 0);
	d.state = CLOSED;
	l2tp_fsm_run(&door_fsm, &d, PUSH, NULL);
	ck_assert_str_eq(d.last, "open");
}
END_TEST

START_TEST(no_row_is_logged_and_ignored)
{
	struct door d = { .state = LOCKED };

	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, PULL, NULL), 0);
	ck_assert_uint_eq(d.runs, 0);
	ck_assert_uint_eq(d.state, LOCKED);
	ck_assert_uint_eq(n_lines, 1);
	ck_assert_str_eq(lines[0], "door 7: event pull ignored in state locked");
}
END_TEST

START_TEST(unknown_event_or_state_is_ignored)
{
	struct door d = { .state = CLOSED };

	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, DOOR_EVENTS, NULL), 0);
	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, 31, NULL), 0);
	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, 1000, NULL), 0);
	ck_assert_uint_eq(d.runs, 0);
	ck_assert_uint_eq(d.state, CLOSED);
	ck_assert_uint_eq(n_lines, 3);
	ck_assert_str_eq(lines[0], "door 7: event ? ignored in state closed");
	/* A state no row can name: nothing runs, even for a known event. */
	d.state = DOOR_STATES;
	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, PUSH, NULL), 0);
	ck_assert_uint_eq(d.runs, 0);
	ck_assert_str_eq(lines[3], "door 7: event push ignored in state ?");
}
END_TEST

START_TEST(stay_keeps_the_state_the_action_set)
{
	struct door d = { .state = CLOSED };

	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, LOCK, NULL),
			 L2TP_FSM_STAY);
	ck_assert_uint_eq(d.state, LOCKED);	/* not the row's OPEN */
	ck_assert_uint_eq(n_lines, 1);
	ck_assert_str_eq(lines[0], "door 7: closed -> locked on lock");
}
END_TEST

START_TEST(same_state_is_not_logged)
{
	struct door d = { .state = CLOSED };

	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, KICK, NULL), 0);
	ck_assert_str_eq(d.last, "knock");
	ck_assert_uint_eq(d.state, CLOSED);
	ck_assert_uint_eq(n_lines, 0);
}
END_TEST

START_TEST(freed_object_is_not_touched)
{
	struct door d = { .state = LOCKED };

	ck_assert_int_eq(l2tp_fsm_run(&door_fsm, &d, KICK, NULL),
			 L2TP_FSM_FREED);
	ck_assert(d.freed);
	ck_assert_uint_eq(touched_after_free, 0);
	ck_assert_uint_eq(d.state, LOCKED);
	ck_assert_uint_eq(n_lines, 0);
}
END_TEST

START_TEST(nothing_logged_below_debug)
{
	struct door d = { .state = CLOSED };

	log_init(LOG_INFO, false, "test");
	l2tp_fsm_run(&door_fsm, &d, PUSH, NULL);
	l2tp_fsm_run(&door_fsm, &d, LOCK, NULL);
	ck_assert_uint_eq(d.state, OPEN);
	ck_assert_uint_eq(n_lines, 0);
}
END_TEST

START_TEST(state_name_in_and_out_of_range)
{
	ck_assert_str_eq(l2tp_fsm_state_name(&door_fsm, LOCKED), "locked");
	ck_assert_str_eq(l2tp_fsm_state_name(&door_fsm, DOOR_STATES), "?");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_fsm");
	TCase *tc = tcase_create("driver");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, row_runs_and_moves_to_next);
	tcase_add_test(tc, first_matching_row_wins);
	tcase_add_test(tc, no_row_is_logged_and_ignored);
	tcase_add_test(tc, unknown_event_or_state_is_ignored);
	tcase_add_test(tc, stay_keeps_the_state_the_action_set);
	tcase_add_test(tc, same_state_is_not_logged);
	tcase_add_test(tc, freed_object_is_not_touched);
	tcase_add_test(tc, nothing_logged_below_debug);
	tcase_add_test(tc, state_name_in_and_out_of_range);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
