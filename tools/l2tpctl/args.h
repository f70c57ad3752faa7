/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command-line argument parsing of l2tpctl: pure functions from argv to
 * structures, so every accepted and rejected input can be unit tested.
 * Keywords match exactly; each takes one value; none may repeat.
 */
#ifndef L2TPCTL_ARGS_H
#define L2TPCTL_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "l2tpctl.h"

/* Exit codes, also the codes of struct cli_error. */
enum {
	EXIT_OK		= 0,
	EXIT_FAILED	= 1,	/* an invalid value, or the operation failed */
	EXIT_USAGE	= 2,	/* unknown/missing/repeated keyword or command */
};

struct cli_error {
	int code;
	char msg[256];
};

__attribute__((format(printf, 3, 4)))
int cli_error(struct cli_error *e, int code, const char *fmt, ...);

struct flagset {
	uint32_t set;
	uint32_t clear;
};

uint32_t flagset_apply(uint32_t flags, const struct flagset *fs);

struct tunnel_args {
	struct l2tpctl_tunnel t;	/* has bits say what was given */
	struct flagset flags;
};

struct session_args {
	struct l2tpctl_session s;
	struct flagset flags;
};

#define L2TP_DEFAULT_PORT	1701

/* Value parsers; what names the value in the message. */
int parse_u32_range(const char *what, const char *s, uint32_t min,
		    uint32_t max, uint32_t *out, struct cli_error *e);
int parse_addr(const char *what, const char *s, struct l2tpctl_addr *a,
	       struct cli_error *e);
int parse_hex_frame(const char *s, uint8_t *frame, size_t cap, size_t *len,
		    struct cli_error *e);

/* Each returns EXIT_OK or the code of e.  cmd names the command for
 * messages, e.g. "kernel tunnel add". */
int args_none(const char *cmd, int argc, char **argv, struct cli_error *e);
int args_socket_add(int argc, char **argv, struct l2tpctl_addr *local,
		    uint16_t *port, struct cli_error *e);
int args_socket_id(const char *cmd, int argc, char **argv, uint32_t *id,
		   struct cli_error *e);
/* Flags to set and clear on the socket. */
int args_socket_modify(int argc, char **argv, uint32_t *id,
		       struct flagset *flags, struct cli_error *e);
int args_tunnel_add(int argc, char **argv, struct tunnel_args *a,
		    struct cli_error *e);
int args_tunnel_modify(int argc, char **argv, struct tunnel_args *a,
		       struct cli_error *e);
int args_tunnel_id(const char *cmd, int argc, char **argv, uint16_t *id,
		   struct cli_error *e);
int args_session_add(int argc, char **argv, struct session_args *a,
		     struct cli_error *e);
int args_session_modify(int argc, char **argv, struct session_args *a,
			struct cli_error *e);
int args_session_ref(const char *cmd, int argc, char **argv,
		     uint16_t *tunnel_id, uint16_t *session_id,
		     struct cli_error *e);
/* tunnel_id 0 when not given. */
int args_session_list(int argc, char **argv, uint16_t *tunnel_id,
		      struct cli_error *e);
int args_ppp_send(int argc, char **argv, uint16_t *tunnel_id,
		  uint16_t *session_id, uint8_t *frame, size_t cap,
		  size_t *len, struct cli_error *e);

#endif /* L2TPCTL_ARGS_H */
