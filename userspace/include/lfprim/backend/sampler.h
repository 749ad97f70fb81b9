/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space layout and fast paths of lfprim sampler: the threshold, and a
 * per-thread xorshift64* generator seeded on a thread's first draw.
 */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_SAMPLER_H
#include <lfprim/sampler.h>
#endif

#ifndef _LFPRIM_BACKEND_SAMPLER_H
#define _LFPRIM_BACKEND_SAMPLER_H

#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_sampler - a sampling rate
 * @thr: probability in parts per 2^32 (0xffffffff: always)
 */
struct lfp_sampler {
	unsigned int thr;
};

/* The calling thread's generator state; 0 until its first draw. */
extern __thread unsigned long long lfp_sampler_rng
	__attribute__((tls_model("initial-exec")));

unsigned long long lfp_sampler_seed_thread(void);

#define __lfp_sampler_load(s)	__atomic_load_n(&(s)->thr, __ATOMIC_RELAXED)
#define __lfp_sampler_store(s, v) \
	__atomic_store_n(&(s)->thr, (v), __ATOMIC_RELAXED)

/* xorshift64* (Vigna 2016); see the kernel backend. */
static inline unsigned int __lfp_sampler_rand(void)
{
	unsigned long long x = lfp_sampler_rng;

	if (lfp_unlikely(!x))
		x = lfp_sampler_seed_thread();
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	lfp_sampler_rng = x;
	return (x * 0x2545f4914f6cdd1dULL) >> 32;
}

/* A sampler at @threshold (LFP_SAMPLER_INIT). */
#define __LFP_SAMPLER_INIT(threshold)	{ .thr = (threshold) }

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_SAMPLER_H */
