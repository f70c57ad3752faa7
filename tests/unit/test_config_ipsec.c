// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The [ipsec] section of l2tpgwd.conf: defaults (enforcement on), PSK or
 * certificate authentication and nothing in between, files that must
 * exist, and [lac] ipsec = yes.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "config_check.h"

START_TEST(absent_by_default)
{
	struct config *c = config_parse_ok("[global]\n");

	ck_assert(!c->ipsec.enabled);
	config_free(c);
}
END_TEST

START_TEST(psk_defaults)
{
	struct config *c = config_parse_ok("[ipsec]\npsk = \"s3cret key\"\n"
				    "[lac up]\npeer = 192.0.2.1\nipsec = yes\n");

	ck_assert(c->ipsec.enabled);
	ck_assert(c->ipsec.enforce);
	ck_assert_uint_eq(c->ipsec.psk_len, strlen("s3cret key"));
	ck_assert(!memcmp(c->ipsec.psk, "s3cret key", c->ipsec.psk_len));
	ck_assert_uint_eq(c->ipsec.ike_version, 0);
	ck_assert_uint_eq(c->ipsec.dpd_delay_ms, 30000);
	ck_assert_str_eq(c->ipsec.vici_socket, "");
	ck_assert_uint_eq(c->ipsec.line, 1);
	ck_assert(c->lac[0].ipsec);
	config_free(c);
}
END_TEST

START_TEST(every_key)
{
	char path[] = "/tmp/l2tpgw-test-cert-XXXXXX", text[1024];
	struct config *c;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(text, sizeof(text),
		 "[ipsec]\n"
		 "vici_socket = /run/ns1/charon.vici\n"
		 "cert = %s\nkey = %s\nca = %s\n"
		 "local_id = gw.example.net\n"
		 "ike_version = 2\n"
		 "ike_proposals = aes256-sha256-modp2048\n"
		 "esp_proposals = aes256gcm16,aes128-sha1\n"
		 "dpd_delay = 0\n"
		 "enforce = no\n", path, path, path);
	c = config_parse_ok(text);
	ck_assert_str_eq(c->ipsec.vici_socket, "/run/ns1/charon.vici");
	ck_assert_str_eq(c->ipsec.cert, path);
	ck_assert_str_eq(c->ipsec.local_id, "gw.example.net");
	ck_assert_uint_eq(c->ipsec.ike_version, 2);
	ck_assert_str_eq(c->ipsec.esp_proposals, "aes256gcm16,aes128-sha1");
	ck_assert_uint_eq(c->ipsec.dpd_delay_ms, 0);
	ck_assert(!c->ipsec.enforce);
	config_free(c);
	unlink(path);
}
END_TEST

/* charon takes the list as given; l2tpgwd never drops a proposal silently. */
START_TEST(proposal_lists_fit)
{
	char text[1024], list[600] = "";
	struct config *c;
	int i;

	for (i = 0; i < 16; i++)
		strcat(list, i ? ", aes128-sha1" : "aes128-sha1");
	snprintf(text, sizeof(text), "[ipsec]\npsk = x\nike_proposals = %s\n"
		 "esp_proposals = %s\n", list, list);
	c = config_parse_ok(text);
	ck_assert_str_eq(c->ipsec.ike_proposals, list);
	config_free(c);
	strcat(list, " aes256gcm16");
	snprintf(text, sizeof(text), "[ipsec]\npsk = x\nike_proposals = %s\n", list);
	config_parse_fails(text, "t.conf:3: [ipsec]: ike_proposals lists 17 proposals, at most 16");
	snprintf(text, sizeof(text), "[ipsec]\npsk = x\nesp_proposals = %s\n", list);
	config_parse_fails(text, "t.conf:3: [ipsec]: esp_proposals lists 17 proposals, at most 16");
}
END_TEST

START_TEST(mistakes)
{
	config_parse_fails("[ipsec]\n", "t.conf:1: [ipsec]: needs psk, or cert and key");
	config_parse_fails("[ipsec]\npsk = x\n[ipsec]\npsk = y\n",
		    "t.conf:3: [ipsec] appears twice");
	config_parse_fails("[ipsec x]\n", "[ipsec] takes no name");
	config_parse_fails("[ipsec]\npsk = x\ncert = /etc/hostname\nkey = /etc/hostname\n",
		    "psk and cert/key are exclusive");
	config_parse_fails("[ipsec]\ncert = /etc/hostname\n", "[ipsec]: cert without key");
	config_parse_fails("[ipsec]\npsk = x\nca = /etc/hostname\n",
		    "ca is for cert authentication");
	config_parse_fails("[ipsec]\ncert = /nonexistent/c.pem\nkey = /etc/hostname\n",
		    "[ipsec]: cert /nonexistent/c.pem: No such file");
	config_parse_fails("[ipsec]\npsk = x\nike_version = 3\n", "t.conf:3: ike_version");
	config_parse_fails("[ipsec]\npsk = x\nvici_socket = relative.vici\n",
		    "t.conf:3: vici_socket");
	config_parse_fails("[ipsec]\npsk = x\nfoo = 1\n",
		    "t.conf:3: unknown key \"foo\" in [ipsec]");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config_ipsec");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, absent_by_default);
	tcase_add_test(tc, psk_defaults);
	tcase_add_test(tc, every_key);
	tcase_add_test(tc, mistakes);
	tcase_add_test(tc, proposal_lists_fit);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
