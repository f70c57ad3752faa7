/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hidden AVPs (RFC 2661 4.3): the value, prefixed by its original length
 * and followed by optional padding, is XORed with an MD5 stream keyed by
 * the tunnel secret and the most recent Random Vector AVP:
 *
 *	b1 = MD5(attribute type (2 octets) + secret + random vector)
 *	bi = MD5(secret + c(i-1)),   ci = pi XOR bi  (16-octet chunks)
 */
#ifndef L2TPGW_L2TP_HIDDEN_H
#define L2TPGW_L2TP_HIDDEN_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reveal the hidden value in[0..len) of attribute type.  The plaintext
 * value (without length prefix and padding) is written to out, which must
 * have room for len bytes; its length is returned, or -1 with *why set if
 * the subformat is inconsistent (wrong secret, truncated).
 */
int l2tp_hidden_reveal(uint16_t type, const uint8_t *secret, size_t secret_len,
		       const uint8_t *rv, size_t rv_len, const uint8_t *in,
		       size_t len, uint8_t *out, const char **why);

/*
 * Hide value[0..value_len) of attribute type followed by pad_len bytes of
 * padding (taken from pad, or zeros if pad is NULL) into out, which needs
 * room for 2 + value_len + pad_len bytes.  Returns that length.
 */
size_t l2tp_hidden_hide(uint16_t type, const uint8_t *secret, size_t secret_len,
			const uint8_t *rv, size_t rv_len, const uint8_t *value,
			size_t value_len, const uint8_t *pad, size_t pad_len,
			uint8_t *out);

#endif /* L2TPGW_L2TP_HIDDEN_H */
