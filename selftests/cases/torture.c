// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Torture drivers, one per primitive, compiled into the user-space stress
 * driver and into the kernel test module.  The includer provides the shim
 * (lfpt.h) and includes the primitives' headers (all.c does both).
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

/* ---- snap: readers check every object they reach; writers mix all writes */

static struct tt_pool tts_pool;	/* free functions get no context */

struct tts_obj {
	struct lfp_snap_node node;
	unsigned long magic;
	unsigned long long a;
	unsigned long long b;	/* ~a */
};

struct tts_ctx {
	struct lfp_snap snap;
	struct lfpt_atomic torn, publishes, updates, aborts;
};

static struct tts_obj *tts_new(unsigned long long a)
{
	struct tts_obj *o = lfpt_zalloc_atomic(sizeof(*o));

	if (!o)
		return NULL;
	tt_pool_alloc(&tts_pool, &o->magic);
	o->a = a;
	o->b = ~a;
	return o;
}

static void tts_free(struct lfp_snap_node *node)
{
	struct tts_obj *o = container_of(node, struct tts_obj, node);

	tt_pool_free(&tts_pool, &o->magic, o->b == ~o->a);
	lfpt_free(o);
}

static int tts_modify(const struct lfp_snap_node *old,
		      struct lfp_snap_node *scratch, void *arg)
{
	const struct tts_obj *o = container_of(old, struct tts_obj, node);
	struct tts_obj *s = container_of(scratch, struct tts_obj, node);
	struct tt_worker *w = arg;

	if (!tt_pick(w, 8))
		return -EAGAIN;
	s->a = o->a + 1;
	s->b = ~s->a;
	return 0;
}

static void tts_op(struct tt_worker *w)
{
	struct tts_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100);
	struct lfp_snap_node *n;
	struct tts_obj *o;
	int ret;

	if (r < 70) {
		lfp_snap_read_lock();
		n = lfp_snap_deref(&c->snap);
		o = container_of(n, struct tts_obj, node);
		if (!n || o->magic != TT_LIVE || o->b != ~o->a)
			lfpt_atomic_inc(&c->torn);
		lfp_snap_read_unlock();
		return;
	}
	o = tts_new(lfpt_rand(&w->seed));
	if (!o) {
		LFPT_EXPECT(w->tt->t, o);
		return;
	}
	if (r < 85) {
		ret = lfp_snap_publish(&c->snap, &o->node);
	} else if (r < 88) {
		ret = lfp_snap_publish_sync(&c->snap, &o->node);
	} else {
		ret = lfp_snap_update(&c->snap, &o->node, tts_modify, w);
		if (ret == -EAGAIN) {
			lfpt_atomic_inc(&c->aborts);
			tts_free(&o->node);
			return;
		}
		if (!ret)
			lfpt_atomic_inc(&c->updates);
		LFPT_EXPECT_EQ(w->tt->t, ret, 0);
		return;
	}
	LFPT_EXPECT_EQ(w->tt->t, ret, 0);
	if (!ret)
		lfpt_atomic_inc(&c->publishes);
}

static void tt_snap(struct tt *tt)
{
	struct tts_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_snap_stats st;
	struct tts_obj *first;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	tts_pool = (struct tt_pool){};
	first = tts_new(0);
	LFPT_EXPECT(tt->t, first);
	LFPT_EXPECT_EQ(tt->t, lfp_snap_init(&c->snap, &first->node, tts_free), 0);
	tt->ctx = c;
	tt->op = tts_op;
	tt_run(tt);
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(tt->t, st.publishes, lfpt_atomic_read(&c->publishes));
	LFPT_EXPECT_EQ(tt->t, st.updates, lfpt_atomic_read(&c->updates));
	LFPT_EXPECT_EQ(tt->t, st.retired, st.publishes + st.updates);
	lfp_snap_destroy(&c->snap);
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->torn), 0);
	tt_pool_check(tt, &tts_pool);
	lfpt_free(c);
}

/* ---- pcount: random adds, reads, sums and batch changes; exact at rest */

struct ttp_ctx {
	struct lfp_pcount pc;
	struct lfpt_atomic expect;
};

static void ttp_op(struct tt_worker *w)
{
	struct ttp_ctx *c = w->tt->ctx;
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

static void tt_pcount(struct tt *tt)
{
	struct ttp_ctx *c = lfpt_zalloc(sizeof(*c));
	unsigned int flags = lfpt_rand(&tt->seed) & LFP_PCOUNT_PER_CPU;
	unsigned long long bound;
	long long sum, read, diff;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_pcount_init(&c->pc, 1 + lfpt_rand(&tt->seed) % 4096,
					      flags), 0);
	tt->ctx = c;
	tt->op = ttp_op;
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

/* ---- seqstat: field sets and records from many writers; no torn read */

#define TTQ_PATTERN	2	/* fields 2.. hold x, x + 1, x + 2, ... */

struct ttq_ctx {
	struct lfp_seqstat s;
	struct lfpt_atomic records, amount, torn;
};

static void ttq_op(struct tt_worker *w)
{
	struct ttq_ctx *c = w->tt->ctx;
	unsigned long long v[LFP_SEQSTAT_MAX_FIELDS], x;
	unsigned int r = tt_pick(w, 100), i;

	if (r < 60) {
		lfp_seqstat_read(&c->s, v);
		for (i = TTQ_PATTERN + 1; i < LFP_SEQSTAT_MAX_FIELDS; i++)
			if (v[i] != v[TTQ_PATTERN] + i - TTQ_PATTERN)
				lfpt_atomic_inc(&c->torn);
		if (v[1] < v[0])	/* every record adds amount >= 1 */
			lfpt_atomic_inc(&c->torn);
	} else if (r < 80) {
		x = lfpt_rand(&w->seed);
		lfp_seqstat_write_begin(&c->s);
		for (i = TTQ_PATTERN; i < LFP_SEQSTAT_MAX_FIELDS; i++)
			lfp_seqstat_set(&c->s, i, x + i - TTQ_PATTERN);
		lfp_seqstat_write_end(&c->s);
	} else {
		x = 1 + tt_pick(w, 100);
		lfp_seqstat_record(&c->s, x);
		lfpt_atomic_inc(&c->records);
		lfpt_atomic_add_return(&c->amount, x);
	}
}

static void tt_seqstat(struct tt *tt)
{
	struct ttq_ctx *c = lfpt_zalloc(sizeof(*c));
	unsigned long long v[LFP_SEQSTAT_MAX_FIELDS];
	unsigned int i;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_seqstat_init(&c->s, LFP_SEQSTAT_MAX_FIELDS), 0);
	lfp_seqstat_write_begin(&c->s);
	for (i = TTQ_PATTERN; i < LFP_SEQSTAT_MAX_FIELDS; i++)
		lfp_seqstat_set(&c->s, i, i - TTQ_PATTERN);
	lfp_seqstat_write_end(&c->s);
	tt->ctx = c;
	tt->op = ttq_op;
	tt_run(tt);
	lfp_seqstat_read(&c->s, v);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->torn), 0);
	LFPT_EXPECT_EQ(tt->t, v[0], lfpt_atomic_read(&c->records));
	LFPT_EXPECT_EQ(tt->t, v[1], lfpt_atomic_read(&c->amount));
	lfpt_free(c);
}

/* ---- sampler: rate changes and samples; 0 and 1e6 ppm are exact */

struct ttm_ctx {
	struct lfp_sampler s;
	struct lfpt_lock lock;		/* serializes rate changes */
	struct lfpt_atomic gen;		/* odd while a rate change runs */
	struct lfpt_atomic ppm;		/* the rate set, under @lock */
	struct lfpt_atomic wrong;
};

static const unsigned int ttm_rates[] = { 0, 1, 1000, 500000, 999999, 1000000 };

static void ttm_op(struct tt_worker *w)
{
	struct ttm_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100), ppm, i;
	long g;
	int hit;

	if (r < 5) {
		ppm = ttm_rates[tt_pick(w, ARRAY_SIZE(ttm_rates))];
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
		for (i = 0; i < ARRAY_SIZE(ttm_rates); i++)
			if (ppm == ttm_rates[i])
				break;
		if (i == ARRAY_SIZE(ttm_rates))
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

static void tt_sampler(struct tt *tt)
{
	struct ttm_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	lfpt_lock_init(&c->lock);
	LFPT_EXPECT_EQ(tt->t, lfp_sampler_init(&c->s, 0), 0);
	tt->ctx = c;
	tt->op = ttm_op;
	tt_run(tt);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->wrong), 0);
	lfpt_free(c);
}

/* ---- event: fires, waits with timeouts and cancels, reinits */

struct tte_ctx {
	struct lfp_event ev, cancel;
	struct lfpt_atomic fired_once, cancel_once;	/* ever fired */
	struct lfpt_atomic firsts, reinits;
	struct lfpt_atomic early, bad;
};

static void tte_op(struct tt_worker *w)
{
	struct tte_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100);
	unsigned long long t0;
	struct lfp_event *cancel;
	long ms;
	int ret;

	if (r < 20) {
		lfpt_atomic_set(&c->fired_once, 1);
		ret = lfp_event_fire(&c->ev);
		if (ret == 1)
			lfpt_atomic_inc(&c->firsts);
		else if (ret)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 30) {
		ret = lfp_event_reinit(&c->ev);
		if (!ret)
			lfpt_atomic_inc(&c->reinits);
		else if (ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 33) {
		lfpt_atomic_set(&c->cancel_once, 1);
		lfp_event_fire(&c->cancel);
	} else if (r < 36) {
		ret = lfp_event_reinit(&c->cancel);
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 40) {
		(void)lfp_event_is_fired(&c->ev);
	} else {
		ms = tt_pick(w, 4);
		cancel = tt_pick(w, 2) ? &c->cancel : NULL;
		t0 = lfpt_now_ns();
		ret = lfp_event_wait(&c->ev, ms, cancel);
		if (ret == 0 && !lfpt_atomic_read(&c->fired_once))
			lfpt_atomic_inc(&c->bad);
		else if (tt_early(ret, t0, ms))
			lfpt_atomic_inc(&c->early);
		else if (ret == -ECANCELED &&
			 (!cancel || !lfpt_atomic_read(&c->cancel_once)))
			lfpt_atomic_inc(&c->bad);
		else if (ret && ret != -ETIMEDOUT && ret != -ECANCELED)
			lfpt_atomic_inc(&c->bad);
	}
}

static void tt_event(struct tt *tt)
{
	struct tte_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->ev), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->cancel), 0);
	tt->ctx = c;
	tt->op = tte_op;
	tt_run(tt);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->early), 0);
	/* Each "this call fired it" needs a reinit in between. */
	LFPT_EXPECT(tt->t, lfpt_atomic_read(&c->firsts) <=
		    lfpt_atomic_read(&c->reinits) + 1);
	/* No waiter left behind. */
	LFPT_EXPECT_EQ(tt->t, lfp_event_waiters(&c->ev), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_waiters(&c->cancel), 0);
	lfpt_free(c);
}

/* ---- dropq: pushes, pops, resizes and a close; every item exactly once */

struct ttd_ctx {
	struct lfp_dropq q;
	struct tt_pool pool;
	struct lfpt_atomic pushes, accepted, dropped, popped;
	struct lfpt_atomic closed, early, bad;
};

static void ttd_take(struct ttd_ctx *c, void *item)
{
	lfpt_atomic_inc(&c->popped);
	tt_item_free(&c->pool, item);
}

static void ttd_op(struct tt_worker *w)
{
	struct ttd_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 1000);
	struct lfp_dropq_stats st;
	unsigned long long t0;
	struct tt_item *it;
	void *item;
	long ms;
	int ret;

	if (r < 450) {
		it = tt_item_new(w, &c->pool, 0);
		if (!it)
			return;
		lfpt_atomic_inc(&c->pushes);
		ret = lfp_dropq_push(&c->q, it);
		if (!ret) {
			lfpt_atomic_inc(&c->accepted);
			return;
		}
		if (ret == -ENOSPC || (ret == -EPIPE && lfpt_atomic_read(&c->closed)))
			lfpt_atomic_inc(&c->dropped);
		else
			lfpt_atomic_inc(&c->bad);
		tt_item_free(&c->pool, it);
	} else if (r < 900) {
		if (tt_pick(w, 2)) {
			ret = lfp_dropq_try_pop(&c->q, &item);
		} else {
			ms = tt_pick(w, 3);
			t0 = lfpt_now_ns();
			ret = lfp_dropq_pop(&c->q, &item, ms, NULL);
			if (tt_early(ret, t0, ms))
				lfpt_atomic_inc(&c->early);
		}
		if (!ret)
			ttd_take(c, item);
		else if (ret == -EPIPE && !lfpt_atomic_read(&c->closed))
			lfpt_atomic_inc(&c->bad);
		else if (ret != -EAGAIN && ret != -ETIMEDOUT && ret != -EPIPE)
			lfpt_atomic_inc(&c->bad);
		tt_maybe_sleep(w);
	} else if (r < 950) {
		ret = lfp_dropq_resize(&c->q, 1 + tt_pick(w, 64));
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 999) {
		lfp_dropq_get_stats(&c->q, &st);
		if (st.len > st.capacity || st.hwm > LFP_DROPQ_CAP_MAX)
			lfpt_atomic_inc(&c->bad);
	} else if (!tt_pick(w, 20)) {
		lfpt_atomic_set(&c->closed, 1);
		lfp_dropq_close(&c->q);
	}
}

static void tt_dropq(struct tt *tt)
{
	struct ttd_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_dropq_stats st;
	void *item;
	int ret;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	LFPT_EXPECT_EQ(tt->t, lfp_dropq_init(&c->q, 1 + lfpt_rand(&tt->seed) % 64), 0);
	tt->ctx = c;
	tt->op = ttd_op;
	tt_run(tt);
	lfpt_atomic_set(&c->closed, 1);
	lfp_dropq_close(&c->q);
	while (!(ret = lfp_dropq_try_pop(&c->q, &item)))
		ttd_take(c, item);
	LFPT_EXPECT_EQ(tt->t, ret, -EPIPE);
	lfp_dropq_get_stats(&c->q, &st);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->early), 0);
	LFPT_EXPECT_EQ(tt->t, st.accepted, lfpt_atomic_read(&c->accepted));
	LFPT_EXPECT_EQ(tt->t, st.dropped, lfpt_atomic_read(&c->dropped));
	LFPT_EXPECT_EQ(tt->t, st.accepted + st.dropped, lfpt_atomic_read(&c->pushes));
	LFPT_EXPECT_EQ(tt->t, st.consumed, st.accepted);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->popped), st.accepted);
	LFPT_EXPECT_EQ(tt->t, st.len, 0);
	lfp_dropq_destroy(&c->q, NULL);
	tt_pool_check(tt, &c->pool);
	lfpt_free(c);
}

/*
 * ---- rmap: worker i owns the keys k with k % nthreads == i and keeps a
 * shadow of them; every worker looks up every key.  At the end the map
 * holds exactly the shadow.
 */

#define TTR_KEYS_PER	32

static struct tt_pool ttr_pool;	/* free functions get no context */

struct ttr_val {
	struct lfp_rmap_node node;
	unsigned long magic;
	unsigned long long a;
	unsigned long long b;	/* 3a + 1 */
};

struct ttr_ctx {
	struct lfp_rmap m;
	unsigned int nthreads;
	unsigned char present[TT_MAX_THREADS * TTR_KEYS_PER];
	unsigned long long val[TT_MAX_THREADS * TTR_KEYS_PER];
	struct lfpt_atomic torn, bad, walk_bad;
};

static struct ttr_val *ttr_new(unsigned long long key, unsigned long long a)
{
	struct ttr_val *v = lfpt_zalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->node.key = key;
	v->a = a;
	v->b = 3 * a + 1;
	tt_pool_alloc(&ttr_pool, &v->magic);
	return v;
}

static void ttr_free(struct lfp_rmap_node *node)
{
	struct ttr_val *v = container_of(node, struct ttr_val, node);

	tt_pool_free(&ttr_pool, &v->magic, v->b == 3 * v->a + 1);
	lfpt_free(v);
}

static int ttr_bad(const struct ttr_val *v, unsigned long long key)
{
	return v->magic != TT_LIVE || v->node.key != key || v->b != 3 * v->a + 1;
}

/* One walk: how often it visited each key. */
struct ttr_walk_arg {
	struct ttr_ctx *c;
	unsigned char seen[TT_MAX_THREADS * TTR_KEYS_PER];
};

static int ttr_walk_fn(struct lfp_rmap_node *node, void *arg)
{
	struct ttr_walk_arg *wa = arg;
	unsigned long long key = node->key;

	if (ttr_bad(container_of(node, struct ttr_val, node), key))
		lfpt_atomic_inc(&wa->c->torn);
	else if (key >= wa->c->nthreads * TTR_KEYS_PER)
		lfpt_atomic_inc(&wa->c->bad);
	else if (wa->seen[key] < 255)
		wa->seen[key]++;
	return 0;
}

/*
 * Walk the map and check the keys of worker @idx (every key if @idx is
 * nthreads, once the workers are done).  Nobody else changes them, so
 * they hold still for the walk, whatever the other workers and the
 * table's resizes do: each present one is visited exactly once, each
 * absent one never.
 */
static void ttr_walk(struct tt *tt, struct ttr_ctx *c, unsigned int idx)
{
	struct ttr_walk_arg *wa = lfpt_zalloc(sizeof(*wa));
	unsigned int k;

	if (!wa) {
		LFPT_EXPECT(tt->t, wa);
		return;
	}
	wa->c = c;
	LFPT_EXPECT_EQ(tt->t, lfp_rmap_for_each(&c->m, ttr_walk_fn, wa), 0);
	for (k = 0; k < c->nthreads * TTR_KEYS_PER; k++) {
		if (idx < c->nthreads && k % c->nthreads != idx)
			continue;
		if (wa->seen[k] != c->present[k])
			lfpt_atomic_inc(&c->walk_bad);
	}
	lfpt_free(wa);
}

static void ttr_op(struct tt_worker *w)
{
	struct ttr_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100);
	unsigned long long key, a;
	struct ttr_val *v = NULL;
	struct lfp_rmap_node *n;
	int ret;

	/* A key of this worker's, or (for plain lookups) anybody's. */
	key = w->idx + (unsigned long long)c->nthreads * tt_pick(w, TTR_KEYS_PER);
	if (r < 50) {
		key = tt_pick(w, c->nthreads * TTR_KEYS_PER);
		lfp_rmap_read_lock();
		n = lfp_rmap_lookup(&c->m, key);
		if (n && ttr_bad(container_of(n, struct ttr_val, node), key))
			lfpt_atomic_inc(&c->torn);
		lfp_rmap_read_unlock();
	} else if (r < 65) {
		/* Only this worker changes its keys: the answer is exact. */
		lfp_rmap_read_lock();
		n = lfp_rmap_lookup(&c->m, key);
		if (!n != !c->present[key] ||
		    (n && container_of(n, struct ttr_val, node)->a != c->val[key]))
			lfpt_atomic_inc(&c->bad);
		lfp_rmap_read_unlock();
	} else if (r < 97) {
		a = lfpt_rand(&w->seed);
		if (r < 87) {
			v = ttr_new(key, a);
			if (!v) {
				LFPT_EXPECT(w->tt->t, v);
				return;
			}
		}
		if (r < 75) {
			ret = lfp_rmap_insert(&c->m, &v->node);
			if (ret != (c->present[key] ? -EEXIST : 0))
				lfpt_atomic_inc(&c->bad);
			if (ret) {
				ttr_free(&v->node);
				return;
			}
		} else if (r < 87) {
			ret = lfp_rmap_replace(&c->m, &v->node);
			if (ret != c->present[key])
				lfpt_atomic_inc(&c->bad);
		} else {
			ret = lfp_rmap_delete(&c->m, key);
			if (ret != (c->present[key] ? 0 : -ENOENT))
				lfpt_atomic_inc(&c->bad);
			c->present[key] = 0;
			return;
		}
		c->present[key] = 1;
		c->val[key] = a;
	} else if (r < 99) {
		(void)lfp_rmap_size(&c->m);
	} else {
		ttr_walk(w->tt, c, w->idx);
	}
}

static void tt_rmap(struct tt *tt)
{
	struct ttr_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_rmap_node *n;
	unsigned long present = 0;
	unsigned int k;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	ttr_pool = (struct tt_pool){};
	c->nthreads = tt->nthreads;
	LFPT_EXPECT_EQ(tt->t, lfp_rmap_init(&c->m, ttr_free), 0);
	tt->ctx = c;
	tt->op = ttr_op;
	tt_run(tt);
	lfp_rmap_read_lock();
	for (k = 0; k < c->nthreads * TTR_KEYS_PER; k++) {
		n = lfp_rmap_lookup(&c->m, k);
		present += c->present[k];
		LFPT_EXPECT_EQ(tt->t, !!n, c->present[k]);
		if (n)
			LFPT_EXPECT(tt->t, !ttr_bad(container_of(n, struct ttr_val, node), k) &&
				    container_of(n, struct ttr_val, node)->a == c->val[k]);
	}
	lfp_rmap_read_unlock();
	LFPT_EXPECT_EQ(tt->t, lfp_rmap_size(&c->m), present);
	ttr_walk(tt, c, c->nthreads);
	lfp_rmap_destroy(&c->m);
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->torn), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->walk_bad), 0);
	tt_pool_check(tt, &ttr_pool);
	lfpt_free(c);
}

/*
 * ---- sflight: calls on a few keys with random timeouts, cancels and
 * forgets; every caller is a leader or a joiner, every joiner that left
 * is counted, and (without forgets) one call per key runs at a time.
 */

#define TTF_KEYS	4

struct ttf_ctx;

struct ttf_arg {
	struct ttf_ctx *c;
	struct tt_worker *w;
	unsigned int key;
};

struct ttf_ctx {
	struct lfp_sflight g;
	struct lfp_event cancel;
	int forgets;			/* this run uses forget */
	unsigned int res[TTF_KEYS];	/* results point at res[key] */
	struct lfpt_atomic running[TTF_KEYS];
	struct lfpt_atomic runs, calls, leaders, joined, left, bad;
};

static int ttf_fn(void *arg, void **res)
{
	struct ttf_arg *a = arg;
	struct ttf_ctx *c = a->c;
	int fail = !tt_pick(a->w, 10);

	lfpt_atomic_inc(&c->runs);
	if (lfpt_atomic_add_return(&c->running[a->key], 1) > 1 && !c->forgets)
		lfpt_atomic_inc(&c->bad);
	if (tt_pick(a->w, 2))
		lfpt_msleep(tt_pick(a->w, 3));
	lfpt_atomic_add_return(&c->running[a->key], -1);
	*res = &c->res[a->key];
	return fail ? -EIO : 0;
}

static void ttf_op(struct tt_worker *w)
{
	struct ttf_ctx *c = w->tt->ctx;
	struct ttf_arg a = { c, w, tt_pick(w, TTF_KEYS) };
	unsigned int r = tt_pick(w, 100);
	struct lfp_sflight_stats st;
	void *res = NULL;
	int ret, shared = -1;
	long ms;

	if (r < 80) {
		ms = tt_pick(w, 4) ? (long)tt_pick(w, 3) : LFP_WAIT_FOREVER;
		lfpt_atomic_inc(&c->calls);
		ret = lfp_sflight_do(&c->g, a.key, ttf_fn, &a, &res, &shared, ms,
				     tt_pick(w, 2) ? &c->cancel : NULL);
		if (ret == -ETIMEDOUT || ret == -ECANCELED) {
			lfpt_atomic_inc(&c->left);
			lfpt_atomic_inc(&c->joined);
			return;
		}
		if (ret && ret != -EIO)
			lfpt_atomic_inc(&c->bad);
		if (res != &c->res[a.key] || (shared != 0 && shared != 1))
			lfpt_atomic_inc(&c->bad);
		lfpt_atomic_inc(shared == 1 ? &c->joined : &c->leaders);
	} else if (r < 85) {
		if (c->forgets)
			(void)lfp_sflight_forget(&c->g, a.key);
	} else if (r < 90) {
		lfp_event_fire(&c->cancel);
	} else if (r < 95) {
		ret = lfp_event_reinit(&c->cancel);
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else {
		lfp_sflight_get_stats(&c->g, &st);
		if (st.left > st.shared)
			lfpt_atomic_inc(&c->bad);
	}
}

static void tt_sflight(struct tt *tt)
{
	struct ttf_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_sflight_stats st;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	c->forgets = lfpt_rand(&tt->seed) & 1;
	LFPT_EXPECT_EQ(tt->t, lfp_sflight_init(&c->g), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_init(&c->cancel), 0);
	tt->ctx = c;
	tt->op = ttf_op;
	tt_run(tt);
	lfp_sflight_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, st.inflight, 0);
	LFPT_EXPECT_EQ(tt->t, st.leaders, lfpt_atomic_read(&c->runs));
	LFPT_EXPECT_EQ(tt->t, st.leaders, lfpt_atomic_read(&c->leaders));
	LFPT_EXPECT_EQ(tt->t, st.shared, lfpt_atomic_read(&c->joined));
	LFPT_EXPECT_EQ(tt->t, st.left, lfpt_atomic_read(&c->left));
	LFPT_EXPECT_EQ(tt->t, st.leaders + st.shared, lfpt_atomic_read(&c->calls));
	if (!c->forgets)
		LFPT_EXPECT_EQ(tt->t, st.forgets, 0);
	LFPT_EXPECT_EQ(tt->t, lfp_event_waiters(&c->cancel), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_sflight_destroy(&c->g), 0);
	lfpt_free(c);
}

/*
 * ---- group: a fresh group per generation; workers start tasks (waiting
 * or not), change the limit, cancel now and then; tasks fail now and
 * then.  Every admitted task runs or is skipped, exactly once.
 */

struct ttg_ctx {
	struct lfp_group g;
	struct lfpt_lock lock;		/* serializes raises of @limit_max */
	struct lfpt_atomic limit_max;	/* most tasks allowed at once */
	struct lfpt_atomic running, ran, failed, admitted, early, bad, over;
};

static int ttg_task(void *arg, struct lfp_event *cancel)
{
	struct ttg_ctx *c = arg;
	unsigned int seed = (unsigned int)lfpt_now_ns() | 1;
	unsigned int i, n = lfpt_rand(&seed) % 50;
	int fail = !(lfpt_rand(&seed) % 500);

	if (lfpt_atomic_add_return(&c->running, 1) > lfpt_atomic_read(&c->limit_max))
		lfpt_atomic_inc(&c->over);
	for (i = 0; i < n && !lfp_event_is_fired(cancel); i++)
		lfpt_relax();
	lfpt_atomic_add_return(&c->running, -1);
	lfpt_atomic_inc(&c->ran);
	if (fail)
		lfpt_atomic_inc(&c->failed);
	return fail ? -EIO : 0;
}

static void ttg_op(struct tt_worker *w)
{
	struct ttg_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 1000), lim;
	unsigned long long t0;
	long ms;
	int ret;

	if (r < 500) {
		ms = tt_pick(w, 3);
		t0 = lfpt_now_ns();
		ret = lfp_group_go(&c->g, ttg_task, c, ms, NULL);
		if (tt_early(ret, t0, ms))
			lfpt_atomic_inc(&c->early);
		if (!ret)
			lfpt_atomic_inc(&c->admitted);
		else if (ret != -ECANCELED && ret != -ETIMEDOUT)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 990) {
		ret = lfp_group_try_go(&c->g, ttg_task, c);
		if (!ret)
			lfpt_atomic_inc(&c->admitted);
		else if (ret != -ECANCELED && ret != -EAGAIN)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 998) {
		/* Raise the bound the tasks check before the limit can change. */
		lim = 1 + tt_pick(w, 8);
		lfpt_lock(&c->lock);
		if (lfpt_atomic_read(&c->limit_max) < lim)
			lfpt_atomic_set(&c->limit_max, lim);
		lfpt_unlock(&c->lock);
		ret = lfp_group_set_limit(&c->g, lim);
		if (ret && ret != -EBUSY)
			lfpt_atomic_inc(&c->bad);
	} else if (!tt_pick(w, 4)) {
		lfp_group_cancel(&c->g);
	}
}

static void ttg_begin(struct tt *tt)
{
	struct ttg_ctx *c = tt->ctx;
	unsigned int lim = 1 + lfpt_rand(&tt->seed) % 8;

	lfpt_atomic_set(&c->limit_max, lim);
	lfpt_atomic_set(&c->ran, 0);
	lfpt_atomic_set(&c->failed, 0);
	lfpt_atomic_set(&c->admitted, 0);
	LFPT_EXPECT_EQ(tt->t, lfp_group_init(&c->g, lim), 0);
}

static void ttg_end(struct tt *tt)
{
	struct ttg_ctx *c = tt->ctx;
	struct lfp_group_stats st;
	int ret;

	ret = lfp_group_wait(&c->g);
	lfp_group_get_stats(&c->g, &st);
	LFPT_EXPECT_EQ(tt->t, ret, lfpt_atomic_read(&c->failed) ? -EIO : 0);
	LFPT_EXPECT_EQ(tt->t, st.first_error, ret);
	LFPT_EXPECT_EQ(tt->t, st.started, lfpt_atomic_read(&c->admitted));
	LFPT_EXPECT_EQ(tt->t, st.finished, st.started);
	LFPT_EXPECT_EQ(tt->t, st.running, 0);
	LFPT_EXPECT_EQ(tt->t, st.failed, lfpt_atomic_read(&c->failed));
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->ran) + st.skipped, st.started);
	LFPT_EXPECT(tt->t, st.max_running <= (unsigned long long)lfpt_atomic_read(&c->limit_max));
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->running), 0);
	lfp_group_destroy(&c->g);
}

static void tt_group(struct tt *tt)
{
	struct ttg_ctx *c = lfpt_zalloc(sizeof(*c));

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	lfpt_lock_init(&c->lock);
	tt->ctx = c;
	tt->op = ttg_op;
	tt->gen_begin = ttg_begin;
	tt->gen_end = ttg_end;
	tt_run(tt);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->early), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->over), 0);
	lfpt_free(c);
}

/*
 * ---- batch: adds from every worker with both triggers changed live;
 * each accepted item reaches the flush function exactly once, in each
 * producer's order.
 */

struct ttb_ctx {
	struct lfp_batch b;
	unsigned int capacity;
	unsigned long long next[TT_MAX_THREADS];	/* per producer */
	unsigned long long last[TT_MAX_THREADS];	/* flush side */
	struct tt_pool pool;
	struct lfpt_atomic adds, added, dropped, flushed, bad;
};

static void ttb_flush(void **items, unsigned int n, void *arg)
{
	struct ttb_ctx *c = arg;
	struct tt_item *it;
	unsigned int i;

	if (!n || n > c->capacity)
		lfpt_atomic_inc(&c->bad);
	for (i = 0; i < n; i++) {
		it = items[i];
		/* Flushes never overlap: last[] needs no lock. */
		if (it->producer >= TT_MAX_THREADS || it->seq <= c->last[it->producer])
			lfpt_atomic_inc(&c->bad);
		else
			c->last[it->producer] = it->seq;
		lfpt_atomic_inc(&c->flushed);
		tt_item_free(&c->pool, it);
	}
}

static void ttb_op(struct tt_worker *w)
{
	struct ttb_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 1000);
	struct lfp_batch_stats st;
	struct tt_item *it;
	int ret;

	if (r < 900) {
		it = tt_item_new(w, &c->pool, ++c->next[w->idx]);
		if (!it)
			return;
		lfpt_atomic_inc(&c->adds);
		ret = lfp_batch_add(&c->b, it);
		if (!ret) {
			lfpt_atomic_inc(&c->added);
			return;
		}
		if (ret == -ENOSPC)
			lfpt_atomic_inc(&c->dropped);
		else
			lfpt_atomic_inc(&c->bad);
		tt_item_free(&c->pool, it);
		tt_maybe_sleep(w);
	} else if (r < 940) {
		LFPT_EXPECT_EQ(w->tt->t, lfp_batch_set_max_items(&c->b,
					1 + tt_pick(w, c->capacity)), 0);
	} else if (r < 980) {
		LFPT_EXPECT_EQ(w->tt->t, lfp_batch_set_max_delay(&c->b,
					1 + tt_pick(w, 5)), 0);
	} else {
		lfp_batch_get_stats(&c->b, &st);
		if (st.pending > st.capacity)
			lfpt_atomic_inc(&c->bad);
	}
}

static void tt_batch(struct tt *tt)
{
	struct ttb_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_batch_stats st;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	c->capacity = 8 + lfpt_rand(&tt->seed) % 249;
	LFPT_EXPECT_EQ(tt->t, lfp_batch_init(&c->b, c->capacity,
					     1 + lfpt_rand(&tt->seed) % c->capacity,
					     1 + lfpt_rand(&tt->seed) % 5, ttb_flush, c), 0);
	tt->ctx = c;
	tt->op = ttb_op;
	tt_run(tt);
	lfp_batch_close(&c->b);
	lfp_batch_get_stats(&c->b, &st);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, st.added, lfpt_atomic_read(&c->added));
	LFPT_EXPECT_EQ(tt->t, st.dropped, lfpt_atomic_read(&c->dropped));
	LFPT_EXPECT_EQ(tt->t, st.added + st.dropped, lfpt_atomic_read(&c->adds));
	LFPT_EXPECT_EQ(tt->t, st.flushed, st.added);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->flushed), st.added);
	LFPT_EXPECT_EQ(tt->t, st.pending, 0);
	lfp_batch_destroy(&c->b);
	tt_pool_check(tt, &c->pool);
	lfpt_free(c);
}

/*
 * ---- pubsub: worker i publishes, and subscribes, reads and unsubscribes
 * its own subscription i.  A message is (publisher, seq) packed into the
 * pointer.  What publishes report accepted is exactly what the
 * subscriptions accepted, and exactly what their readers popped, in each
 * publisher's order.
 */

struct tts2_ctx {
	struct lfp_pubsub ps;
	unsigned int nthreads;
	struct lfp_pubsub_sub sub[TT_MAX_THREADS];
	int subscribed[TT_MAX_THREADS];
	unsigned long popped[TT_MAX_THREADS];		/* this subscription */
	unsigned long long seq[TT_MAX_THREADS];		/* per publisher */
	unsigned long long last[TT_MAX_THREADS][TT_MAX_THREADS];
	struct lfpt_atomic published, accepted, popped_all, bad;
};

static void *tts2_msg(unsigned int pub, unsigned long long seq)
{
	return (void *)(unsigned long)((seq << 6) | pub);
}

static void tts2_got(struct tts2_ctx *c, unsigned int i, void *msg)
{
	unsigned long v = (unsigned long)msg;
	unsigned int pub = v & 63;
	unsigned long long seq = v >> 6;

	if (pub >= c->nthreads || seq <= c->last[i][pub])
		lfpt_atomic_inc(&c->bad);
	else
		c->last[i][pub] = seq;
	c->popped[i]++;
	lfpt_atomic_inc(&c->popped_all);
}

/* Unsubscribe i, drain it, and check its count against its queue's. */
static void tts2_leave(struct tts2_ctx *c, unsigned int i)
{
	struct lfp_dropq_stats st;
	void *msg;
	int ret;

	lfp_pubsub_unsubscribe(&c->ps, &c->sub[i]);
	while (!(ret = lfp_pubsub_pop(&c->sub[i], &msg, 0, NULL)))
		tts2_got(c, i, msg);
	if (ret != -EPIPE)
		lfpt_atomic_inc(&c->bad);
	lfp_pubsub_sub_stats(&c->sub[i], &st);
	if (st.accepted != c->popped[i] || st.consumed != st.accepted)
		lfpt_atomic_inc(&c->bad);
	lfpt_atomic_add_return(&c->accepted, st.accepted);
	lfp_pubsub_sub_destroy(&c->sub[i], NULL);
	c->subscribed[i] = 0;
}

static void tts2_op(struct tt_worker *w)
{
	struct tts2_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100), i = w->idx;
	void *msg;
	int ret;

	if (r < 50) {
		ret = lfp_pubsub_publish(&c->ps, tts2_msg(i, ++c->seq[i]));
		if (ret < 0 || ret > (int)c->nthreads)
			lfpt_atomic_inc(&c->bad);
		else
			lfpt_atomic_add_return(&c->published, ret);
	} else if (r < 85) {
		if (!c->subscribed[i])
			return;
		ret = lfp_pubsub_pop(&c->sub[i], &msg, tt_pick(w, 2), NULL);
		if (!ret)
			tts2_got(c, i, msg);
		else if (ret != -ETIMEDOUT && ret != -EAGAIN)
			lfpt_atomic_inc(&c->bad);
	} else if (r < 93) {
		if (c->subscribed[i])
			return;
		c->popped[i] = 0;
		ret = lfp_pubsub_subscribe(&c->ps, &c->sub[i], 1 + tt_pick(w, 32));
		LFPT_EXPECT_EQ(w->tt->t, ret, 0);
		c->subscribed[i] = !ret;
	} else if (r < 98) {
		if (c->subscribed[i])
			tts2_leave(c, i);
	} else if (lfp_pubsub_subscribers(&c->ps) > c->nthreads) {
		lfpt_atomic_inc(&c->bad);
	}
}

static void tt_pubsub(struct tt *tt)
{
	struct tts2_ctx *c = lfpt_zalloc(sizeof(*c));
	unsigned int i;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	c->nthreads = tt->nthreads;
	LFPT_EXPECT_EQ(tt->t, lfp_pubsub_init(&c->ps), 0);
	tt->ctx = c;
	tt->op = tts2_op;
	tt_run(tt);
	for (i = 0; i < c->nthreads; i++)
		if (c->subscribed[i])
			tts2_leave(c, i);
	LFPT_EXPECT_EQ(tt->t, lfp_pubsub_subscribers(&c->ps), 0);
	LFPT_EXPECT_EQ(tt->t, lfp_pubsub_destroy(&c->ps), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->published),
		       lfpt_atomic_read(&c->accepted));
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->popped_all),
		       lfpt_atomic_read(&c->accepted));
	lfpt_free(c);
}

/**
 * struct lfpt_torture - one primitive's torture driver
 * @name: the primitive, as in lfpt_tables[]
 * @fn: the driver; @tt comes with t, end, nthreads and seed set
 */
struct lfpt_torture {
	const char *name;
	void (*fn)(struct tt *tt);
};

static const struct lfpt_torture lfpt_tortures[] = {
	{ "snap", tt_snap },
	{ "pcount", tt_pcount },
	{ "seqstat", tt_seqstat },
	{ "sampler", tt_sampler },
	{ "event", tt_event },
	{ "dropq", tt_dropq },
	{ "rmap", tt_rmap },
	{ "sflight", tt_sflight },
	{ "group", tt_group },
	{ "batch", tt_batch },
	{ "pubsub", tt_pubsub },
};

/**
 * lfpt_torture_run() - run one primitive's torture driver
 * @t: where failures go
 * @i: index into lfpt_tortures[]
 * @ms: how long
 * @nthreads: workers per generation (1 .. TT_MAX_THREADS)
 * @seed: random seed
 *
 * Return: operations run, for the verdict line.
 */
static long lfpt_torture_run(struct lfpt *t, size_t i, unsigned int ms,
			     unsigned int nthreads, unsigned int seed)
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
	lfpt_tortures[i].fn(tt);
	ops = lfpt_atomic_read(&tt->ops);
	lfpt_free(tt);
	return ops;
}
