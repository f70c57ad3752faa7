// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What arrives for sessions: each message goes to its session's state
 * machine, and a new call the peer places (ICRQ, OCRQ) is admitted or
 * refused.  A call is refused (refuse_call) when the direction is off, a
 * limit is reached, or the admission hook says no: a CDN carrying an id
 * of ours that is free but never taken, and no session object at all.
 */
#include <errno.h>
#include <string.h>

#include "l2tp/session.h"

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
	l2tp_sess_send_cdn(t, m->avps.assigned_session_id, id, why);
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
	s = l2tp_sess_new(t);
	if (!s) {
		ctx->stats.calls_refused_resources++;
		why.message = strerror(errno);
		refuse_call(t, m, &why);
		return;
	}
	l2tp_sess_set_peer_id(s, m->avps.assigned_session_id);
	s->serial = m->avps.call_serial_number;
	if (m->type == L2TP_MSG_ICRQ) {
		s->in_setup = true;
		ctx->calls_in_setup++;
		t->calls_in_setup++;
	}
	l2tp_sess_arm_setup_timer(s);
	l2tp_sess_event(s, rx_event(m->type),
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
	l2tp_sess_event(s, rx_event(m->type),
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
	l2tp_sess_event(s, SEV_CLOSE,
			&(struct l2tp_event_arg){ .close = &why });
}
