// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * snap update: a modify that copies the whole old object, its embedded
 * node included (lfp_snap_update(), "may copy all of @old").  Included by
 * snap.c before its table.
 */

struct snap_copy_arg {
	struct snap_ctx *ctx;
	struct snap_obj *racer;		/* published by modify's first run */
	int publish_ret;
	int calls;
	int no_old;
};

/*
 * First run: publish another object first, which retires @old (its node
 * now written by lfprim and queued for a grace period), then copy @old in
 * full.  The compare then fails; the second run copies the racer in full.
 */
static int snap_copy_modify(const struct lfp_snap_node *old,
			    struct lfp_snap_node *scratch, void *arg)
{
	struct snap_obj *n = lfp_container_of(scratch, struct snap_obj, node);
	struct snap_copy_arg *x = arg;
	const struct snap_obj *o;

	if (!old) {
		x->no_old++;
		return -ENOENT;
	}
	o = lfp_container_of(old, struct snap_obj, node);
	if (x->calls++ == 0)
		x->publish_ret = lfp_snap_publish(&x->ctx->snap, &x->racer->node);
	*n = *o;
	n->a = o->a + 1;
	n->b = ~n->a;
	return 0;
}

static void lfpt_case_snap_update_copy_node(struct lfpt *t)
{
	struct snap_ctx *c = lfpt_zalloc(sizeof(*c));
	struct snap_copy_arg x = { 0 };
	struct snap_obj *first, *s;
	struct lfp_snap_stats st;
	struct lfp_snap_node *n;

	if (!c) {
		LFPT_EXPECT(t, c);
		return;
	}
	snap_ctx_init(c, t);
	x.ctx = c;
	first = snap_obj_new(c, 1);
	x.racer = snap_obj_new(c, 10);
	s = snap_obj_new(c, 0);
	if (!first || !x.racer || !s) {
		LFPT_EXPECT(t, 0);
		lfpt_free(first);
		lfpt_free(x.racer);
		lfpt_free(s);
		lfpt_free(c);
		return;
	}
	LFPT_EXPECT_EQ(t, lfp_snap_init(&c->snap, &first->node, snap_obj_free), 0);
	LFPT_EXPECT_EQ(t, lfp_snap_update(&c->snap, &s->node, snap_copy_modify, &x), 0);
	LFPT_EXPECT_EQ(t, x.calls, 2);
	LFPT_EXPECT_EQ(t, x.no_old, 0);
	LFPT_EXPECT_EQ(t, x.publish_ret, 0);
	lfp_snap_read_lock();
	n = lfp_snap_deref(&c->snap);
	LFPT_EXPECT(t, n == &s->node);
	LFPT_EXPECT_EQ(t, s->a, 11);
	LFPT_EXPECT_EQ(t, s->b, ~11ULL);
	LFPT_EXPECT_EQ(t, s->magic, SNAP_LIVE);
	lfp_snap_read_unlock();
	lfp_snap_get_stats(&c->snap, &st);
	LFPT_EXPECT_EQ(t, st.publishes, 1);
	LFPT_EXPECT_EQ(t, st.updates, 1);
	LFPT_EXPECT_EQ(t, st.retries, 1);
	LFPT_EXPECT_EQ(t, st.retired, 2);
	/*
	 * The copied node is rewritten when the object is retired: first and
	 * the racer (whose node was copied twice) are freed once each by
	 * their grace periods, the installed copy by destroy.
	 */
	lfp_snap_barrier();
	LFPT_EXPECT_EQ(t, lfpt_atomic_read(&c->freed), 2);
	lfp_snap_destroy(&c->snap);
	snap_ctx_finish(c);
	lfpt_free(c);
}
