/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tunnel authentication (RFC 2661 4.2, 5.1.1): a CHAP-like exchange in
 * which the response to a Challenge AVP is
 *
 *	MD5(message type of the reply (1 octet) + secret + challenge)
 *
 * the "identifier" being 2 for a response carried in SCCRP and 3 in SCCCN.
 */
#ifndef L2TPGW_L2TP_CHALLENGE_H
#define L2TPGW_L2TP_CHALLENGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_CHALLENGE_RESPONSE_LEN 16
/* Length of the challenges we send: as long as the MD5 output. */
#define L2TP_CHALLENGE_LEN 16

void l2tp_challenge_response(uint8_t reply_type, const uint8_t *secret,
			     size_t secret_len, const uint8_t *challenge,
			     size_t challenge_len,
			     uint8_t out[L2TP_CHALLENGE_RESPONSE_LEN]);

/* Constant-time check of a received response. */
bool l2tp_challenge_verify(uint8_t reply_type, const uint8_t *secret,
			   size_t secret_len, const uint8_t *challenge,
			   size_t challenge_len,
			   const uint8_t response[L2TP_CHALLENGE_RESPONSE_LEN]);

#endif /* L2TPGW_L2TP_CHALLENGE_H */
