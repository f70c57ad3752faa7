/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The users file as a verifier (aaa.h): it answers at once, from inside
 * verify, and grants what the user's line says (address or pool).
 */
#ifndef L2TPGW_AAA_USERS_VERIFIER_H
#define L2TPGW_AAA_USERS_VERIFIER_H

#include "aaa/aaa.h"
#include "aaa/users.h"

/* A verifier over db, which must outlive every verification. */
struct aaa_verifier users_verifier(const struct users_db *db);

/* The grant of a user of the file: address or pool, rate limit. */
void users_grant(const struct ppp_user *u, struct aaa_grant *g);

#endif /* L2TPGW_AAA_USERS_VERIFIER_H */
