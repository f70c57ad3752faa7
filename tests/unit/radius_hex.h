/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hex strings (spaces allowed) into bytes, for the RADIUS unit tests. */
#ifndef L2TPGW_TEST_RADIUS_HEX_H
#define L2TPGW_TEST_RADIUS_HEX_H

#include <stddef.h>
#include <stdint.h>

/* The number of bytes written; aborts the test on a bad digit or overflow. */
size_t radius_hex(const char *hex, uint8_t *out, size_t outlen);

#endif
