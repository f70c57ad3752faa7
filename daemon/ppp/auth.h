/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PPP authentication phase, both roles: the authenticator (LNS, server)
 * hands the peer's credentials to a verifier (aaa/aaa.h: the users file,
 * RADIUS) and answers the peer when the verdict comes, maybe much later
 * from the loop; the peer (LAC, client) proves its configured credentials.  PAP (RFC 1334), CHAP-MD5 (RFC 1994)
 * and MS-CHAPv2 (RFC 2759) share the retransmission and result plumbing
 * here; the per-method packet logic is in pap.c, chap_md5.c, mschapv2.c.
 */
#ifndef L2TPGW_PPP_AUTH_H
#define L2TPGW_PPP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "escape.h"
#include "loop.h"
#include "ppp/proto.h"

enum ppp_auth_method {
	PPP_AUTH_NONE,
	PPP_AUTH_PAP,
	PPP_AUTH_CHAP_MD5,
	PPP_AUTH_MSCHAPV2,
	PPP_AUTH_NMETHODS
};

extern const char *const ppp_auth_names[PPP_AUTH_NMETHODS];

/* LCP option 3 encoding of a method; 0 if none.  Returns data length. */
size_t ppp_auth_encode(enum ppp_auth_method m, uint8_t out[3]);
/* Decodes option 3's data; PPP_AUTH_NONE if we do not know it. */
enum ppp_auth_method ppp_auth_decode(const uint8_t *val, size_t len);

struct aaa_verifier;
struct aaa_session_info;
struct aaa_pending;
struct aaa_grant;
struct aaa_verdict;
struct aaa_credentials;

/* Failure reasons reported with a failed authentication. */
enum auth_result {
	AUTH_OK,
	AUTH_BAD_CREDENTIALS,	/* unknown user or wrong password */
	AUTH_UNUSABLE_SECRET,	/* NT-hash password with PAP/CHAP-MD5 */
	AUTH_TIMEOUT,
	AUTH_PEER_NOT_AUTHENTIC,/* MS-CHAPv2 server proved nothing */
};

struct ppp_auth;

struct ppp_auth_ops {
	void (*xmit)(void *ctx, uint16_t proto, const uint8_t *pkt,
		     size_t len);
	/*
	 * Once per authentication; user is NULL when unknown (client).  g:
	 * what the verifier granted (server, AUTH_OK), else NULL; it lives
	 * only during the call.
	 */
	void (*done)(void *ctx, enum auth_result r, const char *user,
		     const struct aaa_grant *g);
	/*
	 * Optional: the state is no longer needed (retired, or finished and
	 * lingered long enough) and the owner may free it now.  Called from
	 * the state's own timer as the very last thing it does, so never
	 * from inside ppp_auth_input() or done.
	 */
	void (*release)(void *ctx);
};

#define AUTH_NAME_MAX 255
#define AUTH_PKT_MAX 600
/* A name escaped by str_escape() (escape.h): 4 bytes per byte at most. */
#define AUTH_SHOWN_MAX STR_ESCAPED_SIZE(AUTH_NAME_MAX)

struct ppp_auth {
	struct loop *loop;
	const char *log_name;
	const struct ppp_auth_ops *ops;
	void *ctx;
	bool server;
	enum ppp_auth_method method;
	const struct aaa_verifier *verifier;	/* server */
	const struct aaa_session_info *info;	/* server, for the verifier */
	const char *our_name;		/* CHAP Name we send */
	const char *secret;		/* client password */

	struct timer timer;
	uint32_t restart_ms;
	uint32_t tries_left;
	/*
	 * After finishing, how long a repeated Response/Request is still
	 * answered with our last Success/Failure (the peer lost it) before
	 * release: the peer repeats on its restart timer, for about as many
	 * tries as we wait.
	 */
	uint32_t linger_ms;
	int64_t linger_left_ms;		/* CHAP server: rechallenging */
	bool retransmits;	/* last is resent on expiry (not when waiting) */
	bool running;
	bool finished;
	bool retired;		/* ppp_auth_retire(): release is due */
	enum auth_result result;

	/*
	 * Server, between handing the credentials to the verifier and its
	 * verdict: repeats of the peer's Request/Response are not checked
	 * again, the Challenge is not resent, the overall timeout runs on.
	 */
	bool verifying;
	struct aaa_pending *pending;	/* the verifier's handle, if any */
	uint8_t verify_id;		/* the Identifier the verdict answers */
	void (*on_verdict)(struct ppp_auth *a, const struct aaa_verdict *v);
	/* MS-CHAPv2 server: the NT hash when the verifier gave it. */
	bool has_nt_hash;
	uint8_t nt_hash[16];

	uint8_t id;
	/* Ours are 16 bytes; a CHAP-MD5 peer's may be longer (pppd: 16-24). */
	uint8_t challenge[64];
	size_t challenge_len;
	/* MS-CHAPv2: the client's, or (server) the Response we accepted. */
	uint8_t peer_challenge[16];
	uint8_t nt_response[24];
	char auth_response[43];		/* "S=" + 40 hex, NUL */
	char user[AUTH_NAME_MAX + 1];

	/* What we retransmit, or repeat when the peer repeats itself. */
	uint16_t last_proto;
	uint8_t last[AUTH_PKT_MAX];
	size_t last_len;

	uint64_t rx_malformed;
	uint64_t rx_unexpected;
};

struct ppp_auth_params {
	bool server;
	enum ppp_auth_method method;
	const struct aaa_verifier *verifier;	/* server */
	const struct aaa_session_info *info;	/* server; may be NULL */
	const char *our_name;
	const char *secret;
	uint32_t restart_ms;
	uint32_t max_tries;
};

void ppp_auth_init(struct ppp_auth *a, struct loop *loop,
		   const struct ppp_auth_params *p,
		   const struct ppp_auth_ops *ops, void *ctx,
		   const char *log_name);
void ppp_auth_start(struct ppp_auth *a);
void ppp_auth_stop(struct ppp_auth *a);
/*
 * Nothing more to answer: stop, and have ops->release called from the
 * state's own timer.  Safe from inside any callback of the state.
 */
void ppp_auth_retire(struct ppp_auth *a);
/* A PAP or CHAP packet (code first). */
void ppp_auth_input(struct ppp_auth *a, uint16_t proto, const uint8_t *pkt,
		    size_t len);

/* Shared by the method files. */
void auth_send(struct ppp_auth *a, uint16_t proto, uint8_t code, uint8_t id,
	       const uint8_t *data, size_t len, bool retransmit);
void auth_finish(struct ppp_auth *a, enum auth_result r,
		 const struct aaa_grant *g);
/*
 * Server: hands c to the verifier; on_verdict runs with the verdict, from
 * inside this call (users file) or later from the loop (RADIUS), unless
 * the state stops or times out first.  id: what the answer will carry.
 */
void auth_verify(struct ppp_auth *a, const struct aaa_credentials *c,
		 uint8_t id,
		 void (*on_verdict)(struct ppp_auth *a,
				    const struct aaa_verdict *v));
void auth_random(void *buf, size_t len);
bool auth_const_eq(const void *a, const void *b, size_t len);
/* a->user escaped for logs, in out (AUTH_SHOWN_MAX bytes); returns out. */
const char *auth_user_shown(const struct ppp_auth *a,
			    char out[AUTH_SHOWN_MAX]);
/* Stores the peer's (or our) user name; false if unusable (NUL, long). */
bool auth_set_user(struct ppp_auth *a, const uint8_t *name, size_t len);

void pap_start(struct ppp_auth *a);
void pap_input(struct ppp_auth *a, uint8_t code, uint8_t id,
	       const uint8_t *data, size_t len);
void chap_start(struct ppp_auth *a);
/* The server's Challenge again, same Identifier and value. */
void chap_rechallenge(struct ppp_auth *a);
void chap_input(struct ppp_auth *a, uint8_t code, uint8_t id,
		const uint8_t *data, size_t len);

/* RFC 1994: MD5(id || secret || challenge). */
void chap_md5_response(uint8_t id, const char *secret, size_t secret_len,
		       const uint8_t *challenge, size_t challenge_len,
		       uint8_t out[16]);

#endif /* L2TPGW_PPP_AUTH_H */
