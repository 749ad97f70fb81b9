// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failnth: the sampler instance (its parameter only) */

static const struct fn_prim fn_prim_sampler = {
	.params = "sampler_ppm=1000",
};
