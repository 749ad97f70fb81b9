// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-failalloc: allocation-failure injection over every path of the
 * user-space library that allocates.
 *
 * The library's objects are linked into one relocatable object with
 * --wrap for each allocating call they make (malloc and friends,
 * pthread_create, pthread_setspecific, liburcu's _cds_lfht_new), so only
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
 * The scenarios live in failalloc/<primitive>.c, included below; the
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
#include <urcu/rculfhash.h>

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

struct cds_lfht *__wrap__cds_lfht_new(unsigned long init_size,
				      unsigned long min_nr_alloc_buckets,
				      unsigned long max_nr_buckets, int flags,
				      const struct cds_lfht_mm_type *mm,
				      const struct rcu_flavor_struct *flavor,
				      pthread_attr_t *attr)
{
	if (fa_fail(ENOMEM))
		return NULL;
	return _cds_lfht_new(init_size, min_nr_alloc_buckets, max_nr_buckets,
			     flags, mm, flavor, attr);
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

/* The scenarios, one file per primitive. */
#include "failalloc/dropq.c"
#include "failalloc/pcount.c"
#include "failalloc/rmap.c"
#include "failalloc/sflight.c"
#include "failalloc/group.c"
#include "failalloc/batch.c"
#include "failalloc/pubsub.c"
#include "failalloc/snap.c"
#include "failalloc/event.c"

/* ---- the calls that must not allocate at all ---- */

/* Each primitive's calls that must not allocate, in this order. */
static void (*const fa_noalloc_parts[])(void) = {
	fa_event_noalloc,
	fa_snap_noalloc,
	fa_sflight_noalloc,
	fa_group_noalloc,
	fa_pubsub_noalloc,
	fa_rmap_noalloc,
	fa_pcount_noalloc,
};

static int sc_noalloc(void)
{
	unsigned int i;

	for (i = 0; i < LFP_ARRAY_SIZE(fa_noalloc_parts); i++)
		fa_noalloc_parts[i]();
	return 0;
}

/* ---- the runner ---- */

struct fa_scenario {
	const char *name;
	int (*run)(void);
	int noalloc;	/* must make no allocating call at all */
};

static const struct fa_scenario fa_scenarios[] = {
	{ "dropq_init", sc_dropq_init, 0 },
	{ "dropq_resize", sc_dropq_resize, 0 },
	{ "pcount_init", sc_pcount_init, 0 },
	{ "pcount_slot", sc_pcount_slot, 0 },
	{ "rmap_init", sc_rmap_init, 0 },
	{ "rmap_reload", sc_rmap_reload, 0 },
	{ "sflight_do", sc_sflight_do, 0 },
	{ "sflight_join", sc_sflight_join, 0 },
	{ "group_go", sc_group_go, 0 },
	{ "batch_init", sc_batch_init, 0 },
	{ "pubsub", sc_pubsub, 0 },
	{ "snap_update", sc_snap_update, 0 },
	{ "noalloc", sc_noalloc, 1 },
};

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

int main(void)
{
	unsigned int i, n = LFP_ARRAY_SIZE(fa_scenarios);
	unsigned long fails;
	int bad = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Registration is not injected (see the top of this file). */
	lfp_snap_read_lock();
	lfp_snap_read_unlock();
	printf("TAP version 13\n1..%u\n", n);
	for (i = 0; i < n; i++) {
		fails = 0;
		if (fa_run(&fa_scenarios[i], &fails)) {
			printf("not ok %u failalloc_%s\n", i + 1,
			       fa_scenarios[i].name);
			bad++;
		} else {
			printf("ok %u failalloc_%s fails=%lu\n", i + 1,
			       fa_scenarios[i].name, fails);
		}
	}
	return bad ? 1 : 0;
}
