// SPDX-License-Identifier: GPL-2.0-or-later
/* Delegated prefixes: their rules and overlaps. */
#include "dhcp6/dhcp6_prefix.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static bool bit_set(const uint8_t a[16], unsigned i)
{
	return a[i / 8] & (0x80 >> (i % 8));
}

int dhcp6_prefix_check(const uint8_t addr[16], unsigned len, char *err,
		       size_t errlen)
{
	static const uint8_t zero[8];
	unsigned i;

	if (len < DHCP6_PD_MIN_LEN || len > DHCP6_PD_MAX_LEN) {
		snprintf(err, errlen, "prefix length /%u is not in /%u../%u",
			 len, DHCP6_PD_MIN_LEN, DHCP6_PD_MAX_LEN);
		return -1;
	}
	for (i = len; i < 128; i++)
		if (bit_set(addr, i)) {
			snprintf(err, errlen, "bits set past /%u", len);
			return -1;
		}
	if (addr[0] == 0xff || (addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80) ||
	    !memcmp(addr, zero, sizeof(zero))) {
		snprintf(err, errlen, "multicast, link-local or in ::/64");
		return -1;
	}
	return 0;
}

bool dhcp6_prefix_overlap(const uint8_t a[16], unsigned alen,
			  const uint8_t b[16], unsigned blen)
{
	unsigned n = alen < blen ? alen : blen, i;

	if (n > 128)
		n = 128;
	if (memcmp(a, b, n / 8))
		return false;
	for (i = n / 8 * 8; i < n; i++)
		if (bit_set(a, i) != bit_set(b, i))
			return false;
	return true;
}

const char *dhcp6_prefix_str(const uint8_t addr[16], unsigned len,
			     char *buf, size_t buflen)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, buflen, "%s/%u", inet_ntop(AF_INET6, addr, a, sizeof(a)),
		 len);
	return buf;
}
