// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for what arrives on the Router Solicitation socket:
 * rs_parse over the bytes, and the same bytes fed to an ra_server with two
 * session links on a virtual clock, which must never send on a link the
 * message did not arrive on, nor more than one RA per link per 3 s.
 *
 * Input: byte 0 is the hop limit, byte 1 bit 0 the unspecified source and
 * bit 1 the link (ifindex 1 or 2; bits 2..7 non-zero: an unknown device);
 * the rest is the ICMPv6 message.  The RA builder runs on parameters from
 * the first bytes too, and its output must be well-formed options.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "ra/ra_build.h"
#include "ra/ra_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sends_on[3];

static int count_send(void *arg, int ifindex, const uint8_t src[16],
		      const uint8_t *pkt, size_t len)
{
	(void)arg;
	(void)src;
	if (ifindex < 1 || ifindex > 2 || len < 16 ||
	    pkt[0] != ND_ROUTER_ADVERT_TYPE)
		abort();
	sends_on[ifindex]++;
	return 0;
}

/* Every option the builder writes must walk to the exact end. */
static void check_built(const uint8_t *data, size_t size)
{
	struct ra_message m = { 0 };
	uint8_t buf[RA_MAX_SIZE];
	size_t pos = 16;
	int n;

	if (size < 8)
		return;
	m.has_prefix = data[2] & 1;
	m.prefix_len = 64;
	m.mtu = data[3] & 2 ? 1280u + data[4] : 0;
	m.n_dns = data[5] % (RA_MAX_DNS + 1);
	m.valid_lifetime_s = data[6];
	m.preferred_lifetime_s = data[7] % (data[6] + 1u);
	n = ra_build(&m, buf, sizeof(buf));
	if (n < 16)
		abort();
	while (pos < (size_t)n) {
		if (!buf[pos + 1] || pos + buf[pos + 1] * 8u > (size_t)n)
			abort();
		pos += buf[pos + 1] * 8u;
	}
	if (pos != (size_t)n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t ll[16] = { 0xfe, 0x80, [15] = 1 };
	static const uint8_t unspec[16];
	struct ra_config cfg = { .interval_ms = 200000,
				 .router_lifetime_ms = 1800000 };
	struct ra_io io = { .send = count_send };
	struct ra_link l = { .tunnel_id = 1, .ifname = "fuzz", .mtu = 1400,
			     .cfg = &cfg };
	struct ra_server_stats st;
	struct rs_info info;
	struct ra_server *rs;
	struct loop *loop;
	int ifindex;
	char err[128];

	if (size < 2)
		return 0;
	check_built(data, size);
	(void)rs_parse(data + 2, size - 2, data[0], data[1] & 1, &info);

	log_init(LOG_EMERG, false, "fuzz");
	loop = loop_new_virtual(1000);
	rs = ra_server_new(loop, &io, err, sizeof(err));
	if (!rs)
		abort();
	for (l.session_id = 1; l.session_id <= 2; l.session_id++) {
		l.ifindex = l.session_id;
		l.prefix[7] = (uint8_t)l.session_id;
		if (ra_server_link_up(rs, &l) < 0)
			abort();
	}
	loop_advance(loop, 60000);
	memset(sends_on, 0, sizeof(sends_on));
	ifindex = data[1] >> 2 ? 3 + (data[1] >> 2) : 1 + ((data[1] >> 1) & 1);
	ra_server_input(rs, ifindex, data[1] & 1 ? unspec : ll, data[0],
			data + 2, size - 2);
	ra_server_input(rs, ifindex, data[1] & 1 ? unspec : ll, data[0],
			data + 2, size - 2);
	loop_advance(loop, 2999);
	ra_server_stats(rs, &st);
	if (sends_on[ifindex == 1 ? 2 : 1] || sends_on[1] + sends_on[2] > 1 ||
	    st.rs_received + st.rs_other_device != 2)
		abort();
	ra_server_free(rs);
	loop_free(loop);
	return 0;
}
