// SPDX-License-Identifier: GPL-2.0-or-later
/* The users file parser: accepted syntax and every error it names. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ppp/mschapv2.h"
#include "aaa/aaa.h"
#include "aaa/users.h"
#include "aaa/users_verifier.h"

static char err[512];

static struct users_db *parse_ok(const char *text)
{
	struct users_db *db = NULL;

	ck_assert_msg(users_parse(text, strlen(text), "users", &db, err,
				  sizeof(err)) == 0, "%s", err);
	return db;
}

static void parse_err(const char *text, const char *want)
{
	struct users_db *db = NULL;

	err[0] = 0;
	ck_assert_msg(users_parse(text, strlen(text), "users", &db, err,
				  sizeof(err)) < 0, "accepted: %s", text);
	ck_assert_ptr_null(db);
	ck_assert_msg(strcmp(err, want) == 0, "got \"%s\", want \"%s\"", err,
		      want);
}

START_TEST(test_good_file)
{
	static const char text[] =
		"# users of the test gateway\n"
		"\n"
		"alice   s3cret\r\n"
		"  bob\tnt:8846f7eaee8fb117ad06bdd830b7586c  # comment\n"
		"\"carol smith\"  \"pa\\\"ss # not a comment\"  address 10.9.0.7\n"
		"dave dpw pool wholesale\n";
	struct users_db *db = parse_ok(text);
	const struct ppp_user *u;
	uint8_t h[16];

	ck_assert_uint_eq(db->n, 4);
	u = users_find(db, "alice");
	ck_assert_ptr_nonnull(u);
	ck_assert_int_eq(u->kind, PPP_SECRET_PLAIN);
	ck_assert_str_eq(u->password, "s3cret");
	ck_assert_uint_eq(u->password_len, 6);
	mschapv2_nt_hash("s3cret", 6, h);
	ck_assert_mem_eq(u->nt_hash, h, 16);
	ck_assert_int_eq(u->addr_kind, PPP_USER_ADDR_DEFAULT);
	ck_assert_uint_eq(u->line, 3);

	u = users_find(db, "bob");
	ck_assert_int_eq(u->kind, PPP_SECRET_NTHASH);
	mschapv2_nt_hash("password", 8, h);
	ck_assert_mem_eq(u->nt_hash, h, 16);

	u = users_find(db, "carol smith");
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(u->password, "pa\"ss # not a comment");
	ck_assert_int_eq(u->addr_kind, PPP_USER_ADDR_STATIC);
	ck_assert_uint_eq(u->addr, 0x0a090007);

	u = users_find(db, "dave");
	ck_assert_int_eq(u->addr_kind, PPP_USER_ADDR_POOL);
	ck_assert_str_eq(u->pool, "wholesale");
	ck_assert_ptr_null(users_find(db, "eve"));
	ck_assert_ptr_null(users_find(db, "Alice"));
	users_free(db);
}
END_TEST

START_TEST(test_empty_file)
{
	struct users_db *db = parse_ok("");

	ck_assert_uint_eq(db->n, 0);
	ck_assert_ptr_null(users_find(db, "x"));
	users_free(db);
	db = parse_ok("# nothing\n\n   \n");
	ck_assert_uint_eq(db->n, 0);
	users_free(db);
}
END_TEST

START_TEST(test_errors)
{
	parse_err("a b\nlonely\n", "users:2: user \"lonely\" has no secret");
	parse_err("a \"unterminated\n", "users:1: unterminated quote in field 2");
	parse_err("a b\"c\n", "users:1: quote inside unquoted field 2");
	parse_err("\"a\"b c\n", "users:1: text right after closing quote of field 1");
	parse_err("a nt:1234\n",
		  "users:1: NT hash for user \"a\" must be 32 hex digits after \"nt:\"");
	parse_err("a nt:8846F7EAEE8FB117AD06BDD830B7586G\n",
		  "users:1: NT hash for user \"a\" has a non-hex digit");
	parse_err("a \"\"\n", "users:1: empty password for user \"a\"");
	parse_err("\"\" pw\n", "users:1: empty user name");
	parse_err("a b address 10.0.0.300\n",
		  "users:1: user \"a\": \"10.0.0.300\" is not an IPv4 address");
	parse_err("a b address 224.0.0.1\n",
		  "users:1: user \"a\": 224.0.0.1 cannot be a peer address");
	parse_err("a b route 1.2.3.4\n",
		  "users:1: user \"a\": unknown keyword \"route\" (expected address or pool)");
	parse_err("a b address\n",
		  "users:1: user \"a\": expected \"address IP\" or \"pool NAME\" after the secret");
	parse_err("a b pool x extra\n",
		  "users:1: user \"a\": expected \"address IP\" or \"pool NAME\" after the secret");
	parse_err("a b pool x rate_limit=1M extra\n",
		  "users:1: user \"a\": expected \"address IP\" or \"pool NAME\" after the secret");
	parse_err("a b rate_limit=1M x\n",
		  "users:1: user \"a\": unknown keyword \"rate_limit=1M\" (expected address or pool)");
	parse_err("a b rate_limit=\n",
		  "users:1: user \"a\": rate_limit: Mikrotik-Rate-Limit is empty");
	parse_err("a b pool x rate_limit=1X/2M\n",
		  "users:1: user \"a\": rate_limit: Mikrotik-Rate-Limit \"1X/2M\": "
		  "rx-rate/tx-rate \"1X\" is not a rate in bit/s, digits with an optional k, M or G");
	parse_err("a b pool x idle_timeout=1 session_timeout=2 rate_limit=1M "
		  "delegated_prefix=2001:db8:99::/48 more\n",
		  "users:1: too many fields (expected: name secret [address IP | pool NAME] [KEY=VALUE ...])");
	parse_err("# c\nalice x\nbob y\nalice z\n",
		  "users:4: user \"alice\" already defined on line 2");
	parse_err("a \xff\xfe\n", "users:1: password for user \"a\" is not valid UTF-8");
}
END_TEST

/* delegated_prefix=ADDR/LEN: into the grant, for DHCPv6-PD. */
START_TEST(test_delegated_prefix)
{
	static const char text[] =
		"a pw delegated_prefix=2001:db8:99:100::/56\n"
		"b pw address 10.9.0.8 rate_limit=1M idle_timeout=5 "
		"session_timeout=9 delegated_prefix=2001:db8:98::/48\n"
		"c pw\n";
	static const uint8_t a56[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x99,
					 0x01, 0x00 };
	struct users_db *db = parse_ok(text);
	const struct ppp_user *u;
	struct aaa_grant g;

	u = users_find(db, "a");
	ck_assert_uint_eq(u->delegated_prefix_len, 56);
	ck_assert_mem_eq(u->delegated_prefix, a56, 16);
	users_grant(u, &g);
	ck_assert(g.has_delegated_prefix);
	ck_assert_uint_eq(g.delegated_prefix_len, 56);
	ck_assert_mem_eq(g.delegated_prefix, a56, 16);
	u = users_find(db, "b");
	ck_assert_uint_eq(u->delegated_prefix_len, 48);
	ck_assert_uint_eq(u->idle_timeout_s, 5);
	users_grant(users_find(db, "c"), &g);
	ck_assert(!g.has_delegated_prefix);
	users_free(db);
}
END_TEST

START_TEST(test_delegated_prefix_errors)
{
	parse_err("a b delegated_prefix=2001:db8:99::\n",
		  "users:1: user \"a\": delegated_prefix: \"2001:db8:99::\" has no prefix length (e.g. 2001:db8:100::/56)");
	parse_err("a b delegated_prefix=2001:db8::/32\n",
		  "users:1: user \"a\": delegated_prefix: prefix length \"32\" is not in 48..64 (each session gets a /64)");
	parse_err("a b delegated_prefix=2001:db8:99:1::/56\n",
		  "users:1: user \"a\": delegated_prefix: 2001:db8:99:1::/56 has bits set past /56");
	parse_err("a b delegated_prefix=fe80::/64\n",
		  "users:1: user \"a\": delegated_prefix: fe80::/64 is multicast, link-local or in ::/64, not a prefix clients can configure addresses from");
	parse_err("a b delegated_prefix=banana/56\n",
		  "users:1: user \"a\": delegated_prefix: \"banana\" is not an IPv6 address");
	parse_err("a b delegated_prefix=\n",
		  "users:1: user \"a\": delegated_prefix: \"\" has no prefix length (e.g. 2001:db8:100::/56)");
}
END_TEST

START_TEST(test_rate_limit)
{
	static const char text[] =
		"a pw rate_limit=1M/2M\n"
		"b pw address 10.9.0.8 rate_limit=512k\n"
		"c pw pool p \"rate_limit=2M/4M 4M/8M 0/0 2/2\"\n"
		"d pw\n";
	struct users_db *db = parse_ok(text);
	const struct ppp_user *u;

	u = users_find(db, "a");
	ck_assert_uint_eq(u->rate.rx_bps, 1000000);
	ck_assert_uint_eq(u->rate.tx_bps, 2000000);
	ck_assert_int_eq(u->addr_kind, PPP_USER_ADDR_DEFAULT);
	u = users_find(db, "b");
	ck_assert_uint_eq(u->rate.rx_bps, 512000);
	ck_assert_uint_eq(u->rate.tx_bps, 512000);
	ck_assert_int_eq(u->addr_kind, PPP_USER_ADDR_STATIC);
	u = users_find(db, "c");
	ck_assert_uint_eq(u->rate.tx_bps, 4000000);
	ck_assert_uint_eq(u->rate.rx_burst, 2000000 / 8 * 2);
	ck_assert_uint_eq(u->rate.tx_burst, 4000000 / 8 * 2);
	ck_assert_str_eq(u->pool, "p");
	u = users_find(db, "d");
	ck_assert_uint_eq(u->rate.rx_bps, 0);
	ck_assert_uint_eq(u->rate.tx_bps, 0);
	users_free(db);
}
END_TEST

/* session_timeout= and idle_timeout= after the secret and address. */
START_TEST(test_session_limits)
{
	static const char text[] =
		"alice s3cret session_timeout=3600\n"
		"bob pw address 10.9.0.8 idle_timeout=600 session_timeout=60\n"
		"carol pw pool p idle_timeout=4294967295\n"
		"dave \"pass=word\"\n";
	struct users_db *db = parse_ok(text);
	const struct ppp_user *u;

	u = users_find(db, "alice");
	ck_assert_uint_eq(u->session_timeout_s, 3600);
	ck_assert_uint_eq(u->idle_timeout_s, 0);
	ck_assert_int_eq(u->addr_kind, PPP_USER_ADDR_DEFAULT);
	u = users_find(db, "bob");
	ck_assert_uint_eq(u->session_timeout_s, 60);
	ck_assert_uint_eq(u->idle_timeout_s, 600);
	ck_assert_uint_eq(u->addr, 0x0a090008);
	u = users_find(db, "carol");
	ck_assert_uint_eq(u->idle_timeout_s, 4294967295u);
	ck_assert_str_eq(u->pool, "p");
	/* A secret with '=' stays a secret. */
	u = users_find(db, "dave");
	ck_assert_str_eq(u->password, "pass=word");
	ck_assert_uint_eq(u->session_timeout_s, 0);
	users_free(db);

	parse_err("a b idle_timeout=0\n",
		  "users:1: user \"a\": idle_timeout: \"0\" is not a number of seconds (1 to 4294967295)");
	parse_err("a b session_timeout=-5\n",
		  "users:1: user \"a\": session_timeout: \"-5\" is not a number of seconds (1 to 4294967295)");
	parse_err("a b session_timeout=1h\n",
		  "users:1: user \"a\": session_timeout: \"1h\" is not a number of seconds (1 to 4294967295)");
	parse_err("a b session_timeout=4294967296\n",
		  "users:1: user \"a\": session_timeout: \"4294967296\" is not a number of seconds (1 to 4294967295)");
	parse_err("a b idle_timeout=\n",
		  "users:1: user \"a\": idle_timeout: \"\" is not a number of seconds (1 to 4294967295)");
	parse_err("a b rate=10M\n",
		  "users:1: user \"a\": unknown key \"rate\" (expected session_timeout, idle_timeout, rate_limit or delegated_prefix)");
	parse_err("a b idle_timeout=5 address 10.0.0.1\n",
		  "users:1: user \"a\": expected \"address IP\" or \"pool NAME\" after the secret");
}
END_TEST

START_TEST(test_nul_byte_rejected)
{
	static const char text[] = "a b\0c\n";
	struct users_db *db = NULL;

	ck_assert_int_lt(users_parse(text, sizeof(text) - 1, "u", &db, err,
				     sizeof(err)), 0);
	ck_assert_str_eq(err, "u:1: NUL byte in field 2");
}
END_TEST

START_TEST(test_load_file)
{
	char path[] = "/tmp/test_aaa_users.XXXXXX";
	int fd = mkstemp(path);
	struct users_db *db = NULL;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "x y\nz\n", 6), 6);
	close(fd);
	ck_assert_int_lt(users_load(path, &db, err, sizeof(err)), 0);
	char want[128];

	snprintf(want, sizeof(want), "%s:2: user \"z\" has no secret", path);
	ck_assert_str_eq(err, want);
	unlink(path);
	ck_assert_int_lt(users_load(path, &db, err, sizeof(err)), 0);
	snprintf(want, sizeof(want), "%s: No such file or directory", path);
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_many_users_sorted_lookup)
{
	char *text = malloc(5000 * 32);
	size_t n = 0;
	struct users_db *db;

	for (int i = 4999; i >= 0; i--)
		n += (size_t)sprintf(text + n, "user%d pw%d\n", i, i);
	db = parse_ok(text);
	ck_assert_uint_eq(db->n, 5000);
	for (int i = 0; i < 5000; i += 97) {
		char name[16], pw[16];

		snprintf(name, sizeof(name), "user%d", i);
		snprintf(pw, sizeof(pw), "pw%d", i);
		ck_assert_str_eq(users_find(db, name)->password, pw);
	}
	users_free(db);
	free(text);
}
END_TEST

START_TEST(test_nt_hash_needs_mschapv2)
{
	static const char text[] = "a pw\nb nt:8846F7EAEE8FB117AD06BDD830B7586C\n"
				   "c nt:8846F7EAEE8FB117AD06BDD830B7586C\n";
	static const enum ppp_auth_method pap_chap[] = {
		PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5,
	};
	static const enum ppp_auth_method all[] = {
		PPP_AUTH_PAP, PPP_AUTH_MSCHAPV2,
	};
	struct users_db *db = parse_ok(text);

	err[0] = 0;
	ck_assert_uint_eq(users_check_methods(db, "users", pap_chap, 2, err,
					      sizeof(err)), 2);
	ck_assert_str_eq(err, "users:2: user \"b\" has an NT-hash password, which only MS-CHAPv2 "
			 "can check, and MS-CHAPv2 is not offered: this user cannot log in");
	ck_assert_uint_eq(users_check_methods(db, "users", all, 2, err,
					      sizeof(err)), 0);
	users_free(db);
}
END_TEST

static Suite *users_suite(void)
{
	Suite *s = suite_create("ppp_users");
	TCase *tc = tcase_create("users");

	tcase_add_test(tc, test_good_file);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_rate_limit);
	tcase_add_test(tc, test_delegated_prefix);
	tcase_add_test(tc, test_delegated_prefix_errors);
	tcase_add_test(tc, test_session_limits);
	tcase_add_test(tc, test_nul_byte_rejected);
	tcase_add_test(tc, test_load_file);
	tcase_add_test(tc, test_many_users_sorted_lookup);
	tcase_add_test(tc, test_nt_hash_needs_mschapv2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(users_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
