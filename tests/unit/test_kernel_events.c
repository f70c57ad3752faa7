// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The module's events as the daemon reads them (daemon/kernel_events.c):
 * what each event means, the ledger that recognises the daemon's own
 * deletes once, the reconciliation after lost events; and libl2tpctl's
 * side of it, the controller's messages about the module's family.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "internal.h"
#include "kernel_events.h"

static struct l2tpctl_event session_ev(uint16_t tid, uint16_t sid,
				       uint32_t cause)
{
	return (struct l2tpctl_event){
		.has = L2TPCTL_EVENT_HAS_TUNNEL_ID |
		       L2TPCTL_EVENT_HAS_SESSION_ID | L2TPCTL_EVENT_HAS_CAUSE,
		.cmd = L2TPGW_CMD_SESSION_DEL, .tunnel_id = tid,
		.session_id = sid, .cause = cause,
	};
}

static struct l2tpctl_event tunnel_ev(uint16_t tid, uint32_t cause)
{
	return (struct l2tpctl_event){
		.has = L2TPCTL_EVENT_HAS_TUNNEL_ID | L2TPCTL_EVENT_HAS_CAUSE,
		.cmd = L2TPGW_CMD_TUNNEL_DEL, .tunnel_id = tid,
		.cause = cause,
	};
}

static enum kev_action action_of(struct l2tpctl_event ev)
{
	struct kev_verdict v;

	kev_classify(&ev, &v);
	ck_assert_ptr_nonnull(v.why);
	return v.action;
}

/* --- classification ------------------------------------------------------- */

START_TEST(session_deleted_under_us)
{
	struct l2tpctl_event ev = session_ev(5, 6, L2TPGW_CAUSE_DEV_DEL);
	struct kev_verdict v;

	kev_classify(&ev, &v);
	ck_assert_int_eq(v.action, KEV_SESSION_GONE);
	ck_assert_str_eq(v.why, "session device deleted");
	ck_assert_int_eq(action_of(session_ev(5, 6, L2TPGW_CAUSE_USER)),
			 KEV_SESSION_GONE);
}
END_TEST

/* A tunnel or socket going takes its sessions: their events are noise. */
START_TEST(session_children_ignored)
{
	ck_assert_int_eq(action_of(session_ev(5, 6, L2TPGW_CAUSE_TUNNEL_DEL)),
			 KEV_IGNORE);
	ck_assert_int_eq(action_of(session_ev(5, 6, L2TPGW_CAUSE_SOCK_CLOSED)),
			 KEV_IGNORE);
	ck_assert_int_eq(action_of(session_ev(5, 6, L2TPGW_CAUSE_NETNS_EXIT)),
			 KEV_IGNORE);
}
END_TEST

START_TEST(events_without_ids_ignored)
{
	struct l2tpctl_event ev = session_ev(5, 6, L2TPGW_CAUSE_DEV_DEL);

	ev.has &= ~L2TPCTL_EVENT_HAS_SESSION_ID;
	ck_assert_int_eq(action_of(ev), KEV_IGNORE);
	ev = tunnel_ev(5, L2TPGW_CAUSE_USER);
	ev.has = 0;
	ck_assert_int_eq(action_of(ev), KEV_IGNORE);
	ev.cmd = L2TPGW_CMD_SOCK_DETACH;
	ck_assert_int_eq(action_of(ev), KEV_IGNORE);
	ev.cmd = L2TPGW_CMD_TUNNEL_ADD;
	ev.has = L2TPCTL_EVENT_HAS_TUNNEL_ID;
	ck_assert_int_eq(action_of(ev), KEV_IGNORE);
}
END_TEST

/* StopCCN only when the socket can still carry it. */
START_TEST(tunnel_can_send_by_cause)
{
	static const struct {
		uint32_t cause;
		bool can_send;
	} cases[] = {
		{ L2TPGW_CAUSE_USER, true },
		{ L2TPGW_CAUSE_SOCK_CLOSED, false },
		{ L2TPGW_CAUSE_NETNS_EXIT, false },
	};
	struct l2tpctl_event ev;
	struct kev_verdict v;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ev = tunnel_ev(7, cases[i].cause);
		kev_classify(&ev, &v);
		ck_assert_int_eq(v.action, KEV_TUNNEL_GONE);
		ck_assert_int_eq(v.can_send, cases[i].can_send);
	}
}
END_TEST

START_TEST(socket_and_module)
{
	struct l2tpctl_event ev = {
		.has = L2TPCTL_EVENT_HAS_SOCK_ID | L2TPCTL_EVENT_HAS_CAUSE,
		.cmd = L2TPGW_CMD_SOCK_DETACH, .sock_id = 3,
		.cause = L2TPGW_CAUSE_USER,
	};
	struct kev_verdict v;

	ck_assert_int_eq(action_of(ev), KEV_SOCK_GONE);
	memset(&ev, 0, sizeof(ev));
	ev.has = L2TPCTL_EVENT_HAS_MODULE;
	ev.module = L2TPCTL_MODULE_GONE;
	kev_classify(&ev, &v);
	ck_assert_int_eq(v.action, KEV_MODULE_GONE);
	ck_assert_str_eq(v.why, "the l2tpgw kernel module was unloaded");
	ev.module = L2TPCTL_MODULE_BACK;
	ck_assert_int_eq(action_of(ev), KEV_MODULE_BACK);
}
END_TEST

/* --- the ledger of our own deletes ------------------------------------------ */

START_TEST(own_delete_recognised_once)
{
	struct kev_ledger l = { 0 };
	struct l2tpctl_event ev = session_ev(5, 6, L2TPGW_CAUSE_USER);

	ck_assert_int_eq(kev_ledger_note(&l, 5, 6), 0);
	ck_assert(kev_ledger_own(&l, &ev));
	/* The same ids deleted again by someone else: theirs. */
	ck_assert(!kev_ledger_own(&l, &ev));
	kev_ledger_free(&l);
}
END_TEST

START_TEST(own_delete_keys_distinct)
{
	struct kev_ledger l = { 0 };
	struct l2tpctl_event ev;

	kev_ledger_note(&l, 5, 0);
	kev_ledger_note(&l, 5, 6);
	/* A device deleted is never our doing, even with our ids. */
	ev = session_ev(5, 6, L2TPGW_CAUSE_DEV_DEL);
	ck_assert(!kev_ledger_own(&l, &ev));
	/* A session is not its tunnel. */
	ev = session_ev(5, 7, L2TPGW_CAUSE_USER);
	ck_assert(!kev_ledger_own(&l, &ev));
	ev = tunnel_ev(6, L2TPGW_CAUSE_USER);
	ck_assert(!kev_ledger_own(&l, &ev));
	ev = tunnel_ev(5, L2TPGW_CAUSE_USER);
	ck_assert(kev_ledger_own(&l, &ev));
	ev = session_ev(5, 6, L2TPGW_CAUSE_USER);
	ck_assert(kev_ledger_own(&l, &ev));
	ck_assert_uint_eq(l.n, 0);
	kev_ledger_free(&l);
}
END_TEST

/*
 * Events come in the order of the deletes: one matching a later entry
 * means the earlier ones' events will not come; they are dropped.
 */
START_TEST(own_delete_in_order)
{
	struct kev_ledger l = { 0 };
	struct l2tpctl_event a = session_ev(1, 1, L2TPGW_CAUSE_USER);
	struct l2tpctl_event b = session_ev(1, 2, L2TPGW_CAUSE_USER);

	kev_ledger_note(&l, 1, 1);
	kev_ledger_note(&l, 1, 2);
	ck_assert(kev_ledger_own(&l, &b));
	ck_assert(!kev_ledger_own(&l, &a));
	kev_ledger_free(&l);
}
END_TEST

START_TEST(ledger_bounded)
{
	struct kev_ledger l = { 0 };
	struct l2tpctl_event first = tunnel_ev(1, L2TPGW_CAUSE_USER);
	struct l2tpctl_event last = session_ev(2, 1, L2TPGW_CAUSE_USER);
	unsigned i;

	kev_ledger_note(&l, 1, 0);
	for (i = 0; i < KEV_LEDGER_MAX - 1; i++)
		kev_ledger_note(&l, 3, (uint16_t)(i % 65535 + 1));
	ck_assert_uint_eq(l.n, KEV_LEDGER_MAX);
	ck_assert_uint_eq(l.overflows, 0);
	kev_ledger_note(&l, 2, 1);
	ck_assert_uint_eq(l.n, KEV_LEDGER_MAX);
	ck_assert_uint_eq(l.overflows, 1);
	ck_assert(!kev_ledger_own(&l, &first));
	ck_assert(kev_ledger_own(&l, &last));
	ck_assert_uint_eq(l.n, 0);
	kev_ledger_free(&l);
}
END_TEST

START_TEST(ledger_cleared_after_loss)
{
	struct kev_ledger l = { 0 };
	struct l2tpctl_event ev = tunnel_ev(9, L2TPGW_CAUSE_USER);

	kev_ledger_note(&l, 9, 0);
	kev_ledger_clear(&l);
	ck_assert(!kev_ledger_own(&l, &ev));
	kev_ledger_note(&l, 9, 0);
	ck_assert(kev_ledger_own(&l, &ev));
	kev_ledger_free(&l);
}
END_TEST

/* --- reconciliation --------------------------------------------------------- */

struct gone_list {
	uint32_t key[8];
	size_t n;
};

static void record_gone(uint32_t key, void *arg)
{
	struct gone_list *g = arg;

	ck_assert_uint_lt(g->n, 8);
	g->key[g->n++] = key;
}

START_TEST(missing_from_kernel)
{
	uint32_t ours[] = { kev_key(3, 1), kev_key(1, 0), kev_key(2, 5),
			    kev_key(1, 4) };
	uint32_t kernel[] = { kev_key(9, 9), kev_key(2, 5), kev_key(1, 0) };
	struct gone_list g = { .n = 0 };

	ck_assert_uint_eq(kev_missing(ours, 4, kernel, 3, record_gone, &g), 2);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_uint_eq(g.key[0], kev_key(1, 4));
	ck_assert_uint_eq(g.key[1], kev_key(3, 1));
	g.n = 0;
	ck_assert_uint_eq(kev_missing(ours, 4, NULL, 0, record_gone, &g), 4);
	g.n = 0;
	ck_assert_uint_eq(kev_missing(NULL, 0, kernel, 3, record_gone, &g), 0);
}
END_TEST

/* --- libl2tpctl: the controller's word on the module ------------------------ */

static size_t ctrl_msg(char *buf, uint8_t cmd, const char *family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = GENL_ID_CTRL;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 2;
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1c);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, family);
	return nlh->nlmsg_len;
}

static int record_event(const struct l2tpctl_event *ev, void *arg)
{
	struct l2tpctl_event *out = arg;

	out[out[0].has ? 1 : 0] = *ev;
	return 0;
}

START_TEST(controller_family_events)
{
	static char d[CTL_BUF_SIZE];
	struct l2tpctl_event got[2];
	char perr[CTL_PERR_SIZE] = "";
	size_t len = 0;

	memset(got, 0, sizeof(got));
	/* Another module coming and going is not ours. */
	len += ctrl_msg(d + len, CTRL_CMD_DELFAMILY, "nl80211");
	len += ctrl_msg(d + len, CTRL_CMD_DELMCAST_GRP, L2TPGW_GENL_NAME);
	len += ctrl_msg(d + len, CTRL_CMD_DELFAMILY, L2TPGW_GENL_NAME);
	len += ctrl_msg(d + len, CTRL_CMD_NEWFAMILY, L2TPGW_GENL_NAME);
	ck_assert_int_eq(ctl_events_feed(d, len, 0x1c, record_event, got,
					 perr), 0);
	ck_assert_uint_eq(got[0].has, L2TPCTL_EVENT_HAS_MODULE);
	ck_assert_uint_eq(got[0].module, L2TPCTL_MODULE_GONE);
	ck_assert_uint_eq(got[0].cmd, 0);
	ck_assert_uint_eq(got[1].has, L2TPCTL_EVENT_HAS_MODULE);
	ck_assert_uint_eq(got[1].module, L2TPCTL_MODULE_BACK);
}
END_TEST

START_TEST(controller_malformed_ignored)
{
	static char d[CTL_BUF_SIZE];
	struct l2tpctl_event ev;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(d);

	/* No genl header, then no family name: neither is a module event. */
	nlh->nlmsg_type = GENL_ID_CTRL;
	ck_assert_int_eq(ctl_parse_ctrl_event(nlh, &ev), 0);
	ctrl_msg(d, CTRL_CMD_DELFAMILY, "l2tpgwx");
	ck_assert_int_eq(ctl_parse_ctrl_event((struct nlmsghdr *)d, &ev), 0);
}
END_TEST

START_TEST(module_calls_need_a_subscription)
{
	struct l2tpctl *h = l2tpctl_open();

	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(l2tpctl_kernel_event_watch_module(h), -ENOTCONN);
	l2tpctl_close(h);
}
END_TEST

static Suite *kernel_events_suite(void)
{
	Suite *s = suite_create("kernel_events");
	TCase *c = tcase_create("classify");
	TCase *l = tcase_create("ledger");
	TCase *m = tcase_create("module");

	tcase_add_test(c, session_deleted_under_us);
	tcase_add_test(c, session_children_ignored);
	tcase_add_test(c, events_without_ids_ignored);
	tcase_add_test(c, tunnel_can_send_by_cause);
	tcase_add_test(c, socket_and_module);
	tcase_add_test(l, own_delete_recognised_once);
	tcase_add_test(l, own_delete_keys_distinct);
	tcase_add_test(l, own_delete_in_order);
	tcase_add_test(l, ledger_bounded);
	tcase_add_test(l, ledger_cleared_after_loss);
	tcase_add_test(l, missing_from_kernel);
	tcase_add_test(m, controller_family_events);
	tcase_add_test(m, controller_malformed_ignored);
	tcase_add_test(m, module_calls_need_a_subscription);
	suite_add_tcase(s, c);
	suite_add_tcase(s, l);
	suite_add_tcase(s, m);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(kernel_events_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
