// SPDX-License-Identifier: LGPL-2.1-or-later
/* lfprim-failalloc scenarios: pcount */

#include <lfprim/pcount.h>

static int sc_pcount_init(void)
{
	struct lfp_pcount pc;
	unsigned long m = fa_mark();
	int ret, i;

	memset(&pc, 0, sizeof(pc));
	ret = lfp_pcount_init(&pc, 4, LFP_PCOUNT_PER_CPU);
	if (fa_hit(m)) {
		FA_CHECK(ret == -ENOMEM);
		FA_CHECK(lfp_pcount_set_batch(&pc, 2) == -EINVAL);
		lfp_pcount_destroy(&pc);
		return 0;
	}
	FA_CHECK(ret == 0);
	for (i = 0; i < 10; i++)
		lfp_pcount_add(&pc, 3);
	FA_CHECK(lfp_pcount_sum(&pc) == 30);
	lfp_pcount_destroy(&pc);
	return 0;
}

static struct lfp_pcount fa_pc[2];

/*
 * A fresh thread's first add to each counter allocates its slot; @arg
 * non-NULL: the thread adds to the first counter only.
 */
static void *fa_pcount_adder(void *arg)
{
	int i;

	for (i = 0; i < 100; i++) {
		lfp_pcount_inc(&fa_pc[0]);
		if (!arg)
			lfp_pcount_add(&fa_pc[1], 2);
	}
	lfp_pcount_add(&fa_pc[0], -3);
	return NULL;
}

static int sc_pcount_slot(void)
{
	int i;

	for (i = 0; i < 2; i++)
		FA_CHECK(lfp_pcount_init(&fa_pc[i], 8, LFP_PCOUNT_PER_THREAD) == 0);
	pthread_join(fa_thread(fa_pcount_adder, NULL), NULL);
	pthread_join(fa_thread(fa_pcount_adder, fa_pc), NULL);
	/* Every add counted, slot or no slot... */
	FA_CHECK(lfp_pcount_sum(&fa_pc[0]) == 194);
	FA_CHECK(lfp_pcount_sum(&fa_pc[1]) == 200);
	/* ...and the exited threads left nothing behind. */
	FA_CHECK(lfp_pcount_read(&fa_pc[0]) == 194);
	FA_CHECK(lfp_pcount_read(&fa_pc[1]) == 200);
	FA_CHECK(lfp_pcount_error_bound(&fa_pc[0]) == 0);
	FA_CHECK(lfp_pcount_error_bound(&fa_pc[1]) == 0);
	for (i = 0; i < 2; i++)
		lfp_pcount_destroy(&fa_pc[i]);
	return 0;
}

/* Part of the noalloc scenario: the pcount calls that must not allocate. */
static void fa_pcount_noalloc(void)
{
	struct lfp_pcount pc;

	FA_CHECK(lfp_pcount_init(&pc, 4, LFP_PCOUNT_PER_THREAD) == 0);
	lfp_pcount_destroy(&pc);
}

static const struct fa_scenario fa_pcount_scenarios[] = {
	{ .name = "pcount_init", .run = sc_pcount_init },
	{ .name = "pcount_slot", .run = sc_pcount_slot },
};

static const struct fa_prim fa_prim_pcount =
	FA_PRIM(fa_pcount_scenarios, fa_pcount_noalloc);
