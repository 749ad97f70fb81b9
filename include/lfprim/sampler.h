/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim sampler - decide on every call whether to sample, at a rate that
 * changes rarely.
 *
 * Replaces a rate read under a mutex (or asked of a config thread) on the
 * hot path.  The rate is one atomic 32-bit threshold in parts per 2^32; a
 * call draws a 32-bit number from a per-CPU (kernel) or per-thread (user
 * space) xorshift64* generator and samples when the number is below the
 * threshold.  The threshold 0xffffffff means "always".  No lock, no
 * allocation, no floating point.
 *
 * Concurrency and context:
 *
 *   operation          | may run concurrently with   | context
 *   -------------------+-----------------------------+----------------------
 *   should_sample      | everything but init         | kernel: any but NMI;
 *                      |                             | never sleeps
 *   set_ppm/           | everything but init         | any; never sleeps
 *   set_threshold/ppm/ |                             |
 *   threshold          |                             |
 *   init               | nothing                     | any
 *
 * Guarantees: a rate change is one store; a caller whose call starts
 * after the store returned (in the happens-before sense) decides with the
 * new rate.  Over n calls at probability p the number of samples is
 * binomial(n, p) up to the generator's quality; 0 ppm never samples,
 * 1000000 ppm always does.  User space: should_sample is async-signal-
 * safe (a handler interleaving with it on the same thread may repeat a
 * draw, nothing worse).
 *
 * Misuse: init refuses a NULL sampler and a rate out of range, and set_ppm
 * a rate out of range, in both worlds.  Every other call is inline and
 * checks nothing (a branch on every hot call): a sampler must be
 * initialised before use.  There is no destroy.
 *
 * Zero value: a zeroed sampler is a valid sampler at 0 ppm.
 * LFP_SAMPLER_INIT(ppm) or DEFINE_LFP_SAMPLER(name, ppm) initialises one
 * at another rate statically (a constant @ppm out of range does not
 * compile), for an object of static storage duration (file scope, or static
 * in a function), in both worlds; it needs no init call and is never
 * destroyed.  Objects on the stack or the heap use the init function
 * (kernel: lockdep keys statically initialised locks by their address,
 * which must be static).
 */
#ifndef _LFPRIM_SAMPLER_H
#define _LFPRIM_SAMPLER_H

#include <lfprim/backend/sampler.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Rates are given in parts per million, 0 .. LFP_SAMPLER_PPM_MAX. */
#define LFP_SAMPLER_PPM_MAX		1000000U
/* The threshold meaning "sample every call". */
#define LFP_SAMPLER_ALWAYS		0xffffffffU

/* lfp_sampler_ppm_to_threshold() as a constant expression. */
#define LFP_SAMPLER_PPM_TO_THRESHOLD(ppm)				\
	((ppm) >= LFP_SAMPLER_PPM_MAX ? LFP_SAMPLER_ALWAYS :		\
	 (unsigned int)((((unsigned long long)(ppm) << 32) +		\
			 LFP_SAMPLER_PPM_MAX / 2) / LFP_SAMPLER_PPM_MAX))

/**
 * lfp_sampler_ppm_to_threshold() - parts per million to parts per 2^32
 * @ppm: 0 .. LFP_SAMPLER_PPM_MAX
 *
 * Return: the nearest threshold; LFP_SAMPLER_ALWAYS for the maximum.
 */
static inline unsigned int lfp_sampler_ppm_to_threshold(unsigned int ppm)
{
	return LFP_SAMPLER_PPM_TO_THRESHOLD(ppm);
}

/**
 * lfp_sampler_threshold_to_ppm() - parts per 2^32 to parts per million
 * @thr: a threshold
 *
 * Return: the nearest ppm; exact for thresholds from
 * lfp_sampler_ppm_to_threshold().
 */
static inline unsigned int lfp_sampler_threshold_to_ppm(unsigned int thr)
{
	if (thr == LFP_SAMPLER_ALWAYS)
		return LFP_SAMPLER_PPM_MAX;
	return (unsigned int)(((unsigned long long)thr * LFP_SAMPLER_PPM_MAX +
			       (1ULL << 31)) >> 32);
}

/**
 * lfp_sampler_set_threshold() - set the rate in parts per 2^32
 * @s: the sampler
 * @thr: probability thr / 2^32; LFP_SAMPLER_ALWAYS samples every call
 *
 * Context: any; never sleeps.
 */
static inline void lfp_sampler_set_threshold(struct lfp_sampler *s,
					     unsigned int thr)
{
	__lfp_sampler_store(s, thr);
}

/**
 * lfp_sampler_threshold() - the current rate in parts per 2^32
 * @s: the sampler
 *
 * Return: the threshold.
 */
static inline unsigned int lfp_sampler_threshold(const struct lfp_sampler *s)
{
	return __lfp_sampler_load(s);
}

/**
 * lfp_sampler_set_ppm() - set the rate in parts per million
 * @s: the sampler
 * @ppm: 0 .. LFP_SAMPLER_PPM_MAX
 *
 * Context: any; never sleeps.
 * Return: 0, or -ERANGE (and no change) for @ppm out of range.
 */
static inline int lfp_sampler_set_ppm(struct lfp_sampler *s, unsigned int ppm)
{
	if (ppm > LFP_SAMPLER_PPM_MAX)
		return -ERANGE;
	lfp_sampler_set_threshold(s, lfp_sampler_ppm_to_threshold(ppm));
	return 0;
}

/**
 * lfp_sampler_ppm() - the current rate in parts per million
 * @s: the sampler
 *
 * Return: the rate, rounded to the nearest ppm.
 */
static inline unsigned int lfp_sampler_ppm(const struct lfp_sampler *s)
{
	return lfp_sampler_threshold_to_ppm(lfp_sampler_threshold(s));
}

/**
 * lfp_sampler_init() - initialise a sampler
 * @s: the sampler
 * @ppm: initial rate, 0 .. LFP_SAMPLER_PPM_MAX
 *
 * Context: any; nothing else may use @s meanwhile.
 * Return: 0; -EINVAL for a NULL @s; -ERANGE for @ppm out of range.
 */
static inline int lfp_sampler_init(struct lfp_sampler *s, unsigned int ppm)
{
	if (!s)
		return -EINVAL;
	if (ppm > LFP_SAMPLER_PPM_MAX)
		return -ERANGE;
	lfp_sampler_set_threshold(s, lfp_sampler_ppm_to_threshold(ppm));
	return 0;
}

/**
 * lfp_sampler_should_sample() - decide this call
 * @s: the sampler
 *
 * One relaxed load of the threshold and one draw of the calling CPU's
 * (thread's) generator.
 *
 * Context: kernel: any but NMI; never sleeps.
 * Return: nonzero to sample this call.
 */
static inline int lfp_sampler_should_sample(const struct lfp_sampler *s)
{
	unsigned int thr = __lfp_sampler_load(s);

	return __lfp_sampler_rand() < thr || thr == LFP_SAMPLER_ALWAYS;
}

/**
 * LFP_SAMPLER_INIT() - static initializer of a sampler
 * @ppm: the rate, a constant expression, 0 .. LFP_SAMPLER_PPM_MAX (a
 *	 rate out of range does not compile)
 *
 * The same state as lfp_sampler_init(@ppm).
 */
#define LFP_SAMPLER_INIT(ppm)						\
	__LFP_SAMPLER_INIT((unsigned int)(LFP_SAMPLER_PPM_TO_THRESHOLD(ppm) + \
		0 * sizeof(char[(ppm) <= LFP_SAMPLER_PPM_MAX ? 1 : -1])))

/**
 * DEFINE_LFP_SAMPLER() - define a sampler
 * @name: the variable
 * @ppm: as for LFP_SAMPLER_INIT()
 */
#define DEFINE_LFP_SAMPLER(name, ppm)					\
	struct lfp_sampler name = LFP_SAMPLER_INIT(ppm)

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_SAMPLER_H */
