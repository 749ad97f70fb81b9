/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout of lfprim batch: a lock, two buffers, a delayed work. */
#ifndef _LFPRIM_BACKEND_BATCH_H
#define _LFPRIM_BACKEND_BATCH_H

#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <lfprim/backend/compat.h>

/**
 * struct lfp_batch - a size-or-time batcher
 * @lock: guards everything but @work
 * @buf: pending items
 * @spare: the other buffer (NULL while a flush uses it)
 * @flush: the flush function
 * @arg: its argument
 * @work: the flusher, on the unbound workqueue
 * @deadline: when the time trigger is due, by the clock (jiffies may lag
 *            and then catch up, so the flusher checks it)
 * @st: counters and settings
 * @live: LFP_LIVE from a successful init until destroy (the debug
 *        build's misuse checks, include/lfprim/core/live.h)
 */
struct lfp_batch {
	spinlock_t lock;
	void **buf;
	void **spare;
	void (*flush)(void **items, unsigned int n, void *arg);
	void *arg;
	struct delayed_work work;
	ktime_t deadline;
	struct lfp_batch_stats st;
	unsigned int live;
};

#endif /* _LFPRIM_BACKEND_BATCH_H */
