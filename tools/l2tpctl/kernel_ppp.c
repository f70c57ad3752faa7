// SPDX-License-Identifier: GPL-2.0-or-later
/* l2tpctl kernel ppp-send: inject one PPP control frame on a session. */
#include "cli.h"

int cmd_kernel_ppp_send(struct cli *cli, int argc, char **argv)
{
	uint8_t frame[L2TPCTL_PPP_FRAME_MAX];
	uint16_t tid, sid;
	struct cli_error e;
	size_t len;

	if (args_ppp_send(argc, argv, &tid, &sid, frame, sizeof(frame), &len,
			  &e))
		return cli_report(cli, &e);
	if (cli_kernel(cli))
		return EXIT_FAILED;
	if (l2tpctl_kernel_ppp_xmit(cli->h, tid, sid, frame, len) < 0)
		return cli_lib_fail(cli);
	return EXIT_OK;
}
