// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpctl's argument parsing: accepted inputs fill the right fields and
 * has bits; every rejected input gives the exact message and exit code.
 *
 * The tool's sources are not in a library, so the parser is compiled in.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "args.h"

#define ARGV(...) ((char *[]){ __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *)))
/* Point ac/av (locals of each test) at a NULL-terminated argv. */
#define A(...) (ac = ARGC(__VA_ARGS__), av = ARGV(__VA_ARGS__))

static struct cli_error e;

START_TEST(tunnel_add_minimal_defaults_port)
{
	int ac;
	char **av;
	struct tunnel_args a;

	A("id", "10", "peer-id", "20", "socket", "3", "peer", "192.0.2.1");
	ck_assert_int_eq(args_tunnel_add(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.t.tunnel_id, 10);
	ck_assert_uint_eq(a.t.peer_tunnel_id, 20);
	ck_assert_uint_eq(a.t.sock_id, 3);
	ck_assert_int_eq(a.t.peer.family, AF_INET);
	ck_assert_uint_eq(a.t.peer_port, 1701);
	ck_assert_uint_eq(a.t.has, L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID |
			  L2TPCTL_TUNNEL_HAS_SOCK_ID | L2TPCTL_TUNNEL_HAS_PEER |
			  L2TPCTL_TUNNEL_HAS_PEER_PORT);
}
END_TEST

START_TEST(tunnel_add_everything)
{
	int ac;
	char **av;
	struct tunnel_args a;

	A("peer", "2001:db8::2", "id", "65535", "socket", "0", "peer-id", "1", "peer-port", "4500", "local", "2001:db8::1", "mark", "0xFF00", "reqid", "7", "udp-csum", "on", "send-length", "off");
	ck_assert_int_eq(args_tunnel_add(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.t.tunnel_id, 65535);
	ck_assert_int_eq(a.t.peer.family, AF_INET6);
	ck_assert_uint_eq(a.t.peer.addr[15], 2);
	ck_assert_uint_eq(a.t.local.addr[15], 1);
	ck_assert_uint_eq(a.t.peer_port, 4500);
	ck_assert_uint_eq(a.t.mark, 0xff00);
	ck_assert_uint_eq(a.t.flags, L2TPGW_TUNNEL_F_UDP_CSUM);
	ck_assert(a.t.has & L2TPCTL_TUNNEL_HAS_FLAGS);
	ck_assert(a.t.has & L2TPCTL_TUNNEL_HAS_LOCAL);
	ck_assert(a.t.has & L2TPCTL_TUNNEL_HAS_MARK);
	ck_assert_uint_eq(a.t.ipsec_reqid, 7);
	ck_assert(a.t.has & L2TPCTL_TUNNEL_HAS_IPSEC_REQID);
}
END_TEST

struct bad_case {
	int argc;
	char **argv;
	int code;
	const char *msg;
};

#define BAD(code, msg, ...) { ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), code, msg }

static void check_bad(int (*fn)(int, char **, struct tunnel_args *,
				struct cli_error *),
		      const struct bad_case *c)
{
	struct tunnel_args a;

	memset(&e, 0, sizeof(e));
	ck_assert_int_eq(fn(c->argc, c->argv, &a, &e), c->code);
	ck_assert_int_eq(e.code, c->code);
	ck_assert_str_eq(e.msg, c->msg);
}

START_TEST(tunnel_add_rejections)
{
	const struct bad_case cases[] = {
		BAD(EXIT_FAILED, "invalid tunnel id \"abc\": must be 1..65535",
		    "id", "abc", "peer-id", "1", "socket", "1", "peer", "10.0.0.1"),
		BAD(EXIT_FAILED, "invalid tunnel id \"0\": must be 1..65535",
		    "id", "0"),
		BAD(EXIT_FAILED, "invalid tunnel id \"65536\": must be 1..65535",
		    "id", "65536"),
		BAD(EXIT_FAILED, "invalid tunnel id \"+5\": must be 1..65535",
		    "id", "+5"),
		BAD(EXIT_FAILED, "invalid tunnel id \" 5\": must be 1..65535",
		    "id", " 5"),
		BAD(EXIT_FAILED, "invalid tunnel id \"0x10\": must be 1..65535",
		    "id", "0x10"),
		BAD(EXIT_FAILED, "invalid tunnel id \"99999999999999999999\": must be 1..65535",
		    "id", "99999999999999999999"),
		BAD(EXIT_FAILED, "invalid peer tunnel id \"-1\": must be 1..65535",
		    "id", "1", "peer-id", "-1"),
		BAD(EXIT_FAILED, "invalid socket id \"4294967296\": must be 0..4294967295",
		    "socket", "4294967296"),
		BAD(EXIT_FAILED, "invalid peer address \"10.0.0.256\": must be an IPv4 or IPv6 address",
		    "peer", "10.0.0.256"),
		BAD(EXIT_FAILED, "invalid peer port \"0\": must be 1..65535",
		    "peer-port", "0"),
		BAD(EXIT_FAILED, "invalid mark \"0x1ffffffff\": must be 0..4294967295 or 0x0..0xffffffff",
		    "mark", "0x1ffffffff"),
		BAD(EXIT_FAILED, "invalid mark \"0x\": must be 0..4294967295 or 0x0..0xffffffff",
		    "mark", "0x"),
		BAD(EXIT_FAILED, "invalid udp-csum \"yes\": must be on or off",
		    "udp-csum", "yes"),
		BAD(EXIT_USAGE, "kernel tunnel add: unknown argument \"peerid\"",
		    "peerid", "1"),
		/* No prefix matching: "pe" is not "peer". */
		BAD(EXIT_USAGE, "kernel tunnel add: unknown argument \"pe\"",
		    "pe", "10.0.0.1"),
		BAD(EXIT_USAGE, "kernel tunnel add: \"id\" given twice",
		    "id", "1", "id", "2"),
		BAD(EXIT_USAGE, "kernel tunnel add: missing value after \"peer\"",
		    "id", "1", "peer"),
		BAD(EXIT_USAGE, "kernel tunnel add: missing required argument \"socket\"",
		    "id", "1", "peer-id", "2", "peer", "10.0.0.1"),
		/* Several missing: the first in usage order is named. */
		BAD(EXIT_USAGE, "kernel tunnel add: missing required argument \"peer-id\"",
		    "id", "1"),
		BAD(EXIT_USAGE, "kernel tunnel add: missing required argument \"id\"",
		    "peer", "10.0.0.1"),
		BAD(EXIT_USAGE, "kernel tunnel add: missing required argument \"peer-id\"",
		    "id", "1", "socket", "2", "peer", "10.0.0.1"),
		BAD(EXIT_FAILED, "invalid local address: its family differs from the peer address's",
		    "id", "1", "peer-id", "2", "socket", "3", "peer", "10.0.0.1",
		    "local", "::1"),
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_bad(args_tunnel_add, &cases[i]);
}
END_TEST

START_TEST(tunnel_modify_needs_a_change)
{
	int ac;
	char **av;
	struct tunnel_args a;

	A("id", "4");
	ck_assert_int_eq(args_tunnel_modify(ac, av, &a, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg,
			 "kernel tunnel modify: nothing to change (give peer-id, peer, peer-port, mark, reqid, udp-csum or send-length)");
	A("id", "4", "socket", "1");
	ck_assert_int_eq(args_tunnel_modify(ac, av, &a, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg, "kernel tunnel modify: unknown argument \"socket\"");
	A("id", "4", "send-length", "on");
	ck_assert_int_eq(args_tunnel_modify(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.t.has, L2TPCTL_TUNNEL_HAS_FLAGS);
	ck_assert_uint_eq(a.flags.set, L2TPGW_TUNNEL_F_SEND_LENGTH);
	ck_assert_uint_eq(a.flags.clear, 0);
	/* Only the named flag changes; others keep their current value. */
	ck_assert_uint_eq(flagset_apply(L2TPGW_TUNNEL_F_UDP_CSUM, &a.flags),
			  L2TPGW_TUNNEL_F_UDP_CSUM | L2TPGW_TUNNEL_F_SEND_LENGTH);
	A("id", "4", "reqid", "0");
	ck_assert_int_eq(args_tunnel_modify(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.t.has, L2TPCTL_TUNNEL_HAS_IPSEC_REQID);
	ck_assert_uint_eq(a.t.ipsec_reqid, 0);
	A("id", "4", "reqid", "-1");
	ck_assert_int_eq(args_tunnel_modify(ac, av, &a, &e), EXIT_FAILED);
}
END_TEST

START_TEST(socket_modify_flags)
{
	struct flagset fs;
	uint32_t id;
	int ac;
	char **av;

	A("id", "3", "ipsec", "on");
	ck_assert_int_eq(args_socket_modify(ac, av, &id, &fs, &e), 0);
	ck_assert_uint_eq(id, 3);
	ck_assert_uint_eq(flagset_apply(0, &fs), L2TPGW_SOCK_F_IPSEC);
	A("ipsec", "off", "id", "3");
	ck_assert_int_eq(args_socket_modify(ac, av, &id, &fs, &e), 0);
	ck_assert_uint_eq(flagset_apply(L2TPGW_SOCK_F_IPSEC, &fs), 0);
	A("id", "3");
	ck_assert_int_eq(args_socket_modify(ac, av, &id, &fs, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg,
			 "kernel socket modify: nothing to change (give ipsec)");
	A("id", "3", "ipsec", "yes");
	ck_assert_int_eq(args_socket_modify(ac, av, &id, &fs, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid ipsec \"yes\": must be on or off");
	A("ipsec", "on");
	ck_assert_int_eq(args_socket_modify(ac, av, &id, &fs, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg,
			 "kernel socket modify: missing required argument \"id\"");
}
END_TEST

START_TEST(session_add_options)
{
	int ac;
	char **av;
	struct session_args a;

	A("tunnel", "1", "id", "2", "peer-id", "3", "name", "ppp%d", "mtu", "1400", "seq", "both", "lns", "on", "acfc", "on", "pfc", "off", "protocols", "ipv6,ipv4", "reorder-window", "0", "reorder-timeout", "500");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.s.tunnel_id, 1);
	ck_assert_uint_eq(a.s.session_id, 2);
	ck_assert_uint_eq(a.s.peer_session_id, 3);
	ck_assert_str_eq(a.s.ifname, "ppp%d");
	ck_assert_uint_eq(a.s.mtu, 1400);
	ck_assert_uint_eq(a.s.flags, L2TPGW_SESSION_F_SEND_SEQ |
			  L2TPGW_SESSION_F_RECV_SEQ | L2TPGW_SESSION_F_LNS |
			  L2TPGW_SESSION_F_TX_ACFC);
	ck_assert_uint_eq(a.s.protocols, L2TPGW_PROTO_IPV4 | L2TPGW_PROTO_IPV6);
	ck_assert_uint_eq(a.s.reorder_window, 0);
	ck_assert_uint_eq(a.s.reorder_timeout_ms, 500);
	ck_assert_uint_eq(a.s.has, L2TPCTL_SESSION_HAS_PEER_SESSION_ID |
			  L2TPCTL_SESSION_HAS_IFNAME | L2TPCTL_SESSION_HAS_MTU |
			  L2TPCTL_SESSION_HAS_FLAGS |
			  L2TPCTL_SESSION_HAS_PROTOCOLS |
			  L2TPCTL_SESSION_HAS_REORDER_WINDOW |
			  L2TPCTL_SESSION_HAS_REORDER_TIMEOUT);

	A("tunnel", "1", "id", "2", "peer-id", "3", "protocols", "none");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.s.protocols, 0);
	ck_assert(a.s.has & L2TPCTL_SESSION_HAS_PROTOCOLS);
	ck_assert(!(a.s.has & L2TPCTL_SESSION_HAS_IFNAME));
	ck_assert(!(a.s.has & L2TPCTL_SESSION_HAS_TCP_MSS));

	/* MSS clamping: auto, off or a fixed MSS; alone it is a change. */
	A("tunnel", "1", "id", "2", "peer-id", "3", "tcp-mss", "auto");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.s.tcp_mss, L2TPGW_TCP_MSS_AUTO);
	ck_assert(a.s.has & L2TPCTL_SESSION_HAS_TCP_MSS);
	A("tunnel", "1", "id", "2", "tcp-mss", "off");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.s.tcp_mss, 0);
	ck_assert_uint_eq(a.s.has, L2TPCTL_SESSION_HAS_TCP_MSS);
	A("tunnel", "1", "id", "2", "tcp-mss", "1300");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), 0);
	ck_assert_uint_eq(a.s.tcp_mss, 1300);
}
END_TEST

START_TEST(session_seq_modes)
{
	int ac;
	char **av;
	const uint32_t both = L2TPGW_SESSION_F_SEND_SEQ |
			      L2TPGW_SESSION_F_RECV_SEQ;
	struct session_args a;

	A("tunnel", "1", "id", "2", "seq", "recv");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), 0);
	ck_assert_uint_eq(flagset_apply(both | L2TPGW_SESSION_F_LNS, &a.flags),
			  L2TPGW_SESSION_F_RECV_SEQ | L2TPGW_SESSION_F_LNS);
	A("tunnel", "1", "id", "2", "seq", "off");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), 0);
	ck_assert_uint_eq(flagset_apply(both, &a.flags), 0);
	A("tunnel", "1", "id", "2", "seq", "Both");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid seq \"Both\": must be send, recv, both or off");
}
END_TEST

START_TEST(session_rejections)
{
	int ac;
	char **av;
	struct session_args a;

	A("tunnel", "1", "id", "2", "peer-id", "3", "protocols", "ipv4,ipx");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid protocols \"ipv4,ipx\": \"ipx\" is not ipv4 or ipv6 (give ipv4, ipv6, ipv4,ipv6 or none)");
	A("tunnel", "1", "id", "2", "peer-id", "3", "protocols", "ipv4,");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid protocols \"ipv4,\": \"\" is not ipv4 or ipv6 (give ipv4, ipv6, ipv4,ipv6 or none)");
	A("tunnel", "1", "id", "2", "peer-id", "3", "protocols", "ipv6,ipv6");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid protocols \"ipv6,ipv6\": \"ipv6\" given twice");
	A("tunnel", "1", "id", "2", "peer-id", "3", "mtu", "67");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid mtu \"67\": must be 68..65535");
	A("tunnel", "1", "id", "2", "peer-id", "3", "name", "0123456789abcdef");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid interface name \"0123456789abcdef\": must be 1..15 characters");
	A("tunnel", "1", "id", "2", "peer-id", "3", "name", "a/b");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid interface name \"a/b\": must not contain '/', ':' or blanks");
	A("tunnel", "1", "id", "2", "peer-id", "3", "name", "l2tp%s");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid interface name \"l2tp%s\": may hold only one %d");
	A("tunnel", "1", "id", "2");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg, "kernel session add: missing required argument \"peer-id\"");
	A("tunnel", "1", "id", "2", "name", "x");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg, "kernel session modify: unknown argument \"name\"");
	A("tunnel", "1", "id", "2");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), EXIT_USAGE);
	A("tunnel", "1", "id", "2", "peer-id", "3", "reorder-window", "65536");
	ck_assert_int_eq(args_session_add(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid reorder window \"65536\": must be 0..65535");
	A("tunnel", "1", "id", "2", "tcp-mss", "87");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid tcp mss \"87\": must be auto, off or 88..65534");
	A("tunnel", "1", "id", "2", "tcp-mss", "65535");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), EXIT_FAILED);
	A("tunnel", "1", "id", "2", "tcp-mss", "on");
	ck_assert_int_eq(args_session_modify(ac, av, &a, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid tcp mss \"on\": must be auto, off or 88..65534");
}
END_TEST

START_TEST(refs_and_lists)
{
	int ac;
	char **av;
	uint16_t tid = 9, sid = 9;
	uint32_t id = 0;
	struct l2tpctl_addr local;
	uint16_t port = 0;

	A("tunnel", "7");
	ck_assert_int_eq(args_session_list(ac, av, &tid, &e), 0);
	ck_assert_uint_eq(tid, 7);
	ck_assert_int_eq(args_session_list(0, NULL, &tid, &e), 0);
	ck_assert_uint_eq(tid, 0);
	A("id", "3", "tunnel", "4");
	ck_assert_int_eq(args_session_ref("x", ac, av, &tid, &sid, &e), 0);
	ck_assert_uint_eq(tid, 4);
	ck_assert_uint_eq(sid, 3);
	A("id", "3");
	ck_assert_int_eq(args_session_ref("kernel session del", ac, av, &tid, &sid, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg, "kernel session del: missing required argument \"tunnel\"");
	A("id", "12");
	ck_assert_int_eq(args_socket_id("kernel socket del", ac, av, &id, &e), 0);
	ck_assert_uint_eq(id, 12);
	A("local", "0.0.0.0", "port", "1701");
	ck_assert_int_eq(args_socket_add(ac, av, &local, &port, &e), 0);
	ck_assert_int_eq(local.family, AF_INET);
	ck_assert_uint_eq(port, 1701);
	A("local", "::", "port", "0");
	ck_assert_int_eq(args_socket_add(ac, av, &local, &port, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid port \"0\": must be 1..65535");
	A("now");
	ck_assert_int_eq(args_none("kernel stats", ac, av, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg, "kernel stats: unexpected argument \"now\"");
}
END_TEST

START_TEST(ppp_send_frames)
{
	int ac;
	char **av;
	uint8_t frame[8];
	uint16_t tid, sid;
	size_t len;

	A("tunnel", "1", "id", "2", "c0210901");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), 0);
	ck_assert_uint_eq(len, 4);
	ck_assert_mem_eq(frame, "\xc0\x21\x09\x01", 4);
	A("tunnel", "1", "id", "2", "C021");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), 0);
	ck_assert_uint_eq(len, 2);

	A("tunnel", "1", "id", "2", "c02");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid PPP frame \"c02\": odd number of hex digits");
	A("tunnel", "1", "id", "2", "c0 21");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid PPP frame \"c0 21\": ' ' at offset 2 is not a hex digit");
	A("tunnel", "1", "id", "2", "c0");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), EXIT_FAILED);
	ck_assert_str_eq(e.msg, "invalid PPP frame \"c0\": must be 2..8 bytes (protocol field first)");
	A("tunnel", "1", "id", "2", "000102030405060708");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), EXIT_FAILED);
	A("tunnel", "1", "id", "2");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg, "kernel ppp-send: missing the PPP frame (hex bytes, protocol field first)");
	A("tunnel", "1", "id");
	ck_assert_int_eq(args_ppp_send(ac, av, &tid, &sid, frame, sizeof(frame), &len, &e), EXIT_USAGE);
	ck_assert_str_eq(e.msg, "kernel ppp-send: missing value after \"id\"");
}
END_TEST

static Suite *args_suite(void)
{
	Suite *s = suite_create("l2tpctl_args");
	TCase *tc = tcase_create("args");

	tcase_add_test(tc, tunnel_add_minimal_defaults_port);
	tcase_add_test(tc, tunnel_add_everything);
	tcase_add_test(tc, tunnel_add_rejections);
	tcase_add_test(tc, tunnel_modify_needs_a_change);
	tcase_add_test(tc, socket_modify_flags);
	tcase_add_test(tc, session_add_options);
	tcase_add_test(tc, session_seq_modes);
	tcase_add_test(tc, session_rejections);
	tcase_add_test(tc, refs_and_lists);
	tcase_add_test(tc, ppp_send_frames);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(args_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
