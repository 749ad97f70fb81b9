// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * The snap torture driver (torture.h), the .torture of snap's row.
 * Included by snap.c.
 */

/* Torture driver: readers check every object they reach; writers mix all writes */

static struct tt_pool snap_torture_pool;	/* free functions get no context */

struct snap_torture_obj {
	struct lfp_snap_node node;
	unsigned long magic;
	unsigned long long a;
	unsigned long long b;	/* ~a */
};

struct snap_torture_ctx {
	struct lfp_snap snap;
	struct lfpt_atomic torn, publishes, updates, aborts;
};

static struct snap_torture_obj *snap_torture_new(unsigned long long a)
{
	struct snap_torture_obj *o = lfpt_zalloc_atomic(sizeof(*o));

	if (!o)
		return NULL;
	tt_pool_alloc(&snap_torture_pool, &o->magic);
	o->a = a;
	o->b = ~a;
	return o;
}

static void snap_torture_free(struct lfp_snap_node *node)
{
	struct snap_torture_obj *o = lfp_container_of(node, struct snap_torture_obj, node);

	tt_pool_free(&snap_torture_pool, &o->magic, o->b == ~o->a);
	lfpt_free(o);
}

static int snap_torture_modify(const struct lfp_snap_node *old,
		      struct lfp_snap_node *scratch, void *arg)
{
	const struct snap_torture_obj *o = lfp_container_of(old, struct snap_torture_obj, node);
	struct snap_torture_obj *s = lfp_container_of(scratch, struct snap_torture_obj, node);
	struct tt_worker *w = arg;

	if (!tt_pick(w, 8))
		return -EAGAIN;
	s->a = o->a + 1;
	s->b = ~s->a;
	return 0;
}

static void snap_torture_op(struct tt_worker *w)
{
	struct snap_torture_ctx *c = w->tt->ctx;
	unsigned int r = tt_pick(w, 100);
	struct lfp_snap_node *n;
	struct snap_torture_obj *o;
	int ret;

	if (r < 70) {
		lfp_snap_read_lock();
		n = lfp_snap_deref(&c->snap);
		o = lfp_container_of(n, struct snap_torture_obj, node);
		if (!n || o->magic != TT_LIVE || o->b != ~o->a)
			lfpt_atomic_inc(&c->torn);
		lfp_snap_read_unlock();
		return;
	}
	o = snap_torture_new(lfpt_rand(&w->seed));
	if (!o) {
		LFPT_EXPECT(w->tt->t, o);
		return;
	}
	if (r < 85) {
		ret = lfp_snap_publish(&c->snap, &o->node);
	} else if (r < 88) {
		ret = lfp_snap_publish_sync(&c->snap, &o->node);
	} else {
		ret = lfp_snap_update(&c->snap, &o->node, snap_torture_modify, w);
		if (ret == -EAGAIN) {
			lfpt_atomic_inc(&c->aborts);
			snap_torture_free(&o->node);
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

static void snap_torture(struct tt *tt)
{
	struct snap_torture_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_snap_stats st;
	struct snap_torture_obj *first;

	if (!c) {
		LFPT_EXPECT(tt->t, c);
		return;
	}
	snap_torture_pool = (struct tt_pool){};
	first = snap_torture_new(0);
	LFPT_EXPECT(tt->t, first);
	LFPT_EXPECT_EQ(tt->t, lfp_snap_init(&c->snap, &first->node, snap_torture_free), 0);
	tt->ctx = c;
	tt->op = snap_torture_op;
	tt_run(tt);
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(tt->t, st.publishes, lfpt_atomic_read(&c->publishes));
	LFPT_EXPECT_EQ(tt->t, st.updates, lfpt_atomic_read(&c->updates));
	LFPT_EXPECT_EQ(tt->t, st.retired, st.publishes + st.updates);
	lfp_snap_destroy(&c->snap);
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(tt->t, lfpt_atomic_read(&c->torn), 0);
	tt_pool_check(tt, &snap_torture_pool);
	lfpt_free(c);
}
