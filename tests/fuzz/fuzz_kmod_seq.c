// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: kmod/seq.c, a session's receive sequencing, built for
 * the host through tests/kshim.  The input is "<window:2> <timeout:1>"
 * then a script of operations, each one byte "op" and its arguments:
 *   op & 3 == 0  a data frame, 1  a PPP control frame; its Ns is the next
 *                two bytes if op & 4, else the previous Ns plus the next
 *                byte (signed)
 *   op & 3 == 2  time passes (op >> 2 jiffies, 4 at a time): the reorder
 *                timer fires if it is due
 *   op & 3 == 3  op & 4: alloc_skb fails from now on or not any more;
 *                else a MODIFY of the window (next two bytes)
 * Checked after every operation: no frame is handed on twice (nor after
 * it was refused: ASan); frames are handed on in Ns order, except once
 * when the peer restarts its Ns (the 8th old Ns in a row); the queue is
 * sorted, holds only Ns ahead of the next expected one and no more frames
 * than the window; the timer is armed while frames wait and a timeout is
 * set; every skb is accounted for, none is left after destroy.
 *
 * A MODIFY may set the window below the number of frames waiting
 * (l2tpgw_reorder_set() gives their gaps up).  L2TPGW_FUZZ_SEQ_SHRINK=0 in
 * the environment keeps it at least that large, as netlink could once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kseq.h"
#include "seq.c"

KSHIM_GLOBALS;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct l2tpgw_session sess;
/* Per data frame given, by id - 1: handed on already. */
static bool fate[32768];
static unsigned long next_id;
/* Lowest Ns that may be handed on next: next_ns when the op began. */
static bool have_floor;
static u16 floor_ns;
/* Set while an operation may restart the sequence once. */
static bool may_restart;
static bool allow_shrink;

void l2tpgw_rx_deliver(struct l2tpgw_session *s, struct sk_buff *skb)
{
	unsigned long id = skb->id & 0xffff;
	u16 ns;

	if (s != &sess || s->reorder.lock.held || !id || id > next_id ||
	    fate[id - 1])
		abort();
	fate[id - 1] = true;
	/* The Ns it was given with (the cb is set only if it waited). */
	ns = (u16)(skb->id >> 16);
	if (have_floor && (s16)(ns - floor_ns) < 0) {
		if (!may_restart)
			abort();
		may_restart = false;
	}
	have_floor = true;
	floor_ns = ns + 1;
	kfree_skb(skb);
}

static void check(void)
{
	struct l2tpgw_reorder *r = &sess.reorder;
	long len = skb_queue_len(&r->queue), n = 0;
	struct sk_buff *skb;
	u16 prev = r->next_ns;

	if (r->lock.held || kshim_bh_disabled)
		abort();
	for (skb = r->queue.next; skb != (struct sk_buff *)&r->queue;
	     skb = skb->next) {
		u16 ns = ((struct l2tpgw_seq_cb *)skb->cb)->ns;

		/* Sorted, strictly ahead of next_ns, within half the space. */
		if ((s16)(ns - prev) <= 0 || (s16)(ns - r->next_ns) <= 0)
			abort();
		prev = ns;
		n++;
	}
	if (n != len)
		abort();
	if (len > r->window)
		abort();
	if (len && r->timeout_ms && !timer_pending(&r->timer))
		abort();
	/* Waiting frames and placeholders are all the skbs there are. */
	if (kshim_skb_live != len)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *e = getenv("L2TPGW_FUZZ_SEQ_SHRINK");

	allow_shrink = !e || *e != '0';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 3;
	u16 ns = 0;

	if (size < 3 || size > 2 * sizeof(fate))
		return 0;
	jiffies = (unsigned long)(-300 * HZ);	/* wraps after 5 minutes */
	kshim_alloc_fail = false;
	kshim_skb_live = 0;
	memset(fate, 0, sizeof(fate));
	next_id = 0;
	may_restart = false;
	kseq_session_init(&sess,
			  get_unaligned_be16(data) % (L2TPGW_REORDER_WINDOW_MAX + 1),
			  data[2] * 40u);

	while (off < size) {
		u8 op = data[off++];
		struct l2tpgw_reorder *r = &sess.reorder;

		have_floor = r->synced;
		floor_ns = r->next_ns;
		switch (op & 3) {
		case 0:
		case 1:
			if (op & 4) {
				if (size - off < 2)
					goto out;
				ns = get_unaligned_be16(data + off);
				off += 2;
			} else {
				if (size - off < 1)
					goto out;
				ns += (s8)data[off++];
			}
			/* The peer's restart: the 8th old Ns in a row. */
			may_restart = r->synced &&
				      (s16)(ns - r->next_ns) < 0 &&
				      r->discards + 1 >= L2TPGW_REORDER_RESYNC;
			if (!(op & 1)) {
				struct sk_buff *skb;
				unsigned long id;

				skb = calloc(1, sizeof(*skb));
				if (!skb)
					abort();
				kshim_skb_live++;
				id = ++next_id;
				/* The id carries the Ns: see rx_deliver. */
				skb->id = (unsigned long)ns << 16 | id;
				l2tpgw_reorder_data(&sess, skb, ns);
			} else {
				l2tpgw_reorder_consume(&sess, ns);
			}
			may_restart = false;
			break;
		case 2:
			jiffies += (op >> 2) * 4;
			kshim_timer_fire(&r->timer);
			break;
		case 3:
			if (op & 4) {
				kshim_alloc_fail = !kshim_alloc_fail;
				break;
			}
			if (size - off < 2)
				goto out;
			{
				u16 w = get_unaligned_be16(data + off) %
					(L2TPGW_REORDER_WINDOW_MAX + 1);
				u32 len = skb_queue_len(&r->queue);

				off += 2;
				if (w < len && !allow_shrink)
					w = len;
				l2tpgw_reorder_set(&sess, w, -1);
			}
			break;
		}
		check();
	}
out:
	l2tpgw_reorder_destroy(&sess.reorder);
	if (kshim_skb_live || timer_pending(&sess.reorder.timer))
		abort();
	return 0;
}
