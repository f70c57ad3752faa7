// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Chained hashes on reqid and on CHILD_SA unique id, doubled together
 * when they average one entry per bucket: tens of thousands of CHILD_SAs
 * cost one lookup each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/sa_table.h"

struct sa_node {
	struct ipsec_sa sa;
	struct sa_node *next;		/* chain by reqid */
	struct sa_node *cnext;		/* chain by CHILD_SA unique id */
	unsigned epoch;			/* of the VICI connection that saw it */
};

struct sa_table {
	struct sa_node **buckets;	/* by reqid */
	struct sa_node **cbuckets;	/* by child_id */
	unsigned n_buckets;		/* a power of two, for both */
	unsigned count;
	unsigned epoch;
};

#define SA_TABLE_MIN_BUCKETS 64

/* reqids and unique ids are small consecutive numbers: spread them. */
static unsigned bucket_of(const struct sa_table *t, uint32_t id)
{
	return (id * 2654435761u) & (t->n_buckets - 1);
}

static int alloc_buckets(struct sa_table *t, unsigned n)
{
	struct sa_node **b = calloc(n, sizeof(*b)), **c = calloc(n, sizeof(*c));

	if (!b || !c) {
		free(b);
		free(c);
		return -ENOMEM;
	}
	t->buckets = b;
	t->cbuckets = c;
	t->n_buckets = n;
	return 0;
}

struct sa_table *sa_table_new(void)
{
	struct sa_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	if (alloc_buckets(t, SA_TABLE_MIN_BUCKETS) < 0) {
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
	free(t->cbuckets);
	free(t);
}

static struct sa_node **slot_of(const struct sa_table *t, uint32_t reqid)
{
	struct sa_node **pp = &t->buckets[bucket_of(t, reqid)];

	while (*pp && (*pp)->sa.reqid != reqid)
		pp = &(*pp)->next;
	return pp;
}

static struct sa_node **child_slot_of(const struct sa_table *t,
				      const struct sa_node *n)
{
	struct sa_node **pp = &t->cbuckets[bucket_of(t, n->sa.child_id)];

	while (*pp != n)
		pp = &(*pp)->cnext;
	return pp;
}

static void link_node(struct sa_table *t, struct sa_node *n)
{
	struct sa_node **b = &t->buckets[bucket_of(t, n->sa.reqid)];
	struct sa_node **c = &t->cbuckets[bucket_of(t, n->sa.child_id)];

	n->next = *b;
	*b = n;
	n->cnext = *c;
	*c = n;
}

/* n out of both chains; pp is its slot in the reqid chain. */
static void unlink_node(struct sa_table *t, struct sa_node **pp)
{
	struct sa_node *n = *pp;
	struct sa_node **cp = child_slot_of(t, n);

	*pp = n->next;
	*cp = n->cnext;
}

/* The entry of CHILD_SA child_id recorded in this epoch, if any. */
static struct sa_node *find_child(const struct sa_table *t,
				  uint32_t child_id)
{
	struct sa_node *n = t->cbuckets[bucket_of(t, child_id)];

	while (n && (n->sa.child_id != child_id || n->epoch != t->epoch))
		n = n->cnext;
	return n;
}

/* Growing is best effort: a failed allocation only makes chains longer. */
static void grow(struct sa_table *t)
{
	struct sa_node **old = t->buckets, **old_c = t->cbuckets, *n, *next;
	unsigned old_n = t->n_buckets, i;

	if (alloc_buckets(t, old_n * 2) < 0)
		return;
	for (i = 0; i < old_n; i++)
		for (n = old[i]; n; n = next) {
			next = n->next;
			link_node(t, n);
		}
	free(old);
	free(old_c);
}

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void fill(struct ipsec_sa *e, const struct vici_child_sa *sa)
{
	e->reqid = sa->reqid;
	e->child_id = sa->child_id;
	e->ike_id = sa->ike_id;
	e->mark_in = sa->mark_in;
	e->mark_out = sa->mark_out;
	e->ike_version = sa->ike_version;
	e->encap = sa->encap;
	copy_str(e->conn, sizeof(e->conn), sa->child_name);
	copy_str(e->remote_host, sizeof(e->remote_host), sa->remote_host);
	e->remote_port = sa->remote_port;
	e->stale = false;
}

/*
 * How the entry n (NULL: none) relates to sa once sa is recorded.  Only
 * the same CHILD_SA object (its unique id, in this epoch) moves; another
 * one taking the reqid for another host replaces it.
 */
static enum sa_table_change change_of(const struct sa_table *t,
				      const struct sa_node *n,
				      const struct ipsec_sa *sa)
{
	const struct ipsec_sa *e = n ? &n->sa : NULL;
	bool same_child = n && e->child_id == sa->child_id &&
			  n->epoch == t->epoch;

	if (!e)
		return SA_TABLE_NEW;
	if (strcmp(e->remote_host, sa->remote_host))
		return same_child ? SA_TABLE_MOVED : SA_TABLE_REPLACED;
	if (e->reqid != sa->reqid)
		return SA_TABLE_MOVED;	/* found by its unique id */
	if (e->child_id != sa->child_id || e->ike_id != sa->ike_id ||
	    e->mark_in != sa->mark_in || e->mark_out != sa->mark_out ||
	    e->remote_port != sa->remote_port || e->encap != sa->encap ||
	    e->ike_version != sa->ike_version || strcmp(e->conn, sa->conn))
		return SA_TABLE_CHANGED;
	return SA_TABLE_SAME;
}

int sa_table_update(struct sa_table *t, const struct vici_child_sa *sa,
		    struct ipsec_sa *was)
{
	struct sa_node **pp, *n;
	struct ipsec_sa now = { 0 };
	enum sa_table_change change;

	if (!sa->reqid || !sa->mark_out)
		return -EINVAL;
	fill(&now, sa);
	pp = slot_of(t, sa->reqid);
	n = *pp;
	if (!n) {
		/* Not its reqid: the same CHILD_SA under an older one? */
		n = find_child(t, sa->child_id);
		if (n)
			pp = slot_of(t, n->sa.reqid);
	}
	change = change_of(t, n, &now);
	if ((change == SA_TABLE_MOVED || change == SA_TABLE_REPLACED) && was)
		*was = n->sa;
	if (n) {
		unlink_node(t, pp);
	} else {
		n = calloc(1, sizeof(*n));
		if (!n)
			return -ENOMEM;
		t->count++;
	}
	n->sa = now;
	n->epoch = t->epoch;
	link_node(t, n);
	if (t->count > t->n_buckets)
		grow(t);
	return change;
}

void sa_table_new_epoch(struct sa_table *t)
{
	t->epoch++;
}

bool sa_table_remove(struct sa_table *t, uint32_t reqid, uint32_t child_id)
{
	struct sa_node **pp = slot_of(t, reqid), *n = *pp;

	if (!n || n->sa.child_id != child_id)
		return false;
	unlink_node(t, pp);
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
			unlink_node(t, pp);
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
