// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim pcount, user-space side: per-thread slots (default) or CPU shards
 * indexed through glibc's rseq area, folded into a shared total under a
 * mutex when they reach the batch.
 *
 * Locking: lfp_pcount_reg_lock (global) protects slot creation, the
 * per-thread slot lists, thread exit and counter destruction, all slow
 * paths.  pc->lock protects pc->slots, pc->retired and the folds of CPU
 * shards, and is what lfp_pcount_sum() holds while it adds things up.
 * Order: lfp_pcount_reg_lock, then pc->lock.
 *
 * Exactness argument.  Thread slots: a slot's sum only changes by the
 * owner's adds; the exact sum is pc->retired plus every live slot's sum,
 * and a slot moves its sum into pc->retired and leaves the list in one
 * pc->lock section, so a summer sees it in exactly one of the two places.
 * pc->total (the approximate value) is not part of the exact sum at all.
 * CPU shards: a count lives in a shard or in pc->total, and moving it
 * (exchange the shard with zero, add to the total) happens entirely under
 * pc->lock, which the summer also holds.  With restartable sequences
 * (pc->rseq_nr) the exchange is itself a sequence on the folding thread's
 * CPU: it loads that CPU's shard and commits zero, so no add to the shard
 * can come in between (an add is a sequence on the same CPU, and of two
 * sequences on one CPU the one that was interrupted starts over).  A
 * thread whose rseq area holds no CPU id adds straight to pc->total under
 * pc->lock: an atomic add to a shard could be lost under a plain store.
 */

#include "live.h"

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/rseq.h>
#include <unistd.h>

#include <lfprim/pcount.h>
#include <lfprim/core/pcount.h>

__thread struct lfp_pcount_tcache lfp_pcount_tc[LFP_PCOUNT_TCACHE]
	__attribute__((tls_model("initial-exec")));

/*
 * Second way of the slot cache: the entry a miss in lfp_pcount_tc evicted.
 * Two counters that share a cache index and are used in turn then cost a
 * swap, not a locked lookup.
 */
static __thread struct lfp_pcount_tcache lfp_pcount_tc2[LFP_PCOUNT_TCACHE];

/* Head of the calling thread's slot list (one slot per counter it used). */
static __thread struct lfp_pcount_slot *lfp_pcount_thr_slots;

static pthread_mutex_t lfp_pcount_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t lfp_pcount_key;
static pthread_once_t lfp_pcount_once = PTHREAD_ONCE_INIT;
static unsigned long long lfp_pcount_next_id = 1;

static long long lfp_load(const long long *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void lfp_store(long long *p, long long v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/*
 * Caller holds pc->lock; readers of the total do not, hence the atomic
 * store.  @d, a shard plus the delta being added, may have wrapped.
 */
static void lfp_pcount_fold_locked(struct lfp_pcount *pc, long long d)
{
	lfp_store(&pc->total, lfp_pcount_wrap_add(pc->total, d));
}

static void lfp_pcount_thread_exit(void *arg)
{
	struct lfp_pcount_slot *slot, *next, **pp;
	struct lfp_pcount *pc;

	(void)arg;
	pthread_mutex_lock(&lfp_pcount_reg_lock);
	for (slot = lfp_pcount_thr_slots; slot; slot = next) {
		next = slot->thr_next;
		pc = slot->pc;
		pthread_mutex_lock(&pc->lock);
		pc->retired = lfp_pcount_wrap_add(pc->retired, slot->sum);
		__atomic_fetch_add(&pc->total,
				   lfp_pcount_wrap_sub(slot->sum, slot->folded),
				   __ATOMIC_RELAXED);
		for (pp = &pc->slots; *pp != slot; pp = &(*pp)->pc_next)
			;
		*pp = slot->pc_next;
		__atomic_store_n(&pc->nr_slots, pc->nr_slots - 1,
				 __ATOMIC_RELAXED);
		pthread_mutex_unlock(&pc->lock);
		free(slot);
	}
	lfp_pcount_thr_slots = NULL;
	memset(lfp_pcount_tc, 0, sizeof(lfp_pcount_tc));
	memset(lfp_pcount_tc2, 0, sizeof(lfp_pcount_tc2));
	pthread_mutex_unlock(&lfp_pcount_reg_lock);
}

static void lfp_pcount_key_init(void)
{
	if (pthread_key_create(&lfp_pcount_key, lfp_pcount_thread_exit)) {
		fputs("lfprim: pthread_key_create failed\n", stderr);
		abort();
	}
}

int lfp_pcount_init(struct lfp_pcount *pc, unsigned int batch,
		    unsigned int flags)
{
	long n;
	int ret;

	ret = lfp_pcount_check_init(pc, batch, flags);
	if (ret)
		return ret;
	memset(pc, 0, sizeof(*pc));
#if LFP_PCOUNT_RSEQ
	/* The default: CPU shards where adds to them are sequences. */
	if (!flags && __rseq_size > 0)
		flags = LFP_PCOUNT_PER_CPU;
#endif
	if (flags & LFP_PCOUNT_PER_CPU) {
		n = sysconf(_SC_NPROCESSORS_CONF);
		if (n < 1)
			n = 1;
		pc->shards = aligned_alloc(LFP_CACHELINE,
					   n * sizeof(*pc->shards));
		if (!pc->shards)
			return -ENOMEM;
		memset(pc->shards, 0, n * sizeof(*pc->shards));
		pc->nr_shards = n;
#if LFP_PCOUNT_RSEQ
		if (__rseq_size > 0)
			pc->rseq_nr = n;
#endif
	}
	if (pthread_mutex_init(&pc->lock, NULL)) {
		free(pc->shards);
		pc->shards = NULL;
		return -ENOMEM;
	}
	pc->batch = batch;
	pc->max_batch = batch;
	pc->id = __atomic_fetch_add(&lfp_pcount_next_id, 1, __ATOMIC_RELAXED);
	lfp_live_set(&pc->live);
	return 0;
}

void lfp_pcount_destroy(struct lfp_pcount *pc)
{
	struct lfp_pcount_slot *slot, *next, **pp;
	struct lfp_pcount_tcache *e;

	if (lfp_misuse(lfp_dead(pc, live)))
		return;
	lfp_live_clear(&pc->live);
	pthread_mutex_lock(&lfp_pcount_reg_lock);
	for (slot = pc->slots; slot; slot = next) {
		next = slot->pc_next;
		for (pp = slot->owner_head; *pp != slot; pp = &(*pp)->thr_next)
			;
		*pp = slot->thr_next;
		free(slot);
	}
	pthread_mutex_unlock(&lfp_pcount_reg_lock);
	/* Other threads' entries for this id can never match again. */
	e = &lfp_pcount_tc[pc->id & (LFP_PCOUNT_TCACHE - 1)];
	if (e->id == pc->id)
		e->id = 0;
	e = &lfp_pcount_tc2[pc->id & (LFP_PCOUNT_TCACHE - 1)];
	if (e->id == pc->id)
		e->id = 0;
	pc->slots = NULL;
	pc->nr_slots = 0;
	free(pc->shards);
	pc->shards = NULL;
	pthread_mutex_destroy(&pc->lock);
}

static struct lfp_pcount_slot *lfp_pcount_slot_get(struct lfp_pcount *pc)
{
	struct lfp_pcount_slot *slot;

	pthread_once(&lfp_pcount_once, lfp_pcount_key_init);
	pthread_mutex_lock(&lfp_pcount_reg_lock);
	for (slot = lfp_pcount_thr_slots; slot; slot = slot->thr_next)
		if (slot->pc == pc)
			goto out;
	slot = aligned_alloc(LFP_CACHELINE, sizeof(*slot));
	if (!slot)
		goto out;
	/*
	 * Any non-NULL value arms the thread-exit fold.  Without it (glibc
	 * could not allocate the key's storage) the slot would outlive the
	 * thread: do without one.
	 */
	if (pthread_setspecific(lfp_pcount_key, &lfp_pcount_thr_slots)) {
		free(slot);
		slot = NULL;
		goto out;
	}
	memset(slot, 0, sizeof(*slot));
	slot->pc = pc;
	slot->owner_head = &lfp_pcount_thr_slots;
	slot->thr_next = lfp_pcount_thr_slots;
	lfp_pcount_thr_slots = slot;
	pthread_mutex_lock(&pc->lock);
	slot->pc_next = pc->slots;
	pc->slots = slot;
	__atomic_store_n(&pc->nr_slots, pc->nr_slots + 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&pc->lock);
out:
	pthread_mutex_unlock(&lfp_pcount_reg_lock);
	return slot;
}

void lfp_pcount_add_slow(struct lfp_pcount *pc, long long delta)
{
	unsigned int idx = pc->id & (LFP_PCOUNT_TCACHE - 1);
	struct lfp_pcount_tcache *e = &lfp_pcount_tc[idx];
	struct lfp_pcount_tcache *v = &lfp_pcount_tc2[idx];
	struct lfp_pcount_tcache tmp;
	struct lfp_pcount_slot *slot;
	long long d;

	if (e->id == pc->id) {
		slot = e->slot;
	} else if (v->id == pc->id) {
		tmp = *e;
		*e = *v;
		*v = tmp;
		slot = e->slot;
	} else {
		slot = lfp_pcount_slot_get(pc);
		if (!slot) {
			/* Out of memory: count exactly, just slowly. */
			pthread_mutex_lock(&pc->lock);
			pc->retired = lfp_pcount_wrap_add(pc->retired, delta);
			__atomic_fetch_add(&pc->total, delta, __ATOMIC_RELAXED);
			pthread_mutex_unlock(&pc->lock);
			return;
		}
		*v = *e;
		e->slot = slot;
		e->id = pc->id;
	}
	if (!lfp_pcount_slot_add(pc, slot, delta, &d))
		return;
	__atomic_fetch_add(&pc->total, d, __ATOMIC_RELAXED);
	slot->folded = slot->sum;
}

/* The CPU this thread runs on, or ran on a moment ago. */
static unsigned int lfp_cpu_id(void)
{
	const struct rseq *rs;
	int cpu;

	if (__rseq_size > 0) {
		rs = (const struct rseq *)((char *)__builtin_thread_pointer() +
					   __rseq_offset);
		cpu = (int)__atomic_load_n(&rs->cpu_id, __ATOMIC_RELAXED);
		if (cpu >= 0)
			return cpu;
	}
	cpu = sched_getcpu();
	return cpu < 0 ? 0 : cpu;
}

#if LFP_PCOUNT_RSEQ
#ifdef LFPRIM_INJECT
/* Test builds: the spin inside every sequence, and the restarts counted. */
unsigned int lfp_pcount_rseq_spin;
unsigned long lfp_pcount_rseq_aborts;
#endif

/*
 * The fold as a restartable sequence (see lfp_pcount_rseq_add() for the
 * shape): load this CPU's shard, commit zero.  Returns 0 and what the
 * shard held plus @delta in *@v, or 1 with nothing written when the CPU
 * id is not that of a shard.  Caller holds pc->lock.
 */
static int lfp_pcount_rseq_fold(struct lfp_pcount *pc, long long delta,
				long long *v)
{
	unsigned long long p;
	long long sum;
	int fail;

	__asm__ __volatile__(
		"movl $1, %k[fail]\n\t"
		__LFP_RSEQ_CS
		"leaq 3b(%%rip), %[p]\n\t"
		"movq %[p], %%fs:%c[cs](%[off])\n"
		"1:\n\t"
		"movl %%fs:%c[cpu](%[off]), %k[p]\n\t"
		"cmpl %[nr], %k[p]\n\t"
		"jae 5f\n\t"
		"shlq %[shift], %[p]\n\t"
		"addq %[base], %[p]\n\t"
		"movq (%[p]), %[sum]\n\t"
		__LFP_RSEQ_SPIN
		"addq %[delta], %[sum]\n\t"
		"movq $0, (%[p])\n"
		"2:\n\t"
		"xorl %k[fail], %k[fail]\n"
		"5:\n"
		: [fail] "=&r" (fail), [p] "=&r" (p), [sum] "=&r" (sum)
		: [off] "r" (__rseq_offset), [nr] "rm" (pc->rseq_nr),
		  [base] "rm" (pc->shards), [delta] "rm" (delta),
		  [shift] "i" (LFP_PCOUNT_SHARD_SHIFT),
		  [cs] "i" (offsetof(struct rseq, rseq_cs)),
		  [cpu] "i" (offsetof(struct rseq, cpu_id)),
		  [sig] "i" (RSEQ_SIG)
		: __LFP_RSEQ_SPIN_CLOBBER "memory", "cc");
	*v = sum;
	return fail;
}

/*
 * Restartable-sequence counters: the add the caller could not do inline
 * (a fold is due, this thread has no CPU id, or the caller was built
 * without sequences).
 */
static void lfp_pcount_add_rseq(struct lfp_pcount *pc, long long delta)
{
	long long v;

	if (!lfp_pcount_rseq_add(pc->shards, pc->rseq_nr, delta,
				 __atomic_load_n(&pc->batch, __ATOMIC_RELAXED)))
		return;
	pthread_mutex_lock(&pc->lock);
	if (lfp_pcount_rseq_fold(pc, delta, &v))
		v = delta;
	lfp_pcount_fold_locked(pc, v);
	pthread_mutex_unlock(&pc->lock);
}
#endif

void lfp_pcount_add_percpu(struct lfp_pcount *pc, long long delta)
{
	struct lfp_pcount_shard *sh;
	long long d, b;

#if LFP_PCOUNT_RSEQ
	if (pc->rseq_nr) {
		lfp_pcount_add_rseq(pc, delta);
		return;
	}
#endif
	sh = &pc->shards[lfp_cpu_id() % pc->nr_shards];
	d = __atomic_add_fetch(&sh->delta, delta, __ATOMIC_RELAXED);
	b = __atomic_load_n(&pc->batch, __ATOMIC_RELAXED);
	if (d < b && d > -b)
		return;
	pthread_mutex_lock(&pc->lock);
	lfp_pcount_fold_locked(pc, __atomic_exchange_n(&sh->delta, 0,
						       __ATOMIC_RELAXED));
	pthread_mutex_unlock(&pc->lock);
}

long long lfp_pcount_sum(struct lfp_pcount *pc)
{
	struct lfp_pcount_slot *slot;
	unsigned long long s;	/* parts may wrap; the whole does not */
	unsigned int i;

	if (lfp_misuse(lfp_dead(pc, live)))
		return 0;
	pthread_mutex_lock(&pc->lock);
	if (pc->shards) {
		s = pc->total;
		for (i = 0; i < pc->nr_shards; i++)
			s += __atomic_load_n(&pc->shards[i].delta,
					     __ATOMIC_RELAXED);
	} else {
		s = pc->retired;
		for (slot = pc->slots; slot; slot = slot->pc_next)
			s += lfp_load(&slot->sum);
	}
	pthread_mutex_unlock(&pc->lock);
	return (long long)s;
}

unsigned long long lfp_pcount_error_bound(struct lfp_pcount *pc)
{
	unsigned long long n;

	if (lfp_misuse(lfp_dead(pc, live)))
		return 0;
	n = pc->shards ? pc->nr_shards :
		__atomic_load_n(&pc->nr_slots, __ATOMIC_RELAXED);
	return (unsigned long long)(__atomic_load_n(&pc->max_batch,
						    __ATOMIC_RELAXED) - 1) * n;
}

int lfp_pcount_set_batch(struct lfp_pcount *pc, unsigned int batch)
{
	unsigned int old;

	if (lfp_misuse(lfp_dead(pc, live)))
		return -EINVAL;
	if (lfp_pcount_check_batch(batch))
		return -ERANGE;
	/* Raise the bound before the batch so the bound is never too low. */
	old = __atomic_load_n(&pc->max_batch, __ATOMIC_RELAXED);
	while (batch > old &&
	       !__atomic_compare_exchange_n(&pc->max_batch, &old, batch, 0,
					    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
	__atomic_store_n(&pc->batch, batch, __ATOMIC_RELEASE);
	return 0;
}

unsigned int lfp_pcount_batch(struct lfp_pcount *pc)
{
	if (lfp_misuse(lfp_dead(pc, live)))
		return 0;
	return __atomic_load_n(&pc->batch, __ATOMIC_RELAXED);
}
