/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel layout and fast paths of lfprim sampler: the threshold, and a
 * per-CPU xorshift64* generator (kmod/sampler.c seeds it at load).
 */
#ifndef _LFPRIM_BACKEND_SAMPLER_H
#define _LFPRIM_BACKEND_SAMPLER_H

#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/percpu.h>
#include <linux/types.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_sampler - a sampling rate
 * @thr: probability in parts per 2^32 (0xffffffff: always)
 */
struct lfp_sampler {
	u32 thr;
};

DECLARE_PER_CPU(u64, lfp_sampler_rng);

#define __lfp_sampler_load(s)		READ_ONCE((s)->thr)
#define __lfp_sampler_store(s, v)	WRITE_ONCE((s)->thr, (v))

/*
 * xorshift64* (Vigna, "An experimental exploration of Marsaglia's xorshift
 * generators, scrambled", 2016).  Read and write are separate this_cpu
 * operations: a task migrating or an interrupt arriving between them makes
 * two draws share a state, which repeats a number but never makes the
 * state zero (xorshift maps nonzero to nonzero).
 */
static __always_inline u32 __lfp_sampler_rand(void)
{
	u64 x = this_cpu_read(lfp_sampler_rng);

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	this_cpu_write(lfp_sampler_rng, x);
	return (x * 0x2545f4914f6cdd1dULL) >> 32;
}

/* A sampler at @threshold (LFP_SAMPLER_INIT). */
#define __LFP_SAMPLER_INIT(threshold)	{ .thr = (threshold) }

#endif /* _LFPRIM_BACKEND_SAMPLER_H */
