/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The users file: who may authenticate, with which secret, and which
 * address they get.  Format in docs/ppp.md and docs/users.example.
 * The parser is a pure function over a buffer; the result is immutable and
 * shared by every session (a reload builds a new one and swaps).
 */
#ifndef L2TPGW_PPP_USERS_H
#define L2TPGW_PPP_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaa/rate.h"
#include "ppp/auth.h"

enum ppp_secret_kind {
	PPP_SECRET_PLAIN,	/* works with PAP, CHAP-MD5, MS-CHAPv2 */
	PPP_SECRET_NTHASH,	/* MD4(UTF-16LE(password)): MS-CHAPv2 only */
};

enum ppp_user_addr {
	PPP_USER_ADDR_DEFAULT,	/* the session's default pool */
	PPP_USER_ADDR_STATIC,
	PPP_USER_ADDR_POOL,
};

#define USERS_NAME_MAX 255
#define USERS_SECRET_MAX 255
#define USERS_POOL_MAX 63

struct ppp_user {
	char name[USERS_NAME_MAX + 1];
	enum ppp_secret_kind kind;
	char password[USERS_SECRET_MAX + 1];	/* PPP_SECRET_PLAIN */
	size_t password_len;
	uint8_t nt_hash[16];			/* both kinds */
	enum ppp_user_addr addr_kind;
	uint32_t addr;				/* host order, STATIC */
	char pool[USERS_POOL_MAX + 1];		/* POOL */
	struct aaa_rate rate;			/* rate_limit=; zero: none */
	/* session_timeout=, idle_timeout= seconds; 0: the section's. */
	uint32_t session_timeout_s, idle_timeout_s;
	/* delegated_prefix=ADDR/LEN (DHCPv6 prefix delegation); 0: none. */
	uint8_t delegated_prefix_len;
	uint8_t delegated_prefix[16];
	unsigned int line;
};

struct users_db {
	struct ppp_user *users;		/* sorted by name */
	size_t n;
};

/*
 * Parses a users file held in buf.  0 and *out on success; -1 with
 * "file:line: what is wrong" in err otherwise (first error only).
 */
int users_parse(const char *buf, size_t len, const char *filename,
		struct users_db **out, char *err, size_t errlen);
/* Reads and parses path; errors as users_parse (or "path: strerror"). */
int users_load(const char *path, struct users_db **out, char *err,
	       size_t errlen);
const struct ppp_user *users_find(const struct users_db *db,
				  const char *name);
void users_free(struct users_db *db);
/*
 * Counts users who can never log in with the authentication methods
 * offered (an NT-hash secret needs MS-CHAPv2), and describes the first as
 * "file:line: ..." in err, for a warning when the configuration loads.
 */
size_t users_check_methods(const struct users_db *db, const char *filename,
			   const enum ppp_auth_method *methods, size_t n,
			   char *err, size_t errlen);

#endif /* L2TPGW_PPP_USERS_H */
