/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpgw-nltest: what the VM scenarios need from the l2tpgw generic
 * netlink family that "l2tpctl kernel" should not offer: requests built
 * attribute by attribute (malformed ones, with the kernel's extack printed),
 * pipelined bulk creation, dumps checked while objects are deleted, a
 * socket held open that logs what goes up, a minimal PPP peer.  Built on
 * libl2tpctl's internal message layer, the one the library and the tool
 * use.  Usage: nltest.c.
 */
#ifndef L2TPGW_NLTEST_H
#define L2TPGW_NLTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "internal.h"

#define NLT_MAX_ATTRS	16

/* How a value of an attribute is written on the command line. */
enum nlt_type { NLT_NONE, NLT_U16, NLT_U32, NLT_S32, NLT_STR, NLT_BIN,
		NLT_ADDR, NLT_FLAGS, NLT_FLAG, NLT_NEST };

struct nlt_attr {
	uint16_t type;			/* L2TPGW_A_* */
	enum nlt_type kind;
	uint32_t u;
	const char *str;
	uint8_t bin[64];
	size_t len;
};

struct nlt_req {
	uint8_t cmd;
	unsigned int n;
	struct nlt_attr a[NLT_MAX_ATTRS];
};

/* Print "l2tpgw-nltest: ..." on stderr and exit 1. */
__attribute__((format(printf, 1, 2), noreturn))
void nlt_die(const char *fmt, ...);

/* An attribute by its lower-case name ("tunnel_id"), a command by its
 * l2tpctl_cmd_name ("tunnel_add"); -1 when unknown. */
int nlt_attr_by_name(const char *name);
int nlt_cmd_by_name(const char *name);

/* Append attribute name with the text value; dies naming a bad value. */
void nlt_put(struct nlt_req *r, const char *name, const char *value);
void nlt_put_u32(struct nlt_req *r, uint16_t type, uint32_t v);
/* Encode r into buf (CTL_BUF_SIZE) as a request with flags and seq. */
struct nlmsghdr *nlt_encode(const struct nlt_req *r, void *buf,
			    uint16_t family, uint16_t flags, uint32_t seq);

/* Run r on the handle's socket with NLM_F_ACK (or NLM_F_DUMP), calling cb
 * per reply message.  0 or a negative errno; l2tpctl_errmsg(h) says why. */
int nlt_request(struct l2tpctl *h, const struct nlt_req *r, bool dump,
		ctl_msg_cb cb, void *arg);

/* nltest_bulk.c */
int nlt_bulk_add(struct l2tpctl *h, int argc, char **argv);
int nlt_dump_check(struct l2tpctl *h, int argc, char **argv);
/* nltest_shaper.c */
int nlt_shaper(struct l2tpctl *h, int argc, char **argv);
/* nltest_peer.c */
int nlt_sock_hold(struct l2tpctl *h, int argc, char **argv);
int nlt_ppp_peer(struct l2tpctl *h, int argc, char **argv);
int nlt_udp_send(struct l2tpctl *h, int argc, char **argv);
/* nltest_flood.c */
int nlt_sccrq_flood(struct l2tpctl *h, int argc, char **argv);

/* "--name value" options: the value of name, or NULL when absent.
 * Dies on an option not in names (a NULL-terminated list). */
struct nlt_opts {
	const char *const *names;
	const char *val[NLT_MAX_ATTRS];
	bool flag[NLT_MAX_ATTRS];	/* given without value ("--marks") */
};
/* Parse argv into o; positional arguments are left in pos (at most
 * maxpos).  Returns how many positional arguments there were. */
int nlt_parse_opts(const char *cmd, int argc, char **argv,
		   const char *const *names, const char *const *bools,
		   struct nlt_opts *o, char **pos, int maxpos);
const char *nlt_opt(const struct nlt_opts *o, const char *name);
const char *nlt_need(const char *cmd, const struct nlt_opts *o,
		     const char *name);
unsigned long nlt_num(const char *what, const char *s, unsigned long max);
/* "A:P" or "[A6]:P" into a sockaddr; returns its length. */
unsigned int nlt_sockaddr(const char *text, void *ss);
size_t nlt_hex(const char *what, const char *s, uint8_t *out, size_t cap);

#endif /* L2TPGW_NLTEST_H */
