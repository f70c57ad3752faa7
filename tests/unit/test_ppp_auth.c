// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Authentication: MS-CHAPv2 against RFC 2759 section 9.2's vectors,
 * CHAP-MD5 against RFC 1994's definition computed here independently, and
 * the PAP/CHAP exchanges driven packet by packet.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <nettle/md4.h>
#include <nettle/md5.h>

#include "log.h"
#include "loop.h"
#include "ppp/auth.h"
#include "ppp/mschapv2.h"
#include "aaa/users.h"
#include "aaa/users_verifier.h"

/* RFC 2759 section 9.2. */
static const uint8_t auth_chal[16] = {
	0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
	0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28 };
static const uint8_t peer_chal[16] = {
	0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
	0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E };
static const uint8_t rfc_challenge[8] = {
	0xD0, 0x2E, 0x43, 0x86, 0xBC, 0xE9, 0x12, 0x26 };
static const uint8_t rfc_hash[16] = {
	0x44, 0xEB, 0xBA, 0x8D, 0x53, 0x12, 0xB8, 0xD6,
	0x11, 0x47, 0x44, 0x11, 0xF5, 0x69, 0x89, 0xAE };
static const uint8_t rfc_nt_response[24] = {
	0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70, 0x8B, 0x5E,
	0xA0, 0x8F, 0xAA, 0x39, 0x81, 0xCD, 0x83, 0x54,
	0x42, 0x33, 0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF };
static const char rfc_auth_response[] =
	"S=407A5589115FD0D6209F510FE9C04566932CDA56";

START_TEST(test_rfc2759_vectors)
{
	uint8_t hash[16], ch[8], resp[24];
	char ar[MSCHAPV2_AUTH_RESPONSE_LEN + 1];

	ck_assert_int_eq(mschapv2_nt_hash("clientPass", 10, hash), 0);
	ck_assert_mem_eq(hash, rfc_hash, 16);
	mschapv2_challenge_hash(peer_chal, auth_chal, "User", 4, ch);
	ck_assert_mem_eq(ch, rfc_challenge, 8);
	mschapv2_challenge_response(ch, hash, resp);
	ck_assert_mem_eq(resp, rfc_nt_response, 24);
	mschapv2_nt_response(auth_chal, peer_chal, "User", 4, hash, resp);
	ck_assert_mem_eq(resp, rfc_nt_response, 24);
	mschapv2_authenticator_response(hash, resp, peer_chal, auth_chal,
					"User", 4, ar);
	ck_assert_str_eq(ar, rfc_auth_response);
}
END_TEST

START_TEST(test_domain_prefix_not_hashed)
{
	uint8_t a[8], b[8];

	mschapv2_challenge_hash(peer_chal, auth_chal, "CORP\\User", 9, a);
	mschapv2_challenge_hash(peer_chal, auth_chal, "User", 4, b);
	ck_assert_mem_eq(a, b, 8);
}
END_TEST

START_TEST(test_nt_hash_utf16)
{
	/* "ü€😀" in UTF-8; UTF-16LE is FC 00, AC 20, 3D D8 00 DE. */
	static const uint8_t utf16[] = { 0xfc, 0x00, 0xac, 0x20, 0x3d, 0xd8,
					 0x00, 0xde };
	const char *pw = "\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80";
	struct md4_ctx m;
	uint8_t want[16], got[16];

	md4_init(&m);
	md4_update(&m, sizeof(utf16), utf16);
	md4_digest(&m, 16, want);
	ck_assert_int_eq(mschapv2_nt_hash(pw, strlen(pw), got), 0);
	ck_assert_mem_eq(got, want, 16);
	ck_assert_int_eq(mschapv2_nt_hash("\xff", 1, got), -1);
	ck_assert_int_eq(mschapv2_nt_hash("\xc3", 1, got), -1);	/* cut */
	ck_assert_int_eq(mschapv2_nt_hash("\xc0\xaf", 2, got), -1);	/* overlong */
	ck_assert_int_eq(mschapv2_nt_hash("\xed\xa0\x80", 3, got), -1); /* surrogate */
}
END_TEST

START_TEST(test_chap_md5_definition)
{
	static const uint8_t chal[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
					13, 14, 15, 16, 17 };
	uint8_t buf[1 + 6 + sizeof(chal)], want[16], got[16];
	struct md5_ctx m;

	buf[0] = 0x2a;
	memcpy(buf + 1, "secret", 6);
	memcpy(buf + 7, chal, sizeof(chal));
	md5_init(&m);
	md5_update(&m, sizeof(buf), buf);
	md5_digest(&m, 16, want);
	chap_md5_response(0x2a, "secret", 6, chal, sizeof(chal), got);
	ck_assert_mem_eq(got, want, 16);
	chap_md5_response(0x2b, "secret", 6, chal, sizeof(chal), got);
	ck_assert(memcmp(got, want, 16) != 0);
}
END_TEST

/* --- exchanges ------------------------------------------------------- */

static struct loop *loop;
static struct users_db *db;
static struct aaa_verifier users_v;
static uint8_t out[16][AUTH_PKT_MAX];
static size_t out_len[16];
static uint16_t out_proto[16];
static int nout;
static int done_count;
static enum auth_result done_result;
static char done_user[64];

static void a_xmit(void *ctx, uint16_t proto, const uint8_t *pkt, size_t len)
{
	if (nout < 16) {
		memcpy(out[nout], pkt, len);
		out_len[nout] = len;
		out_proto[nout] = proto;
	}
	nout++;
}

static void a_done(void *ctx, enum auth_result r, const char *user,
		   const struct aaa_grant *u)
{
	done_count++;
	done_result = r;
	snprintf(done_user, sizeof(done_user), "%s", user ? user : "");
}

static const struct ppp_auth_ops ops = { .xmit = a_xmit, .done = a_done };

static void setup(void)
{
	static const char text[] = "User clientPass\nhashed nt:44EBBA8D5312B8D611474411F56989AE\n";
	char err[128];

	log_init(LOG_EMERG, false, "test_ppp_auth");
	loop = loop_new_virtual(0);
	ck_assert_int_eq(users_parse(text, strlen(text), "t", &db, err, sizeof(err)), 0);
	users_v = users_verifier(db);
	nout = done_count = 0;
	done_result = AUTH_OK;
	done_user[0] = 0;
}

static void teardown(void)
{
	users_free(db);
	loop_free(loop);
}

static void server(struct ppp_auth *a, enum ppp_auth_method m)
{
	struct ppp_auth_params p = { .server = true, .method = m, .verifier = &users_v,
				     .our_name = "lns", .restart_ms = 1000,
				     .max_tries = 3 };

	ppp_auth_init(a, loop, &p, &ops, NULL, "t");
	ppp_auth_start(a);
}

static void feed(struct ppp_auth *a, uint16_t proto, uint8_t code, uint8_t id,
		 const uint8_t *d, size_t n)
{
	uint8_t pkt[AUTH_PKT_MAX];

	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)(n + 4));
	memcpy(pkt + 4, d, n);
	ppp_auth_input(a, proto, pkt, n + 4);
}

/* Answers the server's last MS-CHAPv2 challenge as RFC 2759's client. */
static void mschap_answer(struct ppp_auth *a, const char *user,
			  const char *pw)
{
	const uint8_t *ch = out[0];	/* the challenge */
	uint8_t resp[1 + 49 + 32] = { 49 }, hash[16];

	ck_assert_int_eq(ch[0], 1);
	ck_assert_int_eq(ch[4], 16);
	ck_assert_mem_eq(ch + 21, "lns", 3);
	memcpy(resp + 1, peer_chal, 16);
	mschapv2_nt_hash(pw, strlen(pw), hash);
	mschapv2_nt_response(ch + 5, peer_chal, user, strlen(user), hash,
			     resp + 25);
	memcpy(resp + 50, user, strlen(user));
	feed(a, PPP_CHAP, 2, ch[1], resp, 50 + strlen(user));
}

START_TEST(test_mschapv2_server_success)
{
	struct ppp_auth a;
	char want[MSCHAPV2_AUTH_RESPONSE_LEN + 1], msg[128] = { 0 };
	uint8_t hash[16], nt[24];
	const uint8_t *ch;

	server(&a, PPP_AUTH_MSCHAPV2);
	ch = out[0];
	mschap_answer(&a, "User", "clientPass");
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert_str_eq(done_user, "User");
	ck_assert_int_eq(out[nout - 1][0], 3);
	memcpy(msg, out[nout - 1] + 4, out_len[nout - 1] - 4);
	mschapv2_nt_hash("clientPass", 10, hash);
	mschapv2_nt_response(ch + 5, peer_chal, "User", 4, hash, nt);
	mschapv2_authenticator_response(hash, nt, peer_chal, ch + 5, "User", 4,
					want);
	ck_assert_msg(strncmp(msg, want, 42) == 0 && strstr(msg, " M="),
		      "Success message \"%s\"", msg);
	/* The peer repeats its Response (our Success was lost). */
	int before = nout;

	mschap_answer(&a, "User", "clientPass");
	ck_assert_int_eq(nout, before + 1);
	ck_assert_int_eq(out[nout - 1][0], 3);
	ck_assert_int_eq(done_count, 1);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_mschapv2_server_nt_hash_user)
{
	struct ppp_auth a;

	server(&a, PPP_AUTH_MSCHAPV2);
	mschap_answer(&a, "hashed", "clientPass");
	ck_assert_int_eq(done_result, AUTH_OK);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_mschapv2_server_failure_message)
{
	struct ppp_auth a;
	char msg[128] = { 0 };

	server(&a, PPP_AUTH_MSCHAPV2);
	mschap_answer(&a, "User", "wrongPass");
	ck_assert_int_eq(done_result, AUTH_BAD_CREDENTIALS);
	ck_assert_int_eq(out[nout - 1][0], 4);
	memcpy(msg, out[nout - 1] + 4, out_len[nout - 1] - 4);
	ck_assert_msg(strncmp(msg, "E=691 R=0 C=", 12) == 0, "%s", msg);
	ck_assert_uint_eq(strspn(msg + 12, "0123456789ABCDEF"), 32);
	ck_assert_msg(strncmp(msg + 44, " V=3 M=", 7) == 0, "%s", msg);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_chap_challenge_retransmitted_then_timeout)
{
	struct ppp_auth a;

	server(&a, PPP_AUTH_CHAP_MD5);
	ck_assert_int_eq(nout, 1);
	loop_advance(loop, 1000);
	ck_assert_int_eq(nout, 2);
	ck_assert_mem_eq(out[1], out[0], out_len[0]);
	loop_advance(loop, 2000);
	ck_assert_int_eq(nout, 4);
	ck_assert_int_eq(done_count, 0);
	loop_advance(loop, 1000);
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(done_result, AUTH_TIMEOUT);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_chap_md5_server)
{
	struct ppp_auth a;
	uint8_t resp[1 + 16 + 4] = { 16 };
	const uint8_t *ch;

	server(&a, PPP_AUTH_CHAP_MD5);
	ch = out[0];
	ck_assert_int_eq(ch[4], 16);
	chap_md5_response(ch[1], "clientPass", 10, ch + 5, 16, resp + 1);
	memcpy(resp + 17, "User", 4);
	/* Wrong identifier: ignored. */
	feed(&a, PPP_CHAP, 2, (uint8_t)(ch[1] + 1), resp, sizeof(resp));
	ck_assert_int_eq(done_count, 0);
	ck_assert_uint_eq(a.rx_unexpected, 1);
	/* Value size larger than the packet: malformed. */
	resp[0] = 200;
	feed(&a, PPP_CHAP, 2, ch[1], resp, sizeof(resp));
	ck_assert_uint_eq(a.rx_malformed, 1);
	resp[0] = 16;
	feed(&a, PPP_CHAP, 2, ch[1], resp, sizeof(resp));
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert_int_eq(out[nout - 1][0], 3);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_chap_md5_nt_hash_user_unusable)
{
	struct ppp_auth a;
	uint8_t resp[1 + 16 + 6] = { 16 };

	server(&a, PPP_AUTH_CHAP_MD5);
	memcpy(resp + 17, "hashed", 6);
	feed(&a, PPP_CHAP, 2, out[0][1], resp, sizeof(resp));
	ck_assert_int_eq(done_result, AUTH_UNUSABLE_SECRET);
	ck_assert_int_eq(out[nout - 1][0], 4);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_pap_server)
{
	struct ppp_auth a;
	uint8_t req[] = { 4, 'U', 's', 'e', 'r', 10, 'c', 'l', 'i', 'e', 'n',
			  't', 'P', 'a', 's', 's' };

	server(&a, PPP_AUTH_PAP);
	ck_assert_int_eq(nout, 0);	/* the peer speaks first */
	feed(&a, PPP_PAP, 1, 7, req, 10);	/* password cut short */
	ck_assert_uint_eq(a.rx_malformed, 1);
	feed(&a, PPP_PAP, 1, 7, req, sizeof(req));
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert_int_eq(out[0][0], 2);
	ck_assert_int_eq(out[0][1], 7);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_pap_wrong_and_hashed)
{
	struct ppp_auth a;
	uint8_t wrong[] = { 4, 'U', 's', 'e', 'r', 3, 'b', 'a', 'd' };
	uint8_t hashed[] = { 6, 'h', 'a', 's', 'h', 'e', 'd', 1, 'x' };

	server(&a, PPP_AUTH_PAP);
	feed(&a, PPP_PAP, 1, 1, wrong, sizeof(wrong));
	ck_assert_int_eq(done_result, AUTH_BAD_CREDENTIALS);
	ck_assert_int_eq(out[0][0], 3);
	ppp_auth_stop(&a);
	nout = 0;
	server(&a, PPP_AUTH_PAP);
	feed(&a, PPP_PAP, 1, 1, hashed, sizeof(hashed));
	ck_assert_int_eq(done_result, AUTH_UNUSABLE_SECRET);
	ppp_auth_stop(&a);
}
END_TEST

static void client(struct ppp_auth *a, enum ppp_auth_method m)
{
	struct ppp_auth_params p = { .server = false, .method = m,
				     .our_name = "User", .secret = "clientPass",
				     .restart_ms = 1000, .max_tries = 3 };

	ppp_auth_init(a, loop, &p, &ops, NULL, "t");
	ppp_auth_start(a);
}

START_TEST(test_mschapv2_client)
{
	struct ppp_auth a;
	uint8_t ch[1 + 16 + 3] = { 16 };
	char ar[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	uint8_t hash[16];
	const uint8_t *r;

	client(&a, PPP_AUTH_MSCHAPV2);
	memcpy(ch + 1, auth_chal, 16);
	memcpy(ch + 17, "lns", 3);
	feed(&a, PPP_CHAP, 1, 77, ch, sizeof(ch));
	r = out[nout - 1];
	ck_assert_int_eq(r[0], 2);
	ck_assert_int_eq(r[1], 77);
	ck_assert_int_eq(r[4], 49);
	ck_assert_mem_eq(r + 54, "User", 4);
	/* Check the response as a server would, from the RFC's inputs. */
	mschapv2_nt_hash("clientPass", 10, hash);
	uint8_t nt[24];

	mschapv2_nt_response(auth_chal, r + 5, "User", 4, hash, nt);
	ck_assert_mem_eq(r + 29, nt, 24);
	/* A server that does not know the password cannot forge S=. */
	feed(&a, PPP_CHAP, 3, 77, (const uint8_t *)rfc_auth_response, 42);
	ck_assert_int_eq(done_result, AUTH_PEER_NOT_AUTHENTIC);
	ppp_auth_stop(&a);

	done_count = 0;
	client(&a, PPP_AUTH_MSCHAPV2);
	feed(&a, PPP_CHAP, 1, 78, ch, sizeof(ch));
	r = out[nout - 1];
	mschapv2_nt_response(auth_chal, r + 5, "User", 4, hash, nt);
	mschapv2_authenticator_response(hash, nt, r + 5, auth_chal, "User", 4, ar);
	feed(&a, PPP_CHAP, 3, 78, (const uint8_t *)ar, 42);
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(done_result, AUTH_OK);
	ppp_auth_stop(&a);
}
END_TEST

START_TEST(test_pap_client_retransmits)
{
	struct ppp_auth a;

	client(&a, PPP_AUTH_PAP);
	ck_assert_int_eq(nout, 1);
	ck_assert_int_eq(out[0][4], 4);
	ck_assert_mem_eq(out[0] + 5, "User", 4);
	ck_assert_int_eq(out[0][9], 10);
	loop_advance(loop, 1000);
	ck_assert_int_eq(nout, 2);
	feed(&a, PPP_PAP, 2, (uint8_t)(out[0][1] + 1), (const uint8_t *)"\0", 1);
	ck_assert_int_eq(done_count, 0);
	feed(&a, PPP_PAP, 2, out[0][1], (const uint8_t *)"\0", 1);
	ck_assert_int_eq(done_result, AUTH_OK);
	ppp_auth_stop(&a);
}
END_TEST

/*
 * pppd's CHAP-MD5 challenges are 16 to 24 bytes long: the client must
 * answer a 20-byte one with MD5(id || secret || challenge), not drop it.
 */
START_TEST(test_chap_md5_client_long_challenge)
{
	struct ppp_auth a;
	uint8_t ch[1 + 20 + 3] = { 20 }, buf[1 + 10 + 20], want[16];
	struct md5_ctx m;
	const uint8_t *r;

	for (int i = 0; i < 20; i++)
		ch[1 + i] = (uint8_t)(0xa0 + i);
	memcpy(ch + 21, "lns", 3);
	client(&a, PPP_AUTH_CHAP_MD5);
	feed(&a, PPP_CHAP, 1, 9, ch, sizeof(ch));
	ck_assert_int_ge(nout, 1);
	r = out[nout - 1];
	ck_assert_int_eq(out_proto[nout - 1], PPP_CHAP);
	ck_assert_int_eq(r[0], 2);		/* Response */
	ck_assert_int_eq(r[1], 9);		/* echoes the identifier */
	ck_assert_int_eq(r[4], 16);		/* Value-Size */
	buf[0] = 9;
	memcpy(buf + 1, "clientPass", 10);
	memcpy(buf + 11, ch + 1, 20);
	md5_init(&m);
	md5_update(&m, sizeof(buf), buf);
	md5_digest(&m, 16, want);
	ck_assert_mem_eq(r + 5, want, 16);
	ck_assert_mem_eq(r + 21, "User", 4);	/* Name */
	feed(&a, PPP_CHAP, 3, 9, (const uint8_t *)"", 0);
	ck_assert_int_eq(done_result, AUTH_OK);
	ppp_auth_stop(&a);
}
END_TEST

/*
 * A client that never repeats its Response (pppd) and whose Success was
 * lost: the server repeats its Challenge (same Identifier and value)
 * every restart interval; pppd answers it, for MS-CHAPv2 with a new peer
 * challenge, and gets a Success that proves our knowledge of that
 * Response.  Once the peer is past authentication (retired) it stops.
 */
START_TEST(test_server_rechallenges_after_success)
{
	static const uint8_t pc2[16] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2,
					 3, 4, 5, 6 };
	uint8_t ch[AUTH_PKT_MAX], resp[1 + 49 + 4] = { 49 }, hash[16];
	char want[MSCHAPV2_AUTH_RESPONSE_LEN + 1];
	size_t ch_len;
	struct ppp_auth a;
	int n;

	server(&a, PPP_AUTH_MSCHAPV2);
	memcpy(ch, out[0], out_len[0]);
	ch_len = out_len[0];
	mschap_answer(&a, "User", "clientPass");
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert_int_eq(out[nout - 1][0], 3);
	n = nout;
	/* The Success is lost; pppd waits. */
	loop_advance(loop, 1000);
	ck_assert_int_eq(nout, n + 1);
	ck_assert_uint_eq(out_len[n], ch_len);
	ck_assert_mem_eq(out[n], ch, ch_len);
	/* pppd answers anew: another peer challenge, same identifier. */
	memcpy(resp + 1, pc2, 16);
	mschapv2_nt_hash("clientPass", 10, hash);
	mschapv2_nt_response(ch + 5, pc2, "User", 4, hash, resp + 25);
	memcpy(resp + 50, "User", 4);
	feed(&a, PPP_CHAP, 2, ch[1], resp, sizeof(resp));
	ck_assert_int_eq(nout, n + 2);
	ck_assert_int_eq(out[n + 1][0], 3);
	ck_assert_int_eq(out[n + 1][1], ch[1]);
	mschapv2_authenticator_response(hash, resp + 25, pc2, ch + 5, "User",
					4, want);
	ck_assert_mem_eq(out[n + 1] + 4, want, MSCHAPV2_AUTH_RESPONSE_LEN);
	ck_assert_int_eq(done_count, 1);
	/* A wrong new Response gets nothing. */
	resp[30] ^= 1;
	feed(&a, PPP_CHAP, 2, ch[1], resp, sizeof(resp));
	ck_assert_int_eq(nout, n + 2);
	ck_assert_uint_eq(a.rx_unexpected, 1);
	/* Still silent: another Challenge; then the peer's IPCP came. */
	loop_advance(loop, 1000);
	ck_assert_int_eq(nout, n + 3);
	ck_assert_mem_eq(out[n + 2], ch, ch_len);
	ppp_auth_retire(&a);
	loop_advance(loop, 5000);
	ck_assert_int_eq(nout, n + 3);
}
END_TEST

/* Rechallenging ends with the linger (3 x 1000 ms here). */
START_TEST(test_server_rechallenges_bounded)
{
	uint8_t resp[1 + 16 + 4] = { 16 };
	struct ppp_auth a;
	int n;

	server(&a, PPP_AUTH_CHAP_MD5);
	chap_md5_response(out[0][1], "clientPass", 10, out[0] + 5, 16,
			  resp + 1);
	memcpy(resp + 17, "User", 4);
	feed(&a, PPP_CHAP, 2, out[0][1], resp, sizeof(resp));
	ck_assert_int_eq(done_result, AUTH_OK);
	n = nout;
	loop_advance(loop, 10000);
	ck_assert_int_eq(nout, n + 2);
	ck_assert_int_eq(out[n][0], 1);
	ck_assert_int_eq(out[n + 1][0], 1);
	/* The answer to them: the same Success. */
	feed(&a, PPP_CHAP, 2, out[0][1], resp, sizeof(resp));
	ck_assert_int_eq(nout, n + 3);
	ck_assert_mem_eq(out[n + 2], out[n - 1], out_len[n - 1]);
	ppp_auth_stop(&a);
}
END_TEST

static int released;
static struct ppp_auth *retire_in_done;

static void r_done(void *ctx, enum auth_result r, const char *user,
		   const struct aaa_grant *u)
{
	a_done(ctx, r, user, u);
	if (retire_in_done)
		ppp_auth_retire(retire_in_done);
}

static void r_release(void *ctx)
{
	released++;
}

static const struct ppp_auth_ops release_ops = {
	.xmit = a_xmit, .done = r_done, .release = r_release,
};

static void pap_server_with_release(struct ppp_auth *a)
{
	struct ppp_auth_params p = { .server = true, .method = PPP_AUTH_PAP,
				     .verifier = &users_v, .restart_ms = 1000,
				     .max_tries = 3 };

	released = 0;
	ppp_auth_init(a, loop, &p, &release_ops, NULL, "t");
	ppp_auth_start(a);
}

/*
 * After success the server still answers a repeated request for the
 * peer's restart time x tries (1000 ms x 3 here), then releases.
 */
START_TEST(test_server_lingers_then_releases)
{
	struct ppp_auth a;
	uint8_t req[] = { 4, 'U', 's', 'e', 'r', 10, 'c', 'l', 'i', 'e', 'n',
			  't', 'P', 'a', 's', 's' };

	retire_in_done = NULL;
	pap_server_with_release(&a);
	feed(&a, PPP_PAP, 1, 7, req, sizeof(req));
	ck_assert_int_eq(done_result, AUTH_OK);
	ck_assert_int_eq(nout, 1);
	loop_advance(loop, 2999);
	feed(&a, PPP_PAP, 1, 8, req, sizeof(req));
	ck_assert_int_eq(nout, 2);
	ck_assert_int_eq(out[1][0], 2);		/* Ack again */
	ck_assert_int_eq(out[1][1], 8);		/* for the repeat's id */
	ck_assert_int_eq(done_count, 1);
	ck_assert_int_eq(released, 0);
	loop_advance(loop, 1);
	ck_assert_int_eq(released, 1);
	loop_advance(loop, 10000);
	ck_assert_int_eq(released, 1);
}
END_TEST

/* Retiring from inside done never releases under the caller's feet. */
START_TEST(test_retire_from_done_is_deferred)
{
	struct ppp_auth a;
	uint8_t wrong[] = { 4, 'U', 's', 'e', 'r', 3, 'b', 'a', 'd' };

	retire_in_done = &a;
	pap_server_with_release(&a);
	feed(&a, PPP_PAP, 1, 1, wrong, sizeof(wrong));
	ck_assert_int_eq(done_result, AUTH_BAD_CREDENTIALS);
	ck_assert_int_eq(released, 0);
	/* Retired: input is no longer answered. */
	feed(&a, PPP_PAP, 1, 2, wrong, sizeof(wrong));
	ck_assert_int_eq(nout, 1);
	ck_assert_uint_eq(a.rx_unexpected, 1);
	loop_advance(loop, 0);
	ck_assert_int_eq(released, 1);
	retire_in_done = NULL;
}
END_TEST

static Suite *auth_suite(void)
{
	Suite *s = suite_create("ppp_auth");
	TCase *tc = tcase_create("crypto");

	tcase_add_test(tc, test_rfc2759_vectors);
	tcase_add_test(tc, test_domain_prefix_not_hashed);
	tcase_add_test(tc, test_nt_hash_utf16);
	tcase_add_test(tc, test_chap_md5_definition);
	suite_add_tcase(s, tc);

	tc = tcase_create("exchange");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_mschapv2_server_success);
	tcase_add_test(tc, test_mschapv2_server_nt_hash_user);
	tcase_add_test(tc, test_mschapv2_server_failure_message);
	tcase_add_test(tc, test_chap_challenge_retransmitted_then_timeout);
	tcase_add_test(tc, test_chap_md5_server);
	tcase_add_test(tc, test_chap_md5_nt_hash_user_unusable);
	tcase_add_test(tc, test_pap_server);
	tcase_add_test(tc, test_pap_wrong_and_hashed);
	tcase_add_test(tc, test_mschapv2_client);
	tcase_add_test(tc, test_pap_client_retransmits);
	tcase_add_test(tc, test_chap_md5_client_long_challenge);
	tcase_add_test(tc, test_server_lingers_then_releases);
	tcase_add_test(tc, test_server_rechallenges_after_success);
	tcase_add_test(tc, test_server_rechallenges_bounded);
	tcase_add_test(tc, test_retire_from_done_is_deferred);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(auth_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
