/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * l2tpgwd.conf: an INI file parsed into a fresh struct, so that a reload
 * either applies completely or not at all (parse, then swap).
 *
 *	[global]		daemon-wide settings, at most once
 *	[lns NAME]		accept tunnels from peers (LNS role)
 *	[lac NAME]		open a tunnel to a peer (LAC role)
 *	[ipsec]			L2TP/IPsec through charon, at most once
 *	[radius]		RADIUS servers (docs/radius.md), at most once
 *
 * Lines are "key = value"; '#' or ';' start a comment line.  Errors read
 * "FILE:LINE: what is wrong" and name the key or section concerned.
 * docs/man/l2tpgwd.conf.5 lists every key.
 */
#ifndef L2TPGW_CONFIG_H
#define L2TPGW_CONFIG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "ppp/auth.h"
#include "ra/ra_config.h"

#define CONFIG_NAME_MAX		32
#define CONFIG_HOST_MAX		64
#define CONFIG_SECRET_MAX	128
#define CONFIG_IFNAME_MAX	16
#define CONFIG_MAX_LISTEN	16
#define CONFIG_MAX_PREFIXES	32
#define CONFIG_PATH_MAX		256
#define CONFIG_IPSEC_MAX_PROPOSALS 16
#define CONFIG_POOL_MAX		256
/*
 * tcp_mss of [lns] and [lac], as the module's L2TPGW_A_TCP_MSS: off,
 * auto (the session's MTU less the IP and TCP headers), or an IPv4 MSS
 * (IPv6 gets 20 less) from CONFIG_TCP_MSS_MIN.
 */
#define CONFIG_TCP_MSS_OFF	0
#define CONFIG_TCP_MSS_AUTO	0xffff
#define CONFIG_TCP_MSS_MIN	88
#define CONFIG_USER_MAX		64
#define CONFIG_DEFAULT_MAX_NEGOTIATING	1000
#define CONFIG_MAX_NEGOTIATING		1000000
/* sizeof(sun_path) of a Unix socket address. */
#define CONFIG_SOCKET_MAX	108

struct config_addr {
	struct sockaddr_storage ss;	/* port included */
	socklen_t len;
};

struct config_prefix {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint8_t len;		/* prefix length */
};

/* PPP authentication methods, in order of preference. */
struct config_auth {
	enum ppp_auth_method method[PPP_AUTH_NMETHODS - 1];
	unsigned n;		/* 0: no authentication ("none") */
};

/* IPv4 addresses, host byte order (DNS servers offered or wanted). */
struct config_dns {
	uint32_t addr[2];
	unsigned n;
};

/*
 * The line of every key a section sets, by the key's place in the
 * section's table (config.c); 0: not set.  Checks made after parsing
 * name the offending key's own line through config_*_line().
 */
#define CONFIG_SECTION_KEYS 48
struct config_key_lines {
	unsigned line[CONFIG_SECTION_KEYS];
};

/*
 * Scripts run when a session of the section comes up and ends (hooks.h):
 * absolute paths of executable files ("" : none), killed after timeout_ms.
 */
#define CONFIG_HOOK_TIMEOUT_MS	10000
struct config_hooks {
	char up[CONFIG_PATH_MAX];
	char down[CONFIG_PATH_MAX];
	uint32_t timeout_ms;
};

/*
 * The Prometheus endpoint (docs/metrics.md): addr.len 0 when off; set when
 * the file names metrics_listen (a failure to listen is then fatal).
 */
#define CONFIG_METRICS_PORT	9595
struct config_metrics {
	struct config_addr addr;
	bool set;
};
void config_metrics_default(struct config_metrics *m);

struct config_global {
	struct config_key_lines key_lines;
	char host_name[CONFIG_HOST_MAX];
	struct config_addr listen[CONFIG_MAX_LISTEN];
	unsigned n_listen;
	uint16_t port;
	uint32_t hello_interval_ms;
	uint32_t retransmit_initial_ms;
	uint32_t retransmit_max_ms;
	unsigned retries;
	uint16_t receive_window;
	unsigned max_tunnels;
	unsigned max_sessions_per_tunnel;
	/* New tunnels accepted per peer address: rate per second, burst. */
	unsigned peer_tunnel_rate;
	unsigned peer_tunnel_burst;
	unsigned source_prefix4;	/* bits of a source, for the above */
	unsigned source_prefix6;
	/*
	 * Tunnels whose SCCRQ we answered and whose SCCCN has not come: at
	 * most max_unverified (0: max_tunnels / 4, at most 1024; below
	 * max_tunnels), the oldest dropped for a new one, and
	 * max_unverified_per_source per source (0: 16).
	 */
	unsigned max_unverified;
	unsigned max_unverified_per_source;
	/*
	 * Incoming calls from ICRQ until an NCP opens on their PPP (or they
	 * end); more are refused with CDN result 4.  0: no limit.
	 */
	unsigned max_negotiating;
	/*
	 * Of those, at most this many on one tunnel; 0: the default,
	 * max_negotiating less a quarter kept for the other tunnels
	 * (config_negotiating_per_tunnel()).
	 */
	unsigned max_negotiating_per_tunnel;
	/* Of those, at most this many from one address; 0: as above. */
	unsigned max_negotiating_per_peer;
	int log_level;		/* LOG_ERR ... LOG_DEBUG */
	/* l2tpctl's socket ("" : the built-in default) and its group. */
	char control_socket[CONFIG_SOCKET_MAX];
	gid_t control_group;	/* (gid_t)-1: the daemon's own */
	/*
	 * Privileges (daemon/privdrop.c, daemon/control/access.c): the
	 * user and group l2tpgwd changes to once started ("": stays root;
	 * names are looked up then, not here), and the groups allowed
	 * every control command and the read-only ones ((gid_t)-1: none;
	 * admin_group unset: control_group's members are admins).
	 */
	char user[CONFIG_USER_MAX];
	char group[CONFIG_USER_MAX];
	gid_t admin_group;
	gid_t monitor_group;
	struct config_metrics metrics;	/* metrics_listen */
};

struct config_lns {
	struct config_key_lines key_lines;
	char name[CONFIG_NAME_MAX];
	char secret[CONFIG_SECRET_MAX];
	size_t secret_len;
	bool hide_avps;
	/* Cleartext tunnels move to a new source on a control message. */
	bool follow_peer;
	struct config_prefix peers[CONFIG_MAX_PREFIXES];	/* allowed */
	unsigned n_peers;
	char ifname[CONFIG_IFNAME_MAX];
	unsigned mtu;
	/* PPP, as server of the calls this section accepts. */
	struct config_auth auth;
	char users[CONFIG_PATH_MAX];	/* users file */
	/* Who checks the peers: "users" or "radius" ("": users if set). */
	char auth_backend[8];
	char pool[CONFIG_POOL_MAX];	/* ranges for pool_add_range */
	uint32_t local_ip;		/* host order; our end of every link */
	struct config_dns dns;
	bool ipv6;			/* negotiate IPv6CP too */
	/* A /64 per session from here, advertised by RA; len 0: none. */
	struct config_prefix ipv6_prefix_pool;
	struct ra_config ra;
	uint32_t echo_interval_ms;	/* 0: no LCP keepalive */
	unsigned echo_failures;
	uint16_t tcp_mss;		/* CONFIG_TCP_MSS_*, or the MSS */
	struct config_hooks hooks;	/* up_script, down_script */
	unsigned line;			/* of the section header */
};

struct config_lac {
	struct config_key_lines key_lines;
	char name[CONFIG_NAME_MAX];
	struct config_addr peer;
	char secret[CONFIG_SECRET_MAX];
	size_t secret_len;
	bool hide_avps;
	bool follow_peer;	/* as in config_lns */
	bool autostart;
	bool redial_calls;	/* place a call lost on a live tunnel again */
	unsigned sessions;	/* incoming calls to place once up */
	/* PPP, as client on the calls this section places. */
	struct config_auth auth;	/* methods accepted */
	char user[CONFIG_USER_MAX];
	char password[CONFIG_SECRET_MAX];
	size_t password_len;
	bool want_dns;
	bool ipv6;
	unsigned mtu;
	uint32_t echo_interval_ms;
	unsigned echo_failures;
	bool ipsec;			/* bring up a CHILD_SA first */
	uint16_t tcp_mss;		/* CONFIG_TCP_MSS_*, or the MSS */
	struct config_hooks hooks;	/* up_script, down_script */
	unsigned line;			/* of the section header */
};

/*
 * L2TP/IPsec: the connection l2tpgwd loads into charon over VICI, and
 * whether L2TP must arrive through it.  docs/ipsec.md explains it.
 */
struct config_ipsec {
	struct config_key_lines key_lines;
	char psk[CONFIG_SECRET_MAX];	/* pre-shared key, or */
	size_t psk_len;
	bool enabled;			/* the section is present */
	char vici_socket[CONFIG_SOCKET_MAX];	/* "": charon's default */
	char cert[CONFIG_PATH_MAX];	/* our certificate (PEM/DER) ... */
	char key[CONFIG_PATH_MAX];	/* ... its private key ... */
	char ca[CONFIG_PATH_MAX];	/* ... and the CA peers chain to */
	char local_id[CONFIG_HOST_MAX];	/* "": charon's default */
	unsigned ike_version;		/* 0: IKEv1 and IKEv2 */
	/* At most CONFIG_IPSEC_MAX_PROPOSALS each, separated by , or blanks. */
	char ike_proposals[CONFIG_PATH_MAX];	/* "": the defaults */
	char esp_proposals[CONFIG_PATH_MAX];	/* comma-separated */
	uint32_t dpd_delay_ms;		/* 0: no dead peer detection */
	bool enforce;			/* drop L2TP not through the SA */
	unsigned line;
};

/*
 * RADIUS servers and the client's limits (docs/radius.md); the client's
 * own configuration is built from it by radius_config_build()
 * (radius/config.h), which reads secrets_file.
 */
#define CONFIG_RADIUS_MAX_SERVERS 8	/* auth and acct together */
#define CONFIG_RADIUS_AUTH_PORT	1812
#define CONFIG_RADIUS_ACCT_PORT	1813
#define CONFIG_RADIUS_DAE_PORT	3799	/* RFC 5176 */
struct config_radius_servers {
	struct config_addr addr[CONFIG_RADIUS_MAX_SERVERS];	/* in order */
	unsigned n;
};

struct config_radius {
	struct config_key_lines key_lines;
	bool enabled;			/* the section is present */
	struct config_radius_servers auth;	/* auth_server */
	struct config_radius_servers acct;	/* acct_server */
	char secret[CONFIG_SECRET_MAX];	/* every server's, unless ... */
	size_t secret_len;
	char secrets_file[CONFIG_PATH_MAX];	/* ... "HOST SECRET" lines */
	uint32_t timeout_ms;		/* per try */
	unsigned retries;		/* tries per server after the first */
	uint32_t dead_time_ms;
	unsigned max_pending;
	char nas_identifier[CONFIG_HOST_MAX];	/* default: host_name */
	struct config_addr nas_ip_address;	/* len 0: none */
	bool require_message_authenticator;
	/* Accounting and dynamic authorization (aaa/acct.h, aaa/dae.h). */
	unsigned acct_interim_interval;	/* s; 0: none unless granted */
	unsigned acct_queue_max;	/* records waiting for a retry */
	uint32_t acct_off_wait_ms;	/* exit waits for Accounting-Off */
	struct config_radius_servers dae_listen;	/* at most one */
	struct config_radius_servers dae_clients;	/* port ignored */
	unsigned line;
};

struct config {
	struct config_global global;
	struct config_ipsec ipsec;
	struct config_radius radius;
	struct config_lns *lns;
	unsigned n_lns;
	struct config_lac *lac;
	unsigned n_lac;
};

/*
 * Parse buf[0..len) (need not be NUL-terminated); file names the source in
 * errors.  0 and *out (free with config_free), or -1 with the message in
 * err.
 */
int config_parse(const char *buf, size_t len, const char *file,
		 struct config **out, char *err, size_t err_len);
/* Read and parse a file; errors as config_parse (including I/O ones). */
int config_load(const char *path, struct config **out, char *err,
		size_t err_len);
void config_free(struct config *c);

/*
 * The line of key in a section: where it is set, or else the section's
 * header (0 for [global], which may have none).
 */
unsigned config_global_line(const struct config_global *g, const char *key);
unsigned config_lns_line(const struct config_lns *lns, const char *key);
unsigned config_lac_line(const struct config_lac *lac, const char *key);
unsigned config_ipsec_line(const struct config_ipsec *s, const char *key);
unsigned config_radius_line(const struct config_radius *r, const char *key);

/*
 * Calls one tunnel may have negotiating: max_negotiating_per_tunnel, or
 * by default max_negotiating less a quarter (at least 1), so one tunnel
 * never holds every slot while a LAC concentrating its calls on one
 * tunnel keeps most of the window.  0: no limit.
 */
unsigned config_negotiating_per_tunnel(const struct config_global *g);
/* The same for one peer address, all its tunnels and ports together. */
unsigned config_negotiating_per_peer(const struct config_global *g);

/* Does addr (AF_INET/AF_INET6 sockaddr) match one of the lns's prefixes? */
bool config_lns_allows(const struct config_lns *lns,
		       const struct sockaddr *addr);

#endif /* L2TPGW_CONFIG_H */
