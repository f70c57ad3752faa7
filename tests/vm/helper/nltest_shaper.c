// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * l2tpgw-nltest shaper DEV RATE: the daemon's shaper_apply (the call a
 * CoA makes) on DEV with RATE in the Mikrotik-Rate-Limit syntax ("0":
 * both limiters removed), so a scenario can replace and remove the
 * limits of a live session's device on the real kernel.
 */
#include <net/if.h>
#include <string.h>

#include "nltest.h"
#include "shaper/rate_parse.h"
#include "shaper/shaper.h"

int nlt_shaper(struct l2tpctl *h, int argc, char **argv)
{
	struct aaa_rate rate;
	struct shaper *sh;
	char err[256];
	unsigned ifindex;
	int rc;

	if (argc != 2)
		nlt_die("usage: shaper DEV RATE");
	ifindex = if_nametoindex(argv[0]);
	if (!ifindex)
		nlt_die("no device %s", argv[0]);
	if (rate_parse_mikrotik(argv[1], strlen(argv[1]), &rate, err,
				sizeof(err)) < 0)
		nlt_die("%s", err);
	sh = shaper_open(err, sizeof(err));
	if (!sh)
		nlt_die("%s", err);
	rc = shaper_apply(sh, (int)ifindex, argv[0], &rate);
	shaper_close(sh);
	if (rc < 0)
		nlt_die("shaper_apply %s: %s", argv[0], strerror(-rc));
	return 0;
}
