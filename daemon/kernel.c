// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Generic netlink client for the l2tpgw module, on libmnl.
 */
#include "kernel.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/l2tpgw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

#define ERR_TEXT_MAX	160
#define RX_BUF_LEN	16384	/* replies here are small; no dumps */

struct kernel {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	struct kernel_session_defaults defaults;
	char ifname[16];
	char last_error[ERR_TEXT_MAX];
	uint8_t buf[RX_BUF_LEN];
};

static struct nlmsghdr *genl_header(void *buf, uint16_t family, uint8_t cmd,
				    uint32_t seq, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = L2TPGW_GENL_VERSION;
	return nlh;
}

static bool put_addr(struct nlmsghdr *nlh, size_t len, uint16_t type,
		     const struct l2tp_addr *a)
{
	if (a->sa.sa_family == AF_INET6)
		return mnl_attr_put_check(nlh, len, type, 16,
					  &a->sin6.sin6_addr);
	return mnl_attr_put_check(nlh, len, type, 4, &a->sin.sin_addr);
}

size_t kernel_build_tunnel_add(void *buf, size_t len, uint16_t family,
			       uint32_t seq, const struct l2tp_tunnel_info *ti)
{
	struct nlmsghdr *nlh;
	uint16_t port = ti->peer->sa.sa_family == AF_INET6 ?
			ti->peer->sin6.sin6_port : ti->peer->sin.sin_port;

	if (len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)))
		return 0;
	nlh = genl_header(buf, family, L2TPGW_CMD_TUNNEL_ADD, seq, 0);
	if (!mnl_attr_put_u32_check(nlh, len, L2TPGW_A_SOCK_ID, ti->sock) ||
	    !mnl_attr_put_u16_check(nlh, len, L2TPGW_A_TUNNEL_ID,
				    ti->tunnel_id) ||
	    !mnl_attr_put_u16_check(nlh, len, L2TPGW_A_PEER_TUNNEL_ID,
				    ti->peer_tunnel_id) ||
	    !put_addr(nlh, len, L2TPGW_A_PEER_ADDR, ti->peer) ||
	    !mnl_attr_put_u16_check(nlh, len, L2TPGW_A_PEER_PORT, ntohs(port)))
		return 0;
	/* IPsec: send through the peer's SA, accept only what came by it. */
	if ((ti->peer->mark &&
	     !mnl_attr_put_u32_check(nlh, len, L2TPGW_A_MARK, ti->peer->mark)) ||
	    (ti->peer->sa_reqid &&
	     !mnl_attr_put_u32_check(nlh, len, L2TPGW_A_IPSEC_REQID,
				     ti->peer->sa_reqid)))
		return 0;
	return nlh->nlmsg_len;
}

size_t kernel_build_session_add(void *buf, size_t len, uint16_t family,
				uint32_t seq, const struct l2tp_session_info *si,
				const struct kernel_session_defaults *d)
{
	uint32_t flags = 0;
	struct nlmsghdr *nlh;

	if (len < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct genlmsghdr)))
		return 0;
	if (si->sequencing)
		flags |= L2TPGW_SESSION_F_SEND_SEQ | L2TPGW_SESSION_F_RECV_SEQ;
	if (si->lns)
		flags |= L2TPGW_SESSION_F_LNS;
	nlh = genl_header(buf, family, L2TPGW_CMD_SESSION_ADD, seq, 0);
	if (!mnl_attr_put_u16_check(nlh, len, L2TPGW_A_TUNNEL_ID,
				    si->tunnel_id) ||
	    !mnl_attr_put_u16_check(nlh, len, L2TPGW_A_SESSION_ID,
				    si->session_id) ||
	    !mnl_attr_put_u16_check(nlh, len, L2TPGW_A_PEER_SESSION_ID,
				    si->peer_session_id) ||
	    !mnl_attr_put_u32_check(nlh, len, L2TPGW_A_SESSION_FLAGS, flags))
		return 0;
	if (d && d->ifname &&
	    !mnl_attr_put_strz_check(nlh, len, L2TPGW_A_IFNAME, d->ifname))
		return 0;
	if (d && d->mtu &&
	    !mnl_attr_put_u32_check(nlh, len, L2TPGW_A_MTU, d->mtu))
		return 0;
	return nlh->nlmsg_len;
}

struct reply {
	struct kernel *k;
	uint16_t want_attr;	/* copy this attribute out, or 0 */
	enum mnl_attr_data_type want_type;	/* MNL_TYPE_U16 or _U32 */
	uint32_t value;
	bool found;
};

static int reply_attr(const struct nlattr *attr, void *data)
{
	struct reply *r = data;

	if (!r->want_attr || mnl_attr_get_type(attr) != r->want_attr ||
	    mnl_attr_validate(attr, r->want_type) < 0)
		return MNL_CB_OK;
	r->value = r->want_type == MNL_TYPE_U16 ? mnl_attr_get_u16(attr) :
						  mnl_attr_get_u32(attr);
	r->found = true;
	return MNL_CB_OK;
}

static int reply_data(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), reply_attr, data);
	return MNL_CB_OK;
}

static int extack_attr(const struct nlattr *attr, void *data)
{
	struct kernel *k = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(k->last_error, sizeof(k->last_error), "%s",
			 mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/* Keep the module's extended ack text, then let libmnl report errno. */
static int reply_error(const struct nlmsghdr *nlh, void *data)
{
	struct reply *r = data;
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*e);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
		return MNL_CB_ERROR;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    mnl_nlmsg_size(off) <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, off, extack_attr, r->k);
	if (e->error) {
		errno = -e->error;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static int talk(struct kernel *k, const struct nlmsghdr *req, struct reply *r)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = reply_error };
	ssize_t n;
	int rc;

	k->last_error[0] = '\0';
	r->k = k;
	if (mnl_socket_sendto(k->nl, req, req->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(k->nl, k->buf, sizeof(k->buf));
		if (n < 0)
			return -errno;
		rc = mnl_cb_run2(k->buf, (size_t)n, req->nlmsg_seq, k->portid,
				 reply_data, r, ctl, NLMSG_MIN_TYPE);
	} while (rc == MNL_CB_OK);
	return rc < 0 ? -errno : 0;
}

static uint32_t next_seq(struct kernel *k)
{
	return ++k->seq;
}

/* Resolve the family id through the genl controller. */
static int resolve_family(struct kernel *k)
{
	uint8_t req[128];
	struct nlmsghdr *nlh = genl_header(req, GENL_ID_CTRL,
					   CTRL_CMD_GETFAMILY, next_seq(k), 0);
	struct reply r = { .want_attr = CTRL_ATTR_FAMILY_ID,
			   .want_type = MNL_TYPE_U16 };
	int rc;

	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, L2TPGW_GENL_NAME);
	rc = talk(k, nlh, &r);
	if (rc)
		return rc;
	if (!r.found)
		return -ENOENT;
	k->family = (uint16_t)r.value;
	return 0;
}

struct kernel *kernel_open(char *err, size_t err_len)
{
	struct kernel *k = calloc(1, sizeof(*k));
	int one = 1, rc;

	if (!k) {
		snprintf(err, err_len, "netlink: out of memory");
		return NULL;
	}
	k->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!k->nl) {
		snprintf(err, err_len, "netlink socket: %s", strerror(errno));
		free(k);
		return NULL;
	}
	/* Extended acks carry the module's explanation of a refusal. */
	mnl_socket_setsockopt(k->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(k->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(k->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, err_len, "netlink bind: %s", strerror(errno));
		goto err_close;
	}
	k->portid = mnl_socket_get_portid(k->nl);
	k->seq = (uint32_t)time(NULL);
	rc = resolve_family(k);
	if (rc) {
		snprintf(err, err_len, "generic netlink family \"%s\": %s%s",
			 L2TPGW_GENL_NAME, strerror(-rc),
			 rc == -ENOENT ? " (is l2tpgw.ko loaded?)" : "");
		mnl_socket_close(k->nl);
		free(k);
		errno = -rc;
		return NULL;
	}
	return k;

err_close:
	mnl_socket_close(k->nl);
	free(k);
	return NULL;
}

void kernel_close(struct kernel *k)
{
	if (!k)
		return;
	mnl_socket_close(k->nl);
	free(k);
}

void kernel_set_session_defaults(struct kernel *k,
				 const struct kernel_session_defaults *d)
{
	k->defaults.mtu = d->mtu;
	k->defaults.ifname = NULL;
	if (d->ifname) {
		snprintf(k->ifname, sizeof(k->ifname), "%s", d->ifname);
		k->defaults.ifname = k->ifname;
	}
}

const char *kernel_last_error(const struct kernel *k)
{
	return k->last_error;
}

static void log_refusal(const struct kernel *k, const char *what, int rc)
{
	log_err("kernel: %s: %s%s%s", what, strerror(-rc),
		k->last_error[0] ? ": " : "", k->last_error);
}

int kernel_sock_attach(struct kernel *k, int fd, uint32_t *sock_id)
{
	uint8_t req[256];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_SOCK_ATTACH,
					   next_seq(k), 0);
	struct reply r = { .want_attr = L2TPGW_A_SOCK_ID,
			   .want_type = MNL_TYPE_U32 };
	int rc;

	mnl_attr_put_u32(nlh, L2TPGW_A_SOCK_FD, (uint32_t)fd);
	rc = talk(k, nlh, &r);
	if (rc == 0 && !r.found)
		rc = -EPROTO;
	if (rc) {
		log_refusal(k, "attaching a UDP socket", rc);
		return rc;
	}
	*sock_id = r.value;
	return 0;
}

int kernel_sock_set_flags(struct kernel *k, uint32_t sock_id, uint32_t flags)
{
	uint8_t req[128];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_SOCK_MODIFY,
					   next_seq(k), 0);
	struct reply r = { 0 };
	int rc;

	mnl_attr_put_u32(nlh, L2TPGW_A_SOCK_ID, sock_id);
	mnl_attr_put_u32(nlh, L2TPGW_A_SOCK_FLAGS, flags);
	rc = talk(k, nlh, &r);
	if (rc)
		log_refusal(k, "setting socket flags", rc);
	return rc;
}

int kernel_sock_detach(struct kernel *k, uint32_t sock_id)
{
	uint8_t req[128];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_SOCK_DETACH,
					   next_seq(k), 0);
	struct reply r = { 0 };

	mnl_attr_put_u32(nlh, L2TPGW_A_SOCK_ID, sock_id);
	return talk(k, nlh, &r);
}

int kernel_ppp_xmit(struct kernel *k, uint16_t tunnel_id, uint16_t session_id,
		    const uint8_t *frame, size_t len)
{
	uint8_t req[2048];
	struct nlmsghdr *nlh = genl_header(req, k->family, L2TPGW_CMD_PPP_XMIT,
					   next_seq(k), 0);
	struct reply r = { 0 };

	if (!mnl_attr_put_u16_check(nlh, sizeof(req), L2TPGW_A_TUNNEL_ID,
				    tunnel_id) ||
	    !mnl_attr_put_u16_check(nlh, sizeof(req), L2TPGW_A_SESSION_ID,
				    session_id) ||
	    !mnl_attr_put_check(nlh, sizeof(req), L2TPGW_A_PPP_FRAME, len,
				frame))
		return -EMSGSIZE;
	return talk(k, nlh, &r);
}

int kernel_session_modify(struct kernel *k, uint16_t tunnel_id,
			  uint16_t session_id, uint32_t protocols,
			  uint32_t mtu)
{
	uint8_t req[256];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_SESSION_MODIFY,
					   next_seq(k), 0);
	struct reply r = { 0 };
	int rc;

	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, tunnel_id);
	mnl_attr_put_u16(nlh, L2TPGW_A_SESSION_ID, session_id);
	mnl_attr_put_u32(nlh, L2TPGW_A_PROTOCOLS, protocols);
	if (mtu)
		mnl_attr_put_u32(nlh, L2TPGW_A_MTU, mtu);
	rc = talk(k, nlh, &r);
	if (rc)
		log_refusal(k, "modifying a session", rc);
	return rc;
}

int kernel_session_ifindex(struct kernel *k, uint16_t tunnel_id,
			   uint16_t session_id, uint32_t *ifindex)
{
	uint8_t req[128];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_SESSION_GET,
					   next_seq(k), 0);
	struct reply r = { .want_attr = L2TPGW_A_IFINDEX,
			   .want_type = MNL_TYPE_U32 };
	int rc;

	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, tunnel_id);
	mnl_attr_put_u16(nlh, L2TPGW_A_SESSION_ID, session_id);
	rc = talk(k, nlh, &r);
	if (rc == 0 && !r.found)
		rc = -EPROTO;
	if (rc)
		return rc;
	*ifindex = r.value;
	return 0;
}

/* struct reply first: reply_error() sees the same data pointer. */
struct stats_reply {
	struct reply r;
	uint64_t rx;
	bool found;
};

static int stats_attr(const struct nlattr *attr, void *data)
{
	struct stats_reply *s = data;

	if (mnl_attr_get_type(attr) == L2TPGW_STAT_RX_PACKETS &&
	    mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
		s->rx += mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int session_attr(const struct nlattr *attr, void *data)
{
	struct stats_reply *s = data;

	if (mnl_attr_get_type(attr) == L2TPGW_A_STATS &&
	    mnl_attr_validate(attr, MNL_TYPE_NESTED) == 0) {
		s->found = true;
		mnl_attr_parse_nested(attr, stats_attr, data);
	}
	return MNL_CB_OK;
}

static int session_stats_data(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), session_attr, data);
	return MNL_CB_OK;
}

/* With a control array, libmnl leaves NLMSG_DONE to us. */
static int dump_done(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_STOP;
}

/*
 * Data packets are counted on the session that received them, so a
 * tunnel's traffic is the sum over its sessions: a dump filtered by
 * tunnel id.
 */
int kernel_tunnel_rx_packets(struct kernel *k, uint16_t tunnel_id,
			     uint64_t *rx_packets)
{
	uint8_t req[128];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_SESSION_GET,
					   next_seq(k), NLM_F_DUMP);
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = reply_error,
					 [NLMSG_DONE] = dump_done };
	struct stats_reply s = { .r.k = k };
	ssize_t n;
	int rc;

	/* A dump ends with NLMSG_DONE; an ack would only trail behind it. */
	nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, tunnel_id);
	k->last_error[0] = '\0';
	if (mnl_socket_sendto(k->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(k->nl, k->buf, sizeof(k->buf));
		if (n < 0)
			return -errno;
		errno = 0;
		rc = mnl_cb_run2(k->buf, (size_t)n, nlh->nlmsg_seq, k->portid,
				 session_stats_data, &s, ctl, NLMSG_MIN_TYPE);
		if (rc == MNL_CB_ERROR && !errno)
			errno = EPROTO;
	} while (rc == MNL_CB_OK);
	if (rc < 0)
		return -errno;
	*rx_packets = s.rx;
	return 0;
}

static int ops_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	struct kernel *k = arg;
	uint8_t req[256];
	struct reply r = { 0 };
	int rc;

	if (!kernel_build_tunnel_add(req, sizeof(req), k->family, next_seq(k),
				     ti))
		return -EMSGSIZE;
	rc = talk(k, (struct nlmsghdr *)req, &r);
	if (rc)
		log_refusal(k, "adding a tunnel", rc);
	return rc;
}

static void ops_tunnel_del(void *arg, uint16_t tunnel_id)
{
	struct kernel *k = arg;
	uint8_t req[128];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_TUNNEL_DEL,
					   next_seq(k), 0);
	struct reply r = { 0 };
	int rc;

	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, tunnel_id);
	rc = talk(k, nlh, &r);
	/* Already gone (socket closed, namespace exit) is fine. */
	if (rc && rc != -ENOENT)
		log_refusal(k, "deleting a tunnel", rc);
}

static int ops_session_add(void *arg, const struct l2tp_session_info *si)
{
	struct kernel *k = arg;
	uint8_t req[256];
	struct reply r = { 0 };
	int rc;

	if (!kernel_build_session_add(req, sizeof(req), k->family, next_seq(k),
				      si, &k->defaults))
		return -EMSGSIZE;
	rc = talk(k, (struct nlmsghdr *)req, &r);
	/* A device name in use: the gateway takes the next one and says so. */
	if (rc && !(rc == -EEXIST && !strncmp(k->last_error, "IFNAME", 6)))
		log_refusal(k, "adding a session", rc);
	return rc;
}

static void ops_session_del(void *arg, uint16_t tunnel_id, uint16_t session_id)
{
	struct kernel *k = arg;
	uint8_t req[128];
	struct nlmsghdr *nlh = genl_header(req, k->family,
					   L2TPGW_CMD_SESSION_DEL,
					   next_seq(k), 0);
	struct reply r = { 0 };
	int rc;

	mnl_attr_put_u16(nlh, L2TPGW_A_TUNNEL_ID, tunnel_id);
	mnl_attr_put_u16(nlh, L2TPGW_A_SESSION_ID, session_id);
	rc = talk(k, nlh, &r);
	if (rc && rc != -ENOENT)
		log_refusal(k, "deleting a session", rc);
}

const struct l2tp_kernel_ops kernel_l2tp_ops = {
	.tunnel_add = ops_tunnel_add,
	.tunnel_del = ops_tunnel_del,
	.session_add = ops_session_add,
	.session_del = ops_session_del,
};
