// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Netlink requests the daemon sends the l2tpgw module: the attributes of
 * TUNNEL_ADD and SESSION_ADD as the UAPI header defines them.  (Talking
 * to the module itself is covered by the VM tests.)
 */
#include <arpa/inet.h>
#include <check.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/l2tpgw.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

struct seen {
	const struct nlattr *a[L2TPGW_A_MAX + 1];
};

static int collect(const struct nlattr *attr, void *data)
{
	struct seen *s = data;
	uint16_t type = mnl_attr_get_type(attr);

	ck_assert_uint_le(type, L2TPGW_A_MAX);
	ck_assert_ptr_null(s->a[type]);	/* each attribute once */
	s->a[type] = attr;
	return MNL_CB_OK;
}

static void parse(const uint8_t *buf, size_t len, uint8_t cmd, struct seen *s)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	ck_assert_uint_eq(nlh->nlmsg_len, len);
	ck_assert_uint_eq(nlh->nlmsg_type, 0x1234);
	ck_assert(nlh->nlmsg_flags & NLM_F_REQUEST);
	ck_assert(nlh->nlmsg_flags & NLM_F_ACK);
	ck_assert_uint_eq(nlh->nlmsg_seq, 77);
	ck_assert_uint_eq(g->cmd, cmd);
	ck_assert_uint_eq(g->version, L2TPGW_GENL_VERSION);
	memset(s, 0, sizeof(*s));
	ck_assert_int_ge(mnl_attr_parse(nlh, sizeof(*g), collect, s), 0);
}

START_TEST(tunnel_add_ipv4_and_ipv6)
{
	uint8_t buf[512];
	struct l2tp_addr peer;
	struct l2tp_tunnel_info ti = { 9, 100, 200, &peer };
	struct seen s;
	size_t n;

	memset(&peer, 0, sizeof(peer));
	peer.sin.sin_family = AF_INET;
	peer.sin.sin_port = htons(4500);
	inet_pton(AF_INET, "192.0.2.1", &peer.sin.sin_addr);
	n = kernel_build_tunnel_add(buf, sizeof(buf), 0x1234, 77, &ti);
	ck_assert_uint_gt(n, 0);
	parse(buf, n, L2TPGW_CMD_TUNNEL_ADD, &s);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_SOCK_ID]), 9);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TUNNEL_ID]), 100);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_TUNNEL_ID]), 200);
	/* Port in host order, address in network order. */
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_PORT]), 4500);
	ck_assert_uint_eq(mnl_attr_get_payload_len(s.a[L2TPGW_A_PEER_ADDR]), 4);
	ck_assert_mem_eq(mnl_attr_get_payload(s.a[L2TPGW_A_PEER_ADDR]),
			 "\xc0\x00\x02\x01", 4);

	memset(&peer, 0, sizeof(peer));
	peer.sin6.sin6_family = AF_INET6;
	peer.sin6.sin6_port = htons(1701);
	inet_pton(AF_INET6, "2001:db8::7", &peer.sin6.sin6_addr);
	n = kernel_build_tunnel_add(buf, sizeof(buf), 0x1234, 77, &ti);
	parse(buf, n, L2TPGW_CMD_TUNNEL_ADD, &s);
	ck_assert_uint_eq(mnl_attr_get_payload_len(s.a[L2TPGW_A_PEER_ADDR]), 16);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_PORT]), 1701);
	/* Too small a buffer: refused, not overrun. */
	ck_assert_uint_eq(kernel_build_tunnel_add(buf, 40, 0x1234, 77, &ti), 0);
}
END_TEST

START_TEST(session_add_flags_and_defaults)
{
	uint8_t buf[512];
	struct l2tp_session_info si = { 100, 300, 400, true, true };
	struct kernel_session_defaults d = { "ra%d", 1380 };
	struct seen s;
	size_t n;

	n = kernel_build_session_add(buf, sizeof(buf), 0x1234, 77, &si, &d);
	ck_assert_uint_gt(n, 0);
	parse(buf, n, L2TPGW_CMD_SESSION_ADD, &s);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TUNNEL_ID]), 100);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_SESSION_ID]), 300);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_SESSION_ID]), 400);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_SESSION_FLAGS]),
			  L2TPGW_SESSION_F_SEND_SEQ | L2TPGW_SESSION_F_RECV_SEQ |
			  L2TPGW_SESSION_F_LNS);
	ck_assert_str_eq(mnl_attr_get_str(s.a[L2TPGW_A_IFNAME]), "ra%d");
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_MTU]), 1380);

	si.sequencing = false;
	si.lns = false;
	n = kernel_build_session_add(buf, sizeof(buf), 0x1234, 77, &si, NULL);
	parse(buf, n, L2TPGW_CMD_SESSION_ADD, &s);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_SESSION_FLAGS]), 0);
	ck_assert_ptr_null(s.a[L2TPGW_A_IFNAME]);
	ck_assert_ptr_null(s.a[L2TPGW_A_MTU]);
}
END_TEST

START_TEST(open_without_module_explains)
{
	char err[256] = "";
	struct kernel *k = kernel_open(err, sizeof(err));

	/* The host kernel has no l2tpgw module: the error must say so. */
	if (k) {
		kernel_close(k);
		return;
	}
	ck_assert_msg(strstr(err, "l2tpgw") || strstr(err, "netlink"),
		      "unhelpful error: %s", err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("l2tp_kernel");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, tunnel_add_ipv4_and_ipv6);
	tcase_add_test(tc, session_add_flags_and_defaults);
	tcase_add_test(tc, open_without_module_explains);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
