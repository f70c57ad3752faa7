/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * VICI messages (strongSwan src/libcharon/plugins/vici/README.md, "Message
 * format"): a tree of sections, key/values and lists, encoded as a flat
 * sequence of elements:
 *
 *   SECTION_START(1) name8          opens a named sub-section
 *   SECTION_END(2)                  closes the innermost section
 *   KEY_VALUE(3)     name8 value16  key/value in the current section
 *   LIST_START(4)    name8          opens a named list (lists never nest)
 *   LIST_ITEM(5)     value16        an item of the open list
 *   LIST_END(6)                     closes the open list
 *
 * name8 is a 1-byte length and that many name bytes, value16 a 2-byte
 * big-endian length and that many value bytes; nothing is NUL-terminated.
 *
 * Building: struct vici_builder accumulates the wire bytes.  Errors are
 * sticky: after the first misuse (a name over 255 bytes, an item outside a
 * list, ...) every later call does nothing and vici_builder_finish()
 * reports the first error, so callers check once at the end.
 *
 * Parsing: vici_msg_parse() validates the whole message, then builds a
 * tree of nodes in one allocation.  Names and values are copied and
 * NUL-terminated (values may still contain NUL bytes; value_len is exact).
 */
#ifndef L2TPGW_VICI_MESSAGE_H
#define L2TPGW_VICI_MESSAGE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vici_element {
	VICI_SECTION_START = 1,
	VICI_SECTION_END = 2,
	VICI_KEY_VALUE = 3,
	VICI_LIST_START = 4,
	VICI_LIST_ITEM = 5,
	VICI_LIST_END = 6,
};

/* Sections nested deeper than this are refused, when building and parsing. */
#define VICI_MAX_DEPTH		32
#define VICI_MAX_NAME		255
#define VICI_MAX_VALUE		65535
#define VICI_ERR_LEN		160

struct vici_builder {
	uint8_t *buf;		/* malloc'd wire bytes */
	size_t len, cap;
	unsigned int depth;	/* open sections */
	bool in_list;
	int err;		/* first error, negative errno; 0 if none */
	char errstr[VICI_ERR_LEN];
};

void vici_builder_init(struct vici_builder *b);
/* Frees the bytes; the builder may be initialised again. */
void vici_builder_release(struct vici_builder *b);

void vici_begin_section(struct vici_builder *b, const char *name);
void vici_end_section(struct vici_builder *b);
/* A key/value whose value is len raw bytes. */
void vici_add_kv(struct vici_builder *b, const char *key, const void *value,
		 size_t len);
/* A key/value whose value is a C string. */
void vici_add_kv_str(struct vici_builder *b, const char *key,
		     const char *value);
void vici_add_kv_fmt(struct vici_builder *b, const char *key,
		     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void vici_begin_list(struct vici_builder *b, const char *name);
void vici_add_list_item(struct vici_builder *b, const void *value,
			size_t len);
void vici_add_list_item_str(struct vici_builder *b, const char *value);
void vici_end_list(struct vici_builder *b);

/*
 * Check that every section and list is closed.  0 and the encoded message
 * (owned by the builder, valid until it changes or is released), or the
 * first error (negative errno) with b->errstr describing it.
 */
int vici_builder_finish(struct vici_builder *b, const uint8_t **data,
			size_t *len);

enum vici_node_type {
	VICI_NODE_SECTION,	/* the root is a section with name "" */
	VICI_NODE_KV,
	VICI_NODE_LIST,
	VICI_NODE_ITEM,
};

struct vici_node {
	enum vici_node_type type;
	const char *name;	/* NUL-terminated; "" for the root and items */
	const char *value;	/* KV and ITEM: NUL-terminated copy, else NULL */
	uint16_t value_len;
	uint32_t child;		/* first child (section, list), 0 if none */
	uint32_t next;		/* next sibling, 0 if none */
};

/* A parsed message: nodes[0] is the root section. */
struct vici_msg {
	uint32_t count;
	struct vici_node *nodes;
};

/*
 * Parse a complete message of len bytes (len 0 is the empty message).
 * Returns a message to free with vici_msg_free(), or NULL with errno set
 * (EBADMSG malformed, ENOMEM) and err (if not NULL) holding a description
 * such as "vici: key-value 'foo' truncated at offset 17".
 */
struct vici_msg *vici_msg_parse(const uint8_t *buf, size_t len, char *err,
				size_t errlen);
void vici_msg_free(struct vici_msg *m);

static inline const struct vici_node *vici_msg_root(const struct vici_msg *m)
{
	return &m->nodes[0];
}

/* Children of a section or list, in wire order; NULL at the end. */
const struct vici_node *vici_node_first(const struct vici_msg *m,
					const struct vici_node *parent);
const struct vici_node *vici_node_next(const struct vici_msg *m,
				       const struct vici_node *n);
/* The first child of a section named name (of any type), or NULL. */
const struct vici_node *vici_node_child(const struct vici_msg *m,
					const struct vici_node *parent,
					const char *name);
/*
 * Follow a dot-separated path of names from parent (NULL: the root), e.g.
 * "child-sas.l2tp.mark-in".  Names that themselves contain dots must be
 * looked up with vici_node_child().
 */
const struct vici_node *vici_node_find(const struct vici_msg *m,
				       const struct vici_node *parent,
				       const char *path);
/* The value of the key/value at path, or NULL if absent or not a KV. */
const char *vici_msg_get(const struct vici_msg *m,
			 const struct vici_node *parent, const char *path);
/*
 * Unsigned integer at path in base (10 or 16; 0 accepts "0x" prefixes).
 * 0, -ENOENT if absent, -EINVAL if not entirely a number within max.
 */
int vici_msg_get_uint(const struct vici_msg *m, const struct vici_node *parent,
		      const char *path, int base, uint64_t max, uint64_t *out);

#endif /* L2TPGW_VICI_MESSAGE_H */
