// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RADIUS as a verifier (radius_verifier.h).  Each verification copies
 * what it needs of the credentials and the session (they live only during
 * verify), sends one Access-Request through the client, and gives its
 * verdict from the client's callback: never from inside verify unless the
 * request could not even be queued.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "log.h"
#include "aaa/radius_verifier.h"
#include "ppp/mschapv2.h"

#define SERVICE_TYPE_FRAMED	2
#define FRAMED_PROTOCOL_PPP	1
#define NAS_PORT_TYPE_VIRTUAL	5
#define TUNNEL_TYPE_L2TP	3
#define TUNNEL_MEDIUM_IPV4	1
#define TUNNEL_MEDIUM_IPV6	2
#define MS_CHAP2_SUCCESS_LEN	(1 + MSCHAPV2_AUTH_RESPONSE_LEN)

struct aaa_pending {
	struct radius_verifier *rv;
	struct radius_client *client;	/* the one req went to */
	struct radius_request *req;
	aaa_verdict_cb cb;
	void *arg;
	bool cancelled;
	enum ppp_auth_method method;
	char user[AUTH_NAME_MAX + 1];
	uint8_t secret[AUTH_NAME_MAX];	/* PAP password or CHAP response */
	size_t secret_len;
	uint8_t chap_id;
	uint8_t challenge[64];
	size_t challenge_len;
	uint32_t nas_port;
	char ifname[64];
	char calling[64];
	char tunnel_client[64];
	char tunnel_server[64];
	char acct_session_id[64];
	char log_name[64];
};

static void copy_str(char *out, size_t size, const char *s)
{
	snprintf(out, size, "%s", s ? s : "");
}

/* One tagged integer (RFC 2868 3.1): tag 0, 24-bit value. */
static int put_tagged(struct radius_builder *b, uint8_t type, uint32_t v)
{
	uint8_t val[4] = { 0, (uint8_t)(v >> 16), (uint8_t)(v >> 8),
			   (uint8_t)v };

	return radius_put(b, type, val, sizeof(val));
}

static int put_opt_str(struct radius_builder *b, uint8_t type, const char *s)
{
	return s[0] ? radius_put_str(b, type, s) : 0;
}

static int put_proof(struct aaa_pending *p, struct radius_builder *b,
		     const char *secret)
{
	uint8_t v[1 + MSCHAPV2_RESPONSE_LEN + 1];

	switch (p->method) {
	case PPP_AUTH_PAP:
		return radius_put_user_password(b, secret, p->secret,
						p->secret_len);
	case PPP_AUTH_CHAP_MD5:
		v[0] = p->chap_id;
		memcpy(v + 1, p->secret, 16);
		if (radius_put(b, RA_CHAP_PASSWORD, v, 17) < 0)
			return -1;
		return radius_put(b, RA_CHAP_CHALLENGE, p->challenge,
				  p->challenge_len);
	case PPP_AUTH_MSCHAPV2:
		/*
		 * RFC 2548 2.3.2: Ident, Flags, Peer-Challenge, Reserved,
		 * Response; PPP's value is peer challenge, reserved,
		 * NT-Response, flags.
		 */
		v[0] = p->chap_id;
		v[1] = p->secret[48];
		memcpy(v + 2, p->secret, 48);
		if (radius_put_vsa(b, RADIUS_VENDOR_MICROSOFT,
				   RA_MS_CHAP_CHALLENGE, p->challenge,
				   p->challenge_len) < 0)
			return -1;
		return radius_put_vsa(b, RADIUS_VENDOR_MICROSOFT,
				      RA_MS_CHAP2_RESPONSE, v, 50);
	default:
		return -1;
	}
}

static int fill(void *arg, struct radius_builder *b, const char *secret,
		uint32_t delay_s)
{
	struct aaa_pending *p = arg;
	uint32_t medium = strchr(p->calling, ':') ? TUNNEL_MEDIUM_IPV6 :
		TUNNEL_MEDIUM_IPV4;

	if (radius_put_str(b, RA_USER_NAME, p->user) < 0 ||
	    put_proof(p, b, secret) < 0 ||
	    radius_put_u32(b, RA_SERVICE_TYPE, SERVICE_TYPE_FRAMED) < 0 ||
	    radius_put_u32(b, RA_FRAMED_PROTOCOL, FRAMED_PROTOCOL_PPP) < 0 ||
	    radius_put_u32(b, RA_NAS_PORT_TYPE, NAS_PORT_TYPE_VIRTUAL) < 0 ||
	    radius_put_u32(b, RA_NAS_PORT, p->nas_port) < 0 ||
	    put_opt_str(b, RA_NAS_PORT_ID, p->ifname) < 0 ||
	    put_opt_str(b, RA_CALLING_STATION_ID, p->calling) < 0 ||
	    put_tagged(b, RA_TUNNEL_TYPE, TUNNEL_TYPE_L2TP) < 0 ||
	    put_tagged(b, RA_TUNNEL_MEDIUM_TYPE, medium) < 0 ||
	    put_opt_str(b, RA_TUNNEL_CLIENT_ENDPOINT, p->tunnel_client) < 0 ||
	    put_opt_str(b, RA_TUNNEL_SERVER_ENDPOINT, p->tunnel_server) < 0 ||
	    put_opt_str(b, RA_ACCT_SESSION_ID, p->acct_session_id) < 0)
		return -1;
	return 0;
}

static void verdict(struct aaa_pending *p, enum auth_result r,
		    const struct aaa_grant *g, const char *msg,
		    const char *success)
{
	struct aaa_verdict v = {
		.result = r,
		.grant = r == AUTH_OK ? g : NULL,
		.message = msg && msg[0] ? msg : NULL,
		.mschap2_success = success,
	};

	p->cb(p->arg, &v);
}

/* MS-CHAP2-Success: Ident, then "S=" and 40 hex digits. */
static bool take_success(const struct radius_packet *pk,
			 char out[MSCHAPV2_AUTH_RESPONSE_LEN + 1])
{
	const struct radius_attr *a = radius_find(pk, RADIUS_VENDOR_MICROSOFT,
						  RA_MS_CHAP2_SUCCESS);

	if (!a || a->len < MS_CHAP2_SUCCESS_LEN)
		return false;
	memcpy(out, a->val + 1, MSCHAPV2_AUTH_RESPONSE_LEN);
	out[MSCHAPV2_AUTH_RESPONSE_LEN] = '\0';
	return out[0] == 'S' && out[1] == '=';
}

static void answered(struct aaa_pending *p, const struct radius_packet *pk)
{
	const struct radius_attr *rm = radius_find(pk, 0, RA_REPLY_MESSAGE);
	char msg[AAA_MESSAGE_MAX + 1] = "", shown[STR_ESCAPED_SIZE(64)];
	char user[AUTH_SHOWN_MAX], who[AUTH_SHOWN_MAX + 80];
	char success[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	struct aaa_grant g;

	str_escape_cstr(user, sizeof(user), p->user);
	if (rm && !radius_attr_str(rm, msg, sizeof(msg)))
		msg[0] = '\0';
	str_escape_cstr(shown, sizeof(shown), msg);
	if (pk->code == RADIUS_ACCESS_ACCEPT) {
		snprintf(who, sizeof(who), "%s user \"%s\"", p->log_name, user);
		if (p->method == PPP_AUTH_MSCHAPV2 &&
		    !take_success(pk, success)) {
			log_warn("%s: RADIUS accepted user \"%s\" without a "
				 "usable MS-CHAP2-Success; refusing",
				 p->log_name, user);
			p->rv->rejects++;
			verdict(p, AUTH_BAD_CREDENTIALS, NULL, NULL, NULL);
			return;
		}
		radius_grant_parse(pk, &g, who);
		p->rv->accepts++;
		log_info("%s: RADIUS accepted user \"%s\"", p->log_name, user);
		verdict(p, AUTH_OK, &g, msg,
			p->method == PPP_AUTH_MSCHAPV2 ? success : NULL);
		return;
	}
	p->rv->rejects++;
	if (pk->code == RADIUS_ACCESS_REJECT)
		log_notice("%s: RADIUS rejected user \"%s\"%s%s%s",
			   p->log_name, user, msg[0] ? ": \"" : "", shown,
			   msg[0] ? "\"" : "");
	else
		log_notice("%s: RADIUS answered user \"%s\" with code %u "
			   "(not Accept); refusing", p->log_name, user,
			   pk->code);
	verdict(p, AUTH_BAD_CREDENTIALS, NULL, msg, NULL);
}

/* "192.0.2.1 port 1812, ..." into out: the auth servers of cfg. */
static const char *servers(const struct radius_client_config *cfg,
			   char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (unsigned i = 0; cfg && i < cfg->nserver && n < size; i++) {
		const struct radius_server_config *s = &cfg->server[i];
		char addr[INET6_ADDRSTRLEN] = "?";
		uint16_t port = 0;

		if (s->kind != RADIUS_AUTH)
			continue;
		if (s->addr.ss_family == AF_INET) {
			const struct sockaddr_in *in = (const void *)&s->addr;

			inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
			port = ntohs(in->sin_port);
		} else if (s->addr.ss_family == AF_INET6) {
			const struct sockaddr_in6 *in6 = (const void *)&s->addr;

			inet_ntop(AF_INET6, &in6->sin6_addr, addr,
				  sizeof(addr));
			port = ntohs(in6->sin6_port);
		}
		n += (size_t)snprintf(out + n, size - n, "%s%s port %u",
				      n ? ", " : "", addr, port);
	}
	return out[0] ? out : "none configured";
}

static void done(void *arg, enum radius_outcome o,
		 const struct radius_packet *pk)
{
	struct aaa_pending *p = arg;
	char user[AUTH_SHOWN_MAX], list[160];

	p->req = NULL;
	if (o == RADIUS_CANCELLED && p->cancelled) {
		free(p);	/* aaa's cancel: no verdict wanted */
		return;
	}
	str_escape_cstr(user, sizeof(user), p->user);
	if (o == RADIUS_ANSWERED) {
		answered(p, pk);
	} else if (o == RADIUS_NO_ANSWER) {
		p->rv->no_answer++;
		log_warn("%s: user \"%s\" refused: no answer from the RADIUS "
			 "authentication servers (%s)", p->log_name, user,
			 servers(p->rv->config ? p->rv->config(p->rv->arg) :
				 NULL, list, sizeof(list)));
		verdict(p, AUTH_BAD_CREDENTIALS, NULL, NULL, NULL);
	} else {
		log_warn("%s: user \"%s\" refused: the RADIUS client went away",
			 p->log_name, user);
		verdict(p, AUTH_BAD_CREDENTIALS, NULL, NULL, NULL);
	}
	explicit_bzero(p, sizeof(*p));
	free(p);
}

static bool copy_credentials(struct aaa_pending *p,
			     const struct aaa_credentials *c)
{
	const uint8_t *sec = c->method == PPP_AUTH_PAP ? c->password :
		c->response;
	size_t len = c->method == PPP_AUTH_PAP ? c->password_len :
		c->response_len;

	p->method = c->method;
	copy_str(p->user, sizeof(p->user), c->user);
	if (len > sizeof(p->secret) || c->challenge_len > sizeof(p->challenge))
		return false;
	if ((c->method == PPP_AUTH_CHAP_MD5 && len != 16) ||
	    (c->method == PPP_AUTH_MSCHAPV2 &&
	     (len != MSCHAPV2_RESPONSE_LEN || c->challenge_len != 16)))
		return false;
	/* RFC 2865 5.2: User-Password is at most 128 bytes. */
	if (c->method == PPP_AUTH_PAP && len > 128)
		return false;
	memcpy(p->secret, sec, len);
	p->secret_len = len;
	p->chap_id = c->chap_id;
	if (c->challenge_len)
		memcpy(p->challenge, c->challenge, c->challenge_len);
	p->challenge_len = c->challenge_len;
	return true;
}

static void copy_info(struct aaa_pending *p,
		      const struct aaa_session_info *info)
{
	if (!info) {
		copy_str(p->log_name, sizeof(p->log_name), "ppp");
		return;
	}
	p->nas_port = info->nas_port;
	copy_str(p->ifname, sizeof(p->ifname), info->ifname);
	copy_str(p->calling, sizeof(p->calling), info->calling_station);
	copy_str(p->tunnel_client, sizeof(p->tunnel_client),
		 info->tunnel_client);
	copy_str(p->tunnel_server, sizeof(p->tunnel_server),
		 info->tunnel_server);
	copy_str(p->acct_session_id, sizeof(p->acct_session_id),
		 info->acct_session_id);
	copy_str(p->log_name, sizeof(p->log_name),
		 info->log_name ? info->log_name : "ppp");
}

static struct aaa_pending *rv_verify(void *verifier,
				     const struct aaa_credentials *c,
				     const struct aaa_session_info *info,
				     aaa_verdict_cb cb, void *arg)
{
	struct radius_verifier *rv = verifier;
	struct aaa_pending *p = calloc(1, sizeof(*p));
	struct aaa_verdict refused = { .result = AUTH_BAD_CREDENTIALS };
	char err[160], user[AUTH_SHOWN_MAX];

	str_escape_cstr(user, sizeof(user), c->user);
	if (!p) {
		log_err("%s: user \"%s\" refused: out of memory for its "
			"RADIUS request", info && info->log_name ?
			info->log_name : "ppp", user);
		cb(arg, &refused);
		return NULL;
	}
	p->rv = rv;
	p->cb = cb;
	p->arg = arg;
	copy_info(p, info);
	if (!copy_credentials(p, c)) {
		log_notice("%s: %s: user \"%s\" refused: credentials RADIUS "
			   "cannot carry", p->log_name,
			   ppp_auth_names[c->method], user);
		goto refuse;
	}
	rv->requests++;
	p->client = rv->client ? rv->client(rv->arg) : NULL;
	if (!p->client)
		snprintf(err, sizeof(err), "no RADIUS client ([radius])");
	else
		p->req = radius_send(p->client, RADIUS_AUTH,
				     RADIUS_ACCESS_REQUEST, fill, done, p, err,
				     sizeof(err));
	if (p->req)
		return p;
	log_warn("%s: user \"%s\" refused: %s", p->log_name, user, err);
refuse:
	explicit_bzero(p, sizeof(*p));
	free(p);
	cb(arg, &refused);
	return NULL;
}

static void rv_cancel(void *verifier, struct aaa_pending *p)
{
	p->cancelled = true;
	radius_cancel(p->client, p->req);	/* done frees p */
}

static const struct aaa_verifier_ops radius_verifier_ops = {
	.verify = rv_verify,
	.cancel = rv_cancel,
};

void radius_verifier_init(struct radius_verifier *rv,
			  struct radius_client *(*client)(void *arg),
			  const struct radius_client_config *(*config)(void *),
			  void *arg)
{
	memset(rv, 0, sizeof(*rv));
	rv->client = client;
	rv->config = config;
	rv->arg = arg;
}

struct aaa_verifier radius_verifier(struct radius_verifier *rv)
{
	return (struct aaa_verifier){
		.ops = &radius_verifier_ops,
		.priv = rv,
	};
}
