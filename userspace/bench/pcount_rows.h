/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lfprim-bench's user-only pcount rows (CPU shards, thread slots) and
 * pcount's memory per counter.  Included by lfprim-bench.c only.
 */
#ifndef _LFPRIM_BENCH_PCOUNT_ROWS_H
#define _LFPRIM_BENCH_PCOUNT_ROWS_H

#include <stdio.h>

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
