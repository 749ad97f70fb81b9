/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The benchmark logic written once for both worlds: the scenarios whose
 * loops are the same in the kernel and in user space, the measured loop,
 * the median and the output line.  Included by exactly one .c file per
 * world (kmod/bench.c, userspace/bench/lfprim-bench.c), after
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
 *
 * A world's table includes <lfprim/core/bench_list.h> (the LFP_BENCH_<NAME>
 * initializers below, in order), then the scenarios (baselines) only it
 * has.
 */
#ifndef _LFPRIM_CORE_BENCH_IMPL_H
#define _LFPRIM_CORE_BENCH_IMPL_H

#include <lfprim/core/bench.h>
#include <lfprim/dropq.h>
#include <lfprim/pcount.h>
#include <lfprim/pubsub.h>
#include <lfprim/rmap.h>
#include <lfprim/sampler.h>
#include <lfprim/seqstat.h>
#include <lfprim/sflight.h>
#include <lfprim/snap.h>

/* Fold threshold of the pcount scenarios (lfprim-bench -b). */
static unsigned int lfp_bench_pcount_batch = LFP_PCOUNT_BATCH_DEFAULT;

/* ---- snap: read under RCU, copy-and-CAS update ---- */

struct lfp_bench_obj {
	struct lfp_snap_node node;
	unsigned long value;
};

struct lfp_bench_snap {
	struct lfp_snap snap;
};

static void lfp_bench_obj_free(struct lfp_snap_node *node)
{
	lfpb_free(container_of(node, struct lfp_bench_obj, node));
}

static int lfp_bench_snap_init(void **ctx, unsigned int nthreads)
{
	struct lfp_bench_snap *s = lfpb_alloc(sizeof(*s));
	struct lfp_bench_obj *o = lfpb_alloc(sizeof(*o));

	if (!s || !o) {
		lfpb_free(s);
		lfpb_free(o);
		return -ENOMEM;
	}
	o->value = 1;
	lfp_snap_init(&s->snap, &o->node, lfp_bench_obj_free);
	*ctx = s;
	return 0;
}

static void lfp_bench_snap_cleanup(void *ctx)
{
	struct lfp_bench_snap *s = ctx;

	lfp_snap_destroy(&s->snap);
	lfp_snap_barrier();
	lfpb_free(s);
}

static void lfp_bench_snap_read(void *ctx, struct lfp_bench_thread *t,
				unsigned long loops)
{
	struct lfp_bench_snap *s = ctx;
	unsigned long acc = 0;

	while (loops--) {
		lfp_snap_read_lock();
		acc += container_of(lfp_snap_deref(&s->snap),
				    struct lfp_bench_obj, node)->value;
		lfp_snap_read_unlock();
	}
	t->acc += acc;
}

static int lfp_bench_snap_add_one(const struct lfp_snap_node *old,
				  struct lfp_snap_node *scratch, void *arg)
{
	container_of(scratch, struct lfp_bench_obj, node)->value =
		container_of(old, struct lfp_bench_obj, node)->value + 1;
	return 0;
}

static void lfp_bench_snap_update(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_bench_snap *s = ctx;
	struct lfp_bench_obj *o;

	while (loops--) {
		o = lfpb_alloc(sizeof(*o));
		if (o && lfp_snap_update(&s->snap, &o->node,
					 lfp_bench_snap_add_one, NULL))
			lfpb_free(o);
	}
}

/* ---- pcount: sharded add, exact sum ---- */

static int lfp_bench_pcount_init_flags(void **ctx, unsigned int flags)
{
	struct lfp_pcount *pc = lfpb_alloc(sizeof(*pc));
	int ret;

	if (!pc)
		return -ENOMEM;
	ret = lfp_pcount_init(pc, lfp_bench_pcount_batch, flags);
	if (ret) {
		lfpb_free(pc);
		return ret;
	}
	*ctx = pc;
	return 0;
}

static int lfp_bench_pcount_init(void **ctx, unsigned int nthreads)
{
	return lfp_bench_pcount_init_flags(ctx, 0);
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

/* ---- baselines: one value behind a lock ---- */

struct lfp_bench_locked {
	struct lfpb_mutex mutex;
	struct lfpb_spinlock spin;
	struct lfpb_rwlock rw;
	unsigned long value;
};

static int lfp_bench_locked_init(void **ctx, unsigned int nthreads)
{
	struct lfp_bench_locked *l = lfpb_alloc(sizeof(*l));

	if (!l)
		return -ENOMEM;
	lfpb_mutex_init(&l->mutex);
	lfpb_spinlock_init(&l->spin);
	lfpb_rwlock_init(&l->rw);
	l->value = 1;
	*ctx = l;
	return 0;
}

static void lfp_bench_locked_cleanup(void *ctx)
{
	struct lfp_bench_locked *l = ctx;

	lfpb_mutex_destroy(&l->mutex);
	lfpb_spinlock_destroy(&l->spin);
	lfpb_rwlock_destroy(&l->rw);
	lfpb_free(l);
}

#define LFP_BENCH_LOCKED(name, lock, unlock, wlock, wunlock, field)	\
static void lfp_bench_##name##_read(void *ctx,				\
				    struct lfp_bench_thread *t,		\
				    unsigned long loops)		\
{									\
	struct lfp_bench_locked *l = ctx;				\
	unsigned long acc = 0;						\
									\
	while (loops--) {						\
		lock(&l->field);					\
		acc += l->value;					\
		unlock(&l->field);					\
	}								\
	t->acc += acc;							\
}									\
static void lfp_bench_##name##_update(void *ctx,			\
				      struct lfp_bench_thread *t,	\
				      unsigned long loops)		\
{									\
	struct lfp_bench_locked *l = ctx;				\
									\
	while (loops--) {						\
		wlock(&l->field);					\
		l->value++;						\
		wunlock(&l->field);					\
	}								\
}

LFP_BENCH_LOCKED(mutex, lfpb_mutex_lock, lfpb_mutex_unlock,
		 lfpb_mutex_lock, lfpb_mutex_unlock, mutex)
LFP_BENCH_LOCKED(spinlock, lfpb_spinlock_lock, lfpb_spinlock_unlock,
		 lfpb_spinlock_lock, lfpb_spinlock_unlock, spin)
LFP_BENCH_LOCKED(rwlock, lfpb_rwlock_read_lock, lfpb_rwlock_read_unlock,
		 lfpb_rwlock_write_lock, lfpb_rwlock_write_unlock, rw)

/* ---- baselines: one shared atomic, unpadded per-thread shards ---- */

struct lfp_bench_counters {
	struct lfpb_atomic shared;
	/* Adjacent shards: neighbouring threads share cache lines. */
	struct lfpb_slot slot[LFP_BENCH_MAX_THREADS];
};

static int lfp_bench_counters_init(void **ctx, unsigned int nthreads)
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

/* ---- seqstat: a count and a total that move together ---- */

struct lfp_bench_pair {
	struct lfp_snap_node node;
	unsigned long long count;
	unsigned long long total;
};

struct lfp_bench_stat {
	struct lfp_seqstat seq;
	struct lfp_snap snap;
	/* The inconsistent version: two atomics on two cache lines. */
	struct lfpb_atomic count;
	struct lfpb_atomic total;
};

static void lfp_bench_pair_free(struct lfp_snap_node *node)
{
	lfpb_free(container_of(node, struct lfp_bench_pair, node));
}

static int lfp_bench_stat_init(void **ctx, unsigned int nthreads)
{
	struct lfp_bench_stat *s = lfpb_alloc(sizeof(*s));
	struct lfp_bench_pair *p = lfpb_alloc(sizeof(*p));

	if (!s || !p) {
		lfpb_free(s);
		lfpb_free(p);
		return -ENOMEM;
	}
	lfp_seqstat_init(&s->seq, 2);
	lfp_snap_init(&s->snap, &p->node, lfp_bench_pair_free);
	lfpb_atomic_set(&s->count, 0);
	lfpb_atomic_set(&s->total, 0);
	*ctx = s;
	return 0;
}

static void lfp_bench_stat_cleanup(void *ctx)
{
	struct lfp_bench_stat *s = ctx;

	lfp_snap_destroy(&s->snap);
	lfp_snap_barrier();
	lfpb_free(s);
}

static void lfp_bench_seqstat_read(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	unsigned long long v[2];
	unsigned long acc = 0;

	while (loops--) {
		lfp_seqstat_read(&s->seq, v);
		acc += v[0] + v[1];
	}
	t->acc += acc;
}

static void lfp_bench_seqstat_write(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;

	while (loops--)
		lfp_seqstat_record(&s->seq, 3);
}

static void lfp_bench_atomics_read(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	unsigned long acc = 0;

	while (loops--)
		acc += lfpb_atomic_read(&s->count) + lfpb_atomic_read(&s->total);
	t->acc += acc;
}

static void lfp_bench_atomics_write(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;

	while (loops--) {
		lfpb_atomic_inc(&s->count);
		lfpb_atomic_inc(&s->total);
	}
}

static void lfp_bench_snapstat_read(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	struct lfp_bench_pair *p;
	unsigned long acc = 0;

	while (loops--) {
		lfp_snap_read_lock();
		p = container_of(lfp_snap_deref(&s->snap), struct lfp_bench_pair,
				 node);
		acc += p->count + p->total;
		lfp_snap_read_unlock();
	}
	t->acc += acc;
}

static int lfp_bench_pair_record(const struct lfp_snap_node *old,
				 struct lfp_snap_node *scratch, void *arg)
{
	const struct lfp_bench_pair *o =
		container_of(old, struct lfp_bench_pair, node);
	struct lfp_bench_pair *n =
		container_of(scratch, struct lfp_bench_pair, node);

	n->count = o->count + 1;
	n->total = o->total + 3;
	return 0;
}

static void lfp_bench_snapstat_write(void *ctx, struct lfp_bench_thread *t,
				     unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	struct lfp_bench_pair *p;

	while (loops--) {
		p = lfpb_alloc(sizeof(*p));
		if (p && lfp_snap_update(&s->snap, &p->node,
					 lfp_bench_pair_record, NULL))
			lfpb_free(p);
	}
}

/* ---- sampler: decide per call; the rate under a mutex as the baseline ---- */

struct lfp_bench_sampler {
	struct lfp_sampler s;
	struct lfpb_mutex lock;
	unsigned int thr;
};

static int lfp_bench_sampler_init(void **ctx, unsigned int nthreads)
{
	struct lfp_bench_sampler *b = lfpb_alloc(sizeof(*b));

	if (!b)
		return -ENOMEM;
	lfp_sampler_init(&b->s, 10000);
	lfpb_mutex_init(&b->lock);
	b->thr = lfp_sampler_threshold(&b->s);
	*ctx = b;
	return 0;
}

static void lfp_bench_sampler_cleanup(void *ctx)
{
	struct lfp_bench_sampler *b = ctx;

	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_sampler_hit(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_bench_sampler *b = ctx;
	unsigned long acc = 0;

	while (loops--)
		acc += lfp_sampler_should_sample(&b->s);
	t->acc += acc;
}

static void lfp_bench_mutex_sampler(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_sampler *b = ctx;
	unsigned long acc = 0;
	unsigned int thr;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		thr = b->thr;
		lfpb_mutex_unlock(&b->lock);
		acc += __lfp_sampler_rand() < thr;
	}
	t->acc += acc;
}

/* ---- dropq: one push and one pop per operation ---- */

#define LFP_BENCH_RING	1024

struct lfp_bench_queue {
	struct lfp_dropq q;
	/* The baseline: a ring under one mutex. */
	struct lfpb_mutex lock;
	unsigned int head, len;
	void *ring[LFP_BENCH_RING];
};

static int lfp_bench_queue_init(void **ctx, unsigned int nthreads)
{
	struct lfp_bench_queue *b = lfpb_alloc(sizeof(*b));
	int ret;

	if (!b)
		return -ENOMEM;
	ret = lfp_dropq_init(&b->q, LFP_BENCH_RING);
	if (ret) {
		lfpb_free(b);
		return ret;
	}
	lfpb_mutex_init(&b->lock);
	*ctx = b;
	return 0;
}

static void lfp_bench_queue_cleanup(void *ctx)
{
	struct lfp_bench_queue *b = ctx;

	lfp_dropq_destroy(&b->q, NULL);
	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_dropq_push(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_bench_queue *b = ctx;
	void *item = (void *)(unsigned long)(t->id + 1);
	unsigned long acc = 0;

	while (loops--) {
		acc += !lfp_dropq_push(&b->q, item);
		acc += !lfp_dropq_try_pop(&b->q, &item);
	}
	t->acc += acc;
}

static void lfp_bench_mutex_ring_push(void *ctx, struct lfp_bench_thread *t,
				      unsigned long loops)
{
	struct lfp_bench_queue *b = ctx;
	void *item = (void *)(unsigned long)(t->id + 1);
	unsigned long acc = 0;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		if (b->len < LFP_BENCH_RING) {
			b->ring[(b->head + b->len++) % LFP_BENCH_RING] = item;
			acc++;
		}
		lfpb_mutex_unlock(&b->lock);
		lfpb_mutex_lock(&b->lock);
		if (b->len) {
			item = b->ring[b->head];
			b->head = (b->head + 1) % LFP_BENCH_RING;
			b->len--;
			acc++;
		}
		lfpb_mutex_unlock(&b->lock);
	}
	t->acc += acc;
}

/* ---- rmap: lookups of 4096 keys; updates replace a value ---- */

#define LFP_BENCH_MAP_KEYS	4096
#define LFP_BENCH_MAP_SHARDS	16

static unsigned long long lfp_bench_rand(struct lfp_bench_thread *t)
{
	unsigned long long x = t->rng ? t->rng : 0x9e3779b97f4a7c15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	t->rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

struct lfp_bench_mval {
	struct lfp_rmap_node node;
	unsigned long value;
};

static void lfp_bench_mval_free(struct lfp_rmap_node *node)
{
	lfpb_free(container_of(node, struct lfp_bench_mval, node));
}

static int lfp_bench_rmap_init(void **ctx, unsigned int nthreads)
{
	struct lfp_rmap *m = lfpb_alloc(sizeof(*m));
	struct lfp_bench_mval *v;
	unsigned long k;
	int ret;

	if (!m)
		return -ENOMEM;
	ret = lfp_rmap_init(m, lfp_bench_mval_free);
	if (ret) {
		lfpb_free(m);
		return ret;
	}
	for (k = 0; k < LFP_BENCH_MAP_KEYS; k++) {
		v = lfpb_alloc(sizeof(*v));
		if (!v)
			break;
		v->node.key = k;
		v->value = k;
		if (lfp_rmap_insert(m, &v->node))
			lfpb_free(v);
	}
	*ctx = m;
	return 0;
}

static void lfp_bench_rmap_cleanup(void *ctx)
{
	lfp_rmap_destroy(ctx);
	lfpb_free(ctx);
}

static void lfp_bench_rmap_lookup(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_rmap *m = ctx;
	struct lfp_rmap_node *n;
	unsigned long acc = 0;

	while (loops--) {
		lfp_rmap_read_lock();
		n = lfp_rmap_lookup(m, lfp_bench_rand(t) % LFP_BENCH_MAP_KEYS);
		if (n)
			acc += container_of(n, struct lfp_bench_mval, node)->value;
		lfp_rmap_read_unlock();
	}
	t->acc += acc;
}

static void lfp_bench_rmap_update(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_rmap *m = ctx;
	struct lfp_bench_mval *v;

	while (loops--) {
		v = lfpb_alloc(sizeof(*v));
		if (!v)
			continue;
		v->node.key = lfp_bench_rand(t) % LFP_BENCH_MAP_KEYS;
		v->value = v->node.key;
		if (lfp_rmap_replace(m, &v->node) < 0)
			lfpb_free(v);
	}
}

/* The baselines: a chained hash table under one rwlock, or 16. */
struct lfp_bench_tnode {
	unsigned long long key;
	unsigned long value;
	struct lfp_bench_tnode *next;
};

/* One rwlock per cache line: the shards share nothing. */
struct lfp_bench_lockshard {
	LFPB_ALIGNED struct lfpb_rwlock l;
};

struct lfp_bench_table {
	struct lfp_bench_lockshard lock[LFP_BENCH_MAP_SHARDS];
	unsigned int nlocks;
	struct lfp_bench_tnode *bucket[LFP_BENCH_MAP_KEYS];
	struct lfp_bench_tnode node[LFP_BENCH_MAP_KEYS];
};

static unsigned long lfp_bench_hash(unsigned long long k)
{
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	return (unsigned long)(k % LFP_BENCH_MAP_KEYS);
}

static int lfp_bench_table_init_n(void **ctx, unsigned int nlocks)
{
	struct lfp_bench_table *tb = lfpb_alloc(sizeof(*tb));
	unsigned long k, h;
	unsigned int i;

	if (!tb)
		return -ENOMEM;
	tb->nlocks = nlocks;
	for (i = 0; i < nlocks; i++)
		lfpb_rwlock_init(&tb->lock[i].l);
	for (k = 0; k < LFP_BENCH_MAP_KEYS; k++) {
		h = lfp_bench_hash(k);
		tb->node[k].key = k;
		tb->node[k].value = k;
		tb->node[k].next = tb->bucket[h];
		tb->bucket[h] = &tb->node[k];
	}
	*ctx = tb;
	return 0;
}

static int lfp_bench_table_init(void **ctx, unsigned int nthreads)
{
	return lfp_bench_table_init_n(ctx, 1);
}

static int lfp_bench_sharded_table_init(void **ctx, unsigned int nthreads)
{
	return lfp_bench_table_init_n(ctx, LFP_BENCH_MAP_SHARDS);
}

static void lfp_bench_table_cleanup(void *ctx)
{
	struct lfp_bench_table *tb = ctx;
	unsigned int i;

	for (i = 0; i < tb->nlocks; i++)
		lfpb_rwlock_destroy(&tb->lock[i].l);
	lfpb_free(tb);
}

static void lfp_bench_table_lookup(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfp_bench_table *tb = ctx;
	struct lfp_bench_tnode *n;
	unsigned long long k;
	unsigned long acc = 0, h;
	struct lfpb_rwlock *l;

	while (loops--) {
		k = lfp_bench_rand(t) % LFP_BENCH_MAP_KEYS;
		h = lfp_bench_hash(k);
		l = &tb->lock[h % tb->nlocks].l;
		lfpb_rwlock_read_lock(l);
		for (n = tb->bucket[h]; n && n->key != k; n = n->next)
			;
		if (n)
			acc += n->value;
		lfpb_rwlock_read_unlock(l);
	}
	t->acc += acc;
}

static void lfp_bench_table_update(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfp_bench_table *tb = ctx;
	struct lfp_bench_tnode *n;
	unsigned long long k;
	struct lfpb_rwlock *l;
	unsigned long h;

	while (loops--) {
		k = lfp_bench_rand(t) % LFP_BENCH_MAP_KEYS;
		h = lfp_bench_hash(k);
		l = &tb->lock[h % tb->nlocks].l;
		lfpb_rwlock_write_lock(l);
		for (n = tb->bucket[h]; n && n->key != k; n = n->next)
			;
		if (n)
			n->value++;
		lfpb_rwlock_write_unlock(l);
	}
}

/* ---- sflight: every thread asks for the same slow value ---- */

struct lfp_bench_sf {
	struct lfp_sflight g;
	struct lfpb_mutex lock;
	struct lfpb_atomic calls;	/* of the slow function */
	struct lfpb_atomic asks;	/* callers asking for the value */
	const char *name;
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

static int lfp_bench_slow_fn(void *arg, void **res)
{
	struct lfp_bench_sf *b = arg;

	lfpb_atomic_inc(&b->calls);
	*res = (void *)(unsigned long)lfp_bench_slow_value();
	return 0;
}

static int lfp_bench_sf_init(void **ctx, unsigned int nthreads)
{
	struct lfp_bench_sf *b = lfpb_alloc(sizeof(*b));

	if (!b)
		return -ENOMEM;
	lfp_sflight_init(&b->g);
	lfpb_mutex_init(&b->lock);
	lfpb_atomic_set(&b->calls, 0);
	lfpb_atomic_set(&b->asks, 0);
	*ctx = b;
	return 0;
}

static void lfp_bench_sf_cleanup(void *ctx)
{
	struct lfp_bench_sf *b = ctx;

	/* The point of singleflight: slow calls made per value asked for. */
	if (b->name)
		lfpb_report("%s: %ld slow calls for %ld asks\n", b->name,
			    (long)lfpb_atomic_read(&b->calls),
			    (long)lfpb_atomic_read(&b->asks));
	lfp_sflight_destroy(&b->g);
	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_sflight_hit(void *ctx, struct lfp_bench_thread *t,
				  unsigned long loops)
{
	struct lfp_bench_sf *b = ctx;
	unsigned long acc = 0;
	void *res;

	b->name = "sflight-hit";
	while (loops--) {
		lfpb_atomic_inc(&b->asks);
		if (!lfp_sflight_do(&b->g, 1, lfp_bench_slow_fn, b, &res, NULL,
				    LFP_WAIT_FOREVER, NULL))
			acc += (unsigned long)res;
	}
	t->acc += acc;
}

static void lfp_bench_mutex_miss(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_bench_sf *b = ctx;
	unsigned long acc = 0;

	b->name = "mutex-miss";
	while (loops--) {
		lfpb_atomic_inc(&b->asks);
		lfpb_mutex_lock(&b->lock);
		lfpb_atomic_inc(&b->calls);
		acc += lfp_bench_slow_value();
		lfpb_mutex_unlock(&b->lock);
	}
	t->acc += acc;
}

/* ---- pubsub: publish one message, every subscriber takes it ---- */

#define LFP_BENCH_SUBS	4

struct lfp_bench_ps {
	struct lfp_pubsub ps;
	struct lfp_pubsub_sub sub[LFP_BENCH_SUBS];
	unsigned int nsubs;
	/* The baseline: callbacks called under one mutex. */
	struct lfpb_mutex lock;
	unsigned long delivered[LFP_BENCH_SUBS];
};

static int lfp_bench_ps_init_n(void **ctx, unsigned int nsubs)
{
	struct lfp_bench_ps *b = lfpb_alloc(sizeof(*b));
	unsigned int i;

	if (!b)
		return -ENOMEM;
	lfp_pubsub_init(&b->ps);
	for (i = 0; i < nsubs; i++) {
		if (lfp_pubsub_subscribe(&b->ps, &b->sub[i], 1024))
			break;
	}
	b->nsubs = i;
	lfpb_mutex_init(&b->lock);
	*ctx = b;
	return 0;
}

static int lfp_bench_ps_init(void **ctx, unsigned int nthreads)
{
	return lfp_bench_ps_init_n(ctx, LFP_BENCH_SUBS);
}

static int lfp_bench_ps_init1(void **ctx, unsigned int nthreads)
{
	return lfp_bench_ps_init_n(ctx, 1);
}

static void lfp_bench_ps_cleanup(void *ctx)
{
	struct lfp_bench_ps *b = ctx;
	unsigned int i;

	for (i = 0; i < b->nsubs; i++) {
		lfp_pubsub_unsubscribe(&b->ps, &b->sub[i]);
		lfp_pubsub_sub_destroy(&b->sub[i], NULL);
	}
	lfp_pubsub_destroy(&b->ps);
	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_pubsub_publish(void *ctx, struct lfp_bench_thread *t,
				     unsigned long loops)
{
	struct lfp_bench_ps *b = ctx;
	unsigned long acc = 0;
	unsigned int i;
	void *m;

	while (loops--) {
		acc += lfp_pubsub_publish(&b->ps, (void *)(unsigned long)(loops + 1));
		for (i = 0; i < b->nsubs; i++)
			if (!lfp_pubsub_pop(&b->sub[i], &m, 0, NULL))
				acc += (unsigned long)m;
	}
	t->acc += acc;
}

static void lfp_bench_mutex_callbacks(void *ctx, struct lfp_bench_thread *t,
				      unsigned long loops)
{
	struct lfp_bench_ps *b = ctx;
	unsigned int i;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		for (i = 0; i < b->nsubs; i++)
			b->delivered[i] += loops + 1;
		lfpb_mutex_unlock(&b->lock);
	}
}

/*
 * The shared scenarios, one initializer each; a world's table lists them
 * all, then its own.
 */
#define LFP_BENCH_SNAP_READ {							\
	.name = "snap-read", .family = "read", .replaces = "rwlock-read",	\
	.init = lfp_bench_snap_init, .read_section = lfp_bench_snap_read,	\
	.update_section = lfp_bench_snap_update, .cleanup = lfp_bench_snap_cleanup }

#define LFP_BENCH_SNAP_UPDATE {							\
	.name = "snap-update", .family = "update", .replaces = NULL,	\
	.init = lfp_bench_snap_init, .read_section = NULL,	\
	.update_section = lfp_bench_snap_update, .cleanup = lfp_bench_snap_cleanup }

#define LFP_BENCH_RWLOCK_READ {							\
	.name = "rwlock-read", .family = "read", .replaces = NULL,	\
	.init = lfp_bench_locked_init, .read_section = lfp_bench_rwlock_read,	\
	.update_section = lfp_bench_rwlock_update, .cleanup = lfp_bench_locked_cleanup }

#define LFP_BENCH_MUTEX_READ {							\
	.name = "mutex-read", .family = "read", .replaces = NULL,	\
	.init = lfp_bench_locked_init, .read_section = lfp_bench_mutex_read,	\
	.update_section = lfp_bench_mutex_update, .cleanup = lfp_bench_locked_cleanup }

#define LFP_BENCH_SPINLOCK_READ {							\
	.name = "spinlock-read", .family = "read", .replaces = NULL,	\
	.init = lfp_bench_locked_init, .read_section = lfp_bench_spinlock_read,	\
	.update_section = lfp_bench_spinlock_update, .cleanup = lfp_bench_locked_cleanup }

#define LFP_BENCH_PCOUNT_ADD {							\
	.name = "pcount-add", .family = "count", .replaces = "atomic-add",	\
	.init = lfp_bench_pcount_init, .read_section = NULL,	\
	.update_section = lfp_bench_pcount_add, .cleanup = lfp_bench_pcount_cleanup }

#define LFP_BENCH_PCOUNT_SUM {							\
	.name = "pcount-sum", .family = "sum", .replaces = NULL,	\
	.init = lfp_bench_pcount_init, .read_section = lfp_bench_pcount_sum,	\
	.update_section = NULL, .cleanup = lfp_bench_pcount_cleanup }

#define LFP_BENCH_ATOMIC_ADD {							\
	.name = "atomic-add", .family = "count", .replaces = NULL,	\
	.init = lfp_bench_counters_init, .read_section = NULL,	\
	.update_section = lfp_bench_atomic_add, .cleanup = lfp_bench_counters_cleanup }

#define LFP_BENCH_UNPADDED_ADD {							\
	.name = "unpadded-add", .family = "count", .replaces = NULL,	\
	.init = lfp_bench_counters_init, .read_section = NULL,	\
	.update_section = lfp_bench_unpadded_add, .cleanup = lfp_bench_counters_cleanup }

#define LFP_BENCH_SEQSTAT_READ {							\
	.name = "seqstat-read", .family = "stat", .replaces = "atomics-pair-read",	\
	.init = lfp_bench_stat_init, .read_section = lfp_bench_seqstat_read,	\
	.update_section = lfp_bench_seqstat_write, .cleanup = lfp_bench_stat_cleanup }

#define LFP_BENCH_ATOMICS_PAIR_READ {							\
	.name = "atomics-pair-read", .family = "stat", .replaces = NULL,	\
	.init = lfp_bench_stat_init, .read_section = lfp_bench_atomics_read,	\
	.update_section = lfp_bench_atomics_write, .cleanup = lfp_bench_stat_cleanup }

#define LFP_BENCH_SNAP_STAT_READ {							\
	.name = "snap-stat-read", .family = "stat", .replaces = NULL,	\
	.init = lfp_bench_stat_init, .read_section = lfp_bench_snapstat_read,	\
	.update_section = lfp_bench_snapstat_write, .cleanup = lfp_bench_stat_cleanup }

#define LFP_BENCH_SEQSTAT_WRITE {							\
	.name = "seqstat-write", .family = "stat-write", .replaces = "snap-stat-write",	\
	.init = lfp_bench_stat_init, .read_section = NULL,	\
	.update_section = lfp_bench_seqstat_write, .cleanup = lfp_bench_stat_cleanup }

#define LFP_BENCH_ATOMICS_PAIR_WRITE {							\
	.name = "atomics-pair-write", .family = "stat-write", .replaces = NULL,	\
	.init = lfp_bench_stat_init, .read_section = NULL,	\
	.update_section = lfp_bench_atomics_write, .cleanup = lfp_bench_stat_cleanup }

#define LFP_BENCH_SNAP_STAT_WRITE {							\
	.name = "snap-stat-write", .family = "stat-write", .replaces = NULL,	\
	.init = lfp_bench_stat_init, .read_section = NULL,	\
	.update_section = lfp_bench_snapstat_write, .cleanup = lfp_bench_stat_cleanup }

#define LFP_BENCH_SAMPLER_HIT {							\
	.name = "sampler-hit", .family = "sample", .replaces = "mutex-sampler",	\
	.init = lfp_bench_sampler_init, .read_section = lfp_bench_sampler_hit,	\
	.update_section = NULL, .cleanup = lfp_bench_sampler_cleanup }

#define LFP_BENCH_MUTEX_SAMPLER {							\
	.name = "mutex-sampler", .family = "sample", .replaces = NULL,	\
	.init = lfp_bench_sampler_init, .read_section = lfp_bench_mutex_sampler,	\
	.update_section = NULL, .cleanup = lfp_bench_sampler_cleanup }

#define LFP_BENCH_DROPQ_PUSH {							\
	.name = "dropq-push", .family = "queue", .replaces = "mutex-ring-push",	\
	.init = lfp_bench_queue_init, .read_section = NULL,	\
	.update_section = lfp_bench_dropq_push, .cleanup = lfp_bench_queue_cleanup }

#define LFP_BENCH_MUTEX_RING_PUSH {							\
	.name = "mutex-ring-push", .family = "queue", .replaces = NULL,	\
	.init = lfp_bench_queue_init, .read_section = NULL,	\
	.update_section = lfp_bench_mutex_ring_push, .cleanup = lfp_bench_queue_cleanup }

#define LFP_BENCH_RMAP_LOOKUP {							\
	.name = "rmap-lookup", .family = "map", .replaces = "rwlock-map-lookup",	\
	.init = lfp_bench_rmap_init, .read_section = lfp_bench_rmap_lookup,	\
	.update_section = lfp_bench_rmap_update, .cleanup = lfp_bench_rmap_cleanup }

#define LFP_BENCH_RWLOCK_MAP_LOOKUP {							\
	.name = "rwlock-map-lookup", .family = "map", .replaces = NULL,	\
	.init = lfp_bench_table_init, .read_section = lfp_bench_table_lookup,	\
	.update_section = lfp_bench_table_update, .cleanup = lfp_bench_table_cleanup }

#define LFP_BENCH_SHARDED_MAP_LOOKUP {							\
	.name = "sharded-map-lookup", .family = "map", .replaces = NULL,	\
	.init = lfp_bench_sharded_table_init, .read_section = lfp_bench_table_lookup,	\
	.update_section = lfp_bench_table_update, .cleanup = lfp_bench_table_cleanup }

#define LFP_BENCH_SFLIGHT_HIT {							\
	.name = "sflight-hit", .family = "miss", .replaces = "mutex-miss",	\
	.init = lfp_bench_sf_init, .read_section = lfp_bench_sflight_hit,	\
	.update_section = NULL, .cleanup = lfp_bench_sf_cleanup }

#define LFP_BENCH_MUTEX_MISS {							\
	.name = "mutex-miss", .family = "miss", .replaces = NULL,	\
	.init = lfp_bench_sf_init, .read_section = lfp_bench_mutex_miss,	\
	.update_section = NULL, .cleanup = lfp_bench_sf_cleanup }

#define LFP_BENCH_PUBSUB_PUBLISH {							\
	.name = "pubsub-publish", .family = "fanout4", .replaces = "mutex-callbacks",	\
	.init = lfp_bench_ps_init, .read_section = NULL,	\
	.update_section = lfp_bench_pubsub_publish, .cleanup = lfp_bench_ps_cleanup }

#define LFP_BENCH_MUTEX_CALLBACKS {							\
	.name = "mutex-callbacks", .family = "fanout4", .replaces = NULL,	\
	.init = lfp_bench_ps_init, .read_section = NULL,	\
	.update_section = lfp_bench_mutex_callbacks, .cleanup = lfp_bench_ps_cleanup }

#define LFP_BENCH_PUBSUB_PUBLISH1 {							\
	.name = "pubsub-publish-1", .family = "fanout1", .replaces = "mutex-callbacks-1",	\
	.init = lfp_bench_ps_init1, .read_section = NULL,	\
	.update_section = lfp_bench_pubsub_publish, .cleanup = lfp_bench_ps_cleanup }

#define LFP_BENCH_MUTEX_CALLBACKS1 {							\
	.name = "mutex-callbacks-1", .family = "fanout1", .replaces = NULL,	\
	.init = lfp_bench_ps_init1, .read_section = NULL,	\
	.update_section = lfp_bench_mutex_callbacks, .cleanup = lfp_bench_ps_cleanup }

/* ---- the runner's pieces ---- */

/**
 * lfp_bench_find() - look a scenario up by name
 * @table: the world's scenario table
 * @n: entries in @table
 * @name: the name, not necessarily NUL-terminated
 * @len: length of @name
 *
 * Return: the scenario, or NULL if there is none of that name.
 */
static const struct lfp_bench_scenario *
lfp_bench_find(const struct lfp_bench_scenario *table, unsigned int n,
	       const char *name, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strncmp(table[i].name, name, len) && !table[i].name[len])
			return &table[i];
	return NULL;
}

/**
 * lfp_bench_read_pct() - the read percentage a scenario runs at
 * @sc: the scenario
 * @want: the percentage asked for, 0..100
 *
 * Return: @want for a scenario with both sections, else 100 (reads only)
 * or 0 (updates only).
 */
static unsigned int lfp_bench_read_pct(const struct lfp_bench_scenario *sc,
				       unsigned int want)
{
	if (!sc->update_section)
		return 100;
	if (!sc->read_section)
		return 0;
	return want;
}

static unsigned int lfp_bench_gcd(unsigned int a, unsigned int b)
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
 * Reads and updates are interleaved in the smallest exact pattern: at 90
 * percent, 9 reads then 1 update.  Patterns repeat until at least 64
 * operations separate two looks at @stop.  The first block runs before
 * the first look, so a thread that got going only after the stop (a
 * loaded machine, a short run) still measures something.
 *
 * Return: the number of operations performed, never 0.
 */
static unsigned long lfp_bench_loop(const struct lfp_bench_scenario *sc,
				     void *ctx, struct lfp_bench_thread *t,
				     unsigned int read_pct, const int *stop)
{
	unsigned int g = lfp_bench_gcd(read_pct, 100);
	unsigned long reads = read_pct / g, updates = (100 - read_pct) / g;
	unsigned long reps = (64 + reads + updates - 1) / (reads + updates);
	unsigned long ops = 0, i;

	do {
		for (i = 0; i < reps; i++) {
			if (reads)
				sc->read_section(ctx, t, reads);
			if (updates)
				sc->update_section(ctx, t, updates);
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
 */
static unsigned long long lfp_bench_median(unsigned long long *v, unsigned int n)
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
static unsigned long long lfp_bench_ps_per_op(unsigned long long ns,
					      unsigned long long ops)
{
	return ops ? lfpb_div(ns * 1000, ops) : 0;
}

/**
 * lfp_bench_format() - the one output line of a measured point
 * @buf: destination
 * @len: its size (LFP_BENCH_LINE_MAX is enough)
 * @world: "kernel" or "user"
 * @sc: the scenario
 * @threads: threads of the run
 * @read_pct: from lfp_bench_read_pct()
 * @ps_per_op: median picoseconds per operation
 * @ops: operations of the median run, all threads together
 * @runs: timed runs
 *
 * Return: the length of the line, newline included.
 */
static int lfp_bench_format(char *buf, unsigned int len, const char *world,
			    const struct lfp_bench_scenario *sc,
			    unsigned int threads, unsigned int read_pct,
			    unsigned long long ps_per_op,
			    unsigned long long ops, unsigned int runs)
{
	/* Round to hundredths of a nanosecond. */
	unsigned long long c = lfpb_div(ps_per_op + 5, 10);

	return snprintf(buf, len,
			"lfprim-bench world=%s scenario=%s threads=%u read_pct=%u ns_per_op=%llu.%02llu ops=%llu runs=%u\n",
			world, sc->name, threads, read_pct, lfpb_div(c, 100),
			c - lfpb_div(c, 100) * 100, ops, runs);
}

#endif /* _LFPRIM_CORE_BENCH_IMPL_H */
