// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The modes of files holding secrets (secrets.h).
 */
#include "secrets.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum secrets_verdict secrets_verdict(const struct stat *st,
				     const struct privdrop_id *id)
{
	uid_t uid = id->uid;
	gid_t gid = id->gid;

	if (!S_ISREG(st->st_mode))
		return SECRETS_NOT_FILE;
	if (st->st_uid != 0 && st->st_uid != uid)
		return SECRETS_OWNER;
	if (st->st_mode & S_IRWXO)
		return SECRETS_OTHERS;
	if (!(st->st_mode & S_IRWXG) || st->st_gid == 0)
		return SECRETS_OK;
	if (st->st_gid != gid)
		return SECRETS_GROUP;
	if (st->st_mode & S_IWGRP)
		return SECRETS_GROUP_WRITE;
	return SECRETS_OK;
}

static const char *const problem[] = {
	[SECRETS_NOT_FILE] = "is not a regular file",
	[SECRETS_OWNER] = "is owned by uid %u, neither root nor l2tpgwd's user",
	[SECRETS_OTHERS] = "is accessible to others",
	[SECRETS_GROUP] = "is readable by group %u, not l2tpgwd's",
	[SECRETS_GROUP_WRITE] = "is writable by l2tpgwd's group",
};

int secrets_check_file(const char *what, const char *path,
		       const struct privdrop_id *id, char *err, size_t errlen)
{
	enum secrets_verdict v;
	struct stat st;
	char why[96];
	int n;

	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	v = secrets_verdict(&st, id);
	if (v == SECRETS_OK)
		return 0;
	snprintf(why, sizeof(why), problem[v], v == SECRETS_OWNER ?
		 (unsigned)st.st_uid : (unsigned)st.st_gid);
	n = snprintf(err, errlen, "%s %s: mode %04o %s; it holds secrets: ",
		     what, path, (unsigned)(st.st_mode & 07777), why);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	if (id->drop)
		snprintf(err + n, errlen - (size_t)n, "chown root:%s and chmod "
			 "0640, or chmod 0600", id->group);
	else
		snprintf(err + n, errlen - (size_t)n, "chmod 0600");
	return -1;
}

static bool config_has_secret(const struct config *c)
{
	unsigned i;

	if (c->ipsec.psk_len || c->radius.secret_len)
		return true;
	for (i = 0; i < c->n_lns; i++)
		if (c->lns[i].secret_len)
			return true;
	for (i = 0; i < c->n_lac; i++)
		if (c->lac[i].secret_len || c->lac[i].password_len)
			return true;
	return false;
}

int secrets_check_config(const struct config *c, const char *path,
			 const struct privdrop_id *id, char *err,
			 size_t errlen)
{
	unsigned i;

	if (config_has_secret(c) &&
	    secrets_check_file("configuration", path, id, err, errlen) < 0)
		return -1;
	for (i = 0; i < c->n_lns; i++)
		if (c->lns[i].users[0] &&
		    secrets_check_file("users file", c->lns[i].users, id, err,
				       errlen) < 0)
			return -1;
	if (c->ipsec.key[0] &&
	    secrets_check_file("ipsec private key", c->ipsec.key, id, err,
			       errlen) < 0)
		return -1;
	if (c->radius.secrets_file[0] &&
	    secrets_check_file("radius secrets file", c->radius.secrets_file,
			       id, err, errlen) < 0)
		return -1;
	return 0;
}
