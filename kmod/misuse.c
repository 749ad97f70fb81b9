// SPDX-License-Identifier: GPL-2.0-only
/*
 * Misuse reports of the kernel's debug builds (include/lfprim/core/live.h,
 * LFPRIM_DEBUG=y, and the test build): a call on an object that is not
 * live logs which call and what the object is, besides returning the
 * documented error.  No stack trace: the test lanes fail on any
 * "Call Trace:" in the log, and the report is expected there.  The first LFP_MISUSE_PRINT reports of
 * a load are logged; every one is counted and the last one kept, for the
 * tests of the test build (core/inject.h).
 */
#include <linux/atomic.h>
#include <linux/export.h>
#include <linux/printk.h>
#include <linux/spinlock.h>

#include "compat.h"

#include <lfprim/core/inject.h>
#include <lfprim/core/live.h>

#define LFP_MISUSE_PRINT	8

static atomic_long_t lfp_misuse_count = ATOMIC_LONG_INIT(0);
static DEFINE_SPINLOCK(lfp_misuse_lock);
static char lfp_misuse_msg[192];

int lfp_misuse_report(const char *fn, const void *obj, const unsigned int *live)
{
	unsigned long flags;
	long n;

	spin_lock_irqsave(&lfp_misuse_lock, flags);
	snprintf(lfp_misuse_msg, sizeof(lfp_misuse_msg), "lfprim: %s(%p): %s",
		 fn, obj, lfp_misuse_what(obj, live));
	spin_unlock_irqrestore(&lfp_misuse_lock, flags);
	n = atomic_long_inc_return(&lfp_misuse_count);
	if (n <= LFP_MISUSE_PRINT)
		pr_err("lfprim: %s(%p) refused %s%s\n", fn, obj,
		       lfp_misuse_what(obj, live),
		       n == LFP_MISUSE_PRINT ? " (further reports not logged)" : "");
	return 1;
}

#ifdef LFPRIM_INJECT
/* The tests' view (core/inject.h): test builds only. */
unsigned long lfp_misuse_reports(void)
{
	return atomic_long_read(&lfp_misuse_count);
}
LFP_EXPORT(lfp_misuse_reports);

const char *lfp_misuse_last(void)
{
	return lfp_misuse_msg;
}
LFP_EXPORT(lfp_misuse_last);
#endif /* LFPRIM_INJECT */
