/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel interfaces kmod/header.c, seq.c and mss.c use, for building
 * those files unchanged on the host (unit tests, fuzz targets).  The stub
 * headers next to this one (linux/skbuff.h, compat.h, ...) all include it;
 * build with -Itests/kshim -Ikmod and without kmod/compat on the path.
 *
 * Not a kernel: one thread, no preemption.  What matters to the code under
 * test is modelled and checked: a spinlock records that it is held (and
 * lockdep_assert_held aborts if it is not), a timer records its expiry
 * until the test fires it, skbs are counted so that a test sees a leak or
 * a double free, and alloc_skb fails when a test asks it to.
 */
#ifndef _L2TPGW_KSHIM_H
#define _L2TPGW_KSHIM_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;

#define __percpu
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define BUILD_BUG_ON(c)	_Static_assert(!(c), #c)
#define READ_ONCE(x)	(x)
#define WRITE_ONCE(x, v) ((x) = (v))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* What the kernel would BUG or warn about: the test fails here. */
static inline void kshim_bug(const char *what)
{
	fprintf(stderr, "kshim: %s\n", what);
	abort();
}

static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = v >> 8;
	b[1] = v & 0xff;
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define cpu_to_be16(v)	((__be16)__builtin_bswap16(v))
#else
#define cpu_to_be16(v)	((__be16)(v))
#endif
#define max(a, b)	((a) > (b) ? (a) : (b))

/* --- locking: one thread; held state recorded and asserted --- */

typedef struct {
	int held;
} spinlock_t;

extern int kshim_bh_disabled;

static inline void spin_lock_init(spinlock_t *l)
{
	l->held = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	if (l->held)
		kshim_bug("spin_lock: deadlock");
	l->held = 1;
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!l->held)
		kshim_bug("spin_unlock: not held");
	l->held = 0;
}

#define lockdep_assert_held(l) \
	do { if (!(l)->held) kshim_bug("lockdep_assert_held"); } while (0)

static inline void local_bh_disable(void)
{
	kshim_bh_disabled++;
}

static inline void local_bh_enable(void)
{
	if (kshim_bh_disabled-- <= 0)
		kshim_bug("local_bh_enable: unbalanced");
}

/* --- time: jiffies moved by the test; HZ 250 as Debian's kernels --- */

#define HZ 250
extern unsigned long jiffies;

static inline unsigned long msecs_to_jiffies(u32 ms)
{
	return ((unsigned long)ms * HZ + 999) / 1000;
}

#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)

/* --- timers: armed state recorded; kshim_timer_fire runs a due one --- */

struct timer_list {
	void (*function)(struct timer_list *t);
	unsigned long expires;
	bool pending;
	bool shut_down;
};

static inline void timer_setup(struct timer_list *t,
			       void (*fn)(struct timer_list *), unsigned int fl)
{
	(void)fl;
	t->function = fn;
	t->expires = 0;
	t->pending = false;
	t->shut_down = false;
}

static inline bool timer_pending(const struct timer_list *t)
{
	return t->pending;
}

static inline int mod_timer(struct timer_list *t, unsigned long expires)
{
	int was = t->pending;

	if (t->shut_down)
		return 0;
	t->expires = expires;
	t->pending = true;
	return was;
}

static inline int del_timer(struct timer_list *t)
{
	int was = t->pending;

	t->pending = false;
	return was;
}

static inline void l2tpgw_compat_timer_shutdown(struct timer_list *t)
{
	t->pending = false;
	t->shut_down = true;
}

#define from_timer(var, t, field) \
	container_of(t, __typeof__(*var), field)

/* Runs the timer's function if it is armed and due at jiffies. */
static inline bool kshim_timer_fire(struct timer_list *t)
{
	if (!t->pending || !time_after_eq(jiffies, t->expires))
		return false;
	t->pending = false;
	t->function(t);
	return true;
}

/* --- atomics: the host tests run on one thread --- */

typedef struct {
	long counter;
} atomic_long_t;

static inline long atomic_long_add_return(long i, atomic_long_t *v)
{
	return v->counter += i;
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	v->counter -= i;
}

static inline long atomic_long_read(const atomic_long_t *v)
{
	return v->counter;
}

/* --- skbs: a doubly linked queue as the kernel's, counted allocation --- */

#define GFP_ATOMIC 0

struct sk_buff {
	struct sk_buff *next, *prev;
	char cb[48] __attribute__((aligned(8)));
	unsigned long id;	/* the test's tag, 0 for skbs of the code */
	unsigned int truesize;	/* what the namespace's reorder memory counts */
};

struct sk_buff_head {
	struct sk_buff *next, *prev;
	u32 qlen;
};

/* What a frame of no data costs, as the kernel's SKB_TRUESIZE(0). */
#define KSHIM_SKB_OVERHEAD 256u

extern long kshim_skb_live;
extern bool kshim_alloc_fail;

static inline struct sk_buff *alloc_skb(unsigned int size, int gfp)
{
	struct sk_buff *skb;

	(void)size;
	(void)gfp;
	if (kshim_alloc_fail)
		return NULL;
	skb = calloc(1, sizeof(*skb));
	if (skb) {
		skb->truesize = size + KSHIM_SKB_OVERHEAD;
		kshim_skb_live++;
	}
	return skb;
}

static inline void kfree_skb(struct sk_buff *skb)
{
	if (!skb)
		return;
	if (skb->next || skb->prev)
		kshim_bug("kfree_skb: skb still queued");
	kshim_skb_live--;
	free(skb);
}

static inline void consume_skb(struct sk_buff *skb)
{
	kfree_skb(skb);
}

static inline void __skb_queue_head_init(struct sk_buff_head *q)
{
	q->next = q->prev = (struct sk_buff *)q;
	q->qlen = 0;
}

static inline u32 skb_queue_len(const struct sk_buff_head *q)
{
	return q->qlen;
}

static inline bool skb_queue_empty(const struct sk_buff_head *q)
{
	return q->next == (const struct sk_buff *)q;
}

static inline struct sk_buff *skb_peek(const struct sk_buff_head *q)
{
	struct sk_buff *skb = q->next;

	return skb == (const struct sk_buff *)q ? NULL : skb;
}

static inline void __skb_insert(struct sk_buff *skb, struct sk_buff *prev,
				struct sk_buff *next, struct sk_buff_head *q)
{
	if (skb->next || skb->prev)
		kshim_bug("__skb_insert: skb already queued");
	skb->next = next;
	skb->prev = prev;
	next->prev = skb;
	prev->next = skb;
	q->qlen++;
}

static inline void __skb_queue_after(struct sk_buff_head *q,
				     struct sk_buff *prev, struct sk_buff *skb)
{
	__skb_insert(skb, prev, prev->next, q);
}

static inline void __skb_queue_head(struct sk_buff_head *q,
				    struct sk_buff *skb)
{
	__skb_queue_after(q, (struct sk_buff *)q, skb);
}

static inline void __skb_queue_tail(struct sk_buff_head *q,
				    struct sk_buff *skb)
{
	__skb_insert(skb, q->prev, (struct sk_buff *)q, q);
}

static inline void __skb_unlink(struct sk_buff *skb, struct sk_buff_head *q)
{
	if (!q->qlen)
		kshim_bug("__skb_unlink: empty queue");
	q->qlen--;
	skb->next->prev = skb->prev;
	skb->prev->next = skb->next;
	skb->next = skb->prev = NULL;
}

static inline struct sk_buff *__skb_dequeue(struct sk_buff_head *q)
{
	struct sk_buff *skb = skb_peek(q);

	if (skb)
		__skb_unlink(skb, q);
	return skb;
}

static inline void __skb_queue_purge(struct sk_buff_head *q)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(q)))
		kfree_skb(skb);
}

#define skb_queue_reverse_walk(q, skb) \
	for (skb = (q)->prev; skb != (struct sk_buff *)(q); skb = skb->prev)

/* The shim's state: exactly one file of each test program says this. */
#define KSHIM_GLOBALS \
	int kshim_bh_disabled; \
	unsigned long jiffies; \
	long kshim_skb_live; \
	bool kshim_alloc_fail

#endif /* _L2TPGW_KSHIM_H */
