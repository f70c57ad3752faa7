/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RFC 1661 option-negotiation automaton, shared by LCP, IPCP and
 * IPv6CP.  The state transition table of RFC 1661 section 4.1 is data
 * (fsm_table in fsm.c); protocol specifics come in through
 * struct fsm_callbacks.
 *
 * Restart timer and counters live on the owner's loop.  All callbacks run
 * from fsm_* calls or from the restart timer.  A callback must not free the
 * fsm.  It may call fsm_close() on it: the state is updated before a
 * transition's actions run, so the nested event sees the new state, and
 * the table never lists an action after tlu/tlf that would undo it.
 */
#ifndef L2TPGW_PPP_FSM_H
#define L2TPGW_PPP_FSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"
#include "ppp/layer.h"
#include "log.h"
#include "ppp/proto.h"

enum fsm_state {
	FSM_INITIAL,
	FSM_STARTING,
	FSM_CLOSED,
	FSM_STOPPED,
	FSM_CLOSING,
	FSM_STOPPING,
	FSM_REQ_SENT,
	FSM_ACK_RCVD,
	FSM_ACK_SENT,
	FSM_OPENED,
	FSM_NSTATES
};

enum fsm_event {
	FSM_EV_UP,
	FSM_EV_DOWN,
	FSM_EV_OPEN,
	FSM_EV_CLOSE,
	FSM_EV_TO_PLUS,
	FSM_EV_TO_MINUS,
	FSM_EV_RCR_PLUS,
	FSM_EV_RCR_MINUS,
	FSM_EV_RCA,
	FSM_EV_RCN,
	FSM_EV_RTR,
	FSM_EV_RTA,
	FSM_EV_RUC,
	FSM_EV_RXJ_PLUS,
	FSM_EV_RXJ_MINUS,
	FSM_EV_RXR,
	FSM_NEVENTS
};

enum fsm_action {
	FSM_A_NONE,
	FSM_A_TLU,
	FSM_A_TLD,
	FSM_A_TLS,
	FSM_A_TLF,
	FSM_A_IRC,
	FSM_A_ZRC,
	FSM_A_SCR,
	FSM_A_SCA,
	FSM_A_SCN,
	FSM_A_STR,
	FSM_A_STA,
	FSM_A_SCJ,
	FSM_A_SER,
	FSM_NACTIONS
};

#define FSM_MAX_ACTIONS 3
/* Our own Configure-Requests are a few options; 64 bytes hold any. */
#define FSM_REQ_MAX 64

/* One cell of the table; legal == false is RFC 1661's "-". */
struct fsm_transition {
	bool legal;
	uint8_t next;
	uint8_t actions[FSM_MAX_ACTIONS];	/* FSM_A_NONE terminated */
};

extern const char *const fsm_state_names[FSM_NSTATES];
extern const char *const fsm_event_names[FSM_NEVENTS];
extern const char *const fsm_action_names[FSM_NACTIONS];

const struct fsm_transition *fsm_transition(enum fsm_state s,
					    enum fsm_event ev);

struct fsm;

/* check_request's answer for a packet to drop and count. */
#define FSM_MALFORMED (-1)

struct fsm_callbacks {
	const char *name;	/* "LCP", for logs */
	uint16_t proto;
	/* Forget peer/negotiated state: a new negotiation starts (tls, Up). */
	void (*reset)(struct fsm *f);
	/* Write our Configure-Request options into b. */
	void (*build_request)(struct fsm *f, struct ppp_buf *b);
	/*
	 * Judge the peer's Configure-Request options.  Returns PPP_CONFACK
	 * (reply untouched; the options are echoed), PPP_CONFNAK or
	 * PPP_CONFREJ with the offending options in reply, or
	 * FSM_MALFORMED.  reject_only: Max-Failure was reached, so options
	 * that would be Nak'd must be rejected instead.
	 */
	int (*check_request)(struct fsm *f, const uint8_t *opts, size_t len,
			     struct ppp_buf *reply, bool reject_only);
	/* Peer's Configure-Nak / -Reject of our last request: 0 or -1. */
	int (*recv_nak)(struct fsm *f, const uint8_t *opts, size_t len);
	int (*recv_reject)(struct fsm *f, const uint8_t *opts, size_t len);
	/* Configure-Ack of our last request (already matched): commit. */
	void (*recv_ack)(struct fsm *f);
	void (*up)(struct fsm *f);
	void (*down)(struct fsm *f);
	void (*started)(struct fsm *f);
	void (*finished)(struct fsm *f);
	/*
	 * Codes above Code-Reject (LCP's Protocol-Reject, Echo, Discard).
	 * Returns true if understood; false makes it an RUC event.
	 */
	bool (*extra_code)(struct fsm *f, uint8_t code, uint8_t id,
			   const uint8_t *data, size_t len);
	/* The ser action (LCP only): answer the Echo-Request in rx_pkt. */
	void (*echo_reply)(struct fsm *f);
};

/* Sends one control packet (code/id/length first) of protocol proto. */
typedef void (*fsm_xmit_fn)(void *ctx, uint16_t proto, const uint8_t *pkt,
			    size_t len);
/* Optional trace of every action taken (tests, debug logs). */
typedef void (*fsm_trace_fn)(void *ctx, const struct fsm *f,
			     enum fsm_action a);

struct fsm_config {
	uint32_t restart_ms;	/* RFC 1661 Restart timer, default 3000 */
	uint32_t max_terminate;	/* default 2 */
	uint32_t max_configure;	/* default 10 */
	uint32_t max_failure;	/* default 5 */
};

struct fsm_stats {
	uint64_t rx_packets;
	uint64_t rx_malformed;
	uint64_t rx_bad_id;	/* Ack/Nak/Rej not matching our request */
	uint64_t rx_illegal;	/* events RFC 1661 marks "-" */
	uint64_t tx_packets;
};

struct fsm {
	const struct fsm_callbacks *cb;
	void *owner;		/* for the callbacks */
	/* the PPP session's: told of this-layer-up/down/finished */
	const struct ppp_layer_hooks *hooks;
	void *hooks_ctx;
	struct loop *loop;
	fsm_xmit_fn xmit;
	void *xmit_ctx;
	fsm_trace_fn trace;
	const char *log_name;	/* session name, for logs */

	enum fsm_state state;
	struct fsm_config cfg;
	struct timer restart;
	uint32_t restart_count;
	uint32_t nak_count;	/* consecutive Naks we sent (Max-Failure) */
	uint8_t next_id;
	uint8_t req_id;		/* identifier of our last Configure-Request */
	bool req_valid;
	uint8_t req[FSM_REQ_MAX];
	size_t req_len;
	bool term_is_close;	/* irc before str: Max-Terminate */

	/*
	 * The packet being answered by sca/scn/sta/scj/ser; only valid while
	 * the event it caused runs (reply points into fsm_input's frame).
	 */
	uint8_t rx_id;
	uint8_t reply_code;
	const uint8_t *reply;
	size_t reply_len;
	const uint8_t *rx_pkt;	/* for scj and ser */
	size_t rx_pkt_len;

	const char *term_reason;
	struct fsm_stats stats;
};

/*
 * Report this-layer-up, -down and -finished to hooks (after the
 * protocol's own callbacks), so each protocol need not forward them.
 */
void fsm_set_layer_hooks(struct fsm *f, const struct ppp_layer_hooks *hooks,
			 void *hooks_ctx);

void fsm_init(struct fsm *f, const struct fsm_callbacks *cb, void *owner,
	      struct loop *loop, const struct fsm_config *cfg,
	      fsm_xmit_fn xmit, void *xmit_ctx, const char *log_name);
/* Cancels the timer; the fsm may then be freed with its owner. */
void fsm_destroy(struct fsm *f);

void fsm_lower_up(struct fsm *f);
void fsm_lower_down(struct fsm *f);
void fsm_open(struct fsm *f);
/* reason goes into the Terminate-Request data (may be NULL). */
void fsm_close(struct fsm *f, const char *reason);
/* Code-/Protocol-Reject received; catastrophic gives RXJ-. */
void fsm_rxj(struct fsm *f, bool catastrophic);
/* One control packet of this protocol (code first); never trusts len. */
void fsm_input(struct fsm *f, const uint8_t *pkt, size_t len);
/* Runs event ev through the table (tests, and fsm.c itself). */
void fsm_event(struct fsm *f, enum fsm_event ev);

/* Sends a packet of this protocol with a fresh identifier. */
void fsm_send(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *data,
	      size_t len);
uint8_t fsm_new_id(struct fsm *f);

static inline bool fsm_is_opened(const struct fsm *f)
{
	return f->state == FSM_OPENED;
}

#endif /* L2TPGW_PPP_FSM_H */
