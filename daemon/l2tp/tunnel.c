// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tunnel (control connection) state machine, RFC 2661 7.2, for both the
 * initiating and the answering side, as a table of {states, event,
 * action, next state}.  Tunnel authentication (4.2) happens in the
 * SCCRP/SCCCN actions; a failed check closes the tunnel with StopCCN
 * result 4.
 *
 * Closing (5.7): after a StopCCN is sent or received the tunnel lingers
 * for a full retransmission cycle so that the StopCCN is delivered and
 * its retransmissions are acknowledged, then it is freed.
 *
 * Probing: an SCCRQ naming an established tunnel's peer (address, port,
 * tunnel id) is either that peer restarted (Windows always uses id 1 from
 * port 1701) or anyone who can spoof its address.  The tunnel is not
 * dropped on its word: a HELLO goes out, and only a peer that has not
 * acknowledged anything by PROBE_DEADLINE_MS is taken for dead.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/challenge.h"
#include "l2tp/internal.h"

#define MSG_BUF_LEN	4096
/*
 * How long a probed tunnel's peer has to acknowledge: the HELLO goes out
 * at once and is resent after 1 s and 3 s (default RTO), so a live peer
 * loses three datagrams in a row before it is dropped.  A restarted
 * client resending its SCCRQ with the usual doubling backoff (at 1, 3,
 * 7 s) finds the old tunnel gone at 7 s and gets its new one, well inside
 * the ~10 s a user waits.
 */
#define PROBE_DEADLINE_MS	4000

enum tunnel_event {
	TEV_OPEN,		/* local: initiate (SCCRQ) */
	TEV_RX_SCCRQ,
	TEV_RX_SCCRP,
	TEV_RX_SCCCN,
	TEV_RX_STOPCCN,
	TEV_RX_HELLO,
	TEV_RX_SESSION,		/* any session-scope message */
	TEV_CLOSE,		/* local: StopCCN */
	TEV_HELLO_TIMER,
	TEV_LINGER_TIMER,
	TEV_PEER_REOPENS,	/* an SCCRQ names this tunnel's peer */
	TEV_PROBE_TIMER,
	TEV_COUNT
};

static const char *const tunnel_state_names[TUNNEL_STATE_COUNT] = {
	[TUNNEL_IDLE] = "idle",
	[TUNNEL_WAIT_CTL_REPLY] = "wait-ctl-reply",
	[TUNNEL_WAIT_CTL_CONN] = "wait-ctl-conn",
	[TUNNEL_ESTABLISHED] = "established",
	[TUNNEL_CLOSING] = "closing",
};

static const char *const tunnel_event_names[TEV_COUNT] = {
	[TEV_OPEN] = "open",
	[TEV_RX_SCCRQ] = "SCCRQ",
	[TEV_RX_SCCRP] = "SCCRP",
	[TEV_RX_SCCCN] = "SCCCN",
	[TEV_RX_STOPCCN] = "StopCCN",
	[TEV_RX_HELLO] = "HELLO",
	[TEV_RX_SESSION] = "session message",
	[TEV_CLOSE] = "close",
	[TEV_HELLO_TIMER] = "hello-timer",
	[TEV_LINGER_TIMER] = "linger-timer",
	[TEV_PEER_REOPENS] = "peer-reopens",
	[TEV_PROBE_TIMER] = "probe-timer",
};

static int tunnel_fsm(struct l2tp_tunnel *t, enum tunnel_event ev,
		      const struct l2tp_event_arg *arg);

int l2tp_tun_send(struct l2tp_tunnel *t, struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = t->ctx;
	struct l2tp_secret sb;
	const struct l2tp_secret *secret = l2tp_ctx_secret(ctx, &sb);
	uint8_t buf[MSG_BUF_LEN], rv[16];
	const char *why;
	int n, err;

	m->tunnel_id = t->peer_id;
	if (m->avps.hidden && secret) {
		l2tp_ctx_random(ctx, rv, sizeof(rv));
		m->avps.random_vector = (struct l2tp_bytes){ rv, sizeof(rv) };
		l2tp_avp_set(&m->avps, L2TP_AVP_RANDOM_VECTOR);
	} else {
		m->avps.hidden = 0;
	}
	n = l2tp_msg_encode(m, secret, buf, sizeof(buf), &why);
	if (n < 0) {
		/* Our own message: a bug, not a peer problem. */
		tunnel_log(t, LOG_ERR, "cannot encode %s: %s",
			   l2tp_msg_name(m->type), why);
		return -EINVAL;
	}
	err = l2tp_transport_send(t->tp, buf, (size_t)n);
	if (err)
		tunnel_log(t, LOG_WARNING, "%s not queued: %s",
			   l2tp_msg_name(m->type), strerror(-err));
	return err;
}

void l2tp_tun_msg_init(struct l2tp_msg *m, uint16_t type)
{
	memset(m, 0, offsetof(struct l2tp_msg, scratch));
	m->type = type;
}

void l2tp_tun_put_result(struct l2tp_msg *m,
			 const struct l2tp_close_reason *why)
{
	l2tp_avp_set(&m->avps, L2TP_AVP_RESULT_CODE);
	m->avps.result.result = why->result;
	m->avps.result.error = why->error;
	m->avps.result.has_error = why->error || why->message;
	if (why->message)
		m->avps.result.message = (struct l2tp_bytes){
			(const uint8_t *)why->message,
			(uint16_t)strnlen(why->message, 256) };
}

static void copy_host_name(struct l2tp_tunnel *t, const struct l2tp_bytes *b)
{
	/* An empty Host Name AVP has no data at all (NULL): read nothing. */
	size_t n = b->len ? strnlen((const char *)b->data, b->len) : 0;

	/* Escaped for logs; as sent for l2tpctl, which escapes its own. */
	str_escape(t->peer_host, sizeof(t->peer_host), b->data, b->len);
	if (n >= sizeof(t->peer_name))
		n = sizeof(t->peer_name) - 1;
	if (n)
		memcpy(t->peer_name, b->data, n);
	t->peer_name[n] = '\0';
}

/* The AVPs SCCRQ and SCCRP share. */
static void add_capabilities(struct l2tp_tunnel *t, struct l2tp_msg *m)
{
	const struct l2tp_config *cfg = &t->ctx->cfg;
	struct l2tp_avps *a = &m->avps;
	uint16_t rws = cfg->transport.recv_window ? cfg->transport.recv_window : 16;

	l2tp_avp_set(a, L2TP_AVP_PROTOCOL_VERSION);
	a->protocol_version = 0x0100;
	l2tp_avp_set(a, L2TP_AVP_FRAMING_CAPS);
	a->framing_caps = L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC;
	l2tp_avp_set(a, L2TP_AVP_BEARER_CAPS);
	a->bearer_caps = L2TP_BEARER_DIGITAL | L2TP_BEARER_ANALOG;
	l2tp_avp_set(a, L2TP_AVP_FIRMWARE_REVISION);
	a->firmware_revision = 0x0100;
	l2tp_avp_set(a, L2TP_AVP_HOST_NAME);
	a->host_name = (struct l2tp_bytes){ (const uint8_t *)cfg->host_name,
					    (uint16_t)strnlen(cfg->host_name,
							      L2TP_AVP_MAX_VALUE) };
	l2tp_avp_set(a, L2TP_AVP_VENDOR_NAME);
	a->vendor_name = (struct l2tp_bytes){ (const uint8_t *)cfg->vendor_name,
					      (uint16_t)strnlen(cfg->vendor_name,
								L2TP_AVP_MAX_VALUE) };
	l2tp_avp_set(a, L2TP_AVP_ASSIGNED_TUNNEL_ID);
	a->assigned_tunnel_id = t->id;
	l2tp_avp_set(a, L2TP_AVP_RECEIVE_WINDOW_SIZE);
	a->receive_window_size = rws;
	if (t->ctx->cfg.secret_len) {
		l2tp_ctx_random(t->ctx, t->challenge, sizeof(t->challenge));
		t->challenged = true;
		l2tp_avp_set(a, L2TP_AVP_CHALLENGE);
		a->challenge = (struct l2tp_bytes){ t->challenge,
						    sizeof(t->challenge) };
	}
}

/* Close from inside an action: StopCCN, then the state is "closing". */
static int stop(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
		const char *message)
{
	struct l2tp_close_reason why = { result, error, message };

	tunnel_fsm(t, TEV_CLOSE, &(struct l2tp_event_arg){ .close = &why });
	return L2TP_FSM_STAY;
}

static bool version_ok(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	if (m->avps.protocol_version == 0x0100)
		return true;
	tunnel_log(t, LOG_NOTICE, "peer speaks protocol version %u.%u",
		   m->avps.protocol_version >> 8, m->avps.protocol_version & 0xff);
	stop(t, L2TP_STOPCCN_BAD_PROTOCOL_VERSION, 0, "version 1.0 only");
	return false;
}

/* Answer the peer's Challenge, if any, in our reply of type reply_type. */
static bool answer_challenge(struct l2tp_tunnel *t, const struct l2tp_msg *m,
			     struct l2tp_msg *reply)
{
	const struct l2tp_config *cfg = &t->ctx->cfg;

	if (!l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE))
		return true;
	if (!cfg->secret_len) {
		tunnel_log(t, LOG_NOTICE, "peer challenges us but no secret "
			   "is configured");
		stop(t, L2TP_STOPCCN_NOT_AUTHORIZED, 0, "no secret configured");
		return false;
	}
	l2tp_challenge_response((uint8_t)reply->type, cfg->secret,
				cfg->secret_len, m->avps.challenge.data,
				m->avps.challenge.len,
				reply->avps.challenge_response);
	l2tp_avp_set(&reply->avps, L2TP_AVP_CHALLENGE_RESPONSE);
	return true;
}

/* Check the peer's response to our Challenge, carried in m. */
static bool check_response(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	const struct l2tp_config *cfg = &t->ctx->cfg;

	if (!t->challenged)
		return true;
	if (l2tp_avp_has(&m->avps, L2TP_AVP_CHALLENGE_RESPONSE) &&
	    l2tp_challenge_verify((uint8_t)m->type, cfg->secret,
				  cfg->secret_len, t->challenge,
				  sizeof(t->challenge),
				  m->avps.challenge_response))
		return true;
	tunnel_log(t, LOG_WARNING, "peer %s failed tunnel authentication in %s",
		   t->peer_host, l2tp_msg_name(m->type));
	stop(t, L2TP_STOPCCN_NOT_AUTHORIZED, 0, "challenge response mismatch");
	return false;
}

static void hello_expired(struct loop *loop, struct timer *tm, void *arg)
{
	tunnel_fsm(arg, TEV_HELLO_TIMER, NULL);
}

static void linger_expired(struct loop *loop, struct timer *tm, void *arg)
{
	tunnel_fsm(arg, TEV_LINGER_TIMER, NULL);
}

static void probe_expired(struct loop *loop, struct timer *tm, void *arg)
{
	tunnel_fsm(arg, TEV_PROBE_TIMER, NULL);
}

void l2tp_tun_init(struct l2tp_tunnel *t)
{
	t->state = TUNNEL_IDLE;
	t->last_activity = loop_now(t->ctx->loop);
	timer_init(&t->hello_timer, hello_expired, t);
	timer_init(&t->linger_timer, linger_expired, t);
	timer_init(&t->probe_timer, probe_expired, t);
	/* Nothing held out of order for a peer we do not know yet. */
	l2tp_transport_park_ahead(t->tp, false);
	/*
	 * Until established the HELLO timer bounds the setup: a peer that
	 * acknowledges our SCCRP but never sends SCCCN must not hold a
	 * tunnel forever.
	 */
	timer_arm(t->ctx->loop, &t->hello_timer, t->ctx->cfg.hello_interval_ms);
}

/* Both sides agreed: the kernel learns the tunnel, sessions may start. */
static int tunnel_up(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;
	struct l2tp_tunnel_info ti = { t->sock, t->id, t->peer_id, &t->peer };
	int err = ctx->kops->tunnel_add(ctx->kernel_arg, &ti);

	if (err) {
		tunnel_log(t, LOG_ERR, "kernel refused the tunnel: %s",
			   strerror(-err));
		return stop(t, L2TP_STOPCCN_GENERAL_ERROR, L2TP_ERR_NO_RESOURCES,
			    "no resources");
	}
	t->kernel_added = true;
	t->state = TUNNEL_ESTABLISHED;
	l2tp_transport_park_ahead(t->tp, true);
	t->last_activity = loop_now(ctx->loop);
	timer_arm(ctx->loop, &t->hello_timer, ctx->cfg.hello_interval_ms);
	tunnel_log(t, LOG_INFO, "established with %s", t->peer_host);
	t->up_reported = true;
	if (ctx->hooks->tunnel_up)
		ctx->hooks->tunnel_up(ctx->hooks_arg, t);
	l2tp_sess_tunnel_up(t);
	return L2TP_FSM_STAY;
}

static int act_send_sccrq(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	struct l2tp_msg m;

	l2tp_tun_msg_init(&m, L2TP_MSG_SCCRQ);
	add_capabilities(t, &m);
	l2tp_ctx_random(t->ctx, t->tie_breaker, sizeof(t->tie_breaker));
	t->has_tie_breaker = true;
	l2tp_avp_set(&m.avps, L2TP_AVP_TIE_BREAKER);
	memcpy(m.avps.tie_breaker, t->tie_breaker, sizeof(t->tie_breaker));
	l2tp_tun_send(t, &m);
	return 0;
}

/* Bytes of m as l2tp_tun_send() would put it on the wire. */
static size_t encoded_len(struct l2tp_tunnel *t, struct l2tp_msg *m)
{
	struct l2tp_secret sb;
	uint8_t buf[MSG_BUF_LEN];
	const char *why;
	int n;

	m->tunnel_id = t->peer_id;
	n = l2tp_msg_encode(m, l2tp_ctx_secret(t->ctx, &sb), buf, sizeof(buf),
			    &why);
	return n < 0 ? 0 : (size_t)n;
}

/*
 * Our SCCRP to a peer not verified yet may be no longer than what it sent
 * us (unverified.c).  The AVPs RFC 2661 requires (Message Type, Protocol
 * Version, Framing Capabilities, Host Name, Assigned Tunnel ID, Challenge
 * Response to its Challenge, and our Challenge when we have a secret)
 * always stay; the optional ones go, the last of this list first, until
 * it fits.  If even that is too long, it waits in the transport until the
 * peer's retransmissions give credit.
 */
static const unsigned sccrp_optional[] = {
	L2TP_AVP_RECEIVE_WINDOW_SIZE,
	L2TP_AVP_BEARER_CAPS,
	L2TP_AVP_FIRMWARE_REVISION,
	L2TP_AVP_VENDOR_NAME,
};

static void sccrp_fit(struct l2tp_tunnel *t, struct l2tp_msg *m)
{
	size_t len, credit = l2tp_unverified_credit(t);
	unsigned n = sizeof(sccrp_optional) / sizeof(sccrp_optional[0]);

	if (credit == SIZE_MAX)
		return;		/* verified: no budget */
	for (len = encoded_len(t, m); n && len > credit;
	     len = encoded_len(t, m))
		m->avps.present &= ~L2TP_AVP_BIT(sccrp_optional[--n]);
	if (len > credit)
		tunnel_log_rl(t, LOG_DEBUG, "SCCRP waits: its %zu bytes are "
			      "over the %zu the unverified peer sent",
			      len, credit);
}

static int act_rx_sccrq(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	const struct l2tp_msg *rq = arg->msg;
	struct l2tp_msg m;

	copy_host_name(t, &rq->avps.host_name);
	if (!version_ok(t, rq))
		return L2TP_FSM_STAY;
	l2tp_tun_msg_init(&m, L2TP_MSG_SCCRP);
	if (!answer_challenge(t, rq, &m))
		return L2TP_FSM_STAY;
	add_capabilities(t, &m);
	sccrp_fit(t, &m);
	l2tp_tun_send(t, &m);
	return 0;
}

static int act_rx_sccrp(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	const struct l2tp_msg *rp = arg->msg;
	struct l2tp_msg m;

	if (!rp->avps.assigned_tunnel_id) {
		tunnel_log(t, LOG_NOTICE, "SCCRP with Assigned Tunnel ID 0");
		return stop(t, L2TP_STOPCCN_GENERAL_ERROR, L2TP_ERR_BAD_VALUE,
			    "Assigned Tunnel ID 0");
	}
	l2tp_ctx_tunnel_set_peer_id(t, rp->avps.assigned_tunnel_id);
	l2tp_transport_set_peer(t->tp, t->peer_id,
				l2tp_avp_has(&rp->avps, L2TP_AVP_RECEIVE_WINDOW_SIZE) ?
				rp->avps.receive_window_size : 0);
	copy_host_name(t, &rp->avps.host_name);
	if (!version_ok(t, rp) || !check_response(t, rp))
		return L2TP_FSM_STAY;
	l2tp_tun_msg_init(&m, L2TP_MSG_SCCCN);
	if (!answer_challenge(t, rp, &m))
		return L2TP_FSM_STAY;
	l2tp_tun_send(t, &m);
	return tunnel_up(t);
}

static int act_rx_scccn(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;

	/* It got our SCCRP, so its address is its own (unverified.c). */
	l2tp_unverified_remove(t);
	if (!check_response(t, arg->msg))
		return L2TP_FSM_STAY;
	return tunnel_up(t);
}

/* Sessions and kernel state go; the tunnel itself lingers. */
static void enter_closing(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;

	l2tp_sess_tunnel_down(t);
	if (t->kernel_added) {
		ctx->kops->tunnel_del(ctx->kernel_arg, t->id);
		t->kernel_added = false;
	}
	timer_cancel(ctx->loop, &t->hello_timer);
	timer_cancel(ctx->loop, &t->probe_timer);
	timer_arm(ctx->loop, &t->linger_timer, ctx->cfg.linger_ms);
}

static int act_rx_stopccn(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	const struct l2tp_result_code *r = &arg->msg->avps.result;
	bool has = l2tp_avp_has(&arg->msg->avps, L2TP_AVP_RESULT_CODE);
	char msg[STR_ESCAPED_SIZE(L2TP_MESSAGE_SHOWN)];

	str_escape(msg, sizeof(msg), r->message.data, r->message.len);
	tunnel_log(t, LOG_NOTICE, "peer %s closed the tunnel: result %u (%s), "
		   "error %u, \"%s\"", t->peer_host, has ? r->result : 0,
		   has ? l2tp_result_name(L2TP_MSG_STOPCCN, r->result) : "none",
		   r->error, msg);
	t->peer_stopped = true;
	enter_closing(t);
	/* Acknowledge at once: the peer may be waiting to go away. */
	l2tp_transport_ack_now(t->tp);
	return 0;
}

static int act_send_stopccn(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	const struct l2tp_close_reason *why = arg->close;
	struct l2tp_msg m;

	tunnel_log(t, LOG_NOTICE, "closing: result %u (%s), error %u%s%s",
		   why->result, l2tp_result_name(L2TP_MSG_STOPCCN, why->result),
		   why->error, why->message ? ": " : "",
		   why->message ? why->message : "");
	l2tp_tun_msg_init(&m, L2TP_MSG_STOPCCN);
	l2tp_avp_set(&m.avps, L2TP_AVP_ASSIGNED_TUNNEL_ID);
	m.avps.assigned_tunnel_id = t->id;
	l2tp_tun_put_result(&m, why);
	l2tp_tun_send(t, &m);
	enter_closing(t);
	return 0;
}

/*
 * RFC 2661 5.5 and 6.5: a HELLO after hello_interval with no message
 * received, here exactly hello_interval after the last control message
 * (a ZLB acknowledgement included).  Data does not postpone it: the
 * HELLO proves the control connection, which the kernel's data path
 * cannot, and its timing needs no kernel counters (the peer must not
 * expect HELLOs at any particular time, 6.5).  The timer is armed at
 * most one interval ahead and re-armed to the exact due time when a
 * message came since.
 */
static int act_hello(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	struct l2tp_ctx *ctx = t->ctx;
	uint64_t now = loop_now(ctx->loop);
	uint64_t due = t->last_activity + ctx->cfg.hello_interval_ms;
	struct l2tp_msg m;

	if (now < due) {
		timer_arm_at(ctx->loop, &t->hello_timer, due);
		return 0;
	}
	l2tp_tun_msg_init(&m, L2TP_MSG_HELLO);
	l2tp_tun_send(t, &m);
	t->last_activity = now;
	timer_arm(ctx->loop, &t->hello_timer, ctx->cfg.hello_interval_ms);
	return 0;
}

/*
 * One probe at a time: until its deadline, further SCCRQs only count, so
 * a flood of them costs the real peer one HELLO per PROBE_DEADLINE_MS.
 */
static int act_probe(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	struct l2tp_msg m;

	if (timer_pending(&t->probe_timer))
		return 0;
	/* Whatever it acknowledges from now on, the HELLO at the latest. */
	t->probe_una = l2tp_transport_una(t->tp);
	tunnel_log_rl(t, LOG_INFO, "SCCRQ from its peer's address, port and "
		      "tunnel id: probing the peer with a HELLO");
	l2tp_tun_msg_init(&m, L2TP_MSG_HELLO);
	l2tp_tun_send(t, &m);
	timer_arm(t->ctx->loop, &t->probe_timer, PROBE_DEADLINE_MS);
	return 0;
}

static int act_probe_expired(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;

	if (l2tp_transport_una(t->tp) != t->probe_una) {
		tunnel_log(t, LOG_INFO, "peer %s answered the probe: the "
			   "SCCRQ was not its own, tunnel kept", t->peer_host);
		return 0;
	}
	/* The peer restarted: a StopCCN would reach nobody. */
	t->ctx->stats.tunnels_dropped_after_probe++;
	tunnel_log(t, LOG_NOTICE, "peer %s sent a new SCCRQ and did not answer "
		   "a HELLO in %u ms: tunnel dropped without StopCCN",
		   t->peer_host, PROBE_DEADLINE_MS);
	l2tp_tun_destroy(t);
	return L2TP_FSM_FREED;
}

static int act_setup_timeout(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;

	tunnel_log(t, LOG_NOTICE, "setup with peer %s not finished in %u ms",
		   t->peer_host[0] ? t->peer_host : "(unnamed)",
		   t->ctx->cfg.hello_interval_ms);
	return stop(t, L2TP_STOPCCN_GENERAL_ERROR, 0, "setup timed out");
}

static int act_session(void *obj, const struct l2tp_event_arg *arg)
{
	l2tp_sess_receive(obj, arg->msg);
	return 0;
}

static int act_destroy(void *obj, const struct l2tp_event_arg *arg)
{
	l2tp_tun_destroy(obj);
	return L2TP_FSM_FREED;
}

static int act_fsm_error(void *obj, const struct l2tp_event_arg *arg)
{
	struct l2tp_tunnel *t = obj;
	char text[96];

	snprintf(text, sizeof(text), "unexpected %s in state %s",
		 l2tp_msg_name(arg->msg->type), tunnel_state_names[t->state]);
	tunnel_log_rl(t, LOG_WARNING, "%s", text);
	return stop(t, L2TP_STOPCCN_FSM_ERROR, 0, text);
}

#define S(x)		L2TP_FSM_IN(TUNNEL_##x)
#define S_OPEN		(S(IDLE) | S(WAIT_CTL_REPLY) | S(WAIT_CTL_CONN) | \
			 S(ESTABLISHED))
#define S_ANY		(S_OPEN | S(CLOSING))
#define NOCHANGE	L2TP_FSM_SAME

static const struct l2tp_fsm_row tunnel_fsm_table[] = {
	{ S(IDLE), TEV_OPEN, act_send_sccrq, TUNNEL_WAIT_CTL_REPLY },
	{ S(IDLE), TEV_RX_SCCRQ, act_rx_sccrq, TUNNEL_WAIT_CTL_CONN },
	{ S(WAIT_CTL_REPLY), TEV_RX_SCCRP, act_rx_sccrp, NOCHANGE },
	{ S(WAIT_CTL_CONN), TEV_RX_SCCCN, act_rx_scccn, NOCHANGE },
	/* Apple and others send HELLO as soon as they sent SCCCN. */
	{ S(WAIT_CTL_CONN) | S(ESTABLISHED), TEV_RX_HELLO, l2tp_fsm_nothing,
	  NOCHANGE },
	{ S(ESTABLISHED), TEV_RX_SESSION, act_session, NOCHANGE },
	{ S(ESTABLISHED), TEV_HELLO_TIMER, act_hello, NOCHANGE },
	{ S(ESTABLISHED), TEV_PEER_REOPENS, act_probe, NOCHANGE },
	{ S(ESTABLISHED), TEV_PROBE_TIMER, act_probe_expired, NOCHANGE },
	{ S(IDLE) | S(WAIT_CTL_REPLY) | S(WAIT_CTL_CONN), TEV_HELLO_TIMER,
	  act_setup_timeout, NOCHANGE },
	{ S_OPEN, TEV_RX_STOPCCN, act_rx_stopccn, TUNNEL_CLOSING },
	{ S_OPEN, TEV_CLOSE, act_send_stopccn, TUNNEL_CLOSING },
	{ S(CLOSING), TEV_LINGER_TIMER, act_destroy, NOCHANGE },
	/* While closing, whatever arrives is only acknowledged. */
	{ S(CLOSING), TEV_RX_SCCRQ, l2tp_fsm_nothing, NOCHANGE },
	{ S(CLOSING), TEV_RX_SCCRP, l2tp_fsm_nothing, NOCHANGE },
	{ S(CLOSING), TEV_RX_SCCCN, l2tp_fsm_nothing, NOCHANGE },
	{ S(CLOSING), TEV_RX_STOPCCN, l2tp_fsm_nothing, NOCHANGE },
	{ S(CLOSING), TEV_RX_HELLO, l2tp_fsm_nothing, NOCHANGE },
	{ S(CLOSING), TEV_RX_SESSION, l2tp_fsm_nothing, NOCHANGE },
	{ S(CLOSING), TEV_CLOSE, l2tp_fsm_nothing, NOCHANGE },
	/* Any other received message breaks the protocol. */
	{ S_OPEN, TEV_RX_SCCRQ, act_fsm_error, NOCHANGE },
	{ S_OPEN, TEV_RX_SCCRP, act_fsm_error, NOCHANGE },
	{ S_OPEN, TEV_RX_SCCCN, act_fsm_error, NOCHANGE },
	{ S_OPEN, TEV_RX_HELLO, act_fsm_error, NOCHANGE },
	{ S_OPEN, TEV_RX_SESSION, act_fsm_error, NOCHANGE },
};

static unsigned tunnel_get_state(const void *obj)
{
	const struct l2tp_tunnel *t = obj;

	return t->state;
}

static void tunnel_set_state(void *obj, unsigned state)
{
	struct l2tp_tunnel *t = obj;

	t->state = state;
}

static void tunnel_name(const void *obj, char *buf, size_t len)
{
	const struct l2tp_tunnel *t = obj;

	snprintf(buf, len, "tunnel %u/%u", t->id, t->peer_id);
}

static const struct l2tp_fsm tunnel_machine = {
	.rows = tunnel_fsm_table,
	.n_rows = sizeof(tunnel_fsm_table) / sizeof(tunnel_fsm_table[0]),
	.state_names = tunnel_state_names,
	.n_states = TUNNEL_STATE_COUNT,
	.event_names = tunnel_event_names,
	.n_events = TEV_COUNT,
	.get_state = tunnel_get_state,
	.set_state = tunnel_set_state,
	.name = tunnel_name,
};

static int tunnel_fsm(struct l2tp_tunnel *t, enum tunnel_event ev,
		      const struct l2tp_event_arg *arg)
{
	return l2tp_fsm_run(&tunnel_machine, t, ev, arg);
}

void l2tp_tun_receive(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_event_arg arg = { .msg = m };
	enum tunnel_event ev;

	switch (m->type) {
	case L2TP_MSG_ZLB:
		return;
	case L2TP_MSG_SCCRQ:
		ev = TEV_RX_SCCRQ;
		break;
	case L2TP_MSG_SCCRP:
		ev = TEV_RX_SCCRP;
		break;
	case L2TP_MSG_SCCCN:
		ev = TEV_RX_SCCCN;
		break;
	case L2TP_MSG_STOPCCN:
		ev = TEV_RX_STOPCCN;
		break;
	case L2TP_MSG_HELLO:
		ev = TEV_RX_HELLO;
		break;
	default:
		ev = TEV_RX_SESSION;
		break;
	}
	tunnel_fsm(t, ev, &arg);
}

void l2tp_tun_fault(struct l2tp_tunnel *t, const struct l2tp_decode_error *err)
{
	tunnel_log_rl(t, LOG_WARNING, "%s", err->text);
	stop(t, err->result, err->error, err->text);
}

void l2tp_tun_destroy(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;

	if (t->freeing)
		return;
	t->freeing = true;
	timer_cancel(ctx->loop, &t->probe_timer);
	l2tp_sess_tunnel_down(t);
	if (t->kernel_added)
		ctx->kops->tunnel_del(ctx->kernel_arg, t->id);
	if (t->up_reported && ctx->hooks->tunnel_down)
		ctx->hooks->tunnel_down(ctx->hooks_arg, t);
	if (ctx->hooks->tunnel_freed)
		ctx->hooks->tunnel_freed(ctx->hooks_arg, t);
	tunnel_log(t, LOG_DEBUG, "freed");
	l2tp_ctx_tunnel_free(t);
}

struct l2tp_tunnel *l2tp_tunnel_open(struct l2tp_ctx *ctx, uint32_t sock,
				     const struct l2tp_addr *peer)
{
	struct l2tp_tunnel *t = l2tp_ctx_tunnel_alloc(ctx, sock, peer);

	if (!t)
		return NULL;
	t->initiator = true;
	tunnel_fsm(t, TEV_OPEN, NULL);
	return t;
}

void l2tp_tunnel_abort(struct l2tp_tunnel *t, const char *why)
{
	tunnel_log(t, LOG_NOTICE, "dropped without StopCCN: %s", why);
	l2tp_tun_destroy(t);
}

void l2tp_tunnel_close(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
		       const char *message)
{
	stop(t, result, error, message);
}

void l2tp_tun_peer_reopens(struct l2tp_tunnel *t)
{
	tunnel_fsm(t, TEV_PEER_REOPENS, NULL);
}

const char *l2tp_tunnel_state_name(const struct l2tp_tunnel *t)
{
	return tunnel_state_names[t->state];
}

bool l2tp_tunnel_established(const struct l2tp_tunnel *t)
{
	return t->state == TUNNEL_ESTABLISHED;
}

bool l2tp_tunnel_closing(const struct l2tp_tunnel *t)
{
	return t->state == TUNNEL_CLOSING;
}

bool l2tp_tunnel_peer_stopped(const struct l2tp_tunnel *t)
{
	return t->peer_stopped;
}
