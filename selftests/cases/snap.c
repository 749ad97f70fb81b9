// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for lfprim snap, compiled into the user-space runner and into the
 * kernel test module.  The includer provides the shim (lfpt.h).
 *
 * Test objects are never really freed while a case runs: the free function
 * poisons them and parks them in a quarantine, so a reader that reaches a
 * freed object sees the poison instead of reused memory, and the free
 * function can check that no reader still holds what it frees.
 */
#include <lfprim/snap.h>

#define SNAP_LIVE	0x4c495645UL
#define SNAP_DEAD	0x44454144UL
#define SNAP_READERS	4

struct snap_ctx;

struct snap_obj {
	struct lfp_snap_node node;
	unsigned long magic;
	unsigned long long a;		/* b == ~a in every published object */
	unsigned long long b;
	struct snap_ctx *ctx;
	struct snap_obj *next;		/* quarantine link */
};

struct snap_ctx {
	struct lfpt *t;
	struct lfp_snap snap;
	struct lfpt_atomic allocated;
	struct lfpt_atomic freed;
	struct lfpt_atomic held_at_free;	/* a reader held an object being freed */
	struct lfpt_atomic torn;		/* a reader saw a torn or dead object */
	struct lfpt_atomic backwards;	/* a reader saw the value go back */
	struct lfpt_atomic stop;
	struct lfpt_atomic reads;
	struct lfpt_atomic holding[SNAP_READERS];
	struct lfpt_lock qlock;
	struct snap_obj *quarantine;
	int really_free;		/* free at once instead of parking */
};

struct snap_reader {
	struct snap_ctx *ctx;
	int idx;
};

static struct snap_obj *snap_obj_init(struct snap_ctx *c, struct snap_obj *o,
				      unsigned long long a)
{
	if (!o)
		return NULL;
	o->magic = SNAP_LIVE;
	o->a = a;
	o->b = ~a;
	o->ctx = c;
	lfpt_atomic_inc(&c->allocated);
	return o;
}

static struct snap_obj *snap_obj_new(struct snap_ctx *c, unsigned long long a)
{
	return snap_obj_init(c, lfpt_zalloc(sizeof(struct snap_obj)), a);
}

static void snap_obj_free(struct lfp_snap_node *node)
{
	struct snap_obj *o = lfp_container_of(node, struct snap_obj, node);
	struct snap_ctx *c = o->ctx;
	int i;

	for (i = 0; i < SNAP_READERS; i++)
		if (lfpt_atomic_read(&c->holding[i]) == (long)o)
			lfpt_atomic_inc(&c->held_at_free);
	if (o->magic != SNAP_LIVE)
		lfpt_atomic_inc(&c->torn);	/* freed twice */
	o->magic = SNAP_DEAD;
	lfpt_atomic_inc(&c->freed);
	if (c->really_free) {
		/* A reader touching it now is caught by KASAN or ASan. */
		lfpt_free(o);
		return;
	}
	lfpt_lock(&c->qlock);
	o->next = c->quarantine;
	c->quarantine = o;
	lfpt_unlock(&c->qlock);
}

static void snap_ctx_init(struct snap_ctx *c, struct lfpt *t)
{
	int i;

	c->t = t;
	lfpt_atomic_set(&c->allocated, 0);
	lfpt_atomic_set(&c->freed, 0);
	lfpt_atomic_set(&c->held_at_free, 0);
	lfpt_atomic_set(&c->torn, 0);
	lfpt_atomic_set(&c->backwards, 0);
	lfpt_atomic_set(&c->stop, 0);
	lfpt_atomic_set(&c->reads, 0);
	for (i = 0; i < SNAP_READERS; i++)
		lfpt_atomic_set(&c->holding[i], 0);
	lfpt_lock_init(&c->qlock);
	c->quarantine = NULL;
	c->really_free = 0;
}

/* After destroy + barrier: everything allocated was freed exactly once. */
static void snap_ctx_finish(struct snap_ctx *c)
{
	struct snap_obj *o, *next;
	long n = 0;

	lfp_snap_barrier();
	LFPT_EXPECT_EQ(c->t, lfpt_atomic_read(&c->freed),
		       lfpt_atomic_read(&c->allocated));
	LFPT_EXPECT_EQ(c->t, lfpt_atomic_read(&c->held_at_free), 0);
	LFPT_EXPECT_EQ(c->t, lfpt_atomic_read(&c->torn), 0);
	LFPT_EXPECT_EQ(c->t, lfpt_atomic_read(&c->backwards), 0);
	for (o = c->quarantine; o; o = next) {
		next = o->next;
		LFPT_EXPECT_EQ(c->t, o->magic, SNAP_DEAD);
		lfpt_free(o);
		n++;
	}
	if (!c->really_free)
		LFPT_EXPECT_EQ(c->t, n, lfpt_atomic_read(&c->allocated));
}

/*
 * One read-side section: announce the object held in holding[idx] (the
 * free function checks it), check it is live and untorn, and that its
 * value did not go below *last.
 */
static void snap_read_once(struct snap_ctx *c, int idx, unsigned long long *last)
{
	struct lfp_snap_node *n;
	struct snap_obj *o;

	lfp_snap_read_lock();
	n = lfp_snap_deref(&c->snap);
	if (n) {
		o = lfp_container_of(n, struct snap_obj, node);
		lfpt_atomic_set(&c->holding[idx], (long)o);
		if (o->magic != SNAP_LIVE || o->b != ~o->a)
			lfpt_atomic_inc(&c->torn);
		/* Values only grow in these cases. */
		if (o->a < *last)
			lfpt_atomic_inc(&c->backwards);
		*last = o->a;
		lfpt_atomic_set(&c->holding[idx], 0);
	}
	lfp_snap_read_unlock();
}

static int snap_reader_fn(void *arg)
{
	struct snap_reader *r = arg;
	struct snap_ctx *c = r->ctx;
	unsigned long long last = 0;
	long reads = 0;

	/* At least one read, even for a reader first run after the stop. */
	do {
		snap_read_once(c, r->idx, &last);
		reads++;
		lfpt_relax();
	} while (!lfpt_atomic_read(&c->stop));
	lfpt_atomic_add_return(&c->reads, reads);
	return 0;
}

static void lfpt_case_snap_init_args(struct lfpt *t)
{
	struct snap_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfp_snap_stats st;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	snap_ctx_init(c, t);
	LFPT_EXPECT_EQ(t, lfp_snap_init(NULL, NULL, snap_obj_free), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_snap_init(NULL, NULL, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, NULL, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, NULL, snap_obj_free), 0);
	lfp_snap_read_lock();
	LFPT_EXPECT(t, lfp_snap_deref(&c->snap) == NULL);
	lfp_snap_read_unlock();
	LFPT_EXPECT_EQ(t, lfp_snap_update(&c->snap, NULL, NULL, NULL), -EINVAL);
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(t, st.publishes + st.updates + st.retries + st.retired, 0);
	/* Destroying an empty snap frees nothing. */
	lfp_snap_destroy(&c->snap);
	snap_ctx_finish(c);
	lfpt_free(c);
}

static void lfpt_case_snap_publish_basic(struct lfpt *t)
{
	struct snap_ctx *c = lfpt_zalloc(sizeof(*c));
	struct snap_obj *a, *b;
	struct lfp_snap_stats st;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	snap_ctx_init(c, t);
	a = snap_obj_new(c, 1);
	b = snap_obj_new(c, 2);
	if (!a || !b) {
		LFPT_EXPECT(t, a && b);
		lfpt_free(a);
		lfpt_free(b);
		lfpt_free(c);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, &a->node, snap_obj_free), 0);
	lfp_snap_read_lock();
	LFPT_EXPECT(t, lfp_snap_deref(&c->snap) == &a->node);
	lfp_snap_read_unlock();
	/* Publishing the current object again changes nothing. */
	LFPT_EXPECT_EQ(t, lfp_snap_publish(&c->snap, &a->node), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_snap_publish_sync(&c->snap, &a->node), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_snap_publish(&c->snap, &b->node), 0);
	lfp_snap_read_lock();
	LFPT_EXPECT(t, lfp_snap_deref(&c->snap) == &b->node);
	lfp_snap_read_unlock();
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->freed), 1);
	LFPT_EXPECT_EQ(t, a->magic, SNAP_DEAD);
	LFPT_EXPECT_EQ(t, b->magic, SNAP_LIVE);
	/* Sync publish frees before it returns, NULL empties the snap. */
	LFPT_EXPECT_EQ(t, lfp_snap_publish_sync(&c->snap, NULL), 0);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->freed), 2);
	LFPT_EXPECT_EQ(t, b->magic, SNAP_DEAD);
	lfp_snap_read_lock();
	LFPT_EXPECT(t, lfp_snap_deref(&c->snap) == NULL);
	lfp_snap_read_unlock();
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(t, st.publishes, 2);
	LFPT_EXPECT_EQ(t, st.retired, 2);
	LFPT_EXPECT_EQ(t, st.updates, 0);
	/* NULL into the empty snap: a publish (counted), nothing retired. */
	LFPT_EXPECT_EQ(t, lfp_snap_publish(&c->snap, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_snap_publish_sync(&c->snap, NULL), 0);
	lfp_snap_barrier();
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(t, st.publishes, 4);
	LFPT_EXPECT_EQ(t, st.retired, 2);
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->freed), 2);
	lfp_snap_read_lock();
	LFPT_EXPECT(t, lfp_snap_deref(&c->snap) == NULL);
	lfp_snap_read_unlock();
	lfp_snap_destroy(&c->snap);
	snap_ctx_finish(c);
	lfpt_free(c);
}

struct snap_add_arg {
	unsigned long long add;
	int fail;
	int calls;
	struct snap_ctx *ctx;		/* counts a dead or torn old object */
};

static int snap_add_modify(const struct lfp_snap_node *old,
			   struct lfp_snap_node *scratch, void *arg)
{
	const struct snap_obj *o = old ? lfp_container_of(old, struct snap_obj, node) :
				   NULL;
	struct snap_obj *n = lfp_container_of(scratch, struct snap_obj, node);
	struct snap_add_arg *x = arg;

	x->calls++;
	if (o && x->ctx && (o->magic != SNAP_LIVE || o->b != ~o->a))
		lfpt_atomic_inc(&x->ctx->torn);
	if (x->fail)
		return x->fail;
	n->a = (o ? o->a : 0) + x->add;
	n->b = ~n->a;
	return 0;
}

static void lfpt_case_snap_update_basic(struct lfpt *t)
{
	struct snap_ctx *c = lfpt_zalloc(sizeof(*c));
	struct snap_add_arg x = { .add = 5 };
	struct lfp_snap_node *n;
	struct lfp_snap_stats st;
	struct snap_obj *s;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	snap_ctx_init(c, t);
	x.ctx = c;
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, NULL, snap_obj_free), 0);
	/* From empty: old is NULL. */
	s = snap_obj_new(c, 0);
	if (!s) {
		LFPT_EXPECT(t, s);
		lfpt_free(c);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_snap_update(&c->snap, &s->node, snap_add_modify, &x), 0);
	LFPT_EXPECT_EQ(t, x.calls, 1);
	s = snap_obj_new(c, 0);
	if (s) {
		LFPT_EXPECT_EQ(t, lfp_snap_update(&c->snap, &s->node,
						  snap_add_modify, &x), 0);
	}
	/* A failing modify leaves the snap alone and the scratch ours. */
	s = snap_obj_new(c, 0);
	if (s) {
		x.fail = -ENOSPC;
		LFPT_EXPECT_EQ(t, lfp_snap_update(&c->snap, &s->node,
						  snap_add_modify, &x), -ENOSPC);
		snap_obj_free(&s->node);	/* counts it as freed */
	}
	lfp_snap_read_lock();
	n = lfp_snap_deref(&c->snap);
	LFPT_EXPECT(t, n);
	if (n) {
		s = lfp_container_of(n, struct snap_obj, node);
		LFPT_EXPECT_EQ(t, s->a, 10);
		LFPT_EXPECT_EQ(t, s->b, ~10ULL);
	}
	lfp_snap_read_unlock();
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(t, st.updates, 2);
	LFPT_EXPECT_EQ(t, st.retries, 0);
	LFPT_EXPECT_EQ(t, st.retired, 1);
	lfp_snap_destroy(&c->snap);
	snap_ctx_finish(c);
	lfpt_free(c);
}

/*
 * Readers spin while one writer alternates publish and publish_sync with
 * growing values: no reader sees a torn, dead or older object, and no
 * object is freed while a reader holds it.
 */
struct snap_writer {
	struct snap_ctx *ctx;
	struct snap_obj *first;		/* current object when the writer starts */
	unsigned long iters;
	int failed;
};

static int snap_publisher_fn(void *arg)
{
	struct snap_writer *w = arg;
	struct snap_ctx *c = w->ctx;
	struct snap_obj *o, *prev = w->first;
	unsigned long i;

	for (i = 1; i <= w->iters; i++) {
		o = snap_obj_new(c, i);
		if (!o) {
			w->failed++;
			break;
		}
		if (i % 2) {
			if (lfp_snap_publish_sync(&c->snap, &o->node))
				w->failed++;
			/* The old object is freed when publish_sync returns. */
			if (prev && prev->magic != SNAP_DEAD)
				w->failed++;
		} else if (lfp_snap_publish(&c->snap, &o->node)) {
			w->failed++;
		}
		prev = o;
		lfpt_relax();
	}
	return 0;
}

static void snap_run_readers(struct snap_ctx *c, int (*writer)(void *),
			     struct snap_writer *w, int nr_writers)
{
	struct lfpt_thread *rt[SNAP_READERS], *wt[4];
	struct snap_reader r[SNAP_READERS];
	int i;

	for (i = 0; i < SNAP_READERS; i++) {
		r[i].ctx = c;
		r[i].idx = i;
		rt[i] = lfpt_thread_run(snap_reader_fn, &r[i]);
		LFPT_EXPECT(c->t, rt[i]);
	}
	for (i = 0; i < nr_writers; i++) {
		wt[i] = lfpt_thread_run(writer, &w[i]);
		LFPT_EXPECT(c->t, wt[i]);
	}
	for (i = 0; i < nr_writers; i++)
		lfpt_thread_join(wt[i]);
	lfpt_atomic_set(&c->stop, 1);
	for (i = 0; i < SNAP_READERS; i++)
		lfpt_thread_join(rt[i]);
	for (i = 0; i < nr_writers; i++)
		LFPT_EXPECT_EQ(c->t, w[i].failed, 0);
}

static void lfpt_case_snap_publish_concurrent(struct lfpt *t)
{
	struct snap_ctx *c = lfpt_zalloc(sizeof(*c));
	struct snap_writer w;
	struct lfp_snap_stats st;
	struct snap_obj *first;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	snap_ctx_init(c, t);
	first = snap_obj_new(c, 0);
	LFPT_EXPECT(t, first);
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, first ? &first->node : NULL,
					snap_obj_free), 0);
	w.ctx = c;
	w.first = first;
	w.iters = lfpt_scale(400);
	w.failed = 0;
	snap_run_readers(c, snap_publisher_fn, &w, 1);
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(t, st.publishes, w.iters);
	LFPT_EXPECT_EQ(t, st.retired, w.iters);
	lfp_snap_destroy(&c->snap);
	snap_ctx_finish(c);
	lfpt_free(c);
}

/*
 * Several updaters add 1 each through the copy-modify-CAS loop while
 * readers check every object: the final value is exactly the number of
 * updates, no update was lost to a racing one.
 */
static int snap_updater_fn(void *arg)
{
	struct snap_writer *w = arg;
	struct snap_ctx *c = w->ctx;
	struct snap_add_arg x = { .add = 1, .ctx = c };
	struct snap_obj *s;
	unsigned long i;

	for (i = 0; i < w->iters; i++) {
		s = snap_obj_new(c, 0);
		if (!s) {
			w->failed++;
			break;
		}
		if (lfp_snap_update(&c->snap, &s->node, snap_add_modify, &x))
			w->failed++;
		lfpt_relax();
	}
	return 0;
}

static void lfpt_case_snap_update_concurrent(struct lfpt *t)
{
	struct snap_ctx *c = lfpt_zalloc(sizeof(*c));
	struct snap_writer w[3];
	struct lfp_snap_stats st;
	struct lfp_snap_node *n;
	struct snap_obj *o;
	unsigned long total = 0;
	int i;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	snap_ctx_init(c, t);
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, NULL, snap_obj_free), 0);
	for (i = 0; i < 3; i++) {
		w[i].ctx = c;
		w[i].first = NULL;
		w[i].iters = lfpt_scale(3000);
		w[i].failed = 0;
		total += w[i].iters;
	}
	snap_run_readers(c, snap_updater_fn, w, 3);
	lfp_snap_read_lock();
	n = lfp_snap_deref(&c->snap);
	LFPT_EXPECT(t, n);
	if (n) {
		o = lfp_container_of(n, struct snap_obj, node);
		LFPT_EXPECT_EQ(t, o->a, total);
	}
	lfp_snap_read_unlock();
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(t, st.updates, total);
	LFPT_EXPECT_EQ(t, st.retired, total - 1);
	lfpt_log("%s: %llu updates, %llu retries\n", t->name, st.updates,
		 st.retries);
	lfp_snap_destroy(&c->snap);
	snap_ctx_finish(c);
	lfpt_free(c);
}

/*
 * Readers that come and go (in user space each one registers with RCU on
 * its first read-side section and unregisters when it exits) while the
 * writer keeps waiting for grace periods: no grace period waits forever
 * on a thread that is gone, and nothing is freed under a reader.  Objects
 * are really freed here, so the debug kernel's KASAN (and ASan in user
 * space) would catch a reader touching one.
 */
struct snap_churn {
	struct snap_ctx *ctx;
	int idx;
	unsigned long reads;
};

static int snap_churn_reader_fn(void *arg)
{
	struct snap_churn *r = arg;
	struct snap_ctx *c = r->ctx;
	unsigned long long last = 0;
	unsigned long i;

	for (i = 0; i < r->reads; i++) {
		snap_read_once(c, r->idx, &last);
		lfpt_relax();
	}
	lfpt_atomic_add_return(&c->reads, i);
	return 0;
}

static void lfpt_case_snap_reader_churn(struct lfpt *t)
{
	struct snap_ctx *c = lfpt_zalloc(sizeof(*c));
	struct lfpt_thread *rt[SNAP_READERS];
	struct snap_churn r[SNAP_READERS];
	unsigned long round, rounds = lfpt_scale(40), v = 1;
	struct snap_obj *o;
	int i;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	snap_ctx_init(c, t);
	c->really_free = 1;
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, NULL, snap_obj_free), 0);
	for (round = 0; round < rounds; round++) {
		for (i = 0; i < SNAP_READERS; i++) {
			r[i].ctx = c;
			r[i].idx = i;
			r[i].reads = 200;
			rt[i] = lfpt_thread_run(snap_churn_reader_fn, &r[i]);
			LFPT_EXPECT(t, rt[i]);
		}
		for (i = 0; i < 3; i++) {
			o = snap_obj_new(c, v++);
			LFPT_EXPECT(t, o);
			if (o)
				LFPT_EXPECT_EQ(t, lfp_snap_publish_sync(&c->snap, &o->node), 0);
		}
		for (i = 0; i < SNAP_READERS; i++)
			LFPT_EXPECT_EQ(t, lfpt_thread_join(rt[i]), 0);
		/* Grace periods still complete with every reader gone. */
		o = snap_obj_new(c, v++);
		if (o)
			LFPT_EXPECT_EQ(t, lfp_snap_publish_sync(&c->snap, &o->node), 0);
	}
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->reads),
		       (long)(rounds * SNAP_READERS * 200));
	lfp_snap_destroy(&c->snap);
	snap_ctx_finish(c);
	lfpt_free(c);
}

/*
 * Free functions that use lfprim themselves: each retired outer object's
 * free function, which runs after a grace period (kernel: softirq; user
 * space: liburcu's call_rcu worker, a thread liburcu registered itself),
 * enters a read-side section on a second snap and publishes into it.
 */
struct snap_nest {
	struct snap_ctx inner;
	struct snap_ctx outer;
	struct lfpt_atomic alloc_failed;
};

static void snap_nest_outer_free(struct lfp_snap_node *node)
{
	struct snap_obj *o = lfp_container_of(node, struct snap_obj, node);
	struct snap_nest *nest = lfp_container_of(o->ctx, struct snap_nest, outer);
	unsigned long long last = 0;
	struct snap_obj *in;

	snap_read_once(&nest->inner, 0, &last);
	in = lfpt_zalloc_atomic(sizeof(*in));
	if (in) {
		snap_obj_init(&nest->inner, in, o->a);
		if (lfp_snap_publish(&nest->inner.snap, &in->node))
			lfpt_atomic_inc(&nest->inner.torn);
	} else {
		lfpt_atomic_inc(&nest->alloc_failed);
	}
	snap_obj_free(node);
}

static void lfpt_case_snap_nested_free(struct lfpt *t)
{
	struct snap_nest *nest = lfpt_zalloc(sizeof(*nest));
	unsigned long i, n = lfpt_scale(200);
	struct lfp_snap_stats st;
	struct snap_obj *o;

	if (!nest) {
		LFPT_EXPECT(t, nest);
		return;
	}
	snap_ctx_init(&nest->inner, t);
	snap_ctx_init(&nest->outer, t);
	lfpt_atomic_set(&nest->alloc_failed, 0);
	LFPT_EXPECT_EQ(t, lfp_snap_init(&nest->inner.snap, NULL, snap_obj_free), 0);
	LFPT_EXPECT_EQ(t, lfp_snap_init(&nest->outer.snap, NULL,
					snap_nest_outer_free), 0);
	for (i = 1; i <= n; i++) {
		o = snap_obj_new(&nest->outer, i);
		LFPT_EXPECT(t, o);
		if (o)
			LFPT_EXPECT_EQ(t, lfp_snap_publish(&nest->outer.snap,
							   &o->node), 0);
		lfpt_relax();
	}
	/* Outer callbacks, then the inner ones they queued. */
	lfp_snap_barrier();
	lfp_snap_barrier();
	/* The outer free function also runs from destroy, in this thread. */
	lfp_snap_destroy(&nest->outer.snap);
	lfp_snap_barrier();
	lfp_snap_get_stats(&nest->inner.snap, &st);
	LFPT_EXPECT_EQ(t, st.publishes + lfpt_atomic_read(&nest->alloc_failed),
		       n);
	lfp_snap_destroy(&nest->inner.snap);
	snap_ctx_finish(&nest->outer);
	snap_ctx_finish(&nest->inner);
	lfpt_free(nest);
}

#include "snap_copy.c"

static const struct lfpt_case lfpt_snap_cases[] = {
	LFPT_CASE(snap_init_args),
	LFPT_CASE(snap_publish_basic),
	LFPT_CASE(snap_update_basic),
	LFPT_CASE(snap_publish_concurrent),
	LFPT_CASE(snap_update_concurrent),
	LFPT_CASE(snap_update_copy_node),
	LFPT_CASE(snap_reader_churn),
	LFPT_CASE(snap_nested_free),
	LFPT_CASE(snap_static_init),
};

#include "snap_torture.c"

#ifndef __KERNEL__
#include "snap_misuse.c"
#endif

static const struct lfpt_prim lfpt_prim_snap = {
	.name = "snap",
	.cases = lfpt_snap_cases,
	.ncases = LFP_ARRAY_SIZE(lfpt_snap_cases),
	.torture = snap_torture,
#ifndef __KERNEL__
	.misuse = lfpt_snap_misuse,
	.nmisuse = LFP_ARRAY_SIZE(lfpt_snap_misuse),
#endif
};
