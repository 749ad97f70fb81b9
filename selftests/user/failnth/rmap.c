// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the rmap instance */

static int rmap_usable(void)
{
	long long a = knob_r("rmap/size");
	int ret;

	ret = knob_w("rmap/set", "424242 1");
	if (EXPECT(!ret && knob_r("rmap/size") == a + 1, "rmap/set: %d", ret))
		return -1;
	ret = knob_w("rmap/delete", "424242");
	if (EXPECT(!ret && knob_r("rmap/size") == a, "rmap/delete: %d", ret))
		return -1;
	return 0;
}

static const struct path rmap_paths[] = {
	PATH("rmap_set", "rmap/set", "7 8", "9 10"),
	PATH("rmap_reload", "rmap/reload", "3 2", "4 2"),
};

static const struct fn_prim fn_prim_rmap = {
	.usable = rmap_usable,
	FN_PATHS(rmap_paths),
};
