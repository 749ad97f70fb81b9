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
 * Concurrency and context:
 *
 *   operation        | may run concurrently with      | context
 *   -----------------+--------------------------------+---------------------
 *   fire/is_fired    | everything but init            | kernel: any but NMI
 *   wait/wait_killable| everything but init           | may sleep
 *   reinit           | fire, is_fired; refused while  | any; never sleeps
 *                    | anyone waits                   |
 *   init             | nothing                        | any
 *
 * Guarantees: everything a thread did before lfp_event_fire() is visible
 * to a waiter that returns 0, and to a caller that sees is_fired() true
 * (release/acquire).  No waiter is left behind: a fire wakes every waiter
 * that was waiting, and a waiter that times out or is cancelled leaves no
 * trace on the event.  A second fire racing the first does not return
 * before the waiters are woken (it wakes them itself).  There is no
 * separate cancel call: a cancel token is cancelled by firing it.  User
 * space: fire and is_fired are async-signal-safe; wait is not.
 *
 * Misuse: an event has no destroy; user space detects a NULL event in every
 * out-of-line call: fire, wait, wait_killable and reinit return -EINVAL,
 * waiters returns 0.  Not detected: the inline is_fired, an event never
 * initialised, and memory the caller already freed.  The kernel treats
 * misuse as a bug, as its own primitives do.
 *
 * Zero value: in user space a zeroed event is a valid unfired
 * event; in the kernel it is not (its wait queue needs initialising).
 * LFP_EVENT_INIT(name) or DEFINE_LFP_EVENT(name) initialises one
 * statically, for an object of static storage duration (file scope, or static
 * in a function), in both worlds; it needs no init call and is never
 * destroyed.  Objects on the stack or the heap use the init function
 * (kernel: lockdep keys statically initialised locks by their address,
 * which must be static).
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

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_EVENT_H */
