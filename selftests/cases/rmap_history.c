// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * rmap history case: threads run random insert/replace/delete/lookup
 * calls on a few keys and record each call's interval and result; each
 * key's history must then be linearizable against a sequential map
 * (linearize.h).  This checks per key what the contract promises of any
 * interleaving, instead of one invariant at the end.  Included by rmap.c
 * (it uses its value type).
 */
#include "linearize.h"

#define RH_THREADS	3
#define RH_KEYS		4
#define RH_PER_KEY	20	/* per thread: RH_THREADS * 20 <= LZ_MAX_OPS */

struct rh_thread {
	struct lfp_rmap *map;
	unsigned int id;
	unsigned int seed;
	struct lfpt_atomic *go;
	struct lz_op ops[RH_KEYS][RH_PER_KEY];
	int bad_ret;
};

static int rh_fn(void *arg)
{
	struct rh_thread *th = arg;
	struct lfp_rmap_node *n;
	unsigned int i, k, r;
	struct rm_val *v;
	struct lz_op *op;

	while (!lfpt_atomic_read(th->go))
		lfpt_relax();
	for (i = 0; i < RH_PER_KEY * RH_KEYS; i++) {
		k = i % RH_KEYS;
		op = &th->ops[k][i / RH_KEYS];
		r = lfpt_rand(&th->seed) % 8;
		op->val = (th->id + 1) * 100000UL + i + 1;
		v = NULL;
		if (r < 4) {
			op->type = r < 2 ? LZ_INSERT : LZ_REPLACE;
			v = rm_new(k, op->val);
			if (!v) {
				th->bad_ret = -ENOMEM;
				op->type = LZ_LOOKUP;
				op->ret = -1;	/* cannot be explained: fails */
				continue;
			}
		} else {
			op->type = r < 6 ? LZ_DELETE : LZ_LOOKUP;
		}
		op->start = lfpt_now_ns();
		switch (op->type) {
		case LZ_INSERT:
			op->ret = lfp_rmap_insert(th->map, &v->node);
			break;
		case LZ_REPLACE:
			op->ret = lfp_rmap_replace(th->map, &v->node);
			break;
		case LZ_DELETE:
			op->ret = lfp_rmap_delete(th->map, k);
			break;
		default:
			lfp_rmap_read_lock();
			n = lfp_rmap_lookup(th->map, k);
			op->ret = n ? lfp_container_of(n, struct rm_val, node)->a : 0;
			if (n && rm_bad(lfp_container_of(n, struct rm_val, node), k))
				th->bad_ret = -EFAULT;
			lfp_rmap_read_unlock();
			break;
		}
		op->end = lfpt_now_ns();
		if (v && op->ret < 0) {
			/* Not taken: the value stays ours. */
			if (op->ret != -EEXIST)
				th->bad_ret = op->ret;
			rm_free(&v->node);
		}
		if (!(i % 16))
			lfpt_relax();
	}
	return 0;
}

/* The failing history, for the log: type, value, result, interval. */
static void rh_dump(const struct lz_op *ops, unsigned int n)
{
	static const char *const names[] = { "?", "insert", "replace",
					      "delete", "lookup" };
	unsigned long long t0 = ~0ULL;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ops[i].start < t0)
			t0 = ops[i].start;
	for (i = 0; i < n; i++)
		lfpt_log("  %-7s val=%lu ret=%ld [%llu, %llu] ns\n",
			 names[ops[i].type], ops[i].val, ops[i].ret,
			 ops[i].start - t0, ops[i].end - t0);
}

static void lfpt_case_rmap_history(struct lfpt *t)
{
	struct rh_thread *th[RH_THREADS] = { NULL };
	struct lfpt_thread *w[RH_THREADS];
	struct lz_op *ops = lfpt_zalloc(LZ_MAX_OPS * sizeof(*ops));
	struct lz_seen *seen = lfpt_zalloc(LZ_CACHE * sizeof(*seen));
	struct lfp_rmap *m = lfpt_zalloc(sizeof(*m));
	unsigned long rounds = lfpt_scale(100), round, bad = 0;
	struct lfpt_atomic go;
	unsigned int i, k, n;
	int r;

	LFPT_EXPECT(t, ops && seen && m);
	for (i = 0; i < RH_THREADS; i++) {
		th[i] = lfpt_zalloc(sizeof(*th[i]));
		LFPT_EXPECT(t, th[i]);
	}
	if (!ops || !seen || !m || !th[0] || !th[1] || !th[2])
		goto out;
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	for (round = 0; round < rounds && !bad; round++) {
		LFPT_EXPECT_EQ(t, lfp_rmap_init(m, rm_free), 0);
		lfpt_atomic_set(&go, 0);
		for (i = 0; i < RH_THREADS; i++) {
			th[i]->map = m;
			th[i]->id = i;
			th[i]->seed = (unsigned int)(lfpt_now_ns() + i * 7919);
			th[i]->go = &go;
			th[i]->bad_ret = 0;
			w[i] = lfpt_thread_run(rh_fn, th[i]);
			LFPT_EXPECT(t, w[i]);
		}
		lfpt_atomic_set(&go, 1);
		for (i = 0; i < RH_THREADS; i++) {
			LFPT_EXPECT_EQ(t, lfpt_thread_join(w[i]), 0);
			LFPT_EXPECT_EQ(t, th[i]->bad_ret, 0);
		}
		for (k = 0; k < RH_KEYS; k++) {
			n = 0;
			for (i = 0; i < RH_THREADS; i++) {
				memcpy(&ops[n], th[i]->ops[k],
				       RH_PER_KEY * sizeof(*ops));
				n += RH_PER_KEY;
			}
			memset(seen, 0, LZ_CACHE * sizeof(*seen));
			r = lz_check(ops, n, seen);
			if (r != 1) {
				lfpt_log("%s: round %lu key %u: history %s\n",
					 t->name, round, k,
					 r ? "too large to check" :
					 "not linearizable");
				rh_dump(ops, n);
				bad++;
			}
		}
		lfp_rmap_destroy(m);
	}
	LFPT_EXPECT_EQ(t, bad, 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_allocs),
		       lfpt_atomic_read(&rm_frees));
out:
	for (i = 0; i < RH_THREADS; i++)
		lfpt_free(th[i]);
	lfpt_free(ops);
	lfpt_free(seen);
	lfpt_free(m);
}
