// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A chained hash on reqid that doubles when it averages one entry per
 * bucket: tens of thousands of CHILD_SAs cost one lookup each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/sa_table.h"

struct sa_node {
	struct ipsec_sa sa;
	struct sa_node *next;
};

struct sa_table {
	struct sa_node **buckets;
	unsigned n_buckets;		/* a power of two */
	unsigned count;
};

#define SA_TABLE_MIN_BUCKETS 64

static unsigned bucket_of(const struct sa_table *t, uint32_t reqid)
{
	/* reqids are small consecutive numbers: spread them anyway. */
	return (reqid * 2654435761u) & (t->n_buckets - 1);
}

struct sa_table *sa_table_new(void)
{
	struct sa_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->n_buckets = SA_TABLE_MIN_BUCKETS;
	t->buckets = calloc(t->n_buckets, sizeof(*t->buckets));
	if (!t->buckets) {
		free(t);
		return NULL;
	}
	return t;
}

void sa_table_free(struct sa_table *t)
{
	struct sa_node *n, *next;
	unsigned i;

	if (!t)
		return;
	for (i = 0; i < t->n_buckets; i++)
		for (n = t->buckets[i]; n; n = next) {
			next = n->next;
			free(n);
		}
	free(t->buckets);
	free(t);
}

static struct sa_node **slot_of(const struct sa_table *t, uint32_t reqid)
{
	struct sa_node **pp = &t->buckets[bucket_of(t, reqid)];

	while (*pp && (*pp)->sa.reqid != reqid)
		pp = &(*pp)->next;
	return pp;
}

/* Growing is best effort: a failed allocation only makes chains longer. */
static void grow(struct sa_table *t)
{
	unsigned old_n = t->n_buckets, i;
	struct sa_node **old = t->buckets, *n, *next;

	t->buckets = calloc(old_n * 2, sizeof(*t->buckets));
	if (!t->buckets) {
		t->buckets = old;
		return;
	}
	t->n_buckets = old_n * 2;
	for (i = 0; i < old_n; i++)
		for (n = old[i]; n; n = next) {
			unsigned b = bucket_of(t, n->sa.reqid);

			next = n->next;
			n->next = t->buckets[b];
			t->buckets[b] = n;
		}
	free(old);
}

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

int sa_table_update(struct sa_table *t, const struct vici_child_sa *sa)
{
	struct sa_node **pp, *n;

	if (!sa->reqid || !sa->mark_out)
		return -EINVAL;
	pp = slot_of(t, sa->reqid);
	n = *pp;
	if (!n) {
		n = calloc(1, sizeof(*n));
		if (!n)
			return -ENOMEM;
		*pp = n;
		t->count++;
	}
	n->sa.reqid = sa->reqid;
	n->sa.child_id = sa->child_id;
	n->sa.ike_id = sa->ike_id;
	n->sa.mark_in = sa->mark_in;
	n->sa.mark_out = sa->mark_out;
	n->sa.ike_version = sa->ike_version;
	n->sa.encap = sa->encap;
	copy_str(n->sa.conn, sizeof(n->sa.conn), sa->child_name);
	copy_str(n->sa.remote_host, sizeof(n->sa.remote_host),
		 sa->remote_host);
	n->sa.remote_port = sa->remote_port;
	n->sa.stale = false;
	if (t->count > t->n_buckets)
		grow(t);
	return 0;
}

bool sa_table_remove(struct sa_table *t, uint32_t reqid, uint32_t child_id)
{
	struct sa_node **pp = slot_of(t, reqid), *n = *pp;

	if (!n || n->sa.child_id != child_id)
		return false;
	*pp = n->next;
	free(n);
	t->count--;
	return true;
}

const struct ipsec_sa *sa_table_find(const struct sa_table *t, uint32_t reqid)
{
	struct sa_node *n = *slot_of(t, reqid);

	return n ? &n->sa : NULL;
}

unsigned sa_table_count(const struct sa_table *t)
{
	return t->count;
}

void sa_table_resync_begin(struct sa_table *t)
{
	struct sa_node *n;
	unsigned i;

	for (i = 0; i < t->n_buckets; i++)
		for (n = t->buckets[i]; n; n = n->next)
			n->sa.stale = true;
}

unsigned sa_table_resync_end(struct sa_table *t,
			     void (*gone)(const struct ipsec_sa *sa, void *arg),
			     void *arg)
{
	struct sa_node **pp, *n;
	unsigned i, removed = 0;

	for (i = 0; i < t->n_buckets; i++) {
		pp = &t->buckets[i];
		while ((n = *pp)) {
			if (!n->sa.stale) {
				pp = &n->next;
				continue;
			}
			if (gone)
				gone(&n->sa, arg);
			*pp = n->next;
			free(n);
			t->count--;
			removed++;
		}
	}
	return removed;
}

int sa_table_walk(const struct sa_table *t,
		  int (*cb)(const struct ipsec_sa *sa, void *arg), void *arg)
{
	struct sa_node *n;
	unsigned i;
	int rc;

	for (i = 0; i < t->n_buckets; i++)
		for (n = t->buckets[i]; n; n = n->next) {
			rc = cb(&n->sa, arg);
			if (rc)
				return rc;
		}
	return 0;
}
