/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lfprim-bench's floor rows for the queue family: the bare mechanism
 * under dropq-push and pubsub-publish.  Included by lfprim-bench.c only.
 *
 * A bounded MPMC ring of sequence-numbered slots (Vyukov's design, the
 * one user-space dropq runs), without what dropq adds: no exact capacity
 * (the ring's size is the bound), no counters, no close, freeze or
 * resize, no waiters.  ring-push is a push and a pop on one ring, as
 * dropq-push does on its queue; ring-push-4 a push on each of four rings
 * and a pop from each, as pubsub-publish does with its four subscribers:
 * what "N lock-free ring pushes" cost, nothing more.
 *
 * Slot i's seq is i + k * size while it is free for the push of position
 * i + k * size, and that position + 1 once the push has filled it; a pop
 * of position p takes the slot whose seq is p + 1 and frees it for
 * p + size.  Positions advance by compare-and-swap; the seq store with
 * release, read with acquire, hands the item over.
 */
#ifndef _LFPRIM_BENCH_RING_ROWS_H
#define _LFPRIM_BENCH_RING_ROWS_H

#include <stdbool.h>

#define BENCH_RING_SLOTS	1024
#define BENCH_RINGS		4

struct bench_ring_slot {
	unsigned long seq;
	void *item;
};

struct bench_ring {
	_Alignas(LFP_CACHELINE) unsigned long tail;
	_Alignas(LFP_CACHELINE) unsigned long head;
	_Alignas(LFP_CACHELINE) struct bench_ring_slot slot[BENCH_RING_SLOTS];
};

static bool bench_ring_push(struct bench_ring *r, void *item)
{
	unsigned long pos = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
	struct bench_ring_slot *s;
	long d;

	for (;;) {
		s = &r->slot[pos % BENCH_RING_SLOTS];
		d = (long)(__atomic_load_n(&s->seq, __ATOMIC_ACQUIRE) - pos);
		if (d < 0)
			return false;	/* full */
		if (d > 0)
			pos = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
		else if (__atomic_compare_exchange_n(&r->tail, &pos, pos + 1,
						     true, __ATOMIC_RELAXED,
						     __ATOMIC_RELAXED))
			break;
	}
	s->item = item;
	__atomic_store_n(&s->seq, pos + 1, __ATOMIC_RELEASE);
	return true;
}

static void *bench_ring_pop(struct bench_ring *r)
{
	unsigned long pos = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
	struct bench_ring_slot *s;
	void *item;
	long d;

	for (;;) {
		s = &r->slot[pos % BENCH_RING_SLOTS];
		d = (long)(__atomic_load_n(&s->seq, __ATOMIC_ACQUIRE) - (pos + 1));
		if (d < 0)
			return NULL;	/* empty */
		if (d > 0)
			pos = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
		else if (__atomic_compare_exchange_n(&r->head, &pos, pos + 1,
						     true, __ATOMIC_RELAXED,
						     __ATOMIC_RELAXED))
			break;
	}
	item = s->item;
	__atomic_store_n(&s->seq, pos + BENCH_RING_SLOTS, __ATOMIC_RELEASE);
	return item;
}

static int ring_init(void **ctx, const struct lfp_bench_args *args)
{
	struct bench_ring *r;
	unsigned int i, j;

	if (posix_memalign((void **)&r, LFP_CACHELINE, BENCH_RINGS * sizeof(*r)))
		return -ENOMEM;
	memset(r, 0, BENCH_RINGS * sizeof(*r));
	for (j = 0; j < BENCH_RINGS; j++)
		for (i = 0; i < BENCH_RING_SLOTS; i++)
			r[j].slot[i].seq = i;
	*ctx = r;
	return 0;
}

static void ring_push_pop(struct bench_ring *r, unsigned int n,
			  struct lfp_bench_thread *t, unsigned long loops)
{
	void *item = (void *)(unsigned long)(t->id + 1), *got;
	unsigned long acc = 0;
	unsigned int i;

	while (loops--) {
		for (i = 0; i < n; i++)
			acc += bench_ring_push(&r[i], item);
		for (i = 0; i < n; i++) {
			got = bench_ring_pop(&r[i]);
			acc += (unsigned long)got;
		}
	}
	t->acc += acc;
}

static void ring_push(void *ctx, struct lfp_bench_thread *t,
		      unsigned long loops)
{
	ring_push_pop(ctx, 1, t, loops);
}

static void ring_push4(void *ctx, struct lfp_bench_thread *t,
		       unsigned long loops)
{
	ring_push_pop(ctx, BENCH_RINGS, t, loops);
}

static const struct lfp_bench_scenario bench_sc_ring_push = {
	.name		= "ring-push",
	.family		= "floor",
	.init		= ring_init,
	.update_section	= ring_push,
	.cleanup	= free_cleanup,
};

static const struct lfp_bench_scenario bench_sc_ring_push4 = {
	.name		= "ring-push-4",
	.family		= "floor",
	.init		= ring_init,
	.update_section	= ring_push4,
	.cleanup	= free_cleanup,
};

#endif /* _LFPRIM_BENCH_RING_ROWS_H */
