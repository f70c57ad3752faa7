// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for what l2tpgwd parses from control clients: frame
 * reassembly and request validation.
 *
 * Input: byte 0 sets the read size the stream is cut into (1..256), the
 * rest is the byte stream of one connection.  Every frame found is parsed;
 * a request that parses must name a known command, and its answer must
 * serialise and come back as the same JSON (the codec never emits text
 * json-c cannot read).  Errors must leave a message.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "control/protocol.h"

#define MAX_REQUEST	4096

static void check_answer(const struct control_request *req, int ret,
			 const char *err)
{
	struct json_object *r, *back;
	const char *text;
	size_t len;

	r = ret ? control_response_error(req, ret, err) :
		  control_response_ok(req, json_object_new_object());
	if (!r)
		return;
	text = control_json_text(r, &len);
	back = json_tokener_parse(text);
	if (!back || strcmp(json_object_to_json_string_ext(back,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
			text))
		abort();
	json_object_put(back);
	json_object_put(r);
}

static void handle(const uint8_t *payload, size_t len)
{
	struct control_request req;
	char err[CONTROL_ERR_SIZE];
	int ret;

	err[0] = '\0';
	ret = control_request_parse(payload, len, &req, err, sizeof(err));
	if (ret == 0 && !control_cmd_name(req.cmd))
		abort();
	if (ret && (ret >= 0 || !err[0]))
		abort();
	if (ret == 0 && (req.cmd == CONTROL_CMD_TUNNEL_SHOW ||
			 req.cmd == CONTROL_CMD_TUNNEL_DELETE) &&
	    req.tunnel_id == 0)
		abort();
	check_answer(&req, ret, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[CONTROL_FRAME_HEADER + MAX_REQUEST];
	const uint8_t *payload;
	size_t chunk, have = 0, off = 1, plen;
	ssize_t n;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] + 1;
	while (off < size) {
		size_t take = size - off < chunk ? size - off : chunk;

		if (take > sizeof(buf) - have)
			take = sizeof(buf) - have;
		memcpy(buf + have, data + off, take);
		have += take;
		off += take;
		while ((n = control_frame_next(buf, have, MAX_REQUEST, &payload,
					       &plen)) > 0) {
			handle(payload, plen);
			memmove(buf, buf + n, have - (size_t)n);
			have -= (size_t)n;
		}
		if (n < 0)
			return 0;	/* the server hangs up here */
	}
	return 0;
}
