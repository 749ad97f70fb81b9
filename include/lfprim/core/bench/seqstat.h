/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * Benchmark scenarios of seqstat: a count and a total that move together,
 * against two separate atomics and a snap updated by copy-and-CAS.  Rows
 * of the table in <lfprim/core/bench/all.h>; see <lfprim/core/bench.h> for
 * what a scenario is and what the includer provides.
 */
#ifndef _LFPRIM_CORE_BENCH_SEQSTAT_H
#define _LFPRIM_CORE_BENCH_SEQSTAT_H

#include <lfprim/core/bench.h>
#include <lfprim/seqstat.h>
#include <lfprim/snap.h>

/* ---- seqstat: a count and a total that move together ---- */

struct lfp_bench_pair {
	struct lfp_snap_node node;
	unsigned long long count;
	unsigned long long total;
};

struct lfp_bench_stat {
	struct lfp_seqstat seq;
	struct lfp_snap snap;
	/* The inconsistent version: two atomics on two cache lines. */
	struct lfpb_atomic count;
	struct lfpb_atomic total;
};

static void lfp_bench_pair_free(struct lfp_snap_node *node)
{
	lfpb_free(lfp_container_of(node, struct lfp_bench_pair, node));
}

static int lfp_bench_stat_init(void **ctx, const struct lfp_bench_args *args)
{
	struct lfp_bench_stat *s = lfpb_alloc(sizeof(*s));
	struct lfp_bench_pair *p = lfpb_alloc(sizeof(*p));

	if (!s || !p) {
		lfpb_free(s);
		lfpb_free(p);
		return -ENOMEM;
	}
	lfp_seqstat_init(&s->seq, 2);
	lfp_snap_init(&s->snap, &p->node, lfp_bench_pair_free);
	lfpb_atomic_set(&s->count, 0);
	lfpb_atomic_set(&s->total, 0);
	*ctx = s;
	return 0;
}

static void lfp_bench_stat_cleanup(void *ctx)
{
	struct lfp_bench_stat *s = ctx;

	lfp_snap_destroy(&s->snap);
	lfp_snap_barrier();
	lfpb_free(s);
}

static void lfp_bench_seqstat_read(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	unsigned long long v[2];
	unsigned long acc = 0;

	while (loops--) {
		lfp_seqstat_read(&s->seq, v);
		acc += v[0] + v[1];
	}
	t->acc += acc;
}

static void lfp_bench_seqstat_write(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;

	while (loops--)
		lfp_seqstat_record(&s->seq, 3);
}

static void lfp_bench_atomics_read(void *ctx, struct lfp_bench_thread *t,
				   unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	unsigned long acc = 0;

	while (loops--)
		acc += lfpb_atomic_read(&s->count) + lfpb_atomic_read(&s->total);
	t->acc += acc;
}

static void lfp_bench_atomics_write(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;

	while (loops--) {
		lfpb_atomic_inc(&s->count);
		lfpb_atomic_inc(&s->total);
	}
}

static void lfp_bench_snapstat_read(void *ctx, struct lfp_bench_thread *t,
				    unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	struct lfp_bench_pair *p;
	unsigned long acc = 0;

	while (loops--) {
		lfp_snap_read_lock();
		p = lfp_container_of(lfp_snap_deref(&s->snap), struct lfp_bench_pair,
				 node);
		acc += p->count + p->total;
		lfp_snap_read_unlock();
	}
	t->acc += acc;
}

static int lfp_bench_pair_record(const struct lfp_snap_node *old,
				 struct lfp_snap_node *scratch, void *arg)
{
	const struct lfp_bench_pair *o =
		lfp_container_of(old, struct lfp_bench_pair, node);
	struct lfp_bench_pair *n =
		lfp_container_of(scratch, struct lfp_bench_pair, node);

	n->count = o->count + 1;
	n->total = o->total + 3;
	return 0;
}

static void lfp_bench_snapstat_write(void *ctx, struct lfp_bench_thread *t,
				     unsigned long loops)
{
	struct lfp_bench_stat *s = ctx;
	struct lfp_bench_pair *p;

	while (loops--) {
		p = lfpb_alloc(sizeof(*p));
		if (p && lfp_snap_update(&s->snap, &p->node,
					 lfp_bench_pair_record, NULL))
			lfpb_free(p);
	}
}

static const struct lfp_bench_scenario lfp_bench_sc_seqstat_read = {
	.name		= "seqstat-read",
	.family		= "stat",
	.replaces	= "atomics-pair-read",
	.init		= lfp_bench_stat_init,
	.read_section	= lfp_bench_seqstat_read,
	.update_section	= lfp_bench_seqstat_write,
	.cleanup	= lfp_bench_stat_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_atomics_pair_read = {
	.name		= "atomics-pair-read",
	.family		= "stat",
	.init		= lfp_bench_stat_init,
	.read_section	= lfp_bench_atomics_read,
	.update_section	= lfp_bench_atomics_write,
	.cleanup	= lfp_bench_stat_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_snap_stat_read = {
	.name		= "snap-stat-read",
	.family		= "stat",
	.init		= lfp_bench_stat_init,
	.read_section	= lfp_bench_snapstat_read,
	.update_section	= lfp_bench_snapstat_write,
	.cleanup	= lfp_bench_stat_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_seqstat_write = {
	.name		= "seqstat-write",
	.family		= "stat-write",
	.replaces	= "snap-stat-write",
	.init		= lfp_bench_stat_init,
	.update_section	= lfp_bench_seqstat_write,
	.cleanup	= lfp_bench_stat_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_atomics_pair_write = {
	.name		= "atomics-pair-write",
	.family		= "stat-write",
	.init		= lfp_bench_stat_init,
	.update_section	= lfp_bench_atomics_write,
	.cleanup	= lfp_bench_stat_cleanup,
};

static const struct lfp_bench_scenario lfp_bench_sc_snap_stat_write = {
	.name		= "snap-stat-write",
	.family		= "stat-write",
	.init		= lfp_bench_stat_init,
	.update_section	= lfp_bench_snapstat_write,
	.cleanup	= lfp_bench_stat_cleanup,
};

#endif /* _LFPRIM_CORE_BENCH_SEQSTAT_H */
