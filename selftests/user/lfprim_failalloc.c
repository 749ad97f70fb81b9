// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-failalloc: allocation-failure injection over every path of the
 * user-space library that allocates.
 *
 * The library's objects are linked into one relocatable object with
 * --wrap for each allocating call they make (malloc and friends,
 * pthread_create, pthread_setspecific), so only
 * lfprim's own calls come here; liburcu's, libc's and this driver's own
 * allocations are untouched.  For each scenario, run N = 1, 2, ... fails
 * the Nth such call made while the scenario runs, until a run makes fewer
 * than N calls.  At every N the failing call must return its documented
 * errno (-ENOMEM; -EAGAIN where a thread could not be created), the object
 * must be either usable afterwards (a later operation works) or cleanly
 * failed (refused as never initialised, nothing to destroy), and
 * LeakSanitizer must find nothing; AddressSanitizer and
 * UndefinedBehaviorSanitizer stop the run on any report.  A scenario that
 * never had a call failed cannot fail, and fails the run.
 *
 * Not injected: lfp_rcu_register_slow()'s pthread_setspecific() (a
 * read-side section cannot fail, so lfprim aborts there); the driver
 * registers its threads with liburcu before it arms the injection.
 *
 * The scenarios live in failalloc/<primitive>.c, each ending with its
 * row, and failalloc/all.c is the table of rows the runner walks; the
 * noalloc scenario runs each primitive's part in turn.
 *
 * Output: TAP, one line per scenario, "fails=K" the number of allocation
 * points exercised.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanitizer/lsan_interface.h>

#include <lfprim/snap.h>

/* ---- the injection ---- */

static struct {
	int armed;
	unsigned long fail_at;	/* fail this call (1-based) */
	unsigned long calls;	/* allocating calls made while armed */
	unsigned long failed;	/* injected failures */
	int err;		/* the errno the API must report for it */
	int bad;		/* a check failed */
} fa;

/* Fail this call?  @err: what lfprim must then return, negated. */
static int fa_fail(int err)
{
	if (!__atomic_load_n(&fa.armed, __ATOMIC_SEQ_CST))
		return 0;
	if (__atomic_add_fetch(&fa.calls, 1, __ATOMIC_SEQ_CST) != fa.fail_at)
		return 0;
	fa.err = -err;
	__atomic_add_fetch(&fa.failed, 1, __ATOMIC_SEQ_CST);
	return 1;
}

/* How many failures so far; fa_hit(mark) says whether one came since. */
static unsigned long fa_mark(void)
{
	return __atomic_load_n(&fa.failed, __ATOMIC_SEQ_CST);
}

static int fa_hit(unsigned long mark)
{
	return fa_mark() != mark;
}

void *__wrap_malloc(size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, size);
}

void *__wrap_aligned_alloc(size_t align, size_t size)
{
	if (fa_fail(ENOMEM)) {
		errno = ENOMEM;
		return NULL;
	}
	return aligned_alloc(align, size);
}

int __wrap_posix_memalign(void **p, size_t align, size_t size)
{
	return fa_fail(ENOMEM) ? ENOMEM : posix_memalign(p, align, size);
}

/* What glibc returns when it cannot get a stack or a thread. */
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	return fa_fail(EAGAIN) ? EAGAIN : pthread_create(t, attr, fn, arg);
}

/* glibc allocates a key's second-level array on a thread's first set. */
int __wrap_pthread_setspecific(pthread_key_t key, const void *v)
{
	return v && fa_fail(ENOMEM) ? ENOMEM : pthread_setspecific(key, v);
}

/* A failed check fails the scenario, which goes on to its end. */
static void fa_check_failed(const char *file, int line, const char *what)
{
	printf("# %s:%d: fail_at=%lu: %s\n", file, line, fa.fail_at, what);
	fa.bad = 1;
}

#define FA_CHECK(cond)							\
	do {								\
		if (!(cond))						\
			fa_check_failed(__FILE__, __LINE__, #cond);	\
	} while (0)

/* Run @fn in a thread of the driver's own (not an injection point). */
static pthread_t fa_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, fn, arg)) {
		perror("pthread_create");
		exit(2);
	}
	return t;
}

static void fa_sleep_ms(unsigned int ms)
{
	usleep(ms * 1000);
}

static int item[8];

/* ---- the scenarios ---- */

struct fa_scenario {
	const char *name;
	int (*run)(void);
	int noalloc;	/* must make no allocating call at all */
};

/* A primitive's row, at the end of its failalloc/<primitive>.c. */
struct fa_prim {
	const struct fa_scenario *scenarios;
	unsigned int nscenarios;
	void (*noalloc)(void);	/* its part of the noalloc scenario, or NULL */
};

#define FA_PRIM(sc, na)							\
	{ .scenarios = (sc), .nscenarios = LFP_ARRAY_SIZE(sc), .noalloc = (na) }

#include "failalloc/all.c"

/*
 * The calls that must not allocate at all: each primitive's part, in
 * reverse table order.
 */
static int sc_noalloc(void)
{
	unsigned int i = LFP_ARRAY_SIZE(fa_prims);

	while (i--)
		if (fa_prims[i]->noalloc)
			fa_prims[i]->noalloc();
	return 0;
}

static const struct fa_scenario fa_noalloc = {
	.name = "noalloc", .run = sc_noalloc, .noalloc = 1,
};

/* ---- the runner ---- */

#define FA_MAX_N	200

static int fa_run(const struct fa_scenario *s, unsigned long *fails)
{
	unsigned long n, calls;
	int ret;

	for (n = 1; n <= FA_MAX_N; n++) {
		__atomic_store_n(&fa.calls, 0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&fa.failed, 0, __ATOMIC_SEQ_CST);
		fa.fail_at = n;
		fa.bad = 0;
		__atomic_store_n(&fa.armed, 1, __ATOMIC_SEQ_CST);
		ret = s->run();
		__atomic_store_n(&fa.armed, 0, __ATOMIC_SEQ_CST);
		calls = __atomic_load_n(&fa.calls, __ATOMIC_SEQ_CST);
		/* Frees still queued behind a grace period are not leaks. */
		lfp_snap_barrier();
		if (__lsan_do_recoverable_leak_check()) {
			/* Maybe from an earlier N, the pointer hidden till now. */
			printf("# %s: leak found after the run that failed call %lu\n",
			       s->name, n);
			return -1;
		}
		if (ret || fa.bad)
			return -1;
		if (s->noalloc && calls) {
			printf("# %s: %lu allocating calls\n", s->name, calls);
			return -1;
		}
		if (!fa.failed) {
			*fails = n - 1;
			if (!s->noalloc && !*fails) {
				printf("# %s: no allocating call was made\n",
				       s->name);
				return -1;
			}
			return 0;
		}
	}
	printf("# %s: still failing at call %d\n", s->name, FA_MAX_N);
	return -1;
}

/* TAP line @i for @s; non-zero if it failed. */
static int fa_report(unsigned int i, const struct fa_scenario *s)
{
	unsigned long fails = 0;

	if (fa_run(s, &fails)) {
		printf("not ok %u failalloc_%s\n", i, s->name);
		return 1;
	}
	printf("ok %u failalloc_%s fails=%lu\n", i, s->name, fails);
	return 0;
}

int main(void)
{
	unsigned int i, j, n = 1;
	const struct fa_prim *p;
	int bad = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Registration is not injected (see the top of this file). */
	lfp_snap_read_lock();
	lfp_snap_read_unlock();
	for (i = 0; i < LFP_ARRAY_SIZE(fa_prims); i++)
		n += fa_prims[i]->nscenarios;
	printf("TAP version 13\n1..%u\n", n);
	n = 0;
	for (i = 0; i < LFP_ARRAY_SIZE(fa_prims); i++) {
		p = fa_prims[i];
		for (j = 0; j < p->nscenarios; j++)
			bad += fa_report(++n, &p->scenarios[j]);
	}
	bad += fa_report(++n, &fa_noalloc);
	return bad ? 1 : 0;
}
