// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim sampler, user-space side: the per-thread generator state and its
 * seeding.
 */
#include <sys/random.h>
#include <time.h>

#include <lfprim/sampler.h>

__thread unsigned long long lfp_sampler_rng
	__attribute__((tls_model("initial-exec")));

/* Seed the calling thread's generator; returns the (nonzero) seed. */
unsigned long long lfp_sampler_seed_thread(void)
{
	unsigned long long seed = 0;
	struct timespec ts;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed)) {
		/* No entropy yet: time and the thread's own address. */
		clock_gettime(CLOCK_MONOTONIC, &ts);
		seed = (unsigned long long)ts.tv_nsec * 0x9e3779b97f4a7c15ULL ^
		       (unsigned long long)(unsigned long)&lfp_sampler_rng;
	}
	if (!seed)
		seed = 0x9e3779b97f4a7c15ULL;
	lfp_sampler_rng = seed;
	return seed;
}
