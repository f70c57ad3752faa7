// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Calls negotiating against max_negotiating (admission.h).
 */
#include "admission.h"

#include <stddef.h>
#include <string.h>

void admission_init(struct admission *a,
		    unsigned (*sessions)(struct admission_tunnel *t, void *arg),
		    void *arg)
{
	memset(a, 0, sizeof(*a));
	a->sessions = sessions;
	a->arg = arg;
}

static void unlink_tunnel(struct admission_tunnel *t)
{
	if (!t->pprev)
		return;
	*t->pprev = t->next;
	if (t->next)
		t->next->pprev = t->pprev;
	t->next = NULL;
	t->pprev = NULL;
}

static void link_tunnel(struct admission *a, struct admission_tunnel *t)
{
	if (t->pprev)
		return;
	t->next = a->admitting;
	if (t->next)
		t->next->pprev = &t->next;
	t->pprev = &a->admitting;
	a->admitting = t;
}

void admission_reconcile(struct admission *a, struct admission_tunnel *t)
{
	unsigned sessions = a->sessions(t, a->arg);
	unsigned pending = sessions > t->established ?
			   sessions - t->established : 0;

	if (t->admitted > pending) {
		a->negotiating -= t->admitted - pending;
		t->admitted = pending;
	}
	if (!t->admitted)
		unlink_tunnel(t);
}

void admission_reconcile_all(struct admission *a)
{
	struct admission_tunnel *t, *next;

	for (t = a->admitting; t; t = next) {
		next = t->next;
		admission_reconcile(a, t);
	}
}

static void reconcile_all(struct admission *a, uint64_t now_ms)
{
	if (a->reconciled && now_ms - a->reconciled_ms < ADMISSION_RECONCILE_MS)
		return;
	a->reconciled = true;
	a->reconciled_ms = now_ms;
	admission_reconcile_all(a);
}

void admission_failed(struct admission *a, struct admission_tunnel *t)
{
	if (!t->admitted)
		return;
	t->admitted--;
	a->negotiating--;
	if (!t->admitted)
		unlink_tunnel(t);
}

bool admission_admit(struct admission *a, struct admission_tunnel *t,
		     unsigned limit, uint64_t now_ms)
{
	admission_reconcile(a, t);
	if (limit && a->negotiating >= limit)
		reconcile_all(a, now_ms);
	if (limit && a->negotiating >= limit) {
		a->refused++;
		return false;
	}
	t->admitted++;
	a->negotiating++;
	link_tunnel(a, t);
	return true;
}

void admission_up(struct admission *a, struct admission_tunnel *t,
		  bool counted)
{
	t->established++;
	if (!counted)
		return;
	if (t->admitted) {
		t->admitted--;
		if (!t->admitted)
			unlink_tunnel(t);
	} else {
		a->negotiating++;
	}
}

void admission_done(struct admission *a)
{
	if (a->negotiating)
		a->negotiating--;
}

void admission_down(struct admission *a, struct admission_tunnel *t)
{
	if (t->established)
		t->established--;
}

void admission_tunnel_gone(struct admission *a, struct admission_tunnel *t)
{
	a->negotiating -= t->admitted;
	t->admitted = 0;
	unlink_tunnel(t);
}
