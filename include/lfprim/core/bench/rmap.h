/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of rmap: lookups of 4096 keys, against a chained
 * table under one rwlock or 16.  Rows of the table in
 * <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what a scenario
 * is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_RMAP_H
#define _LFPRIM_CORE_BENCH_RMAP_H

#include <lfprim/core/bench.h>
#include <lfprim/rmap.h>

/* ---- rmap: lookups of 4096 keys; updates replace a value ---- */

#define LFP_BENCH_MAP_BITS	12
#define LFP_BENCH_MAP_KEYS	(1 << LFP_BENCH_MAP_BITS)
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
	lfpb_free(lfp_container_of(node, struct lfp_bench_mval, node));
}

static int lfp_bench_rmap_init(void **ctx, const struct lfp_bench_args *args)
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
			acc += lfp_container_of(n, struct lfp_bench_mval, node)->value;
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

/*
 * A key's bucket in the baselines' tables: multiplicative (Fibonacci)
 * hashing, as the kernel's hash_64() and user-space rmap's own table do,
 * so that rmap-lookup and the tables it is compared with spread the
 * 4096 keys alike.
 */
static unsigned long lfp_bench_hash(unsigned long long k)
{
	return (unsigned long)((k * 0x9e3779b97f4a7c15ULL) >>
			       (64 - LFP_BENCH_MAP_BITS));
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

static int lfp_bench_table_init(void **ctx, const struct lfp_bench_args *args)
{
	return lfp_bench_table_init_n(ctx, 1);
}

static int lfp_bench_sharded_table_init(void **ctx,
					const struct lfp_bench_args *args)
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

/*
 * The mechanism under user-space rmap-lookup: the chained table of
 * rwlock-map-lookup, reached through one RCU-protected pointer (as rmap's
 * current bucket array is) and walked under the RCU read lock with no
 * lock at all, without what rmap adds (its liveness check, a 64-bit
 * hash, two link sets, larger nodes).  In the kernel it shows what a
 * table of rmap's own could cost next to the rhashtable it wraps
 * (lfht-lookup).  Read only: the table never changes during a run.
 */
struct lfp_bench_rcu_table {
	struct lfp_bench_table *cur;
};

static int lfp_bench_rcu_table_init(void **ctx,
				    const struct lfp_bench_args *args)
{
	struct lfp_bench_rcu_table *w = lfpb_alloc(sizeof(*w));
	void *tb;
	int ret;

	if (!w)
		return -ENOMEM;
	ret = lfp_bench_table_init_n(&tb, 1);
	if (ret) {
		lfpb_free(w);
		return ret;
	}
	w->cur = tb;
	*ctx = w;
	return 0;
}

static void lfp_bench_rcu_table_cleanup(void *ctx)
{
	struct lfp_bench_rcu_table *w = ctx;

	lfp_bench_table_cleanup(w->cur);
	lfpb_free(w);
}

static void lfp_bench_rcu_table_lookup(void *ctx, struct lfp_bench_thread *t,
				       unsigned long loops)
{
	struct lfp_bench_rcu_table *w = ctx;
	struct lfp_bench_table *tb;
	struct lfp_bench_tnode *n;
	unsigned long long k;
	unsigned long acc = 0, h;

	while (loops--) {
		k = lfp_bench_rand(t) % LFP_BENCH_MAP_KEYS;
		h = lfp_bench_hash(k);
		lfpb_rcu_read_lock();
		tb = lfpb_rcu_dereference(w->cur);
		for (n = lfpb_rcu_dereference(tb->bucket[h]); n && n->key != k;
		     n = lfpb_rcu_dereference(n->next))
			;
		if (n)
			acc += n->value;
		lfpb_rcu_read_unlock();
	}
	t->acc += acc;
}

static const struct lfp_bench_scenario lfp_bench_sc_rmap_lookup = {
	.name		= "rmap-lookup",
	.family		= "map",
	.replaces	= "rwlock-map-lookup",
	.init		= lfp_bench_rmap_init,
	.read_section	= lfp_bench_rmap_lookup,
	.update_section	= lfp_bench_rmap_update,
	.cleanup	= lfp_bench_rmap_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_rwlock_map_lookup = {
	.name		= "rwlock-map-lookup",
	.family		= "map",
	.init		= lfp_bench_table_init,
	.read_section	= lfp_bench_table_lookup,
	.update_section	= lfp_bench_table_update,
	.cleanup	= lfp_bench_table_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_sharded_map_lookup = {
	.name		= "sharded-map-lookup",
	.family		= "map",
	.init		= lfp_bench_sharded_table_init,
	.read_section	= lfp_bench_table_lookup,
	.update_section	= lfp_bench_table_update,
	.cleanup	= lfp_bench_table_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_rcu_table_lookup = {
	.name		= "rcu-table-lookup",
	.family		= "floor",
	.init		= lfp_bench_rcu_table_init,
	.read_section	= lfp_bench_rcu_table_lookup,
	.cleanup	= lfp_bench_rcu_table_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_RMAP_H */
