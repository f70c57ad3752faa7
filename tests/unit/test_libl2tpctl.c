// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libl2tpctl without a kernel: request encoding byte for byte, parsing of
 * hand-built replies (good, truncated, malformed, newer-module attributes),
 * the reply state machine with acks, extended-ack errors and dumps, the
 * controller's family reply and events.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>

#include "internal.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the expected byte arrays below are little-endian"
#endif

#define FAMILY	0x1c

static char buf[CTL_BUF_SIZE];

/* --- helpers building kernel messages ------------------------------------- */

static struct nlmsghdr *reply_start(void *b, uint16_t type, uint8_t cmd,
				    uint32_t seq)
{
	struct nlmsghdr *nlh = ctl_msg_start(b, type, cmd, 0, seq);

	nlh->nlmsg_flags = 0;
	return nlh;
}

static void put_stats(struct nlmsghdr *nlh)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, L2TPGW_A_STATS);

	mnl_attr_put_u64(nlh, L2TPGW_STAT_RX_PACKETS, 10);
	mnl_attr_put_u64(nlh, L2TPGW_STAT_TX_BYTES, 1ull << 40);
	mnl_attr_put_u64(nlh, L2TPGW_STAT_TX_DROPPED, 3);
	mnl_attr_put_u64(nlh, 200, 99);	/* a counter of a newer module */
	mnl_attr_nest_end(nlh, nest);
}

static struct nlmsghdr *tunnel_reply(void *b, uint32_t seq)
{
	struct nlmsghdr *nlh = reply_start(b, FAMILY, L2TPGW_CMD_TUNNEL_GET, seq);
	uint8_t peer[4] = { 192, 0, 2, 7 };

	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	mnl_attr_put_u16(nlh, L2TPGW_A_PEER_TUNNEL_ID, 77);
	mnl_attr_put_u32(nlh, L2TPGW_A_SOCK_ID, 3);
	mnl_attr_put(nlh, L2TPGW_A_PEER_ADDR, sizeof(peer), peer);
	mnl_attr_put_u16(nlh, L2TPGW_A_PEER_PORT, 1701);
	mnl_attr_put_u32(nlh, L2TPGW_A_MARK, 0x10);
	mnl_attr_put_u32(nlh, L2TPGW_A_TUNNEL_FLAGS, L2TPGW_TUNNEL_F_UDP_CSUM);
	mnl_attr_put_u32(nlh, L2TPGW_A_IPSEC_REQID, 12);
	mnl_attr_put_u32(nlh, 250, 1);	/* an attribute of a newer module */
	put_stats(nlh);
	return nlh;
}

static struct nlmsghdr *ack(void *b, uint32_t seq, int error,
			    const char *extack, bool capped)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(b);
	struct nlmsgerr *e;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = seq;
	e = mnl_nlmsg_put_extra_header(nlh, sizeof(*e));
	e->error = error;
	e->msg.nlmsg_len = sizeof(struct nlmsghdr);
	e->msg.nlmsg_seq = seq;
	if (!capped) {
		/* Echo a 24-byte request body after the header. */
		char *body = mnl_nlmsg_put_extra_header(nlh, 24);

		memset(body, 0xee, 24);
		e->msg.nlmsg_len += 24;
	} else {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	}
	if (extack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
	}
	return nlh;
}

/* --- request encoding ---------------------------------------------------- */

START_TEST(tunnel_add_request_bytes)
{
	struct l2tpctl_tunnel t = {
		.tunnel_id = 0x1234, .peer_tunnel_id = 0x0007, .sock_id = 2,
		.peer = { AF_INET, { 10, 0, 0, 2 } }, .peer_port = 1701,
		.mark = 0xabcd, .flags = L2TPGW_TUNNEL_F_SEND_LENGTH,
		.ipsec_reqid = 0x21,
		.has = L2TPCTL_TUNNEL_HAS_MARK | L2TPCTL_TUNNEL_HAS_FLAGS |
		       L2TPCTL_TUNNEL_HAS_IPSEC_REQID,
	};
	static const uint8_t want[] = {
		0x54, 0, 0, 0,  FAMILY, 0,  0x05, 0x00,  9, 0, 0, 0,  0, 0, 0, 0,
		L2TPGW_CMD_TUNNEL_ADD, L2TPGW_GENL_VERSION, 0, 0,
		6, 0, L2TPGW_A_TUNNEL_ID, 0,        0x34, 0x12, 0, 0,
		8, 0, L2TPGW_A_SOCK_ID, 0,          2, 0, 0, 0,
		6, 0, L2TPGW_A_PEER_TUNNEL_ID, 0,   7, 0, 0, 0,
		8, 0, L2TPGW_A_PEER_ADDR, 0,        10, 0, 0, 2,
		6, 0, L2TPGW_A_PEER_PORT, 0,        0xa5, 0x06, 0, 0,
		8, 0, L2TPGW_A_MARK, 0,             0xcd, 0xab, 0, 0,
		8, 0, L2TPGW_A_TUNNEL_FLAGS, 0,     2, 0, 0, 0,
		8, 0, L2TPGW_A_IPSEC_REQID, 0,      0x21, 0, 0, 0,
	};
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_TUNNEL_ADD, NLM_F_ACK, 9);
	ck_assert_int_eq(ctl_msg_tunnel(nlh, &t, true), 0);
	ck_assert_uint_eq(nlh->nlmsg_len, sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
}
END_TEST

START_TEST(tunnel_modify_sends_only_given_fields)
{
	struct l2tpctl_tunnel t = {
		.tunnel_id = 9, .sock_id = 4, .peer_port = 4500,
		.local = { AF_INET, { 1, 1, 1, 1 } },
		.has = L2TPCTL_TUNNEL_HAS_PEER_PORT | L2TPCTL_TUNNEL_HAS_SOCK_ID |
		       L2TPCTL_TUNNEL_HAS_LOCAL,
	};
	static const uint8_t want_attrs[] = {
		6, 0, L2TPGW_A_TUNNEL_ID, 0,   9, 0, 0, 0,
		6, 0, L2TPGW_A_PEER_PORT, 0,   0x94, 0x11, 0, 0,
	};
	struct nlmsghdr *nlh;

	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_TUNNEL_MODIFY, NLM_F_ACK, 1);
	ck_assert_int_eq(ctl_msg_tunnel(nlh, &t, false), 0);
	/* Socket and local address cannot change: never sent on modify. */
	ck_assert_uint_eq(nlh->nlmsg_len, 20 + sizeof(want_attrs));
	ck_assert_mem_eq(buf + 20, want_attrs, sizeof(want_attrs));
}
END_TEST

START_TEST(session_add_request_bytes)
{
	struct l2tpctl_session s = {
		.tunnel_id = 1, .session_id = 2, .peer_session_id = 3,
		.ifname = "ppp%d", .mtu = 1400,
		.flags = L2TPGW_SESSION_F_LNS, .protocols = L2TPGW_PROTO_IPV6,
		.reorder_window = 0, .reorder_timeout_ms = 250,
		.has = L2TPCTL_SESSION_HAS_IFNAME | L2TPCTL_SESSION_HAS_MTU |
		       L2TPCTL_SESSION_HAS_FLAGS | L2TPCTL_SESSION_HAS_PROTOCOLS |
		       L2TPCTL_SESSION_HAS_REORDER_WINDOW |
		       L2TPCTL_SESSION_HAS_REORDER_TIMEOUT,
	};
	static const uint8_t want_attrs[] = {
		6, 0, L2TPGW_A_TUNNEL_ID, 0,       1, 0, 0, 0,
		6, 0, L2TPGW_A_SESSION_ID, 0,      2, 0, 0, 0,
		6, 0, L2TPGW_A_PEER_SESSION_ID, 0, 3, 0, 0, 0,
		10, 0, L2TPGW_A_IFNAME, 0,         'p', 'p', 'p', '%', 'd', 0, 0, 0,
		8, 0, L2TPGW_A_MTU, 0,             0x78, 0x05, 0, 0,
		8, 0, L2TPGW_A_SESSION_FLAGS, 0,   4, 0, 0, 0,
		8, 0, L2TPGW_A_PROTOCOLS, 0,       2, 0, 0, 0,
		6, 0, L2TPGW_A_REORDER_WINDOW, 0,  0, 0, 0, 0,
		8, 0, L2TPGW_A_REORDER_TIMEOUT, 0, 250, 0, 0, 0,
	};
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_SESSION_ADD, NLM_F_ACK, 1);
	ck_assert_int_eq(ctl_msg_session(nlh, &s, true), 0);
	ck_assert_uint_eq(nlh->nlmsg_len, 20 + sizeof(want_attrs));
	ck_assert_mem_eq(buf + 20, want_attrs, sizeof(want_attrs));

	/* Modify never renames: the interface name is left out. */
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_SESSION_MODIFY, NLM_F_ACK, 1);
	ck_assert_int_eq(ctl_msg_session(nlh, &s, false), 0);
	ck_assert_uint_eq(nlh->nlmsg_len, 20 + sizeof(want_attrs) - 8 - 12);
}
END_TEST

START_TEST(session_add_rejects_unterminated_ifname)
{
	struct l2tpctl_session s = { .tunnel_id = 1, .session_id = 2,
				     .has = L2TPCTL_SESSION_HAS_IFNAME };
	struct nlmsghdr *nlh;

	memset(s.ifname, 'x', sizeof(s.ifname));
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_SESSION_ADD, NLM_F_ACK, 1);
	ck_assert_int_eq(ctl_msg_session(nlh, &s, true), -EINVAL);
}
END_TEST

START_TEST(sock_create_and_ppp_xmit_requests)
{
	struct l2tpctl_addr a6 = { AF_INET6, { 0x20, 0x01, 0x0d, 0xb8,
					       [15] = 1 } };
	struct l2tpctl_addr bad = { .family = AF_UNIX };
	static const uint8_t want_sock[] = {
		6, 0, L2TPGW_A_SOCK_FAMILY, 0,      AF_INET6, 0, 0, 0,
		20, 0, L2TPGW_A_SOCK_LOCAL_ADDR, 0, 0x20, 0x01, 0x0d, 0xb8,
		0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 1,
		6, 0, L2TPGW_A_SOCK_LOCAL_PORT, 0,  0xa5, 0x06, 0, 0,
	};
	static const uint8_t want_ppp[] = {
		6, 0, L2TPGW_A_TUNNEL_ID, 0,  1, 0, 0, 0,
		6, 0, L2TPGW_A_SESSION_ID, 0, 2, 0, 0, 0,
		7, 0, L2TPGW_A_PPP_FRAME, 0,  0xc0, 0x21, 0x09, 0,
	};
	static const uint8_t lcp_echo[] = { 0xc0, 0x21, 0x09 };
	static uint8_t big[L2TPCTL_PPP_FRAME_MAX + 1];
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_SOCK_ATTACH, NLM_F_ACK, 1);
	ck_assert_int_eq(ctl_msg_sock_create(nlh, &a6, 1701), 0);
	ck_assert_uint_eq(nlh->nlmsg_len, 20 + sizeof(want_sock));
	ck_assert_mem_eq(buf + 20, want_sock, sizeof(want_sock));
	ck_assert_int_eq(ctl_msg_sock_create(nlh, &bad, 1701), -EAFNOSUPPORT);

	memset(buf, 0, sizeof(buf));
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_PPP_XMIT, NLM_F_ACK, 1);
	ck_assert_int_eq(ctl_msg_ppp_xmit(nlh, 1, 2, lcp_echo, 3), 0);
	ck_assert_uint_eq(nlh->nlmsg_len, 20 + sizeof(want_ppp));
	ck_assert_mem_eq(buf + 20, want_ppp, sizeof(want_ppp));
	ck_assert_int_eq(ctl_msg_ppp_xmit(nlh, 1, 2, lcp_echo, 0), -EINVAL);
	ck_assert_int_eq(ctl_msg_ppp_xmit(nlh, 1, 2, big, sizeof(big)),
			 -EINVAL);
}
END_TEST

START_TEST(sock_id_request_bytes)
{
	static const uint8_t want[] = {
		0x24, 0, 0, 0,  FAMILY, 0,  0x05, 0x00,  4, 0, 0, 0,  0, 0, 0, 0,
		L2TPGW_CMD_SOCK_MODIFY, L2TPGW_GENL_VERSION, 0, 0,
		8, 0, L2TPGW_A_SOCK_ID, 0,     3, 0, 0, 0,
		8, 0, L2TPGW_A_SOCK_FLAGS, 0,  L2TPGW_SOCK_F_IPSEC, 0, 0, 0,
	};
	uint32_t flags = L2TPGW_SOCK_F_IPSEC;
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_SOCK_MODIFY, NLM_F_ACK, 4);
	ck_assert_int_eq(ctl_msg_sock(nlh, 3, &flags), 0);
	ck_assert_uint_eq(nlh->nlmsg_len, sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));

	/* Detach and get name the socket only. */
	nlh = ctl_msg_start(buf, FAMILY, L2TPGW_CMD_SOCK_DETACH, NLM_F_ACK, 4);
	ck_assert_int_eq(ctl_msg_sock(nlh, 3, NULL), 0);
	ck_assert_uint_eq(nlh->nlmsg_len, sizeof(want) - 8);
	ck_assert_mem_eq(buf + 20, want + 20, 8);
}
END_TEST

START_TEST(getfamily_request_bytes)
{
	static const uint8_t want[] = {
		0x20, 0, 0, 0,  GENL_ID_CTRL, 0,  0x05, 0x00,  3, 0, 0, 0,
		0, 0, 0, 0,
		CTRL_CMD_GETFAMILY, 1, 0, 0,
		11, 0, CTRL_ATTR_FAMILY_NAME, 0,  'l', '2', 't', 'p', 'g', 'w', 0, 0,
	};
	struct nlmsghdr *nlh;

	memset(buf, 0, sizeof(buf));
	nlh = ctl_msg_getfamily(buf, 3);
	ck_assert_uint_eq(nlh->nlmsg_len, sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
}
END_TEST

/* --- reply parsing -------------------------------------------------------- */

START_TEST(parse_tunnel_reply)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_tunnel t;
	struct nlmsghdr *nlh = tunnel_reply(buf, 1);

	ck_assert_int_eq(ctl_parse_tunnel(nlh, &t, perr), 0);
	ck_assert_uint_eq(t.tunnel_id, 5);
	ck_assert_uint_eq(t.peer_tunnel_id, 77);
	ck_assert_uint_eq(t.sock_id, 3);
	ck_assert_int_eq(t.peer.family, AF_INET);
	ck_assert_uint_eq(t.peer.addr[0], 192);
	ck_assert_uint_eq(t.peer.addr[3], 7);
	ck_assert_uint_eq(t.peer_port, 1701);
	ck_assert_uint_eq(t.mark, 0x10);
	ck_assert_uint_eq(t.flags, L2TPGW_TUNNEL_F_UDP_CSUM);
	ck_assert_uint_eq(t.ipsec_reqid, 12);
	ck_assert_uint_eq(t.has, L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID |
			  L2TPCTL_TUNNEL_HAS_SOCK_ID | L2TPCTL_TUNNEL_HAS_PEER |
			  L2TPCTL_TUNNEL_HAS_PEER_PORT | L2TPCTL_TUNNEL_HAS_MARK |
			  L2TPCTL_TUNNEL_HAS_FLAGS | L2TPCTL_TUNNEL_HAS_STATS |
			  L2TPCTL_TUNNEL_HAS_IPSEC_REQID);
	ck_assert_uint_eq(t.stats.count, L2TPGW_STAT_MAX + 1);
	ck_assert_uint_eq(t.stats.counter[L2TPGW_STAT_RX_PACKETS], 10);
	ck_assert_uint_eq(t.stats.counter[L2TPGW_STAT_TX_BYTES], 1ull << 40);
	ck_assert_uint_eq(t.stats.counter[L2TPGW_STAT_TX_DROPPED], 3);
	ck_assert_uint_eq(t.stats.counter[L2TPGW_STAT_RX_BYTES], 0);
}
END_TEST

START_TEST(parse_rejects_bad_attribute_length)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_tunnel t;
	struct nlmsghdr *nlh = reply_start(buf, FAMILY, L2TPGW_CMD_TUNNEL_GET, 1);

	mnl_attr_put_u32(nlh, L2TPGW_A_TUNNEL_ID, 5);	/* u16 expected */
	ck_assert_int_eq(ctl_parse_tunnel(nlh, &t, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: attribute 8 has bad length 4");

	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_TUNNEL_GET, 1);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	mnl_attr_put(nlh, L2TPGW_A_PEER_ADDR, 5, "abcde");
	ck_assert_int_eq(ctl_parse_tunnel(nlh, &t, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: attribute 10 has bad length 5");
}
END_TEST

START_TEST(parse_rejects_truncated_attribute)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_tunnel t;
	struct nlmsghdr *nlh = reply_start(buf, FAMILY, L2TPGW_CMD_TUNNEL_GET, 1);
	struct nlattr *a;

	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	a = (struct nlattr *)((char *)nlh + nlh->nlmsg_len);
	mnl_attr_put_u32(nlh, L2TPGW_A_MARK, 1);
	a->nla_len = 40;	/* claims more than the message holds */
	ck_assert_int_eq(ctl_parse_tunnel(nlh, &t, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: truncated attribute");

	/* Three stray bytes after the last attribute. */
	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_TUNNEL_GET, 1);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	nlh->nlmsg_len += 3;
	ck_assert_int_eq(ctl_parse_tunnel(nlh, &t, perr), -EBADMSG);

	/* No room even for the genl header. */
	nlh->nlmsg_len = 18;
	ck_assert_int_eq(ctl_parse_tunnel(nlh, &t, perr), -EBADMSG);
	ck_assert_str_eq(perr,
			 "malformed reply: message of 18 bytes has no genl header");
}
END_TEST

START_TEST(parse_rejects_missing_or_zero_ids)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_session s;
	struct nlmsghdr *nlh;

	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_SESSION_GET, 1);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	ck_assert_int_eq(ctl_parse_session(nlh, &s, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: no session id");

	mnl_attr_put_u16(nlh, L2TPGW_A_SESSION_ID, 0);
	ck_assert_int_eq(ctl_parse_session(nlh, &s, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: session id is 0");
}
END_TEST

START_TEST(parse_rejects_repeated_attribute)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_tunnel t;
	struct nlmsghdr *nlh = reply_start(buf, FAMILY, L2TPGW_CMD_TUNNEL_GET, 1);

	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 6);
	ck_assert_int_eq(ctl_parse_tunnel(nlh, &t, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: attribute 8 repeated");
}
END_TEST

START_TEST(parse_session_ifname_checks)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_session s;
	struct nlmsghdr *nlh;

	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_SESSION_GET, 1);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	mnl_attr_put_u16(nlh, L2TPGW_A_SESSION_ID, 6);
	mnl_attr_put_strz(nlh, L2TPGW_A_IFNAME, "l2tp0");
	mnl_attr_put_u32(nlh, L2TPGW_A_IFINDEX, 12);
	mnl_attr_put_u32(nlh, L2TPGW_A_PROTOCOLS, L2TPGW_PROTO_IPV4);
	ck_assert_int_eq(ctl_parse_session(nlh, &s, perr), 0);
	ck_assert_str_eq(s.ifname, "l2tp0");
	ck_assert_uint_eq(s.ifindex, 12);
	ck_assert_uint_eq(s.protocols, L2TPGW_PROTO_IPV4);
	ck_assert_uint_eq(s.has, L2TPCTL_SESSION_HAS_IFNAME |
			  L2TPCTL_SESSION_HAS_IFINDEX |
			  L2TPCTL_SESSION_HAS_PROTOCOLS);

	/* Not terminated within IFNAMSIZ: refused, never copied. */
	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_SESSION_GET, 1);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	mnl_attr_put_u16(nlh, L2TPGW_A_SESSION_ID, 6);
	mnl_attr_put(nlh, L2TPGW_A_IFNAME, 16, "0123456789abcdef");
	ck_assert_int_eq(ctl_parse_session(nlh, &s, perr), -EBADMSG);
}
END_TEST

START_TEST(parse_stats_rejects_bad_counter)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_stats st;
	struct nlmsghdr *nlh = reply_start(buf, FAMILY, L2TPGW_CMD_STATS_GET, 1);
	struct nlattr *nest = mnl_attr_nest_start(nlh, L2TPGW_A_STATS);

	mnl_attr_put_u32(nlh, L2TPGW_STAT_RX_BAD_HEADER, 1);
	mnl_attr_nest_end(nlh, nest);
	ck_assert_int_eq(ctl_parse_global_stats(nlh, &st, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: counter 9 has bad length 4");

	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_STATS_GET, 1);
	ck_assert_int_eq(ctl_parse_global_stats(nlh, &st, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: no statistics");
}
END_TEST

START_TEST(parse_limits)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_limits lim;
	struct nlmsghdr *nlh = reply_start(buf, FAMILY, L2TPGW_CMD_STATS_GET, 1);
	struct nlattr *nest = mnl_attr_nest_start(nlh, L2TPGW_A_LIMITS);

	mnl_attr_put_u64(nlh, L2TPGW_LIMIT_TUNNELS, 3);
	mnl_attr_put_u64(nlh, L2TPGW_LIMIT_TUNNELS_MAX, 50);
	mnl_attr_put_u64(nlh, L2TPGW_LIMIT_MAX + 1, 7);	/* a newer module's */
	mnl_attr_nest_end(nlh, nest);
	ck_assert_int_eq(ctl_parse_limits(nlh, &lim, perr), 0);
	ck_assert_uint_eq(lim.count, L2TPGW_LIMIT_MAX + 1);
	ck_assert_uint_eq(lim.value[L2TPGW_LIMIT_TUNNELS], 3);
	ck_assert_uint_eq(lim.value[L2TPGW_LIMIT_TUNNELS_MAX], 50);
	ck_assert_uint_eq(lim.value[L2TPGW_LIMIT_SESSIONS], 0);

	/* A module without limits: nothing to show, no error. */
	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_STATS_GET, 1);
	ck_assert_int_eq(ctl_parse_limits(nlh, &lim, perr), 0);
	ck_assert_uint_eq(lim.count, 0);

	nlh = reply_start(buf, FAMILY, L2TPGW_CMD_STATS_GET, 1);
	nest = mnl_attr_nest_start(nlh, L2TPGW_A_LIMITS);
	mnl_attr_put_u32(nlh, L2TPGW_LIMIT_SOCKETS, 1);
	mnl_attr_nest_end(nlh, nest);
	ck_assert_int_eq(ctl_parse_limits(nlh, &lim, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed reply: counter 2 has bad length 4");
}
END_TEST

START_TEST(parse_sock_reply)
{
	char perr[CTL_PERR_SIZE] = "";
	struct l2tpctl_sock s;
	struct nlmsghdr *nlh = reply_start(buf, FAMILY, L2TPGW_CMD_SOCK_GET, 1);
	uint8_t a6[16] = { 0xfe, 0x80, [15] = 2 };

	mnl_attr_put_u32(nlh, L2TPGW_A_SOCK_ID, 4);
	mnl_attr_put(nlh, L2TPGW_A_SOCK_LOCAL_ADDR, 16, a6);
	mnl_attr_put_u16(nlh, L2TPGW_A_SOCK_LOCAL_PORT, 1701);
	mnl_attr_put(nlh, L2TPGW_A_SOCK_OWNED, 0, NULL);
	ck_assert_int_eq(ctl_parse_sock(nlh, &s, perr), 0);
	ck_assert_uint_eq(s.sock_id, 4);
	ck_assert_int_eq(s.owned, 1);
	ck_assert_int_eq(s.local.family, AF_INET6);
	ck_assert_mem_eq(s.local.addr, a6, 16);
	ck_assert_uint_eq(s.local_port, 1701);
	ck_assert_uint_eq(s.has, L2TPCTL_SOCK_HAS_LOCAL);

	mnl_attr_put_u32(nlh, L2TPGW_A_SOCK_FLAGS, L2TPGW_SOCK_F_IPSEC);
	ck_assert_int_eq(ctl_parse_sock(nlh, &s, perr), 0);
	ck_assert_uint_eq(s.flags, L2TPGW_SOCK_F_IPSEC);
	ck_assert_uint_eq(s.has, L2TPCTL_SOCK_HAS_LOCAL | L2TPCTL_SOCK_HAS_FLAGS);
}
END_TEST

/* --- the reply state machine ------------------------------------------------ */

static int record_event_stub(const struct l2tpctl_event *ev, void *arg)
{
	ck_abort_msg("event callback called for a malformed datagram");
	return 0;
}

static int count_cb(const struct nlmsghdr *nlh, void *arg, char *perr)
{
	struct l2tpctl_tunnel t;
	int err = ctl_parse_tunnel(nlh, &t, perr);

	if (!err)
		(*(int *)arg)++;
	return err;
}

START_TEST(reply_object_then_ack)
{
	static char two[2 * CTL_BUF_SIZE];
	struct nlmsghdr *nlh = tunnel_reply(two, 7);
	struct ctl_reply r;
	int n = 0;
	size_t len = nlh->nlmsg_len;

	ack(two + len, 7, 0, NULL, true);
	len += ((struct nlmsghdr *)(two + len))->nlmsg_len;
	ctl_reply_init(&r, 7, 0, FAMILY, count_cb, &n);
	ck_assert_int_eq(ctl_reply_feed(&r, two, len), 0);
	ck_assert_int_eq(n, 1);
}
END_TEST

START_TEST(reply_error_with_extack_capped)
{
	struct nlmsghdr *nlh = ack(buf, 3, -EEXIST, "tunnel 5 already exists",
				   true);
	struct ctl_reply r;

	ctl_reply_init(&r, 3, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len), -EEXIST);
	ck_assert_str_eq(r.detail, "tunnel 5 already exists");
	ck_assert_str_eq(r.extack, "tunnel 5 already exists");
}
END_TEST

START_TEST(reply_error_with_extack_after_echoed_request)
{
	struct nlmsghdr *nlh = ack(buf, 3, -EINVAL,
				   "L2TPGW_A_PEER_PORT: must not be 0", false);
	struct ctl_reply r;

	ctl_reply_init(&r, 3, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len), -EINVAL);
	ck_assert_str_eq(r.detail, "L2TPGW_A_PEER_PORT: must not be 0");
}
END_TEST

START_TEST(reply_error_with_lying_echo_length)
{
	struct nlmsghdr *nlh = ack(buf, 3, -EINVAL, "real message", false);
	struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct ctl_reply r;

	/* An echoed request longer than the whole error: TLVs not trusted. */
	e->msg.nlmsg_len = 0xfffffffd;
	ctl_reply_init(&r, 3, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len), -EINVAL);
	ck_assert_str_eq(r.detail, "");
}
END_TEST

START_TEST(reply_error_without_extack)
{
	struct nlmsghdr *nlh = ack(buf, 3, -EPERM, NULL, true);
	struct ctl_reply r;

	ctl_reply_init(&r, 3, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len), -EPERM);
	ck_assert_str_eq(r.detail, "");
}
END_TEST

START_TEST(reply_truncated_error_and_bogus_code)
{
	struct nlmsghdr *nlh = ack(buf, 3, -EPERM, NULL, true);
	struct ctl_reply r;

	nlh->nlmsg_len = 20;	/* cuts the nlmsgerr short */
	ctl_reply_init(&r, 3, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, 20), -EBADMSG);
	ck_assert_str_eq(r.detail, "malformed reply: truncated error message");
	/* Our finding, not the kernel's words. */
	ck_assert_str_eq(r.extack, "");

	nlh = ack(buf, 3, 17, NULL, true);
	ctl_reply_init(&r, 3, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len), -EBADMSG);
	ck_assert_str_eq(r.detail, "malformed reply: error code 17");
	ck_assert_str_eq(r.extack, "");
}
END_TEST

START_TEST(reply_dump_across_datagrams)
{
	static char d1[2 * CTL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct ctl_reply r;
	size_t len;
	int n = 0, done_err = 0;

	ctl_reply_init(&r, 11, 0, FAMILY, count_cb, &n);
	/* First datagram: two tunnels, multipart. */
	nlh = tunnel_reply(d1, 11);
	nlh->nlmsg_flags |= NLM_F_MULTI;
	len = nlh->nlmsg_len;
	nlh = tunnel_reply(d1 + len, 11);
	nlh->nlmsg_flags |= NLM_F_MULTI;
	len += nlh->nlmsg_len;
	ck_assert_int_eq(ctl_reply_feed(&r, d1, len), 1);
	/* A stale message of an earlier request is skipped. */
	nlh = tunnel_reply(d1, 10);
	ck_assert_int_eq(ctl_reply_feed(&r, d1, nlh->nlmsg_len), 1);
	/* Second datagram: NLMSG_DONE. */
	nlh = mnl_nlmsg_put_header(d1);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_seq = 11;
	nlh->nlmsg_flags = NLM_F_MULTI;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(int)), &done_err,
	       sizeof(int));
	ck_assert_int_eq(ctl_reply_feed(&r, d1, nlh->nlmsg_len), 0);
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(reply_dump_error_in_done)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int err = -EMSGSIZE;
	struct ctl_reply r;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_seq = 2;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(int)), &err, sizeof(int));
	ctl_reply_init(&r, 2, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len), -EMSGSIZE);
	ck_assert_str_eq(r.detail, "");

	/* Newer kernels explain a failed dump in TLVs after the error. */
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "dump interrupted");
	ctl_reply_init(&r, 2, 0, FAMILY, NULL, NULL);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len), -EMSGSIZE);
	ck_assert_str_eq(r.detail, "dump interrupted");
	ck_assert_str_eq(r.extack, "dump interrupted");
}
END_TEST

START_TEST(reply_bad_object_consumes_rest)
{
	static char d[2 * CTL_BUF_SIZE];
	struct nlmsghdr *nlh;
	struct ctl_reply r;
	size_t len;
	int n = 0;

	nlh = reply_start(d, FAMILY, L2TPGW_CMD_TUNNEL_GET, 4);
	mnl_attr_put_u16(nlh, L2TPGW_A_PEER_TUNNEL_ID, 1);	/* no id */
	len = nlh->nlmsg_len;
	nlh = tunnel_reply(d + len, 4);
	len += nlh->nlmsg_len;
	nlh = ack(d + len, 4, 0, NULL, true);
	len += nlh->nlmsg_len;
	ctl_reply_init(&r, 4, 0, FAMILY, count_cb, &n);
	ck_assert_int_eq(ctl_reply_feed(&r, d, len), -EBADMSG);
	ck_assert_str_eq(r.detail, "malformed reply: no tunnel id");
	/* After the first failure the callback is not called again. */
	ck_assert_int_eq(n, 0);
	ck_assert(r.done);
}
END_TEST

START_TEST(reply_truncated_datagram)
{
	struct nlmsghdr *nlh = tunnel_reply(buf, 5);
	struct ctl_reply r;
	int n = 0;

	ctl_reply_init(&r, 5, 0, FAMILY, count_cb, &n);
	ck_assert_int_eq(ctl_reply_feed(&r, buf, nlh->nlmsg_len - 6), -EBADMSG);
	ck_assert_str_eq(r.detail, "malformed reply: truncated netlink message");
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(reply_length_above_2gib)
{
	/* A length libmnl's signed comparison would accept. */
	static const uint8_t evil[16] __attribute__((aligned(4))) = {
		0x0a, 0xff, 0xff, 0xff,  FAMILY, 0,  0, 0,  1, 0, 0, 0,  0, 0, 0, 0,
	};
	char perr[CTL_PERR_SIZE] = "";
	struct ctl_reply r;
	int n = 0;

	ctl_reply_init(&r, 1, 0, FAMILY, count_cb, &n);
	ck_assert_int_eq(ctl_reply_feed(&r, evil, sizeof(evil)), -EBADMSG);
	ck_assert_str_eq(r.detail, "malformed reply: truncated netlink message");
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(ctl_events_feed(evil, sizeof(evil), FAMILY,
					 record_event_stub, NULL, perr), -EBADMSG);
}
END_TEST

/* --- controller and events -------------------------------------------------- */

static struct nlmsghdr *family_reply(void *b, bool with_group)
{
	struct nlmsghdr *nlh = reply_start(b, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 1);
	struct nlattr *groups, *g;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "l2tpgw");
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x22);
	groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	g = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "other");
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 8);
	mnl_attr_nest_end(nlh, g);
	if (with_group) {
		g = mnl_attr_nest_start(nlh, 2);
		mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "events");
		mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 9);
		mnl_attr_nest_end(nlh, g);
	}
	mnl_attr_nest_end(nlh, groups);
	return nlh;
}

START_TEST(parse_family_and_group)
{
	char perr[CTL_PERR_SIZE] = "";
	uint16_t id = 0;
	uint32_t grp = 0;

	ck_assert_int_eq(ctl_parse_family(family_reply(buf, true), &id, &grp,
					  perr), 0);
	ck_assert_uint_eq(id, 0x22);
	ck_assert_uint_eq(grp, 9);
	ck_assert_int_eq(ctl_parse_family(family_reply(buf, false), &id, &grp,
					  perr), 0);
	ck_assert_uint_eq(grp, 0);
}
END_TEST

START_TEST(parse_family_without_id)
{
	char perr[CTL_PERR_SIZE] = "";
	struct nlmsghdr *nlh = reply_start(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY, 1);
	uint16_t id;
	uint32_t grp;

	mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, 0x22);	/* not a u16 */
	ck_assert_int_eq(ctl_parse_family(nlh, &id, &grp, perr), -EBADMSG);
	ck_assert_str_eq(perr, "malformed controller reply: no valid family id");
}
END_TEST

static int record_event(const struct l2tpctl_event *ev, void *arg)
{
	struct l2tpctl_event *out = arg;

	out[out[0].has ? 1 : 0] = *ev;
	return 0;
}

START_TEST(events_feed)
{
	static char d[CTL_BUF_SIZE];
	struct l2tpctl_event got[2];
	char perr[CTL_PERR_SIZE] = "";
	struct nlmsghdr *nlh;
	size_t len;

	memset(got, 0, sizeof(got));
	nlh = reply_start(d, FAMILY, L2TPGW_CMD_SESSION_DEL, 0);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	mnl_attr_put_u16(nlh, L2TPGW_A_SESSION_ID, 6);
	mnl_attr_put_strz(nlh, L2TPGW_A_IFNAME, "l2tp7");
	mnl_attr_put_u32(nlh, L2TPGW_A_CAUSE, L2TPGW_CAUSE_DEV_DEL);
	len = nlh->nlmsg_len;
	/* A message of another family on the socket is ignored. */
	nlh = reply_start(d + len, FAMILY + 1, L2TPGW_CMD_TUNNEL_DEL, 0);
	len += nlh->nlmsg_len;
	nlh = reply_start(d + len, FAMILY, L2TPGW_CMD_TUNNEL_DEL, 0);
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, 5);
	mnl_attr_put_u32(nlh, L2TPGW_A_CAUSE, L2TPGW_CAUSE_USER);
	len += nlh->nlmsg_len;

	ck_assert_int_eq(ctl_events_feed(d, len, FAMILY, record_event, got,
					 perr), 0);
	ck_assert_uint_eq(got[0].cmd, L2TPGW_CMD_SESSION_DEL);
	ck_assert_uint_eq(got[0].tunnel_id, 5);
	ck_assert_uint_eq(got[0].session_id, 6);
	ck_assert_uint_eq(got[0].cause, L2TPGW_CAUSE_DEV_DEL);
	ck_assert_str_eq(got[0].ifname, "l2tp7");
	ck_assert_uint_eq(got[1].cmd, L2TPGW_CMD_TUNNEL_DEL);
	ck_assert_uint_eq(got[1].has, L2TPCTL_EVENT_HAS_TUNNEL_ID |
			  L2TPCTL_EVENT_HAS_CAUSE);
	ck_assert_str_eq(l2tpctl_cmd_name(got[1].cmd), "tunnel_del");
	ck_assert_str_eq(l2tpctl_cause_name(got[0].cause), "dev_del");

	ck_assert_int_eq(ctl_events_feed(d, len - 2, FAMILY, record_event, got,
					 perr), -EBADMSG);
}
END_TEST

/* --- names and handle ------------------------------------------------------- */

START_TEST(stat_names)
{
	unsigned int i, named = 0;

	ck_assert_ptr_null(l2tpctl_stat_name(L2TPGW_STAT_UNSPEC));
	ck_assert_ptr_null(l2tpctl_stat_name(L2TPGW_STAT_PAD));
	ck_assert_ptr_null(l2tpctl_stat_name(L2TPGW_STAT_MAX + 1));
	ck_assert_str_eq(l2tpctl_stat_name(L2TPGW_STAT_RX_PACKETS), "rx_packets");
	ck_assert_str_eq(l2tpctl_stat_name(L2TPGW_STAT_RX_REORDER_OVERFLOW),
			 "rx_reorder_overflow");
	ck_assert_str_eq(l2tpctl_stat_name(L2TPGW_STAT_TX_DROPPED), "tx_dropped");
	/* Every counter of the UAPI has a name: none forgotten. */
	for (i = L2TPGW_STAT_PAD + 1; i <= L2TPGW_STAT_MAX; i++)
		named += l2tpctl_stat_name(i) != NULL;
	ck_assert_uint_eq(named, L2TPGW_STAT_MAX - L2TPGW_STAT_PAD);
	ck_assert_ptr_null(l2tpctl_limit_name(L2TPGW_LIMIT_PAD));
	ck_assert_ptr_null(l2tpctl_limit_name(L2TPGW_LIMIT_MAX + 1));
	ck_assert_str_eq(l2tpctl_limit_name(L2TPGW_LIMIT_TUNNELS_MAX),
			 "max_tunnels");
	for (i = L2TPGW_LIMIT_PAD + 1; i <= L2TPGW_LIMIT_MAX; i++)
		ck_assert_ptr_nonnull(l2tpctl_limit_name(i));
	ck_assert_str_eq(l2tpctl_cause_name(1000), "unknown");
	ck_assert_str_eq(l2tpctl_cmd_name(200), "unknown");
	/* Every command of the UAPI has a name: none forgotten. */
	for (i = L2TPGW_CMD_UNSPEC; i <= L2TPGW_CMD_MAX; i++)
		ck_assert_ptr_nonnull(l2tpctl_cmd_name(i));
	ck_assert_str_eq(l2tpctl_cmd_name(L2TPGW_CMD_SOCK_MODIFY),
			 "sock_modify");
}
END_TEST

START_TEST(calls_before_connect_fail_cleanly)
{
	struct l2tpctl *h = l2tpctl_open();
	struct l2tpctl_tunnel t;

	ck_assert_ptr_nonnull(h);
	ck_assert_str_eq(l2tpctl_errmsg(h), "");
	ck_assert_int_eq(l2tpctl_kernel_tunnel_get(h, 1, &t), -ENOTCONN);
	ck_assert_str_eq(l2tpctl_errmsg(h),
			 "not connected to the kernel (call l2tpctl_kernel_connect first)");
	ck_assert_str_eq(l2tpctl_kernel_extack(h), "");
	ck_assert_str_eq(l2tpctl_kernel_extack(NULL), "");
	ck_assert_int_eq(l2tpctl_kernel_event_dispatch(h, record_event, NULL),
			 -ENOTCONN);
	l2tpctl_close(h);
	l2tpctl_close(NULL);
}
END_TEST

/*
 * The host running unit tests cannot load the module: connecting must fail
 * with the message l2tpctl prints.  Where the module is loaded (the VM),
 * connecting succeeds instead; anything else is a bug.
 */
START_TEST(connect_without_module)
{
	struct l2tpctl *h = l2tpctl_open();
	int err = l2tpctl_kernel_connect(h);

	if (err == -ENOENT) {
		ck_assert_str_eq(l2tpctl_errmsg(h),
				 "l2tpgw kernel module not loaded (generic netlink family \"l2tpgw\" not found)");
		/* The handle stays usable for another attempt. */
		ck_assert_int_eq(l2tpctl_kernel_connect(h), -ENOENT);
	} else {
		ck_assert_msg(err == 0, "connect: %d %s", err, l2tpctl_errmsg(h));
	}
	l2tpctl_close(h);
}
END_TEST

static Suite *libl2tpctl_suite(void)
{
	Suite *s = suite_create("libl2tpctl");
	TCase *enc = tcase_create("encode");
	TCase *dec = tcase_create("parse");
	TCase *rep = tcase_create("reply");
	TCase *misc = tcase_create("misc");

	tcase_add_test(enc, tunnel_add_request_bytes);
	tcase_add_test(enc, tunnel_modify_sends_only_given_fields);
	tcase_add_test(enc, session_add_request_bytes);
	tcase_add_test(enc, session_add_rejects_unterminated_ifname);
	tcase_add_test(enc, sock_create_and_ppp_xmit_requests);
	tcase_add_test(enc, sock_id_request_bytes);
	tcase_add_test(enc, getfamily_request_bytes);
	tcase_add_test(dec, parse_tunnel_reply);
	tcase_add_test(dec, parse_rejects_bad_attribute_length);
	tcase_add_test(dec, parse_rejects_truncated_attribute);
	tcase_add_test(dec, parse_rejects_missing_or_zero_ids);
	tcase_add_test(dec, parse_rejects_repeated_attribute);
	tcase_add_test(dec, parse_session_ifname_checks);
	tcase_add_test(dec, parse_stats_rejects_bad_counter);
	tcase_add_test(dec, parse_limits);
	tcase_add_test(dec, parse_sock_reply);
	tcase_add_test(rep, reply_object_then_ack);
	tcase_add_test(rep, reply_error_with_extack_capped);
	tcase_add_test(rep, reply_error_with_extack_after_echoed_request);
	tcase_add_test(rep, reply_error_with_lying_echo_length);
	tcase_add_test(rep, reply_error_without_extack);
	tcase_add_test(rep, reply_truncated_error_and_bogus_code);
	tcase_add_test(rep, reply_dump_across_datagrams);
	tcase_add_test(rep, reply_dump_error_in_done);
	tcase_add_test(rep, reply_bad_object_consumes_rest);
	tcase_add_test(rep, reply_truncated_datagram);
	tcase_add_test(rep, reply_length_above_2gib);
	tcase_add_test(misc, parse_family_and_group);
	tcase_add_test(misc, parse_family_without_id);
	tcase_add_test(misc, events_feed);
	tcase_add_test(misc, stat_names);
	tcase_add_test(misc, calls_before_connect_fail_cleanly);
	tcase_add_test(misc, connect_without_module);
	suite_add_tcase(s, enc);
	suite_add_tcase(s, dec);
	suite_add_tcase(s, rep);
	suite_add_tcase(s, misc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(libl2tpctl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
