/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The torture framework: what every primitive's torture driver (in its
 * case file, the .torture of its row in all.c) is built on.  Compiled into
 * the user-space stress driver and into the kernel test module; the
 * includer provides the shim (lfpt.h).
 *
 * Each driver runs for a given time with a given number of threads (the
 * stress drivers pick more threads than CPUs as often as not).  Threads
 * come and go: the run is cut into generations of workers that each live
 * for a random slice, so per-thread state of the primitives is created
 * and retired all the time.  Every worker draws a random operation from
 * the primitive's whole API per step, with a random relax (yield, sleep)
 * between steps, and checks what it can check on the spot; the driver
 * then checks the invariants exactly at the end: counts exact, nothing
 * torn, nothing lost or duplicated, accepted + dropped == submitted,
 * allocations == frees, no waiter left behind.
 */
#ifndef _LFPRIM_SELFTESTS_TORTURE_H
#define _LFPRIM_SELFTESTS_TORTURE_H

#define TT_MAX_THREADS	32
#define TT_LIVE		0x4c495645UL
#define TT_DEAD		0x44454144UL

struct tt;

/**
 * struct tt_worker - one worker thread of a generation
 * @tt: the run
 * @idx: 0 .. nthreads - 1, stable across generations
 * @seed: the worker's random state
 * @end: when the worker's slice ends (ns)
 */
struct tt_worker {
	struct tt *tt;
	unsigned int idx;
	unsigned int seed;
	unsigned long long end;
};

/**
 * struct tt - one torture run
 * @t: the case the failures go to
 * @end: when the run ends (ns)
 * @nthreads: workers per generation
 * @seed: the driver's random state
 * @gens: generations run
 * @ops: operations run by all workers
 * @op: one random operation of a worker
 * @gen_begin: optional, before each generation's workers start
 * @gen_end: optional, after they have all been joined
 * @ctx: the primitive's state
 */
struct tt {
	struct lfpt *t;
	unsigned long long end;
	unsigned int nthreads;
	unsigned int seed;
	unsigned long gens;
	struct lfpt_atomic ops;
	void (*op)(struct tt_worker *w);
	void (*gen_begin)(struct tt *tt);
	void (*gen_end)(struct tt *tt);
	void *ctx;
};

static int tt_failed(struct tt *tt)
{
	return lfpt_atomic_read(&tt->t->failures) != 0;
}

static int tt_body(void *arg)
{
	struct tt_worker *w = arg;
	long n = 0;

	/* At least one operation, however late the thread got going. */
	do {
		w->tt->op(w);
		lfpt_relax();
		n++;
	} while (lfpt_now_ns() < w->end && !tt_failed(w->tt));
	lfpt_atomic_add_return(&w->tt->ops, n);
	return 0;
}

/*
 * Generations of nthreads workers, each living a random 2 .. 40 ms slice
 * (cut at the end of the run), until the run ends or something failed.
 */
static void tt_run(struct tt *tt)
{
	struct lfpt_thread *th[TT_MAX_THREADS];
	struct tt_worker *w;
	unsigned long long now;
	unsigned int i;

	w = lfpt_zalloc(sizeof(*w) * tt->nthreads);
	if (!w) {
		LFPT_EXPECT(tt->t, w);
		return;
	}
	do {
		if (tt->gen_begin)
			tt->gen_begin(tt);
		now = lfpt_now_ns();
		for (i = 0; i < tt->nthreads; i++) {
			w[i].tt = tt;
			w[i].idx = i;
			w[i].seed = lfpt_rand(&tt->seed) | 1;
			w[i].end = now + (2 + lfpt_rand(&tt->seed) % 39) * 1000000ULL;
			if (w[i].end > tt->end)
				w[i].end = tt->end;
			th[i] = lfpt_thread_run(tt_body, &w[i]);
			LFPT_EXPECT(tt->t, th[i]);
		}
		for (i = 0; i < tt->nthreads; i++)
			if (th[i])
				lfpt_thread_join(th[i]);
		if (tt->gen_end)
			tt->gen_end(tt);
		tt->gens++;
	} while (lfpt_now_ns() < tt->end && !tt_failed(tt));
	lfpt_free(w);
}

/* A random number in 0 .. n - 1. */
static unsigned int tt_pick(struct tt_worker *w, unsigned int n)
{
	return lfpt_rand(&w->seed) % n;
}

/*
 * A wait given @ms that said -ETIMEDOUT before @ms had passed since @t0:
 * a timeout must never end early (late is fine on a loaded machine).
 */
static int tt_early(int ret, unsigned long long t0, long ms)
{
	return ret == -ETIMEDOUT && lfpt_now_ns() - t0 < ms * 1000000ULL;
}

/* Sometimes a longer pause: a worker preempted or descheduled for a while. */
static void tt_maybe_sleep(struct tt_worker *w)
{
	if (!tt_pick(w, 512))
		lfpt_msleep(1);
}

/*
 * What a driver allocated and freed: each object carries TT_LIVE until
 * its one free, which checks and poisons it.  At the end, frees ==
 * allocations (nothing leaked) and no free met a dead or torn object.
 */
struct tt_pool {
	struct lfpt_atomic allocs, frees, bad_frees;
};

static void tt_pool_alloc(struct tt_pool *p, unsigned long *magic)
{
	*magic = TT_LIVE;
	lfpt_atomic_inc(&p->allocs);
}

/* @ok: the object's own fields still agree. */
static void tt_pool_free(struct tt_pool *p, unsigned long *magic, int ok)
{
	if (*magic != TT_LIVE || !ok)
		lfpt_atomic_inc(&p->bad_frees);
	*magic = TT_DEAD;
	lfpt_atomic_inc(&p->frees);
}

static void tt_pool_check(struct tt *tt, struct tt_pool *p)
{
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&p->bad_frees), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&p->frees), lfpt_atomic_read(&p->allocs));
}

/* An item handed through a queue: who made it, and its number there. */
struct tt_item {
	unsigned long magic;
	unsigned int producer;
	unsigned long long seq;
};

static struct tt_item *tt_item_new(struct tt_worker *w, struct tt_pool *p,
				   unsigned long long seq)
{
	struct tt_item *it = lfpt_zalloc(sizeof(*it));

	LFPT_EXPECT(w->tt->t, it);
	if (!it)
		return NULL;
	tt_pool_alloc(p, &it->magic);
	it->producer = w->idx;
	it->seq = seq;
	return it;
}

static void tt_item_free(struct tt_pool *p, struct tt_item *it)
{
	tt_pool_free(p, &it->magic, it->producer < TT_MAX_THREADS);
	lfpt_free(it);
}

/**
 * lfpt_torture_run() - run one primitive's torture driver
 * @t: where failures go
 * @torture: the driver (the .torture of the primitive's row)
 * @ms: how long
 * @nthreads: workers per generation (1 .. TT_MAX_THREADS)
 * @seed: random seed
 *
 * Return: operations run, for the verdict line.
 */
static inline long lfpt_torture_run(struct lfpt *t, void (*torture)(struct tt *tt),
				    unsigned int ms, unsigned int nthreads,
				    unsigned int seed)
{
	struct tt *tt = lfpt_zalloc(sizeof(*tt));
	long ops;

	if (!tt) {
		LFPT_EXPECT(t, tt);
		return 0;
	}
	tt->t = t;
	tt->end = lfpt_now_ns() + ms * 1000000ULL;
	tt->nthreads = nthreads < 1 ? 1 : nthreads > TT_MAX_THREADS ?
		       TT_MAX_THREADS : nthreads;
	tt->seed = seed | 1;
	torture(tt);
	ops = lfpt_atomic_read(&tt->ops);
	lfpt_free(tt);
	return ops;
}

#endif /* _LFPRIM_SELFTESTS_TORTURE_H */
