// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel runner of the shared cases: runs every case at load time, prints
 * KTAP, and fails the load (-EINVAL) if any case failed, the
 * kselftest_module.h pattern.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

#include "shim.h"

#include "../cases/snap.c"
#include "../cases/pcount.c"

#include "kselftest_module.h"

unsigned int lfpt_scale_pct = 100;
module_param_named(scale, lfpt_scale_pct, uint, 0444);
MODULE_PARM_DESC(scale, "Percent of the default iteration counts (default 100)");

KSTM_MODULE_GLOBALS();

#define LFPT_COUNT(c) + 1
#define LFPT_KERNEL_TEST(c)						\
	do {								\
		struct lfpt t = { .name = #c };			\
									\
		atomic_long_set(&t.failures, 0);			\
		lfpt_case_##c(&t);					\
		KSTM_CHECK_ZERO(atomic_long_read(&t.failures));		\
		printk(KERN_INFO "%sok %u %s\n",			\
		       atomic_long_read(&t.failures) ? "not " : "",	\
		       total_tests, #c);				\
	} while (0);

static void __init selftest(void)
{
	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "1..%d\n", 0 LFPT_SNAP_CASES(LFPT_COUNT)
	       LFPT_PCOUNT_CASES(LFPT_COUNT));
	LFPT_SNAP_CASES(LFPT_KERNEL_TEST)
	LFPT_PCOUNT_CASES(LFPT_KERNEL_TEST)
}

KSTM_MODULE_LOADERS(lfprim_test);
MODULE_DESCRIPTION("lfprim shared test cases, kernel world");
MODULE_LICENSE("GPL");
