/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The benchmark scenarios shared by both worlds, one row per scenario, in
 * table order (the order of "all", of the scenarios listings and of the
 * output).  A world runs these first, then the rows only it has
 * (struct lfp_bench_world: kmod/bench.c, userspace/bench/lfprim-bench.c).
 */
#ifndef _LFPRIM_CORE_BENCH_ALL_H
#define _LFPRIM_CORE_BENCH_ALL_H

#include <lfprim/core/bench/snap.h>
#include <lfprim/core/bench/pcount.h>
#include <lfprim/core/bench/seqstat.h>
#include <lfprim/core/bench/sampler.h>
#include <lfprim/core/bench/dropq.h>
#include <lfprim/core/bench/rmap.h>
#include <lfprim/core/bench/sflight.h>
#include <lfprim/core/bench/pubsub.h>
#include <lfprim/core/bench/group.h>
#include <lfprim/core/bench/nop.h>

static const struct lfp_bench_scenario *const lfp_bench_all[] = {
	&lfp_bench_sc_snap_read,
	&lfp_bench_sc_snap_update,
	&lfp_bench_sc_rwlock_read,
	&lfp_bench_sc_mutex_read,
	&lfp_bench_sc_spinlock_read,
	&lfp_bench_sc_rcu_read,
	&lfp_bench_sc_pcount_add,
	&lfp_bench_sc_pcount_sum,
	&lfp_bench_sc_atomic_add,
	&lfp_bench_sc_unpadded_add,
	&lfp_bench_sc_seqstat_read,
	&lfp_bench_sc_atomics_pair_read,
	&lfp_bench_sc_snap_stat_read,
	&lfp_bench_sc_seqstat_write,
	&lfp_bench_sc_atomics_pair_write,
	&lfp_bench_sc_snap_stat_write,
	&lfp_bench_sc_sampler_hit,
	&lfp_bench_sc_mutex_sampler,
	&lfp_bench_sc_dropq_push,
	&lfp_bench_sc_mutex_ring_push,
	&lfp_bench_sc_rmap_lookup,
	&lfp_bench_sc_rwlock_map_lookup,
	&lfp_bench_sc_sharded_map_lookup,
	&lfp_bench_sc_rcu_table_lookup,
	&lfp_bench_sc_sflight_hit,
	&lfp_bench_sc_mutex_miss,
	&lfp_bench_sc_sflight_stampede,
	&lfp_bench_sc_mutex_stampede,
	&lfp_bench_sc_pubsub_publish,
	&lfp_bench_sc_mutex_callbacks,
	&lfp_bench_sc_pubsub_publish_1,
	&lfp_bench_sc_mutex_callbacks_1,
	&lfp_bench_sc_group_go,
	&lfp_bench_sc_thread_per_task,
	&lfp_bench_sc_nop,
};

#endif /* _LFPRIM_CORE_BENCH_ALL_H */
