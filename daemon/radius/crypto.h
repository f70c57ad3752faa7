/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RADIUS digests, private to daemon/radius/: the MD5 authenticators of
 * RFC 2865 section 3 and RFC 2866 section 3, and the HMAC-MD5
 * Message-Authenticator of RFC 3579 section 3.2.  Pure functions.
 */
#ifndef L2TPGW_RADIUS_CRYPTO_H
#define L2TPGW_RADIUS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * MD5(Code + Identifier + Length + auth + Attributes + secret) over the
 * packet pkt of len bytes, whose own authenticator field is replaced by
 * auth (the Request Authenticator for a response, zeros for an
 * Accounting, CoA or Disconnect request).
 */
void radius_md5_authenticator(const uint8_t *pkt, size_t len,
			      const uint8_t auth[16], const char *secret,
			      uint8_t out[16]);
/*
 * HMAC-MD5 keyed with secret over pkt, with its authenticator field
 * replaced by auth and the 16 value bytes at msg_auth_off (the
 * Message-Authenticator's value) taken as zeros.
 */
void radius_hmac_message_authenticator(const uint8_t *pkt, size_t len,
				       const uint8_t auth[16],
				       size_t msg_auth_off,
				       const char *secret, uint8_t out[16]);
/* Comparison in time independent of where the bytes differ. */
bool radius_digest_equal(const uint8_t *a, const uint8_t *b, size_t len);

#endif /* L2TPGW_RADIUS_CRYPTO_H */
