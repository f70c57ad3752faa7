/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replies to the peer's input, bounded per session.  PPP answers some
 * packets one for one whatever they carry: a frame of an unknown protocol
 * gets a Protocol-Reject, an unknown code a Code-Reject, an Echo-Request
 * an Echo-Reply, a Configure- or Terminate-Request its Ack/Nak/Reject,
 * a PAP Authenticate-Request or CHAP Response its answer (repeated while
 * the exchange lingers), a CHAP Challenge our Response.
 * Over clear L2TP anyone who learns a session's ids can send such frames
 * from the LAC's address; unbounded, each session is a 1:1 reflector.
 *
 * Each class of reply has a token bucket per session.  RFC 1661 wants
 * the reply, so the first ones always go: the bucket only bounds how
 * many.  A reply withheld is, to the peer, a packet lost on the wire:
 * every PPP automaton recovers by sending its request again after its
 * restart timer, by which time the bucket has refilled.  The classes
 * are separate so that junk of one kind never starves another (a flood
 * of unknown protocols does not stop our Echo-Replies to the peer's
 * keepalive).
 */
#ifndef L2TPGW_PPP_REPLIES_H
#define L2TPGW_PPP_REPLIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ppp_reply_class {
	PPP_REPLY_PROTOCOL_REJECT,
	PPP_REPLY_CODE_REJECT,
	PPP_REPLY_ECHO,
	/* Configure-Ack/Nak/Reject, Terminate-Ack; PAP/CHAP answers */
	PPP_REPLY_NEGOTIATION,
	PPP_REPLY_NCLASSES,
	PPP_REPLY_NONE = PPP_REPLY_NCLASSES,	/* not a reply: never held */
};

/* Replies withheld, per class (a session's, or a sum over sessions). */
struct ppp_replies_withheld {
	uint64_t n[PPP_REPLY_NCLASSES];
};

/*
 * The buckets, kept as GCRA's theoretical arrival time: one word each,
 * zero-initialised means full.
 */
struct ppp_replies {
	uint64_t tat[PPP_REPLY_NCLASSES];	/* loop ms */
};

/*
 * The class of a control packet we are about to send (proto, then the
 * packet from its code on); PPP_REPLY_NONE for our own requests and for
 * anything but LCP, IPCP, IPv6CP, PAP and CHAP.
 */
enum ppp_reply_class ppp_reply_class(uint16_t proto, const uint8_t *pkt,
				     size_t len);

/* true: send it (a token taken); false: withhold it. */
bool ppp_replies_allow(struct ppp_replies *r, enum ppp_reply_class c,
		       uint64_t now_ms);

/* The bucket of a class: its burst, one token per interval_ms. */
unsigned ppp_reply_burst(enum ppp_reply_class c);
unsigned ppp_reply_interval_ms(enum ppp_reply_class c);
/* "Protocol-Reject", "Code-Reject", "Echo-Reply", "negotiation reply". */
const char *ppp_reply_class_name(enum ppp_reply_class c);

#endif /* L2TPGW_PPP_REPLIES_H */
