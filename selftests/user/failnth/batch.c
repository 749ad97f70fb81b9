// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the batch instance */

static int batch_usable(void)
{
	long long a = knob_r("batch/added");
	int ret;

	ret = knob_w("batch/add", "1");
	return EXPECT(!ret && knob_r("batch/added") == a + 1, "batch/add: %d", ret);
}

/* These allocate nothing themselves: only sysfs's write buffer. */
static const struct path batch_paths[] = {
	{ .name = "batch_max_items", .knob = "batch/max_items",
	  .in = { "16", "32" } },
	{ .name = "batch_max_delay_ms", .knob = "batch/max_delay_ms",
	  .in = { "50", "100" } },
};

static const struct fn_prim fn_prim_batch = {
	.usable = batch_usable,
	FN_PATHS(batch_paths),
};
