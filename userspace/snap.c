// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim snap, user-space side: rcu_xchg_pointer()/rcu_cmpxchg_pointer()
 * on one pointer, urcu-memb call_rcu() for deferred frees and
 * synchronize_rcu() for the sync variants.  The logic itself is in
 * include/lfprim/core/snap.h.
 */
#include "live.h"

#include <lfprim/snap.h>

static inline struct lfp_snap_node *lfp_snap_xchg(struct lfp_snap *snap,
						  struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	if (node)
		lfp_tsan_release(node);
	old = rcu_xchg_pointer(&snap->cur, node);
	/* The exchange also acquires what the previous publisher released. */
	if (old)
		lfp_tsan_acquire(old);
	return old;
}

static inline struct lfp_snap_node *lfp_snap_cmpxchg(struct lfp_snap *snap,
						     struct lfp_snap_node *old,
						     struct lfp_snap_node *node)
{
	struct lfp_snap_node *seen;

	if (node)
		lfp_tsan_release(node);
	seen = rcu_cmpxchg_pointer(&snap->cur, old, node);
	if (seen)
		lfp_tsan_acquire(seen);
	return seen;
}

static inline struct lfp_snap_node *lfp_snap_peek(struct lfp_snap *snap)
{
	return CMM_LOAD_SHARED(snap->cur);
}

static void lfp_snap_free_cb(struct rcu_head *rcu)
{
	struct lfp_snap_node *node = caa_container_of(rcu, struct lfp_snap_node, rcu);

	lfp_tsan_gp_end();
	lfp_tsan_acquire(node);
	lfp_rcu_in_free_fn++;
	node->free_fn(node);
	lfp_rcu_in_free_fn--;
	lfp_tsan_cb_end();
}

static inline void lfp_snap_queue_free(struct lfp_snap_node *node)
{
	/* call_rcu() takes a read-side section internally. */
	lfp_rcu_ensure_registered();
	lfp_tsan_release(node);
	urcu_memb_call_rcu(&node->rcu, lfp_snap_free_cb);
}

static inline void lfp_snap_wait_gp(void)
{
	urcu_memb_synchronize_rcu();
	lfp_tsan_gp_end();
}

static inline void lfp_snap_stat_inc(unsigned long long *ctr)
{
	__atomic_fetch_add(ctr, 1, __ATOMIC_RELAXED);
}

static inline unsigned long long lfp_snap_stat_read(unsigned long long *ctr)
{
	return __atomic_load_n(ctr, __ATOMIC_RELAXED);
}

#define lfp_snap_dead(snap)		lfp_misuse(lfp_dead(snap, live))
#define lfp_snap_mark_live(snap)	lfp_live_set(&(snap)->live)
#define lfp_snap_mark_dead(snap)	lfp_live_clear(&(snap)->live)
#define lfp_snap_null(p)		lfp_misuse(!(p))

#include <lfprim/core/snap.h>

void lfp_snap_barrier(void)
{
	if (lfp_rcu_refuse_in_free_fn(__func__))
		return;
	urcu_memb_barrier();
	lfp_tsan_gp_end();
}
