/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the parts of the l2tpgwd.conf parser only (config.c: lines,
 * sections and keys; config_value.c: one parser per value type;
 * config_validate.c: checks that need a whole section or file): the
 * parser's state and the description of a key.
 */
#ifndef L2TPGW_CONFIG_PARSER_H
#define L2TPGW_CONFIG_PARSER_H

#include "config.h"

#define DEFAULT_PORT		1701

enum section_kind { SECT_NONE, SECT_GLOBAL, SECT_LNS, SECT_LAC, SECT_IPSEC,
		    SECT_RADIUS };

enum value_kind {
	VAL_STRING,	/* into char[size] */
	VAL_SECRET,	/* char[size] + size_t length after it */
	VAL_BOOL,
	VAL_UINT,	/* unsigned, min..max */
	VAL_U16,
	VAL_DURATION,	/* "500ms", "2s" or seconds; stored in ms (u32) */
	VAL_LISTEN,	/* address list */
	VAL_PREFIXES,	/* CIDR list */
	VAL_PEER,	/* one address, optional port */
	VAL_LOG_LEVEL,
	VAL_AUTH,	/* PPP authentication methods, or "none" */
	VAL_IPV4,	/* one IPv4 address, host order */
	VAL_DNS,	/* one or two IPv4 addresses */
	VAL_PREFIX6,	/* IPv6 /48../64 prefix pool */
	VAL_DNS6,	/* one to RA_MAX_DNS IPv6 addresses */
	VAL_SOCKET,	/* absolute Unix socket path */
	VAL_GROUP,	/* group name or number, resolved to a gid */
	VAL_IFNAME,	/* device name, or pattern with one %d */
	VAL_TCP_MSS,	/* "auto", "off" or min..max; u16 (config.h) */
	VAL_SCRIPT,	/* absolute path of an executable file */
	VAL_METRICS,	/* "off", "" or address[:port]: struct config_metrics */
	VAL_SERVERS,	/* address[:port] list, min the default port */
	VAL_ADDRESS,	/* one address, no port: struct config_addr */
};

struct key_desc {
	const char *name;
	enum value_kind kind;
	size_t offset;
	size_t size;		/* strings */
	unsigned long min, max;
};

#define N_KEYS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_KEYS 48

struct parser {
	const char *file;
	unsigned line;
	char *err;
	size_t err_len;
	struct config *c;
	enum section_kind sect;
	void *obj;			/* struct being filled */
	const struct key_desc *keys;
	size_t n_keys;
	bool seen[MAX_KEYS];		/* keys set in this section */
	struct config_key_lines *key_lines;	/* ... on these lines */
	unsigned sect_line;
	bool global_seen;
};

/* config.c: "FILE:LINE: " and the message into p->err; returns -1. */
int config_perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* config_value.c: the value v of key k, into the section being filled. */
int config_set_value(struct parser *p, const struct key_desc *k, char *v);

/* config_validate.c */
/* The section just read is complete: what needs all its keys. */
int config_finish_section(struct parser *p);
/* The whole file is read: [global] checked and completed. */
int config_check_global(struct parser *p);

#endif /* L2TPGW_CONFIG_PARSER_H */
