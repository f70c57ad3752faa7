/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RADIUS as a verifier (aaa.h): one Access-Request per authentication
 * through the asynchronous client (radius/client.h), the verdict from the
 * loop when the answer (or the last timeout) comes.  PAP as User-Password,
 * CHAP-MD5 as CHAP-Password + CHAP-Challenge, MS-CHAPv2 as Microsoft's
 * MS-CHAP-Challenge + MS-CHAP2-Response (RFC 2548); an Access-Accept
 * becomes the grant, MS-CHAP2-Success the authenticator response, a
 * Reply-Message the message to the peer.
 */
#ifndef L2TPGW_AAA_RADIUS_VERIFIER_H
#define L2TPGW_AAA_RADIUS_VERIFIER_H

#include "aaa/aaa.h"
#include "radius/client.h"
#include "radius/radius.h"

struct radius_verifier {
	/*
	 * The client to send through, asked at every request (a reload may
	 * make or free it; NULL: none), and its configuration, which names
	 * the servers in log lines.
	 */
	struct radius_client *(*client)(void *arg);
	const struct radius_client_config *(*config)(void *arg);
	void *arg;
	uint64_t requests, accepts, rejects, no_answer;
};

void radius_verifier_init(struct radius_verifier *rv,
			  struct radius_client *(*client)(void *arg),
			  const struct radius_client_config *(*config)(void *),
			  void *arg);
/* The verifier PPP is given; rv must outlive every verification. */
struct aaa_verifier radius_verifier(struct radius_verifier *rv);

/*
 * What an Access-Accept grants, into g (zeroed first): Framed-IP-Address,
 * Framed-Pool, Framed-IPv6-Prefix, Delegated-IPv6-Prefix,
 * Session-Timeout, Idle-Timeout, Acct-Interim-Interval, Framed-MTU, Class,
 * Mikrotik-Rate-Limit and Filter-Id.  An attribute of the wrong form is
 * skipped with a log line naming who and what; the rest still count.
 */
void radius_grant_parse(const struct radius_packet *p, struct aaa_grant *g,
			const char *who);

#endif /* L2TPGW_AAA_RADIUS_VERIFIER_H */
