// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Session end causes: their names and their Acct-Terminate-Cause
 * (end_cause.h).  RFC 2866 section 5.10 lists the values; where several
 * could fit, the row says why this one:
 *  - authentication refused: User-Error ("input from user is in error"),
 *    the credentials are the user's, not a fault of ours;
 *  - no address, no NCP, LCP not converging: Service-Unavailable ("NAS
 *    was unable to provide requested service"), nothing failed here;
 *  - the data plane refusing a link, the module gone: NAS-Error (an error
 *    of the NAS other than on the port);
 *  - LCP loopback: Port-Error (the call itself is at fault);
 *  - a reload ending a section: Admin-Reboot (the administrator ends
 *    service of that part of the NAS; NAS-Request is for reasons "not
 *    otherwise listed").
 */
#include "gateway/end_cause.h"

#include "ppp/ppp.h"

static const struct {
	const char *name;
	enum radius_terminate_cause radius;
} causes[SESSION_END_NMAX] = {
	[SESSION_END_UNKNOWN] = { "unknown", RADIUS_TC_NAS_REQUEST },
	[SESSION_END_USER_REQUEST] = { "user-request",
				       RADIUS_TC_USER_REQUEST },
	[SESSION_END_LOST_CARRIER] = { "lost-carrier",
				       RADIUS_TC_LOST_CARRIER },
	[SESSION_END_IDLE_TIMEOUT] = { "idle-timeout",
				       RADIUS_TC_IDLE_TIMEOUT },
	[SESSION_END_SESSION_TIMEOUT] = { "session-timeout",
					  RADIUS_TC_SESSION_TIMEOUT },
	[SESSION_END_ADMIN_RESET] = { "admin-reset", RADIUS_TC_ADMIN_RESET },
	[SESSION_END_ADMIN_REBOOT] = { "admin-reboot",
				       RADIUS_TC_ADMIN_REBOOT },
	[SESSION_END_NAS_REBOOT] = { "nas-reboot", RADIUS_TC_NAS_REBOOT },
	[SESSION_END_NAS_ERROR] = { "nas-error", RADIUS_TC_NAS_ERROR },
	[SESSION_END_NAS_REQUEST] = { "nas-request", RADIUS_TC_NAS_REQUEST },
	[SESSION_END_PORT_ERROR] = { "port-error", RADIUS_TC_PORT_ERROR },
	[SESSION_END_SERVICE_UNAVAILABLE] = { "service-unavailable",
					      RADIUS_TC_SERVICE_UNAVAILABLE },
	[SESSION_END_USER_ERROR] = { "user-error", RADIUS_TC_USER_ERROR },
};

const char *session_end_cause_name(enum session_end_cause c)
{
	return (unsigned)c < SESSION_END_NMAX ? causes[c].name : "unknown";
}

enum radius_terminate_cause
session_end_cause_radius(enum session_end_cause c)
{
	return (unsigned)c < SESSION_END_NMAX ? causes[c].radius :
	       RADIUS_TC_NAS_REQUEST;
}

enum session_end_cause session_end_cause_of_ppp(int reason)
{
	switch (reason) {
	case PPP_FIN_PEER_TERMINATE:
		return SESSION_END_USER_REQUEST;
	case PPP_FIN_ECHO_TIMEOUT:
		return SESSION_END_LOST_CARRIER;
	case PPP_FIN_AUTH_FAILED:
		return SESSION_END_USER_ERROR;
	case PPP_FIN_LOOPBACK:
		return SESSION_END_PORT_ERROR;
	case PPP_FIN_NEGOTIATION:
	case PPP_FIN_NO_ADDRESS:
	case PPP_FIN_NCP_FAILED:
		return SESSION_END_SERVICE_UNAVAILABLE;
	default:
		/* Our own close: whoever closed it said why first. */
		return SESSION_END_NAS_REQUEST;
	}
}
