/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space additions to the liveness word (core/live.h): the
 * out-of-line calls refuse objects that are not live in every build (see
 * "Misuse:" in the contract headers).
 *
 * The logic shared with the kernel (include/lfprim/core/) takes its checks
 * as hooks that the user-space side defines with these helpers.
 */
#ifndef _LFPRIM_USERSPACE_LIVE_H
#define _LFPRIM_USERSPACE_LIVE_H

#include <lfprim/backend/compat.h>
#include <lfprim/core/live.h>

/*
 * The shared logic marks its exports for the module; in user space the
 * version script (liblfprim.map) decides what the library exports.
 */
#define EXPORT_SYMBOL_GPL(sym)	_Static_assert(sizeof(sym) != 0, #sym)
#define LFP_EXPORT(sym)		_Static_assert(sizeof(sym) != 0, #sym)

/* The public static initializers spell the magic on their own. */
_Static_assert(LFP_LIVE == __LFP_LIVE, "__LFP_LIVE is LFP_LIVE");

/* A misuse test: rarely true. */
#define lfp_misuse(cond)	lfp_unlikely(cond)

#endif /* _LFPRIM_USERSPACE_LIVE_H */
