/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim sflight - singleflight: concurrent calls for one key run once.
 *
 * Replaces a mutex around a cache miss (every caller waits in turn, and
 * each runs the slow function again) and the stampede of no mutex at all
 * (every caller runs it at once).  The first caller for a key becomes the
 * leader and runs the function; callers that arrive while it runs wait for
 * its result and get the same result and error, with *shared set.
 *
 * Beyond Go's version: a waiter may leave on its own timeout or cancel
 * event while the leader keeps running (the others still get the result);
 * lfp_sflight_forget() makes the next caller start a fresh call without
 * disturbing the one that runs; counters report leader runs, shared hits,
 * waiters that left, forgets.
 *
 * In-flight calls sit in a small hash table under the group's lock, each
 * with an event that the leader fires when the result is in; a call's
 * memory is freed by whoever drops the last reference to it.  The logic
 * is written once (include/lfprim/core/sflight.h); kernel: a mutex;
 * user space: a pthread mutex.
 *
 * Concurrency and context:
 *
 *   operation        | may run concurrently with       | context
 *   -----------------+---------------------------------+--------------------
 *   do               | everything but init/destroy     | may sleep (waiters
 *                    |                                 | sleep; the leader
 *                    |                                 | runs @fn)
 *   forget/stats     | everything but init/destroy     | may sleep (lock)
 *   init             | nothing                         | any
 *   destroy          | counted callers only (below);   | may sleep
 *                    | refused while any is inside     |
 *
 * Callers and destroy: a caller of lfp_sflight_do() is "counted" from the
 * moment it leads a call or joins one, which is also when the stats count
 * it (leaders or shared), until it has done with the group, just before
 * it returns.  Destroy may run while counted callers are still inside
 * lfp_sflight_do() (a leader in @fn, waiters waiting or leaving): it then
 * returns -EBUSY and releases nothing, and the owner may try again.  Once
 * destroy has returned 0, no caller touches the group again, and its
 * memory may be freed or reused.  What destroy cannot see is a call that
 * has not been counted yet: every lfp_sflight_do() call on the group must
 * have returned or have been counted before each destroy attempt starts
 * (e.g. the owner saw it in lfp_sflight_get_stats(), or saw its leader's
 * @fn running), and no call of any kind on the group may start while
 * destroy runs or after it has returned 0.  A refused destroy leaves the
 * group as it was.
 *
 * Guarantees: while a call for a key is in flight and not forgotten, no
 * second call for that key starts; every caller that joined it and did
 * not leave gets exactly its result and return value.  Nothing hangs when
 * @fn fails: its error is the result.  @fn must not call lfp_sflight_do()
 * for the same key on the same group (it would wait for itself).
 *
 * Misuse: user space detects a NULL, never initialised or destroyed group
 * ("dead") in every out-of-line call: do, forget and destroy return -EINVAL
 * (a second destroy too), get_stats zero-fills its stats (a NULL @st:
 * nothing).  Not detected: a destroy racing calls it cannot see (not
 * counted, see above, or forget/get_stats), and memory the caller already
 * freed.  The kernel treats misuse as a bug, as its own primitives do.
 *
 * Debug builds of the library (LFPRIM_DEBUG defined, and the test builds)
 * also report each refused call on a dead object on stderr (the first few
 * of a process): the call, and whether the object is NULL, never
 * initialised (zeroed memory), destroyed, or garbage.
 *
 * Init arguments: as for every lfprim init function, a NULL or invalid
 * pointer (-EINVAL) is reported before a value out of range (-ERANGE);
 * sflight's init takes no value.
 *
 * Zero value: none (user space refuses a zeroed group as above;
 * the kernel's mutex needs initialising).  LFP_SFLIGHT_INIT(name) or
 * DEFINE_LFP_SFLIGHT(name) initialises one statically, for an object of static storage duration (file scope, or static
 * in a function), in both worlds; it needs no init call and is never
 * destroyed.  Objects on the stack or the heap use the init function
 * (kernel: lockdep keys statically initialised locks by their address,
 * which must be static).
 */
#ifndef _LFPRIM_SFLIGHT_H
#define _LFPRIM_SFLIGHT_H

#include <lfprim/backend/sflight.h>
#include <lfprim/event.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LFP_SFLIGHT_BUCKETS	64

struct lfp_sflight_call;

/**
 * struct lfp_sflight_stats - what a group has done
 * @leaders: calls of the function (one per leader)
 * @shared: callers that joined a call in flight
 * @left: joined callers that left on their timeout or cancel event
 * @forgets: in-flight calls forgotten
 * @inflight: calls in flight now (forgotten ones included)
 */
struct lfp_sflight_stats {
	unsigned long long leaders;
	unsigned long long shared;
	unsigned long long left;
	unsigned long long forgets;
	unsigned int inflight;
};

/**
 * struct lfp_sflight - a singleflight group
 * @lock: guards everything below (backend)
 * @bucket: in-flight calls by key, not forgotten
 * @stats: counters
 */
struct lfp_sflight {
	struct lfp_sflight_lock lock;
	struct lfp_sflight_call *bucket[LFP_SFLIGHT_BUCKETS];
	struct lfp_sflight_stats stats;
};

/**
 * lfp_sflight_init() - initialise an empty group
 * @g: the group
 *
 * Context: any.
 * Return: 0, or -EINVAL for a NULL @g.
 */
int lfp_sflight_init(struct lfp_sflight *g);

/**
 * lfp_sflight_destroy() - release the group
 * @g: the group
 *
 * Refused while any counted caller (a leader or a joined waiter, see
 * "Callers and destroy" above) is still inside lfp_sflight_do(), even
 * after the call's leader has returned and the stats no longer count the
 * call as in flight.  Once it returns 0 nothing touches @g again.
 *
 * Context: may sleep; only counted lfp_sflight_do() callers may run on @g
 * meanwhile; no call may start during it.
 * Return: 0, or -EBUSY (and nothing released) while counted callers are
 * inside lfp_sflight_do(); user space: -EINVAL for a dead @g (a second
 * destroy included).
 */
int lfp_sflight_destroy(struct lfp_sflight *g);

/**
 * lfp_sflight_do() - run @fn for @key once, however many callers ask
 * @g: the group
 * @key: which call
 * @fn: the slow function; returns 0 or a negative errno and may set
 *      *@res; it may sleep
 * @arg: passed to @fn (the leader's @arg is the one used)
 * @result: if not NULL, receives the call's result (the leader's *@res);
 *          left untouched by a waiter that leaves (timeout, cancel,
 *          signal) and by every error return before @fn ran (-EINVAL,
 *          -ENOMEM)
 * @shared: if not NULL, set to 1 when this caller joined another caller's
 *          call (also when it then left early: timeout, cancel, signal),
 *          0 when this caller ran @fn; left untouched by -EINVAL and
 *          -ENOMEM
 * @timeout_ms: how long a waiter waits (negative: forever); the leader
 *              always runs @fn to the end
 * @cancel: optional event that makes a waiter leave early
 *
 * Context: may sleep.
 * Return: @fn's return value (the leader's, for every caller); or, for a
 * waiter that left, -ETIMEDOUT, -ECANCELED or (kernel) -EINTR; -EINVAL
 * for a NULL @fn (user space: or a dead @g); -ENOMEM if no call could be
 * set up (@fn not run).
 */
int lfp_sflight_do(struct lfp_sflight *g, unsigned long long key,
		   int (*fn)(void *arg, void **res), void *arg, void **result,
		   int *shared, long timeout_ms, struct lfp_event *cancel);

/**
 * lfp_sflight_forget() - let the next caller for @key start a fresh call
 * @g: the group
 * @key: the key
 *
 * The call in flight, if any, runs on, and the callers that joined it
 * still get its result.  No-op if nothing is in flight for @key.
 *
 * Context: may sleep.
 * Return: 1 if a call was forgotten, 0 if there was none; user space:
 * -EINVAL for a dead @g.
 */
int lfp_sflight_forget(struct lfp_sflight *g, unsigned long long key);

/**
 * lfp_sflight_get_stats() - read the counters
 * @g: the group
 * @st: filled in (one consistent snapshot)
 *
 * Context: may sleep.
 */
void lfp_sflight_get_stats(struct lfp_sflight *g, struct lfp_sflight_stats *st);

/**
 * LFP_SFLIGHT_INIT() - static initializer of an empty group
 * @name: the group being initialised
 *
 * The same state as lfp_sflight_init(), for a group of static storage
 * duration: ``static struct lfp_sflight fetches = LFP_SFLIGHT_INIT(fetches);``
 */
#define LFP_SFLIGHT_INIT(name)		__LFP_SFLIGHT_INIT(name)

/**
 * DEFINE_LFP_SFLIGHT() - define an empty group
 * @name: the variable
 */
#define DEFINE_LFP_SFLIGHT(name)	struct lfp_sflight name = LFP_SFLIGHT_INIT(name)

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_SFLIGHT_H */
