/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel layout and fast paths of lfprim pcount: a percpu_counter whose
 * batch can be tuned live.
 */
#ifndef _LFPRIM_BACKEND_PCOUNT_H
#define _LFPRIM_BACKEND_PCOUNT_H

#include <linux/percpu_counter.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_pcount - a sharded counter
 * @pcc: per-CPU s32 shards and the folded s64 total
 * @batch: current fold threshold
 * @max_batch: largest batch in effect since init (for the error bound)
 */
struct lfp_pcount {
	struct percpu_counter pcc;
	unsigned int batch;
	unsigned int max_batch;
};

static __always_inline void __lfp_pcount_add(struct lfp_pcount *pc, long long delta)
{
	percpu_counter_add_batch(&pc->pcc, delta, READ_ONCE(pc->batch));
}

/*
 * The folded total, read without the lock that folds write it under: one
 * whole load (READ_ONCE, as percpu_counter_read_positive() reads it), an
 * intended race that KCSAN would otherwise report.
 */
static __always_inline long long __lfp_pcount_read(struct lfp_pcount *pc)
{
	return READ_ONCE(pc->pcc.count);
}

#endif /* _LFPRIM_BACKEND_PCOUNT_H */
