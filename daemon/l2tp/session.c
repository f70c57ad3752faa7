// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session (call) state machine, RFC 2661 7.3-7.6: incoming calls
 * (ICRQ/ICRP/ICCN) and outgoing calls (OCRQ/OCRP/OCCN), each from the LAC
 * and the LNS side, and CDN in both directions.  One table of {states,
 * event, action, next}; actions that end the session free it and say so.
 *
 * Our calls are virtual: there is no bearer to wait for, so a LAC that
 * accepts an OCRQ answers OCRP and OCCN at once.
 *
 * Calls we place wait in a per-tunnel FIFO (wait-tunnel, wait-send) until
 * the tunnel is up and its send queue is short, then send their request;
 * see request_fits().  A call the peer places is refused (refuse_call)
 * when the direction is off, a limit is reached, or the admission hook
 * says no: a CDN carrying an id of ours that is free but never taken, and
 * no session object at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/internal.h"

enum session_event {
	SEV_OPEN_IC,		/* local LAC: start an incoming call */
	SEV_OPEN_OC,		/* local LNS: start an outgoing call */
	SEV_TUNNEL_UP,
	SEV_ROOM,		/* the send queue has room for our request */
	SEV_RX_ICRQ,
	SEV_RX_ICRP,
	SEV_RX_ICCN,
	SEV_RX_OCRQ,
	SEV_RX_OCRP,
	SEV_RX_OCCN,
	SEV_RX_CDN,
	SEV_RX_WEN,
	SEV_RX_SLI,
	SEV_CLOSE,		/* local: CDN */
	SEV_SETUP_TIMER,
	SEV_COUNT
};

static const char *const session_state_names[SESSION_STATE_COUNT] = {
	[SESSION_IDLE] = "idle",
	[SESSION_WAIT_TUNNEL] = "wait-tunnel",
	[SESSION_WAIT_SEND] = "wait-send",
	[SESSION_WAIT_ICRP] = "wait-reply",
	[SESSION_WAIT_ICCN] = "wait-connect",
	[SESSION_WAIT_OCRP] = "wait-reply",
	[SESSION_WAIT_OCCN] = "wait-connect",
	[SESSION_ESTABLISHED] = "established",
};

static const char *const session_event_names[SEV_COUNT] = {
	[SEV_OPEN_IC] = "open-incoming",
	[SEV_OPEN_OC] = "open-outgoing",
	[SEV_TUNNEL_UP] = "tunnel-up",
	[SEV_ROOM] = "room",
	[SEV_RX_ICRQ] = "ICRQ",
	[SEV_RX_ICRP] = "ICRP",
	[SEV_RX_ICCN] = "ICCN",
	[SEV_RX_OCRQ] = "OCRQ",
	[SEV_RX_OCRP] = "OCRP",
	[SEV_RX_OCCN] = "OCCN",
	[SEV_RX_CDN] = "CDN",
	[SEV_RX_WEN] = "WEN",
	[SEV_RX_SLI] = "SLI",
	[SEV_CLOSE] = "close",
	[SEV_SETUP_TIMER] = "setup-timer",
};

static int session_fsm(struct l2tp_session *s, enum session_event ev,
		       const struct l2tp_event_arg *arg);
static int act_send_cdn(void *obj, const struct l2tp_event_arg *arg);

static void setup_expired(struct loop *loop, struct timer *tm, void *arg)
{
	session_fsm(arg, SEV_SETUP_TIMER, NULL);
}

/*
 * A peer that acknowledges but never completes a call must not hold the
 * session (and its id) forever.
 */
static void arm_setup_timer(struct l2tp_session *s)
{
	struct l2tp_ctx *ctx = s->tunnel->ctx;

	timer_arm(ctx->loop, &s->setup_timer, ctx->cfg.hello_interval_ms);
}

static struct l2tp_session *session_new(struct l2tp_tunnel *t)
{
	struct l2tp_session *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return NULL;
	s->tunnel = t;
	err = l2tp_ctx_session_alloc_id(t->ctx, s);
	if (err) {
		free(s);
		errno = -err;
		return NULL;
	}
	s->next = t->sessions;
	if (s->next)
		s->next->pprev = &s->next;
	s->pprev = &t->sessions;
	t->sessions = s;
	t->n_sessions++;
	s->state = SESSION_IDLE;
	timer_init(&s->setup_timer, setup_expired, s);
	return s;
}

/* Our peer-assigned id: CDNs naming only it find s from now on. */
static void set_peer_id(struct l2tp_session *s, uint16_t peer_id)
{
	s->peer_id = peer_id;
	l2tp_ctx_session_hash_peer(s->tunnel->ctx, s);
}

static void wait_enqueue(struct l2tp_session *s)
{
	struct l2tp_tunnel *t = s->tunnel;

	s->wnext = NULL;
	s->wpprev = t->waiting_tail;
	*t->waiting_tail = s;
	t->waiting_tail = &s->wnext;
}

static void wait_dequeue(struct l2tp_session *s)
{
	struct l2tp_tunnel *t = s->tunnel;

	if (!s->wpprev)
		return;
	*s->wpprev = s->wnext;
	if (s->wnext)
		s->wnext->wpprev = s->wpprev;
	else
		t->waiting_tail = s->wpprev;
	s->wnext = NULL;
	s->wpprev = NULL;
}

/* An incoming call came up or ended: it is no longer in setup. */
static void setup_over(struct l2tp_session *s)
{
	if (!s->in_setup)
		return;
	s->in_setup = false;
	s->tunnel->ctx->calls_in_setup--;
}

/*
 * kernel_del false: the tunnel is going and its tunnel_del takes the
 * kernel session along (see struct l2tp_kernel_ops).
 */
static void session_free(struct l2tp_session *s, bool kernel_del)
{
	struct l2tp_tunnel *t = s->tunnel;
	struct l2tp_ctx *ctx = t->ctx;

	timer_cancel(ctx->loop, &s->setup_timer);
	wait_dequeue(s);
	setup_over(s);
	if (s->kernel_added && kernel_del)
		ctx->kops->session_del(ctx->kernel_arg, t->id, s->id);
	if (s->up_reported && ctx->hooks->session_down)
		ctx->hooks->session_down(ctx->hooks_arg, s);
	l2tp_ctx_session_unhash(ctx, s);
	*s->pprev = s->next;
	if (s->next)
		s->next->pprev = s->pprev;
	t->n_sessions--;
	free(s->number);
	free(s);
}

static void msg_init(struct l2tp_session *s, struct l2tp_msg *m, uint16_t type)
{
	l2tp_tun_msg_init(m, type);
	m->session_id = s->peer_id;
}

/* Assigned Session ID, hidden if so configured. */
static void put_session_id(const struct l2tp_ctx *ctx, struct l2tp_msg *m,
			   uint16_t id)
{
	l2tp_avp_set(&m->avps, L2TP_AVP_ASSIGNED_SESSION_ID);
	m->avps.assigned_session_id = id;
	if (ctx->cfg.hide_avps)
		m->avps.hidden |= L2TP_AVP_BIT(L2TP_AVP_ASSIGNED_SESSION_ID);
}

static void add_session_id(struct l2tp_session *s, struct l2tp_msg *m)
{
	put_session_id(s->tunnel->ctx, m, s->id);
}

/* Called/calling numbers are logged and shown: printable only, bounded. */
#define NUMBER_MAX	63

static void set_number(struct l2tp_session *s, const char *src, size_t len)
{
	size_t i, n = len < NUMBER_MAX ? len : NUMBER_MAX;

	free(s->number);
	s->number = n ? malloc(n + 1) : NULL;
	if (!s->number)
		return;		/* none, or no memory: call goes on */
	for (i = 0; i < n; i++)
		s->number[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	s->number[n] = '\0';
}

static void add_number(struct l2tp_session *s, struct l2tp_msg *m,
		       unsigned type, struct l2tp_bytes *field)
{
	const char *n = s->number ? s->number : "";

	l2tp_avp_set(&m->avps, type);
	*field = (struct l2tp_bytes){ (const uint8_t *)n, (uint16_t)strlen(n) };
	if (s->tunnel->ctx->cfg.hide_avps)
		m->avps.hidden |= L2TP_AVP_BIT(type);
}

static void add_connect_info(struct l2tp_msg *m)
{
	l2tp_avp_set(&m->avps, L2TP_AVP_TX_CONNECT_SPEED);
	m->avps.tx_connect_speed = 100000000;
	l2tp_avp_set(&m->avps, L2TP_AVP_FRAMING_TYPE);
	m->avps.framing_type = L2TP_FRAMING_SYNC;
}

/* Both sides agreed: the kernel carries the session, PPP may start. */
static int establish(struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = s->tunnel->ctx;
	struct l2tp_session_info si;
	int err;

	if (m && l2tp_avp_has(&m->avps, L2TP_AVP_SEQUENCING_REQUIRED))
		s->sequencing = true;
	si = (struct l2tp_session_info){
		s->tunnel->id, s->id, s->peer_id, s->sequencing,
		s->state == SESSION_WAIT_ICCN || s->state == SESSION_WAIT_OCCN };
	err = ctx->kops->session_add(ctx->kernel_arg, &si);
	if (err) {
		struct l2tp_close_reason why = { L2TP_CDN_TEMP_NO_FACILITIES,
						 L2TP_ERR_NO_RESOURCES,
						 "kernel refused the session" };

		session_log(s, LOG_ERR, "kernel refused the session: %s",
			    strerror(-err));
		session_fsm(s, SEV_CLOSE,
			    &(struct l2tp_event_arg){ .close = &why });
		return L2TP_FSM_FREED;
	}
	s->kernel_added = true;
	s->state = SESSION_ESTABLISHED;
	timer_cancel(ctx->loop, &s->setup_timer);
	session_log(s, LOG_INFO, "established%s", s->sequencing ?
		    " (sequencing required)" : "");
	s->up_reported = true;
	setup_over(s);
	if (ctx->hooks->session_up)
		ctx->hooks->session_up(ctx->hooks_arg, s);
	return L2TP_FSM_STAY;
}

static int send_icrq(struct l2tp_session *s)
{
	struct l2tp_msg m;

	msg_init(s, &m, L2TP_MSG_ICRQ);
	m.session_id = 0;
	add_session_id(s, &m);
	l2tp_avp_set(&m.avps, L2TP_AVP_CALL_SERIAL_NUMBER);
	m.avps.call_serial_number = s->serial;
	l2tp_avp_set(&m.avps, L2TP_AVP_BEARER_TYPE);
	m.avps.bearer_type = L2TP_BEARER_DIGITAL;
	if (s->number)
		add_number(s, &m, L2TP_AVP_CALLING_NUMBER,
			   &m.avps.calling_number);
	return l2tp_tun_send(s->tunnel, &m);
}

static int send_ocrq(struct l2tp_session *s)
{
	struct l2tp_msg m;

	msg_init(s, &m, L2TP_MSG_OCRQ);
	m.session_id = 0;
	add_session_id(s, &m);
	l2tp_avp_set(&m.avps, L2TP_AVP_CALL_SERIAL_NUMBER);
	m.avps.call_serial_number = s->serial;
	l2tp_avp_set(&m.avps, L2TP_AVP_MINIMUM_BPS);
	m.avps.minimum_bps = 0;
	l2tp_avp_set(&m.avps, L2TP_AVP_MAXIMUM_BPS);
	m.avps.maximum_bps = 100000000;
	l2tp_avp_set(&m.avps, L2TP_AVP_BEARER_TYPE);
	m.avps.bearer_type = L2TP_BEARER_DIGITAL | L2TP_BEARER_ANALOG;
	l2tp_avp_set(&m.avps, L2TP_AVP_FRAMING_TYPE);
	m.avps.framing_type = L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC;
	add_number(s, &m, L2TP_AVP_CALLED_NUMBER, &m.avps.called_number);
	return l2tp_tun_send(s->tunnel, &m);
}

/*
 * May one more request join t's send queue now?  Only while the queue is
 * short: two peer windows keep the window full, and every message queued
 * behind the requests (an ICCN, a CDN, a HELLO) waits as many round
 * trips as the queue is deep; half the queue's limit stays free for them
 * in any case, so they never meet -ENOBUFS.
 */
static bool request_fits(const struct l2tp_tunnel *t)
{
	const struct l2tp_transport *tp = t->tp;
	unsigned limit = l2tp_transport_queue_limit(tp) / 2;
	unsigned deep = 2 * l2tp_transport_peer_window(tp);

	if (deep < limit)
		limit = deep;
	return l2tp_transport_pending(tp) < (limit ? limit : 1);
}

/* The request (ICRQ or OCRQ) goes out: the peer's part is timed. */
static int send_request(struct l2tp_session *s)
{
	struct l2tp_close_reason why = { L2TP_CDN_TEMP_NO_FACILITIES,
					 L2TP_ERR_NO_RESOURCES,
					 "request not queued" };
	int err = s->outgoing ? send_ocrq(s) : send_icrq(s);

	if (err) {
		/* Never announced: freed without a CDN. */
		return act_send_cdn(s, &(struct l2tp_event_arg){
				    .close = &why });
	}
	s->state = s->outgoing ? SESSION_WAIT_OCRP : SESSION_WAIT_ICRP;
	arm_setup_timer(s);
	return L2TP_FSM_STAY;
}

/* Our call: its request now, or in turn after the calls waiting before. */
static int act_open(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	struct l2tp_tunnel *t = s->tunnel;

	if (!l2tp_tunnel_established(t)) {
		s->state = SESSION_WAIT_TUNNEL;
	} else if (t->waiting || !request_fits(t)) {
		s->state = SESSION_WAIT_SEND;
	} else {
		return send_request(s);
	}
	wait_enqueue(s);
	return L2TP_FSM_STAY;
}

static int act_room(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;

	wait_dequeue(s);
	return send_request(s);
}

static int act_rx_icrq(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	struct l2tp_msg m;

	const struct l2tp_bytes *n = &arg->msg->avps.calling_number;

	if (l2tp_avp_has(&arg->msg->avps, L2TP_AVP_CALLING_NUMBER))
		set_number(s, (const char *)n->data, n->len);
	msg_init(s, &m, L2TP_MSG_ICRP);
	add_session_id(s, &m);
	l2tp_tun_send(s->tunnel, &m);
	return 0;
}

/* ICRP and OCRP must give us a session id to address. */
static bool peer_id_ok(struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_close_reason why = {
		L2TP_CDN_GENERAL_ERROR, L2TP_ERR_BAD_VALUE,
		"Assigned Session ID 0" };

	if (m->avps.assigned_session_id)
		return true;
	session_log(s, LOG_NOTICE, "%s with Assigned Session ID 0",
		    l2tp_msg_name(m->type));
	act_send_cdn(s, &(struct l2tp_event_arg){ .close = &why });
	return false;
}

static int act_rx_icrp(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	struct l2tp_msg m;

	if (!peer_id_ok(s, arg->msg))
		return L2TP_FSM_FREED;
	set_peer_id(s, arg->msg->avps.assigned_session_id);
	msg_init(s, &m, L2TP_MSG_ICCN);
	add_connect_info(&m);
	l2tp_tun_send(s->tunnel, &m);
	return establish(s, NULL);
}

static int act_rx_ocrq(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	struct l2tp_msg m;

	const struct l2tp_bytes *n = &arg->msg->avps.called_number;

	set_number(s, (const char *)n->data, n->len);
	msg_init(s, &m, L2TP_MSG_OCRP);
	add_session_id(s, &m);
	l2tp_tun_send(s->tunnel, &m);
	msg_init(s, &m, L2TP_MSG_OCCN);
	add_connect_info(&m);
	l2tp_tun_send(s->tunnel, &m);
	return establish(s, NULL);
}

static int act_rx_ocrp(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;

	if (!peer_id_ok(s, arg->msg))
		return L2TP_FSM_FREED;
	set_peer_id(s, arg->msg->avps.assigned_session_id);
	return 0;
}

static int act_connected(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;

	return establish(s, arg->msg);
}

static int act_rx_cdn(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	const struct l2tp_avps *a = &arg->msg->avps;
	char cause[96] = "";

	s->result = a->result.result;
	s->error = a->result.error;
	if (l2tp_avp_has(a, L2TP_AVP_Q931_CAUSE)) {
		s->disconnect_cause = a->q931_cause.cause;
		snprintf(cause, sizeof(cause), ", Q.931 cause %u msg %u \"%.*s\"",
			 a->q931_cause.cause, a->q931_cause.msg,
			 (int)a->q931_cause.advisory.len,
			 a->q931_cause.advisory.data ?
			 (const char *)a->q931_cause.advisory.data : "");
	} else if (l2tp_avp_has(a, L2TP_AVP_PPP_DISCONNECT_CAUSE)) {
		const struct l2tp_ppp_disconnect_cause *pd =
			&a->ppp_disconnect_cause;

		s->disconnect_cause = pd->code;
		snprintf(cause, sizeof(cause), ", PPP cause %u protocol 0x%04x "
			 "direction %u \"%.*s\"", pd->code, pd->protocol,
			 pd->direction, (int)pd->message.len,
			 pd->message.data ? (const char *)pd->message.data : "");
	}
	session_log(s, LOG_INFO, "peer disconnected: result %u (%s), error %u%s",
		    s->result, l2tp_result_name(L2TP_MSG_CDN, s->result),
		    s->error, cause);
	session_free(s, true);
	return L2TP_FSM_FREED;
}

static int act_send_cdn(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	const struct l2tp_close_reason *why = arg->close;
	struct l2tp_msg m;

	s->result = why->result;
	s->error = why->error;
	session_log(s, LOG_INFO, "disconnecting: result %u (%s), error %u%s%s",
		    why->result, l2tp_result_name(L2TP_MSG_CDN, why->result),
		    why->error, why->message ? ": " : "",
		    why->message ? why->message : "");
	msg_init(s, &m, L2TP_MSG_CDN);
	l2tp_tun_put_result(&m, why);
	add_session_id(s, &m);
	/* A session never announced to the peer needs no CDN. */
	if (s->state != SESSION_IDLE && s->state != SESSION_WAIT_TUNNEL &&
	    s->state != SESSION_WAIT_SEND)
		l2tp_tun_send(s->tunnel, &m);
	session_free(s, true);
	return L2TP_FSM_FREED;
}

static int act_wen(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	const struct l2tp_ctx *ctx = s->tunnel->ctx;
	const struct l2tp_call_errors *ce = &arg->msg->avps.call_errors;

	session_log(s, LOG_DEBUG, "WEN: crc %u framing %u overruns %u/%u "
		    "timeouts %u alignment %u", ce->crc, ce->framing,
		    ce->hardware_overruns, ce->buffer_overruns, ce->timeouts,
		    ce->alignment);
	if (ctx->hooks->session_wen)
		ctx->hooks->session_wen(ctx->hooks_arg, s, ce);
	return 0;
}

static int act_sli(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	const struct l2tp_ctx *ctx = s->tunnel->ctx;
	const struct l2tp_accm *accm = &arg->msg->avps.accm;

	session_log(s, LOG_DEBUG, "SLI: send ACCM 0x%08x receive ACCM 0x%08x",
		    accm->send, accm->recv);
	if (ctx->hooks->session_sli)
		ctx->hooks->session_sli(ctx->hooks_arg, s, accm->send,
					accm->recv);
	return 0;
}

static int act_ignore(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;

	session_log(s, LOG_DEBUG, "%s ignored in state %s",
		    l2tp_msg_name(arg->msg->type), session_state_names[s->state]);
	return 0;
}

static int act_setup_timeout(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	struct l2tp_close_reason why = { L2TP_CDN_TIMEOUT, L2TP_ERR_NONE,
					 "call setup timed out" };

	return act_send_cdn(s, &(struct l2tp_event_arg){ .close = &why });
}

static int act_fsm_error(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	char text[96];
	struct l2tp_close_reason why = {
		L2TP_CDN_GENERAL_ERROR, L2TP_ERR_NONE, text };

	snprintf(text, sizeof(text), "unexpected %s in state %s",
		 l2tp_msg_name(arg->msg->type), session_state_names[s->state]);
	session_log_rl(s, LOG_WARNING, "%s", text);
	return act_send_cdn(s, &(struct l2tp_event_arg){ .close = &why });
}

#define S(x)		L2TP_FSM_IN(SESSION_##x)
#define S_ANY		((1u << SESSION_STATE_COUNT) - 1)
#define NOCHANGE	L2TP_FSM_SAME

static const struct l2tp_fsm_row session_fsm_table[] = {
	/* Our calls (LAC: incoming, LNS: outgoing): the request in turn. */
	{ S(IDLE), SEV_OPEN_IC, act_open, NOCHANGE },
	{ S(IDLE), SEV_OPEN_OC, act_open, NOCHANGE },
	{ S(WAIT_TUNNEL), SEV_TUNNEL_UP, l2tp_fsm_nothing, SESSION_WAIT_SEND },
	{ S(WAIT_SEND), SEV_ROOM, act_room, NOCHANGE },
	/* LAC, incoming call (7.3). */
	{ S(WAIT_ICRP), SEV_RX_ICRP, act_rx_icrp, NOCHANGE },
	/* LNS, incoming call (7.4). */
	{ S(IDLE), SEV_RX_ICRQ, act_rx_icrq, SESSION_WAIT_ICCN },
	{ S(WAIT_ICCN), SEV_RX_ICCN, act_connected, NOCHANGE },
	/* LAC, outgoing call (7.5). */
	{ S(IDLE), SEV_RX_OCRQ, act_rx_ocrq, NOCHANGE },
	/* LNS, outgoing call (7.6). */
	{ S(WAIT_OCRP), SEV_RX_OCRP, act_rx_ocrp, SESSION_WAIT_OCCN },
	{ S(WAIT_OCCN), SEV_RX_OCCN, act_connected, NOCHANGE },
	/* Both. */
	{ S(ESTABLISHED), SEV_RX_WEN, act_wen, NOCHANGE },
	{ S(ESTABLISHED), SEV_RX_SLI, act_sli, NOCHANGE },
	{ S_ANY & ~S(ESTABLISHED), SEV_RX_WEN, act_ignore, NOCHANGE },
	{ S_ANY & ~S(ESTABLISHED), SEV_RX_SLI, act_ignore, NOCHANGE },
	{ S_ANY, SEV_RX_CDN, act_rx_cdn, NOCHANGE },
	{ S_ANY, SEV_CLOSE, act_send_cdn, NOCHANGE },
	{ S_ANY & ~S(ESTABLISHED), SEV_SETUP_TIMER, act_setup_timeout,
	  NOCHANGE },
	/* Every other received message breaks the protocol. */
	{ S_ANY, SEV_RX_ICRQ, act_fsm_error, NOCHANGE },
	{ S_ANY, SEV_RX_ICRP, act_fsm_error, NOCHANGE },
	{ S_ANY, SEV_RX_ICCN, act_fsm_error, NOCHANGE },
	{ S_ANY, SEV_RX_OCRQ, act_fsm_error, NOCHANGE },
	{ S_ANY, SEV_RX_OCRP, act_fsm_error, NOCHANGE },
	{ S_ANY, SEV_RX_OCCN, act_fsm_error, NOCHANGE },
};

static unsigned session_get_state(const void *obj)
{
	const struct l2tp_session *s = obj;

	return s->state;
}

static void session_set_state(void *obj, unsigned state)
{
	struct l2tp_session *s = obj;

	s->state = state;
}

static void session_name(const void *obj, char *buf, size_t len)
{
	const struct l2tp_session *s = obj;

	snprintf(buf, len, "session %u/%u in tunnel %u", s->id, s->peer_id,
		 s->tunnel->id);
}

static const struct l2tp_fsm session_machine = {
	.rows = session_fsm_table,
	.n_rows = sizeof(session_fsm_table) / sizeof(session_fsm_table[0]),
	.state_names = session_state_names,
	.n_states = SESSION_STATE_COUNT,
	.event_names = session_event_names,
	.n_events = SEV_COUNT,
	.get_state = session_get_state,
	.set_state = session_set_state,
	.name = session_name,
};

static int session_fsm(struct l2tp_session *s, enum session_event ev,
		       const struct l2tp_event_arg *arg)
{
	return l2tp_fsm_run(&session_machine, s, ev, arg);
}

static enum session_event rx_event(uint16_t type)
{
	switch (type) {
	case L2TP_MSG_ICRQ: return SEV_RX_ICRQ;
	case L2TP_MSG_ICRP: return SEV_RX_ICRP;
	case L2TP_MSG_ICCN: return SEV_RX_ICCN;
	case L2TP_MSG_OCRQ: return SEV_RX_OCRQ;
	case L2TP_MSG_OCRP: return SEV_RX_OCRP;
	case L2TP_MSG_OCCN: return SEV_RX_OCCN;
	case L2TP_MSG_CDN: return SEV_RX_CDN;
	case L2TP_MSG_WEN: return SEV_RX_WEN;
	default: return SEV_RX_SLI;
	}
}

/*
 * Refuse the peer's call m (ICRQ or OCRQ) without creating a session: a
 * CDN to its Assigned Session ID, carrying as ours an id this tunnel does
 * not use (RFC 2661 6.13 wants a non-zero one) that is never taken, so
 * nothing is left to free.
 */
static void refuse_call(struct l2tp_tunnel *t, const struct l2tp_msg *m,
			const struct l2tp_close_reason *why)
{
	struct l2tp_msg cdn;
	uint16_t id;

	log_rl(&t->rl, LOG_INFO, "tunnel %u/%u: %s for peer session %u "
	       "refused: result %u (%s), error %u%s%s", t->id, t->peer_id,
	       l2tp_msg_name(m->type), m->avps.assigned_session_id,
	       why->result, l2tp_result_name(L2TP_MSG_CDN, why->result),
	       why->error, why->message ? ": " : "",
	       why->message ? why->message : "");
	if (l2tp_ctx_session_pick_id(t->ctx, t, &id) < 0) {
		log_rl(&t->rl, LOG_WARNING, "tunnel %u/%u: no session id free "
		       "for the CDN to peer session %u", t->id, t->peer_id,
		       m->avps.assigned_session_id);
		return;
	}
	l2tp_tun_msg_init(&cdn, L2TP_MSG_CDN);
	cdn.session_id = m->avps.assigned_session_id;
	l2tp_tun_put_result(&cdn, why);
	put_session_id(t->ctx, &cdn, id);
	l2tp_tun_send(t, &cdn);
}

/*
 * A new call from the peer: ICRQ (we are LNS) or OCRQ (we are LAC).
 * Whatever refuses it is checked before the session exists: the
 * direction, the session limit, then the owner's admission hook.
 */
static void new_call(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = t->ctx;
	bool allowed = m->type == L2TP_MSG_ICRQ ? ctx->cfg.accept_icrq :
						  ctx->cfg.accept_ocrq;
	struct l2tp_close_reason why = { L2TP_CDN_TEMP_NO_FACILITIES,
					 L2TP_ERR_NO_RESOURCES, NULL };
	const char *message = NULL;
	struct l2tp_session *s;
	uint16_t result;

	if (!m->avps.assigned_session_id) {
		/* No way to address a CDN to such a call. */
		log_rl(&t->rl, LOG_NOTICE, "tunnel %u/%u: %s with Assigned "
		       "Session ID 0 ignored", t->id, t->peer_id,
		       l2tp_msg_name(m->type));
		return;
	}
	if (!allowed) {
		ctx->stats.calls_refused_direction++;
		why = (struct l2tp_close_reason){
			L2TP_CDN_PERM_NO_FACILITIES, L2TP_ERR_NONE,
			"calls of this direction not accepted" };
		refuse_call(t, m, &why);
		return;
	}
	if (t->n_sessions >= ctx->cfg.max_sessions) {
		ctx->stats.calls_refused_resources++;
		why.message = "session limit of the tunnel reached";
		refuse_call(t, m, &why);
		return;
	}
	if (ctx->hooks->session_admit &&
	    (result = ctx->hooks->session_admit(ctx->hooks_arg, t, &message))) {
		ctx->stats.calls_refused_admission++;
		why = (struct l2tp_close_reason){
			result, L2TP_ERR_NONE, message };
		refuse_call(t, m, &why);
		return;
	}
	s = session_new(t);
	if (!s) {
		ctx->stats.calls_refused_resources++;
		why.message = strerror(errno);
		refuse_call(t, m, &why);
		return;
	}
	set_peer_id(s, m->avps.assigned_session_id);
	s->serial = m->avps.call_serial_number;
	if (m->type == L2TP_MSG_ICRQ) {
		s->in_setup = true;
		ctx->calls_in_setup++;
	}
	arm_setup_timer(s);
	session_fsm(s, rx_event(m->type),
		    &(struct l2tp_event_arg){ .msg = m });
}

void l2tp_sess_receive(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_session *s;

	if (m->type == L2TP_MSG_ICRQ || m->type == L2TP_MSG_OCRQ) {
		new_call(t, m);
		return;
	}
	s = m->session_id ? l2tp_session_find(t, m->session_id) : NULL;
	/* A CDN may name the session by its Assigned Session ID only. */
	if (!s && m->type == L2TP_MSG_CDN &&
	    l2tp_avp_has(&m->avps, L2TP_AVP_ASSIGNED_SESSION_ID) &&
	    m->avps.assigned_session_id)
		s = l2tp_ctx_session_find_peer(t, m->avps.assigned_session_id);
	if (!s) {
		log_rl(&t->rl, LOG_INFO, "tunnel %u/%u: %s for unknown session "
		       "%u ignored", t->id, t->peer_id, l2tp_msg_name(m->type),
		       m->session_id);
		return;
	}
	session_fsm(s, rx_event(m->type),
		    &(struct l2tp_event_arg){ .msg = m });
}

void l2tp_sess_fault(struct l2tp_tunnel *t, const struct l2tp_msg *m,
		   const struct l2tp_decode_error *err)
{
	struct l2tp_close_reason why = { err->result, err->error, err->text };
	struct l2tp_session *s = NULL;

	if (t->state != TUNNEL_ESTABLISHED) {
		l2tp_tun_fault(t, err);
		return;
	}
	if (m->session_id) {
		s = l2tp_session_find(t, m->session_id);
	} else if ((m->type == L2TP_MSG_ICRQ || m->type == L2TP_MSG_OCRQ) &&
		   m->avps.assigned_session_id) {
		/* Tell the caller why its call fails. */
		refuse_call(t, m, &why);
		return;
	}
	if (!s) {
		log_rl(&t->rl, LOG_INFO, "tunnel %u/%u: %s", t->id, t->peer_id,
		       err->text);
		return;
	}
	session_fsm(s, SEV_CLOSE, &(struct l2tp_event_arg){ .close = &why });
}

void l2tp_sess_tunnel_up(struct l2tp_tunnel *t)
{
	struct l2tp_session *s;

	for (s = t->waiting; s; s = s->wnext)
		session_fsm(s, SEV_TUNNEL_UP, NULL);
	l2tp_sess_send_waiting(t);
}

void l2tp_sess_send_waiting(struct l2tp_tunnel *t)
{
	/* Each ROOM event takes the head off the queue (sent or freed). */
	while (t->waiting && t->state == TUNNEL_ESTABLISHED && request_fits(t))
		session_fsm(t->waiting, SEV_ROOM,
			    NULL);
}

void l2tp_sess_tunnel_down(struct l2tp_tunnel *t)
{
	while (t->sessions)
		session_free(t->sessions, false);
}

static struct l2tp_session *open_call(struct l2tp_tunnel *t,
				      const char *number, enum session_event ev)
{
	struct l2tp_session *s;

	if (t->state == TUNNEL_CLOSING) {
		errno = ESHUTDOWN;
		return NULL;
	}
	s = session_new(t);
	if (!s)
		return NULL;
	s->serial = ++t->next_serial;
	s->outgoing = ev == SEV_OPEN_OC;
	if (number)
		set_number(s, number, strlen(number));
	if (session_fsm(s, ev, NULL) == L2TP_FSM_FREED) {
		errno = EIO;
		return NULL;
	}
	return s;
}

struct l2tp_session *l2tp_session_open_incoming(struct l2tp_tunnel *t,
						const char *calling_number)
{
	return open_call(t, calling_number, SEV_OPEN_IC);
}

struct l2tp_session *l2tp_session_open_outgoing(struct l2tp_tunnel *t,
						const char *called_number)
{
	if (!called_number || !called_number[0] ||
	    t->state != TUNNEL_ESTABLISHED) {
		errno = EINVAL;
		return NULL;
	}
	return open_call(t, called_number, SEV_OPEN_OC);
}

void l2tp_session_close(struct l2tp_session *s, uint16_t result,
			uint16_t error, const char *message)
{
	struct l2tp_close_reason why = { result, error, message };

	session_fsm(s, SEV_CLOSE, &(struct l2tp_event_arg){ .close = &why });
}

uint16_t l2tp_session_id(const struct l2tp_session *s)
{
	return s->id;
}

uint16_t l2tp_session_peer_id(const struct l2tp_session *s)
{
	return s->peer_id;
}

struct l2tp_tunnel *l2tp_session_tunnel(const struct l2tp_session *s)
{
	return s->tunnel;
}

const char *l2tp_session_state_name(const struct l2tp_session *s)
{
	return session_state_names[s->state];
}

bool l2tp_session_established(const struct l2tp_session *s)
{
	return s->state == SESSION_ESTABLISHED;
}

uint16_t l2tp_session_result(const struct l2tp_session *s)
{
	return s->result;
}

uint16_t l2tp_session_disconnect_cause(const struct l2tp_session *s)
{
	return s->disconnect_cause;
}

void l2tp_session_set_user(struct l2tp_session *s, void *user)
{
	s->user = user;
}

void *l2tp_session_user(const struct l2tp_session *s)
{
	return s->user;
}
