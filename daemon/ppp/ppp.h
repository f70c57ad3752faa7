/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One PPP session negotiated inside l2tpgwd: LCP, authentication (PAP,
 * CHAP-MD5, MS-CHAPv2; as authenticator or as peer), IPCP and IPv6CP.
 * No pppd: the L2TP layer hands PPP control frames in and sends what
 * ppp_ops.send gives it; the data path stays in the kernel.
 *
 * Callbacks and re-entrancy:
 *  - ops->send, auth_done, ncp_up and ncp_down are called synchronously
 *    from ppp_session_start/_input/_close or from a loop timer.  send must
 *    only queue or transmit the frame.  auth_done/ncp_up/ncp_down may call
 *    ppp_session_close() but never ppp_session_free().
 *  - ops->finished is always called from a loop timer of its own, never
 *    from inside a ppp_session_* call, exactly once per session; it may
 *    free the session.  After it the session sends nothing more.
 *
 * Borrowed pointers in struct ppp_config (verifier, pools, names,
 * withheld_total) must stay valid until ppp_session_free().
 */
#ifndef L2TPGW_PPP_PPP_H
#define L2TPGW_PPP_PPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loop.h"
#include "ppp/auth.h"
#include "ppp/fsm.h"
#include "ppp/proto.h"
#include "ppp/replies.h"

struct users_db;
struct aaa_verifier;
struct aaa_session_info;
struct aaa_grant;
struct pool_set;
struct ra_config;
struct ppp_session;

enum ppp_role { PPP_SERVER, PPP_CLIENT };

/* Why a session finished (ppp_ops.finished's reason). */
enum ppp_finish_reason {
	PPP_FIN_LOCAL_CLOSE = 1,	/* ppp_session_close() */
	PPP_FIN_PEER_TERMINATE,		/* peer sent Terminate-Request */
	PPP_FIN_NEGOTIATION,		/* LCP never converged */
	PPP_FIN_AUTH_FAILED,
	PPP_FIN_ECHO_TIMEOUT,
	PPP_FIN_LOOPBACK,
	PPP_FIN_NO_ADDRESS,		/* pool exhausted / address in use */
	PPP_FIN_NCP_FAILED,		/* no network protocol opened */
	PPP_FIN_NMAX
};

const char *ppp_finish_reason_name(int reason);

/* Addresses in host byte order. */
struct ppp_ncp_result {
	uint32_t local_ip;
	uint32_t peer_ip;
	uint32_t dns[2];
	uint8_t local_ifid[8];
	uint8_t peer_ifid[8];
	/*
	 * IPv6CP, server: the peer's /64 from the section's prefix pool
	 * (low 64 bits zero), to be routed to the link and advertised by
	 * Router Advertisements configured by ra.  has_prefix false: none
	 * configured, or the pool is exhausted (link-local only).
	 */
	bool has_prefix;
	uint8_t prefix[16];
	const struct ra_config *ra;
	/*
	 * IPv6CP, server (serve_pd): the authentication's delegated prefix
	 * (for DHCPv6 prefix delegation) if it passed keep_delegated_prefix's
	 * checks, and the user it was granted to (NULL: none).  A client's
	 * link has no DHCPv6 server of ours.
	 */
	bool serve_pd;
	bool has_delegated;
	uint8_t delegated_len;
	uint8_t delegated[16];
	const char *user;
};

struct ppp_ops {
	/* PPP frame, 2-byte protocol field first, no FF 03. */
	void (*send)(void *ctx, const uint8_t *frame, size_t len);
	/*
	 * Server: the peer's user name; client: our own.  g: what the
	 * verifier granted (server, ok), else NULL; it lives only during the
	 * call (copy it to keep it).
	 */
	void (*auth_done)(void *ctx, const char *user, bool ok,
			  const struct aaa_grant *g);
	void (*ncp_up)(void *ctx, int proto, const struct ppp_ncp_result *r);
	void (*ncp_down)(void *ctx, int proto);
	void (*finished)(void *ctx, int reason, const char *msg);
};

struct ppp_config {
	/*
	 * Server: methods requested in this order, moving down on Nak.
	 * Client: methods accepted, the first suggested on Nak.
	 * n_auth 0: no authentication.
	 */
	enum ppp_auth_method auth[PPP_AUTH_NMETHODS - 1];
	size_t n_auth;
	const struct aaa_verifier *verifier;	/* server: checks the peer */
	const struct aaa_session_info *aaa_info; /* server: for the verifier */
	struct pool_set *pools;		/* server; may be NULL */
	const char *default_pool;	/* server: users without address/pool */
	const char *hostname;		/* server: CHAP name; NULL "l2tpgw" */
	const char *user;		/* client */
	const char *password;		/* client */
	uint32_t local_ip;		/* server: ours; client: to ask for */
	uint32_t dns[2];		/* server: offered (0: none) */
	bool want_dns;			/* client: ask for DNS */
	bool ipv4;
	bool ipv6;
	const struct ra_config *ra;	/* server, with pools' prefixes */
	uint16_t mru;			/* 0: 1500 */
	uint32_t echo_interval_ms;	/* 0: no LCP keepalive */
	uint32_t echo_failures;		/* missed replies before giving up */
	struct fsm_config fsm;		/* restart timer, Max-* (0: RFC) */
	/* Replies withheld, added here too (sums over sessions); or NULL. */
	struct ppp_replies_withheld *withheld_total;
};

struct ppp_session_stats {
	uint64_t rx_frames;
	uint64_t rx_malformed;		/* unparseable frame or packet */
	uint64_t rx_discarded;		/* valid but not for now */
	uint64_t rx_data;		/* IP/IPv6 data that reached us */
	uint64_t rx_bad_id;		/* replies to no request of ours */
	uint64_t tx_frames;
	uint64_t protocol_rejects;	/* Protocol-Rejects we sent */
	uint64_t echo_sent;
	uint64_t echo_replies;
	/* Replies to the peer's input held back by ppp/replies.h's buckets. */
	struct ppp_replies_withheld withheld;
};

struct ppp_session *ppp_session_new(struct loop *loop,
				    const struct ppp_config *cfg,
				    const struct ppp_ops *ops, void *ctx,
				    enum ppp_role role,
				    const char *name_for_logs);
/* Lower layer up and Open: LCP starts negotiating. */
void ppp_session_start(struct ppp_session *s);
/* One PPP frame from the L2TP layer (FF 03 optional, PFC accepted). */
void ppp_session_input(struct ppp_session *s, const uint8_t *frame,
		       size_t len);
/* Terminate the link; ops->finished follows (after Terminate-Ack). */
void ppp_session_close(struct ppp_session *s, const char *reason);
void ppp_session_free(struct ppp_session *s);
/*
 * MTU for the session netdevice: the peer's MRU (what we may send),
 * never above our own MRU nor the Framed-MTU the session was granted.
 */
uint16_t ppp_session_mru(const struct ppp_session *s);
/* Counters of the session and all its control protocols, summed. */
void ppp_session_stats(const struct ppp_session *s,
		       struct ppp_session_stats *out);
/*
 * Bytes one session holds for its whole life (for per-session memory
 * accounting); the authentication state, allocated for the authentication
 * phase only, and the user name are not included.
 */
size_t ppp_session_size(void);
/*
 * Server: the name the peer authenticated (or failed to authenticate)
 * with; client: ours.  "" before authentication or without it.  Valid
 * until the next authentication of the session or ppp_session_free().
 */
const char *ppp_session_user(const struct ppp_session *s);
/* The method of the authentication running or just done (auth_done). */
enum ppp_auth_method ppp_session_auth_method(const struct ppp_session *s);
/* "establish", "authenticate", "network", "terminate", "dead". */
/*
 * Server: the delegated prefix the last authentication granted and
 * keep_delegated_prefix accepted (RADIUS accounting reports it).
 */
bool ppp_session_delegated(const struct ppp_session *s, uint8_t prefix[16],
			   uint8_t *len);
const char *ppp_session_phase(const struct ppp_session *s);
/* State of a control protocol (PPP_LCP, PPP_IPCP, PPP_IPV6CP). */
enum fsm_state ppp_session_fsm_state(const struct ppp_session *s,
				     uint16_t proto);

/*
 * At configuration load, before any session: checks that every pool named
 * by the users file (and default_pool, if not NULL) exists, that users
 * without address or pool have a default pool, that no two users share a
 * static address, and reserves the static addresses in their pools.
 * 0, or a negative errno with "file:line: ..." in err.
 */
int ppp_address_plan_check(const struct users_db *users,
			   const char *users_file, struct pool_set *pools,
			   const char *default_pool, char *err, size_t errlen);

#endif /* L2TPGW_PPP_PPP_H */
