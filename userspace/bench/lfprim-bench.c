// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-bench: cost per operation of each lfprim primitive and of the
 * heavier primitive it replaces, in user space.  The scenarios and the
 * measured loop are the ones the in-kernel runner uses
 * (include/lfprim/core/bench_impl.h); this file adds the baselines only
 * user space has and runs the scenarios on pthreads.
 *
 *   lfprim-bench [-s scenario,...|all] [-t threads,...] [-p read_pct,...]
 *                [-d duration_ms] [-r runs] [-b pcount_batch] [-l]
 *
 * Defaults: every scenario, 1 and 2 threads, read_pct 100, 200 ms, 5 runs.
 * Each point is one untimed warm-up run and -r timed runs of -d ms with
 * the threads pinned one per CPU; the median run is printed as
 *
 *   lfprim-bench world=user scenario=snap-read threads=2 read_pct=100 ns_per_op=1.90 ops=... runs=5
 *
 * A scenario with a single section runs once per thread count at its
 * fixed read_pct whatever -p says.  -l lists the scenarios, one per line:
 * name, family, the baseline it replaces, and its read_pct ("mixed" when
 * it takes one).  Exit status 2 on bad arguments, 1 if a scenario failed.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lfprim/backend/bench.h>
#include <lfprim/core/bench_impl.h>

/* ---- user-only baselines ---- */

/*
 * A sharded rwlock: one rwlock per thread, each on its own cache lines.
 * A reader takes its own shard; a writer takes every shard in order.
 */
struct bench_rw_shard {
	_Alignas(LFP_CACHELINE) pthread_rwlock_t rw;
	unsigned long value;
};

struct bench_sharded {
	unsigned int n;
	struct bench_rw_shard shard[];
};

static int sharded_init(void **ctx, unsigned int nthreads)
{
	struct bench_sharded *s;
	unsigned int i;

	if (posix_memalign((void **)&s, LFP_CACHELINE,
			   sizeof(*s) + nthreads * sizeof(s->shard[0])))
		return -ENOMEM;
	s->n = nthreads;
	for (i = 0; i < nthreads; i++) {
		pthread_rwlock_init(&s->shard[i].rw, NULL);
		s->shard[i].value = 1;
	}
	*ctx = s;
	return 0;
}

static void sharded_cleanup(void *ctx)
{
	struct bench_sharded *s = ctx;
	unsigned int i;

	for (i = 0; i < s->n; i++)
		pthread_rwlock_destroy(&s->shard[i].rw);
	free(s);
}

static void sharded_read(void *ctx, struct lfp_bench_thread *t,
			 unsigned long loops)
{
	struct bench_rw_shard *sh = &((struct bench_sharded *)ctx)->shard[t->id];
	unsigned long acc = 0;

	while (loops--) {
		pthread_rwlock_rdlock(&sh->rw);
		acc += sh->value;
		pthread_rwlock_unlock(&sh->rw);
	}
	t->acc += acc;
}

static void sharded_update(void *ctx, struct lfp_bench_thread *t,
			   unsigned long loops)
{
	struct bench_sharded *s = ctx;
	unsigned int i;

	while (loops--) {
		for (i = 0; i < s->n; i++)
			pthread_rwlock_wrlock(&s->shard[i].rw);
		for (i = 0; i < s->n; i++)
			s->shard[i].value++;
		for (i = s->n; i-- > 0;)
			pthread_rwlock_unlock(&s->shard[i].rw);
	}
}

static int pcount_percpu_init(void **ctx, unsigned int nthreads)
{
	return lfp_bench_pcount_init_flags(ctx, LFP_PCOUNT_PER_CPU);
}

static const struct lfp_bench_scenario scenarios[] = {
#include <lfprim/core/bench_list.h>
	{ "pcount-add-percpu", "count", "atomic-add", pcount_percpu_init,
	  NULL, lfp_bench_pcount_add, lfp_bench_pcount_cleanup },
	{ "sharded-rwlock-read", "read", NULL, sharded_init,
	  sharded_read, sharded_update, sharded_cleanup },
};

#define NR_SCENARIOS ((unsigned int)ARRAY_SIZE(scenarios))
#define MAX_LIST 16

/* ---- the pthread runner ---- */

/* One cache line (or more) each: the workers' state is not shared. */
struct worker {
	_Alignas(LFP_CACHELINE) pthread_t tid;
	const struct lfp_bench_scenario *sc;
	void *ctx;
	struct lfp_bench_thread t;
	unsigned int read_pct;
	int cpu;
	int *go;
	int *stop;
	unsigned long ops;
	unsigned long long ns;
};

static unsigned long sink;

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
	/* Register with RCU before the clock starts. */
	lfp_snap_read_lock();
	lfp_snap_read_unlock();
	while (!__atomic_load_n(w->go, __ATOMIC_ACQUIRE))
		sched_yield();
	t0 = now_ns();
	w->ops = lfp_bench_loop(w->sc, w->ctx, &w->t, w->read_pct, w->stop);
	w->ns = now_ns() - t0;
	__atomic_fetch_add(&sink, w->t.acc, __ATOMIC_RELAXED);
	return NULL;
}

/*
 * One run: mean over threads of ps/op into *@ps, all threads' ops into
 * *@ops.  Returns 0 or a negative errno.
 */
static int run_once(const struct lfp_bench_scenario *sc, unsigned int threads,
		    unsigned int read_pct, unsigned int ms,
		    unsigned long long *ps, unsigned long long *ops)
{
	static struct worker w[LFP_BENCH_MAX_THREADS];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long long sum = 0;
	int go = 0, stop = 0, ret;
	void *ctx = NULL;
	unsigned int i, started;
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000L };

	ret = sc->init(&ctx, threads);
	if (ret)
		return ret;
	if (ncpu < 1)
		ncpu = 1;
	for (started = 0; started < threads; started++) {
		w[started] = (struct worker){
			.sc = sc, .ctx = ctx, .read_pct = read_pct,
			.t = { .id = started, .nthreads = threads,
			       .rng = started + 1 },
			.cpu = started % ncpu, .go = &go, .stop = &stop };
		ret = -pthread_create(&w[started].tid, NULL, worker_fn,
				      &w[started]);
		if (ret)
			break;
	}
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	if (!ret)
		while (nanosleep(&d, &d) && errno == EINTR)
			;
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	*ops = 0;
	for (i = 0; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		*ops += w[i].ops;
		sum += lfp_bench_ps_per_op(w[i].ns, w[i].ops);
	}
	sc->cleanup(ctx);
	*ps = started ? sum / started : 0;
	return ret;
}

static int run_point(const struct lfp_bench_scenario *sc, unsigned int threads,
		     unsigned int read_pct, unsigned int ms, unsigned int runs)
{
	unsigned long long ps[LFP_BENCH_MAX_RUNS], ops[LFP_BENCH_MAX_RUNS];
	unsigned long long sorted[LFP_BENCH_MAX_RUNS], med, warm_ps, warm_ops;
	char line[LFP_BENCH_LINE_MAX];
	unsigned int i;
	int ret;

	/* Warm-up: caches, allocator, RCU registration; not reported. */
	ret = run_once(sc, threads, read_pct, ms < 20 ? ms : 20, &warm_ps,
		       &warm_ops);
	for (i = 0; !ret && i < runs; i++)
		ret = run_once(sc, threads, read_pct, ms, &ps[i], &ops[i]);
	if (ret) {
		fprintf(stderr, "lfprim-bench: %s threads=%u: %s\n", sc->name,
			threads, strerror(-ret));
		return ret;
	}
	memcpy(sorted, ps, sizeof(ps[0]) * runs);
	med = lfp_bench_median(sorted, runs);
	for (i = 0; i < runs && ps[i] != med; i++)
		;
	lfp_bench_format(line, sizeof(line), "user", sc, threads, read_pct,
			 med, ops[i], runs);
	fputs(line, stdout);
	fflush(stdout);
	return 0;
}

/* ---- command line ---- */

static void print_usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: lfprim-bench [-s scenario,...|all] [-t threads,...] [-p read_pct,...]\n"
		"                    [-d duration_ms] [-r runs] [-b pcount_batch] [-l]\nscenarios:");
	for (i = 0; i < NR_SCENARIOS; i++)
		fprintf(f, " %s", scenarios[i].name);
	fprintf(f, "\n");
}

static int parse_uint(const char *s, unsigned int lo, unsigned int hi,
		      unsigned int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < (long)lo || v > (long)hi)
		return -1;
	*out = v;
	return 0;
}

/* Comma-separated list of unsigned ints in [lo, hi]; returns the count or -1. */
static int parse_list(const char *arg, unsigned int lo, unsigned int hi,
		      unsigned int *out)
{
	char *list = strdup(arg), *rest = list, *tok;
	int n = 0;

	/* strsep, not strtok: "1,,2" has an empty entry, which is an error. */
	while ((tok = strsep(&rest, ","))) {
		if (n == MAX_LIST || parse_uint(tok, lo, hi, &out[n])) {
			n = -1;
			break;
		}
		n++;
	}
	free(list);
	return n > 0 ? n : -1;
}

static void list_scenarios(void)
{
	const struct lfp_bench_scenario *sc;
	unsigned int i;

	for (i = 0; i < NR_SCENARIOS; i++) {
		sc = &scenarios[i];
		printf("%s family=%s replaces=%s read_pct=", sc->name,
		       sc->family, sc->replaces ? sc->replaces : "-");
		if (sc->read_section && sc->update_section)
			printf("mixed\n");
		else
			printf("%u\n", lfp_bench_read_pct(sc, 100));
	}
}

int main(int argc, char **argv)
{
	unsigned int threads[MAX_LIST] = { 1, 2 }, pcts[MAX_LIST] = { 100 };
	unsigned int nthreads = 2, npcts = 1, ms = 200, runs = 5;
	unsigned char want[NR_SCENARIOS];
	unsigned int i, j, k, v, pct, done_pct;
	const struct lfp_bench_scenario *sc;
	char *list, *tok, *save;
	int opt, n, fails = 0;

	memset(want, 1, sizeof(want));
	while ((opt = getopt(argc, argv, "s:t:p:d:r:b:lh")) != -1) {
		switch (opt) {
		case 's':
			if (!strcmp(optarg, "all"))
				break;
			memset(want, 0, sizeof(want));
			n = 0;
			list = strdup(optarg);
			save = list;
			while ((tok = strsep(&save, ","))) {
				sc = lfp_bench_find(scenarios, NR_SCENARIOS,
						    tok, strlen(tok));
				if (!sc) {
					fprintf(stderr, "lfprim-bench: unknown scenario '%s'\n", tok);
					print_usage(stderr);
					return 2;
				}
				want[sc - scenarios] = 1;
				n = 1;
			}
			free(list);
			if (n != 1) {
				fprintf(stderr, "lfprim-bench: empty scenario list\n");
				return 2;
			}
			break;
		case 't':
			n = parse_list(optarg, 1, LFP_BENCH_MAX_THREADS, threads);
			if (n < 0) {
				fprintf(stderr, "lfprim-bench: bad thread list '%s' (1..%u, at most %u)\n",
					optarg, LFP_BENCH_MAX_THREADS, MAX_LIST);
				return 2;
			}
			nthreads = n;
			break;
		case 'p':
			n = parse_list(optarg, 0, 100, pcts);
			if (n < 0) {
				fprintf(stderr, "lfprim-bench: bad read_pct list '%s' (0..100)\n",
					optarg);
				return 2;
			}
			npcts = n;
			break;
		case 'd':
			if (parse_uint(optarg, 1, LFP_BENCH_MAX_MS, &ms)) {
				fprintf(stderr, "lfprim-bench: bad duration '%s' (1..%u ms)\n",
					optarg, LFP_BENCH_MAX_MS);
				return 2;
			}
			break;
		case 'r':
			if (parse_uint(optarg, 1, LFP_BENCH_MAX_RUNS, &runs)) {
				fprintf(stderr, "lfprim-bench: bad runs '%s' (1..%u)\n",
					optarg, LFP_BENCH_MAX_RUNS);
				return 2;
			}
			break;
		case 'b':
			if (parse_uint(optarg, 1, LFP_PCOUNT_BATCH_MAX, &v)) {
				fprintf(stderr, "lfprim-bench: bad batch '%s'\n", optarg);
				return 2;
			}
			lfp_bench_pcount_batch = v;
			break;
		case 'l':
			list_scenarios();
			return 0;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		print_usage(stderr);
		return 2;
	}
	for (i = 0; i < NR_SCENARIOS; i++) {
		if (!want[i])
			continue;
		sc = &scenarios[i];
		for (j = 0; j < nthreads; j++) {
			done_pct = 101;
			for (k = 0; k < npcts; k++) {
				pct = lfp_bench_read_pct(sc, pcts[k]);
				/* Fixed-ratio scenarios run once. */
				if (pct != pcts[k] && pct == done_pct)
					continue;
				done_pct = pct;
				fails += !!run_point(sc, threads[j], pct, ms, runs);
			}
		}
	}
	return fails ? 1 : 0;
}
