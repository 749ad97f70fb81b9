// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * Cases for groups with a parent cancel event (lfp_group_init_parent()),
 * both worlds.  Included by group.c.
 */

struct gr_parent {
	struct lfp_group g, g2;
	struct lfp_event parent, never;
	struct lfpt_atomic inside;
	int ret;
};

/* A task that runs until its group is cancelled. */
static int gr_until_cancel_fn(void *arg, struct lfp_event *cancel)
{
	struct gr_parent *p = arg;

	lfpt_atomic_inc(&p->inside);
	return lfp_event_wait(cancel, LFP_WAIT_FOREVER, NULL);
}

static int gr_parent_go_fn(void *arg)
{
	struct gr_parent *p = arg;

	p->ret = lfp_group_go(&p->g, gr_until_cancel_fn, p, LFP_WAIT_FOREVER,
			      &p->never);
	return 0;
}

static void lfpt_case_group_parent(struct lfpt *t)
{
	struct gr_parent *p = lfpt_zalloc(sizeof(*p));
	struct lfp_group_stats st;
	struct lfpt_thread *th;

	if (!p) {
		LFPT_EXPECT(t, p);
		return;
	}
	lfp_event_init(&p->parent);
	lfp_event_init(&p->never);
	LFPT_EXPECT_EQ(t, lfp_group_init_parent(&p->g, 1, &p->parent), 0);
	/* The group's own cancel does not reach the parent. */
	LFPT_EXPECT_EQ(t, lfp_group_init_parent(&p->g2, 1, &p->parent), 0);
	lfp_group_cancel(&p->g2);
	LFPT_EXPECT(t, !lfp_event_is_fired(&p->parent));
	lfp_group_destroy(&p->g2);
	/* One task runs until cancelled, a second go() blocks at the limit. */
	LFPT_EXPECT_EQ(t, lfp_group_go(&p->g, gr_until_cancel_fn, p, 0, NULL), 0);
	th = lfpt_thread_run(gr_parent_go_fn, p);
	while (!lfpt_atomic_read(&p->inside) || !lfp_event_waiters(&p->never))
		lfpt_msleep(1);
	/* The parent's fire cancels the task and wakes the blocked go(). */
	lfp_event_fire(&p->parent);
	LFPT_EXPECT(t, lfp_event_is_fired(lfp_group_cancel_event(&p->g)));
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	LFPT_EXPECT_EQ(t, p->ret, -ECANCELED);
	LFPT_EXPECT_EQ(t, lfp_group_wait(&p->g), 0);
	lfp_group_get_stats(&p->g, &st);
	LFPT_EXPECT_EQ(t, st.started, 1);
	LFPT_EXPECT_EQ(t, st.finished, 1);
	LFPT_EXPECT_EQ(t, st.cancelled, 1);
	LFPT_EXPECT_EQ(t, st.first_error, 0);
	LFPT_EXPECT_EQ(t, lfp_group_try_go(&p->g, gr_until_cancel_fn, p),
		       -ECANCELED);
	lfp_group_destroy(&p->g);
	/* A parent that has already fired: cancelled from the start. */
	LFPT_EXPECT_EQ(t, lfp_group_init_parent(&p->g, 2, &p->parent), 0);
	LFPT_EXPECT(t, lfp_event_is_fired(lfp_group_cancel_event(&p->g)));
	LFPT_EXPECT_EQ(t, lfp_group_go(&p->g, gr_until_cancel_fn, p, 0, NULL),
		       -ECANCELED);
	lfp_group_destroy(&p->g);
	/* No parent: a plain group. */
	LFPT_EXPECT_EQ(t, lfp_group_init_parent(&p->g, 1, NULL), 0);
	LFPT_EXPECT(t, !lfp_event_is_fired(lfp_group_cancel_event(&p->g)));
	lfp_group_destroy(&p->g);
	LFPT_EXPECT_EQ(t, lfp_group_init_parent(&p->g, 0, &p->parent), -ERANGE);
	lfp_event_destroy(&p->parent);
	lfpt_free(p);
}

/*
 * Destroy of a group races its parent's fire, held at the group's cancel
 * event: destroy returns only once that fire is done with the group, so
 * the group's memory is not written after destroy returns.
 */
struct gr_parent_race {
	struct lfp_group g;
	struct lfp_event parent;
};

static int gr_parent_fire_fn(void *arg)
{
	struct gr_parent_race *r = arg;

	lfp_event_fire(&r->parent);
	return 0;
}

static void lfpt_case_group_parent_destroy(struct lfpt *t)
{
	struct gr_parent_race *r = lfpt_zalloc(sizeof(*r));
	struct lfpt_inject in = { .point = "event.walk_child", .delay_ms = 50,
				  .max_hits = 1 };
	const unsigned char *b;
	struct lfpt_thread *th;
	size_t i, bad = 0;

	if (!r) {
		LFPT_EXPECT(t, r);
		return;
	}
	lfp_event_init(&r->parent);
	LFPT_EXPECT_EQ(t, lfp_group_init_parent(&r->g, 2, &r->parent), 0);
	in.obj = lfp_group_cancel_event(&r->g);
	lfpt_inject_arm(&in);
	th = lfpt_thread_run(gr_parent_fire_fn, r);
	while (!lfpt_atomic_read(&in.hits))
		lfpt_msleep(1);
	lfp_group_destroy(&r->g);
	memset(&r->g, 0x5a, sizeof(r->g));
	LFPT_EXPECT_EQ(t, lfpt_thread_join(th), 0);
	lfpt_inject_disarm();
	b = (const unsigned char *)&r->g;
	for (i = 0; i < sizeof(r->g); i++)
		bad += b[i] != 0x5a;
	LFPT_EXPECT_EQ(t, bad, 0);
	lfp_event_destroy(&r->parent);
	lfpt_free(r);
}
