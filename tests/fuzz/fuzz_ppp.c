// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for everything PPP parses from the network: a server
 * or client ppp_session fed frames on a virtual clock, plus the users file
 * and pool range parsers.
 *
 * Input: byte 0 picks the target and session configuration; the rest is
 * records of [length][frame bytes], a zero length advancing the clock by a
 * second.  The harness plays a cooperative peer for one thing only: it
 * acknowledges each Configure-Request the session sends, so the fuzzer can
 * reach the authentication and network phases without guessing magic
 * numbers (mode bit 6 set: only when the input holds a one-byte record),
 * and it copies the identifier of what the session last sent into replies
 * that must carry it (Configure-Nak/-Reject, CHAP Response, PAP Ack/Nak),
 * so those parsers are reached too.  Everything else comes from the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "addr/pool.h"
#include "ppp/ppp.h"
#include "aaa/users.h"
#include "aaa/users_verifier.h"

#define ACKQ 8

struct harness {
	uint8_t acks[ACKQ][2 + PPP_MAX_PACKET];
	size_t ack_len[ACKQ];
	int n_acks;
	/* Identifier of the last packet sent per protocol slot. */
	uint8_t last_id[5];
	struct ppp_session *s;
	bool finished;
};

static int slot(uint16_t proto)
{
	switch (proto) {
	case PPP_LCP: return 0;
	case PPP_IPCP: return 1;
	case PPP_IPV6CP: return 2;
	case PPP_PAP: return 3;
	case PPP_CHAP: return 4;
	default: return -1;
	}
}

static void h_send(void *ctx, const uint8_t *f, size_t len)
{
	struct harness *h = ctx;
	uint16_t proto;
	int sl;

	if (len < 6)
		return;
	proto = (uint16_t)(f[0] << 8 | f[1]);
	sl = slot(proto);
	if (sl >= 0 && (sl >= 3 || f[2] == PPP_CONFREQ))
		h->last_id[sl] = f[3];
	if (sl >= 0 && sl < 3 && f[2] == PPP_CONFREQ && h->n_acks < ACKQ &&
	    len <= sizeof(h->acks[0])) {
		memcpy(h->acks[h->n_acks], f, len);
		h->acks[h->n_acks][2] = PPP_CONFACK;
		h->ack_len[h->n_acks++] = len;
	}
}

/* Gives a reply the identifier the session expects. */
static void patch_id(const struct harness *h, uint8_t *f, size_t len)
{
	int sl;

	if (len < 4)
		return;
	sl = slot((uint16_t)(f[0] << 8 | f[1]));
	if ((sl >= 0 && sl < 3 && (f[2] == PPP_CONFNAK || f[2] == PPP_CONFREJ)) ||
	    (sl == 3 && (f[2] == 2 || f[2] == 3)) ||
	    (sl == 4 && f[2] == 2))
		f[3] = h->last_id[sl];
}

static void send_acks(struct harness *h)
{
	for (int i = 0; i < h->n_acks && !h->finished; i++)
		ppp_session_input(h->s, h->acks[i], h->ack_len[i]);
	h->n_acks = 0;
}

static void h_finished(void *ctx, int reason, const char *msg)
{
	struct harness *h = ctx;

	h->finished = true;
}

static const struct ppp_ops ops = { .send = h_send, .finished = h_finished };

static const char users_text[] =
	"alice secret\n"
	"bob nt:8846F7EAEE8FB117AD06BDD830B7586C\n"
	"carol pw address 10.9.9.9\n"
	"dave pw address 10.0.0.2\n";

static void fuzz_session(const uint8_t *data, size_t size)
{
	static const enum ppp_auth_method methods[] = {
		PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5, PPP_AUTH_MSCHAPV2,
	};
	struct loop *loop = loop_new_virtual(0);
	struct users_db *users = NULL;
	struct aaa_verifier verifier;
	struct pool_set *pools = pool_set_new();
	struct ppp_pool *p = pool_new("default");
	struct harness h = { 0 };
	struct ppp_config cfg = { 0 };
	char err[256];
	uint8_t mode = data[0];
	size_t pos = 1;

	if (!loop || !pools || !p)
		abort();
	if (users_parse(users_text, sizeof(users_text) - 1, "u", &users, err,
			sizeof(err)) < 0 ||
	    pool_add_range(p, "10.0.0.0/30", err, sizeof(err)) < 0 ||
	    pool_set_add(pools, p, err, sizeof(err)) < 0 ||
	    pool_set_reserve_static(pools, 0x0a000002) < 0)
		abort();
	cfg.n_auth = (mode & 2) ? 0 : 1;
	cfg.auth[0] = methods[(mode >> 2) % 3];
	verifier = users_verifier(users);
	cfg.verifier = &verifier;
	cfg.pools = pools;
	cfg.default_pool = "default";
	cfg.user = "alice";
	cfg.password = "secret";
	cfg.local_ip = 0x0a0000fe;
	cfg.dns[0] = 0x08080808;
	cfg.want_dns = true;
	cfg.ipv4 = true;
	cfg.ipv6 = !(mode & 16);
	cfg.mru = (mode & 32) ? 1400 : 0;
	cfg.echo_interval_ms = 3000;
	cfg.echo_failures = 2;
	h.s = ppp_session_new(loop, &cfg, &ops, &h,
			      (mode & 1) ? PPP_CLIENT : PPP_SERVER, "fuzz");
	if (!h.s)
		abort();
	ppp_session_start(h.s);
	while (pos < size && !h.finished) {
		size_t len = data[pos++];
		uint8_t frame[256];

		/* Our own requests acknowledged first, as a real peer would. */
		if (!(mode & 64))
			send_acks(&h);
		if (len == 0) {
			loop_advance(loop, 1000);
			continue;
		}
		if (len > size - pos)
			len = size - pos;
		if (len == 1 && (mode & 64)) {
			send_acks(&h);
			pos += len;
			continue;
		}
		memcpy(frame, data + pos, len);
		patch_id(&h, frame, len);
		ppp_session_input(h.s, frame, len);
		pos += len;
	}
	if (!h.finished) {
		struct ppp_session_stats st;

		ppp_session_stats(h.s, &st);
		if (ppp_session_mru(h.s) < PPP_MIN_MRU)
			abort();
		ppp_session_close(h.s, "fuzz input ended");
	}
	loop_advance(loop, 60000);
	if (!h.finished)
		abort();	/* every session must finish after close */
	ppp_session_free(h.s);
	pool_set_free(pools);
	users_free(users);
	loop_free(loop);
}

static void fuzz_users(const uint8_t *data, size_t size)
{
	struct users_db *db = NULL;
	char err[256];

	if (users_parse((const char *)data, size, "fuzz", &db, err,
			sizeof(err)) == 0) {
		for (size_t i = 0; i < db->n; i++)
			if (users_find(db, db->users[i].name) != &db->users[i])
				abort();
		users_free(db);
	}
}

static void fuzz_pool(const uint8_t *data, size_t size)
{
	struct ppp_pool *p = pool_new("fuzz");
	char spec[80], err[256];
	uint32_t a;

	if (!p)
		abort();
	if (size >= sizeof(spec))
		size = sizeof(spec) - 1;
	memcpy(spec, data, size);
	spec[size] = '\0';
	if (pool_add_range(p, spec, err, sizeof(err)) == 0 &&
	    pool_size(p) <= 4096) {
		size_t n = 0;

		while (pool_alloc(p, &a) == 0) {
			if (!pool_contains(p, a))
				abort();
			n++;
		}
		if (n != pool_size(p))
			abort();
	}
	pool_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;

	if (!quiet) {
		log_init(LOG_EMERG, false, "fuzz_ppp");
		quiet = true;
	}
	if (size < 1)
		return 0;
	switch (data[0] >> 6) {
	case 0:
	case 1:
		fuzz_session(data, size);
		break;
	case 2:
		fuzz_users(data + 1, size - 1);
		break;
	default:
		fuzz_pool(data + 1, size - 1);
		break;
	}
	return 0;
}
