/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The logic of lfprim snap, written once for both worlds.  Included by
 * exactly one .c file per world (kmod/snap.c, userspace/snap.c), after the
 * backend header, which provides:
 *
 *   lfp_snap_xchg(snap, node)        fully ordered exchange of snap->cur
 *   lfp_snap_cmpxchg(snap, old, new) fully ordered compare-and-exchange
 *   lfp_snap_peek(snap)              snap->cur outside a read-side section
 *   lfp_snap_queue_free(node)        free_fn(node) after a grace period
 *   lfp_snap_wait_gp()               wait for a grace period
 *   lfp_snap_stat_inc(ctr)           relaxed increment of a stats counter
 *   lfp_snap_stat_read(ctr)          relaxed read of a stats counter
 *   LFP_EXPORT(sym)                  export from the module, or nothing
 */
#ifndef _LFPRIM_CORE_SNAP_H
#define _LFPRIM_CORE_SNAP_H

#include <lfprim/snap.h>

/*
 * Misuse checks (see "Misuse:" in lfprim/snap.h).  User space defines
 * these before including this file:
 *
 *   lfp_snap_dead(snap)       nonzero for a NULL, never initialised or
 *                             destroyed snap
 *   lfp_snap_mark_live(snap)  end of a successful init
 *   lfp_snap_mark_dead(snap)  start of destroy
 *   lfp_snap_null(p)          nonzero for a NULL pointer argument
 *
 * The kernel treats misuse as a bug, as its own primitives do, and gets
 * these defaults, which compile to nothing.
 */
#ifndef lfp_snap_dead
#define lfp_snap_dead(snap)		((void)(snap), 0)
#define lfp_snap_mark_live(snap)	((void)(snap))
#define lfp_snap_mark_dead(snap)	((void)(snap))
#define lfp_snap_null(p)		((void)(p), 0)
#endif

int lfp_snap_init(struct lfp_snap *snap, struct lfp_snap_node *initial,
		  void (*free_fn)(struct lfp_snap_node *node))
{
	if (!snap || !free_fn)
		return -EINVAL;
	snap->free_fn = free_fn;
	snap->publishes = (typeof(snap->publishes)){ 0 };
	snap->updates = (typeof(snap->updates)){ 0 };
	snap->retries = (typeof(snap->retries)){ 0 };
	snap->retired = (typeof(snap->retired)){ 0 };
	lfp_snap_xchg(snap, initial);
	lfp_snap_mark_live(snap);
	return 0;
}
LFP_EXPORT(lfp_snap_init);

/* Hand a replaced object to its free function after a grace period. */
static void lfp_snap_retire(struct lfp_snap *snap, struct lfp_snap_node *old)
{
	if (!old)
		return;
	old->free_fn = snap->free_fn;
	lfp_snap_stat_inc(&snap->retired);
	lfp_snap_queue_free(old);
}

/*
 * Install @node and return the object it replaced, or @node itself when
 * @node already was the current object (then nothing changed).  The
 * exchange is fully ordered, so @node's initialisation is visible before
 * the pointer: what rcu_assign_pointer() guarantees.
 */
static struct lfp_snap_node *lfp_snap_install(struct lfp_snap *snap,
					      struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	if (node && node == lfp_snap_peek(snap))
		return node;
	old = lfp_snap_xchg(snap, node);
	/* A racing publisher installed the same node: nothing to retire. */
	if (old == node && node)
		return node;
	lfp_snap_stat_inc(&snap->publishes);
	return old;
}

int lfp_snap_publish(struct lfp_snap *snap, struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	if (lfp_snap_dead(snap))
		return -EINVAL;
	old = lfp_snap_install(snap, node);
	if (old == node && node)
		return -EINVAL;
	lfp_snap_retire(snap, old);
	return 0;
}
LFP_EXPORT(lfp_snap_publish);

int lfp_snap_publish_sync(struct lfp_snap *snap, struct lfp_snap_node *node)
{
	struct lfp_snap_node *old;

	if (lfp_snap_dead(snap))
		return -EINVAL;
	old = lfp_snap_install(snap, node);
	if (old == node && node)
		return -EINVAL;
	if (old) {
		lfp_snap_stat_inc(&snap->retired);
		lfp_snap_wait_gp();
		snap->free_fn(old);
	}
	return 0;
}
LFP_EXPORT(lfp_snap_publish_sync);

int lfp_snap_update(struct lfp_snap *snap, struct lfp_snap_node *scratch,
		    int (*modify)(const struct lfp_snap_node *old,
				  struct lfp_snap_node *scratch, void *arg),
		    void *arg)
{
	struct lfp_snap_node *old, *seen;
	int ret;

	if (!scratch || !modify || lfp_snap_dead(snap))
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
		 * Fully ordered on success: @scratch's contents are visible
		 * before the pointer.  @old cannot be freed and reused while
		 * we are inside the read-side section, so a successful
		 * compare means nobody replaced it in between (no ABA).
		 */
		seen = lfp_snap_cmpxchg(snap, old, scratch);
		lfp_snap_read_unlock();
		if (seen == old)
			break;
		lfp_snap_stat_inc(&snap->retries);
	}
	lfp_snap_stat_inc(&snap->updates);
	lfp_snap_retire(snap, old);
	return 0;
}
LFP_EXPORT(lfp_snap_update);

void lfp_snap_get_stats(struct lfp_snap *snap, struct lfp_snap_stats *stats)
{
	if (lfp_snap_null(stats))
		return;
	if (lfp_snap_dead(snap)) {
		*stats = (struct lfp_snap_stats){ 0 };
		return;
	}
	stats->publishes = lfp_snap_stat_read(&snap->publishes);
	stats->updates = lfp_snap_stat_read(&snap->updates);
	stats->retries = lfp_snap_stat_read(&snap->retries);
	stats->retired = lfp_snap_stat_read(&snap->retired);
}
LFP_EXPORT(lfp_snap_get_stats);

void lfp_snap_destroy(struct lfp_snap *snap)
{
	struct lfp_snap_node *cur;

	if (lfp_snap_dead(snap))
		return;
	lfp_snap_mark_dead(snap);
	cur = lfp_snap_xchg(snap, NULL);
	if (cur) {
		lfp_snap_wait_gp();
		snap->free_fn(cur);
	}
}
LFP_EXPORT(lfp_snap_destroy);

#endif /* _LFPRIM_CORE_SNAP_H */
