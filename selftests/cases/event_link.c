// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for derived events (lfp_event_link()), both worlds.  Included by
 * event.c.
 */

/* Chains, several parents, errors, unlink, destroy, cycles, a deep chain. */
#define EVENT_CHAIN	256

struct event_links {
	struct lfp_event a, b, c, d, p2;
	struct lfp_event chain[EVENT_CHAIN];
};

static void lfpt_case_event_link_basic(struct lfpt *t)
{
	struct event_links *e = lfpt_zalloc(sizeof(*e));
	int i;

	if (!e) {
		LFPT_EXPECT(t, e);
		return;
	}
	lfp_event_init(&e->a);
	lfp_event_init(&e->b);
	lfp_event_init(&e->c);
	lfp_event_init(&e->d);
	lfp_event_init(&e->p2);
	/* a -> b -> c, and p2 -> c. */
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->b, &e->a), 0);
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->c, &e->b), 0);
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->c, &e->p2), 0);
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->a, &e->a), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->c, &e->b), -EEXIST);
	LFPT_EXPECT_EQ(t, lfp_event_unlink(&e->a, &e->c), -ENOENT);
	/* A child's fire does not reach its parents. */
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->c), 1);
	LFPT_EXPECT(t, !lfp_event_is_fired(&e->b) && !lfp_event_is_fired(&e->a));
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->c), 0);
	/* The second parent alone fires c. */
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->p2), 1);
	LFPT_EXPECT(t, lfp_event_is_fired(&e->c) && !lfp_event_is_fired(&e->b));
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->c), 0);
	/* The root fires the whole chain before its fire returns. */
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->a), 1);
	LFPT_EXPECT(t, lfp_event_is_fired(&e->b) && lfp_event_is_fired(&e->c));
	/* Reinit keeps the links: the next fire walks them again. */
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->a), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->b), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->c), 0);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->a), 1);
	LFPT_EXPECT(t, lfp_event_is_fired(&e->b) && lfp_event_is_fired(&e->c));
	/* Linking to a fired parent fires the child before link returns. */
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->d, &e->c), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(&e->d));
	/* Unlink: b's fire no longer reaches c. */
	LFPT_EXPECT_EQ(t, lfp_event_unlink(&e->c, &e->b), 0);
	LFPT_EXPECT_EQ(t, lfp_event_unlink(&e->c, &e->b), -ENOENT);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->b), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->c), 0);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->b), 1);
	LFPT_EXPECT(t, !lfp_event_is_fired(&e->c));
	/* Destroy of the middle event undoes its links both ways. */
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->c, &e->b), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(&e->c));
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->a), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->b), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&e->c), 0);
	lfp_event_destroy(&e->b);
	LFPT_EXPECT_EQ(t, lfp_event_unlink(&e->b, &e->a), -ENOENT);
	LFPT_EXPECT_EQ(t, lfp_event_unlink(&e->c, &e->b), -ENOENT);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->a), 1);
	LFPT_EXPECT(t, !lfp_event_is_fired(&e->b) && !lfp_event_is_fired(&e->c));
	/* A destroyed event may be used again. */
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->b, &e->a), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(&e->b));
	/* A cycle ends: each event is fired once per walk. */
	lfp_event_destroy(&e->a);
	lfp_event_destroy(&e->b);
	lfp_event_init(&e->a);
	lfp_event_init(&e->b);
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->b, &e->a), 0);
	LFPT_EXPECT_EQ(t, lfp_event_link(&e->a, &e->b), 0);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->b), 1);
	LFPT_EXPECT(t, lfp_event_is_fired(&e->a));
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->a), 0);
	lfp_event_destroy(&e->a);
	lfp_event_destroy(&e->b);
	lfp_event_destroy(&e->c);
	lfp_event_destroy(&e->d);
	lfp_event_destroy(&e->p2);
	/* A long chain: no recursion, the last one fires. */
	for (i = 0; i < EVENT_CHAIN; i++) {
		lfp_event_init(&e->chain[i]);
		if (i)
			LFPT_EXPECT_EQ(t, lfp_event_link(&e->chain[i],
							 &e->chain[i - 1]), 0);
	}
	LFPT_EXPECT_EQ(t, lfp_event_fire(&e->chain[0]), 1);
	for (i = 0; i < EVENT_CHAIN; i++)
		LFPT_EXPECT(t, lfp_event_is_fired(&e->chain[i]));
	for (i = 0; i < EVENT_CHAIN; i++)
		lfp_event_destroy(&e->chain[i]);
	lfpt_free(e);
}

/* A waiter on a grandchild is woken by the root's fire, and sees its data. */
struct event_link_wait {
	struct lfp_event root, mid, leaf;
	unsigned long payload;
	int ret;
};

static int event_link_wait_fn(void *arg)
{
	struct event_link_wait *w = arg;

	w->ret = lfp_event_wait(&w->leaf, LFP_WAIT_FOREVER, NULL);
	if (!w->ret && w->payload != 42)
		w->ret = -EIO;
	return 0;
}

static void lfpt_case_event_link_wait(struct lfpt *t)
{
	struct event_link_wait *w = lfpt_zalloc(sizeof(*w));
	struct lfpt_thread *th;

	if (!w) {
		LFPT_EXPECT(t, w);
		return;
	}
	lfp_event_init(&w->root);
	lfp_event_init(&w->mid);
	lfp_event_init(&w->leaf);
	LFPT_EXPECT_EQ(t, lfp_event_link(&w->mid, &w->root), 0);
	LFPT_EXPECT_EQ(t, lfp_event_link(&w->leaf, &w->mid), 0);
	th = lfpt_thread_run(event_link_wait_fn, w);
	while (lfp_event_waiters(&w->leaf) < 1)
		lfpt_msleep(1);
	w->payload = 42;
	lfp_event_fire(&w->root);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, w->ret, 0);
	/* The leaf as a cancel event: the root's fire cancels the wait. */
	lfp_event_destroy(&w->root);
	lfp_event_destroy(&w->mid);
	lfp_event_init(&w->root);
	lfp_event_init(&w->mid);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&w->leaf), 0);
	LFPT_EXPECT_EQ(t, lfp_event_link(&w->leaf, &w->root), 0);
	lfp_event_fire(&w->root);
	LFPT_EXPECT_EQ(t, lfp_event_wait(&w->mid, LFP_WAIT_FOREVER, &w->leaf),
		       -ECANCELED);
	lfp_event_destroy(&w->leaf);
	lfp_event_destroy(&w->mid);
	lfp_event_destroy(&w->root);
	lfpt_free(w);
}

/*
 * Races of the parent's fire with link, unlink and destroy of a child,
 * each with a delay injected at the racy point.
 */
struct event_link_race {
	struct lfp_event parent, child;
	struct lfpt_inject *held;	/* fire only once this delay is on */
	int ret;
	int child_fired;	/* seen by the firer right after its fire */
};

static int event_link_fire_fn(void *arg)
{
	struct event_link_race *r = arg;

	while (r->held && !lfpt_atomic_read(&r->held->hits))
		lfpt_msleep(1);
	r->ret = lfp_event_fire(&r->parent);
	r->child_fired = lfp_event_is_fired(&r->child);
	return 0;
}

static void event_link_race_init(struct event_link_race *r)
{
	lfp_event_destroy(&r->parent);
	lfp_event_destroy(&r->child);
	lfp_event_init(&r->parent);
	lfp_event_init(&r->child);
}

static void lfpt_case_event_link_race(struct lfpt *t)
{
	struct event_link_race *r = lfpt_zalloc(sizeof(*r));
	struct lfpt_inject in = { .delay_ms = 100, .max_hits = 1 };
	struct lfpt_thread *th;

	if (!r) {
		LFPT_EXPECT(t, r);
		return;
	}
	/*
	 * The fire has set the flag and is held before it looks for
	 * children; the link made meanwhile must see the fire itself.
	 */
	event_link_race_init(r);
	in.point = "event.fire_walk";
	in.obj = &r->parent;
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(event_link_fire_fn, r);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	LFPT_EXPECT_EQ(t, lfp_event_link(&r->child, &r->parent), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(&r->child));
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT_EQ(t, r->ret, 1);

	/*
	 * The link is in place and held before it looks at the parent; the
	 * fire that runs meanwhile returns only with the child fired.  The
	 * hold is in atomic context (the link lock, interrupts off in the
	 * kernel): a firer that shares the linker's CPU runs only after it,
	 * and then finds the link in place; either way the fire returns
	 * with the child fired, and so does the link once both are done.
	 */
	event_link_race_init(r);
	in.point = "event.link";
	in.obj = &r->child;
	in.delay_ms = 100;
	lfpt_inject_arm(&in);
	r->held = &in;
	th = lfpt_thread_run(event_link_fire_fn, r);
	LFPT_EXPECT_EQ(t, lfp_event_link(&r->child, &r->parent), 0);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(&r->child));
	lfpt_inject_disarm();
	r->held = NULL;
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&in.hits), 1);
	LFPT_EXPECT_EQ(t, r->ret, 1);
	LFPT_EXPECT_EQ(t, r->child_fired, 1);

	/*
	 * The walk is held at the child; an unlink, then a destroy, of the
	 * child return only after the walk is done with it, so the child is
	 * fired when they return and no later fire reaches it.
	 */
	event_link_race_init(r);
	LFPT_EXPECT_EQ(t, lfp_event_link(&r->child, &r->parent), 0);
	in.point = "event.walk_child";
	in.obj = &r->child;
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(event_link_fire_fn, r);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	LFPT_EXPECT_EQ(t, lfp_event_unlink(&r->child, &r->parent), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(&r->child));
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&r->parent), 0);
	LFPT_EXPECT_EQ(t, lfp_event_reinit(&r->child), 0);
	LFPT_EXPECT_EQ(t, lfp_event_fire(&r->parent), 1);
	LFPT_EXPECT(t, !lfp_event_is_fired(&r->child));

	event_link_race_init(r);
	LFPT_EXPECT_EQ(t, lfp_event_link(&r->child, &r->parent), 0);
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(event_link_fire_fn, r);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	lfp_event_destroy(&r->child);
	LFPT_EXPECT(t, lfp_event_is_fired(&r->child));
	/* Gone from the parent: a fire from now on does not write it. */
	lfp_event_init(&r->child);
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	LFPT_EXPECT(t, !lfp_event_is_fired(&r->child));
	LFPT_EXPECT_EQ(t, lfp_event_fire(&r->parent), 0);
	LFPT_EXPECT(t, !lfp_event_is_fired(&r->child));
	lfp_event_destroy(&r->parent);
	lfpt_free(r);
}
