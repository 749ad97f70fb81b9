/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel layout and fast paths of lfprim snap: the kernel's own RCU.
 */
#ifndef _LFPRIM_BACKEND_SNAP_H
#define _LFPRIM_BACKEND_SNAP_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>

#include <lfprim/backend/compat.h>

struct lfp_snap_node;

/**
 * struct lfp_snap - an RCU-protected snapshot pointer
 * @cur: the current object
 * @free_fn: frees a retired object
 * @publishes: see struct lfp_snap_stats
 * @updates: see struct lfp_snap_stats
 * @retries: see struct lfp_snap_stats
 * @retired: see struct lfp_snap_stats
 */
struct lfp_snap {
	struct lfp_snap_node __rcu *cur;
	void (*free_fn)(struct lfp_snap_node *node);
	atomic64_t publishes;
	atomic64_t updates;
	atomic64_t retries;
	atomic64_t retired;
};

static __always_inline void __lfp_snap_read_lock(void)
{
	rcu_read_lock();
}

static __always_inline void __lfp_snap_read_unlock(void)
{
	rcu_read_unlock();
}

static __always_inline struct lfp_snap_node *__lfp_snap_deref(struct lfp_snap *snap)
{
	return rcu_dereference(snap->cur);
}

/* An empty snap, counters zero (LFP_SNAP_INIT). */
#define __LFP_SNAP_INIT(free)	{ .cur = NULL, .free_fn = (free) }

#endif /* _LFPRIM_BACKEND_SNAP_H */
