/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of pubsub: publish one message that every subscriber
 * takes, against callbacks called under one mutex.  Rows of the table in
 * <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for what a scenario
 * is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_PUBSUB_H
#define _LFPRIM_CORE_BENCH_PUBSUB_H

#include <lfprim/core/bench.h>
#include <lfprim/pubsub.h>

/* ---- pubsub: publish one message, every subscriber takes it ---- */

#define LFP_BENCH_SUBS	4

struct lfp_bench_ps {
	struct lfp_pubsub ps;
	struct lfp_pubsub_sub sub[LFP_BENCH_SUBS];
	unsigned int nsubs;
	/* The baseline: callbacks called under one mutex. */
	struct lfpb_mutex lock;
	unsigned long delivered[LFP_BENCH_SUBS];
};

static int lfp_bench_ps_init_n(void **ctx, unsigned int nsubs)
{
	struct lfp_bench_ps *b = lfpb_alloc(sizeof(*b));
	unsigned int i;

	if (!b)
		return -ENOMEM;
	lfp_pubsub_init(&b->ps);
	for (i = 0; i < nsubs; i++) {
		if (lfp_pubsub_subscribe(&b->ps, &b->sub[i], 1024))
			break;
	}
	b->nsubs = i;
	lfpb_mutex_init(&b->lock);
	*ctx = b;
	return 0;
}

static int lfp_bench_ps_init(void **ctx, const struct lfp_bench_args *args)
{
	return lfp_bench_ps_init_n(ctx, LFP_BENCH_SUBS);
}

static int lfp_bench_ps_init1(void **ctx, const struct lfp_bench_args *args)
{
	return lfp_bench_ps_init_n(ctx, 1);
}

static void lfp_bench_ps_cleanup(void *ctx)
{
	struct lfp_bench_ps *b = ctx;
	unsigned int i;

	for (i = 0; i < b->nsubs; i++) {
		lfp_pubsub_unsubscribe(&b->ps, &b->sub[i]);
		lfp_pubsub_sub_destroy(&b->sub[i], NULL);
	}
	lfp_pubsub_destroy(&b->ps);
	lfpb_mutex_destroy(&b->lock);
	lfpb_free(b);
}

static void lfp_bench_pubsub_publish(void *ctx, struct lfp_bench_thread *t,
				     unsigned long loops)
{
	struct lfp_bench_ps *b = ctx;
	unsigned long acc = 0;
	unsigned int i;
	void *m;

	while (loops--) {
		acc += lfp_pubsub_publish(&b->ps, (void *)(unsigned long)(loops + 1));
		for (i = 0; i < b->nsubs; i++)
			if (!lfp_pubsub_pop(&b->sub[i], &m, 0, NULL))
				acc += (unsigned long)m;
	}
	t->acc += acc;
}

static void lfp_bench_mutex_callbacks(void *ctx, struct lfp_bench_thread *t,
				      unsigned long loops)
{
	struct lfp_bench_ps *b = ctx;
	unsigned int i;

	while (loops--) {
		lfpb_mutex_lock(&b->lock);
		for (i = 0; i < b->nsubs; i++)
			b->delivered[i] += loops + 1;
		lfpb_mutex_unlock(&b->lock);
	}
}

static const struct lfp_bench_scenario lfp_bench_sc_pubsub_publish = {
	.name		= "pubsub-publish",
	.family		= "fanout4",
	.replaces	= "mutex-callbacks",
	.init		= lfp_bench_ps_init,
	.update_section	= lfp_bench_pubsub_publish,
	.cleanup	= lfp_bench_ps_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_callbacks = {
	.name		= "mutex-callbacks",
	.family		= "fanout4",
	.init		= lfp_bench_ps_init,
	.update_section	= lfp_bench_mutex_callbacks,
	.cleanup	= lfp_bench_ps_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_pubsub_publish_1 = {
	.name		= "pubsub-publish-1",
	.family		= "fanout1",
	.replaces	= "mutex-callbacks-1",
	.init		= lfp_bench_ps_init1,
	.update_section	= lfp_bench_pubsub_publish,
	.cleanup	= lfp_bench_ps_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_mutex_callbacks_1 = {
	.name		= "mutex-callbacks-1",
	.family		= "fanout1",
	.init		= lfp_bench_ps_init1,
	.update_section	= lfp_bench_mutex_callbacks,
	.cleanup	= lfp_bench_ps_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_PUBSUB_H */
