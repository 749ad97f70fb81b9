/* SPDX-License-Identifier: GPL-2.0-only OR LGPL-2.1-or-later */
/*
 * The test shim contract: what a case in selftests/cases/ may use.  Each
 * world (selftests/user/shim.h, selftests/kmod/shim.h) defines the types
 * and functions below before including this file and the cases.
 *
 *   struct lfpt_thread, lfpt_thread_run(fn, arg), lfpt_thread_join(th)
 *   lfpt_zalloc(size), lfpt_zalloc_atomic(size) (never sleeps), lfpt_free(ptr)
 *   struct lfpt_atomic with lfpt_atomic_read/set/inc/add_return
 *   struct lfpt_lock with lfpt_lock_init/lock/unlock (usable from the
 *	context free functions of snap run in, i.e. kernel softirq)
 *   lfpt_now_ns(), lfpt_msleep(ms), lfpt_relax() (lets RCU and the
 *	scheduler make progress inside busy loops)
 *   lfpt_nr_cpus(), lfpt_scale(n) (n times the lane's scale factor, >= 1)
 *   lfpt_log(fmt, ...)
 */
#ifndef _LFPRIM_SELFTESTS_LFPT_H
#define _LFPRIM_SELFTESTS_LFPT_H

/**
 * struct lfpt - the state of one running case
 * @name: case name
 * @failures: failed expectations so far (any thread may add)
 */
struct lfpt {
	const char *name;
	struct lfpt_atomic failures;
};

static inline void lfpt_fail(struct lfpt *t, const char *file, int line,
			     const char *what)
{
	lfpt_atomic_inc(&t->failures);
	lfpt_log("%s: %s:%d: expectation failed: %s\n", t->name, file, line,
		 what);
}

static inline void lfpt_fail_eq(struct lfpt *t, const char *file, int line,
				const char *a, const char *b, long long va,
				long long vb)
{
	lfpt_atomic_inc(&t->failures);
	lfpt_log("%s: %s:%d: expected %s == %s, got %lld != %lld\n", t->name,
		 file, line, a, b, va, vb);
}

#define LFPT_EXPECT(t, cond)						\
	do {								\
		if (!(cond))						\
			lfpt_fail(t, __FILE__, __LINE__, #cond);	\
	} while (0)

#define LFPT_EXPECT_EQ(t, a, b)						\
	do {								\
		long long __va = (long long)(a);			\
		long long __vb = (long long)(b);			\
		if (__va != __vb)					\
			lfpt_fail_eq(t, __FILE__, __LINE__, #a, #b,	\
				     __va, __vb);			\
	} while (0)

/**
 * struct lfpt_case - one entry of a case table
 * @name: case name as reported
 * @fn: the case
 */
struct lfpt_case {
	const char *name;
	void (*fn)(struct lfpt *t);
};

#define LFPT_CASE(n)	{ .name = #n, .fn = lfpt_case_##n }

/* A small xorshift generator for random mixes inside cases. */
static inline unsigned int lfpt_rand(unsigned int *state)
{
	unsigned int x = *state ? *state : 0x9e3779b9U;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

#endif /* _LFPRIM_SELFTESTS_LFPT_H */
