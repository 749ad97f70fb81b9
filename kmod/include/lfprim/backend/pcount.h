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
 * @live: LFP_LIVE from a successful init until destroy (the debug
 *        build's misuse checks, include/lfprim/core/live.h)
 */
struct lfp_pcount {
	struct percpu_counter pcc;
	unsigned int batch;
	unsigned int max_batch;
	unsigned int live;
};

/* Largest |delta| the fast path takes: old + delta cannot overflow an s32. */
#define LFP_PCOUNT_FAST_MAX	(1LL << 30)

/*
 * The fast path: one this_cpu_cmpxchg() of this CPU's s32 shard, from
 * the value just read to that value plus @delta, when the sum stays
 * inside the one bound the add moves toward: below the batch for a
 * @delta of zero or more, above minus the batch for a negative one.  No
 * preempt_disable(), no call: the read and the exchange may land on
 * different CPUs after a migration, or an interrupt's add may come in
 * between, and then the exchange sees a value it did not expect and
 * fails, or it succeeds because that CPU's shard holds exactly what was
 * read, which is as good.  So a shard is only ever set to a value
 * between one it held and the bound checked, and its magnitude stays
 * below the largest batch read here, which is at most max_batch (shards
 * start at zero, and set_batch raises max_batch before the batch): the
 * error bound holds at every instant.  After set_batch() lowered the
 * batch, an add toward zero may leave a shard beyond the new batch; the
 * next add away from zero folds it.  For a constant @delta (inc, dec)
 * the size check and the choice of bound cost nothing.
 *
 * Everything else (|delta| of 2^30 or more, a shard that would reach the
 * bound, a lost exchange) takes percpu_counter_add_batch(), which folds
 * the shard into the total under the counter's lock when it reaches the
 * batch.  The batch is read once (READ_ONCE), so a concurrent set_batch()
 * gives this add either the old or the new batch, each of them a valid
 * one.
 */
static __always_inline void __lfp_pcount_add(struct lfp_pcount *pc, long long delta)
{
	s32 batch = READ_ONCE(pc->batch);
	s32 old, new;

	if (likely(delta < LFP_PCOUNT_FAST_MAX && delta > -LFP_PCOUNT_FAST_MAX)) {
		old = this_cpu_read(*pc->pcc.counters);
		/* |old| < LFP_PCOUNT_BATCH_MAX and |delta| too: no overflow. */
		new = old + (s32)delta;
		if (likely(delta >= 0 ? new < batch : new > -batch) &&
		    likely(this_cpu_cmpxchg(*pc->pcc.counters, old, new) == old))
			return;
	}
	percpu_counter_add_batch(&pc->pcc, delta, batch);
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
