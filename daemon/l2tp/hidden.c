// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hidden AVP subformat (RFC 2661 4.3), both directions.
 */
#include "l2tp/hidden.h"

#include <nettle/md5.h>
#include <string.h>

#include "wire.h"

/* Key stream block i+1 from block i's ciphertext c (MD5(secret + c)). */
static void next_block(const uint8_t *secret, size_t secret_len,
		       const uint8_t *c, size_t c_len,
		       uint8_t b[MD5_DIGEST_SIZE])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, secret_len, secret);
	md5_update(&ctx, c_len, c);
	md5_digest(&ctx, MD5_DIGEST_SIZE, b);
}

static void first_block(uint16_t type, const uint8_t *secret,
			size_t secret_len, const uint8_t *rv, size_t rv_len,
			uint8_t b[MD5_DIGEST_SIZE])
{
	struct md5_ctx ctx;
	uint8_t type_be[2];

	put_be16(type_be, type);
	md5_init(&ctx);
	md5_update(&ctx, sizeof(type_be), type_be);
	md5_update(&ctx, secret_len, secret);
	md5_update(&ctx, rv_len, rv);
	md5_digest(&ctx, MD5_DIGEST_SIZE, b);
}

/*
 * XOR the whole buffer with the key stream.  `cipher` is the ciphertext
 * (input when revealing, output when hiding), from which each next block
 * is keyed; it may alias `out` only when hiding.
 */
static void xor_stream(uint16_t type, const uint8_t *secret, size_t secret_len,
		       const uint8_t *rv, size_t rv_len, const uint8_t *in,
		       size_t len, uint8_t *out, const uint8_t *cipher)
{
	uint8_t b[MD5_DIGEST_SIZE];
	size_t off, i, chunk;

	first_block(type, secret, secret_len, rv, rv_len, b);
	for (off = 0; off < len; off += chunk) {
		chunk = len - off < MD5_DIGEST_SIZE ? len - off : MD5_DIGEST_SIZE;
		if (off)
			next_block(secret, secret_len, cipher + off - MD5_DIGEST_SIZE,
				   MD5_DIGEST_SIZE, b);
		for (i = 0; i < chunk; i++)
			out[off + i] = in[off + i] ^ b[i];
	}
}

int l2tp_hidden_reveal(uint16_t type, const uint8_t *secret, size_t secret_len,
		       const uint8_t *rv, size_t rv_len, const uint8_t *in,
		       size_t len, uint8_t *out, const char **why)
{
	size_t orig_len;

	if (len < 2) {
		*why = "hidden value shorter than its length prefix";
		return -1;
	}
	xor_stream(type, secret, secret_len, rv, rv_len, in, len, out, in);
	orig_len = get_be16(out);
	if (orig_len > len - 2) {
		/* Almost always a secret mismatch with the peer. */
		*why = "hidden value's original length exceeds the AVP "
		       "(wrong secret?)";
		return -1;
	}
	memmove(out, out + 2, orig_len);
	return (int)orig_len;
}

size_t l2tp_hidden_hide(uint16_t type, const uint8_t *secret, size_t secret_len,
			const uint8_t *rv, size_t rv_len, const uint8_t *value,
			size_t value_len, const uint8_t *pad, size_t pad_len,
			uint8_t *out)
{
	size_t total = 2 + value_len + pad_len;

	put_be16(out, (uint16_t)value_len);
	memmove(out + 2, value, value_len);
	if (pad)
		memcpy(out + 2 + value_len, pad, pad_len);
	else
		memset(out + 2 + value_len, 0, pad_len);
	/* In place: each block is keyed by the ciphertext just written. */
	xor_stream(type, secret, secret_len, rv, rv_len, out, total, out, out);
	return total;
}
