// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the L2TPv2 control message decoder, with and without
 * a tunnel secret (so the hidden AVP path runs), plus the invariant that
 * whatever decodes and re-encodes canonically decodes again to the same
 * message type and AVP set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "l2tp/message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t secret[] = "fuzz-secret";

static void check_round_trip(const struct l2tp_msg *m,
			     const struct l2tp_secret *sec)
{
	static struct l2tp_msg again;
	static uint8_t buf[L2TP_MAX_MSG_LEN];
	struct l2tp_decode_error err;
	const char *why;
	int n;

	n = l2tp_msg_encode(m, sec, buf, sizeof(buf), &why);
	if (n < 0)
		return;	/* e.g. a tolerated missing AVP: we would not send it */
	if (l2tp_msg_decode(buf, (size_t)n, sec, &again, &err) < 0)
		abort();
	if (again.type != m->type || again.avps.present != m->avps.present ||
	    again.ns != m->ns || again.nr != m->nr ||
	    again.session_id != m->session_id)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct l2tp_msg m;
	struct l2tp_secret sec = { secret, sizeof(secret) - 1 };
	struct l2tp_decode_error err;
	struct l2tp_header h;
	const char *why;

	(void)l2tp_header_decode(data, size, &h, &why);
	if (l2tp_msg_decode(data, size, NULL, &m, &err) == 0)
		check_round_trip(&m, NULL);
	else if (!err.text[0])
		abort();	/* every failure must say why */
	if (l2tp_msg_decode(data, size, &sec, &m, &err) == 0)
		check_round_trip(&m, &sec);
	return 0;
}
