// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dumps arrive in the kernel's hash order; lists are collected first so
 * that they can be sorted by id and their columns sized to fit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect.h"

int collect_push(struct collect *c, const void *item)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		void *items = reallocarray(c->items, cap, c->size);

		if (!items)
			return -ENOMEM;
		c->items = items;
		c->cap = cap;
	}
	memcpy((char *)c->items + c->n * c->size, item, c->size);
	c->n++;
	return 0;
}

void collect_free(struct collect *c)
{
	free(c->items);
	c->items = NULL;
	c->n = c->cap = 0;
}
