/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libl2tpctl internals.  Not installed.  The message builders and parsers
 * declared here are pure functions over buffers so that unit tests and
 * fuzzers can drive them without a kernel.  None of these names starts
 * with l2tpctl_, so the version script keeps them out of the shared
 * library's exported symbols.
 */
#ifndef L2TPCTL_INTERNAL_H
#define L2TPCTL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <libmnl/libmnl.h>

#include "l2tpctl.h"

#define CTL_ERRMSG_SIZE		512
/* Requests are small; MNL_SOCKET_BUFFER_SIZE is not a constant. */
#define CTL_BUF_SIZE		8192
/* Dumps may fill up to 32 KiB per datagram when the reader allows it. */
#define CTL_RECV_SIZE		32768

struct l2tpctl {
	struct mnl_socket *nl;		/* requests and replies */
	struct mnl_socket *ev;		/* events, opened on demand */
	uint16_t family_id;
	uint32_t events_group;		/* 0: the module has no such group */
	uint32_t seq;
	struct ctl_daemon *daemon;	/* control socket, daemon_conn.c */
	char errmsg[CTL_ERRMSG_SIZE];
	char extack[CTL_ERRMSG_SIZE];	/* the kernel's part of errmsg */
};

/* daemon_conn.c: close the daemon connections of a handle. */
void ctl_daemon_free(struct ctl_daemon *d);

/* --- error.c -------------------------------------------------------------- */

/* Record "what: strerror(-err)[: detail]" and return err (negative).
 * These clear the extack; nl.c sets it after a refusal. */
int ctl_fail(struct l2tpctl *h, int err, const char *what, const char *detail);
__attribute__((format(printf, 3, 4)))
int ctl_failf(struct l2tpctl *h, int err, const char *fmt, ...);
void ctl_clear_error(struct l2tpctl *h);

/* --- attr.c: parsing -------------------------------------------------------- */

/* Parse error text for malformed kernel messages; sized for ctl_fail. */
#define CTL_PERR_SIZE		160

/*
 * Validate the genl header of nlh and fill tb[0..L2TPGW_A_MAX] with its
 * attributes, each checked against the UAPI type.  Attributes of a newer
 * module (type > L2TPGW_A_MAX) are skipped.  Returns 0 or -EBADMSG with
 * a description in perr.
 */
int ctl_parse_attrs(const struct nlmsghdr *nlh,
		    const struct nlattr *tb[L2TPGW_A_MAX + 1], char *perr);
/* Genl command of a message that passed ctl_parse_attrs. */
uint8_t ctl_genl_cmd(const struct nlmsghdr *nlh);

int ctl_parse_stats(const struct nlattr *nest, struct l2tpctl_stats *st,
		    char *perr);
/* The family follows from the length (4 or 16, checked by the caller). */
int ctl_parse_addr(const struct nlattr *a, struct l2tpctl_addr *addr,
		   char *perr);

int ctl_parse_sock(const struct nlmsghdr *nlh, struct l2tpctl_sock *s,
		   char *perr);
int ctl_parse_tunnel(const struct nlmsghdr *nlh, struct l2tpctl_tunnel *t,
		     char *perr);
int ctl_parse_session(const struct nlmsghdr *nlh, struct l2tpctl_session *s,
		      char *perr);
int ctl_parse_event(const struct nlmsghdr *nlh, struct l2tpctl_event *ev,
		    char *perr);
int ctl_parse_limits(const struct nlmsghdr *nlh, struct l2tpctl_limits *lim,
		     char *perr);
int ctl_parse_global_stats(const struct nlmsghdr *nlh,
			   struct l2tpctl_stats *st, char *perr);

/* Reply to CTRL_CMD_GETFAMILY: family id and the "events" group id. */
int ctl_parse_family(const struct nlmsghdr *nlh, uint16_t *family_id,
		     uint32_t *events_group, char *perr);

/*
 * A message of the controller's "notify" group: 1 and *ev when it says our
 * family left or (re)appeared, 0 for anything else.
 */
int ctl_parse_ctrl_event(const struct nlmsghdr *nlh, struct l2tpctl_event *ev);

/* --- msg.c: building --------------------------------------------------------- */

/*
 * Start a request in buf (CTL_BUF_SIZE bytes): netlink header with
 * NLM_F_REQUEST|flags, genl header with cmd and L2TPGW_GENL_VERSION.
 */
struct nlmsghdr *ctl_msg_start(void *buf, uint16_t family_id, uint8_t cmd,
			       uint16_t flags, uint32_t seq);

/* Each returns 0 or -EMSGSIZE (buffer full) / -EINVAL (bad field). */
int ctl_put_addr(struct nlmsghdr *nlh, uint16_t type,
		 const struct l2tpctl_addr *a);
int ctl_msg_tunnel(struct nlmsghdr *nlh, const struct l2tpctl_tunnel *t,
		   bool add);
int ctl_msg_session(struct nlmsghdr *nlh, const struct l2tpctl_session *s,
		    bool add);
int ctl_msg_sock_create(struct nlmsghdr *nlh, const struct l2tpctl_addr *a,
			uint16_t port);
/* SOCK_ID, and SOCK_FLAGS when flags is not NULL. */
int ctl_msg_sock(struct nlmsghdr *nlh, uint32_t sock_id, const uint32_t *flags);
int ctl_msg_ppp_xmit(struct nlmsghdr *nlh, uint16_t tunnel_id,
		     uint16_t session_id, const void *frame, size_t len);
struct nlmsghdr *ctl_msg_getfamily(void *buf, uint32_t seq);

/*
 * Whether a whole netlink message starts at nlh with left bytes to go.
 * libmnl's mnl_nlmsg_ok() compares the length as a signed int, so a
 * length above 2 GiB passes it; this one compares unsigned.
 */
static inline bool ctl_nlmsg_ok(const struct nlmsghdr *nlh, size_t left)
{
	return left >= sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
	       nlh->nlmsg_len <= left;
}

/* The next message after one that passed ctl_nlmsg_ok; *left shrinks. */
static inline const struct nlmsghdr *ctl_nlmsg_next(const struct nlmsghdr *nlh,
						    size_t *left)
{
	size_t step = MNL_ALIGN(nlh->nlmsg_len);

	step = step < *left ? step : *left;
	*left -= step;
	return (const struct nlmsghdr *)((const char *)nlh + step);
}

/* --- reply.c: the reply state machine ------------------------------------------ */

typedef int (*ctl_msg_cb)(const struct nlmsghdr *nlh, void *arg, char *perr);

struct ctl_reply {
	uint32_t seq;
	uint32_t portid;
	uint16_t msg_type;	/* the family's messages; others are ignored */
	ctl_msg_cb cb;
	void *arg;
	bool done;
	int error;		/* negative errno, 0 so far */
	char detail[CTL_ERRMSG_SIZE];	/* extack text or parse error */
	char extack[CTL_ERRMSG_SIZE];	/* the kernel's text only, or "" */
};

void ctl_reply_init(struct ctl_reply *r, uint32_t seq, uint32_t portid,
		    uint16_t msg_type, ctl_msg_cb cb, void *arg);
/*
 * Feed one datagram.  Returns 1 when more datagrams are expected, 0 when
 * the reply is complete and successful, or a negative errno (r->detail
 * says more).  After a callback error, the rest of the reply is consumed
 * without calling cb, so the socket stays in step.
 */
int ctl_reply_feed(struct ctl_reply *r, const void *buf, size_t len);

/*
 * The outcome of an NLMSG_ERROR or NLMSG_DONE message: 0, or the kernel's
 * negative errno with its extended-ack text in extack ("" if none).  A
 * malformed message is -EBADMSG, described in perr (CTL_PERR_SIZE bytes,
 * "" otherwise).
 */
int ctl_parse_nlerr(const struct nlmsghdr *nlh, char *extack, size_t size,
		    char *perr);

/* --- kernel_events.c ----------------------------------------------------------- */

/* Parse the events in one datagram and call cb for each; the controller's
 * messages about our family are module events; messages of other families
 * are skipped.  Returns 0, cb's non-zero value, or
 * -EBADMSG with perr set. */
int ctl_events_feed(const void *buf, size_t len, uint16_t family_id,
		    l2tpctl_event_cb cb, void *arg, char *perr);

/* --- nl.c: I/O ---------------------------------------------------------------- */

/* Send req, read the reply, calling cb for each family message.  what
 * names the operation for the error message. */
int ctl_transact(struct l2tpctl *h, struct nlmsghdr *req, ctl_msg_cb cb,
		 void *arg, const char *what);
int ctl_socket_open(struct l2tpctl *h, const char *what,
		    struct mnl_socket **out);
/* Needs a connected handle. */
int ctl_require(struct l2tpctl *h);
uint32_t ctl_next_seq(struct l2tpctl *h);

#endif /* L2TPCTL_INTERNAL_H */
