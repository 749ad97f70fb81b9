/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The benchmark scenario table, shared by the in-kernel runner
 * (kmod/bench.c, /sys/kernel/lfprim/bench/) and lfprim-bench in user
 * space, in the style of the kernel's refscale: a scenario is a name, an
 * init/cleanup pair and one or two sections that each run a tight loop of
 * one operation.
 *
 * read_section is the operation a reader performs (a snap read, a
 * read-locked load, an exact counter sum); update_section is the write
 * that goes with it (a snap copy-and-CAS, a write-locked store, a counter
 * add).  A scenario with both sections takes a read percentage: the
 * runner interleaves reads and updates in exactly that proportion.  A
 * scenario with one section has a fixed read percentage, 100 (reads only)
 * or 0 (updates only), whatever is asked for.
 *
 * A run starts @threads threads pinned one per CPU, lets each run the
 * loop until the runner raises a stop flag, and takes per thread the time
 * and the operation count.  ns/op is the mean over threads of thread time
 * over thread operations: the latency one caller sees.  Each measured
 * point is the median of several runs after one untimed warm-up run, and
 * is reported as one line, identical in both worlds:
 *
 *   lfprim-bench world=kernel scenario=snap-read threads=2 read_pct=100 ns_per_op=3.10 ops=64000000 runs=5
 */
#ifndef _LFPRIM_CORE_BENCH_H
#define _LFPRIM_CORE_BENCH_H

#define LFP_BENCH_MAX_THREADS	256
#define LFP_BENCH_MAX_RUNS	51
#define LFP_BENCH_MAX_MS	60000
#define LFP_BENCH_LINE_MAX	192

/**
 * struct lfp_bench_thread - what one benchmark thread carries
 * @id: 0 .. @nthreads - 1
 * @nthreads: threads in this run
 * @acc: sink for values read, so that reads are not optimised away
 * @rng: per-thread pseudo-random state, for scenarios that want one
 */
struct lfp_bench_thread {
	unsigned int id;
	unsigned int nthreads;
	unsigned long acc;
	unsigned long long rng;
};

/**
 * struct lfp_bench_scenario - one benchmark scenario
 * @name: as printed and as selected (sysfs scenario, lfprim-bench -s)
 * @family: scenarios of one family can replace each other ("read", "count")
 * @replaces: for an lfprim primitive, the baseline it is meant to replace;
 *	NULL for a baseline
 * @init: allocate and set up the state of one run for @nthreads threads
 *	into *@ctx; may sleep; returns 0 or a negative errno
 * @read_section: perform @loops read operations; NULL if none
 * @update_section: perform @loops update operations; NULL if none
 * @cleanup: undo @init after every thread of the run has finished
 */
struct lfp_bench_scenario {
	const char *name;
	const char *family;
	const char *replaces;
	int (*init)(void **ctx, unsigned int nthreads);
	void (*read_section)(void *ctx, struct lfp_bench_thread *t,
			     unsigned long loops);
	void (*update_section)(void *ctx, struct lfp_bench_thread *t,
			       unsigned long loops);
	void (*cleanup)(void *ctx);
};

#endif /* _LFPRIM_CORE_BENCH_H */
