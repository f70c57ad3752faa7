// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Acct-Session-Id: the daemon's start time, the session's ids and a
 * serial.  Tunnel and session ids come back after a session ends; the
 * serial does not, and the start time tells one run from the next.
 */
#include "aaa/acct.h"

#include <stdio.h>
#include <time.h>

void acct_session_id_format(char out[ACCT_SESSION_ID_LEN], uint32_t boot,
			    uint16_t tunnel_id, uint16_t session_id,
			    uint32_t serial)
{
	snprintf(out, ACCT_SESSION_ID_LEN, "%08X-%04X-%04X-%08X", boot,
		 tunnel_id, session_id, serial);
}

void acct_session_id_make(char out[ACCT_SESSION_ID_LEN], uint16_t tunnel_id,
			  uint16_t session_id)
{
	static uint32_t boot, serial;

	if (!boot)
		boot = (uint32_t)time(NULL);
	acct_session_id_format(out, boot, tunnel_id, session_id, ++serial);
}
