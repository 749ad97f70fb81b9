/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Test-only delay injection at racy points, the way the rseq selftests
 * inject delays: a test arms a hook, and the library calls it at named
 * points inside its own operations, so that a race that needs a preemption
 * at one exact place happens every time instead of by luck.
 *
 * Release builds (liblfprim, "make kmod", DKMS) are built without
 * LFPRIM_INJECT and lfp_inject() is an empty inline: no code, no symbol.
 * The test builds (the user-space test library and runners, the sanitizer
 * builds, the module the VM lanes load) define LFPRIM_INJECT; the shared
 * cases refuse to build without it, so no case that relies on an injected
 * delay can silently pass without one.
 *
 * A point is named by a string, "<prim>.<where>", and passes the object it
 * concerns, so that a hook armed for one test's object ignores everything
 * else running at the same time.  The hook runs in the context of the
 * point: in the kernel some points are atomic (see each point's comment),
 * and the hook must then busy-wait instead of sleeping.
 */
#ifndef _LFPRIM_CORE_INJECT_H
#define _LFPRIM_CORE_INJECT_H

#ifdef LFPRIM_INJECT

/**
 * lfp_inject_set() - arm or disarm the delay-injection hook
 * @fn: the hook, or NULL to disarm; called as fn(point, obj, @arg) with the
 *	point's name ("<prim>.<where>") and the object it concerns
 * @arg: passed to @fn
 *
 * One hook at a time for the whole library or module.  Disarming waits
 * until no call of the previous hook is still running, so a test may free
 * what @arg points to once this returns.
 *
 * Context: process context, may sleep.
 */
void lfp_inject_set(void (*fn)(const char *point, const void *obj, void *arg),
		    void *arg);

/**
 * lfp_inject() - an injection point
 * @point: the point's name
 * @obj: the object it concerns
 *
 * Calls the armed hook, if any.
 */
void lfp_inject(const char *point, const void *obj);

/**
 * lfp_misuse_reports() - misuse reports so far (test builds)
 *
 * Every out-of-line call that refuses a NULL, never initialised, garbage
 * or destroyed object reports it (core/live.h: on stderr, or in the kernel
 * log; the first few of a process or a load) and counts it here.
 *
 * Return: the number of reports since the process started or the module
 * was loaded.
 */
unsigned long lfp_misuse_reports(void);

/**
 * lfp_misuse_last() - the last misuse report
 *
 * User space keeps one per thread, the kernel one per module (its tests
 * run one at a time).
 *
 * Return: "lfprim: <call>(<object>): <what the object is>", or "".
 */
const char *lfp_misuse_last(void);

#else

static inline void lfp_inject(const char *point, const void *obj)
{
}

#endif /* LFPRIM_INJECT */

#endif /* _LFPRIM_CORE_INJECT_H */
