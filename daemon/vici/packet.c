// SPDX-License-Identifier: GPL-2.0-or-later
/* VICI segment framing and packet headers; see packet.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vici/packet.h"

static const char *const type_names[] = {
	[VICI_CMD_REQUEST] = "cmd-request",
	[VICI_CMD_RESPONSE] = "cmd-response",
	[VICI_CMD_UNKNOWN] = "cmd-unknown",
	[VICI_EVENT_REGISTER] = "event-register",
	[VICI_EVENT_UNREGISTER] = "event-unregister",
	[VICI_EVENT_CONFIRM] = "event-confirm",
	[VICI_EVENT_UNKNOWN] = "event-unknown",
	[VICI_EVENT] = "event",
};

const char *vici_packet_type_name(unsigned int type)
{
	return type <= VICI_EVENT ? type_names[type] : "unknown";
}

bool vici_packet_type_named(unsigned int type)
{
	return type == VICI_CMD_REQUEST || type == VICI_EVENT_REGISTER ||
	       type == VICI_EVENT_UNREGISTER || type == VICI_EVENT;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int vici_packet_parse(const uint8_t *seg, size_t len, struct vici_packet *p,
		      char *err, size_t errlen)
{
	size_t off = 1, nlen;

	if (!len) {
		set_err(err, errlen, "vici: empty packet");
		return -EBADMSG;
	}
	p->type = seg[0];
	p->name[0] = '\0';
	if (p->type > VICI_EVENT) {
		set_err(err, errlen, "vici: unknown packet type %u", p->type);
		return -EBADMSG;
	}
	if (vici_packet_type_named(p->type)) {
		if (len < 2 || len - 2 < seg[1]) {
			set_err(err, errlen, "vici: %s packet name truncated",
				type_names[p->type]);
			return -EBADMSG;
		}
		nlen = seg[1];
		if (memchr(seg + 2, '\0', nlen)) {
			set_err(err, errlen,
				"vici: %s packet name contains a NUL byte",
				type_names[p->type]);
			return -EBADMSG;
		}
		memcpy(p->name, seg + 2, nlen);
		p->name[nlen] = '\0';
		off = 2 + nlen;
	}
	p->msg = seg + off;
	p->msg_len = len - off;
	return 0;
}

uint8_t *vici_packet_encode(unsigned int type, const char *name,
			    const uint8_t *msg, size_t msg_len,
			    size_t *out_len, char *err, size_t errlen)
{
	bool named = vici_packet_type_named(type);
	size_t nlen = named && name ? strlen(name) : 0;
	size_t seglen, off = 0;
	uint8_t *buf;

	if (type > VICI_EVENT || (named && !name)) {
		set_err(err, errlen, "vici: cannot encode packet type %u%s",
			type, named ? " without a name" : "");
		errno = EINVAL;
		return NULL;
	}
	if (nlen > VICI_MAX_NAME) {
		set_err(err, errlen, "vici: %s name '%.32s...' longer than %d bytes",
			type_names[type], name, VICI_MAX_NAME);
		errno = ENAMETOOLONG;
		return NULL;
	}
	seglen = 1 + (named ? 1 + nlen : 0);
	if (msg_len > VICI_MAX_SEGMENT - seglen) {
		set_err(err, errlen,
			"vici: %s %s of %zu bytes exceeds the %d-byte limit",
			type_names[type], named ? name : "",
			seglen + msg_len, VICI_MAX_SEGMENT);
		errno = EMSGSIZE;
		return NULL;
	}
	seglen += msg_len;
	buf = malloc(4 + seglen);
	if (!buf) {
		set_err(err, errlen, "vici: out of memory encoding %s",
			type_names[type]);
		errno = ENOMEM;
		return NULL;
	}
	buf[off++] = seglen >> 24;
	buf[off++] = seglen >> 16;
	buf[off++] = seglen >> 8;
	buf[off++] = seglen;
	buf[off++] = type;
	if (named) {
		buf[off++] = nlen;
		memcpy(buf + off, name, nlen);
		off += nlen;
	}
	if (msg_len)
		memcpy(buf + off, msg, msg_len);
	*out_len = 4 + seglen;
	return buf;
}

void vici_reader_init(struct vici_reader *r)
{
	memset(r, 0, sizeof(*r));
}

void vici_reader_reset(struct vici_reader *r)
{
	r->hdr_have = 0;
	r->need = 0;
	r->have = 0;
}

void vici_reader_release(struct vici_reader *r)
{
	free(r->buf);
	vici_reader_init(r);
}

static int reader_start_segment(struct vici_reader *r, char *err,
				size_t errlen)
{
	uint8_t *p;

	r->need = (size_t)r->hdr[0] << 24 | (size_t)r->hdr[1] << 16 |
		  (size_t)r->hdr[2] << 8 | r->hdr[3];
	r->have = 0;
	if (!r->need) {
		set_err(err, errlen, "vici: zero-length segment");
		return -EBADMSG;
	}
	if (r->need > VICI_MAX_SEGMENT) {
		set_err(err, errlen,
			"vici: segment of %zu bytes exceeds the %d-byte limit",
			r->need, VICI_MAX_SEGMENT);
		return -EMSGSIZE;
	}
	if (r->need > r->cap) {
		/* most packets are small: grow to what is needed, not more */
		p = realloc(r->buf, r->need);
		if (!p) {
			set_err(err, errlen,
				"vici: out of memory for a %zu-byte segment",
				r->need);
			return -ENOMEM;
		}
		r->buf = p;
		r->cap = r->need;
	}
	return 0;
}

ssize_t vici_reader_feed(struct vici_reader *r, const uint8_t *data,
			 size_t len, const uint8_t **seg, size_t *seg_len,
			 char *err, size_t errlen)
{
	size_t used = 0, n;
	int ret;

	*seg = NULL;
	*seg_len = 0;
	while (used < len) {
		if (r->hdr_have < 4) {
			n = 4 - r->hdr_have;
			if (n > len - used)
				n = len - used;
			memcpy(r->hdr + r->hdr_have, data + used, n);
			r->hdr_have += n;
			used += n;
			if (r->hdr_have < 4)
				break;
			ret = reader_start_segment(r, err, errlen);
			if (ret)
				return ret;
			continue;
		}
		n = r->need - r->have;
		if (n > len - used)
			n = len - used;
		memcpy(r->buf + r->have, data + used, n);
		r->have += n;
		used += n;
		if (r->have == r->need) {
			*seg = r->buf;
			*seg_len = r->need;
			r->hdr_have = 0;
			return used;
		}
	}
	return used;
}
