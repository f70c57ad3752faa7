// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Netlink requests the daemon sends the l2tpgw module: its tunnels and
 * sessions translated into libl2tpctl requests, then encoded by the
 * library, must carry the attributes of TUNNEL_ADD, TUNNEL_MODIFY (a
 * tunnel following its SA) and SESSION_ADD as the UAPI header defines
 * them.  (Talking to the module itself is covered by
 * the VM tests.)
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/l2tpgw.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "kernel.h"

static uint8_t buf[CTL_BUF_SIZE];

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

static void parse(const struct nlmsghdr *nlh, uint8_t cmd, struct seen *s)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	ck_assert_uint_le(nlh->nlmsg_len, sizeof(buf));
	ck_assert_uint_eq(nlh->nlmsg_type, 0x1234);
	ck_assert(nlh->nlmsg_flags & NLM_F_REQUEST);
	ck_assert_uint_eq(nlh->nlmsg_seq, 77);
	ck_assert_uint_eq(g->cmd, cmd);
	ck_assert_uint_eq(g->version, L2TPGW_GENL_VERSION);
	memset(s, 0, sizeof(*s));
	ck_assert_int_ge(mnl_attr_parse(nlh, sizeof(*g), collect, s), 0);
}

/* The daemon's tunnel as libl2tpctl's TUNNEL_ADD request. */
static struct nlmsghdr *tunnel_add(const struct l2tp_tunnel_info *ti,
				   struct seen *s)
{
	struct nlmsghdr *nlh;
	struct l2tpctl_tunnel t;

	kernel_tunnel_request(ti, &t);
	nlh = ctl_msg_start(buf, 0x1234, L2TPGW_CMD_TUNNEL_ADD, NLM_F_ACK, 77);
	ck_assert_int_eq(ctl_msg_tunnel(nlh, &t, true), 0);
	parse(nlh, L2TPGW_CMD_TUNNEL_ADD, s);
	return nlh;
}

static struct nlmsghdr *session_add(const struct l2tp_session_info *si,
				    const struct kernel_session_defaults *d,
				    struct seen *s)
{
	struct nlmsghdr *nlh;
	struct l2tpctl_session ls;

	kernel_session_request(si, d, &ls);
	nlh = ctl_msg_start(buf, 0x1234, L2TPGW_CMD_SESSION_ADD, NLM_F_ACK, 77);
	ck_assert_int_eq(ctl_msg_session(nlh, &ls, true), 0);
	parse(nlh, L2TPGW_CMD_SESSION_ADD, s);
	return nlh;
}

START_TEST(tunnel_add_ipv4_and_ipv6)
{
	struct l2tp_addr peer;
	static const uint8_t filler[CTL_BUF_SIZE - 64];
	struct l2tp_tunnel_info ti = { 9, 100, 200, &peer };
	struct l2tpctl_tunnel t;
	struct nlmsghdr *nlh;
	struct seen s;

	memset(&peer, 0, sizeof(peer));
	peer.sin.sin_family = AF_INET;
	peer.sin.sin_port = htons(4500);
	inet_pton(AF_INET, "192.0.2.1", &peer.sin.sin_addr);
	tunnel_add(&ti, &s);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_SOCK_ID]), 9);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TUNNEL_ID]), 100);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_TUNNEL_ID]), 200);
	/* Port in host order, address in network order. */
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_PORT]), 4500);
	ck_assert_uint_eq(mnl_attr_get_payload_len(s.a[L2TPGW_A_PEER_ADDR]), 4);
	ck_assert_mem_eq(mnl_attr_get_payload(s.a[L2TPGW_A_PEER_ADDR]),
			 "\xc0\x00\x02\x01", 4);
	/* In the clear: no mark, no SA binding. */
	ck_assert_ptr_null(s.a[L2TPGW_A_MARK]);
	ck_assert_ptr_null(s.a[L2TPGW_A_IPSEC_REQID]);

	memset(&peer, 0, sizeof(peer));
	peer.sin6.sin6_family = AF_INET6;
	peer.sin6.sin6_port = htons(1701);
	inet_pton(AF_INET6, "2001:db8::7", &peer.sin6.sin6_addr);
	tunnel_add(&ti, &s);
	ck_assert_uint_eq(mnl_attr_get_payload_len(s.a[L2TPGW_A_PEER_ADDR]), 16);
	ck_assert_mem_eq(mnl_attr_get_payload(s.a[L2TPGW_A_PEER_ADDR]),
			 &peer.sin6.sin6_addr, 16);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_PORT]), 1701);

	/* No room left in the buffer: refused, not overrun. */
	kernel_tunnel_request(&ti, &t);
	nlh = ctl_msg_start(buf, 0x1234, L2TPGW_CMD_TUNNEL_ADD, NLM_F_ACK, 77);
	ck_assert(mnl_attr_put_check(nlh, sizeof(buf), L2TPGW_A_PAD,
				     sizeof(filler), filler));
	ck_assert_int_eq(ctl_msg_tunnel(nlh, &t, true), -EMSGSIZE);
	ck_assert_uint_le(nlh->nlmsg_len, sizeof(buf));
}
END_TEST

START_TEST(tunnel_add_through_an_sa)
{
	struct l2tp_addr peer;
	struct l2tp_tunnel_info ti = { 3, 5, 6, &peer };
	struct seen s;

	memset(&peer, 0, sizeof(peer));
	peer.sin.sin_family = AF_INET;
	peer.sin.sin_port = htons(1701);
	inet_pton(AF_INET, "198.51.100.4", &peer.sin.sin_addr);
	peer.mark = 0x42;
	peer.sa_reqid = 7;
	tunnel_add(&ti, &s);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_MARK]), 0x42);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_IPSEC_REQID]), 7);
}
END_TEST

/*
 * A tunnel following its moved SA: one TUNNEL_MODIFY with the new peer
 * address and port, mark and reqid, and nothing that a modify must not
 * change (socket, peer tunnel id).
 */
START_TEST(tunnel_rebind_is_one_modify)
{
	struct l2tp_addr peer;
	struct l2tpctl_tunnel t;
	struct nlmsghdr *nlh;
	struct seen s;
	uint8_t want6[16];

	memset(&peer, 0, sizeof(peer));
	peer.sin.sin_family = AF_INET;
	peer.sin.sin_port = htons(1701);
	inet_pton(AF_INET, "203.0.113.8", &peer.sin.sin_addr);
	peer.mark = 0x99;
	peer.sa_reqid = 2;
	kernel_tunnel_rebind_request(5, &peer, &t);
	nlh = ctl_msg_start(buf, 0x1234, L2TPGW_CMD_TUNNEL_MODIFY, NLM_F_ACK,
			    77);
	ck_assert_int_eq(ctl_msg_tunnel(nlh, &t, false), 0);
	parse(nlh, L2TPGW_CMD_TUNNEL_MODIFY, &s);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TUNNEL_ID]), 5);
	ck_assert_uint_eq(mnl_attr_get_payload_len(s.a[L2TPGW_A_PEER_ADDR]), 4);
	ck_assert_mem_eq(mnl_attr_get_payload(s.a[L2TPGW_A_PEER_ADDR]),
			 &peer.sin.sin_addr, 4);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_PORT]), 1701);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_MARK]), 0x99);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_IPSEC_REQID]), 2);
	ck_assert_ptr_null(s.a[L2TPGW_A_SOCK_ID]);
	ck_assert_ptr_null(s.a[L2TPGW_A_PEER_TUNNEL_ID]);
	ck_assert_ptr_null(s.a[L2TPGW_A_TUNNEL_FLAGS]);

	/* IPv6, and a zero mark is still sent: the binding is replaced. */
	memset(&peer, 0, sizeof(peer));
	peer.sin6.sin6_family = AF_INET6;
	peer.sin6.sin6_port = htons(40000);
	inet_pton(AF_INET6, "2001:db8::5", want6);
	memcpy(&peer.sin6.sin6_addr, want6, 16);
	peer.sa_reqid = 3;
	kernel_tunnel_rebind_request(6, &peer, &t);
	nlh = ctl_msg_start(buf, 0x1234, L2TPGW_CMD_TUNNEL_MODIFY, NLM_F_ACK,
			    77);
	ck_assert_int_eq(ctl_msg_tunnel(nlh, &t, false), 0);
	parse(nlh, L2TPGW_CMD_TUNNEL_MODIFY, &s);
	ck_assert_uint_eq(mnl_attr_get_payload_len(s.a[L2TPGW_A_PEER_ADDR]),
			  16);
	ck_assert_mem_eq(mnl_attr_get_payload(s.a[L2TPGW_A_PEER_ADDR]), want6,
			 16);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_PORT]), 40000);
	ck_assert_ptr_nonnull(s.a[L2TPGW_A_MARK]);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_MARK]), 0);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_IPSEC_REQID]), 3);
}
END_TEST

START_TEST(session_add_flags_and_defaults)
{
	struct l2tp_session_info si = { 100, 300, 400, true, true };
	struct kernel_session_defaults d = { "ra%d", 1380,
					     L2TPGW_TCP_MSS_AUTO };
	struct seen s;

	session_add(&si, &d, &s);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TUNNEL_ID]), 100);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_SESSION_ID]), 300);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_PEER_SESSION_ID]), 400);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_SESSION_FLAGS]),
			  L2TPGW_SESSION_F_SEND_SEQ | L2TPGW_SESSION_F_RECV_SEQ |
			  L2TPGW_SESSION_F_LNS);
	ck_assert_str_eq(mnl_attr_get_str(s.a[L2TPGW_A_IFNAME]), "ra%d");
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_MTU]), 1380);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TCP_MSS]),
			  L2TPGW_TCP_MSS_AUTO);
	/* The section's tcp_mss goes as it is: off is sent, not left out. */
	d.tcp_mss = 0;
	session_add(&si, &d, &s);
	ck_assert_ptr_nonnull(s.a[L2TPGW_A_TCP_MSS]);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TCP_MSS]), 0);
	d.tcp_mss = 1300;
	session_add(&si, &d, &s);
	ck_assert_uint_eq(mnl_attr_get_u16(s.a[L2TPGW_A_TCP_MSS]), 1300);

	si.sequencing = false;
	si.lns = false;
	session_add(&si, NULL, &s);
	ck_assert_uint_eq(mnl_attr_get_u32(s.a[L2TPGW_A_SESSION_FLAGS]), 0);
	ck_assert_ptr_null(s.a[L2TPGW_A_IFNAME]);
	ck_assert_ptr_null(s.a[L2TPGW_A_MTU]);
	ck_assert_ptr_null(s.a[L2TPGW_A_TCP_MSS]);

	/* A name too long for a device is cut, never sent unterminated. */
	d.ifname = "a-very-long-device-name";
	session_add(&si, &d, &s);
	ck_assert_str_eq(mnl_attr_get_str(s.a[L2TPGW_A_IFNAME]),
			 "a-very-long-dev");
}
END_TEST

START_TEST(open_without_module_explains)
{
	char err[256] = "";
	struct kernel *k = kernel_open(err, sizeof(err));

	/* The host kernel has no l2tpgw module: the error must say so. */
	if (k) {
		ck_assert_str_eq(kernel_last_error(k), "");
		kernel_close(k);
		return;
	}
	ck_assert_int_eq(errno, ENOENT);
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
	tcase_add_test(tc, tunnel_add_through_an_sa);
	tcase_add_test(tc, tunnel_rebind_is_one_modify);
	tcase_add_test(tc, session_add_flags_and_defaults);
	tcase_add_test(tc, open_without_module_explains);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
