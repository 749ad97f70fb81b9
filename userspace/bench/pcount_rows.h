/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lfprim-bench's user-only pcount rows (CPU shards, thread slots, a bare
 * per-CPU add) and pcount's memory per counter.  Included by lfprim-bench.c only.
 */
#ifndef _LFPRIM_BENCH_PCOUNT_ROWS_H
#define _LFPRIM_BENCH_PCOUNT_ROWS_H

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lfprim/core/bench/pcount.h>

static int pcount_percpu_init(void **ctx, const struct lfp_bench_args *args)
{
	return lfp_bench_pcount_init_flags(ctx, args, LFP_PCOUNT_PER_CPU);
}

static const struct lfp_bench_scenario bench_sc_pcount_add_percpu = {
	.name		= "pcount-add-percpu",
	.family		= "count",
	.replaces	= "atomic-add",
	.init		= pcount_percpu_init,
	.update_section	= lfp_bench_pcount_add,
	.cleanup	= lfp_bench_pcount_cleanup,
};

static int pcount_thread_init(void **ctx, const struct lfp_bench_args *args)
{
	return lfp_bench_pcount_init_flags(ctx, args, LFP_PCOUNT_PER_THREAD);
}

static const struct lfp_bench_scenario bench_sc_pcount_add_thread = {
	.name		= "pcount-add-thread",
	.family		= "count",
	.replaces	= "atomic-add",
	.init		= pcount_thread_init,
	.update_section	= lfp_bench_pcount_add,
	.cleanup	= lfp_bench_pcount_cleanup,
};

/*
 * The mechanism under the per-CPU pcount-add: a bare per-CPU add, the
 * least a counter whose memory is bounded by CPUs can cost.  With
 * restartable sequences (LFP_PCOUNT_RSEQ and a registered thread) it is
 * the sequence pcount's own add runs (the same descriptor and abort
 * handler, the same CPU-id check), without the batch check that keeps
 * the error bound: the add to the shard is the commit.  Elsewhere it is
 * what the fallback does, a relaxed atomic add to this CPU's shard.
 */
struct bench_cpu_shards {
	struct lfp_pcount_shard *shard;
	unsigned int nr;
	long long batch;
};

static int cpu_add_init(void **ctx, const struct lfp_bench_args *args)
{
	struct bench_cpu_shards *c = malloc(sizeof(*c));
	long n = sysconf(_SC_NPROCESSORS_CONF);

	if (!c)
		return -ENOMEM;
	c->nr = n < 1 ? 1 : n;
	c->shard = aligned_alloc(LFP_CACHELINE, c->nr * sizeof(*c->shard));
	if (!c->shard) {
		free(c);
		return -ENOMEM;
	}
	memset(c->shard, 0, c->nr * sizeof(*c->shard));
	/* The run's batch, so that cpu-add-bounded folds as pcount-add does. */
	c->batch = args->pcount_batch;
	*ctx = c;
	return 0;
}

static void cpu_add_cleanup(void *ctx)
{
	struct bench_cpu_shards *c = ctx;

	free(c->shard);
	free(c);
}

/* This CPU's shard (the first when the CPU id is unknown). */
static struct lfp_pcount_shard *cpu_shard(struct bench_cpu_shards *c)
{
	int cpu = sched_getcpu();

	return &c->shard[(unsigned int)cpu < c->nr ? cpu : 0];
}

static void cpu_add_atomic(struct bench_cpu_shards *c)
{
	__atomic_fetch_add(&cpu_shard(c)->delta, 1, __ATOMIC_RELAXED);
}

#if LFP_PCOUNT_RSEQ
static inline int cpu_add_rseq(struct lfp_pcount_shard *base, unsigned int nr)
{
	__asm__ __volatile__ goto(
		__LFP_PCOUNT_RSEQ_SHARD
		"addq $1, (%%rax)\n"
		"2:\n"
		:
		: __LFP_PCOUNT_RSEQ_IN(nr, base)
		: "rax", "memory", "cc"
		: fail);
	return 0;
fail:
	return 1;
}
#endif

static void cpu_add(void *ctx, struct lfp_bench_thread *t, unsigned long loops)
{
	struct bench_cpu_shards *c = ctx;

	while (loops--) {
#if LFP_PCOUNT_RSEQ
		if (lfp_likely(!cpu_add_rseq(c->shard, c->nr)))
			continue;
#endif
		cpu_add_atomic(c);
	}
}

static const struct lfp_bench_scenario bench_sc_cpu_add = {
	.name		= "cpu-add",
	.family		= "floor",
	.init		= cpu_add_init,
	.update_section	= cpu_add,
	.cleanup	= cpu_add_cleanup,
};

/*
 * What pcount-add's error bound costs at the least, as the kernel's
 * this-cpu-cmpxchg row: cpu-add with pcount's own bounded sequence (load
 * the shard, add, compare with the batch, store) instead of one add to
 * memory, with the shards, their number and the batch kept in registers,
 * and a reset of the shard to zero where pcount would fold.  Elsewhere
 * (no sequences) a relaxed atomic add and the same reset.
 */
static void cpu_add_bounded(void *ctx, struct lfp_bench_thread *t,
			    unsigned long loops)
{
	struct bench_cpu_shards *c = ctx;
	struct lfp_pcount_shard *base = c->shard;
	unsigned int nr = c->nr;
	long long batch = c->batch;
	struct lfp_pcount_shard *sh;

	while (loops--) {
#if LFP_PCOUNT_RSEQ
		if (lfp_likely(!lfp_pcount_rseq_add(base, nr, 1, batch)))
			continue;
		sh = cpu_shard(c);
#else
		sh = cpu_shard(c);
		if (lfp_likely(__atomic_add_fetch(&sh->delta, 1,
						  __ATOMIC_RELAXED) < batch))
			continue;
#endif
		__atomic_store_n(&sh->delta, 0, __ATOMIC_RELAXED);
	}
}

static const struct lfp_bench_scenario bench_sc_cpu_add_bounded = {
	.name		= "cpu-add-bounded",
	.family		= "floor",
	.init		= cpu_add_init,
	.update_section	= cpu_add_bounded,
	.cleanup	= cpu_add_cleanup,
};

/*
 * What one pcount costs in memory, in each mode, at 1, 16 and 256 adding
 * threads: the counter plus its thread slots, or plus its CPU shards (on
 * this machine; rseq=1 when adds to them are restartable sequences).
 * lfprim-bench prints it when a pcount-add scenario is selected, on lines
 * of their own.
 */
static void pcount_memory(void)
{
	static const unsigned int threads[] = { 1, 16, 256 };
	struct lfp_pcount pc;
	unsigned int i;
	size_t cpu;

	if (lfp_pcount_init(&pc, LFP_PCOUNT_BATCH_DEFAULT, LFP_PCOUNT_PER_CPU))
		return;
	cpu = sizeof(pc) + pc.nr_shards * sizeof(*pc.shards);
	for (i = 0; i < LFP_ARRAY_SIZE(threads); i++)
		printf("lfprim-bench-memory world=user prim=pcount mode=thread-slots threads=%u bytes_per_counter=%zu\n",
		       threads[i],
		       sizeof(pc) + threads[i] * sizeof(struct lfp_pcount_slot));
	for (i = 0; i < LFP_ARRAY_SIZE(threads); i++)
		printf("lfprim-bench-memory world=user prim=pcount mode=cpu-shards cpus=%u rseq=%d threads=%u bytes_per_counter=%zu\n",
		       pc.nr_shards, !!pc.rseq_nr, threads[i], cpu);
	lfp_pcount_destroy(&pc);
	fflush(stdout);
}

#endif /* _LFPRIM_BENCH_PCOUNT_ROWS_H */
