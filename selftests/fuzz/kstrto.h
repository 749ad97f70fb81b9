/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/* The kernel's kstrto*() rules in user space, shared with lfprim-bench. */
#include "../../userspace/include/lfprim/backend/kstrto.h"
