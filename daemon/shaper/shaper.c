// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rate limits with tc (shaper.h): the tbf through libnl-route's qdisc
 * API; the policer, which libnl-route 3.7 has no action for, as a
 * matchall filter built with libnl-3 messages.
 */
#include "shaper/shaper.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/tbf.h>
#include <netlink/route/tc.h>
#include <netlink/socket.h>
#include <netlink/utils.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

#define TBF_HANDLE	TC_HANDLE(1, 0)
#define INGRESS_HANDLE	TC_HANDLE(0xffff, 0)
#define TBF_LATENCY_US	50000	/* what waits in the tbf, at most */
#define RATE_MAX_BYTES	UINT32_MAX	/* tc_ratespec.rate, bytes/s */
#define RTAB_CELLS	256
#define RTAB_MTU	2047	/* tc's default for the rate table */

struct shaper {
	struct nl_sock *sk;
};

struct shaper *shaper_open(char *err, size_t errlen)
{
	struct shaper *sh = calloc(1, sizeof(*sh));
	int rc;

	if (!sh || !(sh->sk = nl_socket_alloc())) {
		free(sh);
		snprintf(err, errlen, "shaper: rtnetlink: out of memory");
		return NULL;
	}
	rc = nl_connect(sh->sk, NETLINK_ROUTE);
	if (rc < 0) {
		snprintf(err, errlen, "shaper: rtnetlink: %s",
			 nl_geterror(rc));
		nl_socket_free(sh->sk);
		free(sh);
		return NULL;
	}
	return sh;
}

void shaper_close(struct shaper *sh)
{
	if (!sh)
		return;
	nl_socket_free(sh->sk);
	free(sh);
}

static int errno_of(int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_NODEV:
		return -ENODEV;
	case NLE_PERM:
		return -EPERM;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_EXIST:
		return -EEXIST;
	default:
		return -EINVAL;
	}
}

static uint64_t bytes_per_s(uint64_t bps)
{
	uint64_t b = bps / 8;

	return b > RATE_MAX_BYTES ? RATE_MAX_BYTES : b ? b : 1;
}

/* burst, or the rate's traffic for 1/div s; at least SHAPER_MIN_BURST. */
static uint32_t bucket(uint64_t rate_bytes, uint32_t burst, unsigned div)
{
	uint64_t b = burst ? burst : rate_bytes / div;

	if (b < SHAPER_MIN_BURST)
		return SHAPER_MIN_BURST;
	return b > UINT32_MAX ? UINT32_MAX : (uint32_t)b;
}

/* Time to send size bytes at rate_bytes/s, in the kernel's psched ticks. */
static uint32_t xmit_ticks(uint64_t rate_bytes, uint64_t size)
{
	uint64_t us = size * 1000000 / rate_bytes;

	return nl_us2ticks(us > UINT32_MAX ? UINT32_MAX : (uint32_t)us);
}

/* --- to the client: tbf ----------------------------------------------- */

static struct rtnl_qdisc *qdisc_new(int ifindex, uint32_t parent,
				    uint32_t handle, const char *kind)
{
	struct rtnl_qdisc *q = rtnl_qdisc_alloc();

	if (!q)
		return NULL;
	rtnl_tc_set_ifindex(TC_CAST(q), ifindex);
	rtnl_tc_set_parent(TC_CAST(q), parent);
	if (handle)
		rtnl_tc_set_handle(TC_CAST(q), handle);
	if (kind && rtnl_tc_set_kind(TC_CAST(q), kind) < 0) {
		rtnl_qdisc_put(q);
		return NULL;
	}
	return q;
}

static int tbf_set(struct shaper *sh, int ifindex, uint64_t bps,
		   uint32_t burst)
{
	uint64_t rate = bytes_per_s(bps);
	struct rtnl_qdisc *q = qdisc_new(ifindex, TC_H_ROOT, TBF_HANDLE,
					 "tbf");
	int rc;

	if (!q)
		return -NLE_NOMEM;
	rtnl_qdisc_tbf_set_rate(q, (int)(rate > INT32_MAX ? INT32_MAX : rate),
				(int)bucket(rate, burst, 10), 0);
	rc = rtnl_qdisc_tbf_set_limit_by_latency(q, TBF_LATENCY_US);
	if (rc == 0)
		rc = rtnl_qdisc_add(sh->sk, q, NLM_F_CREATE | NLM_F_REPLACE);
	rtnl_qdisc_put(q);
	return rc;
}

/* Removes the qdisc at parent, whatever it is; none there is no error. */
static int qdisc_del(struct shaper *sh, int ifindex, uint32_t parent)
{
	struct rtnl_qdisc *q = qdisc_new(ifindex, parent, 0, NULL);
	int rc;

	if (!q)
		return -NLE_NOMEM;
	rc = rtnl_qdisc_delete(sh->sk, q);
	rtnl_qdisc_put(q);
	return rc == -NLE_OBJ_NOTFOUND ? 0 : rc;
}

/* --- from the client: ingress, matchall, police ----------------------- */

static int ingress_add(struct shaper *sh, int ifindex)
{
	struct rtnl_qdisc *q = qdisc_new(ifindex, TC_H_INGRESS, INGRESS_HANDLE,
					 "ingress");
	int rc;

	if (!q)
		return -NLE_NOMEM;
	rc = rtnl_qdisc_add(sh->sk, q, NLM_F_CREATE);
	rtnl_qdisc_put(q);
	return rc == -NLE_EXIST ? 0 : rc;
}

static struct nl_msg *filter_msg(int type, int flags, int ifindex)
{
	struct tcmsg t = {
		.tcm_family = AF_UNSPEC,
		.tcm_ifindex = ifindex,
		.tcm_parent = INGRESS_HANDLE,
		.tcm_info = TC_H_MAKE((uint32_t)SHAPER_PRIO << 16,
				      htons(ETH_P_ALL)),
	};
	struct nl_msg *m = nlmsg_alloc_simple(type, flags);

	if (m && nlmsg_append(m, &t, sizeof(t), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

/* Like tc's tc_calc_rtable(): the kernel insists on one, cell_log >= 1. */
static void police_rate(struct tc_ratespec *r, uint32_t rtab[RTAB_CELLS],
			uint64_t rate)
{
	uint8_t cell_log = 0;

	while ((RTAB_MTU >> cell_log) >= RTAB_CELLS)
		cell_log++;
	r->rate = (uint32_t)rate;
	r->cell_log = cell_log;
	r->cell_align = -1;
	r->linklayer = TC_LINKLAYER_ETHERNET;
	for (unsigned i = 0; i < RTAB_CELLS; i++)
		rtab[i] = xmit_ticks(rate, (uint64_t)(i + 1) << cell_log);
}

static int police_put(struct nl_msg *m, uint64_t bps, uint32_t burst)
{
	uint64_t rate = bytes_per_s(bps);
	struct tc_police p = { .action = TC_ACT_SHOT };
	uint32_t rtab[RTAB_CELLS];
	struct nlattr *opts, *acts, *act, *aopts;

	police_rate(&p.rate, rtab, rate);
	p.burst = xmit_ticks(rate, bucket(rate, burst, 1));
	if (nla_put_string(m, TCA_KIND, "matchall") < 0 ||
	    !(opts = nla_nest_start(m, TCA_OPTIONS)) ||
	    !(acts = nla_nest_start(m, TCA_MATCHALL_ACT)) ||
	    !(act = nla_nest_start(m, 1)) ||
	    nla_put_string(m, TCA_ACT_KIND, "police") < 0 ||
	    !(aopts = nla_nest_start(m, TCA_ACT_OPTIONS)) ||
	    nla_put(m, TCA_POLICE_TBF, sizeof(p), &p) < 0 ||
	    nla_put(m, TCA_POLICE_RATE, sizeof(rtab), rtab) < 0)
		return -NLE_NOMEM;
	nla_nest_end(m, aopts);
	nla_nest_end(m, act);
	nla_nest_end(m, acts);
	nla_nest_end(m, opts);
	return 0;
}

static int request(struct shaper *sh, struct nl_msg *m)
{
	int rc = nl_send_auto(sh->sk, m);

	nlmsg_free(m);
	if (rc < 0)
		return rc;
	return nl_wait_for_ack(sh->sk);
}

/* matchall cannot change a filter: the old one goes, the new one comes. */
static int police_set(struct shaper *sh, int ifindex, uint64_t bps,
		      uint32_t burst)
{
	struct nl_msg *m;
	int rc = ingress_add(sh, ifindex);

	if (rc < 0)
		return rc;
	m = filter_msg(RTM_DELTFILTER, NLM_F_ACK, ifindex);
	if (!m)
		return -NLE_NOMEM;
	rc = request(sh, m);
	if (rc < 0 && rc != -NLE_OBJ_NOTFOUND)
		return rc;
	m = filter_msg(RTM_NEWTFILTER, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
		       ifindex);
	if (!m)
		return -NLE_NOMEM;
	rc = police_put(m, bps, burst);
	if (rc < 0) {
		nlmsg_free(m);
		return rc;
	}
	return request(sh, m);
}

/* --- both ------------------------------------------------------------- */

static int report(int nlerr, const char *ifname, const char *what,
		  int first)
{
	if (nlerr >= 0)
		return first;
	log_err("shaper: %s: %s: %s", ifname, what, nl_geterror(nlerr));
	return first ? first : errno_of(nlerr);
}

int shaper_apply(struct shaper *sh, int ifindex, const char *ifname,
		 const struct aaa_rate *rate)
{
	int rc = 0;

	if (rate->tx_bps)
		rc = report(tbf_set(sh, ifindex, rate->tx_bps, rate->tx_burst),
			    ifname, "shaping to the client (tbf)", rc);
	else
		rc = report(qdisc_del(sh, ifindex, TC_H_ROOT), ifname,
			    "removing the shaper to the client", rc);
	if (rate->rx_bps)
		rc = report(police_set(sh, ifindex, rate->rx_bps,
				       rate->rx_burst),
			    ifname, "policing from the client (matchall police)",
			    rc);
	else
		rc = report(qdisc_del(sh, ifindex, TC_H_INGRESS), ifname,
			    "removing the policer from the client", rc);
	return rc;
}

int shaper_remove(struct shaper *sh, int ifindex, const char *ifname)
{
	static const struct aaa_rate none;

	return shaper_apply(sh, ifindex, ifname, &none);
}
