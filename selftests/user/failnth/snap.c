// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the snap instance */

static int snap_usable(void)
{
	return EXPECT(knob_w("snap/value", "77") == 0 && knob_r("snap/value") == 77,
		      "snap/value does not take 77");
}

static const struct path snap_paths[] = {
	PATH("snap_value", "snap/value", "11", "12"),
};

static const struct fn_prim fn_prim_snap = {
	.params = "snap_value=5",
	.usable = snap_usable,
	FN_PATHS(snap_paths),
};
