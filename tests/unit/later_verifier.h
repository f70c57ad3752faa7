/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A verifier for tests that answers later, from a timer of the (virtual)
 * loop, as RADIUS would: it knows one password, checks PAP, CHAP-MD5 and
 * MS-CHAPv2 with it, and for MS-CHAPv2 returns the "S=" string itself
 * (or, with give_nt_hash, the NT hash as the users file does).
 */
#ifndef L2TPGW_TEST_LATER_VERIFIER_H
#define L2TPGW_TEST_LATER_VERIFIER_H

#include <stdbool.h>

#include "loop.h"
#include "aaa/aaa.h"

struct later_verifier {
	struct aaa_verifier v;		/* what PPP is given */
	struct loop *loop;
	uint32_t delay_ms;		/* 0 never answers */
	char password[64];		/* the one it accepts */
	bool give_nt_hash;		/* MS-CHAPv2: NT hash, not S= */
	struct aaa_grant grant;		/* granted on success */
	const char *reject_message;	/* Reply-Message of a reject */
	const char *accept_message;
	/* What happened. */
	int calls, cancels, answers;
	char user[256];			/* of the last call */
	enum ppp_auth_method method;
	int live;			/* verifications pending */
};

void later_verifier_init(struct later_verifier *lv, struct loop *loop,
			 uint32_t delay_ms, const char *password);

#endif /* L2TPGW_TEST_LATER_VERIFIER_H */
