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
 * The rest of the sessions' code: session_rx.c (what arrives, new calls
 * admitted or refused), session_queue.c (our calls waiting their turn,
 * and our connected calls waiting for their ICCN or OCCN to go out),
 * session_send.c (the messages sent).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/session.h"

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

static int act_send_cdn(void *obj, const struct l2tp_event_arg *arg);

static void setup_expired(struct loop *loop, struct timer *tm, void *arg)
{
	l2tp_sess_event(arg, SEV_SETUP_TIMER, NULL);
}

/*
 * A peer that acknowledges but never completes a call must not hold the
 * session (and its id) forever.
 */
void l2tp_sess_arm_setup_timer(struct l2tp_session *s)
{
	struct l2tp_ctx *ctx = s->tunnel->ctx;

	timer_arm(ctx->loop, &s->setup_timer, ctx->cfg.hello_interval_ms);
}

struct l2tp_session *l2tp_sess_new(struct l2tp_tunnel *t)
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
void l2tp_sess_set_peer_id(struct l2tp_session *s, uint16_t peer_id)
{
	s->peer_id = peer_id;
	l2tp_ctx_session_hash_peer(s->tunnel->ctx, s);
}

/* An incoming call came up or ended: it is no longer in setup. */
static void setup_over(struct l2tp_session *s)
{
	if (!s->in_setup)
		return;
	s->in_setup = false;
	s->tunnel->ctx->calls_in_setup--;
	s->tunnel->calls_in_setup--;
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
	l2tp_sess_wait_dequeue(s);
	l2tp_sess_connect_dequeue(s);
	setup_over(s);
	if (s->kernel_added && kernel_del)
		ctx->kops->session_del(ctx->kernel_arg, t->id, s->id);
	if ((s->added_reported || s->up_reported) && ctx->hooks->session_down)
		ctx->hooks->session_down(ctx->hooks_arg, s);
	l2tp_ctx_session_unhash(ctx, s);
	*s->pprev = s->next;
	if (s->next)
		s->next->pprev = s->pprev;
	t->n_sessions--;
	free(s->number);
	free(s);
}

static struct l2tp_session_info session_info(const struct l2tp_session *s,
					     bool lns)
{
	return (struct l2tp_session_info){
		.tunnel_id = s->tunnel->id,
		.session_id = s->id,
		.peer_session_id = s->peer_id,
		.sequencing = s->sequencing,
		.lns = lns,
	};
}

/* The kernel refused s: a CDN to the peer, s is freed. */
static int kernel_refused(struct l2tp_session *s, int err)
{
	struct l2tp_close_reason why = { L2TP_CDN_TEMP_NO_FACILITIES,
					 L2TP_ERR_NO_RESOURCES,
					 "kernel refused the session" };

	session_log(s, LOG_ERR, "kernel refused the session: %s",
		    strerror(-err));
	l2tp_sess_event(s, SEV_CLOSE,
			&(struct l2tp_event_arg){ .close = &why });
	return L2TP_FSM_FREED;
}

/*
 * The peer knows our session id (ICRP, OCRP) or is about to (our ICCN,
 * OCCN): the kernel session exists before its first data message can
 * arrive (RFC 2661 7.3: a LAC sends PPP right after its ICCN), so that
 * frame finds a session instead of being dropped.  Frees s on failure.
 */
static int kernel_add(struct l2tp_session *s, bool lns)
{
	struct l2tp_ctx *ctx = s->tunnel->ctx;
	struct l2tp_session_info si = session_info(s, lns);
	int err = ctx->kops->session_add(ctx->kernel_arg, &si);

	if (err)
		return kernel_refused(s, err);
	s->kernel_added = true;
	s->added_reported = ctx->hooks->session_added != NULL;
	if (ctx->hooks->session_added)
		ctx->hooks->session_added(ctx->hooks_arg, s);
	return 0;
}

/* Sequencing Required in the peer's ICCN or OCCN (we are its LNS). */
static int kernel_sequencing(struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = s->tunnel->ctx;
	struct l2tp_session_info si;
	int err;

	if (!m || !l2tp_avp_has(&m->avps, L2TP_AVP_SEQUENCING_REQUIRED) ||
	    s->sequencing)
		return 0;
	s->sequencing = true;
	si = session_info(s, true);
	err = ctx->kops->session_modify ?
	      ctx->kops->session_modify(ctx->kernel_arg, &si) : 0;
	return err ? kernel_refused(s, err) : 0;
}

/* Both sides agreed: the kernel session carries the call, PPP may start. */
static int establish(struct l2tp_session *s, const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = s->tunnel->ctx;

	if (kernel_sequencing(s, m) == L2TP_FSM_FREED)
		return L2TP_FSM_FREED;
	s->state = SESSION_ESTABLISHED;
	timer_cancel(ctx->loop, &s->setup_timer);
	session_log(s, LOG_INFO, "established%s%s", s->sequencing ?
		    " (sequencing required)" : "", s->connect.pprev ?
		    "; PPP waits for our connect message to go out" : "");
	setup_over(s);
	if (!s->connect.pprev)
		l2tp_sess_report_up(s);
	return L2TP_FSM_STAY;
}

void l2tp_sess_report_up(struct l2tp_session *s)
{
	struct l2tp_ctx *ctx = s->tunnel->ctx;

	s->up_reported = true;
	if (ctx->hooks->session_up)
		ctx->hooks->session_up(ctx->hooks_arg, s);
}

/*
 * Our ICCN or OCCN: the call is connected once it is on the wire, so
 * that no PPP frame of ours overtakes it (if it waits for the peer's
 * window, session_up waits with it).
 */
static void send_connected(struct l2tp_session *s, uint16_t type)
{
	struct l2tp_transport *tp = s->tunnel->tp;
	uint16_t ns = l2tp_transport_ns(tp);

	if (l2tp_sess_send_connected(s, type) == 0 &&
	    !l2tp_transport_sent(tp, ns))
		l2tp_sess_connect_enqueue(s, ns);
}

/* The request (ICRQ or OCRQ) goes out: the peer's part is timed. */
static int send_request(struct l2tp_session *s)
{
	struct l2tp_close_reason why = { L2TP_CDN_TEMP_NO_FACILITIES,
					 L2TP_ERR_NO_RESOURCES,
					 "request not queued" };
	int err = l2tp_sess_send_request(s);

	if (err) {
		/* Never announced: freed without a CDN. */
		return act_send_cdn(s, &(struct l2tp_event_arg){
				    .close = &why });
	}
	s->state = s->outgoing ? SESSION_WAIT_OCRP : SESSION_WAIT_ICRP;
	l2tp_sess_arm_setup_timer(s);
	return L2TP_FSM_STAY;
}

/* Our call: its request now, or in turn after the calls waiting before. */
static int act_open(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	struct l2tp_tunnel *t = s->tunnel;

	if (!l2tp_tunnel_established(t)) {
		s->state = SESSION_WAIT_TUNNEL;
	} else if (t->waiting.head || !l2tp_sess_request_fits(t)) {
		s->state = SESSION_WAIT_SEND;
	} else {
		return send_request(s);
	}
	l2tp_sess_wait_enqueue(s);
	return L2TP_FSM_STAY;
}

static int act_room(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;

	l2tp_sess_wait_dequeue(s);
	return send_request(s);
}

static int act_rx_icrq(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	const struct l2tp_bytes *n = &arg->msg->avps.calling_number;

	if (l2tp_avp_has(&arg->msg->avps, L2TP_AVP_CALLING_NUMBER))
		l2tp_sess_set_number(s, (const char *)n->data, n->len);
	if (kernel_add(s, true))
		return L2TP_FSM_FREED;
	l2tp_sess_send_reply(s, L2TP_MSG_ICRP);
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

	if (!peer_id_ok(s, arg->msg))
		return L2TP_FSM_FREED;
	l2tp_sess_set_peer_id(s, arg->msg->avps.assigned_session_id);
	if (kernel_add(s, false))
		return L2TP_FSM_FREED;
	send_connected(s, L2TP_MSG_ICCN);
	return establish(s, NULL);
}

static int act_rx_ocrq(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;
	const struct l2tp_bytes *n = &arg->msg->avps.called_number;

	l2tp_sess_set_number(s, (const char *)n->data, n->len);
	if (kernel_add(s, false))
		return L2TP_FSM_FREED;
	l2tp_sess_send_reply(s, L2TP_MSG_OCRP);
	send_connected(s, L2TP_MSG_OCCN);
	return establish(s, NULL);
}

static int act_rx_ocrp(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_session *s = obj;

	if (!peer_id_ok(s, arg->msg))
		return L2TP_FSM_FREED;
	l2tp_sess_set_peer_id(s, arg->msg->avps.assigned_session_id);
	return kernel_add(s, true);
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
	char msg[STR_ESCAPED_SIZE(L2TP_MESSAGE_SHOWN)];
	char cause[sizeof(msg) + 96] = "";

	s->result = a->result.result;
	s->error = a->result.error;
	s->peer_closed = true;
	if (l2tp_avp_has(a, L2TP_AVP_Q931_CAUSE)) {
		s->disconnect_cause = a->q931_cause.cause;
		str_escape(msg, sizeof(msg), a->q931_cause.advisory.data,
			   a->q931_cause.advisory.len);
		snprintf(cause, sizeof(cause), ", Q.931 cause %u msg %u \"%s\"",
			 a->q931_cause.cause, a->q931_cause.msg, msg);
	} else if (l2tp_avp_has(a, L2TP_AVP_PPP_DISCONNECT_CAUSE)) {
		const struct l2tp_ppp_disconnect_cause *pd =
			&a->ppp_disconnect_cause;

		s->disconnect_cause = pd->code;
		str_escape(msg, sizeof(msg), pd->message.data, pd->message.len);
		snprintf(cause, sizeof(cause), ", PPP cause %u protocol 0x%04x "
			 "direction %u \"%s\"", pd->code, pd->protocol,
			 pd->direction, msg);
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

	s->result = why->result;
	s->error = why->error;
	session_log(s, LOG_INFO, "disconnecting: result %u (%s), error %u%s%s",
		    why->result, l2tp_result_name(L2TP_MSG_CDN, why->result),
		    why->error, why->message ? ": " : "",
		    why->message ? why->message : "");
	/*
	 * A session never announced to the peer needs no CDN; one the peer
	 * asked for (its ICRQ or OCRQ gave us its id) does, even in idle.
	 */
	if (s->peer_id || (s->state != SESSION_IDLE &&
			   s->state != SESSION_WAIT_TUNNEL &&
			   s->state != SESSION_WAIT_SEND))
		l2tp_sess_send_cdn(s->tunnel, s->peer_id, s->id, why);
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

int l2tp_sess_event(struct l2tp_session *s, enum session_event ev,
		    const struct l2tp_event_arg *arg)
{
	return l2tp_fsm_run(&session_machine, s, ev, arg);
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
	s = l2tp_sess_new(t);
	if (!s)
		return NULL;
	s->serial = ++t->next_serial;
	s->outgoing = ev == SEV_OPEN_OC;
	if (number)
		l2tp_sess_set_number(s, number, strlen(number));
	if (l2tp_sess_event(s, ev, NULL) == L2TP_FSM_FREED) {
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

	l2tp_sess_event(s, SEV_CLOSE,
			&(struct l2tp_event_arg){ .close = &why });
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

bool l2tp_session_peer_closed(const struct l2tp_session *s)
{
	return s->peer_closed;
}

void l2tp_session_set_user(struct l2tp_session *s, void *user)
{
	s->user = user;
}

void *l2tp_session_user(const struct l2tp_session *s)
{
	return s->user;
}
