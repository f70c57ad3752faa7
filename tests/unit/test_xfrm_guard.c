// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The guard's XFRM messages, built then parsed back field by field; the
 * recognition of ours among dumped policies; and, in a network namespace
 * of the test's own (skipped where it cannot make one), the guard against
 * the kernel: a marked datagram is refused while only ours covers it,
 * passes under a charon-like policy of better priority, a leftover of an
 * earlier run is flushed at open, and a released mark stays guarded for
 * the grace period only.
 */
#include <check.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipsec/xfrm_guard.h"
#include "loop.h"

#define CHARON_PRIORITY	366847	/* what charon 5.9 gives an L2TP policy */

static const struct xfrm_mark *mark_of(const struct nlmsghdr *nlh,
				       size_t extra)
{
	const struct nlattr *a;
	const struct xfrm_mark *m = NULL;
	unsigned n = 0;

	mnl_attr_for_each(a, nlh, extra) {
		n++;
		ck_assert_uint_eq(mnl_attr_get_type(a), XFRMA_MARK);
		ck_assert_uint_eq(mnl_attr_get_payload_len(a), sizeof(*m));
		m = mnl_attr_get_payload(a);
	}
	ck_assert_uint_eq(n, 1);
	return m;
}

/* Any address, port and protocol of the family: prefix lengths 0. */
static void check_any(const struct xfrm_selector *sel, int family)
{
	struct xfrm_selector any;

	memset(&any, 0, sizeof(any));
	any.family = family;
	ck_assert_mem_eq(sel, &any, sizeof(any));
}

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

START_TEST(new_policy_message)
{
	char buf[XFRM_GUARD_MSG_MAX];
	struct nlmsghdr *nlh = xfrm_guard_build_new(buf, AF_INET6, 0x2a, 77);
	const struct xfrm_userpolicy_info *p;
	const struct xfrm_mark *m;

	ck_assert_ptr_eq(nlh, (void *)buf);
	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_UPDPOLICY);
	ck_assert_uint_eq(nlh->nlmsg_flags,
			  NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE);
	ck_assert_uint_eq(nlh->nlmsg_seq, 77);
	ck_assert_uint_le(nlh->nlmsg_len, XFRM_GUARD_MSG_MAX);
	ck_assert_uint_eq(nlh->nlmsg_len,
			  MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*p)) +
			  MNL_ATTR_HDRLEN + sizeof(*m));
	ck_assert(mnl_nlmsg_ok(nlh, (int)nlh->nlmsg_len));
	p = mnl_nlmsg_get_payload(nlh);
	check_any(&p->sel, AF_INET6);
	ck_assert_uint_eq(p->lft.soft_byte_limit, XFRM_INF);
	ck_assert_uint_eq(p->lft.hard_byte_limit, XFRM_INF);
	ck_assert_uint_eq(p->lft.soft_packet_limit, XFRM_INF);
	ck_assert_uint_eq(p->lft.hard_packet_limit, XFRM_INF);
	ck_assert_uint_eq(p->lft.soft_add_expires_seconds, 0);
	ck_assert_uint_eq(p->lft.hard_add_expires_seconds, 0);
	ck_assert_uint_eq(p->lft.soft_use_expires_seconds, 0);
	ck_assert_uint_eq(p->lft.hard_use_expires_seconds, 0);
	ck_assert(all_zero(&p->curlft, sizeof(p->curlft)));
	ck_assert_uint_eq(p->priority, XFRM_GUARD_PRIORITY);
	ck_assert_uint_gt(p->priority, 3 * (384u << 10));
	ck_assert_uint_eq(p->index, 0);
	ck_assert_uint_eq(p->dir, XFRM_POLICY_OUT);
	ck_assert_uint_eq(p->action, XFRM_POLICY_BLOCK);
	ck_assert_uint_eq(p->flags, 0);
	ck_assert_uint_eq(p->share, XFRM_SHARE_ANY);
	m = mark_of(nlh, sizeof(*p));
	ck_assert_uint_eq(m->v, 0x2a);
	ck_assert_uint_eq(m->m, 0xffffffff);
}
END_TEST

START_TEST(delete_and_dump_messages)
{
	char buf[XFRM_GUARD_MSG_MAX];
	struct nlmsghdr *nlh = xfrm_guard_build_del(buf, AF_INET, 0x1234, 9);
	const struct xfrm_userpolicy_id *id;
	const struct xfrm_mark *m;

	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_DELPOLICY);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_uint_eq(nlh->nlmsg_seq, 9);
	ck_assert_uint_eq(nlh->nlmsg_len,
			  MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*id)) +
			  MNL_ATTR_HDRLEN + sizeof(*m));
	id = mnl_nlmsg_get_payload(nlh);
	check_any(&id->sel, AF_INET);
	ck_assert_uint_eq(id->index, 0);	/* by selector and mark */
	ck_assert_uint_eq(id->dir, XFRM_POLICY_OUT);
	m = mark_of(nlh, sizeof(*id));
	ck_assert_uint_eq(m->v, 0x1234);
	ck_assert_uint_eq(m->m, 0xffffffff);

	nlh = xfrm_guard_build_dump(buf, 10);
	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_GETPOLICY);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	ck_assert_uint_eq(nlh->nlmsg_seq, 10);
	ck_assert_uint_eq(nlh->nlmsg_len, MNL_NLMSG_HDRLEN);
}
END_TEST

/* A dumped policy: ours, unless a test changes it. */
static struct nlmsghdr *dumped(char *buf, int family, uint32_t mark)
{
	struct nlmsghdr *nlh = xfrm_guard_build_new(buf, family, mark, 0);

	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	nlh->nlmsg_flags = NLM_F_MULTI;
	return nlh;
}

static struct xfrm_userpolicy_info *info(struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload(nlh);
}

START_TEST(dump_filter_knows_ours)
{
	char buf[XFRM_GUARD_MSG_MAX];
	struct nlmsghdr *nlh;
	struct xfrm_mark *m;
	struct xfrm_mark other = { 7, 0xffffffff };
	uint32_t mark = 0;
	int family = 0;

	nlh = dumped(buf, AF_INET, 0x33);
	ck_assert(xfrm_guard_parse_ours(nlh, &family, &mark));
	ck_assert_int_eq(family, AF_INET);
	ck_assert_uint_eq(mark, 0x33);
	nlh = dumped(buf, AF_INET6, 0x44);
	ck_assert(xfrm_guard_parse_ours(nlh, &family, &mark));
	ck_assert_int_eq(family, AF_INET6);
	ck_assert_uint_eq(mark, 0x44);

	/* charon's policy for the same mark: its priority. */
	nlh = dumped(buf, AF_INET, 0x33);
	info(nlh)->priority = CHARON_PRIORITY;
	info(nlh)->action = XFRM_POLICY_ALLOW;
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
	/* Our priority, but not a block (an administrator's), or inbound. */
	nlh = dumped(buf, AF_INET, 0x33);
	info(nlh)->action = XFRM_POLICY_ALLOW;
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
	nlh = dumped(buf, AF_INET, 0x33);
	info(nlh)->dir = XFRM_POLICY_IN;
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
	/* A block at some other priority. */
	nlh = dumped(buf, AF_INET, 0x33);
	info(nlh)->priority = XFRM_GUARD_PRIORITY - 1;
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
	/* Not an exact mark, or none. */
	nlh = dumped(buf, AF_INET, 0x33);
	m = mnl_attr_get_payload(mnl_nlmsg_get_payload_offset(nlh,
							      sizeof(struct xfrm_userpolicy_info)));
	m->m = 0xff;
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
	nlh = dumped(buf, AF_INET, 0x33);
	nlh->nlmsg_len -= MNL_ATTR_HDRLEN + sizeof(*m);
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
	/* Another attribute first does not hide the mark. */
	nlh = dumped(buf, AF_INET, 0x33);
	nlh->nlmsg_len -= MNL_ATTR_HDRLEN + sizeof(*m);
	mnl_attr_put_u32(nlh, XFRMA_IF_ID, 3);
	mnl_attr_put(nlh, XFRMA_MARK, sizeof(other), &other);
	ck_assert(xfrm_guard_parse_ours(nlh, &family, &mark));
	ck_assert_uint_eq(mark, 7);
	/* Other messages, and a truncated policy. */
	nlh = dumped(buf, AF_INET, 0x33);
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
	nlh = dumped(buf, AF_INET, 0x33);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(struct xfrm_userpolicy_info) - 1;
	ck_assert(!xfrm_guard_parse_ours(nlh, &family, &mark));
}
END_TEST

/* --- against the kernel, in a namespace of our own ------------------------- */

static bool own_netns(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	FILE *f;
	int fd;

	if (unshare(CLONE_NEWNET) < 0) {
		fprintf(stderr, "test_xfrm_guard: no network namespace of "
			"our own (%s): kernel tests skipped\n", strerror(errno));
		return false;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	ck_assert_int_eq(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
	/* Linux spares loopback XFRM by default. */
	f = fopen("/proc/sys/net/ipv4/conf/lo/disable_xfrm", "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs("0\n", f) >= 0 && fclose(f) == 0, 1);
	return true;
}

/* A datagram to 127.0.0.1 marked mark: 0 or the errno. */
static int send_marked(uint32_t mark)
{
	struct sockaddr_in to = {
		.sin_family = AF_INET, .sin_port = htons(9),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc = 0;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_MARK, &mark,
				    sizeof(mark)), 0);
	if (sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		rc = errno;
	close(fd);
	return rc;
}

/* Send one request, wait for its ack: 0 or -errno. */
static int request(struct nlmsghdr *nlh)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_XFRM);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	ssize_t n;
	int rc;

	ck_assert_ptr_nonnull(nl);
	ck_assert_int_eq(mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID), 0);
	ck_assert_int_ge(mnl_socket_sendto(nl, nlh, nlh->nlmsg_len), 0);
	n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	rc = mnl_cb_run(buf, n, nlh->nlmsg_seq, mnl_socket_get_portid(nl),
			NULL, NULL);
	rc = rc < 0 ? -errno : 0;
	mnl_socket_close(nl);
	return rc;
}

/*
 * charon's outbound policy for mark: allow (no template, so in the clear
 * here) at its priority, its selector host to host, UDP, as for L2TP.  A
 * policy with our selector and mark would replace ours, but charon never
 * installs one for L2TP.
 */
static void charon_selector(struct xfrm_selector *sel)
{
	sel->family = AF_INET;
	sel->daddr.a4 = sel->saddr.a4 = htonl(INADDR_LOOPBACK);
	sel->prefixlen_d = sel->prefixlen_s = 32;
	sel->proto = IPPROTO_UDP;
}

static int charon_policy(uint32_t mark, bool add)
{
	char buf[XFRM_GUARD_MSG_MAX];
	struct nlmsghdr *nlh;
	struct xfrm_userpolicy_id *id;

	if (!add) {
		nlh = xfrm_guard_build_del(buf, AF_INET, mark, 1);
		id = mnl_nlmsg_get_payload(nlh);
		charon_selector(&id->sel);
		return request(nlh);
	}
	nlh = xfrm_guard_build_new(buf, AF_INET, mark, 1);
	charon_selector(&info(nlh)->sel);
	info(nlh)->priority = CHARON_PRIORITY;
	info(nlh)->action = XFRM_POLICY_ALLOW;
	return request(nlh);
}

START_TEST(kernel_refuses_what_only_the_guard_covers)
{
	struct loop *loop = loop_new_virtual(0);
	struct xfrm_guard *g;
	char err[128];

	if (!own_netns())
		return;
	g = xfrm_guard_open(loop, err, sizeof(err));
	ck_assert_msg(g, "%s", err);
	ck_assert_int_eq(send_marked(0x10), 0);

	ck_assert_int_eq(xfrm_guard_hold(g, 1, AF_INET, 0x10), 0);
	ck_assert(xfrm_guard_covers(g, 1, 0x10));
	ck_assert(!xfrm_guard_covers(g, 1, 0x11));
	ck_assert(!xfrm_guard_covers(g, 2, 0x10));
	ck_assert_int_eq(send_marked(0x10), EPERM);
	ck_assert_int_eq(send_marked(0x11), 0);	/* another mark */
	ck_assert_int_eq(send_marked(0), 0);		/* unmarked */

	/* charon's policy for the mark wins while it exists ... */
	ck_assert_int_eq(charon_policy(0x10, true), 0);
	ck_assert_int_eq(send_marked(0x10), 0);
	/* ... and when it goes, the guard is still there. */
	ck_assert_int_eq(charon_policy(0x10, false), 0);
	ck_assert_int_eq(send_marked(0x10), EPERM);

	/* Holding again is a no-op; a second holder of the mark keeps it. */
	ck_assert_int_eq(xfrm_guard_hold(g, 1, AF_INET, 0x10), 0);
	ck_assert_int_eq(xfrm_guard_hold(g, 2, AF_INET, 0x10), 0);
	ck_assert_uint_eq(xfrm_guard_mark_count(g), 1);
	xfrm_guard_release(g, 1);
	loop_advance(loop, XFRM_GUARD_GRACE_MS + 1);
	ck_assert_int_eq(send_marked(0x10), EPERM);
	ck_assert(!xfrm_guard_covers(g, 1, 0x10));

	/* The last holder gone: guarded for the grace period, then not. */
	xfrm_guard_release(g, 2);
	ck_assert(!xfrm_guard_covers(g, 2, 0x10));
	loop_advance(loop, XFRM_GUARD_GRACE_MS - 1);
	ck_assert_int_eq(send_marked(0x10), EPERM);
	loop_advance(loop, 2);
	ck_assert_int_eq(send_marked(0x10), 0);
	ck_assert_uint_eq(xfrm_guard_mark_count(g), 0);

	/* A hold during the grace keeps the policy. */
	ck_assert_int_eq(xfrm_guard_hold(g, 3, AF_UNSPEC, 0x20), 0);
	xfrm_guard_release(g, 3);
	loop_advance(loop, XFRM_GUARD_GRACE_MS / 2);
	ck_assert_int_eq(xfrm_guard_hold(g, 4, AF_INET, 0x20), 0);
	loop_advance(loop, XFRM_GUARD_GRACE_MS * 2);
	ck_assert_int_eq(send_marked(0x20), EPERM);

	/* A new mark for a reqid moves its hold. */
	ck_assert_int_eq(xfrm_guard_hold(g, 4, AF_INET, 0x30), 0);
	ck_assert(xfrm_guard_covers(g, 4, 0x30));
	ck_assert_int_eq(send_marked(0x30), EPERM);
	loop_advance(loop, XFRM_GUARD_GRACE_MS + 1);
	ck_assert_int_eq(send_marked(0x20), 0);

	/* Mark 0 is nobody's. */
	ck_assert_int_eq(xfrm_guard_hold(g, 5, AF_INET, 0), -EINVAL);
	ck_assert(!xfrm_guard_covers(g, 5, 0));

	/* Closing removes everything of ours at once. */
	xfrm_guard_close(g);
	ck_assert_int_eq(send_marked(0x30), 0);
	loop_free(loop);
}
END_TEST

START_TEST(open_flushes_leftovers_only)
{
	struct loop *loop = loop_new_virtual(0);
	struct xfrm_guard *g, *crashed;
	char buf[XFRM_GUARD_MSG_MAX];
	char err[128];

	if (!own_netns())
		return;
	/* An l2tpgwd that died without closing, and charon's policy. */
	crashed = xfrm_guard_open(loop, err, sizeof(err));
	ck_assert_msg(crashed, "%s", err);
	ck_assert_int_eq(xfrm_guard_hold(crashed, 1, AF_UNSPEC, 0x40), 0);
	ck_assert_int_eq(charon_policy(0x41, true), 0);
	ck_assert_int_eq(request(xfrm_guard_build_new(buf, AF_INET, 0x42, 1)),
			 0);
	ck_assert_int_eq(send_marked(0x40), EPERM);
	ck_assert_int_eq(send_marked(0x42), EPERM);

	g = xfrm_guard_open(loop, err, sizeof(err));
	ck_assert_msg(g, "%s", err);
	ck_assert_int_eq(send_marked(0x40), 0);
	ck_assert_int_eq(send_marked(0x42), 0);
	/* charon's is still there: deleting it works. */
	ck_assert_int_eq(charon_policy(0x41, false), 0);
	/* Both families of 0x40 went. */
	ck_assert_int_eq(request(xfrm_guard_build_del(buf, AF_INET6, 0x40, 2)),
			 -ENOENT);
	xfrm_guard_close(g);
	xfrm_guard_close(crashed);	/* nothing of its own left to remove */
	loop_free(loop);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xfrm_guard");
	TCase *tc = tcase_create("messages");
	TCase *tk = tcase_create("kernel");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, new_policy_message);
	tcase_add_test(tc, delete_and_dump_messages);
	tcase_add_test(tc, dump_filter_knows_ours);
	suite_add_tcase(s, tc);
	tcase_add_test(tk, kernel_refuses_what_only_the_guard_covers);
	tcase_add_test(tk, open_flushes_leftovers_only);
	suite_add_tcase(s, tk);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
