// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VICI requests for L2TP/IPsec (load-conn and friends) and the CHILD_SA
 * event parser.  Events are built with the builder, which
 * test_vici_message checks against hand-written bytes.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vici/conn.h"

static struct vici_msg *reparse(struct vici_builder *b)
{
	char err[VICI_ERR_LEN];
	const uint8_t *data;
	struct vici_msg *m;
	size_t len;

	ck_assert_int_eq(vici_builder_finish(b, &data, &len), 0);
	m = vici_msg_parse(data, len, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	return m;
}

static int list_len(const struct vici_msg *m, const char *path)
{
	const struct vici_node *l = vici_node_find(m, NULL, path), *n;
	int count = 0;

	ck_assert_msg(l && l->type == VICI_NODE_LIST, "no list %s", path);
	for (n = vici_node_first(m, l); n; n = vici_node_next(m, n))
		count++;
	return count;
}

START_TEST(load_conn_psk)
{
	static const char *const addrs[] = { "192.0.2.1", "2001:db8::1", NULL };
	struct vici_l2tp_conn c = {
		.name = "l2tp", .local_addrs = addrs, .dpd_delay_s = 30,
	};
	struct vici_builder b;
	struct vici_msg *m;

	vici_builder_init(&b);
	ck_assert_int_eq(vici_build_load_conn(&b, &c), 0);
	m = reparse(&b);
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.version"), "0");
	ck_assert_int_eq(list_len(m, "l2tp.local_addrs"), 2);
	ck_assert_str_eq(vici_node_first(m, vici_node_find(m, NULL, "l2tp.remote_addrs"))->value,
			 "%any");
	ck_assert_int_eq(list_len(m, "l2tp.proposals"), 8);
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.dpd_delay"), "30s");
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.local.auth"), "psk");
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.remote.auth"), "psk");
	ck_assert_ptr_null(vici_node_find(m, NULL, "l2tp.local.certs"));
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.children.l2tp.mode"),
			 "transport");
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.children.l2tp.mark_in"),
			 "%unique");
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.children.l2tp.mark_out"),
			 "%unique");
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tp.children.l2tp.replay_window"),
			 "1024");
	ck_assert_str_eq(vici_node_first(m, vici_node_find(m, NULL, "l2tp.children.l2tp.local_ts"))->value,
			 "dynamic[udp/1701]");
	ck_assert_int_eq(list_len(m, "l2tp.children.l2tp.esp_proposals"), 7);
	vici_msg_free(m);
	vici_builder_release(&b);
}
END_TEST

START_TEST(load_conn_pubkey_and_errors)
{
	static const char *const ike[] = { "aes256-sha256-modp2048", NULL };
	struct vici_l2tp_conn c = {
		.name = "rw", .ike_version = 2, .auth = VICI_AUTH_PUBKEY,
		.local_id = "vpn.example.net", .ike_proposals = ike,
		.replay_window = 64,
	};
	struct vici_builder b;
	struct vici_msg *m;

	vici_builder_init(&b);
	ck_assert_int_eq(vici_build_load_conn(&b, &c), -EINVAL);
	ck_assert_str_eq(b.errstr, "vici: load-conn 'rw': public key authentication needs a certificate");
	c.cert = "-----BEGIN CERTIFICATE-----";
	c.cert_len = strlen(c.cert);
	ck_assert_int_eq(vici_build_load_conn(&b, &c), 0);
	m = reparse(&b);
	ck_assert_str_eq(vici_msg_get(m, NULL, "rw.version"), "2");
	ck_assert_str_eq(vici_msg_get(m, NULL, "rw.local.auth"), "pubkey");
	ck_assert_str_eq(vici_msg_get(m, NULL, "rw.local.id"), "vpn.example.net");
	ck_assert_int_eq(list_len(m, "rw.local.certs"), 1);
	ck_assert_int_eq(list_len(m, "rw.proposals"), 1);
	ck_assert_str_eq(vici_msg_get(m, NULL, "rw.children.rw.replay_window"), "64");
	vici_msg_free(m);

	c.ike_version = 3;
	ck_assert_int_eq(vici_build_load_conn(&b, &c), -EINVAL);
	ck_assert_str_eq(b.errstr, "vici: load-conn 'rw': IKE version must be 0, 1 or 2");
	vici_builder_release(&b);
}
END_TEST

START_TEST(load_conn_initiator)
{
	static const char *const lns[] = { "192.0.2.1", NULL };
	struct vici_l2tp_conn c = {
		.name = "l2tpgw-lac-up", .ike_version = 2,
		.auth = VICI_AUTH_PSK, .initiator = true,
	};
	struct vici_builder b;
	struct vici_msg *m;

	vici_builder_init(&b);
	ck_assert_int_eq(vici_build_load_conn(&b, &c), -EINVAL);
	ck_assert_str_eq(b.errstr, "vici: load-conn 'l2tpgw-lac-up': an initiator needs remote_addrs");
	c.remote_addrs = lns;
	ck_assert_int_eq(vici_build_load_conn(&b, &c), 0);
	m = reparse(&b);
	ck_assert_str_eq(vici_node_first(m, vici_node_find(m, NULL, "l2tpgw-lac-up.remote_addrs"))->value,
			 "192.0.2.1");
	/* the LNS's side is port 1701, ours any */
	ck_assert_str_eq(vici_node_first(m, vici_node_find(m, NULL, "l2tpgw-lac-up.children.l2tpgw-lac-up.remote_ts"))->value,
			 "dynamic[udp/1701]");
	ck_assert_str_eq(vici_node_first(m, vici_node_find(m, NULL, "l2tpgw-lac-up.children.l2tpgw-lac-up.local_ts"))->value,
			 "dynamic[udp]");
	ck_assert_str_eq(vici_msg_get(m, NULL, "l2tpgw-lac-up.children.l2tpgw-lac-up.mark_out"), "%unique");
	vici_msg_free(m);
	vici_builder_release(&b);
}
END_TEST

START_TEST(small_requests)
{
	static const char *const owners[] = { "%any", NULL };
	struct vici_builder b;
	struct vici_msg *m;

	vici_builder_init(&b);
	ck_assert_int_eq(vici_build_load_shared_psk(&b, "l2tp-psk", "s3cret", 6,
						    owners), 0);
	m = reparse(&b);
	ck_assert_str_eq(vici_msg_get(m, NULL, "type"), "IKE");
	ck_assert_str_eq(vici_msg_get(m, NULL, "data"), "s3cret");
	ck_assert_int_eq(list_len(m, "owners"), 1);
	vici_msg_free(m);

	ck_assert_int_eq(vici_build_terminate(&b, 12, 0, -1), 0);
	m = reparse(&b);
	ck_assert_str_eq(vici_msg_get(m, NULL, "ike_id"), "12");
	ck_assert_str_eq(vici_msg_get(m, NULL, "timeout"), "-1");
	ck_assert_ptr_null(vici_msg_get(m, NULL, "child_id"));
	vici_msg_free(m);

	ck_assert_int_eq(vici_build_list_sas(&b, "l2tp", true), 0);
	m = reparse(&b);
	ck_assert_str_eq(vici_msg_get(m, NULL, "noblock"), "yes");
	ck_assert_str_eq(vici_msg_get(m, NULL, "ike"), "l2tp");
	vici_msg_free(m);

	/* One IKE_SA, blocking: it is listed once charon is done with it. */
	ck_assert_int_eq(vici_build_list_ike_sa(&b, 42), 0);
	m = reparse(&b);
	ck_assert_str_eq(vici_msg_get(m, NULL, "ike_id"), "42");
	ck_assert_ptr_null(vici_msg_get(m, NULL, "noblock"));
	ck_assert_ptr_null(vici_msg_get(m, NULL, "ike"));
	vici_msg_free(m);

	ck_assert_int_eq(vici_build_initiate(&b, "l2tp", NULL, 0), 0);
	ck_assert_int_eq(vici_build_load_key(&b, "rsa", "k", 1), 0);
	ck_assert_int_eq(vici_build_load_cert(&b, "X509", "NONE", "c", 1), 0);
	ck_assert_int_eq(vici_build_unload_conn(&b, "l2tp"), 0);
	vici_builder_release(&b);
}
END_TEST

/* A child-updown as charon 5.9 sends it (abridged). */
static void build_updown(struct vici_builder *b, const char *mark_in,
			 bool two_children)
{
	vici_builder_release(b);
	vici_add_kv_str(b, "up", "yes");
	vici_begin_section(b, "l2tp");
	vici_add_kv_str(b, "uniqueid", "3");
	vici_add_kv_str(b, "version", "1");
	vici_add_kv_str(b, "state", "ESTABLISHED");
	vici_add_kv_str(b, "local-host", "192.0.2.1");
	vici_add_kv_str(b, "local-port", "4500");
	vici_add_kv_str(b, "remote-host", "198.51.100.7");
	vici_add_kv_str(b, "remote-port", "61702");
	vici_begin_list(b, "tasks-active");
	vici_end_list(b);
	vici_begin_section(b, "child-sas");
	vici_begin_section(b, "l2tp-5");
	vici_add_kv_str(b, "name", "l2tp");
	vici_add_kv_str(b, "uniqueid", "5");
	vici_add_kv_str(b, "reqid", "5");
	vici_add_kv_str(b, "state", "INSTALLED");
	vici_add_kv_str(b, "mode", "TRANSPORT");
	vici_add_kv_str(b, "protocol", "ESP");
	vici_add_kv_str(b, "encap", "yes");
	vici_add_kv_str(b, "spi-in", "c1a2b3d4");
	vici_add_kv_str(b, "spi-out", "0badf00d");
	if (mark_in)
		vici_add_kv_str(b, "mark-in", mark_in);
	vici_add_kv_str(b, "mark-out", "00000008");
	vici_end_section(b);
	if (two_children) {
		vici_begin_section(b, "other");
		vici_end_section(b);
	}
	vici_end_section(b);
	vici_end_section(b);
}

/*
 * An ike-update as charon 5.9.8 raised it when a NAT mapping changed: the
 * new endpoints at the top, the IKE_SA as it was (no child-sas).
 */
static void build_ike_update(struct vici_builder *b, const char *uniqueid,
			     const char *remote)
{
	vici_builder_release(b);
	vici_add_kv_str(b, "local-host", "10.2.1.1");
	vici_add_kv_str(b, "local-port", "4500");
	if (remote)
		vici_add_kv_str(b, "remote-host", remote);
	vici_add_kv_str(b, "remote-port", "4501");
	vici_begin_section(b, "l2tpgw");
	if (uniqueid)
		vici_add_kv_str(b, "uniqueid", uniqueid);
	vici_add_kv_str(b, "version", "1");
	vici_add_kv_str(b, "state", "ESTABLISHED");
	vici_add_kv_str(b, "remote-host", "10.2.1.2");
	vici_add_kv_str(b, "remote-port", "4500");
	vici_end_section(b);
}

START_TEST(ike_update)
{
	struct vici_ike_update u;
	struct vici_builder b;
	struct vici_msg *m;
	char err[VICI_ERR_LEN];

	vici_builder_init(&b);
	build_ike_update(&b, "1", "10.2.1.3");
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_ike_update(m, &u, err, sizeof(err)), 0);
	ck_assert_str_eq(u.ike_name, "l2tpgw");
	ck_assert_uint_eq(u.ike_id, 1);
	/* where it goes, not where it was */
	ck_assert_str_eq(u.remote_host, "10.2.1.3");
	ck_assert_uint_eq(u.remote_port, 4501);
	vici_msg_free(m);

	build_ike_update(&b, NULL, "10.2.1.3");
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_ike_update(m, &u, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: ike-update event: missing or malformed "
			 "uniqueid");
	vici_msg_free(m);

	build_ike_update(&b, "1", NULL);
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_ike_update(m, &u, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: ike-update event: missing or malformed "
			 "remote-host");
	vici_msg_free(m);
	vici_builder_release(&b);
}
END_TEST

START_TEST(child_updown)
{
	struct vici_child_sa sa;
	struct vici_builder b;
	char err[VICI_ERR_LEN];
	struct vici_msg *m;

	vici_builder_init(&b);
	build_updown(&b, "0000000a", false);
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_child_updown(m, &sa, err, sizeof(err)), 0);
	ck_assert(sa.up);
	ck_assert_str_eq(sa.ike_name, "l2tp");
	ck_assert_str_eq(sa.child_name, "l2tp");
	ck_assert_uint_eq(sa.ike_id, 3);
	ck_assert_uint_eq(sa.child_id, 5);
	ck_assert_uint_eq(sa.ike_version, 1);
	ck_assert_str_eq(sa.local_host, "192.0.2.1");
	ck_assert_uint_eq(sa.local_port, 4500);
	ck_assert_str_eq(sa.remote_host, "198.51.100.7");
	ck_assert_uint_eq(sa.remote_port, 61702);
	ck_assert_uint_eq(sa.mark_in, 10);
	ck_assert_uint_eq(sa.mark_out, 8);
	ck_assert_uint_eq(sa.spi_in, 0xc1a2b3d4);
	ck_assert_uint_eq(sa.spi_out, 0x0badf00d);
	ck_assert_str_eq(sa.state, "INSTALLED");
	ck_assert_str_eq(sa.protocol, "ESP");
	ck_assert_str_eq(sa.mode, "TRANSPORT");
	ck_assert(sa.encap);
	vici_msg_free(m);

	build_updown(&b, "zz", false);
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_child_updown(m, &sa, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: IKE_SA 'l2tp' CHILD_SA 'l2tp': malformed 'mark-in'");
	vici_msg_free(m);

	build_updown(&b, NULL, true);
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_child_updown(m, &sa, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: child-updown event without exactly one CHILD_SA section");
	vici_msg_free(m);

	vici_builder_release(&b);
	vici_add_kv_str(&b, "up", "no");
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_child_updown(m, &sa, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: child-updown event without an IKE_SA section");
	vici_msg_free(m);
	vici_builder_release(&b);
}
END_TEST

/* child-rekey as charon's vici README describes it: old and new inside. */
static void build_rekey(struct vici_builder *b, bool with_new)
{
	vici_builder_release(b);
	vici_begin_section(b, "l2tp");
	vici_add_kv_str(b, "uniqueid", "3");
	vici_add_kv_str(b, "version", "2");
	vici_add_kv_str(b, "local-host", "192.0.2.1");
	vici_add_kv_str(b, "remote-host", "198.51.100.7");
	vici_begin_section(b, "child-sas");
	vici_begin_section(b, "l2tp-5");
	vici_begin_section(b, "old");
	vici_add_kv_str(b, "name", "l2tp");
	vici_add_kv_str(b, "uniqueid", "5");
	vici_add_kv_str(b, "reqid", "5");
	vici_add_kv_str(b, "mark-out", "00000008");
	vici_end_section(b);
	if (with_new) {
		vici_begin_section(b, "new");
		vici_add_kv_str(b, "name", "l2tp");
		vici_add_kv_str(b, "uniqueid", "9");
		vici_add_kv_str(b, "reqid", "5");
		vici_add_kv_str(b, "mark-in", "0000000a");
		vici_add_kv_str(b, "mark-out", "00000008");
		vici_add_kv_str(b, "spi-in", "11112222");
		vici_end_section(b);
	}
	vici_end_section(b);
	vici_end_section(b);
	vici_end_section(b);
}

START_TEST(child_rekey)
{
	struct vici_child_sa sa;
	struct vici_builder b;
	char err[VICI_ERR_LEN];
	struct vici_msg *m;

	vici_builder_init(&b);
	build_rekey(&b, true);
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_child_rekey(m, &sa, err, sizeof(err)), 0);
	ck_assert(sa.up);
	ck_assert_uint_eq(sa.child_id, 9);
	ck_assert_uint_eq(sa.reqid, 5);
	ck_assert_uint_eq(sa.mark_out, 8);
	ck_assert_uint_eq(sa.mark_in, 10);
	ck_assert_uint_eq(sa.spi_in, 0x11112222);
	ck_assert_uint_eq(sa.ike_version, 2);
	ck_assert_str_eq(sa.child_name, "l2tp");
	vici_msg_free(m);

	build_rekey(&b, false);
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_child_rekey(m, &sa, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_str_eq(err, "vici: child-rekey event: CHILD_SA 'l2tp-5' has no 'new' section");
	vici_msg_free(m);
	vici_builder_release(&b);
}
END_TEST

static int count_sa(const struct vici_child_sa *sa, void *arg)
{
	int *n = arg;

	ck_assert_str_eq(sa->ike_name, "l2tp");
	ck_assert_uint_eq(sa->mark_in, 0x10);
	ck_assert(sa->up);
	return ++*n == 99 ? 99 : 0;
}

START_TEST(list_sa)
{
	struct vici_builder b;
	char err[VICI_ERR_LEN];
	struct vici_msg *m;
	int n = 0;

	vici_builder_init(&b);
	build_updown(&b, "10", false);
	/* list-sa has no "up"; the extra key must not disturb the walk */
	m = reparse(&b);
	ck_assert_int_eq(vici_parse_list_sa(m, count_sa, &n, err, sizeof(err)), 0);
	ck_assert_int_eq(n, 1);
	vici_msg_free(m);

	/* the second CHILD_SA lacks its uniqueid */
	build_updown(&b, "10", true);
	m = reparse(&b);
	n = 0;
	ck_assert_int_eq(vici_parse_list_sa(m, count_sa, &n, err, sizeof(err)),
			 -EBADMSG);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(err, "vici: IKE_SA 'l2tp' CHILD_SA 'other': missing 'uniqueid'");
	vici_msg_free(m);
	vici_builder_release(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vici_conn");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, load_conn_psk);
	tcase_add_test(tc, load_conn_pubkey_and_errors);
	tcase_add_test(tc, load_conn_initiator);
	tcase_add_test(tc, small_requests);
	tcase_add_test(tc, child_updown);
	tcase_add_test(tc, ike_update);
	tcase_add_test(tc, child_rekey);
	tcase_add_test(tc, list_sa);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
