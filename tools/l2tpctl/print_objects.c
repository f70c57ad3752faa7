// SPDX-License-Identifier: GPL-2.0-or-later
/* Printers shared by several subcommands: addresses and counters. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

static const char *addr_str(const struct l2tpctl_addr *a, char *buf,
			    size_t size)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)size))
		snprintf(buf, size, "?");
	return buf;
}

void print_addr(struct printer *p, const char *key, const char *fmt,
		const struct l2tpctl_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	print_string(p, key, fmt, addr_str(a, buf, sizeof(buf)));
}

int addr_width(const struct l2tpctl_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	return (int)strlen(addr_str(a, buf, sizeof(buf)));
}

void print_stats(struct printer *p, const struct l2tpctl_stats *st,
		 const char *indent)
{
	char fmt[96];
	unsigned int i;

	print_open_object(p, "stats");
	for (i = 0; i < st->count && i < L2TPCTL_STATS_CAPACITY; i++) {
		const char *name = l2tpctl_stat_name(i);

		if (!name)
			continue;
		snprintf(fmt, sizeof(fmt), "%s%s: %%llu\n", indent ? indent : "",
			 name);
		print_uint(p, name, indent ? fmt : NULL, st->counter[i]);
	}
	print_close(p);
}
