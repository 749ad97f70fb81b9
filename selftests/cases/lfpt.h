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
 *	scheduler make progress inside busy loops), lfpt_delay_ms(ms) (from
 *	any context, for injection hooks)
 *   lfpt_nr_cpus(), lfpt_scale(n) (n times the lane's scale factor, >= 1)
 *   lfpt_log(fmt, ...)
 */
#ifndef _LFPRIM_SELFTESTS_LFPT_H
#define _LFPRIM_SELFTESTS_LFPT_H

#ifndef LFPRIM_INJECT
#error "the shared cases inject delays: build them and lfprim with LFPRIM_INJECT"
#endif
#include <lfprim/core/inject.h>

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

struct tt;

/**
 * struct lfpt_prim - one primitive's row of the registry (lfpt_prims[] in
 * all.c); the last thing in the primitive's case file
 * @name: the primitive
 * @cases: its shared cases
 * @ncases: how many
 * @torture: its torture driver (torture.h); the run comes with t, end,
 *	nthreads and seed set
 * @misuse: its misuse tests (struct lfpt_misuse, in <prim>_misuse.c): in
 *	user space every primitive's; in the kernel, whose release build
 *	treats misuse as a bug, those of the primitives without a static
 *	initializer, which its test build (a debug build) refuses
 * @nmisuse: how many
 */
struct lfpt_prim {
	const char *name;
	const struct lfpt_case *cases;
	size_t ncases;
	void (*torture)(struct tt *tt);
	const struct lfpt_misuse *misuse;
	size_t nmisuse;
};

#ifndef __KERNEL__
#include <stdbool.h>
#endif

/**
 * struct lfpt_probe - one call on an object, and what it must return
 * @what: the call, as reported when it answers otherwise
 * @call: makes the call on the object (or NULL) and returns its answer; a
 *	call that returns nothing returns 0, a pointer is returned as a
 *	number, a stats call returns a sum that must be 0
 * @expect: the answer it must give
 */
struct lfpt_probe {
	const char *what;
	long long (*call)(void *obj);
	long long expect;
};

/*
 * Defines the call of probe @name: @expr, with the object as @o (a void
 * pointer, which converts to the primitive's).  LFPT_PROBE(name, expect)
 * is its table entry.
 */
#define LFPT_PROBE_FN(name, expr)					\
	static long long lfpt_probe_##name(void *o)			\
	{								\
		return (long long)(expr);				\
	}

#define LFPT_PROBE(name, expect)	{ #name, lfpt_probe_##name, expect }

/**
 * struct lfpt_misuse - one misuse test of a primitive (the "Misuse:"
 * paragraph of its contract), run by lfpt_misuse_run() (misuse.h) as the
 * test @name in user space and, with "user_" replaced by "kernel_", in the
 * kernel.  The lifecycle: @dead on a NULL object, on heap memory that was
 * never initialised (zeroes, then garbage), then each of @bad_init on a
 * zeroed object and @dead on it; @init on it and @live; @destroy; the
 * callbacks counted from @init to here must be @calls; @dead on the
 * destroyed object; @again (a fresh init works, and is destroyed again)
 * and @dead once more.  Around each @dead the callbacks must not run.
 * @name: the test's name
 * @size: the object's size
 * @dead: calls on an object that is not live, each refused or harmless;
 *	the last ones destroy it twice
 * @ndead: how many
 * @dead_hook: checks on a dead object that need more than one call
 *	(NULL: none), run before @dead
 * @bad_init: init calls that must fail (on a zeroed object, or on NULL)
 * @nbad_init: how many
 * @init: the valid init, which must return 0
 * @live: checks on the live object before @destroy (NULL: none)
 * @destroy: the destroy of the live object, and what it must return
 * @calls: how many callbacks @init, @live and @destroy run together
 * @again: a fresh init of the destroyed object, checks on it, and its
 *	destroy
 * @null_only: only a NULL object is detected (the primitive has no
 *	destroy): @dead runs on NULL alone, the live object starts as
 *	garbage (init must not read it), and there is no @destroy or @again
 */
struct lfpt_misuse {
	const char *name;
	size_t size;
	const struct lfpt_probe *dead;
	size_t ndead;
	void (*dead_hook)(struct lfpt *t, void *obj);
	const struct lfpt_probe *bad_init;
	size_t nbad_init;
	int (*init)(void *obj);
	void (*live)(struct lfpt *t, void *obj);
	struct lfpt_probe destroy;
	unsigned int calls;
	void (*again)(struct lfpt *t, void *obj);
	bool null_only;
};

#define LFPT_MISUSE_GARBAGE	0xa5

/*
 * Heap memory that was never initialised: zeroes, or @fill bytes; freed
 * with lfpt_free().
 */
static inline void *lfpt_misuse_mem(size_t size, int fill)
{
	void *p = lfpt_zalloc(size);

	if (p)
		memset(p, fill, size);
	return p;
}

/* Counts calls of the misuse tests' callbacks. */
static struct lfpt_atomic lfpt_misuse_calls;

static inline unsigned int lfpt_misuse_calls_read(void)
{
	return lfpt_atomic_read(&lfpt_misuse_calls);
}

static inline void lfpt_misuse_count(void)
{
	lfpt_atomic_inc(&lfpt_misuse_calls);
}

static inline void lfpt_misuse_drop(void *item)
{
	lfpt_misuse_count();
}

/**
 * struct lfpt_inject - a delay armed at one injection point
 * @point: the point's name (include/lfprim/core/inject.h)
 * @obj: only calls for this object, or NULL for any
 * @delay_ms: how long each matching call is held
 * @max_hits: delay only the first @max_hits matching calls (0: all)
 * @hits: matching calls so far; a case checks it, so that a delay that
 *	never happened fails the case instead of passing it by luck
 */
struct lfpt_inject {
	const char *point;
	const void *obj;
	unsigned int delay_ms;
	long max_hits;
	struct lfpt_atomic hits;
};

static inline void lfpt_inject_hook(const char *point, const void *obj,
				    void *arg)
{
	struct lfpt_inject *in = arg;
	long n;

	if (strcmp(point, in->point) || (in->obj && obj != in->obj))
		return;
	n = lfpt_atomic_add_return(&in->hits, 1);
	if (!in->max_hits || n <= in->max_hits)
		lfpt_delay_ms(in->delay_ms);
}

/* Arm @in (one at a time); lfpt_inject_disarm() waits for running hooks. */
static inline void lfpt_inject_arm(struct lfpt_inject *in)
{
	lfpt_atomic_set(&in->hits, 0);
	lfp_inject_set(lfpt_inject_hook, in);
}

static inline void lfpt_inject_disarm(void)
{
	lfp_inject_set(NULL, NULL);
}

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
