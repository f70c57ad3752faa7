// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for what arrives on the DHCPv6 server's socket:
 * dhcp6_parse over the bytes, and the same bytes fed to a dhcp6_server
 * with two session links (one with a delegated /56, one without) on a
 * virtual clock, which must answer at most once, only on the link the
 * message arrived on, with a message that walks to its exact end, and
 * route nothing but the first link's prefix to the first link.
 *
 * Input: byte 0 bits 0..1 pick the device (1, 2, or an unknown one);
 * the rest is the UDP payload.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp6/dhcp6_msg.h"
#include "dhcp6/dhcp6_server.h"
#include "log.h"
#include "loop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t prefix[16] = { 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x99,
				    0x01, 0x00 };
static int sends, sent_on, routes;

/* Every option of [pos, end) must end exactly at end. */
static void walk(const uint8_t *p, size_t pos, size_t end)
{
	while (pos < end) {
		if (end - pos < 4)
			abort();
		pos += 4 + (size_t)(p[pos + 2] << 8 | p[pos + 3]);
	}
	if (pos != end)
		abort();
}

static int check_send(void *arg, int ifindex, const uint8_t dst[16],
		      const uint8_t *pkt, size_t len)
{
	(void)arg;
	(void)dst;
	if (len < 4 || len > DHCP6_MAX_SIZE ||
	    (pkt[0] != DHCP6_ADVERTISE && pkt[0] != DHCP6_REPLY))
		abort();
	walk(pkt, 4, len);
	sends++;
	sent_on = ifindex;
	return 0;
}

static int check_route(void *arg, int ifindex, const char *ifname,
		       const uint8_t p[16], unsigned len, bool add)
{
	(void)arg;
	(void)ifname;
	if (ifindex != 1 || len != 56 || memcmp(p, prefix, 16))
		abort();
	routes += add ? 1 : -1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t duid[] = { 0, 3, 0, 1, 2, 0, 0x5e, 0, 0x53, 1 };
	static const uint8_t ll[16] = { 0xfe, 0x80, [15] = 1 };
	struct dhcp6_io io = { .send = check_send, .route = check_route };
	struct dhcp6_link l = { .tunnel_id = 1, .ifname = "fuzz",
				.user = "fuzz", .prefix_len = 56 };
	struct dhcp6_request q;
	struct dhcp6_server *ds;
	struct loop *loop;
	char err[128];
	int ifindex;

	if (size < 1)
		return 0;
	(void)dhcp6_parse(data + 1, size - 1, &q);

	log_init(LOG_EMERG, false, "fuzz");
	loop = loop_new_virtual(1000);
	ds = dhcp6_server_new(loop, &io, duid, sizeof(duid), err, sizeof(err));
	if (!ds)
		abort();
	for (l.session_id = 1; l.session_id <= 2; l.session_id++) {
		l.ifindex = l.session_id;
		l.has_prefix = l.session_id == 1;
		memcpy(l.prefix, prefix, 16);
		if (dhcp6_server_link_up(ds, &l) < 0)
			abort();
	}
	sends = sent_on = routes = 0;
	ifindex = 1 + (data[0] & 3);
	dhcp6_server_input(ds, ifindex, ll, data + 1, size - 1);
	if (sends > 1 || (sends && sent_on != ifindex) || routes < 0 ||
	    routes > 1 || (routes && ifindex != 1))
		abort();
	loop_advance(loop, 86401000);
	dhcp6_server_free(ds);
	if (routes)
		abort();	/* expiry or the link's end took it away */
	loop_free(loop);
	return 0;
}
