// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RFC 1661 option-negotiation automaton.  The table below is section 4.1's
 * state transition table cell for cell; the optional behaviours marked
 * r (restart), p (passive) and x (crossed connection) are not taken.
 */
#include <string.h>

#include "ppp/fsm.h"

#define T(next_, ...) { true, FSM_##next_, { __VA_ARGS__ } }
#define ILLEGAL { false, 0, { FSM_A_NONE } }
#define A(x) FSM_A_##x

static const struct fsm_transition fsm_table[FSM_NSTATES][FSM_NEVENTS] = {
	[FSM_INITIAL] = {
		[FSM_EV_UP] = T(CLOSED, 0),
		[FSM_EV_DOWN] = ILLEGAL,
		[FSM_EV_OPEN] = T(STARTING, A(TLS)),
		[FSM_EV_CLOSE] = T(INITIAL, 0),
		[FSM_EV_TO_PLUS] = ILLEGAL, [FSM_EV_TO_MINUS] = ILLEGAL,
		[FSM_EV_RCR_PLUS] = ILLEGAL, [FSM_EV_RCR_MINUS] = ILLEGAL,
		[FSM_EV_RCA] = ILLEGAL, [FSM_EV_RCN] = ILLEGAL,
		[FSM_EV_RTR] = ILLEGAL, [FSM_EV_RTA] = ILLEGAL,
		[FSM_EV_RUC] = ILLEGAL, [FSM_EV_RXJ_PLUS] = ILLEGAL,
		[FSM_EV_RXJ_MINUS] = ILLEGAL, [FSM_EV_RXR] = ILLEGAL,
	},
	[FSM_STARTING] = {
		[FSM_EV_UP] = T(REQ_SENT, A(IRC), A(SCR)),
		[FSM_EV_DOWN] = ILLEGAL,
		[FSM_EV_OPEN] = T(STARTING, 0),
		[FSM_EV_CLOSE] = T(INITIAL, A(TLF)),
		[FSM_EV_TO_PLUS] = ILLEGAL, [FSM_EV_TO_MINUS] = ILLEGAL,
		[FSM_EV_RCR_PLUS] = ILLEGAL, [FSM_EV_RCR_MINUS] = ILLEGAL,
		[FSM_EV_RCA] = ILLEGAL, [FSM_EV_RCN] = ILLEGAL,
		[FSM_EV_RTR] = ILLEGAL, [FSM_EV_RTA] = ILLEGAL,
		[FSM_EV_RUC] = ILLEGAL, [FSM_EV_RXJ_PLUS] = ILLEGAL,
		[FSM_EV_RXJ_MINUS] = ILLEGAL, [FSM_EV_RXR] = ILLEGAL,
	},
	[FSM_CLOSED] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(INITIAL, 0),
		[FSM_EV_OPEN] = T(REQ_SENT, A(IRC), A(SCR)),
		[FSM_EV_CLOSE] = T(CLOSED, 0),
		[FSM_EV_TO_PLUS] = ILLEGAL, [FSM_EV_TO_MINUS] = ILLEGAL,
		[FSM_EV_RCR_PLUS] = T(CLOSED, A(STA)),
		[FSM_EV_RCR_MINUS] = T(CLOSED, A(STA)),
		[FSM_EV_RCA] = T(CLOSED, A(STA)),
		[FSM_EV_RCN] = T(CLOSED, A(STA)),
		[FSM_EV_RTR] = T(CLOSED, A(STA)),
		[FSM_EV_RTA] = T(CLOSED, 0),
		[FSM_EV_RUC] = T(CLOSED, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(CLOSED, 0),
		[FSM_EV_RXJ_MINUS] = T(CLOSED, A(TLF)),
		[FSM_EV_RXR] = T(CLOSED, 0),
	},
	[FSM_STOPPED] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(STARTING, A(TLS)),
		[FSM_EV_OPEN] = T(STOPPED, 0),
		[FSM_EV_CLOSE] = T(CLOSED, 0),
		[FSM_EV_TO_PLUS] = ILLEGAL, [FSM_EV_TO_MINUS] = ILLEGAL,
		[FSM_EV_RCR_PLUS] = T(ACK_SENT, A(IRC), A(SCR), A(SCA)),
		[FSM_EV_RCR_MINUS] = T(REQ_SENT, A(IRC), A(SCR), A(SCN)),
		[FSM_EV_RCA] = T(STOPPED, A(STA)),
		[FSM_EV_RCN] = T(STOPPED, A(STA)),
		[FSM_EV_RTR] = T(STOPPED, A(STA)),
		[FSM_EV_RTA] = T(STOPPED, 0),
		[FSM_EV_RUC] = T(STOPPED, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(STOPPED, 0),
		[FSM_EV_RXJ_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RXR] = T(STOPPED, 0),
	},
	[FSM_CLOSING] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(INITIAL, 0),
		[FSM_EV_OPEN] = T(STOPPING, 0),
		[FSM_EV_CLOSE] = T(CLOSING, 0),
		[FSM_EV_TO_PLUS] = T(CLOSING, A(STR)),
		[FSM_EV_TO_MINUS] = T(CLOSED, A(TLF)),
		[FSM_EV_RCR_PLUS] = T(CLOSING, 0),
		[FSM_EV_RCR_MINUS] = T(CLOSING, 0),
		[FSM_EV_RCA] = T(CLOSING, 0),
		[FSM_EV_RCN] = T(CLOSING, 0),
		[FSM_EV_RTR] = T(CLOSING, A(STA)),
		[FSM_EV_RTA] = T(CLOSED, A(TLF)),
		[FSM_EV_RUC] = T(CLOSING, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(CLOSING, 0),
		[FSM_EV_RXJ_MINUS] = T(CLOSED, A(TLF)),
		[FSM_EV_RXR] = T(CLOSING, 0),
	},
	[FSM_STOPPING] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(STARTING, 0),
		[FSM_EV_OPEN] = T(STOPPING, 0),
		[FSM_EV_CLOSE] = T(CLOSING, 0),
		[FSM_EV_TO_PLUS] = T(STOPPING, A(STR)),
		[FSM_EV_TO_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RCR_PLUS] = T(STOPPING, 0),
		[FSM_EV_RCR_MINUS] = T(STOPPING, 0),
		[FSM_EV_RCA] = T(STOPPING, 0),
		[FSM_EV_RCN] = T(STOPPING, 0),
		[FSM_EV_RTR] = T(STOPPING, A(STA)),
		[FSM_EV_RTA] = T(STOPPED, A(TLF)),
		[FSM_EV_RUC] = T(STOPPING, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(STOPPING, 0),
		[FSM_EV_RXJ_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RXR] = T(STOPPING, 0),
	},
	[FSM_REQ_SENT] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(STARTING, 0),
		[FSM_EV_OPEN] = T(REQ_SENT, 0),
		[FSM_EV_CLOSE] = T(CLOSING, A(IRC), A(STR)),
		[FSM_EV_TO_PLUS] = T(REQ_SENT, A(SCR)),
		[FSM_EV_TO_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RCR_PLUS] = T(ACK_SENT, A(SCA)),
		[FSM_EV_RCR_MINUS] = T(REQ_SENT, A(SCN)),
		[FSM_EV_RCA] = T(ACK_RCVD, A(IRC)),
		[FSM_EV_RCN] = T(REQ_SENT, A(IRC), A(SCR)),
		[FSM_EV_RTR] = T(REQ_SENT, A(STA)),
		[FSM_EV_RTA] = T(REQ_SENT, 0),
		[FSM_EV_RUC] = T(REQ_SENT, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(REQ_SENT, 0),
		[FSM_EV_RXJ_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RXR] = T(REQ_SENT, 0),
	},
	[FSM_ACK_RCVD] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(STARTING, 0),
		[FSM_EV_OPEN] = T(ACK_RCVD, 0),
		[FSM_EV_CLOSE] = T(CLOSING, A(IRC), A(STR)),
		[FSM_EV_TO_PLUS] = T(REQ_SENT, A(SCR)),
		[FSM_EV_TO_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RCR_PLUS] = T(OPENED, A(SCA), A(TLU)),
		[FSM_EV_RCR_MINUS] = T(ACK_RCVD, A(SCN)),
		[FSM_EV_RCA] = T(REQ_SENT, A(SCR)),
		[FSM_EV_RCN] = T(REQ_SENT, A(SCR)),
		[FSM_EV_RTR] = T(REQ_SENT, A(STA)),
		[FSM_EV_RTA] = T(REQ_SENT, 0),
		[FSM_EV_RUC] = T(ACK_RCVD, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(REQ_SENT, 0),
		[FSM_EV_RXJ_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RXR] = T(ACK_RCVD, 0),
	},
	[FSM_ACK_SENT] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(STARTING, 0),
		[FSM_EV_OPEN] = T(ACK_SENT, 0),
		[FSM_EV_CLOSE] = T(CLOSING, A(IRC), A(STR)),
		[FSM_EV_TO_PLUS] = T(ACK_SENT, A(SCR)),
		[FSM_EV_TO_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RCR_PLUS] = T(ACK_SENT, A(SCA)),
		[FSM_EV_RCR_MINUS] = T(REQ_SENT, A(SCN)),
		[FSM_EV_RCA] = T(OPENED, A(IRC), A(TLU)),
		[FSM_EV_RCN] = T(ACK_SENT, A(IRC), A(SCR)),
		[FSM_EV_RTR] = T(REQ_SENT, A(STA)),
		[FSM_EV_RTA] = T(ACK_SENT, 0),
		[FSM_EV_RUC] = T(ACK_SENT, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(ACK_SENT, 0),
		[FSM_EV_RXJ_MINUS] = T(STOPPED, A(TLF)),
		[FSM_EV_RXR] = T(ACK_SENT, 0),
	},
	[FSM_OPENED] = {
		[FSM_EV_UP] = ILLEGAL,
		[FSM_EV_DOWN] = T(STARTING, A(TLD)),
		[FSM_EV_OPEN] = T(OPENED, 0),
		[FSM_EV_CLOSE] = T(CLOSING, A(TLD), A(IRC), A(STR)),
		[FSM_EV_TO_PLUS] = ILLEGAL, [FSM_EV_TO_MINUS] = ILLEGAL,
		[FSM_EV_RCR_PLUS] = T(ACK_SENT, A(TLD), A(SCR), A(SCA)),
		[FSM_EV_RCR_MINUS] = T(REQ_SENT, A(TLD), A(SCR), A(SCN)),
		[FSM_EV_RCA] = T(REQ_SENT, A(TLD), A(SCR)),
		[FSM_EV_RCN] = T(REQ_SENT, A(TLD), A(SCR)),
		[FSM_EV_RTR] = T(STOPPING, A(TLD), A(ZRC), A(STA)),
		[FSM_EV_RTA] = T(REQ_SENT, A(TLD), A(SCR)),
		[FSM_EV_RUC] = T(OPENED, A(SCJ)),
		[FSM_EV_RXJ_PLUS] = T(OPENED, 0),
		[FSM_EV_RXJ_MINUS] = T(STOPPING, A(TLD), A(IRC), A(STR)),
		[FSM_EV_RXR] = T(OPENED, A(SER)),
	},
};

const char *const fsm_state_names[FSM_NSTATES] = {
	"Initial", "Starting", "Closed", "Stopped", "Closing", "Stopping",
	"Req-Sent", "Ack-Rcvd", "Ack-Sent", "Opened",
};

const char *const fsm_event_names[FSM_NEVENTS] = {
	"Up", "Down", "Open", "Close", "TO+", "TO-", "RCR+", "RCR-", "RCA",
	"RCN", "RTR", "RTA", "RUC", "RXJ+", "RXJ-", "RXR",
};

const char *const fsm_action_names[FSM_NACTIONS] = {
	"none", "tlu", "tld", "tls", "tlf", "irc", "zrc", "scr", "sca", "scn",
	"str", "sta", "scj", "ser",
};

/* Per-peer log flood guard for events a peer can provoke at will. */
static struct log_ratelimit fsm_rl = LOG_RATELIMIT_INIT(20, 1000);

const struct fsm_transition *fsm_transition(enum fsm_state s,
					    enum fsm_event ev)
{
	if ((unsigned int)s >= FSM_NSTATES || (unsigned int)ev >= FSM_NEVENTS)
		return NULL;
	return &fsm_table[s][ev];
}

static bool state_runs_timer(enum fsm_state s)
{
	return s == FSM_CLOSING || s == FSM_STOPPING || s == FSM_REQ_SENT ||
	       s == FSM_ACK_RCVD || s == FSM_ACK_SENT;
}

uint8_t fsm_new_id(struct fsm *f)
{
	return f->next_id++;
}

void fsm_send(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
	      size_t len)
{
	uint8_t pkt[PPP_MAX_PACKET];

	if (len > sizeof(pkt) - PPP_HDRLEN)
		len = sizeof(pkt) - PPP_HDRLEN;
	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)(len + PPP_HDRLEN));
	if (len)
		memcpy(pkt + PPP_HDRLEN, data, len);
	f->stats.tx_packets++;
	f->xmit(f->xmit_ctx, f->cb->proto, pkt, len + PPP_HDRLEN);
}

static void send_config_request(struct fsm *f, enum fsm_state from)
{
	struct ppp_buf b = { .p = f->req, .cap = sizeof(f->req) };

	/* A fresh negotiation starts from our configured wishes again. */
	if (from != FSM_REQ_SENT && from != FSM_ACK_RCVD &&
	    from != FSM_ACK_SENT && f->cb->reset)
		f->cb->reset(f);
	f->cb->build_request(f, &b);
	if (b.overflow) {
		log_err("%s: %s Configure-Request does not fit %zu bytes",
			f->log_name, f->cb->name, sizeof(f->req));
		b.len = 0;
	}
	f->req_len = b.len;
	f->req_id = fsm_new_id(f);
	f->req_valid = true;
	fsm_send(f, PPP_CONFREQ, f->req_id, f->req, f->req_len);
	if (f->restart_count)
		f->restart_count--;
	timer_arm(f->loop, &f->restart, f->cfg.restart_ms);
}

static void send_terminate_request(struct fsm *f)
{
	const char *r = f->term_reason ? f->term_reason : "";

	fsm_send(f, PPP_TERMREQ, fsm_new_id(f), (const uint8_t *)r, strlen(r));
	if (f->restart_count)
		f->restart_count--;
	timer_arm(f->loop, &f->restart, f->cfg.restart_ms);
}

static void run_action(struct fsm *f, enum fsm_action a, enum fsm_state from,
		       enum fsm_state next)
{
	if (f->trace)
		f->trace(f->owner, f, a);
	switch (a) {
	case FSM_A_NONE:
	case FSM_NACTIONS:
		break;
	case FSM_A_TLU:
		f->nak_count = 0;
		if (f->cb->up)
			f->cb->up(f);
		if (f->hooks && f->hooks->up)
			f->hooks->up(f->hooks_ctx, f);
		break;
	case FSM_A_TLD:
		if (f->cb->down)
			f->cb->down(f);
		if (f->hooks && f->hooks->down)
			f->hooks->down(f->hooks_ctx, f);
		break;
	case FSM_A_TLS:
		if (f->cb->started)
			f->cb->started(f);
		break;
	case FSM_A_TLF:
		if (f->cb->finished)
			f->cb->finished(f);
		if (f->hooks && f->hooks->finished)
			f->hooks->finished(f->hooks_ctx, f);
		break;
	case FSM_A_IRC:
		f->restart_count = (next == FSM_CLOSING || next == FSM_STOPPING) ?
			f->cfg.max_terminate : f->cfg.max_configure;
		break;
	case FSM_A_ZRC:
		f->restart_count = 0;
		timer_arm(f->loop, &f->restart, f->cfg.restart_ms);
		break;
	case FSM_A_SCR:
		send_config_request(f, from);
		break;
	case FSM_A_SCA:
		fsm_send(f, PPP_CONFACK, f->rx_id, f->reply, f->reply_len);
		break;
	case FSM_A_SCN:
		fsm_send(f, f->reply_code, f->rx_id, f->reply, f->reply_len);
		break;
	case FSM_A_STR:
		send_terminate_request(f);
		break;
	case FSM_A_STA:
		fsm_send(f, PPP_TERMACK, f->rx_id, NULL, 0);
		break;
	case FSM_A_SCJ:
		/* The rejected packet, truncated to fit the default MRU. */
		fsm_send(f, PPP_CODEREJ, fsm_new_id(f), f->rx_pkt,
			 f->rx_pkt_len > 1500 - 2 * PPP_HDRLEN ?
			 1500 - 2 * PPP_HDRLEN : f->rx_pkt_len);
		break;
	case FSM_A_SER:
		if (f->cb->echo_reply)
			f->cb->echo_reply(f);
		break;
	}
}

void fsm_event(struct fsm *f, enum fsm_event ev)
{
	const struct fsm_transition *t = fsm_transition(f->state, ev);
	enum fsm_state from = f->state;

	if (!t)
		return;
	if (!t->legal) {
		f->stats.rx_illegal++;
		log_rl(&fsm_rl, LOG_DEBUG, "%s: %s: event %s is illegal in state %s",
		       f->log_name, f->cb->name, fsm_event_names[ev],
		       fsm_state_names[from]);
		return;
	}
	f->state = t->next;
	if (from != f->state && log_enabled(LOG_DEBUG))
		log_debug("%s: %s %s -> %s on %s", f->log_name, f->cb->name,
			  fsm_state_names[from], fsm_state_names[f->state],
			  fsm_event_names[ev]);
	for (int i = 0; i < FSM_MAX_ACTIONS && t->actions[i] != FSM_A_NONE;
	     i++)
		run_action(f, t->actions[i], from, t->next);
	/* Actions may have re-entered the fsm (tlf closing a session). */
	if (!state_runs_timer(f->state))
		timer_cancel(f->loop, &f->restart);
}

static void restart_expired(struct loop *loop, struct timer *t, void *arg)
{
	struct fsm *f = arg;

	fsm_event(f, f->restart_count > 0 ? FSM_EV_TO_PLUS : FSM_EV_TO_MINUS);
}

void fsm_set_layer_hooks(struct fsm *f, const struct ppp_layer_hooks *hooks,
			 void *hooks_ctx)
{
	f->hooks = hooks;
	f->hooks_ctx = hooks_ctx;
}

void fsm_init(struct fsm *f, const struct fsm_callbacks *cb, void *owner,
	      struct loop *loop, const struct fsm_config *cfg,
	      fsm_xmit_fn xmit, void *xmit_ctx, const char *log_name)
{
	memset(f, 0, sizeof(*f));
	f->cb = cb;
	f->owner = owner;
	f->loop = loop;
	f->xmit = xmit;
	f->xmit_ctx = xmit_ctx;
	f->log_name = log_name ? log_name : "ppp";
	f->state = FSM_INITIAL;
	f->cfg.restart_ms = cfg && cfg->restart_ms ? cfg->restart_ms : 3000;
	f->cfg.max_terminate = cfg && cfg->max_terminate ? cfg->max_terminate : 2;
	f->cfg.max_configure = cfg && cfg->max_configure ? cfg->max_configure : 10;
	f->cfg.max_failure = cfg && cfg->max_failure ? cfg->max_failure : 5;
	f->next_id = 1;
	timer_init(&f->restart, restart_expired, f);
}

void fsm_destroy(struct fsm *f)
{
	timer_cancel(f->loop, &f->restart);
}

void fsm_lower_up(struct fsm *f)
{
	fsm_event(f, FSM_EV_UP);
}

void fsm_lower_down(struct fsm *f)
{
	fsm_event(f, FSM_EV_DOWN);
}

void fsm_open(struct fsm *f)
{
	fsm_event(f, FSM_EV_OPEN);
}

void fsm_close(struct fsm *f, const char *reason)
{
	f->term_reason = reason;
	fsm_event(f, FSM_EV_CLOSE);
}

void fsm_rxj(struct fsm *f, bool catastrophic)
{
	fsm_event(f, catastrophic ? FSM_EV_RXJ_MINUS : FSM_EV_RXJ_PLUS);
}

static void malformed(struct fsm *f, const char *what)
{
	f->stats.rx_malformed++;
	log_rl(&fsm_rl, LOG_INFO, "%s: %s: dropped malformed packet: %s",
	       f->log_name, f->cb->name, what);
}

static void recv_config_request(struct fsm *f, uint8_t id,
				const uint8_t *opts, size_t len)
{
	uint8_t buf[PPP_MAX_PACKET];
	struct ppp_buf reply = { .p = buf, .cap = sizeof(buf) };
	int verdict;

	if (len > sizeof(buf)) {
		malformed(f, "Configure-Request too long");
		return;
	}
	verdict = f->cb->check_request(f, opts, len, &reply,
				       f->nak_count >= f->cfg.max_failure);
	if (verdict == FSM_MALFORMED || reply.overflow) {
		malformed(f, "bad Configure-Request options");
		return;
	}
	f->rx_id = id;
	f->reply_code = (uint8_t)verdict;
	if (verdict == PPP_CONFACK) {
		f->reply = opts;
		f->reply_len = len;
		fsm_event(f, FSM_EV_RCR_PLUS);
	} else {
		f->reply = buf;
		f->reply_len = reply.len;
		if (verdict == PPP_CONFNAK)
			f->nak_count++;
		fsm_event(f, FSM_EV_RCR_MINUS);
	}
	f->reply = NULL;
	f->reply_len = 0;
}

static bool answers_our_request(struct fsm *f, uint8_t id)
{
	if (f->req_valid && id == f->req_id)
		return true;
	f->stats.rx_bad_id++;
	log_rl(&fsm_rl, LOG_DEBUG, "%s: %s: reply id %u does not match request %u",
	       f->log_name, f->cb->name, id, f->req_id);
	return false;
}

static void recv_config_reply(struct fsm *f, uint8_t code, uint8_t id,
			      const uint8_t *opts, size_t len)
{
	bool negotiating = f->state >= FSM_REQ_SENT;

	if (negotiating && !answers_our_request(f, id))
		return;
	if (code == PPP_CONFACK) {
		if (negotiating && (len != f->req_len ||
				    memcmp(opts, f->req, len) != 0)) {
			malformed(f, "Configure-Ack differs from our request");
			return;
		}
		f->req_valid = false;
		if (negotiating && f->cb->recv_ack)
			f->cb->recv_ack(f);
		f->rx_id = id;
		fsm_event(f, FSM_EV_RCA);
		return;
	}
	if (negotiating) {
		int r = code == PPP_CONFNAK ? f->cb->recv_nak(f, opts, len) :
			f->cb->recv_reject(f, opts, len);
		if (r < 0) {
			malformed(f, code == PPP_CONFNAK ? "bad Configure-Nak" :
				  "bad Configure-Reject");
			return;
		}
		f->req_valid = false;
	}
	f->rx_id = id;
	fsm_event(f, FSM_EV_RCN);
}

static void recv_code_reject(struct fsm *f, const uint8_t *data, size_t len)
{
	if (len < 1) {
		malformed(f, "empty Code-Reject");
		return;
	}
	log_rl(&fsm_rl, LOG_INFO, "%s: %s: peer rejected code %u", f->log_name,
	       f->cb->name, data[0]);
	/* Rejecting a code the automaton needs leaves nothing to negotiate. */
	fsm_rxj(f, data[0] >= PPP_CONFREQ && data[0] <= PPP_CODEREJ);
}

void fsm_input(struct fsm *f, const uint8_t *pkt, size_t len)
{
	uint8_t code, id;
	size_t plen;

	f->stats.rx_packets++;
	if (len < PPP_HDRLEN) {
		malformed(f, "shorter than its header");
		return;
	}
	plen = get_be16(pkt + 2);
	if (plen < PPP_HDRLEN || plen > len) {
		malformed(f, "bad length field");
		return;
	}
	code = pkt[0];
	id = pkt[1];
	if (f->state == FSM_INITIAL || f->state == FSM_STARTING) {
		f->stats.rx_illegal++;
		return;
	}
	f->rx_pkt = pkt;
	f->rx_pkt_len = plen;
	switch (code) {
	case PPP_CONFREQ:
		recv_config_request(f, id, pkt + PPP_HDRLEN, plen - PPP_HDRLEN);
		break;
	case PPP_CONFACK:
	case PPP_CONFNAK:
	case PPP_CONFREJ:
		recv_config_reply(f, code, id, pkt + PPP_HDRLEN,
				  plen - PPP_HDRLEN);
		break;
	case PPP_TERMREQ:
		f->rx_id = id;
		fsm_event(f, FSM_EV_RTR);
		break;
	case PPP_TERMACK:
		fsm_event(f, FSM_EV_RTA);
		break;
	case PPP_CODEREJ:
		recv_code_reject(f, pkt + PPP_HDRLEN, plen - PPP_HDRLEN);
		break;
	default:
		if (f->cb->extra_code &&
		    f->cb->extra_code(f, code, id, pkt + PPP_HDRLEN,
				      plen - PPP_HDRLEN))
			break;
		fsm_event(f, FSM_EV_RUC);
		break;
	}
	f->rx_pkt = NULL;
	f->rx_pkt_len = 0;
}
