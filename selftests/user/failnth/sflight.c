// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the sflight instance */

static int sflight_usable(void)
{
	long long a = knob_r("sflight/leaders");
	int ret;

	ret = knob_w("sflight/call", "5 0");
	return EXPECT(!ret && knob_r("sflight/leaders") == a + 1 &&
		      knob_r("sflight/inflight") == 0, "sflight/call: %d", ret);
}

static const struct path sflight_paths[] = {
	PATH("sflight_call", "sflight/call", "1 0"),
};

static const struct fn_prim fn_prim_sflight = {
	.usable = sflight_usable,
	FN_PATHS(sflight_paths),
};
