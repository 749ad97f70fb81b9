/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space layout and fast paths of lfprim pcount.
 *
 * Thread slots (LFP_PCOUNT_PER_THREAD, and the default where CPU shards
 * would need atomic adds): one slot per (thread, counter).  Only the
 * owning thread writes a slot, with a relaxed atomic store (no lock
 * prefix); summers read it with a relaxed load.  A thread finds its slot through a small
 * thread-local direct-mapped cache keyed by the counter's id, which is
 * never reused, so a stale entry for a destroyed counter can never match.
 *
 * CPU shards (LFP_PCOUNT_PER_CPU, and the default where adds to them are
 * restartable sequences): cache-line padded shards indexed by CPU id.
 * On x86-64 with glibc's rseq registration (glibc 2.35 and later register
 * every thread unless GLIBC_TUNABLES=glibc.pthread.rseq=0; valgrind
 * refuses the registration) an add is a restartable sequence: read the
 * CPU id from the thread's rseq area, add to that CPU's shard with a plain
 * load and store, and the kernel restarts the sequence from the top when
 * the thread is preempted, migrated or signalled before the store, so
 * shards are only ever written by code running on their own CPU, one
 * sequence at a time.  Elsewhere (no registration, another architecture,
 * ThreadSanitizer builds, which cannot see into the asm) the CPU id comes
 * from the rseq area or sched_getcpu() and the shard add is a relaxed
 * atomic add, because two threads may share a shard after a migration.
 * Which of the two a counter uses is fixed at init (@rseq_nr) and never
 * mixed: a plain store would lose a concurrent atomic add.
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

/*
 * Restartable sequences for CPU shards: x86-64 glibc with <sys/rseq.h>,
 * and not under ThreadSanitizer.  The library decides per counter at init
 * whether they are used (struct lfp_pcount's rseq_nr); a caller built
 * without them then always takes the library's path.
 */
#if defined(__x86_64__) && defined(__has_include)
#if __has_include("sys/rseq.h")
#include <sys/rseq.h>
#ifdef RSEQ_SIG
#define LFP_PCOUNT_RSEQ 1
#endif
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#undef LFP_PCOUNT_RSEQ
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#undef LFP_PCOUNT_RSEQ
#endif
#endif
#ifndef LFP_PCOUNT_RSEQ
#define LFP_PCOUNT_RSEQ 0
#endif

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
 * @rseq_nr: @nr_shards when adds to CPU shards are restartable sequences,
 *           0 when they are atomic adds
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
	unsigned int rseq_nr;
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

#if LFP_PCOUNT_RSEQ
/* log2 of a shard's size, for the index scaling in the sequences. */
#define LFP_PCOUNT_SHARD_SHIFT						\
	(sizeof(struct lfp_pcount_shard) == 64 ? 6 :			\
	 sizeof(struct lfp_pcount_shard) == 128 ? 7 : 8)

/*
 * One restartable sequence (kernel ABI: <linux/rseq.h>): point the rseq
 * area's rseq_cs at a descriptor of the instructions from 1 to 2 and of
 * the abort handler 4, read the CPU id, load the shard, add, check the
 * result against the one bound the add moves toward (below the batch for
 * a delta of zero or more, above minus the batch for a negative one), and
 * commit it with the one store that ends the sequence.  If the kernel
 * preempts, migrates or signals the thread anywhere between 1 and 2, it
 * resumes at 4 (after the four signature bytes it checks), which starts
 * over.  Returns 0 when the add is done; 1, with nothing written, when
 * the shard would reach that bound, when |delta| is too large to add
 * without overflow, or when the CPU id is not that of a shard (rseq not
 * registered for this thread: -1 or -2).
 *
 * One bound is enough: a committed value lies between the shard's old
 * value and the bound it was checked against, so a shard's magnitude
 * never reaches the largest batch in effect since init, max_batch, on
 * which lfp_pcount_error_bound() rests.  (After set_batch() lowered the
 * batch, an add toward zero may leave a shard beyond the new batch; the
 * next add away from zero folds it.)
 *
 * rseq_cs keeps pointing at the descriptor after the sequence, until the
 * kernel clears it at the thread's next preemption or signal: unloading
 * (dlclose()) an object whose code added, before its adding threads were
 * preempted once more, would leave the kernel a dangling descriptor, and
 * the thread a SIGSEGV.
 */
#ifdef LFPRIM_INJECT
/*
 * Test builds only, as the rseq selftests inject delays: every sequence
 * spins lfp_pcount_rseq_spin times between loading its shard and its
 * commit (__LFP_RSEQ_SPIN, which uses %ecx: __LFP_RSEQ_SPIN_CLOBBER), so
 * that preemptions and migrations land inside sequences, and the abort
 * handler counts each restart in lfp_pcount_rseq_aborts.
 */
extern unsigned int lfp_pcount_rseq_spin;
extern unsigned long lfp_pcount_rseq_aborts;

#define __LFP_RSEQ_SPIN							\
	"movl lfp_pcount_rseq_spin(%%rip), %%ecx\n"			\
	"6:\n\t"							\
	"subl $1, %%ecx\n\t"						\
	"jae 6b\n\t"
#define __LFP_RSEQ_SPIN_CLOBBER	"rcx",
#define __LFP_RSEQ_ABORTED	"lock incq lfp_pcount_rseq_aborts(%%rip)\n\t"
#else
#define __LFP_RSEQ_SPIN		""
#define __LFP_RSEQ_SPIN_CLOBBER
#define __LFP_RSEQ_ABORTED	""
#endif

/*
 * The start of every lfprim restartable sequence (asm text, labels 0 to
 * 4): its descriptor (3) for the section from 1 to 2, and the abort
 * handler (4, after the signature operand [sig]) in a section of its own,
 * which jumps back to 0 to start over.  At 0 the caller's asm stores the
 * descriptor's address in rseq_cs; its section follows from 1 to 2.
 */
#define __LFP_RSEQ_CS							\
	".pushsection __rseq_cs, \"aw\"\n\t"				\
	".balign 32\n"							\
	"3:\n\t"							\
	".long 0, 0\n\t"						\
	".quad 1f, 2f - 1f, 4f\n\t"					\
	".popsection\n\t"						\
	".pushsection __lfp_rseq_abort, \"ax\"\n\t"			\
	".long %c[sig]\n"						\
	"4:\n\t"							\
	__LFP_RSEQ_ABORTED						\
	"jmp 0f\n\t"							\
	".popsection\n"							\
	"0:\n\t"

/*
 * The start of a shard add (asm goto text): the sequence's start, then
 * from 1 the address of this CPU's shard in %rax, or a jump to the
 * caller's label fail when the CPU id (%[nr] shards from %[base]) is not
 * that of a shard.  Its operands are __LFP_PCOUNT_RSEQ_IN(nr, base).
 */
#define __LFP_PCOUNT_RSEQ_SHARD						\
	__LFP_RSEQ_CS							\
	"leaq 3b(%%rip), %%rax\n\t"					\
	"movq %%rax, %%fs:%c[cs](%[off])\n"				\
	"1:\n\t"							\
	"movl %%fs:%c[cpu](%[off]), %%eax\n\t"				\
	"cmpl %[nr], %%eax\n\t"					\
	"jae %l[fail]\n\t"						\
	"shlq %[shift], %%rax\n\t"					\
	"addq %[base], %%rax\n\t"

#define __LFP_PCOUNT_RSEQ_IN(nr, base)					\
	[off] "r" (__rseq_offset), [nr] "rm" (nr), [base] "rm" (base),	\
	[shift] "i" (LFP_PCOUNT_SHARD_SHIFT),				\
	[cs] "i" (offsetof(struct rseq, rseq_cs)),			\
	[cpu] "i" (offsetof(struct rseq, cpu_id)),			\
	[sig] "i" (RSEQ_SIG)

/*
 * The shard add (asm goto text, after __LFP_PCOUNT_RSEQ_SHARD): the new
 * value in %rdx, checked against the operand lim with jcc, the jump to
 * fail taken when the add would reach lim, then the commit.
 */
#define __LFP_PCOUNT_RSEQ_ADD(jcc)					\
	__LFP_PCOUNT_RSEQ_SHARD						\
	"movq (%%rax), %%rdx\n\t"					\
	__LFP_RSEQ_SPIN							\
	"addq %[delta], %%rdx\n\t"					\
	"cmpq %[lim], %%rdx\n\t"					\
	jcc " %l[fail]\n\t"						\
	"movq %%rdx, (%%rax)\n"						\
	"2:\n"

/* Largest |delta| a sequence adds: the shard cannot overflow. */
#define LFP_PCOUNT_RSEQ_DELTA_MAX	(1LL << 62)

static inline int lfp_pcount_rseq_add(struct lfp_pcount_shard *base,
				      unsigned int nr, long long delta,
				      long long batch)
{
	if (delta >= 0) {
		/* No overflow: a shard's magnitude is below 2^30. */
		if (lfp_unlikely(delta > LFP_PCOUNT_RSEQ_DELTA_MAX))
			return 1;
		__asm__ __volatile__ goto(
			__LFP_PCOUNT_RSEQ_ADD("jge")
			:
			: __LFP_PCOUNT_RSEQ_IN(nr, base),
			  [delta] "erm" (delta), [lim] "rm" (batch)
			: __LFP_RSEQ_SPIN_CLOBBER "rax", "rdx", "memory", "cc"
			: fail);
	} else {
		if (lfp_unlikely(delta < -LFP_PCOUNT_RSEQ_DELTA_MAX))
			return 1;
		__asm__ __volatile__ goto(
			__LFP_PCOUNT_RSEQ_ADD("jle")
			:
			: __LFP_PCOUNT_RSEQ_IN(nr, base),
			  [delta] "erm" (delta), [lim] "rm" (-batch)
			: __LFP_RSEQ_SPIN_CLOBBER "rax", "rdx", "memory", "cc"
			: fail);
	}
	return 0;
fail:
	return 1;
}
#endif

/*
 * a + b as the machine adds: wrapping, never undefined.  A thread's sum, a
 * shard plus a delta, or what is left to fold may wrap on the way (a delta
 * near the 64-bit limit, the total far from it); the total they make up
 * is still exact.
 */
static inline long long lfp_pcount_wrap_add(long long a, long long b)
{
	return (long long)((unsigned long long)a + (unsigned long long)b);
}

/* a - b, as lfp_pcount_wrap_add(). */
static inline long long lfp_pcount_wrap_sub(long long a, long long b)
{
	return (long long)((unsigned long long)a - (unsigned long long)b);
}

/*
 * Add @delta to this thread's @slot of @pc (the owner's relaxed store);
 * returns 0, or 1 with what is left to fold in *@d once that reached the
 * batch in magnitude.
 */
static inline int lfp_pcount_slot_add(struct lfp_pcount *pc,
				      struct lfp_pcount_slot *slot,
				      long long delta, long long *d)
{
	long long s = lfp_pcount_wrap_add(slot->sum, delta);
	long long b;

	__atomic_store_n(&slot->sum, s, __ATOMIC_RELAXED);
	*d = lfp_pcount_wrap_sub(s, slot->folded);
	b = __atomic_load_n(&pc->batch, __ATOMIC_RELAXED);
	return !(*d < b && *d > -b);
}

static inline void __lfp_pcount_add(struct lfp_pcount *pc, long long delta)
{
	struct lfp_pcount_tcache *e;
	long long d;

	if (pc->shards) {
#if LFP_PCOUNT_RSEQ
		/*
		 * An atomic-add counter has rseq_nr 0: no CPU id is below
		 * it, so its sequence gives up before writing anything.
		 */
		if (lfp_likely(!lfp_pcount_rseq_add(pc->shards, pc->rseq_nr, delta,
						    __atomic_load_n(&pc->batch,
								    __ATOMIC_RELAXED))))
			return;
#endif
		lfp_pcount_add_percpu(pc, delta);
		return;
	}
	e = &lfp_pcount_tc[pc->id & (LFP_PCOUNT_TCACHE - 1)];
	if (lfp_likely(e->id == pc->id)) {
		if (lfp_likely(!lfp_pcount_slot_add(pc, e->slot, delta, &d)))
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
