// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim pcount, kernel side: a percpu_counter (per-CPU s32 shards folded
 * into an s64 under a raw spinlock, a dead CPU's shard folded by the
 * counter library) with a batch that can be changed while adders run,
 * and an exact sum that stays exact while CPUs go offline.
 */
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/gfp.h>
#include <linux/percpu.h>
#include <linux/percpu_counter.h>
#include <linux/spinlock.h>

#include "compat.h"

#include <lfprim/pcount.h>
#include <lfprim/core/live.h>
#include <lfprim/core/pcount.h>

int lfp_pcount_init(struct lfp_pcount *pc, unsigned int batch,
		    unsigned int flags)
{
	int ret;

	ret = lfp_pcount_check_init(pc, batch, flags);
	if (ret)
		return ret;
	ret = percpu_counter_init(&pc->pcc, 0, GFP_KERNEL);
	if (ret)
		return ret;
	pc->batch = batch;
	pc->max_batch = batch;
	lfp_live_set(&pc->live);
	return 0;
}
LFP_EXPORT(lfp_pcount_init);

void lfp_pcount_destroy(struct lfp_pcount *pc)
{
	if (unlikely(lfp_dead(pc, live)))
		return;
	lfp_live_clear(&pc->live);
	percpu_counter_destroy(&pc->pcc);
}
LFP_EXPORT(lfp_pcount_destroy);

/*
 * Not percpu_counter_sum(): on 6.1 it adds up the online CPUs only, while
 * a CPU going offline keeps its shard until the CPU_DEAD callback folds
 * it into the total, so a sum taken meanwhile misses that shard (the
 * CPU-hotplug stress caught it).  Every possible CPU, under the lock the
 * fold takes, is exact at any time: a shard is either still there or
 * already in the total.
 */
long long lfp_pcount_sum(struct lfp_pcount *pc)
{
	unsigned long flags;
	s64 sum;
	int cpu;

	if (unlikely(lfp_dead(pc, live)))
		return 0;
	raw_spin_lock_irqsave(&pc->pcc.lock, flags);
	sum = pc->pcc.count;
	/*
	 * The lock keeps folds out, not adds: an adder's this_cpu_add() on
	 * its shard runs concurrently, so each shard is read once, whole
	 * (READ_ONCE), as percpu_counter's own sum reads it.
	 */
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(pc->pcc.counters, cpu));
	raw_spin_unlock_irqrestore(&pc->pcc.lock, flags);
	return sum;
}
LFP_EXPORT(lfp_pcount_sum);

unsigned long long lfp_pcount_error_bound(struct lfp_pcount *pc)
{
	if (unlikely(lfp_dead(pc, live)))
		return 0;
	return (unsigned long long)(READ_ONCE(pc->max_batch) - 1) *
	       num_possible_cpus();
}
LFP_EXPORT(lfp_pcount_error_bound);

int lfp_pcount_set_batch(struct lfp_pcount *pc, unsigned int batch)
{
	unsigned int old;

	if (unlikely(lfp_dead(pc, live)))
		return -EINVAL;
	if (lfp_pcount_check_batch(batch))
		return -ERANGE;
	/* Raise the bound before the batch so the bound is never too low. */
	old = READ_ONCE(pc->max_batch);
	while (batch > old) {
		unsigned int seen = cmpxchg(&pc->max_batch, old, batch);

		if (seen == old)
			break;
		old = seen;
	}
	WRITE_ONCE(pc->batch, batch);
	return 0;
}
LFP_EXPORT(lfp_pcount_set_batch);

unsigned int lfp_pcount_batch(struct lfp_pcount *pc)
{
	if (unlikely(lfp_dead(pc, live)))
		return 0;
	return READ_ONCE(pc->batch);
}
LFP_EXPORT(lfp_pcount_batch);
