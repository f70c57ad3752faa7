// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Error messages of a handle, and the names of the UAPI's enumerations
 * as they appear in l2tpctl's text and JSON output.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *l2tpctl_errmsg(const struct l2tpctl *h)
{
	return h ? h->errmsg : "out of memory";
}

const char *l2tpctl_kernel_extack(const struct l2tpctl *h)
{
	return h ? h->extack : "";
}

void ctl_clear_error(struct l2tpctl *h)
{
	h->errmsg[0] = '\0';
	h->extack[0] = '\0';
}

int ctl_fail(struct l2tpctl *h, int err, const char *what, const char *detail)
{
	h->extack[0] = '\0';
	if (detail && *detail)
		snprintf(h->errmsg, sizeof(h->errmsg), "%s: %s: %s", what,
			 strerror(-err), detail);
	else
		snprintf(h->errmsg, sizeof(h->errmsg), "%s: %s", what,
			 strerror(-err));
	return err;
}

int ctl_failf(struct l2tpctl *h, int err, const char *fmt, ...)
{
	va_list ap;

	h->extack[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(h->errmsg, sizeof(h->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

static const char *const stat_names[L2TPGW_STAT_MAX + 1] = {
	[L2TPGW_STAT_RX_PACKETS]		= "rx_packets",
	[L2TPGW_STAT_RX_BYTES]			= "rx_bytes",
	[L2TPGW_STAT_TX_PACKETS]		= "tx_packets",
	[L2TPGW_STAT_TX_BYTES]			= "tx_bytes",
	[L2TPGW_STAT_RX_CTRL_PACKETS]		= "rx_ctrl_packets",
	[L2TPGW_STAT_TX_CTRL_PACKETS]		= "tx_ctrl_packets",
	[L2TPGW_STAT_RX_PASSED_UP]		= "rx_passed_up",
	[L2TPGW_STAT_RX_BAD_HEADER]		= "rx_bad_header",
	[L2TPGW_STAT_RX_BAD_LENGTH]		= "rx_bad_length",
	[L2TPGW_STAT_RX_UNKNOWN_SESSION]	= "rx_unknown_session",
	[L2TPGW_STAT_RX_WRONG_PEER]		= "rx_wrong_peer",
	[L2TPGW_STAT_RX_SEQ_MISSING]		= "rx_seq_missing",
	[L2TPGW_STAT_RX_SEQ_DISCARD]		= "rx_seq_discard",
	[L2TPGW_STAT_RX_REORDER_TIMEOUT]	= "rx_reorder_timeout",
	[L2TPGW_STAT_RX_REORDER_OVERFLOW]	= "rx_reorder_overflow",
	[L2TPGW_STAT_RX_OOS_PACKETS]		= "rx_oos_packets",
	[L2TPGW_STAT_RX_PROTO_DISABLED]		= "rx_proto_disabled",
	[L2TPGW_STAT_RX_BAD_PPP]		= "rx_bad_ppp",
	[L2TPGW_STAT_RX_NOT_READ]		= "rx_not_read",
	[L2TPGW_STAT_RX_DROPPED]		= "rx_dropped",
	[L2TPGW_STAT_TX_NO_ROUTE]		= "tx_no_route",
	[L2TPGW_STAT_TX_DROPPED]		= "tx_dropped",
	[L2TPGW_STAT_RX_UNPROTECTED]		= "rx_unprotected",
	[L2TPGW_STAT_RX_WRONG_SA]		= "rx_wrong_sa",
	[L2TPGW_STAT_TX_NO_SA]			= "tx_no_sa",
	[L2TPGW_STAT_RX_REORDER_NOMEM]		= "rx_reorder_nomem",
	[L2TPGW_STAT_LIMIT_REFUSED]		= "limit_refused",
	[L2TPGW_STAT_TCP_MSS_CLAMPED]		= "tcp_mss_clamped",
	[L2TPGW_STAT_TX_GSO_PACKETS]		= "tx_gso_packets",
	[L2TPGW_STAT_TX_GSO_SEGS]		= "tx_gso_segs",
	[L2TPGW_STAT_RX_GRO_PACKETS]		= "rx_gro_packets",
	[L2TPGW_STAT_RX_GRO_SEGS]		= "rx_gro_segs",
};

_Static_assert(L2TPGW_STAT_MAX < L2TPCTL_STATS_CAPACITY,
	       "struct l2tpctl_stats too small for the UAPI counters");

const char *l2tpctl_stat_name(unsigned int stat)
{
	return stat <= L2TPGW_STAT_MAX ? stat_names[stat] : NULL;
}

static const char *const limit_names[L2TPGW_LIMIT_MAX + 1] = {
	[L2TPGW_LIMIT_SOCKETS]			= "sockets",
	[L2TPGW_LIMIT_SOCKETS_MAX]		= "max_sockets",
	[L2TPGW_LIMIT_TUNNELS]			= "tunnels",
	[L2TPGW_LIMIT_TUNNELS_MAX]		= "max_tunnels",
	[L2TPGW_LIMIT_SESSIONS]			= "sessions",
	[L2TPGW_LIMIT_SESSIONS_MAX]		= "max_sessions",
	[L2TPGW_LIMIT_REORDER_BYTES]		= "reorder_bytes",
	[L2TPGW_LIMIT_REORDER_BYTES_MAX]	= "max_reorder_bytes",
};

_Static_assert(L2TPGW_LIMIT_MAX < L2TPCTL_LIMITS_CAPACITY,
	       "struct l2tpctl_limits too small for the UAPI limits");

const char *l2tpctl_limit_name(unsigned int limit)
{
	return limit <= L2TPGW_LIMIT_MAX ? limit_names[limit] : NULL;
}

static const char *const cause_names[] = {
	[L2TPGW_CAUSE_UNSPEC]		= "unspec",
	[L2TPGW_CAUSE_USER]		= "user",
	[L2TPGW_CAUSE_SOCK_CLOSED]	= "sock_closed",
	[L2TPGW_CAUSE_NETNS_EXIT]	= "netns_exit",
	[L2TPGW_CAUSE_TUNNEL_DEL]	= "tunnel_del",
	[L2TPGW_CAUSE_DEV_DEL]		= "dev_del",
};

const char *l2tpctl_cause_name(uint32_t cause)
{
	if (cause < sizeof(cause_names) / sizeof(cause_names[0]))
		return cause_names[cause];
	return "unknown";
}

static const char *const cmd_names[L2TPGW_CMD_MAX + 1] = {
	[L2TPGW_CMD_UNSPEC]		= "unspec",
	[L2TPGW_CMD_SOCK_ATTACH]	= "sock_attach",
	[L2TPGW_CMD_SOCK_DETACH]	= "sock_detach",
	[L2TPGW_CMD_SOCK_GET]		= "sock_get",
	[L2TPGW_CMD_TUNNEL_ADD]		= "tunnel_add",
	[L2TPGW_CMD_TUNNEL_DEL]		= "tunnel_del",
	[L2TPGW_CMD_TUNNEL_MODIFY]	= "tunnel_modify",
	[L2TPGW_CMD_TUNNEL_GET]		= "tunnel_get",
	[L2TPGW_CMD_SESSION_ADD]	= "session_add",
	[L2TPGW_CMD_SESSION_DEL]	= "session_del",
	[L2TPGW_CMD_SESSION_MODIFY]	= "session_modify",
	[L2TPGW_CMD_SESSION_GET]	= "session_get",
	[L2TPGW_CMD_PPP_XMIT]		= "ppp_xmit",
	[L2TPGW_CMD_STATS_GET]		= "stats_get",
	[L2TPGW_CMD_SOCK_MODIFY]	= "sock_modify",
};

const char *l2tpctl_cmd_name(uint8_t cmd)
{
	return cmd <= L2TPGW_CMD_MAX && cmd_names[cmd] ? cmd_names[cmd] :
	       "unknown";
}
