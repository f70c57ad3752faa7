// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table-driven state machine driver shared by the tunnel and the
 * session machines; see fsm.h.
 */
#include <stdio.h>

#include "l2tp/fsm.h"
#include "log.h"

#define FSM_NAME_LEN	64

static const char *event_name(const struct l2tp_fsm *fsm, unsigned event)
{
	return event < fsm->n_events && fsm->event_names[event] ?
	       fsm->event_names[event] : "?";
}

const char *l2tp_fsm_state_name(const struct l2tp_fsm *fsm, unsigned state)
{
	return state < fsm->n_states && fsm->state_names[state] ?
	       fsm->state_names[state] : "?";
}

static const struct l2tp_fsm_row *find_row(const struct l2tp_fsm *fsm,
					   unsigned state, unsigned event)
{
	size_t i;

	if (state >= fsm->n_states || event >= fsm->n_events)
		return NULL;
	for (i = 0; i < fsm->n_rows; i++)
		if ((fsm->rows[i].states & L2TP_FSM_IN(state)) &&
		    fsm->rows[i].event == event)
			return &fsm->rows[i];
	return NULL;
}

static void log_ignored(const struct l2tp_fsm *fsm, const void *obj,
			unsigned event, unsigned state)
{
	char name[FSM_NAME_LEN];

	if (!log_enabled(LOG_DEBUG))
		return;
	fsm->name(obj, name, sizeof(name));
	log_msg(LOG_DEBUG, "%s: event %s ignored in state %s", name,
		event_name(fsm, event), l2tp_fsm_state_name(fsm, state));
}

static void log_transition(const struct l2tp_fsm *fsm, const void *obj,
			   unsigned event, unsigned from, unsigned to)
{
	char name[FSM_NAME_LEN];

	if (!log_enabled(LOG_DEBUG))
		return;
	fsm->name(obj, name, sizeof(name));
	log_msg(LOG_DEBUG, "%s: %s -> %s on %s", name,
		l2tp_fsm_state_name(fsm, from), l2tp_fsm_state_name(fsm, to),
		event_name(fsm, event));
}

int l2tp_fsm_nothing(void *obj, const struct l2tp_event_arg *arg)
{
	return 0;
}

int l2tp_fsm_run(const struct l2tp_fsm *fsm, void *obj, unsigned event,
		 const struct l2tp_event_arg *arg)
{
	unsigned old = fsm->get_state(obj), now;
	const struct l2tp_fsm_row *row = find_row(fsm, old, event);
	int rc;

	if (!row) {
		/* Local events that do not apply in this state. */
		log_ignored(fsm, obj, event, old);
		return 0;
	}
	rc = row->action(obj, arg);
	if (rc == L2TP_FSM_FREED)
		return rc;
	if (rc == 0 && row->next != L2TP_FSM_SAME)
		fsm->set_state(obj, row->next);
	now = fsm->get_state(obj);
	if (now != old)
		log_transition(fsm, obj, event, old, now);
	return rc;
}
