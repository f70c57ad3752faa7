/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Why a session ended: one cause per way a session can end, chosen where
 * the daemon decides to end it (or learns that it ended), carried by the
 * session.down event (cause=NAME), the down hook (L2TPGW_CAUSE) and
 * accounting (Acct-Terminate-Cause, RFC 2866 section 5.10).
 *
 * The first cause given to a session wins: a session timeout that sends
 * LCP Terminate-Request stays a session timeout when the Terminate-Ack
 * and the CDN that follow end it.
 */
#ifndef L2TPGW_GATEWAY_END_CAUSE_H
#define L2TPGW_GATEWAY_END_CAUSE_H

#include "radius/radius.h"

enum session_end_cause {
	SESSION_END_UNKNOWN = 0,	/* not decided yet */
	/* The peer asked: LCP Terminate-Request, CDN or StopCCN from it. */
	SESSION_END_USER_REQUEST,
	/* LCP echoes unanswered, the tunnel lost (HELLO, retransmissions),
	 * its IPsec SA gone: the peer went without a word. */
	SESSION_END_LOST_CARRIER,
	SESSION_END_IDLE_TIMEOUT,
	SESSION_END_SESSION_TIMEOUT,
	/* Our operator: session/tunnel delete, lac disconnect, DAE
	 * Disconnect-Request; or the kernel session deleted by hand. */
	SESSION_END_ADMIN_RESET,
	/* A reload ended the section the session belonged to. */
	SESSION_END_ADMIN_REBOOT,
	SESSION_END_NAS_REBOOT,		/* l2tpgwd shutting down */
	/* Something of ours failed: the data plane refused the link, PPP
	 * could not start, the module went away. */
	SESSION_END_NAS_ERROR,
	/* We ended it for a reason not listed here. */
	SESSION_END_NAS_REQUEST,
	/* LCP loopback detected: the port (the call) is looped. */
	SESSION_END_PORT_ERROR,
	/* What the peer asked for cannot be given: no address, no network
	 * protocol agreed, LCP never converged. */
	SESSION_END_SERVICE_UNAVAILABLE,
	/* The peer's credentials were refused. */
	SESSION_END_USER_ERROR,
	SESSION_END_NMAX
};

/* "idle-timeout", "admin-reset" ... ("unknown" for anything else). */
const char *session_end_cause_name(enum session_end_cause c);
/* The Acct-Terminate-Cause value (NAS-Request for UNKNOWN). */
enum radius_terminate_cause
session_end_cause_radius(enum session_end_cause c);
/* The cause of a PPP finish reason (enum ppp_finish_reason). */
enum session_end_cause session_end_cause_of_ppp(int reason);

#endif /* L2TPGW_GATEWAY_END_CAUSE_H */
