// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Checks that the users file and the pools fit together, and reserves the
 * users' static addresses, when a configuration is loaded: better one
 * clear error at load than a session failing at 3 a.m.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr/pool.h"
#include "ppp/ppp.h"
#include "aaa/users.h"

static int cmp_static(const void *a, const void *b)
{
	const struct ppp_user *x = *(const struct ppp_user *const *)a;
	const struct ppp_user *y = *(const struct ppp_user *const *)b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static const char *ip_str(uint32_t addr, char *buf, size_t len)
{
	struct in_addr a = { htonl(addr) };

	return inet_ntop(AF_INET, &a, buf, (socklen_t)len);
}

static int check_statics(const struct users_db *users, const char *file,
			 struct pool_set *pools, char *err, size_t errlen)
{
	const struct ppp_user **v;
	size_t n = 0;
	char a[INET_ADDRSTRLEN];
	int r = 0;

	v = malloc((users->n + 1) * sizeof(*v));
	if (!v) {
		snprintf(err, errlen, "%s: out of memory", file);
		return -ENOMEM;
	}
	for (size_t i = 0; i < users->n; i++)
		if (users->users[i].addr_kind == PPP_USER_ADDR_STATIC)
			v[n++] = &users->users[i];
	qsort(v, n, sizeof(*v), cmp_static);
	for (size_t i = 0; i < n && r == 0; i++) {
		if (i > 0 && v[i]->addr == v[i - 1]->addr) {
			snprintf(err, errlen,
				 "%s:%u: user \"%s\": address %s is already given to user \"%s\" (line %u)",
				 file, v[i]->line, v[i]->name,
				 ip_str(v[i]->addr, a, sizeof(a)), v[i - 1]->name,
				 v[i - 1]->line);
			r = -EEXIST;
		} else if (pool_set_reserve_static(pools, v[i]->addr) < 0) {
			snprintf(err, errlen,
				 "%s:%u: user \"%s\": address %s is in use in its pool and cannot be reserved",
				 file, v[i]->line, v[i]->name,
				 ip_str(v[i]->addr, a, sizeof(a)));
			r = -EBUSY;
		}
	}
	free(v);
	return r;
}

int ppp_address_plan_check(const struct users_db *users,
			   const char *users_file, struct pool_set *pools,
			   const char *default_pool, char *err, size_t errlen)
{
	const char *file = users_file ? users_file : "users";

	if (default_pool && !pool_set_find(pools, default_pool)) {
		snprintf(err, errlen, "default pool \"%s\" is not defined",
			 default_pool);
		return -ENOENT;
	}
	for (size_t i = 0; users && i < users->n; i++) {
		const struct ppp_user *u = &users->users[i];

		if (u->addr_kind == PPP_USER_ADDR_POOL &&
		    !pool_set_find(pools, u->pool)) {
			snprintf(err, errlen, "%s:%u: user \"%s\": pool \"%s\" is not defined",
				 file, u->line, u->name, u->pool);
			return -ENOENT;
		}
		if (u->addr_kind == PPP_USER_ADDR_DEFAULT && !default_pool) {
			snprintf(err, errlen,
				 "%s:%u: user \"%s\" has neither address nor pool, and no default pool is set",
				 file, u->line, u->name);
			return -ENOENT;
		}
	}
	return users ? check_statics(users, file, pools, err, errlen) : 0;
}
