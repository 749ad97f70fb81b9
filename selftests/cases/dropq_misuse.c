// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * dropq's misuse test (struct lfpt_misuse in lfpt.h, run by misuse.h in
 * both worlds; the kernel's test build refuses what user space does,
 * except NULL out-pointers, which it treats as bugs).  Included by dropq.c.
 */

/* An item offered to a dead queue, which must not take it. */
static int misuse_dropq_item;

/* A pop from a dead queue: @which picks try_pop, pop(0), pop(forever). */
static long long misuse_dropq_pop(void *obj, int which)
{
	void *item = NULL;

	if (!which)
		return lfp_dropq_try_pop(obj, &item);
	return lfp_dropq_pop(obj, &item, which == 1 ? 0 : LFP_WAIT_FOREVER,
			     NULL);
}

/* A pop from a dead queue leaves the out-pointer alone: its value. */
static long long misuse_dropq_pops(void *obj)
{
	void *item = NULL;

	lfp_dropq_try_pop(obj, &item);
	lfp_dropq_pop(obj, &item, 0, NULL);
	lfp_dropq_pop(obj, &item, LFP_WAIT_FOREVER, NULL);
	return (uintptr_t)item;
}

static void misuse_dropq_stats_get(void *obj, struct lfp_dropq_stats *st)
{
	memset(st, LFPT_MISUSE_GARBAGE, sizeof(*st));
	lfp_dropq_get_stats(obj, st);
}

static long long misuse_dropq_stats_counts(void *obj)
{
	struct lfp_dropq_stats st;

	misuse_dropq_stats_get(obj, &st);
	return st.accepted + st.dropped + st.consumed;
}

static long long misuse_dropq_stats_sizes(void *obj)
{
	struct lfp_dropq_stats st;

	misuse_dropq_stats_get(obj, &st);
	return st.len + st.hwm + st.capacity;
}

static long long misuse_dropq_stats_closed(void *obj)
{
	struct lfp_dropq_stats st;

	misuse_dropq_stats_get(obj, &st);
	return st.closed;
}

LFPT_PROBE_FN(dropq_push, lfp_dropq_push(o, &misuse_dropq_item))
LFPT_PROBE_FN(dropq_push_null, lfp_dropq_push(o, NULL))
LFPT_PROBE_FN(dropq_try_pop, misuse_dropq_pop(o, 0))
LFPT_PROBE_FN(dropq_try_pop_null, lfp_dropq_try_pop(o, NULL))
LFPT_PROBE_FN(dropq_pop_0, misuse_dropq_pop(o, 1))
LFPT_PROBE_FN(dropq_pop_forever, misuse_dropq_pop(o, 2))
LFPT_PROBE_FN(dropq_pops_item, misuse_dropq_pops(o))
LFPT_PROBE_FN(dropq_resize, lfp_dropq_resize(o, 4))
LFPT_PROBE_FN(dropq_resize_0, lfp_dropq_resize(o, 0))
LFPT_PROBE_FN(dropq_stats_counts, misuse_dropq_stats_counts(o))
LFPT_PROBE_FN(dropq_stats_sizes, misuse_dropq_stats_sizes(o))
LFPT_PROBE_FN(dropq_stats_closed, misuse_dropq_stats_closed(o))
#ifndef __KERNEL__
LFPT_PROBE_FN(dropq_stats_null, (lfp_dropq_get_stats(o, NULL), 0))
#endif
LFPT_PROBE_FN(dropq_close, (lfp_dropq_close(o), 0))
LFPT_PROBE_FN(dropq_destroy, (lfp_dropq_destroy(o, lfpt_misuse_drop), 0))
LFPT_PROBE_FN(dropq_init_null, lfp_dropq_init(NULL, 4))
LFPT_PROBE_FN(dropq_init_0, lfp_dropq_init(o, 0))
LFPT_PROBE_FN(dropq_init_over, lfp_dropq_init(o, LFP_DROPQ_CAP_MAX + 1))

static const struct lfpt_probe misuse_dropq_dead[] = {
	LFPT_PROBE(dropq_push, -EINVAL),
	LFPT_PROBE(dropq_push_null, -EINVAL),
	LFPT_PROBE(dropq_try_pop, -EINVAL),
	LFPT_PROBE(dropq_try_pop_null, -EINVAL),
	LFPT_PROBE(dropq_pop_0, -EINVAL),
	LFPT_PROBE(dropq_pop_forever, -EINVAL),
	LFPT_PROBE(dropq_pops_item, 0),
	LFPT_PROBE(dropq_resize, -EINVAL),
	LFPT_PROBE(dropq_resize_0, -EINVAL),
	LFPT_PROBE(dropq_stats_counts, 0),
	LFPT_PROBE(dropq_stats_sizes, 0),
	LFPT_PROBE(dropq_stats_closed, 0),
#ifndef __KERNEL__
	LFPT_PROBE(dropq_stats_null, 0),
#endif
	LFPT_PROBE(dropq_close, 0),
	LFPT_PROBE(dropq_destroy, 0),
	LFPT_PROBE(dropq_destroy, 0),
};

static const struct lfpt_probe misuse_dropq_bad_init[] = {
	LFPT_PROBE(dropq_init_null, -EINVAL),
	LFPT_PROBE(dropq_init_0, -ERANGE),
	LFPT_PROBE(dropq_init_over, -ERANGE),
};

static int misuse_dropq_init(void *obj)
{
	return lfp_dropq_init(obj, 4);
}

static void misuse_dropq_live(struct lfpt *t, void *obj)
{
	struct lfp_dropq_stats st;
	static int x, y;

#ifndef __KERNEL__
	LFPT_EXPECT_EQ(t, lfp_dropq_try_pop(obj, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(obj, NULL, 10, NULL), -EINVAL);
	lfp_dropq_get_stats(obj, NULL);
#endif
	LFPT_EXPECT_EQ(t, lfp_dropq_resize(obj, 0), -ERANGE);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(obj, &x), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(obj, &y), 0);
	/* The NULL out-pointer took nothing. */
	lfp_dropq_get_stats(obj, &st);
	LFPT_EXPECT_EQ(t, st.len, 2);
}

static void misuse_dropq_again(struct lfpt *t, void *obj)
{
	struct lfp_dropq_stats st;
	void *item = NULL;
	int x, y;

	LFPT_EXPECT_EQ(t, lfp_dropq_init(obj, 1), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(obj, &x), 0);
	LFPT_EXPECT_EQ(t, lfp_dropq_push(obj, &y), -ENOSPC);
	LFPT_EXPECT_EQ(t, lfp_dropq_pop(obj, &item, 0, NULL), 0);
	LFPT_EXPECT(t, item == &x);
	lfp_dropq_get_stats(obj, &st);
	LFPT_EXPECT_EQ(t, st.accepted, 1);
	LFPT_EXPECT_EQ(t, st.dropped, 1);
	lfp_dropq_destroy(obj, NULL);
}

static const struct lfpt_misuse lfpt_dropq_misuse[] = {
	{
		.name = "user_misuse_dropq",
		.size = sizeof(struct lfp_dropq),
		.dead = misuse_dropq_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_dropq_dead),
		.bad_init = misuse_dropq_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_dropq_bad_init),
		.init = misuse_dropq_init,
		.live = misuse_dropq_live,
		/* Destroy drops the two items left, each once. */
		.destroy = LFPT_PROBE(dropq_destroy, 0),
		.calls = 2,
		.again = misuse_dropq_again,
	},
};
