/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim rmap - a read-mostly hash map: lookups take no lock.
 *
 * Replaces a map under a rwlock (and Go's sync.Map).  Keys are u64; values
 * are caller objects that embed a struct lfp_rmap_node.  A lookup runs
 * inside a read-side section (lfp_rmap_read_lock(), the same RCU section
 * as lfp_snap_read_lock()) and the node it returns stays valid until the
 * section ends.  Writers insert (unique), insert or replace, and delete;
 * a node taken out of the map goes to the map's free function after a
 * grace period.  The table grows and shrinks by itself.
 *
 * A whole map can also be built off line and published in one step
 * (struct lfp_rmap_ref): readers see the old map or the new one, never a
 * mix, and the old one is destroyed once no reader can hold it.
 *
 * Kernel: rhashtable, writers serialized by a mutex.  User space: a
 * chained hash table of its own under urcu-memb RCU, writers serialized
 * by a mutex too (userspace/rmap.c); it resizes in its writers, and in
 * liburcu's call_rcu worker a grace period after a resize.
 *
 * Concurrency and context:
 *
 *   operation          | may run concurrently with      | context
 *   -------------------+--------------------------------+--------------------
 *   lookup/for_each    | everything but init/destroy    | inside a read-side
 *                      |                                | section (for_each
 *                      |                                | takes its own)
 *   insert/replace/    | everything but init/destroy    | may sleep (a
 *   delete             |                                | mutex); user: any
 *                      |                                | thread, in a read-
 *                      |                                | side section too
 *   size               | everything but init/destroy    | any
 *   init/destroy       | nothing on the same map        | may sleep; not in a
 *                      |                                | read-side section
 *   ref_publish/       | ref_deref                      | may sleep; not in a
 *   ref_destroy        |                                | read-side section
 *
 * Guarantees: a lookup returns a node that is in the map or was in it
 * during the lookup, fully initialised (insertion publishes with release
 * semantics); never a freed node.  Each key is in the map at most once.
 * Insert, replace and delete are linearizable in both worlds: each takes
 * effect at one instant between its call and its return, and its return
 * value is the one that instant explains (a delete racing a replace of
 * the same key deletes the replacing node and returns 0: the key never
 * left the map).  lfp_rmap_size() is exact once writers are quiescent and
 * bounded while they run (see there).  A node belongs to
 * the map from a successful insert/replace until its free function runs;
 * lfp_rmap_destroy() frees every node still in the map, and waits for the
 * ones already retired.
 *
 * fork() (user space, without exec): as for snap (see lfprim/snap.h): the
 * child may keep using the maps and refs it inherited and create new ones
 * (call_rcu's worker, which finishes resizes, is recreated in the child),
 * provided no other parent thread was inside a read-side section, or in
 * an insert, replace or delete of the map, when it forked.
 *
 * Misuse: user space detects a NULL, never initialised or destroyed map
 * ("dead") in every out-of-line call: insert, replace, delete and for_each
 * return -EINVAL (for_each also for a NULL @fn), lookup returns NULL, size
 * 0, destroy does nothing (a second destroy is harmless).  For a dead ref
 * (NULL, never initialised or destroyed), or a dead map handed to it,
 * ref_publish returns -EINVAL and ref_destroy does nothing.  Destroy,
 * ref_publish and ref_destroy called from a snap or rmap free function
 * that runs after a grace period (in liburcu's call_rcu worker) would wait
 * for themselves: user space refuses them with a message on stderr
 * (destroy and ref_destroy do nothing, ref_publish returns -EDEADLK); the
 * kernel forbids them there (they sleep).  Not detected: the inline
 * read_lock, read_unlock and ref_deref, a destroy racing other calls, and
 * memory the caller already freed.  The kernel's release build treats
 * misuse as a bug, as its own primitives do; its debug build (the module
 * built with LFPRIM_DEBUG=y, and the test build) refuses a dead map as
 * user space does (not a dead ref, whose snap has a static initializer
 * there).
 *
 * Debug builds (LFPRIM_DEBUG defined, and the test builds) also report
 * each refused call on a dead object, on stderr or in the kernel log (the
 * first few of a process or of a load): the call, and whether the object
 * is NULL, never initialised (zeroed memory), destroyed, or garbage.
 *
 * Zero value: none.  Init allocates (the hash table), so there is no
 * static initializer, in either world: a zeroed object must go through
 * lfp_rmap_init() first; until then user space, and the kernel's debug
 * build, refuse it as above.
 */
#ifndef _LFPRIM_RMAP_H
#define _LFPRIM_RMAP_H

#include <lfprim/backend/rmap.h>
#include <lfprim/snap.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_rmap_node - embedded in every value object
 * @link: the table's link (backend)
 * @key: the key; set before insert, never changed while in the map
 * @rcu: queues the node for freeing after a grace period
 * @free_fn: the owning map's free function, recorded when retired
 */
struct lfp_rmap_node {
	struct lfp_rmap_link link;
	unsigned long long key;
	struct rcu_head rcu;
	void (*free_fn)(struct lfp_rmap_node *node);
};

/**
 * struct lfp_rmap - a read-mostly hash map
 * @tbl: the table (backend)
 * @free_fn: frees a node taken out of the map
 * @ref_node: links the map into a struct lfp_rmap_ref
 * @release: frees the map itself once a ref has destroyed it (may be NULL)
 */
struct lfp_rmap {
	struct lfp_rmap_table tbl;
	void (*free_fn)(struct lfp_rmap_node *node);
	struct lfp_snap_node ref_node;
	void (*release)(struct lfp_rmap *map);
};

/**
 * lfp_rmap_init() - initialise an empty map
 * @map: the map
 * @free_fn: called on each node the map retires, after a grace period
 *
 * Context: may sleep (allocates).
 * Return: 0; -EINVAL for a NULL @map or @free_fn; -ENOMEM.
 */
int lfp_rmap_init(struct lfp_rmap *map,
		  void (*free_fn)(struct lfp_rmap_node *node));

/**
 * lfp_rmap_destroy() - free every node and the table
 * @map: the map
 *
 * Waits for readers, frees the nodes still in the map with the free
 * function, and waits until nodes retired earlier have been freed too.
 *
 * Context: may sleep; not inside a read-side section; nothing else may
 * use @map; not from a snap or rmap free function that runs after a grace
 * period (it would wait for itself): user space refuses that with a
 * message on stderr and releases nothing (@map stays usable); in the
 * kernel it is a bug (sleeping in softirq).
 */
void lfp_rmap_destroy(struct lfp_rmap *map);

/**
 * lfp_rmap_read_lock() - enter a read-side section (nests)
 *
 * The same section as lfp_snap_read_lock().
 */
static inline void lfp_rmap_read_lock(void)
{
	lfp_snap_read_lock();
}

/**
 * lfp_rmap_read_unlock() - leave a read-side section
 */
static inline void lfp_rmap_read_unlock(void)
{
	lfp_snap_read_unlock();
}

/**
 * lfp_rmap_lookup() - find the node of a key
 * @map: the map
 * @key: the key
 *
 * Context: inside a read-side section; never sleeps.
 * Return: the node, valid until the section ends, or NULL (user space:
 * also for a dead @map).
 */
struct lfp_rmap_node *lfp_rmap_lookup(struct lfp_rmap *map,
				      unsigned long long key);

/**
 * lfp_rmap_insert() - add a node whose key is not in the map yet
 * @map: the map
 * @node: the node, @node->key set
 *
 * Context: may sleep; not inside a read-side section (kernel).
 * Return: 0 (the node now belongs to the map); -EEXIST if the key is
 * present (@node stays the caller's); -EINVAL for a NULL @node (user
 * space: or a dead @map); kernel: -ENOMEM or -E2BIG from the table.
 * User space never fails for want of memory: an insert allocates nothing,
 * and a resize that cannot get memory is put off (chains grow longer
 * meanwhile).
 */
int lfp_rmap_insert(struct lfp_rmap *map, struct lfp_rmap_node *node);

/**
 * lfp_rmap_replace() - add a node, replacing the key's node if there is one
 * @map: the map
 * @node: the node, @node->key set
 *
 * The replaced node is retired (freed after a grace period).  Readers see
 * the old node or the new one, and the key is never missing meanwhile.
 *
 * Context: as lfp_rmap_insert().
 * Return: 1 if a node was replaced, 0 if @node was added; negative errno
 * as lfp_rmap_insert() (then @node stays the caller's).
 */
int lfp_rmap_replace(struct lfp_rmap *map, struct lfp_rmap_node *node);

/**
 * lfp_rmap_delete() - take a key's node out of the map and retire it
 * @map: the map
 * @key: the key
 *
 * Returns 0 if and only if it took a node of @key out of the map: when
 * a concurrent replace swaps the key's node for a new one, the delete
 * takes the new one out (writers run one at a time, so a replace comes
 * wholly before or after the delete).  -ENOENT
 * means that at one instant during the call the key was not in the map.
 *
 * Context: as lfp_rmap_insert().
 * Return: 0, or -ENOENT if the key is not in the map; user space: -EINVAL
 * for a dead @map.
 */
int lfp_rmap_delete(struct lfp_rmap *map, unsigned long long key);

/**
 * lfp_rmap_size() - number of nodes in the map
 * @map: the map
 *
 * Exact when no writer is running.  While writers run, the count is at
 * least the number of keys that were in the map for the whole call, and
 * at most the number of keys that were in the map at some instant during
 * the call plus the number of insert, replace and delete calls that
 * overlapped it: a node is counted from before its insert or replace
 * makes it visible until after it left the map, at the latest when the
 * delete or replace that took it out returns, and an insert that fails
 * with -EEXIST is counted while it runs.  It never wraps below zero.
 *
 * Context: any.
 * Return: the count; user space: 0 for a dead @map.
 */
unsigned long lfp_rmap_size(struct lfp_rmap *map);

/**
 * lfp_rmap_for_each() - call @fn on the nodes of the map
 * @map: the map
 * @fn: called inside a read-side section; must not sleep; returns nonzero
 *      to stop
 * @arg: passed to @fn
 *
 * Every node in the map for the whole walk is visited exactly once, even
 * while the table resizes; with writers running, nodes added or removed
 * meanwhile may or may not be.  The kernel's table does not resize during
 * a walk (a pending resize waits for it); user space walks the bucket
 * array it started on, which writers leave alone once a resize has
 * replaced it, and no second resize rewrites it before the walk ends.
 *
 * Context: may sleep (kernel); not inside a read-side section.
 * Return: the first nonzero value @fn returned, else 0; user space: -EINVAL
 * for a dead @map or a NULL @fn.
 */
int lfp_rmap_for_each(struct lfp_rmap *map,
		      int (*fn)(struct lfp_rmap_node *node, void *arg),
		      void *arg);

/**
 * struct lfp_rmap_ref - a published map, swapped whole
 * @snap: the snap holding the current map's ref_node
 */
struct lfp_rmap_ref {
	struct lfp_snap snap;
};

/**
 * lfp_rmap_ref_init() - initialise an empty reference
 * @ref: the reference
 *
 * Context: any.
 * Return: 0, or -EINVAL for a NULL @ref.
 */
int lfp_rmap_ref_init(struct lfp_rmap_ref *ref);

/**
 * lfp_rmap_ref_deref() - the current map
 * @ref: the reference
 *
 * Context: inside a read-side section.
 * Return: the map, valid until the section ends, or NULL.
 */
static inline struct lfp_rmap *lfp_rmap_ref_deref(struct lfp_rmap_ref *ref)
{
	struct lfp_snap_node *n = lfp_snap_deref(&ref->snap);

	return n ? lfp_container_of(n, struct lfp_rmap, ref_node) : NULL;
}

/**
 * lfp_rmap_ref_publish() - make a fully built map current, destroy the old
 * @ref: the reference
 * @map: the new map (or NULL to empty the reference)
 * @release: called on @map after it has been destroyed by a later publish
 *           or lfp_rmap_ref_destroy() (NULL: nothing is called)
 *
 * Waits for a grace period, then destroys the replaced map with
 * lfp_rmap_destroy() and calls its release function.
 *
 * Context: may sleep; not inside a read-side section; not from a free
 * function run after a grace period (as lfp_rmap_destroy()).
 * Return: 0, or -EINVAL if @map is already current; user space: -EINVAL
 * for a dead @ref or a dead (non-NULL) @map, -EDEADLK (nothing changed)
 * from a free function run after a grace period.
 */
int lfp_rmap_ref_publish(struct lfp_rmap_ref *ref, struct lfp_rmap *map,
			 void (*release)(struct lfp_rmap *map));

/**
 * lfp_rmap_ref_destroy() - destroy the current map and empty the reference
 * @ref: the reference
 *
 * Context: may sleep; not inside a read-side section; not from a free
 * function run after a grace period (user space: refused with a message,
 * nothing changed; kernel: a bug).
 */
void lfp_rmap_ref_destroy(struct lfp_rmap_ref *ref);

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_RMAP_H */
