// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Datagrams in and out: the IPsec rules on what the module passes up,
 * then control to the control plane, data to the session's PPP.
 */
#include <errno.h>

#include "gateway/internal.h"
#include "wire.h"
#include "ipsec/ipsec.h"
#include "log.h"

/*
 * Never in the clear to a peer bound to an SA: not sent if the SA is gone
 * (or its mark unguarded), refused by the kernel (EPERM, the guard's block
 * policy) if charon's policy no longer covers it.  Both counted.
 */
void gw_hook_send(void *arg, uint32_t sock, const struct l2tp_addr *peer,
		  const uint8_t *pkt, size_t len)
{
	struct gateway *gw = arg;
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 1000);
	const char *why = "its CHILD_SA is gone";
	char a[80];

	if (peer->sa_reqid && gw->ipsec.find &&
	    !gw->ipsec.find(gw->ipsec.arg, peer->sa_reqid))
		goto no_sa;
	if (gw->send(gw->send_arg, sock, peer, pkt, len) != -EPERM ||
	    !peer->sa_reqid)
		return;
	why = "no IPsec policy of its CHILD_SA covers it";
no_sa:
	gw->ipsec_tx_no_sa++;
	log_rl(&rl, LOG_NOTICE, "peer %s: control not sent (CHILD_SA %u, "
	       "mark %#x): %s", gw_addr_str(peer, a, sizeof(a)),
	       peer->sa_reqid, peer->mark, why);
}

/*
 * IPsec rules for what the module passed up (docs/ipsec.md).  true if the
 * datagram may go on, with from completed by the SA's outbound mark.
 */
static bool ipsec_admit(struct gateway *gw, const struct l2tp_addr *from,
			const uint8_t *buf, size_t len, struct l2tp_addr *out)
{
	static struct log_ratelimit rl = LOG_RATELIMIT_INIT(5, 1000);
	const struct ipsec_sa *sa = NULL;
	struct gw_tunnel *gt;
	char a[80];

	*out = *from;
	out->mark = 0;
	if (from->sa_reqid)
		sa = gw->ipsec.find(gw->ipsec.arg, from->sa_reqid);
	if (!from->sa_reqid) {
		if (!gw->ipsec.enforce)
			return true;
		gw->ipsec_cleartext++;
		log_rl(&rl, LOG_NOTICE, "peer %s: L2TP in the clear dropped: "
		       "IPsec is required", gw_addr_str(from, a, sizeof(a)));
		return false;
	}
	if (!sa) {
		gw->ipsec_unknown_sa++;
		log_rl(&rl, LOG_INFO, "peer %s: dropped: charon has not "
		       "reported this CHILD_SA (yet)",
		       gw_addr_str(from, a, sizeof(a)));
		return false;
	}
	out->mark = sa->mark_out;
	/* Control for a tunnel bound to another SA (T, L bits: id at 4). */
	if (len >= 6 && (buf[0] & 0xc0) == 0xc0) {
		gt = gw->by_id[get_be16(buf + 4)];
		if (gt && l2tp_tunnel_peer(gt->t)->sa_reqid &&
		    l2tp_tunnel_peer(gt->t)->sa_reqid != from->sa_reqid) {
			gw->ipsec_wrong_sa++;
			log_rl(&rl, LOG_NOTICE, "peer %s: control for tunnel %u "
			       "dropped: it belongs to CHILD_SA %u",
			       gw_addr_str(from, a, sizeof(a)), gt->id,
			       l2tp_tunnel_peer(gt->t)->sa_reqid);
			return false;
		}
	}
	return true;
}

void gateway_input(struct gateway *gw, uint32_t sock,
		   const struct l2tp_addr *from, const uint8_t *buf,
		   size_t len)
{
	struct l2tp_session *ls;
	struct l2tp_addr bound;
	const uint8_t *frame;
	size_t flen;

	if (gw->ipsec.find) {
		if (!ipsec_admit(gw, from, buf, len, &bound))
			return;
		from = &bound;
	}
	if (len >= 1 && (buf[0] & 0x80)) {
		/* Data never moves a tunnel: the module drops it instead. */
		gw_follow_peer(gw, sock, from, buf, len);
		l2tp_ctx_input(gw->ctx, sock, from, buf, len);
		return;
	}
	ls = l2tp_ctx_data_input(gw->ctx, sock, from, buf, len, &frame, &flen);
	if (ls)
		gw_session_input(gw_session_of(ls), frame, flen);
}
