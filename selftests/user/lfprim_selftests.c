// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * User-space runner of the shared cases, on kselftest_harness.h: one test
 * per case, each in its own child process, TAP on stdout.  The tests are
 * registered by walking the registry (lfpt_prims[] in all.c), the table
 * the kernel test module walks too, so a case cannot be added to one
 * world and forgotten in the other.  Each looks its case up by name.
 */
#include "shim.h"

#include <dirent.h>

#include "../cases/all.c"

#include "kselftest_harness.h"

static const struct lfpt_case *lfpt_find(const char *name)
{
	size_t i, j;

	for (j = 0; j < LFP_ARRAY_SIZE(lfpt_prims); j++)
		for (i = 0; i < lfpt_prims[j]->ncases; i++)
			if (!strcmp(lfpt_prims[j]->cases[i].name, name))
				return &lfpt_prims[j]->cases[i];
	return NULL;
}

static void lfpt_run(struct __test_metadata *_metadata)
{
	const struct lfpt_case *c = lfpt_find(_metadata->name);
	struct lfpt t = { .name = _metadata->name };

	ASSERT_NE(NULL, c);
	c->fn(&t);
	ASSERT_EQ(0, lfpt_atomic_read(&t.failures));
}

/* What TEST() wraps its body in. */
static void lfpt_case_test(struct __test_metadata *_metadata,
			   struct __fixture_variant_metadata *variant)
{
	_metadata->setup_completed = true;
	if (setjmp(_metadata->env) == 0)
		lfpt_run(_metadata);
	__test_check_assert(_metadata);
}

/*
 * One test per shared case, named after it, with TEST()'s defaults,
 * registered in the order of the registry where the TEST()s below would
 * be.  The harness runs constructors of one priority in either order
 * (__constructor_order_forward says which) and adds each test at the tail
 * or at the head to keep source order: walk the cases the same way.
 */
static void __attribute__((constructor(KSELFTEST_PRIO_TEST))) lfpt_register_cases(void)
{
	size_t n = lfpt_nr_cases(), k = 0, i, j, at;
	struct __test_metadata *tests = calloc(n, sizeof(*tests));

	if (!tests) {
		perror("lfprim-selftests: calloc");
		exit(KSFT_FAIL);
	}
	for (j = 0; j < LFP_ARRAY_SIZE(lfpt_prims); j++) {
		for (i = 0; i < lfpt_prims[j]->ncases; i++, k++) {
			at = __constructor_order_forward ? k : n - 1 - k;
			tests[at].name = lfpt_prims[j]->cases[i].name;
			tests[at].fn = lfpt_case_test;
			tests[at].fixture = &_fixture_global;
			tests[at].termsig = -1;
			tests[at].timeout = TEST_TIMEOUT_DEFAULT;
		}
	}
	for (at = 0; at < n; at++)
		__register_test(&tests[at]);
}

/*
 * User space only: a thread the program registered with urcu-memb itself
 * is borrowed, not registered twice (liburcu would abort) nor unregistered
 * behind the program's back.
 */
struct self_reg {
	struct lfp_snap snap;
	int reads_ok;
};

static void self_reg_free(struct lfp_snap_node *node)
{
	free(node);
}

static void *self_reg_fn(void *arg)
{
	struct self_reg *sr = arg;
	struct lfp_snap_node *n;
	int i;

	urcu_memb_register_thread();
	for (i = 0; i < 1000; i++) {
		lfp_snap_read_lock();
		n = lfp_snap_deref(&sr->snap);
		sr->reads_ok += n != NULL;
		lfp_snap_read_unlock();
		if (!(i % 100))
			lfp_snap_publish(&sr->snap, calloc(1, sizeof(*n)));
	}
	/* The program unregisters its own thread: lfprim must not have. */
	urcu_memb_unregister_thread();
	return NULL;
}

/*
 * User space only: a group from LFP_GROUP_INIT (the kernel has none), used
 * with no init call, as Go's errgroup.Group{} is: the limit holds, wait
 * returns the first error, which cancels the group for good.
 */
static DEFINE_LFP_GROUP(static_group, 2);
static struct lfpt_atomic static_group_ran;

static int static_group_task(void *arg, struct lfp_event *cancel)
{
	lfpt_atomic_inc(&static_group_ran);
	lfpt_msleep(5);
	return (long)arg;
}

TEST(user_group_static_init)
{
	struct lfp_group_stats st;
	int i;

	lfp_group_get_stats(&static_group, &st);
	EXPECT_EQ(2, st.limit);
	EXPECT_EQ(0, st.started);
	for (i = 0; i < 5; i++)
		EXPECT_EQ(0, lfp_group_go(&static_group, static_group_task, NULL,
					  LFP_WAIT_FOREVER, NULL));
	EXPECT_EQ(0, lfp_group_wait(&static_group));
	EXPECT_EQ(5, lfpt_atomic_read(&static_group_ran));
	lfp_group_get_stats(&static_group, &st);
	EXPECT_EQ(5, st.started);
	EXPECT_EQ(5, st.finished);
	EXPECT_GE(2, st.max_running);
	EXPECT_EQ(0, lfp_group_try_go(&static_group, static_group_task,
				      (void *)(long)-EIO));
	EXPECT_EQ(-EIO, lfp_group_wait(&static_group));
	EXPECT_NE(0, lfp_event_is_fired(lfp_group_cancel_event(&static_group)));
	EXPECT_EQ(-ECANCELED, lfp_group_go(&static_group, static_group_task,
					   NULL, 0, NULL));
}

TEST(user_self_registered_thread)
{
	struct self_reg sr = { .reads_ok = 0 };
	pthread_t tid;

	ASSERT_EQ(0, lfp_snap_init(&sr.snap, calloc(1, sizeof(struct lfp_snap_node)),
				   self_reg_free));
	ASSERT_EQ(0, pthread_create(&tid, NULL, self_reg_fn, &sr));
	ASSERT_EQ(0, pthread_join(tid, NULL));
	EXPECT_EQ(1000, sr.reads_ok);
	lfp_snap_destroy(&sr.snap);
	lfp_snap_barrier();
}

/*
 * User space only: a snap free function, run by liburcu's call_rcu
 * worker, that destroys an rmap, waits in lfp_snap_barrier() or swaps or
 * destroys an rmap ref would wait for the worker itself.  lfprim refuses
 * those calls there (the map and the ref stay as they were) instead of
 * hanging the worker and every later free.
 */
struct in_free {
	struct lfp_snap snap;
	struct lfp_rmap map;
	struct lfp_rmap map2;
	struct lfp_rmap_ref ref;
	int publish_ret;
	unsigned long size_after;
	int done;
};

static struct in_free *in_free_cur;

static void in_free_node_free(struct lfp_rmap_node *node)
{
	free(node);
}

static void in_free_snap_free(struct lfp_snap_node *node)
{
	struct in_free *f = in_free_cur;

	free(node);
	lfp_rmap_destroy(&f->map);
	lfp_snap_barrier();
	f->publish_ret = lfp_rmap_ref_publish(&f->ref, NULL, NULL);
	lfp_rmap_ref_destroy(&f->ref);
	f->size_after = lfp_rmap_size(&f->map);
	__atomic_store_n(&f->done, 1, __ATOMIC_RELEASE);
}

TEST(user_free_fn_waits_refused)
{
	struct in_free *f = calloc(1, sizeof(*f));
	struct lfp_rmap_node *n;
	int i, waited;

	ASSERT_NE(NULL, f);
	in_free_cur = f;
	ASSERT_EQ(0, lfp_snap_init(&f->snap, calloc(1, sizeof(struct lfp_snap_node)),
				   in_free_snap_free));
	ASSERT_EQ(0, lfp_rmap_init(&f->map, in_free_node_free));
	ASSERT_EQ(0, lfp_rmap_init(&f->map2, in_free_node_free));
	ASSERT_EQ(0, lfp_rmap_ref_init(&f->ref));
	ASSERT_EQ(0, lfp_rmap_ref_publish(&f->ref, &f->map2, NULL));
	for (i = 1; i <= 3; i++) {
		n = calloc(1, sizeof(*n));
		ASSERT_NE(NULL, n);
		n->key = i;
		ASSERT_EQ(0, lfp_rmap_insert(&f->map, n));
	}
	/* The replaced object goes to the free function in the worker. */
	ASSERT_EQ(0, lfp_snap_publish(&f->snap, NULL));
	for (waited = 0; waited < 10000; waited++) {
		if (__atomic_load_n(&f->done, __ATOMIC_ACQUIRE))
			break;
		usleep(1000);
	}
	ASSERT_EQ(1, __atomic_load_n(&f->done, __ATOMIC_ACQUIRE));
	EXPECT_EQ(-EDEADLK, f->publish_ret);
	/* Nothing was released: the map and the ref still work. */
	EXPECT_EQ(3, f->size_after);
	EXPECT_EQ(3, lfp_rmap_size(&f->map));
	lfp_rmap_read_lock();
	EXPECT_NE(NULL, lfp_rmap_lookup(&f->map, 2));
	EXPECT_EQ(&f->map2, lfp_rmap_ref_deref(&f->ref));
	lfp_rmap_read_unlock();
	/* Outside a free function the same calls work. */
	lfp_rmap_destroy(&f->map);
	EXPECT_EQ(0, lfp_rmap_size(&f->map));
	lfp_rmap_ref_destroy(&f->ref);
	lfp_snap_destroy(&f->snap);
	lfp_snap_barrier();
	free(f);
}

/*
 * User space only: fork().  The parent has used deferred frees (so
 * liburcu's call_rcu worker and the rmap table's resize worker exist) and
 * has one more free pending when it forks.  The child must complete
 * deferred frees and barriers on the objects it inherited and on new
 * snaps and rmaps, and exit 0 before its watchdog fires; the parent goes
 * on as before.
 */
static unsigned long fork_frees;

static void fork_snap_free(struct lfp_snap_node *node)
{
	__atomic_fetch_add(&fork_frees, 1, __ATOMIC_RELAXED);
	free(node);
}

static void fork_node_free(struct lfp_rmap_node *node)
{
	__atomic_fetch_add(&fork_frees, 1, __ATOMIC_RELAXED);
	free(node);
}

static struct lfp_snap_node *fork_snap_node(void)
{
	return calloc(1, sizeof(struct lfp_snap_node));
}

static int fork_rmap_churn(struct lfp_rmap *m, unsigned long long base,
			   unsigned int n)
{
	struct lfp_rmap_node *node;
	unsigned int i;

	for (i = 0; i < n; i++) {
		node = calloc(1, sizeof(*node));
		if (!node)
			return 1;
		node->key = base + i;
		if (lfp_rmap_insert(m, node))
			return 2;
	}
	for (i = 0; i < n; i++)
		if (lfp_rmap_delete(m, base + i))
			return 3;
	return 0;
}

/* The child's part: 0 on success, else the failed step. */
static int fork_child(struct lfp_snap *snap, struct lfp_rmap *map)
{
	struct lfp_snap snap2;
	struct lfp_rmap map2;
	unsigned long before;
	int ret;

	/* The free pending at fork ran (or runs) in the child too. */
	lfp_snap_barrier();
	before = __atomic_load_n(&fork_frees, __ATOMIC_RELAXED);
	if (before != 1011)
		return 9;
	if (lfp_snap_publish(snap, fork_snap_node()))
		return 10;
	lfp_snap_barrier();
	if (__atomic_load_n(&fork_frees, __ATOMIC_RELAXED) != before + 1)
		return 11;
	ret = fork_rmap_churn(map, 1000, 100);
	if (ret)
		return 20 + ret;
	lfp_snap_barrier();
	if (__atomic_load_n(&fork_frees, __ATOMIC_RELAXED) != before + 101)
		return 24;
	/* New objects, a table that grows and shrinks. */
	if (lfp_snap_init(&snap2, fork_snap_node(), fork_snap_free))
		return 30;
	if (lfp_snap_publish_sync(&snap2, fork_snap_node()))
		return 31;
	if (lfp_rmap_init(&map2, fork_node_free))
		return 32;
	ret = fork_rmap_churn(&map2, 0, 5000);
	if (ret)
		return 40 + ret;
	lfp_rmap_destroy(&map2);
	lfp_snap_destroy(&snap2);
	lfp_rmap_destroy(map);
	lfp_snap_destroy(snap);
	lfp_snap_barrier();
	if (__atomic_load_n(&fork_frees, __ATOMIC_RELAXED) != before + 5104)
		return 50;
	return 0;
}

/* A resize inside a read-side section would wait for itself: refused. */
TEST(user_dropq_resize_in_read_section)
{
	struct lfp_dropq q;
	void *item;

	ASSERT_EQ(0, lfp_dropq_init(&q, 2));
	ASSERT_EQ(0, lfp_dropq_push(&q, &q));
	lfp_snap_read_lock();
	EXPECT_EQ(-EDEADLK, lfp_dropq_resize(&q, 8));
	lfp_snap_read_unlock();
	EXPECT_EQ(0, lfp_dropq_push(&q, &q));
	EXPECT_EQ(-ENOSPC, lfp_dropq_push(&q, &q));
	EXPECT_EQ(0, lfp_dropq_resize(&q, 8));
	EXPECT_EQ(0, lfp_dropq_push(&q, &q));
	EXPECT_EQ(0, lfp_dropq_try_pop(&q, &item));
	EXPECT_EQ(&q, item);
	lfp_dropq_destroy(&q, NULL);
}

TEST(user_fork_child)
{
	struct lfp_snap snap;
	struct lfp_rmap map;
	int status = -1, i;
	pid_t pid, w = 0;

#if defined(__SANITIZE_THREAD__)
	/* liburcu's fork handler starts a thread in the child. */
	SKIP(return, "ThreadSanitizer cannot start threads in a multi-threaded fork's child");
#endif
	ASSERT_EQ(0, lfp_snap_init(&snap, fork_snap_node(), fork_snap_free));
	ASSERT_EQ(0, lfp_rmap_init(&map, fork_node_free));
	for (i = 0; i < 10; i++)
		ASSERT_EQ(0, lfp_snap_publish(&snap, fork_snap_node()));
	ASSERT_EQ(0, fork_rmap_churn(&map, 0, 1000));
	lfp_snap_barrier();
	ASSERT_EQ(1010, __atomic_load_n(&fork_frees, __ATOMIC_RELAXED));
	/* One more free pending across the fork. */
	ASSERT_EQ(0, lfp_snap_publish(&snap, fork_snap_node()));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		/* A hang is killed by the watchdog: the parent sees SIGALRM. */
		alarm(20);
		_exit(fork_child(&snap, &map));
	}
	for (i = 0; i < 3000 && !w; i++) {
		w = waitpid(pid, &status, WNOHANG);
		if (!w)
			usleep(10000);
	}
	if (!w) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	EXPECT_EQ(pid, w);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
	/* The parent's workers run on. */
	ASSERT_EQ(0, lfp_snap_publish(&snap, fork_snap_node()));
	lfp_snap_barrier();
	EXPECT_EQ(1012, __atomic_load_n(&fork_frees, __ATOMIC_RELAXED));
	lfp_rmap_destroy(&map);
	lfp_snap_destroy(&snap);
	lfp_snap_barrier();
}

/*
 * The user-space group reuses its workers: never more threads than the
 * limit, idle workers exit after their idle time and at wait().
 */
#define POOL_TASKS	2000
#define POOL_LIMIT	4

static pid_t pool_tids[POOL_TASKS];
static unsigned int pool_next;

static int pool_task(void *arg, struct lfp_event *cancel)
{
	pool_tids[__atomic_fetch_add(&pool_next, 1, __ATOMIC_RELAXED)] =
		gettid();
	return 0;
}

static int pool_threads(void)
{
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n;
}

TEST(user_group_pool)
{
	struct lfp_group g;
	struct lfp_group_stats st;
	int base, distinct = 0, i, j, n;

	/*
	 * A first task and wait(), so that threads the runtime starts with
	 * the first thread (ThreadSanitizer's) are in the base count.
	 */
	ASSERT_EQ(0, lfp_group_init(&g, POOL_LIMIT));
	ASSERT_EQ(0, lfp_group_go(&g, pool_task, NULL, LFP_WAIT_FOREVER, NULL));
	ASSERT_EQ(0, lfp_group_wait(&g));
	pool_next = 0;
	usleep(20000);
	base = pool_threads();
	ASSERT_LT(0, base);
	for (i = 0; i < POOL_TASKS; i++)
		ASSERT_EQ(0, lfp_group_go(&g, pool_task, NULL,
					  LFP_WAIT_FOREVER, NULL));
	/* Idle workers exit on their own after their idle time. */
	for (i = 0; i < 500 && pool_threads() != base; i++)
		usleep(10000);
	EXPECT_EQ(base, pool_threads());
	EXPECT_EQ(0, lfp_group_wait(&g));
	lfp_group_get_stats(&g, &st);
	EXPECT_EQ(POOL_TASKS + 1, st.finished);
	ASSERT_EQ(POOL_TASKS, pool_next);
	for (i = 0; i < POOL_TASKS; i++) {
		for (j = 0; j < i && pool_tids[j] != pool_tids[i]; j++)
			;
		distinct += j == i;
	}
	EXPECT_LE(distinct, POOL_LIMIT);
	/* wait() retires the idle workers at once. */
	pool_next = 0;
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, lfp_group_go(&g, pool_task, NULL,
					  LFP_WAIT_FOREVER, NULL));
	EXPECT_EQ(0, lfp_group_wait(&g));
	/* Joined; gone from /proc a moment later, well within the idle time. */
	for (i = 0; i < 50 && (n = pool_threads()) != base; i++)
		usleep(1000);
	EXPECT_EQ(base, n);
	lfp_group_destroy(&g);
}

#include "misuse.c"
#include "pcount_rseq.c"
#include "rmap_resize.c"

TEST_HARNESS_MAIN
