// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CHAP exchange (RFC 1994) for both algorithms we speak: MD5 and
 * MS-CHAPv2 (RFC 2759), in both roles.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "ppp/auth.h"
#include "ppp/mschapv2.h"
#include "aaa/aaa.h"

enum { CHAP_CHALLENGE = 1, CHAP_RESPONSE = 2, CHAP_SUCCESS = 3,
       CHAP_FAILURE = 4 };

static bool is_ms(const struct ppp_auth *a)
{
	return a->method == PPP_AUTH_MSCHAPV2;
}

/* Our Challenge (a->id, a->challenge) into buf; its length. */
static size_t build_challenge(const struct ppp_auth *a,
			      uint8_t buf[1 + 16 + AUTH_NAME_MAX])
{
	size_t nl = strlen(a->our_name);

	if (nl > AUTH_NAME_MAX)
		nl = AUTH_NAME_MAX;
	buf[0] = (uint8_t)a->challenge_len;
	memcpy(buf + 1, a->challenge, a->challenge_len);
	memcpy(buf + 1 + a->challenge_len, a->our_name, nl);
	return 1 + a->challenge_len + nl;
}

static void send_challenge(struct ppp_auth *a)
{
	uint8_t buf[1 + 16 + AUTH_NAME_MAX];

	a->id++;
	a->challenge_len = 16;
	auth_random(a->challenge, a->challenge_len);
	auth_send(a, PPP_CHAP, CHAP_CHALLENGE, a->id, buf,
		  build_challenge(a, buf), true);
}

void chap_rechallenge(struct ppp_auth *a)
{
	uint8_t pkt[PPP_HDRLEN + 1 + 16 + AUTH_NAME_MAX];
	size_t n = PPP_HDRLEN + build_challenge(a, pkt + PPP_HDRLEN);

	pkt[0] = CHAP_CHALLENGE;
	pkt[1] = a->id;
	put_be16(pkt + 2, (uint16_t)n);
	a->ops->xmit(a->ctx, PPP_CHAP, pkt, n);
}

void chap_start(struct ppp_auth *a)
{
	if (!a->server) {
		auth_set_user(a, (const uint8_t *)a->our_name,
			      strlen(a->our_name));
		return;		/* wait for the challenge */
	}
	auth_random(&a->id, 1);
	send_challenge(a);
}

static void hex_upper(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789ABCDEF";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 0xf];
	}
	out[2 * n] = '\0';
}

/* Success or Failure; msg: the verifier's message, NULL for ours. */
static void send_result(struct ppp_auth *a, uint8_t id, enum auth_result r,
			const char *msg)
{
	char text[AUTH_PKT_MAX];

	if (!is_ms(a)) {
		snprintf(text, sizeof(text), "%s", msg ? msg :
			 r == AUTH_OK ? "Access granted" :
			 "Authentication failed");
	} else if (r == AUTH_OK) {
		snprintf(text, sizeof(text), "%s M=%s", a->auth_response,
			 msg ? msg : "Access granted");
	} else {
		/* R=0: do not retry; C= is a fresh challenge as RFC 2759 6
		 * demands even though no retry is allowed. */
		uint8_t c[16];
		char ch[33];

		auth_random(c, sizeof(c));
		hex_upper(c, sizeof(c), ch);
		snprintf(text, sizeof(text), "E=691 R=0 C=%s V=3 M=%s", ch,
			 msg ? msg : "Authentication failed");
	}
	auth_send(a, PPP_CHAP, r == AUTH_OK ? CHAP_SUCCESS : CHAP_FAILURE, id,
		  (const uint8_t *)text, strlen(text), false);
}

/* MS-CHAPv2: a Response (a->peer_challenge, a->nt_response) and the hash. */
static void ms_auth_response(struct ppp_auth *a)
{
	mschapv2_authenticator_response(a->nt_hash, a->nt_response,
					a->peer_challenge, a->challenge,
					a->user, strlen(a->user),
					a->auth_response);
}

/* An "S=" + 40 hex digits the verifier computed (RADIUS). */
static bool take_auth_response(struct ppp_auth *a, const char *s)
{
	if (strlen(s) != MSCHAPV2_AUTH_RESPONSE_LEN || s[0] != 'S' ||
	    s[1] != '=' || strspn(s + 2, "0123456789ABCDEFabcdef") != 40)
		return false;
	memcpy(a->auth_response, s, MSCHAPV2_AUTH_RESPONSE_LEN + 1);
	return true;
}

static void chap_verdict(struct ppp_auth *a, const struct aaa_verdict *v)
{
	enum auth_result r = v->result;
	char shown[AUTH_SHOWN_MAX];

	if (r == AUTH_OK && is_ms(a)) {
		if (v->nt_hash) {
			memcpy(a->nt_hash, v->nt_hash, 16);
			a->has_nt_hash = true;
			ms_auth_response(a);
		} else if (!v->mschap2_success ||
			   !take_auth_response(a, v->mschap2_success)) {
			/* The peer would refuse a Success it cannot check. */
			log_warn("%s: MS-CHAPv2: user \"%s\" accepted without "
				 "a usable authenticator response (S=); refusing",
				 a->log_name, auth_user_shown(a, shown));
			r = AUTH_BAD_CREDENTIALS;
		}
	}
	send_result(a, a->verify_id, r, v->message);
	auth_finish(a, r, r == AUTH_OK ? v->grant : NULL);
}

/*
 * A Response after our decision: the peer lost our Success/Failure, or
 * answered our repeated Challenge.  The same answer again; but an
 * MS-CHAPv2 peer that answered anew (pppd does: a new peer challenge)
 * needs a Success for that Response, so a valid new one is checked and
 * gets its own, when the verifier gave us the NT hash to do it with.
 */
static void server_repeat(struct ppp_auth *a, uint8_t id, const uint8_t *d,
			  size_t len, size_t vlen)
{
	const uint8_t *v = d + 1;
	size_t nl = len - 1 - vlen;

	if (!is_ms(a) || a->result != AUTH_OK || !a->has_nt_hash ||
	    vlen != MSCHAPV2_RESPONSE_LEN ||
	    (!memcmp(a->peer_challenge, v, 16) &&
	     !memcmp(a->nt_response, v + 24, 24))) {
		a->ops->xmit(a->ctx, PPP_CHAP, a->last, a->last_len);
		return;
	}
	if (nl != strlen(a->user) || memcmp(d + 1 + vlen, a->user, nl) ||
	    !mschapv2_response_ok(a->challenge, v, a->user, nl, a->nt_hash)) {
		a->rx_unexpected++;
		return;
	}
	memcpy(a->peer_challenge, v, 16);
	memcpy(a->nt_response, v + 24, 24);
	ms_auth_response(a);
	send_result(a, id, AUTH_OK, NULL);
}

static void server_response(struct ppp_auth *a, uint8_t id,
			    const uint8_t *d, size_t len)
{
	struct aaa_credentials c = { .method = a->method };
	size_t vlen;
	char shown[AUTH_SHOWN_MAX];

	if (len < 1 || (vlen = d[0]) + 1 > len) {
		a->rx_malformed++;
		return;
	}
	if (id != a->id) {
		a->rx_unexpected++;
		return;
	}
	if (a->finished) {
		server_repeat(a, id, d, len, vlen);
		return;
	}
	if (a->verifying)
		return;		/* a repeat while the verdict is due */
	if (!auth_set_user(a, d + 1 + vlen, len - 1 - vlen)) {
		str_escape(shown, sizeof(shown), d + 1 + vlen,
			   len - 1 - vlen);
		log_notice("%s: %s: unusable user name \"%s\"", a->log_name,
			   ppp_auth_names[a->method], shown);
		a->user[0] = '\0';
		send_result(a, id, AUTH_BAD_CREDENTIALS, NULL);
		auth_finish(a, AUTH_BAD_CREDENTIALS, NULL);
		return;
	}
	if (vlen != (is_ms(a) ? MSCHAPV2_RESPONSE_LEN : 16)) {
		log_notice("%s: %s: user \"%s\" sent a %zu-byte response",
			   a->log_name, ppp_auth_names[a->method],
			   auth_user_shown(a, shown), vlen);
		send_result(a, id, AUTH_BAD_CREDENTIALS, NULL);
		auth_finish(a, AUTH_BAD_CREDENTIALS, NULL);
		return;
	}
	if (is_ms(a)) {
		/* What our Success answers (see server_repeat()). */
		memcpy(a->peer_challenge, d + 1, 16);
		memcpy(a->nt_response, d + 1 + 24, 24);
	}
	c.user = a->user;
	c.chap_id = id;
	c.challenge = a->challenge;
	c.challenge_len = a->challenge_len;
	c.response = d + 1;
	c.response_len = vlen;
	auth_verify(a, &c, id, chap_verdict);
}

static void client_challenge(struct ppp_auth *a, uint8_t id,
			     const uint8_t *d, size_t len)
{
	uint8_t buf[1 + MSCHAPV2_RESPONSE_LEN + AUTH_NAME_MAX];
	size_t vlen, nl = strlen(a->our_name), n;
	uint8_t hash[16];

	if (len < 1 || (vlen = d[0]) + 1 > len || vlen == 0 ||
	    (is_ms(a) && vlen != 16) || vlen > sizeof(a->challenge)) {
		a->rx_malformed++;
		return;
	}
	if (a->finished) {
		a->rx_unexpected++;
		return;
	}
	if (a->last_len && id == a->id && vlen == a->challenge_len &&
	    !memcmp(a->challenge, d + 1, vlen)) {
		/*
		 * The authenticator repeated its Challenge: our Response or
		 * its answer was lost.  The same Response again (RFC 1994
		 * 4.1): a fresh MS-CHAPv2 peer challenge would not match the
		 * Success of a server that already checked the first one.
		 */
		a->ops->xmit(a->ctx, PPP_CHAP, a->last, a->last_len);
		return;
	}
	if (nl > AUTH_NAME_MAX)
		nl = AUTH_NAME_MAX;
	a->id = id;
	a->challenge_len = vlen;
	memcpy(a->challenge, d + 1, vlen);
	if (!is_ms(a)) {
		buf[0] = 16;
		chap_md5_response(id, a->secret, strlen(a->secret),
				  a->challenge, vlen, buf + 1);
		n = 17;
	} else {
		if (mschapv2_nt_hash(a->secret, strlen(a->secret), hash) < 0) {
			log_err("%s: MS-CHAPv2: our password is not valid UTF-8",
				a->log_name);
			auth_finish(a, AUTH_BAD_CREDENTIALS, NULL);
			return;
		}
		buf[0] = MSCHAPV2_RESPONSE_LEN;
		auth_random(a->peer_challenge, 16);
		memcpy(buf + 1, a->peer_challenge, 16);
		memset(buf + 17, 0, 8);
		mschapv2_nt_response(a->challenge, a->peer_challenge,
				     a->our_name, nl, hash, a->nt_response);
		memcpy(buf + 25, a->nt_response, 24);
		buf[49] = 0;
		mschapv2_authenticator_response(hash, a->nt_response,
						a->peer_challenge,
						a->challenge, a->our_name, nl,
						a->auth_response);
		explicit_bzero(hash, sizeof(hash));
		n = 1 + MSCHAPV2_RESPONSE_LEN;
	}
	memcpy(buf + n, a->our_name, nl);
	/* Repeated on the restart timer until Success or Failure comes. */
	auth_send(a, PPP_CHAP, CHAP_RESPONSE, id, buf, n + nl, true);
}

static void client_result(struct ppp_auth *a, uint8_t code, uint8_t id,
			  const uint8_t *d, size_t len)
{
	char shown[256], user[AUTH_SHOWN_MAX];

	if (id != a->id || a->finished || a->last_len == 0) {
		a->rx_unexpected++;
		return;
	}
	if (code == CHAP_FAILURE) {
		str_escape(shown, sizeof(shown), d, len > 60 ? 60 : len);
		log_notice("%s: %s: server refused user \"%s\": %s", a->log_name,
			   ppp_auth_names[a->method], auth_user_shown(a, user),
			   shown);
		auth_finish(a, AUTH_BAD_CREDENTIALS, NULL);
		return;
	}
	if (is_ms(a) && (len < MSCHAPV2_AUTH_RESPONSE_LEN ||
			 strncasecmp((const char *)d, a->auth_response,
				     MSCHAPV2_AUTH_RESPONSE_LEN) != 0)) {
		log_warn("%s: MS-CHAPv2: server's authenticator response is wrong; "
			 "it does not know our password", a->log_name);
		auth_finish(a, AUTH_PEER_NOT_AUTHENTIC, NULL);
		return;
	}
	auth_finish(a, AUTH_OK, NULL);
}

void chap_input(struct ppp_auth *a, uint8_t code, uint8_t id,
		const uint8_t *data, size_t len)
{
	if (a->server && code == CHAP_RESPONSE)
		server_response(a, id, data, len);
	else if (!a->server && code == CHAP_CHALLENGE)
		client_challenge(a, id, data, len);
	else if (!a->server && (code == CHAP_SUCCESS || code == CHAP_FAILURE))
		client_result(a, code, id, data, len);
	else
		a->rx_unexpected++;
}
