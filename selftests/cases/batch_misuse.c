// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * batch's misuse test (struct lfpt_misuse in lfpt.h, run by misuse.h in
 * both worlds; the kernel's test build refuses what user space does,
 * except NULL out-pointers, which it treats as bugs).  Included by batch.c.
 */

static void misuse_batch_flush(void **items, unsigned int n, void *arg)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		lfpt_misuse_count();
}

/* An item offered to a dead batch, which must not take it. */
static int misuse_batch_item;

/* Garbage stats of a dead batch read as zeroes: @which picks the fields. */
static long long misuse_batch_stats(void *obj, int which)
{
	struct lfp_batch_stats st;

	memset(&st, LFPT_MISUSE_GARBAGE, sizeof(st));
	lfp_batch_get_stats(obj, &st);
	switch (which) {
	case 0:
		return st.added + st.dropped + st.flushed + st.size_flushes +
			st.time_flushes + st.close_flushes;
	case 1:
		return st.pending + st.capacity + st.max_items +
			st.max_delay_ms;
	default:
		return st.closed;
	}
}

LFPT_PROBE_FN(batch_add, lfp_batch_add(o, &misuse_batch_item))
LFPT_PROBE_FN(batch_add_null, lfp_batch_add(o, NULL))
LFPT_PROBE_FN(batch_set_max_items, lfp_batch_set_max_items(o, 1))
LFPT_PROBE_FN(batch_set_max_items_0, lfp_batch_set_max_items(o, 0))
LFPT_PROBE_FN(batch_set_max_delay, lfp_batch_set_max_delay(o, 1))
LFPT_PROBE_FN(batch_set_max_delay_0, lfp_batch_set_max_delay(o, 0))
LFPT_PROBE_FN(batch_stats_counts, misuse_batch_stats(o, 0))
LFPT_PROBE_FN(batch_stats_sizes, misuse_batch_stats(o, 1))
LFPT_PROBE_FN(batch_stats_closed, misuse_batch_stats(o, 2))
#ifndef __KERNEL__
LFPT_PROBE_FN(batch_stats_null, (lfp_batch_get_stats(o, NULL), 0))
#endif
LFPT_PROBE_FN(batch_close, (lfp_batch_close(o), 0))
LFPT_PROBE_FN(batch_destroy, (lfp_batch_destroy(o), 0))
LFPT_PROBE_FN(batch_init_null, lfp_batch_init(NULL, 4, 4, 1000, misuse_batch_flush, NULL))
LFPT_PROBE_FN(batch_init_no_flush, lfp_batch_init(o, 4, 4, 1000, NULL, NULL))
LFPT_PROBE_FN(batch_init_capacity_0, lfp_batch_init(o, 0, 1, 1000, misuse_batch_flush, NULL))
LFPT_PROBE_FN(batch_init_max_items_0, lfp_batch_init(o, 4, 0, 1000, misuse_batch_flush, NULL))
LFPT_PROBE_FN(batch_init_max_delay_0, lfp_batch_init(o, 4, 4, 0, misuse_batch_flush, NULL))

static const struct lfpt_probe misuse_batch_dead[] = {
	LFPT_PROBE(batch_add, -EINVAL),
	LFPT_PROBE(batch_add_null, -EINVAL),
	LFPT_PROBE(batch_set_max_items, -EINVAL),
	LFPT_PROBE(batch_set_max_items_0, -EINVAL),
	LFPT_PROBE(batch_set_max_delay, -EINVAL),
	LFPT_PROBE(batch_set_max_delay_0, -EINVAL),
	LFPT_PROBE(batch_stats_counts, 0),
	LFPT_PROBE(batch_stats_sizes, 0),
	LFPT_PROBE(batch_stats_closed, 0),
#ifndef __KERNEL__
	LFPT_PROBE(batch_stats_null, 0),
#endif
	LFPT_PROBE(batch_close, 0),
	LFPT_PROBE(batch_destroy, 0),
	LFPT_PROBE(batch_destroy, 0),
};

static const struct lfpt_probe misuse_batch_bad_init[] = {
	LFPT_PROBE(batch_init_null, -EINVAL),
	LFPT_PROBE(batch_init_no_flush, -EINVAL),
	LFPT_PROBE(batch_init_capacity_0, -ERANGE),
	LFPT_PROBE(batch_init_max_items_0, -ERANGE),
	LFPT_PROBE(batch_init_max_delay_0, -ERANGE),
};

static int misuse_batch_init(void *obj)
{
	return lfp_batch_init(obj, 4, 4, 100000, misuse_batch_flush, NULL);
}

static void misuse_batch_live(struct lfpt *t, void *obj)
{
	static int x, y;

	LFPT_EXPECT_EQ(t, lfp_batch_add(obj, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_items(obj, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_batch_set_max_delay(obj, 0), -ERANGE);
#ifndef __KERNEL__
	lfp_batch_get_stats(obj, NULL);
#endif
	LFPT_EXPECT_EQ(t, lfp_batch_add(obj, &x), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(obj, &y), 0);
}

static void misuse_batch_again(struct lfpt *t, void *obj)
{
	struct lfp_batch_stats st;
	static int x, y;

	LFPT_EXPECT_EQ(t, lfp_batch_init(obj, 2, 2, 100000, misuse_batch_flush,
					 NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_batch_add(obj, &x), 0);
	lfp_batch_close(obj);
	LFPT_EXPECT_EQ(t, lfp_batch_add(obj, &y), -EPIPE);
	lfp_batch_get_stats(obj, &st);
	LFPT_EXPECT_EQ(t, st.flushed, 1);
	LFPT_EXPECT_EQ(t, st.dropped, 1);
	lfp_batch_destroy(obj);
}

static const struct lfpt_misuse lfpt_batch_misuse[] = {
	{
		.name = "user_misuse_batch",
		.size = sizeof(struct lfp_batch),
		.dead = misuse_batch_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_batch_dead),
		.bad_init = misuse_batch_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_batch_bad_init),
		.init = misuse_batch_init,
		.live = misuse_batch_live,
		/* Destroy closes: the pending items are flushed, once. */
		.destroy = LFPT_PROBE(batch_destroy, 0),
		.calls = 2,
		.again = misuse_batch_again,
	},
};
