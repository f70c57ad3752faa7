/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RADIUS accounting (RFC 2866): Accounting-On when the daemon starts,
 * Start when a session's first network protocol opens, Interim-Update
 * every Acct-Interim-Interval with the module's counters, Stop with the
 * totals, the duration and an Acct-Terminate-Cause, Accounting-Off before
 * the daemon exits.
 *
 * Nothing here waits: every record goes through the asynchronous client
 * (radius/client.h).  A record the client cannot take, or that no server
 * answered, waits in a bounded retry queue (acct_queue_max); past that it
 * is dropped, counted and logged.  Its Acct-Delay-Time grows meanwhile.
 *
 * Interims are sent in rounds: a session's next interim is aligned on the
 * loop's clock, and sessions falling due together share one dump of the
 * module's counters (acct_ops.refresh), never one dump per session.
 *
 * acct_attrs_fill() is the pure part: one record's attributes.
 */
#ifndef L2TPGW_AAA_ACCT_H
#define L2TPGW_AAA_ACCT_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaa/aaa.h"
#include "loop.h"
#include "radius/client.h"
#include "radius/radius.h"

/* "5F3A1B2C-0001-0002-00000001": boot, tunnel, session, serial. */
#define ACCT_SESSION_ID_LEN	32
#define ACCT_ADDR_STR		64
/* Interims of sessions due within this window share one counters dump. */
#define ACCT_ROUND_MS		1000
/* Interim due times are aligned on multiples of min(interval, this). */
#define ACCT_ALIGN_MS		10000
/* The retry queue is tried again this often. */
#define ACCT_RETRY_MS		5000
/* Records sent from the retry queue per try; after a full one, the next
 * try comes ACCT_RETRY_NEXT_MS later. */
#define ACCT_RETRY_BURST	64
#define ACCT_RETRY_NEXT_MS	100

/*
 * The session's Acct-Session-Id, the same in Access-Request and in every
 * accounting record: unique among the sessions of this daemon's life
 * (serial) and across restarts (the boot time prefix).  Writes
 * ACCT_SESSION_ID_LEN bytes at most.
 */
void acct_session_id_make(char out[ACCT_SESSION_ID_LEN], uint16_t tunnel_id,
			  uint16_t session_id);
/* The pure part of it, for tests. */
void acct_session_id_format(char out[ACCT_SESSION_ID_LEN], uint32_t boot,
			    uint16_t tunnel_id, uint16_t session_id,
			    uint32_t serial);

struct acct_counters {
	uint64_t in_packets, in_octets;		/* from the client */
	uint64_t out_packets, out_octets;	/* to the client */
};

/* What accounting reports about one session; copied by acct. */
struct acct_session_data {
	char user[USERS_NAME_MAX + 1];
	char acct_session_id[ACCT_SESSION_ID_LEN];
	char nas_port_id[IF_NAMESIZE];		/* the session device */
	uint32_t nas_port;
	char calling_station[ACCT_ADDR_STR];	/* the client's address */
	char tunnel_client[ACCT_ADDR_STR];	/* Tunnel-Client-Endpoint */
	char tunnel_server[ACCT_ADDR_STR];	/* Tunnel-Server-Endpoint */
	uint32_t framed_ip;			/* host order, 0: none */
	/* Delegated-IPv6-Prefix (RFC 4818); length 0: none. */
	uint8_t delegated_prefix[16];
	uint8_t delegated_prefix_len;
	bool radius_authentic;			/* Acct-Authentic RADIUS */
	uint32_t interim_s;			/* 0: the default */
	unsigned n_class;			/* Class, echoed */
	uint8_t class_len[AAA_CLASS_MAX];
	uint8_t class_val[AAA_CLASS_MAX][AAA_CLASS_LEN];
};

/* One accounting record as it goes out. */
struct acct_record {
	enum radius_acct_status status;
	const struct acct_session_data *sd;	/* NULL: On and Off */
	struct acct_counters c;			/* Interim, Stop */
	uint32_t session_time_s;		/* Interim, Stop */
	enum radius_terminate_cause cause;	/* Stop */
	uint32_t event_time;			/* Unix time of the event */
	char nas_session_id[ACCT_SESSION_ID_LEN];	/* On, Off */
};

/*
 * r's attributes into b (but NAS-Identifier, NAS-IP-Address and
 * Message-Authenticator, which the client adds).  delay_s: how long it
 * has waited.  0, or -1 when they do not fit.
 */
int acct_attrs_fill(struct radius_builder *b, const struct acct_record *r,
		    uint32_t delay_s);

struct acct_config {
	uint32_t interim_s;	/* default Acct-Interim-Interval, 0: none */
	uint32_t queue_max;	/* records waiting for a retry, at most */
	uint32_t off_wait_ms;	/* how long Accounting-Off may hold exit */
};

struct radius_client;

/*
 * How the sessions' owner (the gateway) gives accounting its RADIUS
 * client and its counters.
 */
struct acct_ops {
	/* The client now (a reload may replace or remove it), or NULL. */
	struct radius_client *(*client)(void *arg);
	/* One dump of every session's counters, before an interim round. */
	void (*refresh)(void *arg);
	/* owner's counters as of the last refresh; false: unknown. */
	bool (*counters)(void *arg, void *owner, struct acct_counters *c);
	void *arg;
};

struct acct;
struct acct_session;
struct radius_request;

/* The client's calls acct makes: radius_send, radius_cancel by default. */
struct acct_client_calls {
	struct radius_request *(*send)(struct radius_client *c,
				       enum radius_server_kind kind,
				       uint8_t code,
				       radius_fill_cb fill,
				       radius_done_cb done, void *arg,
				       char *err, size_t errlen);
	void (*cancel)(struct radius_client *c, struct radius_request *r);
};

/* NULL with errno set. */
struct acct *acct_new(struct loop *loop, const struct acct_config *cfg,
		      const struct acct_ops *ops);
/* For tests: another client behind the same calls. */
void acct_set_client_calls(struct acct *a,
			   const struct acct_client_calls *calls);
/* Records still queued or in flight are dropped (and counted). */
void acct_free(struct acct *a);

/* Accounting-On: once, at start. */
void acct_on(struct acct *a);
/*
 * Accounting-Off, once: then run the loop until acct_idle(), which
 * off_wait_ms after it is true even if no server answered.
 */
void acct_off(struct acct *a);
/* Nothing in flight nor queued (or off_wait_ms since acct_off()). */
bool acct_idle(const struct acct *a);

/* Start; the handle stays valid until acct_session_stop(). */
struct acct_session *acct_session_start(struct acct *a,
					const struct acct_session_data *sd,
					void *owner);
/*
 * Stop with final counters (NULL: the last ones known) and the cause;
 * frees as.  The cause comes from whoever ended the session.
 */
void acct_session_stop(struct acct *a, struct acct_session *as,
		       const struct acct_counters *final,
		       enum radius_terminate_cause cause);
/* Its Acct-Interim-Interval changed (CoA): from now on. */
void acct_session_set_interim(struct acct *a, struct acct_session *as,
			      uint32_t interim_s);

struct acct_stats {
	uint64_t sent[RADIUS_ACCT_OFF + 1];	/* by Acct-Status-Type */
	uint64_t answered;
	uint64_t queued;	/* went to the retry queue */
	uint64_t retried;	/* sent again from it */
	uint64_t dropped;	/* lost: queue full, or freed unsent */
	uint64_t interim_rounds;	/* counters dumps for interims */
	uint32_t queue_len;
	uint32_t in_flight;
	uint32_t sessions;
};
void acct_get_stats(const struct acct *a, struct acct_stats *s);

#endif /* L2TPGW_AAA_ACCT_H */
