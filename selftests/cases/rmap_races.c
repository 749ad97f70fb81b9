// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * rmap cases of writers racing each other (insert and delete of one key)
 * and of size() read while writers run.  Included by rmap.c (they use its
 * value type).
 */
struct rm_writer {
	struct lfp_rmap *m;
	struct rm_val *v;	/* insert this, or delete key */
	unsigned long long key;
	int ret;
};

static int rm_insert_fn(void *arg)
{
	struct rm_writer *w = arg;

	w->ret = lfp_rmap_insert(w->m, &w->v->node);
	return 0;
}

static int rm_delete_fn(void *arg)
{
	struct rm_writer *w = arg;

	w->ret = lfp_rmap_delete(w->m, w->key);
	return 0;
}

/*
 * Two writers on one key, each held at its racy point by an injected
 * delay while the other runs; the results must be those of one order of
 * the two calls.
 *
 * delete || replace, delete held between its lookup and its removal: the
 * key never leaves the map before the delete, so the delete returns 0.
 * Either the replace took effect first (returns 1: it swapped the old
 * node, and the delete took out the new one: the key is absent, both
 * nodes are freed) or the delete did (the replace then adds: returns 0,
 * the new node is there).
 *
 * insert || delete, insert held after its node is in the table: the
 * delete may take the node out at once, and the size must stay within
 * its bounds meanwhile (0 or 1 here), never wrap below zero.
 */
static void lfpt_case_rmap_writer_races(struct lfpt *t)
{
	struct lfp_rmap *m = lfpt_zalloc(sizeof(*m));
	struct lfpt_inject in = { .point = "rmap.delete_lookup",
				  .delay_ms = 200, .max_hits = 1 };
	struct rm_writer w = { 0 };
	struct lfpt_thread *th;
	struct lfp_rmap_node *n;
	struct rm_val *x, *y;
	unsigned long sz;
	int rp;

	if (!m || lfp_rmap_init(m, rm_free)) {
		LFPT_EXPECT(t, 0);
		lfpt_free(m);
		return;
	}
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	x = rm_new(77, 1);
	y = rm_new(77, 2);
	LFPT_EXPECT_EQ(t, lfp_rmap_insert(m, &x->node), 0);
	in.obj = m;
	w = (struct rm_writer){ .m = m, .key = 77, .ret = 1 };
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(rm_delete_fn, &w);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	rp = lfp_rmap_replace(m, &y->node);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT_EQ(t, w.ret, 0);
	LFPT_EXPECT(t, rp == 0 || rp == 1);
	lfp_rmap_read_lock();
	n = lfp_rmap_lookup(m, 77);
	LFPT_EXPECT(t, rp == 1 ? !n : n == &y->node);
	lfp_rmap_read_unlock();
	LFPT_EXPECT_EQ(t, lfp_rmap_size(m), rp == 1 ? 0 : 1);
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_frees), rp == 1 ? 2 : 1);
	/* Part two starts from an empty map whatever part one did. */
	lfp_rmap_delete(m, 77);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(m), 0);

	/* insert || delete of a key that was absent. */
	x = rm_new(78, 3);
	in = (struct lfpt_inject){ .point = "rmap.insert_added", .obj = m,
				   .delay_ms = 200, .max_hits = 1 };
	w = (struct rm_writer){ .m = m, .v = x, .ret = 1 };
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(rm_insert_fn, &w);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	/* User space: the insert is held, its node in the table. */
	rp = lfp_rmap_delete(m, 78);
	sz = lfp_rmap_size(m);
	LFPT_EXPECT(t, sz <= 1);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT_EQ(t, w.ret, 0);
	/* The delete found the node: the insert had put it in. */
	LFPT_EXPECT_EQ(t, rp, 0);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(m), 0);
	lfp_rmap_destroy(m);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_frees),
		       lfpt_atomic_read(&rm_allocs));
	lfpt_free(m);
}

/*
 * The bounds of lfp_rmap_size() while writers run.  Each writer inserts
 * keys of its own and deletes them again a few keys later, and counts,
 * fully ordered, the inserts and deletes it started and finished.  A
 * size read between two snapshots of the counters must lie between the
 * nodes certainly in the map for the whole read (inserts finished
 * before it, less deletes started by its end) and the nodes possibly in
 * it (inserts started by its end, less deletes finished before it).
 */
#define RM_SZ_WRITERS	2
#define RM_SZ_WINDOW	16

struct rm_sz {
	struct lfp_rmap *m;
	struct lfpt_atomic ins_started, ins_done, del_started, del_done;
	struct lfpt_atomic bad;
	struct lfpt_atomic go;
	unsigned long keys;
};

struct rm_sz_writer {
	struct rm_sz *s;
	unsigned long long base;
};

static int rm_sz_writer_fn(void *arg)
{
	struct rm_sz_writer *w = arg;
	struct rm_sz *s = w->s;
	struct rm_val *v;
	unsigned long i;

	/* Start with the reader already reading. */
	while (!lfpt_atomic_read_acquire(&s->go))
		lfpt_relax();
	for (i = 0; i < s->keys + RM_SZ_WINDOW; i++) {
		if (i < s->keys) {
			v = rm_new(w->base + i, i);
			lfpt_atomic_add_return(&s->ins_started, 1);
			if (!v || lfp_rmap_insert(s->m, &v->node))
				lfpt_atomic_inc(&s->bad);
			lfpt_atomic_add_return(&s->ins_done, 1);
		}
		if (i >= RM_SZ_WINDOW) {
			lfpt_atomic_add_return(&s->del_started, 1);
			if (lfp_rmap_delete(s->m, w->base + i - RM_SZ_WINDOW))
				lfpt_atomic_inc(&s->bad);
			lfpt_atomic_add_return(&s->del_done, 1);
		}
	}
	return 0;
}

static void lfpt_case_rmap_size_bounds(struct lfpt *t)
{
	struct rm_sz *s = lfpt_zalloc(sizeof(*s));
	struct rm_sz_writer w[RM_SZ_WRITERS];
	struct lfpt_thread *th[RM_SZ_WRITERS];
	long lo, hi, sz, total;
	unsigned long reads = 0;
	int i;

	if (!s)
		goto fail;
	s->m = lfpt_zalloc(sizeof(*s->m));
	if (!s->m || lfp_rmap_init(s->m, rm_free))
		goto fail;
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	s->keys = lfpt_scale(2000);
	total = RM_SZ_WRITERS * (long)s->keys;
	for (i = 0; i < RM_SZ_WRITERS; i++) {
		w[i] = (struct rm_sz_writer){ .s = s,
					      .base = (i + 1ULL) << 32 };
		th[i] = lfpt_thread_run(rm_sz_writer_fn, &w[i]);
	}
	lfpt_atomic_set_release(&s->go, 1);
	for (;;) {
		long dd = lfpt_atomic_add_return(&s->del_done, 0);
		long id = lfpt_atomic_add_return(&s->ins_done, 0);

		if (dd == total)
			break;

		sz = (long)lfp_rmap_size(s->m);
		hi = lfpt_atomic_add_return(&s->ins_started, 0) - dd;
		lo = id - lfpt_atomic_add_return(&s->del_started, 0);
		if (sz < lo || sz > hi) {
			LFPT_EXPECT(t, lo <= sz && sz <= hi);
			lfpt_log("size %ld outside [%ld, %ld]\n", sz, lo, hi);
			break;
		}
		reads++;
		lfpt_relax();
	}
	for (i = 0; i < RM_SZ_WRITERS; i++)
		LFPT_EXPECT_EQ(t, lfpt_thread_join(th[i]), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&s->bad), 0);
	lfpt_log("%s: %lu sizes read while writers ran\n", t->name, reads);
	LFPT_EXPECT_EQ(t, lfp_rmap_size(s->m), 0);
	lfp_rmap_destroy(s->m);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&rm_frees),
		       lfpt_atomic_read(&rm_allocs));
	lfpt_free(s->m);
	lfpt_free(s);
	return;
fail:
	LFPT_EXPECT(t, 0);
	if (s)
		lfpt_free(s->m);
	lfpt_free(s);
}
