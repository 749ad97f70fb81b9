// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the group instance */

static int group_usable(void)
{
	long long a = knob_r("group/finished"), b;
	int ret;

	ret = knob_w("group/run", "1 0 0");
	b = knob_w("group/wait", "1");
	return EXPECT(!ret && !b && knob_r("group/finished") == a + 1,
		      "group run/wait: %d %lld", ret, b);
}

static void group_idle(void)
{
	knob_w("group/wait", "1");
}

static const struct path group_paths[] = {
	{ .name = "group_run", .knob = "group/run", .in = { "2 0 0" },
	  .lfprim_allocs = 1, .prep = group_idle },
	/* Allocates nothing itself: only sysfs's write buffer. */
	{ .name = "group_limit", .knob = "group/limit", .in = { "3", "4" } },
	{ .name = "group_reset", .knob = "group/reset", .in = { "1" },
	  .lfprim_allocs = 1, .prep = group_idle },
};

static const struct fn_prim fn_prim_group = {
	.usable = group_usable,
	FN_PATHS(group_paths),
};
