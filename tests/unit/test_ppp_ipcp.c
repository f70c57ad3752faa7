// SPDX-License-Identifier: GPL-2.0-or-later
/* IPCP (RFC 1332, RFC 1877) and IPv6CP (RFC 5072) options. */
#include <check.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "ppp/ipcp.h"
#include "ppp/ipv6cp.h"

static struct loop *loop;
static uint8_t last[PPP_MAX_PACKET];
static size_t last_len;
static uint16_t last_proto;
static int ups;

static void xmit(void *ctx, uint16_t proto, const uint8_t *pkt, size_t len)
{
	memcpy(last, pkt, len);
	last_len = len;
	last_proto = proto;
}

static void h_up(void *ctx, struct fsm *f) { ups++; }

static const struct ppp_layer_hooks hooks = { .up = h_up };

static void setup(void)
{
	log_init(LOG_EMERG, false, "test_ppp_ipcp");
	loop = loop_new_virtual(0);
	ups = 0;
}

static void teardown(void)
{
	loop_free(loop);
}

static void input(struct fsm *f, uint8_t code, uint8_t id, const uint8_t *d,
		  size_t n)
{
	uint8_t pkt[PPP_MAX_PACKET];

	pkt[0] = code;
	pkt[1] = id;
	put_be16(pkt + 2, (uint16_t)(n + 4));
	memcpy(pkt + 4, d, n);
	fsm_input(f, pkt, n + 4);
}

static void start_server(struct ipcp *c, bool dns)
{
	const uint32_t d[2] = { 0xc0000235, 0xc0000236 };	/* 192.0.2.53/54 */

	ipcp_init(c, loop, true, NULL, xmit, NULL, &hooks, NULL, "t");
	ipcp_set_addresses(c, 0x0affff01, 0x0a000005, dns ? d : NULL, false);
	fsm_open(&c->fsm);
	fsm_lower_up(&c->fsm);
}

START_TEST(test_server_request)
{
	struct ipcp c;

	start_server(&c, true);
	ck_assert_uint_eq(last_proto, PPP_IPCP);
	ck_assert_int_eq(last[0], PPP_CONFREQ);
	ck_assert_uint_eq(last_len, 10);
	ck_assert_mem_eq(last + 4, "\x03\x06\x0a\xff\xff\x01", 6);
	ipcp_destroy(&c);
}
END_TEST

START_TEST(test_server_naks_address_and_dns)
{
	struct ipcp c;
	const uint8_t req[] = { 3, 6, 0, 0, 0, 0, 129, 6, 0, 0, 0, 0,
				131, 6, 0, 0, 0, 0 };
	const uint8_t want[] = { 3, 6, 10, 0, 0, 5, 129, 6, 192, 0, 2, 53,
				 131, 6, 192, 0, 2, 54 };

	start_server(&c, true);
	input(&c.fsm, PPP_CONFREQ, 4, req, sizeof(req));
	ck_assert_int_eq(last[0], PPP_CONFNAK);
	ck_assert_int_eq(last[1], 4);
	ck_assert_uint_eq(last_len, 4 + sizeof(want));
	ck_assert_mem_eq(last + 4, want, sizeof(want));
	input(&c.fsm, PPP_CONFREQ, 5, want, sizeof(want));
	ck_assert_int_eq(last[0], PPP_CONFACK);
	ipcp_destroy(&c);
}
END_TEST

START_TEST(test_server_rejects_what_it_lacks)
{
	struct ipcp c;
	/* VJ compression, NBNS, DNS without servers configured. */
	const uint8_t req[] = { 3, 6, 10, 0, 0, 5, 2, 6, 0, 0x2d, 0x0f, 1,
				130, 6, 0, 0, 0, 0, 129, 6, 0, 0, 0, 0 };

	start_server(&c, false);
	input(&c.fsm, PPP_CONFREQ, 1, req, sizeof(req));
	ck_assert_int_eq(last[0], PPP_CONFREJ);
	ck_assert_uint_eq(last_len, 4 + 18);
	ck_assert_mem_eq(last + 4, req + 6, 18);
	ipcp_destroy(&c);
}
END_TEST

START_TEST(test_server_bad_option_length)
{
	struct ipcp c;
	const uint8_t req[] = { 3, 4, 10, 0 };
	const uint8_t broken[] = { 3, 9, 10, 0 };

	start_server(&c, true);
	input(&c.fsm, PPP_CONFREQ, 1, req, sizeof(req));
	ck_assert_int_eq(last[0], PPP_CONFREJ);
	last[0] = 0;
	input(&c.fsm, PPP_CONFREQ, 2, broken, sizeof(broken));
	ck_assert_int_eq(last[0], 0);	/* dropped */
	ck_assert_uint_eq(c.fsm.stats.rx_malformed, 1);
	ipcp_destroy(&c);
}
END_TEST

START_TEST(test_client_takes_naks)
{
	struct ipcp c;
	const uint8_t nak[] = { 3, 6, 10, 0, 0, 5, 129, 6, 192, 0, 2, 53 };
	const uint8_t rej[] = { 131, 6, 0, 0, 0, 0 };
	const uint8_t srv[] = { 3, 6, 10, 255, 255, 1 };

	ipcp_init(&c, loop, false, NULL, xmit, NULL, &hooks, NULL, "t");
	ipcp_set_addresses(&c, 0, 0, NULL, true);
	fsm_open(&c.fsm);
	fsm_lower_up(&c.fsm);
	ck_assert_uint_eq(last_len, 4 + 18);
	input(&c.fsm, PPP_CONFNAK, last[1], nak, sizeof(nak));
	ck_assert_uint_eq(c.local, 0x0a000005);
	ck_assert_uint_eq(c.dns[0], 0xc0000235);
	input(&c.fsm, PPP_CONFREJ, last[1], rej, sizeof(rej));
	ck_assert_int_eq(last[0], PPP_CONFREQ);
	ck_assert_uint_eq(last_len, 4 + 12);
	ck_assert_mem_eq(last + 4, nak, 12);
	uint8_t copy[16];

	memcpy(copy, last, last_len);
	input(&c.fsm, PPP_CONFACK, copy[1], copy + 4, 12);
	input(&c.fsm, PPP_CONFREQ, 9, srv, sizeof(srv));
	ck_assert_int_eq(last[0], PPP_CONFACK);
	ck_assert_int_eq(c.fsm.state, FSM_OPENED);
	ck_assert_uint_eq(c.peer, 0x0affff01);
	ck_assert_int_eq(ups, 1);
	ipcp_destroy(&c);
}
END_TEST

START_TEST(test_client_rejects_zero_server_address)
{
	struct ipcp c;
	const uint8_t req[] = { 3, 6, 0, 0, 0, 0 };

	ipcp_init(&c, loop, false, NULL, xmit, NULL, &hooks, NULL, "t");
	ipcp_set_addresses(&c, 0, 0, NULL, false);
	fsm_open(&c.fsm);
	fsm_lower_up(&c.fsm);
	input(&c.fsm, PPP_CONFREQ, 1, req, sizeof(req));
	ck_assert_int_eq(last[0], PPP_CONFREJ);
	ipcp_destroy(&c);
}
END_TEST

/* --- IPv6CP ---------------------------------------------------------- */

static void start_v6(struct ipv6cp *c)
{
	ipv6cp_init(c, loop, NULL, xmit, NULL, &hooks, NULL, "t");
	fsm_open(&c->fsm);
	fsm_lower_up(&c->fsm);
}

START_TEST(test_v6_request)
{
	struct ipv6cp c;
	static const uint8_t zero[8];

	start_v6(&c);
	ck_assert_uint_eq(last_proto, PPP_IPV6CP);
	ck_assert_uint_eq(last_len, 14);
	ck_assert_int_eq(last[4], 1);
	ck_assert_int_eq(last[5], 10);
	ck_assert_mem_eq(last + 6, c.local, 8);
	ck_assert(memcmp(c.local, zero, 8) != 0);
	ipv6cp_destroy(&c);
}
END_TEST

START_TEST(test_v6_collision_and_zero_naked)
{
	struct ipv6cp c;
	uint8_t req[10] = { 1, 10 };
	static const uint8_t zero[8];

	start_v6(&c);
	memcpy(req + 2, c.local, 8);
	input(&c.fsm, PPP_CONFREQ, 1, req, 10);
	ck_assert_int_eq(last[0], PPP_CONFNAK);
	ck_assert(memcmp(last + 6, c.local, 8) != 0);
	ck_assert(memcmp(last + 6, zero, 8) != 0);
	memset(req + 2, 0, 8);
	input(&c.fsm, PPP_CONFREQ, 2, req, 10);
	ck_assert_int_eq(last[0], PPP_CONFNAK);
	ck_assert(memcmp(last + 6, zero, 8) != 0);
	memcpy(req + 2, "\x02\x11\x22\x33\x44\x55\x66\x77", 8);
	input(&c.fsm, PPP_CONFREQ, 3, req, 10);
	ck_assert_int_eq(last[0], PPP_CONFACK);
	ck_assert_mem_eq(c.peer, req + 2, 8);
	ipv6cp_destroy(&c);
}
END_TEST

START_TEST(test_v6_nak_adopted_unless_colliding)
{
	struct ipv6cp c;
	uint8_t nak[10] = { 1, 10, 9, 8, 7, 6, 5, 4, 3, 2 };
	uint8_t req[10] = { 1, 10, 1, 1, 1, 1, 1, 1, 1, 1 };

	start_v6(&c);
	input(&c.fsm, PPP_CONFNAK, last[1], nak, 10);
	ck_assert_mem_eq(c.local, nak + 2, 8);
	ck_assert_mem_eq(last + 6, nak + 2, 8);
	/* Peer's own identifier suggested to us: pick another. */
	input(&c.fsm, PPP_CONFREQ, 5, req, 10);
	memcpy(nak + 2, req + 2, 8);
	input(&c.fsm, PPP_CONFNAK, c.fsm.req_id, nak, 10);
	ck_assert(memcmp(c.local, req + 2, 8) != 0);
	ipv6cp_destroy(&c);
}
END_TEST

static Suite *ipcp_suite(void)
{
	Suite *s = suite_create("ppp_ipcp");
	TCase *tc = tcase_create("ipcp");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_server_request);
	tcase_add_test(tc, test_server_naks_address_and_dns);
	tcase_add_test(tc, test_server_rejects_what_it_lacks);
	tcase_add_test(tc, test_server_bad_option_length);
	tcase_add_test(tc, test_client_takes_naks);
	tcase_add_test(tc, test_client_rejects_zero_server_address);
	suite_add_tcase(s, tc);

	tc = tcase_create("ipv6cp");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_v6_request);
	tcase_add_test(tc, test_v6_collision_and_zero_naked);
	tcase_add_test(tc, test_v6_nak_adopted_unless_colliding);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ipcp_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
