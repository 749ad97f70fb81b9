/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The part of lfprim rmap that is the same in both worlds: the whole-map
 * reference, built on snap.  Included by exactly one .c file per world
 * (kmod/rmap.c, userspace/rmap.c).
 */
#ifndef _LFPRIM_CORE_RMAP_H
#define _LFPRIM_CORE_RMAP_H

#include <lfprim/rmap.h>

/*
 * Misuse checks (see "Misuse:" in lfprim/rmap.h and core/live.h).  User
 * space, and the kernel for the map (a no-op outside its debug build),
 * define these before including this file:
 *
 *   lfp_rmap_dead(map)      nonzero for a NULL, never initialised or
 *                           destroyed map
 *   lfp_rmap_ref_dead(ref)  the same for a ref (live while its snap is)
 *   lfp_rmap_in_free_fn(what)  nonzero (after saying so) when called from
 *                           a free function that runs after a grace
 *                           period, where destroying a map would wait for
 *                           itself
 *
 * The kernel treats misuse as a bug, as its own primitives do, and gets
 * these defaults, which compile to nothing (there, destroying a map
 * sleeps, and the sleep-in-atomic checks catch it in softirq).
 */
#ifndef lfp_rmap_dead
#define lfp_rmap_dead(map)		((void)(map), 0)
#define lfp_rmap_ref_dead(ref)		((void)(ref), 0)
#define lfp_rmap_in_free_fn(what)	((void)(what), 0)
#endif

/* The snap's free function: runs in the publisher's context, may sleep. */
static void lfp_rmap_ref_free(struct lfp_snap_node *node)
{
	struct lfp_rmap *map = lfp_container_of(node, struct lfp_rmap, ref_node);

	lfp_rmap_destroy(map);
	if (map->release)
		map->release(map);
}

int lfp_rmap_ref_init(struct lfp_rmap_ref *ref)
{
	if (!ref)
		return -EINVAL;
	return lfp_snap_init(&ref->snap, NULL, lfp_rmap_ref_free);
}
LFP_EXPORT(lfp_rmap_ref_init);

int lfp_rmap_ref_publish(struct lfp_rmap_ref *ref, struct lfp_rmap *map,
			 void (*release)(struct lfp_rmap *map))
{
	if (lfp_rmap_ref_dead(ref) || (map && lfp_rmap_dead(map)))
		return -EINVAL;
	if (lfp_rmap_in_free_fn(__func__))
		return -EDEADLK;
	if (map)
		map->release = release;
	/*
	 * publish_sync frees the old map here, after a grace period, not
	 * from an RCU callback: destroying a table may sleep (kernel) and
	 * must not run in liburcu's call_rcu thread (user space).
	 */
	return lfp_snap_publish_sync(&ref->snap, map ? &map->ref_node : NULL);
}
LFP_EXPORT(lfp_rmap_ref_publish);

void lfp_rmap_ref_destroy(struct lfp_rmap_ref *ref)
{
	if (lfp_rmap_ref_dead(ref) ||
	    lfp_rmap_in_free_fn(__func__))
		return;
	lfp_snap_destroy(&ref->snap);
}
LFP_EXPORT(lfp_rmap_ref_destroy);

#endif /* _LFPRIM_CORE_RMAP_H */
