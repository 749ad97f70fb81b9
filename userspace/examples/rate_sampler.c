// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A rate sampler on lfprim sampler: decide, on every call of a hot path,
 * whether to trace this one, at a rate that an operator changes at run
 * time (here: the main thread), without a lock and without a shared
 * counter.  Each decision is one relaxed load and one draw of a
 * per-thread random generator.
 *
 * Several threads run the hot path; the program changes the rate between
 * rounds and checks each round's result: at 0 ppm nothing is sampled, at
 * LFP_SAMPLER_PPM_MAX everything is, and at 1% the number sampled is
 * within six standard deviations of 1% of the calls.  It exits 0 when
 * every round holds.
 *
 * Build: cc -O2 rate_sampler.c -o rate_sampler $(pkg-config --cflags --libs lfprim)
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>

#include <lfprim/pcount.h>
#include <lfprim/sampler.h>

#define THREADS		4
#define CALLS		250000UL	/* per thread and round */

static struct lfp_sampler sampler;
static struct lfp_pcount sampled;	/* sharded: no contended line */

/* The hot path: sample some calls, count the sampled ones. */
static void *hot_path(void *arg)
{
	unsigned long i;

	for (i = 0; i < CALLS; i++)
		if (lfp_sampler_should_sample(&sampler))
			lfp_pcount_inc(&sampled);	/* "trace this call" */
	return NULL;
}

/* One round at @ppm: the calls of every thread, and what was sampled. */
static long long round_at(unsigned int ppm)
{
	pthread_t t[THREADS];
	long long before = lfp_pcount_sum(&sampled);
	int i;

	if (lfp_sampler_set_ppm(&sampler, ppm))
		return -1;
	for (i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, hot_path, NULL))
			return -1;
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	return lfp_pcount_sum(&sampled) - before;	/* exact once joined */
}

int main(void)
{
	const double calls = (double)THREADS * CALLS, p = 0.01;
	long long none, all, some;
	double mean, sd;
	int bad = 0;

	if (lfp_sampler_init(&sampler, 0) ||
	    lfp_pcount_init(&sampled, LFP_PCOUNT_BATCH_DEFAULT, 0))
		return 1;

	none = round_at(0);
	all = round_at(LFP_SAMPLER_PPM_MAX);
	some = round_at(10000);			/* 1% */
	mean = calls * p;
	sd = sqrt(calls * p * (1 - p));

	printf("rate_sampler: %.0f calls per round: 0 ppm sampled %lld, 1000000 ppm %lld, 10000 ppm %lld (expected %.0f +- %.0f)\n",
	       calls, none, all, some, mean, 6 * sd);
	if (none != 0)
		bad++;
	if (all != (long long)calls)
		bad++;
	if (fabs((double)some - mean) > 6 * sd)
		bad++;
	lfp_pcount_destroy(&sampled);
	if (bad) {
		fprintf(stderr, "rate_sampler: FAILED\n");
		return 1;
	}
	printf("rate_sampler: ok\n");
	return 0;
}
