/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim event - a one-shot broadcast: Go's close(ch).
 *
 * Replaces a flag plus a condition variable.  lfp_event_fire() sets the
 * event once and wakes every waiter; firing again does nothing.  A wait
 * after the fire returns at once.  The event is also lfprim's cancel
 * token: every blocking call takes an optional cancel event and a timeout
 * and returns -ECANCELED, -ETIMEDOUT or, in the kernel, -EINTR on a signal
 * (-EINTR only for fatal signals in the killable variant).
 *
 * Kernel: a wait queue and an atomic flag (what complete_all() does, with
 * waits on two events at once).  User space: a futex on the flag word;
 * waiting on an event and a cancel event together uses futex_waitv
 * (Linux 5.16), or 10 ms polling slices where that is missing.
 *
 * Derived events (Go's context tree): lfp_event_link(child, parent) makes
 * @child fire whenever @parent fires; an event may have any number of
 * parents and children, so a worker can block on one cancel event that
 * fires on the program's shutdown or its group's cancel, whichever comes
 * first.  No thread per link: the fire of an event that has children
 * walks them (and theirs) itself, iteratively, under one lock per world
 * that every link shares (a module-wide spinlock; a process-wide mutex),
 * so chains need no lock order and no recursion.  An event without
 * children never takes that lock.  lfp_event_destroy() undoes every link
 * of an event, to its parents and to its children.
 *
 * Concurrency and context:
 *
 *   operation        | may run concurrently with      | context
 *   -----------------+--------------------------------+---------------------
 *   fire/is_fired    | everything but init            | kernel: any but NMI
 *   wait/wait_killable| everything but init           | may sleep
 *   reinit           | fire, is_fired; refused while  | any; never sleeps
 *                    | anyone waits                   |
 *   link/unlink      | everything on either event but | link: may sleep
 *                    | init and destroy; the parent's | (allocates); unlink:
 *                    | fire (before or after)         | kernel: any but NMI
 *   destroy          | fire, link, unlink, destroy of | kernel: any but
 *                    | its parents and children; not  | NMI; never sleeps
 *                    | anything on the event itself   |
 *   init             | nothing                        | any
 *
 * Guarantees: everything a thread did before lfp_event_fire() is visible
 * to a waiter that returns 0, and to a caller that sees is_fired() true
 * (release/acquire).  No waiter is left behind: a fire wakes every waiter
 * that was waiting, and a waiter that times out or is cancelled leaves no
 * trace on the event.  A second fire racing the first does not return
 * before the waiters are woken (it wakes them itself).  There is no
 * separate cancel call: a cancel token is cancelled by firing it.  User
 * space: fire and is_fired are async-signal-safe for an event without
 * children (a fire that walks children takes a mutex); wait is not.
 *
 * Links: when a parent fires, each child linked to it at that time is
 * fired before the parent's fire returns (and theirs, down the tree), also
 * by a repeat fire; a child whose fire this walk did not do itself (it was
 * fired already) is not descended into, so a cycle of links is harmless.
 * Linking to a parent that has already fired fires the child (and its
 * descendants) before lfp_event_link() returns: a link racing the parent's
 * fire never misses it.  A link stays until unlink or the destroy of
 * either event; a reinit of the parent leaves it in place, and the next
 * fire walks it again.  Reinit of a child does not touch its parents; a
 * reinit never unfires descendants.  Once lfp_event_unlink() or
 * lfp_event_destroy() returns, no fire reaches the event through the
 * links undone, not even one that started before (the walk runs under the
 * link lock, which they take), so its memory may go.  Waiters of a child
 * see what the parent's firer did before the fire, as for a direct fire.
 * A fire costs the walk of the whole subtree below it under the link
 * lock: keep trees small (a group's cancel, a request's deadline).
 *
 * Misuse: an event that was never linked needs no destroy (destroy is then
 * a no-op); a linked one must be destroyed before its memory goes or it
 * is initialised again (init does not undo links: they would leak and
 * corrupt the other events' lists).  User space detects a NULL event in
 * every out-of-line call: fire, wait,
 * wait_killable, reinit, link and unlink return -EINVAL, waiters returns
 * 0, destroy does nothing.  Both worlds refuse a link of an event to
 * itself (-EINVAL) and a second link of the same pair (-EEXIST), and an
 * unlink of a pair that is not linked (-ENOENT).  Not detected: the inline
 * is_fired, an event never initialised, a destroy racing other calls on
 * the same event, and memory the caller already freed.  The kernel treats
 * the rest as a bug, as its own primitives do.
 *
 * Zero value: in user space a zeroed event is a valid unfired
 * event; in the kernel it is not (its wait queue needs initialising).
 * LFP_EVENT_INIT(name) or DEFINE_LFP_EVENT(name) initialises one
 * statically, for an object of static storage duration (file scope, or static
 * in a function), in both worlds; it needs no init call, and a destroy
 * only once it has been linked.  Objects on the stack or the heap use the
 * init function (kernel: lockdep keys statically initialised locks by
 * their address, which must be static).
 */
#ifndef _LFPRIM_EVENT_H
#define _LFPRIM_EVENT_H

#include <lfprim/backend/event.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A timeout that never expires. */
#define LFP_WAIT_FOREVER	(-1L)

/**
 * lfp_event_init() - initialise an event, not fired
 * @ev: the event
 *
 * Context: any; nothing else may use @ev meanwhile.
 * Return: 0, or -EINVAL for a NULL @ev.
 */
int lfp_event_init(struct lfp_event *ev);

/**
 * lfp_event_fire() - fire the event and wake every waiter
 * @ev: the event
 *
 * Idempotent.  Every call, the first or a repeat (even one racing the
 * first), returns only once the event is fired and every waiter waiting
 * at that time has been woken: each call wakes the waiters it finds.
 * Context: kernel: any but NMI; never sleeps.
 * Return: 1 if this call fired the event, 0 if it was already fired; user
 * space: -EINVAL for a NULL @ev.
 */
int lfp_event_fire(struct lfp_event *ev);

/**
 * lfp_event_is_fired() - has the event fired?
 * @ev: the event
 *
 * One acquire load; never blocks.
 *
 * Return: nonzero once fired.
 */
static inline int lfp_event_is_fired(const struct lfp_event *ev)
{
	return __lfp_event_is_fired(ev);
}

/**
 * lfp_event_wait() - wait until the event fires
 * @ev: the event
 * @timeout_ms: give up after this many milliseconds; 0 only checks;
 *              LFP_WAIT_FOREVER (any negative value) never gives up
 * @cancel: optional (NULL) event that ends the wait early when fired
 *
 * Context: may sleep.  Kernel: interruptible by any signal.
 * Return: 0 once @ev fired (even if @cancel fired too); -ECANCELED if
 * @cancel fired first; -ETIMEDOUT; kernel: -EINTR on a signal; user space:
 * -EINVAL for a NULL @ev.
 */
int lfp_event_wait(struct lfp_event *ev, long timeout_ms,
		   struct lfp_event *cancel);

/**
 * lfp_event_wait_killable() - lfp_event_wait(), only fatal signals interrupt
 * @ev: the event
 * @timeout_ms: as for lfp_event_wait()
 * @cancel: as for lfp_event_wait()
 *
 * Context: may sleep.  User space: the same as lfp_event_wait().
 * Return: as lfp_event_wait(); kernel: -EINTR only on a fatal signal.
 */
int lfp_event_wait_killable(struct lfp_event *ev, long timeout_ms,
			    struct lfp_event *cancel);

/**
 * lfp_event_reinit() - make a fired event unfired again
 * @ev: the event
 *
 * Context: any; never sleeps.
 * Return: 0; -EBUSY (and no change) while anyone waits on @ev, directly
 * or as a cancel event; user space: -EINVAL for a NULL @ev.
 */
int lfp_event_reinit(struct lfp_event *ev);

/**
 * lfp_event_waiters() - how many callers wait on the event right now
 * @ev: the event
 *
 * Counts waits on @ev and waits that use @ev as their cancel event.
 *
 * Return: the number of waiters (a snapshot); user space: 0 for a NULL @ev.
 */
unsigned int lfp_event_waiters(const struct lfp_event *ev);

/**
 * LFP_EVENT_INIT() - static initializer of an unfired event
 * @name: the event being initialised (the kernel's wait queue points into it)
 *
 * The same state as lfp_event_init(), for an event of static storage
 * duration: ``static struct lfp_event stop = LFP_EVENT_INIT(stop);``
 */
#define LFP_EVENT_INIT(name)		__LFP_EVENT_INIT(name)

/**
 * DEFINE_LFP_EVENT() - define an unfired event
 * @name: the variable
 */
#define DEFINE_LFP_EVENT(name)	struct lfp_event name = LFP_EVENT_INIT(name)

/**
 * lfp_event_link() - make @child fire whenever @parent fires
 * @child: the derived event
 * @parent: the event it follows
 *
 * If @parent has already fired, @child (and everything linked below it) is
 * fired before this returns.
 *
 * Context: may sleep (allocates the link).
 * Return: 0; -EINVAL for @child == @parent (user space: or a NULL one);
 * -EEXIST if the pair is already linked; -ENOMEM.
 */
int lfp_event_link(struct lfp_event *child, struct lfp_event *parent);

/**
 * lfp_event_unlink() - undo lfp_event_link()
 * @child: the derived event
 * @parent: the event it followed
 *
 * Once this returns, no fire of @parent reaches @child, not even one in
 * progress.  @child keeps its state (a fire already done stays done).
 *
 * Context: any but NMI; never sleeps.
 * Return: 0; -ENOENT if the pair is not linked; user space: -EINVAL for a
 * NULL event.
 */
int lfp_event_unlink(struct lfp_event *child, struct lfp_event *parent);

/**
 * lfp_event_destroy() - undo every link of an event
 * @ev: the event
 *
 * Unlinks @ev from each of its parents and each of its children (those
 * children stay as they are and no longer follow @ev).  Afterwards no fire
 * reaches @ev, and its memory may be freed.  Needed only for an event that
 * was ever linked; the event may be initialised and used again.
 *
 * Context: any but NMI; never sleeps; nothing else may use @ev meanwhile
 * (its parents and children may be in use).
 */
void lfp_event_destroy(struct lfp_event *ev);

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_EVENT_H */
