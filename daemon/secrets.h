/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files that hold secrets must not be readable by everyone: the users
 * files, the IPsec private key, [radius] secrets_file, and the
 * configuration itself when it holds a secret (secret =, password =,
 * psk =).  Allowed: owner root or
 * the daemon's user, no permission for others, and read permission for
 * the group only when that group is root or the daemon's group (which
 * must read them after leaving root: root:l2tpgw 0640).  Checked at start,
 * by l2tpgwd -n and on every reload (a refused reload changes nothing).
 */
#ifndef L2TPGW_SECRETS_H
#define L2TPGW_SECRETS_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "config.h"
#include "privdrop.h"

enum secrets_verdict {
	SECRETS_OK,
	SECRETS_NOT_FILE,	/* not a regular file */
	SECRETS_OWNER,		/* owned by another user */
	SECRETS_OTHERS,		/* any permission for others */
	SECRETS_GROUP,		/* group permission for a foreign group */
	SECRETS_GROUP_WRITE,	/* the daemon's group may write it */
};

/* The verdict on a file's stat as id (uid, gid) would read it: pure. */
enum secrets_verdict secrets_verdict(const struct stat *st,
				     const struct privdrop_id *id);

/*
 * Check one file; what names it in the error ("users file").  0, or -1
 * with err naming the file, its mode and what is allowed.
 */
int secrets_check_file(const char *what, const char *path,
		       const struct privdrop_id *id, char *err, size_t errlen);

/* Every secrets file of c, loaded from path.  0, or -1 with err. */
int secrets_check_config(const struct config *c, const char *path,
			 const struct privdrop_id *id, char *err,
			 size_t errlen);

#endif /* L2TPGW_SECRETS_H */
