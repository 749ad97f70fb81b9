// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel runner of the shared cases and misuse tests: runs every one at
 * load time, prints KTAP, and fails the load (-EINVAL) if any failed, the
 * kselftest_module.h pattern.
 */
#define pr_fmt(fmt) fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include <lfprim/kmod.h>

#include "shim.h"

#include "../cases/all.c"
#include "../cases/misuse.h"

#include "kselftest_module.h"

unsigned int lfpt_scale_pct = 100;
module_param_named(scale, lfpt_scale_pct, uint, 0444);
MODULE_PARM_DESC(scale, "Percent of the default iteration counts (default 100)");

static unsigned int stress_ms;
module_param(stress_ms, uint, 0444);
MODULE_PARM_DESC(stress_ms, "After the cases, stress them for this many ms (default 0)");

int lfpt_stress_on;

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

/*
 * The misuse rows (misuse.h) of the primitives whose objects the test
 * build refuses when dead, each named as in user space with "user_"
 * replaced by "kernel_".  The refusals are logged (kmod/misuse.c), the
 * first few of the load only.
 */
static void __init lfpt_run_misuse(const struct lfpt_misuse *rows, size_t n)
{
	static const char user[] = "user_";
	struct lfpt t;
	const char *name;
	size_t i;
	long failed;

	for (i = 0; i < n; i++) {
		name = rows[i].name;
		if (!strncmp(name, user, sizeof(user) - 1))
			name += sizeof(user) - 1;
		t.name = name;
		lfpt_atomic_set(&t.failures, 0);
		lfpt_misuse_run(&t, &rows[i]);
		failed = lfpt_atomic_read(&t.failures);
		KSTM_CHECK_ZERO(failed);
		pr_info("%sok %u kernel_%s\n", failed ? "not " : "",
			total_tests, name);
	}
}

/*
 * Stress: per primitive, rounds of its torture driver (50 .. 400 ms, 1 ..
 * 2 * CPUs + 2 kthreads) and of its cases at a random scale, with random
 * sleeps at the relax points, for stress_ms in all.  A verdict line per
 * primitive; any failure fails the load.
 */
static void __init lfpt_stress(void)
{
	unsigned int saved = lfpt_scale_pct, bad_prims = 0, nth;
	unsigned int ncpu = num_online_cpus();
	unsigned long long share, end;
	unsigned long rounds, failed;
	long ops;
	const struct lfpt_prim *p;
	struct lfpt t;
	size_t j, i;

	share = (unsigned long long)stress_ms * NSEC_PER_MSEC /
		ARRAY_SIZE(lfpt_prims);
	lfpt_stress_on = 1;
	for (j = 0; j < ARRAY_SIZE(lfpt_prims); j++) {
		p = lfpt_prims[j];
		end = ktime_get_ns() + share;
		rounds = 0;
		failed = 0;
		ops = 0;
		do {
			nth = 1 + get_random_u32() % (2 * ncpu + 2);
			t.name = "torture";
			lfpt_atomic_set(&t.failures, 0);
			ops += lfpt_torture_run(&t, p->torture,
						50 + get_random_u32() % 351,
						nth, get_random_u32());
			failed += !!lfpt_atomic_read(&t.failures);
			/* 10 % .. 100 % of the scale the module was given. */
			lfpt_scale_pct = max(1U, saved * (10 + get_random_u32() % 91) / 100);
			for (i = 0; i < p->ncases; i++) {
				t.name = p->cases[i].name;
				lfpt_atomic_set(&t.failures, 0);
				p->cases[i].fn(&t);
				failed += !!lfpt_atomic_read(&t.failures);
			}
			rounds++;
		} while (ktime_get_ns() < end);
		pr_info("lfprim-stress: kernel %-8s %s rounds=%lu failed=%lu torture_ops=%ld cpus=%u\n",
			p->name, failed ? "FAIL" : "PASS", rounds,
			failed, ops, ncpu);
		bad_prims += !!failed;
	}
	lfpt_stress_on = 0;
	lfpt_scale_pct = saved;
	pr_info("lfprim-stress: kernel verdict %s\n", bad_prims ? "FAIL" : "PASS");
	KSTM_CHECK_ZERO(bad_prims);
}

static void __init selftest(void)
{
	size_t j, nmisuse = 0;

	for (j = 0; j < ARRAY_SIZE(lfpt_prims); j++)
		nmisuse += lfpt_prims[j]->nmisuse;
	pr_info("KTAP version 1\n");
	pr_info("1..%zu\n", lfpt_nr_cases() + nmisuse + !!stress_ms);
	for (j = 0; j < ARRAY_SIZE(lfpt_prims); j++)
		lfpt_run_table(lfpt_prims[j]->cases, lfpt_prims[j]->ncases);
	for (j = 0; j < ARRAY_SIZE(lfpt_prims); j++)
		lfpt_run_misuse(lfpt_prims[j]->misuse, lfpt_prims[j]->nmisuse);
	if (stress_ms)
		lfpt_stress();
}

KSTM_MODULE_LOADERS(lfprim_test);
MODULE_DESCRIPTION("lfprim shared test cases, kernel world");
MODULE_LICENSE("GPL");
/* Every lfprim symbol, lfp_inject_set() too, is in the LFPRIM namespace. */
LFP_IMPORT_NS();
