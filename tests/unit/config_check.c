// SPDX-License-Identifier: GPL-2.0-or-later
/* Check helpers for the l2tpgwd.conf tests; see config_check.h. */
#include <check.h>
#include <string.h>

#include "config_check.h"

char config_check_err[512];

struct config *config_parse_ok(const char *text)
{
	struct config *c = NULL;

	ck_assert_msg(config_parse(text, strlen(text), "t.conf", &c,
				   config_check_err,
				   sizeof(config_check_err)) == 0, "%s",
		      config_check_err);
	return c;
}

void config_parse_fails(const char *text, const char *expect)
{
	struct config *c = (struct config *)1;

	ck_assert_int_eq(config_parse(text, strlen(text), "t.conf", &c,
				      config_check_err,
				      sizeof(config_check_err)), -1);
	ck_assert_ptr_null(c);
	ck_assert_msg(strstr(config_check_err, expect),
		      "error \"%s\" lacks \"%s\"", config_check_err, expect);
}
