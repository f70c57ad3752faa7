// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv6 prefix delegation messages: a client's Solicit laid out by hand
 * from RFC 8415 (sections 8, 21.2, 21.21, 21.22) parsed field by field,
 * dhcpcd's Solicit and Request captured in the VM and our Advertise,
 * each reason to drop a message, the exact bytes of an Advertise with an
 * IA Prefix and of a NoPrefixAvail answer, DUID-LL, and the delegated
 * prefix rules.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <string.h>

#include "dhcp6/dhcp6_msg.h"
#include "dhcp6/dhcp6_prefix.h"

/*
 * Solicit, transaction-id 5a3c21: Client Identifier (DUID-LLT, Ethernet,
 * time 0x2a1b3c4d, 52:54:00:12:34:56), Elapsed Time 0, IA_PD IAID 1
 * T1 0 T2 0 with an IA Prefix hint ::/56 (lifetimes 7200 and 7500),
 * Option Request for DNS servers and domain list (23, 24).
 */
static const uint8_t solicit[] = {
	0x01, 0x5a, 0x3c, 0x21,
	0x00, 0x01, 0x00, 0x0e,			/* CLIENTID, 14 */
	0x00, 0x01, 0x00, 0x01, 0x2a, 0x1b, 0x3c, 0x4d,
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
	0x00, 0x08, 0x00, 0x02, 0x00, 0x00,	/* ELAPSED_TIME */
	0x00, 0x19, 0x00, 0x29,			/* IA_PD, 41 */
	0x00, 0x00, 0x00, 0x01,			/* IAID */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* T1, T2 */
	0x00, 0x1a, 0x00, 0x19,			/* IAPREFIX, 25 */
	0x00, 0x00, 0x1c, 0x20, 0x00, 0x00, 0x1d, 0x4c,
	0x38,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x00, 0x06, 0x00, 0x04, 0x00, 0x17, 0x00, 0x18,	/* ORO */
};

START_TEST(parse_solicit)
{
	struct dhcp6_request q;

	ck_assert_int_eq(dhcp6_parse(solicit, sizeof(solicit), &q), DHCP6_OK);
	ck_assert_uint_eq(q.type, DHCP6_SOLICIT);
	ck_assert_uint_eq(q.xid, 0x5a3c21);
	ck_assert_ptr_eq(q.client_id, solicit + 8);
	ck_assert_uint_eq(q.client_id_len, 14);
	ck_assert_ptr_null(q.server_id);
	ck_assert(!q.rapid_commit);
	ck_assert(!q.has_ia_addr);
	ck_assert_uint_eq(q.n_ia_pd, 1);
	ck_assert_uint_eq(q.ia_pd[0].iaid, 1);
	ck_assert(q.ia_pd[0].has_hint);
	ck_assert_uint_eq(q.ia_pd[0].hint.len, 56);
	ck_assert_uint_eq(q.ia_pd[0].hint.preferred_s, 7200);
	ck_assert_uint_eq(q.ia_pd[0].hint.valid_s, 7500);
}
END_TEST

/*
 * Captured in the VM (radius-delegated-prefix, tcpdump on the client's
 * namespace, decoded by tshark): dhcpcd 9.4.1's Solicit (DUID-LLT, IA_PD
 * IAID 1 without a hint, ORO, Elapsed Time, Vendor Class) and Request
 * (our Server Identifier, the IA_PD holding the advertised /56), and the
 * Advertise l2tpgwd answered the Solicit with.
 */
static const uint8_t dhcpcd_solicit[] = {
	0x01, 0x06, 0xfa, 0x8d, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01, 0x03, 0x04,
	0x32, 0xaa, 0x08, 0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x19,
	0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x06, 0x00, 0x04, 0x00, 0x52, 0x00, 0x53, 0x00, 0x08,
	0x00, 0x02, 0x00, 0x00, 0x00, 0x10, 0x00, 0x3b, 0x00, 0x00, 0x9f, 0x08,
	0x00, 0x35, 0x64, 0x68, 0x63, 0x70, 0x63, 0x64, 0x2d, 0x39, 0x2e, 0x34,
	0x2e, 0x31, 0x3a, 0x4c, 0x69, 0x6e, 0x75, 0x78, 0x2d, 0x36, 0x2e, 0x31,
	0x2e, 0x30, 0x2d, 0x35, 0x37, 0x2d, 0x61, 0x6d, 0x64, 0x36, 0x34, 0x3a,
	0x78, 0x38, 0x36, 0x5f, 0x36, 0x34, 0x3a, 0x41, 0x75, 0x74, 0x68, 0x65,
	0x6e, 0x74, 0x69, 0x63, 0x41, 0x4d, 0x44,
};

static const uint8_t dhcpcd_request[] = {
	0x03, 0xf9, 0xc4, 0xbf, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01, 0x03, 0x04,
	0x32, 0xaa, 0x08, 0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x0a, 0x00, 0x03, 0x00, 0x01, 0x32, 0xa4, 0x38, 0x8d, 0xfe, 0xc6,
	0x00, 0x19, 0x00, 0x29, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x1a, 0x00, 0x19, 0x00, 0x00, 0x38, 0x40,
	0x00, 0x01, 0x51, 0x80, 0x38, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x99, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00,
	0x04, 0x00, 0x52, 0x00, 0x53, 0x00, 0x08, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x10, 0x00, 0x3b, 0x00, 0x00, 0x9f, 0x08, 0x00, 0x35, 0x64, 0x68, 0x63,
	0x70, 0x63, 0x64, 0x2d, 0x39, 0x2e, 0x34, 0x2e, 0x31, 0x3a, 0x4c, 0x69,
	0x6e, 0x75, 0x78, 0x2d, 0x36, 0x2e, 0x31, 0x2e, 0x30, 0x2d, 0x35, 0x37,
	0x2d, 0x61, 0x6d, 0x64, 0x36, 0x34, 0x3a, 0x78, 0x38, 0x36, 0x5f, 0x36,
	0x34, 0x3a, 0x41, 0x75, 0x74, 0x68, 0x65, 0x6e, 0x74, 0x69, 0x63, 0x41,
	0x4d, 0x44,
};

static const uint8_t l2tpgwd_advertise[] = {
	0x02, 0x06, 0xfa, 0x8d, 0x00, 0x02, 0x00, 0x0a, 0x00, 0x03, 0x00, 0x01,
	0x32, 0xa4, 0x38, 0x8d, 0xfe, 0xc6, 0x00, 0x01, 0x00, 0x0e, 0x00, 0x01,
	0x03, 0x04, 0x32, 0xaa, 0x08, 0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x07, 0x00, 0x01, 0xff, 0x00, 0x19, 0x00, 0x29, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x1c, 0x20, 0x00, 0x00, 0x2d, 0x00, 0x00, 0x1a, 0x00,
	0x19, 0x00, 0x00, 0x38, 0x40, 0x00, 0x01, 0x51, 0x80, 0x38, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x99, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00,
};

START_TEST(parse_dhcpcd_capture)
{
	static const uint8_t gw_duid[] = { 0x00, 0x03, 0x00, 0x01, 0x32, 0xa4,
					   0x38, 0x8d, 0xfe, 0xc6 };
	struct dhcp6_request q;
	struct dhcp6_reply r;
	uint8_t buf[DHCP6_MAX_SIZE];

	ck_assert_int_eq(dhcp6_parse(dhcpcd_solicit, sizeof(dhcpcd_solicit),
				     &q), DHCP6_OK);
	ck_assert_uint_eq(q.type, DHCP6_SOLICIT);
	ck_assert_uint_eq(q.xid, 0x06fa8d);
	ck_assert_uint_eq(q.client_id_len, 14);
	ck_assert_uint_eq(q.n_ia_pd, 1);
	ck_assert_uint_eq(q.ia_pd[0].iaid, 1);
	ck_assert(!q.ia_pd[0].has_hint);
	/* What the server built for it, byte for byte. */
	memset(&r, 0, sizeof(r));
	r.type = DHCP6_ADVERTISE;
	r.xid = q.xid;
	r.client_id = q.client_id;
	r.client_id_len = q.client_id_len;
	r.server_id = gw_duid;
	r.server_id_len = sizeof(gw_duid);
	r.has_preference = true;
	r.preference = 255;
	r.n_ia_pd = 1;
	r.ia_pd[0].iaid = 1;
	r.ia_pd[0].t1_s = 7200;
	r.ia_pd[0].t2_s = 11520;
	r.ia_pd[0].has_prefix = true;
	r.ia_pd[0].prefix.preferred_s = 14400;
	r.ia_pd[0].prefix.valid_s = 86400;
	r.ia_pd[0].prefix.len = 56;
	memcpy(r.ia_pd[0].prefix.prefix, l2tpgwd_advertise + 70, 16);
	ck_assert_int_eq(dhcp6_build(&r, buf, sizeof(buf)),
			 (int)sizeof(l2tpgwd_advertise));
	ck_assert_mem_eq(buf, l2tpgwd_advertise, sizeof(l2tpgwd_advertise));

	ck_assert_int_eq(dhcp6_parse(dhcpcd_request, sizeof(dhcpcd_request),
				     &q), DHCP6_OK);
	ck_assert_uint_eq(q.type, DHCP6_REQUEST);
	ck_assert_uint_eq(q.server_id_len, sizeof(gw_duid));
	ck_assert_mem_eq(q.server_id, gw_duid, sizeof(gw_duid));
	ck_assert(q.ia_pd[0].has_hint);
	ck_assert_uint_eq(q.ia_pd[0].hint.len, 56);
	ck_assert_mem_eq(q.ia_pd[0].hint.prefix, l2tpgwd_advertise + 70, 16);
}
END_TEST

/* A copy of solicit with bytes changed: [at] = v, and a new length. */
struct mutation {
	const char *what;
	size_t len;			/* 0: as is */
	int at1, v1, at2, v2;		/* at -1: none */
	enum dhcp6_verdict want;
};

static const struct mutation bad[] = {
	{ "3 bytes", 3, -1, 0, -1, 0, DHCP6_TRUNCATED },
	{ "cut inside ORO", sizeof(solicit) - 1, -1, 0, -1, 0,
	  DHCP6_TRUNCATED },
	{ "option length past the end", 0, 7, 0x40, -1, 0, DHCP6_TRUNCATED },
	{ "Advertise", 0, 0, DHCP6_ADVERTISE, -1, 0, DHCP6_NOT_CLIENT_TYPE },
	{ "Reply", 0, 0, DHCP6_REPLY, -1, 0, DHCP6_NOT_CLIENT_TYPE },
	{ "Relay-forward", 0, 0, DHCP6_RELAY_FORW, -1, 0,
	  DHCP6_NOT_CLIENT_TYPE },
	{ "type 0", 0, 0, 0, -1, 0, DHCP6_NOT_CLIENT_TYPE },
	{ "type 200", 0, 0, 200, -1, 0, DHCP6_NOT_CLIENT_TYPE },
	/* CLIENTID becomes SERVERID: a Solicit must name no server... */
	{ "Solicit naming a server", 0, 5, 2, -1, 0,
	  DHCP6_NO_CLIENT_ID },
	/* ... and a Request must. */
	{ "Request without a server", 0, 0, DHCP6_REQUEST, -1, 0,
	  DHCP6_NO_SERVER_ID },
	{ "Rebind naming a server", 0, 0, DHCP6_REBIND, 5, 2,
	  DHCP6_NO_CLIENT_ID },
	/* ELAPSED_TIME (2 bytes) becomes a second CLIENTID. */
	{ "two client ids", 0, 23, 1, -1, 0, DHCP6_DUPLICATE_ID },
	/* IA_PD of 11 bytes (the rest read as options). */
	{ "IA_PD too short", 0, 31, 11, -1, 0, DHCP6_BAD_IA_PD },
	/* IAPREFIX of 24 bytes inside an IA_PD of 40. */
	{ "IAPREFIX too short", 0, 31, 40, 47, 24, DHCP6_BAD_IA_PD },
};

START_TEST(parse_rejects)
{
	const struct mutation *m = &bad[_i];
	uint8_t buf[sizeof(solicit)];
	struct dhcp6_request q;

	memcpy(buf, solicit, sizeof(buf));
	if (m->at1 >= 0)
		buf[m->at1] = (uint8_t)m->v1;
	if (m->at2 >= 0)
		buf[m->at2] = (uint8_t)m->v2;
	ck_assert_msg(dhcp6_parse(buf, m->len ? m->len : sizeof(buf), &q) ==
		      m->want, "%s: %s, not %s", m->what,
		      dhcp6_verdict_name(dhcp6_parse(buf, m->len ? m->len :
						     sizeof(buf), &q)),
		      dhcp6_verdict_name(m->want));
}
END_TEST

/* A Solicit whose second client id is a server id: the rule that fires. */
START_TEST(parse_solicit_with_server_id)
{
	uint8_t buf[sizeof(solicit) + 6];
	struct dhcp6_request q;

	memcpy(buf, solicit, sizeof(solicit));
	memcpy(buf + sizeof(solicit), "\x00\x02\x00\x02\x00\x03", 6);
	ck_assert_int_eq(dhcp6_parse(buf, sizeof(buf), &q),
			 DHCP6_UNEXPECTED_SERVER_ID);
	buf[sizeof(solicit) + 3] = 1;	/* a DUID of one byte */
	buf[sizeof(buf) - 1] = 0;
	ck_assert_int_eq(dhcp6_parse(buf, sizeof(buf) - 1, &q),
			 DHCP6_BAD_DUID);
}
END_TEST

/* Request, Renew, Release, Rapid Commit, IA_NA, several IA_PDs. */
START_TEST(parse_request_kinds)
{
	static const uint8_t req[] = {
		0x03, 0x00, 0x00, 0x07,
		0x00, 0x01, 0x00, 0x02, 0x00, 0x04,	/* CLIENTID */
		0x00, 0x02, 0x00, 0x03, 0x00, 0x03, 0x01, /* SERVERID */
		0x00, 0x0e, 0x00, 0x00,			/* RAPID_COMMIT */
		0x00, 0x03, 0x00, 0x0c, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x19, 0x00, 0x0c, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 2,
		0x00, 0x19, 0x00, 0x0c, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct dhcp6_request q;

	ck_assert_int_eq(dhcp6_parse(req, sizeof(req), &q), DHCP6_OK);
	ck_assert_uint_eq(q.type, DHCP6_REQUEST);
	ck_assert_uint_eq(q.xid, 7);
	ck_assert_uint_eq(q.server_id_len, 3);
	ck_assert(q.rapid_commit);
	ck_assert(q.has_ia_addr);
	ck_assert_uint_eq(q.n_ia_pd, 2);
	ck_assert_uint_eq(q.ia_pd[0].iaid, 5);
	ck_assert_uint_eq(q.ia_pd[0].t1_s, 1);
	ck_assert_uint_eq(q.ia_pd[0].t2_s, 2);
	ck_assert(!q.ia_pd[0].has_hint);
	ck_assert_uint_eq(q.ia_pd[1].iaid, 6);
}
END_TEST

static const uint8_t server_duid[] = {
	0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };

/*
 * Advertise for the Solicit: header, SERVERID, CLIENTID, PREFERENCE 255,
 * IA_PD (IAID 1, T1 7200, T2 11520) holding IAPREFIX 2001:db8:99:100::/56
 * preferred 14400 valid 86400.  Every byte written out from RFC 8415.
 */
START_TEST(build_advertise)
{
	static const uint8_t want[] = {
		0x02, 0x5a, 0x3c, 0x21,
		0x00, 0x02, 0x00, 0x0a,
		0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01,
		0x00, 0x01, 0x00, 0x0e,
		0x00, 0x01, 0x00, 0x01, 0x2a, 0x1b, 0x3c, 0x4d,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		0x00, 0x07, 0x00, 0x01, 0xff,
		0x00, 0x19, 0x00, 0x29,
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x1c, 0x20,
		0x00, 0x00, 0x2d, 0x00,
		0x00, 0x1a, 0x00, 0x19,
		0x00, 0x00, 0x38, 0x40, 0x00, 0x01, 0x51, 0x80, 0x38,
		0x20, 0x01, 0x0d, 0xb8, 0x00, 0x99, 0x01, 0x00,
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct dhcp6_reply r = {
		.type = DHCP6_ADVERTISE, .xid = 0x5a3c21,
		.client_id = solicit + 8, .client_id_len = 14,
		.server_id = server_duid, .server_id_len = sizeof(server_duid),
		.has_preference = true, .preference = 255,
		.n_ia_pd = 1,
		.ia_pd[0] = {
			.iaid = 1, .t1_s = 7200, .t2_s = 11520,
			.has_prefix = true,
			.prefix = { .preferred_s = 14400, .valid_s = 86400,
				    .len = 56 },
		},
	};
	uint8_t buf[DHCP6_MAX_SIZE];
	int n;

	inet_pton(AF_INET6, "2001:db8:99:100::", r.ia_pd[0].prefix.prefix);
	n = dhcp6_build(&r, buf, sizeof(buf));
	ck_assert_int_eq(n, (int)sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
	/* One byte short of room: nothing half-written is returned. */
	ck_assert_int_eq(dhcp6_build(&r, buf, sizeof(want) - 1), -ENOSPC);
}
END_TEST

/* Reply: IA_PD 7 holding only Status Code NoPrefixAvail "none". */
START_TEST(build_no_prefix_avail)
{
	static const uint8_t want[] = {
		0x07, 0x00, 0x00, 0x09,
		0x00, 0x02, 0x00, 0x0a,
		0x00, 0x03, 0x00, 0x01, 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01,
		0x00, 0x0e, 0x00, 0x00,
		0x00, 0x19, 0x00, 0x16,
		0x00, 0x00, 0x00, 0x07, 0, 0, 0, 0, 0, 0, 0, 0,
		0x00, 0x0d, 0x00, 0x06, 0x00, 0x06, 'n', 'o', 'n', 'e',
	};
	struct dhcp6_reply r = {
		.type = DHCP6_REPLY, .xid = 9, .rapid_commit = true,
		.server_id = server_duid, .server_id_len = sizeof(server_duid),
		.n_ia_pd = 1,
		.ia_pd[0] = { .iaid = 7, .has_status = true,
			      .status = DHCP6_NO_PREFIX_AVAIL,
			      .status_msg = "none" },
	};
	uint8_t buf[DHCP6_MAX_SIZE];

	ck_assert_int_eq(dhcp6_build(&r, buf, sizeof(buf)), (int)sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
}
END_TEST

START_TEST(build_refuses_bad_fields)
{
	struct dhcp6_reply r = {
		.type = DHCP6_SOLICIT, .xid = 1,
		.server_id = server_duid, .server_id_len = sizeof(server_duid),
	};
	uint8_t buf[64];

	ck_assert_int_eq(dhcp6_build(&r, buf, sizeof(buf)), -EINVAL);
	r.type = DHCP6_REPLY;
	r.xid = 0x1000000;
	ck_assert_int_eq(dhcp6_build(&r, buf, sizeof(buf)), -EINVAL);
	r.xid = 1;
	r.server_id = NULL;
	ck_assert_int_eq(dhcp6_build(&r, buf, sizeof(buf)), -EINVAL);
	r.server_id = server_duid;
	r.n_ia_pd = DHCP6_IA_PD_MAX + 1;
	ck_assert_int_eq(dhcp6_build(&r, buf, sizeof(buf)), -EINVAL);
}
END_TEST

START_TEST(duid_ll)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x00, 0x53, 0x01 };
	uint8_t d[DHCP6_DUID_MAX];

	ck_assert_int_eq(dhcp6_duid_ll(1, mac, 6, d), 10);
	ck_assert_mem_eq(d, server_duid, 10);
	ck_assert_int_eq(dhcp6_duid_ll(1, mac, DHCP6_DUID_MAX, d), -EINVAL);
}
END_TEST

static void v6(const char *s, uint8_t a[16])
{
	ck_assert_int_eq(inet_pton(AF_INET6, s, a), 1);
}

START_TEST(prefix_rules)
{
	static const struct {
		const char *p; unsigned len; const char *why;
	} cases[] = {
		{ "2001:db8:99:100::", 56, NULL },
		{ "2001:db8:99::", 48, NULL },
		{ "2001:db8:99:1::", 64, NULL },
		{ "2001:db8::", 32, "prefix length /32 is not in /48../64" },
		{ "2001:db8:99:1::", 65, "not in /48../64" },
		{ "2001:db8:99:101::", 56, "bits set past /56" },
		{ "fe80::", 48, "link-local" },
		{ "ff02::", 48, "multicast" },
		{ "::", 48, "::/64" },
	};
	unsigned i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t a[16];
		char why[96] = "";
		int rc;

		v6(cases[i].p, a);
		rc = dhcp6_prefix_check(a, cases[i].len, why, sizeof(why));
		ck_assert_msg(cases[i].why ? rc < 0 && strstr(why, cases[i].why)
			      : rc == 0, "%s/%u: %d %s", cases[i].p,
			      cases[i].len, rc, why);
	}
}
END_TEST

START_TEST(prefix_overlaps)
{
	uint8_t a[16], b[16];
	char s[DHCP6_PREFIX_STR];

	v6("2001:db8:99:100::", a);
	v6("2001:db8:99:1ff::", b);
	ck_assert(dhcp6_prefix_overlap(a, 56, b, 64));
	ck_assert(dhcp6_prefix_overlap(b, 64, a, 56));
	v6("2001:db8:99:200::", b);
	ck_assert(!dhcp6_prefix_overlap(a, 56, b, 64));
	ck_assert(!dhcp6_prefix_overlap(a, 56, b, 56));
	ck_assert(dhcp6_prefix_overlap(a, 48, b, 56));
	/* 2001:db8:99:80::/57 and ::100::/56 differ in bit 56 only. */
	v6("2001:db8:99:180::", b);
	ck_assert(!dhcp6_prefix_overlap(a, 57, b, 57));
	ck_assert(dhcp6_prefix_overlap(a, 56, b, 57));
	ck_assert_str_eq(dhcp6_prefix_str(a, 56, s, sizeof(s)),
			 "2001:db8:99:100::/56");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("dhcp6_msg");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_solicit);
	tcase_add_test(tc, parse_dhcpcd_capture);
	tcase_add_loop_test(tc, parse_rejects, 0,
			    sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, parse_solicit_with_server_id);
	tcase_add_test(tc, parse_request_kinds);
	tcase_add_test(tc, build_advertise);
	tcase_add_test(tc, build_no_prefix_avail);
	tcase_add_test(tc, build_refuses_bad_fields);
	tcase_add_test(tc, duid_ll);
	tcase_add_test(tc, prefix_rules);
	tcase_add_test(tc, prefix_overlaps);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
