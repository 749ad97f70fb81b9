// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim dropq, user-space side: a bounded multi-producer multi-consumer
 * ring of sequenced slots (Vyukov's design), lock-free on push and pop.
 * Concurrency Kit's ck_ring was not used: its MPMC ring needs a power-of-
 * two size (exact capacity would then need a second shared counter on
 * every push), has no close, and cannot be resized while in use.
 *
 * Positions.  A position is a lap and an index below the capacity:
 * P = lap << LFP_DQ_IDX_BITS | idx, and the position after P is P + 1,
 * or lap + 1, index 0 when idx + 1 == capacity.  The ring therefore has
 * exactly @capacity slots, with no division and no power-of-two rounding.
 * Positions are kept as words W(P) = P << 2, whose two low bits carry
 * flags: @enq has LFP_DQ_CLOSED and LFP_DQ_FROZEN, @deq LFP_DQ_FROZEN.
 * Words only grow (mod 2^64; compared by signed difference).
 *
 * Slots.  Each slot has a sequence word: W(P) means "free, for the push
 * at position P"; W(P) | 1 means "holds the item pushed at P".  Slot idx
 * starts at W(idx) of the ring's first lap.  A consumer that took the item of P stores
 * W(P of the next lap), freeing the slot for the push one lap later.
 *
 * Push.  Load @enq (e).  The slot of e has sequence s:
 *  - s == e: free.  CAS @enq from e to the next position (seq_cst): on
 *    success this push owns the slot; it stores the item, then s = e | 1
 *    (release).  Linearization point: the successful CAS (accepted).
 *  - s < e: the slot still holds (or is being emptied of) the item of a
 *    lap before: the queue holds @capacity items.  If @enq still reads e
 *    the push is dropped (-ENOSPC), linearized at the load of s: @enq was
 *    e then (both reads of it agree and it only grows), so the positions
 *    e - capacity .. e - 1 were all accepted and the first not yet freed.
 *    Exact capacity: a push never passes a slot that is not freed, so at
 *    most @capacity items are ever accepted and not yet taken.
 *  - s > e: another push took e; reload @enq and retry.
 * Pop mirrors it on @deq, waiting for s == d | 1, and reads the item
 * before it frees the slot (release).  Linearization point: the successful
 * CAS of @deq (consumed).  When s < d | 1 the pop loads @enq: if its
 * position is d the queue was empty at that load (@deq <= @enq always, as
 * a pop claims only a published item, so @deq was d too) and the pop
 * fails with -EAGAIN, or -EPIPE if @enq also carries LFP_DQ_CLOSED; else
 * the push of d claimed its slot and has not published it yet: -EAGAIN,
 * never -EPIPE.
 *
 * No ABA: the CASes compare 64-bit words that only grow (42 bits of laps:
 * a wrap takes at least 2^42 pushes, and a thread would have to sleep through all
 * of them between its load and its CAS).  A slot's sequence moves only
 * forward too, from W(P) to W(P) | 1 to W(P + a lap), and each step is
 * made by the one thread that owns P, so a thread that saw "free for e"
 * and wins the CAS of e is the only one that fills the slot.
 *
 * Memory ordering.  Item and slot sequence: the producer's release store
 * of s = e | 1 pairs with the consumer's acquire load of s, so the item
 * (a relaxed store before, a relaxed load after) is passed; the consumer's
 * release of the next lap's W pairs with the next producer's acquire load,
 * so the old item is read before the slot is refilled.  @enq and @deq are
 * loaded with acquire (they order the load of @ring, below) and changed
 * by seq_cst CAS, which the wake-up protocol needs.
 *
 * Counts.  accepted and consumed are the positions of @enq and @deq as
 * counts (plus the ring's @base, the items taken before it was built), so
 * they need no read-modify-write of their own: a snapshot that reads @deq,
 * @enq and @deq again, all acquire, with both @deq reads equal, has both
 * as they stood when @enq was read, consumed <= accepted, and len is the
 * count queued at that instant.  @dropped is a relaxed counter.
 *
 * Close sets LFP_DQ_CLOSED in @enq with one seq_cst fetch_or: a push is
 * accepted by a CAS of @enq, so it is accepted entirely before the close
 * or refused; once a pop sees the flag, accepted never moves again.
 *
 * Blocked consumers sleep on the futex word @seq.  No lost wake-up: a
 * consumer increments @waiters, reads @seq, then @deq and @enq, all
 * seq_cst, and sleeps only if @enq's position is @deq's, with no flag.  A
 * producer's CAS of @enq is seq_cst and it reads @waiters (seq_cst) after
 * publishing: if the consumer's read of @enq came before the CAS in the
 * single order of seq_cst operations, so did its increment, and the
 * producer bumps @seq and wakes; otherwise the consumer sees the claimed
 * position and does not sleep (if the item is not published yet it yields
 * and looks again).  close() and resize bump @seq unconditionally.
 *
 * Resize (under @lock): sets LFP_DQ_FROZEN in @enq and @deq (fetch_or), so
 * every later CAS fails and new pushes and pops wait on @lock; waits for
 * the pushes that claimed a slot to publish it and the pops that claimed
 * one to free it; copies the items into a new ring whose positions start
 * a lap past any old one (so a stale CAS can never succeed) and stores the
 * new words without the flag.  Threads read @ring only inside an urcu-memb
 * read-side section, after their acquire load of @enq or @deq: a word of
 * the new ring brings the new @ring; a word older than the ring it reads
 * (below its @start) sends the thread back to reload.  The old ring is
 * freed after a grace period, once @lock is released.  A refused resize
 * (-EBUSY) and the stats' slow path put back the very words they froze,
 * over an unchanged ring, so a CAS that spans them is still right.
 */
#include "live.h"

#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include <lfprim/core/dropq.h>
#include <lfprim/core/inject.h>
#include <lfprim/snap.h>

#include "dropq_rcu.h"
#include "futex.h"

#define LFP_DQ_CLOSED		1ULL
#define LFP_DQ_FROZEN		2ULL
#define LFP_DQ_FLAGS		(LFP_DQ_CLOSED | LFP_DQ_FROZEN)
#define LFP_DQ_FULL		1ULL	/* in a slot's sequence */
#define LFP_DQ_IDX_BITS		20	/* LFP_DROPQ_CAP_MAX indexes */
#define LFP_DQ_IDX_SHIFT	2
#define LFP_DQ_LAP_SHIFT	(LFP_DQ_IDX_BITS + LFP_DQ_IDX_SHIFT)
#define LFP_DQ_LAP		(1ULL << LFP_DQ_LAP_SHIFT)	/* one lap, as a word */

_Static_assert(LFP_DROPQ_CAP_MAX <= 1U << LFP_DQ_IDX_BITS, "index bits");

struct lfp_dropq_slot {
	unsigned long long seq;
	void *item;
};

/**
 * struct lfp_dropq_ring - the slots
 * @cap: the capacity, and number of slots
 * @start: word of this ring's first position (index 0 of its first lap)
 * @base: items consumed before this ring was built
 * @slot: @cap slots
 */
struct lfp_dropq_ring {
	unsigned int cap;
	unsigned long long start;
	unsigned long long base;
	struct lfp_dropq_slot slot[];
};

static inline unsigned int lfp_dq_idx(unsigned long long w)
{
	return (w >> LFP_DQ_IDX_SHIFT) & ((1U << LFP_DQ_IDX_BITS) - 1);
}

/* The word of the position after @w (no flags), in a ring of @cap. */
static inline unsigned long long lfp_dq_next(unsigned long long w,
					     unsigned int cap)
{
	if (lfp_dq_idx(w) + 1 == cap)
		return (w & ~(LFP_DQ_LAP - 1)) + LFP_DQ_LAP;
	return w + (1ULL << LFP_DQ_IDX_SHIFT);
}

/* Nonzero if word @w (no flags) is older than ring @r. */
static inline int lfp_dq_stale(const struct lfp_dropq_ring *r,
			       unsigned long long w)
{
	return (long long)(w - r->start) < 0;
}

/* Positions of @r up to word @w (no flags), as a count. */
static inline unsigned long long lfp_dq_count(const struct lfp_dropq_ring *r,
					      unsigned long long w)
{
	return ((w - r->start) >> LFP_DQ_LAP_SHIFT) * r->cap + lfp_dq_idx(w);
}

/* The word of the position @n counts after the first of @r. */
static inline unsigned long long lfp_dq_word(const struct lfp_dropq_ring *r,
					     unsigned long long n)
{
	return r->start + (n / r->cap) * LFP_DQ_LAP +
	       ((n % r->cap) << LFP_DQ_IDX_SHIFT);
}

static struct lfp_dropq_ring *lfp_dq_ring_new(unsigned int cap,
					      unsigned long long start)
{
	struct lfp_dropq_ring *r;
	unsigned int i;

	r = malloc(sizeof(*r) + (size_t)cap * sizeof(r->slot[0]));
	if (!r)
		return NULL;
	r->cap = cap;
	r->start = start;
	r->base = 0;
	for (i = 0; i < cap; i++) {
		r->slot[i].seq = lfp_dq_word(r, i);
		r->slot[i].item = NULL;
	}
	return r;
}

int lfp_dropq_init(struct lfp_dropq *q, unsigned int capacity)
{
	if (!q)
		return -EINVAL;
	if (lfp_dropq_check_capacity(capacity))
		return -ERANGE;
	q->ring = lfp_dq_ring_new(capacity, 0);
	if (!q->ring)
		return -ENOMEM;
	pthread_mutex_init(&q->lock, NULL);
	q->enq = q->deq = 0;
	q->hwm = q->seq = q->waiters = 0;
	q->dropped = 0;
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
	pthread_mutex_destroy(&q->lock);
	free(q->ring);
	q->ring = NULL;
}

static inline void lfp_dq_read_lock(void)
{
	lfp_rcu_ensure_registered();
	urcu_memb_read_lock();
}

static inline void lfp_dq_read_unlock(void)
{
	lfp_tsan_reader_end();
	urcu_memb_read_unlock();
}

/* A resize holds the queue frozen: wait for it outside the section. */
static void lfp_dq_wait_resize(struct lfp_dropq *q)
{
	lfp_dq_read_unlock();
	pthread_mutex_lock(&q->lock);
	pthread_mutex_unlock(&q->lock);
	urcu_memb_read_lock();
}

static inline struct lfp_dropq_ring *lfp_dq_ring(struct lfp_dropq *q)
{
	struct lfp_dropq_ring *r = __atomic_load_n(&q->ring, __ATOMIC_ACQUIRE);

	lfp_tsan_acquire(r);
	return r;
}

/* Raises the high-water mark to the length after the push that ends @w. */
static inline void lfp_dq_hwm(struct lfp_dropq *q, struct lfp_dropq_ring *r,
			      unsigned long long w)
{
	unsigned int hwm = __atomic_load_n(&q->hwm, __ATOMIC_RELAXED);
	unsigned long long d;
	long long n = 1;

	if (hwm >= r->cap)
		return;
	/* seq_cst: not older than the CAS that accepted the push. */
	d = __atomic_load_n(&q->deq, __ATOMIC_SEQ_CST) & ~LFP_DQ_FLAGS;
	if (!lfp_dq_stale(r, d)) {
		/* @deq may have moved on since the CAS: never above the truth. */
		n = (long long)(lfp_dq_count(r, w) - lfp_dq_count(r, d));
		if (n > r->cap)
			n = r->cap;
	}
	/* At the CAS at least the item itself was queued. */
	if (n < 1)
		n = 1;
	while (n > (long long)hwm &&
	       !__atomic_compare_exchange_n(&q->hwm, &hwm, n, 1,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

/* Push @item; the caller is in a read-side section and @q is live. */
int lfp_dropq_push_rcu(struct lfp_dropq *q, void *item)
{
	struct lfp_dropq_slot *s;
	struct lfp_dropq_ring *r;
	unsigned long long e, seq, next = 0;
	long long dif;

	e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
	for (;;) {
		if (lfp_unlikely(e & LFP_DQ_FLAGS)) {
			if (e & LFP_DQ_CLOSED)
				goto drop_closed;
			lfp_dq_wait_resize(q);
			e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
			continue;
		}
		r = lfp_dq_ring(q);
		if (lfp_unlikely(lfp_dq_stale(r, e))) {
			e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
			continue;
		}
		s = &r->slot[lfp_dq_idx(e)];
		seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
		dif = (long long)(seq - e);
		if (dif == 0) {
			next = lfp_dq_next(e, r->cap);
			if (__atomic_compare_exchange_n(&q->enq, &e, next, 1,
							__ATOMIC_SEQ_CST,
							__ATOMIC_ACQUIRE))
				break;
		} else if (dif < 0) {
			seq = e;
			e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
			if (e == seq)
				goto drop_full;
		} else {
			e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
		}
	}
	/* Between the claim (accepted) and the publication of the item. */
	lfp_inject("dropq.push_publish", q);
	__atomic_store_n(&s->item, item, __ATOMIC_RELAXED);
	__atomic_store_n(&s->seq, e | LFP_DQ_FULL, __ATOMIC_RELEASE);
	lfp_dq_hwm(q, r, next);
	return 0;
drop_full:
	__atomic_fetch_add(&q->dropped, 1, __ATOMIC_RELAXED);
	return -ENOSPC;
drop_closed:
	__atomic_fetch_add(&q->dropped, 1, __ATOMIC_RELAXED);
	return -EPIPE;
}

int lfp_dropq_push(struct lfp_dropq *q, void *item)
{
	int ret;

	if (!item || lfp_misuse(lfp_dead(q, live)))
		return -EINVAL;
	lfp_dq_read_lock();
	ret = lfp_dropq_push_rcu(q, item);
	lfp_dq_read_unlock();
	if (!ret)
		lfp_dropq_pushed(q);
	return ret;
}

int lfp_dropq_try_pop(struct lfp_dropq *q, void **item)
{
	unsigned long long d, e, seq;
	struct lfp_dropq_slot *s;
	struct lfp_dropq_ring *r;
	long long dif;
	int ret = 0;

	if (lfp_misuse(lfp_dead(q, live) || !item))
		return -EINVAL;
	lfp_dq_read_lock();
	d = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
	for (;;) {
		if (lfp_unlikely(d & LFP_DQ_FROZEN)) {
			lfp_dq_wait_resize(q);
			d = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
			continue;
		}
		r = lfp_dq_ring(q);
		if (lfp_unlikely(lfp_dq_stale(r, d))) {
			d = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
			continue;
		}
		s = &r->slot[lfp_dq_idx(d)];
		seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
		dif = (long long)(seq - (d | LFP_DQ_FULL));
		if (dif == 0) {
			if (__atomic_compare_exchange_n(&q->deq, &d,
							lfp_dq_next(d, r->cap),
							1, __ATOMIC_SEQ_CST,
							__ATOMIC_ACQUIRE))
				break;
		} else if (dif < 0) {
			e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
			if ((e & ~LFP_DQ_FLAGS) == d) {
				/* Empty when @enq was read; closed, for good. */
				ret = e & LFP_DQ_CLOSED ? -EPIPE : -EAGAIN;
				goto out;
			}
			seq = d;
			d = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
			if (d == seq) {
				/* Claimed by a push, not yet published. */
				ret = -EAGAIN;
				goto out;
			}
		} else {
			d = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
		}
	}
	*item = __atomic_load_n(&s->item, __ATOMIC_RELAXED);
	/* After the item is read: the slot is free for the next lap. */
	__atomic_store_n(&s->seq, d + LFP_DQ_LAP, __ATOMIC_RELEASE);
out:
	lfp_dq_read_unlock();
	return ret;
}

/*
 * 1 if nothing is claimed and neither close nor resize is under way, read
 * seq_cst after the caller announced itself in @waiters; -1 if an item is
 * claimed but not yet published; 0 otherwise.
 */
static int lfp_dq_idle(struct lfp_dropq *q)
{
	unsigned long long d = __atomic_load_n(&q->deq, __ATOMIC_SEQ_CST);
	unsigned long long e = __atomic_load_n(&q->enq, __ATOMIC_SEQ_CST);

	if ((d | e) & LFP_DQ_FLAGS)
		return 0;
	return d == e ? 1 : -1;
}

int lfp_dropq_pop(struct lfp_dropq *q, void **item, long timeout_ms,
		  struct lfp_event *cancel)
{
	const struct timespec *deadline;
	struct timespec ts;
	unsigned int seq;
	int ret, idle, timed_out = 0;

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
		idle = lfp_dq_idle(q);
		if (idle > 0) {
			timed_out = lfp_futex_wait2(&q->seq, seq,
						    cancel ? &cancel->fired : NULL,
						    0, deadline) == -ETIMEDOUT ||
				    lfp_deadline_passed(deadline);
		} else {
			/* A push between its claim and its publication. */
			if (idle < 0)
				sched_yield();
			timed_out = lfp_deadline_passed(deadline);
		}
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
	__atomic_fetch_or(&q->enq, LFP_DQ_CLOSED, __ATOMIC_SEQ_CST);
	/* Closed, consumers not yet woken. */
	lfp_inject("dropq.close_wake", q);
	/*
	 * Every close wakes, the first or a repeat: a second close that
	 * races the first returns only once the blocked consumers are woken.
	 */
	__atomic_fetch_add(&q->seq, 1, __ATOMIC_SEQ_CST);
	lfp_futex_wake(&q->seq, INT_MAX);
}


/* Sets @flag in *@w; returns the word as it was, without flags. */
static unsigned long long lfp_dq_freeze(unsigned long long *w,
					unsigned long long flag)
{
	return __atomic_fetch_or(w, flag, __ATOMIC_SEQ_CST) & ~LFP_DQ_FLAGS;
}

/* Stores @v in *@w in place of its frozen word, keeping a close. */
static void lfp_dq_thaw(unsigned long long *w, unsigned long long v)
{
	unsigned long long cur = __atomic_load_n(w, __ATOMIC_RELAXED);

	while (!__atomic_compare_exchange_n(w, &cur, v | (cur & LFP_DQ_CLOSED),
					    1, __ATOMIC_SEQ_CST,
					    __ATOMIC_RELAXED))
		;
}

/* Waits until the slot of @r has sequence @want (an operation in flight). */
static void lfp_dq_settle(struct lfp_dropq_ring *r, unsigned long long n,
			  unsigned long long want)
{
	while (__atomic_load_n(&r->slot[n % r->cap].seq, __ATOMIC_ACQUIRE) !=
	       want)
		sched_yield();
}

/*
 * Under @lock, with @enq and @deq frozen at @e and @d: waits for the pushes
 * that claimed positions d .. e - 1 to publish them and for the pops that
 * claimed positions before d to free their slots.  Pops claim only what is
 * published, so the slots a pop may still hold are those of positions
 * e - cap .. d - 1: a push never passed them.  Returns the length.
 */
static unsigned int lfp_dq_quiesce(struct lfp_dropq_ring *r,
				   unsigned long long e, unsigned long long d)
{
	unsigned long long ne = lfp_dq_count(r, e), nd = lfp_dq_count(r, d), n;

	for (n = nd; n < ne; n++)
		lfp_dq_settle(r, n, lfp_dq_word(r, n) | LFP_DQ_FULL);
	for (n = ne > r->cap ? ne - r->cap : 0; n < nd; n++)
		lfp_dq_settle(r, n, lfp_dq_word(r, n + r->cap));
	return ne - nd;
}

int lfp_dropq_resize(struct lfp_dropq *q, unsigned int capacity)
{
	struct lfp_dropq_ring *r, *old;
	unsigned long long e, d, i;
	unsigned int n;

	if (lfp_misuse(lfp_dead(q, live)))
		return -EINVAL;
	if (lfp_dropq_check_capacity(capacity))
		return -ERANGE;
	/* The grace period below would wait for this very section. */
	lfp_rcu_ensure_registered();
	if (urcu_memb_read_ongoing()) {
		fprintf(stderr, "lfprim: %s() called inside a read-side section: refused (it would wait for itself)\n",
			__func__);
		return -EDEADLK;
	}
	r = lfp_dq_ring_new(capacity, 0);
	if (!r)
		return -ENOMEM;
	pthread_mutex_lock(&q->lock);
	old = q->ring;
	e = lfp_dq_freeze(&q->enq, LFP_DQ_FROZEN);
	d = lfp_dq_freeze(&q->deq, LFP_DQ_FROZEN);
	/* Frozen: no CAS of @enq or @deq can succeed now. */
	lfp_inject("dropq.resize_frozen", q);
	n = lfp_dq_quiesce(old, e, d);
	if (n > capacity) {
		lfp_dq_thaw(&q->deq, d);
		lfp_dq_thaw(&q->enq, e);
		pthread_mutex_unlock(&q->lock);
		free(r);
		return -EBUSY;
	}
	/* A lap past every word of the old ring: stale CASes fail. */
	r->start = ((e >> LFP_DQ_LAP_SHIFT) + 1) << LFP_DQ_LAP_SHIFT;
	r->base = old->base + lfp_dq_count(old, d);
	for (i = 0; i < capacity; i++) {
		r->slot[i].seq = lfp_dq_word(r, i);
		if (i < n) {
			r->slot[i].seq |= LFP_DQ_FULL;
			r->slot[i].item = old->slot[(lfp_dq_count(old, d) + i) %
						     old->cap].item;
		}
	}
	lfp_tsan_release(r);
	__atomic_store_n(&q->ring, r, __ATOMIC_RELEASE);
	/*
	 * Release (seq_cst): whoever reads a new word reads the new ring.
	 * @enq first: a pop never sees a new @deq past an old @enq (which
	 * could make a closed, empty queue look not yet drained).
	 */
	lfp_dq_thaw(&q->enq, lfp_dq_word(r, n));
	lfp_dq_thaw(&q->deq, r->start);
	pthread_mutex_unlock(&q->lock);
	/* A consumer that saw the frozen words may have gone to sleep. */
	__atomic_fetch_add(&q->seq, 1, __ATOMIC_SEQ_CST);
	lfp_futex_wake(&q->seq, INT_MAX);
	/* No thread still reads the old ring after a grace period. */
	lfp_rcu_ensure_registered();
	urcu_memb_synchronize_rcu();
	lfp_tsan_gp_end();
	free(old);
	return 0;
}

static void lfp_dq_counts(const struct lfp_dropq_ring *r, unsigned long long e,
			  unsigned long long d, unsigned long long *acc,
			  unsigned long long *cons, unsigned int *cap)
{
	*acc = r->base + lfp_dq_count(r, e & ~LFP_DQ_FLAGS);
	*cons = r->base + lfp_dq_count(r, d);
	*cap = r->cap;
}

/* Tries of the lock-free snapshot before it freezes the consumers. */
#define LFP_DROPQ_SNAP_TRIES	64

/*
 * accepted and consumed as they stood at one instant: @deq is read before
 * and after @enq (all acquire); equal reads, without the frozen flag,
 * mean it stood still in between (words only grow), so both counts are
 * those of the moment @enq was read.  If consumers never pause long
 * enough, @deq is frozen under @lock for the reads.  Returns @enq's word.
 */
static unsigned long long lfp_dq_snapshot(struct lfp_dropq *q,
					  unsigned long long *acc,
					  unsigned long long *cons,
					  unsigned int *cap)
{
	unsigned long long d, d2, e;
	struct lfp_dropq_ring *r;
	int i;

	lfp_dq_read_lock();
	for (i = 0; i < LFP_DROPQ_SNAP_TRIES; i++) {
		d = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
		e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
		r = lfp_dq_ring(q);
		d2 = __atomic_load_n(&q->deq, __ATOMIC_ACQUIRE);
		if (d != d2 || ((d | e) & LFP_DQ_FROZEN) || lfp_dq_stale(r, d) ||
		    lfp_dq_stale(r, e & ~LFP_DQ_FLAGS))
			continue;
		goto found;
	}
	lfp_dq_read_unlock();
	/* Under @lock no resize can free the ring. */
	pthread_mutex_lock(&q->lock);
	d = lfp_dq_freeze(&q->deq, LFP_DQ_FROZEN);
	e = __atomic_load_n(&q->enq, __ATOMIC_ACQUIRE);
	lfp_dq_counts(q->ring, e, d, acc, cons, cap);
	lfp_dq_thaw(&q->deq, d);
	pthread_mutex_unlock(&q->lock);
	return e;
found:
	lfp_dq_counts(r, e, d, acc, cons, cap);
	lfp_dq_read_unlock();
	return e;
}

void lfp_dropq_get_stats(struct lfp_dropq *q, struct lfp_dropq_stats *st)
{
	unsigned long long e;

	if (lfp_misuse(!st))
		return;
	if (lfp_misuse(lfp_dead(q, live))) {
		*st = (struct lfp_dropq_stats){ 0 };
		return;
	}
	e = lfp_dq_snapshot(q, &st->accepted, &st->consumed, &st->capacity);
	st->dropped = __atomic_load_n(&q->dropped, __ATOMIC_RELAXED);
	st->len = st->accepted - st->consumed;
	st->hwm = __atomic_load_n(&q->hwm, __ATOMIC_RELAXED);
	st->closed = !!(e & LFP_DQ_CLOSED);
}
