/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the session_*.c files only: the call state machine's events
 * and the calls between its parts.
 *
 *   session.c        the state machine: table, actions, a session's life
 *   session_rx.c     what arrives for sessions; new calls admitted or not
 *   session_queue.c  our calls waiting for the tunnel and for room
 *   session_send.c   the messages a session sends
 */
#ifndef L2TPGW_L2TP_SESSION_H
#define L2TPGW_L2TP_SESSION_H

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

/* session.c */
/* Run ev on s: 0, L2TP_FSM_STAY, or L2TP_FSM_FREED if s is gone. */
int l2tp_sess_event(struct l2tp_session *s, enum session_event ev,
		    const struct l2tp_event_arg *arg);
/* A session in state idle on t, with an id of ours; NULL and errno. */
struct l2tp_session *l2tp_sess_new(struct l2tp_tunnel *t);
void l2tp_sess_set_peer_id(struct l2tp_session *s, uint16_t peer_id);
void l2tp_sess_arm_setup_timer(struct l2tp_session *s);
/* The call is connected and its ICCN/OCCN sent: session_up. */
void l2tp_sess_report_up(struct l2tp_session *s);

/* session_queue.c */
void l2tp_sess_wait_enqueue(struct l2tp_session *s);
/* Off the queue, if on it. */
void l2tp_sess_wait_dequeue(struct l2tp_session *s);
bool l2tp_sess_request_fits(const struct l2tp_tunnel *t);
/* s's ICCN/OCCN, queued with Ns ns, is not sent yet: up when it is. */
void l2tp_sess_connect_enqueue(struct l2tp_session *s, uint16_t ns);
void l2tp_sess_connect_dequeue(struct l2tp_session *s);

/* session_send.c */
/* The calling or called number: printable only, bounded. */
void l2tp_sess_set_number(struct l2tp_session *s, const char *src,
			  size_t len);
/* The senders: 0, or a negative errno (logged) if not queued. */
/* ICRQ or OCRQ, as s->outgoing says. */
int l2tp_sess_send_request(struct l2tp_session *s);
/* ICRP or OCRP: our Assigned Session ID. */
int l2tp_sess_send_reply(struct l2tp_session *s, uint16_t type);
/* ICCN or OCCN. */
int l2tp_sess_send_connected(struct l2tp_session *s, uint16_t type);
/* A CDN to the peer's session peer_id, naming ours as id. */
int l2tp_sess_send_cdn(struct l2tp_tunnel *t, uint16_t peer_id, uint16_t id,
		       const struct l2tp_close_reason *why);

#endif /* L2TPGW_L2TP_SESSION_H */
