// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * group's misuse test (struct lfpt_misuse in lfpt.h, run by misuse.h in
 * both worlds; the kernel's test build refuses what user space does,
 * except NULL out-pointers, which it treats as bugs).  Included by group.c.
 */

static int misuse_group_fn(void *arg, struct lfp_event *cancel)
{
	lfpt_misuse_count();
	return 0;
}

/* Garbage stats of a dead group read as zeroes: @which picks the fields. */
static long long misuse_group_stats(void *obj, int which)
{
	struct lfp_group_stats st;

	memset(&st, LFPT_MISUSE_GARBAGE, sizeof(st));
	lfp_group_get_stats(obj, &st);
	switch (which) {
	case 0:
		return st.started + st.finished + st.failed + st.skipped;
	case 1:
		return st.running + st.max_running + st.limit;
	case 2:
		return st.cancelled;
	default:
		return st.first_error;
	}
}

LFPT_PROBE_FN(group_go, lfp_group_go(o, misuse_group_fn, NULL, 0, NULL))
LFPT_PROBE_FN(group_go_forever, lfp_group_go(o, misuse_group_fn, NULL, LFP_WAIT_FOREVER, NULL))
LFPT_PROBE_FN(group_go_null, lfp_group_go(o, NULL, NULL, 0, NULL))
LFPT_PROBE_FN(group_try_go, lfp_group_try_go(o, misuse_group_fn, NULL))
LFPT_PROBE_FN(group_try_go_null, lfp_group_try_go(o, NULL, NULL))
LFPT_PROBE_FN(group_wait, lfp_group_wait(o))
LFPT_PROBE_FN(group_set_limit, lfp_group_set_limit(o, 2))
LFPT_PROBE_FN(group_set_limit_0, lfp_group_set_limit(o, 0))
LFPT_PROBE_FN(group_stats_counts, misuse_group_stats(o, 0))
LFPT_PROBE_FN(group_stats_sizes, misuse_group_stats(o, 1))
LFPT_PROBE_FN(group_stats_cancelled, misuse_group_stats(o, 2))
LFPT_PROBE_FN(group_stats_first_error, misuse_group_stats(o, 3))
#ifndef __KERNEL__
LFPT_PROBE_FN(group_stats_null, (lfp_group_get_stats(o, NULL), 0))
#endif
LFPT_PROBE_FN(group_cancel, (lfp_group_cancel(o), 0))
LFPT_PROBE_FN(group_destroy, (lfp_group_destroy(o), 0))
LFPT_PROBE_FN(group_init_null, lfp_group_init(NULL, 2))
LFPT_PROBE_FN(group_init_0, lfp_group_init(o, 0))
LFPT_PROBE_FN(group_init_parent_null, lfp_group_init_parent(NULL, 2, NULL))
LFPT_PROBE_FN(group_init_parent_0, lfp_group_init_parent(o, 0, NULL))
LFPT_PROBE_FN(group_init_over, lfp_group_init(o, LFP_GROUP_LIMIT_MAX + 1))

static const struct lfpt_probe misuse_group_dead[] = {
	LFPT_PROBE(group_go, -EINVAL),
	LFPT_PROBE(group_go_forever, -EINVAL),
	LFPT_PROBE(group_go_null, -EINVAL),
	LFPT_PROBE(group_try_go, -EINVAL),
	LFPT_PROBE(group_try_go_null, -EINVAL),
	LFPT_PROBE(group_wait, -EINVAL),
	LFPT_PROBE(group_set_limit, -EINVAL),
	LFPT_PROBE(group_set_limit_0, -EINVAL),
	LFPT_PROBE(group_stats_counts, 0),
	LFPT_PROBE(group_stats_sizes, 0),
	LFPT_PROBE(group_stats_cancelled, 0),
	LFPT_PROBE(group_stats_first_error, 0),
#ifndef __KERNEL__
	LFPT_PROBE(group_stats_null, 0),
#endif
	LFPT_PROBE(group_cancel, 0),
	LFPT_PROBE(group_destroy, 0),
	LFPT_PROBE(group_destroy, 0),
};

static const struct lfpt_probe misuse_group_bad_init[] = {
	LFPT_PROBE(group_init_null, -EINVAL),
	LFPT_PROBE(group_init_0, -ERANGE),
	LFPT_PROBE(group_init_over, -ERANGE),
	LFPT_PROBE(group_init_parent_null, -EINVAL),
	LFPT_PROBE(group_init_parent_0, -ERANGE),
};

static int misuse_group_init(void *obj)
{
	return lfp_group_init(obj, 2);
}

static void misuse_group_live(struct lfpt *t, void *obj)
{
	unsigned int calls;

	LFPT_EXPECT_EQ(t, lfp_group_go(obj, NULL, NULL, 0, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_group_try_go(obj, NULL, NULL), -EINVAL);
	LFPT_EXPECT_EQ(t, lfp_group_set_limit(obj, 0), -ERANGE);
#ifndef __KERNEL__
	lfp_group_get_stats(obj, NULL);
#endif
	calls = lfpt_misuse_calls_read();
	LFPT_EXPECT_EQ(t, lfp_group_try_go(obj, misuse_group_fn, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_group_wait(obj), 0);
	LFPT_EXPECT_EQ(t, lfpt_misuse_calls_read(), calls + 1);
}

static void misuse_group_again(struct lfpt *t, void *obj)
{
	struct lfp_group_stats st;

	LFPT_EXPECT_EQ(t, lfp_group_init(obj, 1), 0);
	LFPT_EXPECT_EQ(t, lfp_group_go(obj, misuse_group_fn, NULL,
				       LFP_WAIT_FOREVER, NULL), 0);
	LFPT_EXPECT_EQ(t, lfp_group_wait(obj), 0);
	lfp_group_get_stats(obj, &st);
	LFPT_EXPECT_EQ(t, st.finished, 1);
	lfp_group_destroy(obj);
}

static const struct lfpt_misuse lfpt_group_misuse[] = {
	{
		.name = "user_misuse_group",
		.size = sizeof(struct lfp_group),
		.dead = misuse_group_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_group_dead),
		.bad_init = misuse_group_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_group_bad_init),
		.init = misuse_group_init,
		.live = misuse_group_live,
		.destroy = LFPT_PROBE(group_destroy, 0),
		/* The one task the live group ran. */
		.calls = 1,
		.again = misuse_group_again,
	},
};
