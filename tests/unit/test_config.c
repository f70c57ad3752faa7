// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgwd.conf parser: defaults, every value type, and one error per kind
 * of mistake, each naming file, line and key.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"

static char err[256];

START_TEST(defaults)
{
	struct config *c = config_parse_ok("");

	ck_assert_str_eq(c->global.host_name, "l2tpgwd");
	ck_assert_uint_eq(c->global.port, 1701);
	ck_assert_uint_eq(c->global.hello_interval_ms, 60000);
	ck_assert_uint_eq(c->global.retransmit_initial_ms, 1000);
	ck_assert_uint_eq(c->global.retransmit_max_ms, 8000);
	ck_assert_uint_eq(c->global.retries, 5);
	ck_assert_uint_eq(c->global.receive_window, 16);
	ck_assert_uint_eq(c->global.source_prefix4, 24);
	ck_assert_uint_eq(c->global.source_prefix6, 56);
	ck_assert_int_eq(c->global.log_level, LOG_INFO);
	ck_assert_uint_eq(c->n_lns + c->n_lac, 0);
	config_free(c);
}
END_TEST

START_TEST(full_file)
{
	struct config *c = config_parse_ok(
		"# gateway\n"
		"[global]\n"
		"host_name = gw1.example.net\r\n"
		"listen = 192.0.2.1, [2001:db8::1]:1702\n"
		"hello_interval = 30s\n"
		"retransmit_initial = 500ms\n"
		"retransmit_max = 4\n"
		"retries = 7\n"
		"receive_window = 8\n"
		"max_tunnels = 100\n"
		"max_sessions_per_tunnel = 10\n"
		"peer_tunnel_rate = 2\n"
		"peer_tunnel_burst = 4\n"
		"source_prefix4 = 32\n"
		"source_prefix6 = 64\n"
		"log_level = debug\n"
		"\n"
		"[lns remote-access]\n"
		"secret = \"with space # and hash\"\n"
		"hide_avps = yes\n"
		"peers = 10.0.0.0/8 2001:db8::/32\n"
		"ifname = ra%d\n"
		"mtu = 1380\n"
		"; comment\n"
		"[lac upstream]\n"
		"peer = 198.51.100.7\n"
		"autostart = no\n"
		"follow_peer = yes\n"
		"redial_calls = no\n"
		"sessions = 3\n");
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

	ck_assert_str_eq(c->global.host_name, "gw1.example.net");
	ck_assert_uint_eq(c->global.n_listen, 2);
	ck_assert_uint_eq(ntohs(((struct sockaddr_in *)&c->global.listen[0].ss)->sin_port),
			  1701);
	ck_assert_uint_eq(ntohs(((struct sockaddr_in6 *)&c->global.listen[1].ss)->sin6_port),
			  1702);
	ck_assert_uint_eq(c->global.hello_interval_ms, 30000);
	ck_assert_uint_eq(c->global.retransmit_initial_ms, 500);
	ck_assert_uint_eq(c->global.retransmit_max_ms, 4000);
	ck_assert_uint_eq(c->global.retries, 7);
	ck_assert_uint_eq(c->global.receive_window, 8);
	ck_assert_uint_eq(c->global.peer_tunnel_burst, 4);
	ck_assert_uint_eq(c->global.source_prefix4, 32);
	ck_assert_uint_eq(c->global.source_prefix6, 64);
	ck_assert_int_eq(c->global.log_level, LOG_DEBUG);
	ck_assert_uint_eq(c->n_lns, 1);
	ck_assert_str_eq(c->lns[0].name, "remote-access");
	ck_assert_str_eq(c->lns[0].secret, "with space # and hash");
	ck_assert_uint_eq(c->lns[0].secret_len, 21);
	ck_assert(c->lns[0].hide_avps);
	ck_assert_str_eq(c->lns[0].ifname, "ra%d");
	ck_assert_uint_eq(c->lns[0].mtu, 1380);
	inet_pton(AF_INET, "10.200.0.1", &sin.sin_addr);
	ck_assert(config_lns_allows(&c->lns[0], (struct sockaddr *)&sin));
	inet_pton(AF_INET, "11.0.0.1", &sin.sin_addr);
	ck_assert(!config_lns_allows(&c->lns[0], (struct sockaddr *)&sin));
	inet_pton(AF_INET6, "2001:db8:ffff::9", &sin6.sin6_addr);
	ck_assert(config_lns_allows(&c->lns[0], (struct sockaddr *)&sin6));
	ck_assert_uint_eq(c->n_lac, 1);
	ck_assert(!c->lac[0].autostart);
	ck_assert(c->lac[0].follow_peer);
	ck_assert(!c->lns[0].follow_peer);
	ck_assert(!c->lac[0].redial_calls);
	ck_assert_uint_eq(c->lac[0].sessions, 3);
	ck_assert_uint_eq(ntohs(((struct sockaddr_in *)&c->lac[0].peer.ss)->sin_port),
			  1701);
	config_free(c);
}
END_TEST

START_TEST(lac_redials_calls_by_default)
{
	struct config *c = config_parse_ok("[lac up]\npeer = 192.0.2.1\n");

	ck_assert(c->lac[0].redial_calls);
	ck_assert_uint_eq(c->lac[0].sessions, 1);
	config_free(c);
}
END_TEST

START_TEST(lns_defaults_allow_anyone)
{
	struct config *c = config_parse_ok("[lns a]\n");
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

	ck_assert_str_eq(c->lns[0].ifname, "l2tp%d");
	ck_assert_uint_eq(c->lns[0].mtu, 1400);
	ck_assert(!c->lns[0].follow_peer);
	ck_assert(config_lns_allows(&c->lns[0], (struct sockaddr *)&sin6));
	config_free(c);
}
END_TEST

START_TEST(errors_name_line_and_key)
{
	config_parse_fails("[global]\nport = 0\n", "t.conf:2: port: 0 is out of range 1..65535");
	config_parse_fails("[global]\nsource_prefix4 = 33\n", "t.conf:2: source_prefix4: 33 is out of range 1..32");
	config_parse_fails("[global]\nsource_prefix6 = 0\n", "t.conf:2: source_prefix6: 0 is out of range 1..128");
	config_parse_fails("[global]\nretries = x\n", "t.conf:2: retries: \"x\" is not a number");
	config_parse_fails("\n\nhost_name = a\n", "t.conf:3: host_name: outside of any section");
	config_parse_fails("[global]\nbogus = 1\n", "t.conf:2: unknown key \"bogus\" in [global]");
	config_parse_fails("[global]\nport 1701\n", "t.conf:2: expected \"key = value\"");
	config_parse_fails("[global]\n[global]\n", "t.conf:2: [global] appears twice");
	config_parse_fails("[tunnel x]\n", "t.conf:1: unknown section [tunnel]");
	config_parse_fails("[lns]\n", "t.conf:1: [lns]: needs a name");
	config_parse_fails("[lns a]\n[lac a]\npeer=1.2.3.4\n", "t.conf:2: [lac a]: name already used");
	config_parse_fails("[lac up]\nsecret = s\n", "t.conf:1: [lac up]: no peer address");
	config_parse_fails("[lac up]\npeer = 300.1.1.1\n", "t.conf:2: peer: \"300.1.1.1\" is not an address");
	config_parse_fails("[lac up]\npeer = 192.0.2.1\nredial_calls = 3\n",
			   "t.conf:3: redial_calls: \"3\" is not yes or no");
	config_parse_fails("[lns a]\nhide_avps = yes\n", "t.conf:2: [lns a]: hide_avps needs a secret");
	config_parse_fails("[lns a]\nfollow_peer = maybe\n", "t.conf:2: follow_peer: \"maybe\" is not");
	config_parse_fails("[lns a]\nfollow_peer = yes\nsecret = s\n",
			   "t.conf:2: [lns a]: follow_peer = yes refused: the tunnel has a secret");
	config_parse_fails("[lac a]\npeer = 1.2.3.4\nipsec = yes\nfollow_peer = yes\n",
			   "t.conf:4: [lac a]: follow_peer = yes refused: an IPsec tunnel follows its SA");
	config_parse_fails("[lac a]\npeer = 1.2.3.4\nsecret = s\nfollow_peer = yes\n",
			   "t.conf:4: [lac a]: follow_peer = yes refused: the tunnel has a secret");
	config_parse_fails("[lns a]\npeers = 10.0.0.0/33\n", "t.conf:2: peers: \"10.0.0.0/33\" is not a valid address or prefix");
	config_parse_fails("[lns a]\nsecret = \"open\n", "t.conf:2: secret: unterminated quote");
	config_parse_fails("[lns a]\nmtu = 1400\nmtu = 1500\n", "t.conf:3: mtu: set twice");
	config_parse_fails("[global]\nhello_interval = 5m\n", "hello_interval: \"5m\" is not a duration");
	config_parse_fails("[global]\nretransmit_initial = 4s\nretransmit_max = 2s\n",
		    "t.conf:3: [global]: retransmit_max (2000ms) below retransmit_initial (4000ms)");
	config_parse_fails("[global]\nlog_level = loud\n", "log_level: \"loud\" is not one of");
	config_parse_fails("[global]\nhost_name =\n", "t.conf:2: host_name: no value");
	config_parse_fails("[global] x\n", "t.conf:1: malformed section header");
}
END_TEST

START_TEST(nul_byte_refused)
{
	struct config *c;

	ck_assert_int_eq(config_parse("[global]\0", 9, "t.conf", &c, err,
				      sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "NUL"));
}
END_TEST

START_TEST(load_from_file)
{
	char path[] = "/tmp/l2tpgw-test-config-XXXXXX";
	struct config *c;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "[global]\nretries = 3\n", 21), 21);
	close(fd);
	ck_assert_int_eq(config_load(path, &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c->global.retries, 3);
	config_free(c);
	unlink(path);
	ck_assert_int_eq(config_load(path, &c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

START_TEST(ppp_settings)
{
	struct config *c = config_parse_ok(
		"[lns ra]\n"
		"auth = mschapv2, pap\n"
		"users = /etc/l2tpgw/users\n"
		"pool = 10.0.0.10-10.0.0.99 10.0.1.0/24\n"
		"local_ip = 10.0.0.1\n"
		"dns = 10.0.0.53 10.0.0.54\n"
		"ipv6 = yes\n"
		"echo_interval = 20s\n"
		"echo_failures = 3\n"
		"[lac up]\n"
		"peer = 192.0.2.7\n"
		"auth = chap\n"
		"user = \"CORP\\\\bob\"\n"
		"password = \"two words\"\n"
		"want_dns = yes\n"
		"mtu = 1380\n"
		"[lns plain]\n"
		"auth = none\n"
		"local_ip = 10.2.0.1\n"
		"pool = 10.2.0.2-10.2.0.9\n");
	const struct config_lns *l = &c->lns[0];
	const struct config_lac *a = &c->lac[0];

	ck_assert_uint_eq(l->auth.n, 2);
	ck_assert_int_eq(l->auth.method[0], PPP_AUTH_MSCHAPV2);
	ck_assert_int_eq(l->auth.method[1], PPP_AUTH_PAP);
	ck_assert_str_eq(l->users, "/etc/l2tpgw/users");
	ck_assert_str_eq(l->pool, "10.0.0.10-10.0.0.99 10.0.1.0/24");
	ck_assert_uint_eq(l->local_ip, 0x0a000001);
	ck_assert_uint_eq(l->dns.n, 2);
	ck_assert_uint_eq(l->dns.addr[1], 0x0a000036);
	ck_assert(l->ipv6);
	ck_assert_uint_eq(l->echo_interval_ms, 20000);
	ck_assert_uint_eq(l->echo_failures, 3);
	ck_assert_uint_eq(l->line, 1);
	ck_assert_uint_eq(a->auth.n, 1);
	ck_assert_int_eq(a->auth.method[0], PPP_AUTH_CHAP_MD5);
	ck_assert_str_eq(a->user, "CORP\\\\bob");
	ck_assert_str_eq(a->password, "two words");
	ck_assert_uint_eq(a->password_len, 9);
	ck_assert(a->want_dns);
	ck_assert_uint_eq(a->mtu, 1380);
	ck_assert_uint_eq(a->line, 10);
	ck_assert_uint_eq(c->lns[1].auth.n, 0);
	config_free(c);

	/* Defaults: MS-CHAPv2 then CHAP asked; a client accepts all three. */
	c = config_parse_ok("[lns a]\n[lac b]\npeer = 192.0.2.1\n");
	ck_assert_uint_eq(c->lns[0].auth.n, 2);
	ck_assert_int_eq(c->lns[0].auth.method[0], PPP_AUTH_MSCHAPV2);
	ck_assert_uint_eq(c->lns[0].echo_interval_ms, 30000);
	ck_assert_uint_eq(c->lac[0].auth.n, 3);
	config_free(c);
}
END_TEST

START_TEST(ppp_settings_errors)
{
	config_parse_fails("[lns a]\nauth = pap md5\n",
		    "t.conf:2: auth: \"md5\" is not one of pap, chap");
	config_parse_fails("[lns a]\nauth = pap pap\n",
		    "t.conf:2: auth: \"pap\" listed twice");
	config_parse_fails("[lns a]\nauth = none pap\n",
		    "t.conf:2: auth: \"none\" is not one of");
	config_parse_fails("[lns a]\n\nlocal_ip = 10.0.0.300\n",
		    "t.conf:3: local_ip: \"10.0.0.300\" is not an IPv4");
	config_parse_fails("[lns a]\ndns = 1.1.1.1 8.8.8.8 9.9.9.9\n",
		    "t.conf:2: dns: more than 2 servers");
	config_parse_fails("[lns a]\ndns = ::1\n",
		    "t.conf:2: dns: \"::1\" is not an IPv4 address");
	config_parse_fails("[lac a]\npeer = 192.0.2.1\nuser = \"\"\n",
		    "t.conf:3: user: empty value");
	config_parse_fails("[lac a]\npeer = 192.0.2.1\nmtu = 100\n",
		    "t.conf:3: mtu: 100 is out of range 576..9000");
	config_parse_fails("[lac a]\npeer = 192.0.2.1\nusers = x\n",
		    "t.conf:3: unknown key \"users\" in [lac]");
}
END_TEST

/* MSS clamping: on (auto) unless a section says off or a fixed MSS. */
START_TEST(tcp_mss_key)
{
	struct config *c = config_parse_ok("[lns a]\n[lac b]\npeer = 192.0.2.1\n");

	ck_assert_uint_eq(c->lns[0].tcp_mss, CONFIG_TCP_MSS_AUTO);
	ck_assert_uint_eq(c->lac[0].tcp_mss, CONFIG_TCP_MSS_AUTO);
	config_free(c);
	c = config_parse_ok("[lns a]\ntcp_mss = off\n[lns b]\ntcp_mss = 1300\n"
			    "[lns c]\ntcp_mss = auto\n"
			    "[lac d]\npeer = 192.0.2.1\ntcp_mss = 88\n"
			    "[lac e]\npeer = 192.0.2.2\ntcp_mss = off\n");
	ck_assert_uint_eq(c->lns[0].tcp_mss, CONFIG_TCP_MSS_OFF);
	ck_assert_uint_eq(c->lns[1].tcp_mss, 1300);
	ck_assert_uint_eq(c->lns[2].tcp_mss, CONFIG_TCP_MSS_AUTO);
	ck_assert_uint_eq(c->lac[0].tcp_mss, 88);
	ck_assert_uint_eq(c->lac[1].tcp_mss, CONFIG_TCP_MSS_OFF);
	config_free(c);

	config_parse_fails("[lns a]\ntcp_mss = 87\n",
		    "t.conf:2: tcp_mss: 87 is out of range 88..65534");
	config_parse_fails("[lns a]\ntcp_mss = 65535\n",
		    "t.conf:2: tcp_mss: 65535 is out of range 88..65534");
	config_parse_fails("[lac a]\npeer = 192.0.2.1\n\ntcp_mss = 0\n",
		    "t.conf:4: tcp_mss: 0 is out of range 88..65534");
	config_parse_fails("[lns a]\ntcp_mss = yes\n",
		    "t.conf:2: tcp_mss: \"yes\" is not auto, off or a number");
	config_parse_fails("[lns a]\ntcp_mss = 1300x\n",
		    "t.conf:2: tcp_mss: \"1300x\" is not auto, off or a number");
	config_parse_fails("[global]\ntcp_mss = auto\n",
		    "t.conf:2: unknown key \"tcp_mss\" in [global]");
}
END_TEST

/* l2tpctl's socket and the group allowed to use it. */
START_TEST(control_socket_keys)
{
	struct config *c = config_parse_ok("");
	char longpath[160], text[256];

	ck_assert_str_eq(c->global.control_socket, "");
	ck_assert_uint_eq(c->global.control_group, (gid_t)-1);
	config_free(c);
	c = config_parse_ok("[global]\ncontrol_socket = /run/gw/ctl.sock\n"
		     "control_group = daemon\n");
	ck_assert_str_eq(c->global.control_socket, "/run/gw/ctl.sock");
	ck_assert_uint_eq(c->global.control_group, 1);	/* Debian: daemon */
	config_free(c);
	c = config_parse_ok("[global]\ncontrol_group = 4242\n");
	ck_assert_uint_eq(c->global.control_group, 4242);
	config_free(c);

	config_parse_fails("[global]\ncontrol_group = no-such-group-x\n",
		    "t.conf:2: control_group: no group \"no-such-group-x\"");
	config_parse_fails("[global]\ncontrol_group = 4294967295\n",
		    "t.conf:2: control_group: 4294967295 is not a valid group id");
	config_parse_fails("[global]\ncontrol_socket = run/ctl.sock\n",
		    "t.conf:2: control_socket: \"run/ctl.sock\" is not an "
		    "absolute path");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	snprintf(text, sizeof(text), "[global]\ncontrol_socket = %s\n",
		 longpath);
	config_parse_fails(text, "t.conf:2: control_socket: longer than 107 "
		    "characters");
	config_parse_fails("[lns a]\ncontrol_socket = /x\n",
		    "t.conf:2: unknown key \"control_socket\" in [lns");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, full_file);
	tcase_add_test(tc, lns_defaults_allow_anyone);
	tcase_add_test(tc, lac_redials_calls_by_default);
	tcase_add_test(tc, errors_name_line_and_key);
	tcase_add_test(tc, nul_byte_refused);
	tcase_add_test(tc, load_from_file);
	tcase_add_test(tc, ppp_settings);
	tcase_add_test(tc, ppp_settings_errors);
	tcase_add_test(tc, control_socket_keys);
	tcase_add_test(tc, tcp_mss_key);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
