/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Check helpers for the l2tpgwd.conf tests: parse text named "t.conf" and
 * expect success, or a failure whose message contains a given text.
 */
#ifndef L2TPGW_TEST_CONFIG_CHECK_H
#define L2TPGW_TEST_CONFIG_CHECK_H

#include "config.h"

/* The message of the last config_parse_fails (or failed parse). */
extern char config_check_err[512];

/* Parse text, which must be valid; free the result with config_free. */
struct config *config_parse_ok(const char *text);
/* Parse text, which must be refused with a message containing expect. */
void config_parse_fails(const char *text, const char *expect);

#endif /* L2TPGW_TEST_CONFIG_CHECK_H */
