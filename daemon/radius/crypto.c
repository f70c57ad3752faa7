// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RADIUS digests (crypto.h) and the User-Password hiding of RFC 2865
 * section 5.2, on nettle's MD5 and HMAC-MD5.
 */
#include <nettle/hmac.h>
#include <nettle/md5.h>
#include <string.h>

#include "radius/crypto.h"
#include "radius/radius.h"

void radius_md5_authenticator(const uint8_t *pkt, size_t len,
			      const uint8_t auth[16], const char *secret,
			      uint8_t out[16])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, 4, pkt);
	md5_update(&ctx, RADIUS_AUTH_LEN, auth);
	md5_update(&ctx, len - RADIUS_HDR_LEN, pkt + RADIUS_HDR_LEN);
	md5_update(&ctx, strlen(secret), (const uint8_t *)secret);
	md5_digest(&ctx, MD5_DIGEST_SIZE, out);
}

void radius_hmac_message_authenticator(const uint8_t *pkt, size_t len,
				       const uint8_t auth[16],
				       size_t msg_auth_off,
				       const char *secret, uint8_t out[16])
{
	static const uint8_t zero[RADIUS_AUTH_LEN];
	struct hmac_md5_ctx ctx;
	size_t end = msg_auth_off + RADIUS_AUTH_LEN;

	hmac_md5_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	hmac_md5_update(&ctx, 4, pkt);
	hmac_md5_update(&ctx, RADIUS_AUTH_LEN, auth);
	hmac_md5_update(&ctx, msg_auth_off - RADIUS_HDR_LEN,
			pkt + RADIUS_HDR_LEN);
	hmac_md5_update(&ctx, RADIUS_AUTH_LEN, zero);
	hmac_md5_update(&ctx, len - end, pkt + end);
	hmac_md5_digest(&ctx, MD5_DIGEST_SIZE, out);
}

bool radius_digest_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint8_t diff = 0;

	for (size_t i = 0; i < len; i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

/* b(i) = MD5(secret + prev): prev is the authenticator, then c(i-1). */
static void password_block_key(const char *secret, const uint8_t *prev,
			       uint8_t key[16])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, strlen(secret), (const uint8_t *)secret);
	md5_update(&ctx, 16, prev);
	md5_digest(&ctx, MD5_DIGEST_SIZE, key);
}

/*
 * Padded to a multiple of 16 with NULs, at most 128 bytes (RFC 2865
 * section 5.2).  Returns the hidden length, or 0 if pw is too long.
 */
size_t radius_hide_password(const char *secret, const uint8_t auth[16],
			    const uint8_t *pw, size_t pwlen, uint8_t *out)
{
	size_t padded = pwlen ? (pwlen + 15) / 16 * 16 : 16;
	const uint8_t *prev = auth;
	uint8_t key[16];

	if (pwlen > 128)
		return 0;
	memset(out, 0, padded);
	memcpy(out, pw, pwlen);
	for (size_t off = 0; off < padded; off += 16) {
		password_block_key(secret, prev, key);
		for (size_t i = 0; i < 16; i++)
			out[off + i] ^= key[i];
		prev = out + off;
	}
	return padded;
}

/* The padding NULs are removed; out holds at least len bytes. */
int radius_unhide_password(const char *secret, const uint8_t auth[16],
			   const uint8_t *in, size_t len, uint8_t *out,
			   size_t *outlen)
{
	const uint8_t *prev = auth;
	uint8_t key[16];

	if (len == 0 || len % 16 || len > 128)
		return -1;
	for (size_t off = 0; off < len; off += 16) {
		password_block_key(secret, prev, key);
		for (size_t i = 0; i < 16; i++)
			out[off + i] = in[off + i] ^ key[i];
		prev = in + off;
	}
	while (len && out[len - 1] == 0)
		len--;
	*outlen = len;
	return 0;
}
