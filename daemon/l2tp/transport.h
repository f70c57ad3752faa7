/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reliable delivery of one tunnel's control messages (RFC 2661 5.8 and
 * Appendix A): sequence numbers mod 2^16, the peer's receive window, slow
 * start and congestion avoidance, in-order delivery with out-of-order
 * queueing inside our window, ZLB acknowledgements (delayed, or
 * piggybacked on the next message), retransmission with capped
 * exponential backoff, and a "peer dead" verdict when retries run out.
 * Out-of-order queueing can be switched off: until its peer is verified
 * (SCCCN or SCCRP received) a tunnel holds nothing ahead of sequence.
 *
 * The transport knows nothing of AVPs: it takes encoded control messages
 * and rewrites only their Ns and Nr fields (bytes 8..11 of the canonical
 * header our encoder writes).  Timers run on the caller's loop, so unit
 * tests drive it with a virtual clock.
 */
#ifndef L2TPGW_L2TP_TRANSPORT_H
#define L2TPGW_L2TP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct l2tp_transport;

struct l2tp_transport_config {
	uint16_t recv_window;	/* ours, as advertised; default 16 */
	uint32_t rto_initial_ms;	/* default 1000 */
	uint32_t rto_max_ms;	/* backoff cap, default 8000 */
	unsigned max_retries;	/* retransmissions before "dead", default 5 */
	uint32_t ack_delay_ms;	/* delayed ZLB, default 200 */
	unsigned max_pending;	/* send queue limit, default 512 */
};

struct l2tp_transport_ops {
	/*
	 * Put one datagram on the wire.  Must not free the transport.
	 */
	void (*output)(void *arg, const uint8_t *pkt, size_t len);
	/*
	 * The oldest message went unacknowledged through every retry.  The
	 * transport sends nothing more; the callee may free it.
	 */
	void (*peer_dead)(void *arg);
};

struct l2tp_transport_stats {
	uint64_t tx_msgs;	/* first transmissions */
	uint64_t retransmits;
	uint64_t tx_zlbs;
	uint64_t rx_msgs;	/* accepted (in order or queued) */
	uint64_t rx_duplicates;
	uint64_t rx_out_of_order;
	uint64_t rx_ahead_dropped;	/* ahead of sequence, parking off */
	uint64_t rx_out_of_window;
	uint64_t rx_bad_acks;	/* Nr acknowledging what we never sent */
};

enum l2tp_rx_verdict {
	L2TP_RX_ACK_ONLY,	/* ZLB: acknowledgement processed */
	L2TP_RX_DELIVER,	/* one or more messages ready: transport_next */
	L2TP_RX_QUEUED,		/* ahead of sequence, held until the gap fills */
	L2TP_RX_DUPLICATE,	/* seen before: acknowledged again, dropped */
	L2TP_RX_OUT_OF_WINDOW,	/* beyond our window: dropped */
	L2TP_RX_AHEAD_DROPPED,	/* ahead of sequence, parking off: dropped */
};

/* A received message handed over in order; free() it when done. */
struct l2tp_rx_msg {
	struct l2tp_rx_msg *next;	/* the transport's queue link */
	uint16_t ns;
	size_t len;
	uint8_t data[];
};

/*
 * cfg may be NULL for defaults.  Ns and Nr start at 0.  NULL if out of
 * memory.
 */
struct l2tp_transport *
l2tp_transport_new(struct loop *loop, const struct l2tp_transport_config *cfg,
		   const struct l2tp_transport_ops *ops, void *arg);
void l2tp_transport_free(struct l2tp_transport *t);

/*
 * What we learnt from the peer's SCCRQ/SCCRP: its tunnel id (for our
 * ZLBs) and its Receive Window Size (0: absent, which means 4).
 */
void l2tp_transport_set_peer(struct l2tp_transport *t, uint16_t peer_tunnel_id,
			     uint16_t peer_window);

/*
 * Whether messages ahead of sequence are held until the gap fills (on, by
 * default) or dropped unacknowledged, for the peer to send again in order.
 * Each held message costs up to its size, so a tunnel whose peer is not
 * verified turns it off: nobody else can pin our memory.
 */
void l2tp_transport_park_ahead(struct l2tp_transport *t, bool on);

/*
 * Queue an encoded control message (canonical header, >= 12 bytes) for
 * reliable delivery; it goes out now if the window allows.  The transport
 * copies it.  0, -EINVAL (not a control message), -ENOBUFS (queue full)
 * or -ENOMEM.
 */
int l2tp_transport_send(struct l2tp_transport *t, const uint8_t *msg,
			size_t len);

/*
 * A control message arrived with ns/nr (zlb: it had no AVPs).  Processes
 * the acknowledgement, then sequences the message.  On L2TP_RX_DELIVER
 * call l2tp_transport_next() until it returns NULL.
 */
enum l2tp_rx_verdict l2tp_transport_input(struct l2tp_transport *t,
					  uint16_t ns, uint16_t nr, bool zlb,
					  const uint8_t *msg, size_t len);
struct l2tp_rx_msg *l2tp_transport_next(struct l2tp_transport *t);

/* Send any pending acknowledgement now (e.g. before closing). */
void l2tp_transport_ack_now(struct l2tp_transport *t);

/* Nothing unacknowledged and nothing waiting to be sent. */
bool l2tp_transport_idle(const struct l2tp_transport *t);

/* Has the message queued with Ns ns been sent (at least once)? */
bool l2tp_transport_sent(const struct l2tp_transport *t, uint16_t ns);
/* Messages queued: sent and unacknowledged, or waiting for the window. */
unsigned l2tp_transport_pending(const struct l2tp_transport *t);
/* The most l2tp_transport_send() queues (max_pending) before -ENOBUFS. */
unsigned l2tp_transport_queue_limit(const struct l2tp_transport *t);
/* The peer's receive window (4 until it told us). */
unsigned l2tp_transport_peer_window(const struct l2tp_transport *t);
uint16_t l2tp_transport_ns(const struct l2tp_transport *t);
/* The oldest Ns the peer has not acknowledged (Ns of the next if none). */
uint16_t l2tp_transport_una(const struct l2tp_transport *t);
uint16_t l2tp_transport_nr(const struct l2tp_transport *t);
/* Our receive window, as advertised (recv_window or its default). */
uint16_t l2tp_transport_recv_window(const struct l2tp_transport *t);
unsigned l2tp_transport_cwnd(const struct l2tp_transport *t);
unsigned l2tp_transport_in_flight(const struct l2tp_transport *t);
const struct l2tp_transport_stats *
l2tp_transport_stats(const struct l2tp_transport *t);

/* Serial number arithmetic mod 2^16: a comes before b. */
static inline bool l2tp_seq_before(uint16_t a, uint16_t b)
{
	return (int16_t)(uint16_t)(a - b) < 0;
}

#endif /* L2TPGW_L2TP_TRANSPORT_H */
