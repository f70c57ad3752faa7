// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The users file as a verifier: PAP compares the password, CHAP-MD5
 * recomputes the Response from the plain password, MS-CHAPv2 checks the
 * NT-Response with the NT hash and hands that hash back so that the
 * authenticator computes its "S=" itself.  Every refusal is logged with
 * the session and the reason.
 */
#include <string.h>

#include "log.h"
#include "aaa/users_verifier.h"
#include "ppp/mschapv2.h"

void users_grant(const struct ppp_user *u, struct aaa_grant *g)
{
	memset(g, 0, sizeof(*g));
	g->addr_kind = u->addr_kind;
	g->addr = u->addr;
	memcpy(g->pool, u->pool, sizeof(g->pool));
	g->rate = u->rate;
	g->session_timeout_s = u->session_timeout_s;
	g->idle_timeout_s = u->idle_timeout_s;
	g->has_delegated_prefix = u->delegated_prefix_len != 0;
	g->delegated_prefix_len = u->delegated_prefix_len;
	memcpy(g->delegated_prefix, u->delegated_prefix, 16);
}

/* "PAP", "chap-md5", "mschapv2": as the log lines always said. */
static const char *method_shown(enum ppp_auth_method m)
{
	return m == PPP_AUTH_PAP ? "PAP" : ppp_auth_names[m];
}

static enum auth_result check(const struct ppp_user *u,
			      const struct aaa_credentials *c)
{
	uint8_t want[16];
	bool ok;

	switch (c->method) {
	case PPP_AUTH_PAP:
		return c->password_len == u->password_len &&
		       auth_const_eq(c->password, u->password,
				     c->password_len) ?
			AUTH_OK : AUTH_BAD_CREDENTIALS;
	case PPP_AUTH_CHAP_MD5:
		if (c->response_len != 16)
			return AUTH_BAD_CREDENTIALS;
		chap_md5_response(c->chap_id, u->password, u->password_len,
				  c->challenge, c->challenge_len, want);
		ok = auth_const_eq(want, c->response, 16);
		explicit_bzero(want, sizeof(want));
		return ok ? AUTH_OK : AUTH_BAD_CREDENTIALS;
	case PPP_AUTH_MSCHAPV2:
		if (c->response_len != MSCHAPV2_RESPONSE_LEN ||
		    c->challenge_len != 16)
			return AUTH_BAD_CREDENTIALS;
		return mschapv2_response_ok(c->challenge, c->response, c->user,
					    strlen(c->user), u->nt_hash) ?
			AUTH_OK : AUTH_BAD_CREDENTIALS;
	default:
		return AUTH_BAD_CREDENTIALS;
	}
}

static struct aaa_pending *users_verify(void *verifier,
					const struct aaa_credentials *c,
					const struct aaa_session_info *info,
					aaa_verdict_cb cb, void *arg)
{
	const struct users_db *db = verifier;
	const struct ppp_user *u = users_find(db, c->user);
	const char *name = info && info->log_name ? info->log_name : "ppp";
	struct aaa_verdict v = { .result = AUTH_BAD_CREDENTIALS };
	char shown[STR_ESCAPED_SIZE(USERS_NAME_MAX)];
	struct aaa_grant g;

	str_escape_cstr(shown, sizeof(shown), c->user);
	if (!u) {
		log_notice("%s: %s: unknown user \"%s\"", name,
			   method_shown(c->method), shown);
	} else if (c->method != PPP_AUTH_MSCHAPV2 &&
		   u->kind != PPP_SECRET_PLAIN) {
		log_warn("%s: %s: user \"%s\" has an NT-hash password, which only MS-CHAPv2 can check; "
			 "store the plain password or offer MS-CHAPv2 first",
			 name, c->method == PPP_AUTH_PAP ? "PAP" : "CHAP-MD5",
			 shown);
		v.result = AUTH_UNUSABLE_SECRET;
	} else if ((v.result = check(u, c)) != AUTH_OK) {
		log_notice("%s: %s: wrong password for user \"%s\"", name,
			   method_shown(c->method), shown);
	} else {
		users_grant(u, &g);
		v.grant = &g;
		if (c->method == PPP_AUTH_MSCHAPV2)
			v.nt_hash = u->nt_hash;
	}
	cb(arg, &v);
	return NULL;
}

static void users_cancel(void *verifier, struct aaa_pending *p)
{
	/* Nothing is ever pending: every verdict is given at once. */
}

static const struct aaa_verifier_ops users_verifier_ops = {
	.verify = users_verify,
	.cancel = users_cancel,
};

struct aaa_verifier users_verifier(const struct users_db *db)
{
	return (struct aaa_verifier){
		.ops = &users_verifier_ops,
		.priv = (void *)db,
	};
}
