// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Per-session token buckets for the replies PPP sends one for one
 * (ppp/replies.h).
 */
#include "ppp/proto.h"
#include "ppp/replies.h"

static const struct reply_rate {
	const char *name;
	unsigned burst;
	unsigned interval_ms;
} rates[PPP_REPLY_NCLASSES] = {
	/*
	 * A real peer draws a handful of Protocol-Rejects at link start
	 * (CCP, CDPCP, IPv6CP...), then one per protocol and restart
	 * interval (3 s) until it gives up: 10 at once, 5 a second.
	 */
	[PPP_REPLY_PROTOCOL_REJECT] = { "Protocol-Reject", 10, 200 },
	/* An unknown code is as rare: the same. */
	[PPP_REPLY_CODE_REJECT] = { "Code-Reject", 10, 200 },
	/*
	 * Keepalives come one per echo interval (seconds); latency probes
	 * a few a second at most: 10 at once, 10 a second.
	 */
	[PPP_REPLY_ECHO] = { "Echo-Reply", 10, 100 },
	/*
	 * LCP, authentication, IPCP and IPv6CP at once, each with a few
	 * Naks and Rejects before it converges, then retries at the
	 * restart interval: 32 at once, 10 a second.
	 */
	[PPP_REPLY_NEGOTIATION] = { "negotiation reply", 32, 100 },
};

enum ppp_reply_class ppp_reply_class(uint16_t proto, const uint8_t *pkt,
				     size_t len)
{
	if (len < 1)
		return PPP_REPLY_NONE;
	/*
	 * PAP and CHAP: code 1 (Authenticate-Request, Challenge) is ours,
	 * repeated by our timer; every other code answers one of the
	 * peer's (and a finished exchange answers each repeat again).
	 */
	if (proto == PPP_PAP || proto == PPP_CHAP)
		return pkt[0] > 1 ? PPP_REPLY_NEGOTIATION : PPP_REPLY_NONE;
	if (proto != PPP_LCP && proto != PPP_IPCP && proto != PPP_IPV6CP)
		return PPP_REPLY_NONE;
	switch (pkt[0]) {
	case PPP_CONFACK:
	case PPP_CONFNAK:
	case PPP_CONFREJ:
	case PPP_TERMACK:
		return PPP_REPLY_NEGOTIATION;
	case PPP_CODEREJ:
		return PPP_REPLY_CODE_REJECT;
	case PPP_PROTREJ:
		return proto == PPP_LCP ? PPP_REPLY_PROTOCOL_REJECT :
					  PPP_REPLY_NONE;
	case PPP_ECHOREP:
		return proto == PPP_LCP ? PPP_REPLY_ECHO : PPP_REPLY_NONE;
	default:
		return PPP_REPLY_NONE;
	}
}

/*
 * GCRA: tat is when the bucket would be full again.  A reply may go if,
 * once its token is spent, the bucket is no more than burst tokens
 * behind now.
 */
bool ppp_replies_allow(struct ppp_replies *r, enum ppp_reply_class c,
		       uint64_t now_ms)
{
	const struct reply_rate *rate;
	uint64_t from;

	if (c >= PPP_REPLY_NCLASSES)
		return true;
	rate = &rates[c];
	from = r->tat[c] > now_ms ? r->tat[c] : now_ms;
	if (from + rate->interval_ms - now_ms >
	    (uint64_t)rate->burst * rate->interval_ms)
		return false;
	r->tat[c] = from + rate->interval_ms;
	return true;
}

unsigned ppp_reply_burst(enum ppp_reply_class c)
{
	return c < PPP_REPLY_NCLASSES ? rates[c].burst : 0;
}

unsigned ppp_reply_interval_ms(enum ppp_reply_class c)
{
	return c < PPP_REPLY_NCLASSES ? rates[c].interval_ms : 0;
}

const char *ppp_reply_class_name(enum ppp_reply_class c)
{
	return c < PPP_REPLY_NCLASSES ? rates[c].name : "reply";
}
