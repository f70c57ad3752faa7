// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module's events as actions of the daemon (kernel_events.h).
 */
#include "kernel_events.h"

#include <errno.h>
#include <stdlib.h>

static const char *cause_why(uint32_t cause, bool session)
{
	switch (cause) {
	case L2TPGW_CAUSE_USER:
		return session ? "session deleted from the kernel by another "
				 "program" :
				 "tunnel deleted from the kernel by another "
				 "program";
	case L2TPGW_CAUSE_SOCK_CLOSED:
		return "its UDP socket was closed";
	case L2TPGW_CAUSE_NETNS_EXIT:
		return "its network namespace is going away";
	case L2TPGW_CAUSE_TUNNEL_DEL:
		return "its tunnel was deleted";
	case L2TPGW_CAUSE_DEV_DEL:
		return "session device deleted";
	}
	return "removed from the kernel";
}

static void classify_session(const struct l2tpctl_event *ev,
			     struct kev_verdict *v)
{
	if (!(ev->has & L2TPCTL_EVENT_HAS_TUNNEL_ID) ||
	    !(ev->has & L2TPCTL_EVENT_HAS_SESSION_ID))
		return;
	/* Children of a tunnel or socket: the tunnel's own event follows. */
	if (ev->cause != L2TPGW_CAUSE_USER && ev->cause != L2TPGW_CAUSE_DEV_DEL)
		return;
	v->action = KEV_SESSION_GONE;
}

void kev_classify(const struct l2tpctl_event *ev, struct kev_verdict *v)
{
	bool session = ev->cmd == L2TPGW_CMD_SESSION_DEL;

	v->action = KEV_IGNORE;
	v->can_send = true;
	v->why = cause_why(ev->cause, session);
	if (ev->has & L2TPCTL_EVENT_HAS_MODULE) {
		v->action = ev->module == L2TPCTL_MODULE_GONE ?
			    KEV_MODULE_GONE : KEV_MODULE_BACK;
		v->why = ev->module == L2TPCTL_MODULE_GONE ?
			 "the l2tpgw kernel module was unloaded" :
			 "the l2tpgw kernel module was loaded";
		return;
	}
	switch (ev->cmd) {
	case L2TPGW_CMD_SESSION_DEL:
		classify_session(ev, v);
		return;
	case L2TPGW_CMD_TUNNEL_DEL:
		if (!(ev->has & L2TPCTL_EVENT_HAS_TUNNEL_ID))
			return;
		v->action = KEV_TUNNEL_GONE;
		/* Closed: nothing to send with; dying namespace: nowhere. */
		v->can_send = ev->cause != L2TPGW_CAUSE_SOCK_CLOSED &&
			      ev->cause != L2TPGW_CAUSE_NETNS_EXIT;
		return;
	case L2TPGW_CMD_SOCK_DETACH:
		if (ev->has & L2TPCTL_EVENT_HAS_SOCK_ID)
			v->action = KEV_SOCK_GONE;
		return;
	}
}

static int ledger_grow(struct kev_ledger *l)
{
	size_t cap = l->cap ? l->cap * 2 : 64, i;
	uint32_t *keys;

	keys = malloc(cap * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (i = 0; i < l->n; i++)
		keys[i] = l->keys[(l->head + i) % l->cap];
	free(l->keys);
	l->keys = keys;
	l->cap = cap;
	l->head = 0;
	return 0;
}

int kev_ledger_note(struct kev_ledger *l, uint16_t tunnel_id,
		    uint16_t session_id)
{
	if (l->n == l->cap && l->cap < KEV_LEDGER_MAX && ledger_grow(l) < 0)
		return -ENOMEM;
	if (l->n == l->cap) {
		/* Full: forget the oldest; its event is long overdue. */
		l->head = (l->head + 1) % l->cap;
		l->n--;
		l->overflows++;
	}
	l->keys[(l->head + l->n) % l->cap] = kev_key(tunnel_id, session_id);
	l->n++;
	return 0;
}

bool kev_ledger_own(struct kev_ledger *l, const struct l2tpctl_event *ev)
{
	uint32_t key;
	size_t i;

	if (!l->n || ev->cause != L2TPGW_CAUSE_USER ||
	    !(ev->has & L2TPCTL_EVENT_HAS_TUNNEL_ID))
		return false;
	if (ev->cmd == L2TPGW_CMD_TUNNEL_DEL)
		key = kev_key(ev->tunnel_id, 0);
	else if (ev->cmd == L2TPGW_CMD_SESSION_DEL &&
		 (ev->has & L2TPCTL_EVENT_HAS_SESSION_ID) && ev->session_id)
		key = kev_key(ev->tunnel_id, ev->session_id);
	else
		return false;
	for (i = 0; i < l->n; i++) {
		if (l->keys[(l->head + i) % l->cap] != key)
			continue;
		l->head = (l->head + i + 1) % l->cap;
		l->n -= i + 1;
		return true;
	}
	return false;
}

void kev_ledger_clear(struct kev_ledger *l)
{
	l->head = 0;
	l->n = 0;
}

void kev_ledger_free(struct kev_ledger *l)
{
	free(l->keys);
	*l = (struct kev_ledger){ 0 };
}

static int cmp_key(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

size_t kev_missing(uint32_t *ours, size_t n_ours, uint32_t *kernel,
		   size_t n_kernel, void (*gone)(uint32_t key, void *arg),
		   void *arg)
{
	size_t i, j = 0, missing = 0;

	qsort(ours, n_ours, sizeof(*ours), cmp_key);
	qsort(kernel, n_kernel, sizeof(*kernel), cmp_key);
	for (i = 0; i < n_ours; i++) {
		while (j < n_kernel && kernel[j] < ours[i])
			j++;
		if (j < n_kernel && kernel[j] == ours[i])
			continue;
		gone(ours[i], arg);
		missing++;
	}
	return missing;
}
