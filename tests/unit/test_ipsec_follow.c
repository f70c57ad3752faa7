// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's view of charon's CHILD_SAs (daemon/ipsec/ipsec.c) against
 * a fake charon on a real loop, when charon moves an SA under a tunnel:
 *
 *  - ike-update (NAT mapping changed, MOBIKE) makes it list that IKE_SA,
 *    blocking, by unique id; the CHILD_SA found under a new reqid (or at
 *    a new address) is reported up and then moved, never down;
 *  - a listing that still shows the old address is asked again later;
 *  - a CHILD_SA missing from a complete listing is down, as before.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fake_charon.h"
#include "ipsec/ipsec.h"
#include "log_capture.h"
#include "loop.h"
#include "vici/message.h"

static struct loop *loop;
static struct fake_charon *charon;
static struct ipsec *ip;
static struct log_capture captured;

/* What the gateway was told, in order: "up 1", "moved 1>2", "down 2". */
static char told[16][32];
static unsigned n_told;

static void note(const char *fmt, uint32_t a, uint32_t b)
{
	ck_assert_uint_lt(n_told, 16);
	snprintf(told[n_told++], sizeof(told[0]), fmt, a, b);
}

static void on_up(void *arg, const struct ipsec_sa *sa)
{
	note("up %u", sa->reqid, 0);
}

static void on_down(void *arg, const struct ipsec_sa *sa, const char *why)
{
	note("down %u", sa->reqid, 0);
}

static void on_moved(void *arg, const struct ipsec_sa *old,
		     const struct ipsec_sa *sa)
{
	ck_assert_uint_eq(old->child_id, sa->child_id);
	ck_assert_str_eq(sa->remote_host, "10.2.1.3");
	note("moved %u>%u", old->reqid, sa->reqid);
}

static const struct ipsec_ops ops = {
	.sa_up = on_up, .sa_down = on_down, .sa_moved = on_moved,
};

/* The IKE_SA #1 of one client, with its CHILD_SA #1, as list-sa has it. */
static void ike_sa(struct vici_builder *b, const char *host,
		   const char *reqid)
{
	vici_builder_init(b);
	vici_begin_section(b, "l2tpgw");
	vici_add_kv_str(b, "uniqueid", "1");
	vici_add_kv_str(b, "version", "1");
	vici_add_kv_str(b, "local-host", "10.2.1.1");
	vici_add_kv_str(b, "local-port", "4500");
	vici_add_kv_str(b, "remote-host", host);
	vici_add_kv_str(b, "remote-port", "4500");
	vici_begin_section(b, "child-sas");
	vici_begin_section(b, "l2tpgw-1");
	vici_add_kv_str(b, "name", "l2tpgw");
	vici_add_kv_str(b, "uniqueid", "1");
	vici_add_kv_str(b, "reqid", reqid);
	vici_add_kv_str(b, "state", "INSTALLED");
	vici_add_kv_str(b, "mode", "TRANSPORT");
	vici_add_kv_str(b, "encap", "yes");
	vici_add_kv_str(b, "mark-in", "00000001");
	vici_add_kv_str(b, "mark-out", "00000001");
	vici_end_section(b);
	vici_end_section(b);
	vici_end_section(b);
}

static void charon_has(const char *host, const char *reqid)
{
	struct vici_builder b;
	const struct vici_builder *list[] = { &b };

	if (!host) {
		fake_charon_set_sas(charon, list, 0);
		return;
	}
	ike_sa(&b, host, reqid);
	fake_charon_set_sas(charon, list, 1);
	vici_builder_release(&b);
}

/* charon raises ike-update: new endpoints on top, the IKE_SA as it was. */
static void ike_update(const char *to)
{
	struct vici_builder b;

	vici_builder_init(&b);
	vici_add_kv_str(&b, "local-host", "10.2.1.1");
	vici_add_kv_str(&b, "local-port", "4500");
	vici_add_kv_str(&b, "remote-host", to);
	vici_add_kv_str(&b, "remote-port", "4500");
	vici_begin_section(&b, "l2tpgw");
	vici_add_kv_str(&b, "uniqueid", "1");
	vici_add_kv_str(&b, "remote-host", "10.2.1.2");
	vici_end_section(&b);
	fake_charon_event(charon, "ike-update", &b);
	vici_builder_release(&b);
}

static void run_real(uint64_t ms)
{
	uint64_t end = loop_now(loop) + ms;

	while (loop_now(loop) < end)
		loop_run_once(loop, 10);
}

/* Run until charon got n list-sas requests (5 s at most), then a bit. */
static void wait_lists(unsigned n)
{
	unsigned t;

	for (t = 0; t < 500 && fake_charon_count(charon, "list-sas") < n; t++)
		run_real(10);
	ck_assert_uint_ge(fake_charon_count(charon, "list-sas"), n);
	run_real(50);
}

static void setup(void)
{
	char text[512], err[512];
	struct config *c;

	n_told = 0;
	log_capture_start(&captured);
	loop = loop_new();
	ck_assert_ptr_nonnull(loop);
	charon = fake_charon_new(loop);
	snprintf(text, sizeof(text), "[ipsec]\nvici_socket = %s\n"
		 "psk = test-psk\n[lns ra]\nauth = pap\n"
		 "pool = 10.1.0.10-10.1.0.20\nlocal_ip = 10.1.0.1\n",
		 fake_charon_path(charon));
	ck_assert_msg(config_parse(text, strlen(text), "t.conf", &c, err,
				   sizeof(err)) == 0, "%s", err);
	charon_has("10.2.1.2", "1");
	ip = ipsec_new(loop, c, &ops, NULL, err, sizeof(err));
	ck_assert_msg(ip != NULL, "%s", err);
	config_free(c);
	wait_lists(1);
	ck_assert_uint_eq(n_told, 1);
	ck_assert_str_eq(told[0], "up 1");
}

static void teardown(void)
{
	ipsec_free(ip);
	fake_charon_free(charon);
	loop_free(loop);
	log_capture_stop();
}

START_TEST(ike_update_moves_the_child_sa)
{
	struct vici_msg *m;

	/* charon has moved it by the time the listing is served */
	charon_has("10.2.1.3", "2");
	ike_update("10.2.1.3");
	wait_lists(2);
	m = fake_charon_last(charon, "list-sas");
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(vici_msg_get(m, NULL, "ike_id"), "1");
	ck_assert_ptr_null(vici_msg_get(m, NULL, "noblock"));
	vici_msg_free(m);
	ck_assert_uint_eq(n_told, 3);
	ck_assert_str_eq(told[1], "up 2");
	ck_assert_str_eq(told[2], "moved 1>2");
	ck_assert_ptr_nonnull(ipsec_find(ip, 2));
	ck_assert_ptr_null(ipsec_find(ip, 1));
	ck_assert_uint_eq(ipsec_sa_count(ip), 1);
	ck_assert(strstr(captured.text, "CHILD_SA l2tpgw #1 moved: 10.2.1.2 "
			 "reqid 1 -> 10.2.1.3 reqid 2"));
	/* Listed again as it is: nothing more to tell. */
	ike_update("10.2.1.3");
	wait_lists(3);
	ck_assert_uint_eq(n_told, 3);
}
END_TEST

/* A listing served before charon moved the CHILD_SA: asked again. */
START_TEST(ike_update_listing_behind_is_retried)
{
	ike_update("10.2.1.3");
	wait_lists(2);
	ck_assert_uint_eq(n_told, 1);
	charon_has("10.2.1.3", "2");
	run_real(1500);
	ck_assert_uint_eq(fake_charon_count(charon, "list-sas"), 3);
	ck_assert_uint_eq(n_told, 3);
	ck_assert_str_eq(told[2], "moved 1>2");
	ck_assert(strstr(captured.text, "IKE_SA #1 listed before its "
			 "CHILD_SAs moved to 10.2.1.3; asking again"));
}
END_TEST

/*
 * An ike-update it cannot read makes it list every SA; one charon no
 * longer has is down, as before.
 */
START_TEST(gone_is_down)
{
	struct vici_builder b;
	struct vici_msg *m;

	charon_has(NULL, NULL);
	vici_builder_init(&b);
	vici_add_kv_str(&b, "remote-host", "10.2.1.3");
	vici_begin_section(&b, "l2tpgw");
	vici_end_section(&b);
	fake_charon_event(charon, "ike-update", &b);
	vici_builder_release(&b);
	wait_lists(2);
	m = fake_charon_last(charon, "list-sas");
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(vici_msg_get(m, NULL, "ike_id"));
	ck_assert_ptr_null(vici_msg_get(m, NULL, "noblock"));
	vici_msg_free(m);
	ck_assert_uint_eq(n_told, 2);
	ck_assert_str_eq(told[1], "down 1");
	ck_assert_uint_eq(ipsec_sa_count(ip), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ipsec_follow");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, ike_update_moves_the_child_sa);
	tcase_add_test(tc, ike_update_listing_behind_is_retried);
	tcase_add_test(tc, gone_is_down);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
