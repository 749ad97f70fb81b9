/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of pcount: sharded add and exact sum, against one
 * shared atomic and unpadded per-thread atomics.  Rows of the table in
 * <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what a scenario
 * is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_PCOUNT_H
#define _LFPRIM_CORE_BENCH_PCOUNT_H

#include <lfprim/core/bench.h>
#include <lfprim/pcount.h>

/* ---- pcount: sharded add, exact sum ---- */

/*
 * Fold threshold: args->pcount_batch, what the runner was told (the
 * module's pcount_batch, lfprim-bench -b).
 */
static int lfp_bench_pcount_init_flags(void **ctx,
				       const struct lfp_bench_args *args,
				       unsigned int flags)
{
	struct lfp_pcount *pc = lfpb_alloc(sizeof(*pc));
	int ret;

	if (!pc)
		return -ENOMEM;
	ret = lfp_pcount_init(pc, args->pcount_batch, flags);
	if (ret) {
		lfpb_free(pc);
		return ret;
	}
	*ctx = pc;
	return 0;
}

static int lfp_bench_pcount_init(void **ctx, const struct lfp_bench_args *args)
{
	return lfp_bench_pcount_init_flags(ctx, args, 0);
}

static void lfp_bench_pcount_cleanup(void *ctx)
{
	lfp_pcount_destroy(ctx);
	lfpb_free(ctx);
}

static void lfp_bench_pcount_add(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_pcount *pc = ctx;

	while (loops--)
		lfp_pcount_inc(pc);
}

static void lfp_bench_pcount_sum(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_pcount *pc = ctx;
	unsigned long acc = 0;

	while (loops--)
		acc += lfp_pcount_sum(pc);
	t->acc += acc;
}

/* ---- baselines: one shared atomic, unpadded per-thread shards ---- */

struct lfp_bench_counters {
	struct lfpb_atomic shared;
	/* Adjacent shards: neighbouring threads share cache lines. */
	struct lfpb_slot slot[LFP_BENCH_MAX_THREADS];
};

static int lfp_bench_counters_init(void **ctx,
				   const struct lfp_bench_args *args)
{
	struct lfp_bench_counters *c = lfpb_alloc(sizeof(*c));

	if (!c)
		return -ENOMEM;
	lfpb_atomic_set(&c->shared, 0);
	*ctx = c;
	return 0;
}

static void lfp_bench_counters_cleanup(void *ctx)
{
	lfpb_free(ctx);
}

static void lfp_bench_atomic_add(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_bench_counters *c = ctx;

	while (loops--)
		lfpb_atomic_inc(&c->shared);
}

static void lfp_bench_unpadded_add(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfpb_slot *slot = &((struct lfp_bench_counters *)ctx)->slot[t->id];

	while (loops--)
		lfpb_slot_inc(slot);
}

static const struct lfp_bench_scenario lfp_bench_sc_pcount_add = {
	.name		= "pcount-add",
	.family		= "count",
	.replaces	= "atomic-add",
	.init		= lfp_bench_pcount_init,
	.update_section	= lfp_bench_pcount_add,
	.cleanup	= lfp_bench_pcount_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_pcount_sum = {
	.name		= "pcount-sum",
	.family		= "sum",
	.init		= lfp_bench_pcount_init,
	.read_section	= lfp_bench_pcount_sum,
	.cleanup	= lfp_bench_pcount_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_atomic_add = {
	.name		= "atomic-add",
	.family		= "count",
	.init		= lfp_bench_counters_init,
	.update_section	= lfp_bench_atomic_add,
	.cleanup	= lfp_bench_counters_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_unpadded_add = {
	.name		= "unpadded-add",
	.family		= "count",
	.init		= lfp_bench_counters_init,
	.update_section	= lfp_bench_unpadded_add,
	.cleanup	= lfp_bench_counters_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_PCOUNT_H */
