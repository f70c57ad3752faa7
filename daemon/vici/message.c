// SPDX-License-Identifier: GPL-2.0-or-later
/* VICI message builder and parser; see message.h for the format. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "vici/message.h"

/* ---- builder ---------------------------------------------------------- */

void vici_builder_init(struct vici_builder *b)
{
	memset(b, 0, sizeof(*b));
}

void vici_builder_release(struct vici_builder *b)
{
	free(b->buf);
	vici_builder_init(b);
}

static void builder_fail(struct vici_builder *b, int err, const char *fmt,
			 ...) __attribute__((format(printf, 3, 4)));

static void builder_fail(struct vici_builder *b, int err, const char *fmt, ...)
{
	va_list ap;

	if (b->err)
		return;
	b->err = err;
	va_start(ap, fmt);
	vsnprintf(b->errstr, sizeof(b->errstr), fmt, ap);
	va_end(ap);
}

static bool builder_reserve(struct vici_builder *b, size_t more)
{
	size_t cap;
	uint8_t *p;

	if (b->err)
		return false;
	if (b->cap - b->len >= more)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len < more)
		cap *= 2;
	p = realloc(b->buf, cap);
	if (!p) {
		builder_fail(b, -ENOMEM, "vici: out of memory building message");
		return false;
	}
	b->buf = p;
	b->cap = cap;
	return true;
}

static void put_u8(struct vici_builder *b, uint8_t v)
{
	b->buf[b->len++] = v;
}

static void put_bytes(struct vici_builder *b, const void *p, size_t n)
{
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
}

/* Emit type, then name8 if name is not NULL, then value16 if value is. */
static void put_element(struct vici_builder *b, enum vici_element type,
			const char *name, const void *value, size_t vlen)
{
	size_t nlen = name ? strlen(name) : 0;

	if (b->err)
		return;
	if (nlen > VICI_MAX_NAME) {
		builder_fail(b, -ENAMETOOLONG,
			     "vici: name '%.32s...' is %zu bytes, limit %d",
			     name, nlen, VICI_MAX_NAME);
		return;
	}
	if (vlen > VICI_MAX_VALUE) {
		builder_fail(b, -EMSGSIZE,
			     "vici: value of '%s' is %zu bytes, limit %d",
			     name ? name : "list item", vlen, VICI_MAX_VALUE);
		return;
	}
	if (!builder_reserve(b, 1 + 1 + nlen + 2 + vlen))
		return;
	put_u8(b, type);
	if (name) {
		put_u8(b, nlen);
		put_bytes(b, name, nlen);
	}
	if (value) {
		put_u8(b, vlen >> 8);
		put_u8(b, vlen & 0xff);
		put_bytes(b, value, vlen);
	}
}

static bool builder_not_in_list(struct vici_builder *b, const char *what,
				const char *name)
{
	if (b->in_list)
		builder_fail(b, -EINVAL, "vici: %s '%s' inside a list", what,
			     name);
	return !b->in_list;
}

void vici_begin_section(struct vici_builder *b, const char *name)
{
	if (!builder_not_in_list(b, "section", name))
		return;
	if (b->depth >= VICI_MAX_DEPTH) {
		builder_fail(b, -ELOOP, "vici: section '%s' nested deeper than %d",
			     name, VICI_MAX_DEPTH);
		return;
	}
	put_element(b, VICI_SECTION_START, name, NULL, 0);
	b->depth++;
}

void vici_end_section(struct vici_builder *b)
{
	if (!builder_not_in_list(b, "section end", ""))
		return;
	if (!b->depth) {
		builder_fail(b, -EINVAL, "vici: section end without a section");
		return;
	}
	put_element(b, VICI_SECTION_END, NULL, NULL, 0);
	b->depth--;
}

void vici_add_kv(struct vici_builder *b, const char *key, const void *value,
		 size_t len)
{
	if (builder_not_in_list(b, "key-value", key))
		put_element(b, VICI_KEY_VALUE, key, value ? value : "", len);
}

void vici_add_kv_str(struct vici_builder *b, const char *key,
		     const char *value)
{
	vici_add_kv(b, key, value, strlen(value));
}

void vici_add_kv_fmt(struct vici_builder *b, const char *key,
		     const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		builder_fail(b, -EMSGSIZE,
			     "vici: formatted value of '%s' too long", key);
		return;
	}
	vici_add_kv(b, key, buf, n);
}

void vici_begin_list(struct vici_builder *b, const char *name)
{
	if (!builder_not_in_list(b, "list", name))
		return;
	put_element(b, VICI_LIST_START, name, NULL, 0);
	b->in_list = true;
}

void vici_add_list_item(struct vici_builder *b, const void *value, size_t len)
{
	if (!b->in_list) {
		builder_fail(b, -EINVAL, "vici: list item outside a list");
		return;
	}
	put_element(b, VICI_LIST_ITEM, NULL, value ? value : "", len);
}

void vici_add_list_item_str(struct vici_builder *b, const char *value)
{
	vici_add_list_item(b, value, strlen(value));
}

void vici_end_list(struct vici_builder *b)
{
	if (!b->in_list) {
		builder_fail(b, -EINVAL, "vici: list end without a list");
		return;
	}
	put_element(b, VICI_LIST_END, NULL, NULL, 0);
	b->in_list = false;
}

int vici_builder_finish(struct vici_builder *b, const uint8_t **data,
			size_t *len)
{
	if (!b->err && b->in_list)
		builder_fail(b, -EINVAL, "vici: message ends inside a list");
	if (!b->err && b->depth)
		builder_fail(b, -EINVAL,
			     "vici: message ends with %u section(s) open",
			     b->depth);
	if (b->err)
		return b->err;
	*data = b->buf ? b->buf : (const uint8_t *)"";
	*len = b->len;
	return 0;
}

/* ---- parser ----------------------------------------------------------- */

static const char *const element_names[] = {
	[VICI_SECTION_START] = "section",
	[VICI_SECTION_END] = "section end",
	[VICI_KEY_VALUE] = "key-value",
	[VICI_LIST_START] = "list",
	[VICI_LIST_ITEM] = "list item",
	[VICI_LIST_END] = "list end",
};

/*
 * One walk serves both passes: with nodes == NULL it only validates and
 * counts nodes and string bytes; then it fills the nodes and strings.
 */
struct parse {
	const uint8_t *buf;
	size_t len, off;
	char *err;
	size_t errlen;
	/* counting */
	uint32_t count;
	size_t strbytes;
	/* building */
	struct vici_node *nodes;
	char *strings;
	/* open containers: stack[0] is the root */
	uint32_t stack[VICI_MAX_DEPTH + 2];
	uint32_t last[VICI_MAX_DEPTH + 2];	/* last child, 0 if none */
	unsigned int depth;
	bool in_list;
	const uint8_t *list_name;	/* of the open list, for errors */
	size_t list_name_len;
};

static int parse_fail(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int parse_fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err && p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err, p->errlen, fmt, ap);
		va_end(ap);
	}
	return -EBADMSG;
}

/* A name from the message, escaped for an error text, in out. */
static const char *shown(const void *name, size_t n, char out[64])
{
	return str_escape(out, 64, name, n);
}

static char *copy_string(struct parse *p, const uint8_t *s, size_t n)
{
	char *dst = p->strings;

	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
	p->strings += n + 1;
	return dst;
}

static void add_node(struct parse *p, enum vici_node_type type,
		     const uint8_t *name, size_t nlen, const uint8_t *value,
		     size_t vlen)
{
	uint32_t idx = p->count++;
	struct vici_node *n;
	unsigned int top = p->depth + p->in_list;

	p->strbytes += nlen + 1 + (value ? vlen + 1 : 0);
	if (!p->nodes)
		return;
	n = &p->nodes[idx];
	n->type = type;
	n->name = copy_string(p, name, nlen);
	n->value = value ? copy_string(p, value, vlen) : NULL;
	n->value_len = vlen;
	n->child = 0;
	n->next = 0;
	if (p->last[top])
		p->nodes[p->last[top]].next = idx;
	else
		p->nodes[p->stack[top]].child = idx;
	p->last[top] = idx;
}

static void open_container(struct parse *p)
{
	unsigned int top = p->depth + p->in_list;

	p->stack[top] = p->count - 1;
	p->last[top] = 0;
}

static int parse_element(struct parse *p)
{
	size_t start = p->off, nlen = 0, vlen = 0;
	const uint8_t *name = NULL, *value = NULL;
	uint8_t type = p->buf[p->off++];
	bool has_name, has_value;
	const char *what;
	char buf[64];

	if (type < VICI_SECTION_START || type > VICI_LIST_END)
		return parse_fail(p, "vici: unknown element type %u at offset %zu",
				  type, start);
	what = element_names[type];
	has_name = type == VICI_SECTION_START || type == VICI_KEY_VALUE ||
		   type == VICI_LIST_START;
	has_value = type == VICI_KEY_VALUE || type == VICI_LIST_ITEM;
	if (has_name) {
		if (p->off >= p->len)
			return parse_fail(p, "vici: %s name truncated at offset %zu",
					  what, start);
		nlen = p->buf[p->off++];
		if (p->len - p->off < nlen)
			return parse_fail(p, "vici: %s name truncated at offset %zu",
					  what, start);
		name = p->buf + p->off;
		p->off += nlen;
		if (memchr(name, '\0', nlen))
			return parse_fail(p, "vici: %s name with a NUL byte at offset %zu",
					  what, start);
	}
	if (has_value) {
		if (p->len - p->off < 2)
			goto truncated;
		vlen = (size_t)p->buf[p->off] << 8 | p->buf[p->off + 1];
		p->off += 2;
		if (p->len - p->off < vlen)
			goto truncated;
		value = p->buf + p->off;
		p->off += vlen;
	}

	switch (type) {
	case VICI_SECTION_START:
	case VICI_KEY_VALUE:
	case VICI_LIST_START:
		if (p->in_list)
			return parse_fail(p, "vici: %s '%s' inside a list at offset %zu",
					  what, shown(name, nlen, buf), start);
		break;
	case VICI_LIST_ITEM:
	case VICI_LIST_END:
		if (!p->in_list)
			return parse_fail(p, "vici: %s outside a list at offset %zu",
					  what, start);
		break;
	case VICI_SECTION_END:
		if (p->in_list)
			return parse_fail(p, "vici: section end inside a list at offset %zu",
					  start);
		if (!p->depth)
			return parse_fail(p, "vici: section end without a section at offset %zu",
					  start);
		break;
	}

	switch (type) {
	case VICI_SECTION_START:
		if (p->depth >= VICI_MAX_DEPTH)
			return parse_fail(p, "vici: section '%s' nested deeper than %d at offset %zu",
					  shown(name, nlen, buf), VICI_MAX_DEPTH,
					  start);
		add_node(p, VICI_NODE_SECTION, name, nlen, NULL, 0);
		p->depth++;
		open_container(p);
		break;
	case VICI_SECTION_END:
		p->depth--;
		break;
	case VICI_KEY_VALUE:
		add_node(p, VICI_NODE_KV, name, nlen, value, vlen);
		break;
	case VICI_LIST_START:
		add_node(p, VICI_NODE_LIST, name, nlen, NULL, 0);
		p->in_list = true;
		p->list_name = name;
		p->list_name_len = nlen;
		open_container(p);
		break;
	case VICI_LIST_ITEM:
		add_node(p, VICI_NODE_ITEM, NULL, 0, value, vlen);
		break;
	case VICI_LIST_END:
		p->in_list = false;
		break;
	}
	return 0;

truncated:
	if (name)
		return parse_fail(p, "vici: %s '%s' truncated at offset %zu",
				  what, shown(name, nlen, buf), start);
	return parse_fail(p, "vici: %s truncated at offset %zu", what, start);
}

static int parse_walk(struct parse *p)
{
	char buf[64];
	int ret;

	p->off = 0;
	p->count = 0;
	p->depth = 0;
	p->in_list = false;
	p->strbytes = 0;
	/* the root */
	add_node(p, VICI_NODE_SECTION, NULL, 0, NULL, 0);
	p->stack[0] = 0;
	p->last[0] = 0;
	while (p->off < p->len) {
		ret = parse_element(p);
		if (ret)
			return ret;
	}
	if (p->in_list)
		return parse_fail(p, "vici: message ends inside list '%s'",
				  shown(p->list_name, p->list_name_len, buf));
	if (p->depth)
		return parse_fail(p, "vici: message ends with %u section(s) open",
				  p->depth);
	return 0;
}

struct vici_msg *vici_msg_parse(const uint8_t *buf, size_t len, char *err,
				size_t errlen)
{
	struct parse p = { .buf = buf, .len = len, .err = err,
			   .errlen = errlen };
	struct vici_msg *m;
	size_t size;

	if (err && errlen)
		err[0] = '\0';
	if (parse_walk(&p)) {
		errno = EBADMSG;
		return NULL;
	}
	/* count <= len + 1 and strbytes <= 2 * len + 1: no overflow */
	size = sizeof(*m) + (size_t)p.count * sizeof(struct vici_node) +
	       p.strbytes;
	m = malloc(size);
	if (!m) {
		parse_fail(&p, "vici: out of memory parsing a %zu-byte message",
			   len);
		errno = ENOMEM;
		return NULL;
	}
	m->nodes = (struct vici_node *)(m + 1);
	p.nodes = m->nodes;
	p.strings = (char *)(m->nodes + p.count);
	parse_walk(&p);		/* validated above: cannot fail */
	m->count = p.count;
	return m;
}

void vici_msg_free(struct vici_msg *m)
{
	free(m);
}

/* ---- lookup ----------------------------------------------------------- */

const struct vici_node *vici_node_first(const struct vici_msg *m,
					const struct vici_node *parent)
{
	if (parent->type != VICI_NODE_SECTION && parent->type != VICI_NODE_LIST)
		return NULL;
	return parent->child ? &m->nodes[parent->child] : NULL;
}

const struct vici_node *vici_node_next(const struct vici_msg *m,
				       const struct vici_node *n)
{
	return n->next ? &m->nodes[n->next] : NULL;
}

static const struct vici_node *child_n(const struct vici_msg *m,
				       const struct vici_node *parent,
				       const char *name, size_t nlen)
{
	const struct vici_node *n;

	if (parent->type != VICI_NODE_SECTION)
		return NULL;
	for (n = vici_node_first(m, parent); n; n = vici_node_next(m, n))
		if (strlen(n->name) == nlen && !memcmp(n->name, name, nlen))
			return n;
	return NULL;
}

const struct vici_node *vici_node_child(const struct vici_msg *m,
					const struct vici_node *parent,
					const char *name)
{
	return child_n(m, parent, name, strlen(name));
}

const struct vici_node *vici_node_find(const struct vici_msg *m,
				       const struct vici_node *parent,
				       const char *path)
{
	const struct vici_node *n = parent ? parent : vici_msg_root(m);
	const char *dot;

	for (;;) {
		dot = strchr(path, '.');
		n = child_n(m, n, path, dot ? (size_t)(dot - path)
					    : strlen(path));
		if (!n || !dot)
			return n;
		path = dot + 1;
	}
}

const char *vici_msg_get(const struct vici_msg *m,
			 const struct vici_node *parent, const char *path)
{
	const struct vici_node *n = vici_node_find(m, parent, path);

	return n && n->type == VICI_NODE_KV ? n->value : NULL;
}

int vici_msg_get_uint(const struct vici_msg *m, const struct vici_node *parent,
		      const char *path, int base, uint64_t max, uint64_t *out)
{
	const char *s = vici_msg_get(m, parent, path);
	unsigned long long v;
	char *end;

	if (!s)
		return -ENOENT;
	/* strtoull accepts leading blanks and signs; VICI numbers have none */
	if (!((s[0] >= '0' && s[0] <= '9') ||
	      (base == 16 && ((s[0] >= 'a' && s[0] <= 'f') ||
			      (s[0] >= 'A' && s[0] <= 'F')))))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || end == s || strlen(s) != (size_t)(end - s) ||
	    v > max)
		return -EINVAL;
	*out = v;
	return 0;
}
