/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The driver of the tunnel and session state machines (tunnel.c,
 * session.c).  Each machine is data: rows of {states, event, action,
 * next} and name arrays for the log; this file runs them.
 *
 * On an event the first row whose state set holds the current state and
 * whose event matches runs its action.  The action's result says what
 * happens next: 0 moves to the row's next state (unless it is
 * L2TP_FSM_SAME), L2TP_FSM_STAY keeps whatever state the action set, and
 * L2TP_FSM_FREED says the object is gone, so the driver does not touch it
 * again.  An event no row takes (a local event that does not apply in
 * this state, or an event out of range) is logged and ignored.  Every
 * state change is logged at LOG_DEBUG with the names from the arrays.
 *
 * The PPP automaton (ppp/fsm.c) is a different machine: RFC 1661's full
 * state x event matrix with lists of actions, so it has its own driver.
 */
#ifndef L2TPGW_L2TP_FSM_H
#define L2TPGW_L2TP_FSM_H

#include <limits.h>
#include <stddef.h>

/* Action results besides 0 ("go to the row's next state"). */
#define L2TP_FSM_STAY	1	/* the action set the state itself */
#define L2TP_FSM_FREED	2	/* the object no longer exists */

/* A row's next state when the action alone decides. */
#define L2TP_FSM_SAME	UINT_MAX

/* The set of states a row applies in: L2TP_FSM_IN(a) | L2TP_FSM_IN(b). */
#define L2TP_FSM_IN(state)	(1u << (state))

struct l2tp_event_arg;		/* l2tp/internal.h */

/* obj: the tunnel or session the machine runs for. */
typedef int (*l2tp_fsm_action)(void *obj, const struct l2tp_event_arg *arg);

struct l2tp_fsm_row {
	unsigned states;	/* L2TP_FSM_IN() of each state */
	unsigned event;
	l2tp_fsm_action action;
	unsigned next;		/* a state, or L2TP_FSM_SAME */
};

struct l2tp_fsm {
	const struct l2tp_fsm_row *rows;
	size_t n_rows;
	const char *const *state_names;
	unsigned n_states;
	const char *const *event_names;
	unsigned n_events;
	unsigned (*get_state)(const void *obj);
	void (*set_state)(void *obj, unsigned state);
	/* What log lines start with, e.g. "tunnel 12/34". */
	void (*name)(const void *obj, char *buf, size_t len);
};

/* The action of rows that only change the state, or only absorb an event. */
int l2tp_fsm_nothing(void *obj, const struct l2tp_event_arg *arg);

/*
 * Run event on obj.  Returns the action's result (0, L2TP_FSM_STAY or
 * L2TP_FSM_FREED), or 0 when no row takes the event.
 */
int l2tp_fsm_run(const struct l2tp_fsm *fsm, void *obj, unsigned event,
		 const struct l2tp_event_arg *arg);

/* The name of state in fsm's array, "?" when out of range. */
const char *l2tp_fsm_state_name(const struct l2tp_fsm *fsm, unsigned state);

#endif /* L2TPGW_L2TP_FSM_H */
