/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space layout and fast paths of lfprim pcount.
 *
 * Default mode: one slot per (thread, counter).  Only the owning thread
 * writes a slot, with a relaxed atomic store (no lock prefix); summers read
 * it with a relaxed load.  A thread finds its slot through a small
 * thread-local direct-mapped cache keyed by the counter's id, which is
 * never reused, so a stale entry for a destroyed counter can never match.
 *
 * LFP_PCOUNT_PER_CPU mode: cache-line padded shards indexed by the CPU id
 * that glibc's rseq area holds (sched_getcpu() if rseq is not registered),
 * updated with relaxed atomic adds because two threads may share a CPU
 * shard after a migration.
 *
 * Thread slots keep a running sum that only their owner writes and a
 * "folded" mark: when the two are a batch apart the difference is added to
 * @total with one atomic add.  The exact sum is the sum of all slots plus
 * what exited threads left in @retired, so folds take no lock.  CPU shards
 * are shared, so they are folded into @total under @lock instead, and the
 * exact sum then is @total plus the shards, read under @lock.
 */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_PCOUNT_H
#include <lfprim/pcount.h>
#endif

#ifndef _LFPRIM_BACKEND_PCOUNT_H
#define _LFPRIM_BACKEND_PCOUNT_H

#include <pthread.h>
#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lfp_pcount_slot;

/**
 * struct lfp_pcount_shard - one CPU shard, alone on its cache line
 * @delta: unfolded count
 */
struct lfp_pcount_shard {
	lfp_cacheline_aligned long long delta;
};

/**
 * struct lfp_pcount - a sharded counter
 * @id: unique id of this counter (never reused)
 * @batch: current fold threshold
 * @max_batch: largest batch in effect since init
 * @shards: CPU shards (LFP_PCOUNT_PER_CPU), or NULL
 * @nr_shards: number of CPU shards
 * @live: LFP_LIVE from a successful init until destroy (misuse checks)
 * @pad: keeps the fields below off the cache line of those above
 * @total: folded total, read without the lock by lfp_pcount_read()
 * @retired: final sums of slots whose threads exited, under @lock
 * @nr_slots: live thread slots
 * @slots: thread slots, under @lock
 * @lock: serialises folds, sums and the slot list
 *
 * The fields every add reads come first; a cache line of padding keeps
 * the ones a fold writes off their line, so folds do not slow down other
 * threads' adds.  Padding rather than alignment, so the counter may live
 * in memory from plain malloc().
 */
struct lfp_pcount {
	unsigned long long id;
	unsigned int batch;
	unsigned int max_batch;
	struct lfp_pcount_shard *shards;
	unsigned int nr_shards;
	unsigned int live;
	char pad[LFP_CACHELINE];

	long long total;
	long long retired;
	unsigned int nr_slots;
	struct lfp_pcount_slot *slots;
	pthread_mutex_t lock;
};

/**
 * struct lfp_pcount_slot - one thread's part of one counter
 * @sum: everything this thread added, written by the owner only
 * @folded: the part of @sum already added to the counter's total (owner only)
 * @pc: the counter
 * @pc_next: next slot of the same counter
 * @thr_next: next slot of the same thread
 * @owner_head: head of the owning thread's slot list
 */
struct lfp_pcount_slot {
	lfp_cacheline_aligned long long sum;
	long long folded;
	struct lfp_pcount *pc;
	struct lfp_pcount_slot *pc_next;
	struct lfp_pcount_slot *thr_next;
	struct lfp_pcount_slot **owner_head;
};

#define LFP_PCOUNT_TCACHE	16

/**
 * struct lfp_pcount_tcache - thread-local counter id to slot cache entry
 * @id: counter id, 0 when empty
 * @slot: this thread's slot of that counter
 */
struct lfp_pcount_tcache {
	unsigned long long id;
	struct lfp_pcount_slot *slot;
};

extern __thread struct lfp_pcount_tcache lfp_pcount_tc[LFP_PCOUNT_TCACHE]
	__attribute__((tls_model("initial-exec")));

void lfp_pcount_add_slow(struct lfp_pcount *pc, long long delta);
void lfp_pcount_add_percpu(struct lfp_pcount *pc, long long delta);

static inline void __lfp_pcount_add(struct lfp_pcount *pc, long long delta)
{
	struct lfp_pcount_tcache *e;
	long long d, b;

	if (lfp_unlikely(pc->shards)) {
		lfp_pcount_add_percpu(pc, delta);
		return;
	}
	e = &lfp_pcount_tc[pc->id & (LFP_PCOUNT_TCACHE - 1)];
	if (lfp_likely(e->id == pc->id)) {
		struct lfp_pcount_slot *slot = e->slot;
		long long s = slot->sum + delta;

		__atomic_store_n(&slot->sum, s, __ATOMIC_RELAXED);
		d = s - slot->folded;
		b = __atomic_load_n(&pc->batch, __ATOMIC_RELAXED);
		if (lfp_likely(d < b && d > -b))
			return;
		delta = 0;	/* counted already, only the fold is left */
	}
	lfp_pcount_add_slow(pc, delta);
}

static inline long long __lfp_pcount_read(struct lfp_pcount *pc)
{
	return __atomic_load_n(&pc->total, __ATOMIC_RELAXED);
}

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_PCOUNT_H */
