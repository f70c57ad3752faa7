// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the tunnel and session state machines.  The input is
 * a script of datagrams, each "<peer:1> <advance-ms:1> <len:2> <bytes>",
 * fed to one context (LNS and LAC roles enabled, with a secret) from one
 * of four peers on a virtual clock with a fake kernel.  Each input starts
 * from a fresh context and clock: nothing carries over to the next.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/l2tp.h"
#include "log.h"
#include "loop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t rnd = 1;

static void fuzz_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--) {
		rnd = rnd * 1664525u + 1013904223u;
		*p++ = (uint8_t)(rnd >> 24);
	}
}

static void f_send(void *arg, uint32_t sock, const struct l2tp_addr *to,
		   const uint8_t *pkt, size_t len)
{
	/* Everything we send must be a well-formed control message. */
	if (len < 12 || pkt[0] != 0xc8 || pkt[1] != 0x02 ||
	    (size_t)(pkt[2] << 8 | pkt[3]) != len)
		abort();
}

static int f_tunnel_add(void *arg, const struct l2tp_tunnel_info *ti)
{
	return 0;
}

static void f_tunnel_del(void *arg, uint16_t tid)
{
}

static int f_session_add(void *arg, const struct l2tp_session_info *si)
{
	return si->session_id % 7 ? 0 : -12;	/* refuse some */
}

static void f_session_del(void *arg, uint16_t tid, uint16_t sid)
{
}

static const struct l2tp_kernel_ops kops = {
	.tunnel_add = f_tunnel_add, .tunnel_del = f_tunnel_del,
	.session_add = f_session_add, .session_del = f_session_del,
};

static const struct l2tp_hooks hooks = {
	.send = f_send,
};

static const uint8_t secret[] = "fuzz";
static const struct l2tp_config cfg = {
	.host_name = "fuzz-lns",
	.secret = secret,
	.secret_len = sizeof(secret) - 1,
	.hide_avps = true,
	.accept_icrq = true,
	.accept_ocrq = true,
	.max_tunnels = 8,
	.max_sessions = 8,
	.random_bytes = fuzz_random,
};

/*
 * The context (over 500 KiB of tables) is allocated once: allocating and
 * freeing it for every input cost most of the time under ASan (page
 * faults on calloc, madvise on free).  l2tp_ctx_reset returns it to what
 * l2tp_ctx_new makes, so every input still starts from the same state.
 */
static struct l2tp_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_EMERG, false, "fuzz");
	ctx = l2tp_ctx_new(NULL, &cfg, &kops, NULL, &hooks, NULL);
	if (!ctx)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct l2tp_addr peers[4];
	struct loop *loop = loop_new_virtual(0);
	size_t off = 0;
	unsigned i;

	log_init(LOG_EMERG, false, "fuzz");
	rnd = 1;
	l2tp_ctx_reset(ctx, loop);
	for (i = 0; i < 4; i++) {
		memset(&peers[i], 0, sizeof(peers[i]));
		peers[i].sin.sin_family = AF_INET;
		peers[i].sin.sin_port = htons((uint16_t)(1701 + (i & 1)));
		peers[i].sin.sin_addr.s_addr = htonl(0xc0000200u + (i >> 1));
		peers[i].len = sizeof(peers[i].sin);
	}
	/* Also start a LAC tunnel of our own, to exercise that side. */
	if (size && (data[0] & 0x80))
		l2tp_tunnel_open(ctx, 1, &peers[3]);
	while (size - off >= 4) {
		uint8_t who = data[off] & 3;
		uint8_t advance = data[off + 1];
		size_t len = (size_t)(data[off + 2] << 8 | data[off + 3]);

		off += 4;
		if (len > size - off)
			len = size - off;
		if (len && (data[off] & 0x80)) {
			l2tp_ctx_input(ctx, 1, &peers[who], data + off, len);
		} else {
			const uint8_t *ppp;
			size_t ppp_len;

			l2tp_ctx_data_input(ctx, 1, &peers[who], data + off, len,
					    &ppp, &ppp_len);
		}
		off += len;
		/* Scaled so that retransmissions and HELLOs happen. */
		loop_advance(loop, (uint64_t)advance * 250);
	}
	/* Every tunnel and its timers go while their loop exists. */
	l2tp_ctx_reset(ctx, NULL);
	loop_free(loop);
	return 0;
}
