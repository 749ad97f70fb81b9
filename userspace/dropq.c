// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim dropq, user-space side: ptr_ring's design (a producer lock and a
 * consumer lock over an array of slots, NULL meaning free) on pthread
 * mutexes, with exact capacity (slots are freed at once, not in batches).
 *
 * A producer fills slot[head] only if it is NULL; a consumer takes
 * slot[tail] only if it is not, then stores NULL.  The slot itself hands
 * an item from one side to the other (release store, acquire load), so
 * producers and consumers never share a lock.
 *
 * The counters are written under one lock each (accepted and dropped under
 * the producer lock, consumed under the consumer lock), so they need no
 * atomic read-modify-write; the length is accepted - consumed, exact when
 * both locks are held.  Without the locks, consumed never passes accepted:
 * a push counts its item (release) before it publishes the slot (release),
 * and a pop counts it (release) only after it took the slot (acquire), so
 * whoever acquires a consumed count also sees the accepted count of every
 * item it includes.  A push also sees the consumed count of the item that
 * freed its slot (the consumer counts before it releases the NULL), so
 * accepted - consumed read at one instant is at most the capacity.
 *
 * Blocked consumers sleep on the futex word @seq.  No lost wake-up: a
 * producer stores its accepted count, then reads @waiters with a
 * sequentially consistent read-modify-write; a consumer increments @waiters, reads @seq, then reads the
 * counts and @closed before sleeping on @seq, all sequentially consistent.
 * If the consumer's increment comes first the producer sees a waiter and
 * bumps @seq (the consumer's FUTEX_WAIT then fails or is woken); otherwise
 * the consumer sees the new count and does not sleep.  close() bumps @seq
 * unconditionally.
 */
#include "live.h"

#include <limits.h>
#include <stdlib.h>

#include <lfprim/core/dropq.h>
#include <lfprim/core/inject.h>

#include "futex.h"

int lfp_dropq_init(struct lfp_dropq *q, unsigned int capacity)
{
	if (!q)
		return -EINVAL;
	if (lfp_dropq_check_capacity(capacity))
		return -ERANGE;
	q->slot = calloc(capacity, sizeof(*q->slot));
	if (!q->slot)
		return -ENOMEM;
	q->capacity = capacity;
	pthread_mutex_init(&q->prod_lock, NULL);
	pthread_mutex_init(&q->cons_lock, NULL);
	q->head = q->tail = q->hwm = q->seq = q->waiters = 0;
	q->closed = 0;
	q->accepted = q->dropped = q->consumed = 0;
	lfp_live_set(&q->live);
	return 0;
}

void lfp_dropq_destroy(struct lfp_dropq *q, void (*drop)(void *item))
{
	void *item;

	if (lfp_misuse(lfp_dead(q, live)))
		return;
	while (drop && !lfp_dropq_try_pop(q, &item))
		drop(item);
	lfp_live_clear(&q->live);
	pthread_mutex_destroy(&q->prod_lock);
	pthread_mutex_destroy(&q->cons_lock);
	free(q->slot);
	q->slot = NULL;
}

/* A counter written only under one lock: no atomic read-modify-write. */
static inline void lfp_dropq_count(unsigned long long *c, int order)
{
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + 1, order);
}

static inline unsigned int lfp_dropq_len(struct lfp_dropq *q, int order)
{
	unsigned long long consumed = __atomic_load_n(&q->consumed, order);

	return __atomic_load_n(&q->accepted, order) - consumed;
}

int lfp_dropq_push(struct lfp_dropq *q, void *item)
{
	unsigned int n;
	int ret = 0;

	if (!item || lfp_misuse(lfp_dead(q, live)))
		return -EINVAL;
	pthread_mutex_lock(&q->prod_lock);
	if (q->closed)
		ret = -EPIPE;
	else if (__atomic_load_n(&q->slot[q->head], __ATOMIC_ACQUIRE))
		ret = -ENOSPC;
	if (ret) {
		lfp_dropq_count(&q->dropped, __ATOMIC_RELAXED);
		pthread_mutex_unlock(&q->prod_lock);
		return ret;
	}
	/*
	 * Counted before the slot is published (both release), so a pop
	 * that takes the item, and anyone who sees its consumed count,
	 * sees it accepted: consumed never passes accepted.
	 */
	lfp_dropq_count(&q->accepted, __ATOMIC_RELEASE);
	/* Between the count and the slot (prod_lock held). */
	lfp_inject("dropq.push_publish", q);
	__atomic_store_n(&q->slot[q->head], item, __ATOMIC_RELEASE);
	q->head = q->head + 1 == q->capacity ? 0 : q->head + 1;
	/* consumed may be stale (too small): never above the capacity. */
	n = lfp_dropq_len(q, __ATOMIC_RELAXED);
	if (n > q->capacity)
		n = q->capacity;
	if (n > q->hwm)
		__atomic_store_n(&q->hwm, n, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&q->prod_lock);
	/*
	 * A sequentially consistent read-modify-write of waiters: orders the
	 * accepted count before the look at waiters, like a full fence, and
	 * is visible to ThreadSanitizer, which does not model fences.
	 */
	if (__atomic_fetch_add(&q->waiters, 0, __ATOMIC_SEQ_CST)) {
		__atomic_fetch_add(&q->seq, 1, __ATOMIC_SEQ_CST);
		lfp_futex_wake(&q->seq, 1);
	}
	return 0;
}

int lfp_dropq_try_pop(struct lfp_dropq *q, void **item)
{
	int closed;
	void *p;

	if (lfp_misuse(lfp_dead(q, live) || !item))
		return -EINVAL;
	/* Closed first: -EPIPE then never hides an accepted item. */
	closed = __atomic_load_n(&q->closed, __ATOMIC_ACQUIRE);
	pthread_mutex_lock(&q->cons_lock);
	p = __atomic_load_n(&q->slot[q->tail], __ATOMIC_ACQUIRE);
	if (p) {
		/* After the acquire of the slot, before the NULL is released. */
		lfp_dropq_count(&q->consumed, __ATOMIC_RELEASE);
		__atomic_store_n(&q->slot[q->tail], NULL, __ATOMIC_RELEASE);
		q->tail = q->tail + 1 == q->capacity ? 0 : q->tail + 1;
	}
	pthread_mutex_unlock(&q->cons_lock);
	if (!p)
		return closed ? -EPIPE : -EAGAIN;
	*item = p;
	return 0;
}

int lfp_dropq_pop(struct lfp_dropq *q, void **item, long timeout_ms,
		  struct lfp_event *cancel)
{
	const struct timespec *deadline;
	struct timespec ts;
	unsigned int seq;
	int ret, timed_out = 0;

	if (lfp_misuse(lfp_dead(q, live) || !item))
		return -EINVAL;
	/* An item waiting wins over a fired cancel event. */
	ret = lfp_dropq_try_pop(q, item);
	if (ret != -EAGAIN)
		return ret;
	/* No wait: as the kernel's lfp_wait_cond(), cancel before timeout. */
	if (!timeout_ms)
		return cancel && lfp_event_is_fired(cancel) ? -ECANCELED :
							      -ETIMEDOUT;
	deadline = lfp_deadline(timeout_ms, &ts);
	if (cancel)
		__atomic_fetch_add(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		ret = lfp_dropq_try_pop(q, item);
		if (ret != -EAGAIN)
			break;
		if (timed_out) {
			ret = -ETIMEDOUT;
			break;
		}
		if (cancel && __atomic_load_n(&cancel->fired, __ATOMIC_SEQ_CST)) {
			ret = -ECANCELED;
			break;
		}
		__atomic_fetch_add(&q->waiters, 1, __ATOMIC_SEQ_CST);
		seq = __atomic_load_n(&q->seq, __ATOMIC_SEQ_CST);
		if (!lfp_dropq_len(q, __ATOMIC_SEQ_CST) &&
		    !__atomic_load_n(&q->closed, __ATOMIC_SEQ_CST))
			timed_out = lfp_futex_wait2(&q->seq, seq,
						    cancel ? &cancel->fired : NULL,
						    0, deadline) == -ETIMEDOUT ||
				    lfp_deadline_passed(deadline);
		__atomic_fetch_sub(&q->waiters, 1, __ATOMIC_SEQ_CST);
	}
	if (cancel)
		__atomic_fetch_sub(&cancel->waiters, 1, __ATOMIC_SEQ_CST);
	return ret;
}

void lfp_dropq_close(struct lfp_dropq *q)
{
	if (lfp_misuse(lfp_dead(q, live)))
		return;
	pthread_mutex_lock(&q->prod_lock);
	__atomic_store_n(&q->closed, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&q->prod_lock);
	/* Closed, consumers not yet woken. */
	lfp_inject("dropq.close_wake", q);
	/*
	 * Every close wakes, the first or a repeat: a second close that
	 * races the first returns only once the blocked consumers are woken.
	 */
	__atomic_fetch_add(&q->seq, 1, __ATOMIC_SEQ_CST);
	lfp_futex_wake(&q->seq, INT_MAX);
}

int lfp_dropq_resize(struct lfp_dropq *q, unsigned int capacity)
{
	void **slots, **old;
	unsigned int i, n;
	int ret = 0;

	if (lfp_misuse(lfp_dead(q, live)))
		return -EINVAL;
	if (lfp_dropq_check_capacity(capacity))
		return -ERANGE;
	slots = calloc(capacity, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	pthread_mutex_lock(&q->prod_lock);
	pthread_mutex_lock(&q->cons_lock);
	n = lfp_dropq_len(q, __ATOMIC_RELAXED);	/* exact: both locks held */
	if (n > capacity) {
		ret = -EBUSY;
		old = slots;
	} else {
		for (i = 0; i < n; i++)
			slots[i] = q->slot[(q->tail + i) % q->capacity];
		old = q->slot;
		q->slot = slots;
		q->tail = 0;
		q->head = n == capacity ? 0 : n;
		__atomic_store_n(&q->capacity, capacity, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&q->cons_lock);
	pthread_mutex_unlock(&q->prod_lock);
	free(old);
	return ret;
}

/* Tries of the lock-free snapshot before it takes the consumer lock. */
#define LFP_DROPQ_SNAP_TRIES	64

/*
 * accepted and consumed as they stood at one instant: consumed is read
 * (acquire) before and after accepted (acquire); equal reads mean it did
 * not move in between, so accepted >= consumed (see the top) and the
 * difference is the length at the moment accepted was read.  A queue
 * whose consumers never pause long enough is read under the consumer
 * lock, where consumed cannot move.
 */
static void lfp_dropq_snapshot(struct lfp_dropq *q, unsigned long long *acc,
			       unsigned long long *cons)
{
	unsigned long long c;
	int i;

	for (i = 0; i < LFP_DROPQ_SNAP_TRIES; i++) {
		c = __atomic_load_n(&q->consumed, __ATOMIC_ACQUIRE);
		*acc = __atomic_load_n(&q->accepted, __ATOMIC_ACQUIRE);
		*cons = __atomic_load_n(&q->consumed, __ATOMIC_ACQUIRE);
		if (*cons == c)
			return;
	}
	pthread_mutex_lock(&q->cons_lock);
	*cons = __atomic_load_n(&q->consumed, __ATOMIC_ACQUIRE);
	*acc = __atomic_load_n(&q->accepted, __ATOMIC_ACQUIRE);
	pthread_mutex_unlock(&q->cons_lock);
}

void lfp_dropq_get_stats(struct lfp_dropq *q, struct lfp_dropq_stats *st)
{
	if (lfp_misuse(!st))
		return;
	if (lfp_misuse(lfp_dead(q, live))) {
		*st = (struct lfp_dropq_stats){ 0 };
		return;
	}
	lfp_dropq_snapshot(q, &st->accepted, &st->consumed);
	st->dropped = __atomic_load_n(&q->dropped, __ATOMIC_RELAXED);
	st->capacity = __atomic_load_n(&q->capacity, __ATOMIC_RELAXED);
	st->len = st->accepted - st->consumed;
	/* Only when a resize shrank the queue between the two reads. */
	if (st->len > st->capacity)
		st->len = st->capacity;
	st->hwm = __atomic_load_n(&q->hwm, __ATOMIC_RELAXED);
	st->closed = __atomic_load_n(&q->closed, __ATOMIC_ACQUIRE);
}
