// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim pcount, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 */
#include <lfprim/pcount.h>

#define PCOUNT_S64_MAX	((long long)(~0ULL >> 1))

static long long pcount_abs(long long v)
{
	return v < 0 ? -v : v;
}

/* lfp_pcount_read() within the error bound of @want, for any two values. */
static int pcount_read_near(struct lfp_pcount *pc, long long want)
{
	unsigned long long d = (unsigned long long)lfp_pcount_read(pc) -
			       (unsigned long long)want;
	unsigned long long b = lfp_pcount_error_bound(pc);

	return d <= b || -d <= b;
}

static void lfpt_case_pcount_init_args(struct lfpt *t)
{
	struct lfp_pcount *pc = lfpt_zalloc(sizeof(*pc));

	if (!pc) {
		LFPT_EXPECT(t, pc);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_pcount_init(NULL, 8, 0), -EINVAL);
	/* A bad pointer (or unknown flags) wins over a number out of range. */
	LFPT_EXPECT_EQ(t, lfp_pcount_init(NULL, 0, ~0U), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, 0, ~0U), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, 0, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, LFP_PCOUNT_BATCH_MAX + 1, 0),
		       -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, 8, 0x80), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, 8, LFP_PCOUNT_PER_CPU |
					  LFP_PCOUNT_PER_THREAD), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, LFP_PCOUNT_BATCH_MAX, 0), 0);
	LFPT_EXPECT_EQ(t, lfp_pcount_set_batch(pc, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_pcount_set_batch(pc, LFP_PCOUNT_BATCH_MAX + 1),
		       -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_pcount_batch(pc), LFP_PCOUNT_BATCH_MAX);
	LFPT_EXPECT_EQ(t, lfp_pcount_set_batch(pc, 1), 0);
	LFPT_EXPECT_EQ(t, lfp_pcount_batch(pc), 1);
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), 0);
	LFPT_EXPECT_EQ(t, lfp_pcount_read(pc), 0);
	lfp_pcount_destroy(pc);
	lfpt_free(pc);
}

static void pcount_basic_run(struct lfpt *t, unsigned int flags)
{
	struct lfp_pcount *pc = lfpt_zalloc(sizeof(*pc));
	long long want = 0;
	int i;

	if (!pc) {
		LFPT_EXPECT(t, pc);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, 16, flags), 0);
	for (i = 0; i < 100; i++) {
		lfp_pcount_inc(pc);
		want++;
	}
	lfp_pcount_dec(pc);
	want--;
	lfp_pcount_add(pc, -1000);
	want -= 1000;
	lfp_pcount_add(pc, 1LL << 40);
	want += 1LL << 40;
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), want);
	/*
	 * A delta that would overflow a shard holding a little (the fast
	 * paths add to the shard before they check it), each way, while the
	 * total stays in range.
	 */
	lfp_pcount_add(pc, -(1LL << 40) - 500);
	want -= (1LL << 40) + 500;
	lfp_pcount_add(pc, 15);
	want += 15;
	lfp_pcount_add(pc, PCOUNT_S64_MAX - 10);
	want += PCOUNT_S64_MAX - 10;
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), want);
	LFPT_EXPECT(t, pcount_read_near(pc, want));
	lfp_pcount_add(pc, -(PCOUNT_S64_MAX - 10));
	want -= PCOUNT_S64_MAX - 10;
	lfp_pcount_add(pc, 3000);
	want += 3000;
	lfp_pcount_add(pc, -15);
	want -= 15;
	lfp_pcount_add(pc, -(PCOUNT_S64_MAX - 10));
	want -= PCOUNT_S64_MAX - 10;
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), want);
	LFPT_EXPECT(t, pcount_read_near(pc, want));
	lfp_pcount_add(pc, PCOUNT_S64_MAX - 10);
	want += PCOUNT_S64_MAX - 10;
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), want);
	LFPT_EXPECT(t, pcount_abs(lfp_pcount_read(pc) - want) <=
		       (long long)lfp_pcount_error_bound(pc));
	LFPT_EXPECT(t, pcount_abs(lfp_pcount_read(pc) - want) <=
		       (long long)lfp_pcount_error_bound(pc));
	/*
	 * Lowering the batch keeps the bound of the largest batch seen, with
	 * a shard left beyond the new batch and adds toward zero and away.
	 */
	lfp_pcount_add(pc, -10);
	want -= 10;
	LFPT_EXPECT_EQ(t, lfp_pcount_set_batch(pc, 1), 0);
	lfp_pcount_add(pc, 3);
	want += 3;
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), want);
	LFPT_EXPECT(t, pcount_abs(lfp_pcount_read(pc) - want) <=
		       (long long)lfp_pcount_error_bound(pc));
	lfp_pcount_add(pc, -2);
	want -= 2;
	lfp_pcount_add(pc, 20);
	want += 20;
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), want);
	LFPT_EXPECT(t, pcount_abs(lfp_pcount_read(pc) - want) <=
		       (long long)lfp_pcount_error_bound(pc));
	LFPT_EXPECT(t, lfp_pcount_error_bound(pc) >= 15);
	lfp_pcount_destroy(pc);

	/* A batch of one from the start folds every add: read is exact. */
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, 1, flags), 0);
	for (i = 0; i < 50; i++)
		lfp_pcount_add(pc, i - 20);
	LFPT_EXPECT_EQ(t, lfp_pcount_read(pc), 25 * 49 - 20 * 50);
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), 25 * 49 - 20 * 50);
	LFPT_EXPECT_EQ(t, lfp_pcount_error_bound(pc), 0);
	lfp_pcount_destroy(pc);
	lfpt_free(pc);
}

static void lfpt_case_pcount_basic(struct lfpt *t)
{
	pcount_basic_run(t, 0);
	pcount_basic_run(t, LFP_PCOUNT_PER_THREAD);
}

static void lfpt_case_pcount_basic_percpu(struct lfpt *t)
{
	pcount_basic_run(t, LFP_PCOUNT_PER_CPU);
}

#define PCOUNT_ADDERS_MAX	8

struct pcount_ctx {
	struct lfpt *t;
	struct lfp_pcount pc;
	struct lfpt_atomic parked;	/* adders done adding, still alive */
	struct lfpt_atomic release;	/* lets parked adders exit */
	struct lfpt_atomic stop;
	struct lfpt_atomic backwards;
	struct lfpt_atomic over;
	struct lfpt_atomic sums;
	long long planned;		/* total the adders will add */
	int vary_batch;
};

struct pcount_adder {
	struct pcount_ctx *ctx;
	unsigned long iters;
	unsigned int seed;
	long long added;
};

static int pcount_adder_fn(void *arg)
{
	struct pcount_adder *a = arg;
	unsigned long i;
	long long v;

	for (i = 0; i < a->iters; i++) {
		v = lfpt_rand(&a->seed) % 7;	/* 0..6, never negative */
		lfp_pcount_add(&a->ctx->pc, v);
		a->added += v;
		if (!(i & 255))
			lfpt_relax();
	}
	/* Stay alive (user space: keep the slot) until the checks are done. */
	lfpt_atomic_inc(&a->ctx->parked);
	while (!lfpt_atomic_read(&a->ctx->release))
		lfpt_msleep(1);
	return 0;
}

/* Sums only grow while adders add non-negative amounts, and never exceed the plan. */
static int pcount_summer_fn(void *arg)
{
	struct pcount_ctx *c = arg;
	long long last = 0, s;
	unsigned int seed = 7;

	while (!lfpt_atomic_read(&c->stop)) {
		s = lfp_pcount_sum(&c->pc);
		if (s < last)
			lfpt_atomic_inc(&c->backwards);
		if (s > c->planned)
			lfpt_atomic_inc(&c->over);
		last = s;
		lfpt_atomic_inc(&c->sums);
		if (c->vary_batch)
			lfp_pcount_set_batch(&c->pc, 1 + lfpt_rand(&seed) % 300);
		lfpt_relax();
	}
	return 0;
}

static void pcount_concurrent_run(struct lfpt *t, unsigned int flags,
			      int vary_batch, unsigned long iters)
{
	struct pcount_adder a[PCOUNT_ADDERS_MAX];
	struct lfpt_thread *at[PCOUNT_ADDERS_MAX], *st;
	struct pcount_ctx *c = lfpt_zalloc(sizeof(*c));
	unsigned int nr = lfpt_nr_cpus() + 1;
	unsigned int i;
	long long total = 0, sum;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	if (nr > PCOUNT_ADDERS_MAX)
		nr = PCOUNT_ADDERS_MAX;
	c->t = t;
	c->vary_batch = vary_batch;
	lfpt_atomic_set(&c->stop, 0);
	lfpt_atomic_set(&c->parked, 0);
	lfpt_atomic_set(&c->release, 1);
	lfpt_atomic_set(&c->backwards, 0);
	lfpt_atomic_set(&c->over, 0);
	lfpt_atomic_set(&c->sums, 0);
	LFPT_EXPECT_EQ(t, lfp_pcount_init(&c->pc, 32, flags), 0);
	/* Dry-run the generators to know the planned total in advance. */
	c->planned = 0;
	for (i = 0; i < nr; i++) {
		unsigned int s = 1000 + i;
		unsigned long k;

		a[i].ctx = c;
		a[i].iters = iters;
		a[i].seed = s;
		a[i].added = 0;
		for (k = 0; k < iters; k++)
			c->planned += lfpt_rand(&s) % 7;
	}
	lfpt_atomic_set(&c->release, 0);
	st = lfpt_thread_run(pcount_summer_fn, c);
	LFPT_EXPECT(t, st);
	for (i = 0; i < nr; i++) {
		at[i] = lfpt_thread_run(pcount_adder_fn, &a[i]);
		LFPT_EXPECT(t, at[i]);
		if (!at[i])
			lfpt_atomic_inc(&c->parked);
	}
	/*
	 * Stop the summer once every adder is done and it has summed at
	 * least once (a serializing scheduler, such as Valgrind's, may not
	 * have run it yet).
	 */
	while (lfpt_atomic_read(&c->parked) < nr || (st && !lfpt_atomic_read(&c->sums)))
		lfpt_msleep(1);
	lfpt_atomic_set(&c->stop, 1);
	lfpt_thread_join(st);
	/* Every adder alive and holding its shard: sum exact, read in bound. */
	sum = lfp_pcount_sum(&c->pc);
	LFPT_EXPECT_EQ(t, sum, c->planned);
	LFPT_EXPECT(t, pcount_abs(lfp_pcount_read(&c->pc) - sum) <=
		       (long long)lfp_pcount_error_bound(&c->pc));
	lfpt_atomic_set(&c->release, 1);
	for (i = 0; i < nr; i++) {
		lfpt_thread_join(at[i]);
		total += a[i].added;
	}
	/* And after they are gone. */
	sum = lfp_pcount_sum(&c->pc);
	LFPT_EXPECT_EQ(t, sum, total);
	LFPT_EXPECT(t, pcount_abs(lfp_pcount_read(&c->pc) - sum) <=
		       (long long)lfp_pcount_error_bound(&c->pc));
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->backwards), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->over), 0);
	lfp_pcount_destroy(&c->pc);
	lfpt_free(c);
}

static void lfpt_case_pcount_concurrent(struct lfpt *t)
{
	pcount_concurrent_run(t, LFP_PCOUNT_PER_THREAD, 0, lfpt_scale(200000));
}

static void lfpt_case_pcount_concurrent_percpu(struct lfpt *t)
{
	pcount_concurrent_run(t, LFP_PCOUNT_PER_CPU, 0, lfpt_scale(200000));
}

static void lfpt_case_pcount_live_batch(struct lfpt *t)
{
	pcount_concurrent_run(t, 0, 1, lfpt_scale(100000));
	pcount_concurrent_run(t, LFP_PCOUNT_PER_THREAD, 1, lfpt_scale(100000));
	pcount_concurrent_run(t, LFP_PCOUNT_PER_CPU, 1, lfpt_scale(100000));
}

/*
 * Many short-lived threads each add a little and exit: what they added is
 * still counted exactly after they are gone (user space folds a thread's
 * slot at exit), and the approximate read stays inside the bound.
 */
static void lfpt_case_pcount_thread_churn(struct lfpt *t)
{
	struct pcount_adder a[4];
	struct lfpt_thread *at[4];
	struct lfp_pcount *pc;
	struct pcount_ctx *c = lfpt_zalloc(sizeof(*c));
	unsigned long round, rounds = lfpt_scale(50);
	long long total = 0;
	int i;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	pc = &c->pc;
	LFPT_EXPECT_EQ(t, lfp_pcount_init(pc, 1000, LFP_PCOUNT_PER_THREAD), 0);
	lfpt_atomic_set(&c->release, 1);
	for (round = 0; round < rounds; round++) {
		for (i = 0; i < 4; i++) {
			a[i].ctx = c;
			a[i].iters = 500;
			a[i].seed = round * 4 + i + 1;
			a[i].added = 0;
			at[i] = lfpt_thread_run(pcount_adder_fn, &a[i]);
			LFPT_EXPECT(t, at[i]);
		}
		for (i = 0; i < 4; i++) {
			lfpt_thread_join(at[i]);
			total += a[i].added;
		}
		LFPT_EXPECT_EQ(t, lfp_pcount_sum(pc), total);
	}
	LFPT_EXPECT(t, pcount_abs(lfp_pcount_read(pc) - total) <=
		       (long long)lfp_pcount_error_bound(pc));
	lfp_pcount_destroy(pc);
	lfpt_free(c);
}

/*
 * One thread using many counters in turn (more than user space's
 * per-thread slot cache holds, so slots are evicted and found again)
 * while a second thread does the same: every sum is exact, and counters
 * destroyed while the main thread still has slots in them leak nothing.
 */
#define PCOUNT_MANY	40

struct pcount_many {
	struct lfp_pcount pc[PCOUNT_MANY];
	unsigned long rounds;
};

static int pcount_many_fn(void *arg)
{
	struct pcount_many *m = arg;
	unsigned long r;
	int i;

	for (r = 0; r < m->rounds; r++) {
		for (i = 0; i < PCOUNT_MANY; i++)
			lfp_pcount_add(&m->pc[i], i + 1);
		lfpt_relax();
	}
	return 0;
}

static void lfpt_case_pcount_many_counters(struct lfpt *t)
{
	struct pcount_many *m = lfpt_zalloc(sizeof(*m));
	struct lfpt_thread *th[2];
	int i;

	if (!m) {
		LFPT_EXPECT(t, m);
		return;
	}
	m->rounds = lfpt_scale(2000);
	for (i = 0; i < PCOUNT_MANY; i++)
		LFPT_EXPECT_EQ(t, lfp_pcount_init(&m->pc[i], 1 + i * 7,
						  i % 3 == 1 ? LFP_PCOUNT_PER_THREAD :
						  i % 3 ? 0 : LFP_PCOUNT_PER_CPU), 0);
	for (i = 0; i < 2; i++) {
		th[i] = lfpt_thread_run(pcount_many_fn, m);
		LFPT_EXPECT(t, th[i]);
	}
	for (i = 0; i < 2; i++)
		lfpt_thread_join(th[i]);
	/* The main thread adds too, then destroys everything. */
	pcount_many_fn(m);
	for (i = 0; i < PCOUNT_MANY; i++) {
		LFPT_EXPECT_EQ(t, lfp_pcount_sum(&m->pc[i]),
			       3LL * (i + 1) * (long long)m->rounds);
		lfp_pcount_destroy(&m->pc[i]);
	}
	lfpt_free(m);
}

static const struct lfpt_case lfpt_pcount_cases[] = {
	LFPT_CASE(pcount_init_args),
	LFPT_CASE(pcount_basic),
	LFPT_CASE(pcount_basic_percpu),
	LFPT_CASE(pcount_concurrent),
	LFPT_CASE(pcount_concurrent_percpu),
	LFPT_CASE(pcount_live_batch),
	LFPT_CASE(pcount_thread_churn),
	LFPT_CASE(pcount_many_counters),
};

/* Torture driver: random adds, reads, sums and batch changes; exact at rest */

struct pcount_torture_ctx {
	struct lfp_pcount pc;
	struct lfpt_atomic expect;
};

static void pcount_torture_op(struct tt_worker *w)
{
	struct pcount_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 1000);
	long long d;

	if (r < 600) {
		d = (long long)tt_pick(w, 2001) - 1000;
		lfp_pcount_add(&c->pc, d);
		lfpt_atomic_add_return(&c->expect, d);
	} else if (r < 750) {
		lfp_pcount_inc(&c->pc);
		lfpt_atomic_inc(&c->expect);
	} else if (r < 900) {
		lfp_pcount_dec(&c->pc);
		lfpt_atomic_add_return(&c->expect, -1);
	} else if (r < 950) {
		(void)lfp_pcount_read(&c->pc);
	} else if (r < 990) {
		(void)lfp_pcount_sum(&c->pc);
	} else {
		LFPT_EXPECT_EQ(w->tt->t,
			       lfp_pcount_set_batch(&c->pc, 1 + tt_pick(w, 4096)), 0);
	}
}

static void pcount_torture(struct tt *tt)
{
	struct pcount_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	/* 0 (the default), LFP_PCOUNT_PER_CPU or LFP_PCOUNT_PER_THREAD. */
	unsigned int flags = lfpt_rand(&tt->seed) % 3;
	unsigned long long bound;
	long long sum, read, diff;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_pcount_init(&c->pc, 1 + lfpt_rand(&tt->seed) % 4096,
					      flags), 0);
	tt->ctx = c;
	tt->op = pcount_torture_op;
	tt_run(tt);
	sum = lfp_pcount_sum(&c->pc);
	LFPT_EXPECT_EQ(tt->t, sum, lfpt_atomic_read(&c->expect));
	/* At rest, the cheap read is within the documented bound. */
	read = lfp_pcount_read(&c->pc);
	bound = lfp_pcount_error_bound(&c->pc);
	diff = read - sum;
	LFPT_EXPECT(tt->t, (unsigned long long)(diff < 0 ? -diff : diff) <= bound);
	lfp_pcount_destroy(&c->pc);
	lfpt_free(c);
}

#include "pcount_misuse.c"

static const struct lfpt_prim lfpt_prim_pcount = {
	.name = "pcount",
	.cases = lfpt_pcount_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_pcount_cases),
	.torture = pcount_torture,
	.misuse = lfpt_pcount_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_pcount_misuse),
};
