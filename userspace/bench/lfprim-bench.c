// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-bench: cost per operation of each lfprim primitive and of the
 * heavier primitive it replaces, in user space.  The scenarios, the
 * measured loop and the driver are the ones the in-kernel runner uses
 * (include/lfprim/core/bench.h, include/lfprim/core/bench/); this file
 * adds the rows only user space has and runs the scenarios on pthreads.
 *
 *   lfprim-bench [-s scenario,...|all] [-t threads,...] [-p read_pct,...]
 *                [-d duration] [-r runs] [-b pcount_batch] [-u sflight_us]
 *                [-l] [-P] [--help] [--version]
 *
 * Each short option has a long one (--scenarios, --threads, --read-pct,
 * --duration, --runs, --batch, --sflight-us, --list, --progress).
 * Defaults: every scenario, 1 and 2 threads, read_pct 100, 200 ms, 5 runs,
 * pcount batch 1024, a slow function of 20 us in the stampede scenarios.  The
 * duration takes a unit (100ms, 5s, 1m; userspace/bench/duration.h); a
 * bare number is milliseconds.  Each point is one untimed warm-up run and
 * -r timed runs of -d with the threads pinned one per CPU; the median run
 * is printed, with the fastest and the slowest run, as
 *
 *   lfprim-bench world=user scenario=snap-read threads=2 read_pct=100 ns_per_op=1.90 ops=... runs=5 min=1.85 max=2.10
 *
 * A scenario with a single section runs once per thread count at its
 * fixed read_pct whatever -p says.  -l lists the scenarios, one per line:
 * name, family, the baseline it replaces, and its read_pct ("mixed" when
 * it takes one).  -P prints progress on stderr, at the start, every 10 s
 * and at the end ("lfprim-bench: progress 12/222 points, 31 s").
 * Arguments are parsed as the in-kernel runner parses its sysfs files
 * (include/lfprim/core/parse.h): no spaces, base 10 in lists, a number
 * out of range is an error.  Exit status 2 on bad arguments
 * (an unknown option or scenario included), 1 if a scenario failed.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <urcu/rculfhash.h>

#include <lfprim/backend/bench.h>
#include <lfprim/backend/kstrto.h>
#include <lfprim/core/parse.h>
#include <lfprim/core/bench/all.h>

#include "duration.h"
#include "pcount_rows.h"

#ifndef LFPRIM_VERSION
#error "LFPRIM_VERSION: the Makefile's VERSION"
#endif

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

static int sharded_init(void **ctx, const struct lfp_bench_args *args)
{
	struct bench_sharded *s;
	unsigned int i;

	if (posix_memalign((void **)&s, LFP_CACHELINE,
			   sizeof(*s) + args->nthreads * sizeof(s->shard[0])))
		return -ENOMEM;
	s->n = args->nthreads;
	for (i = 0; i < s->n; i++) {
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

/*
 * The mechanism under pcount-add: one relaxed add to this thread's own
 * slot, alone on its cache line.  The slot has one writer, so the add is
 * a relaxed load and a relaxed store, not a locked read-modify-write: as
 * pcount's own slot, and as the kernel's this_cpu_inc() (this-cpu-add).
 * pcount-add's ns/op over this one is what pcount adds (its slot lookup,
 * its fold check).
 */
struct bench_padded_slot {
	_Alignas(LFP_CACHELINE) unsigned long v;
};

static int slot_init(void **ctx, const struct lfp_bench_args *args)
{
	void *s;

	if (posix_memalign(&s, LFP_CACHELINE,
			   args->nthreads * sizeof(struct bench_padded_slot)))
		return -ENOMEM;
	memset(s, 0, args->nthreads * sizeof(struct bench_padded_slot));
	*ctx = s;
	return 0;
}

static void slot_add(void *ctx, struct lfp_bench_thread *t, unsigned long loops)
{
	struct bench_padded_slot *s = &((struct bench_padded_slot *)ctx)[t->id];

	while (loops--)
		__atomic_store_n(&s->v, __atomic_load_n(&s->v, __ATOMIC_RELAXED) + 1,
				 __ATOMIC_RELAXED);
}

static void free_cleanup(void *ctx)
{
	free(ctx);
}

/*
 * liburcu's resizable RCU table as a peer of rmap-lookup (which has a
 * table of its own, see rcu-table-lookup): a bare cds_lfht_lookup() in
 * its own urcu-memb read-side section, on a table made as rmap once made
 * its own on it (urcu-memb flavour, auto-resize, the same 4096 keys, a
 * 64-bit mixing hash) and keys drawn as rmap-lookup draws them.
 */
struct bench_lfht_node {
	struct cds_lfht_node node;
	unsigned long long key;
	unsigned long value;
};

struct bench_lfht {
	struct cds_lfht *ht;
	struct bench_lfht_node node[LFP_BENCH_MAP_KEYS];
};

static unsigned long lfht_hash(unsigned long long k)
{
	k ^= k >> 30;
	k *= 0xbf58476d1ce4e5b9ULL;
	k ^= k >> 27;
	k *= 0x94d049bb133111ebULL;
	k ^= k >> 31;
	return (unsigned long)k;
}

static int lfht_match(struct cds_lfht_node *node, const void *key)
{
	return caa_container_of(node, struct bench_lfht_node, node)->key ==
	       *(const unsigned long long *)key;
}

static int lfht_init(void **ctx, const struct lfp_bench_args *args)
{
	struct bench_lfht *h = lfpb_alloc(sizeof(*h));
	unsigned long long k;

	if (!h)
		return -ENOMEM;
	h->ht = cds_lfht_new_flavor(64, 64, 0,
				    CDS_LFHT_AUTO_RESIZE | CDS_LFHT_ACCOUNTING,
				    &urcu_memb_flavor, NULL);
	if (!h->ht) {
		lfpb_free(h);
		return -ENOMEM;
	}
	/* lfp_snap_read_lock() registers this thread with urcu-memb. */
	lfp_snap_read_lock();
	for (k = 0; k < LFP_BENCH_MAP_KEYS; k++) {
		h->node[k].key = k;
		h->node[k].value = k;
		cds_lfht_node_init(&h->node[k].node);
		cds_lfht_add(h->ht, lfht_hash(k), &h->node[k].node);
	}
	lfp_snap_read_unlock();
	*ctx = h;
	return 0;
}

/* After every thread of the run has finished: no reader is left. */
static void lfht_cleanup(void *ctx)
{
	struct bench_lfht *h = ctx;
	unsigned int k;

	lfp_snap_read_lock();
	for (k = 0; k < LFP_BENCH_MAP_KEYS; k++)
		cds_lfht_del(h->ht, &h->node[k].node);
	lfp_snap_read_unlock();
	/* Outside any read-side section, as liburcu asks. */
	cds_lfht_destroy(h->ht, NULL);
	lfpb_free(h);
}

static void lfht_lookup(void *ctx, struct lfp_bench_thread *t,
			unsigned long loops)
{
	struct bench_lfht *h = ctx;
	struct cds_lfht_node *n;
	struct cds_lfht_iter iter;
	unsigned long long k;
	unsigned long acc = 0;

	while (loops--) {
		k = lfp_bench_rand(t) % LFP_BENCH_MAP_KEYS;
		urcu_memb_read_lock();
		cds_lfht_lookup(h->ht, lfht_hash(k), lfht_match, &k, &iter);
		n = cds_lfht_iter_get_node(&iter);
		if (n)
			acc += caa_container_of(n, struct bench_lfht_node,
						node)->value;
		urcu_memb_read_unlock();
	}
	t->acc += acc;
}

static const struct lfp_bench_scenario bench_sc_slot_add = {
	.name		= "slot-add",
	.family		= "floor",
	.init		= slot_init,
	.update_section	= slot_add,
	.cleanup	= free_cleanup,
};

static const struct lfp_bench_scenario bench_sc_lfht_lookup = {
	.name		= "lfht-lookup",
	.family		= "floor",
	.init		= lfht_init,
	.read_section	= lfht_lookup,
	.cleanup	= lfht_cleanup,
};

#include "ring_rows.h"
#include "handoff_rows.h"

static const struct lfp_bench_scenario bench_sc_sharded_rwlock_read = {
	.name		= "sharded-rwlock-read",
	.family		= "read",
	.init		= sharded_init,
	.read_section	= sharded_read,
	.update_section	= sharded_update,
	.cleanup	= sharded_cleanup,
};

/* The rows only user space has, after the shared ones. */
static const struct lfp_bench_scenario *const own[] = {
	&bench_sc_pcount_add_percpu,
	&bench_sc_pcount_add_thread,
	&bench_sc_sharded_rwlock_read,
	&bench_sc_slot_add,
	&bench_sc_cpu_add,
	&bench_sc_cpu_add_bounded,
	&bench_sc_lfht_lookup,
	&bench_sc_ring_push,
	&bench_sc_ring_push4,
	&bench_sc_handoff4,
};

#define NR_SCENARIOS ((unsigned int)(LFP_ARRAY_SIZE(lfp_bench_all) + LFP_ARRAY_SIZE(own)))
_Static_assert(LFP_ARRAY_SIZE(lfp_bench_all) + LFP_ARRAY_SIZE(own) <= LFP_BENCH_MAX_SCENARIOS,
	       "a scenario mask has 64 bits");

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

/* The world's run hook: one run of @p on pinned pthreads. */
static int run_once(const struct lfp_bench_point *p, unsigned int ms,
		    unsigned long long *ps, unsigned long long *ops,
		    unsigned long long *calls)
{
	static struct worker w[LFP_BENCH_MAX_THREADS];
	const struct lfp_bench_scenario *sc = p->sc;
	unsigned int threads = p->args.nthreads;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long long sum = 0;
	int go = 0, stop = 0, ret;
	void *ctx = NULL;
	unsigned int i, started;
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000L };

	ret = sc->init(&ctx, &p->args);
	if (ret)
		return ret;
	if (ncpu < 1)
		ncpu = 1;
	for (started = 0; started < threads; started++) {
		w[started] = (struct worker){
			.sc = sc, .ctx = ctx, .read_pct = p->read_pct,
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
	*calls = 0;
	for (i = 0; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		*ops += w[i].ops;
		*calls += w[i].t.calls;
		sum += lfp_bench_ps_per_op(w[i].ns, w[i].ops);
	}
	sc->cleanup(ctx);
	*ps = started ? sum / started : 0;
	return ret;
}

static unsigned int fails;

/* -P: points in the walk, points begun, and when progress was last shown. */
static struct {
	int on;
	int total;
	int begun;
	unsigned long long t0, last;
} progress;

#define PROGRESS_EVERY_NS	10000000000ULL

static void progress_show(int done)
{
	unsigned long long now = now_ns();

	progress.last = now;
	fprintf(stderr, "lfprim-bench: progress %d/%d points, %llu s\n", done,
		progress.total, (now - progress.t0) / 1000000000ULL);
}

/* A point is about to be measured: show progress every 10 s. */
static void point_begin(const struct lfp_bench_point *p)
{
	if (progress.on && now_ns() - progress.last >= PROGRESS_EVERY_NS)
		progress_show(progress.begun);
	progress.begun++;
}

/* A point is measured: print its line; a failure is counted, not fatal. */
static int point_end(const struct lfp_bench_point *p, int err)
{
	if (err) {
		fprintf(stderr, "lfprim-bench: %s threads=%u: %s\n", p->sc->name,
			p->args.nthreads, strerror(-err));
		fails++;
		return 0;
	}
	fputs(p->line, stdout);
	fflush(stdout);
	return 0;
}

static struct lfp_bench_world world = {
	.name = "user",
	.shared = lfp_bench_all,
	.nshared = LFP_ARRAY_SIZE(lfp_bench_all),
	.own = own,
	.nown = LFP_ARRAY_SIZE(own),
	.pcount_batch = LFP_PCOUNT_BATCH_DEFAULT,	/* -b */
	.run = run_once,
	.begin = point_begin,
	.end = point_end,
};

/* ---- command line ---- */

static void print_usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: lfprim-bench [-s scenario,...|all] [-t threads,...] [-p read_pct,...]\n"
		"                    [-d duration] [-r runs] [-b pcount_batch] [-u sflight_us]\n"
		"                    [-l] [-P] [--help] [--version]\n"
		"  -s, --scenarios=LIST   scenarios to run, or all (default all)\n"
		"  -t, --threads=LIST     thread counts, 1..%u (default 1,2)\n"
		"  -p, --read-pct=LIST    read percentages, 0..100 (default 100)\n"
		"  -d, --duration=TIME    each run: 100ms, 5s, 1m; a bare number is\n"
		"                         milliseconds (default 200ms, at most 60s)\n"
		"  -r, --runs=N           timed runs per point, 1..%u (default 5)\n"
		"  -b, --batch=N          pcount batch, 1..%u (default %u)\n"
		"  -u, --sflight-us=N     the stampede's slow function, 1..%u us (default %u)\n"
		"  -l, --list             list the scenarios and exit\n"
		"  -P, --progress         points done on stderr, every 10 s\n"
		"  -h, --help             show this and exit\n"
		"      --version          show the version and exit\n"
		"scenarios:", LFP_BENCH_MAX_THREADS, LFP_BENCH_MAX_RUNS,
		LFP_PCOUNT_BATCH_MAX, LFP_PCOUNT_BATCH_DEFAULT,
		LFP_BENCH_MAX_SFLIGHT_US, LFP_BENCH_SFLIGHT_US_DEFAULT);
	for (i = 0; i < NR_SCENARIOS; i++)
		fprintf(f, " %s", lfp_bench_at(&world, i)->name);
	fprintf(f, "\n");
}

static void list_scenarios(void)
{
	const struct lfp_bench_scenario *sc;
	unsigned int i;

	for (i = 0; i < NR_SCENARIOS; i++) {
		sc = lfp_bench_at(&world, i);
		printf("%s family=%s replaces=%s read_pct=", sc->name,
		       sc->family, sc->replaces ? sc->replaces : "-");
		if (sc->read_section && sc->update_section)
			printf("mixed\n");
		else
			printf("%u\n", lfp_bench_read_pct(sc, 100));
	}
}

/* A bad argument: say why, exit status 2. */
static int bad_arg(const char *what, const char *arg, int err,
		   unsigned int lo, unsigned int hi)
{
	fprintf(stderr, "lfprim-bench: bad %s '%s': %s (%u..%u)\n", what, arg,
		err == -ERANGE ? "out of range" : "malformed", lo, hi);
	return 2;
}

/* A bad scenario list: name the first unknown scenario, exit status 2. */
static int bad_scenarios(const char *arg)
{
	const char *tok = arg, *end;
	size_t len;

	do {
		end = strchr(tok, ',');
		len = end ? (size_t)(end - tok) : strlen(tok);
		if (lfp_bench_find(&world, tok, len) < 0)
			break;
		tok = end + 1;
	} while (end);
	fprintf(stderr, "lfprim-bench: unknown scenario '%.*s' in '%s'\n",
		(int)len, tok, arg);
	print_usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct lfp_bench_cfg cfg = {
		.scenarios = (1ULL << NR_SCENARIOS) - 1,
		.threads = { 1, 2 }, .nthreads = 2,
		.read_pct = { 100 }, .npct = 1,
		.duration_ms = 200, .runs = 5,
		.sflight_us = LFP_BENCH_SFLIGHT_US_DEFAULT,
	};
	static const struct option longopts[] = {
		{ "scenarios",	required_argument,	NULL, 's' },
		{ "threads",	required_argument,	NULL, 't' },
		{ "read-pct",	required_argument,	NULL, 'p' },
		{ "duration",	required_argument,	NULL, 'd' },
		{ "runs",	required_argument,	NULL, 'r' },
		{ "batch",	required_argument,	NULL, 'b' },
		{ "sflight-us",	required_argument,	NULL, 'u' },
		{ "list",	no_argument,		NULL, 'l' },
		{ "progress",	no_argument,		NULL, 'P' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct lfp_bench_point point;
	unsigned long long ms;
	char *tmp;
	unsigned int i;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "s:t:p:d:r:b:u:lPh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 's':
			tmp = malloc(strlen(optarg) + 1);
			if (!tmp)
				return 2;
			ret = lfp_bench_parse_scenarios_in(&world, optarg, tmp,
							   strlen(optarg) + 1,
							   &cfg.scenarios);
			free(tmp);
			if (ret)
				return bad_scenarios(optarg);
			break;
		case 't':
			ret = lfp_parse_uint_list(optarg, 1, LFP_BENCH_MAX_THREADS,
						  cfg.threads, LFP_BENCH_MAX_LIST,
						  &cfg.nthreads);
			if (ret)
				return bad_arg("thread list", optarg, ret, 1,
					       LFP_BENCH_MAX_THREADS);
			break;
		case 'p':
			ret = lfp_parse_uint_list(optarg, 0, 100, cfg.read_pct,
						  LFP_BENCH_MAX_LIST, &cfg.npct);
			if (ret)
				return bad_arg("read_pct list", optarg, ret, 0, 100);
			break;
		case 'd':
			ret = lfp_tool_parse_duration(optarg, 0, 1, 1,
						      LFP_BENCH_MAX_MS, &ms);
			if (ret)
				return bad_arg("duration (ms, or with a unit: ms, s, m)",
					       optarg, ret, 1, LFP_BENCH_MAX_MS);
			cfg.duration_ms = ms;
			break;
		case 'r':
			ret = lfp_parse_uint(optarg, 1, LFP_BENCH_MAX_RUNS,
					     &cfg.runs);
			if (ret)
				return bad_arg("runs", optarg, ret, 1,
					       LFP_BENCH_MAX_RUNS);
			break;
		case 'b':
			ret = lfp_parse_uint(optarg, 1, LFP_PCOUNT_BATCH_MAX,
					     &world.pcount_batch);
			if (ret)
				return bad_arg("batch", optarg, ret, 1,
					       LFP_PCOUNT_BATCH_MAX);
			break;
		case 'u':
			ret = lfp_parse_uint(optarg, 1, LFP_BENCH_MAX_SFLIGHT_US,
					     &cfg.sflight_us);
			if (ret)
				return bad_arg("sflight_us", optarg, ret, 1,
					       LFP_BENCH_MAX_SFLIGHT_US);
			break;
		case 'l':
			list_scenarios();
			return 0;
		case 'P':
			progress.on = 1;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("lfprim-bench %s\n", LFPRIM_VERSION);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "lfprim-bench: unexpected argument '%s'\n",
			argv[optind]);
		print_usage(stderr);
		return 2;
	}
	for (i = 0; i < NR_SCENARIOS; i++)
		if ((cfg.scenarios >> i & 1) &&
		    !strncmp(lfp_bench_at(&world, i)->name, "pcount-add", 10)) {
			pcount_memory();
			break;
		}
	if (progress.on) {
		progress.total = lfp_bench_walk(&world, &cfg, NULL);
		progress.t0 = now_ns();
		progress_show(0);
	}
	lfp_bench_walk(&world, &cfg, &point);
	if (progress.on)
		progress_show(progress.begun);
	return fails ? 1 : 0;
}
