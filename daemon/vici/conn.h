/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The VICI requests the LNS sends charon, and the parser of the CHILD_SA
 * events it acts on.  Key names follow swanctl.conf(5), which is what
 * load-conn accepts; docs/vici.md explains the choices (proposals, marks).
 *
 * Every vici_build_* starts a fresh message in an initialised builder and
 * returns vici_builder_finish()'s result: 0, or a negative errno with
 * b->errstr naming what was wrong.
 */
#ifndef L2TPGW_VICI_CONN_H
#define L2TPGW_VICI_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vici/message.h"

/* IKE and ESP proposals native L2TP/IPsec clients offer (NULL-terminated). */
extern const char *const vici_default_ike_proposals[];
extern const char *const vici_default_esp_proposals[];

enum vici_auth { VICI_AUTH_PSK, VICI_AUTH_PUBKEY };

/*
 * An L2TP/IPsec connection: ESP transport mode protecting UDP 1701 on the
 * LNS side, IKEv1 and IKEv2 (or one of them), each CHILD_SA with its own
 * XFRM marks (%unique) so the kernel can tell apart tunnels from clients
 * behind one NAT.  A responder (the LNS) accepts any peer; an initiator
 * (a LAC) names its LNS in remote_addrs and protects traffic to its port
 * 1701.
 */
struct vici_l2tp_conn {
	const char *name;		/* IKE and CHILD config name */
	unsigned int ike_version;	/* 0: both, 1 or 2 */
	const char *const *local_addrs;	/* NULL-terminated; NULL: any */
	const char *const *remote_addrs;	/* initiator: the LNS */
	bool initiator;
	const char *local_id;		/* NULL: charon's default */
	enum vici_auth auth;
	const void *cert;		/* PUBKEY: our certificate, PEM/DER */
	size_t cert_len;
	const char *const *ike_proposals;	/* NULL: the defaults */
	const char *const *esp_proposals;	/* NULL: the defaults */
	uint32_t dpd_delay_s;		/* 0: no DPD */
	uint32_t replay_window;		/* 0: 1024 */
};

int vici_build_load_conn(struct vici_builder *b,
			 const struct vici_l2tp_conn *conn);
int vici_build_unload_conn(struct vici_builder *b, const char *name);
/* An IKE pre-shared key for owners (NULL-terminated; NULL or empty: any). */
int vici_build_load_shared_psk(struct vici_builder *b, const char *id,
			       const void *psk, size_t psk_len,
			       const char *const *owners);
/* type "X509", flag "NONE" or "CA"; data PEM or DER. */
int vici_build_load_cert(struct vici_builder *b, const char *type,
			 const char *flag, const void *data, size_t len);
/* type "rsa", "ecdsa", "ed25519" or "any"; data PEM or DER. */
int vici_build_load_key(struct vici_builder *b, const char *type,
			const void *data, size_t len);
/* timeout_ms: 0 waits for the result, -1 returns at once. */
int vici_build_initiate(struct vici_builder *b, const char *child,
			const char *ike, int timeout_ms);
/* Terminate an IKE_SA by unique id (child_id 0) or a CHILD_SA by its id. */
int vici_build_terminate(struct vici_builder *b, uint32_t ike_id,
			 uint32_t child_id, int timeout_ms);
/* ike: filter by IKE config name, or NULL. */
int vici_build_list_sas(struct vici_builder *b, const char *ike, bool noblock);
/*
 * The one IKE_SA with this unique id and its CHILD_SAs, waiting for it if
 * another thread of charon has it checked out (updating it, say).
 */
int vici_build_list_ike_sa(struct vici_builder *b, uint32_t ike_id);

#define VICI_HOST_LEN	64
#define VICI_ITEM_LEN	32

/* What the daemon needs to know about one CHILD_SA. */
struct vici_child_sa {
	bool up;			/* child-updown: up = yes */
	char ike_name[VICI_MAX_NAME + 1];
	char child_name[VICI_MAX_NAME + 1];
	uint32_t ike_id;		/* IKE_SA unique id */
	uint32_t child_id;		/* CHILD_SA unique id */
	uint32_t reqid;
	uint8_t ike_version;
	char local_host[VICI_HOST_LEN];
	char remote_host[VICI_HOST_LEN];
	uint16_t local_port;		/* 0 if charon did not say */
	uint16_t remote_port;
	uint32_t mark_in, mark_out;	/* 0: unmarked */
	char state[VICI_ITEM_LEN];	/* INSTALLED, DELETING, ... */
	char mode[VICI_ITEM_LEN];	/* TRANSPORT, TUNNEL */
	char protocol[VICI_ITEM_LEN];	/* ESP, AH */
	bool encap;			/* UDP-encapsulated (NAT-T) */
	uint32_t spi_in, spi_out;
};

/*
 * One CHILD_SA from an IKE_SA section as found in list-sa and
 * child-updown events: ike is the section named by the IKE config,
 * child a section inside its child-sas.  0 or -EBADMSG with err saying
 * which field of which SA is missing or malformed.
 */
int vici_parse_child_sa(const struct vici_msg *m, const struct vici_node *ike,
			const struct vici_node *child,
			struct vici_child_sa *sa, char *err, size_t errlen);
/* A child-updown event: one IKE_SA section holding one CHILD_SA. */
int vici_parse_child_updown(const struct vici_msg *m, struct vici_child_sa *sa,
			    char *err, size_t errlen);

/*
 * A child-rekey event: the CHILD_SA that replaces the old one (same reqid
 * and marks, new SPIs and unique id) into sa, with up set.
 */
int vici_parse_child_rekey(const struct vici_msg *m, struct vici_child_sa *sa,
			   char *err, size_t errlen);

/*
 * A list-sa event (streamed by list-sas): cb runs for every CHILD_SA of
 * every IKE_SA in it, with up set.  IKE_SAs without CHILD_SAs are skipped.
 * 0, the first non-zero value cb returned, or -EBADMSG (err says which SA)
 * if an SA is malformed; SAs before it have been reported.
 */
int vici_parse_list_sa(const struct vici_msg *m,
		       int (*cb)(const struct vici_child_sa *sa, void *arg),
		       void *arg, char *err, size_t errlen);

/*
 * An ike-update event: charon is about to move an IKE_SA (NAT mapping
 * changed, MOBIKE) to new endpoints, then its CHILD_SAs, whose reqids may
 * change with their traffic selectors.  The event names the IKE_SA (its
 * section, with the endpoints before the move) and the new endpoints.
 */
struct vici_ike_update {
	char ike_name[VICI_MAX_NAME + 1];
	uint32_t ike_id;
	char remote_host[VICI_HOST_LEN];	/* where it goes */
	uint16_t remote_port;
};
/* 0, or -EBADMSG with err saying what is missing or malformed. */
int vici_parse_ike_update(const struct vici_msg *m, struct vici_ike_update *u,
			  char *err, size_t errlen);

#endif /* L2TPGW_VICI_CONN_H */
