/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MS-CHAPv2 (RFC 2759) primitives, pure functions over buffers.
 */
#ifndef L2TPGW_PPP_MSCHAPV2_H
#define L2TPGW_PPP_MSCHAPV2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSCHAPV2_RESPONSE_LEN 49	/* peer challenge, 8 zero, NT-Response, flags */
#define MSCHAPV2_AUTH_RESPONSE_LEN 42	/* "S=" + 40 hex digits */

/* NtPasswordHash: MD4 of the UTF-16LE password.  -1 if not UTF-8. */
int mschapv2_nt_hash(const char *password, size_t len, uint8_t out[16]);
/* ChallengeHash over the user name without any "DOMAIN\" prefix. */
void mschapv2_challenge_hash(const uint8_t peer_challenge[16],
			     const uint8_t auth_challenge[16],
			     const char *user, size_t user_len,
			     uint8_t out[8]);
/* ChallengeResponse: DES of the challenge under the 21-byte padded hash. */
void mschapv2_challenge_response(const uint8_t challenge[8],
				 const uint8_t nt_hash[16], uint8_t out[24]);
/* GenerateNTResponse. */
void mschapv2_nt_response(const uint8_t auth_challenge[16],
			  const uint8_t peer_challenge[16],
			  const char *user, size_t user_len,
			  const uint8_t nt_hash[16], uint8_t out[24]);
/* GenerateAuthenticatorResponse: "S=" + 40 upper-case hex, NUL ended. */
void mschapv2_authenticator_response(const uint8_t nt_hash[16],
				     const uint8_t nt_response[24],
				     const uint8_t peer_challenge[16],
				     const uint8_t auth_challenge[16],
				     const char *user, size_t user_len,
				     char out[MSCHAPV2_AUTH_RESPONSE_LEN + 1]);

/*
 * The authenticator's check of a peer's Response value (peer challenge,
 * 8 reserved, NT-Response, flags) against the NT hash of the password.
 */
bool mschapv2_response_ok(const uint8_t auth_challenge[16],
			  const uint8_t response[MSCHAPV2_RESPONSE_LEN],
			  const char *user, size_t user_len,
			  const uint8_t nt_hash[16]);

#endif /* L2TPGW_PPP_MSCHAPV2_H */
