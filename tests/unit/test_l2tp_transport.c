// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Control channel reliable delivery against the virtual clock: acks,
 * delayed and piggybacked ZLBs, retransmission backoff and peer death,
 * slow start within the peer's window, reordering, duplicates, Ns/Nr
 * wraparound, and two transports talking over a lossy, duplicating,
 * reordering wire.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/message.h"
#include "l2tp/transport.h"
#include "loop.h"

#define MAX_CAPTURE 4096

struct sent {
	uint64_t at;
	uint16_t ns, nr;
	bool zlb;
	uint8_t tag;	/* first value byte after the header, our marker */
};

struct side {
	struct loop *loop;
	struct l2tp_transport *t;
	struct sent out[MAX_CAPTURE];
	unsigned n_out;
	bool dead;
	uint64_t dead_at;
	struct wire *wire;	/* if connected to a peer */
	int index;
};

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void wire_put(struct wire *w, int from, const uint8_t *pkt, size_t len);

static void capture(void *arg, const uint8_t *pkt, size_t len)
{
	struct side *s = arg;
	struct sent *o;

	ck_assert_uint_ge(len, 12);
	ck_assert_uint_eq(be16(pkt + 2), len);
	if (s->n_out < MAX_CAPTURE) {
		o = &s->out[s->n_out++];
		o->at = loop_now(s->loop);
		o->ns = be16(pkt + 8);
		o->nr = be16(pkt + 10);
		o->zlb = len == 12;
		o->tag = len > 12 ? pkt[12] : 0;
	}
	if (s->wire)
		wire_put(s->wire, s->index, pkt, len);
}

static void dead(void *arg)
{
	struct side *s = arg;

	s->dead = true;
	s->dead_at = loop_now(s->loop);
}

static const struct l2tp_transport_ops ops = {
	.output = capture,
	.peer_dead = dead,
};

static struct side *side_new(struct loop *loop,
			     const struct l2tp_transport_config *cfg)
{
	struct side *s = calloc(1, sizeof(*s));

	ck_assert_ptr_nonnull(s);
	s->loop = loop;
	s->t = l2tp_transport_new(loop, cfg, &ops, s);
	ck_assert_ptr_nonnull(s->t);
	return s;
}

static void side_free(struct side *s)
{
	l2tp_transport_free(s->t);
	free(s);
}

/* A control message whose first byte after the header is tag. */
static void send_tagged(struct side *s, uint8_t tag)
{
	uint8_t m[20] = { 0xc8, 0x02, 0x00, 20, 0x00, 0x07 };

	m[12] = tag;
	ck_assert_int_eq(l2tp_transport_send(s->t, m, sizeof(m)), 0);
}

static enum l2tp_rx_verdict recv_tagged(struct side *s, uint16_t ns,
					uint16_t nr, uint8_t tag)
{
	uint8_t m[20] = { 0xc8, 0x02, 0x00, 20 };

	m[12] = tag;
	return l2tp_transport_input(s->t, ns, nr, false, m, sizeof(m));
}

static unsigned drain_tags(struct side *s, uint8_t *tags, unsigned max)
{
	struct l2tp_rx_msg *r;
	unsigned n = 0;

	while ((r = l2tp_transport_next(s->t))) {
		if (n < max)
			tags[n] = r->data[12];
		n++;
		free(r);
	}
	return n;
}

START_TEST(send_and_ack)
{
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);

	send_tagged(s, 1);
	ck_assert_uint_eq(s->n_out, 1);
	ck_assert_uint_eq(s->out[0].ns, 0);
	ck_assert_uint_eq(s->out[0].nr, 0);
	ck_assert(!l2tp_transport_idle(s->t));
	ck_assert_int_eq(l2tp_transport_input(s->t, 0, 1, true, NULL, 0),
			 L2TP_RX_ACK_ONLY);
	ck_assert(l2tp_transport_idle(s->t));
	/* Nothing left to retransmit, nothing to acknowledge. */
	loop_advance(loop, 60000);
	ck_assert_uint_eq(s->n_out, 1);
	ck_assert_uint_eq(loop_timer_count(loop), 0);
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(backoff_then_dead)
{
	static const uint64_t expect[] = { 0, 1000, 3000, 7000, 15000, 23000 };
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);
	unsigned i;

	send_tagged(s, 1);
	loop_advance(loop, 500);
	/* A peer message arriving meanwhile: the retransmission acks it. */
	ck_assert_int_eq(recv_tagged(s, 0, 0, 9), L2TP_RX_DELIVER);
	free(l2tp_transport_next(s->t));
	loop_advance(loop, 40000);
	/* ZLB for the peer's message at 700 ms, counted out below. */
	ck_assert(s->dead);
	ck_assert_uint_eq(s->dead_at, 31000);
	for (i = 0; i < s->n_out && s->out[i].zlb; i++)
		;
	{
		unsigned k = 0;

		for (i = 0; i < s->n_out; i++) {
			if (s->out[i].zlb)
				continue;
			ck_assert_uint_lt(k, 6);
			ck_assert_uint_eq(s->out[i].at, expect[k]);
			ck_assert_uint_eq(s->out[i].ns, 0);
			ck_assert_uint_eq(s->out[i].nr, k ? 1 : 0);
			k++;
		}
		ck_assert_uint_eq(k, 6);
	}
	ck_assert_uint_eq(l2tp_transport_stats(s->t)->retransmits, 5);
	/* Dead: refuses more work. */
	ck_assert_int_lt(l2tp_transport_send(s->t, (const uint8_t *)
					     "\xc8\x02\x00\x0c\0\0\0\0\0\0\0\0",
					     12), 0);
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(retry_limit_and_cap_configurable)
{
	struct l2tp_transport_config cfg = {
		.rto_initial_ms = 2000, .rto_max_ms = 2000, .max_retries = 3,
	};
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, &cfg);

	send_tagged(s, 1);
	loop_advance(loop, 100000);
	ck_assert_uint_eq(s->n_out, 4);
	ck_assert_uint_eq(s->out[3].at, 6000);
	ck_assert_uint_eq(s->dead_at, 8000);
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(slow_start_in_peer_window)
{
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);
	unsigned i;

	l2tp_transport_set_peer(s->t, 9, 4);
	for (i = 0; i < 10; i++)
		send_tagged(s, (uint8_t)i);
	ck_assert_uint_eq(s->n_out, 1);	/* cwnd 1 */
	l2tp_transport_input(s->t, 0, 1, true, NULL, 0);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 2);
	ck_assert_uint_eq(s->n_out, 3);
	l2tp_transport_input(s->t, 0, 3, true, NULL, 0);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 4);
	ck_assert_uint_eq(s->n_out, 7);
	ck_assert_uint_eq(l2tp_transport_in_flight(s->t), 4);
	/* Never beyond the peer's window of 4. */
	l2tp_transport_input(s->t, 0, 7, true, NULL, 0);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 4);
	ck_assert_uint_eq(s->n_out, 10);
	for (i = 0; i < 10; i++)
		ck_assert_uint_eq(s->out[i].tag, i);
	/* Timeout collapses cwnd to 1 and halves ssthresh. */
	loop_advance(loop, 1000);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 1);
	ck_assert_uint_eq(s->n_out, 11);
	ck_assert_uint_eq(s->out[10].ns, 7);
	l2tp_transport_input(s->t, 0, 10, true, NULL, 0);
	ck_assert(l2tp_transport_idle(s->t));
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(congestion_avoidance)
{
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);
	uint16_t acked = 0;
	unsigned i;

	l2tp_transport_set_peer(s->t, 9, 8);
	for (i = 0; i < 40; i++)
		send_tagged(s, (uint8_t)i);
	/* Grow to 4, then lose: ssthresh 2. */
	l2tp_transport_input(s->t, 0, ++acked, true, NULL, 0);
	l2tp_transport_input(s->t, 0, acked += 2, true, NULL, 0);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 4);
	loop_advance(loop, 1000);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 1);
	/* Slow start to ssthresh (2), then +1 per cwnd acks, one by one. */
	l2tp_transport_input(s->t, 0, ++acked, true, NULL, 0);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 2);
	l2tp_transport_input(s->t, 0, ++acked, true, NULL, 0);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 2);
	l2tp_transport_input(s->t, 0, ++acked, true, NULL, 0);
	ck_assert_uint_eq(l2tp_transport_cwnd(s->t), 3);
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(delayed_and_piggybacked_ack)
{
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);

	l2tp_transport_set_peer(s->t, 42, 4);
	ck_assert_int_eq(recv_tagged(s, 0, 0, 1), L2TP_RX_DELIVER);
	free(l2tp_transport_next(s->t));
	loop_advance(loop, 199);
	ck_assert_uint_eq(s->n_out, 0);
	loop_advance(loop, 1);
	ck_assert_uint_eq(s->n_out, 1);
	ck_assert(s->out[0].zlb);
	ck_assert_uint_eq(s->out[0].nr, 1);
	/* A reply sent before the delay ends carries the ack instead. */
	ck_assert_int_eq(recv_tagged(s, 1, 0, 2), L2TP_RX_DELIVER);
	free(l2tp_transport_next(s->t));
	loop_advance(loop, 50);
	send_tagged(s, 3);
	loop_advance(loop, 1000 - 1);
	ck_assert_uint_eq(s->n_out, 2);
	ck_assert(!s->out[1].zlb);
	ck_assert_uint_eq(s->out[1].nr, 2);
	l2tp_transport_ack_now(s->t);
	ck_assert_uint_eq(s->n_out, 2);	/* nothing pending */
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(reorder_and_duplicates)
{
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);
	uint8_t tags[8];

	ck_assert_int_eq(recv_tagged(s, 2, 0, 30), L2TP_RX_QUEUED);
	ck_assert_int_eq(recv_tagged(s, 2, 0, 30), L2TP_RX_DUPLICATE);
	ck_assert_int_eq(recv_tagged(s, 1, 0, 20), L2TP_RX_QUEUED);
	ck_assert_ptr_null(l2tp_transport_next(s->t));
	ck_assert_int_eq(recv_tagged(s, 0, 0, 10), L2TP_RX_DELIVER);
	ck_assert_uint_eq(drain_tags(s, tags, 8), 3);
	ck_assert_uint_eq(tags[0], 10);
	ck_assert_uint_eq(tags[1], 20);
	ck_assert_uint_eq(tags[2], 30);
	ck_assert_uint_eq(l2tp_transport_nr(s->t), 3);
	/* An old one: acknowledged at once, not delivered. */
	ck_assert_int_eq(recv_tagged(s, 1, 0, 20), L2TP_RX_DUPLICATE);
	ck_assert_uint_eq(s->n_out, 1);
	ck_assert(s->out[0].zlb);
	ck_assert_uint_eq(s->out[0].nr, 3);
	ck_assert_ptr_null(l2tp_transport_next(s->t));
	/* Beyond our window of 16: dropped. */
	ck_assert_int_eq(recv_tagged(s, 3 + 16, 0, 99), L2TP_RX_OUT_OF_WINDOW);
	ck_assert_int_eq(recv_tagged(s, 3 + 15, 0, 98), L2TP_RX_QUEUED);
	ck_assert_uint_eq(l2tp_transport_stats(s->t)->rx_duplicates, 2);
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(bogus_ack_ignored)
{
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);

	send_tagged(s, 1);
	/* Nr 5 acknowledges messages never sent. */
	l2tp_transport_input(s->t, 0, 5, true, NULL, 0);
	ck_assert(!l2tp_transport_idle(s->t));
	ck_assert_uint_eq(l2tp_transport_stats(s->t)->rx_bad_acks, 1);
	side_free(s);
	loop_free(loop);
}
END_TEST

START_TEST(sequence_wraparound)
{
	struct loop *loop = loop_new_virtual(0);
	struct side *s = side_new(loop, NULL);
	uint8_t tags[8];
	uint16_t ns = 0;
	unsigned i;

	l2tp_transport_set_peer(s->t, 1, 1);
	/* Bring both directions to 65533. */
	for (i = 0; i < 65533; i++) {
		send_tagged(s, 0);
		l2tp_transport_input(s->t, ns, (uint16_t)(i + 1), false,
				     (const uint8_t *)"\xc8\x02\x00\x0c"
				     "\0\0\0\0\0\0\0\0", 12);
		ns++;
		free(l2tp_transport_next(s->t));
	}
	ck_assert_uint_eq(l2tp_transport_nr(s->t), 65533);
	ck_assert_uint_eq(l2tp_transport_ns(s->t), 65533);
	s->n_out = 0;
	/* Receive 65535, 0, then 65533, 65534 (crossing 0), in order out. */
	ck_assert_int_eq(recv_tagged(s, 65535, 65533, 3), L2TP_RX_QUEUED);
	ck_assert_int_eq(recv_tagged(s, 0, 65533, 4), L2TP_RX_QUEUED);
	ck_assert_int_eq(recv_tagged(s, 65533, 65533, 1), L2TP_RX_DELIVER);
	ck_assert_int_eq(recv_tagged(s, 65534, 65533, 2), L2TP_RX_DELIVER);
	ck_assert_uint_eq(drain_tags(s, tags, 8), 4);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(tags[i], i + 1);
	ck_assert_uint_eq(l2tp_transport_nr(s->t), 1);
	ck_assert_int_eq(recv_tagged(s, 65535, 65533, 3), L2TP_RX_DUPLICATE);
	/* Send across the wrap with window 1. */
	for (i = 0; i < 4; i++)
		send_tagged(s, (uint8_t)(10 + i));
	for (i = 0; i < 3; i++) {
		uint16_t acked = (uint16_t)(65533 + i + 1);
		unsigned before = s->n_out;

		l2tp_transport_input(s->t, 0, acked, true, NULL, 0);
		ck_assert_uint_gt(s->n_out, before);
	}
	{
		unsigned k = 0;

		for (i = 0; i < s->n_out; i++) {
			if (s->out[i].zlb)
				continue;
			ck_assert_uint_eq(s->out[i].ns, (uint16_t)(65533 + k));
			ck_assert_uint_eq(s->out[i].tag, 10 + k);
			k++;
		}
		ck_assert_uint_eq(k, 4);
	}
	l2tp_transport_input(s->t, 0, 1, true, NULL, 0);
	ck_assert(l2tp_transport_idle(s->t));
	side_free(s);
	loop_free(loop);
}
END_TEST

/*
 * Two transports over a wire that drops, duplicates and reorders, driven
 * by a fixed pseudo-random sequence.
 */
struct packet {
	uint64_t due;
	int to;
	size_t len;
	uint8_t data[32];
};

struct wire {
	struct loop *loop;
	struct side *sides[2];
	struct packet q[4096];
	unsigned n;
	uint32_t rng;
	unsigned loss_pct, dup_pct;
};

static uint32_t rnd(struct wire *w)
{
	w->rng = w->rng * 1103515245u + 12345u;
	return (w->rng >> 16) & 0x7fff;
}

static void wire_put(struct wire *w, int from, const uint8_t *pkt, size_t len)
{
	unsigned copies = 1, i;

	if (rnd(w) % 100 < w->loss_pct)
		return;
	if (rnd(w) % 100 < w->dup_pct)
		copies = 2;
	for (i = 0; i < copies && w->n < 4096; i++) {
		struct packet *p = &w->q[w->n++];

		/* 10-90 ms latency: later packets often overtake. */
		p->due = loop_now(w->loop) + 10 + rnd(w) % 80;
		p->to = !from;
		p->len = len;
		memcpy(p->data, pkt, len);
	}
}

static void wire_deliver_due(struct wire *w, uint8_t got[2][256],
			     unsigned n_got[2])
{
	unsigned i;

	for (i = 0; i < w->n;) {
		struct packet p = w->q[i];
		struct side *s;
		struct l2tp_rx_msg *r;

		if (p.due > loop_now(w->loop)) {
			i++;
			continue;
		}
		w->q[i] = w->q[--w->n];
		s = w->sides[p.to];
		l2tp_transport_input(s->t, be16(p.data + 8), be16(p.data + 10),
				     p.len == 12, p.data, p.len);
		while ((r = l2tp_transport_next(s->t))) {
			ck_assert_uint_lt(n_got[p.to], 256);
			got[p.to][n_got[p.to]++] = r->data[12];
			free(r);
		}
	}
}

START_TEST(lossy_wire)
{
	struct l2tp_transport_config cfg = { .recv_window = 8,
					     .max_retries = 30 };
	struct loop *loop = loop_new_virtual(1000);
	struct wire *w = calloc(1, sizeof(*w));
	uint8_t got[2][256];
	unsigned n_got[2] = { 0, 0 }, i, side, sent = 0;
	uint64_t t;

	w->loop = loop;
	w->rng = 12345;
	w->loss_pct = 25;
	w->dup_pct = 15;
	for (side = 0; side < 2; side++) {
		w->sides[side] = side_new(loop, &cfg);
		w->sides[side]->wire = w;
		w->sides[side]->index = (int)side;
		l2tp_transport_set_peer(w->sides[side]->t, 7, 8);
	}
	for (t = 0; t < 600000 && (n_got[0] < 200 || n_got[1] < 200); t += 5) {
		/* Both sides keep sending until 200 messages each. */
		if (sent < 200 && t % 20 == 0) {
			send_tagged(w->sides[0], (uint8_t)sent);
			send_tagged(w->sides[1], (uint8_t)(sent + 7));
			sent++;
		}
		loop_advance(loop, 5);
		wire_deliver_due(w, got, n_got);
	}
	ck_assert(!w->sides[0]->dead && !w->sides[1]->dead);
	ck_assert_uint_eq(n_got[0], 200);
	ck_assert_uint_eq(n_got[1], 200);
	for (i = 0; i < 200; i++) {
		ck_assert_uint_eq(got[1][i], (uint8_t)i);
		ck_assert_uint_eq(got[0][i], (uint8_t)(i + 7));
	}
	ck_assert_uint_gt(l2tp_transport_stats(w->sides[0]->t)->retransmits, 0);
	ck_assert_uint_gt(l2tp_transport_stats(w->sides[0]->t)->rx_duplicates +
			  l2tp_transport_stats(w->sides[1]->t)->rx_duplicates, 0);
	ck_assert_uint_gt(l2tp_transport_stats(w->sides[0]->t)->rx_out_of_order +
			  l2tp_transport_stats(w->sides[1]->t)->rx_out_of_order, 0);
	for (side = 0; side < 2; side++)
		side_free(w->sides[side]);
	free(w);
	loop_free(loop);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_transport");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, send_and_ack);
	tcase_add_test(tc, backoff_then_dead);
	tcase_add_test(tc, retry_limit_and_cap_configurable);
	tcase_add_test(tc, slow_start_in_peer_window);
	tcase_add_test(tc, congestion_avoidance);
	tcase_add_test(tc, delayed_and_piggybacked_ack);
	tcase_add_test(tc, reorder_and_duplicates);
	tcase_add_test(tc, bogus_ack_ignored);
	tcase_add_test(tc, sequence_wraparound);
	tcase_add_test(tc, lossy_wire);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
