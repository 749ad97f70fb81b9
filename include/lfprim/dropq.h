/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim dropq - a bounded multi-producer queue whose push never blocks:
 * when the queue is full the item is dropped and counted.
 *
 * Replaces unbounded queues (memory grows without limit under overload)
 * and blocking queues (producers stall behind a slow consumer).  Items are
 * non-NULL pointers owned by the caller; the queue holds at most its
 * capacity of them.  Consumers pop in FIFO order, blocking with a timeout
 * and a cancel event, or not at all (try_pop).  close() wakes every
 * consumer, makes later pushes fail with -EPIPE, and lets consumers drain
 * what was accepted before the close; then pops fail with -EPIPE.
 *
 * Kernel: ptr_ring (a producer and a consumer spinlock over an array of
 * slots) with a few slack slots so that exactly @capacity items fit.
 * User space: a lock-free ring of exactly @capacity sequenced slots
 * (Vyukov's bounded MPMC queue: a push and a pop are each one
 * compare-and-swap of a shared position), a futex for blocked consumers,
 * and a mutex that only resize takes, freezing the queue for the copy.
 *
 * Concurrency and context:
 *
 *   operation        | may run concurrently with      | context
 *   -----------------+--------------------------------+---------------------
 *   push/close/      | everything but init/destroy    | kernel: any but NMI;
 *   try_pop/stats    |                                | never sleeps
 *   pop              | everything but init/destroy    | may sleep
 *   resize           | everything but init/destroy    | may sleep; user
 *                    |                                | space: not inside a
 *                    |                                | read-side section
 *   init/destroy     | nothing on the same queue      | may sleep
 *
 * Guarantees: every push either is accepted (returns 0) or is counted in
 * dropped (-ENOSPC when full, -EPIPE after close), so accepted + dropped ==
 * pushes of non-NULL items, exactly.  Full means @capacity items accepted
 * and not yet popped; user space: an item counts until the pop that takes
 * it has freed its slot, so a push racing pops may be dropped while len
 * (which counts an item out when a pop starts taking it) is below
 * @capacity.  Items come out in the order they were accepted (per
 * producer: the order it pushed them), each once.  A push that returned 0
 * before close() was called is popped before any pop returns -EPIPE.  A
 * pop finds a queued item before it looks at its cancel event: with an
 * item waiting it returns 0 even if the cancel event has already fired,
 * so a cancelled consumer can still drain.  Nothing is lost
 * by resize: a resize that would not hold the items queued right now is
 * refused with -EBUSY.  close() is idempotent, and every call, the first
 * or a repeat racing it, returns only once the queue is closed (later
 * pushes fail with -EPIPE) and every consumer blocked in pop has been
 * woken.  get_stats() reads accepted and consumed as they stood at one
 * instant (consumed <= accepted), and its len never exceeds the items
 * really queued at some moment of the call.  User space: nothing is
 * async-signal-safe.
 *
 * Misuse: user space detects a NULL, never initialised or destroyed queue
 * ("dead") in every out-of-line call: push, try_pop, pop and resize return
 * -EINVAL (try_pop and pop also for a NULL @item), get_stats zero-fills
 * its stats (a NULL @st: nothing), close and destroy do nothing (a second
 * destroy is harmless).  Not detected: a destroy racing other calls, and
 * memory the caller already freed.  The kernel's release build treats
 * misuse as a bug, as its own primitives do; its debug build (the module
 * built with LFPRIM_DEBUG=y, and the test build) refuses a dead queue as
 * user space does, except NULL @item and @st, which stay bugs.
 *
 * Debug builds (LFPRIM_DEBUG defined, and the test builds) also report
 * each refused call on a dead object, on stderr or in the kernel log (the
 * first few of a process or of a load): the call, and whether the object
 * is NULL, never initialised (zeroed memory), destroyed, or garbage.
 *
 * Zero value: none.  Init allocates (its slot array), so there is no
 * static initializer, in either world: a zeroed object must go through
 * lfp_dropq_init() first; until then user space, and the kernel's debug
 * build, refuse it as above.
 */
#ifndef _LFPRIM_DROPQ_H
#define _LFPRIM_DROPQ_H

#include <lfprim/backend/dropq.h>
#include <lfprim/event.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest capacity. */
#define LFP_DROPQ_CAP_MAX	(1U << 20)

/**
 * struct lfp_dropq_stats - a queue's counters
 * @accepted: pushes that returned 0
 * @dropped: pushes refused because the queue was full or closed
 * @consumed: items popped
 * @len: items queued now
 * @hwm: most items ever queued at once (high-water mark)
 * @capacity: most items the queue holds
 * @closed: nonzero once closed
 */
struct lfp_dropq_stats {
	unsigned long long accepted;
	unsigned long long dropped;
	unsigned long long consumed;
	unsigned int len;
	unsigned int hwm;
	unsigned int capacity;
	int closed;
};

/**
 * lfp_dropq_init() - initialise an empty, open queue
 * @q: the queue
 * @capacity: most items it holds, 1 .. LFP_DROPQ_CAP_MAX
 *
 * Context: may sleep (allocates).
 * Return: 0; -EINVAL for a NULL @q; -ERANGE for @capacity out of range;
 * -ENOMEM.
 */
int lfp_dropq_init(struct lfp_dropq *q, unsigned int capacity);

/**
 * lfp_dropq_destroy() - free the queue
 * @q: the queue
 * @drop: called on each item still queued (NULL: they are just forgotten)
 *
 * Context: may sleep; no other operation may run on @q.
 */
void lfp_dropq_destroy(struct lfp_dropq *q, void (*drop)(void *item));

/**
 * lfp_dropq_push() - queue an item, or drop it if the queue is full
 * @q: the queue
 * @item: a non-NULL pointer
 *
 * Never blocks waiting for room.  Context: kernel: any but NMI.
 * Return: 0 (accepted); -ENOSPC (full: dropped and counted); -EPIPE (closed:
 * dropped and counted); -EINVAL for a NULL @item (not counted); user
 * space: -EINVAL for a dead @q.
 */
int lfp_dropq_push(struct lfp_dropq *q, void *item);

/**
 * lfp_dropq_try_pop() - take the oldest item without waiting
 * @q: the queue
 * @item: where to store it
 *
 * Context: kernel: any but NMI; never sleeps.
 * Return: 0; -EAGAIN if the queue is empty; -EPIPE if it is closed and
 * empty; user space: -EINVAL for a dead @q or a NULL @item.
 */
int lfp_dropq_try_pop(struct lfp_dropq *q, void **item);

/**
 * lfp_dropq_pop() - take the oldest item, waiting for one if need be
 * @q: the queue
 * @item: where to store it
 * @timeout_ms: give up after this many milliseconds; 0 does not wait;
 *              LFP_WAIT_FOREVER (negative) waits until an item, the close
 *              or the cancel
 * @cancel: optional (NULL) event that ends the wait early when fired
 *
 * A waiting item wins: the queue is checked before @cancel, so with an
 * item queued this returns it even when @cancel has already fired (and
 * even after close()).  An empty queue is checked for close before
 * @cancel, and @cancel before the timeout, @timeout_ms 0 included.
 *
 * Context: may sleep.  Kernel: interruptible.
 * Return: 0; -EPIPE (closed and empty); -ETIMEDOUT; -ECANCELED (@cancel
 * fired and the queue is empty); kernel:
 * -EINTR on a signal; user space: -EINVAL for a dead @q or a NULL @item.
 */
int lfp_dropq_pop(struct lfp_dropq *q, void **item, long timeout_ms,
		  struct lfp_event *cancel);

/**
 * lfp_dropq_close() - refuse further pushes and wake every consumer
 * @q: the queue
 *
 * Idempotent.  Items already accepted can still be popped.  A second
 * call, even one racing the first, returns only when the queue is closed
 * and every consumer blocked at the time has been woken (each call wakes).
 * Context: kernel: any but NMI; never sleeps.
 */
void lfp_dropq_close(struct lfp_dropq *q);

/**
 * lfp_dropq_resize() - change the capacity of a queue in use
 * @q: the queue
 * @capacity: 1 .. LFP_DROPQ_CAP_MAX
 *
 * Queued items stay queued, in order.  Producers and consumers wait on
 * the queue's locks for the duration of the copy (user space: also for
 * the pushes and pops already under way to finish).
 *
 * Context: may sleep (allocates; user space: waits for an RCU grace
 * period, so never inside lfp_snap_read_lock()'s read-side section: it
 * refuses there, with a message on stderr, instead of waiting for itself).
 * Return: 0; -ERANGE; -ENOMEM; -EBUSY (and no change) if more items are
 * queued than @capacity holds; user space: -EINVAL for a dead @q,
 * -EDEADLK (and no change) inside a read-side section.
 */
int lfp_dropq_resize(struct lfp_dropq *q, unsigned int capacity);

/**
 * lfp_dropq_get_stats() - read the counters
 * @q: the queue
 * @st: filled in; each field is read atomically, not all together, except
 *	@accepted and @consumed, read as they stood at one instant
 *	(@consumed <= @accepted).  @len: @accepted - @consumed, so between 0
 *	and the items really queued at some moment of the call; the kernel
 *	also bounds it by @capacity as read here, which a shrinking resize
 *	racing the call may have lowered.
 *
 * Context: any; never sleeps.
 */
void lfp_dropq_get_stats(struct lfp_dropq *q, struct lfp_dropq_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_DROPQ_H */
