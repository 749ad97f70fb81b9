// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * The rmap torture driver (torture.h), the .torture of rmap's row.
 * Included by rmap.c.
 */

/*
 * Torture driver: worker i owns the keys k with k % nthreads == i and keeps a
 * shadow of them; every worker looks up every key.  At the end the map
 * holds exactly the shadow.
 */

#define RMAP_TORTURE_KEYS_PER	32

static struct tt_pool rmap_torture_pool;	/* free functions get no context */

struct rmap_torture_val {
	struct lfp_rmap_node node;
	unsigned long magic;
	unsigned long long a;
	unsigned long long b;	/* 3a + 1 */
};

struct rmap_torture_ctx {
	struct lfp_rmap m;
	unsigned int nthreads;
	unsigned char present[TT_MAX_THREADS * RMAP_TORTURE_KEYS_PER];
	unsigned long long val[TT_MAX_THREADS * RMAP_TORTURE_KEYS_PER];
	struct lfpt_atomic torn, bad, walk_bad;
};

static struct rmap_torture_val *rmap_torture_new(unsigned long long key, unsigned long long a)
{
	struct rmap_torture_val *v = lfpt_zalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->node.key = key;
	v->a = a;
	v->b = 3 * a + 1;
	tt_pool_alloc(&rmap_torture_pool, &v->magic);
	return v;
}

static void rmap_torture_free(struct lfp_rmap_node *node)
{
	struct rmap_torture_val *v = lfp_container_of(node, struct rmap_torture_val, node);

	tt_pool_free(&rmap_torture_pool, &v->magic, v->b == 3 * v->a + 1);
	lfpt_free(v);
}

static int rmap_torture_bad(const struct rmap_torture_val *v, unsigned long long key)
{
	return v->magic != TT_LIVE || v->node.key != key || v->b != 3 * v->a + 1;
}

/* One walk: how often it visited each key. */
struct rmap_torture_walk_arg {
	struct rmap_torture_ctx *c;
	unsigned char seen[TT_MAX_THREADS * RMAP_TORTURE_KEYS_PER];
};

static int rmap_torture_walk_fn(struct lfp_rmap_node *node, void *arg)
{
	struct rmap_torture_walk_arg *wa = arg;
	unsigned long long key = node->key;

	if (rmap_torture_bad(lfp_container_of(node, struct rmap_torture_val, node), key))
		lfpt_atomic_inc(&wa->c->torn);
	else if (key >= wa->c->nthreads * RMAP_TORTURE_KEYS_PER)
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
static void rmap_torture_walk(struct tt *tt, struct rmap_torture_ctx *c, unsigned int idx)
{
	struct rmap_torture_walk_arg *wa = lfpt_zalloc(sizeof(*wa));
	unsigned int k;

	if (!wa) {
		LFPT_EXPECT(tt->t, wa);
		return;
	}
	wa->c = c;
	LFPT_EXPECT_EQ(tt->t, lfp_rmap_for_each(&c->m, rmap_torture_walk_fn, wa), 0);
	for (k = 0; k < c->nthreads * RMAP_TORTURE_KEYS_PER; k++) {
		if (idx < c->nthreads && k % c->nthreads != idx)
			continue;
		if (wa->seen[k] != c->present[k])
			lfpt_atomic_inc(&c->walk_bad);
	}
	lfpt_free(wa);
}

static void rmap_torture_op(struct tt_worker *w)
{
	struct rmap_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100);
	unsigned long long key, a;
	struct rmap_torture_val *v = NULL;
	struct lfp_rmap_node *n;
	int ret;

	/* A key of this worker's, or (for plain lookups) anybody's. */
	key = w->idx + (unsigned long long)c->nthreads * tt_pick(w, RMAP_TORTURE_KEYS_PER);
	if (r < 50) {
		key = tt_pick(w, c->nthreads * RMAP_TORTURE_KEYS_PER);
		lfp_rmap_read_lock();
		n = lfp_rmap_lookup(&c->m, key);
		if (n && rmap_torture_bad(lfp_container_of(n, struct rmap_torture_val, node), key))
			lfpt_atomic_inc(&c->torn);
		lfp_rmap_read_unlock();
	} else if (r < 65) {
		/* Only this worker changes its keys: the answer is exact. */
		lfp_rmap_read_lock();
		n = lfp_rmap_lookup(&c->m, key);
		if (!n != !c->present[key] ||
		    (n && lfp_container_of(n, struct rmap_torture_val, node)->a != c->val[key]))
			lfpt_atomic_inc(&c->bad);
		lfp_rmap_read_unlock();
	} else if (r < 97) {
		a = lfpt_rand(&w->seed);
		if (r < 87) {
			v = rmap_torture_new(key, a);
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
				rmap_torture_free(&v->node);
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
		rmap_torture_walk(w->tt, c, w->idx);
	}
}

static void rmap_torture(struct tt *tt)
{
	struct rmap_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_rmap_node *n;
	struct rmap_torture_val *v;
	unsigned long present = 0;
	unsigned int k;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	rmap_torture_pool = (struct tt_pool){};
	c->nthreads = tt->nthreads;
	LFPT_EXPECT_EQ(tt->t, lfp_rmap_init(&c->m, rmap_torture_free), 0);
	tt->ctx = c;
	tt->op = rmap_torture_op;
	tt_run(tt);
	lfp_rmap_read_lock();
	for (k = 0; k < c->nthreads * RMAP_TORTURE_KEYS_PER; k++) {
		n = lfp_rmap_lookup(&c->m, k);
		present += c->present[k];
		LFPT_EXPECT_EQ(tt->t, !!n, c->present[k]);
		v = n ? lfp_container_of(n, struct rmap_torture_val, node) : NULL;
		if (v)
			LFPT_EXPECT(tt->t, !rmap_torture_bad(v, k) && v->a == c->val[k]);
	}
	lfp_rmap_read_unlock();
	LFPT_EXPECT_EQ(tt->t, lfp_rmap_size(&c->m), present);
	rmap_torture_walk(tt, c, c->nthreads);
	lfp_rmap_destroy(&c->m);
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->torn), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->bad), 0);
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->walk_bad), 0);
	tt_pool_check(tt, &rmap_torture_pool);
	lfpt_free(c);
}
