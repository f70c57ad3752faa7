// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Authentication phase plumbing shared by PAP and CHAP: retransmission,
 * the overall timeout, and reporting the result exactly once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "log.h"
#include "aaa/aaa.h"
#include "ppp/auth.h"

const char *const ppp_auth_names[PPP_AUTH_NMETHODS] = {
	"none", "pap", "chap-md5", "mschapv2",
};

size_t ppp_auth_encode(enum ppp_auth_method m, uint8_t out[3])
{
	switch (m) {
	case PPP_AUTH_PAP:
		put_be16(out, PPP_PAP);
		return 2;
	case PPP_AUTH_CHAP_MD5:
		put_be16(out, PPP_CHAP);
		out[2] = CHAP_MD5;
		return 3;
	case PPP_AUTH_MSCHAPV2:
		put_be16(out, PPP_CHAP);
		out[2] = CHAP_MSCHAPV2;
		return 3;
	default:
		return 0;
	}
}

enum ppp_auth_method ppp_auth_decode(const uint8_t *val, size_t len)
{
	if (len == 2 && get_be16(val) == PPP_PAP)
		return PPP_AUTH_PAP;
	if (len == 3 && get_be16(val) == PPP_CHAP && val[2] == CHAP_MD5)
		return PPP_AUTH_CHAP_MD5;
	if (len == 3 && get_be16(val) == PPP_CHAP && val[2] == CHAP_MSCHAPV2)
		return PPP_AUTH_MSCHAPV2;
	return PPP_AUTH_NONE;
}

void auth_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* Predictable challenges would void authentication. */
			log_err("getrandom: %s", strerror(errno));
			abort();
		}
		p += n;
		len -= (size_t)n;
	}
}

bool auth_const_eq(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t d = 0;

	for (size_t i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

void auth_send(struct ppp_auth *a, uint16_t proto, uint8_t code, uint8_t id,
	       const uint8_t *data, size_t len, bool retransmit)
{
	uint8_t *p = a->last;

	if (len > sizeof(a->last) - PPP_HDRLEN)
		len = sizeof(a->last) - PPP_HDRLEN;
	p[0] = code;
	p[1] = id;
	put_be16(p + 2, (uint16_t)(len + PPP_HDRLEN));
	if (len)
		memcpy(p + PPP_HDRLEN, data, len);
	a->last_proto = proto;
	a->last_len = len + PPP_HDRLEN;
	a->retransmits = retransmit;
	a->ops->xmit(a->ctx, proto, p, a->last_len);
	if (retransmit && !a->finished)
		timer_arm(a->loop, &a->timer, a->restart_ms);
}

/* A CHAP server after Success, while it lingers. */
static bool rechallenges(const struct ppp_auth *a)
{
	return a->server && a->method != PPP_AUTH_PAP &&
	       a->result == AUTH_OK && !a->retired;
}

/* The verification under way, if any, is dropped: no verdict will come. */
static void cancel_verify(struct ppp_auth *a)
{
	struct aaa_pending *p = a->pending;

	a->pending = NULL;
	a->verifying = false;
	if (p)
		a->verifier->ops->cancel(a->verifier->priv, p);
}

static void verdict_cb(void *arg, const struct aaa_verdict *v)
{
	struct ppp_auth *a = arg;

	a->pending = NULL;
	if (!a->verifying)
		return;		/* a verifier calling twice */
	a->verifying = false;
	a->on_verdict(a, v);
}

void auth_verify(struct ppp_auth *a, const struct aaa_credentials *c,
		 uint8_t id,
		 void (*on_verdict)(struct ppp_auth *a,
				    const struct aaa_verdict *v))
{
	static const struct aaa_verdict refused = {
		.result = AUTH_BAD_CREDENTIALS,
	};
	struct aaa_pending *p;

	a->verifying = true;
	a->verify_id = id;
	a->on_verdict = on_verdict;
	if (!a->verifier) {
		log_err("%s: %s: no verifier configured; refusing", a->log_name,
			ppp_auth_names[a->method]);
		verdict_cb(a, &refused);
		return;
	}
	p = a->verifier->ops->verify(a->verifier->priv, c, a->info,
				     verdict_cb, a);
	if (!a->verifying)
		return;		/* answered at once */
	if (p) {
		a->pending = p;
		return;
	}
	log_err("%s: %s: the verifier gave neither a verdict nor a handle; "
		"refusing", a->log_name, ppp_auth_names[a->method]);
	verdict_cb(a, &refused);
}

void auth_finish(struct ppp_auth *a, enum auth_result r,
		 const struct aaa_grant *g)
{
	if (a->finished)
		return;
	a->finished = true;
	a->result = r;
	/*
	 * A client is done (its Response or Request went out until
	 * answered); a server answers repeats a while, in case its answer
	 * was lost.  A CHAP client need not repeat its Response (pppd does
	 * not): after Success the server repeats its Challenge every restart
	 * interval until the peer shows it is past authentication (an NCP
	 * packet: ppp_auth_retire()), so that a lost Success is sent again.
	 */
	if (!a->server)
		timer_arm(a->loop, &a->timer, 0);
	else if (rechallenges(a))
		timer_arm(a->loop, &a->timer, a->restart_ms);
	else
		timer_arm(a->loop, &a->timer, a->linger_ms);
	a->ops->done(a->ctx, r, a->user[0] ? a->user : NULL, g);
}

static void auth_expired(struct loop *loop, struct timer *t, void *arg)
{
	struct ppp_auth *a = arg;

	if (a->finished && rechallenges(a) &&
	    (a->linger_left_ms -= a->restart_ms) > 0) {
		chap_rechallenge(a);
		timer_arm(loop, &a->timer, a->restart_ms);
		return;
	}
	if (a->finished || a->retired) {
		if (a->ops->release)
			a->ops->release(a->ctx);	/* may free a */
		return;
	}
	if (a->tries_left > 0) {
		a->tries_left--;
		/*
		 * Resend the Challenge (server), Response or Request (client);
		 * a client still waiting for a Challenge just waits on, and so
		 * does a server waiting for its verifier's verdict (the peer
		 * answered: a new Challenge would only make it answer again).
		 */
		if (a->last_len && a->retransmits && !a->verifying)
			a->ops->xmit(a->ctx, a->last_proto, a->last, a->last_len);
		timer_arm(loop, &a->timer, a->restart_ms);
		return;
	}
	log_notice("%s: %s authentication timed out%s", a->log_name,
		   ppp_auth_names[a->method],
		   a->verifying ? " waiting for the verdict" : "");
	cancel_verify(a);
	auth_finish(a, AUTH_TIMEOUT, NULL);
}

void ppp_auth_init(struct ppp_auth *a, struct loop *loop,
		   const struct ppp_auth_params *p,
		   const struct ppp_auth_ops *ops, void *ctx,
		   const char *log_name)
{
	memset(a, 0, sizeof(*a));
	a->loop = loop;
	a->log_name = log_name;
	a->ops = ops;
	a->ctx = ctx;
	a->server = p->server;
	a->method = p->method;
	a->verifier = p->verifier;
	a->info = p->info;
	a->our_name = p->our_name ? p->our_name : "";
	a->secret = p->secret ? p->secret : "";
	a->restart_ms = p->restart_ms ? p->restart_ms : 3000;
	a->tries_left = p->max_tries ? p->max_tries : 10;
	a->linger_ms = a->restart_ms * a->tries_left;
	a->linger_left_ms = a->linger_ms;
	timer_init(&a->timer, auth_expired, a);
}

void ppp_auth_start(struct ppp_auth *a)
{
	if (a->running)
		return;
	a->running = true;
	timer_arm(a->loop, &a->timer, a->restart_ms);
	if (a->method == PPP_AUTH_PAP)
		pap_start(a);
	else
		chap_start(a);
}

void ppp_auth_stop(struct ppp_auth *a)
{
	cancel_verify(a);
	a->running = false;
	timer_cancel(a->loop, &a->timer);
}

void ppp_auth_retire(struct ppp_auth *a)
{
	cancel_verify(a);
	a->running = false;
	a->retired = true;
	timer_arm(a->loop, &a->timer, 0);
}

void ppp_auth_input(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt,
		    size_t len)
{
	size_t plen;

	if (!a->running ||
	    (proto == PPP_PAP) != (a->method == PPP_AUTH_PAP)) {
		a->rx_unexpected++;
		return;
	}
	if (len < PPP_HDRLEN || (plen = get_be16(pkt + 2)) < PPP_HDRLEN ||
	    plen > len) {
		a->rx_malformed++;
		return;
	}
	if (proto == PPP_PAP)
		pap_input(a, pkt[0], pkt[1], pkt + PPP_HDRLEN, plen - PPP_HDRLEN);
	else
		chap_input(a, pkt[0], pkt[1], pkt + PPP_HDRLEN, plen - PPP_HDRLEN);
}

bool auth_set_user(struct ppp_auth *a, const uint8_t *name, size_t len)
{
	if (len > AUTH_NAME_MAX || memchr(name, '\0', len))
		return false;
	memcpy(a->user, name, len);
	a->user[len] = '\0';
	return true;
}

const char *auth_user_shown(const struct ppp_auth *a,
			    char out[AUTH_SHOWN_MAX])
{
	return str_escape_cstr(out, AUTH_SHOWN_MAX, a->user);
}
