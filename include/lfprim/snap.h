/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim snap - an RCU-protected snapshot pointer.
 *
 * Readers look at an immutable object through one pointer; writers replace
 * the whole object (publish) or derive a new one from the current one with a
 * copy-modify-compare-and-swap loop (update).  The replaced object is handed
 * to the caller's free function after a grace period, so a reader that found
 * it inside a read-side section may keep using it until it unlocks.  Readers
 * never block writers and writers never block readers.  This is the
 * "atomic pointer over an immutable snapshot" that replaces a rwlock or a
 * mutex around read-mostly state.
 *
 * Objects embed a struct lfp_snap_node and are reached with container_of().
 *
 * Concurrency and context:
 *
 *   operation           | may run concurrently with        | context
 *   --------------------+----------------------------------+-------------------
 *   read_lock/deref/    | everything but init/destroy      | any; kernel: also
 *   read_unlock         |                                  | irq; never sleeps
 *   publish             | readers, publish, update, stats  | kernel: any but NMI
 *   update              | readers, publish, update, stats  | same; modify() runs
 *                       |                                  | in a read section
 *   publish_sync        | readers, publish, update, stats  | may sleep, must not
 *                       |                                  | hold a read section
 *   stats               | everything but init/destroy      | any
 *   barrier             | everything                       | may sleep
 *   init                | nothing on the same snap         | may sleep
 *   destroy             | readers (it waits for them);     | may sleep
 *                       | no writer, stats or init         |
 *
 * Read-side sections nest.  In user space the calling thread is registered
 * with RCU on its first read-side section or publish, and unregistered when
 * it exits; nothing needs to be done by the caller.  A thread the program
 * registered with urcu-memb itself is used as it is and must stay
 * registered while it uses lfprim; register it before its first lfprim
 * call.  User space: no lfprim call is async-signal-safe (the first one of
 * a thread registers it).  Kernel: readers and publish work in any context
 * but NMI.
 *
 * fork() (user space, without exec): lfprim registers liburcu-memb's fork
 * handlers (pthread_atfork(), once per process, before its first use of
 * RCU); the program must not register them a second time.  The child may
 * go on using the snaps and rmaps it inherited (its own copies) and may
 * create new ones: deferred frees, barriers and grace periods work in it.
 * Objects whose free was pending at the fork are freed in both processes,
 * each on its own copy.  fork() waits until a free function that is
 * running in liburcu's call_rcu worker returns.  Limit: the fork must not
 * happen while another thread of the parent is inside a read-side section
 * (a lookup, a for_each, an update's modify, or the program's own section):
 * that thread does not exist in the child but its section stays open
 * there, so no grace period ever completes in the child (publish_sync,
 * destroy and barrier hang, deferred frees never run).  The forking thread
 * may be inside one; it must leave it in the child before waiting for a
 * grace period, as always.
 *
 * Object lifetime: an object is owned by the snap from the moment publish,
 * publish_sync or a successful update installs it until its free function
 * runs.  Installing an object that is still current or still waiting for
 * its grace period is a bug (it would be freed twice); only a new object,
 * or one whose free function has run and that was initialised again, may
 * be installed.
 *
 * Misuse: user space detects a NULL, never initialised or destroyed snap
 * ("dead") in every out-of-line call: publish, publish_sync and update
 * return -EINVAL, get_stats zero-fills its stats (a NULL @stats: nothing),
 * destroy does nothing (a second destroy is harmless); barrier called from
 * a free function run after a grace period is refused with a message (see
 * lfp_snap_init()).  Not detected: the
 * inline read side (read_lock, deref, read_unlock), a destroy racing other
 * calls, and memory the caller already freed.  The kernel treats misuse as
 * a bug, as its own primitives do.
 *
 * Debug builds of the library (LFPRIM_DEBUG defined, and the test builds)
 * also report each refused call on a dead object on stderr (the first few
 * of a process): the call, and whether the object is NULL, never
 * initialised (zeroed memory), destroyed, or garbage.
 *
 * Zero value: none (it has no free function; user space refuses
 * a zeroed snap as above).  LFP_SNAP_INIT(free_fn) or DEFINE_LFP_SNAP(name,
 * free_fn) initialises an empty snap statically, for an object of static storage duration (file scope, or static
 * in a function), in both worlds; it needs no init call and is never
 * destroyed.  Objects on the stack or the heap use the init function
 * (kernel: lockdep keys statically initialised locks by their address,
 * which must be static).
 */
#ifndef _LFPRIM_SNAP_H
#define _LFPRIM_SNAP_H

#include <lfprim/backend/snap.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Both worlds' RCU (the kernel's and liburcu's) call their callback
 * handle struct rcu_head; the backend header brings in the right one.
 */
/**
 * struct lfp_snap_node - embedded in every object a snap points to
 * @rcu: queues the object for freeing after a grace period
 * @free_fn: the owning snap's free function, recorded when retired
 */
struct lfp_snap_node {
	struct rcu_head rcu;
	void (*free_fn)(struct lfp_snap_node *node);
};

/**
 * struct lfp_snap_stats - writer-side counters of one snap
 * @publishes: objects installed by publish or publish_sync, NULL included
 *	(also a NULL published into an empty snap); a refused publish of the
 *	current object does not count
 * @updates: successful update() calls
 * @retries: update() attempts that lost the compare-and-swap and re-ran
 * @retired: replaced objects handed to the free function so far or queued
 *           for it after a grace period
 */
struct lfp_snap_stats {
	unsigned long long publishes;
	unsigned long long updates;
	unsigned long long retries;
	unsigned long long retired;
};

/**
 * lfp_snap_init() - initialise a snapshot pointer
 * @snap: the snap to initialise
 * @initial: first object, or NULL for an empty snap
 * @free_fn: called with each replaced object once no reader can see it
 *
 * @free_fn runs after a grace period from the RCU callback context (kernel:
 * softirq or an rcuo kthread, so it must not sleep; user space: the call_rcu
 * worker thread) or, for publish_sync() and destroy(), from the caller.
 * In both worlds, a free function that may run from the callback context
 * must not wait for RCU callbacks: no lfp_snap_barrier(), no
 * lfp_rmap_destroy(), lfp_rmap_ref_publish() or lfp_rmap_ref_destroy()
 * (each of them waits for the callbacks, the running one included).
 * Kernel: they sleep, a bug in softirq (might_sleep() reports it).  User
 * space: lfprim notices that the calling thread is running a free
 * function for it and refuses: a message on stderr, and barrier and the
 * two destroys do nothing while ref_publish returns -EDEADLK (instead of
 * hanging the call_rcu worker, and with it every later free).
 *
 * Context: may sleep.
 * Return: 0, or -EINVAL if @snap or @free_fn is NULL.
 */
int lfp_snap_init(struct lfp_snap *snap, struct lfp_snap_node *initial,
		  void (*free_fn)(struct lfp_snap_node *node));

/**
 * lfp_snap_destroy() - free the current object and tear the snap down
 * @snap: the snap
 *
 * Waits for a grace period, so readers still inside a read-side section
 * finish first, then frees the current object with the free function.
 * Objects retired earlier may still be waiting for their grace period: call
 * lfp_snap_barrier() before unloading the code of the free function.
 *
 * Context: may sleep; not inside a read-side section; no publish or update
 * may run on @snap concurrently.
 */
void lfp_snap_destroy(struct lfp_snap *snap);

/**
 * lfp_snap_read_lock() - enter a read-side section
 *
 * Context: any (kernel: also hard and soft irq); never sleeps; nests.
 */
static inline void lfp_snap_read_lock(void)
{
	__lfp_snap_read_lock();
}

/**
 * lfp_snap_read_unlock() - leave a read-side section
 *
 * Context: the context that called lfp_snap_read_lock().
 */
static inline void lfp_snap_read_unlock(void)
{
	__lfp_snap_read_unlock();
}

/**
 * lfp_snap_deref() - the current object
 * @snap: the snap
 *
 * The object stays valid until the enclosing read-side section ends; it
 * must be treated as read-only.
 *
 * Context: inside a read-side section.
 * Return: the current object, or NULL if the snap is empty.
 */
static inline struct lfp_snap_node *lfp_snap_deref(struct lfp_snap *snap)
{
	return __lfp_snap_deref(snap);
}

/**
 * lfp_snap_publish() - install a new object, free the old one later
 * @snap: the snap
 * @node: the new object (fully initialised), or NULL to empty the snap
 *
 * The store has release semantics: a reader that sees @node sees everything
 * written to it before the call.  The replaced object, if any, is passed to
 * the free function after a grace period.  Publishing NULL into a snap
 * that is already empty succeeds and counts as a publish (the publishes
 * counter goes up by one; nothing is retired).
 *
 * Context: kernel: any context but NMI; never sleeps.  User space: any
 * thread, inside or outside a read-side section.
 * Return: 0, or -EINVAL if @node is already the current object (nothing is
 * changed then); user space: -EINVAL for a dead @snap.
 */
int lfp_snap_publish(struct lfp_snap *snap, struct lfp_snap_node *node);

/**
 * lfp_snap_publish_sync() - install a new object and free the old one now
 * @snap: the snap
 * @node: the new object, or NULL to empty the snap
 *
 * Like lfp_snap_publish(), but waits for a grace period and calls the free
 * function on the replaced object before returning: once it returns, no
 * reader still holds the old object.
 *
 * Context: may sleep; not inside a read-side section.
 * Return: 0, or -EINVAL if @node is already the current object; user
 * space: -EINVAL for a dead @snap.
 */
int lfp_snap_publish_sync(struct lfp_snap *snap, struct lfp_snap_node *node);

/**
 * lfp_snap_update() - derive a new object from the current one (copy, modify, CAS)
 * @snap: the snap
 * @scratch: caller-allocated object that becomes the new one
 * @modify: fills @scratch from @old (which may be NULL) and returns 0, or
 *          returns a negative errno to abort
 * @arg: passed to @modify
 *
 * Runs @modify(@old, @scratch, @arg) inside a read-side section, then
 * installs @scratch with a compare-and-swap if the current object is still
 * @old; otherwise it runs @modify again on the newer object.  @modify may
 * therefore run several times and must rebuild @scratch completely each
 * time; it must not sleep.  The replaced object is freed after a grace
 * period.  This is the right tool when updates are rare; when writes are
 * hot, each one pays an allocation and a grace period.
 *
 * @modify may copy all of @old into @scratch, the embedded struct
 * lfp_snap_node included (``*new = *old``, memcpy()), and then change the
 * fields it wants.  The exact condition: the copy is made inside @modify,
 * from the @old it was passed, into a @scratch that is not installed and
 * not waiting for its grace period.  Why it is safe: lfprim never reads a
 * node's contents while the object is current; it writes both fields when
 * it retires the object (@free_fn first, then RCU initialises @rcu as it
 * queues it), so whatever the copy put into @scratch's node is overwritten
 * before it is used, and RCU tracks queued heads by address, never by
 * contents.  @old itself may be retired by a racing writer while @modify
 * copies it (its node then being written as the copy reads it): @old is
 * not freed before update's read-side section ends, and the compare then
 * fails, so that copy is never installed and @modify runs again on the
 * newer object.  Only the node bytes of such a discarded copy can be
 * torn; a data-race checker (TSan, KCSAN) may report that read.
 *
 * Context: kernel: any context but NMI, never sleeps itself.  User space:
 * any thread (update takes its own read-side section; sections nest).
 * Return: 0 when @scratch was installed (it then belongs to @snap); the
 * negative errno returned by @modify, or -EINVAL for a NULL @scratch or
 * @modify (user space: or a dead @snap), when it was not (@scratch stays
 * the caller's).
 */
int lfp_snap_update(struct lfp_snap *snap, struct lfp_snap_node *scratch,
		    int (*modify)(const struct lfp_snap_node *old,
				  struct lfp_snap_node *scratch, void *arg),
		    void *arg);

/**
 * lfp_snap_get_stats() - read the writer-side counters
 * @snap: the snap
 * @stats: filled with the counters
 *
 * Each counter is read atomically; the set is not a single snapshot.
 *
 * Context: any.
 */
void lfp_snap_get_stats(struct lfp_snap *snap, struct lfp_snap_stats *stats);

/**
 * lfp_snap_barrier() - wait until every retired object has been freed
 *
 * Waits for all pending RCU callbacks, including those of other users.
 *
 * Context: may sleep; not inside a read-side section; not from a free
 * function run after a grace period (user space: refused with a message
 * on stderr, returns at once; kernel: a bug).
 */
void lfp_snap_barrier(void);

/**
 * LFP_SNAP_INIT() - static initializer of an empty snap
 * @free_fn: the free function, not NULL (as for lfp_snap_init())
 *
 * The same state as lfp_snap_init(snap, NULL, @free_fn).
 */
#define LFP_SNAP_INIT(free_fn)		__LFP_SNAP_INIT(free_fn)

/**
 * DEFINE_LFP_SNAP() - define an empty snap
 * @name: the variable
 * @free_fn: as for LFP_SNAP_INIT()
 */
#define DEFINE_LFP_SNAP(name, free_fn)					\
	struct lfp_snap name = LFP_SNAP_INIT(free_fn)

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_SNAP_H */
