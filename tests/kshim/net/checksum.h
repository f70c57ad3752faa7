/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host build of kmod/ files: see ../kshim.h.  The incremental checksum
 * update of RFC 1624 (eqn. 3) on the field's bytes as they are in memory,
 * as the kernel's csum_replace2() does.
 */
#include "../kshim.h"

static inline void csum_replace2(__sum16 *sum, __be16 old, __be16 new)
{
	u32 s = (u16)~*sum + (u16)~old + (u16)new;

	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	*sum = (__sum16)~s;
}
