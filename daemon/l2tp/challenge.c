// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Tunnel authentication responses (RFC 2661 4.2).
 */
#include "l2tp/challenge.h"

#include <nettle/md5.h>
#include <nettle/memops.h>

void l2tp_challenge_response(uint8_t reply_type, const uint8_t *secret,
			     size_t secret_len, const uint8_t *challenge,
			     size_t challenge_len,
			     uint8_t out[L2TP_CHALLENGE_RESPONSE_LEN])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, 1, &reply_type);
	md5_update(&ctx, secret_len, secret);
	md5_update(&ctx, challenge_len, challenge);
	md5_digest(&ctx, L2TP_CHALLENGE_RESPONSE_LEN, out);
}

bool l2tp_challenge_verify(uint8_t reply_type, const uint8_t *secret,
			   size_t secret_len, const uint8_t *challenge,
			   size_t challenge_len,
			   const uint8_t response[L2TP_CHALLENGE_RESPONSE_LEN])
{
	uint8_t expected[L2TP_CHALLENGE_RESPONSE_LEN];

	l2tp_challenge_response(reply_type, secret, secret_len, challenge,
				challenge_len, expected);
	return memeql_sec(expected, response, sizeof(expected));
}
