// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the dropq instance */

static int dropq_usable(void)
{
	long long a;
	int ret;

	if (EXPECT(knob_w("dropq/drain", "1") == 0, "dropq/drain fails"))
		return -1;
	a = knob_r("dropq/accepted");
	ret = knob_w("dropq/push", "7");
	if (EXPECT(!ret && knob_r("dropq/accepted") == a + 1 &&
		   knob_r("dropq/len") == 1, "dropq/push: %d", ret))
		return -1;
	if (EXPECT(knob_w("dropq/drain", "1") == 0 && knob_r("dropq/len") == 0,
		   "dropq/drain leaves items"))
		return -1;
	return 0;
}

static const struct path dropq_paths[] = {
	PATH("dropq_capacity", "dropq/capacity", "120", "100"),
};

static const struct fn_prim fn_prim_dropq = {
	.params = "dropq_capacity=100",
	.usable = dropq_usable,
	FN_PATHS(dropq_paths),
};
