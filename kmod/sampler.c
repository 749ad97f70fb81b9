// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim sampler, kernel side: the per-CPU generator state of
 * lfp_sampler_should_sample(), seeded from the kernel's CSPRNG at load.
 */
#include <linux/export.h>
#include <linux/percpu.h>
#include <linux/random.h>

#include "compat.h"

#include <lfprim/sampler.h>

#include "sampler.h"

DEFINE_PER_CPU(u64, lfp_sampler_rng) = 0x9e3779b97f4a7c15ULL;
LFP_EXPORT_PER_CPU(lfp_sampler_rng);

/**
 * lfp_sampler_seed() - seed every possible CPU's generator
 *
 * Context: module init; may be called again at any time.
 */
void lfp_sampler_seed(void)
{
	u64 seed;
	int cpu;

	for_each_possible_cpu(cpu) {
		/* Zero is the one state xorshift never leaves. */
		do {
			seed = get_random_u64();
		} while (!seed);
		per_cpu(lfp_sampler_rng, cpu) = seed;
	}
}
