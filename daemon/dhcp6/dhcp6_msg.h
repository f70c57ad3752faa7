/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * DHCPv6 messages (RFC 8415) as a prefix-delegating server sees them:
 * what a client sends, parsed from a buffer into a struct that points
 * into it, and what the server answers, built into a buffer.  Only the
 * parts prefix delegation needs are decoded (Client and Server
 * Identifier, IA_PD with IA Prefix, Rapid Commit, Status Code); other
 * options are walked over and skipped, as section 16 asks.
 *
 *   message:  msg-type(1) transaction-id(3) options...
 *   option:   code(2) length(2) data(length)
 *   IA_PD:    IAID(4) T1(4) T2(4) options...            (section 21.21)
 *   IAPREFIX: preferred(4) valid(4) length(1) prefix(16) options...
 *   STATUS:   status-code(2) UTF-8 message               (section 21.13)
 */
#ifndef L2TPGW_DHCP6_DHCP6_MSG_H
#define L2TPGW_DHCP6_DHCP6_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DHCP6_CLIENT_PORT	546
#define DHCP6_SERVER_PORT	547

enum dhcp6_type {
	DHCP6_SOLICIT = 1,
	DHCP6_ADVERTISE = 2,
	DHCP6_REQUEST = 3,
	DHCP6_CONFIRM = 4,
	DHCP6_RENEW = 5,
	DHCP6_REBIND = 6,
	DHCP6_REPLY = 7,
	DHCP6_RELEASE = 8,
	DHCP6_DECLINE = 9,
	DHCP6_RECONFIGURE = 10,
	DHCP6_INFORMATION_REQUEST = 11,
	DHCP6_RELAY_FORW = 12,
	DHCP6_RELAY_REPL = 13,
};

enum dhcp6_option {
	DHCP6_OPT_CLIENTID = 1,
	DHCP6_OPT_SERVERID = 2,
	DHCP6_OPT_IA_NA = 3,
	DHCP6_OPT_IA_TA = 4,
	DHCP6_OPT_ORO = 6,
	DHCP6_OPT_PREFERENCE = 7,
	DHCP6_OPT_ELAPSED_TIME = 8,
	DHCP6_OPT_STATUS_CODE = 13,
	DHCP6_OPT_RAPID_COMMIT = 14,
	DHCP6_OPT_IA_PD = 25,
	DHCP6_OPT_IAPREFIX = 26,
};

enum dhcp6_status {
	DHCP6_SUCCESS = 0,
	DHCP6_UNSPEC_FAIL = 1,
	DHCP6_NO_ADDRS_AVAIL = 2,
	DHCP6_NO_BINDING = 3,
	DHCP6_NOT_ON_LINK = 4,
	DHCP6_USE_MULTICAST = 5,
	DHCP6_NO_PREFIX_AVAIL = 6,
};

#define DHCP6_DUID_MIN		2	/* the type alone: RFC 8415 11.1 */
#define DHCP6_DUID_MAX		130	/* type + at most 128 octets */
#define DHCP6_IA_PD_MAX		8	/* IA_PDs looked at per message */
#define DHCP6_MAX_SIZE		1024	/* any answer this server builds */

/* A client-side message's verdict: one per reason to drop it. */
enum dhcp6_verdict {
	DHCP6_OK,
	DHCP6_TRUNCATED,	/* shorter than 4, or an option past the end */
	DHCP6_NOT_CLIENT_TYPE,	/* Advertise, Reply, relay, unknown */
	DHCP6_BAD_DUID,		/* Client/Server Identifier length */
	DHCP6_DUPLICATE_ID,	/* two Client or Server Identifiers */
	DHCP6_BAD_IA_PD,	/* IA_PD or IAPREFIX shorter than fixed part */
	DHCP6_NO_CLIENT_ID,	/* a type that must carry one (16.x) */
	DHCP6_UNEXPECTED_SERVER_ID,	/* Solicit, Rebind: must have none */
	DHCP6_NO_SERVER_ID,	/* Request, Renew, Release: must have one */
	DHCP6_VERDICT_MAX,
};

const char *dhcp6_verdict_name(enum dhcp6_verdict v);
const char *dhcp6_type_name(unsigned type);

struct dhcp6_iaprefix {
	uint32_t preferred_s;
	uint32_t valid_s;
	uint8_t len;
	uint8_t prefix[16];
};

/* An IA_PD as the client sent it; its first IAPREFIX is only a hint. */
struct dhcp6_ia_pd_req {
	uint32_t iaid;
	uint32_t t1_s, t2_s;
	bool has_hint;
	struct dhcp6_iaprefix hint;
};

/* A client's message; the pointers are into the parsed buffer. */
struct dhcp6_request {
	uint8_t type;
	uint32_t xid;			/* 24 bits */
	const uint8_t *client_id;	/* NULL: none */
	size_t client_id_len;
	const uint8_t *server_id;	/* NULL: none */
	size_t server_id_len;
	bool rapid_commit;
	bool has_ia_addr;		/* IA_NA or IA_TA (not served) */
	unsigned n_ia_pd;		/* the first DHCP6_IA_PD_MAX kept */
	struct dhcp6_ia_pd_req ia_pd[DHCP6_IA_PD_MAX];
};

/*
 * buf[0..len) as a message from a client (section 16's validation of
 * each type included).  DHCP6_OK with *out filled, else why not.
 */
enum dhcp6_verdict dhcp6_parse(const uint8_t *buf, size_t len,
			       struct dhcp6_request *out);

/* One IA_PD in an answer: the prefix, or a status (NoPrefixAvail ...). */
struct dhcp6_ia_pd_reply {
	uint32_t iaid;
	uint32_t t1_s, t2_s;
	bool has_prefix;
	struct dhcp6_iaprefix prefix;
	bool has_status;		/* inside the IA_PD */
	uint16_t status;
	const char *status_msg;		/* NULL: "" */
};

struct dhcp6_reply {
	uint8_t type;			/* Advertise or Reply */
	uint32_t xid;
	const uint8_t *client_id;	/* echoed; NULL: left out */
	size_t client_id_len;
	const uint8_t *server_id;
	size_t server_id_len;
	bool rapid_commit;
	bool has_preference;
	uint8_t preference;
	bool has_status;		/* top level */
	uint16_t status;
	const char *status_msg;
	unsigned n_ia_pd;
	struct dhcp6_ia_pd_reply ia_pd[DHCP6_IA_PD_MAX];
};

/* r into buf: its length, or -ENOSPC (-EINVAL: a bad field). */
int dhcp6_build(const struct dhcp6_reply *r, uint8_t *buf, size_t cap);

/*
 * DUID-LL (RFC 8415 11.4): type 3, hardware type, link-layer address.
 * Its length (4 + alen), or -EINVAL if it does not fit DHCP6_DUID_MAX.
 */
int dhcp6_duid_ll(uint16_t hwtype, const uint8_t *lladdr, size_t alen,
		  uint8_t duid[DHCP6_DUID_MAX]);

#endif /* L2TPGW_DHCP6_DHCP6_MSG_H */
