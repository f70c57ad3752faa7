// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for everything the VICI client parses from charon:
 * stream reassembly, packet headers and messages.
 *
 * Input: byte 0 sets the read size the stream is cut into (1..256), the
 * rest is the stream.  Every message that parses is re-encoded with the
 * builder from its tree and must come out byte for byte identical (the
 * tree is lossless), and every path lookup must agree with the tree.
 * Messages are also run through the child-updown, child-rekey and list-sa
 * parsers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vici/conn.h"
#include "vici/message.h"
#include "vici/packet.h"

static void rebuild(const struct vici_msg *m, const struct vici_node *parent,
		    struct vici_builder *b)
{
	const struct vici_node *n;

	for (n = vici_node_first(m, parent); n; n = vici_node_next(m, n)) {
		switch (n->type) {
		case VICI_NODE_SECTION:
			vici_begin_section(b, n->name);
			rebuild(m, n, b);
			vici_end_section(b);
			break;
		case VICI_NODE_KV:
			vici_add_kv(b, n->name, n->value, n->value_len);
			/* the first key of a name is what lookups find */
			if (vici_node_child(m, parent, n->name) == n &&
			    !strchr(n->name, '.') && parent == vici_msg_root(m) &&
			    vici_msg_get(m, NULL, n->name) != n->value)
				abort();
			break;
		case VICI_NODE_LIST:
			vici_begin_list(b, n->name);
			rebuild(m, n, b);
			vici_end_list(b);
			break;
		case VICI_NODE_ITEM:
			vici_add_list_item(b, n->value, n->value_len);
			break;
		}
	}
}

static int accept_sa(const struct vici_child_sa *sa, void *arg)
{
	(void)arg;
	/* the parser must hand out terminated strings */
	return strlen(sa->ike_name) > VICI_MAX_NAME ||
	       strlen(sa->local_host) >= VICI_HOST_LEN;
}

static void check_message(const uint8_t *msg, size_t len)
{
	struct vici_child_sa sa;
	struct vici_builder b;
	struct vici_msg *m;
	const uint8_t *out;
	size_t out_len;
	char err[VICI_ERR_LEN];

	m = vici_msg_parse(msg, len, err, sizeof(err));
	if (!m)
		return;
	vici_builder_init(&b);
	rebuild(m, vici_msg_root(m), &b);
	if (vici_builder_finish(&b, &out, &out_len) || out_len != len ||
	    memcmp(out, msg, len))
		abort();
	vici_builder_release(&b);
	vici_parse_child_updown(m, &sa, err, sizeof(err));
	vici_parse_child_rekey(m, &sa, err, sizeof(err));
	if (vici_parse_list_sa(m, accept_sa, NULL, err, sizeof(err)) > 0)
		abort();
	vici_msg_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vici_reader r;
	struct vici_packet p;
	const uint8_t *seg;
	size_t chunk, off = 1, seg_len, n;
	char err[VICI_ERR_LEN];
	ssize_t used;

	if (size < 1)
		return 0;
	chunk = data[0] + 1;
	vici_reader_init(&r);
	while (off < size) {
		n = size - off < chunk ? size - off : chunk;
		used = vici_reader_feed(&r, data + off, n, &seg, &seg_len, err,
					sizeof(err));
		if (used < 0)
			break;
		if (used == 0 || (size_t)used > n)
			abort();
		off += used;
		if (seg && !vici_packet_parse(seg, seg_len, &p, err,
					      sizeof(err)))
			check_message(p.msg, p.msg_len);
	}
	vici_reader_release(&r);
	return 0;
}
