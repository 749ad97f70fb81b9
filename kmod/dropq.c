// SPDX-License-Identifier: GPL-2.0-only
/*
 * lfprim dropq, kernel side: a ptr_ring whose producer and consumer locks
 * also guard the two counts, accepted (written by producers, under the
 * producer lock) and consumed (by consumers, under the consumer lock).
 * The number of items queued is accepted - consumed: exact for producers,
 * which hold their lock, and whenever both locks are held (resize).  A
 * push and a pop cost the ring's own two locks and one atomic
 * read-modify-write (consumed); there is no third shared count.
 *
 * ptr_ring frees consumed slots in batches, so a ring of exactly
 * @capacity slots can look full with fewer items queued.  The ring gets
 * batch - 1 slack slots and the producer checks the count against the
 * capacity: with at most capacity - 1 items queued and at most batch - 1
 * consumed-but-unfreed slots, __ptr_ring_produce() always finds room.
 *
 * Ordering (Linux kernel memory model, tools/memory-model):
 *
 * (a) Free slot before reuse.  A consumer zeroes slots with plain stores
 *     (__ptr_ring_consume() and its batched discard), then increments
 *     @consumed with release; a producer reads @consumed with acquire
 *     before it fills a slot: message passing (MP) with release and
 *     acquire, so the slot the producer fills reads NULL, as
 *     __ptr_ring_produce() demands.  Every write to @consumed is an atomic
 *     read-modify-write, so a producer that reads a later value (another
 *     consumer's increment) still sees the zeroing that preceded each
 *     earlier release: the model's rmw-sequence extends cumul-fence
 *     through them.  A plain increment here would leave the zeroing
 *     unordered on arm64 and POWER.
 *
 * (b) The count never goes below zero.  A producer reads @accepted under
 *     the producer lock, so it has every earlier push's count
 *     (po-unlock-lock-po).  A consumer counts an item only after it read
 *     the item's slot, which its producer stored after counting it (the
 *     smp_wmb() in __ptr_ring_produce() orders the two stores), and (c)
 *     carries that to every reader: no reader sees an item consumed
 *     that it does not see accepted.
 *
 * (c) consumed never passes accepted.  accepted is stored before the
 *     slot (the smp_wmb() above); consumed is incremented with release
 *     after the consumer read the slot (A-cumulative over that rfe).
 *     get_stats() and a push read consumed with acquire, then accepted:
 *     seeing a consumed count, they see the accepted count of each item
 *     in it (wmb on the producer, rfe, po-rel, rfe, acquire).
 *
 * (d) close.  close() stores @closed with release under the producer lock,
 *     after every push it serialized with; try_pop() reads it with acquire
 *     before it takes the consumer lock and consumes, so every item
 *     accepted before the close is visible to that consume: MP, the
 *     pushes' slot stores reaching the release through the producer
 *     lock's po-unlock-lock-po.  -EPIPE never hides an item.
 *
 * (e) Wake-ups.  push() and close() change what lfp_dropq_ready() reads,
 *     then wq_has_sleeper()'s smp_mb() (or wake_up_all()'s lock) pairs
 *     with set_current_state()'s barrier in prepare_to_wait(): the store
 *     buffering pattern with a full barrier on each side, so either the
 *     consumer sees the change or the waker sees the consumer queued.
 */
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "compat.h"

#include <lfprim/core/dropq.h>
#include <lfprim/core/inject.h>
#include <lfprim/core/live.h>

#include "wait.h"

/* Slots ptr_ring may hold back after a consume (its largest batch). */
#define LFP_DROPQ_SLACK	(SMP_CACHE_BYTES * 2 / sizeof(void *) - 1)

static void **lfp_dropq_alloc_slots(unsigned int capacity)
{
	return kvmalloc_array(capacity + LFP_DROPQ_SLACK, sizeof(void *),
			      GFP_KERNEL | __GFP_ZERO);
}

int lfp_dropq_init(struct lfp_dropq *q, unsigned int capacity)
{
	void **slots;
	int ret;

	if (!q)
		return -EINVAL;
	if (lfp_dropq_check_capacity(capacity))
		return -ERANGE;
	/*
	 * ptr_ring_init() refuses rings larger than KMALLOC_MAX_SIZE (512 Ki
	 * slots on x86-64), below LFP_DROPQ_CAP_MAX: start with one slot and
	 * swap in a vmalloc-backed array, as resize does.
	 */
	slots = lfp_dropq_alloc_slots(capacity);
	if (!slots)
		return -ENOMEM;
	ret = ptr_ring_init(&q->ring, 1, GFP_KERNEL);
	if (ret) {
		kvfree(slots);
		return ret;
	}
	kvfree(__ptr_ring_swap_queue(&q->ring, slots, capacity + LFP_DROPQ_SLACK,
				     GFP_KERNEL, NULL));
	q->capacity = capacity;
	q->hwm = 0;
	q->closed = 0;
	atomic64_set(&q->accepted, 0);
	atomic64_set(&q->dropped, 0);
	atomic64_set(&q->consumed, 0);
	init_waitqueue_head(&q->wq);
	lfp_live_set(&q->live);
	return 0;
}
LFP_EXPORT(lfp_dropq_init);

void lfp_dropq_destroy(struct lfp_dropq *q, void (*drop)(void *item))
{
	if (unlikely(lfp_dead(q, live)))
		return;
	lfp_live_clear(&q->live);
	ptr_ring_cleanup(&q->ring, drop);
}
LFP_EXPORT(lfp_dropq_destroy);

int lfp_dropq_push(struct lfp_dropq *q, void *item)
{
	unsigned long flags;
	unsigned int n;
	s64 a, c;
	int ret;

	if (unlikely(lfp_dead(q, live)) || !item)
		return -EINVAL;
	spin_lock_irqsave(&q->ring.producer_lock, flags);
	/* Acquire: pairs with try_pop()'s release, see (a) above. */
	c = atomic64_read_acquire(&q->consumed);
	/* Only producers write it, under this lock: exact (b). */
	a = atomic64_read(&q->accepted);
	n = a - c + 1;
	if (q->closed) {
		ret = -EPIPE;
	} else if (n > READ_ONCE(q->capacity)) {
		ret = -ENOSPC;
	} else {
		/*
		 * Counted before a consumer can take it, so consumed never
		 * passes accepted (c): the smp_wmb() in the produce below
		 * orders this store before the slot's.
		 */
		atomic64_set(&q->accepted, a + 1);
		/* Between the count and the slot (atomic context). */
		lfp_inject("dropq.push_publish", q);
		ret = __ptr_ring_produce(&q->ring, item);
		if (WARN_ON_ONCE(ret)) {	/* the slack makes this impossible */
			atomic64_set(&q->accepted, a);
			ret = -ENOSPC;
		}
	}
	if (!ret && n > q->hwm)
		WRITE_ONCE(q->hwm, n);
	spin_unlock_irqrestore(&q->ring.producer_lock, flags);
	if (ret) {
		atomic64_inc(&q->dropped);
		return ret;
	}
	/* Pairs with the barrier in prepare_to_wait() (see lfp_wait_cond()). */
	if (wq_has_sleeper(&q->wq))
		wake_up(&q->wq);
	return 0;
}
LFP_EXPORT(lfp_dropq_push);

int lfp_dropq_try_pop(struct lfp_dropq *q, void **item)
{
	unsigned long flags;
	void *p;
	int closed;

	if (unlikely(lfp_dead(q, live)))
		return -EINVAL;
	/*
	 * Closed first: every push accepted before the close is then
	 * visible to the consume below, so -EPIPE never hides an item.
	 */
	closed = smp_load_acquire(&q->closed);
	spin_lock_irqsave(&q->ring.consumer_lock, flags);
	p = __ptr_ring_consume(&q->ring);
	if (p)
		/*
		 * Release: the slots zeroed above are visible to a producer
		 * that reads the new count with acquire (a); the count
		 * follows the read of the slot (c).
		 */
		atomic64_inc_return_release(&q->consumed);
	spin_unlock_irqrestore(&q->ring.consumer_lock, flags);
	if (!p)
		return closed ? -EPIPE : -EAGAIN;
	*item = p;
	return 0;
}
LFP_EXPORT(lfp_dropq_try_pop);

static bool lfp_dropq_ready(void *arg)
{
	struct lfp_dropq *q = arg;

	if (atomic64_read(&q->accepted) != atomic64_read(&q->consumed))
		return true;
	/* Acquire pairs with close(); the pop that follows rechecks. */
	return smp_load_acquire(&q->closed);
}

int lfp_dropq_pop(struct lfp_dropq *q, void **item, long timeout_ms,
		  struct lfp_event *cancel)
{
	ktime_t deadline = lfp_wait_deadline(timeout_ms);
	int ret;

	if (unlikely(lfp_dead(q, live)))
		return -EINVAL;
	for (;;) {
		ret = lfp_dropq_try_pop(q, item);
		if (ret != -EAGAIN)
			return ret;
		ret = lfp_wait_cond(&q->wq, cancel, lfp_dropq_ready, q,
				    deadline, TASK_INTERRUPTIBLE);
		if (ret == -ETIMEDOUT)
			/* An item that raced the timeout still counts. */
			return lfp_dropq_try_pop(q, item) ? -ETIMEDOUT : 0;
		if (ret)
			return ret;
	}
}
LFP_EXPORT(lfp_dropq_pop);

void lfp_dropq_close(struct lfp_dropq *q)
{
	unsigned long flags;

	if (unlikely(lfp_dead(q, live)))
		return;
	spin_lock_irqsave(&q->ring.producer_lock, flags);
	/* Pairs with the acquire in try_pop: accepted pushes come first (d). */
	smp_store_release(&q->closed, 1);
	spin_unlock_irqrestore(&q->ring.producer_lock, flags);
	/* Closed, consumers not yet woken. */
	lfp_inject("dropq.close_wake", q);
	/*
	 * Every close wakes, the first or a repeat: a second close that
	 * races the first returns only once the blocked consumers are woken.
	 */
	wake_up_all(&q->wq);
}
LFP_EXPORT(lfp_dropq_close);

int lfp_dropq_resize(struct lfp_dropq *q, unsigned int capacity)
{
	unsigned long flags;
	void **slots, **old;
	int ret = 0;

	if (unlikely(lfp_dead(q, live)))
		return -EINVAL;
	if (lfp_dropq_check_capacity(capacity))
		return -ERANGE;
	slots = lfp_dropq_alloc_slots(capacity);
	if (!slots)
		return -ENOMEM;
	/* ptr_ring's lock order: consumer, then producer. */
	spin_lock_irqsave(&q->ring.consumer_lock, flags);
	spin_lock(&q->ring.producer_lock);
	/* Both locks held: the count is exact. */
	if (atomic64_read(&q->accepted) - atomic64_read(&q->consumed) > capacity) {
		ret = -EBUSY;
		old = slots;
	} else {
		/* Copies the queued items in order; nothing is destroyed. */
		old = __ptr_ring_swap_queue(&q->ring, slots,
					    capacity + LFP_DROPQ_SLACK,
					    GFP_ATOMIC, NULL);
		WRITE_ONCE(q->capacity, capacity);
	}
	spin_unlock(&q->ring.producer_lock);
	spin_unlock_irqrestore(&q->ring.consumer_lock, flags);
	kvfree(old);
	return ret;
}
LFP_EXPORT(lfp_dropq_resize);

/* Tries of the lock-free snapshot before it takes the consumer lock. */
#define LFP_DROPQ_SNAP_TRIES	64

/*
 * accepted and consumed as they stood at one instant: consumed is read
 * (acquire) before and after accepted (acquire); equal reads mean it did
 * not move in between, so accepted >= consumed (c).  Consumers that never
 * pause long enough: read under the consumer lock, where it cannot move.
 */
static void lfp_dropq_snapshot(struct lfp_dropq *q, struct lfp_dropq_stats *st)
{
	unsigned long flags;
	u64 c;
	int i;

	for (i = 0; i < LFP_DROPQ_SNAP_TRIES; i++) {
		c = atomic64_read_acquire(&q->consumed);
		st->accepted = atomic64_read_acquire(&q->accepted);
		st->consumed = atomic64_read_acquire(&q->consumed);
		if (st->consumed == c)
			return;
	}
	spin_lock_irqsave(&q->ring.consumer_lock, flags);
	st->consumed = atomic64_read(&q->consumed);
	st->accepted = atomic64_read(&q->accepted);
	spin_unlock_irqrestore(&q->ring.consumer_lock, flags);
}

void lfp_dropq_get_stats(struct lfp_dropq *q, struct lfp_dropq_stats *st)
{
	if (unlikely(lfp_dead(q, live))) {
		memset(st, 0, sizeof(*st));
		return;
	}
	lfp_dropq_snapshot(q, st);
	st->dropped = atomic64_read(&q->dropped);
	st->capacity = READ_ONCE(q->capacity);
	/*
	 * Read without the locks, the count may be from before a resize
	 * that shrank the capacity read above: bound it.
	 */
	st->len = min_t(u64, st->accepted - st->consumed, st->capacity);
	st->hwm = READ_ONCE(q->hwm);
	/* Acquire pairs with close(), as in try_pop. */
	st->closed = smp_load_acquire(&q->closed);
}
LFP_EXPORT(lfp_dropq_get_stats);
