/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every class of control input the context refuses, drops or answers
 * less than asked, and every reply it holds back: one counter each, kept
 * in struct l2tp_ctx_stats and shown by `l2tpctl stats` under the same
 * name.  X(name, what is counted).
 */
#ifndef L2TPGW_L2TP_REJECTS_H
#define L2TPGW_L2TP_REJECTS_H

#define L2TP_CTX_COUNTERS(X)						\
	X(calls_refused_admission, "calls refused by the owner's admission") \
	X(calls_refused_direction, "ICRQ/OCRQ of a direction not accepted") \
	X(calls_refused_resources, "calls refused: limit, no id, no memory") \
	X(ctl_bad_header, "datagrams not L2TPv2 control or over 8 KiB")	\
	X(ctl_bad_sccrq, "SCCRQs that do not decode or name tunnel 0")	\
	X(ctl_not_sccrq_to_tunnel0, "other messages to tunnel 0")	\
	X(ctl_unknown_tunnel, "messages for a tunnel we do not have")	\
	X(data_unknown_session, "data for a session we do not have")	\
	X(sccrq_rate_limited, "SCCRQs over their source's rate")	\
	X(sccrq_table_full, "SCCRQs refused: max_tunnels reached")	\
	X(sccrq_no_resources, "SCCRQs refused: no tunnel id or memory")	\
	X(sccrq_unverified_source_full,					\
	  "SCCRQs refused: their source's unverified budget is full")	\
	X(unverified_evicted,						\
	  "unverified tunnels dropped for a newer SCCRQ")		\
	X(sccrq_duplicate_established,					\
	  "SCCRQs naming an established tunnel of the same peer")	\
	X(tunnels_dropped_after_probe,					\
	  "established tunnels dropped: a duplicate SCCRQ, then no answer") \
	X(ctl_out_of_order_unverified,					\
	  "out-of-order messages dropped before the peer was verified") \
	X(tx_withheld_unverified,					\
	  "datagrams not sent: over the bytes an unverified peer sent") \
	X(unverified_rx_bytes, "bytes received from unverified peers")	\
	X(unverified_tx_bytes, "bytes sent to unverified peers")

#endif /* L2TPGW_L2TP_REJECTS_H */
