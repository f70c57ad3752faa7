// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The accounting engine (acct.h): sessions with their interim timers,
 * records in flight through the RADIUS client, and the bounded queue of
 * records no server took yet.
 *
 * A record is one struct acct_req from the event until a server answers
 * it or it is dropped; it keeps its own copy of the session's data, so a
 * Stop outlives its session.  It is on exactly one of two lists: flight
 * (the client has it) or queue (waiting for the retry timer).
 */
#include "aaa/acct.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

struct acct_req {
	struct acct *a;
	struct acct_record r;
	struct acct_session_data sd;
	uint64_t created_ms;
	struct radius_request *rr;	/* in flight, NULL when queued */
	struct acct_req *next, *prev;
};

struct req_list {
	struct acct_req *head, *tail;
	uint32_t len;
};

struct acct_session {
	struct acct *a;
	void *owner;
	struct acct_session_data sd;
	uint64_t start_ms;
	uint64_t due_ms;
	uint32_t interim_s;
	struct timer interim;
	struct acct_counters last;	/* at its last interim */
	bool due;			/* on a->due */
	struct acct_session *next, **pprev;		/* a->sessions */
	struct acct_session *due_next, **due_pprev;	/* a->due */
};

struct acct {
	struct loop *loop;
	struct acct_client_calls calls;
	struct acct_config cfg;
	struct acct_ops ops;
	struct req_list flight, queue;
	struct timer retry;
	struct timer round;
	struct acct_session *sessions;
	struct acct_session *due;
	bool off;
	uint64_t off_deadline;
	struct acct_stats st;
};

static const char *const status_name[] = {
	[RADIUS_ACCT_START] = "Start",
	[RADIUS_ACCT_STOP] = "Stop",
	[RADIUS_ACCT_INTERIM] = "Interim-Update",
	[RADIUS_ACCT_ON] = "Accounting-On",
	[RADIUS_ACCT_OFF] = "Accounting-Off",
};

static void list_add_tail(struct req_list *l, struct acct_req *q)
{
	q->next = NULL;
	q->prev = l->tail;
	if (l->tail)
		l->tail->next = q;
	else
		l->head = q;
	l->tail = q;
	l->len++;
}

static void list_del(struct req_list *l, struct acct_req *q)
{
	if (q->prev)
		q->prev->next = q->next;
	else
		l->head = q->next;
	if (q->next)
		q->next->prev = q->prev;
	else
		l->tail = q->prev;
	l->len--;
}

static const char *req_name(const struct acct_req *q)
{
	return q->r.sd ? q->sd.acct_session_id : "NAS";
}

static void req_drop(struct acct_req *q, const char *why)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 10000);

	q->a->st.dropped++;
	log_rl(&rl, LOG_WARNING, "accounting %s of %s (user %s) lost: %s",
	       status_name[q->r.status], req_name(q),
	       q->r.sd && q->sd.user[0] ? q->sd.user : "-", why);
	free(q);
}

static void retry_arm(struct acct *a, uint64_t delay_ms)
{
	if (a->queue.len && !timer_pending(&a->retry))
		timer_arm(a->loop, &a->retry, delay_ms);
}

static void req_enqueue(struct acct_req *q, const char *why)
{
	struct acct *a = q->a;

	if (a->queue.len >= a->cfg.queue_max) {
		req_drop(q, "the retry queue is full");
		return;
	}
	log_debug("accounting %s of %s queued: %s",
		  status_name[q->r.status], req_name(q), why);
	a->st.queued++;
	list_add_tail(&a->queue, q);
	retry_arm(a, ACCT_RETRY_MS);
}

static int req_fill(void *arg, struct radius_builder *b, const char *secret,
		    uint32_t delay_s)
{
	struct acct_req *q = arg;
	uint64_t waited = (loop_now(q->a->loop) - q->created_ms) / 1000;

	(void)secret;
	/* Its time in our queue counts too, not only in the client's. */
	if (waited > delay_s)
		delay_s = (uint32_t)waited;
	return acct_attrs_fill(b, &q->r, delay_s);
}

static void req_done(void *arg, enum radius_outcome o,
		     const struct radius_packet *p)
{
	struct acct_req *q = arg;
	struct acct *a = q->a;

	list_del(&a->flight, q);
	q->rr = NULL;
	switch (o) {
	case RADIUS_ANSWERED:
		if (p->code != RADIUS_ACCOUNTING_RESPONSE)
			log_warn("accounting %s of %s: answered with code %u",
				 status_name[q->r.status], req_name(q),
				 p->code);
		a->st.answered++;
		free(q);
		break;
	case RADIUS_NO_ANSWER:
		req_enqueue(q, "no accounting server answered");
		break;
	case RADIUS_CANCELLED:
		req_drop(q, "cancelled");
		break;
	}
}

/* To the client; false (q untouched) if it cannot take it now. */
static bool req_send(struct acct_req *q, char *err, size_t errlen)
{
	struct acct *a = q->a;
	struct radius_client *rc = a->ops.client(a->ops.arg);

	if (!rc) {
		snprintf(err, errlen, "no RADIUS client ([radius] removed)");
		return false;
	}
	/* On the list first: done may run from inside radius_send. */
	list_add_tail(&a->flight, q);
	q->rr = a->calls.send(rc, RADIUS_ACCT, RADIUS_ACCOUNTING_REQUEST,
			    req_fill, req_done, q, err, errlen);
	if (!q->rr) {
		list_del(&a->flight, q);
		return false;
	}
	return true;
}

static void record(struct acct *a, const struct acct_record *r)
{
	struct acct_req *q;
	char err[128];

	q = calloc(1, sizeof(*q));
	if (!q) {
		a->st.dropped++;
		log_err("accounting %s: lost: out of memory",
			status_name[r->status]);
		return;
	}
	q->a = a;
	q->r = *r;
	if (r->sd) {
		q->sd = *r->sd;
		q->r.sd = &q->sd;
	}
	q->created_ms = loop_now(a->loop);
	a->st.sent[r->status]++;
	/* Behind what already waits: records of a session stay in order. */
	if (a->queue.len || !req_send(q, err, sizeof(err)))
		req_enqueue(q, a->queue.len ? "others wait before it" : err);
}

static void retry_fire(struct loop *loop, struct timer *t, void *arg)
{
	struct acct *a = arg;
	struct acct_req *q;
	char err[128];
	unsigned n;

	(void)loop;
	(void)t;
	for (n = 0; n < ACCT_RETRY_BURST && (q = a->queue.head); n++) {
		list_del(&a->queue, q);
		if (!req_send(q, err, sizeof(err))) {
			/* Back at the head: the order stays. */
			q->prev = NULL;
			q->next = a->queue.head;
			if (a->queue.head)
				a->queue.head->prev = q;
			else
				a->queue.tail = q;
			a->queue.head = q;
			a->queue.len++;
			break;
		}
		a->st.retried++;
	}
	/* A full burst went: the client takes them again, go on soon. */
	retry_arm(a, n == ACCT_RETRY_BURST ? ACCT_RETRY_NEXT_MS :
		  ACCT_RETRY_MS);
}

static uint32_t session_time(const struct acct_session *as)
{
	return (uint32_t)((loop_now(as->a->loop) - as->start_ms) / 1000);
}

static void session_record(struct acct_session *as,
			   enum radius_acct_status status,
			   enum radius_terminate_cause cause)
{
	struct acct_record r = {
		.status = status,
		.sd = &as->sd,
		.c = as->last,
		.session_time_s = session_time(as),
		.cause = cause,
		.event_time = (uint32_t)time(NULL),
	};

	record(as->a, &r);
}

static void due_del(struct acct_session *as)
{
	if (!as->due)
		return;
	*as->due_pprev = as->due_next;
	if (as->due_next)
		as->due_next->due_pprev = as->due_pprev;
	as->due = false;
}

/* The next interim, on a multiple of min(interval, ACCT_ALIGN_MS). */
static void interim_schedule(struct acct_session *as, uint64_t from)
{
	uint64_t iv = (uint64_t)as->interim_s * 1000;
	uint64_t align = iv < ACCT_ALIGN_MS ? iv : ACCT_ALIGN_MS;
	uint64_t due;

	if (!iv) {
		timer_cancel(as->a->loop, &as->interim);
		return;
	}
	due = from + iv;
	due = (due + align - 1) / align * align;
	as->due_ms = due;
	timer_arm_at(as->a->loop, &as->interim, due);
}

static void interim_fire(struct loop *loop, struct timer *t, void *arg)
{
	struct acct_session *as = arg;
	struct acct *a = as->a;

	(void)t;
	if (!as->due) {
		as->due_next = a->due;
		if (a->due)
			a->due->due_pprev = &as->due_next;
		as->due_pprev = &a->due;
		a->due = as;
		as->due = true;
	}
	if (!timer_pending(&a->round))
		timer_arm(loop, &a->round, ACCT_ROUND_MS);
}

/* One counters dump for every session due now. */
static void round_fire(struct loop *loop, struct timer *t, void *arg)
{
	struct acct *a = arg;
	struct acct_session *as;

	(void)loop;
	(void)t;
	if (!a->due)
		return;
	a->st.interim_rounds++;
	if (a->ops.refresh)
		a->ops.refresh(a->ops.arg);
	while ((as = a->due)) {
		due_del(as);
		if (a->ops.counters)
			a->ops.counters(a->ops.arg, as->owner, &as->last);
		session_record(as, RADIUS_ACCT_INTERIM, 0);
		interim_schedule(as, as->due_ms);
	}
}

struct acct *acct_new(struct loop *loop, const struct acct_config *cfg,
		      const struct acct_ops *ops)
{
	struct acct *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->loop = loop;
	a->calls.send = radius_send;
	a->calls.cancel = radius_cancel;
	a->cfg = *cfg;
	a->ops = *ops;
	timer_init(&a->retry, retry_fire, a);
	timer_init(&a->round, round_fire, a);
	return a;
}

void acct_set_client_calls(struct acct *a,
			   const struct acct_client_calls *calls)
{
	a->calls = *calls;
}

void acct_free(struct acct *a)
{
	struct acct_session *as;
	struct acct_req *q;

	if (!a)
		return;
	timer_cancel(a->loop, &a->retry);
	timer_cancel(a->loop, &a->round);
	while ((as = a->sessions)) {
		timer_cancel(a->loop, &as->interim);
		*as->pprev = as->next;
		if (as->next)
			as->next->pprev = as->pprev;
		free(as);
	}
	while ((q = a->queue.head)) {
		list_del(&a->queue, q);
		req_drop(q, "l2tpgwd is stopping");
	}
	/*
	 * Each done runs at once, dropping it off the list.  In flight,
	 * so the client that has it is still there.
	 */
	while ((q = a->flight.head))
		a->calls.cancel(a->ops.client(a->ops.arg), q->rr);
	free(a);
}

static void nas_record(struct acct *a, enum radius_acct_status status)
{
	struct acct_record r = {
		.status = status,
		.event_time = (uint32_t)time(NULL),
	};

	acct_session_id_make(r.nas_session_id, 0, 0);
	log_info("accounting: %s", status_name[status]);
	record(a, &r);
}

void acct_on(struct acct *a)
{
	nas_record(a, RADIUS_ACCT_ON);
}

void acct_off(struct acct *a)
{
	if (a->off)
		return;
	nas_record(a, RADIUS_ACCT_OFF);
	a->off = true;
	a->off_deadline = loop_now(a->loop) + a->cfg.off_wait_ms;
}

bool acct_idle(const struct acct *a)
{
	if (a->off && loop_now(a->loop) >= a->off_deadline)
		return true;
	return !a->flight.len && !a->queue.len;
}

struct acct_session *acct_session_start(struct acct *a,
					const struct acct_session_data *sd,
					void *owner)
{
	struct acct_session *as = calloc(1, sizeof(*as));

	if (!as) {
		a->st.dropped++;
		log_err("session %s: no accounting: out of memory",
			sd->acct_session_id);
		return NULL;
	}
	as->a = a;
	as->owner = owner;
	as->sd = *sd;
	as->start_ms = loop_now(a->loop);
	as->interim_s = sd->interim_s ? sd->interim_s : a->cfg.interim_s;
	timer_init(&as->interim, interim_fire, as);
	as->next = a->sessions;
	if (a->sessions)
		a->sessions->pprev = &as->next;
	as->pprev = &a->sessions;
	a->sessions = as;
	a->st.sessions++;
	session_record(as, RADIUS_ACCT_START, 0);
	interim_schedule(as, as->start_ms);
	return as;
}

void acct_session_set_interim(struct acct *a, struct acct_session *as,
			      uint32_t interim_s)
{
	as->interim_s = interim_s ? interim_s : a->cfg.interim_s;
	if (!as->due)
		interim_schedule(as, loop_now(a->loop));
}

void acct_session_stop(struct acct *a, struct acct_session *as,
		       const struct acct_counters *final,
		       enum radius_terminate_cause cause)
{
	if (!as)
		return;
	timer_cancel(a->loop, &as->interim);
	due_del(as);
	*as->pprev = as->next;
	if (as->next)
		as->next->pprev = as->pprev;
	a->st.sessions--;
	if (final)
		as->last = *final;
	session_record(as, RADIUS_ACCT_STOP, cause);
	free(as);
}

void acct_get_stats(const struct acct *a, struct acct_stats *s)
{
	*s = a->st;
	s->queue_len = a->queue.len;
	s->in_flight = a->flight.len;
}
