// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * rmap's own table in user space (userspace/rmap.c): a reader, or a walk,
 * held on a bucket array while writers make the table grow.  The resize
 * that replaces the array links the nodes with the other link set, so the
 * held reader still finds every key of its array; the next resize would
 * rewrite the held array's link set, so it must wait for that reader's
 * grace period, and then happen by itself.  Delays are injected where the
 * reader has loaded the array (rmap.lookup_buckets) and in the walk's
 * callback; resizes are counted where they publish (rmap.rehash_published).
 * Included by lfprim_selftests.c.
 */
#define RR_OLD		40	/* keys before: below the 64 buckets */
#define RR_NEW		300	/* keys after: three doublings' worth */

struct rr_ctx {
	struct lfp_rmap m;
	struct lfpt_atomic held;	/* the reader reached its delay */
	struct lfpt_atomic rehashes;	/* resizes published */
	struct lfpt_atomic found;	/* old keys the reader found */
	unsigned char seen[RR_NEW + 1];	/* visits of each key by the walk */
	int walk_held;
};

static void rr_hook(const char *point, const void *obj, void *arg)
{
	struct rr_ctx *c = arg;

	if (obj != &c->m)
		return;
	if (!strcmp(point, "rmap.rehash_published"))
		lfpt_atomic_inc(&c->rehashes);
	else if (!strcmp(point, "rmap.lookup_buckets") &&
		 lfpt_atomic_add_return(&c->held, 1) == 1)
		lfpt_delay_ms(300);
}

/* One lookup per old key, the first held with its array for 300 ms. */
static int rr_reader_fn(void *arg)
{
	struct rr_ctx *c = arg;
	unsigned long long k;

	for (k = 1; k <= RR_OLD; k++) {
		lfp_rmap_read_lock();
		if (lfp_rmap_lookup(&c->m, k))
			lfpt_atomic_inc(&c->found);
		lfp_rmap_read_unlock();
	}
	return 0;
}

/* The walk's callback: held 300 ms on its first node. */
static int rr_seen_fn(struct lfp_rmap_node *node, void *arg)
{
	struct rr_ctx *c = arg;

	if (!c->walk_held) {
		c->walk_held = 1;
		lfpt_atomic_set(&c->held, 1);
		lfpt_delay_ms(300);
	}
	if (node->key <= RR_NEW)
		c->seen[node->key]++;
	return 0;
}

static int rr_walker_fn(void *arg)
{
	struct rr_ctx *c = arg;

	return lfp_rmap_for_each(&c->m, rr_seen_fn, c);
}

/* Insert keys @from..@to while the reader or walker is held; 0 if all went in. */
static int rr_grow(struct rr_ctx *c, unsigned long long from,
		   unsigned long long to)
{
	unsigned long long k;
	struct rm_val *v;
	int bad = 0;

	for (k = from; k <= to; k++) {
		v = rm_new(k, k);
		bad |= !v || lfp_rmap_insert(&c->m, &v->node);
	}
	return bad;
}

TEST(user_rmap_resize_held_reader)
{
	struct rr_ctx *c = calloc(1, sizeof(*c));
	struct lfpt_thread *th;
	unsigned long long k;
	long during;
	int i;

	ASSERT_NE(NULL, c);
	lfpt_atomic_set(&rm_allocs, 0);
	lfpt_atomic_set(&rm_frees, 0);
	ASSERT_EQ(0, lfp_rmap_init(&c->m, rm_free));
	ASSERT_EQ(0, rr_grow(c, 1, RR_OLD));
	lfp_inject_set(rr_hook, c);

	/* A lookup holding the first array while the table grows 64 -> 512. */
	th = lfpt_thread_run(rr_reader_fn, c);
	ASSERT_NE(NULL, th);
	for (i = 0; i < 5000 && !lfpt_atomic_read(&c->held); i++)
		usleep(1000);
	ASSERT_EQ(1, lfpt_atomic_read(&c->held));
	EXPECT_EQ(0, rr_grow(c, RR_OLD + 1, RR_NEW));
	/* One resize, then none while the reader may walk the old set. */
	during = lfpt_atomic_read(&c->rehashes);
	EXPECT_EQ(1, during);
	EXPECT_EQ(0, lfpt_thread_join(th));
	/* Every old key found, the held one included. */
	EXPECT_EQ(RR_OLD, lfpt_atomic_read(&c->found));
	/* A grace period later the deferred resize has run by itself. */
	lfp_snap_barrier();
	lfp_snap_barrier();
	EXPECT_LT(during, lfpt_atomic_read(&c->rehashes));
	lfp_rmap_read_lock();
	for (k = 1; k <= RR_NEW; k++)
		EXPECT_NE(NULL, lfp_rmap_lookup(&c->m, k));
	lfp_rmap_read_unlock();
	EXPECT_EQ(RR_NEW, lfp_rmap_size(&c->m));

	/* A walk held on its first node while the table shrinks and grows. */
	lfpt_atomic_set(&c->held, 0);
	lfpt_atomic_set(&c->rehashes, 0);
	th = lfpt_thread_run(rr_walker_fn, c);
	ASSERT_NE(NULL, th);
	for (i = 0; i < 5000 && !lfpt_atomic_read(&c->held); i++)
		usleep(1000);
	ASSERT_EQ(1, lfpt_atomic_read(&c->held));
	for (k = RR_OLD + 1; k <= RR_NEW; k++)
		EXPECT_EQ(0, lfp_rmap_delete(&c->m, k));
	EXPECT_EQ(1, lfpt_atomic_read(&c->rehashes));
	EXPECT_EQ(0, lfpt_thread_join(th));
	/* The keys there for the whole walk, exactly once each. */
	for (k = 1; k <= RR_OLD; k++)
		EXPECT_EQ(1, c->seen[k]);
	/* Those deleted meanwhile at most once. */
	for (k = RR_OLD + 1; k <= RR_NEW; k++)
		EXPECT_GE(1, c->seen[k]);
	lfp_inject_set(NULL, NULL);
	EXPECT_EQ(RR_OLD, lfp_rmap_size(&c->m));
	lfp_rmap_destroy(&c->m);
	EXPECT_EQ(lfpt_atomic_read(&rm_allocs), lfpt_atomic_read(&rm_frees));
	free(c);
}
