// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PAP (RFC 1334 section 2).  The password crosses the link in clear, which
 * is why an NT-hash-only user of the users file can never pass here; it
 * goes to the verifier as received (RADIUS hides it again).
 */
#include <string.h>

#include "log.h"
#include "ppp/auth.h"
#include "aaa/aaa.h"

enum { PAP_REQ = 1, PAP_ACK = 2, PAP_NAK = 3 };

static void pap_send_request(struct ppp_auth *a)
{
	uint8_t buf[2 + 2 * 255];
	size_t ul = strlen(a->our_name), pl = strlen(a->secret), n = 0;

	if (ul > 255)
		ul = 255;
	if (pl > 255)
		pl = 255;
	buf[n++] = (uint8_t)ul;
	memcpy(buf + n, a->our_name, ul);
	n += ul;
	buf[n++] = (uint8_t)pl;
	memcpy(buf + n, a->secret, pl);
	n += pl;
	a->id++;
	auth_send(a, PPP_PAP, PAP_REQ, a->id, buf, n, true);
	explicit_bzero(buf, sizeof(buf));
}

void pap_start(struct ppp_auth *a)
{
	if (a->server)
		return;		/* the peer speaks first */
	auth_random(&a->id, 1);
	auth_set_user(a, (const uint8_t *)a->our_name, strlen(a->our_name));
	pap_send_request(a);
}

static void pap_reply(struct ppp_auth *a, uint8_t code, uint8_t id,
		      const char *msg)
{
	uint8_t buf[256];
	size_t n = strnlen(msg, 255);

	buf[0] = (uint8_t)n;
	memcpy(buf + 1, msg, n);
	auth_send(a, PPP_PAP, code, id, buf, n + 1, false);
}

/* The verifier's verdict: Ack or Nak, with its message if it gave one. */
static void pap_verdict(struct ppp_auth *a, const struct aaa_verdict *v)
{
	bool ok = v->result == AUTH_OK;

	pap_reply(a, ok ? PAP_ACK : PAP_NAK, a->verify_id,
		  v->message ? v->message :
		  ok ? "Login ok" : "Authentication failed");
	auth_finish(a, v->result, ok ? v->grant : NULL);
}

static void pap_server_input(struct ppp_auth *a, uint8_t code, uint8_t id,
			     const uint8_t *d, size_t len)
{
	struct aaa_credentials c = { .method = PPP_AUTH_PAP };
	size_t ulen, plen;
	char shown[AUTH_SHOWN_MAX];

	if (code != PAP_REQ) {
		a->rx_unexpected++;
		return;
	}
	if (len < 1 || (ulen = d[0]) + 2 > len || (plen = d[1 + ulen]) +
	    ulen + 2 > len) {
		a->rx_malformed++;
		return;
	}
	if (a->finished) {
		/* Our answer was lost: say the same thing again. */
		a->last[1] = id;
		a->ops->xmit(a->ctx, PPP_PAP, a->last, a->last_len);
		return;
	}
	if (a->verifying) {
		/*
		 * The peer repeats its Request while the verdict is due: one
		 * verification, whose answer carries the latest Identifier
		 * (pppd takes a new one for each retransmission).
		 */
		a->verify_id = id;
		return;
	}
	if (!auth_set_user(a, d + 1, ulen)) {
		str_escape(shown, sizeof(shown), d + 1, ulen);
		log_notice("%s: PAP: unusable user name \"%s\"", a->log_name,
			   shown);
		a->user[0] = '\0';
		pap_reply(a, PAP_NAK, id, "Authentication failed");
		auth_finish(a, AUTH_BAD_CREDENTIALS, NULL);
		return;
	}
	c.user = a->user;
	c.password = d + 2 + ulen;
	c.password_len = plen;
	auth_verify(a, &c, id, pap_verdict);
}

static void pap_client_input(struct ppp_auth *a, uint8_t code, uint8_t id,
			     const uint8_t *d, size_t len)
{
	char shown[AUTH_SHOWN_MAX];

	if ((code != PAP_ACK && code != PAP_NAK) || id != a->id ||
	    a->finished) {
		a->rx_unexpected++;
		return;
	}
	if (code == PAP_NAK)
		log_notice("%s: PAP: server rejected user \"%s\"", a->log_name,
			   auth_user_shown(a, shown));
	auth_finish(a, code == PAP_ACK ? AUTH_OK : AUTH_BAD_CREDENTIALS, NULL);
}

void pap_input(struct ppp_auth *a, uint8_t code, uint8_t id,
	       const uint8_t *data, size_t len)
{
	if (a->server)
		pap_server_input(a, code, id, data, len);
	else
		pap_client_input(a, code, id, data, len);
}
