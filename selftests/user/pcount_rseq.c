// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcount's CPU shards on restartable sequences (user space only): exact
 * sums while threads migrate between CPUs, while many more threads than
 * CPUs preempt each other, with a delay injected inside every sequence,
 * and on the atomic path a process without rseq registration takes
 * (GLIBC_TUNABLES=glibc.pthread.rseq=0, in a child).
 * Included by lfprim_selftests.c.
 */
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <lfprim/pcount.h>

/* Whether this process's CPU-shard counters use restartable sequences. */
static int pcount_rseq_expected(void)
{
	return LFP_PCOUNT_RSEQ && __rseq_size > 0;
}

#define PCOUNT_RSEQ_MAX	64

struct pcount_rseq_adder {
	struct pcount_rseq_ctx *c;
	unsigned int seed;
	long long added;
	struct lfpt_atomic tid;
	int err;
};

/*
 * @flip: the adders flip their own affinity between CPUs 0 and 1 every
 * 64 adds, and the competing thread flips theirs all the time, so they
 * also move at arbitrary points of their adds; the adders stop after
 * @flips of those, @iters adds or 10 s.
 */
struct pcount_rseq_ctx {
	struct lfp_pcount pc;
	struct lfpt_atomic stop;
	unsigned long iters;
	unsigned int nr;
	int flip;
	unsigned long flips;
	unsigned long long deadline_ns;
	int flip_err;
	struct pcount_rseq_adder a[PCOUNT_RSEQ_MAX];
};

static void *pcount_rseq_add_fn(void *arg)
{
	struct pcount_rseq_adder *a = arg;
	struct pcount_rseq_ctx *c = a->c;
	cpu_set_t set;
	unsigned long i;
	long long v;

	lfpt_atomic_set(&a->tid, syscall(SYS_gettid));
	for (i = 0; i < c->iters && !(c->flip && lfpt_atomic_read(&c->stop)); i++) {
		if (c->flip && !(i % 64)) {
			CPU_ZERO(&set);
			CPU_SET((i / 64) & 1, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				a->err = errno;
		}
		/* -3..+5: folds in both directions. */
		v = (long long)(lfpt_rand(&a->seed) % 9) - 3;
		lfp_pcount_add(&c->pc, v);
		a->added += v;
	}
	return NULL;
}

static void *pcount_rseq_compete_fn(void *arg)
{
	struct pcount_rseq_ctx *c = arg;
	unsigned long k = 0, done = 0;
	cpu_set_t set;
	long tid;

	while (!lfpt_atomic_read(&c->stop)) {
		if (!c->flip) {
			sched_yield();
			continue;
		}
		/* Under emulation, flips and adds are slow: bounded in time too. */
		if (done == c->flips || lfpt_now_ns() > c->deadline_ns) {
			lfpt_atomic_set(&c->stop, 1);
			break;
		}
		tid = lfpt_atomic_read(&c->a[k++ % c->nr].tid);
		if (!tid) {		/* not started yet */
			sched_yield();
			continue;
		}
		CPU_ZERO(&set);
		CPU_SET((k / c->nr) & 1, &set);
		/* ESRCH: that adder is done. */
		if (sched_setaffinity(tid, sizeof(set), &set) && errno != ESRCH)
			c->flip_err = errno;
		done++;
	}
	return NULL;
}

/*
 * @nr adders on one counter with batch @batch, plus a competing thread,
 * so adders are preempted, migrated and restarted all along; the sum must
 * be exact, every shard inside the batch and the read inside the bound.
 */
static int pcount_rseq_run(unsigned int nr, unsigned int batch,
			   unsigned long flips, unsigned long iters,
			   long long *sum, long long *want)
{
	struct pcount_rseq_ctx *c = calloc(1, sizeof(*c));
	pthread_t th[PCOUNT_RSEQ_MAX], ct;
	unsigned int i;
	int err = 0;

	if (!c || nr > PCOUNT_RSEQ_MAX)
		return -1;
	c->iters = iters;
	c->flip = !!flips;
	c->flips = flips;
	c->deadline_ns = lfpt_now_ns() + 10000000000ULL;
	c->nr = nr;
	if (lfp_pcount_init(&c->pc, batch, LFP_PCOUNT_PER_CPU))
		return -1;
	if (pthread_create(&ct, NULL, pcount_rseq_compete_fn, c))
		return -1;
	for (i = 0; i < nr; i++) {
		c->a[i].c = c;
		c->a[i].seed = 77 + i;
		if (pthread_create(&th[i], NULL, pcount_rseq_add_fn, &c->a[i]))
			return -1;
	}
	*want = 0;
	for (i = 0; i < nr; i++) {
		pthread_join(th[i], NULL);
		*want += c->a[i].added;
		if (c->a[i].err)
			err = c->a[i].err;
	}
	lfpt_atomic_set(&c->stop, 1);
	pthread_join(ct, NULL);
	if (c->flip_err)
		err = c->flip_err;
	*sum = lfp_pcount_sum(&c->pc);
	if (llabs(lfp_pcount_read(&c->pc) - *sum) >
	    (long long)lfp_pcount_error_bound(&c->pc))
		err = -2;
	/* Sequences never leave a shard at or over the batch. */
	for (i = 0; c->pc.rseq_nr && i < c->pc.nr_shards; i++)
		if (llabs(c->pc.shards[i].delta) >= batch)
			err = -3;
	lfp_pcount_destroy(&c->pc);
	free(c);
	return err;
}

/* The path under test is the one this build and this process should take. */
TEST(user_pcount_rseq_mode)
{
	struct lfp_pcount pc;

	ASSERT_EQ(0, lfp_pcount_init(&pc, 16, LFP_PCOUNT_PER_CPU));
	EXPECT_EQ(pcount_rseq_expected() ? pc.nr_shards : 0, pc.rseq_nr);
	lfp_pcount_destroy(&pc);
	/* The default: CPU shards if they are sequences, else thread slots. */
	ASSERT_EQ(0, lfp_pcount_init(&pc, 16, 0));
	EXPECT_EQ(pcount_rseq_expected(), pc.shards != NULL);
	EXPECT_EQ(pcount_rseq_expected() ? pc.nr_shards : 0, pc.rseq_nr);
	lfp_pcount_destroy(&pc);
	ASSERT_EQ(0, lfp_pcount_init(&pc, 16, LFP_PCOUNT_PER_THREAD));
	EXPECT_EQ(NULL, pc.shards);
	lfp_pcount_destroy(&pc);
}

TEST(user_pcount_rseq_many_threads)
{
	long long sum, want;
	unsigned int nr = 8 * lfpt_nr_cpus();

	if (nr > 64)
		nr = 64;
	ASSERT_EQ(0, pcount_rseq_run(nr, 7, 0, lfpt_scale(2000000), &sum, &want));
	EXPECT_EQ(want, sum);
}

/* Three adders flipped between CPUs 0 and 1, sharing both shards. */
TEST(user_pcount_rseq_migrate)
{
	long long sum, want;
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) || !CPU_ISSET(0, &set) ||
	    !CPU_ISSET(1, &set))
		SKIP(return, "needs CPUs 0 and 1");
	ASSERT_EQ(0, pcount_rseq_run(3, 5, lfpt_scale(100000), lfpt_scale(2000000), &sum, &want));
	EXPECT_EQ(want, sum);
}

/* Many more threads than CPUs and a yielding competitor, few folds. */
TEST(user_pcount_rseq_preempt)
{
	long long sum, want;

	ASSERT_EQ(0, pcount_rseq_run(48, 256, 0, lfpt_scale(1000000), &sum, &want));
	EXPECT_EQ(want, sum);
}

/*
 * The rseq selftests' method: every sequence spins between loading its
 * shard and its commit (lfp_pcount_rseq_spin, test builds), so that most
 * preemptions and the competitor's forced migrations land inside one.
 * Without the kernel's restarts two adders on one CPU would both commit
 * what they loaded and lose adds; the sum must stay exact, and the abort
 * handler must have run (the delay did put the race in place).
 */
TEST(user_pcount_rseq_inject)
{
#if LFP_PCOUNT_RSEQ
	unsigned long before = __atomic_load_n(&lfp_pcount_rseq_aborts,
					       __ATOMIC_RELAXED);
	unsigned long flips = 0;
	long long sum, want;
	cpu_set_t set;
	int ret;

	if (!pcount_rseq_expected())
		SKIP(return, "glibc has not registered rseq");
	if (!sched_getaffinity(0, sizeof(set), &set) && CPU_ISSET(0, &set) &&
	    CPU_ISSET(1, &set))
		flips = lfpt_scale(20000);
	lfp_pcount_rseq_spin = 2000;
	ret = pcount_rseq_run(4, 64, flips, lfpt_scale(50000), &sum, &want);
	lfp_pcount_rseq_spin = 0;
	ASSERT_EQ(0, ret);
	EXPECT_EQ(want, sum);
	TH_LOG("%lu sequences restarted",
	       __atomic_load_n(&lfp_pcount_rseq_aborts, __ATOMIC_RELAXED) - before);
	EXPECT_LT(before, __atomic_load_n(&lfp_pcount_rseq_aborts,
					  __ATOMIC_RELAXED));
#else
	SKIP(return, "no restartable sequences in this build");
#endif
}

/*
 * The atomic path of a process without rseq: re-run this test in a child
 * started with glibc's registration turned off, which checks that its
 * counters do not use sequences and that sums stay exact.
 */
TEST(user_pcount_rseq_off)
{
	static const char env[] = "LFPRIM_PCOUNT_RSEQ_CHILD";
	struct lfp_pcount pc;
	char self[4096];
	long long sum, want;
	int status = -1;
	ssize_t n;
	pid_t pid;

	if (getenv(env)) {
		ASSERT_EQ(0, __rseq_size);
		ASSERT_EQ(0, pcount_rseq_expected());
		/* The default falls back to thread slots. */
		ASSERT_EQ(0, lfp_pcount_init(&pc, 16, 0));
		EXPECT_EQ(NULL, pc.shards);
		lfp_pcount_destroy(&pc);
		ASSERT_EQ(0, pcount_rseq_run(16, 7, 0, lfpt_scale(50000),
					     &sum, &want));
		EXPECT_EQ(want, sum);
		return;
	}
	/* readlink(), not exec of the link: valgrind stands in for the link. */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	ASSERT_LT(0, n);
	self[n] = 0;
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		static char *const argv[] = { "lfprim-selftests", "-t",
					      "user_pcount_rseq_off", NULL };

		setenv("GLIBC_TUNABLES", "glibc.pthread.rseq=0", 1);
		setenv(env, "1", 1);
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execv(self, argv);
		_exit(127);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}
