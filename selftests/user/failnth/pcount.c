// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the pcount instance */

static int pcount_usable(void)
{
	long long a = knob_r("pcount/sum");

	return EXPECT(knob_w("pcount/add", "3") == 0 && knob_r("pcount/sum") == a + 3,
		      "pcount/add");
}

static const struct fn_prim fn_prim_pcount = {
	.params = "pcount_batch=64",
	.usable = pcount_usable,
};
