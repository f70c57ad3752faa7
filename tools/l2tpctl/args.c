// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Argument parsing of l2tpctl.  Every rejected input yields one message
 * naming the argument and what is accepted; nothing is abbreviated, so a
 * script that works today keeps meaning the same thing when keywords are
 * added.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "args.h"

int cli_error(struct cli_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	e->code = code;
	return code;
}

uint32_t flagset_apply(uint32_t flags, const struct flagset *fs)
{
	return (flags & ~fs->clear) | fs->set;
}

/* Digits only: no sign, no blanks, no trailing junk.  0x hex if allowed. */
static bool parse_number(const char *s, bool hex_ok, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (hex_ok && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned int d;

		if (isdigit((unsigned char)*s))
			d = (unsigned int)(*s - '0');
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = (unsigned int)(tolower((unsigned char)*s) - 'a' + 10);
		else
			return false;
		v = v * base + d;
		if (v > UINT32_MAX)
			return false;
	}
	*out = v;
	return true;
}

int parse_u32_range(const char *what, const char *s, uint32_t min,
		    uint32_t max, uint32_t *out, struct cli_error *e)
{
	uint64_t v;

	if (!parse_number(s, false, &v) || v < min || v > max)
		return cli_error(e, EXIT_FAILED, "invalid %s \"%s\": must be %u..%u",
				 what, s, min, max);
	*out = (uint32_t)v;
	return EXIT_OK;
}

int parse_addr(const char *what, const char *s, struct l2tpctl_addr *a,
	       struct cli_error *e)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->addr) == 1) {
		a->family = AF_INET;
		return EXIT_OK;
	}
	if (inet_pton(AF_INET6, s, a->addr) == 1) {
		a->family = AF_INET6;
		return EXIT_OK;
	}
	return cli_error(e, EXIT_FAILED,
			 "invalid %s \"%s\": must be an IPv4 or IPv6 address",
			 what, s);
}

int parse_hex_frame(const char *s, uint8_t *frame, size_t cap, size_t *len,
		    struct cli_error *e)
{
	size_t n = strlen(s), i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return cli_error(e, EXIT_FAILED,
					 "invalid PPP frame \"%s\": '%c' at offset %zu is not a hex digit",
					 s, s[i], i);
	if (n % 2)
		return cli_error(e, EXIT_FAILED,
				 "invalid PPP frame \"%s\": odd number of hex digits",
				 s);
	if (n / 2 < 2 || n / 2 > cap)
		return cli_error(e, EXIT_FAILED,
				 "invalid PPP frame \"%s\": must be 2..%zu bytes (protocol field first)",
				 s, cap);
	for (i = 0; i < n / 2; i++) {
		unsigned int b;

		sscanf(s + 2 * i, "%2x", &b);
		frame[i] = (uint8_t)b;
	}
	*len = n / 2;
	return EXIT_OK;
}

/* --- keyword tables ------------------------------------------------------ */

struct kwarg;
typedef int (*kw_value_fn)(const struct kwarg *kw, const char *val,
			   struct cli_error *e);

struct kwarg {
	const char *name;	/* the keyword, e.g. "peer-id" */
	const char *what;	/* its value in messages, e.g. "peer tunnel id" */
	kw_value_fn parse;
	void *dst;
	uint32_t bit;		/* flag bit for on/off values */
	uint32_t *has;		/* has mask to update, or NULL */
	uint32_t has_bit;
	bool required;
};

static int kw_id16(const struct kwarg *kw, const char *val,
		   struct cli_error *e)
{
	uint32_t v;
	int ret = parse_u32_range(kw->what, val, 1, 65535, &v, e);

	if (!ret)
		*(uint16_t *)kw->dst = (uint16_t)v;
	return ret;
}

static int kw_port(const struct kwarg *kw, const char *val,
		   struct cli_error *e)
{
	return kw_id16(kw, val, e);
}

static int kw_u16(const struct kwarg *kw, const char *val,
		  struct cli_error *e)
{
	uint32_t v;
	int ret = parse_u32_range(kw->what, val, 0, 65535, &v, e);

	if (!ret)
		*(uint16_t *)kw->dst = (uint16_t)v;
	return ret;
}

static int kw_u32(const struct kwarg *kw, const char *val,
		  struct cli_error *e)
{
	return parse_u32_range(kw->what, val, 0, UINT32_MAX, kw->dst, e);
}

static int kw_mtu(const struct kwarg *kw, const char *val,
		  struct cli_error *e)
{
	return parse_u32_range(kw->what, val, 68, 65535, kw->dst, e);
}

/* "auto", "off" or a fixed IPv4 MSS (L2TPGW_A_TCP_MSS). */
static int kw_tcp_mss(const struct kwarg *kw, const char *val,
		      struct cli_error *e)
{
	uint16_t *mss = kw->dst;
	uint64_t v;

	if (!strcmp(val, "auto")) {
		*mss = L2TPGW_TCP_MSS_AUTO;
	} else if (!strcmp(val, "off")) {
		*mss = 0;
	} else if (parse_number(val, false, &v) && v >= L2TPGW_TCP_MSS_MIN &&
		   v < L2TPGW_TCP_MSS_AUTO) {
		*mss = (uint16_t)v;
	} else {
		return cli_error(e, EXIT_FAILED,
				 "invalid %s \"%s\": must be auto, off or %u..%u",
				 kw->what, val, L2TPGW_TCP_MSS_MIN,
				 L2TPGW_TCP_MSS_AUTO - 1);
	}
	return EXIT_OK;
}

static int kw_mark(const struct kwarg *kw, const char *val,
		   struct cli_error *e)
{
	uint64_t v;

	if (!parse_number(val, true, &v))
		return cli_error(e, EXIT_FAILED,
				 "invalid %s \"%s\": must be 0..4294967295 or 0x0..0xffffffff",
				 kw->what, val);
	*(uint32_t *)kw->dst = (uint32_t)v;
	return EXIT_OK;
}

static int kw_addr(const struct kwarg *kw, const char *val,
		   struct cli_error *e)
{
	return parse_addr(kw->what, val, kw->dst, e);
}

static int kw_onoff(const struct kwarg *kw, const char *val,
		    struct cli_error *e)
{
	struct flagset *fs = kw->dst;

	if (strcmp(val, "on") == 0) {
		fs->set |= kw->bit;
		fs->clear &= ~kw->bit;
	} else if (strcmp(val, "off") == 0) {
		fs->clear |= kw->bit;
		fs->set &= ~kw->bit;
	} else {
		return cli_error(e, EXIT_FAILED,
				 "invalid %s \"%s\": must be on or off",
				 kw->what, val);
	}
	return EXIT_OK;
}

static const struct {
	const char *name;
	uint32_t set;
} seq_modes[] = {
	{ "off",  0 },
	{ "send", L2TPGW_SESSION_F_SEND_SEQ },
	{ "recv", L2TPGW_SESSION_F_RECV_SEQ },
	{ "both", L2TPGW_SESSION_F_SEND_SEQ | L2TPGW_SESSION_F_RECV_SEQ },
};

static int kw_seq(const struct kwarg *kw, const char *val,
		  struct cli_error *e)
{
	const uint32_t both = L2TPGW_SESSION_F_SEND_SEQ |
			      L2TPGW_SESSION_F_RECV_SEQ;
	struct flagset *fs = kw->dst;
	size_t i;

	for (i = 0; i < sizeof(seq_modes) / sizeof(seq_modes[0]); i++) {
		if (strcmp(val, seq_modes[i].name) == 0) {
			fs->set = (fs->set & ~both) | seq_modes[i].set;
			fs->clear = (fs->clear & ~both) |
				    (both & ~seq_modes[i].set);
			return EXIT_OK;
		}
	}
	return cli_error(e, EXIT_FAILED,
			 "invalid %s \"%s\": must be send, recv, both or off",
			 kw->what, val);
}

static int kw_protocols(const struct kwarg *kw, const char *val,
			struct cli_error *e)
{
	uint32_t *protos = kw->dst, bits = 0, bit;
	const char *p = val;

	if (strcmp(val, "none") == 0) {
		*protos = 0;
		return EXIT_OK;
	}
	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 4 && strncmp(p, "ipv4", 4) == 0)
			bit = L2TPGW_PROTO_IPV4;
		else if (n == 4 && strncmp(p, "ipv6", 4) == 0)
			bit = L2TPGW_PROTO_IPV6;
		else
			return cli_error(e, EXIT_FAILED,
					 "invalid %s \"%s\": \"%.*s\" is not ipv4 or ipv6 (give ipv4, ipv6, ipv4,ipv6 or none)",
					 kw->what, val, (int)n, p);
		if (bits & bit)
			return cli_error(e, EXIT_FAILED,
					 "invalid %s \"%s\": \"%.*s\" given twice",
					 kw->what, val, (int)n, p);
		bits |= bit;
		if (!p[n])
			break;
		p += n + 1;
	}
	*protos = bits;
	return EXIT_OK;
}

static int kw_ifname(const struct kwarg *kw, const char *val,
		     struct cli_error *e)
{
	const char *pct = strchr(val, '%');
	size_t n = strlen(val), i;

	if (n == 0 || n >= L2TPCTL_IFNAMSIZ)
		return cli_error(e, EXIT_FAILED,
				 "invalid %s \"%s\": must be 1..%d characters",
				 kw->what, val, L2TPCTL_IFNAMSIZ - 1);
	if (strcmp(val, ".") == 0 || strcmp(val, "..") == 0)
		return cli_error(e, EXIT_FAILED, "invalid %s \"%s\"",
				 kw->what, val);
	for (i = 0; i < n; i++)
		if (val[i] == '/' || val[i] == ':' ||
		    !isgraph((unsigned char)val[i]))
			return cli_error(e, EXIT_FAILED,
					 "invalid %s \"%s\": must not contain '/', ':' or blanks",
					 kw->what, val);
	if (pct && (pct[1] != 'd' || strchr(pct + 1, '%')))
		return cli_error(e, EXIT_FAILED,
				 "invalid %s \"%s\": may hold only one %%d",
				 kw->what, val);
	memcpy(kw->dst, val, n + 1);
	return EXIT_OK;
}

static size_t kw_find(const struct kwarg *kws, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(kws[i].name, name) == 0)
			break;
	return i;
}

/*
 * Parse KEYWORD VALUE pairs.  If trailing is not NULL, one last argument
 * that is not a keyword is stored there instead of being refused.
 */
static int kw_parse(const char *cmd, const struct kwarg *kws, size_t n,
		    int argc, char **argv, const char **trailing,
		    struct cli_error *e)
{
	uint64_t seen = 0;
	size_t k;
	int i, ret;

	for (i = 0; i < argc; i += 2) {
		k = kw_find(kws, n, argv[i]);
		if (k == n && trailing && i == argc - 1) {
			*trailing = argv[i];
			break;
		}
		if (k == n)
			return cli_error(e, EXIT_USAGE,
					 "%s: unknown argument \"%s\"", cmd,
					 argv[i]);
		if (seen & (1ull << k))
			return cli_error(e, EXIT_USAGE,
					 "%s: \"%s\" given twice", cmd,
					 argv[i]);
		if (i + 1 >= argc)
			return cli_error(e, EXIT_USAGE,
					 "%s: missing value after \"%s\"", cmd,
					 argv[i]);
		ret = kws[k].parse(&kws[k], argv[i + 1], e);
		if (ret)
			return ret;
		seen |= 1ull << k;
		if (kws[k].has)
			*kws[k].has |= kws[k].has_bit;
	}
	for (k = 0; k < n; k++)
		if (kws[k].required && !(seen & (1ull << k)))
			return cli_error(e, EXIT_USAGE,
					 "%s: missing required argument \"%s\"",
					 cmd, kws[k].name);
	return EXIT_OK;
}

#define NKW(a) (sizeof(a) / sizeof((a)[0]))

int args_none(const char *cmd, int argc, char **argv, struct cli_error *e)
{
	if (argc > 0)
		return cli_error(e, EXIT_USAGE, "%s: unexpected argument \"%s\"",
				 cmd, argv[0]);
	return EXIT_OK;
}

int args_socket_add(int argc, char **argv, struct l2tpctl_addr *local,
		    uint16_t *port, struct cli_error *e)
{
	struct kwarg kws[] = {
		{ "local", "local address", kw_addr, local, .required = true },
		{ "port", "port", kw_port, port, .required = true },
	};

	return kw_parse("kernel socket add", kws, NKW(kws), argc, argv, NULL,
			e);
}

int args_socket_id(const char *cmd, int argc, char **argv, uint32_t *id,
		   struct cli_error *e)
{
	struct kwarg kws[] = {
		{ "id", "socket id", kw_u32, id, .required = true },
	};

	return kw_parse(cmd, kws, NKW(kws), argc, argv, NULL, e);
}

int args_socket_modify(int argc, char **argv, uint32_t *id,
		       struct flagset *flags, struct cli_error *e)
{
	uint32_t has = 0;
	struct kwarg kws[] = {
		{ "id", "socket id", kw_u32, id, .required = true },
		{ "ipsec", "ipsec", kw_onoff, flags, L2TPGW_SOCK_F_IPSEC,
		  &has, 1, false },
	};
	int ret;

	memset(flags, 0, sizeof(*flags));
	ret = kw_parse("kernel socket modify", kws, NKW(kws), argc, argv,
		       NULL, e);
	if (!ret && !has)
		return cli_error(e, EXIT_USAGE,
				 "kernel socket modify: nothing to change (give ipsec)");
	return ret;
}

#define TUNNEL_CHANGES(a)						\
	{ "peer-id", "peer tunnel id", kw_id16, &(a)->t.peer_tunnel_id, 0, \
	  &(a)->t.has, L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID, false },	\
	{ "peer", "peer address", kw_addr, &(a)->t.peer, 0,		\
	  &(a)->t.has, L2TPCTL_TUNNEL_HAS_PEER, false },		\
	{ "peer-port", "peer port", kw_port, &(a)->t.peer_port, 0,	\
	  &(a)->t.has, L2TPCTL_TUNNEL_HAS_PEER_PORT, false },		\
	{ "mark", "mark", kw_mark, &(a)->t.mark, 0,			\
	  &(a)->t.has, L2TPCTL_TUNNEL_HAS_MARK, false },		\
	{ "reqid", "IPsec reqid", kw_u32, &(a)->t.ipsec_reqid, 0,	\
	  &(a)->t.has, L2TPCTL_TUNNEL_HAS_IPSEC_REQID, false },		\
	{ "udp-csum", "udp-csum", kw_onoff, &(a)->flags,		\
	  L2TPGW_TUNNEL_F_UDP_CSUM, &(a)->t.has,			\
	  L2TPCTL_TUNNEL_HAS_FLAGS, false },				\
	{ "send-length", "send-length", kw_onoff, &(a)->flags,		\
	  L2TPGW_TUNNEL_F_SEND_LENGTH, &(a)->t.has,			\
	  L2TPCTL_TUNNEL_HAS_FLAGS, false }

int args_tunnel_add(int argc, char **argv, struct tunnel_args *a,
		    struct cli_error *e)
{
	/* In the order of the usage text, so a missing one is named first. */
	struct kwarg kws[] = {
		{ "id", "tunnel id", kw_id16, &a->t.tunnel_id, .required = true },
		{ "peer-id", "peer tunnel id", kw_id16, &a->t.peer_tunnel_id, 0,
		  &a->t.has, L2TPCTL_TUNNEL_HAS_PEER_TUNNEL_ID, true },
		{ "socket", "socket id", kw_u32, &a->t.sock_id, 0, &a->t.has,
		  L2TPCTL_TUNNEL_HAS_SOCK_ID, true },
		{ "peer", "peer address", kw_addr, &a->t.peer, 0, &a->t.has,
		  L2TPCTL_TUNNEL_HAS_PEER, true },
		{ "peer-port", "peer port", kw_port, &a->t.peer_port, 0,
		  &a->t.has, L2TPCTL_TUNNEL_HAS_PEER_PORT, false },
		{ "local", "local address", kw_addr, &a->t.local, 0, &a->t.has,
		  L2TPCTL_TUNNEL_HAS_LOCAL, false },
		{ "mark", "mark", kw_mark, &a->t.mark, 0, &a->t.has,
		  L2TPCTL_TUNNEL_HAS_MARK, false },
		{ "reqid", "IPsec reqid", kw_u32, &a->t.ipsec_reqid, 0,
		  &a->t.has, L2TPCTL_TUNNEL_HAS_IPSEC_REQID, false },
		{ "udp-csum", "udp-csum", kw_onoff, &a->flags,
		  L2TPGW_TUNNEL_F_UDP_CSUM, &a->t.has, L2TPCTL_TUNNEL_HAS_FLAGS,
		  false },
		{ "send-length", "send-length", kw_onoff, &a->flags,
		  L2TPGW_TUNNEL_F_SEND_LENGTH, &a->t.has,
		  L2TPCTL_TUNNEL_HAS_FLAGS, false },
	};
	int ret;

	memset(a, 0, sizeof(*a));
	ret = kw_parse("kernel tunnel add", kws, NKW(kws), argc, argv, NULL, e);
	if (ret)
		return ret;
	if (!(a->t.has & L2TPCTL_TUNNEL_HAS_PEER_PORT)) {
		a->t.peer_port = L2TP_DEFAULT_PORT;
		a->t.has |= L2TPCTL_TUNNEL_HAS_PEER_PORT;
	}
	if ((a->t.has & L2TPCTL_TUNNEL_HAS_LOCAL) &&
	    a->t.local.family != a->t.peer.family)
		return cli_error(e, EXIT_FAILED,
				 "invalid local address: its family differs from the peer address's");
	a->t.flags = flagset_apply(0, &a->flags);
	return EXIT_OK;
}

int args_tunnel_modify(int argc, char **argv, struct tunnel_args *a,
		       struct cli_error *e)
{
	struct kwarg kws[] = {
		{ "id", "tunnel id", kw_id16, &a->t.tunnel_id, .required = true },
		TUNNEL_CHANGES(a),
	};
	int ret;

	memset(a, 0, sizeof(*a));
	ret = kw_parse("kernel tunnel modify", kws, NKW(kws), argc, argv,
		       NULL, e);
	if (!ret && !a->t.has)
		return cli_error(e, EXIT_USAGE,
				 "kernel tunnel modify: nothing to change (give peer-id, peer, peer-port, mark, reqid, udp-csum or send-length)");
	return ret;
}

int args_tunnel_id(const char *cmd, int argc, char **argv, uint16_t *id,
		   struct cli_error *e)
{
	struct kwarg kws[] = {
		{ "id", "tunnel id", kw_id16, id, .required = true },
	};

	return kw_parse(cmd, kws, NKW(kws), argc, argv, NULL, e);
}

#define SESSION_REF(a, req)						\
	{ "tunnel", "tunnel id", kw_id16, &(a)->tunnel_id, .required = req }, \
	{ "id", "session id", kw_id16, &(a)->session_id, .required = req }

#define SESSION_CHANGES(a)						\
	{ "peer-id", "peer session id", kw_id16,			\
	  &(a)->s.peer_session_id, 0, &(a)->s.has,			\
	  L2TPCTL_SESSION_HAS_PEER_SESSION_ID, false },			\
	{ "mtu", "mtu", kw_mtu, &(a)->s.mtu, 0, &(a)->s.has,		\
	  L2TPCTL_SESSION_HAS_MTU, false },				\
	{ "seq", "seq", kw_seq, &(a)->flags, 0, &(a)->s.has,		\
	  L2TPCTL_SESSION_HAS_FLAGS, false },				\
	{ "lns", "lns", kw_onoff, &(a)->flags, L2TPGW_SESSION_F_LNS,	\
	  &(a)->s.has, L2TPCTL_SESSION_HAS_FLAGS, false },		\
	{ "acfc", "acfc", kw_onoff, &(a)->flags,			\
	  L2TPGW_SESSION_F_TX_ACFC, &(a)->s.has,			\
	  L2TPCTL_SESSION_HAS_FLAGS, false },				\
	{ "pfc", "pfc", kw_onoff, &(a)->flags, L2TPGW_SESSION_F_TX_PFC,	\
	  &(a)->s.has, L2TPCTL_SESSION_HAS_FLAGS, false },		\
	{ "priority", "priority", kw_onoff, &(a)->flags,		\
	  L2TPGW_SESSION_F_PRIORITY, &(a)->s.has,			\
	  L2TPCTL_SESSION_HAS_FLAGS, false },				\
	{ "protocols", "protocols", kw_protocols, &(a)->s.protocols, 0,	\
	  &(a)->s.has, L2TPCTL_SESSION_HAS_PROTOCOLS, false },		\
	{ "reorder-window", "reorder window", kw_u16,			\
	  &(a)->s.reorder_window, 0, &(a)->s.has,			\
	  L2TPCTL_SESSION_HAS_REORDER_WINDOW, false },			\
	{ "reorder-timeout", "reorder timeout (ms)", kw_u32,		\
	  &(a)->s.reorder_timeout_ms, 0, &(a)->s.has,			\
	  L2TPCTL_SESSION_HAS_REORDER_TIMEOUT, false },			\
	{ "tcp-mss", "tcp mss", kw_tcp_mss,				\
	  &(a)->s.tcp_mss, 0, &(a)->s.has,				\
	  L2TPCTL_SESSION_HAS_TCP_MSS, false }

int args_session_add(int argc, char **argv, struct session_args *a,
		     struct cli_error *e)
{
	struct kwarg kws[] = {
		SESSION_REF(&a->s, true),
		{ "name", "interface name", kw_ifname, a->s.ifname, 0,
		  &a->s.has, L2TPCTL_SESSION_HAS_IFNAME, false },
		SESSION_CHANGES(a),
	};
	int ret;

	memset(a, 0, sizeof(*a));
	kws[3].required = true;		/* peer-id, the first of SESSION_CHANGES */
	ret = kw_parse("kernel session add", kws, NKW(kws), argc, argv, NULL,
		       e);
	if (!ret)
		a->s.flags = flagset_apply(0, &a->flags);
	return ret;
}

int args_session_modify(int argc, char **argv, struct session_args *a,
			struct cli_error *e)
{
	struct kwarg kws[] = {
		SESSION_REF(&a->s, true),
		SESSION_CHANGES(a),
	};
	int ret;

	memset(a, 0, sizeof(*a));
	ret = kw_parse("kernel session modify", kws, NKW(kws), argc, argv,
		       NULL, e);
	if (!ret && !a->s.has)
		return cli_error(e, EXIT_USAGE,
				 "kernel session modify: nothing to change (give peer-id, mtu, seq, lns, acfc, pfc, priority, protocols, reorder-window, reorder-timeout or tcp-mss)");
	return ret;
}

int args_session_ref(const char *cmd, int argc, char **argv,
		     uint16_t *tunnel_id, uint16_t *session_id,
		     struct cli_error *e)
{
	struct kwarg kws[] = {
		{ "tunnel", "tunnel id", kw_id16, tunnel_id, .required = true },
		{ "id", "session id", kw_id16, session_id, .required = true },
	};

	return kw_parse(cmd, kws, NKW(kws), argc, argv, NULL, e);
}

int args_session_list(int argc, char **argv, uint16_t *tunnel_id,
		      struct cli_error *e)
{
	struct kwarg kws[] = {
		{ "tunnel", "tunnel id", kw_id16, tunnel_id, .required = false },
	};

	*tunnel_id = 0;
	return kw_parse("kernel session list", kws, NKW(kws), argc, argv,
			NULL, e);
}

int args_ppp_send(int argc, char **argv, uint16_t *tunnel_id,
		  uint16_t *session_id, uint8_t *frame, size_t cap,
		  size_t *len, struct cli_error *e)
{
	struct kwarg kws[] = {
		{ "tunnel", "tunnel id", kw_id16, tunnel_id, .required = true },
		{ "id", "session id", kw_id16, session_id, .required = true },
	};
	const char *hex = NULL;
	int ret;

	ret = kw_parse("kernel ppp-send", kws, NKW(kws), argc, argv, &hex, e);
	if (ret)
		return ret;
	if (!hex)
		return cli_error(e, EXIT_USAGE,
				 "kernel ppp-send: missing the PPP frame (hex bytes, protocol field first)");
	return parse_hex_frame(hex, frame, cap, len, e);
}
