/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim batch - collect items and flush them on size or on time.
 *
 * Replaces a thread (goroutine) per batch and ad-hoc timers.  lfp_batch_add()
 * never blocks: it appends to a bounded buffer, or drops and counts the
 * item when @capacity items are already pending.  A flush hands the
 * pending items to @flush when @max_items are pending or @max_delay_ms
 * has passed since the first of them arrived, whichever comes first.
 * Flushes run one at a time, in one place (kernel: a work item on the
 * unbound workqueue; user space: the batch's own thread), never
 * concurrently with each other; @flush may sleep.  lfp_batch_close()
 * flushes what is pending and stops the timer.  @max_items and
 * @max_delay_ms can be changed while the batch is in use.
 *
 * Concurrency and context:
 *
 *   operation          | may run concurrently with     | context
 *   -------------------+-------------------------------+---------------------
 *   add/set/stats      | everything but init/destroy   | kernel: any but NMI;
 *                      |                               | never sleeps
 *   close              | everything but init/destroy   | may sleep
 *   init/destroy       | nothing                       | may sleep
 *
 * Guarantees: every accepted item is passed to @flush exactly once, in
 * the order it was accepted; accepted + dropped == adds of non-NULL items;
 * after close() returns, every accepted item has been flushed and @flush
 * is never called again.  Each call of @flush is counted in exactly one of
 * size_flushes, time_flushes and close_flushes, so their sum is the number
 * of calls, and @flush never gets n == 0.  It gets at most @capacity items:
 * more than max_items when items arrive while a flush runs or max_items is
 * lowered, up to every item pending at once.
 *
 * Misuse: user space detects a NULL, never initialised or destroyed batch
 * ("dead") in every out-of-line call: add, set_max_items and set_max_delay
 * return -EINVAL, get_stats zero-fills its stats (a NULL @st: nothing),
 * close and destroy do nothing (a second destroy is harmless).  Not
 * detected: a destroy racing other calls, and memory the caller already
 * freed.  The kernel's release build treats misuse as a bug, as its own
 * primitives do; its debug build (the module built with LFPRIM_DEBUG=y,
 * and the test build) refuses a dead batch as user space does, except a
 * NULL @st, which stay bugs.
 *
 * Debug builds (LFPRIM_DEBUG defined, and the test builds) also report
 * each refused call on a dead object, on stderr or in the kernel log (the
 * first few of a process or of a load): the call, and whether the object
 * is NULL, never initialised (zeroed memory), destroyed, or garbage.
 *
 * Zero value: none.  Init allocates (its buffers and, in user space, its
 * flusher thread), so there is no static initializer, in either world: a
 * zeroed object must go through lfp_batch_init() first; until then user
 * space, and the kernel's debug build, refuse it as above.
 */
#ifndef _LFPRIM_BATCH_H
#define _LFPRIM_BATCH_H

#define LFP_BATCH_CAP_MAX	65536U
#define LFP_BATCH_DELAY_MAX	3600000U

/**
 * struct lfp_batch_stats - what a batch has done
 * @added: items accepted
 * @dropped: items refused (full or closed)
 * @flushed: items passed to the flush function
 * @size_flushes: flushes because max_items were pending
 * @time_flushes: flushes because max_delay_ms had passed
 * @close_flushes: flushes by close()
 * @pending: items waiting for a flush
 * @capacity: most items pending at once
 * @max_items: flush threshold in effect
 * @max_delay_ms: flush delay in effect
 * @closed: nonzero once closed
 */
struct lfp_batch_stats {
	unsigned long long added;
	unsigned long long dropped;
	unsigned long long flushed;
	unsigned long long size_flushes;
	unsigned long long time_flushes;
	unsigned long long close_flushes;
	unsigned int pending;
	unsigned int capacity;
	unsigned int max_items;
	unsigned int max_delay_ms;
	int closed;
};

#include <lfprim/backend/batch.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * lfp_batch_init() - initialise an empty, open batch
 * @b: the batch
 * @capacity: most items pending, 1 .. LFP_BATCH_CAP_MAX
 * @max_items: flush when this many are pending, 1 .. @capacity
 * @max_delay_ms: flush when the oldest pending item is this old,
 *                1 .. LFP_BATCH_DELAY_MAX
 * @flush: gets the items (oldest first), their number and @arg; may sleep
 * @arg: passed to @flush
 *
 * Context: may sleep (allocates; user space starts the flush thread).
 * Return: 0; -EINVAL for a NULL @b or @flush; -ERANGE; -ENOMEM; user
 * space: -EAGAIN if the thread could not be created.
 */
int lfp_batch_init(struct lfp_batch *b, unsigned int capacity,
		   unsigned int max_items, unsigned int max_delay_ms,
		   void (*flush)(void **items, unsigned int n, void *arg),
		   void *arg);

/**
 * lfp_batch_destroy() - close the batch (if needed) and free it
 * @b: the batch
 *
 * Context: may sleep; nothing else may use @b.
 */
void lfp_batch_destroy(struct lfp_batch *b);

/**
 * lfp_batch_add() - add an item, or drop it if the batch is full
 * @b: the batch
 * @item: a non-NULL pointer
 *
 * Context: kernel: any but NMI; never blocks waiting for room.
 * Return: 0; -ENOSPC (full: dropped and counted); -EPIPE (closed: dropped
 * and counted); -EINVAL for a NULL @item (not counted); user space:
 * -EINVAL for a dead @b.
 */
int lfp_batch_add(struct lfp_batch *b, void *item);

/**
 * lfp_batch_close() - flush what is pending, stop, refuse further adds
 * @b: the batch
 *
 * Idempotent, and every call waits: a close that runs while another is
 * still flushing returns only once that flush is over, so after any
 * close() returns every accepted item has been flushed.
 *
 * Context: may sleep (waits for the flush).
 */
void lfp_batch_close(struct lfp_batch *b);

/**
 * lfp_batch_set_max_items() - change the size trigger
 * @b: the batch
 * @max_items: 1 .. capacity; if that many are already pending, a flush
 *             follows at once
 *
 * Items left pending below a raised @max_items are flushed when the first
 * of them is max_delay_ms old, as if the threshold had always been this.
 *
 * Return: 0 or -ERANGE; user space: -EINVAL for a dead @b.
 */
int lfp_batch_set_max_items(struct lfp_batch *b, unsigned int max_items);

/**
 * lfp_batch_set_max_delay() - change the time trigger
 * @b: the batch
 * @max_delay_ms: 1 .. LFP_BATCH_DELAY_MAX; items already pending get the
 *                new delay counted from now
 *
 * A flush already due because max_items are pending (queued behind a
 * running flush, say) is not postponed: it still follows at once.
 *
 * Return: 0 or -ERANGE; user space: -EINVAL for a dead @b.
 */
int lfp_batch_set_max_delay(struct lfp_batch *b, unsigned int max_delay_ms);

/**
 * lfp_batch_get_stats() - read the counters
 * @b: the batch
 * @st: filled in (one consistent snapshot)
 */
void lfp_batch_get_stats(struct lfp_batch *b, struct lfp_batch_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BATCH_H */
