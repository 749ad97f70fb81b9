/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of sflight: every thread asks for one slow value,
 * against a mutex around the slow path.  Rows of the table in
 * <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what a scenario
 * is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_SFLIGHT_H
#define _LFPRIM_CORE_BENCH_SFLIGHT_H

#include <lfprim/core/bench.h>
#include <lfprim/sflight.h>

/* ---- sflight: every thread asks for the same slow value ---- */

struct lfp_bench_sf {
	struct lfp_sflight g;
	struct lfpb_mutex lock;
	struct lfpb_atomic calls;	/* of the slow function */
	struct lfpb_atomic asks;	/* callers asking for the value */
	const char *name;
};

/* About a microsecond of work that cannot be optimised away. */
static unsigned long long lfp_bench_slow_value(void)
{
	unsigned long long x = 1;
	unsigned int i;

	for (i = 0; i < 512; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

static int lfp_bench_slow_fn(void *arg, void **res)
{
	struct lfp_bench_sf *b = arg;

	lfpb_atomic_inc(&b->calls);
	*res = (void *)(unsigned long)lfp_bench_slow_value();
	return 0;
}

static int lfp_bench_sf_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_sf *b = lfpb_alloc(sizeof(*b));

	if (!b)
		return -ENOMEM;
	lfp_sflight_init(&b->g);
	lfpb_mutex_init(&b->lock);
	lfpb_atomic_set(&b->calls, 0);
	lfpb_atomic_set(&b->asks, 0);
	*ctx = b;
	return 0;
}

static void lfp_bench_sf_cleanup(void *ctx)
{
	struct lfp_bench_sf *b = ctx;

	/* The point of singleflight: slow calls made per value asked for. */
	if (b->name)
		lfpb_report("%s: %ld slow calls for %ld asks\n", b->name,
			    (long)lfpb_atomic_read(&b->calls),
			    (long)lfpb_atomic_read(&b->asks));
	lfp_sflight_destroy(&b->g);
	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_sflight_hit(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_bench_sf *b = ctx;
	unsigned long acc = 0;
	void *res;

	b->name = "sflight-hit";
	while (loops--) {
		lfpb_atomic_inc(&b->asks);
		if (!lfp_sflight_do(&b->g, 1, lfp_bench_slow_fn, b, &res, NULL,
				    LFP_WAIT_FOREVER, NULL))
			acc += (unsigned long)res;
	}
	t->acc += acc;
}

static void lfp_bench_mutex_miss(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_bench_sf *b = ctx;
	unsigned long acc = 0;

	b->name = "mutex-miss";
	while (loops--) {
		lfpb_atomic_inc(&b->asks);
		lfpb_mutex_lock(&b->lock);
		lfpb_atomic_inc(&b->calls);
		acc += lfp_bench_slow_value();
		lfpb_mutex_unlock(&b->lock);
	}
	t->acc += acc;
}

static const struct lfp_bench_scenario lfp_bench_sc_sflight_hit = {
	.name		= "sflight-hit",
	.family		= "miss",
	.replaces	= "mutex-miss",
	.init		= lfp_bench_sf_init,
	.read_section	= lfp_bench_sflight_hit,
	.cleanup	= lfp_bench_sf_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_miss = {
	.name		= "mutex-miss",
	.family		= "miss",
	.init		= lfp_bench_sf_init,
	.read_section	= lfp_bench_mutex_miss,
	.cleanup	= lfp_bench_sf_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_SFLIGHT_H */
