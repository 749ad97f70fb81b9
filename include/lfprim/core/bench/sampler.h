/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of sampler: one should-sample decision, against the
 * rate read under a mutex.  Rows of the table in
 * <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what a scenario
 * is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_SAMPLER_H
#define _LFPRIM_CORE_BENCH_SAMPLER_H

#include <lfprim/core/bench.h>
#include <lfprim/sampler.h>

/* ---- sampler: decide per call; the rate under a mutex as the baseline ---- */

struct lfp_bench_sampler {
	struct lfp_sampler s;
	struct lfpb_mutex lock;
	unsigned int thr;
};

static int lfp_bench_sampler_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_sampler *b = lfpb_alloc(sizeof(*b));

	if (!b)
		return -ENOMEM;
	lfp_sampler_init(&b->s, 10000);
	lfpb_mutex_init(&b->lock);
	b->thr = lfp_sampler_threshold(&b->s);
	*ctx = b;
	return 0;
}

static void lfp_bench_sampler_cleanup(void *ctx)
{
	struct lfp_bench_sampler *b = ctx;

	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_sampler_hit(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_bench_sampler *b = ctx;
	unsigned long acc = 0;

	while (loops--)
		acc += lfp_sampler_should_sample(&b->s);
	t->acc += acc;
}

static void lfp_bench_mutex_sampler(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_sampler *b = ctx;
	unsigned long acc = 0;
	unsigned int thr;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		thr = b->thr;
		lfpb_mutex_unlock(&b->lock);
		acc += __lfp_sampler_rand() < thr;
	}
	t->acc += acc;
}

static const struct lfp_bench_scenario lfp_bench_sc_sampler_hit = {
	.name		= "sampler-hit",
	.family		= "sample",
	.replaces	= "mutex-sampler",
	.init		= lfp_bench_sampler_init,
	.read_section	= lfp_bench_sampler_hit,
	.cleanup	= lfp_bench_sampler_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_sampler = {
	.name		= "mutex-sampler",
	.family		= "sample",
	.init		= lfp_bench_sampler_init,
	.read_section	= lfp_bench_mutex_sampler,
	.cleanup	= lfp_bench_sampler_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_SAMPLER_H */
