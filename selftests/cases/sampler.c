// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim sampler, compiled into the user-space runner and into
 * the kernel test module.  The includer provides the shim (lfpt.h).
 */
#include <lfprim/sampler.h>

static void lfpt_case_sampler_init_args(struct lfpt *t)
{
	static const unsigned int ppms[] = {
		0, 1, 7, 999, 123456, 500000, 999999, 1000000,
	};
	struct lfp_sampler s;
	unsigned int i;

	LFPT_EXPECT_EQ(t, lfp_sampler_init(NULL, 0), -EINVAL);
	/* A bad pointer (or unknown flags) wins over a number out of range. */
	LFPT_EXPECT_EQ(t, lfp_sampler_init(NULL, LFP_SAMPLER_PPM_MAX + 1), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_sampler_init(&s, LFP_SAMPLER_PPM_MAX + 1), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_sampler_init(&s, 250000), 0);
	LFPT_EXPECT_EQ(t, lfp_sampler_ppm(&s), 250000);
	LFPT_EXPECT_EQ(t, lfp_sampler_threshold(&s), 1U << 30);
	LFPT_EXPECT_EQ(t, lfp_sampler_set_ppm(&s, LFP_SAMPLER_PPM_MAX + 1),
		       -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_sampler_set_ppm(&s, ~0U), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_sampler_ppm(&s), 250000);
	/* ppm -> threshold -> ppm is exact. */
	for (i = 0; i < LFP_ARRAY_SIZE(ppms); i++) {
		LFPT_EXPECT_EQ(t, lfp_sampler_set_ppm(&s, ppms[i]), 0);
		LFPT_EXPECT_EQ(t, lfp_sampler_ppm(&s), ppms[i]);
	}
	LFPT_EXPECT_EQ(t, lfp_sampler_ppm_to_threshold(0), 0);
	LFPT_EXPECT(t, lfp_sampler_ppm_to_threshold(LFP_SAMPLER_PPM_MAX) ==
		    LFP_SAMPLER_ALWAYS);
	LFPT_EXPECT(t, lfp_sampler_ppm_to_threshold(999999) < LFP_SAMPLER_ALWAYS);
	lfp_sampler_set_threshold(&s, 12345);
	LFPT_EXPECT_EQ(t, lfp_sampler_threshold(&s), 12345);
}

static unsigned long long sampler_isqrt(unsigned long long x)
{
	unsigned long long r = 0, bit = 1ULL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/*
 * n calls at threshold thr: the hit count is binomial(n, thr / 2^32).
 * Accept mean +- (6 standard deviations + 6): a correct sampler fails
 * with probability about 2e-9 per rate (the +6 covers tiny means, where
 * the count is Poisson-like: P(X >= 7) for a mean of 0.2 is ~2.5e-9).
 */
static void lfpt_case_sampler_rates(struct lfpt *t)
{
	static const unsigned int ppms[] = {
		0, 1, 100, 10000, 250000, 500000, 900000, 999999, 1000000,
	};
	unsigned long long n = lfpt_scale(200000), hits, mean, var, dev, thr;
	struct lfp_sampler s;
	unsigned long long i;
	unsigned int k;

	for (k = 0; k < LFP_ARRAY_SIZE(ppms); k++) {
		LFPT_EXPECT_EQ(t, lfp_sampler_init(&s, ppms[k]), 0);
		thr = lfp_sampler_threshold(&s);
		hits = 0;
		for (i = 0; i < n; i++)
			hits += !!lfp_sampler_should_sample(&s);
		if (thr == LFP_SAMPLER_ALWAYS) {
			LFPT_EXPECT_EQ(t, hits, n);
			continue;
		}
		if (!thr) {
			LFPT_EXPECT_EQ(t, hits, 0);
			continue;
		}
		mean = (n * thr) >> 32;
		/* n p (1 - p), in integers: p = thr / 2^32. */
		var = (n * ((thr >> 16) * (((1ULL << 32) - thr) >> 16))) >> 32;
		dev = 6 * sampler_isqrt(var) + 6;
		if (hits + dev < mean || hits > mean + dev)
			lfpt_log("%s: ppm %u: %llu hits in %llu calls, want %llu +- %llu\n",
				 t->name, ppms[k], hits, n, mean, dev);
		LFPT_EXPECT(t, hits + dev >= mean && hits <= mean + dev);
	}
}

/*
 * Callers sample flat out while the rate flips between never (odd
 * generations) and always (even ones).  After a caller sees generation g,
 * every call it makes must decide with g's rate; the rate only changes
 * again once every caller has finished its calls for g.
 */
#define SAMPLER_GENS	10
#define SAMPLER_CALLERS	3

struct sampler_conc {
	struct lfp_sampler s;
	struct lfpt_atomic gen;		/* SAMPLER_GENS + 1: stop */
	struct lfpt_atomic acks;
	struct lfpt_atomic wrong;
	unsigned long calls;		/* per caller and generation */
};

static int sampler_caller_fn(void *arg)
{
	struct sampler_conc *c = arg;
	long g, done = 0;
	unsigned long i;
	int hit;

	for (;;) {
		g = lfpt_atomic_read_acquire(&c->gen);
		if (g > SAMPLER_GENS)
			break;
		if (g == done) {
			lfpt_relax();
			continue;
		}
		for (i = 0; i < c->calls; i++) {
			hit = !!lfp_sampler_should_sample(&c->s);
			if (hit != !(g & 1))
				lfpt_atomic_inc(&c->wrong);
			if (!(i & 255))
				lfpt_relax();
		}
		done = g;
		lfpt_atomic_inc(&c->acks);
	}
	return 0;
}

static void lfpt_case_sampler_concurrent_change(struct lfpt *t)
{
	struct sampler_conc *c = lfpt_zalloc(sizeof(*c));
	struct lfpt_thread *th[SAMPLER_CALLERS];
	long g;
	int i;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	c->calls = lfpt_scale(20000);
	LFPT_EXPECT_EQ(t, lfp_sampler_init(&c->s, 500000), 0);
	for (i = 0; i < SAMPLER_CALLERS; i++)
		th[i] = lfpt_thread_run(sampler_caller_fn, c);
	for (g = 1; g <= SAMPLER_GENS; g++) {
		lfp_sampler_set_ppm(&c->s, (g & 1) ? 0 : LFP_SAMPLER_PPM_MAX);
		lfpt_atomic_set_release(&c->gen, g);
		while (lfpt_atomic_read_acquire(&c->acks) < g * SAMPLER_CALLERS)
			lfpt_msleep(1);
	}
	lfpt_atomic_set_release(&c->gen, SAMPLER_GENS + 1);
	for (i = 0; i < SAMPLER_CALLERS; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->wrong), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->acks),
		       SAMPLER_GENS * SAMPLER_CALLERS);
	lfpt_free(c);
}

static const struct lfpt_case lfpt_sampler_cases[] = {
	LFPT_CASE(sampler_init_args),
	LFPT_CASE(sampler_rates),
	LFPT_CASE(sampler_concurrent_change),
	LFPT_CASE(sampler_static_init),
};

/* Torture driver: rate changes and samples; 0 and 1e6 ppm are exact */

struct sampler_torture_ctx {
	struct lfp_sampler s;
	struct lfpt_lock lock;		/* serializes rate changes */
	struct lfpt_atomic gen;		/* odd while a rate change runs */
	struct lfpt_atomic ppm;		/* the rate set, under @lock */
	struct lfpt_atomic wrong;
};

static const unsigned int sampler_torture_rates[] = { 0, 1, 1000, 500000, 999999, 1000000 };

static void sampler_torture_op(struct tt_worker *w)
{
	struct sampler_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100), ppm, i;
	long g;
	int hit;

	if (r < 5) {
		ppm = sampler_torture_rates[tt_pick(w, LFP_ARRAY_SIZE(sampler_torture_rates))];
		/* Fully ordered increments around the change, as a seqcount. */
		lfpt_lock(&c->lock);
		lfpt_atomic_add_return(&c->gen, 1);
		LFPT_EXPECT_EQ(w->tt->t, lfp_sampler_set_ppm(&c->s, ppm), 0);
		lfpt_atomic_set(&c->ppm, ppm);
		lfpt_atomic_add_return(&c->gen, 1);
		lfpt_unlock(&c->lock);
		return;
	}
	if (r < 10) {
		ppm = lfp_sampler_ppm(&c->s);
		for (i = 0; i < LFP_ARRAY_SIZE(sampler_torture_rates); i++)
			if (ppm == sampler_torture_rates[i])
				break;
		if (i == LFP_ARRAY_SIZE(sampler_torture_rates))
			lfpt_atomic_inc(&c->wrong);
		return;
	}
	/*
	 * A sample taken while no rate change ran (the same even generation
	 * before and after) must follow the rate exactly at 0 and at 1e6.
	 */
	g = lfpt_atomic_read_acquire(&c->gen);
	ppm = lfpt_atomic_read(&c->ppm);
	hit = lfp_sampler_should_sample(&c->s);
	/* A fully ordered re-read: the sample cannot drift past it. */
	if (g & 1 || lfpt_atomic_add_return(&c->gen, 0) != g)
		return;
	if ((ppm == 0 || ppm == LFP_SAMPLER_PPM_MAX) && hit != (ppm != 0))
		lfpt_atomic_inc(&c->wrong);
}

static void sampler_torture(struct tt *tt)
{
	struct sampler_torture_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	lfpt_lock_init(&c->lock);
	LFPT_EXPECT_EQ(tt->t, lfp_sampler_init(&c->s, 0), 0);
	tt->ctx = c;
	tt->op = sampler_torture_op;
	tt_run(tt);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->wrong), 0);
	lfpt_free(c);
}

static const struct lfpt_prim lfpt_prim_sampler = {
	.name = "sampler",
	.cases = lfpt_sampler_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_sampler_cases),
	.torture = sampler_torture,
};
