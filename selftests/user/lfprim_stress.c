// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lfprim-stress: per primitive, rounds of its torture driver (a random
 * mix of its whole API from more threads than CPUs as often as not, with
 * threads coming and going; the .torture of its row) followed by its
 * shared cases at a random scale, with random yields and sleeps injected
 * at every relax point.  Every driver and case checks its invariants
 * exactly (exact counts, nothing torn, nothing lost or duplicated,
 * accepted + dropped == submitted, allocations == frees, no waiter left
 * behind), so a round that breaks one fails.  One verdict line per
 * primitive, then a summary; exit status 1 if any round failed.
 *
 *   lfprim-stress [-d duration] [-p primitive,...] [-t threads]
 *                 [--help] [--version]
 *
 * Long options: --duration, --primitives, --threads.  The duration takes
 * a unit (500ms, 30s, 2m; userspace/bench/duration.h); a bare number is
 * seconds.  It is shared out evenly between the primitives (default 60 s
 * in all).  -p names primitives exactly; an unknown one is an error (exit
 * status 2, as for any bad argument).  The cases run at 10 .. 100 % of the scale LFPRIM_TEST_SCALE sets
 * (percent of the default sizes, default 100).  Each round's torture runs for 50 .. 400 ms with 1 .. 2 * CPUs + 2
 * threads (-t fixes the count).  Each round runs in a child process, so a
 * crash or a hang (a round that takes more than 60 s is killed) counts as
 * a failure of that primitive rather than ending the run.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "shim.h"

#include "../cases/all.c"

#include <lfprim/backend/kstrto.h>
#include "../../userspace/bench/duration.h"

#ifndef LFPRIM_VERSION
#error "LFPRIM_VERSION: the Makefile's VERSION"
#endif

#define prims lfpt_prims

#define ROUND_LIMIT_S	60

/* Copy what a failed round wrote to stderr (its last 8 KiB). */
static void show_log(FILE *log)
{
	char buf[8192];
	long end;
	size_t n;

	fflush(log);
	end = ftell(log);
	fseek(log, end > (long)sizeof(buf) ? end - (long)sizeof(buf) : 0, SEEK_SET);
	n = fread(buf, 1, sizeof(buf), log);
	fwrite(buf, 1, n, stderr);
}

/* Operations the torture drivers ran, added up by the children. */
static long *torture_ops;

/*
 * One round of one primitive in a child: its torture driver for @ms with
 * @threads workers, then its cases at @scale percent.  Returns nonzero
 * if the round failed.
 */
static int run_round(size_t p, unsigned int scale, unsigned int ms,
		     unsigned int threads, unsigned int seed)
{
	FILE *log = tmpfile();
	char pct[16];
	int st, bad;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		if (log)
			fclose(log);
		return 1;
	}
	if (!pid) {
		/* The cases' notes go to the log, shown only on failure. */
		if (log)
			dup2(fileno(log), 2);
		long failed = 0;
		struct lfpt t;
		size_t i;

		snprintf(pct, sizeof(pct), "%u", scale);
		setenv("LFPRIM_TEST_SCALE", pct, 1);
		lfpt_stress_on = 1;
		alarm(ROUND_LIMIT_S);
		t.name = "torture";
		lfpt_atomic_set(&t.failures, 0);
		__atomic_fetch_add(torture_ops,
				   lfpt_torture_run(&t, prims[p]->torture, ms,
						    threads, seed),
				   __ATOMIC_RELAXED);
		if (lfpt_atomic_read(&t.failures))
			fprintf(stderr, "# %s torture: %u threads, %u ms, seed %u failed\n",
				prims[p]->name, threads, ms, seed);
		failed += lfpt_atomic_read(&t.failures);
		for (i = 0; i < prims[p]->ncases; i++) {
			t.name = prims[p]->cases[i].name;
			lfpt_atomic_set(&t.failures, 0);
			prims[p]->cases[i].fn(&t);
			failed += lfpt_atomic_read(&t.failures);
		}
		_exit(failed ? 1 : 0);
	}
	if (waitpid(pid, &st, 0) != pid)
		st = -1;
	bad = st == -1 || WIFSIGNALED(st) || WEXITSTATUS(st);
	if (bad) {
		fprintf(stderr, "# %s: round at scale %u failed", prims[p]->name, scale);
		if (st != -1 && WIFSIGNALED(st))
			fprintf(stderr, " (signal %d%s)", WTERMSIG(st),
				WTERMSIG(st) == SIGALRM ? ": hang" : "");
		fprintf(stderr, "; its log:\n");
		if (log)
			show_log(log);
	}
	if (log)
		fclose(log);
	return bad;
}

static void print_usage(FILE *f)
{
	size_t p;

	fprintf(f, "usage: lfprim-stress [-d duration] [-p primitive,...] [-t threads]\n"
		"                     [--help] [--version]\n"
		"  -d, --duration=TIME     in all: 500ms, 30s, 2m; a bare number is\n"
		"                          seconds (default 60s, at most 86400s)\n"
		"  -p, --primitives=LIST   primitives to stress (default all)\n"
		"  -t, --threads=N         torture threads, 1..%d (default random)\n"
		"  -h, --help              show this and exit\n"
		"      --version           show the version and exit\n"
		"primitives:", TT_MAX_THREADS);
	for (p = 0; p < LFP_ARRAY_SIZE(prims); p++)
		fprintf(f, " %s", prims[p]->name);
	fprintf(f, "\n");
}

/*
 * The primitives a comma-separated list names, as a mask of prims[];
 * 0 after naming the first unknown or empty entry on stderr.
 */
static unsigned long parse_prims(const char *arg)
{
	const char *tok = arg, *end;
	unsigned long mask = 0;
	size_t len, p;

	do {
		end = strchr(tok, ',');
		len = end ? (size_t)(end - tok) : strlen(tok);
		for (p = 0; p < LFP_ARRAY_SIZE(prims); p++)
			if (strlen(prims[p]->name) == len &&
			    !strncmp(prims[p]->name, tok, len))
				break;
		if (p == LFP_ARRAY_SIZE(prims)) {
			fprintf(stderr, "lfprim-stress: unknown primitive '%.*s' in '%s'\n",
				(int)len, tok, arg);
			return 0;
		}
		mask |= 1UL << p;
		tok = end + 1;
	} while (end);
	return mask;
}

int main(int argc, char **argv)
{
	unsigned long long end, budget;
	static const struct option longopts[] = {
		{ "duration",	required_argument,	NULL, 'd' },
		{ "primitives",	required_argument,	NULL, 'p' },
		{ "threads",	required_argument,	NULL, 't' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int seed = (unsigned int)lfpt_now_ns();
	int opt, want, total_runs = 0, total_failed = 0, prims_failed = 0;
	unsigned int ncpu = lfpt_nr_cpus(), threads = 0, nth;
	unsigned long only = ~0UL;
	unsigned long long ms = 60000;
	size_t p, nprims = 0;
	long v;
	char *e;

	_Static_assert(LFP_ARRAY_SIZE(prims) <= 8 * sizeof(only), "a mask of prims[]");
	while ((opt = getopt_long(argc, argv, "d:p:t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (lfp_tool_parse_duration(optarg, 10, 1000, 1,
						    86400 * 1000ULL, &ms)) {
				fprintf(stderr, "lfprim-stress: bad duration '%s': seconds, or with a unit (ms, s, m), 1ms .. 86400s\n",
					optarg);
				return 2;
			}
			break;
		case 'p':
			only = parse_prims(optarg);
			if (!only) {
				print_usage(stderr);
				return 2;
			}
			break;
		case 't':
			errno = 0;
			v = strtol(optarg, &e, 10);
			if (errno || *e || v < 1 || v > TT_MAX_THREADS) {
				fprintf(stderr, "lfprim-stress: threads must be 1 .. %d\n",
					TT_MAX_THREADS);
				return 2;
			}
			threads = v;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		case 'V':
			printf("lfprim-stress %s\n", LFPRIM_VERSION);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "lfprim-stress: unexpected argument '%s'\n",
			argv[optind]);
		print_usage(stderr);
		return 2;
	}
	for (p = 0; p < LFP_ARRAY_SIZE(prims); p++)
		nprims += !!(only & (1UL << p));
	torture_ops = mmap(NULL, sizeof(*torture_ops), PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (torture_ops == MAP_FAILED) {
		perror("lfprim-stress: mmap");
		return 2;
	}
	budget = ms * 1000000ULL / nprims;
	for (p = 0; p < LFP_ARRAY_SIZE(prims); p++) {
		int runs = 0, failed = 0;
		unsigned int most = 0;

		want = !!(only & (1UL << p));
		if (!want)
			continue;
		*torture_ops = 0;
		end = lfpt_now_ns() + budget;
		do {
			/* More threads than CPUs about half the time. */
			nth = threads ? threads : 1 + lfpt_rand(&seed) % (2 * ncpu + 2);
			if (nth > TT_MAX_THREADS)
				nth = TT_MAX_THREADS;
			most = nth > most ? nth : most;
			/* 10 % .. 100 % of the sizes LFPRIM_TEST_SCALE sets. */
			failed += run_round(p, lfpt_scale(10 + lfpt_rand(&seed) % 91),
					    50 + lfpt_rand(&seed) % 351, nth,
					    lfpt_rand(&seed));
			runs++;
		} while (lfpt_now_ns() < end);
		printf("lfprim-stress: %-8s %s rounds=%d failed=%d torture_ops=%ld max_threads=%u cpus=%u\n",
		       prims[p]->name, failed ? "FAIL" : "PASS", runs, failed,
		       *torture_ops, most, ncpu);
		fflush(stdout);
		total_runs += runs;
		total_failed += failed;
		prims_failed += !!failed;
	}
	printf("lfprim-stress: %zu primitives, %d rounds, %d failed rounds, verdict %s\n",
	       nprims, total_runs, total_failed, prims_failed ? "FAIL" : "PASS");
	return prims_failed ? 1 : 0;
}
