// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * MS-CHAPv2 algorithms of RFC 2759 section 8, on nettle's MD4, SHA-1 and
 * DES.  The packet exchange is in chap.c.
 */
#include <string.h>

#include <nettle/des.h>
#include <nettle/md4.h>
#include <nettle/sha1.h>

#include "ppp/auth.h"
#include "ppp/mschapv2.h"

/* RFC 2759 8.7 magic constants ("Magic server to client signing constant"
 * and "Pad to make it do more than one iteration"). */
static const char magic1[] = "Magic server to client signing constant";
static const char magic2[] = "Pad to make it do more than one iteration";

/* Decodes one UTF-8 sequence; returns its length or -1. */
static int utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	int n;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return -1;
	}
	if ((size_t)n > len)
		return -1;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past Unicode are invalid. */
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*cp = c;
	return n;
}

int mschapv2_nt_hash(const char *password, size_t len, uint8_t out[16])
{
	const unsigned char *s = (const unsigned char *)password;
	struct md4_ctx ctx;
	size_t i = 0;

	md4_init(&ctx);
	while (i < len) {
		uint32_t cp;
		uint8_t u[4];
		int n = utf8_next(s + i, len - i, &cp);

		if (n < 0)
			return -1;
		i += (size_t)n;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint16_t hi = (uint16_t)(0xd800 | (v >> 10));
			uint16_t lo = (uint16_t)(0xdc00 | (v & 0x3ff));

			u[0] = hi & 0xff;
			u[1] = hi >> 8;
			u[2] = lo & 0xff;
			u[3] = lo >> 8;
			md4_update(&ctx, 4, u);
		} else {
			u[0] = cp & 0xff;
			u[1] = (cp >> 8) & 0xff;
			md4_update(&ctx, 2, u);
		}
	}
	md4_digest(&ctx, 16, out);
	return 0;
}

void mschapv2_challenge_hash(const uint8_t peer_challenge[16],
			     const uint8_t auth_challenge[16],
			     const char *user, size_t user_len,
			     uint8_t out[8])
{
	const char *bs = memrchr(user, '\\', user_len);
	struct sha1_ctx ctx;

	if (bs) {
		user_len -= (size_t)(bs + 1 - user);
		user = bs + 1;
	}
	sha1_init(&ctx);
	sha1_update(&ctx, 16, peer_challenge);
	sha1_update(&ctx, 16, auth_challenge);
	sha1_update(&ctx, user_len, (const uint8_t *)user);
	sha1_digest(&ctx, 8, out);
}

/* Spreads 56 key bits over 8 bytes, leaving room for the parity bits. */
static void des_key_from_7(const uint8_t in[7], uint8_t key[8])
{
	key[0] = in[0];
	key[1] = (uint8_t)(in[0] << 7 | in[1] >> 1);
	key[2] = (uint8_t)(in[1] << 6 | in[2] >> 2);
	key[3] = (uint8_t)(in[2] << 5 | in[3] >> 3);
	key[4] = (uint8_t)(in[3] << 4 | in[4] >> 4);
	key[5] = (uint8_t)(in[4] << 3 | in[5] >> 5);
	key[6] = (uint8_t)(in[5] << 2 | in[6] >> 6);
	key[7] = (uint8_t)(in[6] << 1);
	des_fix_parity(8, key, key);
}

void mschapv2_challenge_response(const uint8_t challenge[8],
				 const uint8_t nt_hash[16], uint8_t out[24])
{
	uint8_t z[21] = { 0 };

	memcpy(z, nt_hash, 16);
	for (int i = 0; i < 3; i++) {
		struct des_ctx ctx;
		uint8_t key[8];

		des_key_from_7(z + 7 * i, key);
		/* A weak key still schedules; the hash picks it, not us. */
		(void)des_set_key(&ctx, key);
		des_encrypt(&ctx, 8, out + 8 * i, challenge);
	}
}

void mschapv2_nt_response(const uint8_t auth_challenge[16],
			  const uint8_t peer_challenge[16],
			  const char *user, size_t user_len,
			  const uint8_t nt_hash[16], uint8_t out[24])
{
	uint8_t ch[8];

	mschapv2_challenge_hash(peer_challenge, auth_challenge, user,
				user_len, ch);
	mschapv2_challenge_response(ch, nt_hash, out);
}

void mschapv2_authenticator_response(const uint8_t nt_hash[16],
				     const uint8_t nt_response[24],
				     const uint8_t peer_challenge[16],
				     const uint8_t auth_challenge[16],
				     const char *user, size_t user_len,
				     char out[MSCHAPV2_AUTH_RESPONSE_LEN + 1])
{
	static const char hex[] = "0123456789ABCDEF";
	uint8_t hash_hash[16], digest[SHA1_DIGEST_SIZE], ch[8];
	struct md4_ctx m;
	struct sha1_ctx s;

	md4_init(&m);
	md4_update(&m, 16, nt_hash);
	md4_digest(&m, 16, hash_hash);

	sha1_init(&s);
	sha1_update(&s, 16, hash_hash);
	sha1_update(&s, 24, nt_response);
	sha1_update(&s, sizeof(magic1) - 1, (const uint8_t *)magic1);
	sha1_digest(&s, sizeof(digest), digest);

	mschapv2_challenge_hash(peer_challenge, auth_challenge, user,
				user_len, ch);
	sha1_init(&s);
	sha1_update(&s, sizeof(digest), digest);
	sha1_update(&s, 8, ch);
	sha1_update(&s, sizeof(magic2) - 1, (const uint8_t *)magic2);
	sha1_digest(&s, sizeof(digest), digest);

	out[0] = 'S';
	out[1] = '=';
	for (int i = 0; i < 20; i++) {
		out[2 + 2 * i] = hex[digest[i] >> 4];
		out[3 + 2 * i] = hex[digest[i] & 0xf];
	}
	out[MSCHAPV2_AUTH_RESPONSE_LEN] = '\0';
}

bool mschapv2_response_ok(const uint8_t auth_challenge[16],
			  const uint8_t response[MSCHAPV2_RESPONSE_LEN],
			  const char *user, size_t user_len,
			  const uint8_t nt_hash[16])
{
	uint8_t want[24];
	bool ok;

	mschapv2_nt_response(auth_challenge, response, user, user_len,
			     nt_hash, want);
	ok = auth_const_eq(want, response + 24, 24);
	explicit_bzero(want, sizeof(want));
	return ok;
}
