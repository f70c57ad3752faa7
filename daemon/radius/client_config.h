/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RADIUS client's configuration from l2tpgwd.conf's [radius] section
 * (config.h's struct config_radius) and its secrets file.
 *
 * The secrets file has one server per line, "ADDRESS SECRET": the secret
 * of the servers at that address (any port); blank lines and lines
 * starting with '#' are skipped.  A server the file does not name uses
 * [radius] secret.  Its mode is checked with the other secrets files
 * (secrets.h) at start, by l2tpgwd -n and on every reload.
 */
#ifndef L2TPGW_RADIUS_CLIENT_CONFIG_H
#define L2TPGW_RADIUS_CLIENT_CONFIG_H

#include <stddef.h>
#include <sys/socket.h>

#include "config.h"
#include "radius/client.h"

/*
 * The secret for addr in the secrets file buf[0..len) named file: 1 and
 * the secret, 0 if no line names addr, -1 with "FILE:LINE: ..." in err
 * when a line is malformed.  Pure.
 */
int radius_secrets_lookup(const char *buf, size_t len, const char *file,
			  const struct sockaddr_storage *addr, char *secret,
			  size_t secret_size, char *err, size_t errlen);

/*
 * out from c->radius (which must be enabled), reading its secrets file:
 * servers auth then acct in their order, NAS-Identifier defaulting to
 * [global] host_name.  0, or -1 with err naming the file or server.
 */
int radius_config_build(const struct config *c,
			struct radius_client_config *out, char *err,
			size_t errlen);

/*
 * The secret of a peer at addr that is no server (a DAE client): its line
 * in r's secrets file, else [radius] secret.  0, or -1 with err.
 */
int radius_secret_of(const struct config_radius *r,
		     const struct sockaddr_storage *addr, char *secret,
		     size_t secret_size, char *err, size_t errlen);

#endif /* L2TPGW_RADIUS_CLIENT_CONFIG_H */
