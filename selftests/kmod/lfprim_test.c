// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel runner of the shared cases: runs every case at load time, prints
 * KTAP, and fails the load (-EINVAL) if any case failed, the
 * kselftest_module.h pattern.
 */
#define pr_fmt(fmt) fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

#include "shim.h"

#include "../cases/snap.c"
#include "../cases/pcount.c"
#include "../cases/seqstat.c"
#include "../cases/sampler.c"
#include "../cases/event.c"
#include "../cases/dropq.c"
#include "../cases/rmap.c"
#include "../cases/sflight.c"
#include "../cases/group.c"
#include "../cases/batch.c"
#include "../cases/pubsub.c"

#include "kselftest_module.h"

unsigned int lfpt_scale_pct = 100;
module_param_named(scale, lfpt_scale_pct, uint, 0444);
MODULE_PARM_DESC(scale, "Percent of the default iteration counts (default 100)");

KSTM_MODULE_GLOBALS();

static void __init lfpt_run_table(const struct lfpt_case *cases, size_t n)
{
	struct lfpt t;
	size_t i;
	long failed;

	for (i = 0; i < n; i++) {
		t.name = cases[i].name;
		lfpt_atomic_set(&t.failures, 0);
		cases[i].fn(&t);
		failed = lfpt_atomic_read(&t.failures);
		KSTM_CHECK_ZERO(failed);
		pr_info("%sok %u %s\n", failed ? "not " : "", total_tests,
			cases[i].name);
	}
}

static void __init selftest(void)
{
	pr_info("KTAP version 1\n");
	pr_info("1..%zu\n", ARRAY_SIZE(lfpt_snap_cases) +
		ARRAY_SIZE(lfpt_pcount_cases) + ARRAY_SIZE(lfpt_seqstat_cases) +
		ARRAY_SIZE(lfpt_sampler_cases) + ARRAY_SIZE(lfpt_event_cases) +
		ARRAY_SIZE(lfpt_dropq_cases) + ARRAY_SIZE(lfpt_rmap_cases) +
		ARRAY_SIZE(lfpt_sflight_cases) + ARRAY_SIZE(lfpt_group_cases) +
		ARRAY_SIZE(lfpt_batch_cases) + ARRAY_SIZE(lfpt_pubsub_cases));
	lfpt_run_table(lfpt_snap_cases, ARRAY_SIZE(lfpt_snap_cases));
	lfpt_run_table(lfpt_pcount_cases, ARRAY_SIZE(lfpt_pcount_cases));
	lfpt_run_table(lfpt_seqstat_cases, ARRAY_SIZE(lfpt_seqstat_cases));
	lfpt_run_table(lfpt_sampler_cases, ARRAY_SIZE(lfpt_sampler_cases));
	lfpt_run_table(lfpt_event_cases, ARRAY_SIZE(lfpt_event_cases));
	lfpt_run_table(lfpt_dropq_cases, ARRAY_SIZE(lfpt_dropq_cases));
	lfpt_run_table(lfpt_rmap_cases, ARRAY_SIZE(lfpt_rmap_cases));
	lfpt_run_table(lfpt_sflight_cases, ARRAY_SIZE(lfpt_sflight_cases));
	lfpt_run_table(lfpt_group_cases, ARRAY_SIZE(lfpt_group_cases));
	lfpt_run_table(lfpt_batch_cases, ARRAY_SIZE(lfpt_batch_cases));
	lfpt_run_table(lfpt_pubsub_cases, ARRAY_SIZE(lfpt_pubsub_cases));
}

KSTM_MODULE_LOADERS(lfprim_test);
MODULE_DESCRIPTION("lfprim shared test cases, kernel world");
MODULE_LICENSE("GPL");
