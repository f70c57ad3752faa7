// SPDX-License-Identifier: GPL-2.0-or-later
/* What the operator commands share: the daemon connection and printers. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "operator.h"

int cli_daemon(struct cli *cli)
{
	if (l2tpctl_daemon_connect(cli->h, cli->socket_path) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}

int cli_daemon_or_kernel(struct cli *cli, bool *kernel)
{
	int err = l2tpctl_daemon_connect(cli->h, cli->socket_path);

	*kernel = false;
	if (err == -ENOENT || err == -ECONNREFUSED) {
		fprintf(cli->err,
			"l2tpctl: l2tpgwd not running; showing kernel state\n");
		*kernel = true;
		return EXIT_OK;
	}
	return err < 0 ? cli_lib_fail(cli) : EXIT_OK;
}

void print_daemon_counters(struct printer *p,
			   const struct l2tpctl_daemon_counters *c,
			   bool has, const char *indent)
{
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
		{ "rx_packets", offsetof(struct l2tpctl_daemon_counters, rx_packets) },
		{ "rx_bytes", offsetof(struct l2tpctl_daemon_counters, rx_bytes) },
		{ "tx_packets", offsetof(struct l2tpctl_daemon_counters, tx_packets) },
		{ "tx_bytes", offsetof(struct l2tpctl_daemon_counters, tx_bytes) },
		{ "rx_errors", offsetof(struct l2tpctl_daemon_counters, rx_errors) },
		{ "tx_errors", offsetof(struct l2tpctl_daemon_counters, tx_errors) },
	};
	char fmt[64];
	size_t i;

	if (!has) {
		print_null(p, "stats", NULL);
		return;
	}
	print_open_object(p, "stats");
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		snprintf(fmt, sizeof(fmt), "%s%s: %%llu\n", indent ? indent : "",
			 fields[i].key);
		print_uint(p, fields[i].key, indent ? fmt : NULL,
			   *(const uint64_t *)((const char *)c + fields[i].off));
	}
	print_close(p);
}

void age_text(int64_t since, char *buf, size_t size)
{
	int64_t s = (int64_t)time(NULL) - since;

	if (since <= 0 || s < 0)
		snprintf(buf, size, "-");
	else if (s >= 86400)
		snprintf(buf, size, "%lldd%02lldh", (long long)(s / 86400),
			 (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(buf, size, "%lldh%02lldm", (long long)(s / 3600),
			 (long long)(s % 3600 / 60));
	else
		snprintf(buf, size, "%lldm%02llds", (long long)(s / 60),
			 (long long)(s % 60));
}

void addr_text(const struct l2tpctl_addr *a, char *buf, size_t size)
{
	if (!a->family || !inet_ntop(a->family, a->addr, buf, (socklen_t)size))
		snprintf(buf, size, "-");
}
