/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * lfprim pcount - a sharded counter: cheap adds, fast approximate reads,
 * exact sums.
 *
 * Replaces one hot shared atomic.  Each CPU (kernel; user space by
 * default where restartable sequences work) or each thread (user space
 * otherwise, or on request) owns a shard it adds to without a shared cache
 * line; when an add would take a shard's unfolded part to the batch or
 * beyond in magnitude, away from zero, the shard is folded into the shared
 * total.  lfp_pcount_read() returns the shared total only: once adders are
 * quiescent it is off by at most lfp_pcount_error_bound().
 * lfp_pcount_sum() adds up every shard under the counter's lock and is
 * exact.
 *
 * User space, CPU shards (LFP_PCOUNT_PER_CPU, or the default where adds to
 * them are restartable sequences): one cache line per possible CPU, so
 * memory is bounded by CPUs x counters.  On x86-64, when glibc has registered
 * rseq (glibc 2.35 and later do for every thread unless
 * GLIBC_TUNABLES=glibc.pthread.rseq=0; not under valgrind), an add is a
 * restartable sequence: a plain add to the shard of the CPU the thread runs
 * on, which the kernel restarts if the thread is preempted, migrated or
 * signalled before it commits, so no shard ever holds the largest batch
 * set since init, or more.  Otherwise (no registration, other
 * architectures, ThreadSanitizer builds) the CPU id comes from the rseq
 * area or sched_getcpu() and the shard add is a relaxed atomic add.  Which
 * of the two a counter uses is decided at its init.  With sequences, code
 * that added stays referenced from the thread's rseq area until the thread
 * is next preempted: an object loaded with dlopen() that adds must not be
 * unloaded right after its last add.
 *
 * User space, thread slots (LFP_PCOUNT_PER_THREAD, or the default where
 * adds to CPU shards would be atomic): one slot per (thread, counter),
 * allocated at the thread's first add and folded away when it exits; an
 * add is a relaxed load and store on the thread's own slot.
 *
 * Kernel: the add is inline; it exchanges this CPU's shard for the shard
 * plus the delta with one this_cpu_cmpxchg() while the result stays short
 * of the batch on the side the delta moves toward, and otherwise takes
 * percpu_counter's add, which folds.
 *
 * Memory per counter, 64-byte cache lines, x86-64 (the counter itself is
 * 176 bytes, a thread slot or a CPU shard 64; allocator overhead not
 * counted):
 *
 *   threads that added  |      1 |     16 |     256
 *   --------------------+--------+--------+--------
 *   thread slots        |    240 |   1200 |   16560
 *   CPU shards, 2 CPUs  |    304 |    304 |     304
 *   CPU shards, 64 CPUs |   4272 |   4272 |    4272
 *
 * Thread slots grow with the threads that ever added and are still alive;
 * CPU shards with the possible CPUs only (lfprim-bench prints both for the
 * machine it runs on).
 *
 * Concurrency and context:
 *
 *   operation        | may run concurrently with     | context
 *   -----------------+-------------------------------+----------------------
 *   add/inc/dec      | everything but init/destroy   | kernel: any but NMI
 *   read             | everything but init/destroy   | any; never sleeps
 *   sum              | everything but init/destroy   | kernel: any but NMI
 *   set_batch/batch/ | everything but init/destroy   | any; never sleeps
 *   error_bound      |                               |
 *   init/destroy     | nothing on the same counter   | may sleep
 *
 * Guarantees: lfp_pcount_sum() includes every add that returned before it
 * was called; once all adders are quiescent it equals the sum of all adds
 * exactly.  With only non-negative adds, successive sums never decrease.
 * The running total must stay inside the range of a signed 64-bit value.
 * User space: no call is async-signal-safe (an add interrupted by a signal
 * handler that adds to the same counter may lose one of the two).
 *
 * Misuse: user space detects a NULL, never initialised or destroyed
 * counter ("dead") in every out-of-line call: set_batch returns -EINVAL;
 * sum, error_bound and batch return 0; destroy does nothing (a second
 * destroy is harmless).  Not detected: the inline add, inc, dec and read,
 * a destroy racing other calls, and memory the caller already freed.  The
 * kernel's release build treats misuse as a bug, as its own primitives do;
 * its debug build (the module built with LFPRIM_DEBUG=y, and the test
 * build) refuses a dead counter as user space does.
 *
 * Debug builds (LFPRIM_DEBUG defined, and the test builds) also report
 * each refused call on a dead object, on stderr or in the kernel log (the
 * first few of a process or of a load): the call, and whether the object
 * is NULL, never initialised (zeroed memory), destroyed, or garbage.
 *
 * Zero value: none.  Init allocates (the shards), so there is no static
 * initializer, in either world: a zeroed object must go through
 * lfp_pcount_init() first; until then user space, and the kernel's debug
 * build, refuse it as above.
 */
#ifndef _LFPRIM_PCOUNT_H
#define _LFPRIM_PCOUNT_H

#include <lfprim/backend/pcount.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest accepted batch. */
#define LFP_PCOUNT_BATCH_MAX	(1U << 30)
/*
 * Default batch when the caller has no better idea.  A fold touches a
 * shared cache line; at 1024 its cost is spread thin enough that two
 * threads adding flat out stay near the uncontended cost (user space,
 * 2 cores: 64 -> ~5 ns/op, 256 -> ~3.1, 1024 -> ~2.6, 4096 -> ~2.5).
 */
#define LFP_PCOUNT_BATCH_DEFAULT	1024U

/*
 * Flags for lfp_pcount_init(), at most one of them.  The kernel always
 * shards by CPU and accepts either.
 */
/* Shards indexed by CPU id, whether or not adds can be restartable sequences. */
#define LFP_PCOUNT_PER_CPU	0x1U
/* User space: one slot per (thread, counter). */
#define LFP_PCOUNT_PER_THREAD	0x2U
#define LFP_PCOUNT_FLAGS_ALL	(LFP_PCOUNT_PER_CPU | LFP_PCOUNT_PER_THREAD)

/**
 * lfp_pcount_init() - initialise a counter to zero
 * @pc: the counter
 * @batch: fold a shard into the total when its magnitude reaches this
 *         (1 .. LFP_PCOUNT_BATCH_MAX)
 * @flags: 0, LFP_PCOUNT_PER_CPU or LFP_PCOUNT_PER_THREAD
 *
 * With 0, user space chooses CPU shards where adds to them are restartable
 * sequences (x86-64, glibc's rseq registration, not a ThreadSanitizer
 * build) and thread slots elsewhere.
 *
 * Context: may sleep (allocates).
 * Return: 0; -EINVAL for a NULL @pc, unknown @flags or both flags; -ERANGE
 * for a batch out of range; -ENOMEM.
 */
int lfp_pcount_init(struct lfp_pcount *pc, unsigned int batch,
		    unsigned int flags);

/**
 * lfp_pcount_destroy() - release the counter's shards
 * @pc: the counter
 *
 * Context: may sleep; no other operation may run on @pc.
 */
void lfp_pcount_destroy(struct lfp_pcount *pc);

/**
 * lfp_pcount_add() - add to the counter
 * @pc: the counter
 * @delta: the amount, may be negative
 *
 * Never fails and never loses an add.  Kernel, and user space with CPU
 * shards: the shards come with init, adds never allocate.  User space with
 * thread slots: a thread's first add to a counter allocates its slot; when
 * that fails (out of memory), the add goes into the total under the
 * counter's lock instead, exact but slow, and the thread's next add tries
 * again.
 *
 * Context: kernel: any context but NMI.  User space: any thread.
 */
static inline void lfp_pcount_add(struct lfp_pcount *pc, long long delta)
{
	__lfp_pcount_add(pc, delta);
}

/**
 * lfp_pcount_inc() - add one
 * @pc: the counter
 *
 * Context: as lfp_pcount_add().
 */
static inline void lfp_pcount_inc(struct lfp_pcount *pc)
{
	__lfp_pcount_add(pc, 1);
}

/**
 * lfp_pcount_dec() - subtract one
 * @pc: the counter
 *
 * Context: as lfp_pcount_add().
 */
static inline void lfp_pcount_dec(struct lfp_pcount *pc)
{
	__lfp_pcount_add(pc, -1);
}

/**
 * lfp_pcount_read() - fast approximate value
 * @pc: the counter
 *
 * One load of the folded total.  Once adders are quiescent,
 * |lfp_pcount_read() - lfp_pcount_sum()| <= lfp_pcount_error_bound().
 *
 * Context: any; never sleeps, takes no lock.
 * Return: the folded total.
 */
static inline long long lfp_pcount_read(struct lfp_pcount *pc)
{
	return __lfp_pcount_read(pc);
}

/**
 * lfp_pcount_sum() - exact value
 * @pc: the counter
 *
 * Adds up every shard under the counter's lock; costs a walk over all
 * shards (kernel: possible CPUs; user space: live threads or CPU shards).
 *
 * Context: kernel: any context but NMI.  User space: any thread.
 * Return: the sum of all adds that returned before the call, plus possibly
 * some that ran concurrently; user space: 0 for a dead @pc.
 */
long long lfp_pcount_sum(struct lfp_pcount *pc);

/**
 * lfp_pcount_error_bound() - how far lfp_pcount_read() may be off
 * @pc: the counter
 *
 * The largest batch in effect since init, minus one, times the number of
 * shards that may hold unfolded counts (possible CPUs in the kernel; live
 * threads that have added, or CPU shards, in user space) at the time of the
 * call.
 *
 * Context: any.
 * Return: the bound; user space: 0 for a dead @pc.
 */
unsigned long long lfp_pcount_error_bound(struct lfp_pcount *pc);

/**
 * lfp_pcount_set_batch() - change the fold threshold live
 * @pc: the counter
 * @batch: new batch (1 .. LFP_PCOUNT_BATCH_MAX)
 *
 * Shards already holding more than the new batch fold on their next add.
 *
 * Context: any; never sleeps.
 * Return: 0, or -ERANGE for a batch out of range; user space: -EINVAL for
 * a dead @pc.
 */
int lfp_pcount_set_batch(struct lfp_pcount *pc, unsigned int batch);

/**
 * lfp_pcount_batch() - current fold threshold
 * @pc: the counter
 *
 * Context: any.
 * Return: the batch; user space: 0 for a dead @pc.
 */
unsigned int lfp_pcount_batch(struct lfp_pcount *pc);

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_PCOUNT_H */
