// SPDX-License-Identifier: GPL-2.0-or-later
/* CHAP with MD5 (RFC 1994 section 4.1). */
#include <nettle/md5.h>

#include "ppp/auth.h"

void chap_md5_response(uint8_t id, const char *secret, size_t secret_len,
		       const uint8_t *challenge, size_t challenge_len,
		       uint8_t out[16])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, 1, &id);
	md5_update(&ctx, secret_len, (const uint8_t *)secret);
	md5_update(&ctx, challenge_len, challenge);
	md5_digest(&ctx, MD5_DIGEST_SIZE, out);
}
