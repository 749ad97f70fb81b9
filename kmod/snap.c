// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim snap, kernel side: rcu_assign_pointer/xchg/cmpxchg on one pointer,
 * call_rcu() for deferred frees, synchronize_rcu() for the sync variants.
 */
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include <lfprim/snap.h>

int lfp_snap_init(struct lfp_snap *snap, struct lfp_snap_node *initial,
		  void (*free_fn)(struct lfp_snap_node *node))
{
	if (!snap || !free_fn)
		return -EINVAL;
	snap->free_fn = free_fn;
	atomic64_set(&snap->publishes, 0);
	atomic64_set(&snap->updates, 0);
	atomic64_set(&snap->retries, 0);
	atomic64_set(&snap->retired, 0);
	RCU_INIT_POINTER(snap->cur, initial);
	return 0;
}
EXPORT_SYMBOL_GPL(lfp_snap_init);

static void lfp_snap_free_cb(struct rcu_head *rcu)
{
	struct lfp_snap_node *node = container_of(rcu, struct lfp_snap_node, rcu);

	node->free_fn(node);
}

/* Hand a replaced object to its free function after a grace period. */
static void lfp_snap_retire(struct lfp_snap *snap, struct lfp_snap_node *old)
{
	if (!old)
		return;
	old->free_fn = snap->free_fn;
	atomic64_inc(&snap->retired);
	call_rcu(&old->rcu, lfp_snap_free_cb);
}

/*
 * xchg() is a full barrier, so the initialisation of @node is ordered
 * before the pointer store, which is what rcu_assign_pointer() provides.
 */
static struct lfp_snap_node *lfp_snap_swap(struct lfp_snap *snap,
					   struct lfp_snap_node *node)
{
	return unrcu_pointer(xchg(&snap->cur, RCU_INITIALIZER(node)));
}

int lfp_snap_publish(struct lfp_snap *snap, struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	if (node && node == rcu_access_pointer(snap->cur))
		return -EINVAL;
	old = lfp_snap_swap(snap, node);
	if (unlikely(old == node && node)) {
		/* A racing publisher installed the same node: keep it alive. */
		return -EINVAL;
	}
	atomic64_inc(&snap->publishes);
	lfp_snap_retire(snap, old);
	return 0;
}
EXPORT_SYMBOL_GPL(lfp_snap_publish);

int lfp_snap_publish_sync(struct lfp_snap *snap, struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	might_sleep();
	if (node && node == rcu_access_pointer(snap->cur))
		return -EINVAL;
	old = lfp_snap_swap(snap, node);
	if (unlikely(old == node && node))
		return -EINVAL;
	atomic64_inc(&snap->publishes);
	if (old) {
		atomic64_inc(&snap->retired);
		synchronize_rcu();
		snap->free_fn(old);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(lfp_snap_publish_sync);

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
		rcu_read_lock();
		old = rcu_dereference(snap->cur);
		ret = modify(old, scratch, arg);
		if (ret) {
			rcu_read_unlock();
			return ret;
		}
		/*
		 * cmpxchg() is fully ordered on success: @scratch's contents
		 * are visible before the pointer.  @old cannot be freed and
		 * reused while we are in the read-side section, so a
		 * successful compare means nobody replaced it in between
		 * (no ABA).
		 */
		seen = unrcu_pointer(cmpxchg(&snap->cur, RCU_INITIALIZER(old),
					     RCU_INITIALIZER(scratch)));
		rcu_read_unlock();
		if (seen == old)
			break;
		atomic64_inc(&snap->retries);
	}
	atomic64_inc(&snap->updates);
	lfp_snap_retire(snap, old);
	return 0;
}
EXPORT_SYMBOL_GPL(lfp_snap_update);

void lfp_snap_get_stats(struct lfp_snap *snap, struct lfp_snap_stats *stats)
{
	stats->publishes = atomic64_read(&snap->publishes);
	stats->updates = atomic64_read(&snap->updates);
	stats->retries = atomic64_read(&snap->retries);
	stats->retired = atomic64_read(&snap->retired);
}
EXPORT_SYMBOL_GPL(lfp_snap_get_stats);

void lfp_snap_destroy(struct lfp_snap *snap)
{
	struct lfp_snap_node *cur;

	might_sleep();
	cur = lfp_snap_swap(snap, NULL);
	if (cur) {
		synchronize_rcu();
		snap->free_fn(cur);
	}
}
EXPORT_SYMBOL_GPL(lfp_snap_destroy);

void lfp_snap_barrier(void)
{
	rcu_barrier();
}
EXPORT_SYMBOL_GPL(lfp_snap_barrier);
