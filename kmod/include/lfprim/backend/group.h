/* SPDX-License-Identifier: GPL-2.0-only */
/* Kernel layout of lfprim group: a workqueue, a lock, a wait queue. */
#ifndef _LFPRIM_BACKEND_GROUP_H
#define _LFPRIM_BACKEND_GROUP_H

#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <lfprim/backend/compat.h>
#include <lfprim/event.h>

/**
 * struct lfp_group - a bounded task group
 * @lock: guards @st
 * @wq: go() and wait() sleep here
 * @tasks: the group's workqueue
 * @cancel: fired on the first error or lfp_group_cancel()
 * @st: counters and state
 * @live: LFP_LIVE from a successful init until destroy (the debug
 *        build's misuse checks, include/lfprim/core/live.h)
 */
struct lfp_group {
	spinlock_t lock;
	wait_queue_head_t wq;
	struct workqueue_struct *tasks;
	struct lfp_event cancel;
	struct lfp_group_stats st;
	unsigned int live;
};

#endif /* _LFPRIM_BACKEND_GROUP_H */
