/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef L2TPCTL_COLLECT_H
#define L2TPCTL_COLLECT_H

#include <stddef.h>

/* A growable array of fixed-size items, copied in. */
struct collect {
	void *items;
	size_t n, cap, size;
};

#define COLLECT_INIT(type) { NULL, 0, 0, sizeof(type) }

int collect_push(struct collect *c, const void *item);
void collect_free(struct collect *c);

#endif /* L2TPCTL_COLLECT_H */
