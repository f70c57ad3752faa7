// SPDX-License-Identifier: GPL-2.0-or-later
/* A verifier whose verdicts come from a loop timer (later_verifier.h). */
#include <stdlib.h>
#include <string.h>

#include "later_verifier.h"
#include "ppp/mschapv2.h"

struct aaa_pending {
	struct timer t;
	struct later_verifier *lv;
	aaa_verdict_cb cb;
	void *arg;
	enum auth_result result;
	uint8_t nt_hash[16];
	char success[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
};

static enum auth_result check(struct later_verifier *lv,
			      const struct aaa_credentials *c,
			      struct aaa_pending *p)
{
	size_t pl = strlen(lv->password), ul = strlen(c->user);
	uint8_t want[16];

	mschapv2_nt_hash(lv->password, pl, p->nt_hash);
	switch (c->method) {
	case PPP_AUTH_PAP:
		return c->password_len == pl &&
		       !memcmp(c->password, lv->password, pl) ?
			AUTH_OK : AUTH_BAD_CREDENTIALS;
	case PPP_AUTH_CHAP_MD5:
		chap_md5_response(c->chap_id, lv->password, pl, c->challenge,
				  c->challenge_len, want);
		return c->response_len == 16 &&
		       !memcmp(want, c->response, 16) ?
			AUTH_OK : AUTH_BAD_CREDENTIALS;
	case PPP_AUTH_MSCHAPV2:
		if (c->response_len != MSCHAPV2_RESPONSE_LEN ||
		    !mschapv2_response_ok(c->challenge, c->response, c->user,
					  ul, p->nt_hash))
			return AUTH_BAD_CREDENTIALS;
		mschapv2_authenticator_response(p->nt_hash, c->response + 24,
						c->response, c->challenge,
						c->user, ul, p->success);
		return AUTH_OK;
	default:
		return AUTH_BAD_CREDENTIALS;
	}
}

static void answer(struct loop *loop, struct timer *t, void *arg)
{
	struct aaa_pending *p = arg;
	struct later_verifier *lv = p->lv;
	bool ok = p->result == AUTH_OK;
	struct aaa_verdict v = {
		.result = p->result,
		.grant = ok ? &lv->grant : NULL,
		.message = ok ? lv->accept_message : lv->reject_message,
	};

	if (ok && lv->method == PPP_AUTH_MSCHAPV2) {
		if (lv->give_nt_hash)
			v.nt_hash = p->nt_hash;
		else
			v.mschap2_success = p->success;
	}
	lv->answers++;
	lv->live--;
	p->cb(p->arg, &v);
	free(p);
}

static struct aaa_pending *later_verify(void *verifier,
					const struct aaa_credentials *c,
					const struct aaa_session_info *info,
					aaa_verdict_cb cb, void *arg)
{
	struct later_verifier *lv = verifier;
	struct aaa_pending *p = calloc(1, sizeof(*p));

	if (!p)
		abort();
	lv->calls++;
	lv->live++;
	lv->method = c->method;
	strncpy(lv->user, c->user, sizeof(lv->user) - 1);
	p->lv = lv;
	p->cb = cb;
	p->arg = arg;
	p->result = check(lv, c, p);
	timer_init(&p->t, answer, p);
	if (lv->delay_ms)
		timer_arm(lv->loop, &p->t, lv->delay_ms);
	return p;
}

static void later_cancel(void *verifier, struct aaa_pending *p)
{
	struct later_verifier *lv = verifier;

	lv->cancels++;
	lv->live--;
	timer_cancel(lv->loop, &p->t);
	free(p);
}

static const struct aaa_verifier_ops later_ops = {
	.verify = later_verify,
	.cancel = later_cancel,
};

void later_verifier_init(struct later_verifier *lv, struct loop *loop,
			 uint32_t delay_ms, const char *password)
{
	memset(lv, 0, sizeof(*lv));
	lv->v.ops = &later_ops;
	lv->v.priv = lv;
	lv->loop = loop;
	lv->delay_ms = delay_ms;
	strncpy(lv->password, password, sizeof(lv->password) - 1);
}
