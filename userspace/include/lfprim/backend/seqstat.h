/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * User-space layout and fast paths of lfprim seqstat: a seqlock on C11
 * atomics whose sequence count is also the writers' lock.
 *
 * Writer: CAS the count from even s to odd s + 1 (acquire: this is the
 * writers' lock; another writer sees it odd and waits), a release fence,
 * relaxed stores of the fields, then a release store of s + 2.
 *
 * Reader: acquire load of the count s1 (wait while odd), relaxed loads of
 * the fields, an acquire fence, relaxed load of the count s2; retry unless
 * s1 == s2.
 *
 * Why a reader with s1 == s2 copied no half-written section: if one of its
 * field loads read a store of a section, that store follows the writer's
 * release fence, which follows the writer's store of the odd count; the
 * reader's acquire fence then makes that odd count (or a later value)
 * visible to its load of s2.  Since the count only grows, s2 >= s + 1 > s1
 * unless s1 already was at or past s + 2, i.e. the reader started after
 * the section ended, in which case its loads saw the section whole.  This
 * is the C11 seqlock of H.-J. Boehm, "Can seqlocks get along with
 * programming language memory models?" (MSPC 2012), with the writers' lock
 * folded into the count.  Every field access is atomic: no data race.
 */
/* Included on its own: the contract header brings this one in where it goes. */
#ifndef _LFPRIM_SEQSTAT_H
#include <lfprim/seqstat.h>
#endif

#ifndef _LFPRIM_BACKEND_SEQSTAT_H
#define _LFPRIM_BACKEND_SEQSTAT_H

#include <sched.h>
#include <urcu/arch.h>

#include <lfprim/backend/compat.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct lfp_seqstat - fields behind a sequence count
 * @seq: even when no writer is inside; odd: a writer is, and holds the lock
 * @nfields: fields in use
 * @v: the fields
 */
struct lfp_seqstat {
	unsigned long seq;
	unsigned int nfields;
	unsigned long long v[LFP_SEQSTAT_MAX_FIELDS];
};

static inline void __lfp_seqstat_init(struct lfp_seqstat *s)
{
	__atomic_store_n(&s->seq, 0, __ATOMIC_RELAXED);
}

static inline void __lfp_seqstat_write_begin(struct lfp_seqstat *s)
{
	unsigned long seq;
	unsigned int spins = 0;

	for (;;) {
		seq = __atomic_load_n(&s->seq, __ATOMIC_RELAXED);
		if (!(seq & 1) &&
		    __atomic_compare_exchange_n(&s->seq, &seq, seq + 1, 0,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		/* Another writer is inside: spin a little, then yield. */
		if (++spins < 128)
			caa_cpu_relax();
		else
			sched_yield();
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void __lfp_seqstat_write_end(struct lfp_seqstat *s)
{
	__atomic_store_n(&s->seq, __atomic_load_n(&s->seq, __ATOMIC_RELAXED) + 1,
			 __ATOMIC_RELEASE);
}

#define __lfp_seqstat_load(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define __lfp_seqstat_store(p, x)	__atomic_store_n((p), (x), __ATOMIC_RELAXED)

static inline unsigned int __lfp_seqstat_read(const struct lfp_seqstat *s,
					      unsigned long long *out)
{
	unsigned int i, n = s->nfields, retries = 0;
	unsigned long s1, s2;

	for (;;) {
		s1 = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
		if (!(s1 & 1)) {
			for (i = 0; i < n; i++)
				out[i] = __atomic_load_n(&s->v[i], __ATOMIC_RELAXED);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			s2 = __atomic_load_n(&s->seq, __ATOMIC_RELAXED);
			if (s1 == s2)
				return retries;
		} else {
			caa_cpu_relax();
		}
		retries++;
	}
}

/*
 * Every field zero, no write in progress (LFP_SEQSTAT_INIT); sizeof()
 * only checks that @name names an object.
 */
#define __LFP_SEQSTAT_INIT(name, n)					\
	{ .seq = 0 * sizeof(name), .nfields = (n), .v = __LFP_ZERO }

#ifdef __cplusplus
}
#endif

#endif /* _LFPRIM_BACKEND_SEQSTAT_H */
