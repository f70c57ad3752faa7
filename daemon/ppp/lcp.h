/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LCP (RFC 1661): MRU, Authentication-Protocol, Magic-Number, PFC, ACFC;
 * Protocol-Reject, Echo keepalive, Discard-Request.
 */
#ifndef L2TPGW_PPP_LCP_H
#define L2TPGW_PPP_LCP_H

#include "ppp/auth.h"
#include "ppp/fsm.h"
#include "ppp/layer.h"

#define LCP_OPT_MRU	1
#define LCP_OPT_ACCM	2
#define LCP_OPT_AUTH	3
#define LCP_OPT_QUALITY	4
#define LCP_OPT_MAGIC	5
#define LCP_OPT_PFC	7
#define LCP_OPT_ACFC	8

#define PPP_DEFAULT_MRU 1500

/* Reasons given to ppp_layer_hooks.fatal. */
enum lcp_fatal {
	LCP_FATAL_LOOPBACK = 1,
	LCP_FATAL_ECHO_TIMEOUT,
	LCP_FATAL_NO_AUTH,
};

struct lcp_config {
	uint16_t mru;			/* ours; 0: 1500 */
	bool server;
	/* Server: methods we request, in order.  Client: those we accept. */
	enum ppp_auth_method auth[PPP_AUTH_NMETHODS];
	size_t n_auth;
	uint32_t echo_interval_ms;	/* 0: no keepalive */
	uint32_t echo_failures;		/* unanswered requests tolerated */
	uint32_t loopback_limit;	/* magic collisions before giving up */
};

struct lcp_stats {
	uint64_t echo_sent;
	uint64_t echo_replies;
	uint64_t discard_rx;
	uint64_t protrej_rx;
	uint64_t protrej_tx;		/* built; the session may withhold some */
};

struct lcp {
	struct fsm fsm;
	struct lcp_config cfg;
	const struct ppp_layer_hooks *hooks;
	void *hooks_ctx;

	/* What we ask for. */
	bool want_mru, want_magic, want_auth;
	uint16_t our_mru;
	uint32_t our_magic;
	size_t auth_idx;

	/* What the peer asked for and we acknowledged. */
	uint16_t peer_mru;
	uint32_t peer_magic;
	bool peer_pfc, peer_acfc;
	enum ppp_auth_method peer_auth;	/* client: how we must prove */
	enum ppp_auth_method our_auth;	/* server: acknowledged by peer */

	uint32_t loop_count;
	struct timer echo_timer;
	uint32_t echo_outstanding;
	struct lcp_stats stats;
};

void lcp_init(struct lcp *l, struct loop *loop, const struct lcp_config *cfg,
	      const struct fsm_config *fcfg, fsm_xmit_fn xmit, void *xmit_ctx,
	      const struct ppp_layer_hooks *hooks, void *hooks_ctx,
	      const char *log_name);
void lcp_destroy(struct lcp *l);
/* Sends Protocol-Reject for a frame (protocol field + info). */
void lcp_protocol_reject(struct lcp *l, uint16_t proto, const uint8_t *info,
			 size_t len);
/* Largest frame the peer accepts: its MRU, or 1500 if it named none. */
uint16_t lcp_peer_mru(const struct lcp *l);

/* Exposed for tests: the option parser used by check_request. */
extern const struct fsm_callbacks lcp_callbacks;

#endif /* L2TPGW_PPP_LCP_H */
