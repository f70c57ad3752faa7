// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The guard's outbound block policies (xfrm_guard.h), over NETLINK_XFRM.
 * The kernel answers at once, so each request waits for its ack.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsec/xfrm_guard.h"
#include "log.h"
#include "loop.h"

#define FAMILY_INET	1u
#define FAMILY_INET6	2u

/* A guarded mark: its policies and how many reqids hold it. */
struct guard_mark {
	struct guard_mark *next;
	struct xfrm_guard *g;
	uint32_t mark;
	unsigned families;	/* FAMILY_*: policies installed */
	unsigned holders;
	struct timer grace;	/* armed while holders == 0 */
};

struct guard_holder {
	uint32_t reqid;
	struct guard_mark *m;
};

struct xfrm_guard {
	struct loop *loop;
	struct mnl_socket *nl;
	uint32_t seq;
	struct guard_mark *marks;
	struct guard_holder *holders;
	size_t n_holders, cap_holders;
};

/* --- messages ---------------------------------------------------------------- */

static struct nlmsghdr *put_header(void *buf, uint16_t type, uint16_t flags,
				   uint32_t seq)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, XFRM_GUARD_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	return nlh;
}

static void put_mark(struct nlmsghdr *nlh, uint32_t mark)
{
	struct xfrm_mark m = { .v = mark, .m = 0xffffffff };

	mnl_attr_put(nlh, XFRMA_MARK, sizeof(m), &m);
}

struct nlmsghdr *xfrm_guard_build_new(void *buf, int family, uint32_t mark,
				      uint32_t seq)
{
	/* UPDPOLICY: creates it, or leaves an identical one of ours be. */
	struct nlmsghdr *nlh = put_header(buf, XFRM_MSG_UPDPOLICY,
					  NLM_F_ACK | NLM_F_CREATE, seq);
	struct xfrm_userpolicy_info *p;

	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*p));
	p->sel.family = family;		/* prefix lengths 0: everything */
	p->lft.soft_byte_limit = XFRM_INF;
	p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = XFRM_INF;
	p->lft.hard_packet_limit = XFRM_INF;
	p->priority = XFRM_GUARD_PRIORITY;
	p->dir = XFRM_POLICY_OUT;
	p->action = XFRM_POLICY_BLOCK;
	p->share = XFRM_SHARE_ANY;
	put_mark(nlh, mark);
	return nlh;
}

struct nlmsghdr *xfrm_guard_build_del(void *buf, int family, uint32_t mark,
				      uint32_t seq)
{
	struct nlmsghdr *nlh = put_header(buf, XFRM_MSG_DELPOLICY, NLM_F_ACK,
					  seq);
	struct xfrm_userpolicy_id *id;

	id = mnl_nlmsg_put_extra_header(nlh, sizeof(*id));
	id->sel.family = family;
	id->dir = XFRM_POLICY_OUT;
	put_mark(nlh, mark);
	return nlh;
}

struct nlmsghdr *xfrm_guard_build_dump(void *buf, uint32_t seq)
{
	return put_header(buf, XFRM_MSG_GETPOLICY, NLM_F_DUMP, seq);
}

static int find_mark_attr(const struct nlattr *a, void *data)
{
	const struct xfrm_mark **out = data;

	if (mnl_attr_get_type(a) == XFRMA_MARK &&
	    mnl_attr_get_payload_len(a) >= sizeof(struct xfrm_mark))
		*out = mnl_attr_get_payload(a);
	return MNL_CB_OK;
}

bool xfrm_guard_parse_ours(const struct nlmsghdr *nlh, int *family,
			   uint32_t *mark)
{
	const struct xfrm_userpolicy_info *p;
	const struct xfrm_mark *m = NULL;

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*p))
		return false;
	p = mnl_nlmsg_get_payload(nlh);
	if (p->dir != XFRM_POLICY_OUT || p->action != XFRM_POLICY_BLOCK ||
	    p->priority != XFRM_GUARD_PRIORITY)
		return false;
	if (mnl_attr_parse(nlh, sizeof(*p), find_mark_attr, &m) < 0 || !m ||
	    m->m != 0xffffffff)
		return false;
	*family = p->sel.family;
	*mark = m->v;
	return true;
}

/* --- requests ---------------------------------------------------------------- */

/* Send nlh and read the answer to its end; cb sees each dumped message. */
static int transact(struct xfrm_guard *g, struct nlmsghdr *nlh,
		    mnl_cb_t cb, void *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint32_t portid = mnl_socket_get_portid(g->nl);
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t n;
	int rc;

	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(g->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		rc = mnl_cb_run(buf, n, seq, portid, cb, arg);
	} while (rc == MNL_CB_OK);
	return rc < 0 ? -errno : 0;
}

static unsigned family_bits(int family)
{
	switch (family) {
	case AF_INET:
		return FAMILY_INET;
	case AF_INET6:
		return FAMILY_INET6;
	case AF_UNSPEC:
		return FAMILY_INET | FAMILY_INET6;
	}
	return 0;
}

static int bit_family(unsigned bit)
{
	return bit == FAMILY_INET ? AF_INET : AF_INET6;
}

static int policy_add(struct xfrm_guard *g, int family, uint32_t mark)
{
	char buf[XFRM_GUARD_MSG_MAX];

	return transact(g, xfrm_guard_build_new(buf, family, mark, ++g->seq),
			NULL, NULL);
}

static int policy_del(struct xfrm_guard *g, int family, uint32_t mark)
{
	char buf[XFRM_GUARD_MSG_MAX];
	int rc;

	rc = transact(g, xfrm_guard_build_del(buf, family, mark, ++g->seq),
		      NULL, NULL);
	if (rc < 0 && rc != -ENOENT)
		log_warn("ipsec: guard of mark %#x (%s): cannot remove its "
			 "policy: %s", mark, family == AF_INET ? "IPv4" : "IPv6",
			 strerror(-rc));
	return rc;
}

/* --- leftovers of an earlier run ------------------------------------------- */

struct leftover {
	int family;
	uint32_t mark;
};

struct leftovers {
	struct leftover *v;
	size_t n, cap;
	int err;
};

static int collect_ours(const struct nlmsghdr *nlh, void *arg)
{
	struct leftovers *l = arg;
	struct leftover *v;
	uint32_t mark;
	int family;

	if (!xfrm_guard_parse_ours(nlh, &family, &mark))
		return MNL_CB_OK;
	if (l->n == l->cap) {
		v = realloc(l->v, (l->cap ? l->cap * 2 : 8) * sizeof(*v));
		if (!v) {
			l->err = -ENOMEM;
			return MNL_CB_OK;
		}
		l->v = v;
		l->cap = l->cap ? l->cap * 2 : 8;
	}
	l->v[l->n++] = (struct leftover){ family, mark };
	return MNL_CB_OK;
}

static int flush_leftovers(struct xfrm_guard *g)
{
	char buf[XFRM_GUARD_MSG_MAX];
	struct leftovers l = { 0 };
	size_t i;
	int rc;

	rc = transact(g, xfrm_guard_build_dump(buf, ++g->seq), collect_ours,
		      &l);
	if (!rc)
		rc = l.err;
	for (i = 0; !rc && i < l.n; i++)
		policy_del(g, l.v[i].family, l.v[i].mark);
	if (!rc && l.n)
		log_notice("ipsec: removed %zu guard polic%s left by an earlier "
			   "l2tpgwd", l.n, l.n == 1 ? "y" : "ies");
	free(l.v);
	return rc;
}

/* --- marks and holders ------------------------------------------------------ */

static void mark_free(struct xfrm_guard *g, struct guard_mark *m)
{
	struct guard_mark **pp;
	unsigned bit;

	for (bit = FAMILY_INET; bit <= FAMILY_INET6; bit <<= 1)
		if (m->families & bit)
			policy_del(g, bit_family(bit), m->mark);
	timer_cancel(g->loop, &m->grace);
	for (pp = &g->marks; *pp; pp = &(*pp)->next)
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	free(m);
}

static void grace_over(struct loop *loop, struct timer *t, void *arg)
{
	struct guard_mark *m = arg;

	if (!m->holders) {
		log_info("ipsec: mark %#x unguarded: no CHILD_SA uses it",
			 m->mark);
		mark_free(m->g, m);
	}
}

static struct guard_mark *mark_get(struct xfrm_guard *g, uint32_t mark)
{
	struct guard_mark *m;

	for (m = g->marks; m; m = m->next)
		if (m->mark == mark)
			return m;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->g = g;
	m->mark = mark;
	timer_init(&m->grace, grace_over, m);
	m->next = g->marks;
	g->marks = m;
	return m;
}

/* Install what of family m lacks. */
static int mark_cover(struct xfrm_guard *g, struct guard_mark *m, int family)
{
	unsigned want = family_bits(family), bit;
	int rc;

	if (!want)
		return -EAFNOSUPPORT;
	for (bit = FAMILY_INET; bit <= FAMILY_INET6; bit <<= 1) {
		if (!(want & bit) || (m->families & bit))
			continue;
		rc = policy_add(g, bit_family(bit), m->mark);
		if (rc < 0)
			return rc;
		m->families |= bit;
	}
	return 0;
}

static void mark_unhold(struct xfrm_guard *g, struct guard_mark *m)
{
	if (--m->holders == 0)
		timer_arm(g->loop, &m->grace, XFRM_GUARD_GRACE_MS);
}

static struct guard_holder *holder_find(const struct xfrm_guard *g,
					uint32_t reqid)
{
	size_t i;

	for (i = 0; i < g->n_holders; i++)
		if (g->holders[i].reqid == reqid)
			return &g->holders[i];
	return NULL;
}

static int holder_add(struct xfrm_guard *g, uint32_t reqid,
		      struct guard_mark *m)
{
	struct guard_holder *v;
	size_t cap;

	if (g->n_holders == g->cap_holders) {
		cap = g->cap_holders ? g->cap_holders * 2 : 16;
		v = realloc(g->holders, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		g->holders = v;
		g->cap_holders = cap;
	}
	g->holders[g->n_holders++] = (struct guard_holder){ reqid, m };
	m->holders++;
	timer_cancel(g->loop, &m->grace);
	return 0;
}

int xfrm_guard_hold(struct xfrm_guard *g, uint32_t reqid, int family,
		    uint32_t mark)
{
	struct guard_holder *h = holder_find(g, reqid);
	struct guard_mark *m;
	int rc;

	if (!mark)
		return -EINVAL;
	m = mark_get(g, mark);
	if (!m)
		return -ENOMEM;
	rc = mark_cover(g, m, family);
	if (!rc && !h)
		rc = holder_add(g, reqid, m);
	if (rc < 0) {
		/* Still guarded if others hold it, else gone at once. */
		if (!m->holders && !timer_pending(&m->grace))
			mark_free(g, m);
		if (h)
			xfrm_guard_release(g, reqid);
		return rc;
	}
	if (h && h->m != m) {
		mark_unhold(g, h->m);
		h->m = m;
		m->holders++;
		timer_cancel(g->loop, &m->grace);
	}
	return 0;
}

void xfrm_guard_release(struct xfrm_guard *g, uint32_t reqid)
{
	struct guard_holder *h = holder_find(g, reqid);

	if (!h)
		return;
	mark_unhold(g, h->m);
	*h = g->holders[--g->n_holders];
}

bool xfrm_guard_covers(const struct xfrm_guard *g, uint32_t reqid,
		       uint32_t mark)
{
	const struct guard_holder *h = holder_find(g, reqid);

	return h && h->m->mark == mark;
}

unsigned xfrm_guard_mark_count(const struct xfrm_guard *g)
{
	const struct guard_mark *m;
	unsigned n = 0;

	for (m = g->marks; m; m = m->next)
		n++;
	return n;
}

/* --- setup ------------------------------------------------------------------- */

struct xfrm_guard *xfrm_guard_open(struct loop *loop, char *err,
				   size_t errlen)
{
	struct xfrm_guard *g = calloc(1, sizeof(*g));
	int rc;

	if (!g) {
		snprintf(err, errlen, "ipsec: guard: %s", strerror(errno));
		return NULL;
	}
	g->loop = loop;
	g->nl = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC);
	if (!g->nl || mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, errlen, "ipsec: guard: XFRM netlink socket: %s",
			 strerror(errno));
		goto err_free;
	}
	rc = flush_leftovers(g);
	if (rc < 0) {
		snprintf(err, errlen, "ipsec: guard: listing XFRM policies: %s%s",
			 strerror(-rc), rc == -EPERM ?
			 " (l2tpgwd needs CAP_NET_ADMIN)" : "");
		goto err_free;
	}
	return g;

err_free:
	if (g->nl)
		mnl_socket_close(g->nl);
	free(g);
	return NULL;
}

void xfrm_guard_close(struct xfrm_guard *g)
{
	if (!g)
		return;
	while (g->marks)
		mark_free(g, g->marks);
	free(g->holders);
	mnl_socket_close(g->nl);
	free(g);
}
