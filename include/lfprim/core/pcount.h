/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Argument checks of lfprim pcount, shared by both worlds so that both
 * reject the same input with the same errno.
 */
#ifndef _LFPRIM_CORE_PCOUNT_H
#define _LFPRIM_CORE_PCOUNT_H

#include <lfprim/pcount.h>

/* 0, or -ERANGE for a batch outside 1..LFP_PCOUNT_BATCH_MAX. */
static inline int lfp_pcount_check_batch(unsigned int batch)
{
	return batch < 1 || batch > LFP_PCOUNT_BATCH_MAX ? -ERANGE : 0;
}

/* 0, -EINVAL for a NULL counter, unknown flags or both, or -ERANGE. */
static inline int lfp_pcount_check_init(const struct lfp_pcount *pc,
					unsigned int batch, unsigned int flags)
{
	if (!pc || (flags & ~LFP_PCOUNT_FLAGS_ALL) ||
	    (flags & LFP_PCOUNT_FLAGS_ALL) == LFP_PCOUNT_FLAGS_ALL)
		return -EINVAL;
	return lfp_pcount_check_batch(batch);
}

#endif /* _LFPRIM_CORE_PCOUNT_H */
