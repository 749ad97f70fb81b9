// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * User space only: snap's misuse test (struct lfpt_misuse in lfpt.h, run
 * by selftests/user/misuse.c).  Included by snap.c.
 */

static void misuse_snap_free(struct lfp_snap_node *node)
{
	lfpt_misuse_count();
	free(node);
}

static int misuse_snap_modify(const struct lfp_snap_node *old,
			      struct lfp_snap_node *scratch, void *arg)
{
	lfpt_misuse_count();
	return 0;
}

/* Offered to a dead snap, which must not take it. */
static struct lfp_snap_node misuse_snap_node;

static long long misuse_snap_stats(void *obj)
{
	struct lfp_snap_stats st;

	memset(&st, LFPT_MISUSE_GARBAGE, sizeof(st));
	lfp_snap_get_stats(obj, &st);
	return st.publishes + st.updates + st.retries + st.retired;
}

LFPT_PROBE_FN(snap_publish_null, lfp_snap_publish(o, NULL))
LFPT_PROBE_FN(snap_publish, lfp_snap_publish(o, &misuse_snap_node))
LFPT_PROBE_FN(snap_publish_sync, lfp_snap_publish_sync(o, &misuse_snap_node))
LFPT_PROBE_FN(snap_update, lfp_snap_update(o, &misuse_snap_node, misuse_snap_modify, NULL))
LFPT_PROBE_FN(snap_stats, misuse_snap_stats(o))
LFPT_PROBE_FN(snap_stats_null, (lfp_snap_get_stats(o, NULL), 0))
LFPT_PROBE_FN(snap_destroy, (lfp_snap_destroy(o), 0))
LFPT_PROBE_FN(snap_barrier, (lfp_snap_barrier(), 0))
LFPT_PROBE_FN(snap_init_null, lfp_snap_init(NULL, NULL, misuse_snap_free))
LFPT_PROBE_FN(snap_init_no_free, lfp_snap_init(o, NULL, NULL))

static const struct lfpt_probe misuse_snap_dead[] = {
	LFPT_PROBE(snap_publish_null, -EINVAL),
	LFPT_PROBE(snap_publish, -EINVAL),
	LFPT_PROBE(snap_publish_sync, -EINVAL),
	LFPT_PROBE(snap_update, -EINVAL),
	LFPT_PROBE(snap_stats, 0),
	LFPT_PROBE(snap_stats_null, 0),
	LFPT_PROBE(snap_destroy, 0),
	LFPT_PROBE(snap_destroy, 0),
	LFPT_PROBE(snap_barrier, 0),
};

static const struct lfpt_probe misuse_snap_bad_init[] = {
	LFPT_PROBE(snap_init_null, -EINVAL),
	LFPT_PROBE(snap_init_no_free, -EINVAL),
};

static int misuse_snap_init(void *obj)
{
	return lfp_snap_init(obj, calloc(1, sizeof(struct lfp_snap_node)),
			     misuse_snap_free);
}

static void misuse_snap_live(struct lfpt *t, void *obj)
{
	LFPT_EXPECT_EQ(t, lfp_snap_publish(obj, calloc(1, sizeof(struct lfp_snap_node))),
		       0);
	lfp_snap_get_stats(obj, NULL);
}

/* The destroy waits for the frees: the replaced object and the current. */
LFPT_PROBE_FN(snap_destroy_barrier, (lfp_snap_destroy(o), lfp_snap_barrier(), 0))

static void misuse_snap_again(struct lfpt *t, void *obj)
{
	struct lfp_snap_node *n = calloc(1, sizeof(*n));
	struct lfp_snap_stats st;

	LFPT_EXPECT(t, n != NULL);
	LFPT_EXPECT_EQ(t, lfp_snap_init(obj, NULL, misuse_snap_free), 0);
	LFPT_EXPECT_EQ(t, lfp_snap_publish_sync(obj, n), 0);
	lfp_snap_read_lock();
	LFPT_EXPECT(t, lfp_snap_deref(obj) == n);
	lfp_snap_read_unlock();
	lfp_snap_get_stats(obj, &st);
	LFPT_EXPECT_EQ(t, st.publishes, 1);
	lfp_snap_destroy(obj);
	lfp_snap_barrier();
}

static const struct lfpt_misuse lfpt_snap_misuse[] = {
	{
		.name = "user_misuse_snap",
		.size = sizeof(struct lfp_snap),
		.dead = misuse_snap_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_snap_dead),
		.bad_init = misuse_snap_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_snap_bad_init),
		.init = misuse_snap_init,
		.live = misuse_snap_live,
		.destroy = LFPT_PROBE(snap_destroy_barrier, 0),
		.calls = 2,
		.again = misuse_snap_again,
	},
};
