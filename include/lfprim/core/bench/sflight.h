/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of sflight: every thread asks for one slow value,
 * against a mutex around the slow path.  Rows of the table in
 * <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what a scenario
 * is and what the includer provides.
 *
 * Two pairs: sflight-hit / mutex-miss with a function of about a
 * microsecond, and the stampede, sflight-stampede / mutex-stampede, with
 * one of @sflight_us microseconds (tens by default): many callers miss
 * the same key at once, which is where singleflight pays.  Each counts
 * the calls of the slow function (struct lfp_bench_thread.calls), so
 * each line reports the calls per ask (calls_per_op); ns_per_op is the
 * wall time one ask takes.
 */
#ifndef _LFPRIM_CORE_BENCH_SFLIGHT_H
#define _LFPRIM_CORE_BENCH_SFLIGHT_H

#include <lfprim/core/bench.h>
#include <lfprim/sflight.h>

struct lfp_bench_sf {
	struct lfp_sflight g;
	struct lfpb_mutex lock;
	unsigned int us;	/* the stampede's slow function */
};

/* What the slow function is told: the scenario and the leader's thread. */
struct lfp_bench_sf_call {
	struct lfp_bench_sf *b;
	struct lfp_bench_thread *t;
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

/*
 * @us microseconds of work: steps of the same recurrence (about 50 ns
 * each) until the clock says so.  Wall time, not CPU time: on a loaded
 * machine the work is preempted like any other.
 */
static unsigned long long lfp_bench_slow_us(unsigned int us)
{
	unsigned long long end = lfpb_now_ns() + us * 1000ULL, x = 1;
	unsigned int i;

	do {
		for (i = 0; i < 16; i++)
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	} while (lfpb_now_ns() < end);
	return x;
}

static int lfp_bench_slow_fn(void *arg, void **res)
{
	struct lfp_bench_sf_call *c = arg;

	c->t->calls++;
	*res = (void *)(unsigned long)lfp_bench_slow_value();
	return 0;
}

static int lfp_bench_stampede_fn(void *arg, void **res)
{
	struct lfp_bench_sf_call *c = arg;

	c->t->calls++;
	*res = (void *)(unsigned long)lfp_bench_slow_us(c->b->us);
	return 0;
}

static int lfp_bench_sf_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_sf *b = lfpb_alloc(sizeof(*b));

	if (!b)
		return -ENOMEM;
	lfp_sflight_init(&b->g);
	lfpb_mutex_init(&b->lock);
	b->us = args->sflight_us;
	*ctx = b;
	return 0;
}

static void lfp_bench_sf_cleanup(void *ctx)
{
	struct lfp_bench_sf *b = ctx;

	lfp_sflight_destroy(&b->g);
	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

/* Every ask goes through the group: concurrent asks share one call. */
static void lfp_bench_sf_ask(struct lfp_bench_sf *b, struct lfp_bench_thread *t,
			     unsigned long loops,
			     int (*fn)(void *arg, void **res))
{
	struct lfp_bench_sf_call c = { .b = b, .t = t };
	unsigned long acc = 0;
	void *res;

	while (loops--)
		if (!lfp_sflight_do(&b->g, 1, fn, &c, &res, NULL,
				    LFP_WAIT_FOREVER, NULL))
			acc += (unsigned long)res;
	t->acc += acc;
}

static void lfp_bench_sflight_hit(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	lfp_bench_sf_ask(ctx, t, loops, lfp_bench_slow_fn);
}

static void lfp_bench_sflight_stampede(void *ctx, struct lfp_bench_thread *t,
				       unsigned long loops)
{
	lfp_bench_sf_ask(ctx, t, loops, lfp_bench_stampede_fn);
}

/* A mutex around the miss: every ask runs the function, one at a time. */
static void lfp_bench_mutex_miss(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_bench_sf *b = ctx;
	unsigned long acc = 0;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		t->calls++;
		acc += lfp_bench_slow_value();
		lfpb_mutex_unlock(&b->lock);
	}
	t->acc += acc;
}

static void lfp_bench_mutex_stampede(void *ctx, struct lfp_bench_thread *t,
				     unsigned long loops)
{
	struct lfp_bench_sf *b = ctx;
	unsigned long acc = 0;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		t->calls++;
		acc += lfp_bench_slow_us(b->us);
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
	.counts_calls	= 1,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_miss = {
	.name		= "mutex-miss",
	.family		= "miss",
	.init		= lfp_bench_sf_init,
	.read_section	= lfp_bench_mutex_miss,
	.cleanup	= lfp_bench_sf_cleanup,
	.counts_calls	= 1,
};

static const struct lfp_bench_scenario lfp_bench_sc_sflight_stampede = {
	.name		= "sflight-stampede",
	.family		= "stampede",
	.replaces	= "mutex-stampede",
	.init		= lfp_bench_sf_init,
	.read_section	= lfp_bench_sflight_stampede,
	.cleanup	= lfp_bench_sf_cleanup,
	.counts_calls	= 1,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_stampede = {
	.name		= "mutex-stampede",
	.family		= "stampede",
	.init		= lfp_bench_sf_init,
	.read_section	= lfp_bench_mutex_stampede,
	.cleanup	= lfp_bench_sf_cleanup,
	.counts_calls	= 1,
};

#endif /* _LFPRIM_CORE_BENCH_SFLIGHT_H */
