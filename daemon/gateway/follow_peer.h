/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * follow_peer: whether a control message for an established cleartext
 * tunnel, arriving from a source that is not its peer (a NAT mapping
 * changed), moves the tunnel there.  A pure function of what the tunnel
 * and the message show, so that unit tests drive every rule.
 *
 * The message must carry sequence numbers only the tunnel's peer knows:
 * its Ns the next we expect or within our receive window of it (a new
 * message), or one of the last window's (a retransmission whose ack the
 * old mapping swallowed); its Nr acknowledging nothing we have not sent,
 * and nothing older than a peer's window before our oldest unacknowledged
 * message.  A blind spoof passes both with a chance of about
 * 2 x window / 65536 x (window + in flight) / 65536.
 *
 * Never moved: tunnels of a section without follow_peer; tunnels under
 * IPsec or messages through an SA (issue 17: a tunnel follows its SA);
 * tunnels with a secret (nothing after SCCCN proves it: HELLO and ZLB
 * carry no hidden AVP, and a hidden AVP's decryption cannot be checked);
 * tunnels not established; a message on another local socket; a new
 * source the [lns] section's peers do not allow.  Data never moves a
 * tunnel: the module drops data from a source that is not the tunnel's
 * peer (rx_wrong_peer) and nothing else looks at it.
 */
#ifndef L2TPGW_GATEWAY_FOLLOW_PEER_H
#define L2TPGW_GATEWAY_FOLLOW_PEER_H

#include <stdbool.h>
#include <stdint.h>

struct follow_facts {
	bool enabled;		/* follow_peer = yes in the tunnel's section */
	bool ipsec;		/* the tunnel's peer or the message via an SA */
	bool secret;		/* the tunnel has a secret */
	bool established;	/* SCCCN exchanged, not closing */
	bool same_socket;	/* arrived on the tunnel's local socket */
	bool allowed;		/* the section admits the new source */
	uint16_t ns, nr;	/* the message's */
	uint16_t rx_next;	/* the Ns we expect next from the peer */
	uint16_t rx_window;	/* ours, as we advertised it */
	uint16_t tx_next;	/* the Ns of our next message */
	uint16_t tx_una;	/* our oldest unacknowledged Ns (tx_next: none) */
	uint16_t tx_window;	/* the peer's receive window */
};

enum follow_verdict {
	FOLLOW_MOVE,
	FOLLOW_OFF,
	FOLLOW_IPSEC,
	FOLLOW_SECRET,
	FOLLOW_NOT_ESTABLISHED,
	FOLLOW_OTHER_SOCKET,
	FOLLOW_NOT_ALLOWED,
	FOLLOW_BAD_NS,
	FOLLOW_BAD_NR,
};

enum follow_verdict follow_decide(const struct follow_facts *f);
/* Why a verdict refuses, for a log line ("moved" for FOLLOW_MOVE). */
const char *follow_verdict_str(enum follow_verdict v);

#endif /* L2TPGW_GATEWAY_FOLLOW_PEER_H */
