// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * User space only: sflight's misuse test (struct lfpt_misuse in lfpt.h,
 * run by selftests/user/misuse.c).  Included by sflight.c.
 */

static int misuse_sflight_fn(void *arg, void **res)
{
	lfpt_misuse_count();
	*res = arg;
	return 3;
}

/*
 * A call on a dead group, with out-pointers: @which picks what to
 * return: the call's answer (0), what it left in res (1) or in shared (2).
 */
static long long misuse_sflight_do(void *obj, int which)
{
	void *res = NULL;
	int shared = -1;
	int ret = lfp_sflight_do(obj, 1, misuse_sflight_fn, &res, &res,
				 &shared, 0, NULL);

	if (which == 1)
		return (uintptr_t)res;
	return which ? shared : ret;
}

static long long misuse_sflight_stats(void *obj, int which)
{
	struct lfp_sflight_stats st;

	memset(&st, LFPT_MISUSE_GARBAGE, sizeof(st));
	lfp_sflight_get_stats(obj, &st);
	return which ? st.inflight :
		st.leaders + st.shared + st.left + st.forgets;
}

LFPT_PROBE_FN(sflight_do, misuse_sflight_do(o, 0))
LFPT_PROBE_FN(sflight_do_res, misuse_sflight_do(o, 1))
LFPT_PROBE_FN(sflight_do_shared, misuse_sflight_do(o, 2))
LFPT_PROBE_FN(sflight_do_null, lfp_sflight_do(o, 1, NULL, NULL, NULL, NULL, 0, NULL))
LFPT_PROBE_FN(sflight_forget, lfp_sflight_forget(o, 1))
LFPT_PROBE_FN(sflight_stats_counts, misuse_sflight_stats(o, 0))
LFPT_PROBE_FN(sflight_stats_inflight, misuse_sflight_stats(o, 1))
LFPT_PROBE_FN(sflight_stats_null, (lfp_sflight_get_stats(o, NULL), 0))
LFPT_PROBE_FN(sflight_destroy, lfp_sflight_destroy(o))
LFPT_PROBE_FN(sflight_init_null, lfp_sflight_init(NULL))

static const struct lfpt_probe misuse_sflight_dead[] = {
	LFPT_PROBE(sflight_do, -EINVAL),
	LFPT_PROBE(sflight_do_res, 0),
	LFPT_PROBE(sflight_do_shared, -1),
	LFPT_PROBE(sflight_do_null, -EINVAL),
	LFPT_PROBE(sflight_forget, -EINVAL),
	LFPT_PROBE(sflight_stats_counts, 0),
	LFPT_PROBE(sflight_stats_inflight, 0),
	LFPT_PROBE(sflight_stats_null, 0),
	LFPT_PROBE(sflight_destroy, -EINVAL),
	LFPT_PROBE(sflight_destroy, -EINVAL),
};

static const struct lfpt_probe misuse_sflight_bad_init[] = {
	LFPT_PROBE(sflight_init_null, -EINVAL),
};

static int misuse_sflight_init(void *obj)
{
	return lfp_sflight_init(obj);
}

static void misuse_sflight_live(struct lfpt *t, void *obj)
{
	void *res = NULL;
	int shared = -1;

	LFPT_EXPECT_EQ(t, lfp_sflight_do(obj, 1, NULL, NULL, NULL, NULL, 0,
					 NULL), -EINVAL);
	lfp_sflight_get_stats(obj, NULL);
	LFPT_EXPECT_EQ(t, lfp_sflight_do(obj, 1, misuse_sflight_fn, obj, &res,
					 &shared, 0, NULL), 3);
	LFPT_EXPECT(t, res == obj);
	LFPT_EXPECT_EQ(t, shared, 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_forget(obj, 1), 0);
}

static void misuse_sflight_again(struct lfpt *t, void *obj)
{
	struct lfp_sflight_stats st;

	LFPT_EXPECT_EQ(t, lfp_sflight_init(obj), 0);
	LFPT_EXPECT_EQ(t, lfp_sflight_do(obj, 2, misuse_sflight_fn, NULL, NULL,
					 NULL, 0, NULL), 3);
	lfp_sflight_get_stats(obj, &st);
	LFPT_EXPECT_EQ(t, st.leaders, 1);
	LFPT_EXPECT_EQ(t, lfp_sflight_destroy(obj), 0);
}

static const struct lfpt_misuse lfpt_sflight_misuse[] = {
	{
		.name = "user_misuse_sflight",
		.size = sizeof(struct lfp_sflight),
		.dead = misuse_sflight_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_sflight_dead),
		.bad_init = misuse_sflight_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_sflight_bad_init),
		.init = misuse_sflight_init,
		.live = misuse_sflight_live,
		.destroy = LFPT_PROBE(sflight_destroy, 0),
		/* The one call the live group ran. */
		.calls = 1,
		.again = misuse_sflight_again,
	},
};
