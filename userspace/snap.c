// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim snap, user-space side: rcu_xchg_pointer()/rcu_cmpxchg_pointer()
 * on one pointer, urcu-memb call_rcu() for deferred frees and
 * synchronize_rcu() for the sync variants.
 */
#include <lfprim/snap.h>

int lfp_snap_init(struct lfp_snap *snap, struct lfp_snap_node *initial,
		  void (*free_fn)(struct lfp_snap_node *node))
{
	if (!snap || !free_fn)
		return -EINVAL;
	snap->free_fn = free_fn;
	snap->publishes = 0;
	snap->updates = 0;
	snap->retries = 0;
	snap->retired = 0;
	rcu_set_pointer(&snap->cur, initial);
	return 0;
}

static void lfp_stat_inc(unsigned long long *ctr)
{
	__atomic_fetch_add(ctr, 1, __ATOMIC_RELAXED);
}

static void lfp_snap_free_cb(struct rcu_head *rcu)
{
	struct lfp_snap_node *node = caa_container_of(rcu, struct lfp_snap_node, rcu);

	node->free_fn(node);
}

static void lfp_snap_retire(struct lfp_snap *snap, struct lfp_snap_node *old)
{
	if (!old)
		return;
	old->free_fn = snap->free_fn;
	lfp_stat_inc(&snap->retired);
	/* call_rcu() takes a read-side section internally. */
	lfp_rcu_ensure_registered();
	urcu_memb_call_rcu(&old->rcu, lfp_snap_free_cb);
}

int lfp_snap_publish(struct lfp_snap *snap, struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	if (node && node == CMM_LOAD_SHARED(snap->cur))
		return -EINVAL;
	/* Fully ordered: @node's contents are visible before the pointer. */
	old = rcu_xchg_pointer(&snap->cur, node);
	if (lfp_unlikely(old == node && node))
		return -EINVAL;
	lfp_stat_inc(&snap->publishes);
	lfp_snap_retire(snap, old);
	return 0;
}

int lfp_snap_publish_sync(struct lfp_snap *snap, struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	if (node && node == CMM_LOAD_SHARED(snap->cur))
		return -EINVAL;
	old = rcu_xchg_pointer(&snap->cur, node);
	if (lfp_unlikely(old == node && node))
		return -EINVAL;
	lfp_stat_inc(&snap->publishes);
	if (old) {
		lfp_stat_inc(&snap->retired);
		urcu_memb_synchronize_rcu();
		snap->free_fn(old);
	}
	return 0;
}

int lfp_snap_update(struct lfp_snap *snap, struct lfp_snap_node *scratch,
		    int (*modify)(const struct lfp_snap_node *old,
				  struct lfp_snap_node *scratch, void *arg),
		    void *arg)
{
	struct lfp_snap_node *old, *seen;
	int ret;

	if (!scratch || !modify)
		return -EINVAL;
	for (;;) {
		lfp_snap_read_lock();
		old = lfp_snap_deref(snap);
		ret = modify(old, scratch, arg);
		if (ret) {
			lfp_snap_read_unlock();
			return ret;
		}
		/*
		 * Fully ordered on success.  @old cannot be freed and reused
		 * while we hold the read-side section, so a successful
		 * compare means nobody replaced it in between (no ABA).
		 */
		seen = rcu_cmpxchg_pointer(&snap->cur, old, scratch);
		lfp_snap_read_unlock();
		if (seen == old)
			break;
		lfp_stat_inc(&snap->retries);
	}
	lfp_stat_inc(&snap->updates);
	lfp_snap_retire(snap, old);
	return 0;
}

void lfp_snap_get_stats(struct lfp_snap *snap, struct lfp_snap_stats *stats)
{
	stats->publishes = __atomic_load_n(&snap->publishes, __ATOMIC_RELAXED);
	stats->updates = __atomic_load_n(&snap->updates, __ATOMIC_RELAXED);
	stats->retries = __atomic_load_n(&snap->retries, __ATOMIC_RELAXED);
	stats->retired = __atomic_load_n(&snap->retired, __ATOMIC_RELAXED);
}

void lfp_snap_destroy(struct lfp_snap *snap)
{
	struct lfp_snap_node *cur;

	cur = rcu_xchg_pointer(&snap->cur, NULL);
	if (cur) {
		urcu_memb_synchronize_rcu();
		snap->free_fn(cur);
	}
}

void lfp_snap_barrier(void)
{
	urcu_memb_barrier();
}
