/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The liveness word of lfprim objects, both worlds (internal to the
 * backends, not installed).  A successful init stores LFP_LIVE in the
 * object's @live field; destroy stores LFP_DESTROYED before it releases
 * anything.  Memory that was never initialised (zeroed, or anything but
 * the magic) and destroyed objects therefore read as not live.  Init and
 * destroy run alone on an object, so plain loads and stores do.
 *
 * lfp_dead(obj, field) is nonzero for an object that must be refused:
 *   - user space, every build: a NULL @obj, or one that is not live (see
 *     "Misuse:" in the contract headers);
 *   - the kernel's release build: never, since the kernel treats misuse as
 *     a bug, as its own primitives do, and the fast paths pay nothing;
 *   - debug builds of either world (LFPRIM_DEBUG, or the test builds,
 *     LFPRIM_INJECT): as in user space, and each refusal is reported (on
 *     stderr or in the kernel log) by lfp_misuse_report(), which names the
 *     call and what the object is.
 */
#ifndef _LFPRIM_CORE_LIVE_H
#define _LFPRIM_CORE_LIVE_H

#define LFP_LIVE	0x4c495645U	/* "LIVE" */
#define LFP_DESTROYED	0x44454144U	/* "DEAD" */

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

/* What a refused object is, for the report: @live is NULL for NULL @obj. */
static inline const char *lfp_misuse_what(const void *obj,
					  const unsigned int *live)
{
	if (!obj)
		return "a NULL object";
	if (*live == 0)
		return "an object never initialised (zeroed memory): call its init function, or use its static initializer where it has one, first";
	if (*live == LFP_DESTROYED)
		return "an object used after destroy";
	return "an object not initialised (garbage, not zeroed memory)";
}

#if defined(LFPRIM_INJECT) || defined(LFPRIM_DEBUG)
/* Reports a refused call (userspace/misuse.c, kmod/misuse.c); returns 1. */
int lfp_misuse_report(const char *fn, const void *obj, const unsigned int *live);
#define lfp_dead(obj, field)						\
	((!(obj) || !lfp_live(&(obj)->field)) &&			\
	 lfp_misuse_report(__func__, (obj), (obj) ? &(obj)->field : NULL))
#elif defined(__KERNEL__)
#define lfp_dead(obj, field)	((void)sizeof((obj)->field), 0)
#else
#define lfp_dead(obj, field)	(!(obj) || !lfp_live(&(obj)->field))
#endif

#endif /* _LFPRIM_CORE_LIVE_H */
