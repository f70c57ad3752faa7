// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /metrics content (collect.h): one table maps the `l2tpctl stats` names
 * to metric families and labels, so the two can never disagree.
 */
#include <stdio.h>
#include <string.h>

#include "gateway.h"
#include "l2tpctl.h"
#include "metrics/collect.h"

enum family_id {
	F_TUNNELS, F_SESSIONS, F_CALLS_NEGOTIATING, F_SETUPS, F_SETUP_FAILURES,
	F_TEARDOWNS, F_AUTH, F_IPSEC_DROPPED, F_REJECTED, F_PPP_WITHHELD,
	F_UNVERIFIED_BYTES, F_KERNEL_LOST, F_MODULE_UNLOADS, F_PEER_MOVES,
	F_LAC_CALL_REDIALS, N_FAMILIES
};

static const struct family {
	const char *name, *help;
	enum expo_type type;
	const char *label[EXPO_MAX_LABELS];
} families[N_FAMILIES] = {
	[F_TUNNELS] = { "l2tpgw_tunnels",
		"Tunnels the control plane holds, by state", EXPO_GAUGE,
		{ "state" } },
	[F_SESSIONS] = { "l2tpgw_sessions",
		"Sessions with PPP attached: up (a network protocol open) "
		"or setup (none open yet, or closing)", EXPO_GAUGE,
		{ "state" } },
	[F_CALLS_NEGOTIATING] = { "l2tpgw_calls_negotiating",
		"Incoming calls from ICRQ until an NCP opens (max_negotiating)",
		EXPO_GAUGE, { NULL } },
	[F_SETUPS] = { "l2tpgw_session_setups_total",
		"Sessions whose first network protocol opened", EXPO_COUNTER,
		{ NULL } },
	[F_SETUP_FAILURES] = { "l2tpgw_session_setup_failures_total",
		"Sessions that ended before any network protocol opened",
		EXPO_COUNTER, { NULL } },
	[F_TEARDOWNS] = { "l2tpgw_session_teardowns_total",
		"Sessions that ended after a network protocol had opened",
		EXPO_COUNTER, { NULL } },
	[F_AUTH] = { "l2tpgw_auth_total",
		"PPP authentications of [lns] calls by method and result",
		EXPO_COUNTER, { "method", "result" } },
	[F_IPSEC_DROPPED] = { "l2tpgw_ipsec_dropped_total",
		"L2TP control dropped or not sent for want of the right "
		"IPsec SA, by reason", EXPO_COUNTER, { "reason" } },
	[F_REJECTED] = { "l2tpgw_control_rejected_total",
		"Control input refused, dropped or answered less, by class "
		"(docs/hostile-networks.md)", EXPO_COUNTER, { "class" } },
	[F_PPP_WITHHELD] = { "l2tpgw_ppp_replies_withheld_total",
		"PPP replies withheld by the per-session rate limits, by class",
		EXPO_COUNTER, { "class" } },
	[F_UNVERIFIED_BYTES] = { "l2tpgw_unverified_bytes_total",
		"Bytes from and to peers not verified yet (no SCCCN)",
		EXPO_COUNTER, { "direction" } },
	[F_KERNEL_LOST] = { "l2tpgw_kernel_objects_lost_total",
		"Kernel sessions and tunnels deleted under the daemon",
		EXPO_COUNTER, { "object" } },
	[F_MODULE_UNLOADS] = { "l2tpgw_module_unloads_total",
		"Times the module went away under the daemon", EXPO_COUNTER,
		{ NULL } },
	[F_PEER_MOVES] = { "l2tpgw_peer_moves_total",
		"Cleartext tunnels that followed their peer to a new address "
		"(follow_peer)", EXPO_COUNTER, { NULL } },
	[F_LAC_CALL_REDIALS] = { "l2tpgw_lac_call_redials_total",
		"Calls a [lac] placed again on a live tunnel", EXPO_COUNTER,
		{ NULL } },
};

/* One sample: stat (less minus, if set) with up to two label values. */
static const struct row {
	enum family_id f;
	const char *v0, *v1;
	const char *stat, *minus;
} rows[] = {
	{ F_TUNNELS, "established", NULL, "tunnels_established", NULL },
	{ F_TUNNELS, "negotiating", NULL, "tunnels_negotiating", NULL },
	{ F_TUNNELS, "closing", NULL, "tunnels_closing", NULL },
	{ F_SESSIONS, "up", NULL, "sessions_up", NULL },
	{ F_SESSIONS, "setup", NULL, "sessions", "sessions_up" },
	{ F_CALLS_NEGOTIATING, NULL, NULL, "calls_negotiating", NULL },
	{ F_SETUPS, NULL, NULL, "sessions_set_up", NULL },
	{ F_SETUP_FAILURES, NULL, NULL, "session_setups_failed", NULL },
	{ F_TEARDOWNS, NULL, NULL, "sessions_torn_down", NULL },
	{ F_AUTH, "pap", "success", "auth_pap_succeeded", NULL },
	{ F_AUTH, "pap", "failure", "auth_pap_failed", NULL },
	{ F_AUTH, "chap", "success", "auth_chap_succeeded", NULL },
	{ F_AUTH, "chap", "failure", "auth_chap_failed", NULL },
	{ F_AUTH, "mschapv2", "success", "auth_mschapv2_succeeded", NULL },
	{ F_AUTH, "mschapv2", "failure", "auth_mschapv2_failed", NULL },
	{ F_IPSEC_DROPPED, "cleartext", NULL, "ipsec_cleartext_dropped", NULL },
	{ F_IPSEC_DROPPED, "unknown_sa", NULL, "ipsec_unknown_sa_dropped",
	  NULL },
	{ F_IPSEC_DROPPED, "wrong_sa", NULL, "ipsec_wrong_sa_dropped", NULL },
	{ F_IPSEC_DROPPED, "rebind_wrong_sa", NULL,
	  "ipsec_rebind_wrong_sa_dropped", NULL },
	{ F_IPSEC_DROPPED, "tx_no_sa", NULL, "ipsec_tx_no_sa", NULL },
#define REJECTED(name) { F_REJECTED, #name, NULL, #name, NULL }
	REJECTED(calls_refused_admission),
	REJECTED(calls_refused_direction),
	REJECTED(calls_refused_resources),
	REJECTED(calls_refused_negotiating),
	REJECTED(calls_refused_tunnel_share),
	REJECTED(calls_refused_peer_share),
	REJECTED(sccrq_refused_not_allowed),
	REJECTED(ctl_bad_header),
	REJECTED(ctl_bad_sccrq),
	REJECTED(ctl_not_sccrq_to_tunnel0),
	REJECTED(ctl_unknown_tunnel),
	REJECTED(data_unknown_session),
	REJECTED(sccrq_rate_limited),
	REJECTED(sccrq_table_full),
	REJECTED(sccrq_no_resources),
	REJECTED(sccrq_unverified_source_full),
	REJECTED(unverified_evicted),
	REJECTED(sccrq_duplicate_established),
	REJECTED(tunnels_dropped_after_probe),
	REJECTED(ctl_out_of_order_unverified),
	REJECTED(tx_withheld_unverified),
	REJECTED(peer_move_refused),
#undef REJECTED
	{ F_PPP_WITHHELD, "protocol_reject", NULL,
	  "ppp_protocol_rejects_withheld", NULL },
	{ F_PPP_WITHHELD, "code_reject", NULL, "ppp_code_rejects_withheld",
	  NULL },
	{ F_PPP_WITHHELD, "echo_reply", NULL, "ppp_echo_replies_withheld",
	  NULL },
	{ F_PPP_WITHHELD, "negotiation", NULL,
	  "ppp_negotiation_replies_withheld", NULL },
	{ F_UNVERIFIED_BYTES, "rx", NULL, "unverified_rx_bytes", NULL },
	{ F_UNVERIFIED_BYTES, "tx", NULL, "unverified_tx_bytes", NULL },
	{ F_KERNEL_LOST, "session", NULL, "kernel_sessions_lost", NULL },
	{ F_KERNEL_LOST, "tunnel", NULL, "kernel_tunnels_lost", NULL },
	{ F_MODULE_UNLOADS, NULL, NULL, "kernel_module_unloads", NULL },
	{ F_PEER_MOVES, NULL, NULL, "peer_moves", NULL },
	{ F_LAC_CALL_REDIALS, NULL, NULL, "lac_call_redials", NULL },
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

bool metrics_stat(const struct metrics_stats *st, const char *name,
		  uint64_t *value)
{
	unsigned i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->item[i].name, name)) {
			*value = st->item[i].value;
			return true;
		}
	return false;
}

static void row_sample(const struct row *r, const struct family *f,
		       uint64_t value, struct expo_sample *s)
{
	const char *v[EXPO_MAX_LABELS] = { r->v0, r->v1 };
	unsigned i;

	*s = (struct expo_sample){ .value = value };
	for (i = 0; i < EXPO_MAX_LABELS && f->label[i]; i++)
		s->label[s->n_labels++] = (struct expo_label){ f->label[i],
							       v[i] };
}

/* Stats a configuration lacks (IPsec's without [ipsec]) give no sample. */
void metrics_gateway_families(const struct metrics_stats *st,
			      struct expo_buf *b)
{
	struct expo_sample samples[N_ROWS];
	unsigned fi, i, n;

	for (fi = 0; fi < N_FAMILIES; fi++) {
		const struct family *f = &families[fi];

		n = 0;
		for (i = 0; i < N_ROWS; i++) {
			uint64_t v, m = 0;

			if (rows[i].f != fi ||
			    !metrics_stat(st, rows[i].stat, &v) ||
			    (rows[i].minus &&
			     !metrics_stat(st, rows[i].minus, &m)))
				continue;
			row_sample(&rows[i], f, v > m ? v - m : 0,
				   &samples[n++]);
		}
		if (n)
			expo_family(b, &(struct expo_family){
				.name = f->name, .help = f->help,
				.type = f->type, .samples = samples,
				.n_samples = n });
	}
}

static int stash(const char *name, uint64_t value, void *arg)
{
	struct metrics_stats *st = arg;

	if (st->n == sizeof(st->item) / sizeof(st->item[0]))
		return 0;	/* a stat no row names: the table is smaller */
	snprintf(st->item[st->n].name, sizeof(st->item[0].name), "%s", name);
	st->item[st->n++].value = value;
	return 0;
}

static void setup_histogram(const struct gateway *gw, struct expo_buf *b)
{
	const struct gateway_tally *t = gateway_tally(gw);

	expo_histogram(b, &(struct expo_histogram){
		.name = "l2tpgw_session_setup_seconds",
		.help = "Time from a session's creation (ICRQ received and "
			"ICRP sent, or ICRQ/OCRQ sent) to its first network "
			"protocol opening",
		.bound_ms = gateway_setup_bounds_ms,
		.n_bounds = GATEWAY_SETUP_BUCKETS,
		.bucket = t->setup_bucket,
		.sum_ms = t->setup_ms_total,
	});
}

/* --- the module ------------------------------------------------------------ */

enum scope { SC_NAMESPACE, SC_SOCKETS, SC_TUNNELS, SC_SESSIONS, N_SCOPES };
static const char *const scope_names[N_SCOPES] = {
	"namespace", "sockets", "tunnels", "sessions",
};

struct module_sums {
	uint64_t v[N_SCOPES][L2TPCTL_STATS_CAPACITY];
	unsigned count;		/* counters the library knows */
	unsigned objects[N_SCOPES];
};

static void add_stats(struct module_sums *m, enum scope sc,
		      const struct l2tpctl_stats *st)
{
	unsigned i, n = st->count < L2TPCTL_STATS_CAPACITY ?
			st->count : L2TPCTL_STATS_CAPACITY;

	for (i = 0; i < n; i++)
		m->v[sc][i] += st->counter[i];
	m->objects[sc]++;
}

static int sum_sock(const struct l2tpctl_sock *s, void *arg)
{
	if (s->has & L2TPCTL_SOCK_HAS_STATS)
		add_stats(arg, SC_SOCKETS, &s->stats);
	return 0;
}

static int sum_tunnel(const struct l2tpctl_tunnel *t, void *arg)
{
	if (t->has & L2TPCTL_TUNNEL_HAS_STATS)
		add_stats(arg, SC_TUNNELS, &t->stats);
	return 0;
}

static int sum_session(const struct l2tpctl_session *s, void *arg)
{
	if (s->has & L2TPCTL_SESSION_HAS_STATS)
		add_stats(arg, SC_SESSIONS, &s->stats);
	return 0;
}

static int module_read(struct l2tpctl *k, struct module_sums *m)
{
	struct l2tpctl_stats ns;
	int rc;

	memset(m, 0, sizeof(*m));
	rc = l2tpctl_kernel_stats_get(k, &ns);
	if (rc < 0)
		return rc;
	add_stats(m, SC_NAMESPACE, &ns);
	m->count = ns.count < L2TPCTL_STATS_CAPACITY ?
		   ns.count : L2TPCTL_STATS_CAPACITY;
	if ((rc = l2tpctl_kernel_sock_dump(k, sum_sock, m)) < 0 ||
	    (rc = l2tpctl_kernel_tunnel_dump(k, sum_tunnel, m)) < 0 ||
	    (rc = l2tpctl_kernel_session_dump(k, 0, sum_session, m)) < 0)
		return rc;
	return 0;
}

static void module_families(const struct module_sums *m, bool up,
			    struct expo_buf *b)
{
	struct expo_sample s[N_SCOPES];
	char name[80], help[160];
	unsigned i, sc;

	expo_family(b, &(struct expo_family){
		.name = "l2tpgw_module_up",
		.help = "1 if the module's counters below were read",
		.type = EXPO_GAUGE, .n_samples = 1,
		.samples = &(struct expo_sample){ .value = up } });
	if (!up)
		return;
	for (sc = 0; sc < N_SCOPES; sc++)
		s[sc] = (struct expo_sample){
			.label = { { "scope", scope_names[sc] } },
			.n_labels = 1, .value = m->objects[sc] };
	expo_family(b, &(struct expo_family){
		.name = "l2tpgw_module_objects",
		.help = "Objects the module's counters below are summed over",
		.type = EXPO_GAUGE, .samples = s + 1, .n_samples = N_SCOPES - 1 });
	for (i = 0; i < m->count; i++) {
		const char *stat = l2tpctl_stat_name(i);

		if (!stat)
			continue;
		snprintf(name, sizeof(name), "l2tpgw_module_%s_total", stat);
		snprintf(help, sizeof(help), "The module's %s counter, summed "
			 "over the objects of each scope now (l2tpctl kernel "
			 "... list)", stat);
		for (sc = 0; sc < N_SCOPES; sc++)
			s[sc].value = m->v[sc][i];
		expo_family(b, &(struct expo_family){
			.name = name, .help = help, .type = EXPO_COUNTER,
			.samples = s, .n_samples = N_SCOPES });
	}
}

void metrics_collect(struct gateway *gw, struct l2tpctl *kernel,
		     struct expo_buf *b)
{
	static struct metrics_stats st;
	static struct module_sums m;
	bool up = false;

	st.n = 0;
	gateway_stats(gw, stash, &st);
	metrics_gateway_families(&st, b);
	setup_histogram(gw, b);
	if (kernel) {
		up = module_read(kernel, &m) == 0;
		/* The module came back (new family id): once more. */
		if (!up && l2tpctl_kernel_reconnect(kernel) == 0)
			up = module_read(kernel, &m) == 0;
	}
	module_families(&m, up, b);
}
