/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The liveness word of user-space objects (library-internal, not
 * installed).  A successful init stores LFP_LIVE in the object's @live
 * field; destroy clears it before it releases anything.  Memory that was
 * never initialised (zeroed, or anything but the magic) and destroyed
 * objects therefore read as not live, and the out-of-line calls refuse
 * them (see "Misuse:" in the contract headers).  Init and destroy run
 * alone on an object, so plain loads and stores do.
 *
 * The logic shared with the kernel (include/lfprim/core/) takes its checks
 * as hooks that the user-space side defines with these helpers.
 */
#ifndef _LFPRIM_USERSPACE_LIVE_H
#define _LFPRIM_USERSPACE_LIVE_H

#include <lfprim/backend/compat.h>

/*
 * The shared logic marks its exports for the module; in user space the
 * version script (liblfprim.map) decides what the library exports.
 */
#define EXPORT_SYMBOL_GPL(sym)	_Static_assert(sizeof(sym) != 0, #sym)
#define LFP_EXPORT(sym)		_Static_assert(sizeof(sym) != 0, #sym)

#define LFP_LIVE	__LFP_LIVE	/* "LIVE" */
#define LFP_DESTROYED	0x44454144U	/* "DEAD": destroy stores it */

static inline int lfp_live(const unsigned int *live)
{
	return *live == LFP_LIVE;
}

static inline void lfp_live_set(unsigned int *live)
{
	*live = LFP_LIVE;
}

static inline void lfp_live_clear(unsigned int *live)
{
	*live = LFP_DESTROYED;
}

/*
 * Nonzero for a NULL @obj, or one whose liveness word @field is not set.
 * Debug builds (the test builds, LFPRIM_INJECT, or LFPRIM_DEBUG) also say
 * so on stderr, naming the call and what the object is: NULL, never
 * initialised (zeroed memory), destroyed, or garbage (misuse.c).
 */
#if defined(LFPRIM_INJECT) || defined(LFPRIM_DEBUG)
int lfp_misuse_report(const char *fn, const void *obj, const unsigned int *live);
#define lfp_dead(obj, field)						\
	((!(obj) || !lfp_live(&(obj)->field)) &&			\
	 lfp_misuse_report(__func__, (obj), (obj) ? &(obj)->field : NULL))
#else
#define lfp_dead(obj, field)	(!(obj) || !lfp_live(&(obj)->field))
#endif

/* A misuse test: rarely true. */
#define lfp_misuse(cond)	lfp_unlikely(cond)

#endif /* _LFPRIM_USERSPACE_LIVE_H */
