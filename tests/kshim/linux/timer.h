/* SPDX-License-Identifier: GPL-2.0 */
/* Host build of kmod/ files: see ../kshim.h. */
#include "../kshim.h"
