// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-bench: cost per operation of each lfprim primitive and of the
 * heavier primitive it replaces, in user space.
 *
 *   lfprim-bench [-s scenario[,scenario...]] [-t threads[,threads...]]
 *                [-d duration_ms] [-r runs] [-b pcount_batch] [-l]
 *
 * With no arguments every scenario runs at 1 and 2 threads.  Each
 * (scenario, threads) pair runs -r times for -d milliseconds with threads
 * pinned one per CPU; the median run is reported as one line:
 *
 *   lfprim-bench world=user scenario=snap-read threads=2 ns_per_op=1.9 ops=... runs=5
 *
 * ns_per_op is the mean over threads of (thread time / thread ops): the
 * latency one caller sees, not the aggregate throughput.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lfprim/pcount.h>
#include <lfprim/snap.h>

#define MAX_THREADS	256
#define MAX_RUNS	51

struct bench_obj {
	struct lfp_snap_node node;
	unsigned long value;
};

/* Shared state of all scenarios; set up by each scenario's init. */
struct bench_state {
	struct lfp_snap snap;
	struct lfp_pcount pc;
	pthread_rwlock_t rwlock;
	pthread_mutex_t mutex;
	unsigned long plain;
	/* alone on its cache line */
	_Alignas(64) unsigned long shared_atomic;
};

static struct bench_state B;

static void bench_obj_free(struct lfp_snap_node *node)
{
	free(container_of(node, struct bench_obj, node));
}

static unsigned long sink;
static unsigned int pcount_batch = LFP_PCOUNT_BATCH_DEFAULT;

/* ---- scenarios: one operation each ---- */

static void snap_init(void)
{
	struct bench_obj *o = calloc(1, sizeof(*o));

	o->value = 1;
	lfp_snap_init(&B.snap, &o->node, bench_obj_free);
}

static void snap_cleanup(void)
{
	lfp_snap_destroy(&B.snap);
	lfp_snap_barrier();
}

static inline unsigned long snap_read_op(void)
{
	unsigned long v;

	lfp_snap_read_lock();
	v = container_of(lfp_snap_deref(&B.snap), struct bench_obj, node)->value;
	lfp_snap_read_unlock();
	return v;
}

static int snap_add_one(const struct lfp_snap_node *old,
			struct lfp_snap_node *scratch, void *arg)
{
	(void)arg;
	container_of(scratch, struct bench_obj, node)->value =
		container_of(old, struct bench_obj, node)->value + 1;
	return 0;
}

static inline unsigned long snap_update_op(void)
{
	struct bench_obj *o = malloc(sizeof(*o));

	lfp_snap_update(&B.snap, &o->node, snap_add_one, NULL);
	return 0;
}

static void pcount_init(void)
{
	lfp_pcount_init(&B.pc, pcount_batch, 0);
}

static void pcount_percpu_init(void)
{
	lfp_pcount_init(&B.pc, pcount_batch, LFP_PCOUNT_PER_CPU);
}

static void pcount_cleanup(void)
{
	lfp_pcount_destroy(&B.pc);
}

static inline unsigned long pcount_add_op(void)
{
	lfp_pcount_inc(&B.pc);
	return 0;
}

static inline unsigned long pcount_sum_op(void)
{
	return lfp_pcount_sum(&B.pc);
}

static void locks_init(void)
{
	pthread_rwlock_init(&B.rwlock, NULL);
	pthread_mutex_init(&B.mutex, NULL);
	B.plain = 1;
}

static void locks_cleanup(void)
{
	pthread_rwlock_destroy(&B.rwlock);
	pthread_mutex_destroy(&B.mutex);
}

static inline unsigned long rwlock_read_op(void)
{
	unsigned long v;

	pthread_rwlock_rdlock(&B.rwlock);
	v = B.plain;
	pthread_rwlock_unlock(&B.rwlock);
	return v;
}

static inline unsigned long mutex_read_op(void)
{
	unsigned long v;

	pthread_mutex_lock(&B.mutex);
	v = B.plain;
	pthread_mutex_unlock(&B.mutex);
	return v;
}

static void atomic_init(void)
{
	B.shared_atomic = 0;
}

static inline unsigned long atomic_add_op(void)
{
	__atomic_fetch_add(&B.shared_atomic, 1, __ATOMIC_RELAXED);
	return 0;
}

struct scenario {
	const char *name;
	const char *replaces;
	void (*init)(void);
	void (*cleanup)(void);
	unsigned long (*loop)(int *stop, unsigned long *ops);
};

/*
 * One tight loop per scenario so the operation is inlined; the stop flag
 * is polled every 64 operations.
 */
#define BENCH_LOOP(fn)							\
static unsigned long fn##_loop(int *stop, unsigned long *ops)	\
{									\
	unsigned long n = 0, acc = 0;					\
	int i;								\
									\
	while (!__atomic_load_n(stop, __ATOMIC_RELAXED)) {		\
		for (i = 0; i < 64; i++)				\
			acc += fn();					\
		n += 64;						\
	}								\
	*ops = n;							\
	return acc;							\
}

BENCH_LOOP(snap_read_op)
BENCH_LOOP(snap_update_op)
BENCH_LOOP(pcount_add_op)
BENCH_LOOP(pcount_sum_op)
BENCH_LOOP(rwlock_read_op)
BENCH_LOOP(mutex_read_op)
BENCH_LOOP(atomic_add_op)

static const struct scenario scenarios[] = {
	{ "snap-read", "rwlock-read", snap_init, snap_cleanup, snap_read_op_loop },
	{ "snap-update", "mutex-read", snap_init, snap_cleanup, snap_update_op_loop },
	{ "pcount-add", "atomic-add", pcount_init, pcount_cleanup, pcount_add_op_loop },
	{ "pcount-add-percpu", "atomic-add", pcount_percpu_init, pcount_cleanup,
	  pcount_add_op_loop },
	{ "pcount-sum", NULL, pcount_init, pcount_cleanup, pcount_sum_op_loop },
	{ "rwlock-read", NULL, locks_init, locks_cleanup, rwlock_read_op_loop },
	{ "mutex-read", NULL, locks_init, locks_cleanup, mutex_read_op_loop },
	{ "atomic-add", NULL, atomic_init, NULL, atomic_add_op_loop },
};

#define NR_SCENARIOS ARRAY_SIZE(scenarios)

struct worker {
	pthread_t tid;
	const struct scenario *sc;
	int cpu;
	int *go;
	int *stop;
	unsigned long ops;
	unsigned long long ns;
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	unsigned long long t0;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	/* Register with RCU and warm the caches before the clock starts. */
	lfp_snap_read_lock();
	lfp_snap_read_unlock();
	while (!__atomic_load_n(w->go, __ATOMIC_ACQUIRE))
		;
	t0 = now_ns();
	sink += w->sc->loop(w->stop, &w->ops);
	w->ns = now_ns() - t0;
	return NULL;
}

/* One timed run; returns ns per op (mean over threads) and total ops. */
static double run_once(const struct scenario *sc, int threads, int ms,
		       unsigned long *total_ops)
{
	static struct worker w[MAX_THREADS];
	int go = 0, stop = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double sum = 0;
	int i;

	if (ncpu < 1)
		ncpu = 1;
	*total_ops = 0;
	for (i = 0; i < threads; i++) {
		w[i] = (struct worker){ .sc = sc, .cpu = i % ncpu, .go = &go,
					.stop = &stop };
		pthread_create(&w[i].tid, NULL, worker_fn, &w[i]);
	}
	usleep(10000);
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	usleep(ms * 1000);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < threads; i++) {
		pthread_join(w[i].tid, NULL);
		*total_ops += w[i].ops;
		sum += w[i].ops ? (double)w[i].ns / w[i].ops : 0;
	}
	return sum / threads;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void run_scenario(const struct scenario *sc, int threads, int ms,
			 int runs)
{
	double ns[MAX_RUNS];
	unsigned long ops[MAX_RUNS], total;
	int i, j;

	for (i = 0; i < runs; i++) {
		if (sc->init)
			sc->init();
		ns[i] = run_once(sc, threads, ms, &total);
		ops[i] = total;
		if (sc->cleanup)
			sc->cleanup();
	}
	/* Report the ops of the median run alongside its ns/op. */
	{
		double sorted[MAX_RUNS];

		memcpy(sorted, ns, sizeof(double) * runs);
		qsort(sorted, runs, sizeof(double), cmp_double);
		for (j = 0; j < runs && ns[j] != sorted[runs / 2]; j++)
			;
		printf("lfprim-bench world=user scenario=%s threads=%d ns_per_op=%.2f ops=%lu runs=%d\n",
		       sc->name, threads, sorted[runs / 2], ops[j], runs);
		fflush(stdout);
	}
}

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "%s [-s scenario,...] [-t threads,...] [-d duration_ms] [-r runs] [-b pcount_batch] [-l]\nscenarios:",
		"usage: lfprim-bench");
	for (i = 0; i < NR_SCENARIOS; i++)
		fprintf(f, " %s", scenarios[i].name);
	fprintf(f, "\n");
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	int threads[16] = { 1, 2 }, nthreads = 2;
	int ms = 200, runs = 5, opt, i;
	const char *only = NULL;
	char *list, *tok, *save;
	size_t s;

	while ((opt = getopt(argc, argv, "s:t:d:r:b:lh")) != -1) {
		switch (opt) {
		case 's':
			only = optarg;
			break;
		case 't':
			nthreads = 0;
			list = strdup(optarg);
			for (tok = strtok_r(list, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				if (nthreads == 16 ||
				    parse_int(tok, 1, MAX_THREADS, &threads[nthreads])) {
					fprintf(stderr, "lfprim-bench: bad thread count '%s'\n", tok);
					return 2;
				}
				nthreads++;
			}
			free(list);
			break;
		case 'd':
			if (parse_int(optarg, 1, 600000, &ms)) {
				fprintf(stderr, "lfprim-bench: bad duration '%s'\n", optarg);
				return 2;
			}
			break;
		case 'r':
			if (parse_int(optarg, 1, MAX_RUNS, &runs)) {
				fprintf(stderr, "lfprim-bench: bad runs '%s'\n", optarg);
				return 2;
			}
			break;
		case 'b':
			if (parse_int(optarg, 1, LFP_PCOUNT_BATCH_MAX, &opt)) {
				fprintf(stderr, "lfprim-bench: bad batch '%s'\n", optarg);
				return 2;
			}
			pcount_batch = opt;
			break;
		case 'l':
			for (s = 0; s < NR_SCENARIOS; s++)
				printf("%s%s%s\n", scenarios[s].name,
				       scenarios[s].replaces ? " replaces=" : "",
				       scenarios[s].replaces ? scenarios[s].replaces : "");
			return 0;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (only) {
		list = strdup(only);
		for (tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			for (s = 0; s < NR_SCENARIOS; s++)
				if (!strcmp(tok, scenarios[s].name))
					break;
			if (s == NR_SCENARIOS) {
				fprintf(stderr, "lfprim-bench: unknown scenario '%s'\n", tok);
				print_usage(stderr);
				return 2;
			}
		}
		free(list);
	}
	for (s = 0; s < NR_SCENARIOS; s++) {
		if (only) {
			int found = 0;

			list = strdup(only);
			for (tok = strtok_r(list, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save))
				found |= !strcmp(tok, scenarios[s].name);
			free(list);
			if (!found)
				continue;
		}
		for (i = 0; i < nthreads; i++)
			run_scenario(&scenarios[s], threads[i], ms, runs);
	}
	return 0;
}
