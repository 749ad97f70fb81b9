/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of dropq: one push and one pop, against a ring under
 * one mutex.  Rows of the table in <lfprim/core/bench/all.h>; see
 * <lfprim/core/bench.h> for what a scenario is and what the includer
 * provides.
 */
#ifndef _LFPRIM_CORE_BENCH_DROPQ_H
#define _LFPRIM_CORE_BENCH_DROPQ_H

#include <lfprim/core/bench.h>
#include <lfprim/dropq.h>

/* ---- dropq: one push and one pop per operation ---- */

#define LFP_BENCH_RING	1024

struct lfp_bench_queue {
	struct lfp_dropq q;
	/* The baseline: a ring under one mutex. */
	struct lfpb_mutex lock;
	unsigned int head, len;
	void *ring[LFP_BENCH_RING];
};

static int lfp_bench_queue_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_queue *b = lfpb_alloc(sizeof(*b));
	int ret;

	if (!b)
		return -ENOMEM;
	ret = lfp_dropq_init(&b->q, LFP_BENCH_RING);
	if (ret) {
		lfpb_free(b);
		return ret;
	}
	lfpb_mutex_init(&b->lock);
	*ctx = b;
	return 0;
}

static void lfp_bench_queue_cleanup(void *ctx)
{
	struct lfp_bench_queue *b = ctx;

	lfp_dropq_destroy(&b->q, NULL);
	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_dropq_push(void *ctx, struct lfp_bench_thread *t,
				 unsigned long loops)
{
	struct lfp_bench_queue *b = ctx;
	void *item = (void *)(unsigned long)(t->id + 1);
	unsigned long acc = 0;

	while (loops--) {
		acc += !lfp_dropq_push(&b->q, item);
		acc += !lfp_dropq_try_pop(&b->q, &item);
	}
	t->acc += acc;
}

static void lfp_bench_mutex_ring_push(void *ctx, struct lfp_bench_thread *t,
				      unsigned long loops)
{
	struct lfp_bench_queue *b = ctx;
	void *item = (void *)(unsigned long)(t->id + 1);
	unsigned long acc = 0;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		if (b->len < LFP_BENCH_RING) {
			b->ring[(b->head + b->len++) % LFP_BENCH_RING] = item;
			acc++;
		}
		lfpb_mutex_unlock(&b->lock);
		lfpb_mutex_lock(&b->lock);
		if (b->len) {
			item = b->ring[b->head];
			b->head = (b->head + 1) % LFP_BENCH_RING;
			b->len--;
			acc++;
		}
		lfpb_mutex_unlock(&b->lock);
	}
	t->acc += acc;
}

static const struct lfp_bench_scenario lfp_bench_sc_dropq_push = {
	.name		= "dropq-push",
	.family		= "queue",
	.replaces	= "mutex-ring-push",
	.init		= lfp_bench_queue_init,
	.update_section	= lfp_bench_dropq_push,
	.cleanup	= lfp_bench_queue_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_ring_push = {
	.name		= "mutex-ring-push",
	.family		= "queue",
	.init		= lfp_bench_queue_init,
	.update_section	= lfp_bench_mutex_ring_push,
	.cleanup	= lfp_bench_queue_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_DROPQ_H */
