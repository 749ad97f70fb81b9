// SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later
/*
 * pcount's misuse test (struct lfpt_misuse in lfpt.h, run by misuse.h in
 * both worlds; the kernel's test build refuses what user space does).
 * Included by pcount.c.
 */

LFPT_PROBE_FN(pcount_set_batch, lfp_pcount_set_batch(o, 8))
LFPT_PROBE_FN(pcount_set_batch_0, lfp_pcount_set_batch(o, 0))
LFPT_PROBE_FN(pcount_sum, lfp_pcount_sum(o))
LFPT_PROBE_FN(pcount_error_bound, lfp_pcount_error_bound(o))
LFPT_PROBE_FN(pcount_batch, lfp_pcount_batch(o))
LFPT_PROBE_FN(pcount_destroy, (lfp_pcount_destroy(o), 0))
LFPT_PROBE_FN(pcount_init_null, lfp_pcount_init(NULL, 8, 0))
LFPT_PROBE_FN(pcount_init_batch_0, lfp_pcount_init(o, 0, 0))
LFPT_PROBE_FN(pcount_init_batch_0_per_cpu, lfp_pcount_init(o, 0, LFP_PCOUNT_PER_CPU))

static const struct lfpt_probe misuse_pcount_dead[] = {
	LFPT_PROBE(pcount_set_batch, -EINVAL),
	LFPT_PROBE(pcount_set_batch_0, -EINVAL),
	LFPT_PROBE(pcount_sum, 0),
	LFPT_PROBE(pcount_error_bound, 0),
	LFPT_PROBE(pcount_batch, 0),
	LFPT_PROBE(pcount_destroy, 0),
	LFPT_PROBE(pcount_destroy, 0),
};

static const struct lfpt_probe misuse_pcount_bad_init[] = {
	LFPT_PROBE(pcount_init_null, -EINVAL),
	LFPT_PROBE(pcount_init_batch_0, -ERANGE),
	LFPT_PROBE(pcount_init_batch_0_per_cpu, -ERANGE),
};

static int misuse_pcount_init(void *obj)
{
	return lfp_pcount_init(obj, 8, 0);
}

static void misuse_pcount_live(struct lfpt *t, void *obj)
{
	lfp_pcount_add(obj, 3);
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(obj), 3);
}

static void misuse_pcount_again(struct lfpt *t, void *obj)
{
	LFPT_EXPECT_EQ(t, lfp_pcount_init(obj, 8, LFP_PCOUNT_PER_CPU), 0);
	lfp_pcount_add(obj, 5);
	LFPT_EXPECT_EQ(t, lfp_pcount_sum(obj), 5);
	LFPT_EXPECT_EQ(t, lfp_pcount_set_batch(obj, 4), 0);
	LFPT_EXPECT_EQ(t, lfp_pcount_batch(obj), 4);
	lfp_pcount_destroy(obj);
}

static const struct lfpt_misuse lfpt_pcount_misuse[] = {
	{
		.name = "user_misuse_pcount",
		.size = sizeof(struct lfp_pcount),
		.dead = misuse_pcount_dead,
		.ndead = LFP_ARRAY_SIZE(misuse_pcount_dead),
		.bad_init = misuse_pcount_bad_init,
		.nbad_init = LFP_ARRAY_SIZE(misuse_pcount_bad_init),
		.init = misuse_pcount_init,
		.live = misuse_pcount_live,
		.destroy = LFPT_PROBE(pcount_destroy, 0),
		.again = misuse_pcount_again,
	},
};
