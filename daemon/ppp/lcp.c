// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LCP options and the LCP-only codes.  Peers are judged liberally: ACCM
 * (meaningless over L2TP but sent by Windows) is acknowledged, PFC/ACFC are
 * acknowledged because the receive path accepts both framings anyway.
 */
#include <string.h>

#include "ppp/lcp.h"

#define container_of_lcp(f) ((struct lcp *)((char *)(f) - offsetof(struct lcp, fsm)))

static struct log_ratelimit lcp_rl = LOG_RATELIMIT_INIT(20, 1000);

static uint32_t new_magic(uint32_t avoid)
{
	uint32_t m;

	do
		auth_random(&m, sizeof(m));
	while (m == 0 || m == avoid);
	return m;
}

static void lcp_reset(struct fsm *f)
{
	struct lcp *l = container_of_lcp(f);

	l->our_mru = l->cfg.mru;
	l->want_mru = l->cfg.mru != PPP_DEFAULT_MRU;
	l->want_magic = true;
	l->our_magic = new_magic(0);
	l->want_auth = l->cfg.server && l->cfg.n_auth > 0;
	l->auth_idx = 0;
	l->our_auth = PPP_AUTH_NONE;
	l->loop_count = 0;
	/* Peer values are rewritten by every request we acknowledge. */
}

static void lcp_build_request(struct fsm *f, struct ppp_buf *b)
{
	struct lcp *l = container_of_lcp(f);
	uint8_t v[4];

	if (l->want_mru) {
		put_be16(v, l->our_mru);
		ppp_buf_opt(b, LCP_OPT_MRU, v, 2);
	}
	if (l->want_auth) {
		uint8_t a[3];
		size_t n = ppp_auth_encode(l->cfg.auth[l->auth_idx], a);

		ppp_buf_opt(b, LCP_OPT_AUTH, a, n);
	}
	if (l->want_magic) {
		put_be32(v, l->our_magic);
		ppp_buf_opt(b, LCP_OPT_MAGIC, v, 4);
	}
}

static bool client_accepts(const struct lcp *l, enum ppp_auth_method m)
{
	for (size_t i = 0; i < l->cfg.n_auth; i++)
		if (l->cfg.auth[i] == m)
			return true;
	return false;
}

/* Scratch results of one Configure-Request, committed only on Ack. */
struct lcp_peer {
	uint16_t mru;
	uint32_t magic;
	bool pfc, acfc;
	enum ppp_auth_method auth;
};

static void nak_or_reject(struct ppp_buf *nak, struct ppp_buf *rej,
			  bool reject_only, const uint8_t *opt, size_t olen,
			  uint8_t type, const void *val, size_t vlen)
{
	if (reject_only)
		ppp_buf_put(rej, opt, olen);
	else
		ppp_buf_opt(nak, type, val, vlen);
}

static void check_auth(struct lcp *l, const uint8_t *opt, size_t olen,
		       struct lcp_peer *p, struct ppp_buf *nak,
		       struct ppp_buf *rej, bool reject_only)
{
	enum ppp_auth_method m = ppp_auth_decode(opt + 2, olen - 2);
	uint8_t a[3];
	size_t n;

	/* As authenticator we never prove ourselves to the client. */
	if (l->cfg.server || l->cfg.n_auth == 0) {
		ppp_buf_put(rej, opt, olen);
		return;
	}
	if (m != PPP_AUTH_NONE && client_accepts(l, m)) {
		p->auth = m;
		return;
	}
	n = ppp_auth_encode(l->cfg.auth[0], a);
	nak_or_reject(nak, rej, reject_only, opt, olen, LCP_OPT_AUTH, a, n);
}

static void check_magic(struct lcp *l, const uint8_t *opt,
			struct lcp_peer *p, struct ppp_buf *nak,
			struct ppp_buf *rej, bool reject_only)
{
	uint32_t m = get_be32(opt + 2);
	uint8_t v[4];

	if (m != 0 && !(l->want_magic && m == l->our_magic)) {
		p->magic = m;
		return;
	}
	if (m != 0)
		l->loop_count++;
	put_be32(v, new_magic(l->our_magic));
	nak_or_reject(nak, rej, reject_only, opt, 6, LCP_OPT_MAGIC, v, 4);
}

static int lcp_check_request(struct fsm *f, const uint8_t *opts, size_t len,
			     struct ppp_buf *reply, bool reject_only)
{
	struct lcp *l = container_of_lcp(f);
	uint8_t nakb[PPP_MAX_PACKET], rejb[PPP_MAX_PACKET];
	struct ppp_buf nak = { .p = nakb, .cap = sizeof(nakb) };
	struct ppp_buf rej = { .p = rejb, .cap = sizeof(rejb) };
	struct lcp_peer p = { .mru = PPP_DEFAULT_MRU };
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type, v[2];
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		const uint8_t *opt = val - 2;

		switch (type) {
		case LCP_OPT_MRU:
			if (olen != 4)
				goto reject;
			p.mru = get_be16(val);
			if (p.mru < PPP_MIN_MRU) {
				put_be16(v, PPP_MIN_MRU);
				nak_or_reject(&nak, &rej, reject_only, opt,
					      olen, type, v, 2);
			}
			break;
		case LCP_OPT_ACCM:
			if (olen != 6)
				goto reject;
			break;
		case LCP_OPT_AUTH:
			if (olen < 4)
				goto reject;
			check_auth(l, opt, olen, &p, &nak, &rej, reject_only);
			break;
		case LCP_OPT_MAGIC:
			if (olen != 6)
				goto reject;
			check_magic(l, opt, &p, &nak, &rej, reject_only);
			break;
		case LCP_OPT_PFC:
		case LCP_OPT_ACFC:
			if (olen != 2)
				goto reject;
			if (type == LCP_OPT_PFC)
				p.pfc = true;
			else
				p.acfc = true;
			break;
		default:
reject:
			ppp_buf_put(&rej, opt, olen);
			break;
		}
	}
	if (r < 0)
		return FSM_MALFORMED;
	if (l->cfg.loopback_limit && l->loop_count >= l->cfg.loopback_limit &&
	    l->hooks->fatal) {
		l->hooks->fatal(l->hooks_ctx, f, LCP_FATAL_LOOPBACK,
				"loopback detected (our magic number echoed)");
		return FSM_MALFORMED;
	}
	if (rej.len) {
		ppp_buf_put(reply, rej.p, rej.len);
		return PPP_CONFREJ;
	}
	if (nak.len) {
		ppp_buf_put(reply, nak.p, nak.len);
		return PPP_CONFNAK;
	}
	l->peer_mru = p.mru;
	l->peer_magic = p.magic;
	l->peer_pfc = p.pfc;
	l->peer_acfc = p.acfc;
	l->peer_auth = p.auth;
	return PPP_CONFACK;
}

static void next_auth_method(struct lcp *l, enum ppp_auth_method suggested)
{
	for (size_t i = 0; i < l->cfg.n_auth; i++) {
		if (l->cfg.auth[i] == suggested) {
			l->auth_idx = i;
			return;
		}
	}
	if (l->auth_idx + 1 < l->cfg.n_auth) {
		l->auth_idx++;
		return;
	}
	if (l->hooks->fatal)
		l->hooks->fatal(l->hooks_ctx, &l->fsm, LCP_FATAL_NO_AUTH,
				"peer refuses every authentication method we allow");
}

static int lcp_recv_nak(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct lcp *l = container_of_lcp(f);
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		switch (type) {
		case LCP_OPT_MRU:
			if (olen != 4)
				return -1;
			if (get_be16(val) >= PPP_MIN_MRU && get_be16(val) <= l->cfg.mru) {
				l->our_mru = get_be16(val);
				l->want_mru = true;
			} else {
				l->want_mru = false;
			}
			break;
		case LCP_OPT_MAGIC:
			if (olen != 6)
				return -1;
			l->our_magic = new_magic(l->our_magic);
			break;
		case LCP_OPT_AUTH:
			if (olen < 4)
				return -1;
			if (l->want_auth)
				next_auth_method(l, ppp_auth_decode(val, olen - 2));
			break;
		default:
			/* Options we did not ask for: RFC 1661 lets us ignore. */
			break;
		}
	}
	return r < 0 ? -1 : 0;
}

static int lcp_recv_reject(struct fsm *f, const uint8_t *opts, size_t len)
{
	struct lcp *l = container_of_lcp(f);
	const uint8_t *val;
	size_t pos = 0, olen;
	uint8_t type;
	int r;

	while ((r = ppp_opt_next(opts, len, &pos, &type, &olen, &val)) > 0) {
		if (type == LCP_OPT_MRU)
			l->want_mru = false;
		else if (type == LCP_OPT_MAGIC)
			l->want_magic = false;
		else if (type == LCP_OPT_AUTH && l->want_auth && l->hooks->fatal)
			l->hooks->fatal(l->hooks_ctx, f, LCP_FATAL_NO_AUTH,
					"peer rejects authentication");
	}
	return r < 0 ? -1 : 0;
}

static void lcp_recv_ack(struct fsm *f)
{
	struct lcp *l = container_of_lcp(f);

	l->our_auth = l->want_auth ? l->cfg.auth[l->auth_idx] : PPP_AUTH_NONE;
}

static void send_echo(struct lcp *l)
{
	uint8_t v[4];

	put_be32(v, l->want_magic ? l->our_magic : 0);
	fsm_send(&l->fsm, PPP_ECHOREQ, fsm_new_id(&l->fsm), v, 4);
	l->stats.echo_sent++;
}

static void echo_expired(struct loop *loop, struct timer *t, void *arg)
{
	struct lcp *l = arg;

	if (l->echo_outstanding >= l->cfg.echo_failures) {
		log_notice("%s: LCP: no Echo-Reply to %u requests, peer is gone",
			   l->fsm.log_name, l->echo_outstanding);
		if (l->hooks->fatal)
			l->hooks->fatal(l->hooks_ctx, &l->fsm,
					LCP_FATAL_ECHO_TIMEOUT,
					"peer not responding to LCP Echo-Request");
		return;
	}
	send_echo(l);
	l->echo_outstanding++;
	timer_arm(loop, &l->echo_timer, l->cfg.echo_interval_ms);
}

static void lcp_up(struct fsm *f)
{
	struct lcp *l = container_of_lcp(f);

	l->echo_outstanding = 0;
	if (l->cfg.echo_interval_ms && l->cfg.echo_failures)
		timer_arm(f->loop, &l->echo_timer, l->cfg.echo_interval_ms);
}

static void lcp_down(struct fsm *f)
{
	struct lcp *l = container_of_lcp(f);

	timer_cancel(f->loop, &l->echo_timer);
}

static void lcp_finished(struct fsm *f)
{
	struct lcp *l = container_of_lcp(f);

	timer_cancel(f->loop, &l->echo_timer);
}

static void lcp_echo_reply(struct fsm *f)
{
	struct lcp *l = container_of_lcp(f);
	uint8_t buf[PPP_MAX_PACKET];
	size_t n = f->rx_pkt_len - PPP_HDRLEN;
	size_t max = lcp_peer_mru(l) - PPP_HDRLEN;

	if (n > max)
		n = max;
	if (n > sizeof(buf))
		n = sizeof(buf);
	memcpy(buf, f->rx_pkt + PPP_HDRLEN, n);
	put_be32(buf, l->want_magic ? l->our_magic : 0);
	fsm_send(f, PPP_ECHOREP, f->rx_pkt[1], buf, n);
}

static bool is_our_magic(const struct lcp *l, const uint8_t *data)
{
	return l->want_magic && get_be32(data) == l->our_magic;
}

static bool lcp_extra_code(struct fsm *f, uint8_t code, uint8_t id,
			   const uint8_t *data, size_t len)
{
	struct lcp *l = container_of_lcp(f);

	switch (code) {
	case PPP_PROTREJ:
		if (len < 2 || f->state != FSM_OPENED) {
			f->stats.rx_malformed++;
			return true;
		}
		l->stats.protrej_rx++;
		log_rl(&lcp_rl, LOG_INFO, "%s: LCP: peer rejected protocol 0x%04x",
		       f->log_name, get_be16(data));
		if (get_be16(data) == PPP_LCP)
			fsm_rxj(f, true);
		else if (l->hooks->protocol_rejected)
			l->hooks->protocol_rejected(l->hooks_ctx, get_be16(data));
		return true;
	case PPP_ECHOREQ:
		if (len < 4 || f->state != FSM_OPENED)
			return true;	/* silently discarded, RFC 1661 5.8 */
		if (is_our_magic(l, data)) {
			log_rl(&lcp_rl, LOG_WARNING,
			       "%s: LCP: Echo-Request carries our magic, link looped?",
			       f->log_name);
			return true;
		}
		fsm_event(f, FSM_EV_RXR);
		return true;
	case PPP_ECHOREP:
		if (len < 4 || f->state != FSM_OPENED || is_our_magic(l, data))
			return true;
		l->stats.echo_replies++;
		l->echo_outstanding = 0;
		return true;
	case PPP_DISCREQ:
		l->stats.discard_rx++;
		return true;
	default:
		return false;
	}
}

const struct fsm_callbacks lcp_callbacks = {
	.name = "LCP",
	.proto = PPP_LCP,
	.reset = lcp_reset,
	.build_request = lcp_build_request,
	.check_request = lcp_check_request,
	.recv_nak = lcp_recv_nak,
	.recv_reject = lcp_recv_reject,
	.recv_ack = lcp_recv_ack,
	.up = lcp_up,
	.down = lcp_down,
	.finished = lcp_finished,
	.extra_code = lcp_extra_code,
	.echo_reply = lcp_echo_reply,
};

void lcp_init(struct lcp *l, struct loop *loop, const struct lcp_config *cfg,
	      const struct fsm_config *fcfg, fsm_xmit_fn xmit, void *xmit_ctx,
	      const struct ppp_layer_hooks *hooks, void *hooks_ctx,
	      const char *log_name)
{
	memset(l, 0, sizeof(*l));
	fsm_init(&l->fsm, &lcp_callbacks, l, loop, fcfg, xmit, xmit_ctx,
		 log_name);
	l->cfg = *cfg;
	if (!l->cfg.mru)
		l->cfg.mru = PPP_DEFAULT_MRU;
	if (!l->cfg.loopback_limit)
		l->cfg.loopback_limit = 5;
	l->hooks = hooks;
	l->hooks_ctx = hooks_ctx;
	fsm_set_layer_hooks(&l->fsm, hooks, hooks_ctx);
	timer_init(&l->echo_timer, echo_expired, l);
	l->peer_mru = PPP_DEFAULT_MRU;
	lcp_reset(&l->fsm);
}

void lcp_destroy(struct lcp *l)
{
	timer_cancel(l->fsm.loop, &l->echo_timer);
	fsm_destroy(&l->fsm);
}

uint16_t lcp_peer_mru(const struct lcp *l)
{
	return l->peer_mru ? l->peer_mru : PPP_DEFAULT_MRU;
}

void lcp_protocol_reject(struct lcp *l, uint16_t proto, const uint8_t *info,
			 size_t len)
{
	uint8_t buf[PPP_MAX_PACKET];
	size_t max = lcp_peer_mru(l) - PPP_HDRLEN - 2;

	if (l->fsm.state != FSM_OPENED)
		return;
	if (len > max)
		len = max;
	if (len > sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	put_be16(buf, proto);
	memcpy(buf + 2, info, len);
	l->stats.protrej_tx++;
	fsm_send(&l->fsm, PPP_PROTREJ, fsm_new_id(&l->fsm), buf, len + 2);
}
