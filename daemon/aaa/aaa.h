/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authentication and authorization for the PPP server, whatever answers:
 * the users file (at once) or RADIUS (later, from the loop).  The PPP
 * authenticator hands the peer's credentials to a verifier and gets one
 * verdict back; until then the session waits in its authentication phase
 * while every other session and tunnel runs on.
 */
#ifndef L2TPGW_AAA_H
#define L2TPGW_AAA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ppp/auth.h"
#include "aaa/rate.h"
#include "aaa/users.h"

#define AAA_CLASS_MAX		2	/* Class attributes kept per session */
#define AAA_CLASS_LEN		253
#define AAA_MESSAGE_MAX		253

/*
 * What a successful authentication grants the session.  Zero everywhere
 * means "the section's defaults".  Copied by whoever keeps it.
 */
struct aaa_grant {
	enum ppp_user_addr addr_kind;
	uint32_t addr;				/* host order, STATIC */
	char pool[USERS_POOL_MAX + 1];		/* POOL */
	bool has_ipv6_prefix;			/* Framed-IPv6-Prefix */
	uint8_t ipv6_prefix[16];
	uint8_t ipv6_prefix_len;
	bool has_delegated_prefix;		/* Delegated-IPv6-Prefix */
	uint8_t delegated_prefix[16];
	uint8_t delegated_prefix_len;
	uint32_t session_timeout_s;
	uint32_t idle_timeout_s;
	uint32_t interim_interval_s;		/* RADIUS accounting */
	uint16_t mtu;				/* Framed-MTU */
	struct aaa_rate rate;
	unsigned n_class;			/* echoed in accounting */
	uint8_t class_len[AAA_CLASS_MAX];
	uint8_t class_val[AAA_CLASS_MAX][AAA_CLASS_LEN];
	bool from_radius;
	/*
	 * RADIUS's rate-limit attributes as received, NUL-ended ("": none):
	 * Mikrotik-Rate-Limit and Filter-Id, for the shaper's parsers.
	 */
	char rate_limit_str[AAA_MESSAGE_MAX + 1];
	char filter_id[AAA_MESSAGE_MAX + 1];
};

/* The peer's proof, as the PPP authenticator received it. */
struct aaa_credentials {
	enum ppp_auth_method method;
	const char *user;
	/* PAP */
	const uint8_t *password;
	size_t password_len;
	/* CHAP-MD5: Identifier, our challenge, the 16-byte Response. */
	/* MS-CHAPv2: Identifier, our 16-byte challenge, the 49-byte
	 * Response value (peer challenge, reserved, NT-Response, flags). */
	uint8_t chap_id;
	const uint8_t *challenge;
	size_t challenge_len;
	const uint8_t *response;
	size_t response_len;
};

/* Where the session is, for NAS-Port-Id, Calling-Station-Id and the like. */
struct aaa_session_info {
	const char *ifname;		/* NAS-Port-Id: the session device */
	uint32_t nas_port;		/* a number unique among live sessions */
	const char *calling_station;	/* the client's public address */
	const char *tunnel_client;	/* Tunnel-Client-Endpoint */
	const char *tunnel_server;	/* Tunnel-Server-Endpoint */
	const char *acct_session_id;
	const char *log_name;		/* "session T/S", for log lines */
};

struct aaa_verdict {
	enum auth_result result;
	const struct aaa_grant *grant;		/* AUTH_OK */
	/* Reply-Message to pass to the peer (PAP/CHAP message), or NULL. */
	const char *message;
	/*
	 * MS-CHAPv2 success: the "S=" authenticator response the server
	 * computed (RADIUS MS-CHAP2-Success); NULL: the verifier had the
	 * password and the authenticator computes it itself.
	 */
	const char *mschap2_success;
	/* MS-CHAPv2 with the users file: the NT hash, to compute S=. */
	const uint8_t *nt_hash;
};

typedef void (*aaa_verdict_cb)(void *arg, const struct aaa_verdict *v);

struct aaa_pending;

struct aaa_verifier_ops {
	/*
	 * Checks cred.  Either calls cb before returning and returns NULL,
	 * or returns a handle and calls cb later from the loop (exactly
	 * once, unless aaa_cancel() comes first).  cred and info are
	 * copied as needed: they live only during the call.
	 */
	struct aaa_pending *(*verify)(void *verifier,
				      const struct aaa_credentials *cred,
				      const struct aaa_session_info *info,
				      aaa_verdict_cb cb, void *arg);
	/* The session went away first: cb is never called. */
	void (*cancel)(void *verifier, struct aaa_pending *p);
};

struct aaa_verifier {
	const struct aaa_verifier_ops *ops;
	void *priv;
};

#endif /* L2TPGW_AAA_H */
