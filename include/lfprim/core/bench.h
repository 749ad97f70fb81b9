/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The benchmark, written once for the in-kernel runner (kmod/bench.c,
 * /sys/kernel/lfprim/bench/) and lfprim-bench in user space, in the style
 * of the kernel's refscale: a scenario is a name, an init/cleanup pair and
 * one or two sections that each run a tight loop of one operation.  The
 * scenarios are rows, one file per family under include/lfprim/core/bench/,
 * gathered in include/lfprim/core/bench/all.h; a world adds the rows only
 * it has.
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
 * is reported as one line, identical in both worlds; min and max are the
 * fastest and the slowest of the timed runs:
 *
 *   lfprim-bench world=kernel scenario=snap-read threads=2 read_pct=100 ns_per_op=3.10 ops=64000000 runs=5 min=3.02 max=3.40
 *
 * A scenario that runs a slow function (sflight's) counts its calls, and
 * its line ends with the calls per operation of the median run:
 * "... max=3.40 calls_per_op=0.125".
 *
 * lfp_bench_walk() is the one driver: it walks the points of a
 * configuration in the same order in both worlds and measures each
 * through the world's hooks (struct lfp_bench_world).
 *
 * Included by exactly one .c file per world, after
 * <lfprim/backend/bench.h>, which provides:
 *
 *   lfpb_alloc(size), lfpb_free(p)   zeroed allocation (may sleep)
 *   LFPB_ALIGNED                     aligns a member to a cache line
 *   struct lfpb_mutex + _init/_lock/_unlock/_destroy
 *   struct lfpb_spinlock + _init/_lock/_unlock/_destroy
 *   struct lfpb_rwlock + _init/_read_lock/_read_unlock/_write_lock/
 *       _write_unlock/_destroy
 *   struct lfpb_atomic + lfpb_atomic_set/_inc/_read  one shared atomic, padded
 *   struct lfpb_slot + lfpb_slot_inc  an unpadded atomic shard
 *   lfpb_stop_requested(const int *) relaxed load of the stop flag
 *   lfpb_relax()                     let others run (kernel: cond_resched)
 *   lfpb_div(a, b)                   64-bit unsigned division
 *   lfpb_report(fmt, ...)            a side note (stderr, kernel log)
 *   lfpb_now_ns()                    a monotonic clock in nanoseconds
 *   lfpb_barrier()                   a compiler barrier
 *   lfpb_rcu_read_lock(), lfpb_rcu_read_unlock(), lfpb_rcu_dereference(p)
 *                                    the bare RCU that snap and rmap use
 *                                    (kernel RCU, urcu-memb); a user
 *                                    thread is registered by the runner
 *   struct lfpb_task + lfpb_task_start(t, fn, arg)/lfpb_task_join(t)
 *                                    a function on a new thread (kthread,
 *                                    pthread) and the wait for its end
 *
 * and after <lfprim/core/parse.h> with what it needs (kstrtouint(), ...).
 */
#ifndef _LFPRIM_CORE_BENCH_H
#define _LFPRIM_CORE_BENCH_H

#include <lfprim/core/bench_limits.h>

/**
 * struct lfp_bench_thread - what one benchmark thread carries
 * @id: 0 .. @nthreads - 1
 * @nthreads: threads in this run
 * @acc: sink for values read, so that reads are not optimised away
 * @rng: per-thread pseudo-random state, for scenarios that want one
 * @calls: calls of the slow function this thread made, for a scenario
 *	with @counts_calls set (struct lfp_bench_scenario)
 */
struct lfp_bench_thread {
	unsigned int id;
	unsigned int nthreads;
	unsigned long acc;
	unsigned long long rng;
	unsigned long calls;
};

/**
 * struct lfp_bench_args - what a scenario's init is told
 * @nthreads: threads of the run
 * @pcount_batch: fold threshold of the pcount scenarios (kernel: the
 *	built-in pcount's current batch; lfprim-bench -b)
 * @sflight_us: length of the slow function of the stampede scenarios, in
 *	microseconds (kernel: bench/sflight_us; lfprim-bench -u)
 */
struct lfp_bench_args {
	unsigned int nthreads;
	unsigned int pcount_batch;
	unsigned int sflight_us;
};

/**
 * struct lfp_bench_scenario - one benchmark scenario
 * @name: as printed and as selected (sysfs scenario, lfprim-bench -s)
 * @family: scenarios of one family can replace each other ("read", "count")
 * @replaces: for an lfprim primitive, the baseline it is meant to replace;
 *	NULL for a baseline
 * @init: allocate and set up the state of one run for @args into *@ctx;
 *	may sleep; returns 0 or a negative errno
 * @read_section: perform @loops read operations; NULL if none
 * @update_section: perform @loops update operations; NULL if none
 * @cleanup: undo @init after every thread of the run has finished
 * @counts_calls: the sections count the calls of a slow function in
 *	&struct lfp_bench_thread.calls; the line reports calls per operation
 */
struct lfp_bench_scenario {
	const char *name;
	const char *family;
	const char *replaces;
	int (*init)(void **ctx, const struct lfp_bench_args *args);
	void (*read_section)(void *ctx, struct lfp_bench_thread *t,
			     unsigned long loops);
	void (*update_section)(void *ctx, struct lfp_bench_thread *t,
			       unsigned long loops);
	void (*cleanup)(void *ctx);
	int counts_calls;
};

/**
 * struct lfp_bench_cfg - what a walk measures
 * @scenarios: bit i: the world's scenario i (lfp_bench_at())
 * @threads: thread counts
 * @nthreads: entries in @threads
 * @read_pct: read percentages
 * @npct: entries in @read_pct
 * @duration_ms: length of a timed run
 * @runs: timed runs per point
 * @sflight_us: copied into each point's args
 */
struct lfp_bench_cfg {
	unsigned long long scenarios;
	unsigned int threads[LFP_BENCH_MAX_LIST];
	unsigned int nthreads;
	unsigned int read_pct[LFP_BENCH_MAX_LIST];
	unsigned int npct;
	unsigned int duration_ms;
	unsigned int runs;
	unsigned int sflight_us;
};

/**
 * struct lfp_bench_point - one point being measured, and its scratch
 * @sc: the scenario
 * @args: for @sc->init; @args.nthreads is the point's thread count
 * @read_pct: from lfp_bench_read_pct()
 * @ps: picoseconds per operation of each timed run
 * @ops: operations of each timed run
 * @calls: calls of the slow function in each timed run (all threads)
 * @sorted: @ps, sorted
 * @line: the point's output line, once measured
 * @len: its length, newline included
 */
struct lfp_bench_point {
	const struct lfp_bench_scenario *sc;
	struct lfp_bench_args args;
	unsigned int read_pct;
	unsigned long long ps[LFP_BENCH_MAX_RUNS];
	unsigned long long ops[LFP_BENCH_MAX_RUNS];
	unsigned long long calls[LFP_BENCH_MAX_RUNS];
	unsigned long long sorted[LFP_BENCH_MAX_RUNS];
	char line[LFP_BENCH_LINE_MAX];
	int len;
};

/**
 * struct lfp_bench_world - how a world runs the benchmark
 * @name: "kernel" or "user", as printed
 * @shared: the shared rows (lfp_bench_all, include/lfprim/core/bench/all.h)
 * @nshared: entries in @shared
 * @own: the rows only this world has, after the shared ones
 * @nown: entries in @own
 * @pcount_batch: copied into each point's args
 * @run: one run of @p for @ms milliseconds: the mean over threads of
 *	picoseconds per operation into *@ps, all threads' operations into
 *	*@ops, the sum of their &struct lfp_bench_thread.calls into *@calls;
 *	0 or a negative errno
 * @begin: a point is about to be measured; may be NULL
 * @end: a point was measured (@err 0, @p->line holds its line) or failed
 *	(@err a negative errno); a negative return stops the walk
 */
struct lfp_bench_world {
	const char *name;
	const struct lfp_bench_scenario *const *shared;
	unsigned int nshared;
	const struct lfp_bench_scenario *const *own;
	unsigned int nown;
	unsigned int pcount_batch;
	int (*run)(const struct lfp_bench_point *p, unsigned int ms,
		   unsigned long long *ps, unsigned long long *ops,
		   unsigned long long *calls);
	void (*begin)(const struct lfp_bench_point *p);
	int (*end)(const struct lfp_bench_point *p, int err);
};

/* The number of scenarios of @w, shared and own. */
static inline unsigned int lfp_bench_nr(const struct lfp_bench_world *w)
{
	return w->nshared + w->nown;
}

/* Scenario @i of @w: the shared rows first, then its own. */
static inline const struct lfp_bench_scenario *
lfp_bench_at(const struct lfp_bench_world *w, unsigned int i)
{
	return i < w->nshared ? w->shared[i] : w->own[i - w->nshared];
}

/**
 * lfp_bench_find() - look a scenario up by name
 * @w: the world
 * @name: the name, not necessarily NUL-terminated
 * @len: length of @name
 *
 * Return: the scenario's index (lfp_bench_at()), or -1 if there is none
 * of that name.
 */
static inline int lfp_bench_find(const struct lfp_bench_world *w,
				 const char *name, unsigned int len)
{
	const struct lfp_bench_scenario *sc;
	unsigned int i;

	for (i = 0; i < lfp_bench_nr(w); i++) {
		sc = lfp_bench_at(w, i);
		if (!strncmp(sc->name, name, len) && !sc->name[len])
			return i;
	}
	return -1;
}

/**
 * lfp_bench_parse_scenarios_in() - parse "all" or a list of scenario names
 * @w: the world (at most LFP_BENCH_MAX_SCENARIOS scenarios)
 * @buf: the text; one trailing newline is allowed
 * @tmp: scratch of @len bytes, the longest list accepted plus one
 * @len: size of @tmp
 * @mask: out: bit i set for scenario i
 *
 * "all" is every scenario; otherwise a comma-separated list of names, no
 * empty entry.  *@mask is written only on success.
 *
 * Return: 0, or -EINVAL for an empty or too long text or a name not in
 * @w.
 */
static inline int
lfp_bench_parse_scenarios_in(const struct lfp_bench_world *w, const char *buf,
			     char *tmp, size_t len, unsigned long long *mask)
{
	unsigned int n = lfp_bench_nr(w);
	unsigned long long m = 0;
	char *s = tmp, *tok;
	int i;

	if (lfp_parse_strip(buf, tmp, len))
		return -EINVAL;
	if (!strcmp(tmp, "all")) {
		*mask = n < 64 ? (1ULL << n) - 1 : ~0ULL;
		return 0;
	}
	while ((tok = strsep(&s, ","))) {
		i = lfp_bench_find(w, tok, strlen(tok));
		if (i < 0)
			return -EINVAL;
		m |= 1ULL << i;
	}
	*mask = m;
	return 0;
}

/**
 * lfp_bench_read_pct() - the read percentage a scenario runs at
 * @sc: the scenario
 * @want: the percentage asked for, 0..100
 *
 * Return: @want for a scenario with both sections, else 100 (reads only)
 * or 0 (updates only).
 */
static inline unsigned int lfp_bench_read_pct(const struct lfp_bench_scenario *sc,
					      unsigned int want)
{
	if (!sc->update_section)
		return 100;
	if (!sc->read_section)
		return 0;
	return want;
}

static inline unsigned int lfp_bench_gcd(unsigned int a, unsigned int b)
{
	while (b) {
		unsigned int r = a % b;

		a = b;
		b = r;
	}
	return a;
}

/**
 * lfp_bench_loop() - the measured loop of one benchmark thread
 * @sc: the scenario
 * @ctx: its state, from @sc->init
 * @t: this thread
 * @read_pct: from lfp_bench_read_pct()
 * @stop: raised by the runner to end the run
 *
 * Operations run in blocks of at least 64 between two looks at @stop.
 * A pure point (read_pct 100 or 0) runs each block in one call of its
 * section, so the harness costs one indirect call per block, as refscale
 * runs its loop inside one call.  A mixed point interleaves reads and
 * updates in the smallest exact pattern, each run of consecutive
 * operations one call: at 90 percent, 9 reads in one call then 1 update
 * in one; the pattern repeats to fill the block.  The first block runs
 * before the first look, so a thread that got going only after the stop
 * (a loaded machine, a short run) still measures something.
 *
 * Return: the number of operations performed, never 0.
 */
static inline unsigned long lfp_bench_loop(const struct lfp_bench_scenario *sc,
					   void *ctx, struct lfp_bench_thread *t,
					   unsigned int read_pct, const int *stop)
{
	unsigned int g = lfp_bench_gcd(read_pct, 100);
	unsigned long reads = read_pct / g, updates = (100 - read_pct) / g;
	unsigned long reps = (64 + reads + updates - 1) / (reads + updates);
	unsigned long ops = 0, i;

	do {
		if (!updates) {
			sc->read_section(ctx, t, reps * reads);
		} else if (!reads) {
			sc->update_section(ctx, t, reps * updates);
		} else {
			for (i = 0; i < reps; i++) {
				sc->read_section(ctx, t, reads);
				sc->update_section(ctx, t, updates);
			}
		}
		ops += reps * (reads + updates);
		lfpb_relax();
	} while (!lfpb_stop_requested(stop));
	return ops;
}

/**
 * lfp_bench_median() - median of @n values (sorts @v in place)
 * @v: values
 * @n: 1 .. LFP_BENCH_MAX_RUNS
 *
 * Return: the middle value; for even @n the upper of the two middle ones.
 * Afterwards @v[0] is the smallest value and @v[@n - 1] the largest.
 */
static inline unsigned long long lfp_bench_median(unsigned long long *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		unsigned long long x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return v[n / 2];
}

/**
 * lfp_bench_ps_per_op() - picoseconds per operation of one thread
 * @ns: the thread's time
 * @ops: its operations
 *
 * Return: @ns * 1000 / @ops, 0 when @ops is 0.
 */
static inline unsigned long long lfp_bench_ps_per_op(unsigned long long ns,
						     unsigned long long ops)
{
	return ops ? lfpb_div(ns * 1000, ops) : 0;
}

/* Hundredths of a nanosecond, rounded, of @ps picoseconds. */
static inline unsigned long long lfp_bench_cns(unsigned long long ps)
{
	return lfpb_div(ps + 5, 10);
}

/**
 * lfp_bench_format() - the one output line of a measured point
 * @buf: destination
 * @len: its size (LFP_BENCH_LINE_MAX is enough)
 * @world: "kernel" or "user"
 * @sc: the scenario
 * @threads: threads of the run
 * @read_pct: from lfp_bench_read_pct()
 * @ps: median picoseconds per operation
 * @ops: operations of the median run, all threads together
 * @runs: timed runs
 * @ps_min: the fastest run's picoseconds per operation
 * @ps_max: the slowest run's
 * @calls: for a scenario with @sc->counts_calls, the slow function's
 *	calls in the median run (ignored otherwise)
 *
 * Return: the length of the line, newline included.
 */
static inline int lfp_bench_format(char *buf, unsigned int len, const char *world,
				   const struct lfp_bench_scenario *sc,
				   unsigned int threads, unsigned int read_pct,
				   unsigned long long ps, unsigned long long ops,
				   unsigned int runs, unsigned long long ps_min,
				   unsigned long long ps_max, unsigned long long calls)
{
	unsigned long long c = lfp_bench_cns(ps), lo = lfp_bench_cns(ps_min);
	unsigned long long hi = lfp_bench_cns(ps_max), m;
	int n;

	n = snprintf(buf, len,
		     "lfprim-bench world=%s scenario=%s threads=%u read_pct=%u ns_per_op=%llu.%02llu ops=%llu runs=%u min=%llu.%02llu max=%llu.%02llu",
		     world, sc->name, threads, read_pct, lfpb_div(c, 100),
		     c - lfpb_div(c, 100) * 100, ops, runs,
		     lfpb_div(lo, 100), lo - lfpb_div(lo, 100) * 100,
		     lfpb_div(hi, 100), hi - lfpb_div(hi, 100) * 100);
	if (n < 0 || (unsigned int)n >= len)
		return n;
	if (sc->counts_calls) {
		/* Thousandths, rounded. */
		m = ops ? lfpb_div(calls * 1000 + ops / 2, ops) : 0;
		n += snprintf(buf + n, len - n, " calls_per_op=%llu.%03llu",
			      lfpb_div(m, 1000), m - lfpb_div(m, 1000) * 1000);
		if ((unsigned int)n >= len)
			return n;
	}
	return n + snprintf(buf + n, len - n, "\n");
}

/*
 * One point: an untimed warm-up run of at most 20 ms (caches, allocator,
 * RCU registration), @cfg->runs timed runs, then the median run's line
 * with the fastest and the slowest run.  Returns 0 or the first error.
 */
static inline int lfp_bench_measure(const struct lfp_bench_world *w,
				    const struct lfp_bench_cfg *cfg,
				    struct lfp_bench_point *p)
{
	unsigned int i, runs = cfg->runs, ms = cfg->duration_ms;
	unsigned long long med, wps, wops, wcalls;
	int ret;

	ret = w->run(p, ms < 20 ? ms : 20, &wps, &wops, &wcalls);
	for (i = 0; !ret && i < runs; i++)
		ret = w->run(p, ms, &p->ps[i], &p->ops[i], &p->calls[i]);
	if (ret)
		return ret;
	memcpy(p->sorted, p->ps, runs * sizeof(p->ps[0]));
	med = lfp_bench_median(p->sorted, runs);
	for (i = 0; i < runs && p->ps[i] != med; i++)
		;
	p->len = lfp_bench_format(p->line, sizeof(p->line), w->name, p->sc,
				  p->args.nthreads, p->read_pct, med,
				  p->ops[i], runs, p->sorted[0],
				  p->sorted[runs - 1], p->calls[i]);
	if (p->len >= (int)sizeof(p->line))
		p->len = sizeof(p->line) - 1;
	return 0;
}

/**
 * lfp_bench_walk() - count or measure the points of a configuration
 * @w: the world
 * @cfg: what to measure
 * @p: scratch for one point; NULL to count the points only
 *
 * The points, in order: every selected scenario in table order x every
 * thread count x every read percentage in the order given.  A scenario
 * with a fixed read percentage runs once per thread count, whatever the
 * read percentages, even one equal to its own.  Each point is
 * measured by lfp_bench_measure() between @w->begin and @w->end.
 *
 * Return: the number of points, or the negative value @w->end returned.
 */
static inline int lfp_bench_walk(const struct lfp_bench_world *w,
				 const struct lfp_bench_cfg *cfg,
				 struct lfp_bench_point *p)
{
	const struct lfp_bench_scenario *sc;
	unsigned int i, j, k, pct;
	int n = 0, ret;

	for (i = 0; i < lfp_bench_nr(w); i++) {
		if (!(cfg->scenarios & (1ULL << i)))
			continue;
		sc = lfp_bench_at(w, i);
		for (j = 0; j < cfg->nthreads; j++) {
			for (k = 0; k < cfg->npct; k++) {
				/* Fixed-ratio scenarios run once. */
				if (k && (!sc->read_section || !sc->update_section))
					break;
				pct = lfp_bench_read_pct(sc, cfg->read_pct[k]);
				n++;
				if (!p)
					continue;
				p->sc = sc;
				p->args.nthreads = cfg->threads[j];
				p->args.pcount_batch = w->pcount_batch;
				p->args.sflight_us = cfg->sflight_us;
				p->read_pct = pct;
				if (w->begin)
					w->begin(p);
				ret = w->end(p, lfp_bench_measure(w, cfg, p));
				if (ret < 0)
					return ret;
			}
		}
	}
	return n;
}

#endif /* _LFPRIM_CORE_BENCH_H */
