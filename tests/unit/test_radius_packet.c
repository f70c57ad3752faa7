// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RADIUS codec (daemon/radius/radius.h) against the examples of RFC
 * 2865 section 7 and against packets captured from radclient and
 * FreeRADIUS 3.2.1 on the loopback (tcpdump, secret "testing123", config
 * from tests/radius/freeradius-conf): we parse them, verify their
 * authenticators and Message-Authenticators, and our builder reproduces
 * them byte for byte.  Then malformed input, each with its reason.
 */
#include <check.h>
#include <nettle/md5.h>
#include <string.h>

#include "radius/radius.h"
#include "radius_hex.h"

#define FR_SECRET "testing123"

/* RFC 2865 section 7.1, secret "xyzzy5461". */
static const char rfc7_1_request[] =
	"01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a"
	"01 06 6e 65 6d 6f"
	"02 12 0d be 70 8d 93 d4 13 ce 31 96 e4 3f 78 2a 0a ee"
	"04 06 c0 a8 01 10 05 06 00 00 00 03";
static const char rfc7_1_accept[] =
	"02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2"
	"06 06 00 00 00 01 0f 06 00 00 00 00 0e 06 c0 a8 01 03";
/* RFC 2865 section 7.2: CHAP, the challenge in the Request Authenticator. */
static const char rfc7_2_request[] =
	"01 01 00 47 2a ee 86 f0 8d 0d 55 96 9c a5 97 8e 0d 33 67 a2"
	"01 08 66 6c 6f 70 73 79"
	"03 13 16 e9 75 57 c3 16 18 58 95 f2 93 ff 63 44 07 72 75"
	"04 06 c0 a8 01 10 05 06 00 00 00 14 06 06 00 00 00 02"
	"07 06 00 00 00 01";

/* radclient: alice/wonderland PAP, Message-Authenticator, NAS-Identifier. */
static const char fr_pap_request[] =
	"015e004406f3dfdf524b120930b7919c087ea3170107616c6963650212d4260e9e"
	"3ba89ad04102ad140f1e7d8a50124ad060b2f32be601700f3d03ee9e8cd5200567"
	"7731";
/* FreeRADIUS: its Access-Accept (Framed-IP-Address, Class, Session-Timeout). */
static const char fr_pap_accept[] =
	"025e003fa5e95bae37a9be13fbfdc8db4985824e08060a090807190d616c696365"
	"2d636c6173731b0600000e10501274f6f8e314750892cbb58ab702f549f2";
static const char fr_bob_request[] =
	"0180003da938eeb09b244b7f23e27196e35a76a50105626f62021218eb422e3973"
	"9575f687aedc70b60fb75012eb377f06e41ff7d1b5b69a9c33d96834";
/* An Access-Reject with a Reply-Message. */
static const char fr_bob_reject[] =
	"0380003a79a4907a40453f412db9f4e6ff23c3501214626f62206973206e6f7420"
	"77656c636f6d655012e5974392f348c6e3e95640cbb7d57f4d";
/* alice with CHAP-Password. */
static const char fr_chap_request[] =
	"01aa00405dd51e24329d2293b23e1fc598463e3c0107616c6963650313c3dc5ed9"
	"35a752a16ea3a4286ff3c75cb8501211da3aa8954f0fbd57d88976bd01846e";
static const char fr_chap_accept[] =
	"02aa003fb18a431a589883325733fa704228867608060a090807190d616c696365"
	"2d636c6173731b0600000e105012c1fbfba50b9fa08e216e89da0d4479d8";
/* Accounting-Request Start, no Message-Authenticator, and its response. */
static const char fr_acct_start[] =
	"04270032d436c28261ee1b9e4763155d7d7c6ddd0107616c6963652806000000012c"
	"06303030312005677731290600000000";
static const char fr_acct_start_response[] =
	"052700149c45d03d726402a3da3d284a06594527";
/* Accounting-Request Stop with a Message-Authenticator, and its response. */
static const char fr_acct_stop[] =
	"04bc0045c25e27b14399cfe862090fa345cc8c2d0107616c6963652806000000022c"
	"06303030312a06000003e831060000000150129ae2145b1964b5222ea49118bd62c6"
	"ba";
static const char fr_acct_stop_response[] =
	"05bc0014208149f845db8fd6f7c0194b07d48d07";
/* radclient's Disconnect-Request (Message-Authenticator) and CoA-Request. */
static const char fr_disconnect[] =
	"28c2002d48d847c4ba0de00d9d546568325f23490107616c69636550129614f56079"
	"028c4a1b8b0d360889843b";
static const char fr_coa[] =
	"2b9d001ee5430d15591e25f51bf89925e8664c750107616c6963650b0378";

struct pkt {
	uint8_t buf[RADIUS_MAX_LEN];
	size_t len;
	struct radius_packet p;
};

static char err[256];

static void load(struct pkt *k, const char *hex)
{
	k->len = radius_hex(hex, k->buf, sizeof(k->buf));
	err[0] = 0;
	ck_assert_msg(radius_parse(k->buf, k->len, &k->p, err,
				   sizeof(err)) == 0, "parse: %s", err);
}

static void assert_same(const struct radius_builder *b, const struct pkt *k)
{
	ck_assert_uint_eq(b->len, k->len);
	ck_assert_mem_eq(b->buf, k->buf, k->len);
}

START_TEST(test_rfc2865_7_1_password_hiding)
{
	static const uint8_t hidden[] = {
		0x0d, 0xbe, 0x70, 0x8d, 0x93, 0xd4, 0x13, 0xce,
		0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee };
	struct pkt rq;
	uint8_t out[128], pw[128];
	const struct radius_attr *a;
	size_t n;

	load(&rq, rfc7_1_request);
	ck_assert_uint_eq(rq.p.code, RADIUS_ACCESS_REQUEST);
	ck_assert_uint_eq(rq.p.nattr, 4);
	n = radius_hide_password("xyzzy5461", rq.p.auth,
				 (const uint8_t *)"arctangent", 10, out);
	ck_assert_uint_eq(n, 16);
	ck_assert_mem_eq(out, hidden, 16);
	a = radius_find(&rq.p, 0, RA_USER_PASSWORD);
	ck_assert_ptr_nonnull(a);
	ck_assert_mem_eq(a->val, hidden, 16);
	ck_assert_int_eq(radius_unhide_password("xyzzy5461", rq.p.auth, a->val,
						a->len, pw, &n), 0);
	ck_assert_uint_eq(n, 10);
	ck_assert_mem_eq(pw, "arctangent", 10);
}
END_TEST

START_TEST(test_rfc2865_7_1_response_authenticator)
{
	struct pkt rq, rs;
	struct radius_builder b;

	load(&rq, rfc7_1_request);
	load(&rs, rfc7_1_accept);
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, "xyzzy5461", false,
						err, sizeof(err)), 0);
	/* The RFC's Accept predates RFC 3579: refused when M-A is required. */
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, "xyzzy5461", true,
						err, sizeof(err)), -1);
	ck_assert_str_eq(err, "no Message-Authenticator (code 2 id 0), "
			 "required");
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, "xyzzy5462", false,
						err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "bad Response Authenticator"));
	/* And our builder signs it the same way. */
	radius_begin(&b, RADIUS_ACCESS_ACCEPT, 0);
	radius_put_u32(&b, RA_SERVICE_TYPE, 1);
	radius_put_u32(&b, 15, 0);	/* Login-Service: Telnet */
	radius_put(&b, 14, "\xc0\xa8\x01\x03", 4);	/* Login-IP-Host */
	radius_finish(&b, "xyzzy5461", rq.p.auth);
	assert_same(&b, &rs);
}
END_TEST

/* Our builder writes 7.1's request byte for byte, given its authenticator. */
START_TEST(test_rfc2865_7_1_request_built)
{
	struct pkt rq;
	struct radius_builder b;

	load(&rq, rfc7_1_request);
	radius_begin(&b, RADIUS_ACCESS_REQUEST, 0);
	memcpy(b.buf + 4, rq.p.auth, RADIUS_AUTH_LEN);
	ck_assert_int_eq(radius_put_str(&b, RA_USER_NAME, "nemo"), 0);
	ck_assert_int_eq(radius_put_user_password(&b, "xyzzy5461",
			 (const uint8_t *)"arctangent", 10), 0);
	radius_put(&b, RA_NAS_IP_ADDRESS, "\xc0\xa8\x01\x10", 4);
	radius_put_u32(&b, RA_NAS_PORT, 3);
	ck_assert_uint_eq(radius_finish(&b, "xyzzy5461", NULL), 0x38);
	assert_same(&b, &rq);
}
END_TEST

START_TEST(test_rfc2865_7_2_chap)
{
	struct pkt rq;
	const struct radius_attr *a;
	uint8_t digest[MD5_DIGEST_SIZE];
	struct md5_ctx ctx;
	uint32_t v;
	char name[32];

	load(&rq, rfc7_2_request);
	ck_assert_uint_eq(rq.p.nattr, 6);
	ck_assert(radius_attr_str(radius_find(&rq.p, 0, RA_USER_NAME), name,
				  sizeof(name)));
	ck_assert_str_eq(name, "flopsy");
	ck_assert(radius_attr_u32(radius_find(&rq.p, 0, RA_NAS_PORT), &v));
	ck_assert_uint_eq(v, 20);
	/* No CHAP-Challenge: the Request Authenticator is the challenge. */
	ck_assert_ptr_null(radius_find(&rq.p, 0, RA_CHAP_CHALLENGE));
	a = radius_find(&rq.p, 0, RA_CHAP_PASSWORD);
	ck_assert_uint_eq(a->len, 17);
	md5_init(&ctx);
	md5_update(&ctx, 1, a->val);
	md5_update(&ctx, 10, (const uint8_t *)"arctangent");
	md5_update(&ctx, 16, rq.p.auth);
	md5_digest(&ctx, sizeof(digest), digest);
	ck_assert_mem_eq(a->val + 1, digest, 16);
}
END_TEST

/* FreeRADIUS's Access-Accept and Access-Reject, signed with M-A. */
START_TEST(test_freeradius_access_responses)
{
	static const char *const pair[][2] = {
		{ fr_pap_request, fr_pap_accept },
		{ fr_bob_request, fr_bob_reject },
		{ fr_chap_request, fr_chap_accept },
	};

	for (size_t i = 0; i < sizeof(pair) / sizeof(pair[0]); i++) {
		struct pkt rq, rs;

		load(&rq, pair[i][0]);
		load(&rs, pair[i][1]);
		ck_assert(rq.p.has_msg_auth);
		ck_assert(rs.p.has_msg_auth);
		ck_assert_msg(radius_verify_request(rq.buf, rq.len, &rq.p,
						    FR_SECRET, err,
						    sizeof(err)) == 0,
			      "%zu: %s", i, err);
		ck_assert_msg(radius_verify_response(rs.buf, rs.len, &rs.p,
						     rq.p.auth, FR_SECRET,
						     true, err,
						     sizeof(err)) == 0,
			      "%zu: %s", i, err);
		ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
							rq.p.auth, "testing12",
							true, err,
							sizeof(err)), -1);
		ck_assert_ptr_nonnull(strstr(err,
					     "bad Message-Authenticator"));
	}
}
END_TEST

START_TEST(test_freeradius_accept_attributes)
{
	struct pkt rs, rj;
	char s[64];
	uint32_t v;

	load(&rs, fr_pap_accept);
	ck_assert(radius_attr_u32(radius_find(&rs.p, 0, RA_FRAMED_IP_ADDRESS),
				  &v));
	ck_assert_uint_eq(v, 0x0a090807);
	ck_assert(radius_attr_str(radius_find(&rs.p, 0, RA_CLASS), s,
				  sizeof(s)));
	ck_assert_str_eq(s, "alice-class");
	ck_assert(radius_attr_u32(radius_find(&rs.p, 0, RA_SESSION_TIMEOUT),
				  &v));
	ck_assert_uint_eq(v, 3600);
	load(&rj, fr_bob_reject);
	ck_assert_uint_eq(rj.p.code, RADIUS_ACCESS_REJECT);
	ck_assert(radius_attr_str(radius_find(&rj.p, 0, RA_REPLY_MESSAGE), s,
				  sizeof(s)));
	ck_assert_str_eq(s, "bob is not welcome");
	/* Too small a buffer for the text. */
	ck_assert(!radius_attr_str(radius_find(&rj.p, 0, RA_REPLY_MESSAGE), s,
				   18));
}
END_TEST

/* We write radclient's Access-Request and FreeRADIUS's Accept exactly. */
START_TEST(test_freeradius_access_built)
{
	struct pkt rq, rs, ch;
	struct radius_builder b;

	load(&rq, fr_pap_request);
	radius_begin(&b, RADIUS_ACCESS_REQUEST, 0x5e);
	memcpy(b.buf + 4, rq.p.auth, RADIUS_AUTH_LEN);
	radius_put_str(&b, RA_USER_NAME, "alice");
	radius_put_user_password(&b, FR_SECRET,
				 (const uint8_t *)"wonderland", 10);
	ck_assert_int_eq(radius_put_message_authenticator(&b), 0);
	ck_assert_int_eq(radius_put_message_authenticator(&b), -1);
	radius_put_str(&b, RA_NAS_IDENTIFIER, "gw1");
	radius_finish(&b, FR_SECRET, NULL);
	assert_same(&b, &rq);

	load(&rs, fr_pap_accept);
	radius_begin(&b, RADIUS_ACCESS_ACCEPT, 0x5e);
	radius_put(&b, RA_FRAMED_IP_ADDRESS, "\x0a\x09\x08\x07", 4);
	radius_put_str(&b, RA_CLASS, "alice-class");
	radius_put_u32(&b, RA_SESSION_TIMEOUT, 3600);
	radius_put_message_authenticator(&b);
	radius_finish(&b, FR_SECRET, rq.p.auth);
	assert_same(&b, &rs);

	/* CHAP-Password: id, MD5(id, password, Request Authenticator). */
	load(&ch, fr_chap_request);
	{
		const struct radius_attr *a =
			radius_find(&ch.p, 0, RA_CHAP_PASSWORD);
		uint8_t d[16];
		struct md5_ctx ctx;

		md5_init(&ctx);
		md5_update(&ctx, 1, a->val);
		md5_update(&ctx, 10, (const uint8_t *)"wonderland");
		md5_update(&ctx, 16, ch.p.auth);
		md5_digest(&ctx, 16, d);
		ck_assert_mem_eq(a->val + 1, d, 16);
	}
}
END_TEST

/* RFC 2866 section 3: MD5 over the packet with a zero authenticator. */
START_TEST(test_rfc2866_accounting_authenticators)
{
	static const char *const pair[][2] = {
		{ fr_acct_start, fr_acct_start_response },
		{ fr_acct_stop, fr_acct_stop_response },
	};

	for (size_t i = 0; i < 2; i++) {
		struct pkt rq, rs;

		load(&rq, pair[i][0]);
		load(&rs, pair[i][1]);
		ck_assert_msg(radius_verify_request(rq.buf, rq.len, &rq.p,
						    FR_SECRET, err,
						    sizeof(err)) == 0,
			      "%zu: %s", i, err);
		ck_assert_int_eq(radius_verify_request(rq.buf, rq.len, &rq.p,
						       "x", err, sizeof(err)),
				 -1);
		ck_assert_msg(radius_verify_response(rs.buf, rs.len, &rs.p,
						     rq.p.auth, FR_SECRET,
						     false, err,
						     sizeof(err)) == 0,
			      "%zu: %s", i, err);
	}
}
END_TEST

START_TEST(test_rfc2866_accounting_built)
{
	struct pkt start, stop;
	struct radius_builder b;

	load(&start, fr_acct_start);
	radius_begin(&b, RADIUS_ACCOUNTING_REQUEST, 0x27);
	radius_put_str(&b, RA_USER_NAME, "alice");
	radius_put_u32(&b, RA_ACCT_STATUS_TYPE, RADIUS_ACCT_START);
	radius_put_str(&b, RA_ACCT_SESSION_ID, "0001");
	radius_put_str(&b, RA_NAS_IDENTIFIER, "gw1");
	radius_put_u32(&b, RA_ACCT_DELAY_TIME, 0);
	radius_finish(&b, FR_SECRET, NULL);
	assert_same(&b, &start);

	/* With a Message-Authenticator, signed over a zero authenticator. */
	load(&stop, fr_acct_stop);
	radius_begin(&b, RADIUS_ACCOUNTING_REQUEST, 0xbc);
	radius_put_str(&b, RA_USER_NAME, "alice");
	radius_put_u32(&b, RA_ACCT_STATUS_TYPE, RADIUS_ACCT_STOP);
	radius_put_str(&b, RA_ACCT_SESSION_ID, "0001");
	radius_put_u32(&b, RA_ACCT_INPUT_OCTETS, 1000);
	radius_put_u32(&b, RA_ACCT_TERMINATE_CAUSE, RADIUS_TC_USER_REQUEST);
	radius_put_message_authenticator(&b);
	radius_finish(&b, FR_SECRET, NULL);
	assert_same(&b, &stop);
}
END_TEST

/* RFC 5176: radclient's Disconnect-Request and CoA-Request. */
START_TEST(test_rfc5176_requests)
{
	struct pkt dm, coa;
	struct radius_builder b;

	load(&dm, fr_disconnect);
	ck_assert_uint_eq(dm.p.code, RADIUS_DISCONNECT_REQUEST);
	ck_assert(dm.p.has_msg_auth);
	ck_assert_int_eq(radius_verify_request(dm.buf, dm.len, &dm.p,
					       FR_SECRET, err, sizeof(err)),
			 0);
	load(&coa, fr_coa);
	ck_assert_uint_eq(coa.p.code, RADIUS_COA_REQUEST);
	ck_assert_int_eq(radius_verify_request(coa.buf, coa.len, &coa.p,
					       FR_SECRET, err, sizeof(err)),
			 0);
	radius_begin(&b, RADIUS_DISCONNECT_REQUEST, 0xc2);
	radius_put_str(&b, RA_USER_NAME, "alice");
	radius_put_message_authenticator(&b);
	radius_finish(&b, FR_SECRET, NULL);
	assert_same(&b, &dm);
	/* A Disconnect-ACK we sign verifies as a response to it. */
	radius_begin(&b, RADIUS_DISCONNECT_ACK, 0xc2);
	radius_put_message_authenticator(&b);
	radius_finish(&b, FR_SECRET, dm.p.auth);
	{
		struct radius_packet ack;

		ck_assert_int_eq(radius_parse(b.buf, b.len, &ack, err,
					      sizeof(err)), 0);
		ck_assert_int_eq(radius_verify_response(b.buf, b.len, &ack,
							dm.p.auth, FR_SECRET,
							true, err,
							sizeof(err)), 0);
	}
}
END_TEST

START_TEST(test_vsa_round_trip)
{
	struct radius_builder b;
	struct radius_packet p;
	const struct radius_attr *a;
	char s[64];

	radius_begin(&b, RADIUS_ACCESS_ACCEPT, 7);
	ck_assert_int_eq(radius_put_vsa(&b, RADIUS_VENDOR_MIKROTIK,
					RA_MIKROTIK_RATE_LIMIT, "10M/20M", 7),
			 0);
	ck_assert_int_eq(radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT,
					RA_MS_CHAP2_SUCCESS, "\x01S=AB", 5),
			 0);
	radius_put_u32(&b, RA_SESSION_TIMEOUT, 60);
	radius_finish(&b, "s", (const uint8_t *)"0123456789abcdef");
	ck_assert_int_eq(radius_parse(b.buf, b.len, &p, err, sizeof(err)), 0);
	ck_assert_uint_eq(p.nattr, 3);
	a = radius_find(&p, RADIUS_VENDOR_MIKROTIK, RA_MIKROTIK_RATE_LIMIT);
	ck_assert(radius_attr_str(a, s, sizeof(s)));
	ck_assert_str_eq(s, "10M/20M");
	a = radius_find(&p, RADIUS_VENDOR_MICROSOFT, RA_MS_CHAP2_SUCCESS);
	ck_assert_uint_eq(a->len, 5);
	ck_assert_mem_eq(a->val, "\x01S=AB", 5);
	/* A standard attribute of the same number is not a VSA's. */
	ck_assert_ptr_null(radius_find(&p, 0, RA_MIKROTIK_RATE_LIMIT));
	ck_assert_int_eq(radius_put_vsa(&b, 1, 1, s, 248), -1);
}
END_TEST

/* Another vendor's non-standard VSA is kept whole, not refused. */
START_TEST(test_vsa_foreign_format_kept)
{
	uint8_t buf[64];
	size_t n = radius_hex("02 01 00 1e 00000000000000000000000000000000"
			      "1a 0a 00 00 01 ad 01 02 03 04", buf,
			      sizeof(buf));
	struct radius_packet p;
	const struct radius_attr *a;

	ck_assert_int_eq(radius_parse(buf, n, &p, err, sizeof(err)), 0);
	a = radius_find(&p, 429, 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(a->len, 4);
}
END_TEST

START_TEST(test_password_lengths)
{
	static const size_t lens[] = { 0, 1, 15, 16, 17, 127, 128 };
	uint8_t auth[16] = { 1, 2, 3 }, pw[129], out[128], back[128];
	size_t n, m;

	memset(pw, 'p', sizeof(pw));
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		n = radius_hide_password("sec", auth, pw, lens[i], out);
		ck_assert_uint_eq(n, lens[i] ? (lens[i] + 15) / 16 * 16 : 16);
		ck_assert_int_eq(radius_unhide_password("sec", auth, out, n,
							back, &m), 0);
		ck_assert_uint_eq(m, lens[i]);
		ck_assert_mem_eq(back, pw, m);
	}
	ck_assert_uint_eq(radius_hide_password("sec", auth, pw, 129, out), 0);
	ck_assert_int_eq(radius_unhide_password("sec", auth, out, 15, back,
						&m), -1);
}
END_TEST

/* Trailing bytes past Length are padding (RFC 2865 section 3). */
START_TEST(test_padding_ignored)
{
	struct pkt rs, rq;

	load(&rq, fr_pap_request);
	rs.len = radius_hex(fr_pap_accept, rs.buf, sizeof(rs.buf));
	memset(rs.buf + rs.len, 0xee, 7);
	rs.len += 7;
	ck_assert_int_eq(radius_parse(rs.buf, rs.len, &rs.p, err,
				      sizeof(err)), 0);
	ck_assert_uint_eq(rs.p.len, rs.len - 7);
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, FR_SECRET, true,
						err, sizeof(err)), 0);
}
END_TEST

static const struct {
	const char *hex;
	const char *err;
} malformed[] = {
	{ "02 01 00 14 000000000000000000000000000000",
	  "19 bytes, shorter than the 20-byte header" },
	{ "02 01 00 13 00000000000000000000000000000000",
	  "Length 19 outside 20..4096" },
	{ "02 01 10 01 00000000000000000000000000000000",
	  "Length 4097 outside 20..4096" },
	{ "02 01 00 20 00000000000000000000000000000000 1b 06 00 00",
	  "Length 32 but only 24 bytes received" },
	{ "02 01 00 17 00000000000000000000000000000000 12 01 00",
	  "attribute 18 at offset 20: length 1 < 2" },
	{ "02 01 00 16 00000000000000000000000000000000 12 00",
	  "attribute 18 at offset 20: length 0 < 2" },
	{ "02 01 00 15 00000000000000000000000000000000 12",
	  "attribute at offset 20: truncated header" },
	{ "02 01 00 18 00000000000000000000000000000000 1b 06 00 00",
	  "attribute 27 at offset 20: length 6 overruns the packet (4 left)" },
	{ "02 01 00 17 00000000000000000000000000000000 1a 03 00",
	  "Vendor-Specific at offset 20: 1 bytes, too short for a Vendor-Id" },
	{ "02 01 00 1a 00000000000000000000000000000000 1a 06 00 00 01 37",
	  "Vendor-Specific at offset 20 (vendor 311): truncated or bad "
	  "sub-attribute" },
	{ "02 01 00 1d 00000000000000000000000000000000"
	  "1a 09 00 00 01 37 1a 04 00",
	  "Vendor-Specific at offset 20 (vendor 311): truncated or bad "
	  "sub-attribute" },
	{ "02 01 00 1d 00000000000000000000000000000000"
	  "1a 09 00 00 3a 8c 08 01 00",
	  "Vendor-Specific at offset 20 (vendor 14988): truncated or bad "
	  "sub-attribute" },
	{ "02 01 00 1d 00000000000000000000000000000000"
	  "1a 09 00 00 3a 8c 08 05 00",
	  "Vendor-Specific at offset 20 (vendor 14988): truncated or bad "
	  "sub-attribute" },
	{ "02 01 00 1c 00000000000000000000000000000000"
	  "1a 08 00 00 00 00 08 02",
	  "Vendor-Specific at offset 20: Vendor-Id 0" },
	{ "02 01 00 18 00000000000000000000000000000000 50 04 00 00",
	  "Message-Authenticator at offset 20: length 4, not 18" },
	{ "02 01 00 38 00000000000000000000000000000000"
	  "50 12 00000000000000000000000000000000"
	  "50 12 00000000000000000000000000000000",
	  "two Message-Authenticators" },
};

START_TEST(test_malformed)
{
	struct pkt k;
	struct radius_packet p;

	k.len = radius_hex(malformed[_i].hex, k.buf, sizeof(k.buf));
	err[0] = 0;
	ck_assert_int_eq(radius_parse(k.buf, k.len, &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, malformed[_i].err);
}
END_TEST

START_TEST(test_too_many_attributes)
{
	struct radius_builder b;
	struct radius_packet p;

	radius_begin(&b, RADIUS_ACCESS_ACCEPT, 1);
	for (int i = 0; i <= RADIUS_MAX_ATTRS; i++)
		ck_assert_int_eq(radius_put(&b, RA_CLASS, "c", 1), 0);
	radius_finish(&b, "s", b.buf + 4);
	ck_assert_int_eq(radius_parse(b.buf, b.len, &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "more than 128 attributes");
}
END_TEST

/* A forged or corrupted Message-Authenticator is refused: BlastRADIUS. */
START_TEST(test_bad_message_authenticator)
{
	struct pkt rq, rs;
	const struct radius_attr *a;

	load(&rq, fr_pap_request);
	load(&rs, fr_pap_accept);
	a = radius_find(&rs.p, 0, RA_MESSAGE_AUTHENTICATOR);
	rs.buf[a->val - rs.buf + 5] ^= 1;
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, FR_SECRET, true,
						err, sizeof(err)), -1);
	ck_assert_str_eq(err, "bad Message-Authenticator (code 2 id 94; "
			 "wrong secret?)");
	/* Not required, but present and bad: refused all the same. */
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, FR_SECRET, false,
						err, sizeof(err)), -1);
	/* A request's: Access-Request and Disconnect-Request. */
	/* The M-A's value ends 5 bytes before NAS-Identifier "gw1". */
	rq.buf[rq.len - 8] ^= 0x80;
	ck_assert_int_eq(radius_verify_request(rq.buf, rq.len, &rq.p,
					       FR_SECRET, err, sizeof(err)),
			 -1);
	ck_assert_ptr_nonnull(strstr(err, "bad Message-Authenticator"));
}
END_TEST

/* The response's attributes changed: the Response Authenticator says so. */
START_TEST(test_tampered_response)
{
	struct pkt rq, rs;

	load(&rq, fr_acct_start);
	load(&rs, fr_acct_start_response);
	rs.buf[1] ^= 1;
	ck_assert_int_eq(radius_parse(rs.buf, rs.len, &rs.p, err,
				      sizeof(err)), 0);
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, FR_SECRET, false,
						err, sizeof(err)), -1);
	ck_assert_str_eq(err, "bad Response Authenticator (code 5 id 38; "
			 "wrong secret?)");
	/* An Access response without M-A when it is required. */
	load(&rs, rfc7_1_accept);
	ck_assert_int_eq(radius_verify_response(rs.buf, rs.len, &rs.p,
						rq.p.auth, FR_SECRET, true,
						err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no Message-Authenticator"));
}
END_TEST

START_TEST(test_builder_limits)
{
	struct radius_builder b;
	uint8_t big[RADIUS_ATTR_MAX + 1] = { 0 };
	size_t before;

	radius_begin(&b, RADIUS_ACCOUNTING_REQUEST, 1);
	ck_assert_int_eq(radius_put(&b, RA_CLASS, big, RADIUS_ATTR_MAX), 0);
	ck_assert_int_eq(radius_put(&b, RA_CLASS, big, RADIUS_ATTR_MAX + 1),
			 -1);
	while (radius_put(&b, RA_CLASS, big, RADIUS_ATTR_MAX) == 0)
		;
	before = b.len;
	ck_assert_uint_le(before, RADIUS_MAX_LEN);
	ck_assert_int_eq(radius_put_u32(&b, RA_SESSION_TIMEOUT, 1) == 0,
			 before + 6 <= RADIUS_MAX_LEN);
	ck_assert_uint_le(b.len, RADIUS_MAX_LEN);
	ck_assert_uint_eq(radius_finish(&b, "s", NULL), b.len);
}
END_TEST

static Suite *radius_packet_suite(void)
{
	Suite *s = suite_create("radius_packet");
	TCase *rfc = tcase_create("rfc");
	TCase *fr = tcase_create("freeradius");
	TCase *bad = tcase_create("malformed");

	tcase_add_test(rfc, test_rfc2865_7_1_password_hiding);
	tcase_add_test(rfc, test_rfc2865_7_1_response_authenticator);
	tcase_add_test(rfc, test_rfc2865_7_1_request_built);
	tcase_add_test(rfc, test_rfc2865_7_2_chap);
	tcase_add_test(rfc, test_password_lengths);
	tcase_add_test(rfc, test_vsa_round_trip);
	tcase_add_test(rfc, test_vsa_foreign_format_kept);
	tcase_add_test(rfc, test_builder_limits);
	suite_add_tcase(s, rfc);
	tcase_add_test(fr, test_freeradius_access_responses);
	tcase_add_test(fr, test_freeradius_accept_attributes);
	tcase_add_test(fr, test_freeradius_access_built);
	tcase_add_test(fr, test_rfc2866_accounting_authenticators);
	tcase_add_test(fr, test_rfc2866_accounting_built);
	tcase_add_test(fr, test_rfc5176_requests);
	tcase_add_test(fr, test_padding_ignored);
	suite_add_tcase(s, fr);
	tcase_add_loop_test(bad, test_malformed, 0,
			    sizeof(malformed) / sizeof(malformed[0]));
	tcase_add_test(bad, test_too_many_attributes);
	tcase_add_test(bad, test_bad_message_authenticator);
	tcase_add_test(bad, test_tampered_response);
	suite_add_tcase(s, bad);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(radius_packet_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
