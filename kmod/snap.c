// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim snap, kernel side: xchg()/cmpxchg() on the RCU pointer,
 * call_rcu() for deferred frees, synchronize_rcu() for the sync variants.
 * The logic itself is in include/lfprim/core/snap.h.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/rcupdate.h>

#include "compat.h"

#include <lfprim/snap.h>

static inline struct lfp_snap_node *lfp_snap_xchg(struct lfp_snap *snap,
						  struct lfp_snap_node *node)
{
	return unrcu_pointer(xchg(&snap->cur, RCU_INITIALIZER(node)));
}

static inline struct lfp_snap_node *lfp_snap_cmpxchg(struct lfp_snap *snap,
						     struct lfp_snap_node *old,
						     struct lfp_snap_node *node)
{
	return unrcu_pointer(cmpxchg(&snap->cur, RCU_INITIALIZER(old),
				     RCU_INITIALIZER(node)));
}

static inline struct lfp_snap_node *lfp_snap_peek(struct lfp_snap *snap)
{
	return rcu_access_pointer(snap->cur);
}

static void lfp_snap_free_cb(struct rcu_head *rcu)
{
	struct lfp_snap_node *node = container_of(rcu, struct lfp_snap_node, rcu);

	node->free_fn(node);
}

static inline void lfp_snap_queue_free(struct lfp_snap_node *node)
{
	call_rcu(&node->rcu, lfp_snap_free_cb);
}

static inline void lfp_snap_wait_gp(void)
{
	might_sleep();
	synchronize_rcu();
}

#define lfp_snap_stat_inc(ctr)	atomic64_inc(ctr)
#define lfp_snap_stat_read(ctr)	atomic64_read(ctr)

#include <lfprim/core/snap.h>

void lfp_snap_barrier(void)
{
	rcu_barrier();
}
LFP_EXPORT(lfp_snap_barrier);
